"""Where participants go: the app's base address, the join link and a QR code for the projector, and a
red warning when that address is one no phone can open."""

from __future__ import annotations

import html
import io
import os
import socket

import segno
import streamlit as st

from dia_scan.core.addresses import host_of, is_local, short_address
from dia_scan.core.records import Round
from dia_scan.quickscan import languages, rounds

FALLBACK_BASE_URL = "http://127.0.0.1:8501"


def base_url(page_path: str) -> str:
    """The app's address without the page: DIA_SCAN_BASE_URL, else the address in the browser (the URL
    of the page, else the Host header of its request), else local.

    ``page_path`` is the url path of the page that asks (``st.context.url`` ends with it).
    """
    configured = os.environ.get("DIA_SCAN_BASE_URL", "").strip()
    if configured:
        return configured.rstrip("/")
    url = _context("url")
    if url:
        url = url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
        suffix = "/" + page_path.strip("/")
        return url[: -len(suffix)] if url.endswith(suffix) else url
    headers = _context("headers") or {}
    host = headers.get("X-Forwarded-Host") or headers.get("Host")
    if host:
        return f"{headers.get('X-Forwarded-Proto') or 'http'}://{host.split(',')[0].strip()}"
    return FALLBACK_BASE_URL


def _context(name: str):
    try:
        return getattr(st.context, name)
    except Exception:  # outside a browser session (tests, bare mode) there is no request
        return None


def warn_if_unreachable(link: str) -> bool:
    """A red warning with the fix in one sentence when phones cannot open ``link``; True if shown."""
    if not is_local(link):
        return False
    guess = _network_address()
    example = f" (waarschijnlijk {guess})" if guess else ""
    st.error(
        f"**Telefoons kunnen dit adres niet openen:** {host_of(link) or link} is alleen deze computer. "
        f"Start de app met `HOST=0.0.0.0 make run` en open deze pagina via het netwerkadres van deze "
        f"computer{example}, of zet `DIA_SCAN_BASE_URL` op dat adres.",
        icon=":material/wifi_off:",
    )
    return True


def _network_address() -> str | None:
    """This computer's address in the local network, when Streamlit listens on every interface; a
    guess (the interface of the default route), sent nowhere."""
    listening = str(st.get_option("server.address") or "")
    if listening not in ("", "0.0.0.0", "::"):
        return None
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # a documentation address: UDP connect sends no packet
            ip = probe.getsockname()[0]
    except OSError:
        return None
    return None if is_local(f"http://{ip}") else f"http://{ip}:{st.get_option('server.port')}"


def qr_png(link: str, *, scale: int = 12) -> bytes:
    """A QR code as PNG bytes, made in memory (medium error correction survives a dusty projector)."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def show_invitation(round_row: Round, *, key: str, language: str = "nl") -> str:
    """Join code, link and QR code, large enough to read from the back of a room; returns the link.
    With ``language`` the link and QR code open the questionnaire in that language."""
    link = languages.link_in(rounds.join_link(base_url("beheren"), round_row.join_code), language)
    warn_if_unreachable(link)
    text_col, qr_col = st.columns([3, 2], gap="large")
    with text_col:
        st.markdown("Deelnemers gaan naar **Meedoen** en vullen deze code in:")
        st.title(spaced(round_row.join_code), anchor=False)
        st.markdown("Of ze openen deze link, of scannen de QR-code met hun telefoon:")
        st.code(link, language=None, wrap_lines=True)
    with qr_col:
        png = qr_png(link)
        st.image(
            png,
            caption="Scan om mee te doen",
            width="stretch",
            alt=f"QR-code met de link om mee te doen: {link}",
        )
        if st.button("Groot tonen voor de beamer", key=f"{key}_projector", icon=":material/fullscreen:"):
            _projector(round_row.join_code, link)
        st.download_button(
            "QR-code downloaden",
            png,
            file_name=f"dia-scan-{round_row.join_code}.png",
            mime="image/png",
            key=f"{key}_qr_download",
            icon=":material/download:",
        )
    return link


def join_text(join_code: str, link: str, *, size: float = 1.0) -> None:
    """ "Ga naar <short address> en vul de code in", large enough for the back of a room (``size``
    scales it). The address is the join link without scheme and code, so it is short to type over."""
    address = html.escape(short_address(link))
    code = html.escape(spaced(join_code))
    st.html(
        f"""<div class="dia-join" style="line-height:1.15">
<div style="font-size:{1.3 * size:.2f}rem">Ga naar</div>
<div class="dia-join-address" style="font-size:{2.1 * size:.2f}rem;font-weight:700;overflow-wrap:anywhere">{address}</div>
<div style="font-size:{1.3 * size:.2f}rem;margin-top:.4rem">en vul deze code in:</div>
<div class="dia-join-code" style="font-size:{3.4 * size:.2f}rem;font-weight:800;letter-spacing:.08em;white-space:nowrap">{code}</div>
</div>"""
    )


@st.dialog("Doe mee met de scan", width="large")
def _projector(join_code: str, link: str) -> None:
    warn_if_unreachable(link)
    code_col, qr_col = st.columns([3, 2], vertical_alignment="center", gap="large")
    with code_col:
        join_text(join_code, link, size=1.25)
        st.markdown("#### Of scan de QR-code met de camera van uw telefoon.")
    qr_col.image(qr_png(link, scale=16), width="stretch", alt=f"QR-code met de link om mee te doen: {link}")


def spaced(join_code: str) -> str:
    """Two blocks of four: easier to read aloud and to type over."""
    return f"{join_code[:4]} {join_code[4:]}"

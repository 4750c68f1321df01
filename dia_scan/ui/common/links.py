"""Where participants go: the app's base address, the join link and a QR code for the projector."""

from __future__ import annotations

import io
import os

import segno
import streamlit as st

from dia_scan.quickscan import languages, rounds

FALLBACK_BASE_URL = "http://127.0.0.1:8501"


def base_url(page_path: str) -> str:
    """The app's address without the page: DIA_SCAN_BASE_URL, else the browser's address, else local.

    ``page_path`` is the url path of the page that asks (``st.context.url`` ends with it).
    """
    configured = os.environ.get("DIA_SCAN_BASE_URL", "").strip()
    if configured:
        return configured.rstrip("/")
    try:
        url = st.context.url
    except Exception:  # outside a browser session (tests, bare mode) there is no URL
        url = None
    if not url:
        return FALLBACK_BASE_URL
    url = url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    suffix = "/" + page_path.strip("/")
    return url[: -len(suffix)] if url.endswith(suffix) else url


def qr_png(link: str, *, scale: int = 12) -> bytes:
    """A QR code as PNG bytes, made in memory (medium error correction survives a dusty projector)."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def show_invitation(round_row: dict, *, key: str, language: str = "nl") -> str:
    """Join code, link and QR code, large enough to read from the back of a room; returns the link.
    With ``language`` the link and QR code open the questionnaire in that language."""
    link = languages.link_in(rounds.join_link(base_url("beheren"), round_row["join_code"]), language)
    text_col, qr_col = st.columns([3, 2], gap="large")
    with text_col:
        st.markdown("Deelnemers gaan naar **Meedoen** en vullen deze code in:")
        st.title(_spaced(round_row["join_code"]), anchor=False)
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
            _projector(round_row["join_code"], link)
        st.download_button(
            "QR-code downloaden",
            png,
            file_name=f"dia-scan-{round_row['join_code']}.png",
            mime="image/png",
            key=f"{key}_qr_download",
            icon=":material/download:",
        )
    return link


@st.dialog("Doe mee met de scan", width="large")
def _projector(join_code: str, link: str) -> None:
    code_col, qr_col = st.columns([1, 1], vertical_alignment="center")
    with code_col:
        st.markdown("Ga naar **Meedoen** en vul deze code in:")
        st.title(_spaced(join_code), anchor=False)
        st.markdown("Of scan de QR-code met de camera van uw telefoon.")
    qr_col.image(qr_png(link, scale=16), width="stretch", alt=f"QR-code met de link om mee te doen: {link}")


def _spaced(join_code: str) -> str:
    # two blocks of four are easier to read aloud and to type over
    return f"{join_code[:4]} {join_code[4:]}"

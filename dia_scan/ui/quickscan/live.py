"""Blocks of the Live page: how to join (short address, code, QR) and the self-refreshing workshop panel.

Made for a 1280x720 beamer with the sidebar open: a strip with the address, the code and a small QR code
on top, the counts in one line, and the radar beside the gespreksstarters, all without scrolling
(``tests/browser/test_live_layout.py`` measures it). On a larger screen (a 1920x1080 beamer) the radar
grows with the screen's height and the gespreksstarters get larger type.

Once answering is over (closed by the trekker or past its end date) Live no longer invites anyone: no
address, code or QR code, only a line saying the scan is closed; the scores stay.
"""

from __future__ import annotations

import html
import time

import streamlit as st

from dia_scan import storage
from dia_scan.core import lifecycle
from dia_scan.core.errors import ServiceError
from dia_scan.core.lifecycle import Phase
from dia_scan.core.records import Round
from dia_scan.core.text import long_date, markdown_safe
from dia_scan.quickscan import result_view as view
from dia_scan.quickscan import rounds
from dia_scan.ui.common import access
from dia_scan.ui.common.links import base_url, join_text, qr_png, warn_if_unreachable
from dia_scan.ui.quickscan.results import radar_block

#: Seconds between two refreshes of the live panel.
LIVE_SECONDS = 3
#: The radar's height: what is left of a 720 px beamer under the strip with the code and the counts;
#: on a taller screen all that is left (the screen's height less the strip, RADAR_ROOM px).
RADAR_HEIGHT = 470
RADAR_ROOM = 250
#: Gespreksstarters on the beamer: as many as fit beside the radar on 720 px (three do not).
STARTERS = 2

#: The radar and the gespreksstarters sit side by side in a wrapping row: each has a basis width and
#: grows; on a screen too narrow for both, the gespreksstarters go under the radar (which never gets
#: narrower than about 460 px). The page starts higher and with narrower margins than other pages, to
#: leave the room to the chart. The rules target the wrapper of each keyed container (``st-key-<key>``).
_LAYOUT_CSS = """<style>
.stMainBlockContainer { padding: 2.75rem 2rem 1rem 2rem !important; }
div:has(> .st-key-live_status) { flex: 1 1 260px !important; }
div:has(> .st-key-live_chart) { flex: 3 1 460px !important; }
div:has(> .st-key-live_talk) { flex: 2 1 280px !important; }
.st-key-live_talk p { margin-bottom: .35rem; font-size: 1.15rem; line-height: 1.35; }
.st-key-live_chart [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {
  height: max(RADAR_HEIGHTpx, calc(100vh - RADAR_ROOMpx)) !important; flex: 0 0 auto !important;
}
@media (min-width: 1600px) and (min-height: 1000px) {
  .st-key-live_talk h3 { font-size: 2.1rem; }
  .st-key-live_talk p { font-size: 1.55rem; }
}
</style>""".replace("RADAR_HEIGHT", str(RADAR_HEIGHT)).replace("RADAR_ROOM", str(RADAR_ROOM))


def live_layout(round_row: Round, show_join: bool) -> None:
    """The page's layout rules, and in red first when phones cannot open the join address."""
    st.html(_LAYOUT_CSS)
    if _invites(round_row, show_join):
        warn_if_unreachable(_join_url(round_row))


def _invites(round_row: Round, show_join: bool) -> bool:
    """Whether Live shows how to join: when the trekker wants it and answering is not over."""
    return show_join and not lifecycle.is_over(round_row)


def _join_url(round_row: Round) -> str:
    return rounds.join_link(base_url("live"), round_row.join_code)


def _join_strip(round_row: Round) -> None:
    """The short address and the join code, big enough to read from the back of the room, and a QR code."""
    url = _join_url(round_row)
    with st.container(key="live_join", width="content"):
        join_text(round_row.join_code, url, size=0.8)
    st.image(qr_png(url, scale=6), width=140, alt=f"QR-code met de link om mee te doen: {url}")


def _snapshot_key(round_id: int) -> str:
    return f"_live_snapshot_{round_id}"


def current_snapshot(conn, round_row: Round, fresh: dict[str, int]) -> view.LiveSnapshot:
    """The scores for the projector: refreshed only when no single new respondent can be read off."""
    key = _snapshot_key(round_row.id)
    shown: view.LiveSnapshot | None = st.session_state.get(key)
    if shown is not None and (
        shown.counts == fresh or not view.may_replace(shown.counts, fresh, round_row.k)
    ):
        return shown
    taken = view.take_snapshot(conn, round_row)
    if shown is None or view.may_replace(shown.counts, taken.counts, round_row.k):
        st.session_state[key] = taken
        return taken
    return shown


@st.fragment(run_every=LIVE_SECONDS)
def live_panel(round_id: int, show_join: bool = True) -> None:
    """How to join, the counts per group, the radar and the gespreksstarters; reruns on its own every
    few seconds."""
    try:
        conn = storage.connect(migrate_schema=False)
    except storage.StorageError as err:
        st.error(str(err))
        return
    try:
        permit = access.permit_for(round_id)
        round_row = rounds.managed_round(conn, permit)
        counts = rounds.monitor(conn, permit)
        fresh = {row["group_id"]: row["ingediend"] for row in counts}
        snapshot = current_snapshot(conn, round_row, fresh)
    except (ServiceError, storage.StorageError) as err:
        st.error(str(err))
        return
    finally:
        conn.conn.close()

    with st.container(horizontal=True, gap="large", vertical_alignment="center", key="live_top"):
        if _invites(round_row, show_join):
            _join_strip(round_row)
        with st.container(key="live_status"):
            st.markdown(
                f"#### {markdown_safe(round_row.organisation_name)}: {markdown_safe(round_row.title)}"
            )
            _counts(counts)
            if not rounds.open_for_answers(round_row):
                st.warning(_not_open_line(round_row))
    result = snapshot.result
    row = st.container(horizontal=True, gap="large")
    chart, talk = row.container(key="live_chart"), row.container(key="live_talk")
    with chart:
        radar_block(result, "thema", font_size=16, height=None, with_table=False)  # sized by _LAYOUT_CSS
        hidden = [line for line in view.who_responded(result) if not line.shown]
        if hidden:
            st.markdown(
                "**Nog niet apart te zien:** "
                + "; ".join(f"{markdown_safe(line.label)} ({markdown_safe(line.text)})" for line in hidden)
            )
    with talk:
        st.markdown("### Gespreksstarters")
        _starters(result)
    waiting = view.pending(snapshot.counts, fresh)
    stamp = time.strftime("%H:%M:%S", time.localtime(snapshot.taken_at))
    message = f"Grafiek bijgewerkt om {stamp}."
    if waiting:
        who = "nieuwe deelnemer komt" if waiting == 1 else "nieuwe deelnemers komen"
        message += (
            f" {waiting} {who} in de grafiek zodra elke groep met nieuwe antwoorden er minstens "
            f"{round_row.k} bij heeft, zodat niemand aan één antwoord te herkennen is."
        )
    st.caption(message)


def _starters(result) -> None:
    """The statements to talk about, in a size for the beamer: where groups differ most first, else
    where a group disagrees within itself."""
    between, within = view.starters(result, limit=STARTERS)
    chosen = (between or within)[:STARTERS]
    if not chosen:
        st.write("Nog geen gespreksstarters: daarvoor zijn antwoorden van meer deelnemers nodig.")
        return
    for starter in chosen:
        with st.container(border=True):
            st.markdown(f"**{markdown_safe(starter.text)}**")
            st.markdown(markdown_safe(starter.detail))


def _not_open_line(round_row: Round) -> str:
    """Why no answers come in now, for the room (not the participant's message)."""
    current = lifecycle.phase(round_row)
    if current is Phase.CLOSED:
        return f"De scan is gesloten op {long_date(round_row.closed_at)}. Er komen geen antwoorden meer bij."
    if current is Phase.ENDED:
        return (
            f"De scan is gesloten: meedoen kon tot en met {long_date(round_row.period_end)}. "
            "Er komen geen antwoorden meer bij."
        )
    if current is Phase.NOT_STARTED:
        return f"De scan gaat open op {long_date(round_row.period_start)}. Nu kan nog niemand antwoorden."
    return "De scan staat nog niet open. Zet hem open op Scan beheren; nu kan nog niemand antwoorden."


def _counts(counts: list[dict]) -> None:
    """Submitted per group in one line (busy ones beside it): the height goes to the chart."""
    total = sum(row["ingediend"] for row in counts)
    parts = []
    for row in counts:
        busy = max(row["gestart"] - row["ingediend"], 0)
        extra = f' <span style="opacity:.65">({busy} bezig)</span>' if busy else ""
        parts.append(f"{html.escape(row['group'])} <b>{row['ingediend']}</b>{extra}")
    st.html(
        f'<div class="dia-live-counts" style="font-size:1.2rem"><b>{total} ingevuld</b> &nbsp;·&nbsp; '
        + " &nbsp;·&nbsp; ".join(parts)
        + "</div>"
    )

"""Blocks of the Live page: how to join (code, QR, link) and the self-refreshing workshop panel."""

from __future__ import annotations

import time

import streamlit as st

from dia_scan import storage
from dia_scan.core.errors import ServiceError
from dia_scan.core.text import markdown_safe
from dia_scan.quickscan import result_view as view
from dia_scan.quickscan import rounds
from dia_scan.ui.common import access
from dia_scan.ui.common.links import base_url, qr_png
from dia_scan.ui.quickscan.results import radar_block, starters_block

#: Seconds between two refreshes of the live panel.
LIVE_SECONDS = 3


#: How the Live page's blocks share the width. Streamlit cannot tell the page how wide the screen is, so
#: the blocks sit in wrapping rows: each has a basis width and grows; a block that does not fit goes to
#: the next row. On a wide screen the join code, the radar and the gespreksstarters sit side by side;
#: narrower, the gespreksstarters go under the radar; narrower still (a laptop with the sidebar open),
#: the join code goes above it, laid out in a row. So the radar never gets narrower than about 480 px.
#: The rules target the wrapper of each keyed container (``st-key-<key>``); without them the blocks
#: would simply share one row.
_LAYOUT_CSS = """<style>
div:has(> .st-key-live_join) { flex: 1 1 300px !important; }
div:has(> .st-key-live_panel) { flex: 1000 1 520px !important; }
div:has(> .st-key-live_code) { flex: 1 1 280px !important; }
div:has(> .st-key-live_chart) { flex: 3 1 480px !important; }
div:has(> .st-key-live_talk) { flex: 2 1 300px !important; }
</style>"""


def live_layout(show_join: bool) -> tuple:
    """The join block (None when folded away) and the panel block of the Live page, in a wrapping row."""
    st.html(_LAYOUT_CSS)
    row = st.container(horizontal=True, gap="large")
    join = row.container(key="live_join") if show_join else None
    return join, row.container(key="live_panel")


def join_panel(round_row: dict) -> None:
    """The join code, a QR code and the link, big enough to read from the back of the room. Stacked in a
    narrow column beside the chart, side by side when the block has the whole width."""
    code = round_row["join_code"]
    url = rounds.join_link(base_url("live"), code)
    with st.container(horizontal=True):
        with st.container(key="live_code"):
            st.markdown("### Doe mee")
            st.markdown("Ga naar **Meedoen** en vul deze code in:")
            # two blocks of four, as on the Scan beheren page: easier to read aloud and to type over
            st.title(f"{code[:4]} {code[4:]}", anchor=False)
            st.code(url, language=None, wrap_lines=True)
        st.image(
            qr_png(url),
            width=280,
            caption="Of scan deze QR-code met de camera van uw telefoon",
            alt=f"QR-code met de link om mee te doen: {url}",
        )


def _snapshot_key(round_id: int) -> str:
    return f"_live_snapshot_{round_id}"


def current_snapshot(conn, round_row: dict, fresh: dict[str, int]) -> view.LiveSnapshot:
    """The scores for the projector: refreshed only when no single new respondent can be read off."""
    key = _snapshot_key(round_row["id"])
    shown: view.LiveSnapshot | None = st.session_state.get(key)
    if shown is not None and (
        shown.counts == fresh or not view.may_replace(shown.counts, fresh, round_row["k"])
    ):
        return shown
    taken = view.take_snapshot(conn, round_row)
    if shown is None or view.may_replace(shown.counts, taken.counts, round_row["k"]):
        st.session_state[key] = taken
        return taken
    return shown


@st.fragment(run_every=LIVE_SECONDS)
def live_panel(round_id: int) -> None:
    """Counts per group, the radar and the gespreksstarters; reruns on its own every few seconds."""
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

    if not rounds.open_for_answers(round_row):
        st.warning("Deze scan is niet open: er kunnen nu geen antwoorden bij komen.")
    _counts(counts)
    result = snapshot.result
    row = st.container(horizontal=True, gap="large")
    chart, talk = row.container(key="live_chart"), row.container(key="live_talk")
    with chart:
        st.markdown("### Scores per thema")
        radar_block(result, "thema", font_size=20, height=640, with_table=False)
        hidden = [line for line in view.who_responded(result) if not line.shown]
        if hidden:
            st.markdown(
                "**Nog niet apart te zien:** "
                + "; ".join(f"{markdown_safe(line.label)} ({markdown_safe(line.text)})" for line in hidden)
            )
    with talk:
        st.markdown("### Gespreksstarters")
        starters_block(result, limit=3, big=True)
    waiting = view.pending(snapshot.counts, fresh)
    stamp = time.strftime("%H:%M:%S", time.localtime(snapshot.taken_at))
    message = f"Grafiek bijgewerkt om {stamp}."
    if waiting:
        who = "nieuwe deelnemer komt" if waiting == 1 else "nieuwe deelnemers komen"
        message += (
            f" {waiting} {who} in de grafiek zodra elke groep met nieuwe antwoorden er minstens "
            f"{round_row['k']} bij heeft, zodat niemand aan één antwoord te herkennen is."
        )
    st.caption(message)


def _counts(counts: list[dict]) -> None:
    total = sum(row["ingediend"] for row in counts)
    columns = st.columns(len(counts) + 1)
    with columns[0]:
        st.metric("Ingevuld", total, border=True)
    for column, row in zip(columns[1:], counts, strict=True):
        busy = max(row["gestart"] - row["ingediend"], 0)
        with column:
            st.metric(
                row["group"],
                row["ingediend"],
                border=True,
                delta=f"{busy} bezig" if busy else None,
                delta_color="off",
                delta_arrow="off",
            )

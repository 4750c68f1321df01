"""Managing a round the facilitator has opened: open/close, results for participants, live monitor."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from .. import rounds, storage
from ..rounds import ServiceError
from . import access
from .answer_text import plain
from .setup_links import show_invitation

MONITOR_SECONDS = 5


def show(conn, catalog, round_row: dict) -> None:
    rid = round_row["id"]
    st.subheader(plain(f"{round_row['organisation_name']}: {round_row['title']}"))
    instrument = catalog.instruments.get(round_row["instrument_id"])
    details = [instrument.title if instrument else round_row["instrument_id"]]
    period = " t/m ".join(_nl_date(d) for d in (round_row["period_start"], round_row["period_end"]) if d)
    if period:
        details.append(period)
    details.append(f"anonimiteitsgrens k = {round_row['k']}")
    st.caption(" · ".join(details))

    with st.container(border=True):
        is_open = rounds.open_for_answers(round_row)
        st.toggle(
            "Gepubliceerd: deelnemers kunnen antwoorden",
            value=is_open,
            key=f"m{rid}_published",
            on_change=_set_published,
            args=(rid, f"m{rid}_published"),
        )
        if is_open:
            st.caption("De scan staat open. Zet de schakelaar uit om hem te sluiten.")
        elif round_row["closed_at"]:
            st.caption(
                "De scan is gesloten. Deelnemers kunnen niet meer antwoorden. U kunt hem weer openzetten."
            )
        else:
            st.caption("De scan staat nog dicht. Zet de schakelaar aan als deelnemers mogen beginnen.")
        st.toggle(
            "Deelnemers mogen de resultaten zien na sluiten",
            value=bool(round_row["results_for_participants"]),
            key=f"m{rid}_results",
            on_change=_set_results,
            args=(rid, f"m{rid}_results"),
        )
        message = st.session_state.pop("setup_manage_error", None)
        if message:
            st.error(message)

    st.markdown("#### Wie heeft meegedaan?")
    _monitor(rid)

    st.markdown("#### Deelnemers uitnodigen")
    show_invitation(round_row, key=f"m{rid}")

    custom = round_row.get("custom_questions") or []
    if custom:
        with st.expander(f"Eigen vragen ({len(custom)})"):
            for question in custom:
                kind = "Stelling" if question["kind"] == "stelling" else "Open vraag"
                st.text(f"{kind}: {question['text']}")


@st.fragment(run_every=MONITOR_SECONDS)
def _monitor(round_id: int) -> None:
    """Started and submitted per group; refreshes itself while the page is open."""
    try:
        conn = storage.connect()
        try:
            permit = access.permit_for(round_id)
            row = rounds.managed_round(conn, permit)
            counts = rounds.monitor(conn, permit)
        finally:
            conn.close()
    except (ServiceError, storage.StorageError) as err:
        st.error(str(err))
        return
    if row is None:
        return
    submitted = sum(c["ingediend"] for c in counts)
    started = sum(c["gestart"] for c in counts)
    cols = st.columns(2)
    cols[0].metric("Ingevuld", submitted)
    cols[1].metric("Begonnen, nog niet verstuurd", started - submitted)
    table = pd.DataFrame(
        [{"Groep": c["group"], "Begonnen": c["gestart"], "Ingevuld": c["ingediend"]} for c in counts]
    )
    st.dataframe(table, hide_index=True, width="stretch")
    small = [c["group"] for c in counts if c["ingediend"] < row["k"]]
    if small:
        st.caption(
            f"Minder dan {row['k']} ingevuld: {', '.join(small)}. Zo'n groep wordt in de resultaten "
            "niet apart getoond (anonimiteit)."
        )
    st.caption(f"Bijgewerkt om {datetime.now():%H:%M:%S}. Ververst elke {MONITOR_SECONDS} seconden.")


def _set_published(round_id: int, key: str) -> None:
    _update(rounds.set_published, round_id, bool(st.session_state.get(key)))


def _set_results(round_id: int, key: str) -> None:
    _update(rounds.set_results_for_participants, round_id, bool(st.session_state.get(key)))


def _update(action, round_id: int, value: bool) -> None:
    try:
        conn = storage.connect()
        try:
            action(conn, access.permit_for(round_id), value)
        finally:
            conn.close()
    except (ServiceError, storage.StorageError) as err:
        st.session_state["setup_manage_error"] = str(err)


def _nl_date(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).strftime("%d-%m-%Y")
    except ValueError:
        return iso

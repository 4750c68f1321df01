"""Resultaten: the outcome of a Quick Scan round, for the facilitator or (when allowed) participants.

Facilitators open a round with its deelnamecode and beheercode. Participants reach the page with
``?code=DEELNAMECODE`` and see the results read-only, but only after the round is closed and only if
the facilitator allowed it.
"""

import streamlit as st

from dia_scan.core.errors import ServiceError
from dia_scan.core.lifecycle import is_over
from dia_scan.core.records import Round
from dia_scan.core.text import markdown_safe, period_text
from dia_scan.quickscan import result_view as view
from dia_scan.quickscan.report_tables import status_text
from dia_scan.quickscan.results import build_round_report
from dia_scan.quickscan.rounds import find_round
from dia_scan.ui.common import access
from dia_scan.ui.common.agenda import agenda_overview
from dia_scan.ui.common.context import catalog, db, friendly_errors
from dia_scan.ui.common.report_downloads import report_downloads
from dia_scan.ui.quickscan.results import (
    kernwaarden_explained,
    notable_block,
    notes_block,
    perspective_picker,
    principles_note,
    radar_block,
    respondents_block,
    starters_block,
)
from dia_scan.ui.quickscan.sections import (
    advice_block,
    changes_block,
    open_answers_block,
    participants_block,
    priorities_block,
    themes_block,
)

st.title("Resultaten")
conn = db()
cat = catalog()


def participant_round() -> Round | None:
    """The round a participant asked for with ?code=, if its results are open to participants."""
    code = st.query_params.get("code")
    if not code:
        return None
    try:
        row = find_round(conn, code)
    except ServiceError as err:
        st.warning(str(err))
        return None
    if row.id in access.managed_round_ids():
        st.session_state["current_round"] = row.id
        return None
    if view.results_public(row):
        return row
    if not is_over(row):
        st.info("De uitkomsten zijn te zien als de scan gesloten is en de organisator ze heeft vrijgegeven.")
    else:
        st.info("De organisator heeft de uitkomsten van deze scan (nog) niet vrijgegeven voor deelnemers.")
    # the organiser may still log in below; fill in the code they came with
    st.session_state.setdefault("resultaten_code", row.join_code)
    return None


round_row = participant_round()
as_participant = round_row is not None
if round_row is None:
    round_row = access.require_round(conn, purpose="de uitkomsten te bekijken", key="resultaten")

with friendly_errors():
    report = build_round_report(conn, cat, round_row)
    result = report.result

    st.header(markdown_safe(f"{report.organisation.name}: {round_row.title}"), anchor=False)
    period = period_text(round_row.period_start, round_row.period_end)
    status = status_text(round_row)
    st.caption(
        markdown_safe(
            " · ".join(part for part in (report.instrument.title, period, f"status {status}") if part)
        )
    )
    if as_participant:
        st.caption("U bekijkt de uitkomsten als deelnemer. De organisator heeft ze vrijgegeven.")
    principles_note()

    overview, per_theme, priorities, opens, tips, participants = st.tabs(
        ["Overzicht", "Per thema", "Prioriteiten", "Open antwoorden", "Verbetertips", "Wie deden mee"]
    )
    with overview:
        perspective = perspective_picker("resultaten_perspective")
        st.subheader("Scores per thema" if perspective == "thema" else "Scores per kernwaarde", anchor=False)
        if perspective == "kernwaarde":
            kernwaarden_explained(report.instrument)
        radar_block(result, perspective, beside=lambda: respondents_block(result))
        changes_block(conn, report)
        if not as_participant:
            agenda_overview(conn, round_row)
        st.subheader("Opmerkelijke resultaten", anchor=False)
        notable_block(result)
        st.subheader("Gespreksstarters", anchor=False)
        starters_block(result)
        notes_block(result)
    with per_theme:
        themes_block(report)
    with priorities:
        st.subheader("Waar willen de deelnemers het eerst aan werken?", anchor=False)
        priorities_block(report)
    with opens:
        st.subheader("Open antwoorden", anchor=False)
        open_answers_block(report)
    with tips:
        st.subheader("Verbetertips", anchor=False)
        advice_block(report)
    with participants:
        st.subheader("Wie deden mee", anchor=False)
        participants_block(report)
    if not as_participant:
        st.divider()
        st.subheader("Rapport downloaden", anchor=False)
        report_downloads(conn, cat, round_row)

"""The verbeteragenda on screen: a one-click button for a verbetertip, the form to add an action, the
editor to update actions, a read-only table, and the switch that shares the participant summary.

Text that people typed is shown in tables and widgets (never as Markdown) or through ``plain``.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dia_scan import storage
from dia_scan.common import agenda
from dia_scan.core.advice import SelectedAdvice
from dia_scan.core.errors import ServiceError
from dia_scan.core.lifecycle import is_over
from dia_scan.core.model import Tip
from dia_scan.core.records import Action, Round
from dia_scan.core.text import counted, markdown_safe
from dia_scan.quickscan import feedback
from dia_scan.quickscan.results import RoundReport
from dia_scan.ui.common import access, context
from dia_scan.ui.common.context import clear_notice, page_link, rerun_with_notice, set_notice
from dia_scan.ui.common.dates import DATE_FORMAT
from dia_scan.ui.common.links import base_url
from dia_scan.ui.common.tables import edit_table, show_table

AGENDA_PAGE = "views/verbeteragenda.py"
SUMMARY_PAGE = "views/terugkoppeling.py"
_NOTICE = "agenda_notice"
NO_THEME = "(geen thema)"
EDITOR_COLUMNS = ("Status", "Wat", "Thema", "Wie", "Wanneer", "Resultaat", "Uit")


def _notice() -> None:
    context.show_notice(_NOTICE)


# -- a verbetertip in one click ------------------------------------------------------------------


def _put_tip(round_id: int, target_id: str, target_title: str, tip_title: str) -> None:
    try:
        conn = storage.connect()
        try:
            agenda.add_tip_action(conn, access.permit_for(round_id), target_id, target_title, tip_title)
        finally:
            conn.close()
    except (ServiceError, storage.StorageError) as err:
        set_notice(str(err), _NOTICE, kind="error")
    else:
        set_notice("De tip staat op de verbeteragenda.", _NOTICE)


def tip_agenda_button(
    report: RoundReport, selected: SelectedAdvice, tip: Tip, *, key: str = "tip", conn=None
) -> None:
    """ "Zet op de verbeteragenda" under a verbetertip; only for the facilitator of the round.

    Participants who look at the results never see it. Once the tip is on the agenda the button
    becomes a short confirmation with a link to the agenda page.
    """
    round_id = report.round.id
    if round_id not in access.managed_round_ids():
        return
    _notice()
    own = conn is None
    db = storage.connect() if own else conn
    try:
        on_agenda = (selected.target_id, agenda.agenda_text(tip.title)) in agenda.tips_on_agenda(db, round_id)
    finally:
        if own:
            db.close()
    if on_agenda:
        st.caption(":material/check_circle: Staat op de verbeteragenda.")
        page_link(AGENDA_PAGE, label="Naar de verbeteragenda", icon=":material/checklist:")
        return
    st.button(
        "Zet op de verbeteragenda",
        key=f"{key}_{round_id}_{selected.target_id}_{tip.id}",
        icon=":material/playlist_add:",
        on_click=_put_tip,
        args=(round_id, selected.target_id, selected.target_title, tip.title),
    )


# -- tables --------------------------------------------------------------------------------------


def _origin(action: Action, round_row: Round, titles: dict[int, str]) -> str:
    if action.round_id == round_row.id:
        return "deze ronde"
    if action.round_id is not None:
        return titles.get(action.round_id, "eerdere ronde")
    if action.assessment_id is not None:
        return "inclusiviteit-checklist"
    return "organisatie"


def _wanneer(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def agenda_frame(actions: list[Action], round_row: Round, titles: dict[int, str]) -> pd.DataFrame:
    rows = [
        {
            "id": a.id,
            "Wat": a.wat,
            "Thema": a.waarom or NO_THEME,
            "Wie": a.wie,
            "Wanneer": _wanneer(a.wanneer),
            "Status": agenda.STATUS_LABELS.get(a.status, a.status),
            "Resultaat": a.result_note,
            "Uit": _origin(a, round_row, titles),
        }
        for a in actions
    ]
    frame = pd.DataFrame(rows, columns=["id", "Wat", "Thema", "Wie", "Wanneer", "Status", "Resultaat", "Uit"])
    frame["Wanneer"] = pd.to_datetime(frame["Wanneer"])
    return frame.set_index("id")


def agenda_table(
    actions: list[Action], round_row: Round, titles: dict[int, str], *, who: bool = True
) -> None:
    """The actions read-only (participants, the results page)."""
    frame = agenda_frame(actions, round_row, titles)
    if not who:
        frame = frame.drop(columns=["Wie"])
    # a Dutch date, and an empty cell (not "None") for an action without one
    frame["Wanneer"] = frame["Wanneer"].map(lambda day: "" if pd.isna(day) else day.strftime("%d-%m-%Y"))
    show_table(
        frame,
        width="stretch",
        column_config={
            "Resultaat": st.column_config.TextColumn("Resultaat", width="large"),
            "Wat": st.column_config.TextColumn("Wat", width="large"),
        },
    )


_STATUS_BADGES = {
    "gepland": ":gray-badge[:material/schedule: Gepland]",
    "bezig": ":blue-badge[:material/autorenew: Bezig]",
    "gedaan": ":green-badge[:material/check_circle: Gedaan]",
    "gestopt": ":orange-badge[:material/block: Gestopt]",
}


def agenda_list(actions: list[Action]) -> None:
    """The actions as a short list that reads well on a phone (participants); typed text stays text."""
    for action in actions:
        with st.container(border=True):
            st.markdown(f"{_STATUS_BADGES.get(action.status, '')} {markdown_safe(action.wat)}")
            details = [action.waarom] if action.waarom else []
            if action.wanneer:
                when = _wanneer(action.wanneer)
                details.append(f"klaar: {when.strftime('%d-%m-%Y') if when else action.wanneer}")
            if details:
                st.caption(markdown_safe(" · ".join(details)))
            if action.result_note:
                st.text(f"Resultaat: {action.result_note}")


def round_titles(conn, round_row: Round) -> dict[int, str]:
    return {r.id: r.title for r in storage.list_rounds(conn, round_row.organisation_id)}


# -- editing -------------------------------------------------------------------------------------


def changes(before: pd.DataFrame, after: pd.DataFrame, themes: dict[str, str]) -> dict[int, dict]:
    """What changed in the editor, per action id, as fields for ``agenda.save_action``."""
    by_title = {title: theme_id for theme_id, title in themes.items()}
    status_by_label = {label: status for status, label in agenda.STATUS_LABELS.items()}
    out: dict[int, dict] = {}
    for action_id, row in after.iterrows():
        old = before.loc[action_id]
        fields: dict = {}
        for column, field in (("Wat", "wat"), ("Wie", "wie"), ("Resultaat", "result_note")):
            new_value = "" if pd.isna(row[column]) else str(row[column])
            old_value = "" if pd.isna(old[column]) else str(old[column])
            if new_value != old_value:
                fields[field] = new_value
        if row["Thema"] != old["Thema"]:
            title = "" if pd.isna(row["Thema"]) or row["Thema"] == NO_THEME else str(row["Thema"])
            fields["waarom"] = title
            fields["target_id"] = by_title.get(title)
        if row["Status"] != old["Status"] and row["Status"] in status_by_label:
            fields["status"] = status_by_label[row["Status"]]
        new_date = None if pd.isna(row["Wanneer"]) else pd.Timestamp(row["Wanneer"]).date().isoformat()
        old_date = None if pd.isna(old["Wanneer"]) else pd.Timestamp(old["Wanneer"]).date().isoformat()
        if new_date != old_date:
            fields["wanneer"] = new_date
        if fields:
            out[int(action_id)] = fields
    return out


def agenda_editor(conn, actions: list[Action], round_row: Round, themes: dict[str, str], *, key: str) -> None:
    """Edit the actions in a table; nothing is saved until "Wijzigingen opslaan"."""
    titles = round_titles(conn, round_row)
    before = agenda_frame(actions, round_row, titles)
    options = [NO_THEME, *themes.values()]
    options += [t for t in before["Thema"].unique().tolist() if t not in options]
    edited = edit_table(
        before,
        key=f"{key}_editor",
        width="stretch",
        num_rows="fixed",
        # status first and narrow columns, so the whole row fits next to the sidebar
        column_order=EDITOR_COLUMNS,
        column_config={
            "Status": st.column_config.SelectboxColumn(
                "Status", options=list(agenda.STATUS_LABELS.values()), required=True, width=90
            ),
            "Wat": st.column_config.TextColumn("Wat", required=True, max_chars=agenda.MAX_TEXT, width=230),
            "Thema": st.column_config.SelectboxColumn("Thema", options=options, required=True, width=140),
            "Wie": st.column_config.TextColumn("Wie", max_chars=200, width=100),
            "Wanneer": st.column_config.DateColumn("Wanneer", format=DATE_FORMAT, width=95),
            "Resultaat": st.column_config.TextColumn(
                "Resultaat", max_chars=agenda.MAX_NOTE, width=170, help="Wat heeft de actie opgeleverd?"
            ),
            "Uit": st.column_config.TextColumn(
                "Uit", disabled=True, width=110, help="Waar de actie vandaan komt"
            ),
        },
    )
    if (st.session_state.get(f"{key}_editor") or {}).get("edited_rows"):
        clear_notice(_NOTICE)  # a new change: the message about the last save goes
    if st.button("Wijzigingen opslaan", key=f"{key}_save", icon=":material/save:"):
        pending = changes(before, edited, themes)
        if not pending:
            st.info("Er is niets veranderd.")
            return
        try:
            permit = access.permit_for(round_row)
            with storage.transaction(conn):
                for action_id, fields in pending.items():
                    agenda.save_action(conn, permit, action_id, **fields)
        except ServiceError as err:
            st.error(f"Niets opgeslagen. {err}")
            return
        st.session_state.pop(f"{key}_editor", None)  # the saved edits start afresh on the new data
        rerun_with_notice(f"{counted(len(pending), 'actie', 'acties')} bijgewerkt.", _NOTICE)


def add_action_form(conn, round_row: Round, themes: dict[str, str], *, key: str = "agenda_add") -> None:
    with st.form(key, clear_on_submit=True):
        st.markdown("**Nieuwe actie**")
        wat = st.text_area("Wat gaan we doen?", max_chars=agenda.MAX_TEXT, height=80, key=f"{key}_wat")
        theme = st.selectbox(
            "Bij welk thema hoort de actie?",
            [None, *themes],
            format_func=lambda t: NO_THEME if t is None else themes[t],
            key=f"{key}_theme",
        )
        left, middle, right = st.columns(3)
        wie = left.text_input("Wie pakt het op?", max_chars=200, key=f"{key}_wie")
        wanneer = middle.date_input(
            "Wanneer is het klaar?", value=None, format=DATE_FORMAT, key=f"{key}_when"
        )
        status = right.selectbox(
            "Status", agenda.STATUSES, format_func=agenda.STATUS_LABELS.get, key=f"{key}_status"
        )
        submitted = st.form_submit_button("Actie toevoegen", type="primary", icon=":material/add:")
    if submitted:
        try:
            agenda.add_round_action(
                conn,
                access.permit_for(round_row),
                wat=wat,
                target_id=theme,
                target_title=themes.get(theme, "") if theme else "",
                wie=wie,
                wanneer=wanneer,
                status=status,
            )
        except ServiceError as err:
            st.error(str(err))
            return
        rerun_with_notice("De actie staat op de verbeteragenda.", _NOTICE)


def show_notice() -> None:
    _notice()


# -- the participant summary switch --------------------------------------------------------------


def summary_switch(conn, round_row: Round, *, key: str = "summary") -> None:
    """Share the terugkoppeling with the participants (with the join code they already have)."""
    shared = bool(round_row.summary_published)
    value = st.toggle(
        "Terugkoppeling delen met de deelnemers", value=shared, key=f"{key}_{round_row.id}_toggle"
    )
    if value != shared:
        feedback.set_summary_published(conn, access.permit_for(round_row), value)
    if value and not is_over(round_row):
        st.warning(
            "Deelnemers zien de terugkoppeling pas als de scan gesloten is. "
            "U sluit de scan op de pagina Scan beheren."
        )
    elif value:
        st.success("Gedeeld: deelnemers zien de uitkomst in het kort en deze verbeteragenda.")
    else:
        st.caption(
            "Zet de schakelaar aan om de deelnemers een korte samenvatting te laten zien: de uitkomst in "
            "het kort en deze verbeteragenda. Kleine groepen staan er nooit apart in."
        )
    st.markdown("Deelnemers komen er met deze link, met dezelfde deelnamecode als bij het invullen:")
    st.code(feedback.summary_link(base_url("verbeteragenda"), round_row.join_code), language=None)
    page_link(
        SUMMARY_PAGE,
        label="Bekijk de terugkoppeling",
        icon=":material/visibility:",
        query_params={"code": round_row.join_code},
    )


def round_heading(round_row: Round) -> None:
    st.subheader(markdown_safe(f"{round_row.organisation_name}: {round_row.title}"), anchor=False)


# -- beside the results --------------------------------------------------------------------------


def agenda_overview(conn, round_row: Round, *, title: str = "Verbeteragenda") -> None:
    """The agenda beside the results (facilitator only): this round's actions and those carried over
    from earlier rounds with their status, read-only, with a link to the page where they are edited."""
    if round_row.id not in access.managed_round_ids():
        return
    plan = agenda.round_agenda(conn, round_row)
    if title:
        st.subheader(title, anchor=False)
    if not plan.all:
        st.caption("Er staan nog geen acties op de verbeteragenda.")
    else:
        if plan.carried:
            done = sum(1 for a in plan.carried if a.status == "gedaan")
            st.caption(
                f"{counted(len(plan.carried), 'actie', 'acties')} van eerder, waarvan {done} gedaan, en "
                f"{counted(len(plan.current), 'actie', 'acties')} van deze ronde."
            )
        agenda_table(plan.all, round_row, round_titles(conn, round_row))
    page_link(AGENDA_PAGE, label="Verbeteragenda bijwerken", icon=":material/edit:")

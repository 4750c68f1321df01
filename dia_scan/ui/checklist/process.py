""" "Mijn processen": the processes this session may manage, their assessments, and per assessment
the result, filling in (together) or inviting (apart), the comparison over time and a new assessment."""

from __future__ import annotations

import streamlit as st

from dia_scan import storage
from dia_scan.checklist import service as checklists
from dia_scan.core.errors import ServiceError
from dia_scan.core.records import Assessment, Process
from dia_scan.core.text import markdown_safe, nl_date
from dia_scan.ui.checklist import (
    access as checklist_access,
)
from dia_scan.ui.checklist import (
    form as checklist_form,
)
from dia_scan.ui.checklist import (
    result as checklist_result,
)
from dia_scan.ui.checklist import (
    setup as checklist_setup,
)
from dia_scan.ui.common.context import change_and_rerun, friendly_errors, typed_confirmation

PRINT_KEY = "incl_print"
_OPEN_ASSESSMENT = "checklist_open_assessment"  # durable: survives views that hide the picker
SUBVIEWS = {
    "resultaat": "Resultaat",
    "invullen": "Invullen",
    "tijd": "Door de tijd",
    "opnieuw": "Opnieuw beoordelen",
}


def _subview_key(assessment_id: int) -> str:
    return f"incl_sub_{assessment_id}"


def _team_finished(assessment_id: int, assessor_id: int) -> None:
    """Callback of the last "Klaar" button when filling in together: mark done, show the result."""
    try:
        conn = storage.connect()
        try:
            checklists.mark_done(conn, assessor_id)
        finally:
            conn.close()
    except (ServiceError, storage.StorageError) as err:
        st.session_state["checklist_form_error"] = str(err)
        return
    st.session_state[_subview_key(assessment_id)] = "resultaat"


def _pick_process() -> None:
    checklist_access.set_current_process(st.session_state["incl_process_pick"])
    st.session_state.pop(_OPEN_ASSESSMENT, None)


def _remember_pick(widget_key: str, durable_key: str) -> None:
    st.session_state[durable_key] = st.session_state[widget_key]


def _managed(conn, process_id: int) -> Process | None:
    try:
        return checklists.managed_process(conn, checklist_access.process_permit(process_id))
    except ServiceError:
        return None


def show(conn, catalog) -> None:
    managed = checklist_access.managed_processes()
    if not managed:
        checklist_access.login_form(conn)
        return
    processes = {pid: row for pid in managed if (row := _managed(conn, pid)) is not None}
    if not processes:
        checklist_access.login_form(conn)
        return
    current = checklist_access.current_process()
    if current not in processes:
        current = next(iter(processes))
    printing = bool(st.session_state.get(PRINT_KEY))
    if len(processes) > 1 and not printing:
        st.session_state["incl_process_pick"] = current
        current = st.selectbox(
            "Proces",
            list(processes),
            format_func=lambda pid: f"{processes[pid].name} ({processes[pid].organisation_name})",
            key="incl_process_pick",
            on_change=_pick_process,
        )
    process = processes[current]
    assessments = checklists.list_assessments(conn, process.id)
    if not assessments:
        checklist_setup.process_header(process)
        created = checklist_setup.reassess_form(conn, catalog, process)
        if created is not None:
            st.rerun()
        _change_process(catalog, process, assessments)
        return
    ids = [a.id for a in assessments]
    chosen = st.session_state.get(_OPEN_ASSESSMENT)
    if chosen not in ids:
        chosen = ids[-1]
        st.session_state[_OPEN_ASSESSMENT] = chosen
    st.toggle("Printweergave", key=PRINT_KEY, help="Een korte samenvatting zonder knoppen, om te printen.")
    if printing:
        _print_view(conn, catalog, chosen)
        return

    checklist_setup.process_header(process)
    if len(assessments) > 1:
        by_id = {a.id: a for a in assessments}
        st.session_state["incl_assessment_pick"] = chosen
        chosen = st.selectbox(
            "Beoordeling",
            ids,
            format_func=lambda i: _assessment_label(by_id[i]),
            key="incl_assessment_pick",
            on_change=_remember_pick,
            args=("incl_assessment_pick", _OPEN_ASSESSMENT),
        )
    assessment = checklists.get_assessment(conn, chosen)
    checklist_setup.show_new_codes(assessment)
    default = "resultaat" if _has_answers(conn, assessment) else "invullen"
    sub_key = _subview_key(assessment.id)
    if sub_key not in st.session_state:
        st.session_state[sub_key] = default
    sub = st.segmented_control(
        "Wat wilt u zien?",
        list(SUBVIEWS),
        format_func=SUBVIEWS.get,
        key=sub_key,
        required=True,
        label_visibility="collapsed",
    )
    with friendly_errors():
        if sub == "invullen":
            _fill_in(conn, assessment)
        elif sub == "tijd":
            checklist_result.show_over_time(conn, assessments, assessment.id, key=f"incl_time_{process.id}")
        elif sub == "opnieuw":
            created = checklist_setup.reassess_form(conn, catalog, process)
            if created is not None:
                st.rerun()
        else:
            report, comparison = _report(conn, catalog, assessment.id)
            checklist_result.show(conn, report, comparison, key=f"incl_result_{assessment.id}")
    _change_process(catalog, process, assessments)
    st.divider()
    with st.expander("Nog een proces openen"):
        checklist_access.login_form(conn, key="incl_login_more")


def _change_process(catalog, process: Process, assessments: list[Assessment]) -> None:
    """Correct the facts of the process, or delete it with all its assessments."""
    with st.expander("Gegevens van het proces wijzigen"):
        _edit_process(catalog, process)
    with st.expander("Proces verwijderen"):
        _delete_process(process, sum(checklists.is_open(a) for a in assessments))


def _delete_process(process: Process, still_open: int) -> None:
    """Delete the process with all its assessments, after closing them and typing its name again."""
    pid = process.id
    st.markdown(
        "Hiermee verwijdert u dit proces **met alle beoordelingen en antwoorden**. Dat kan niet "
        "ongedaan worden gemaakt. Acties op de verbeteragenda blijven bewaard."
    )
    if still_open:
        how = (
            "Sluit die eerst met de knop 'Beoordeling afsluiten' onder Invullen."
            if still_open == 1
            else "Sluit ze eerst: kies ze een voor een bij Beoordeling en gebruik de knop "
            "'Beoordeling afsluiten' onder Invullen."
        )
        many = "staat nog 1 beoordeling" if still_open == 1 else f"staan nog {still_open} beoordelingen"
        st.info(
            f"Er {many} open. {how} Zo raakt niemand kwijt wat nog wordt ingevuld. "
            "Daarna kunt u het proces verwijderen."
        )
        return
    typed = typed_confirmation(
        f"incl_delete_{pid}",
        f"Typ ter bevestiging de naam van het proces ({markdown_safe(process.name)})",
        "Proces definitief verwijderen",
        key=f"incl_confirm_{pid}",
        button_key=f"incl_delete_now_{pid}",
        max_chars=checklists.MAX_NAME,
    )
    if typed is None:
        return

    def delete(conn) -> int:
        deleted = checklists.delete_process(conn, checklist_access.process_permit(pid), typed)
        checklist_access.forget_process(pid)
        st.session_state.pop(_OPEN_ASSESSMENT, None)
        return deleted["assessments"]

    change_and_rerun(
        delete,
        lambda count: (
            f"Het proces '{markdown_safe(process.name)}' is verwijderd, met {count} "
            f"{'beoordeling' if count == 1 else 'beoordelingen'}."
        ),
    )


def _edit_process(catalog, process: Process) -> None:
    pid = process.id
    checklist = checklists.checklist_of(catalog)
    with st.form(f"incl_edit_{pid}", border=False):
        name = st.text_input(
            "Naam van het proces",
            value=process.name,
            max_chars=checklists.MAX_NAME,
            key=f"incl_edit_name_{pid}",
        )
        description = st.text_area(
            "Korte beschrijving",
            value=process.description,
            max_chars=checklists.MAX_DESCRIPTION,
            key=f"incl_edit_description_{pid}",
        )
        phases, levels = list(checklist.phases), list(checklist.participation_levels)
        phase = st.selectbox(
            "Fase",
            phases,
            index=phases.index(process.phase) if process.phase in phases else None,
            placeholder="Kies een fase",
            key=f"incl_edit_phase_{pid}",
        )
        level = st.selectbox(
            "Hoeveel invloed krijgen deelnemers?",
            levels,
            index=levels.index(process.participation_level)
            if process.participation_level in levels
            else None,
            placeholder="Kies een niveau",
            key=f"incl_edit_level_{pid}",
        )
        groups = st.text_input(
            "Doelgroepen",
            value=", ".join(process.target_groups),
            key=f"incl_edit_groups_{pid}",
            help="Scheid de doelgroepen met een komma.",
        )
        saved = st.form_submit_button(
            "Wijzigingen opslaan", icon=":material/save:", key=f"incl_edit_save_{pid}"
        )
    if saved:
        change_and_rerun(
            lambda conn: checklists.update_process(
                conn,
                catalog,
                checklist_access.process_permit(pid),
                name=name,
                description=description,
                phase=phase,
                participation_level=level,
                target_groups=groups,
            ),
            lambda _: "De gegevens van het proces zijn opgeslagen.",
        )


def _assessment_label(row: Assessment) -> str:
    mode = "samen" if row.mode == "samen" else "apart"
    status = "" if checklists.is_open(row) else ", afgesloten"
    return f"{row.title} ({nl_date(row.created_at)}, {mode}{status})"


def _has_answers(conn, assessment: Assessment) -> bool:
    return any(a["answered"] for a in checklists.list_assessors(conn, assessment.id))


def _report(conn, catalog, assessment_id: int):
    report = checklists.assessment_report(conn, assessment_id, catalog.advice)
    previous = checklists.previous_assessment(conn, report.assessment)
    comparison = checklists.compare(conn, previous.id, assessment_id) if previous else None
    return report, comparison


def _print_view(conn, catalog, assessment_id: int) -> None:
    with friendly_errors():
        report, comparison = _report(conn, catalog, assessment_id)
        checklist_result.show_print(report, comparison)


def _fill_in(conn, assessment: Assessment) -> None:
    if assessment.mode == "apart":
        checklist_setup.show_invitation(conn, assessment)
        checklist_setup.open_close(conn, assessment)
        return
    team = checklists.team_assessor(conn, assessment)
    st.caption("U vult de checklist samen in. Bespreek elk criterium en kies samen een antwoord.")
    checklist_form.show(
        conn,
        checklists.assessment_checklist(conn, assessment),
        assessment,
        team.assessor_id,
        key=f"incl_team_{assessment.id}",
        finish=lambda: _team_finished(assessment.id, team.assessor_id),
        finish_label="Klaar: naar het resultaat",
    )
    checklist_setup.open_close(conn, assessment)

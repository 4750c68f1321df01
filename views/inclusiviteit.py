"""Inclusiviteit: register a process, fill in the checklist together or apart, see the result with
traffic lights, put actiepunten on the verbeteragenda, compare over time, download or print."""

import streamlit as st

from dia_scan.checklist import service as checklists
from dia_scan.common import code_access
from dia_scan.core import codes
from dia_scan.core.errors import ServiceError
from dia_scan.ui.checklist import (
    access as checklist_access,
)
from dia_scan.ui.checklist import (
    join as checklist_join,
)
from dia_scan.ui.checklist import (
    process as checklist_process,
)
from dia_scan.ui.checklist import (
    setup as checklist_setup,
)
from dia_scan.ui.common import language
from dia_scan.ui.common.code_entry import point_to_other_product
from dia_scan.ui.common.context import catalog, db, friendly_errors, show_notice
from dia_scan.ui.common.language import _

VIEWS = {
    "nieuw": "Nieuw proces",
    "processen": "Mijn processen",
    "invullen": "Invullen met een code",
}
_PENDING_VIEW = "incl_pending_view"


def _param(name: str) -> str:
    value = st.query_params.get(name)
    return str(value)[:200] if value else ""


def _choose_view() -> str:
    if _PENDING_VIEW in st.session_state:
        st.session_state["incl_view"] = st.session_state.pop(_PENDING_VIEW)
    if "incl_view" not in st.session_state:
        st.session_state["incl_view"] = "processen" if checklist_access.managed_processes() else "nieuw"
    return st.segmented_control(
        "Wat wilt u doen?", list(VIEWS), format_func=VIEWS.get, key="incl_view", required=True
    )


conn = db()
questions = catalog()
printing = bool(st.session_state.get(checklist_process.PRINT_KEY))
state = checklist_access.current_assessor()
resume_param, code_param = _param("resume"), _param("code")
# An assessor (with a code or resuming) sees the page in their language; organisers' screens are Dutch.
assessor = bool(
    state is not None or code_param or resume_param or st.session_state.get("incl_view") == "invullen"
)
language.declare(language.current() if assessor else "nl", "inclusiviteit")
if not printing:
    st.title(_("Hoe inclusief is dit proces?") if assessor else "Hoe inclusief is dit proces?")
try:
    checklist = checklists.checklist_of(questions)
except ServiceError as err:
    st.error(str(err))
    st.stop()
with friendly_errors():
    if resume_param and (
        state is None or codes.normalise(state["resume_code"]) != codes.normalise(resume_param)
    ):
        try:
            state = checklist_join.resume(conn, resume_param)
        except ServiceError:
            checklist_access.forget_assessor()
            raise
    elif code_param and state is not None:
        assessment = checklists.get_assessment(conn, state["assessment_id"])
        if assessment.join_code != codes.normalise(code_param):
            checklist_access.forget_assessor()
            state = None

if state is not None:
    with friendly_errors():
        checklist_join.answer(conn, state)
    if st.button(_("Stoppen met invullen"), key="incl_stop", icon=":material/logout:", type="tertiary"):
        checklist_access.forget_assessor()
        st.rerun()
elif code_param:
    try:
        found = checklists.find_assessment(conn, code_param)
        checklists.require_open(found)
    except ServiceError as err:
        if not point_to_other_product(conn, code_param, code_access.CHECKLIST):
            st.error(language.error(err))
            checklist_join.entry(conn)
    else:
        with friendly_errors():
            checklist_join.welcome(conn, found)
else:
    if not printing:
        st.caption(
            "Kijk naar één concreet proces of project: wat gaat goed, en wie vallen nog buiten de boot?"
        )
    view = "processen" if printing else _choose_view()
    if view == "nieuw":
        created = checklist_setup.register_form(conn, questions, checklist)
        if created is not None:
            st.session_state[_PENDING_VIEW] = "processen"
            st.rerun()
    elif view == "invullen":
        checklist_join.entry(conn)
    else:
        show_notice()
        checklist_process.show(conn, questions)

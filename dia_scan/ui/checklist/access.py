"""Who may do what on the Inclusiviteit page, remembered in this browser session only.

- A process is opened with the code and beheercode of any of its assessments (like a Quick Scan round
  in ``access.py``); wrong attempts slow down and then block for a while, shared with that login.
- An assessor who fills in apart is remembered here and in the address (``?resume=``), so a reload
  continues where they were.
- New codes are shown once, right after they were made, until the user says they saved them.
"""

from __future__ import annotations

import streamlit as st

from dia_scan.checklist import service as checklists
from dia_scan.checklist.service import AssessmentCreated, AssessorHandle
from dia_scan.core import permits
from dia_scan.core.permits import ProcessPermit
from dia_scan.ui.common import access

_PROCESSES = "checklist_processes"  # process id -> ProcessPermit (server-side only)
_CURRENT_PROCESS = "checklist_current_process"
_ASSESSOR = "checklist_assessor"
_NEW_CODES = "checklist_new_codes"  # assessment id -> (join code, beheercode)


# -- processes -----------------------------------------------------------------------------------


def grant_process(permit: ProcessPermit) -> None:
    st.session_state.setdefault(_PROCESSES, {})[permit.process_id] = permit
    st.session_state[_CURRENT_PROCESS] = permit.process_id


def forget_process(process_id: int) -> None:
    """Drop this session's access to a process (after it was deleted)."""
    st.session_state.get(_PROCESSES, {}).pop(process_id, None)
    if st.session_state.get(_CURRENT_PROCESS) == process_id:
        del st.session_state[_CURRENT_PROCESS]


def process_permit(process_id: int) -> ProcessPermit:
    """The permit this session holds for the process; the services refuse anything else."""
    permit = st.session_state.get(_PROCESSES, {}).get(process_id)
    if permit is None:
        raise permits.AccessDenied(permits.NO_PROCESS_ACCESS)
    return permit


def managed_processes() -> list[int]:
    return list(st.session_state.get(_PROCESSES, {}))


def current_process() -> int | None:
    managed = managed_processes()
    current = st.session_state.get(_CURRENT_PROCESS)
    if current in managed:
        return current
    return managed[-1] if managed else None


def set_current_process(process_id: int) -> None:
    if process_id in managed_processes():
        st.session_state[_CURRENT_PROCESS] = process_id


def try_login(conn, join_code: str, beheercode: str) -> ProcessPermit | None:
    """A permit for the process if the codes match (and it is granted). Otherwise an error on screen."""
    permit = access.throttled(lambda: checklists.authorize(conn, join_code, beheercode))
    if permit is None:
        return None
    grant_process(permit)
    st.session_state["checklist_open_assessment"] = checklists.find_assessment(conn, join_code).id
    return permit


def login_form(conn, *, key: str = "incl_login") -> None:
    """Open a process with the code and beheercode you got when the checklist was started."""
    st.markdown(
        "Open een proces met de **code** en de **beheercode** die u kreeg toen de checklist werd "
        "gestart. Elke beoordeling van het proces heeft zijn eigen codes; ze geven alle toegang tot het proces."
    )
    with st.form(key, border=True):
        code = st.text_input("Code (8 tekens)", max_chars=20, key=f"{key}_code", placeholder="KX7M 4RPA")
        secret = st.text_input(
            "Beheercode", type="password", max_chars=40, key=f"{key}_secret", placeholder="ABCD-EFGH-JKMN-PQ"
        )
        submitted = st.form_submit_button("Openen", type="primary", icon=":material/lock_open:")
    if submitted and try_login(conn, code, secret) is not None:
        st.rerun()


# -- new codes, shown once -----------------------------------------------------------------------


def remember_new_codes(created: AssessmentCreated) -> None:
    st.session_state.setdefault(_NEW_CODES, {})[created.assessment_id] = (
        created.join_code,
        created.beheercode,
    )
    st.session_state["checklist_open_assessment"] = created.assessment_id


def new_codes(assessment_id: int) -> tuple[str, str] | None:
    return st.session_state.get(_NEW_CODES, {}).get(assessment_id)


def forget_new_codes(assessment_id: int) -> None:
    st.session_state.get(_NEW_CODES, {}).pop(assessment_id, None)


# -- the assessor filling in apart ---------------------------------------------------------------


def current_assessor() -> dict | None:
    return st.session_state.get(_ASSESSOR)


def begin_assessor(handle: AssessorHandle, resume_code: str) -> None:
    st.session_state[_ASSESSOR] = {
        "assessor_id": handle.assessor_id,
        "assessment_id": handle.assessment_id,
        "label": handle.label,
        "resume_code": resume_code,
        "done": False,
        "welcome_back": handle.resume_code is None,
        "fresh": handle.resume_code is not None,  # just joined: show the resume code prominently
    }
    st.query_params.from_dict({"resume": resume_code})


def forget_assessor() -> None:
    st.session_state.pop(_ASSESSOR, None)
    st.query_params.clear()

"""Filling in apart: join with the code (or the link with ``?code=``), get a resume code, answer
dimension by dimension, and continue later with the resume code (or the link with ``?resume=``)."""

from __future__ import annotations

import streamlit as st

from dia_scan import storage
from dia_scan.checklist import service as checklists
from dia_scan.core import codes
from dia_scan.core.errors import ServiceError
from dia_scan.core.text import markdown_safe
from dia_scan.ui.checklist import access as checklist_access
from dia_scan.ui.checklist import form as checklist_form
from dia_scan.ui.common.code_entry import code_entry
from dia_scan.ui.common.context import friendly_errors


def entry(conn) -> None:
    """No code in the address: type the code from the organiser, or a resume code."""
    code_entry(
        conn,
        key="incl",
        intro="Vul de code in die u van de organisator kreeg.",
        code_label="Code",
        on_resume=lambda code: resume(conn, code),
    )


def resume(conn, resume_code: str) -> dict:
    handle = checklists.resume(conn, resume_code)
    checklist_access.begin_assessor(handle, codes.grouped(resume_code))
    return checklist_access.current_assessor()


def welcome(conn, assessment: dict) -> None:
    """The code is known: say what this is about and let the assessor begin."""
    process = checklists.get_process(conn, assessment["process_id"])
    st.subheader(markdown_safe(process["name"]), anchor=False)
    st.caption(markdown_safe(f"{process['organisation_name']} · {assessment['title']}"))
    checklist = checklists.assessment_checklist(conn, assessment)
    st.markdown(checklist.description)
    st.markdown(
        f"De checklist heeft **{len(checklist.dimensions)} onderdelen** met elk een paar vragen. "
        "Kies bij elke vraag *ja*, *deels*, *nee* of *n.v.t.* Schrijf erbij waarom, als u wilt."
    )
    st.caption(
        "We vragen niet om uw naam. U heet in de uitkomst 'Beoordelaar 1', 'Beoordelaar 2', enzovoort."
    )
    if st.button("Beginnen", key="incl_begin", type="primary", icon=":material/arrow_forward:"):
        with friendly_errors():
            handle = checklists.join_assessment(conn, assessment)
            checklist_access.begin_assessor(handle, handle.resume_code or "")
            st.rerun()


def _finish() -> None:
    state = checklist_access.current_assessor()
    if state is None:
        return
    try:
        conn = storage.connect()
        try:
            checklists.mark_done(conn, state["assessor_id"])
        finally:
            conn.close()
    except (ServiceError, storage.StorageError) as err:
        st.session_state["checklist_form_error"] = str(err)
        return
    state["done"] = True


def _hide_fresh() -> None:
    state = checklist_access.current_assessor()
    if state is not None:
        state["fresh"] = False


def _back_to_form() -> None:
    state = checklist_access.current_assessor()
    if state is not None:
        state["done"] = False


def answer(conn, state: dict) -> None:
    """The form for the assessor in this session, or the thank-you screen when they are done."""
    assessment = checklists.get_assessment(conn, state["assessment_id"])
    process = checklists.get_process(conn, assessment["process_id"])
    st.caption(markdown_safe(f"{process['name']} · {assessment['title']} · u bent {state['label']}"))
    if state["done"]:
        st.success("Bedankt! Uw antwoorden zijn bewaard.", icon=":material/check_circle:")
        st.markdown(
            "De organisator bespreekt de uitkomst met het team. Het gaat om het gesprek: wat gaat goed, "
            "wat kan beter en wat gaan we doen?"
        )
        with st.container(horizontal=True):
            if checklists.is_open(assessment):
                st.button("Antwoorden nog aanpassen", key="incl_edit_again", on_click=_back_to_form)
            if st.button("Iemand anders wil invullen", key="incl_someone_else", icon=":material/person_add:"):
                code = assessment["join_code"]
                checklist_access.forget_assessor()
                st.query_params.from_dict({"code": code})
                st.rerun()
        _resume_box(state)
        return
    if state.pop("welcome_back", False):
        st.info("Welkom terug. U gaat verder waar u was gebleven.")
    if state.get("fresh"):
        with st.container(border=True):
            st.markdown(f"**U bent {state['label']}. Dit is uw hervatcode:**")
            st.code(state["resume_code"], language=None)
            st.markdown(
                "Alles wat u invult, wordt meteen bewaard. Met deze code gaat u later verder, ook op een "
                "ander apparaat. Schrijf hem op of maak een foto. Deel hem niet."
            )
            st.button("Ik heb de code bewaard", key="incl_resume_saved", on_click=_hide_fresh)
    checklist = checklists.assessment_checklist(conn, assessment)
    checklist_form.show(
        conn,
        checklist,
        assessment,
        state["assessor_id"],
        key="incl_apart",
        finish=_finish,
        finish_label="Klaar",
    )
    _resume_box(state)


def _resume_box(state: dict) -> None:
    with st.expander("Later verder gaan?", expanded=False):
        st.markdown(
            "Alles wat u invult, wordt meteen bewaard. Ga later verder met uw hervatcode, ook op een "
            "ander apparaat. Deel hem niet: met de code kan iemand uw antwoorden zien en veranderen."
        )
        st.code(state["resume_code"], language=None)

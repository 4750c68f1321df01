"""Filling in apart: join with the code (or the link with ``?code=``), get a resume code, answer
dimension by dimension, and continue later with the resume code (or the link with ``?resume=``)."""

from __future__ import annotations

import streamlit as st

from dia_scan import storage
from dia_scan.checklist import service as checklists
from dia_scan.core import codes, i18n
from dia_scan.core.errors import ServiceError
from dia_scan.core.model import Checklist
from dia_scan.core.records import Assessment
from dia_scan.core.text import markdown_safe
from dia_scan.ui.checklist import access as checklist_access
from dia_scan.ui.checklist import form as checklist_form
from dia_scan.ui.common import language
from dia_scan.ui.common.code_entry import code_entry
from dia_scan.ui.common.context import catalog, friendly_errors
from dia_scan.ui.common.language import _


def entry(conn) -> None:
    """No code in the address: type the code from the organiser, or a resume code."""
    language.choose(list(i18n.LANGUAGES), key="incl_language_entry")
    code_entry(
        conn,
        key="incl",
        intro=_("Vul de code in die u van de organisator kreeg."),
        code_label=_("Code"),
        on_resume=lambda code: resume(conn, code),
    )


def resume(conn, resume_code: str) -> dict:
    handle = checklists.resume(conn, resume_code)
    checklist_access.begin_assessor(handle, codes.grouped(resume_code))
    return checklist_access.current_assessor()


def welcome(conn, assessment: Assessment) -> None:
    """The code is known: say what this is about and let the assessor begin."""
    process = checklists.get_process(conn, assessment.process_id)
    st.subheader(markdown_safe(process.name), anchor=False)
    st.caption(markdown_safe(f"{process.organisation_name} · {assessment.title}"))
    language.choose(checklists.offered_languages(assessment), key="incl_language")
    checklist = _checklist(conn, assessment)
    st.markdown(checklist.description)
    labels = [f"*{option.label}*" for option in checklist.options]
    st.markdown(
        _(
            "De checklist heeft **{count} onderdelen** met elk een paar vragen. "
            "Kies bij elke vraag {options}. Schrijf erbij waarom, als u wilt."
        ).format(
            count=len(checklist.dimensions),
            options=_("{first} of {last}").format(first=", ".join(labels[:-1]), last=labels[-1]),
        )
    )
    st.caption(
        _("We vragen niet om uw naam. U heet in de uitkomst 'Beoordelaar 1', 'Beoordelaar 2', enzovoort.")
    )
    if st.button(_("Beginnen"), key="incl_begin", type="primary", icon=":material/arrow_forward:"):
        with friendly_errors():
            handle = checklists.join_assessment(conn, assessment)
            checklist_access.begin_assessor(handle, handle.resume_code or "")
            st.rerun()


def _checklist(conn, assessment: Assessment) -> Checklist:
    """The assessment's checklist in the assessor's language (Dutch where no translation exists), with a
    word when the translation is not checked yet. Only a language the assessment offers."""
    lang = language.restrict(checklists.offered_languages(assessment))
    base = checklists.assessment_checklist(conn, assessment)
    current = catalog().instruments.get(base.id)
    if i18n.unreviewed(base, lang, current):
        st.caption(
            _(
                "Deze vertaling is nog niet nagekeken door iemand met deze taal als moedertaal. "
                "Twijfelt u over een vraag? Kies dan Nederlands."
            )
        )
    if i18n.same_version(base, current) and not base.phase_names:
        # a snapshot stored before the checklist named its phases: the same version's names
        base = base.model_copy(update={"phase_names": current.phase_names})
    return i18n.localise_version(base, lang, current)


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
        st.session_state["checklist_form_error"] = language.error(err)
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
    process = checklists.get_process(conn, assessment.process_id)
    label = _assessor_label(state["label"])
    st.caption(
        markdown_safe(
            _("{process} · {title} · u bent {label}").format(
                process=process.name, title=assessment.title, label=label
            )
        )
    )
    if state["done"]:
        st.success(_("Bedankt! Uw antwoorden zijn bewaard."), icon=":material/check_circle:")
        st.markdown(
            _(
                "De organisator bespreekt de uitkomst met het team. Het gaat om het gesprek: wat gaat goed, "
                "wat kan beter en wat gaan we doen?"
            )
        )
        with st.container(horizontal=True):
            if checklists.is_open(assessment):
                st.button(_("Antwoorden nog aanpassen"), key="incl_edit_again", on_click=_back_to_form)
            if st.button(
                _("Iemand anders wil invullen"), key="incl_someone_else", icon=":material/person_add:"
            ):
                code = assessment.join_code
                checklist_access.forget_assessor()
                st.query_params.from_dict(language.with_language({"code": code}))
                st.rerun()
        _resume_box(state)
        return
    if state.pop("welcome_back", False):
        st.info(_("Welkom terug. U gaat verder waar u was gebleven."))
    if state.get("fresh"):
        with st.container(border=True):
            st.markdown("**" + _("U bent {label}. Dit is uw hervatcode:").format(label=label) + "**")
            st.code(state["resume_code"], language=None)
            st.markdown(
                _(
                    "Alles wat u invult, wordt meteen bewaard. Met deze code gaat u later verder, ook op een "
                    "ander apparaat. Schrijf hem op of maak een foto. Deel hem niet."
                )
            )
            st.button(_("Ik heb de code bewaard"), key="incl_resume_saved", on_click=_hide_fresh)
    checklist_form.show(
        conn, _checklist(conn, assessment), assessment, state["assessor_id"], key="incl_apart", finish=_finish
    )
    _resume_box(state)


def _resume_box(state: dict) -> None:
    with st.expander(_("Later verder gaan?"), expanded=False):
        st.markdown(
            _(
                "Alles wat u invult, wordt meteen bewaard. Ga later verder met uw hervatcode, ook op een "
                "ander apparaat. Deel hem niet: met de code kan iemand uw antwoorden zien en veranderen."
            )
        )
        st.code(state["resume_code"], language=None)


def _assessor_label(label: str) -> str:
    """'Beoordelaar 2' in the assessor's language (the stored label stays Dutch, as in the results)."""
    prefix, _space, number = label.rpartition(" ")
    if prefix == "Beoordelaar" and number.isdigit():
        return _("Beoordelaar {number}").format(number=number)
    return label

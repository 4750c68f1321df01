"""Meedoen: join a round by link, QR or typed code, choose a group, answer, resume later, submit."""

import streamlit as st

from dia_scan import storage
from dia_scan.common import code_access
from dia_scan.core import codes, i18n
from dia_scan.core.errors import ServiceError
from dia_scan.core.records import Round
from dia_scan.core.text import markdown_safe
from dia_scan.quickscan import feedback, languages, rounds
from dia_scan.ui.common import language
from dia_scan.ui.common.code_entry import code_entry, point_to_other_product
from dia_scan.ui.common.context import catalog, db, friendly_errors, page_link
from dia_scan.ui.common.language import _
from dia_scan.ui.quickscan import answering


def _param(name: str) -> str:
    value = st.query_params.get(name)
    return str(value)[:200] if value else ""


def _entry() -> None:
    """No code in the address: let the participant type the join code or a resume code."""
    language.choose(list(i18n.LANGUAGES), key="answer_language_entry")
    code_entry(
        conn,
        key="answer",
        intro=_("Vul de code in die u van de organisator kreeg. U vindt hem ook onder de QR-code."),
        code_label=_("Deelnamecode"),
        on_resume=lambda code: st.query_params.from_dict(
            language.with_language({"resume": answering.resume(conn, code)["resume_code"]})
        ),
    )


def _instrument(row: Round):
    """The round's questionnaire in the participant's language, with a word when it is not checked yet."""
    lang = language.restrict(languages.offered(row))
    instrument = languages.participant_instrument(conn, catalog(), row, lang)
    if languages.unreviewed(catalog(), instrument, lang):
        st.caption(
            _(
                "Deze vertaling is nog niet nagekeken door iemand met deze taal als moedertaal. "
                "Twijfelt u over een vraag? Kies dan Nederlands."
            )
        )
    return instrument


def _choose_group(row: Round) -> None:
    language.choose(languages.offered(row), key="answer_language")
    instrument = _instrument(row)
    st.subheader(markdown_safe(f"{row.organisation_name}: {row.title}"))
    st.markdown(
        _("Invullen duurt ongeveer een kwartier. We vragen niet om uw naam: uw antwoorden zijn anoniem.")
    )
    with st.expander(_("Waar gaat deze scan over?")):
        st.markdown(instrument.description)
    groups = {g.id: g for g in instrument.groups}
    choice = st.radio(
        _("Wie bent u? Kies uw groep."),
        list(groups),
        index=None,
        format_func=lambda g: groups[g].label,
        captions=[g.description or "" for g in groups.values()],
        key="answer_group",
    )
    if st.button(_("Beginnen"), key="answer_begin", type="primary", icon=":material/arrow_forward:"):
        if choice is None:
            st.error(_("Kies eerst uw groep."))
            return
        with friendly_errors():
            answering.begin(conn, row, choice)
            st.rerun()


def _answer(state: dict) -> None:
    row = storage.get_round(conn, state["round_id"])
    if row is None:
        answering.forget()
        st.error(_("Deze scan bestaat niet meer."))
        return
    instrument = _instrument(row)
    if state["done"]:
        answering.thanks(row, state)
        if st.button(_("Iemand anders wil meedoen"), key="answer_again", icon=":material/person_add:"):
            answering.forget()
            st.query_params.from_dict(language.with_language({"code": row.join_code}))
            st.rerun()
        return
    if _param("resume") != state["resume_code"]:
        st.query_params.from_dict(language.with_language({"resume": state["resume_code"]}))
    if not rounds.open_for_answers(row):
        answering.closed(row)
        if not _other_destination(row.join_code):
            answering.resume_reminder(state)
        return
    answering.show(conn, row, instrument, state)


def _other_destination(code: str) -> bool:
    """A closed round with a published summary, or a checklist code: point the way instead of an error."""
    try:
        round_row = rounds.find_round(conn, code)
    except ServiceError:
        round_row = None
    if round_row is not None and feedback.summary_available(round_row):
        st.info(
            _("Deze scan is gesloten. De organisator heeft een terugkoppeling voor de deelnemers gemaakt.")
        )
        page_link(
            "views/terugkoppeling.py",
            label=_("Bekijk de terugkoppeling"),
            icon=":material/campaign:",
            query_params=language.with_language({"code": round_row.join_code}),
        )
        return True
    return point_to_other_product(conn, code, code_access.QUICK_SCAN)


language.declare(language.current(), "meedoen")
st.title(_("Meedoen"))
conn = db()
state = answering.current()
resume_param, code_param = _param("resume"), _param("code")

with friendly_errors():
    if resume_param and (
        state is None or codes.normalise(state["resume_code"]) != codes.normalise(resume_param)
    ):
        answering.forget()
        try:
            state = answering.resume(conn, resume_param)
        except ServiceError:
            st.query_params.from_dict(language.with_language({}))
            raise
    elif (
        code_param
        and not resume_param
        and (state is None or state["join_code"] != codes.normalise(code_param))
    ):
        answering.forget()
        state = None

if state is not None:
    with friendly_errors():
        _answer(state)
elif code_param:
    try:
        round_row = rounds.find_round(conn, code_param)
        rounds.require_open(round_row)
    except ServiceError as err:
        if _other_destination(code_param):
            st.stop()
        st.error(language.error(err))
        _entry()
    else:
        with friendly_errors():
            _choose_group(round_row)
else:
    _entry()

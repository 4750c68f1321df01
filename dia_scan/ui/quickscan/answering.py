"""The participant's questionnaire: one screen per step, the draft saved on every change.

The draft in ``st.session_state["answer"]`` is the single source of truth while answering; every
widget writes into it through its callback and the draft goes to the database at once, so a reload
(with ``?resume=`` in the address) continues where the participant was.

Longer than most because the screens of one questionnaire share the draft and its callbacks; each screen
is a small function.
"""

from __future__ import annotations

import streamlit as st

from dia_scan import storage
from dia_scan.core import codes
from dia_scan.core.errors import ServiceError
from dia_scan.core.model import DONT_KNOW, BackgroundQuestion, QuickScan, Statement
from dia_scan.core.records import Round
from dia_scan.core.text import markdown_safe
from dia_scan.quickscan import drafts, languages, rounds
from dia_scan.quickscan.drafts import AnswerStep
from dia_scan.quickscan.result_view import results_public
from dia_scan.ui.common.language import _, error, ngettext, with_language
from dia_scan.ui.common.language import current as current_language
from dia_scan.ui.common.links import base_url
from dia_scan.ui.common.scroll import scroll_to_top

STATE = "answer"


# -- state ---------------------------------------------------------------------------------------


def current() -> dict | None:
    return st.session_state.get(STATE)


def forget() -> None:
    st.session_state.pop(STATE, None)


def begin(conn, round_row: Round, group_id: str) -> None:
    """Start a response for the chosen group and remember it in this session and in the address."""
    draft = drafts.empty_draft()
    handle = rounds.start_response(conn, round_row, group_id, draft=draft)
    st.session_state[STATE] = {
        "response_id": handle.response_id,
        "round_id": round_row.id,
        "join_code": round_row.join_code,
        "group_id": group_id,
        "resume_code": handle.resume_code,
        "draft": draft,
        "done": False,
        "already": False,
        "notice": None,
    }
    st.query_params.from_dict(with_language({"resume": handle.resume_code}))


def resume(conn, resume_code: str) -> dict:
    """Pick up a response by its resume code (from the address or typed)."""
    response, round_row = rounds.resume_response(conn, resume_code)
    instrument = rounds.round_instrument(conn, round_row)
    submitted = bool(response.submitted_at)
    state = {
        "response_id": response.id,
        "round_id": round_row.id,
        "join_code": round_row.join_code,
        "group_id": response.group_id,
        "resume_code": codes.grouped(resume_code),
        "draft": drafts.tidy_draft(instrument, response.group_id, response.draft),
        "done": submitted,
        "already": submitted,
        "notice": None if submitted else ("info", _("Welkom terug. U gaat verder waar u was gebleven.")),
    }
    st.session_state[STATE] = state
    return state


def _save(state: dict) -> None:
    """Write the draft to the database; a submitted response (other tab, other device) ends the flow."""
    try:
        conn = storage.connect()
        try:
            stored = rounds.save_draft(conn, state["response_id"], state["draft"])
        finally:
            conn.close()
    except storage.StorageError as err:
        state["notice"] = ("error", _("Uw antwoord is niet bewaard: {reason}").format(reason=err))
        return
    if not stored:
        state["done"] = state["already"] = True


# -- callbacks (run before the page, so the new screen is drawn at once) -------------------------


def _on_answer(statement_id: str, key: str) -> None:
    state = current()
    if state is None:
        return
    value = st.session_state.get(key)
    answers = state["draft"]["answers"]
    if value is None:
        answers.pop(statement_id, None)
    else:
        answers[statement_id] = value
    _save(state)


def _on_priority(theme_id: str, key: str, order: list[str]) -> None:
    state = current()
    if state is None:
        return
    chosen = set(state["draft"]["priorities"])
    if st.session_state.get(key):
        chosen.add(theme_id)
    else:
        chosen.discard(theme_id)
    state["draft"]["priorities"] = [t for t in order if t in chosen]
    _save(state)


def _on_open(question_id: str, key: str) -> None:
    state = current()
    if state is None:
        return
    text = drafts.storable_text(st.session_state.get(key) or "")
    if text.strip():
        state["draft"]["open"][question_id] = text
    else:
        state["draft"]["open"].pop(question_id, None)
    _save(state)


def _on_background(question_id: str, key: str) -> None:
    state = current()
    if state is None:
        return
    value = st.session_state.get(key)
    chosen = state["draft"].setdefault("background", {})
    if value is None:
        chosen.pop(question_id, None)
    else:
        chosen[question_id] = value
    _save(state)


def _go(step: int) -> None:
    state = current()
    if state is None:
        return
    state["draft"]["step"] = max(0, step)
    state["notice"] = None
    state["scroll_top"] = True
    _save(state)


def _submit() -> None:
    state = current()
    if state is None:
        return
    try:
        conn = storage.connect()
        try:
            stored = rounds.submit(conn, state["response_id"], state["draft"])
        finally:
            conn.close()
    except (ServiceError, storage.StorageError) as err:
        state["notice"] = ("error", error(err))
        return
    state["done"] = True
    state["already"] = not stored
    state["notice"] = None


# -- screens -------------------------------------------------------------------------------------


def show(conn, round_row: Round, instrument: QuickScan, state: dict) -> None:
    steps = drafts.answer_steps(instrument, state["group_id"])
    index = min(state["draft"].get("step", 0), len(steps) - 1)
    step, total = steps[index], len(steps) - 1
    kind, message = state.get("notice") or (None, None)
    if kind == "error":
        st.error(message)
    elif kind == "info":
        st.info(message)
    if state.pop("scroll_top", False):
        scroll_to_top(index)
    if step.kind == "start":
        _start_screen(instrument, state, total)
        return
    st.progress(index / total, text=_("Stap {index} van {total}").format(index=index, total=total))
    if step.kind == "theme":
        _theme_screen(instrument, step, state)
    elif step.kind == "priorities":
        _priorities_screen(instrument, state)
    elif step.kind == "open":
        _open_screen(step, state)
    elif step.kind == "background":
        _background_screen(step, state)
    else:
        _review_screen(instrument, steps, state, round_row)
        return
    _navigation(index, state)
    resume_reminder(state)


def _start_screen(instrument: QuickScan, state: dict, total: int) -> None:
    group = instrument.group(state["group_id"])
    st.subheader(_("U doet mee als: {group}").format(group=group.label))
    st.markdown(
        ngettext(
            "De vragenlijst heeft **{n} stap**. Per stap ziet u één thema.",
            "De vragenlijst heeft **{n} stappen**. Per stap ziet u één thema.",
            total,
        ).format(n=total)
        + " "
        + _("Kies bij elke stelling wat het best bij uw mening past. Weet u het niet? Kies dan *weet niet*.")
    )
    with st.container(border=True):
        st.markdown("**" + _("Uw hervatcode") + "**")
        st.code(state["resume_code"], language=None)
        st.markdown(
            _(
                "Met deze code gaat u later verder, ook op een ander apparaat. "
                "Schrijf hem op of maak een foto. Deel hem niet: met de code kan iemand uw antwoorden zien."
            )
        )
        st.caption(_("Of bewaar deze link:"))
        link = rounds.resume_link(base_url("meedoen"), state["resume_code"])
        st.code(languages.link_in(link, current_language()), language=None, wrap_lines=True)
    st.button(
        _("Start de vragenlijst"),
        key="answer_start",
        type="primary",
        icon=":material/arrow_forward:",
        width="stretch",
        on_click=_go,
        args=(1,),
    )


def _theme_screen(instrument: QuickScan, step: AnswerStep, state: dict) -> None:
    theme = step.theme
    assert theme is not None
    st.subheader(_theme_title(theme))
    if theme.custom:
        st.caption(_("Vragen die de organisatie zelf aan deze scan heeft toegevoegd."))
    else:
        st.caption(theme.description)
    for number, statement in enumerate(step.statements, start=1):
        _statement(instrument, statement, number, state)


def _theme_title(theme) -> str:
    """A theme's title; the round's own questions (typed by the organiser, in Dutch) get a fixed title in
    the participant's language."""
    return _("Eigen vragen van de organisatie") if theme.custom else theme.title


def _statement(instrument: QuickScan, statement: Statement, number: int, state: dict) -> None:
    scale = instrument.scale_of(statement)
    options: list[int | str] = [p.value for p in scale.points]
    labels: dict[int | str, str] = {p.value: p.label for p in scale.points}
    if scale.dont_know:
        options.append(DONT_KNOW)
        labels[DONT_KNOW] = scale.dont_know
    saved = state["draft"]["answers"].get(statement.id)
    key = f"a{state['response_id']}_s_{statement.id}"
    with st.container(border=True):
        text = markdown_safe(statement.text)
        st.markdown(f"**{number}.** {text}")
        _typed_in_dutch_note(statement)
        st.pills(
            text,
            options,
            default=saved if saved in options else None,
            format_func=labels.get,
            key=key,
            label_visibility="collapsed",
            on_change=_on_answer,
            args=(statement.id, key),
        )


def _typed_in_dutch_note(question) -> None:
    """Under a round's own question that the organisation typed itself: it is in Dutch (a ready-made
    one is in the participant's language)."""
    if languages.typed_in_dutch(question, current_language()):
        st.caption(_("De organisatie schreef deze vraag zelf, in het Nederlands."))


def _priorities_screen(instrument: QuickScan, state: dict) -> None:
    assert instrument.priorities is not None
    limit = instrument.priorities.max_choices
    themes = drafts.priority_options(instrument, state["group_id"])
    order = [t.id for t in themes]
    chosen = state["draft"]["priorities"]
    st.subheader(_("Wat is het belangrijkst?"))
    st.markdown(instrument.priorities.text)
    st.caption(_("Gekozen: {chosen} van hoogstens {limit}.").format(chosen=len(chosen), limit=limit))
    for theme in themes:
        key = f"a{state['response_id']}_p_{theme.id}"
        picked = theme.id in chosen
        st.checkbox(
            theme.title,
            value=picked,
            key=key,
            disabled=not picked and len(chosen) >= limit,
            on_change=_on_priority,
            args=(theme.id, key, order),
        )
        if theme.explanation:
            st.caption(theme.explanation)


def _open_screen(step: AnswerStep, state: dict) -> None:
    st.subheader(_("Uw eigen woorden"))
    st.caption(_("Deze vragen zijn niet verplicht. Noem geen namen van personen."))
    for question in step.open_questions:
        key = f"a{state['response_id']}_o_{question.id}"
        st.markdown(f"**{markdown_safe(question.text)}**")
        _typed_in_dutch_note(question)
        if question.help:
            st.caption(markdown_safe(question.help))
        st.text_area(
            markdown_safe(question.text),
            value=state["draft"]["open"].get(question.id, ""),
            max_chars=question.max_length,
            key=key,
            label_visibility="collapsed",
            on_change=_on_open,
            args=(question.id, key),
        )


def _background_screen(step: AnswerStep, state: dict) -> None:
    st.subheader(_("Over u"))
    st.markdown(
        _(
            "Zo zien we of er mensen van allerlei leeftijden en achtergronden hebben meegedaan, "
            "en wie we de volgende keer beter moeten uitnodigen."
        )
    )
    st.caption(
        _(
            "Deze vragen zijn niet verplicht: sla over wat u niet wilt zeggen. Tik nog een keer op uw keuze "
            "om hem weg te halen. We tellen deze antwoorden apart en bewaren ze niet bij uw andere "
            "antwoorden. In de uitkomsten staat een antwoord pas als genoeg mensen het gaven."
        )
    )
    for question in step.background:
        _background_question(question, state)


def _background_question(question: BackgroundQuestion, state: dict) -> None:
    options = [o.id for o in question.options]
    labels = {o.id: o.label for o in question.options}
    saved = state["draft"].get("background", {}).get(question.id)
    key = f"a{state['response_id']}_b_{question.id}"
    with st.container(border=True):
        st.markdown(f"**{markdown_safe(question.text)}**")
        if question.help:
            st.caption(markdown_safe(question.help))
        st.pills(
            markdown_safe(question.text),
            options,
            default=saved if saved in options else None,
            format_func=labels.get,
            key=key,
            label_visibility="collapsed",
            on_change=_on_background,
            args=(question.id, key),
        )


def _review_screen(instrument: QuickScan, steps: list[AnswerStep], state: dict, round_row: Round) -> None:
    group_id, draft = state["group_id"], state["draft"]
    st.subheader(_("Controleren en versturen"))
    total = len(instrument.statements_for(group_id))
    missing = drafts.unanswered(instrument, group_id, draft)
    st.markdown(
        _("U heeft **{answered} van de {total}** stellingen beantwoord.").format(
            answered=total - sum(missing.values()), total=total
        )
    )
    if missing:
        st.caption(_("Nog niet beantwoord in deze thema's. Tik op een thema om terug te gaan:"))
        with st.container(horizontal=True):
            for index, step in enumerate(steps):
                if step.kind == "theme" and step.theme and step.theme.id in missing:
                    title = _theme_title(step.theme)
                    st.button(
                        f"{title} ({missing[step.theme.id]})",
                        key=f"answer_goto_{index}",
                        on_click=_go,
                        args=(index,),
                    )
    if instrument.priorities is not None:
        chosen = [instrument.theme(t).title for t in draft["priorities"]]
        st.markdown(
            "**" + _("Uw prioriteiten:") + "** " + (", ".join(chosen) if chosen else _("geen gekozen"))
        )
    texts = draft["open"]
    for question in instrument.open_questions_for(group_id):
        if texts.get(question.id):
            st.markdown(f"**{markdown_safe(question.text)}**")
            st.text(texts[question.id])
    about = draft.get("background") or {}
    told = [q.option_label(about[q.id]) for q in instrument.background_for(group_id) if q.id in about]
    if told:
        st.markdown("**" + _("Over u:") + "** " + markdown_safe(", ".join(told)))
    st.info(_("Na het versturen kunt u niets meer veranderen. Uw antwoorden zijn anoniem."))
    last = len(steps) - 1
    _back_and(
        last - 1,
        _("Versturen"),
        key="answer_submit",
        icon=":material/send:",
        disabled=not rounds.open_for_answers(round_row),
        on_click=_submit,
    )
    resume_reminder(state)


def _navigation(index: int, state: dict) -> None:
    _back_and(
        index - 1,
        _("Volgende"),
        key="answer_next",
        icon=":material/arrow_forward:",
        icon_position="right",
        on_click=_go,
        args=(index + 1,),
    )


def _back_and(back_to: int, label: str, **forward) -> None:
    """The "Vorige" button (to step ``back_to``) beside the screen's primary button, both the width of half the row."""
    with st.container(horizontal=True):
        st.button(
            _("Vorige"),
            key="answer_back",
            icon=":material/arrow_back:",
            width="stretch",
            on_click=_go,
            args=(back_to,),
        )
        st.button(label, type="primary", width="stretch", **forward)


def resume_reminder(state: dict) -> None:
    with st.expander(_("Later verder gaan?")):
        st.markdown(_("Alles wat u invult, wordt meteen bewaard. Ga later verder met uw hervatcode:"))
        st.code(state["resume_code"], language=None)


def thanks(round_row: Round, state: dict) -> None:
    if state.get("already"):
        st.info(_("Uw antwoorden waren al ontvangen. U hoeft niets meer te doen."), icon=":material/check:")
    else:
        st.success(_("Bedankt! Uw antwoorden zijn ontvangen."), icon=":material/check_circle:")
    st.markdown(
        _(
            "De organisatie bespreekt de uitkomsten met alle groepen. "
            "Het gaat om het gesprek: wat gaat goed, wat kan beter en wat gaan we doen?"
        )
    )
    if results_public(round_row):  # the one rule: released, and closed by hand or past its end date
        link = f"{base_url('meedoen')}/resultaten?code={round_row.join_code}"
        st.link_button(_("Bekijk de resultaten"), link, icon=":material/insights:")
    elif round_row.results_for_participants:
        st.caption(_("Als de scan gesloten is, kunt u de resultaten hier bekijken."))


def closed(round_row: Round) -> None:
    """A resumed response whose round no longer takes answers: say so at once, before any question."""
    if round_row.closed_at:
        st.warning(_("Deze scan is gesloten. Versturen kan niet meer."), icon=":material/lock:")
    else:
        st.warning(_("Deze scan staat nu niet open. Versturen kan nu niet."), icon=":material/lock:")
    st.markdown(
        _(
            "Wat u al invulde, is bewaard, maar telt niet mee in de uitkomsten: alleen verstuurde "
            "antwoorden tellen. Niemand kan zien wat u invulde zonder uw hervatcode. Zet de organisatie "
            "de scan weer open, dan kunt u met dezelfde hervatcode verdergaan en alsnog versturen."
        )
    )

"""Setting up a new round: the form, and the codes shown right after creating it.

The form is plain widgets (not ``st.form``) so that choices can depend on each other: a new
organisation's type filters the instruments, the instrument gives the groups and the default k.
Creating happens in the button's callback, before the page is drawn, so the page can switch to the
management view in the same run.
"""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from dia_scan import storage
from dia_scan.common import organisations
from dia_scan.core import lifecycle
from dia_scan.core.catalog import Catalog
from dia_scan.core.errors import ServiceError
from dia_scan.core.records import Round
from dia_scan.core.text import markdown_safe
from dia_scan.quickscan import languages, rounds
from dia_scan.quickscan.rounds import MAX_CUSTOM_QUESTIONS
from dia_scan.ui.common import access, organisation_picker
from dia_scan.ui.common.dates import DATE_FORMAT

CREATED = "setup_created"  # round id, join code and the beheercode, until the facilitator confirms
ERROR = "setup_error"
KIND_LABELS = {"stelling": "Stelling (eens/oneens)", "open": "Open vraag"}


def show_form(conn, catalog: Catalog, *, on_created_mode: tuple[str, str]) -> None:
    st.subheader("Nieuwe ronde")
    st.caption("Een ronde is één keer de Quick Scan invullen, bijvoorbeeld in het voorjaar van 2026.")

    organisation_picker.show(conn, "nr")
    choice = organisation_picker.choice("nr")
    org_type = organisations.type_of(conn, choice) if choice else "gemeente"

    scans = {s.id: s for s in rounds.instruments_for(catalog, org_type)}
    instrument_id = st.selectbox(
        "Vragenlijst", list(scans), format_func=lambda i: scans[i].title, key="nr_instrument"
    )
    instrument = scans[instrument_id]
    st.caption(instrument.description)

    st.text_input(
        "Titel van de ronde",
        max_chars=rounds.MAX_TITLE,
        key="nr_title",
        placeholder="Quick Scan voorjaar 2026",
    )
    start_col, end_col = st.columns(2)
    today = lifecycle.local_today()  # the Dutch calendar day the period is read by, not the server's
    start_col.date_input("Open vanaf", value=today, format=DATE_FORMAT, key="nr_start")
    end_col.date_input("Open tot en met", value=today + timedelta(days=21), format=DATE_FORMAT, key="nr_end")
    st.number_input(
        "Anonimiteitsgrens (k)",
        min_value=3,
        max_value=100,
        value=instrument.default_k,
        step=1,
        key="nr_k",
        help="Een groep met minder ingevulde vragenlijsten dan dit aantal wordt nooit apart getoond.",
    )

    _custom_questions(instrument)
    language_choice("nr_languages")
    st.toggle("Meteen openzetten voor deelnemers", value=True, key="nr_published")

    error = st.session_state.pop(ERROR, None)
    if error:
        st.error(error)
    st.button(
        "Ronde aanmaken",
        key="nr_create",
        type="primary",
        icon=":material/add_circle:",
        on_click=_create,
        args=(catalog, on_created_mode),
    )


def language_choice(key: str, *, on_change=None, args: tuple = ()) -> None:
    """Which languages participants may choose besides Dutch (Frysk for Fryslân, English for newcomers)."""
    st.pills(
        "Talen voor deelnemers, naast Nederlands",
        [code for code in languages.DUTCH_NAMES if code != "nl"],
        selection_mode="multi",
        format_func=lambda code: languages.DUTCH_NAMES[code],
        key=key,
        on_change=on_change,
        args=args,
        help="Deelnemers kiezen hun taal op het eerste scherm. De uitkomsten blijven in het Nederlands "
        "en tellen iedereen samen.",
    )


def _custom_questions(instrument) -> None:
    st.markdown("**Eigen vragen (maatwerk)**")
    st.caption(
        f"U kunt hoogstens {MAX_CUSTOM_QUESTIONS} eigen vragen toevoegen: kies kant-en-klare vragen "
        "hieronder of typ zelf een stelling (eens/oneens) of open vraag. Ze staan apart in de resultaten."
    )
    groups = {g.id: g.label for g in instrument.groups}
    picked = _suggested_questions(instrument, groups)
    count = st.number_input(
        "Aantal zelf getypte vragen",
        min_value=0,
        max_value=MAX_CUSTOM_QUESTIONS,
        value=0,
        step=1,
        key="nr_custom_count",
    )
    if len(picked) + int(count) > MAX_CUSTOM_QUESTIONS:
        st.warning(
            f"U heeft {len(picked) + int(count)} eigen vragen: {len(picked)} gekozen en {int(count)} "
            f"zelf getypt. Dat mogen er hoogstens {MAX_CUSTOM_QUESTIONS} zijn. Haal een vinkje weg of "
            "typ minder vragen.",
            icon=":material/warning:",
        )
    for i in range(int(count)):
        with st.container(border=True):
            st.text_input(f"Eigen vraag {i + 1}", max_chars=300, key=f"nr_cq_{i}_text")
            st.radio(
                "Soort vraag",
                list(KIND_LABELS),
                format_func=KIND_LABELS.get,
                horizontal=True,
                key=f"nr_cq_{i}_kind",
            )
            st.multiselect(
                "Voor welke groepen?",
                list(groups),
                format_func=groups.get,
                key=f"nr_cq_{i}_groups",
                placeholder="Alle groepen",
            )


def _suggested_key(instrument_id: str, question_id: str) -> str:
    return f"nr_sq_{instrument_id}_{question_id}"


def _suggested_questions(instrument, groups: dict[str, str]) -> list:
    """Ready-made maatwerkvragen of the instrument to tick, per topic; returns the ticked ones."""
    suggested = instrument.suggested_custom_questions
    if not suggested:
        return []
    ss = st.session_state
    picked = [q for q in suggested if ss.get(_suggested_key(instrument.id, q.id))]
    with st.expander(f"Kant-en-klare vragen ({len(picked)} gekozen)", expanded=bool(picked)):
        st.caption(
            "Vragen over onderwerpen die in veel organisaties spelen. Elke vraag gaat alleen naar de "
            "groepen die er iets over kunnen zeggen. Een gekozen vraag telt mee als eigen vraag."
        )
        topics = list(dict.fromkeys(q.topic for q in suggested))
        for topic in topics:
            st.markdown(f"**{markdown_safe(topic)}**")
            for q in (q for q in suggested if q.topic == topic):
                who = ", ".join(groups[g] for g in q.groups) if q.groups else "alle groepen"
                kind = "Stelling" if q.kind == "stelling" else "Open vraag"
                st.checkbox(
                    f"{markdown_safe(q.text)}  \n:gray[{kind} · voor: {markdown_safe(who)}]",
                    key=_suggested_key(instrument.id, q.id),
                    help=f"Bron: {q.source}" if q.source else None,
                )
    return picked


def _picked_suggestions(catalog: Catalog) -> list[dict]:
    ss = st.session_state
    instrument = catalog.instruments.get(ss.get("nr_instrument") or "")
    suggested = getattr(instrument, "suggested_custom_questions", [])
    return [q.as_custom_question() for q in suggested if ss.get(_suggested_key(instrument.id, q.id))]


def _create(catalog: Catalog, on_created_mode: tuple[str, str]) -> None:
    ss = st.session_state
    custom = [
        {
            "kind": ss.get(f"nr_cq_{i}_kind") or "stelling",
            "text": ss.get(f"nr_cq_{i}_text") or "",
            "groups": list(ss.get(f"nr_cq_{i}_groups") or []),
        }
        for i in range(int(ss.get("nr_custom_count") or 0))
    ] + _picked_suggestions(catalog)
    try:
        choice = organisation_picker.choice("nr")
        if choice is None:
            raise ServiceError(
                "Kies uw organisatie uit de lijst, of kies 'Staat er niet bij' en vul de naam in."
            )
        conn = storage.connect()
        try:
            created = rounds.set_up_round(
                conn,
                catalog,
                organisation=choice,
                proof_code=organisation_picker.proof_code("nr"),
                held_permits=organisation_picker.held_permits(),
                instrument_id=ss.get("nr_instrument") or "",
                title=ss.get("nr_title") or "",
                period_start=ss.get("nr_start"),
                period_end=ss.get("nr_end"),
                k=ss.get("nr_k"),
                custom_questions=custom,
                published=bool(ss.get("nr_published", True)),
            )
            languages.set_languages(conn, created.permit, ["nl", *(ss.get("nr_languages") or [])])
        finally:
            conn.close()
    except (ServiceError, storage.StorageError) as err:
        ss[ERROR] = str(err)
        return
    ss[CREATED] = {
        "round_id": created.round_id,
        "join_code": created.join_code,
        "beheercode": created.beheercode,
    }
    access.grant(created.permit)
    for key in [k for k in ss if str(k).startswith("nr_")]:
        del ss[key]
    mode_key, mode = on_created_mode
    ss[mode_key] = mode


def show_created(round_row: Round) -> None:
    """The beheercode, once. It is stored hashed, so this is the only time anyone sees it."""
    created = st.session_state.get(CREATED)
    if not created or created["round_id"] != round_row.id:
        return
    st.success(f"De ronde '{markdown_safe(round_row.title)}' is aangemaakt.", icon=":material/check_circle:")
    with st.container(border=True):
        st.subheader("Uw beheercode")
        st.warning(
            "Schrijf deze beheercode nu op, of bewaar hem in een wachtwoordkluis. "
            "U ziet hem maar één keer. Zonder beheercode kunt u deze ronde niet meer beheren "
            "en de resultaten niet openen.",
            icon=":material/warning:",
        )
        st.code(created["beheercode"], language=None)
        st.markdown(
            f"Om later terug te komen vult u de deelnamecode **{created['join_code']}** en deze beheercode in."
        )
        st.button(
            "Ik heb de beheercode bewaard",
            key="setup_created_ack",
            icon=":material/check:",
            on_click=lambda: st.session_state.pop(CREATED, None),
        )

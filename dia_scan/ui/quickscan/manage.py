"""Managing a round the facilitator has opened: open/close, results for participants, live monitor,
paper forms, correcting its title and period, and deleting it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import streamlit as st

from dia_scan import storage
from dia_scan.core import changelog, lifecycle
from dia_scan.core.errors import ServiceError
from dia_scan.core.lifecycle import Phase
from dia_scan.core.records import Round
from dia_scan.core.text import long_date, markdown_safe, period_text
from dia_scan.quickscan import languages, rounds
from dia_scan.ui.common import access
from dia_scan.ui.common.context import change_and_rerun, typed_confirmation
from dia_scan.ui.common.dates import DATE_FORMAT
from dia_scan.ui.common.links import show_invitation
from dia_scan.ui.quickscan import paper_forms
from dia_scan.ui.quickscan.setup import language_choice

MONITOR_SECONDS = 5


def show(conn, catalog, round_row: Round) -> None:
    rid = round_row.id
    st.subheader(markdown_safe(f"{round_row.organisation_name}: {round_row.title}"))
    instrument = catalog.instruments.get(round_row.instrument_id)
    details = [instrument.title if instrument else round_row.instrument_id]
    period = period_text(round_row.period_start, round_row.period_end)
    if period:
        details.append(period)
    details.append(f"anonimiteitsgrens k = {round_row.k}")
    st.caption(" · ".join(details))

    with st.container(border=True):
        _open_and_close(round_row)
        st.toggle(
            "Deelnemers mogen de resultaten zien na sluiten",
            value=bool(round_row.results_for_participants),
            key=f"m{rid}_results",
            on_change=_set_results,
            args=(rid, f"m{rid}_results"),
        )
        message = st.session_state.pop("setup_manage_error", None)
        if message:
            st.error(message)
    st.link_button(
        "Live openen in een nieuw venster",
        access.window_link(conn, round_row, "live"),
        icon=":material/cast:",
        help=(
            "Voor het grote scherm. U hoeft de codes daar niet opnieuw in te vullen. "
            "De link werkt een werkdag lang, en niet meer zodra de scan sluit: door u of op de einddatum."
        ),
    )

    st.markdown("#### Wie heeft meegedaan?")
    _monitor(rid)

    st.markdown("#### Deelnemers uitnodigen")
    if lifecycle.is_over(round_row):
        st.warning(
            "De scan is gesloten: wie nu de link, de code of de uitnodiging krijgt, kan niet meer meedoen. "
            "Zet de scan eerst weer open (bovenaan deze pagina).",
            icon=":material/lock:",
        )
    link_language = _languages(round_row)
    link = show_invitation(round_row, key=f"m{rid}", language=link_language)
    instrument = rounds.round_instrument(conn, round_row)
    with st.expander("Tekst voor een uitnodiging"):
        st.caption("Om te kopiëren (knop rechtsboven) naar een e-mail, nieuwsbrief of intranetbericht.")
        st.code(languages.invitation_text(round_row, instrument, link), language=None, wrap_lines=True)
    with st.expander("Papieren formulieren invoeren"):
        paper_forms.show(round_row, instrument)

    custom = round_row.custom_questions or []
    if custom:
        with st.expander(f"Eigen vragen ({len(custom)})"):
            for question in custom:
                kind = "Stelling" if question["kind"] == "stelling" else "Open vraag"
                st.text(f"{kind}: {question['text']}")

    current = catalog.instruments.get(round_row.instrument_id)
    if current is not None and current.version > round_row.instrument_version:
        _instrument_changes(current, instrument)

    with st.expander("Titel en periode wijzigen"):
        _edit_form(round_row)
    with st.expander("Ronde verwijderen"):
        _delete_form(round_row)


def _instrument_changes(current, older) -> None:
    """What changed in the questionnaire since the round's version, from the YAML's ``changes``."""
    themes = {t.id for t in current.themes} | {t.id for t in older.themes}
    ready_made = {q.id for q in current.suggested_custom_questions}

    def words(item_id: str, text: str) -> str:
        return f"Thema: {text or item_id}" if item_id in themes else text or item_id

    with st.expander(f"Nieuwere vragenlijst: wat veranderde sinds versie {older.version}"):
        st.markdown(
            f"Deze ronde gebruikt versie {older.version} van de vragenlijst. De nieuwste versie is "
            f"{current.version}. Uw ronde houdt haar eigen versie: deelnemers krijgen de vragen waarmee "
            "de ronde begon. Een nieuwe ronde krijgt de nieuwste versie. Vergelijkt u rondes met "
            "verschillende versies, dan tellen alleen de stellingen die in beide versies staan."
        )
        for diff in changelog.changes_since(current, older):
            st.markdown(f"**Versie {diff.version}**")
            st.markdown(markdown_safe(diff.summary))
            lists = [
                ("Nieuw", [words(i, t) for i, t in diff.added if i not in ready_made]),
                (
                    "Nieuwe kant-en-klare eigen vragen, om te kiezen bij een nieuwe ronde",
                    [words(i, t) for i, t in diff.added if i in ready_made],
                ),
                ("Weg", [words(i, t) for i, t in diff.removed]),
                (
                    "Anders verwoord",
                    [
                        f"{words(r.id, r.after)} (was: {r.before})" if r.before else words(r.id, r.after)
                        for r in diff.reworded
                    ],
                ),
            ]
            for label, texts in lists:
                if texts:
                    items = "\n".join(f"- {markdown_safe(t)}" for t in texts)
                    st.markdown(f"*{label} ({len(texts)}):*\n\n{items}")


def _open_and_close(round_row: Round) -> None:
    """Where the round stands by its dates (the one rule of core.lifecycle), and the switch to close it
    early or open it again; once the end date has passed, reopening asks for a new end date."""
    rid = round_row.id
    current = lifecycle.phase(round_row)
    start, end = long_date(round_row.period_start), long_date(round_row.period_end)
    until = f" tot en met {end}" if end else ""
    if current is Phase.OPEN:
        status = f":green-badge[Open] Deelnemers kunnen meedoen{until}."
        hint = "Zet de schakelaar uit om de scan eerder te sluiten."
    elif current is Phase.NOT_STARTED:
        status = f":blue-badge[Nog niet begonnen] De scan gaat vanzelf open op {start}{' en loopt' + until if end else ''}."
        hint = "Eerder beginnen? Zet de begindatum op vandaag onder *Titel en periode wijzigen*."
    elif current is Phase.NOT_PUBLISHED:
        status = ":gray-badge[Nog dicht] Deelnemers kunnen nog niet meedoen."
        hint = "Zet de schakelaar aan als deelnemers mogen beginnen."
    elif current is Phase.ENDED:
        status = f":orange-badge[Gesloten] De periode is voorbij: meedoen kon{until}."
        hint = "Wilt u de scan toch weer openzetten? Kies dan een nieuwe einddatum."
    else:
        status = f":orange-badge[Gesloten] U heeft de scan gesloten op {long_date(round_row.closed_at)}."
        hint = "Deelnemers kunnen niet meer antwoorden. U kunt de scan weer openzetten."
    st.markdown(status)
    if current is not Phase.OPEN and lifecycle.needs_new_end(round_row):
        st.caption(hint)
        _reopen_form(rid)
        return
    st.toggle(
        "Open voor deelnemers",
        value=bool(round_row.published) and not round_row.closed_at,
        key=f"m{rid}_published",
        on_change=_set_published,
        args=(rid, f"m{rid}_published"),
    )
    st.caption(hint)


def _reopen_form(round_id: int) -> None:
    """Open a round again whose end date has passed: with a new end date, so the dates stay true."""
    with st.form(f"m{round_id}_reopen", border=False):
        until = st.date_input(
            "Weer open tot en met",
            value=lifecycle.local_today() + timedelta(days=7),
            min_value=lifecycle.local_today(),
            width=260,
            format=DATE_FORMAT,
            key=f"m{round_id}_until",
        )
        reopen = st.form_submit_button(
            "Weer openzetten", icon=":material/lock_open:", key=f"m{round_id}_reopen_now"
        )
    if reopen:
        change_and_rerun(
            lambda conn: rounds.set_published(conn, access.permit_for(round_id), True, until=until),
            lambda _: f"De scan staat weer open, tot en met {long_date(until)}.",
        )


def _languages(round_row: Round) -> str:
    """The languages participants may choose, and the language the link and QR code open in."""
    rid = round_row.id
    offered = languages.offered(round_row)
    st.session_state.setdefault(f"m{rid}_languages", [code for code in offered if code != "nl"])
    language_choice(f"m{rid}_languages", on_change=_set_languages, args=(rid, f"m{rid}_languages"))
    if len(offered) < 2:
        return "nl"
    return (
        st.segmented_control(
            "Taal waarin de link en de QR-code openen",
            offered,
            format_func=languages.DUTCH_NAMES.get,
            default="nl",
            key=f"m{rid}_link_language",
            help="Deelnemers kunnen op het eerste scherm altijd nog een andere taal kiezen.",
        )
        or "nl"
    )


def _set_languages(round_id: int, key: str) -> None:
    chosen = ["nl", *(st.session_state.get(key) or [])]
    _update(languages.set_languages, round_id, chosen)


def _edit_form(round_row: Round) -> None:
    """Correct the title and the period; the questions, groups and k stay as they were."""
    rid = round_row.id
    with st.form(f"m{rid}_edit", border=False):
        title = st.text_input(
            "Titel van de ronde", value=round_row.title, max_chars=rounds.MAX_TITLE, key=f"m{rid}_title"
        )
        start_col, end_col = st.columns(2)
        start = start_col.date_input(
            "Open vanaf", value=_as_date(round_row.period_start), format=DATE_FORMAT, key=f"m{rid}_start"
        )
        end = end_col.date_input(
            "Open tot en met", value=_as_date(round_row.period_end), format=DATE_FORMAT, key=f"m{rid}_end"
        )
        st.caption("De vragen, de groepen en de anonimiteitsgrens blijven zoals ze waren.")
        saved = st.form_submit_button("Wijzigingen opslaan", icon=":material/save:", key=f"m{rid}_save")
    if saved:
        change_and_rerun(
            lambda conn: rounds.update_details(
                conn, access.permit_for(rid), title=title, period_start=start, period_end=end
            ),
            lambda _: "De titel en de periode zijn opgeslagen.",
        )


def _delete_form(round_row: Round) -> None:
    """Delete the round with all its answers, after closing it and typing its join code again."""
    rid = round_row.id
    st.markdown(
        "Hiermee verwijdert u deze ronde **met alle antwoorden, open antwoorden en resultaten**. "
        "Dat kan niet ongedaan worden gemaakt. Doe dit bij een proefronde, of als de bewaartermijn "
        "voorbij is. Acties op de verbeteragenda blijven bewaard."
    )
    if rounds.open_for_answers(round_row):
        st.info(
            "Sluit de scan eerst (zet de schakelaar *Open voor deelnemers* uit). Daarna kunt u hem verwijderen."
        )
        return
    typed = typed_confirmation(
        f"m{rid}_delete",
        f"Typ ter bevestiging de deelnamecode ({round_row.join_code})",
        "Ronde definitief verwijderen",
        key=f"m{rid}_confirm",
        button_key=f"m{rid}_delete_now",
        max_chars=20,
    )
    if typed is None:
        return

    def delete(conn) -> int:
        deleted = rounds.delete_round(conn, access.permit_for(rid), typed)
        access.forget(rid)
        return deleted["responses"]

    change_and_rerun(
        delete,
        lambda count: (
            f"De ronde '{markdown_safe(round_row.title)}' is verwijderd, met {count} ingevulde of "
            f"begonnen {'vragenlijst' if count == 1 else 'vragenlijsten'}."
        ),
    )


def _as_date(iso: str | None) -> date | None:
    try:
        return date.fromisoformat(iso[:10]) if iso else None
    except ValueError:
        return None


@st.fragment(run_every=MONITOR_SECONDS)
def _monitor(round_id: int) -> None:
    """Started and submitted per group; refreshes itself while the page is open."""
    try:
        conn = storage.connect()
        try:
            permit = access.permit_for(round_id)
            row = rounds.managed_round(conn, permit)
            counts = rounds.monitor(conn, permit)
        finally:
            conn.close()
    except (ServiceError, storage.StorageError) as err:
        st.error(str(err))
        return
    if row is None:
        return
    submitted = sum(c["ingediend"] for c in counts)
    started = sum(c["gestart"] for c in counts)
    cols = st.columns(2)
    cols[0].metric("Ingevuld", submitted)
    cols[1].metric("Begonnen, nog niet verstuurd", started - submitted)
    table = pd.DataFrame(
        [{"Groep": c["group"], "Begonnen": c["gestart"], "Ingevuld": c["ingediend"]} for c in counts]
    )
    st.dataframe(table, hide_index=True, width="stretch")
    small = [c["group"] for c in counts if c["ingediend"] < row.k]
    if small:
        st.caption(
            f"Minder dan {row.k} ingevuld: {', '.join(small)}. Zo'n groep wordt in de resultaten "
            "niet apart getoond (anonimiteit)."
        )
    st.caption(f"Bijgewerkt om {datetime.now():%H:%M:%S}. Ververst elke {MONITOR_SECONDS} seconden.")


def _set_published(round_id: int, key: str) -> None:
    _update(rounds.set_published, round_id, bool(st.session_state.get(key)))


def _set_results(round_id: int, key: str) -> None:
    _update(rounds.set_results_for_participants, round_id, bool(st.session_state.get(key)))


def _update(action, round_id: int, value) -> None:
    try:
        conn = storage.connect()
        try:
            action(conn, access.permit_for(round_id), value)
        finally:
            conn.close()
    except (ServiceError, storage.StorageError) as err:
        st.session_state["setup_manage_error"] = str(err)

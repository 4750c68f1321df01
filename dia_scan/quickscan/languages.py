"""The languages a round offers its participants, and the questionnaire in the participant's language.

Only what participants read changes with the language; ids, answers and results do not, so everyone is
counted together and results, reports and exports stay Dutch.
"""

from __future__ import annotations

from urllib.parse import urlencode

from sqlite_utils import Database

from dia_scan import storage
from dia_scan.core import i18n
from dia_scan.core.catalog import Catalog
from dia_scan.core.model import OpenQuestion, QuickScan, Statement
from dia_scan.core.permits import RoundPermit
from dia_scan.core.records import Round
from dia_scan.quickscan import rounds

DUTCH_NAMES = i18n.DUTCH_NAMES


def offered(round_row: Round) -> list[str]:
    """The round's languages, Dutch first (rounds from before languages existed offer Dutch only)."""
    return i18n.parse_list(round_row.languages)


def set_languages(db: Database, permit: RoundPermit, languages: list[str]) -> list[str]:
    """Store the languages the round offers (Dutch is always one of them); returns them as stored."""
    rounds.managed_round(db, permit)
    stored = i18n.format_list(languages)
    storage.update_round(db, permit.round_id, languages=stored)
    return i18n.parse_list(stored)


def participant_instrument(db: Database, catalog: Catalog, round_row: Round, language: str) -> QuickScan:
    """The round's questionnaire with its texts in ``language`` (Dutch where no translation exists).
    A round keeps the instrument version it started with; see ``i18n.localise_version``. Its own
    questions picked from the ready-made ones are translated too; those the trekker typed stay Dutch."""
    base = rounds.round_instrument(db, round_row)
    current = catalog.instruments.get(base.id)
    localised = i18n.localise_version(base, language, current)
    return _own_questions_in(localised, rounds.own_questions(round_row), current, language)


def typed_in_dutch(item: Statement | OpenQuestion, language: str) -> bool:
    """True for a round's own question that a participant reading ``language`` gets in Dutch: one the
    trekker typed (a ready-made one carries its translation, see ``participant_instrument``)."""
    return language != i18n.SOURCE and rounds.is_own_question(item.id) and not item.translation(language)


def _own_questions_in(
    instrument: QuickScan, questions: list[rounds.CustomQuestion], current: QuickScan | None, language: str
) -> QuickScan:
    """The round's own questions that came from a ready-made one, in ``language``: found by the id the
    round keeps, or (rounds from before it kept the id) by the Dutch text. The ready-made questions of
    the catalog come first, then those of the round's own version."""
    if language not in i18n.TRANSLATION_LANGUAGES or not questions:
        return instrument
    ready = list(getattr(current, "suggested_custom_questions", [])) + list(
        instrument.suggested_custom_questions
    )
    texts: dict[str, str] = {}
    for number, question in enumerate(questions, start=1):
        match = next((r for r in ready if r.id == question.suggested), None) or next(
            (
                r
                for r in ready
                if question.suggested is None and (r.kind, r.text) == (question.kind, question.text)
            ),
            None,
        )
        translated = match.translation(language).get("text") if match is not None else None
        if translated:
            texts[rounds.own_question_id(number, question)] = translated
    if not texts:
        return instrument

    def own(item):
        if item.id not in texts:
            return item
        return item.model_copy(update={"text": texts[item.id], language: {"text": texts[item.id]}})

    themes = [
        t.model_copy(update={"statements": [own(s) for s in t.statements]}) if t.custom else t
        for t in instrument.themes
    ]
    return instrument.model_copy(
        update={"themes": themes, "open_questions": [own(q) for q in instrument.open_questions]}
    )


def unreviewed(catalog: Catalog, instrument: QuickScan, language: str) -> bool:
    """True when no native speaker has checked this language's translation yet."""
    return i18n.unreviewed(instrument, language, catalog.instruments.get(instrument.id))


def link_in(link: str, language: str) -> str:
    """A participation link that opens in ``language`` (Dutch needs nothing added)."""
    if language == i18n.SOURCE:
        return link
    return f"{link}{'&' if '?' in link else '?'}{urlencode({'lang': language})}"


def invitation_text(round_row: Round, instrument: QuickScan, link: str) -> str:
    """The invitation (see ``rounds.invitation_text``) plus, when the round offers other languages, a
    sentence in Dutch and one in each of those languages saying that participants can choose."""
    text = rounds.invitation_text(round_row, instrument, link)
    others = [language for language in offered(round_row) if language != i18n.SOURCE]
    if not others:
        return text
    names = " of het ".join(DUTCH_NAMES[language] for language in others)
    lines = [
        text,
        "",
        f"U kunt de vragenlijst ook in het {names} invullen: kies uw taal op het eerste scherm.",
    ]
    lines += [
        i18n.gettext_in(
            language, "U kunt de vragenlijst ook in deze taal invullen. Kies uw taal op het eerste scherm."
        )
        for language in others
    ]
    return "\n".join(lines)

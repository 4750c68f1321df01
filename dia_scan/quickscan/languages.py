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
from dia_scan.core.model import QuickScan
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
    A round keeps the instrument version it started with; see ``i18n.localise_version``."""
    base = rounds.round_instrument(db, round_row)
    return i18n.localise_version(base, language, catalog.instruments.get(base.id))


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

"""One organisation over time: theme scores per round, and a round set against the one before it.

Rounds of different versions of an instrument are scored on the statements they share only (a reduced
instrument), and the result carries a plain Dutch note that says so. Rounds of another instrument are
never mixed in. Maatwerkvragen differ per round and stay out of every comparison.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from dia_scan import storage
from dia_scan.compare.comparison import (
    OVERALL,
    InstrumentCache,
    ThemeInfo,
    reduce_instrument,
    shared_statement_keys,
    statement_keys,
    versions_note,
)
from dia_scan.core import permits
from dia_scan.core.errors import ServiceError
from dia_scan.core.model import QuickScan
from dia_scan.core.records import Action, Round
from dia_scan.quickscan.result_types import BackgroundGroup
from dia_scan.quickscan.results import round_tally
from dia_scan.quickscan.scoring import RoundResult, score_round


def _score(db: Database, instrument: QuickScan, row: Round) -> RoundResult:
    return score_round(instrument, round_tally(db, row.id, instrument), row.k)


def instruments_of(db: Database, organisation_id: int) -> list[str]:
    """The instruments this organisation has rounds of, most recently used first."""
    seen: dict[str, None] = {}
    for row in reversed(storage.list_rounds(db, organisation_id)):
        seen.setdefault(row.instrument_id, None)
    return list(seen)


def scored_rounds(db: Database, organisation_id: int, instrument_id: str) -> list[Round]:
    """The organisation's rounds of this instrument with submitted responses, oldest first."""
    return [
        r
        for r in storage.list_rounds(db, organisation_id)
        if r.instrument_id == instrument_id and r.submitted > 0
    ]


# -- history -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryPoint:
    round_id: int
    title: str
    date: str
    version: int
    respondents: int
    groups: tuple[str, ...]  # shown group labels
    themes: dict[str, float | None]  # theme -> overall score
    total: float | None


@dataclass(frozen=True)
class History:
    instrument_id: str
    instrument_title: str
    themes: tuple[ThemeInfo, ...]
    points: tuple[HistoryPoint, ...]
    note: str | None  # set when rounds of several versions are compared on shared statements


def organisation_history(db: Database, organisation_id: int, instrument_id: str, *, permit) -> History:
    """Overall theme scores of every round of this organisation and instrument, oldest first. For a
    coordinator or a facilitator of the organisation (``permits.require_organisation``)."""
    permits.require_organisation(permit, organisation_id)
    rows = scored_rounds(db, organisation_id, instrument_id)
    cache = InstrumentCache(db)
    if not rows:
        return History(instrument_id, instrument_id, (), (), None)
    instruments = [cache.get(instrument_id, r.instrument_version) for r in rows]
    keep = shared_statement_keys(instruments)
    newest = instruments[-1]
    note = versions_note([r.instrument_version for r in rows], len(keep), len(statement_keys(newest)))
    points = []
    for row, instrument in zip(rows, instruments, strict=True):
        result = _score(db, reduce_instrument(instrument, keep), row)
        points.append(
            HistoryPoint(
                round_id=row.id,
                title=row.title,
                date=row.round_date,
                version=row.instrument_version,
                respondents=result.respondents_total,
                groups=tuple(g.label for g in result.shown_groups),
                themes={t.id: t.overall for t in result.themes if not t.custom},
                total=result.total.overall,
            )
        )
    themes = tuple(ThemeInfo(t.id, t.title, t.short) for t in reduce_instrument(newest, keep).themes)
    return History(instrument_id, newest.title, themes, tuple(points), note)


# -- this round against the previous one ---------------------------------------------------------


@dataclass(frozen=True)
class Change:
    theme_id: str
    title: str
    short: str
    group: str  # perspective id: OVERALL or a shown group id
    group_label: str
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        return None if self.before is None or self.after is None else self.after - self.before


@dataclass(frozen=True)
class RoundComparison:
    current_round: Round
    previous_round: Round
    themes: tuple[ThemeInfo, ...]
    current: RoundResult
    previous: RoundResult
    shared_statements: int
    note: str | None  # versions differ: compared on the shared statements only
    groups_note: str | None  # the shown groups differ between the rounds
    changes: tuple[Change, ...]  # per theme: overall first, then each group shown in both rounds
    previous_actions: tuple[Action, ...]  # the verbeteragenda of the previous round

    def overall_changes(self) -> list[Change]:
        return [c for c in self.changes if c.group == OVERALL]

    def group_changes(self) -> list[Change]:
        return [c for c in self.changes if c.group != OVERALL]


def previous_scored_round(db: Database, round_row: Round) -> Round | None:
    """The round with responses of the same organisation and instrument just before this one."""
    rows = scored_rounds(db, round_row.organisation_id, round_row.instrument_id)
    ids = [r.id for r in rows]
    if round_row.id not in ids:
        return rows[-1] if rows else None
    index = ids.index(round_row.id)
    return rows[index - 1] if index > 0 else None


def compare_rounds(db: Database, current_row: Round, previous_row: Round) -> RoundComparison:
    """Score both rounds on the statements they share and list the change per theme and group."""
    if current_row.instrument_id != previous_row.instrument_id:
        raise ServiceError("Alleen rondes met dezelfde vragenlijst zijn te vergelijken.")
    if current_row.organisation_id != previous_row.organisation_id:
        raise ServiceError("Deze rondes horen niet bij dezelfde organisatie.")
    cache = InstrumentCache(db)
    current_instrument = cache.get(current_row.instrument_id, current_row.instrument_version)
    previous_instrument = cache.get(previous_row.instrument_id, previous_row.instrument_version)
    keep = shared_statement_keys([current_instrument, previous_instrument])
    if not keep:
        raise ServiceError("Deze rondes hebben geen stellingen gemeen en zijn dus niet te vergelijken.")
    note = versions_note(
        [previous_row.instrument_version, current_row.instrument_version],
        len(keep),
        len(statement_keys(current_instrument)),
    )
    reduced_current = reduce_instrument(current_instrument, keep)
    current = _score(db, reduced_current, current_row)
    previous = _score(db, reduce_instrument(previous_instrument, keep), previous_row)
    shared_groups = [g for g in current.shown_groups if g.id in set(previous.shown_group_ids)]
    groups_note = None
    if current.shown_group_ids != previous.shown_group_ids:
        groups_note = (
            "In deze ronde worden andere groepen getoond dan in de vorige ronde (bijvoorbeeld omdat een "
            "groep te klein was). Per groep vergelijken we alleen de groepen die in beide rondes te zien zijn."
        )
    before = {t.id: t for t in previous.themes}
    changes = []
    for theme in current.themes:
        old = before.get(theme.id)
        if theme.custom or old is None:
            continue
        changes.append(
            Change(
                theme.id, theme.title, theme.short, OVERALL, "Alle groepen samen", old.overall, theme.overall
            )
        )
        for group in shared_groups:
            changes.append(
                Change(
                    theme.id,
                    theme.title,
                    theme.short,
                    group.id,
                    group.label,
                    old.by_group.get(group.id),
                    theme.by_group.get(group.id),
                )
            )
    return RoundComparison(
        current_round=current_row,
        previous_round=previous_row,
        themes=tuple(ThemeInfo(t.id, t.title, t.short) for t in reduced_current.themes),
        current=current,
        previous=previous,
        shared_statements=len(keep),
        note=note,
        groups_note=groups_note,
        changes=tuple(changes),
        previous_actions=tuple(storage.list_actions(db, round_id=previous_row.id)),
    )


# -- who took part, round by round ---------------------------------------------------------------


@dataclass(frozen=True)
class BackgroundPoint:
    """One shown group of one round, for one "Over u" question (numbers only where at least k)."""

    round_id: int
    round_title: str
    date: str
    group_label: str
    counts: BackgroundGroup


@dataclass(frozen=True)
class BackgroundTrend:
    """An "Over u" question over the rounds that asked it with the same answer options."""

    id: str
    text: str
    ordered: bool
    option_labels: tuple[str, ...]
    k: int | None  # the rounds' k (the rest holds the options under it); None when the rounds differ
    points: tuple[BackgroundPoint, ...]  # oldest round first, then the round's shown groups
    not_compared: tuple[str, ...]  # titles of rounds that did not ask it, or with other options


def background_history(
    db: Database, organisation_id: int, instrument_id: str, *, permit
) -> list[BackgroundTrend]:
    """Per "Over u" question of the newest version: who took part in each round of this organisation
    and instrument, taken from each round's own result (the same k rule as its results page).
    A round whose version asked it with other answer options is not compared, and named.
    For a coordinator or a facilitator of the organisation (``permits.require_organisation``)."""
    permits.require_organisation(permit, organisation_id)
    rows = scored_rounds(db, organisation_id, instrument_id)
    cache = InstrumentCache(db)
    instruments = [cache.get(instrument_id, r.instrument_version) for r in rows]
    if not instruments or not instruments[-1].background:
        return []
    results = [
        _score(db, instrument, row) if instrument.background else None
        for row, instrument in zip(rows, instruments, strict=True)
    ]
    trends = []
    for question in instruments[-1].background:
        option_ids = [o.id for o in question.options]
        points, not_compared, ks = [], [], []
        for row, instrument, result in zip(rows, instruments, results, strict=True):
            asked = next((q for q in instrument.background if q.id == question.id), None)
            if result is None or asked is None or [o.id for o in asked.options] != option_ids:
                not_compared.append(row.title)
                continue
            answered = next((q for q in result.background if q.id == question.id), None)
            if answered is None:
                continue  # no group of this round was shown and got the question
            labels = {g.id: g.label for g in result.shown_groups}
            ks.append(result.k)
            points.extend(
                BackgroundPoint(row.id, row.title, row.round_date, labels[g.group_id], g)
                for g in answered.by_group
            )
        if points:
            trends.append(
                BackgroundTrend(
                    question.id,
                    question.text,
                    question.ordered,
                    tuple(o.label for o in question.options),
                    ks[0] if len(set(ks)) == 1 else None,
                    tuple(points),
                    tuple(not_compared),
                )
            )
    return trends

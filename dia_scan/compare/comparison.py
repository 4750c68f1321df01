"""Comparison between organisations, for coordinators: the latest round of each organisation.

Only stored tallies are read (counts per group, statement and answer), never individual answers, and
every round goes through :func:`dia_scan.quickscan.scoring.score_round`, so a group under k never reaches a table,
chart or export. Comparisons never mix instruments; rounds of different versions of one instrument are
compared on the statements all of them share (:func:`reduce_instrument`).

Over time per organisation: :mod:`dia_scan.compare.history`. Exports: :mod:`dia_scan.output.spreadsheet`.

Longer than most because the comparison, its score cache and the reduction to shared statements are one
pipeline that must agree with itself.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlite_utils import Database

from dia_scan import storage
from dia_scan.common.organisations import list_profiles, type_label
from dia_scan.core import permits
from dia_scan.core.catalog import parse_instrument_json
from dia_scan.core.errors import ServiceError
from dia_scan.core.model import QuickScan
from dia_scan.core.permits import CoordinatorPermit
from dia_scan.core.records import Organisation, Round
from dia_scan.core.text import whole
from dia_scan.quickscan import scoring
from dia_scan.quickscan.scoring import (
    MERGED_ID,
    MERGED_LABEL,
    RoundResult,
    mean,
    score_round,
    tally_from_counts,
)

#: Perspective key for "all shown groups together" (the overall score of a round).
OVERALL = "*"
OVERALL_LABEL = "Alle groepen samen"


# -- instruments ---------------------------------------------------------------------------------


class InstrumentCache:
    """Parsed instrument snapshots by (id, version): parsing once keeps a 400-round comparison fast."""

    def __init__(self, db: Database):
        self.db = db
        self._parsed: dict[tuple[str, int], QuickScan] = {}

    def get(self, instrument_id: str, version: int) -> QuickScan:
        key = (instrument_id, int(version))
        if key not in self._parsed:
            body = storage.get_instrument_body(self.db, instrument_id, int(version))
            if body is None:
                raise ServiceError("De vragenlijst van een ronde is niet gevonden.")
            instrument = parse_instrument_json(body)
            if not isinstance(instrument, QuickScan):
                raise ServiceError("Alleen rondes van een Quick Scan zijn te vergelijken.")
            self._parsed[key] = instrument
        return self._parsed[key]


def statement_keys(instrument: QuickScan) -> set[tuple[str, str]]:
    """(theme id, statement id) of every statement outside the round's own maatwerkvragen."""
    return {(t.id, s.id) for t in instrument.themes if not t.custom for s in t.statements}


def shared_statement_keys(instruments: Iterable[QuickScan]) -> set[tuple[str, str]]:
    """The statements every one of these instruments has, in the same theme."""
    keys: set[tuple[str, str]] | None = None
    for instrument in instruments:
        own = statement_keys(instrument)
        keys = own if keys is None else keys & own
    return keys or set()


def reduce_instrument(instrument: QuickScan, keep: set[tuple[str, str]]) -> QuickScan:
    """The instrument with only the kept statements (maatwerkvragen and emptied themes dropped), and
    without the "Over u" questions, which comparisons do not show."""
    themes = []
    for theme in instrument.themes:
        if theme.custom:
            continue
        statements = [s for s in theme.statements if (theme.id, s.id) in keep]
        if statements:
            themes.append(theme.model_copy(update={"statements": statements}))
    return instrument.model_copy(update={"themes": themes, "background": []})


def versions_note(versions: Sequence[int], shared: int, newest_total: int) -> str | None:
    """Plain Dutch note when rounds of several versions are compared on their shared statements."""
    if len(set(versions)) <= 1 and shared == newest_total:
        return None
    listed = ", ".join(str(v) for v in sorted(set(versions)))
    if shared == newest_total:
        return (
            f"De rondes gebruiken verschillende versies van de vragenlijst ({listed}). "
            f"De {shared} stellingen zijn in alle versies dezelfde, dus we vergelijken ze allemaal."
        )
    return (
        f"De rondes gebruiken verschillende versies van de vragenlijst ({listed}). "
        f"We vergelijken daarom alleen de {shared} stellingen die in alle versies staan "
        f"(van de {newest_total} in de nieuwste versie)."
    )


# -- tallies of many rounds ----------------------------------------------------------------------


def tallies_of_rounds(db: Database, rounds: Sequence[Round], group_ids: Sequence[str]) -> dict[int, dict]:
    """Per round id its tallies as the scoring module's input, read for all rounds in two queries.

    The same as :func:`dia_scan.quickscan.results.round_tally` per round: only the instrument's groups with
    submitted responses, n = submitted.
    """
    ids = [r.id for r in rounds]
    wanted = set(group_ids)
    submitted: dict[int, dict[str, int]] = {round_id: {} for round_id in ids}
    for round_id, group_id, n in storage.submitted_counts_of_rounds(db, ids):
        if group_id in wanted and n > 0:
            submitted[round_id][group_id] = n
    rows: dict[int, list[tuple[str, str, str, int]]] = {round_id: [] for round_id in ids}
    for round_id, group_id, question_id, option, n in storage.tallies_of_rounds(db, ids):
        rows[round_id].append((group_id, question_id, option, n))
    return {
        round_id: tally_from_counts(submitted[round_id], rows[round_id], storage.PRIORITIES_KEY)
        for round_id in ids
    }


# -- the coordinator comparison ------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeInfo:
    id: str
    title: str
    short: str


@dataclass(frozen=True)
class GroupInfo:
    id: str
    label: str


@dataclass(frozen=True)
class OrganisationScores:
    """The k-safe scores of one organisation's latest round: aggregates only."""

    profile: Organisation
    round_id: int
    round_title: str
    round_date: str
    instrument_version: int
    respondents: int  # respondents of the shown groups
    group_n: dict[str, int]  # shown group -> respondents
    hidden_groups: tuple[str, ...]  # labels of groups not shown on their own
    themes: dict[str, dict[str, float | None]]  # theme -> perspective -> score
    total: dict[str, float | None]  # perspective -> overall score

    def score(self, theme_id: str, perspective: str = OVERALL) -> float | None:
        return self.themes.get(theme_id, {}).get(perspective)


@dataclass(frozen=True)
class Comparison:
    instrument_id: str
    instrument_title: str
    themes: tuple[ThemeInfo, ...]
    groups: tuple[GroupInfo, ...]  # the instrument's groups, plus the merged binnenkant when used
    organisations: tuple[OrganisationScores, ...]
    notes: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None

    def organisation(self, organisation_id: int) -> OrganisationScores:
        for org in self.organisations:
            if org.profile.id == organisation_id:
                return org
        raise KeyError(organisation_id)

    def perspectives(self) -> list[GroupInfo]:
        return [GroupInfo(OVERALL, OVERALL_LABEL), *self.groups]

    def with_organisations(self, organisations: Iterable[OrganisationScores]) -> Comparison:
        return Comparison(
            self.instrument_id,
            self.instrument_title,
            self.themes,
            self.groups,
            tuple(organisations),
            self.notes,
            self.date_from,
            self.date_to,
        )


def _date_text(value: date | str | None) -> str | None:
    if value in (None, ""):
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _summary(result: RoundResult) -> dict:
    """What the comparison keeps of a scored round: k-safe aggregates, JSON-ready."""
    return {
        "respondents": result.respondents_total,
        "group_n": {g.id: g.n for g in result.shown_groups},
        "hidden_groups": [h.label for h in result.hidden_groups],
        "themes": {t.id: {OVERALL: t.overall, **t.by_group} for t in result.themes if not t.custom},
        "total": {OVERALL: result.total.overall, **result.total.by_group},
    }


def _organisation_scores(profile: Organisation, round_row: Round, summary: dict) -> OrganisationScores:
    return OrganisationScores(
        profile=profile,
        round_id=round_row.id,
        round_title=round_row.title,
        round_date=round_row.round_date,
        instrument_version=round_row.instrument_version,
        respondents=summary["respondents"],
        group_n=dict(summary["group_n"]),
        hidden_groups=tuple(summary["hidden_groups"]),
        themes={t: dict(scores) for t, scores in summary["themes"].items()},
        total=dict(summary["total"]),
    )


#: The scoring rules' version and this summary's shape: cached scores of other versions are never used.
SUMMARY_VERSION = 1
_SCORING_STAMP = f"scoring-{scoring.SCORING_VERSION}|summary-{SUMMARY_VERSION}"


def _fingerprint(row: Round, counts: dict[str, int], keep: set[tuple[str, str]]) -> str:
    """Everything a round's scores depend on: the rules, the round, its k, version, statements, counts."""
    parts = [
        _SCORING_STAMP,
        str(row.id),
        row.join_code,
        row.created_at,
        str(row.instrument_version),
        str(row.k),
        ",".join(f"{t}/{s}" for t, s in sorted(keep)),
        ",".join(f"{g}={n}" for g, n in sorted(counts.items())),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def compare_latest(
    db: Database,
    instrument_id: str,
    *,
    date_from: date | str | None = None,
    date_to: date | str | None = None,
    use_cache: bool = True,
) -> Comparison:
    """The latest round of every organisation with this instrument in the period, scored per group.

    Scores of a round are cached in the database with a fingerprint of everything they depend on
    (scoring rules, k, instrument version, submitted counts per group), so only rounds that changed
    are scored again. ``use_cache=False`` scores every round afresh and stores nothing.
    """
    date_from, date_to = _date_text(date_from), _date_text(date_to)
    latest = storage.latest_rounds(db, instrument_id, date_from, date_to)
    cache = InstrumentCache(db)
    if not latest:
        return Comparison(instrument_id, instrument_id, (), (), (), (), date_from, date_to)
    versions = sorted({r.instrument_version for r in latest})
    newest = cache.get(instrument_id, versions[-1])
    keep = shared_statement_keys(cache.get(instrument_id, v) for v in versions)
    reduced = {v: reduce_instrument(cache.get(instrument_id, v), keep) for v in versions}
    notes = [n for n in [versions_note(versions, len(keep), len(statement_keys(newest)))] if n]
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for round_id, group_id, n in storage.submitted_counts_of_rounds(db, [r.id for r in latest]):
        counts[round_id][group_id] = n
    fingerprints = {r.id: _fingerprint(r, counts[r.id], keep) for r in latest}
    stored = storage.cached_round_scores(db, fingerprints) if use_cache else {}
    summaries = {rid: body for rid, (fp, body) in stored.items() if fp == fingerprints[rid]}
    missing = [r for r in latest if r.id not in summaries]
    if missing:
        tallies = tallies_of_rounds(db, missing, newest.group_ids)
        fresh = {
            r.id: _summary(score_round(reduced[r.instrument_version], tallies[r.id], r.k)) for r in missing
        }
        summaries.update(fresh)
        if use_cache:
            _store_quietly(db, [(rid, fingerprints[rid], body) for rid, body in fresh.items()])
    profiles = {p.id: p for p in list_profiles(db)}
    organisations = [_organisation_scores(profiles[r.organisation_id], r, summaries[r.id]) for r in latest]
    themes = tuple(ThemeInfo(t.id, t.title, t.short) for t in reduced[versions[-1]].themes)
    groups = [GroupInfo(g.id, g.label) for g in newest.groups]
    if any(MERGED_ID in o.group_n for o in organisations):
        groups.append(GroupInfo(MERGED_ID, MERGED_LABEL))
    return Comparison(
        instrument_id,
        newest.title,
        themes,
        tuple(groups),
        tuple(organisations),
        tuple(notes),
        date_from,
        date_to,
    )


def coordinator_comparison(
    db: Database,
    permit: CoordinatorPermit,
    instrument_id: str,
    *,
    date_from: date | str | None = None,
    date_to: date | str | None = None,
) -> Comparison:
    """The dashboard's comparison of every organisation: for coordinators only (the page and the
    service both check). Only aggregates of groups of at least k are in it (see ``compare_latest``)."""
    permits.require_coordinator(permit)
    return compare_latest(db, instrument_id, date_from=date_from, date_to=date_to)


def _store_quietly(db: Database, entries: list[tuple[int, str, dict]]) -> None:
    """The cache is an optimisation: a read-only or busy database must not stop the comparison."""
    try:
        storage.store_round_scores(db, entries)
    except (storage.DatabaseError, storage.StorageError):
        pass


# -- filters -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """Empty means "no filter". Tags match when an organisation has any of them."""

    types: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    size_classes: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    urbanisations: tuple[int, ...] = ()  # CBS stedelijkheid, 1-5

    def keeps(self, profile: Organisation) -> bool:
        return (
            (not self.types or profile.type in self.types)
            and (not self.provinces or profile.province in self.provinces)
            and (not self.size_classes or profile.size_class in self.size_classes)
            and (not self.urbanisations or profile.urbanisation in self.urbanisations)
            and (not self.tags or bool(set(self.tags) & set(profile.tags)))
        )


def apply_filters(comparison: Comparison, filters: Filters) -> Comparison:
    return comparison.with_organisations(o for o in comparison.organisations if filters.keeps(o.profile))


@dataclass(frozen=True)
class FilterOptions:
    types: list[str] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)
    size_classes: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    urbanisations: list[int] = field(default_factory=list)


def filter_options(comparison: Comparison) -> FilterOptions:
    """The values present in the comparison, so every filter option finds at least one organisation."""
    from dia_scan.common.organisations import ORGANISATION_TYPES, PROVINCES, SIZE_CLASSES

    profiles = [o.profile for o in comparison.organisations]

    def ordered(values: set, order: Sequence[str]) -> list[str]:
        return [v for v in order if v in values] + sorted(v for v in values if v not in order)

    return FilterOptions(
        types=ordered({p.type for p in profiles}, ORGANISATION_TYPES),
        provinces=ordered({p.province for p in profiles if p.province}, PROVINCES),
        size_classes=ordered({p.size_class for p in profiles if p.size_class}, SIZE_CLASSES),
        tags=sorted({t for p in profiles for t in p.tags}),
        urbanisations=sorted({p.urbanisation for p in profiles if p.urbanisation}),
    )


# -- benchmark -----------------------------------------------------------------------------------

BenchmarkKind = str  # "alle", "grootteklasse" or "zelf"
BENCHMARK_KINDS = {
    "alle": "Alle organisaties",
    "grootteklasse": "Dezelfde grootteklasse",
    "zelf": "Zelf gekozen vergelijkbare organisaties",
}


@dataclass(frozen=True)
class Benchmark:
    name: str
    organisation_ids: tuple[int, ...]
    themes: dict[str, float | None]  # theme -> mean of the organisations' scores
    total: float | None

    @property
    def size(self) -> int:
        return len(self.organisation_ids)


def benchmark(
    comparison: Comparison,
    kind: BenchmarkKind,
    perspective: str = OVERALL,
    *,
    reference_id: int | None = None,
    chosen_ids: Iterable[int] = (),
) -> Benchmark:
    """The mean score per theme over a set of organisations; each organisation counts once.

    ``alle``: every organisation in the comparison; ``grootteklasse``: those in the size class of the
    reference organisation; ``zelf``: the hand-picked ``chosen_ids``.
    """
    organisations = list(comparison.organisations)
    if kind == "alle":
        members = organisations
        name = "Alle organisaties"
    elif kind == "grootteklasse":
        if reference_id is None:
            raise ServiceError("Kies eerst een organisatie om de grootteklasse van te nemen.")
        size_class = comparison.organisation(reference_id).profile.size_class
        if size_class is None:
            raise ServiceError("Van deze organisatie is de grootteklasse niet bekend.")
        members = [o for o in organisations if o.profile.size_class == size_class]
        name = f"Grootteklasse {size_class}"
    elif kind == "zelf":
        wanted = set(chosen_ids)
        members = [o for o in organisations if o.profile.id in wanted]
        name = "Gekozen organisaties"
    else:
        raise ServiceError("Kies een benchmark.")
    themes = {t.id: mean(o.score(t.id, perspective) for o in members) for t in comparison.themes}
    total = mean(o.total.get(perspective) for o in members)
    return Benchmark(
        f"{name} (gemiddelde van {len(members)})", tuple(o.profile.id for o in members), themes, total
    )


# -- tables --------------------------------------------------------------------------------------


def perspective_label(comparison: Comparison, perspective: str) -> str:
    for group in comparison.perspectives():
        if group.id == perspective:
            return group.label
    raise KeyError(perspective)


def score_rows(comparison: Comparison, perspective: str = OVERALL, *, decimals: int | None = 0) -> list[dict]:
    """One row per organisation: profile, round, respondents, a score per theme and the total.

    Scores are rounded half up (``decimals=0``) as everywhere in the app; None when the organisation
    has no shown score for this perspective (for example a group under k).
    """

    def shown(value: float | None):
        if value is None or decimals is None:
            return value
        return whole(value) if decimals == 0 else round(value, decimals)

    rows = []
    for org in comparison.organisations:
        p = org.profile
        n = org.respondents if perspective == OVERALL else org.group_n.get(perspective)
        row = {
            "Organisatie": p.name,
            "Type": type_label(p),
            "Provincie": p.province or "",
            "Grootteklasse": p.size_class or "",
            "Labels": ", ".join(p.tags),
            "Ronde": org.round_title,
            "Datum": org.round_date,
            "Respondenten": n,
        }
        for theme in comparison.themes:
            row[theme.short] = shown(org.score(theme.id, perspective))
        row["Totaal"] = shown(org.total.get(perspective))
        rows.append(row)
    return rows


def group_rows(comparison: Comparison, *, decimals: int = 1) -> list[dict]:
    """Long format: one row per organisation, shown group and theme (for the export)."""
    rows = []
    for org in comparison.organisations:
        for group in comparison.perspectives():
            if group.id != OVERALL and group.id not in org.group_n:
                continue
            n = org.respondents if group.id == OVERALL else org.group_n[group.id]
            for theme in comparison.themes:
                score = org.score(theme.id, group.id)
                rows.append(
                    {
                        "Organisatie": org.profile.name,
                        "Ronde": org.round_title,
                        "Groep": group.label,
                        "Respondenten": n,
                        "Thema": theme.title,
                        "Score": None if score is None else round(score, decimals),
                    }
                )
    return rows


def spread_points(comparison: Comparison, perspective: str = OVERALL) -> list[tuple[str, str, float]]:
    """(theme short title, organisation name, score) for every shown score: the spread per theme."""
    return [
        (theme.short, org.profile.name, score)
        for theme in comparison.themes
        for org in comparison.organisations
        if (score := org.score(theme.id, perspective)) is not None
    ]

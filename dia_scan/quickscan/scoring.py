"""Scoring of a Quick Scan round: tallies in, result dataclasses out.

Pure functions only: no IO, no streamlit, no database. The rules are those of docs/scoring.md, which
explains them with a worked example. Anonymity is enforced here rather than in the pages,
so that every screen, chart and export built on a ``RoundResult`` is safe by construction: a group under
k never reaches the result on its own.

Storage keeps per-round tallies (counts per statement and answer value), so everything below works on
counts and never needs individual responses. ``tally_from_responses`` builds tallies from responses for
tests, the CSV import and the benchmark.

The checklist lives in ``dia_scan.checklist.scoring``.

Longer than most because the scoring rules depend on each other (anonymity, merging, notable results);
they are kept together and tested against worked examples.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from dia_scan.core import anonymity
from dia_scan.core.model import DONT_KNOW, QuickScan, Scale, Statement, Theme
from dia_scan.core.scores import clamp_to_inputs, mean
from dia_scan.quickscan.result_types import (
    BackgroundCount,
    BackgroundGroup,
    BackgroundResult,
    BetweenGroupsStarter,
    Gespreksstarters,
    HiddenGroup,
    ItemGroupScore,
    ItemScore,
    KernwaardeScore,
    NotableResult,
    OpenAnswerResult,
    PriorityShare,
    RoundResult,
    Score,
    ShownGroup,
    ThemeScore,
    TotalScore,
    WithinGroupStarter,
)

#: Raise by one whenever a rule here changes what a round scores: the score cache of the comparison keys on
#: it, so scores made under older rules are made again. tests/test_scoring_version.py notices a change of
#: this file and asks for that decision.
SCORING_VERSION = 1
MERGED_ID = "binnenkant"
MERGED_LABEL = "Binnenkant (samengevoegd)"
#: A "weet niet" share above this is a notable result (people lack information).
DONT_KNOW_NOTABLE = 0.30
#: Binnenkant-buitenkant gaps of at least this many points are notable.
GAP_NOTABLE = 10.0
#: Changes since the previous round of at least this many points are notable.
CHANGE_NOTABLE = 5.0
TOP_NOTABLE = 3

REASON_NO_RESPONSE = "Geen respons."


def _reason_too_few(k: int) -> str:
    return f"Te weinig respondenten om apart te tonen (minder dan {k})."


def _reason_merged(k: int) -> str:
    return (
        "Alleen samen met de andere binnenkantgroepen getoond, "
        f"omdat niet elke binnenkantgroep {k} of meer respondenten had."
    )


def _reason_merged_too_few(k: int) -> str:
    return f"Te weinig respondenten, ook als de binnenkantgroepen worden samengevoegd (minder dan {k})."


# -- input ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupTally:
    """The answers of one group in one round, as counts."""

    n: int  # submitted respondents of this group
    values: Mapping[str, Mapping[int, int]] = field(default_factory=dict)  # statement -> raw value -> count
    dont_know: Mapping[str, int] = field(default_factory=dict)  # statement -> "weet niet" count
    priorities: Mapping[str, int] = field(default_factory=dict)  # theme -> respondents who picked it
    #: "Over u" question -> option -> respondents who picked it (counted apart from the answers).
    background: Mapping[str, Mapping[str, int]] = field(default_factory=dict)


RoundTally = Mapping[str, GroupTally]


@dataclass(frozen=True)
class Response:
    """One respondent's submitted answers: statement id -> raw scale value or ``"dk"``."""

    group: str
    answers: Mapping[str, int | Literal["dk"]]
    priorities: Sequence[str] = ()
    background: Mapping[str, str] = field(default_factory=dict)  # "Over u" question -> option


@dataclass(frozen=True)
class OpenAnswer:
    group: str
    question_id: str
    text: str


def merge_group_tallies(tallies: Iterable[GroupTally]) -> GroupTally:
    """Sum tallies; merging the tallies of two response sets equals tallying their union."""
    n = 0
    values: dict[str, dict[int, int]] = {}
    dont_know: dict[str, int] = {}
    priorities: dict[str, int] = {}
    background: dict[str, dict[str, int]] = {}
    for tally in tallies:
        n += tally.n
        for question_id, counts in tally.background.items():
            merged_counts = background.setdefault(question_id, {})
            for option, count in counts.items():
                merged_counts[option] = merged_counts.get(option, 0) + count
        for statement_id, counts in tally.values.items():
            merged = values.setdefault(statement_id, {})
            for value, count in counts.items():
                merged[value] = merged.get(value, 0) + count
        for statement_id, count in tally.dont_know.items():
            dont_know[statement_id] = dont_know.get(statement_id, 0) + count
        for theme_id, count in tally.priorities.items():
            priorities[theme_id] = priorities.get(theme_id, 0) + count
    return GroupTally(n=n, values=values, dont_know=dont_know, priorities=priorities, background=background)


def merge_round_tallies(rounds: Iterable[RoundTally]) -> dict[str, GroupTally]:
    """Sum round tallies group by group (for example two import batches of one round)."""
    per_group: dict[str, list[GroupTally]] = {}
    for tally in rounds:
        for group_id, group_tally in tally.items():
            per_group.setdefault(group_id, []).append(group_tally)
    return {group_id: merge_group_tallies(parts) for group_id, parts in per_group.items()}


def tally_from_counts(
    submitted: Mapping[str, int],
    rows: Iterable[tuple[str, str, str, int]],
    priorities_key: str,
    background_rows: Iterable[tuple[str, str, str, int]] = (),
) -> dict[str, GroupTally]:
    """Stored tallies as the scoring input. ``submitted`` maps each group to take to its number of
    respondents who sent in; ``rows`` are (group, question, option as text, n), where the option
    ``DONT_KNOW`` counts "weet niet" and the question ``priorities_key`` counts priority picks.
    ``background_rows`` are the "Over u" counts in the same shape. Rows of other groups are skipped."""
    background: dict[str, dict[str, dict[str, int]]] = {}
    for group_id, question_id, option, n in background_rows:
        if group_id in submitted:
            background.setdefault(group_id, {}).setdefault(question_id, {})[option] = n
    parts: dict[str, tuple[dict[str, dict[int, int]], dict[str, int], dict[str, int]]] = {
        group_id: ({}, {}, {}) for group_id in submitted
    }
    numbers: dict[str, int] = {}  # each option's text turned into its scale value once
    for group_id, question_id, option, n in rows:
        if group_id not in parts:
            continue
        values, dont_know, priorities = parts[group_id]
        if question_id == priorities_key:
            priorities[option] = n
        elif option == DONT_KNOW:
            dont_know[question_id] = n
        else:
            value = numbers.get(option)
            if value is None:
                value = numbers[option] = int(option)
            values.setdefault(question_id, {})[value] = n
    return {
        group_id: GroupTally(
            n=submitted[group_id],
            values=values,
            dont_know=dont_know,
            priorities=priorities,
            background=background.get(group_id, {}),
        )
        for group_id, (values, dont_know, priorities) in parts.items()
    }


def tally_from_responses(instrument: QuickScan, responses: Iterable[Response]) -> dict[str, GroupTally]:
    """Count responses per group. Raises ValueError (Dutch message) on answers the instrument lacks."""
    statements = {s.id: s for _, s in instrument.statements()}
    theme_ids = {t.id for t in instrument.themes}
    group_ids = set(instrument.group_ids)
    background = {q.id: q for q in instrument.background}
    counts: dict[str, dict[str, Any]] = {}
    for number, response in enumerate(responses, start=1):
        where = f"Antwoord {number}"
        if response.group not in group_ids:
            raise ValueError(f"{where}: de groep '{response.group}' bestaat niet in deze vragenlijst.")
        acc = counts.setdefault(response.group, {"n": 0, "values": {}, "dk": {}, "prio": {}, "bg": {}})
        acc["n"] += 1
        for statement_id, answer in response.answers.items():
            statement = statements.get(statement_id)
            if statement is None:
                raise ValueError(f"{where}: de stelling '{statement_id}' bestaat niet in deze vragenlijst.")
            if statement.groups and response.group not in statement.groups:
                raise ValueError(
                    f"{where}: de groep '{response.group}' krijgt de stelling '{statement_id}' niet."
                )
            scale = instrument.scale_of(statement)
            if answer == DONT_KNOW:
                if scale.dont_know is None:
                    raise ValueError(f"{where}: bij de stelling '{statement_id}' kan 'weet niet' niet.")
                acc["dk"][statement_id] = acc["dk"].get(statement_id, 0) + 1
            elif isinstance(answer, int) and not isinstance(answer, bool) and scale.has_value(answer):
                per_value = acc["values"].setdefault(statement_id, {})
                per_value[answer] = per_value.get(answer, 0) + 1
            else:
                raise ValueError(
                    f"{where}: '{answer}' is geen geldig antwoord bij de stelling '{statement_id}'."
                )
        for theme_id in dict.fromkeys(response.priorities):  # a theme picked twice counts once
            if theme_id not in theme_ids:
                raise ValueError(f"{where}: het thema '{theme_id}' bestaat niet in deze vragenlijst.")
            acc["prio"][theme_id] = acc["prio"].get(theme_id, 0) + 1
        for question_id, option in response.background.items():
            question = background.get(question_id)
            if question is None or (question.groups and response.group not in question.groups):
                raise ValueError(f"{where}: de vraag over uzelf '{question_id}' hoort niet bij deze groep.")
            if option not in {o.id for o in question.options}:
                raise ValueError(f"{where}: '{option}' is geen antwoord op de vraag '{question_id}'.")
            per_option = acc["bg"].setdefault(question_id, {})
            per_option[option] = per_option.get(option, 0) + 1
    return {
        group_id: GroupTally(
            n=acc["n"],
            values=acc["values"],
            dont_know=acc["dk"],
            priorities=acc["prio"],
            background=acc["bg"],
        )
        for group_id, acc in counts.items()
    }


# -- small arithmetic ------------------------------------------------------------------------------


def weighted_mean(pairs: Iterable[tuple[Score, float]]) -> Score:
    """Weighted mean skipping None; None when nothing is left."""
    values: list[float] = []
    weights: list[float] = []
    for value, weight in pairs:
        if value is not None:
            values.append(value)
            weights.append(weight)
    if not values:
        return None
    result = sum([value * weight for value, weight in zip(values, weights, strict=True)]) / sum(weights)
    return clamp_to_inputs(result, values)


def _rank(value: float) -> float:
    """Sort key that lets float noise tie, so ties fall back to the instrument's order."""
    return round(value, 9)


def _whole(value: float) -> str:
    """A number as a user reads it: rounded half up, no decimals."""
    return str(math.floor(value + 0.5))


def oriented_value(scale: Scale, statement: Statement, value: int) -> int:
    """The value as scored: mirrored for reverse statements (6 - x on 1..5)."""
    return scale.oriented(value, statement.reverse)


# -- anonymity -----------------------------------------------------------------------------------


def _apply_anonymity(
    instrument: QuickScan, tally: RoundTally, k: int
) -> tuple[list[tuple[ShownGroup, GroupTally]], list[HiddenGroup]]:
    n_of = {g.id: (tally[g.id].n if g.id in tally else 0) for g in instrument.groups}
    inside = [g for g in instrument.groups if g.side == "binnenkant"]
    # One small binnenkant group forces the merge of all of them, so none can be found by subtraction.
    merge = any(0 < n_of[g.id] < k for g in inside)
    members = [g for g in inside if n_of[g.id] > 0]
    merged_n = sum(n_of[g.id] for g in members)
    shown: list[tuple[ShownGroup, GroupTally]] = []
    hidden: list[HiddenGroup] = []
    merged_placed = False
    for group in instrument.groups:
        n = n_of[group.id]
        if n == 0:
            hidden.append(HiddenGroup(group.id, group.label, REASON_NO_RESPONSE))
        elif merge and group.side == "binnenkant":
            if merged_n < k:
                hidden.append(HiddenGroup(group.id, group.label, _reason_merged_too_few(k)))
                continue
            hidden.append(HiddenGroup(group.id, group.label, _reason_merged(k)))
            if not merged_placed:
                merged = ShownGroup(
                    MERGED_ID, MERGED_LABEL, merged_n, "binnenkant", tuple(g.id for g in members)
                )
                shown.append((merged, merge_group_tallies(tally[g.id] for g in members)))
                merged_placed = True
        elif n < k:
            hidden.append(HiddenGroup(group.id, group.label, _reason_too_few(k)))
        else:
            shown.append((ShownGroup(group.id, group.label, n, group.side), tally[group.id]))
    return shown, hidden


def _check_tally(instrument: QuickScan, tally: RoundTally) -> None:
    """Refuse impossible tallies, so a storage bug cannot turn into wrong numbers."""
    scales = {scale.id: scale for scale in instrument.scales}
    allowed = {s.id: scales[s.scale or instrument.default_scale].values for _, s in instrument.statements()}
    for group_id, group_tally in tally.items():
        if group_tally.n < 0:
            raise ValueError(f"Groep '{group_id}': het aantal respondenten is negatief.")
        values, dont_know = group_tally.values, group_tally.dont_know
        for statement_id, counts in values.items():
            if statement_id not in allowed:
                continue  # a statement of another instrument version: not scored
            if not allowed[statement_id].issuperset(counts) or (counts and min(counts.values()) < 0):
                raise ValueError(f"Groep '{group_id}', stelling '{statement_id}': ongeldige telling.")
        for statement_id in allowed:
            counts = values.get(statement_id)
            unknown = dont_know.get(statement_id, 0)
            if (sum(counts.values()) if counts else 0) + unknown > group_tally.n or unknown < 0:
                raise ValueError(
                    f"Groep '{group_id}', stelling '{statement_id}': meer antwoorden dan respondenten."
                )
        for question_id, counts in group_tally.background.items():
            if (counts and min(counts.values()) < 0) or sum(counts.values()) > group_tally.n:
                raise ValueError(f"Groep '{group_id}', vraag over uzelf '{question_id}': ongeldige telling.")


# -- scores ----------------------------------------------------------------------------------------


def score_item_for_group(scale: Scale, statement: Statement, tally: GroupTally) -> ItemGroupScore:
    raw = tally.values.get(statement.id, {})
    # Per point, in scale order: its value, the value as scored (mirrored when reverse), its 0-100 score.
    values, scored, point_scores = scale.oriented_columns(statement.reverse)
    counts = [int(raw.get(value, 0)) for value in values]
    distribution = dict(zip(values, counts, strict=True))
    n_numeric = sum(counts)
    n_dont_know = int(tally.dont_know.get(statement.id, 0))
    answered = n_numeric + n_dont_know
    share = n_dont_know / answered if answered else None
    if n_numeric == 0:
        return ItemGroupScore(None, 0, n_dont_know, share, distribution, None)
    # The same products in the same order as oriented_value() and to_score() per point would give.
    total = sum([point * count for point, count in zip(scored, counts, strict=True)])
    score = scale.to_score(total / n_numeric)
    variance = sum(
        [count * (point_score - score) ** 2 for count, point_score in zip(counts, point_scores, strict=True)]
    )
    return ItemGroupScore(score, n_numeric, n_dont_know, share, distribution, math.sqrt(variance / n_numeric))


def _all_members_see(audience: Sequence[str], group: ShownGroup) -> bool:
    """A merged group only shows a question that every member group got.

    Otherwise the answers under "binnenkant" would be those of one small group on its own.
    """
    if not audience or not group.merged_from:
        return True
    return all(member in audience for member in group.merged_from)


def _score_item(
    instrument: QuickScan, theme: Theme, statement: Statement, shown: list[tuple[ShownGroup, GroupTally]]
) -> ItemScore:
    scale = instrument.scale_of(statement)
    by_group = {
        group.id: (
            score_item_for_group(scale, statement, tally)
            if _all_members_see(statement.groups, group)
            else score_item_for_group(scale, statement, GroupTally(n=0))
        )
        for group, tally in shown
    }
    scores = [s.score for s in by_group.values() if s.score is not None]
    difference = max(scores) - min(scores) if len(scores) >= 2 else None
    return ItemScore(
        id=statement.id,
        theme_id=theme.id,
        text=statement.text,
        reverse=statement.reverse,
        weight=statement.weight,
        by_group=by_group,
        overall=mean(scores),
        difference=difference,
    )


def _theme_score_for(statements: Sequence[Statement], items: Mapping[str, ItemScore], group_id: str) -> Score:
    return weighted_mean((items[s.id].by_group[group_id].score, s.weight) for s in statements)


def _score_theme(theme: Theme, items: Mapping[str, ItemScore], group_ids: list[str]) -> ThemeScore:
    by_group = {gid: _theme_score_for(theme.statements, items, gid) for gid in group_ids}
    return ThemeScore(theme.id, theme.title, theme.short, theme.custom, by_group, mean(by_group.values()))


def _score_total(themes: Sequence[ThemeScore], group_ids: list[str]) -> TotalScore:
    # Maatwerkvragen differ per round, so they stay out of the total.
    counted = [t for t in themes if not t.custom]
    by_group = {gid: mean(t.by_group[gid] for t in counted) for gid in group_ids}
    return TotalScore(by_group, mean(by_group.values()))


def _score_kernwaarden(
    instrument: QuickScan, items: Sequence[ItemScore], group_ids: list[str]
) -> tuple[KernwaardeScore, ...]:
    carriers: dict[str, list[str]] = {kw.id: [] for kw in instrument.kernwaarden}
    for _, statement in instrument.statements():
        for kw in statement.kernwaarden:
            carriers[kw].append(statement.id)
    by_id = {i.id: i for i in items}
    result = []
    for kw in instrument.kernwaarden:
        by_group = {gid: mean(by_id[sid].by_group[gid].score for sid in carriers[kw.id]) for gid in group_ids}
        result.append(KernwaardeScore(kw.id, kw.label, by_group, mean(by_group.values())))
    return tuple(result)


def _score_priorities(
    instrument: QuickScan, shown: list[tuple[ShownGroup, GroupTally]]
) -> tuple[PriorityShare, ...]:
    if instrument.priorities is None:
        return ()
    result = []
    for theme in instrument.themes:
        if theme.custom:
            continue  # maatwerkvragen cannot be picked as a priority
        by_group = {group.id: tally.priorities.get(theme.id, 0) / group.n for group, tally in shown}
        result.append(PriorityShare(theme.id, by_group, mean(by_group.values())))
    return tuple(result)


def _gespreksstarters(items: Sequence[ItemScore], group_ids: list[str], top_n: int) -> Gespreksstarters:
    between = []
    within = []
    for order, item in enumerate(items):
        if item.difference is not None and _rank(item.difference) != 0:  # all groups agree: no starter
            # The highest and lowest group; on a tie the first in the instrument's order, as max/min do.
            highest = lowest = None
            for gid in group_ids:
                score = item.by_group[gid].score
                if score is None:
                    continue
                rank = _rank(score)
                if highest is None or rank > highest[0]:
                    highest = (rank, gid)
                if lowest is None or rank < lowest[0]:
                    lowest = (rank, gid)
            assert highest is not None and lowest is not None  # a difference needs two scores
            starter = BetweenGroupsStarter(
                item.id, item.theme_id, item.text, item.difference, highest[1], lowest[1]
            )
            between.append((-_rank(item.difference), order, starter))
        widest = None  # (rank, group, spread) of the group that is most divided, the first on a tie
        for gid, group_score in item.by_group.items():
            if not group_score.spread:
                continue
            rank = _rank(group_score.spread)
            if rank > 0 and (widest is None or rank > widest[0]):
                widest = (rank, gid, group_score.spread)
        if widest is not None:
            rank, group_id, spread = widest
            within.append(
                (-rank, order, WithinGroupStarter(item.id, item.theme_id, item.text, group_id, spread))
            )
    return Gespreksstarters(
        between_groups=tuple(s for *_, s in sorted(between, key=lambda t: t[:2])[:top_n]),
        within_group=tuple(s for *_, s in sorted(within, key=lambda t: t[:2])[:top_n]),
    )


# -- notable results -----------------------------------------------------------------------------


def _notable_themes(themes: Sequence[ThemeScore]) -> list[NotableResult]:
    scored = [t for t in themes if not t.custom and t.overall is not None]
    if not scored:
        return []
    highest = max(scored, key=lambda t: _rank(t.overall))
    lowest = min(scored, key=lambda t: _rank(t.overall))
    result = [
        NotableResult(
            "highest_theme",
            f"Het thema ‘{highest.title}’ scoort het hoogst: gemiddeld {_whole(highest.overall)} van de 100.",
            highest.overall,
            theme_id=highest.id,
        )
    ]
    if lowest.id != highest.id:
        result.append(
            NotableResult(
                "lowest_theme",
                f"Het thema ‘{lowest.title}’ scoort het laagst: gemiddeld {_whole(lowest.overall)} van de 100.",
                lowest.overall,
                theme_id=lowest.id,
            )
        )
    return result


def _notable_gaps(themes: Sequence[ThemeScore], shown: Sequence[ShownGroup]) -> list[NotableResult]:
    inside = [g.id for g in shown if g.side == "binnenkant"]
    outside = [g.id for g in shown if g.side == "buitenkant"]
    gaps = []
    for order, theme in enumerate(themes):
        if theme.custom:
            continue
        inside_score = mean(theme.by_group[gid] for gid in inside)
        outside_score = mean(theme.by_group[gid] for gid in outside)
        if inside_score is None or outside_score is None:
            continue
        gap = inside_score - outside_score
        if _rank(abs(gap)) < GAP_NOTABLE:
            continue
        direction = "positiever" if gap > 0 else "negatiever"
        message = (
            f"Bij het thema ‘{theme.title}’ is de binnenkant {direction} dan de buitenkant: "
            f"{_whole(inside_score)} tegen {_whole(outside_score)} ({_whole(abs(gap))} punten verschil)."
        )
        gaps.append(
            (-_rank(abs(gap)), order, NotableResult("inside_outside_gap", message, gap, theme_id=theme.id))
        )
    return [n for *_, n in sorted(gaps, key=lambda t: t[:2])[:TOP_NOTABLE]]


def _notable_dont_know(items: Sequence[ItemScore], shown: Sequence[ShownGroup]) -> list[NotableResult]:
    result = []
    for item in items:
        for group in shown:
            share = item.by_group[group.id].dont_know_share
            if share is None or share <= DONT_KNOW_NOTABLE:
                continue
            message = (
                f"Bij de stelling ‘{item.text}’ koos {_whole(share * 100)}% van de groep {group.label} "
                "‘weet niet’. Misschien ontbreekt hier informatie."
            )
            result.append(
                NotableResult(
                    "dont_know",
                    message,
                    share,
                    theme_id=item.theme_id,
                    statement_id=item.id,
                    group_id=group.id,
                )
            )
    return result


def _theme_overall_on(statements: Sequence[Statement], result: RoundResult) -> Score:
    items = {i.id: i for i in result.items}
    return mean(_theme_score_for(statements, items, gid) for gid in result.shown_group_ids)


def _changes(
    instrument: QuickScan, current: RoundResult, previous: RoundResult
) -> tuple[list[NotableResult], list[str]]:
    """Theme changes since the previous round, computed on the statements both rounds share."""
    notes: list[str] = []
    if current.shown_group_ids != previous.shown_group_ids:
        notes.append(
            "In deze ronde worden andere groepen getoond dan in de vorige ronde. "
            "Houd daar rekening mee bij het vergelijken."
        )
    previous_items = {i.id: i for i in previous.items}
    changes = []
    for order, theme in enumerate(instrument.themes):
        if theme.custom:
            continue
        shared = [s for s in theme.statements if s.id in previous_items]
        current_ids = {s.id for s in theme.statements}
        dropped = [i for i in previous.items if i.theme_id == theme.id and i.id not in current_ids]
        if not shared:
            notes.append(
                f"Het thema ‘{theme.title}’ is niet te vergelijken met de vorige ronde: geen gedeelde stellingen."
            )
            continue
        if len(shared) < len(theme.statements) or dropped:
            notes.append(
                f"Het thema ‘{theme.title}’ is vergeleken met de vorige ronde op de {len(shared)} stelling(en) "
                "die in beide rondes voorkomen."
            )
        before = _theme_overall_on(shared, previous)
        after = _theme_overall_on(shared, current)
        if before is None or after is None:
            continue
        change = after - before
        if _rank(abs(change)) < CHANGE_NOTABLE:
            continue
        direction = "gestegen" if change > 0 else "gedaald"
        message = (
            f"Het thema ‘{theme.title}’ is sinds de vorige ronde {_whole(abs(change))} punten {direction} "
            f"(van {_whole(before)} naar {_whole(after)})."
        )
        changes.append(
            (-_rank(abs(change)), order, NotableResult("change", message, change, theme_id=theme.id))
        )
    return [n for *_, n in sorted(changes, key=lambda t: t[:2])[:TOP_NOTABLE]], notes


# -- open answers --------------------------------------------------------------------------------


def _open_answers(
    instrument: QuickScan, answers: Sequence[OpenAnswer], shown: Sequence[ShownGroup]
) -> tuple[OpenAnswerResult, ...]:
    shown_as = {}
    for group in shown:
        for member in group.merged_from or (group.id,):
            shown_as[member] = group.id
    question_order = {q.id: i for i, q in enumerate(instrument.open_questions)}
    audience = {q.id: q.groups for q in instrument.open_questions}
    by_id = {group.id: group for group in shown}

    def label(answer: OpenAnswer) -> str | None:
        group_id = shown_as.get(answer.group)
        if group_id is None or not _all_members_see(audience.get(answer.question_id, ()), by_id[group_id]):
            return None
        return group_id

    result = [OpenAnswerResult(a.question_id, a.text, label(a)) for a in answers]
    # Sorted on content, so the order never tells who answered first.
    result.sort(
        key=lambda a: (
            question_order.get(a.question_id, len(question_order)),
            a.question_id,
            a.text,
            a.group_id or "",
        )
    )
    return tuple(result)


def _background(
    instrument: QuickScan, shown: Sequence[tuple[ShownGroup, GroupTally]], k: int
) -> tuple[BackgroundResult, ...]:
    """Who took part, per "Over u" question and shown group. An option that fewer than k of a group
    picked (none included) is shown without a number, and counted in the group's rest together with
    who skipped the question, so no small number is ever shown or derivable per option. A merged
    group only gets a question that all its members got."""
    result = []
    for question in instrument.background:
        groups = []
        for group, tally in shown:
            members = group.merged_from or (group.id,)
            if (question.groups and not set(members) <= set(question.groups)) or group.n <= 0:
                continue
            counts = tally.background.get(question.id, {})
            options = []
            for option in question.options:
                n = counts.get(option.id, 0)
                visible = n >= k
                options.append(
                    BackgroundCount(
                        option.id, option.label, n if visible else None, n / group.n if visible else None
                    )
                )
            rest = group.n - sum(o.n for o in options if o.n is not None)
            groups.append(BackgroundGroup(group.id, group.n, tuple(options), rest, rest / group.n))
        if groups:
            result.append(BackgroundResult(question.id, question.text, tuple(groups), question.ordered))
    return tuple(result)


# -- the round -----------------------------------------------------------------------------------


def score_round(
    instrument: QuickScan,
    tally: RoundTally,
    k: int,
    previous: RoundResult | None = None,
    open_answers: Sequence[OpenAnswer] = (),
    *,
    top_n: int = 5,
) -> RoundResult:
    """Score one round. Only groups with at least k respondents (or the merged binnenkant) are shown."""
    k = anonymity.effective_k(k)
    _check_tally(instrument, tally)
    shown, hidden = _apply_anonymity(instrument, tally, k)
    shown_groups = [group for group, _ in shown]
    group_ids = [group.id for group in shown_groups]
    items = tuple(
        _score_item(instrument, theme, statement, shown) for theme, statement in instrument.statements()
    )
    items_by_id = {item.id: item for item in items}
    themes = tuple(_score_theme(theme, items_by_id, group_ids) for theme in instrument.themes)
    notes = [
        f"De antwoorden van de onbekende groep '{gid}' zijn niet meegeteld."
        for gid, group_tally in tally.items()
        if gid not in instrument.group_ids and group_tally.n > 0
    ]
    result = RoundResult(
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        k=k,
        respondents_total=sum(group.n for group in shown_groups),
        shown_groups=tuple(shown_groups),
        hidden_groups=tuple(hidden),
        themes=themes,
        items=items,
        total=_score_total(themes, group_ids),
        kernwaarden=_score_kernwaarden(instrument, items, group_ids),
        priorities=_score_priorities(instrument, shown),
        gespreksstarters=_gespreksstarters(items, group_ids, top_n),
        notable=(),
        open_answers=_open_answers(instrument, open_answers, shown_groups),
        notes=(),
        background=_background(instrument, shown, k),
    )
    notable = (
        _notable_themes(themes)
        + _notable_gaps(themes, shown_groups)
        + _notable_dont_know(items, shown_groups)
    )
    if previous is not None:
        changes, change_notes = _changes(instrument, result, previous)
        notable += changes
        notes += change_notes
    return replace(result, notable=tuple(notable), notes=tuple(notes))

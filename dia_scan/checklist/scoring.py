"""Scoring of the inclusiviteit-checklist: assessments in, result dataclasses out.

Pure functions, like ``dia_scan.quickscan.scoring``: one or more assessors each map criterion id -> option id.
An option's score (ja 100, deels 50, nee 0) comes from the YAML; an option without a score (n.v.t.)
is left out of every mean. A criterion that cannot apply yet in the process's phase (its ``phases`` in
the YAML) gets no score either, whatever was answered: it is shown as "not yet", never as red.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from dia_scan.core.model import Checklist
from dia_scan.core.scores import ResultBase, Score, mean

TrafficLight = Literal["groen", "oranje", "rood"]
Direction = Literal["improved", "fell_back", "same"]

#: Dutch words for the change directions, for pages and exports.
DIRECTION_LABELS: dict[str, str] = {
    "improved": "verbeterd",
    "fell_back": "achteruitgegaan",
    "same": "gelijk gebleven",
}


@dataclass(frozen=True)
class CriterionResult(ResultBase):
    id: str
    dimension_id: str
    text: str
    score: Score
    n_answered: int  # assessors who chose any option, n.v.t. included
    counts: dict[str, int]  # option id -> assessors who chose it, in the checklist's option order
    disagreement: bool  # one assessor chose the highest-scored option and another the lowest
    applies: bool = True  # False: cannot apply yet in the assessment's phase; no score


@dataclass(frozen=True)
class DimensionResult(ResultBase):
    id: str
    title: str
    short: str
    score: Score
    traffic_light: TrafficLight | None


@dataclass(frozen=True)
class ChecklistResult(ResultBase):
    checklist_id: str
    checklist_version: int
    n_assessors: int
    criteria: tuple[CriterionResult, ...]
    dimensions: tuple[DimensionResult, ...]
    overall: Score
    overall_traffic_light: TrafficLight | None


@dataclass(frozen=True)
class Change(ResultBase):
    id: str
    before: Score
    after: Score
    change: Score
    direction: Direction | None  # None when either side has no score


@dataclass(frozen=True)
class ChecklistComparison(ResultBase):
    dimensions: tuple[Change, ...]
    overall: Change  # id "overall"
    criteria: tuple[Change, ...]


def traffic_light(score: Score, green: float = 75, orange: float = 50) -> TrafficLight | None:
    if score is None:
        return None
    # Round first: a mean of thirds may land on 74.99999999999999 where the user sees 75.
    rounded = round(score, 9)
    if rounded >= green:
        return "groen"
    if rounded >= orange:
        return "oranje"
    return "rood"


def score_checklist(
    checklist: Checklist, assessments: Sequence[Mapping[str, str]], phase: str | None = None
) -> ChecklistResult:
    """Score one checklist filled in by one or more assessors, in the given phase of the process (None:
    every criterion applies). Raises ValueError on unknown ids."""
    criteria_ids = {c.id for _, c in checklist.criteria()}
    options = {o.id: o for o in checklist.options}
    for number, assessment in enumerate(assessments, start=1):
        for criterion_id, option_id in assessment.items():
            if criterion_id not in criteria_ids:
                raise ValueError(f"Beoordeling {number}: het criterium '{criterion_id}' bestaat niet.")
            if option_id not in options:
                raise ValueError(f"Beoordeling {number}: '{option_id}' is geen antwoordoptie.")
    scored = [o.score for o in checklist.options if o.score is not None]
    top, bottom = max(scored), min(scored)
    lights = checklist.traffic_lights

    criteria = []
    for dimension, criterion in checklist.criteria():
        chosen = [a[criterion.id] for a in assessments if criterion.id in a]
        applies = criterion.applies_in(phase)
        scores = [options[o].score for o in chosen if options[o].score is not None] if applies else []
        criteria.append(
            CriterionResult(
                id=criterion.id,
                dimension_id=dimension.id,
                text=criterion.text,
                score=mean(scores),
                n_answered=len(chosen),
                counts={o.id: chosen.count(o.id) for o in checklist.options},
                disagreement=top > bottom and top in scores and bottom in scores,
                applies=applies,
            )
        )
    dimensions = []
    for dimension in checklist.dimensions:
        score = mean(c.score for c in criteria if c.dimension_id == dimension.id)
        light = traffic_light(score, lights.green, lights.orange)
        dimensions.append(DimensionResult(dimension.id, dimension.title, dimension.short, score, light))
    overall = mean(d.score for d in dimensions)
    return ChecklistResult(
        checklist_id=checklist.id,
        checklist_version=checklist.version,
        n_assessors=len(assessments),
        criteria=tuple(criteria),
        dimensions=tuple(dimensions),
        overall=overall,
        overall_traffic_light=traffic_light(overall, lights.green, lights.orange),
    )


def _change(id_: str, before: Score, after: Score) -> Change:
    if before is None or after is None:
        return Change(id_, before, after, None, None)
    change = after - before
    if abs(change) < 1e-9:
        return Change(id_, before, after, 0.0, "same")
    return Change(id_, before, after, change, "improved" if change > 0 else "fell_back")


def _pairwise(before: Mapping[str, Score], after: Mapping[str, Score]) -> tuple[Change, ...]:
    # The newer checklist's order first; anything only the older one had comes after.
    ids = list(after) + [i for i in before if i not in after]
    return tuple(_change(i, before.get(i), after.get(i)) for i in ids)


def compare_checklists(before: ChecklistResult, after: ChecklistResult) -> ChecklistComparison:
    """Change per dimension, overall and per criterion between two fillings of a checklist."""
    return ChecklistComparison(
        dimensions=_pairwise(
            {d.id: d.score for d in before.dimensions}, {d.id: d.score for d in after.dimensions}
        ),
        overall=_change("overall", before.overall, after.overall),
        criteria=_pairwise({c.id: c.score for c in before.criteria}, {c.id: c.score for c in after.criteria}),
    )

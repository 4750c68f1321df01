"""The result dataclasses of the Quick Scan scoring (``scoring.score_round`` makes them).

Every screen, chart and export reads a ``RoundResult``; a group under k is never in it on its own.
``scoring`` imports these names, so ``from dia_scan.quickscan.scoring import RoundResult`` keeps working.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dia_scan.core.scores import ResultBase, Score, to_plain  # noqa: F401  (re-exported for scoring)

# -- results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownGroup(ResultBase):
    id: str
    label: str
    n: int
    side: str
    merged_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class HiddenGroup(ResultBase):
    """A group that is not shown on its own. Deliberately carries no numbers."""

    id: str
    label: str
    reason: str


@dataclass(frozen=True)
class ItemGroupScore(ResultBase):
    score: Score
    n_numeric: int
    n_dont_know: int
    dont_know_share: float | None
    distribution: dict[int, int]  # raw (not reversed) scale value -> count, in scale order
    spread: Score  # population standard deviation in 0-100 units


@dataclass(frozen=True)
class ItemScore(ResultBase):
    id: str
    theme_id: str
    text: str
    reverse: bool
    weight: float
    by_group: dict[str, ItemGroupScore]
    overall: Score
    difference: Score  # max - min of the group scores; None with fewer than two


@dataclass(frozen=True)
class ThemeScore(ResultBase):
    id: str
    title: str
    short: str
    custom: bool
    by_group: dict[str, Score]
    overall: Score


@dataclass(frozen=True)
class TotalScore(ResultBase):
    by_group: dict[str, Score]
    overall: Score


@dataclass(frozen=True)
class KernwaardeScore(ResultBase):
    id: str
    label: str
    by_group: dict[str, Score]
    overall: Score


@dataclass(frozen=True)
class PriorityShare(ResultBase):
    theme_id: str
    by_group: dict[str, float]  # share (0-1) of the group's respondents who picked the theme
    overall: float | None


@dataclass(frozen=True)
class BetweenGroupsStarter(ResultBase):
    statement_id: str
    theme_id: str
    text: str
    difference: float
    highest_group: str
    lowest_group: str


@dataclass(frozen=True)
class WithinGroupStarter(ResultBase):
    statement_id: str
    theme_id: str
    text: str
    group_id: str
    spread: float


@dataclass(frozen=True)
class Gespreksstarters(ResultBase):
    between_groups: tuple[BetweenGroupsStarter, ...]
    within_group: tuple[WithinGroupStarter, ...]


NotableKind = Literal["highest_theme", "lowest_theme", "inside_outside_gap", "dont_know", "change"]


@dataclass(frozen=True)
class NotableResult(ResultBase):
    kind: NotableKind
    message: str  # plain Dutch sentence for the report
    value: float  # score, signed gap or change in points; a share (0-1) for "dont_know"
    theme_id: str | None = None
    statement_id: str | None = None
    group_id: str | None = None


@dataclass(frozen=True)
class OpenAnswerResult(ResultBase):
    question_id: str
    text: str
    group_id: str | None  # shown group (or "binnenkant" when merged); None when the group is hidden


@dataclass(frozen=True)
class BackgroundCount(ResultBase):
    """How many of a shown group picked one option of an "Over u" question. ``n`` and ``share`` are
    None when fewer than k picked it (that may be none at all): such counts are never shown."""

    option_id: str
    label: str
    n: int | None
    share: float | None


@dataclass(frozen=True)
class BackgroundGroup(ResultBase):
    """One shown group's answers to an "Over u" question. ``rest`` counts everyone else in the group:
    who skipped the question, and who picked an option that fewer than k picked."""

    group_id: str
    n: int
    options: tuple[BackgroundCount, ...]
    rest: int
    rest_share: float


@dataclass(frozen=True)
class BackgroundResult(ResultBase):
    """An "Over u" question (age, ...) per shown group that got it."""

    id: str
    text: str
    by_group: tuple[BackgroundGroup, ...]
    ordered: bool = True  # the options run from low to high (else: categories without an order)


@dataclass(frozen=True)
class RoundResult(ResultBase):
    instrument_id: str
    instrument_version: int
    k: int
    respondents_total: int  # sum of the shown groups' n only
    shown_groups: tuple[ShownGroup, ...]
    hidden_groups: tuple[HiddenGroup, ...]
    themes: tuple[ThemeScore, ...]
    items: tuple[ItemScore, ...]
    total: TotalScore
    kernwaarden: tuple[KernwaardeScore, ...]
    priorities: tuple[PriorityShare, ...]
    gespreksstarters: Gespreksstarters
    notable: tuple[NotableResult, ...]
    open_answers: tuple[OpenAnswerResult, ...]
    notes: tuple[str, ...]
    #: Who took part, per "Over u" question and shown group (options under k never with a number).
    background: tuple[BackgroundResult, ...] = ()

    def theme(self, theme_id: str) -> ThemeScore:
        return next(t for t in self.themes if t.id == theme_id)

    def item(self, statement_id: str) -> ItemScore:
        return next(i for i in self.items if i.id == statement_id)

    @property
    def shown_group_ids(self) -> list[str]:
        return [g.id for g in self.shown_groups]

"""Pydantic models of the instruments (Quick Scan, checklist) and the advice mapping.

These describe the content in ``questions/*.yaml``. Groups, scales, themes and criteria live in the
YAML; the code only knows their shape. Cross-references (a statement's scale, a statement's groups,
kernwaarden) are checked here so a broken file is refused as a whole.

Longer than most because every YAML shape and its cross-checks are declared here together, so a content
editor has one place to look.
"""

from __future__ import annotations

import functools
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from dia_scan.core.anonymity import DEFAULT_K, MAX_K, MIN_K

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_\-]*$", min_length=1, max_length=60),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]

#: Option keys used in answers and tallies for the non-numeric answer of a scale ("weet niet / n.v.t.").
DONT_KNOW = "dk"


class ContentError(ValueError):
    """Cross-reference problems inside one file, each with the path to the offending entry."""

    def __init__(self, problems: list[tuple[tuple, str]]):
        super().__init__("; ".join(message for _, message in problems))
        self.problems = problems


class _Problems:
    """Collects every cross-reference problem of a model, so an editor sees them all at once."""

    def __init__(self) -> None:
        self.items: list[tuple[tuple, str]] = []

    def add(self, loc: tuple, message: str) -> None:
        self.items.append((loc, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise ContentError(self.items)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


#: Languages a text can be translated into, next to the Dutch it is written in (see docs/talen.md).
TRANSLATION_LANGUAGES = ("fy", "en")


class _Translatable(_Strict):
    """Content with texts participants read. Translations sit next to the Dutch, one mapping per
    language with the translated fields, e.g. ``en: {text: ...}``; a field left out stays Dutch."""

    #: The fields of this kind of content that participants read (and so can be translated).
    translatable: ClassVar[tuple[str, ...]] = ()
    fy: dict[str, Text] = Field(default_factory=dict)
    en: dict[str, Text] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_fields(self) -> _Translatable:
        for language in TRANSLATION_LANGUAGES:
            unknown = sorted(set(getattr(self, language)) - set(self.translatable))
            if unknown:
                allowed = ", ".join(self.translatable) or "geen"
                raise ValueError(
                    f"vertaling '{language}' noemt {', '.join(unknown)}; te vertalen velden hier: {allowed}"
                )
        return self

    def translation(self, language: str) -> dict[str, str]:
        """The translated fields for ``language`` (empty for Dutch or an unknown language)."""
        if language not in TRANSLATION_LANGUAGES:
            return {}
        return getattr(self, language)


class ScalePoint(_Translatable):
    translatable = ("label",)
    value: int
    label: Text


class Scale(_Translatable):
    """An ordered answer scale. Its points map linearly onto 0-100: the lowest is 0, the highest 100."""

    translatable = ("dont_know",)

    id: Identifier
    label: Text
    points: list[ScalePoint] = Field(min_length=2)
    #: Label of the non-numeric option ("Weet niet / n.v.t."); None when the scale has none.
    dont_know: Text | None = None

    @model_validator(mode="after")
    def _points_ascend(self) -> Scale:
        values = [p.value for p in self.points]
        if values != sorted(set(values)):
            raise ValueError("de waarden van de antwoordschaal moeten oplopen en uniek zijn")
        steps = {b - a for a, b in zip(values, values[1:], strict=False)}
        if len(steps) != 1:
            # reverse items mirror a value on the scale; with uneven steps the mirror falls off the scale
            raise ValueError(
                "de waarden van de antwoordschaal moeten even ver uit elkaar liggen (bijv. 1, 2, 3, 4, 5)"
            )
        return self

    # Scoring asks these for every count of every statement: computed once per (frozen) scale.
    @functools.cached_property
    def min(self) -> int:
        return self.points[0].value

    @functools.cached_property
    def max(self) -> int:
        return self.points[-1].value

    @functools.cached_property
    def values(self) -> frozenset[int]:
        return frozenset(p.value for p in self.points)

    def to_score(self, value: float) -> float:
        """Map a (mean) scale value onto 0-100. With 1..5 this is (x - 1) / 4 * 100."""
        return (value - self.min) / (self.max - self.min) * 100.0

    def oriented_columns(self, reverse: bool) -> tuple[tuple[int, ...], tuple[int, ...], tuple[float, ...]]:
        """Per point, by column: the values, the values as scored (mirrored for reverse statements) and
        their 0-100 scores."""
        return self._oriented_columns[bool(reverse)]

    @functools.cached_property
    def _oriented_columns(self) -> dict[bool, tuple[tuple[int, ...], tuple[int, ...], tuple[float, ...]]]:
        table = {}
        for reverse in (False, True):
            values = tuple(point.value for point in self.points)
            scored = tuple(self.oriented(value, reverse) for value in values)
            table[reverse] = (values, scored, tuple(self.to_score(value) for value in scored))
        return table

    def reverse(self, value: int) -> int:
        """Mirror a value on the scale; on 1..5 this is 6 - x."""
        return self.min + self.max - value

    def oriented(self, value: int, reverse: bool) -> int:
        """The value as scored: mirrored for reverse statements."""
        return self.reverse(value) if reverse else value

    def label_of(self, value: int) -> str:
        for p in self.points:
            if p.value == value:
                return p.label
        raise KeyError(value)

    def has_value(self, value: int) -> bool:
        return value in self.values


class Group(_Translatable):
    """A respondent group. ``side`` drives the binnenkant merge of the anonymity rule."""

    translatable = ("label", "description")

    id: Identifier
    label: Text
    side: Literal["binnenkant", "buitenkant"]
    description: Text | None = None


class Kernwaarde(_Translatable):
    translatable = ("label", "description")
    id: Identifier
    label: Text
    description: Text | None = None


class Statement(_Translatable):
    translatable = ("text",)
    id: Identifier
    text: Text
    scale: Identifier | None = None  # defaults to the instrument's default_scale
    reverse: bool = False
    weight: float = Field(default=1.0, gt=0, le=10)
    kernwaarden: list[Identifier] = Field(default_factory=list)
    #: Groups that see this statement; empty means every group.
    groups: list[Identifier] = Field(default_factory=list)
    #: Where the statement comes from (seed document and section, or a public source). Optional in the
    #: model because stored snapshots of older versions and a round's maatwerkvragen have none; the content
    #: check (tests/test_content.py) requires it for every statement in questions/*.yaml.
    source: Text | None = None


class Theme(_Translatable):
    translatable = ("title", "short", "description", "explanation")
    id: Identifier
    title: Text
    short: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    description: Text
    #: One line in plain words, shown beside the theme where participants choose their priorities.
    explanation: Text | None = None
    #: Where the theme comes from (seed or public source), for editors and researchers.
    source: Text | None = None
    #: True for the round's own maatwerkvragen: shown apart, left out of the radar and overall score.
    custom: bool = False
    statements: list[Statement] = Field(min_length=1)


class PrioritiesQuestion(_Translatable):
    translatable = ("text",)
    id: Identifier = "prioriteiten"
    text: Text
    max_choices: int = Field(default=3, ge=1, le=10)


class OpenQuestion(_Translatable):
    translatable = ("text", "help")
    id: Identifier
    text: Text
    help: Text | None = None
    max_length: int = Field(default=1500, ge=10, le=5000)
    groups: list[Identifier] = Field(default_factory=list)
    #: Where the question comes from (seed or public source).
    source: Text | None = None


class SuggestedCustomQuestion(_Translatable):
    """A ready-made maatwerkvraag a trekker may copy into a round (for example on the energietransitie).
    It is never asked unless a trekker adds it to a round as one of the round's own questions; the round
    keeps its id, so participants read it in their language (the topic is for the trekker only)."""

    translatable = ("text",)
    id: Identifier
    #: The subject it belongs to, e.g. "Energietransitie"; questions are listed per topic.
    topic: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
    kind: Literal["stelling", "open"] = "stelling"
    #: At most 300 characters: the length a round's own question may have.
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=300)]
    groups: list[Identifier] = Field(default_factory=list)
    source: Text | None = None

    def as_custom_question(self) -> dict:
        """The round's own question it becomes when a trekker picks it (the shape ``rounds`` takes)."""
        return {"kind": self.kind, "text": self.text, "groups": list(self.groups), "suggested": self.id}


class BackgroundOption(_Translatable):
    translatable = ("label",)
    id: Identifier
    label: Text


class BackgroundQuestion(_Translatable):
    """An optional question about the participant ("Over u"), to show who took part per group.

    Its answers are only counted per round, group and option, never stored with a response, so they
    cannot be linked to someone's other answers. Skipping it is always possible."""

    translatable = ("text", "help")

    id: Identifier
    text: Text
    help: Text | None = None
    #: Where the question comes from (seed or public source), for editors and researchers.
    source: Text | None = None
    options: list[BackgroundOption] = Field(min_length=2, max_length=12)
    #: Groups that get this question; empty means every group.
    groups: list[Identifier] = Field(default_factory=list)
    #: Whether the options run from low to high (age bands: drawn in shades of one colour) or are
    #: categories without an order (gender: drawn in distinct colours).
    ordered: bool = True

    def option_label(self, option_id: str) -> str:
        for option in self.options:
            if option.id == option_id:
                return option.label
        raise KeyError(option_id)


class VersionChange(_Strict):
    """What changed in one version of an instrument or the advice, by id (see docs/vragenlijst-wijzigingen.md)."""

    version: Annotated[int, Field(ge=1)]
    summary: Text
    added: list[Identifier] = Field(default_factory=list)
    removed: list[Identifier] = Field(default_factory=list)
    #: Same id, other words, same meaning and direction.
    reworded: list[Identifier] = Field(default_factory=list)


class InstrumentBase(_Translatable):
    translatable = ("title", "description")
    id: Identifier
    version: Annotated[int, Field(ge=1)]
    title: Text
    description: Text
    organisation_type: Literal["gemeente", "provincie", "waterschap", "algemeen"] = "gemeente"
    #: What changed per version, newest last; ids that disappear are listed as removed.
    changes: list[VersionChange] = Field(default_factory=list)
    #: Languages whose translation no native speaker has checked yet; participants are told so.
    unreviewed_languages: list[Literal["fy", "en"]] = Field(default_factory=list)


class QuickScan(InstrumentBase):
    kind: Literal["quickscan"] = "quickscan"
    default_scale: Identifier
    default_k: int = Field(default=DEFAULT_K, ge=MIN_K, le=MAX_K)
    scales: list[Scale] = Field(min_length=1)
    groups: list[Group] = Field(min_length=1)
    kernwaarden: list[Kernwaarde] = Field(default_factory=list)
    themes: list[Theme] = Field(min_length=1)
    priorities: PrioritiesQuestion | None = None
    open_questions: list[OpenQuestion] = Field(default_factory=list)
    #: Optional questions about the participant (age, ...), shown at the end as "Over u".
    background: list[BackgroundQuestion] = Field(default_factory=list, max_length=8)
    #: Ready-made maatwerkvragen a trekker can pick for a round; not asked unless picked.
    suggested_custom_questions: list[SuggestedCustomQuestion] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_references(self) -> QuickScan:
        problems = _Problems()
        _unique(problems, self.scales, ("scales",), "antwoordschaal")
        _unique(problems, self.groups, ("groups",), "groep")
        _unique(problems, self.kernwaarden, ("kernwaarden",), "kernwaarde")
        _unique(problems, self.themes, ("themes",), "thema")
        scale_ids = {s.id for s in self.scales}
        group_ids = {g.id for g in self.groups}
        value_ids = {k.id for k in self.kernwaarden}
        if self.default_scale not in scale_ids:
            problems.add(
                ("default_scale",), f"antwoordschaal '{self.default_scale}' bestaat niet in 'scales'"
            )
        seen: dict[str, tuple] = {}
        for ti, theme in enumerate(self.themes):
            for si, st in enumerate(theme.statements):
                loc = ("themes", ti, "statements", si)
                if st.id in seen or st.id in {t.id for t in self.themes}:
                    problems.add(loc + ("id",), f"id '{st.id}' komt vaker voor")
                seen[st.id] = loc
                if st.scale is not None and st.scale not in scale_ids:
                    problems.add(loc + ("scale",), f"antwoordschaal '{st.scale}' bestaat niet")
                for i, g in enumerate(st.groups):
                    if g not in group_ids:
                        problems.add(loc + ("groups", i), f"groep '{g}' bestaat niet")
                for i, k in enumerate(st.kernwaarden):
                    if k not in value_ids:
                        problems.add(loc + ("kernwaarden", i), f"kernwaarde '{k}' bestaat niet")
        for qi, q in enumerate(self.open_questions):
            loc = ("open_questions", qi)
            if q.id in seen:
                problems.add(loc + ("id",), f"id '{q.id}' komt vaker voor")
            seen[q.id] = loc
            for i, g in enumerate(q.groups):
                if g not in group_ids:
                    problems.add(loc + ("groups", i), f"groep '{g}' bestaat niet")
        for bi, q in enumerate(self.background):
            loc = ("background", bi)
            if q.id in seen:
                problems.add(loc + ("id",), f"id '{q.id}' komt vaker voor")
            seen[q.id] = loc
            _unique(problems, q.options, loc + ("options",), "antwoordoptie")
            for i, g in enumerate(q.groups):
                if g not in group_ids:
                    problems.add(loc + ("groups", i), f"groep '{g}' bestaat niet")
        if self.priorities is not None and self.priorities.id in seen:
            problems.add(("priorities", "id"), f"id '{self.priorities.id}' komt vaker voor")
        _unique(problems, self.suggested_custom_questions, ("suggested_custom_questions",), "maatwerkvraag")
        for qi, q in enumerate(self.suggested_custom_questions):
            for i, g in enumerate(q.groups):
                if g not in group_ids:
                    problems.add(("suggested_custom_questions", qi, "groups", i), f"groep '{g}' bestaat niet")
        problems.raise_if_any()
        return self

    # -- lookups -------------------------------------------------------------------------------
    def scale_of(self, statement: Statement) -> Scale:
        wanted = statement.scale or self.default_scale
        return next(s for s in self.scales if s.id == wanted)

    def group(self, group_id: str) -> Group:
        for g in self.groups:
            if g.id == group_id:
                return g
        raise KeyError(group_id)

    def theme(self, theme_id: str) -> Theme:
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise KeyError(theme_id)

    def statements(self) -> list[tuple[Theme, Statement]]:
        return [(t, s) for t in self.themes for s in t.statements]

    def statement(self, statement_id: str) -> Statement:
        for _, s in self.statements():
            if s.id == statement_id:
                return s
        raise KeyError(statement_id)

    def statements_for(self, group_id: str) -> list[tuple[Theme, Statement]]:
        return [(t, s) for t, s in self.statements() if not s.groups or group_id in s.groups]

    def open_questions_for(self, group_id: str) -> list[OpenQuestion]:
        return [q for q in self.open_questions if not q.groups or group_id in q.groups]

    def background_for(self, group_id: str) -> list[BackgroundQuestion]:
        return [q for q in self.background if not q.groups or group_id in q.groups]

    @property
    def group_ids(self) -> list[str]:
        return [g.id for g in self.groups]


class ChecklistOption(_Translatable):
    translatable = ("label",)
    id: Identifier
    label: Text
    #: Score on 0-100; None means "not applicable": left out of every mean.
    score: float | None = Field(default=None, ge=0, le=100)


class Criterion(_Translatable):
    translatable = ("text", "explanation")
    id: Identifier
    text: Text
    #: What "ja" looks like in practice: shown beside the criterion while answering.
    explanation: Text
    source: Text | None = None
    #: The phases of the process in which the criterion can already apply; empty means every phase.
    phases: list[Text] = Field(default_factory=list)

    def applies_in(self, phase: str | None) -> bool:
        """Whether the criterion can be judged in this phase of the process (no phase known: always)."""
        return not self.phases or phase is None or phase in self.phases


class Dimension(_Translatable):
    translatable = ("title", "short", "description")
    id: Identifier
    title: Text
    short: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    description: Text
    criteria: list[Criterion] = Field(min_length=1)


class PhaseName(_Translatable):
    """The name of a phase of the process as assessors read it (``id`` is the phase in ``phases``)."""

    translatable = ("label",)
    id: Text
    label: Text


class TrafficLights(_Strict):
    green: float = Field(default=75, ge=0, le=100)
    orange: float = Field(default=50, ge=0, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> TrafficLights:
        if self.orange > self.green:
            raise ValueError("de grens voor oranje moet lager liggen dan die voor groen")
        return self


class Checklist(InstrumentBase):
    kind: Literal["checklist"] = "checklist"
    options: list[ChecklistOption] = Field(min_length=2)
    traffic_lights: TrafficLights = TrafficLights()
    phases: list[Text] = Field(default_factory=lambda: ["voorbereiding", "uitvoering", "afronding"])
    #: The phases by name, with their translations; a phase without one is called by itself.
    phase_names: list[PhaseName] = Field(default_factory=list)
    participation_levels: list[Text] = Field(default_factory=list)
    dimensions: list[Dimension] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_references(self) -> Checklist:
        problems = _Problems()
        _unique(problems, self.options, ("options",), "antwoordoptie")
        _unique(problems, self.dimensions, ("dimensions",), "dimensie")
        seen: set[str] = {d.id for d in self.dimensions}
        for di, dim in enumerate(self.dimensions):
            for ci, c in enumerate(dim.criteria):
                if c.id in seen:
                    problems.add(("dimensions", di, "criteria", ci, "id"), f"id '{c.id}' komt vaker voor")
                seen.add(c.id)
                for pi, phase in enumerate(c.phases):
                    if phase not in self.phases:
                        problems.add(
                            ("dimensions", di, "criteria", ci, "phases", pi),
                            f"fase '{phase}' bestaat niet in 'phases'",
                        )
        _unique(problems, self.phase_names, ("phase_names",), "fase")
        for pi, name in enumerate(self.phase_names):
            if name.id not in self.phases:
                problems.add(("phase_names", pi, "id"), f"fase '{name.id}' bestaat niet in 'phases'")
        scored = [o for o in self.options if o.score is not None]
        if len(scored) < 2:
            problems.add(("options",), "er zijn minstens twee antwoordopties met een score nodig")
        problems.raise_if_any()
        return self

    def phase_label(self, phase: str) -> str:
        """A phase by its name (in the language this checklist is localised to)."""
        return next((name.label for name in self.phase_names if name.id == phase), phase)

    def option(self, option_id: str) -> ChecklistOption:
        for o in self.options:
            if o.id == option_id:
                return o
        raise KeyError(option_id)

    def dimension(self, dimension_id: str) -> Dimension:
        for d in self.dimensions:
            if d.id == dimension_id:
                return d
        raise KeyError(dimension_id)

    def criteria(self) -> list[tuple[Dimension, Criterion]]:
        return [(d, c) for d in self.dimensions for c in d.criteria]

    def criterion(self, criterion_id: str) -> Criterion:
        for _, c in self.criteria():
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)


Instrument = Annotated[QuickScan | Checklist, Field(discriminator="kind")]


class Resource(_Strict):
    """Something a tip points to: a DiAmant, an ontwikkeltraject, an aanknopingspunt, a guideline."""

    id: Identifier
    kind: Literal[
        "diamant", "ontwikkeltraject", "aanknopingspunt", "richtlijn", "rode_draad", "instrument", "overig"
    ]
    title: Text
    description: Text | None = None
    #: Where it comes from: a seed number ("seed 003") or a public source.
    source: Text


class Tip(_Strict):
    id: Identifier
    title: Text
    text: Text
    resources: list[Identifier] = Field(default_factory=list)
    #: Where the advice comes from (seed document and section, or a public source).
    source: Text | None = None


class AdviceEntry(_Strict):
    #: Theme or dimension ids (of any instrument) this advice answers to.
    applies_to: list[Identifier] = Field(min_length=1)
    tips: list[Tip] = Field(min_length=1)


class Advice(_Strict):
    kind: Literal["advies"] = "advies"
    id: Identifier
    version: Annotated[int, Field(ge=1)]
    resources: list[Resource] = Field(default_factory=list)
    advice: list[AdviceEntry] = Field(min_length=1)
    changes: list[VersionChange] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_references(self) -> Advice:
        problems = _Problems()
        _unique(problems, self.resources, ("resources",), "bron")
        resource_ids = {r.id for r in self.resources}
        tip_ids: set[str] = set()
        for ei, entry in enumerate(self.advice):
            for ti, tip in enumerate(entry.tips):
                loc = ("advice", ei, "tips", ti)
                if tip.id in tip_ids:
                    problems.add(loc + ("id",), f"id '{tip.id}' komt vaker voor")
                tip_ids.add(tip.id)
                for ri, r in enumerate(tip.resources):
                    if r not in resource_ids:
                        problems.add(loc + ("resources", ri), f"bron '{r}' bestaat niet in 'resources'")
        problems.raise_if_any()
        return self

    def resource(self, resource_id: str) -> Resource:
        for r in self.resources:
            if r.id == resource_id:
                return r
        raise KeyError(resource_id)

    def tips_for(self, target_id: str) -> list[Tip]:
        return [tip for e in self.advice if target_id in e.applies_to for tip in e.tips]


def _unique(problems: _Problems, items: list, loc: tuple, what: str) -> None:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            problems.add(loc + (i, "id"), f"{what} '{item.id}' komt vaker voor")
        seen.add(item.id)

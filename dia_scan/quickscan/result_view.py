"""What the Resultaten and Live pages show: tables, chart data and plain-Dutch readings of a round.

Everything here is built from a scored ``RoundResult`` (so only the groups scoring allows to be shown
ever appear) and never imports streamlit. The readings are short B1 sentences generated from the
numbers, so every chart comes with a sentence that says what it shows.

Longer than most because Resultaten, Live and the reports read the same tables and sentences; one module
keeps their wording the same.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd
from sqlite_utils import Database

from dia_scan import storage
from dia_scan.core import lifecycle
from dia_scan.core.i18n import N_, gettext_in
from dia_scan.core.model import QuickScan
from dia_scan.core.records import Round
from dia_scan.core.text import whole
from dia_scan.output.charts import DistributionRow, Series
from dia_scan.output.readings import NEUTRAL, TOTAL_WEIGHING, largest_gap, leaders, named
from dia_scan.quickscan.result_types import ItemGroupScore
from dia_scan.quickscan.results import RoundReport, score_stored_round
from dia_scan.quickscan.scoring import REASON_NO_RESPONSE, RoundResult

TOTAL = N_("Totaal")
PRINCIPLES = N_(
    "De Quick Scan is een zelfstudie: hij laat meningen en wensen zien van de mensen die meededen. "
    "Hij is niet representatief en stelt geen waarheid vast. Gebruik de uitkomst om het gesprek te beginnen."
)
#: What a kernwaarde is, said wherever the scores per kernwaarde are offered.
KERNWAARDEN_INTRO = (
    "Kernwaarden zijn de waarden die volgens Democratie in Actie goede lokale democratie kenmerken, "
    "zoals betrokkenheid, dialoog en transparantie. Elke stelling hoort bij een of meer kernwaarden. "
    "De score van een kernwaarde is het gemiddelde van de stellingen die erbij horen."
)
#: Group differences below this many points are read as "about the same".
SMALL_DIFFERENCE = 5
Perspective = Literal["thema", "kernwaarde"]


# -- participants' access ------------------------------------------------------------------------


def results_public(round_row: Round) -> bool:
    """Participants may see the results once the round is closed and the facilitator allowed it."""
    return bool(round_row.results_for_participants) and lifecycle.is_over(round_row)


# -- groups --------------------------------------------------------------------------------------


def group_labels(result: RoundResult) -> dict[str, str]:
    return {g.id: g.label for g in result.shown_groups}


@dataclass(frozen=True)
class RespondentLine:
    label: str
    text: str
    shown: bool


def who_responded(result: RoundResult, language: str = "nl") -> list[RespondentLine]:
    """Who took part: n per shown group; hidden groups by name only, never with a number. In
    ``language`` for the Terugkoppeling, Dutch elsewhere."""

    def say(message: str, **values) -> str:
        return gettext_in(language, message).format(**values)

    lines = []
    for g in result.shown_groups:
        text = say(N_("{n} deelnemers"), n=g.n)
        if g.merged_from:
            text += " " + say(N_("(samen getoond, zodat niemand herkenbaar is)"))
        lines.append(RespondentLine(g.label, text, True))
    merged_into = {m: g.label for g in result.shown_groups for m in g.merged_from}
    for h in result.hidden_groups:
        if h.reason == REASON_NO_RESPONSE:
            text = say(N_("geen deelnemers"))
        elif h.id in merged_into:
            text = say(
                N_("te weinig deelnemers om apart te tonen; meegeteld in {group}"), group=merged_into[h.id]
            )
        else:
            text = say(N_("te weinig deelnemers om apart te tonen"))
        lines.append(RespondentLine(h.label, text, False))
    return lines


# -- "Over u": who took part ---------------------------------------------------------------------


def rest_label(k: int | None) -> str:
    """The rest of an "Over u" question; k None when rounds with different k are shown together."""
    if k is None:
        return "Niet ingevuld, of door te weinig deelnemers gekozen"
    return f"Niet ingevuld, of gekozen door minder dan {k}"


def background_counts(group) -> list[int]:
    """A chart bar's counts for one group: each option (0 when it has no number), then the rest."""
    return [o.n or 0 for o in group.options] + [group.rest]


def background_cells(group, k: int | None) -> dict[str, str]:
    """A table row's cells for one group: each option's count and share (or "minder dan k"), the rest."""
    too_few = f"minder dan {k}" if k is not None else "te weinig"
    cells = {
        o.label: (f"{o.n} ({whole(100 * o.share)}%)" if o.n is not None else too_few) for o in group.options
    }
    return cells | {rest_label(k): f"{group.rest} ({whole(100 * group.rest_share)}%)"}


@dataclass(frozen=True)
class BackgroundView:
    """One "Over u" question: the chart's options and rows, the table and its reading."""

    id: str
    text: str
    options: list[str]  # the answer labels, then the rest
    rows: list[DistributionRow]
    table: pd.DataFrame
    reading: str
    ordered: bool = True  # the chart's palette: shades of one colour, or distinct colours

    @property
    def palette(self) -> str:
        return "ordered" if self.ordered else "categories"


def background_views(result: RoundResult, language: str = "nl") -> list[BackgroundView]:
    """Per "Over u" question the answers of each shown group that got it. An option fewer than k
    picked has no number (scoring leaves it out): it is drawn as 0 and its people are in the rest.
    The readings in ``language`` (the Terugkoppeling); the table stays Dutch."""
    labels = group_labels(result)
    views = []
    for question in result.background:
        if not background_shown(question):
            continue
        options = [o.label for o in question.by_group[0].options] + [rest_label(result.k)]
        rows, table_rows, sentences = [], [], []
        for group in question.by_group:
            rows.append(DistributionRow(question.text, labels[group.group_id], background_counts(group)))
            table_rows.append(
                {"Groep": labels[group.group_id], "Deelnemers": group.n} | background_cells(group, result.k)
            )
            sentences.append(_read_background_group(labels[group.group_id], group, result.k, language))
        table = pd.DataFrame(table_rows)
        views.append(
            BackgroundView(
                question.id, question.text, options, rows, table, " ".join(sentences), question.ordered
            )
        )
    return views


def background_shown(question) -> bool:
    """Whether any group has an option with a number (at least k picked it)."""
    return any(o.n is not None for g in question.by_group for o in g.options)


def background_too_few(result: RoundResult) -> list[str]:
    """The "Over u" questions no option of which reached k in any group: nothing to show yet."""
    return [q.text for q in result.background if not background_shown(q)]


def _read_background_group(label: str, group, k: int, language: str = "nl") -> str:
    shown = [o for o in group.options if o.n is not None]
    if not shown:
        return gettext_in(language, "{group}: geen antwoord is door {k} of meer deelnemers gekozen.").format(
            group=label, k=k
        )
    top, share = leaders([(o.label, 100 * o.share) for o in shown])
    if len(top) == 1:
        text = gettext_in(language, "{group}: het vaakst gekozen is {options} ({share}%).")
    else:
        text = gettext_in(language, "{group}: het vaakst gekozen zijn {options} (elk {share}%).")
    return text.format(group=label, options=named(top, quoted=True, language=language), share=whole(share))


def background_long_table(result: RoundResult) -> pd.DataFrame:
    """Every shown count of the "Over u" questions, one row each (the Excel sheet and CSV)."""
    labels = group_labels(result)
    rows = []
    for question in result.background:
        for group in question.by_group:
            for o in group.options:
                rows.append(
                    {
                        "Vraag": question.text,
                        "Groep": labels[group.group_id],
                        "Antwoord": o.label,
                        "Aantal": o.n,
                        "Deel (%)": whole(100 * o.share) if o.share is not None else None,
                        "Toelichting": "" if o.n is not None else f"minder dan {result.k}: niet getoond",
                    }
                )
            rows.append(
                {
                    "Vraag": question.text,
                    "Groep": labels[group.group_id],
                    "Antwoord": rest_label(result.k),
                    "Aantal": group.rest,
                    "Deel (%)": whole(100 * group.rest_share),
                    "Toelichting": "",
                }
            )
    frame = pd.DataFrame(rows, columns=["Vraag", "Groep", "Antwoord", "Aantal", "Deel (%)", "Toelichting"])
    for column in ("Aantal", "Deel (%)"):
        frame[column] = frame[column].astype("Int64")
    return frame


def legend_name(label: str, n: int) -> str:
    return f"{label} (n={n})"


# -- scores per theme or kernwaarde --------------------------------------------------------------


@dataclass(frozen=True)
class ScoreView:
    """The radar's data, the table behind it and its reading, for themes or kernwaarden."""

    perspective: Perspective
    labels: list[str]
    series: list[Series]
    table: pd.DataFrame
    reading: str


def score_view(result: RoundResult, perspective: Perspective = "thema", language: str = "nl") -> ScoreView:
    """The radar of a round, its table and its reading, in ``language`` (the Terugkoppeling) or Dutch."""
    if perspective == "kernwaarde":
        first = gettext_in(language, N_("Kernwaarde"))
        rows = [(k.label, k.by_group, k.overall) for k in result.kernwaarden]
    else:
        first = gettext_in(language, N_("Thema"))
        # maatwerkvragen differ per round and stay out of the radar (as they stay out of the total)
        rows = [(t.short, t.by_group, t.overall) for t in result.themes if not t.custom]
    labels = [label for label, _, _ in rows]
    totals = [overall for _, _, overall in rows]
    groups = [(g, [by_group.get(g.id) for _, by_group, _ in rows]) for g in result.shown_groups]
    series = [Series(legend_name(g.label, g.n), values) for g, values in groups]
    total = gettext_in(language, TOTAL)
    series.append(Series(total, totals, True))
    table = pd.DataFrame(
        {first: labels} | {g.label: _ints(values) for g, values in groups} | {total: _ints(totals)}
    )
    reading = read_scores(labels, [(g.label, values) for g, values in groups], totals, perspective, language)
    return ScoreView(perspective, labels, series, table, reading)


def _ints(values) -> pd.Series:
    return pd.Series([whole(v) for v in values], dtype="Int64")


def read_scores(
    labels: Sequence[str],
    groups: Sequence[tuple[str, Sequence[float | None]]],
    totals: Sequence[float | None],
    perspective: Perspective = "thema",
    language: str = "nl",
) -> str:
    """Highest and lowest overall (ties read as ties), where two groups differ most, what 50 means and
    how the total weighs the groups; in ``language`` (Dutch for the reports and organisers)."""

    def say(message: str, **values) -> str:
        return gettext_in(language, message).format(**values)

    def listed(items: Sequence[str]) -> str:
        return named(items, language=language)

    scored = [(label, t) for label, t in zip(labels, totals, strict=True) if t is not None]
    if not scored:
        return say(N_("Er zijn nog geen scores: er heeft nog geen groep genoeg antwoorden gegeven."))
    high, high_value = leaders(scored)
    low, low_value = leaders(scored, highest=False)
    if whole(high_value) == whole(low_value) and len(scored) > 1:
        sentences = [say(N_("Het totaal is overal {value}."), value=whole(high_value))]
    elif whole(high_value) == whole(low_value):
        sentences = [
            say(N_("Het hoogst scoort {names} ({value})."), names=listed(high), value=whole(high_value))
        ]
    else:
        sentences = [
            say(
                N_("Het hoogst scoort {high} ({high_value}), het laagst {low} ({low_value}).")
                if len(high) == 1
                else N_("Het hoogst scoren {high} ({high_value}), het laagst {low} ({low_value})."),
                high=listed(high),
                high_value=whole(high_value),
                low=listed(low),
                low_value=whole(low_value),
            )
        ]
    neutral = gettext_in(language, NEUTRAL)
    if len(groups) < 2:
        if groups:
            sentences.append(
                say(
                    N_(
                        "Alleen de groep {group} heeft genoeg deelnemers om apart te tonen, "
                        "dus verschillen tussen groepen zijn nog niet te zien."
                    ),
                    group=groups[0][0],
                )
            )
        return " ".join([*sentences, neutral])
    best = largest_gap(labels, groups)
    if best is not None:
        gap, label, top, bottom = best
        if whole(gap) < SMALL_DIFFERENCE:
            sentences.append(
                say(
                    N_(
                        "De groepen denken bij alle thema's ongeveer hetzelfde: "
                        "het grootste verschil is {gap} punten, bij {label}."
                    )
                    if perspective == "thema"
                    else N_(
                        "De groepen denken bij alle kernwaarden ongeveer hetzelfde: "
                        "het grootste verschil is {gap} punten, bij {label}."
                    ),
                    gap=whole(gap),
                    label=label,
                )
            )
        else:
            sentences.append(
                say(
                    N_("{high} en {low} verschillen het meest bij {label}: {high_value} tegen {low_value}."),
                    high=top[0],
                    low=bottom[0],
                    label=label,
                    high_value=whole(top[1]),
                    low_value=whole(bottom[1]),
                )
            )
    return " ".join([*sentences, neutral, gettext_in(language, TOTAL_WEIGHING)])


# -- one theme: statements and answer distributions ----------------------------------------------


def statement_table(result: RoundResult, theme_id: str) -> pd.DataFrame:
    """Per statement the score of each shown group, the total and the difference between groups."""
    items = [i for i in result.items if i.theme_id == theme_id]
    data: dict[str, list] = {"Stelling": [i.text + (" *" if i.reverse else "") for i in items]}
    for g in result.shown_groups:
        data[g.label] = _ints(i.by_group[g.id].score for i in items)
    data[TOTAL] = _ints(i.overall for i in items)
    if len(result.shown_groups) > 1:
        data["Verschil"] = _ints(i.difference for i in items)
    return pd.DataFrame(data)


def answer_options(instrument: QuickScan, theme_id: str) -> tuple[list[str], list[int], bool]:
    """(option labels, scale values, has 'weet niet') of the theme's first statement's scale."""
    theme = instrument.theme(theme_id)
    scale = instrument.scale_of(theme.statements[0])
    labels = [p.label for p in scale.points]
    has_dont_know = scale.dont_know is not None
    if has_dont_know:
        labels.append(scale.dont_know)
    return labels, [p.value for p in scale.points], has_dont_know


def distribution(
    instrument: QuickScan, result: RoundResult, theme_id: str
) -> tuple[list[str], list[DistributionRow], pd.DataFrame]:
    """The answer counts per statement and shown group, for the chart and as a table.

    Groups that did not get a statement (or gave no answer to it) are left out of that statement.
    """
    options, values, has_dont_know = answer_options(instrument, theme_id)
    rows: list[DistributionRow] = []
    table_rows = []
    for item in (i for i in result.items if i.theme_id == theme_id):
        for g in result.shown_groups:
            score = item.by_group[g.id]
            counts = [score.distribution.get(v, 0) for v in values]
            if has_dont_know:
                counts.append(score.n_dont_know)
            if sum(counts) == 0:
                continue
            rows.append(DistributionRow(item.text, g.label, counts))
            share = score.dont_know_share
            table_rows.append(
                {"Stelling": item.text, "Groep": g.label}
                | dict(zip(options, counts, strict=True))
                | {"% weet niet": whole(100 * share) if share is not None else None}
            )
    table = pd.DataFrame(table_rows)
    if not table.empty:
        table["% weet niet"] = table["% weet niet"].astype("Int64")
    return options, rows, table


def read_theme(result: RoundResult, theme_id: str) -> str:
    """Where the groups differ most within the theme, and how often people chose 'weet niet'."""
    items = [i for i in result.items if i.theme_id == theme_id]
    labels = group_labels(result)
    sentences = []
    differing = [i for i in items if i.difference is not None]
    if differing:
        item = max(differing, key=lambda i: i.difference)
        scored = [(gid, s.score) for gid, s in item.by_group.items() if s.score is not None]
        top = max(scored, key=lambda p: p[1])
        bottom = min(scored, key=lambda p: p[1])
        if whole(item.difference) >= SMALL_DIFFERENCE:
            sentences.append(
                f"De groepen verschillen het meest bij ‘{item.text}’: {labels[top[0]]} {whole(top[1])}, "
                f"{labels[bottom[0]]} {whole(bottom[1])}."
            )
        else:
            sentences.append("Bij alle stellingen in dit thema denken de groepen ongeveer hetzelfde.")
    elif items and any(i.overall is not None for i in items):
        best = max((i for i in items if i.overall is not None), key=lambda i: i.overall)
        sentences.append(f"Het hoogst scoort de stelling ‘{best.text}’ ({whole(best.overall)}).")
    shares = [
        (s.dont_know_share, i, gid)
        for i in items
        for gid, s in i.by_group.items()
        if s.dont_know_share is not None
    ]
    if shares:
        share, item, gid = max(shares, key=lambda p: p[0])
        if share > 0.3:
            sentences.append(
                f"Veel ‘weet niet’: bij ‘{item.text}’ koos {whole(100 * share)}% van {labels[gid]} "
                "‘weet niet’. Misschien ontbreekt daar informatie."
            )
        else:
            sentences.append(
                f"Weinig mensen kozen ‘weet niet’ (hoogstens {whole(100 * share)}% in een groep)."
            )
    return " ".join(sentences) or "Er zijn nog geen antwoorden op dit thema."


# -- priorities -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrioritiesView:
    themes: list[str]
    series: list[tuple[str, list[float | None]]]
    table: pd.DataFrame
    reading: str


def priorities_view(instrument: QuickScan, result: RoundResult) -> PrioritiesView | None:
    if not result.priorities or not result.shown_groups:
        return None
    # only the instrument's own themes can be picked as a priority, not the maatwerkvragen
    titles = {t.id: t.title for t in instrument.themes if not t.custom}
    shares = [p for p in result.priorities if p.theme_id in titles]
    themes = [titles[p.theme_id] for p in shares]
    series = [(g.label, [p.by_group.get(g.id) for p in shares]) for g in result.shown_groups]
    table = pd.DataFrame(
        {"Thema": themes}
        | {g.label: _ints(_percent(p.by_group.get(g.id)) for p in shares) for g in result.shown_groups}
        | {f"{TOTAL} (gemiddelde)": _ints(_percent(p.overall) for p in shares)}
    )
    table = table.rename(columns={c: f"{c} (%)" for c in table.columns if c != "Thema"})
    return PrioritiesView(themes, series, table, read_priorities(themes, series, [p.overall for p in shares]))


def _percent(share: float | None) -> float | None:
    return None if share is None else 100 * share


def read_priorities(
    themes: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    overall: Sequence[float | None],
) -> str:
    scored = [(t, 100 * o) for t, o in zip(themes, overall, strict=True) if o is not None]
    if not scored or max(o for _, o in scored) <= 0:
        return "Nog niemand heeft een thema gekozen om eerst aan te werken."
    top, top_share = leaders(scored)
    sentences = [
        f"Het vaakst gekozen om eerst aan te werken: {named(top)} "
        f"(gemiddeld {whole(top_share)}% van de deelnemers per groep{'' if len(top) == 1 else ', elk'})."
    ]
    own = []
    for name, shares in series:
        picked = [(t, 100 * s) for t, s in zip(themes, shares, strict=True) if s]
        if picked:
            best, best_share = leaders(picked)
            if best != top:
                each = "" if len(best) == 1 else "elk "
                own.append(f"{name} kiest het vaakst {named(best)} ({each}{whole(best_share)}%)")
    if own:
        sentences.append("; ".join(own) + ".")
    elif len(series) > 1:
        sentences.append(
            f"Alle groepen kiezen {'dit thema' if len(top) == 1 else 'deze thema’s'} het vaakst."
        )
    return " ".join(sentences)


# -- gespreksstarters, open answers, changes ------------------------------------------------------


@dataclass(frozen=True)
class Starter:
    text: str  # the statement (content from the instrument)
    detail: str  # the numbers behind it, in a sentence


def starters(result: RoundResult, *, limit: int = 5) -> tuple[list[Starter], list[Starter]]:
    """(between groups, within a group), each with a sentence that says why it is worth discussing."""
    labels = group_labels(result)
    between = []
    for s in result.gespreksstarters.between_groups[:limit]:
        item = result.item(s.statement_id)
        high = item.by_group[s.highest_group].score
        low = item.by_group[s.lowest_group].score
        between.append(
            Starter(
                s.text,
                f"{labels[s.highest_group]} {whole(high)}, {labels[s.lowest_group]} {whole(low)}: "
                f"{whole(s.difference)} punten verschil.",
            )
        )
    within = [
        Starter(s.text, _divided(labels[s.group_id], result.item(s.statement_id).by_group[s.group_id]))
        for s in result.gespreksstarters.within_group[:limit]
    ]
    return between, within


def _divided(label: str, score: ItemGroupScore) -> str:
    """How a group splits on a statement, in numbers: "College: 3 eens, 1 neutraal, 3 oneens."
    Eens and oneens count every point above and below the middle of the scale (the statement as asked,
    not mirrored); neutraal only where the scale has a middle point."""
    values = list(score.distribution)
    middle = (values[0] + values[-1]) / 2
    agree = sum(n for v, n in score.distribution.items() if v > middle)
    disagree = sum(n for v, n in score.distribution.items() if v < middle)
    parts = [f"{agree} eens"]
    if middle in score.distribution:
        parts.append(f"{score.distribution[middle]} neutraal")
    parts.append(f"{disagree} oneens")
    return f"{label}: {', '.join(parts)}."


@dataclass(frozen=True)
class OpenQuestionAnswers:
    question: str
    answers: list[tuple[str, str]]  # (text as typed, label of the shown group)


NO_OPEN_ANSWERS = "Er zijn geen open antwoorden om te tonen."
#: How the open answers are introduced, on the page and in the reports.
OPEN_ANSWERS_INTRO = (
    "De antwoorden staan hier zoals ze zijn ingevuld, op volgorde van de tekst, met de groep erbij."
)


def open_answers(instrument: QuickScan, result: RoundResult) -> list[OpenQuestionAnswers]:
    """The open answers per question, each with its shown group. ``result`` comes from
    ``score_stored_round``, which already left out what could point to a group under k."""
    labels = group_labels(result)
    texts = {q.id: q.text for q in instrument.open_questions}
    grouped: dict[str, list[tuple[str, str]]] = {}
    for a in result.open_answers:
        if a.group_id in labels:  # never an answer without its shown group (see quickscan.open_answers)
            grouped.setdefault(a.question_id, []).append((a.text, labels[a.group_id]))
    order = list(texts)
    ordered = sorted(grouped, key=lambda qid: order.index(qid) if qid in order else len(order))
    return [OpenQuestionAnswers(texts.get(qid, "Overige vraag"), grouped[qid]) for qid in ordered]


def theme_changes(db: Database, report: RoundReport) -> pd.DataFrame | None:
    """The overall score per theme in the previous round and now, with the change in points."""
    if report.previous_round is None:
        return None
    previous = score_stored_round(db, report.previous_round)
    before = {t.id: t.overall for t in previous.themes if not t.custom}
    rows = []
    for t in report.result.themes:
        if t.custom or t.id not in before:
            continue
        old, new = whole(before[t.id]), whole(t.overall)
        rows.append(
            {
                "Thema": t.title,
                "Vorige ronde": old,
                "Deze ronde": new,
                "Verschil": None if old is None or new is None else new - old,
            }
        )
    if not rows:
        return None
    table = pd.DataFrame(rows)
    for column in ("Vorige ronde", "Deze ronde", "Verschil"):
        table[column] = table[column].astype("Int64")
    return table


def read_changes(table: pd.DataFrame) -> str:
    known = table.dropna(subset=["Verschil"])
    if known.empty:
        return "Er is geen thema dat in beide rondes een score heeft."
    up = known.loc[known["Verschil"].idxmax()]
    down = known.loc[known["Verschil"].idxmin()]
    sentences = []
    if up["Verschil"] > 0:
        sentences.append(f"Het meest gestegen is {up['Thema']}: {up['Verschil']} punten.")
    if down["Verschil"] < 0:
        sentences.append(f"Het meest gedaald is {down['Thema']}: {-down['Verschil']} punten.")
    return " ".join(sentences) or "Geen enkel thema is veranderd sinds de vorige ronde."


# -- live workshop ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LiveSnapshot:
    """Scores shown on the projector, and the submitted count per group they were computed from."""

    counts: dict[str, int]
    result: RoundResult
    taken_at: float


def submitted_counts(db: Database, round_row: Round) -> dict[str, int]:
    counts = storage.group_counts(db, round_row.id)
    return {group_id: n.get("submitted", 0) for group_id, n in counts.items()}


def take_snapshot(db: Database, round_row: Round, attempts: int = 3) -> LiveSnapshot:
    """Score the round; counts are read before and after, so they belong to exactly these scores."""
    for _ in range(attempts):
        before = submitted_counts(db, round_row)
        result = score_stored_round(db, round_row)
        if submitted_counts(db, round_row) == before:
            break
    return LiveSnapshot(before, result, time.time())


def may_replace(shown: dict[str, int] | None, fresh: dict[str, int], k: int) -> bool:
    """May the projector switch from the scores of ``shown`` counts to those of ``fresh`` counts?

    Comparing two snapshots that differ by one respondent gives away that person's answers
    (everyone in the room sees who just pressed 'versturen'). So the scores only move on when each
    group that grew has at least k new respondents since the scores on screen; counts still update.
    """
    if shown is None:
        return True
    for group_id in set(shown) | set(fresh):
        grown = fresh.get(group_id, 0) - shown.get(group_id, 0)
        if grown != 0 and abs(grown) < k:
            return False
    return True


def pending(shown: dict[str, int], fresh: dict[str, int]) -> int:
    """Respondents who submitted after the scores on screen were computed."""
    return sum(max(fresh.get(g, 0) - shown.get(g, 0), 0) for g in fresh)

"""Tables and plain-language readings for the comparison pages (no streamlit, no scoring).

Every chart on the Vergelijken and Organisatie pages has a table behind it and a sentence or two that
says what it shows, in plain Dutch.

One module because every table and reading here answers to the same two pages; split it when a third page
needs them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dia_scan.common.agenda import STATUS_LABELS
from dia_scan.compare.comparison import (
    OVERALL,
    Benchmark,
    Comparison,
    perspective_label,
    score_rows,
)
from dia_scan.compare.history import BackgroundTrend, History, RoundComparison
from dia_scan.core.text import whole
from dia_scan.output.charts import DistributionRow
from dia_scan.output.readings import read_matrix, read_spread
from dia_scan.quickscan.result_view import background_cells, background_counts, rest_label

SCORE_HELP = "Scores van 0 tot 100: hoe hoger, hoe positiever. Een leeg vak betekent: geen score te tonen."


def _ints(frame: pd.DataFrame, columns) -> pd.DataFrame:
    for column in columns:
        frame[column] = frame[column].astype("Int64")
    return frame


PROFILE_COLUMNS = ["Type", "Provincie", "Grootteklasse", "Labels", "Ronde", "Datum"]


def comparison_frame(comparison: Comparison, perspective: str = OVERALL) -> pd.DataFrame:
    """Organisation, the scores, then respondents and the profile (scores first: that is what is compared)."""
    numbers = [t.short for t in comparison.themes] + ["Totaal", "Respondenten"]
    order = ["Organisatie", *numbers, *PROFILE_COLUMNS]
    rows = score_rows(comparison, perspective)
    if not rows:
        return pd.DataFrame(columns=order)
    return _ints(pd.DataFrame(rows)[order], numbers)


def read_comparison(comparison: Comparison, perspective: str = OVERALL) -> str:
    """Highest and lowest organisation, and the theme where organisations differ most."""
    scored = [(o, o.total.get(perspective)) for o in comparison.organisations]
    scored = [(o, s) for o, s in scored if s is not None]
    who = perspective_label(comparison, perspective).lower()
    if not scored:
        return f"Er zijn geen organisaties met een score voor '{who}'."
    if len(scored) == 1:
        o, s = scored[0]
        return f"Er is één organisatie met een score: {o.profile.name}, gemiddeld {whole(s)} van de 100."
    best = max(scored, key=lambda pair: pair[1])
    worst = min(scored, key=lambda pair: pair[1])
    sentences = [
        f"Van de {len(scored)} organisaties met een score ({who}) heeft {best[0].profile.name} "
        f"gemiddeld de hoogste score ({whole(best[1])}) en {worst[0].profile.name} de laagste ({whole(worst[1])})."
    ]
    ranges = []
    for theme in comparison.themes:
        values = [v for o in comparison.organisations if (v := o.score(theme.id, perspective)) is not None]
        if len(values) >= 2:
            ranges.append((max(values) - min(values), theme))
    if ranges:
        width, theme = max(ranges, key=lambda pair: pair[0])
        sentences.append(
            f"Bij het thema ‘{theme.title}’ lopen de organisaties het verst uiteen: {whole(width)} punten "
            "tussen de hoogste en de laagste."
        )
    return " ".join(sentences)


def read_against_benchmark(
    comparison: Comparison, organisation_id: int, bench: Benchmark, perspective: str
) -> str:
    """Where one organisation is clearly above or below the benchmark (5 points or more)."""
    org = comparison.organisation(organisation_id)
    above, below = [], []
    for theme in comparison.themes:
        own, ref = org.score(theme.id, perspective), bench.themes.get(theme.id)
        if own is None or ref is None:
            continue
        if own - ref >= 5:
            above.append(theme.short.lower())
        elif ref - own >= 5:
            below.append(theme.short.lower())
    parts = []
    if above:
        parts.append(f"{org.profile.name} scoort duidelijk hoger dan de benchmark bij: {', '.join(above)}.")
    if below:
        parts.append(f"Duidelijk lager bij: {', '.join(below)}.")
    return (
        " ".join(parts)
        or f"{org.profile.name} scoort bij geen enkel thema 5 punten of meer anders dan de benchmark."
    )


def benchmark_frame(
    comparison: Comparison, organisation_ids: list[int], bench: Benchmark | None, perspective: str
):
    rows = []
    for theme in comparison.themes:
        row = {"Thema": theme.title}
        for oid in organisation_ids:
            org = comparison.organisation(oid)
            row[org.profile.name] = whole(org.score(theme.id, perspective))
        if bench is not None:
            row["Benchmark"] = whole(bench.themes.get(theme.id))
        rows.append(row)
    frame = pd.DataFrame(rows)
    return _ints(frame, [c for c in frame.columns if c != "Thema"])


@dataclass(frozen=True)
class Matrix:
    """The heatmap: organisations (highest total first) by themes, with the total as the last column."""

    names: list[str]
    themes: list[str]
    values: list[list[float | None]]  # per organisation: the theme scores, then the total

    @property
    def columns(self) -> list[str]:
        return [*self.themes, "Totaal"]

    def frame(self) -> pd.DataFrame:
        rows = [
            {"Organisatie": name} | {c: whole(v) for c, v in zip(self.columns, row, strict=True)}
            for name, row in zip(self.names, self.values, strict=True)
        ]
        return _ints(pd.DataFrame(rows, columns=["Organisatie", *self.columns]), self.columns)

    def reading(self) -> str:
        return read_matrix(
            self.names, self.themes, [row[:-1] for row in self.values], [row[-1] for row in self.values]
        )


def score_matrix(comparison: Comparison, perspective: str = OVERALL) -> Matrix:
    organisations = sorted(comparison.organisations, key=lambda o: -(o.total.get(perspective) or -1))
    return Matrix(
        [o.profile.name for o in organisations],
        [t.short for t in comparison.themes],
        [
            [o.score(t.id, perspective) for t in comparison.themes] + [o.total.get(perspective)]
            for o in organisations
        ],
    )


SPREAD_COLUMNS = ["Thema", "Organisaties", "Laagste", "Mediaan", "Hoogste"]


def spread_frame(comparison: Comparison, perspective: str = OVERALL) -> pd.DataFrame:
    """Per theme: how many organisations have a score, and the lowest, middle and highest score."""
    rows = []
    for theme in comparison.themes:
        values = [v for o in comparison.organisations if (v := o.score(theme.id, perspective)) is not None]
        if values:
            s = pd.Series(values)
            rows.append([theme.title, len(values), whole(s.min()), whole(s.median()), whole(s.max())])
    return _ints(pd.DataFrame(rows, columns=SPREAD_COLUMNS), SPREAD_COLUMNS[1:])


def read_spread_frame(frame: pd.DataFrame) -> str:
    return read_spread([tuple(row) for row in frame.itertuples(index=False)])


# -- over time -----------------------------------------------------------------------------------


def dutch_date(iso: str | None) -> str:
    """2026-10-05 as 5-10-2026; anything else as it is."""
    try:
        year, month, day = (int(part) for part in (iso or "")[:10].split("-"))
    except ValueError:
        return iso or ""
    return f"{day}-{month}-{year}"


def round_label(title: str, date: str) -> str:
    return f"{title} ({dutch_date(date)})" if date else title


def history_frame(history: History) -> pd.DataFrame:
    """Themes as rows, rounds as columns (oldest first), and the total as the last row."""
    labels = [round_label(p.title, p.date) for p in history.points]
    rows = []
    for theme in history.themes:
        row = {"Thema": theme.title}
        for label, point in zip(labels, history.points, strict=True):
            row[label] = whole(point.themes.get(theme.id))
        rows.append(row)
    total = {"Thema": "Totaal"}
    for label, point in zip(labels, history.points, strict=True):
        total[label] = whole(point.total)
    rows.append(total)
    return _ints(pd.DataFrame(rows), labels)


def read_history(history: History) -> str:
    points = [p for p in history.points if p.total is not None]
    if not points:
        return "Er is nog geen ronde met genoeg respondenten om scores te tonen."
    if len(points) == 1:
        return f"Er is één ronde met scores: gemiddeld {whole(points[0].total)} van de 100."
    first, last = points[0], points[-1]
    change = whole(last.total) - whole(first.total)
    trend = "gestegen" if change > 0 else "gedaald" if change < 0 else "gelijk gebleven"
    amount = f" met {abs(change)} punten" if change else ""
    return (
        f"Over {len(points)} rondes is de gemiddelde score {trend}{amount}: "
        f"van {whole(first.total)} ({first.title}) naar {whole(last.total)} ({last.title})."
    )


def changes_frame(rc: RoundComparison) -> pd.DataFrame:
    rows = [
        {
            "Thema": c.title,
            "Vorige ronde": whole(c.before),
            "Deze ronde": whole(c.after),
            "Verschil": _diff(c),
        }
        for c in rc.overall_changes()
    ]
    return _ints(pd.DataFrame(rows), ["Vorige ronde", "Deze ronde", "Verschil"])


def change_points(change) -> int | None:
    """The change as a reader computes it from the shown (whole) scores."""
    return _diff(change)


def _diff(change) -> int | None:
    if change.before is None or change.after is None:
        return None
    return whole(change.after) - whole(change.before)


def group_changes_frame(rc: RoundComparison) -> pd.DataFrame | None:
    """Per theme the change in points of each group shown in both rounds."""
    changes = rc.group_changes()
    if not changes:
        return None
    groups = list(dict.fromkeys(c.group_label for c in changes))
    rows = []
    for theme in rc.themes:
        row = {"Thema": theme.title}
        for c in changes:
            if c.theme_id == theme.id:
                row[c.group_label] = _diff(c)
        rows.append(row)
    return _ints(pd.DataFrame(rows), groups)


def read_changes(rc: RoundComparison) -> str:
    known = [(c, _diff(c)) for c in rc.overall_changes() if _diff(c) is not None]
    if not known:
        return "Er is geen thema met een score in beide rondes."
    up = max(known, key=lambda pair: pair[1])
    down = min(known, key=lambda pair: pair[1])
    sentences = []
    if up[1] > 0:
        sentences.append(f"Het meest gestegen is ‘{up[0].title}’: {up[1]} punten.")
    if down[1] < 0:
        sentences.append(f"Het meest gedaald is ‘{down[0].title}’: {-down[1]} punten.")
    return " ".join(sentences) or "Geen enkel thema is veranderd sinds de vorige ronde."


def actions_frame(rc: RoundComparison) -> pd.DataFrame:
    """The previous round's verbeteragenda, with the change since then of the theme each action is about."""
    titles = {t.id: t.title for t in rc.themes}
    change_of = {c.theme_id: _diff(c) for c in rc.overall_changes()}
    rows = []
    for action in rc.previous_actions:
        target = action.target_id
        change = change_of.get(target) if target else None
        rows.append(
            {
                "Actie": action.wat,
                "Wie": action.wie or "",
                "Status": STATUS_LABELS.get(action.status, action.status),
                "Thema": titles.get(target, "") if target else "",
                "Verschil thema": change,
            }
        )
    frame = pd.DataFrame(rows, columns=["Actie", "Wie", "Status", "Thema", "Verschil thema"])
    return _ints(frame, ["Verschil thema"])


@dataclass(frozen=True)
class AgendaItem:
    wat: str
    details: str  # status, who, and how the theme changed since


def agenda_items(rc: RoundComparison) -> list[AgendaItem]:
    titles = {t.id: t.title for t in rc.themes}
    change_of = {c.theme_id: _diff(c) for c in rc.overall_changes()}
    items = []
    for action in rc.previous_actions:
        parts = [f"Status: {STATUS_LABELS.get(action.status, action.status).lower()}"]
        if action.wie:
            parts.append(f"Wie: {action.wie}")
        target = action.target_id
        if target in titles:
            change = change_of.get(target)
            if change is None:
                parts.append(f"Thema ‘{titles[target]}’: niet te vergelijken")
            else:
                moved = "gelijk gebleven" if change == 0 else f"{'+' if change > 0 else ''}{change} punten"
                parts.append(f"Thema ‘{titles[target]}’: {moved} sinds de vorige ronde")
        items.append(AgendaItem(action.wat, " · ".join(parts)))
    return items


# -- who took part, round by round ---------------------------------------------------------------


@dataclass(frozen=True)
class BackgroundTrendView:
    """An "Over u" question over the rounds: a panel per group with a bar per round, a table, a reading."""

    id: str
    text: str
    palette: str
    options: list[str]  # the answer labels, then the rest
    rows: list[DistributionRow]  # statement = group label (the panel), group = round label (the bar)
    table: pd.DataFrame
    reading: str
    note: str | None  # rounds that are not compared


def background_trend_view(trend: BackgroundTrend) -> BackgroundTrendView:
    rows, table_rows = [], []
    for point in trend.points:
        label = round_label(point.round_title, point.date)
        group = point.counts
        rows.append(DistributionRow(point.group_label, label, background_counts(group)))
        table_rows.append(
            {"Ronde": label, "Groep": point.group_label, "Deelnemers": group.n}
            | background_cells(group, trend.k)
        )
    note = None
    if trend.not_compared:
        note = (
            "Niet vergeleken, want daar werd deze vraag niet (of met andere keuzes) gesteld: "
            + ", ".join(trend.not_compared)
            + "."
        )
    return BackgroundTrendView(
        trend.id,
        trend.text,
        "ordered" if trend.ordered else "categories",
        [*trend.option_labels, rest_label(trend.k)],
        rows,
        pd.DataFrame(table_rows),
        read_background_trend(trend),
        note,
    )


def read_background_trend(trend: BackgroundTrend) -> str:
    """Per group: the answer its latest round chose most, against the first round with a number for it."""
    sentences = []
    for group_label in dict.fromkeys(p.group_label for p in trend.points):
        own = [p for p in trend.points if p.group_label == group_label]
        last = own[-1]
        shown = [o for o in last.counts.options if o.n is not None]
        if len(own) < 2 or not shown:
            continue
        top = max(shown, key=lambda o: o.n)  # on a tie the first in the question's order
        earlier = next(
            (
                (p, o)
                for p in own[:-1]
                for o in p.counts.options
                if o.option_id == top.option_id and o.n is not None
            ),
            None,
        )
        now = f"‘{top.label}’ {whole(100 * top.share)}% in {last.round_title}"
        if earlier is None:
            sentences.append(
                f"{group_label}: {now}; in eerdere rondes kozen te weinig deelnemers dit om een getal te tonen."
            )
        else:
            point, option = earlier
            sentences.append(
                f"{group_label}: {now}, tegen {whole(100 * option.share)}% in {point.round_title}."
            )
    if not sentences:
        return (
            "Nog niets te vergelijken: een groep moet in minstens twee rondes te zien zijn, "
            "met een antwoord dat genoeg deelnemers kozen."
        )
    return " ".join(sentences)

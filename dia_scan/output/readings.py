"""Plain-Dutch readings of charts: a sentence or two, generated from the numbers the chart shows.

Every chart in the app comes with such a reading (and with a table of the same numbers), so people who
cannot see the chart, or cannot read it, get the same message. The functions take plain data (labels
and numbers, already limited by the scoring layer to what may be shown) and return plain text: no
streamlit, no markdown. Names in the result may have been typed by users, so callers render the text
escaped (``safe`` or ``plain`` in the ui package).

The radar reading of a round lives next to its table in :mod:`dia_scan.quickscan.result_view` (``read_scores``);
the comparison readings in :mod:`dia_scan.compare.view`. This module holds the readings of the other
charts, shared by the pages and the reports.
"""

from __future__ import annotations

from collections.abc import Sequence

from dia_scan.core.text import whole
from dia_scan.output.charts import DistributionRow

#: Differences below this many points are read as "about the same".
SMALL_DIFFERENCE = 5

Values = Sequence[float | None]


def _quoted_options(labels: Sequence[str]) -> str:
    return " of ".join(f"‘{label.lower()}’" for label in labels)


def _points(change: int) -> str:
    if change > 0:
        return f"{change} punten omhoog"
    if change < 0:
        return f"{-change} punten omlaag"
    return "gelijk gebleven"


# -- answers per statement and group (stacked bars) ----------------------------------------------


def read_distribution(
    options: Sequence[str], rows: Sequence[DistributionRow], *, dont_know_last: bool = True
) -> str:
    """Which group agreed most often with which statement, and which disagreed most often.

    ``options`` are the answer labels in scale order (the last one 'weet niet' with ``dont_know_last``);
    shares are of all answers of the group to the statement, as in the chart.
    """
    n_points = len(options) - (1 if dont_know_last else 0)
    half = n_points // 2
    answered = [r for r in rows if sum(r.counts) > 0]
    if half == 0 or not answered:
        return "Er zijn nog geen antwoorden om te lezen."
    low, high = range(half), range(n_points - half, n_points)
    agree_words = _quoted_options([options[i] for i in high])
    disagree_words = _quoted_options([options[i] for i in low])

    def share(row: DistributionRow, indexes: range) -> float:
        return sum(row.counts[i] for i in indexes) / sum(row.counts)

    agree = max(answered, key=lambda r: share(r, high))
    disagree = max(answered, key=lambda r: share(r, low))
    sentences = []
    if share(agree, high) > 0:
        sentences.append(
            f"Het vaakst eens: {agree.group} bij ‘{agree.statement}’ "
            f"({whole(100 * share(agree, high))}% koos {agree_words})."
        )
    else:
        sentences.append(f"Niemand koos {agree_words}.")
    if share(disagree, low) > 0:
        sentences.append(
            f"Het vaakst oneens: {disagree.group} bij ‘{disagree.statement}’ "
            f"({whole(100 * share(disagree, low))}% koos {disagree_words})."
        )
    else:
        sentences.append(f"Niemand koos {disagree_words}.")
    return " ".join(sentences)


# -- scores per round (line chart) ---------------------------------------------------------------


def read_trends(rounds: Sequence[str], series: Sequence[tuple[str, Values]]) -> str:
    """The scores in the latest round, and the themes that rose and fell most over the rounds.

    ``rounds`` are the round names, oldest first; ``series`` holds (theme, score per round).
    """
    latest = [index for index in range(len(rounds)) if any(values[index] is not None for _, values in series)]
    if not latest:
        return "Er is nog geen ronde met scores."
    last = latest[-1]
    scored = [(name, values[last]) for name, values in series if values[last] is not None]
    top = max(scored, key=lambda p: p[1])
    bottom = min(scored, key=lambda p: p[1])
    sentences = [f"In de laatste ronde, {rounds[last]}, scoort {top[0]} het hoogst ({whole(top[1])})"]
    if bottom[0] != top[0]:
        sentences[0] += f" en {bottom[0]} het laagst ({whole(bottom[1])})."
    else:
        sentences[0] += "."
    changes = []
    for name, values in series:
        known = [v for v in values if v is not None]
        if len(known) >= 2:
            changes.append((whole(known[-1]) - whole(known[0]), name, whole(known[0]), whole(known[-1])))
    if not changes:
        if len(latest) > 1:
            sentences.append("Geen thema heeft in twee rondes een score, dus een verschil is niet te zien.")
        return " ".join(sentences)
    up = max(changes, key=lambda c: c[0])
    down = min(changes, key=lambda c: c[0])
    if up[0] > 0:
        sentences.append(f"Het meest gestegen is {up[1]}: van {up[2]} naar {up[3]} ({_points(up[0])}).")
    if down[0] < 0:
        sentences.append(
            f"Het meest gedaald is {down[1]}: van {down[2]} naar {down[3]} ({_points(down[0])})."
        )
    if up[0] <= 0 and down[0] >= 0:
        sentences.append("Geen enkel thema is veranderd tussen de eerste en de laatste ronde.")
    return " ".join(sentences)


# -- organisations by themes (heatmap) -----------------------------------------------------------


def read_matrix(names: Sequence[str], themes: Sequence[str], values: Sequence[Values], totals: Values) -> str:
    """Highest and lowest total, the highest and lowest single score, and how many cells are empty."""
    scored = [(n, t) for n, t in zip(names, totals, strict=True) if t is not None]
    if not scored:
        return "Er is geen organisatie met een score."
    best = max(scored, key=lambda p: p[1])
    worst = min(scored, key=lambda p: p[1])
    if len(scored) == 1:
        sentences = [f"Alleen {best[0]} heeft een totaal: {whole(best[1])}."]
    else:
        sentences = [
            f"Het hoogste totaal heeft {best[0]} ({whole(best[1])}), het laagste {worst[0]} ({whole(worst[1])})."
        ]
    cells = [
        (value, name, theme)
        for name, row in zip(names, values, strict=True)
        for theme, value in zip(themes, row, strict=True)
        if value is not None
    ]
    if len(cells) > 1:
        high = max(cells, key=lambda c: c[0])
        low = min(cells, key=lambda c: c[0])
        sentences.append(
            f"De hoogste score is {whole(high[0])} ({high[1]}, {high[2]}), "
            f"de laagste {whole(low[0])} ({low[1]}, {low[2]})."
        )
    empty = len(names) * len(themes) - len(cells)
    if empty:
        which = "Eén vak is" if empty == 1 else f"{empty} vakken zijn"
        sentences.append(f"{which} leeg: daar is geen score te tonen.")
    return " ".join(sentences)


# -- several organisations on one radar ----------------------------------------------------------


def read_profiles(labels: Sequence[str], series: Sequence[tuple[str, Values]]) -> str:
    """The first line's strongest and weakest theme, and where two lines differ most."""
    if not series:
        return "Er is niets gekozen om te tonen."
    name, values = series[0]
    scored = [(label, v) for label, v in zip(labels, values, strict=True) if v is not None]
    if not scored:
        sentences = [f"{name} heeft nog geen scores."]
    else:
        top = max(scored, key=lambda p: p[1])
        bottom = min(scored, key=lambda p: p[1])
        sentences = [f"{name} scoort het hoogst bij {top[0]} ({whole(top[1])})"]
        sentences[0] += f" en het laagst bij {bottom[0]} ({whole(bottom[1])})." if bottom != top else "."
    if len(series) < 2:
        return " ".join(sentences)
    best = largest_gap(labels, series)
    if best is None:
        return " ".join(sentences)
    gap, label, high, low = best
    if whole(gap) < SMALL_DIFFERENCE:
        sentences.append(
            f"Bij elk thema liggen de scores dicht bij elkaar: hoogstens {whole(gap)} punten verschil."
        )
    else:
        sentences.append(
            f"{high[0]} en {low[0]} verschillen het meest bij {label}: {whole(high[1])} tegen {whole(low[1])}."
        )
    return " ".join(sentences)


def largest_gap(
    labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]]
) -> tuple[float, str, tuple[str, float], tuple[str, float]] | None:
    """The label where two series differ most: (gap, label, (name, high), (name, low)); None when no
    label has two scores. On a tie the first label wins."""
    best = None
    for index, label in enumerate(labels):
        present = [(name, values[index]) for name, values in series if values[index] is not None]
        if len(present) < 2:
            continue
        high = max(present, key=lambda p: p[1])
        low = min(present, key=lambda p: p[1])
        if best is None or high[1] - low[1] > best[0] + 1e-9:
            best = (high[1] - low[1], label, high, low)
    return best


# -- spread of organisations per theme (box plot) ------------------------------------------------


def read_spread(rows: Sequence[tuple[str, int, int, int, int]]) -> str:
    """``rows`` hold (theme, organisations, lowest, median, highest), as in the table under the chart."""
    if not rows:
        return "Er zijn geen scores om te tonen."
    sentences = []
    several = [r for r in rows if r[1] >= 2]
    if several:
        wide = max(several, key=lambda r: r[4] - r[2])
        narrow = min(several, key=lambda r: r[4] - r[2])
        sentences.append(
            f"De organisaties lopen het verst uiteen bij {wide[0]}: van {wide[2]} tot {wide[4]}."
        )
        if narrow[0] != wide[0]:
            sentences.append(
                f"Het dichtst bij elkaar liggen ze bij {narrow[0]}: van {narrow[2]} tot {narrow[4]}."
            )
    high = max(rows, key=lambda r: r[3])
    low = min(rows, key=lambda r: r[3])
    if high[0] != low[0]:
        sentences.append(
            f"De middelste score (mediaan) is het hoogst bij {high[0]} ({high[3]}) "
            f"en het laagst bij {low[0]} ({low[3]})."
        )
    return " ".join(sentences) or f"De middelste score (mediaan) is {high[3]}."


# -- checklist ------------------------------------------------------------------------------------


def read_dimensions(titles: Sequence[str], scores: Values) -> str:
    """The strongest and weakest dimension of a checklist result."""
    scored = [(t, s) for t, s in zip(titles, scores, strict=True) if s is not None]
    if not scored:
        return "Er is nog geen dimensie met een score."
    best = max(scored, key=lambda p: p[1])
    worst = min(scored, key=lambda p: p[1])
    if len(scored) == 1:
        return f"Alleen {best[0]} heeft een score: {whole(best[1])}."
    return (
        f"Het sterkst is {best[0]} ({whole(best[1])}), het zwakst {worst[0]} ({whole(worst[1])}). "
        "Een dimensie zonder antwoorden telt niet mee."
    )


def read_dimension_changes(titles: Sequence[str], before: Values, after: Values) -> str:
    """Which dimension went up most and which went down most between two assessments."""
    changes = [
        (whole(a) - whole(b), t, whole(b), whole(a))
        for t, b, a in zip(titles, before, after, strict=True)
        if a is not None and b is not None
    ]
    if not changes:
        return "Er is geen dimensie met een score in allebei de beoordelingen."
    up = max(changes, key=lambda c: c[0])
    down = min(changes, key=lambda c: c[0])
    sentences = []
    if up[0] > 0:
        sentences.append(f"Het meest vooruit ging {up[1]}: van {up[2]} naar {up[3]} ({_points(up[0])}).")
    if down[0] < 0:
        sentences.append(
            f"Het meest achteruit ging {down[1]}: van {down[2]} naar {down[3]} ({_points(down[0])})."
        )
    return " ".join(sentences) or "Geen enkele dimensie is veranderd."

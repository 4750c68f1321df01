"""Plain-Dutch readings of charts: a sentence or two, generated from the numbers the chart shows.

Every chart in the app comes with such a reading (and with a table of the same numbers), so people who
cannot see the chart, or cannot read it, get the same message. The functions take plain data (labels
and numbers, already limited by the scoring layer to what may be shown) and return plain text: no
streamlit, no markdown. Names in the result may have been typed by users, so callers render the text
escaped (``safe`` or ``plain`` in the ui package).

The readings a participant may read (the scores on the Terugkoppeling) are marked for the gettext
catalogues and take the participant's ``language``; reports and the organisers' pages use the Dutch.

The radar reading of a round lives next to its table in :mod:`dia_scan.quickscan.result_view` (``read_scores``);
the comparison readings in :mod:`dia_scan.compare.view`. This module holds the readings of the other
charts, shared by the pages and the reports.
"""

from __future__ import annotations

from collections.abc import Sequence

from babel.lists import format_list

from dia_scan.core.i18n import N_
from dia_scan.core.text import names, whole
from dia_scan.output.charts import DistributionRow

#: Differences below this many points are read as "about the same".
SMALL_DIFFERENCE = 5
#: What a score means, said with every Quick Scan score chart and its reading.
NEUTRAL = N_(
    "Scores lopen van 0 tot 100. 50 is neutraal (gemiddeld niet eens en niet oneens); "
    "hoger is positiever, lager is negatiever."
)
#: How the total of a round weighs its groups, said wherever "Totaal" is read.
TOTAL_WEIGHING = N_(
    "Het totaal is het gemiddelde van de getoonde groepen: elke groep telt even zwaar, "
    "hoeveel deelnemers er ook in zitten."
)

Values = Sequence[float | None]


def leaders(pairs: Sequence[tuple[str, float]], *, highest: bool = True) -> tuple[list[str], float]:
    """The names that share the highest (or lowest) value as the reader sees it (whole numbers), and
    that value: a tie is read as a tie, never as one winner. ``pairs`` must not be empty."""
    pick = max if highest else min
    best = pick(whole(v) for _, v in pairs)
    return [name for name, v in pairs if whole(v) == best], next(v for _, v in pairs if whole(v) == best)


def named(items: Sequence[str], *, quoted: bool = False, language: str = "nl") -> str:
    """ "A", "A en B", "A, B en C" (with ‘quotes’ around each name when ``quoted``); in ``language``
    ("A, B, and C")."""
    shown = [f"‘{item}’" for item in items] if quoted else list(items)
    if language == "nl" or not shown:
        return names(shown)
    return format_list(shown, locale=language)


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


def _high_low(scored: Sequence[tuple[str, float]]) -> str:
    """ "scoort A het hoogst (70) en B het laagst (40)." with ties read as ties."""
    top, top_value = leaders(scored)
    bottom, bottom_value = leaders(scored, highest=False)
    verb = "scoort" if len(top) == 1 else "scoren"
    if whole(top_value) == whole(bottom_value):
        return f"{'scoort' if len(scored) == 1 else 'scoren'} {named(top)} {whole(top_value)}."
    joint = " en " if len(bottom) == 1 else ", "  # "A en B en C" would not say which are lowest
    return (
        f"{verb} {named(top)} het hoogst ({whole(top_value)}){joint}"
        f"{named(bottom)} het laagst ({whole(bottom_value)})."
    )


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
    sentences = [f"In de laatste ronde, {rounds[last]}, {_high_low(scored)}"]
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
    best, best_value = leaders(scored)
    worst, worst_value = leaders(scored, highest=False)
    if len(scored) == 1:
        sentences = [f"Alleen {scored[0][0]} heeft een totaal: {whole(scored[0][1])}."]
    elif whole(best_value) == whole(worst_value):
        sentences = [f"Alle organisaties hebben hetzelfde totaal: {whole(best_value)}."]
    else:
        sentences = [
            f"Het hoogste totaal heeft {named(best)} ({whole(best_value)}), "
            f"het laagste {named(worst)} ({whole(worst_value)})."
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
        top, top_value = leaders(scored)
        bottom, bottom_value = leaders(scored, highest=False)
        if whole(top_value) == whole(bottom_value):
            sentences = [f"{name} scoort bij elk thema {whole(top_value)}."]
        else:
            sentences = [
                f"{name} scoort het hoogst bij {named(top)} ({whole(top_value)}) "
                f"en het laagst bij {named(bottom)} ({whole(bottom_value)})."
            ]
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
    if len(scored) == 1:
        return f"Alleen {scored[0][0]} heeft een score: {whole(scored[0][1])}."
    best, best_value = leaders(scored)
    worst, worst_value = leaders(scored, highest=False)
    if whole(best_value) == whole(worst_value):
        first = f"Alle dimensies scoren {whole(best_value)}."
    else:
        first = (
            f"Het sterkst {'is' if len(best) == 1 else 'zijn'} {named(best)} ({whole(best_value)}), "
            f"het zwakst {named(worst)} ({whole(worst_value)})."
        )
    return f"{first} Een dimensie zonder antwoorden telt niet mee."


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

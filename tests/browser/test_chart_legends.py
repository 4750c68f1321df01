"""Legends never cover data, and labels are never cut off: every chart type with a legend is drawn by
plotly.js in Chromium, with the longest labels the instruments have, at a phone's, a laptop's and a
beamer's width; the boxes the browser computed must not overlap.

Plotly puts legend entries side by side as far as the plot area allows, so how many rows a legend gets
is only known in the browser: this is where it is checked.
"""

from __future__ import annotations

from pathlib import Path

import plotly
import pytest

from dia_scan.output import charts, checklist_charts
from dia_scan.output.charts import DistributionRow, Series
from dia_scan.output.images import compact_radar, numbered_radar
from dia_scan.quickscan.result_view import TOTAL, legend_name, rest_label
from tests.browser.conftest import ARTIFACTS

PLOTLY_JS = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text()
WIDTHS = (
    340,
    390,
    440,
    760,
    1200,
)  # phones, the radar's column beside "Wie deden mee", the main column, a beamer
#: Below this width the app shows a radar's table instead of the radar (ui/quickscan/results.py).
RADAR_MIN_WIDTH = 440

MEASURE = """() => {
  const box = (el) => { const b = el.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
  const gd = document.getElementById('fig');
  const legend = gd.querySelector('.legend .bg');
  return {
    figure: box(gd.querySelector('.main-svg')),
    legend: legend ? box(legend) : null,
    entries: [...gd.querySelectorAll('.legend .traces')].map(box),
    plots: [...gd.querySelectorAll('.nsewdrag')].map(box),
    polar: [...gd.querySelectorAll('.polarlayer .plotbg')].map(box),
    labels: [...gd.querySelectorAll('.angularaxistick text, .ytick text, .xtick text, .annotation-text')].map(box),
  };
}"""


def _longest(texts) -> str:
    return max(texts, key=len)


@pytest.fixture(scope="module")
def longest(catalog):
    """The longest labels of every kind in the instruments (the real content, not made-up text)."""
    quickscans = catalog.quickscans()
    themes = [t for q in quickscans for t in q.themes if not t.custom]
    background = [q for s in quickscans for q in s.background]
    return {
        "group": legend_name(_longest(g.label for q in quickscans for g in q.groups), 120),
        "groups": [legend_name(g.label, 12) for g in max((q.groups for q in quickscans), key=len)],
        "theme_short": [t.short for t in max((q.themes for q in quickscans), key=len) if not t.custom],
        "theme_title": _longest(t.title for t in themes),
        "kernwaarden": [k.label for k in max((q.kernwaarden for q in quickscans), key=len)],
        "statement": _longest(s.text for q in quickscans for _, s in q.statements()),
        "background": max(
            ([o.label for o in q.options] + [rest_label(5)] for q in background),
            key=lambda options: (len(options), max(len(o) for o in options)),
        ),
        "scale": [p.label for p in quickscans[0].scales[0].points] + [quickscans[0].scales[0].dont_know],
        "dimensions": [d.title for c in catalog.checklists() for d in c.dimensions],
    }


def _figures(longest) -> dict:
    groups = longest["groups"]
    half = [((i * 37) % 100) or None for i in range(len(longest["theme_short"]))]
    radar_series = [
        Series(g, [((i * 13 + j * 29) % 90) + 5 for i in range(len(half))]) for j, g in enumerate(groups)
    ]
    kern_series = [Series(g, [60.0] * len(longest["kernwaarden"])) for g in groups]
    answers = [DistributionRow(longest["statement"], g, [1, 2, 3, 4, 5, 1]) for g in groups]
    about = [DistributionRow("Leeftijd", g, list(range(1, len(longest["background"]) + 1))) for g in groups]
    priorities = [
        (g, [0.1 * ((i + j) % 6) for i in range(len(longest["theme_short"]))]) for j, g in enumerate(groups)
    ]
    dims = longest["dimensions"][:7]
    return {
        "radar-themes": charts.radar(longest["theme_short"], [*radar_series, Series(TOTAL, half, True)]),
        "radar-kernwaarden": charts.radar(
            longest["kernwaarden"], [*kern_series, Series(TOTAL, [60.0] * len(kern_series[0].values), True)]
        ),
        "radar-compact": compact_radar(longest["theme_short"], [*radar_series, Series(TOTAL, half, True)]),
        # the Terugkoppeling's radar on a phone: drawn at every width, phones too
        "phone-radar": numbered_radar(longest["theme_short"], [*radar_series, Series(TOTAL, half, True)]),
        "answers": charts.distribution_bars(longest["scale"], answers),
        "about": charts.distribution_bars(
            longest["background"], about, palette="ordered", panel_titles=False
        ),
        "priorities": charts.priorities_bars(
            [longest["theme_title"], *longest["theme_short"]], [(g, [0.3, *s]) for g, s in priorities]
        ),
        "checklist-comparison": checklist_charts.comparison_bars(
            dims,
            [50.0] * len(dims),
            [75.0] * len(dims),
            "Beoordeling door het projectteam, maart",
            longest["group"],
        ),
    }


def _draw(page, figure, width: int) -> dict:
    page.set_viewport_size({"width": width, "height": 900})
    spec = figure.to_json()
    page.goto("about:blank")  # a fresh document for every figure
    page.set_content(
        f"<html><body style='margin:0'><div id='fig' style='width:{width}px'></div>"
        f"<script>{PLOTLY_JS}</script><script>const spec = {spec};"
        "Plotly.newPlot('fig', spec.data, spec.layout)"
        ".then(() => { window.drawn = true; });</script></body></html>"
    )
    page.wait_for_function("window.drawn === true")
    return page.evaluate(MEASURE)


def _overlap(a, b) -> bool:
    return a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1


def _inside(inner, outer) -> bool:
    return (
        inner[0] >= outer[0] - 1
        and inner[1] >= outer[1] - 1
        and inner[2] <= outer[2] + 1
        and inner[3] <= outer[3] + 1
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_legends_never_cover_the_plot_and_labels_stay_inside(page, longest, width):
    problems = []
    for name, figure in _figures(longest).items():
        if name.startswith("radar") and width < RADAR_MIN_WIDTH:
            continue
        drawn = _draw(page, figure, width)
        if width == 390:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"legend-{name}-{width}.png"), full_page=True)
        assert drawn["legend"], f"{name}: no legend drawn"
        areas = drawn["plots"] + drawn["polar"]
        assert areas, f"{name}: no plot area found"
        for area in areas:
            if _overlap(drawn["legend"], area):
                problems.append(f"{name} at {width}px: legend {drawn['legend']} covers the plot {area}")
        for entry in drawn["entries"]:
            if not _inside(entry, drawn["figure"]):
                problems.append(f"{name} at {width}px: a legend entry {entry} sticks out of the figure")
        for label in drawn["labels"]:
            if not _inside(label, drawn["figure"]):
                problems.append(f"{name} at {width}px: an axis label {label} is cut off")
            if _overlap(drawn["legend"], label):
                problems.append(f"{name} at {width}px: the legend covers an axis label {label}")
    assert not problems, "\n".join(problems)


def test_the_overlap_check_sees_a_legend_drawn_over_the_bars(page, longest):
    """The check above can fail: a legend put on top of the plot area is caught."""
    figure = _figures(longest)["about"]
    figure.update_layout(legend={"y": 0.5, "yanchor": "middle", "x": 0.2})
    drawn = _draw(page, figure, 760)
    assert any(_overlap(drawn["legend"], area) for area in drawn["plots"])

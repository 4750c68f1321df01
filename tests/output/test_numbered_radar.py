"""The Terugkoppeling's radar for a phone: numbered axes, names in a list, a circle that takes the width."""

from __future__ import annotations

from dia_scan.output.charts import Series
from dia_scan.output.images import NUMBER_ROOM, axis_key, compact_radar, numbered_radar

LABELS = ["Sterke raad", "Samenwerking en afspraken", "Open ambtelijke organisatie"]
SERIES = [Series("Raad (n=9)", [80.0, 55.0, None], False), Series("Totaal", [70.0, 60.0, 65.0], True)]


def test_the_axes_carry_numbers_and_the_key_names_them():
    fig = numbered_radar(LABELS, SERIES)
    raad = fig.data[0]
    assert list(raad.theta) == ["1", "2", "3", "1"]  # closed line
    assert fig.layout.polar.angularaxis.type == "category"  # "1" is an axis, not 1 degree
    assert list(raad.customdata) == [*LABELS, LABELS[0]]
    assert "%{customdata}" in raad.hovertemplate and "%{theta}" not in raad.hovertemplate
    assert axis_key(LABELS) == [
        "1. Sterke raad",
        "2. Samenwerking en afspraken",
        "3. Open ambtelijke organisatie",
    ]


def test_on_a_phone_the_circle_takes_nearly_the_whole_width():
    phone_width = 358  # a 390 px screen less the page's margins
    numbered = numbered_radar(LABELS, SERIES)
    named = compact_radar(LABELS, SERIES)
    circle = phone_width - numbered.layout.margin.l - numbered.layout.margin.r
    assert numbered.layout.margin.l == numbered.layout.margin.r == NUMBER_ROOM
    assert circle >= 290
    # with names the room beside the circle leaves far less (about 150 px with the real themes)
    assert phone_width - named.layout.margin.l - named.layout.margin.r < circle - 100
    # the legend keeps its room under the circle: the plot is at least as tall as wide
    plot_height = numbered.layout.height - numbered.layout.margin.t - numbered.layout.margin.b
    assert plot_height >= 300

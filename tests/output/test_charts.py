"""The figure builders, checked on their data without a browser."""

from __future__ import annotations

import pytest

from dia_scan.output import charts
from dia_scan.output.charts import DistributionRow, Series
from dia_scan.quickscan.result_view import TOTAL, score_view
from dia_scan.quickscan.scoring import Response, score_round, tally_from_responses

LABELS = ["Krachtige raad", "Betrokken inwoners", "Samenspel"]


def _radar():
    return charts.radar(
        LABELS,
        [
            Series("Raad (n=6)", [70.0, 40.0, 55.5]),
            Series("Inwoners (n=9)", [50.0, None, 62.5]),
            Series(TOTAL, [60.0, 40.0, 59.0], True),
        ],
    )


def test_radar_has_one_closed_line_per_series_with_the_scores():
    fig = _radar()
    assert [t.type for t in fig.data] == ["scatterpolar"] * 3
    assert [t.name for t in fig.data] == ["Raad (n=6)", "Inwoners (n=9)", TOTAL]
    raad = fig.data[0]
    assert list(raad.r[:-1]) == [70.0, 40.0, 55.5]
    assert raad.r[-1] == raad.r[0] and raad.theta[-1] == raad.theta[0]  # the line closes
    assert list(fig.data[1].r[:-1]) == [50.0, None, 62.5]  # a missing score is a gap, not a zero
    assert fig.data[1].text[1] == "geen antwoorden"


def test_radar_axis_is_fixed_from_0_to_100():
    fig = _radar()
    assert tuple(fig.layout.polar.radialaxis.range) == (0, 100)
    assert tuple(fig.layout.polar.radialaxis.tickvals) == (0, 25, 50, 75, 100)


def test_radar_lines_differ_without_colour_and_total_is_dashed_black():
    fig = _radar()
    groups = fig.data[:2]
    assert len({t.line.dash for t in groups}) == 2
    assert len({t.marker.symbol for t in groups}) == 2
    assert len({t.line.color for t in groups}) == 2
    total = fig.data[2]
    assert total.line.dash == "dash" and total.line.color == charts.TOTAL_COLOUR
    assert charts.TOTAL_COLOUR not in {t.line.color for t in groups}


def test_radar_fonts_are_readable_and_labels_dutch():
    fig = charts.radar(LABELS, [Series("Raad", [1, 2, 3])], font_size=10)
    assert fig.layout.font.size >= charts.MIN_FONT
    assert fig.layout.polar.radialaxis.tickfont.size >= charts.MIN_FONT
    assert fig.layout.polar.angularaxis.tickfont.size >= charts.MIN_FONT
    assert fig.data[0].hovertemplate.count("%{") == 3


def test_radar_refuses_series_of_the_wrong_length():
    with pytest.raises(ValueError):
        charts.radar(LABELS, [Series("Raad", [1, 2])])
    with pytest.raises(ValueError):
        charts.radar([], [])


def test_typed_text_stays_text_in_figures():
    fig = charts.radar(
        ["<a href='javascript:alert(1)'>x</a>", "b", "c"],
        [Series("<b>Raad</b> %{x}", [1, 2, 3])],
    )
    assert "<a" not in "".join(fig.data[0].theta)
    assert "&lt;a" in fig.data[0].theta[0]
    assert fig.data[0].name == "&lt;b&gt;Raad&lt;/b&gt; %&#123;x}"


def test_whole_rounds_half_up():
    assert [charts.whole(v) for v in (72.5, 72.49, 0.5, None)] == [73, 72, 1, None]


def test_distribution_bars_are_shares_per_group_with_counts_in_hover():
    options = ["Oneens", "Neutraal", "Eens", "Weet niet"]
    rows = [
        DistributionRow("Stelling een", "Raad", [1, 1, 2, 0]),
        DistributionRow("Stelling een", "Inwoners", [0, 0, 3, 1]),
        DistributionRow("Stelling twee", "Raad", [0, 0, 4, 0]),
    ]
    fig = charts.distribution_bars(options, rows)
    assert len(fig.data) == len(options) * 2  # one trace per option in each statement panel
    first_panel = [t for t in fig.data if t.xaxis == "x"]
    assert [t.name for t in first_panel] == options
    assert [t.showlegend for t in fig.data].count(True) == len(options)
    raad_shares = [t.x[0] for t in first_panel]
    assert raad_shares == [25.0, 25.0, 50.0, 0.0]
    assert [t.customdata[1] for t in first_panel] == [0, 0, 3, 1]
    assert first_panel[-1].marker.pattern.shape == "/"  # weet niet: hatched, not only grey
    assert fig.layout.barmode == "stack"
    for axis in (fig.layout.xaxis, fig.layout.xaxis2):
        assert tuple(axis.range) == (0, 100)


def test_distribution_bars_need_rows():
    with pytest.raises(ValueError):
        charts.distribution_bars(["a", "b"], [])


def test_priorities_bars_show_percentages_per_group():
    fig = charts.priorities_bars(
        ["Krachtige gemeenteraad", "Samenspel"], [("Raad", [0.5, 0.25]), ("Inwoners", [1.0, None])]
    )
    assert [t.name for t in fig.data] == ["Raad", "Inwoners"]
    assert list(fig.data[0].x) == [50.0, 25.0]
    assert list(fig.data[1].text) == ["100%", ""]
    assert tuple(fig.layout.xaxis.range) == (0, 100)
    assert fig.data[0].marker.pattern.shape != fig.data[1].marker.pattern.shape
    assert fig.layout.barmode == "group"


def _result(catalog, sizes: dict[str, int]):
    instrument = catalog.instruments["quickscan-gemeente"]
    level = {"raad": 4, "college": 5, "organisatie": 3, "inwoners": 2}
    responses = []
    for group, n in sizes.items():
        for i in range(n):
            answers = {
                s.id: max(1, min(5, level[group] - (i % 2))) for _, s in instrument.statements_for(group)
            }
            responses.append(Response(group, answers))
    tally = tally_from_responses(instrument, responses)
    return score_round(instrument, tally, k=5)


def test_radar_of_a_round_has_shown_groups_plus_total(catalog):
    result = _result(catalog, {"raad": 6, "college": 5, "organisatie": 7, "inwoners": 3})
    data = score_view(result)
    fig = charts.radar(data.labels, data.series)
    shown = [g.label for g in result.shown_groups]
    assert shown == ["Raad", "College", "Ambtelijke organisatie"]
    assert len(fig.data) == len(shown) + 1
    assert not any("Inwoners" in t.name for t in fig.data)  # under k: never a line of its own
    themes = [t for t in result.themes if not t.custom]
    for trace, group in zip(fig.data, result.shown_groups, strict=False):
        assert list(trace.r[:-1]) == [t.by_group[group.id] for t in themes]
    assert list(fig.data[-1].r[:-1]) == [t.overall for t in themes]
    assert fig.data[-1].line.dash == "dash"


def test_kernwaarden_view_has_one_axis_per_kernwaarde(catalog):
    result = _result(catalog, {"raad": 6, "inwoners": 8})
    data = score_view(result, "kernwaarde")
    assert data.labels == [k.label for k in result.kernwaarden]
    assert list(data.table.columns) == ["Kernwaarde", "Raad", "Inwoners", TOTAL]


def test_text_in_the_answer_bars_meets_the_contrast_minimum():
    """WCAG 1.4.3: the percentages inside the stacked bars need 4.5:1 against their segment."""
    options = ["Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal eens", "Weet niet"]
    fig = charts.distribution_bars(options, [DistributionRow("S", "Raad", [1, 1, 1, 1, 1, 1])])
    for trace in fig.data:
        assert charts.contrast(trace.textfont.color, trace.marker.color) >= 4.5, trace.name
    assert charts.contrast("#FFFFFF", "#000000") == pytest.approx(21)
    assert charts.text_colour_on("#8C8C8C") == charts.TEXT_DARK  # white would be 3.4:1 on the grey


def test_checklist_chart_text_is_dark_and_typed_names_stay_text():
    from dia_scan.output.checklist_charts import comparison_bars, dimension_bars

    fig = dimension_bars(["Toegang"], [80.0], ["groen"])
    assert fig.layout.font.color == charts.TEXT_DARK
    assert fig.data[0].outsidetextfont.color == charts.TEXT_DARK
    fig = comparison_bars(["Toegang"], [40.0], [80.0], "<b>Eerste</b>", "%{x} later")
    assert [t.name for t in fig.data] == ["&lt;b&gt;Eerste&lt;/b&gt;", "%&#123;x} later"]


def test_every_line_and_bar_colour_stands_out_from_the_white_background():
    """WCAG 1.4.11: lines, markers and bars need 3:1 against white (on top of dash, marker and text)."""
    from dia_scan.output import compare_charts, palette

    colours = {
        *charts.GROUP_COLOURS,
        charts.TOTAL_COLOUR,
        *compare_charts.EXTRA_COLOURS,
        compare_charts.UP_COLOUR,
        compare_charts.DOWN_COLOUR,
        *palette.LIGHT_COLOURS.values(),
        palette.BEFORE_COLOUR,
        palette.AFTER_COLOUR,
    }
    low = {c: round(charts.contrast(c, "#FFFFFF"), 2) for c in colours if charts.contrast(c, "#FFFFFF") < 3}
    assert low == {}
    text = {c: round(charts.contrast(c, "#FFFFFF"), 2) for c in palette.LIGHT_TEXT_COLOURS.values()}
    assert min(text.values()) >= 4.5, text
    assert len(set(charts.GROUP_COLOURS)) == len(charts.GROUP_COLOURS)

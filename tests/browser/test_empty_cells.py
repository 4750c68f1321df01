"""Empty cells look empty in Chromium: an action without a date shows nothing under "Wanneer" in the
verbeteragenda's editor, where the grid drew a grey "None" before (issue #19.5).

The grid draws on a canvas; it keeps its cells as text in a table inside the canvas for screen readers,
but that table says "" for a missing value whatever is drawn. So the drawn cell itself is looked at too:
its pixels must all be the cell's background."""

from __future__ import annotations

import io

from PIL import Image
from playwright.sync_api import expect

from .conftest import ARTIFACTS, wait_for_app
from .test_workshop_day import _agenda, _closed_round

ACTION = "Actie zonder datum voor de lege cel"

#: Every row of every grid on the page, as the grid's screen-reader table holds it.
_GRID_ROWS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')].map(grid =>
    [...grid.querySelectorAll('canvas tr')].map(tr => [...tr.querySelectorAll('th, td')].map(c => c.innerText)))"""

#: The editor's columns in order, with the widths agenda_editor gives them (px).
_WIDTHS = {"Status": 90, "Wat": 230, "Thema": 140, "Wie": 100, "Wanneer": 95}
_ROW = 35  # the grid's header and row height


def _ink(png: bytes) -> int:
    """How many pixels of the image differ clearly from its most common colour (the background)."""
    image = Image.open(io.BytesIO(png)).convert("L")
    histogram = image.histogram()
    background = max(range(256), key=histogram.__getitem__)
    return sum(count for level, count in enumerate(histogram) if abs(level - background) > 40)


def test_an_action_without_a_date_has_an_empty_wanneer_cell(server, page):
    base, db_path = server
    _agenda(page, base, _closed_round(db_path).join_code)
    page.get_by_label("Wat gaan we doen?").fill(ACTION)
    page.get_by_role("button", name="Actie toevoegen").click()
    page.get_by_text("De actie staat op de verbeteragenda.").wait_for()
    wait_for_app(page)

    editor = page.locator('[data-testid="stDataFrame"]').first
    editor.scroll_into_view_if_needed()
    page.wait_for_function(f"() => ({_GRID_ROWS})()[0].some(row => row.includes({ACTION!r}))")
    grids = page.evaluate(_GRID_ROWS)
    header, *rows = grids[0]
    row_index = next(i for i, row in enumerate(rows) if ACTION in row)
    assert rows[row_index][header.index("Wanneer")] == ""
    for grid in grids:
        for row in grid:
            assert not {"None", "nan", "NaN", "NaT"} & set(row), row

    # the drawn cell: empty, as a cell with a date is not (which shows the check can see text)
    page.wait_for_timeout(500)  # the grid draws itself after it scrolled into view
    box = editor.bounding_box()
    left = box["x"] + sum(width for column, width in _WIDTHS.items() if column != "Wanneer")

    def cell(index: int) -> bytes:
        top = box["y"] + _ROW * (1 + index)
        return page.screenshot(
            clip={"x": left + 4, "y": top + 4, "width": _WIDTHS["Wanneer"] - 8, "height": _ROW - 8}
        )

    dated = next(i for i, row in enumerate(rows) if row[header.index("Wanneer")])
    assert _ink(cell(dated)) > 20, "a date is drawn in its cell"
    empty = cell(row_index)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "agenda-empty-date-cell.png").write_bytes(empty)
    assert _ink(empty) == 0, "the empty date cell shows text (a grey 'None')"
    editor.screenshot(path=str(ARTIFACTS / "agenda-empty-date.png"))
    expect(editor).to_be_visible()

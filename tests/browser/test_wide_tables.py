"""A table wider than its box shows its scrollbar without hovering, on a phone (390 px) and a laptop
(1280 px), on Resultaten of the demo (issue #19.5: "wide tables scroll visibly").

A shade along the right edge says so too (phones draw a scrollbar only while scrolling), and goes once
the table is scrolled to its last column. Playwright starts headless Chromium with ``--hide-scrollbars``, so this test starts its own browser
without that flag: the screenshots then show the scrollbars as a person sees them."""

from __future__ import annotations

import pytest
from PIL import Image

from .conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from .test_reading_results import _open_results
from .test_workshop_day import _closed_round

#: Per grid: how much wider its content is than its box, the room its scrollbar takes below, and the
#: colour of the scrollbar's thumb.
_GRIDS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
  .filter(grid => grid.querySelector('.dvn-scroller'))
  .map(grid => { const s = grid.querySelector('.dvn-scroller'); return {
    hidden: s.scrollWidth - s.clientWidth,
    bar: s.offsetHeight - s.clientHeight,
    thumb: getComputedStyle(s).scrollbarColor.split(') ')[0] + ')',
    shade: getComputedStyle(grid, '::after').opacity,
  }; })"""


@pytest.fixture(scope="module")
def browser_with_scrollbars(browser):
    """A second Chromium from the session's Playwright (a second Playwright in the same process is
    refused once the first runs)."""
    b = browser.browser_type.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, ignore_default_args=["--hide-scrollbars"]
    )
    yield b
    b.close()


def _alpha(colour: str) -> float:
    """The opacity of a computed colour: rgba(r, g, b, a), rgb(...) or "transparent"."""
    if colour.startswith("rgba("):
        return float(colour.rstrip(")").split(",")[3])
    return 0.0 if colour.startswith("transparent") else 1.0


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 800)])
def test_a_wide_table_shows_its_scrollbar_without_hovering(server, browser_with_scrollbars, width, height):
    base, db_path = server
    context = browser_with_scrollbars.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        _open_results(page, base, _closed_round(db_path))
        page.wait_for_timeout(1000)  # the grids measure themselves after they are drawn
        grids = page.evaluate(_GRIDS)
        wide = [i for i, grid in enumerate(grids) if grid["hidden"] > 0]
        assert wide, f"no table is wider than its box at {width} px"
        for i, grid in enumerate(grids):
            # the shade along the right edge (for phones, which show a scrollbar only while scrolling)
            assert grid["shade"] == ("1" if i in wide else "0"), (i, grid)
        for i in wide:
            assert grids[i]["bar"] > 0, "the scrollbar takes room under the table"
            assert _alpha(grids[i]["thumb"]) >= 0.3, grids[i]["thumb"]
        # what a person sees: the thumb drawn along the bottom edge of the first wide table
        grid = page.locator('[data-testid="stDataFrame"]').nth(wide[0])
        grid.scroll_into_view_if_needed()
        page.mouse.move(0, 0)  # not hovering over the table
        page.wait_for_timeout(500)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"wide-table-{width}.png"
        grid.screenshot(path=str(path))
        image = Image.open(path).convert("L")
        strip = image.crop((10, image.height - grids[wide[0]]["bar"], image.width // 2, image.height - 1))
        assert strip.getextrema()[0] < 200, "the scrollbar's thumb is drawn under the table"
        # scrolled to the last column, the shade goes
        grid.locator(".dvn-scroller").evaluate("s => { s.scrollLeft = s.scrollWidth; }")
        page.wait_for_timeout(300)
        assert grid.evaluate("g => getComputedStyle(g, '::after').opacity") == "0"
    finally:
        context.close()

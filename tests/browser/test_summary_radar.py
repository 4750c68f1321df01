"""The Terugkoppeling's radar in Chromium: on a phone (390x844) the numbered radar takes the width of the
screen with the names listed under it; on a laptop the radar with names (issue #19.5: "on a phone the
radar is about 150 px wide")."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dia_scan import storage
from dia_scan.quickscan import feedback
from tests.conftest import round_permit

from .conftest import ARTIFACTS, wait_for_app

#: The circle's box (the polar layer) of each radar on the page that is shown.
_CIRCLES = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .filter(plot => plot.offsetParent !== null)
    .map(plot => plot.querySelector('.polarlayer .polar, .polarlayer').getBoundingClientRect().width)"""


def _shared_round(db_path) -> dict:
    """A closed demo round whose summary is shared with the participants."""
    db = storage.connect(db_path)
    try:
        row = next(
            r
            for r in storage.list_rounds(db)
            if r.closed_at and storage.get_organisation(db, r.organisation_id).demo
        )
        feedback.set_summary_published(db, round_permit(row), True)
        return row
    finally:
        db.close()


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 900)])
def test_the_summary_radar_is_readable_on_a_phone_and_a_laptop(server, browser, width, height):
    base, db_path = server
    round_row = _shared_round(db_path)
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{base}/terugkoppeling?code={round_row.join_code}")
        page.get_by_text("De uitkomst in het kort").wait_for()
        page.locator(".js-plotly-plot").first.wait_for(state="attached")
        wait_for_app(page)
        phone, wide = page.locator(".st-key-summary_radar_phone"), page.locator(".st-key-summary_radar_wide")
        shown = phone if width <= 640 else wide
        expect(shown).to_be_visible()
        expect(wide if shown == phone else phone).to_be_hidden()
        chart = shown.locator(".js-plotly-plot")
        chart.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        assert chart.bounding_box()["width"] >= 340, "the chart takes the width"
        (circle,) = page.evaluate(_CIRCLES)
        assert circle >= 280, f"the radar's circle is {circle:.0f} px wide"
        if shown == phone:
            expect(phone.get_by_text("1. ")).to_be_visible()  # the names of the numbered axes
            label_px = chart.locator(".angularaxistick text").first.evaluate(
                "e => parseFloat(getComputedStyle(e).fontSize)"
            )
            assert label_px >= 14, f"the axis numbers are {label_px} px"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shown.screenshot(path=str(ARTIFACTS / f"summary-radar-{width}.png"))
    finally:
        context.close()

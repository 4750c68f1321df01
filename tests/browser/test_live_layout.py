"""The Live page on a laptop and on a projector: the radar keeps a readable size at every width.

The blocks sit in wrapping rows (the page cannot know the screen's width): side by side on a wide
projector; on a laptop with the sidebar open, the join code goes above and the gespreksstarters under
the radar.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dia_scan import storage

from .conftest import wait_for_app

BEHEERCODE = "DEMO-BEHEERCODE"


def _open_round(db_path) -> dict:
    db = storage.connect(db_path)
    try:
        return next(r for r in storage.list_rounds(db) if r["published"] and not r["closed_at"])
    finally:
        db.close()


def _box(page, key: str) -> dict:
    box = page.locator(f".st-key-{key}").first.bounding_box()
    assert box is not None, key
    return box


def _live(browser, base: str, join_code: str, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{base}/beheren")
    page.get_by_text("Ronde beheren", exact=True).click()
    page.get_by_label("Deelnamecode").fill(join_code)
    page.get_by_label("Beheercode").fill(BEHEERCODE)
    page.get_by_role("button", name="Openen").click()
    page.get_by_text("Een andere ronde openen").wait_for()
    wait_for_app(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Live", exact=True).click()
    page.locator(".st-key-live_chart .js-plotly-plot").first.wait_for()
    page.locator(".st-key-live_talk").first.wait_for()
    wait_for_app(page)
    return context, page


@pytest.mark.parametrize(
    ("width", "height", "layout"),
    [(1920, 1080, "one row"), (1366, 768, "talk below"), (1280, 800, "join above")],
    ids=["projector-1920", "laptop-1366", "laptop-1280"],
)
def test_the_radar_keeps_a_readable_size(server, browser, width, height, layout):
    base, db_path = server
    context, page = _live(browser, base, _open_round(db_path)["join_code"], width, height)
    try:
        assert page.locator('[data-testid="stSidebar"]').first.bounding_box()["width"] > 200, "sidebar open"
        join, panel, chart, talk = (
            _box(page, k) for k in ("live_join", "live_panel", "live_chart", "live_talk")
        )
        code = page.get_by_text("Doe mee", exact=True).first.bounding_box()
        if layout == "join above":
            assert join["y"] + join["height"] <= panel["y"]
        else:
            assert join["x"] + join["width"] <= panel["x"] and abs(join["y"] - panel["y"]) < 5
        if layout == "one row":
            assert chart["x"] + chart["width"] <= talk["x"] and abs(talk["y"] - chart["y"]) < 5
        else:
            assert chart["y"] + chart["height"] <= talk["y"], "the gespreksstarters go under the radar"
        assert code is not None
        assert chart["width"] >= 480, f"the radar is {chart['width']:.0f} px wide at {width} px"
        page.screenshot(path=str(_artifact(f"live-{width}")))

        # folded away, the join code leaves its width to the radar and the gespreksstarters
        page.get_by_text("Deelnamecode en QR-code tonen").click()
        # the panel refreshes itself every few seconds, so an element may be replaced for a moment:
        # wait (with retries) until the join block is gone for good
        expect(page.locator(".st-key-live_join")).to_have_count(0, timeout=15_000)
        expect(page.get_by_text("Doe mee", exact=True)).to_have_count(0, timeout=15_000)
        wait_for_app(page)
        assert _box(page, "live_chart")["width"] >= 480
        assert _box(page, "live_panel")["width"] > panel["width"] or layout == "join above"
    finally:
        context.close()


def _artifact(name: str):
    from .conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{name}.png"

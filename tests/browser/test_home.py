"""The home page serves the demo content in a real browser."""

from __future__ import annotations

from .conftest import shot, wait_for_app


def test_home_lists_demo_organisations(server, page):
    base, _ = server
    page.goto(base)
    page.get_by_text("Demogemeente Lindewaard").first.wait_for()
    wait_for_app(page)
    page.locator('[data-testid="stDataFrame"] canvas').first.wait_for()  # the tables have drawn
    assert page.get_by_text("Samen kijken naar de lokale democratie").is_visible()
    assert page.get_by_text("Demogemeente Havenstede").first.is_visible()
    shot(page, "home")

"""Results a raadslid reads, in Chromium against the demo: Resultaten on a laptop and on a phone, the
"Wie deden mee" charts and the verbeteragenda, with no "None" in any table cell, the reading saying
what 50 means, and on a phone the radar's table instead of an unreadable radar. (The data grids are a
canvas: that no cell says "None" is checked on the data the pages send, tests/views/test_no_none_in_tables.py.)

Screenshots go to tests/artifacts/ (reading-*.png) for a person to look at.
"""

from __future__ import annotations

import re

from dia_scan import storage
from dia_scan.admin.demo import DEMO_BEHEERCODE

from .conftest import click_button, scroll_to, shot, wait_for_app


def _round(db_path, organisation: str, title: str) -> dict:
    db = storage.connect(db_path)
    try:
        org = next(o for o in storage.list_organisations(db) if o.name == organisation)
        return next(r for r in storage.list_rounds(db, org.id) if r.title == title)
    finally:
        db.close()


def _open_results(page, base: str, round_row: dict) -> None:
    page.goto(f"{base}/resultaten")
    page.get_by_label("Deelnamecode").fill(round_row.join_code)
    page.get_by_label("Beheercode").fill(DEMO_BEHEERCODE)
    click_button(page, "Openen")
    page.get_by_text("Scores per thema").first.wait_for()
    wait_for_app(page)


def test_results_on_a_laptop_read_50_in_plain_words(server, page):
    base, db_path = server
    round_row = _round(db_path, "Demogemeente Lindewaard", "Quick Scan najaar 2026")
    _open_results(page, base, round_row)
    page.locator(".js-plotly-plot").first.wait_for()
    body = page.locator("body").inner_text()
    assert "50 is neutraal" in body and "elke groep telt even zwaar" in body
    assert "Zo leest u de grafiek" in body and "Zo lees je" not in body
    assert page.get_by_text(
        "Hoe verder van het midden, hoe positiever"
    ).first.is_visible()  # beside the radar
    shot(page, "reading-resultaten-laptop")

    # a divided group is read in numbers under each statement, not in the heading's words again
    within = page.get_by_text("Waar de meningen binnen een groep het meest uiteenlopen").first
    scroll_to(within, page)
    shot(page, "reading-gespreksstarters")
    body = page.locator("body").inner_text().replace("\u200b", "")  # the escaper's zero-width spaces
    assert "lopen de meningen het meest uiteen" not in body
    assert re.search(r"\w: \d+ eens, (\d+ neutraal, )?\d+ oneens\.", body)

    page.get_by_role("tab", name="Wie deden mee").click()
    wait_for_app(page)
    page.get_by_text("Over de deelnemers").first.wait_for()
    page.locator('[data-testid="stPlotlyChart"]').last.wait_for()
    scroll_to(page.get_by_text("Hoe oud bent u?").first, page)
    page.mouse.move(700, 500)
    page.mouse.wheel(0, 250)  # the age chart with its legend under it
    page.wait_for_timeout(300)
    shot(page, "reading-wie-deden-mee")

    page.locator('[data-testid="stSidebarNav"]').get_by_text("Verbeteragenda", exact=True).click()
    page.get_by_text("Acties van deze ronde").first.wait_for()
    scroll_to(page.get_by_text("Acties van deze ronde").first, page)
    wait_for_app(page)
    body = page.locator("body").inner_text()
    assert "actie(s)" not in body and "None" not in body
    shot(page, "reading-verbeteragenda")


def test_results_on_a_phone_show_the_radars_table(server, browser):
    base, db_path = server
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        round_row = _round(db_path, "Demogemeente Lindewaard", "Quick Scan najaar 2026")
        _open_results(page, base, round_row)
        note = page.get_by_text("Op een smal scherm staan de scores in de tabel hieronder")
        note.wait_for()
        assert note.is_visible()
        radar = page.locator('[class*="st-key-radar-chart"]')
        assert radar.count() == 1 and not radar.is_visible()  # replaced by its table on a phone
        # and the line on how to read the circle goes with it
        circle_key = page.get_by_text("Hoe verder van het midden, hoe positiever")
        assert circle_key.count() == 1 and not circle_key.is_visible()
        assert page.locator('[data-testid="stDataFrame"]').first.is_visible()
        # nothing wider than the screen: wide tables scroll inside their own box
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390 + 1
        shot(page, "reading-resultaten-phone")
        scroll_to(page.get_by_text("Zo leest u de grafiek").first, page)
        shot(page, "reading-resultaten-phone-table")
    finally:
        context.close()

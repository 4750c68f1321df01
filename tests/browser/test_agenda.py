"""The verbeteragenda journey in a real browser: the facilitator adds an action and shares the summary,
a participant opens it with the join code; and the HTML report works without a network."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from dia_scan import storage
from dia_scan.core.catalog import load_catalog
from dia_scan.quickscan import report as report_export

from .conftest import ARTIFACTS, click_button, shot, wait_for_app

ACTION = "Raadsleden gaan op bezoek bij de jongerenraad"


def _closed_round(db_path) -> dict:
    db = storage.connect(db_path)
    try:
        return next(
            r
            for r in storage.list_rounds(db)
            if r.organisation_name == "Demogemeente Lindewaard" and r.closed_at
        )
    finally:
        db.close()


def test_add_an_action_and_see_the_participant_summary(server, browser, page):
    base, db_path = server
    round_row = _closed_round(db_path)
    page.goto(base)
    wait_for_app(page)
    page.get_by_role("link", name="Verbeteragenda").click()
    page.get_by_label("Deelnamecode").fill(round_row.join_code)
    page.get_by_label("Beheercode").fill("DEMO-BEHEERCODE")
    page.get_by_role("button", name="Openen").click()
    page.get_by_text("Acties van deze ronde").wait_for()
    wait_for_app(page)

    page.get_by_label("Wat gaan we doen?").fill(ACTION)
    page.get_by_label("Wie pakt het op?").fill("griffie")
    page.get_by_role("button", name="Actie toevoegen").click()
    page.get_by_text("De actie staat op de verbeteragenda.").wait_for()
    wait_for_app(page)

    page.get_by_text("Terugkoppeling delen met de deelnemers").click()
    page.get_by_text("Gedeeld: deelnemers zien").wait_for()
    wait_for_app(page)
    shot(page, "verbeteragenda")
    with page.expect_download(timeout=120_000) as download:
        click_button(page, "Rapport als PDF")  # not a stale copy from before the rerun
    assert download.value.suggested_filename.endswith(".pdf")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")

    participant = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    phone = participant.new_page()
    phone.set_default_timeout(30_000)
    phone.goto(f"{base}/terugkoppeling?code={round_row.join_code}")
    phone.get_by_text("De uitkomst in het kort").wait_for()
    phone.get_by_text(ACTION).wait_for()
    wait_for_app(phone)
    phone.locator(".st-key-summary_radar_phone .js-plotly-plot").wait_for()  # the phone's radar
    expect(phone.get_by_text("Wat gaan we doen: de verbeteragenda")).to_be_visible()
    shot(phone, "terugkoppeling")
    # who took part: the "Over u" answers, only as sentences per group
    phone.get_by_text("Over de deelnemers: leeftijd en meer").click()
    phone.get_by_text("het vaakst gekozen is").first.wait_for()
    phone.get_by_text("het vaakst gekozen is").first.scroll_into_view_if_needed()
    shot(phone, "terugkoppeling-over-de-deelnemers")
    participant.close()


def test_html_report_opens_without_a_network(server, browser):
    _, db_path = server
    db = storage.connect(db_path)
    try:
        round_row = next(
            r for r in storage.list_rounds(db) if r.organisation_name == "Demogemeente Havenstede"
        )
        html = report_export.round_report(db, load_catalog(), round_row, "html")
    finally:
        db.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "round_report.html"
    path.write_bytes(html)

    context = browser.new_context(viewport={"width": 1100, "height": 1400}, offline=True)
    outside = []
    context.route(re.compile(r"^https?://"), lambda route: (outside.append(route.request.url), route.abort()))
    report = context.new_page()
    report.goto(path.as_uri())
    report.locator(".js-plotly-plot .main-svg").first.wait_for()
    assert report.locator(".js-plotly-plot").count() >= 3
    assert outside == []
    report.screenshot(path=str(ARTIFACTS / "round_report_html.png"))
    context.close()

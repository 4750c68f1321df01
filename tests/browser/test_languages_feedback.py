"""The Terugkoppeling and the service messages in the participant's language, in a real browser on a
phone (issue 18, point 2): the readings of the results in Frysk and English, a refused code in English."""

from __future__ import annotations

import pytest

from dia_scan import storage
from dia_scan.quickscan import feedback
from tests.conftest import round_permit

from .conftest import ARTIFACTS, shot, wait_for_app


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def _shared_summary(db_path) -> dict:
    db = storage.connect(db_path)
    try:
        row = next(r for r in storage.list_rounds(db) if r.title == "Quick Scan voorjaar 2025")
        feedback.set_summary_published(db, round_permit(row), True)
        return row
    finally:
        db.close()


@pytest.mark.parametrize(
    ("language", "heading", "reading", "dutch"),
    [
        ("fy", "De útkomst koart", "Skoares rinne fan 0 oant 100", "Scores lopen van 0 tot 100"),
        ("en", "What stands out", "Scores run from 0 to 100", "Scores lopen van 0 tot 100"),
    ],
)
def test_the_summary_reads_the_results_in_the_participants_language(
    server, phone, language, heading, reading, dutch
):
    base, db_path = server
    row = _shared_summary(db_path)
    phone.goto(f"{base}/terugkoppeling?code={row.join_code}&lang={language}")
    phone.get_by_text(heading).first.wait_for()
    wait_for_app(phone)
    assert phone.evaluate("() => document.documentElement.lang") == language
    main = phone.locator('[data-testid="stMain"]').inner_text()
    assert reading in main and dutch not in main
    assert "zelfstudie" not in main  # what the scan is, in the participant's language too
    phone.set_viewport_size({"width": 390, "height": 3200})  # the whole page in one picture
    wait_for_app(phone)
    shot(phone, f"lang-{language}-terugkoppeling")


def test_a_malformed_code_is_refused_in_english(server, phone):
    base, _ = server
    phone.goto(f"{base}/meedoen?code=12&lang=en")
    phone.get_by_text("This code is not right. A participation code has 8 characters").wait_for()
    wait_for_app(phone)
    shot(phone, "lang-en-bad-code")


def test_an_assessment_opens_in_the_languages_it_offers_and_dutch_otherwise(server, phone):
    from dia_scan.core.catalog import load_catalog
    from tests.builders import new_assessment

    base, db_path = server
    db = storage.connect(db_path)
    try:
        organisation_id = storage.list_organisations(db)[0].id
        _, created = new_assessment(
            db, load_catalog(), organisation_id, name="Taalproef", mode="apart", languages=("nl", "fy")
        )
    finally:
        db.close()
    phone.goto(f"{base}/inclusiviteit?code={created.join_code}&lang=fy")
    phone.get_by_text("De checklist hat").first.wait_for()
    wait_for_app(phone)
    assert phone.evaluate("() => document.documentElement.lang") == "fy"
    shot(phone, "lang-fy-checklist-welcome")
    phone.goto(f"{base}/inclusiviteit?code={created.join_code}&lang=en")  # not offered: Dutch
    phone.get_by_text("De checklist heeft").first.wait_for()
    wait_for_app(phone)
    assert phone.evaluate("() => document.documentElement.lang") == "nl"
    assert not phone.get_by_text("English").count()


def test_the_organiser_chooses_the_assessors_languages_when_starting(server, page):
    base, _ = server
    page.goto(f"{base}/inclusiviteit")
    label = page.get_by_text("Talen voor wie invullen, naast Nederlands")
    label.wait_for()
    wait_for_app(page)
    label.scroll_into_view_if_needed()
    assert (
        page.get_by_role("button", name="Fries").count() and page.get_by_role("button", name="Engels").count()
    )
    page.screenshot(path=str(ARTIFACTS / "lang-checklist-start-languages.png"))  # the form as seen

"""How long a whole Quick Scan takes on a phone (390x844): screens, taps and the words on each screen.

An inwoner and a raadslid each answer every statement of a fresh round of the gemeente's Quick Scan in
Chromium. With ``DIA_SCAN_READING_TIMES=all`` the provincie's and the waterschap's Quick Scans are measured
too, for each kind of group (a run of about five more minutes, so not part of ``make test``; the figures
are in docs/invultijd.md, and tests/core/test_content.py checks every introduction against the words). The words are counted as the phone shows them (the text of the screen, without the answer
buttons, which read the same on every statement). The time is estimated as the content check does
(tests/core/test_content.py: 150 words a minute on a phone, 5 seconds per answer, 45 per open question,
8 per question about yourself), at a calm and a quick reading speed; both must fall in the range of
minutes the introduction promises. The
figures go to tests/artifacts/reading-times.json; docs/invultijd.md explains them.
"""

from __future__ import annotations

import json
import os
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from dia_scan import storage
from dia_scan.core.catalog import load_catalog
from dia_scan.quickscan import rounds
from tests.core.test_content import (
    QUICK_READING_WPM,
    READING_WPM,
    SECONDS_PER_ANSWER,
    SECONDS_PER_BACKGROUND_QUESTION,
    SECONDS_PER_OPEN_QUESTION,
    promised_minutes,
)

from .conftest import ARTIFACTS, click_button, shot, wait_for_app

GEMEENTE = "quickscan-gemeente"
#: (instrument, group id, group label, name in the artifacts) measured in every run of the suite.
CASES = [(GEMEENTE, "inwoners", "Inwoners", "inwoner"), (GEMEENTE, "raad", "Raad", "raadslid")]
#: Measured on request only (``DIA_SCAN_READING_TIMES=all``): one group of each kind.
MORE_CASES = [
    ("quickscan-provincie", "inwoners", "Inwoners", "provincie-inwoner"),
    ("quickscan-provincie", "statenleden", "Provinciale Staten", "statenlid"),
    ("quickscan-waterschap", "ingezetenen", "Ingezetenen", "waterschap-ingezetene"),
    ("quickscan-waterschap", "bedrijven", "Bedrijven en grondeigenaren", "waterschap-bedrijf"),
    ("quickscan-waterschap", "ab_leden", "Algemeen bestuur", "ab-lid"),
]
AGREE = "Eens"
#: The words on the screen, and those of its buttons and answer pills (read once, tapped many times).
_WORDS = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const count = (text) => text.split(/\\s+/).filter(w => /[\\p{L}\\p{N}]/u.test(w)).length;
    const controls = [...main.querySelectorAll('button, [role=radio], [role=checkbox]')]
        .filter(e => !e.parentElement.closest('button, [role=radio]'))
        .map(e => count(e.innerText)).reduce((a, b) => a + b, 0);
    return {all: count(main.innerText), controls: controls};
}"""
_results: dict[str, dict] = {}


def _new_round(db_path, instrument_id: str) -> str:
    db = storage.connect(db_path)
    try:
        created = rounds.create_round(
            db,
            load_catalog(),
            organisation_id=storage.list_organisations(db)[0].id,
            instrument_id=instrument_id,
            title="Leestijd op de telefoon",
        )
    finally:
        db.close()
    return created.join_code


def _read(page, name: str, screens: list[dict]) -> None:
    wait_for_app(page)
    words = page.evaluate(_WORDS)
    screens.append({"screen": name, "words": words["all"] - words["controls"], "taps": 0})


def _step(page) -> tuple[int, int]:
    text = page.get_by_text(re.compile(r"Stap \d+ van \d+")).first.inner_text()
    now, total = re.search(r"Stap (\d+) van (\d+)", text).groups()
    return int(now), int(total)


def _agree_with_every_statement(page) -> int:
    pills = page.get_by_role("radio", name=AGREE, exact=True)
    n = pills.count()
    for i in range(n):
        for _ in range(3):  # a tap can land on a pill that a rerun is replacing: try again
            try:
                pills.nth(i).click(timeout=5_000)
                page.wait_for_function(
                    """([label, n]) => [...document.querySelectorAll('[role=radio][aria-checked=true]')]
                                      .filter(e => e.innerText.trim() === label).length >= n""",
                    arg=[AGREE, i + 1],
                    timeout=5_000,
                )
                break
            except PlaywrightTimeout:
                wait_for_app(page)
        else:
            raise AssertionError(f"could not answer statement {i + 1} of this screen")
        wait_for_app(page)
    return n


def _answer_the_whole_scan(browser, base: str, join_code: str, group_label: str, slug: str) -> list[dict]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(30_000)
    screens: list[dict] = []
    try:
        page.goto(f"{base}/meedoen?code={join_code}")
        page.get_by_text("Kies uw groep").wait_for()
        _read(page, "groep kiezen", screens)
        page.get_by_text(group_label, exact=True).click()
        page.get_by_role("button", name="Beginnen").click()
        page.get_by_role("button", name="Start de vragenlijst").wait_for()
        _read(page, "uitleg en hervatcode", screens)
        screens[-1]["taps"] = 2
        page.get_by_role("button", name="Start de vragenlijst").click()
        page.get_by_text(re.compile(r"Stap \d+ van \d+")).first.wait_for()
        while True:
            now, total = _step(page)
            heading = page.locator('[data-testid="stMain"] h3').first.inner_text().strip()
            _read(page, heading, screens)
            if now == 2 and slug in ("inwoner", "provincie-inwoner", "waterschap-ingezetene"):
                shot(page, "reading-times-01-phone-first-theme")
            screens[-1]["statements"] = _agree_with_every_statement(page)
            if heading == "Wat is het belangrijkst?":
                # the first theme's box sits right under the app's sticky header: bring it to the middle
                label = page.locator('[data-testid="stMain"] [data-testid="stCheckbox"] label').first
                label.evaluate("e => e.scrollIntoView({block: 'center'})")
                label.click()
                expect(page.locator('[data-testid="stMain"]').get_by_role("checkbox").first).to_be_checked()
                wait_for_app(page)
                screens[-1]["taps"] += 1
            if now == total:
                break
            click_button(page, "Volgende")
            page.get_by_text(f"Stap {now + 1} van").first.wait_for()
            wait_for_app(page)
            screens[-1]["taps"] += screens[-1]["statements"] + 1
        page.get_by_text("Controleren en versturen").wait_for()
        click_button(page, "Versturen")
        page.get_by_text("Bedankt!").wait_for()
        screens[-1]["taps"] += 1
        _read(page, "bedankt", screens)
        shot(page, f"reading-times-02-{slug}-sent")
    finally:
        context.close()
    return screens


def _cases() -> list:
    return CASES + (MORE_CASES if os.environ.get("DIA_SCAN_READING_TIMES") == "all" else [])


@pytest.mark.parametrize(("instrument_id", "group_id", "label", "slug"), _cases())
def test_a_whole_quick_scan_on_a_phone(server, browser, instrument_id, group_id, label, slug):
    base, db_path = server
    instrument = load_catalog().get(instrument_id)
    screens = _answer_the_whole_scan(browser, base, _new_round(db_path, instrument_id), label, slug)

    statements = sum(s.get("statements", 0) for s in screens)
    assert statements == len(instrument.statements_for(group_id)), "every statement of the group was answered"
    words = sum(s["words"] for s in screens)
    opens = len(instrument.open_questions_for(group_id))
    about = len(instrument.background_for(group_id))
    fixed_seconds = (
        statements * SECONDS_PER_ANSWER
        + opens * SECONDS_PER_OPEN_QUESTION
        + about * SECONDS_PER_BACKGROUND_QUESTION
    )
    minutes = {
        wpm: round((words / wpm * 60 + fixed_seconds) / 60, 1) for wpm in (READING_WPM, QUICK_READING_WPM)
    }
    figures = {
        "group": group_id,
        "instrument": f"{instrument_id} version {instrument.version}",
        "viewport": "390x844",
        "screens": len(screens),
        "statements": statements,
        "open_questions": opens,
        "background_questions": about,
        "words_read": words,
        "taps": sum(s["taps"] for s in screens),
        "minutes_at_wpm": minutes,
        "promised_minutes": promised_minutes(instrument.description, instrument.group(group_id).side),
        "per_screen": screens,
    }
    _results[group_id if instrument_id == GEMEENTE else f"{instrument_id}:{group_id}"] = figures
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "reading-times.json").write_text(
        json.dumps(_results, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(json.dumps({k: v for k, v in figures.items() if k != "per_screen"}, ensure_ascii=False))
    # calm reading (150 words a minute) and quick reading (200) both fall in the range it promises
    assert figures["promised_minutes"], f"{instrument_id}: the introduction names a range of minutes"
    low, high = figures["promised_minutes"]
    assert low - 0.5 <= minutes[QUICK_READING_WPM] and minutes[READING_WPM] <= high + 0.5, figures

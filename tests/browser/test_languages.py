"""Languages in a real browser (issue 18, points 1 and 2): every page declares its language on the document
itself, and a participant answers a whole Quick Scan in Frysk or in English on a phone, counted together
with the Dutch answers."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dia_scan import storage
from dia_scan.core import codes, lifecycle
from dia_scan.quickscan import languages
from tests.conftest import round_permit

from .conftest import click_button, shot, wait_for_app

BEHEERCODE = "DEMO-BEHEERCODE"

#: What a participant reads in each language, on the screens this journey passes.
WORDS = {
    "fy": {
        "choose": "Kies jo groep",
        "group": "Ynwenners",
        "begin": "Begjinne",
        "start": "Begjin mei de fragelist",
        "step": "Stap {now} fan {total}",
        "answer": "Iens",
        "next": "Folgjende",
        "review": "Kontrolearje en ferstjoere",
        "send": "Ferstjoere",
        "thanks": "Tankewol!",
        "unreviewed": "noch net neisjoen",
    },
    "en": {
        "choose": "Choose your group",
        "group": "Residents",
        "begin": "Start",
        "start": "Start the questionnaire",
        "step": "Step {now} of {total}",
        "answer": "Agree",
        "next": "Next",
        "review": "Check and send",
        "send": "Send",
        "thanks": "Thank you!",
        "unreviewed": "not yet been checked",
    },
}


def _open_round(db_path, wanted) -> dict:
    """The first open demo round for which ``wanted(row)`` holds.

    Only the demo's own rounds (beheercode ``DEMO-BEHEERCODE``) count: other tests on the same server make
    rounds with beheercodes of their own, and these may come first in the list."""
    db = storage.connect(db_path)
    try:
        return next(
            r
            for r in storage.list_rounds(db)
            if lifecycle.is_open(r)
            and r.published
            and codes.verify_secret(BEHEERCODE, storage.round_beheercode_hash(db, r.id))
            and wanted(r)
        )
    finally:
        db.close()


def _lang_is(page, language: str) -> None:
    """The document's own language (not a frame's), once the page has set it."""
    try:
        page.wait_for_function("(l) => document.documentElement.lang === l", arg=language, timeout=10_000)
    except PlaywrightTimeout:
        pass
    assert page.evaluate("() => document.documentElement.lang") == language


@pytest.fixture(scope="module")
def multilingual_round(server) -> dict:
    """An open demo round of the gemeente questionnaire that offers Frysk and English."""
    _, db_path = server
    row = _open_round(db_path, lambda r: r.instrument_id == "quickscan-gemeente")
    db = storage.connect(db_path)
    try:
        languages.set_languages(db, round_permit(row), ["nl", "fy", "en"])
        return storage.get_round(db, row.id)
    finally:
        db.close()


@pytest.mark.parametrize(
    "path",
    ["", "meedoen", "terugkoppeling", "beheren", "live", "resultaten", "verbeteragenda", "inclusiviteit"]
    + ["organisatie", "vergelijken"],
)
def test_every_page_declares_dutch(server, page, path):
    base, _ = server
    page.goto(f"{base}/{path}")
    wait_for_app(page)
    _lang_is(page, "nl")


def test_the_participant_language_follows_the_link_and_the_choice_and_stays_on_its_pages(
    server, page, multilingual_round
):
    base, _ = server
    code = multilingual_round.join_code
    page.goto(f"{base}/meedoen?code={code}&lang=fy")
    page.get_by_text(WORDS["fy"]["choose"]).first.wait_for()
    _lang_is(page, "fy")
    page.get_by_role("radio", name="English").click()  # the language picker on the first screen
    page.get_by_text(WORDS["en"]["choose"]).first.wait_for()
    _lang_is(page, "en")
    assert "lang=en" in page.url
    # an organiser's page in the same session is Dutch again, and the participant's page keeps English
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Start", exact=True).click()
    wait_for_app(page)
    _lang_is(page, "nl")
    page.goto(f"{base}/terugkoppeling?lang=en")
    page.get_by_text("Enter the participation code").first.wait_for()
    _lang_is(page, "en")


def test_a_language_the_round_does_not_offer_falls_back_to_dutch(server, page):
    base, db_path = server
    dutch_only = _open_round(db_path, lambda r: languages.offered(r) == ["nl"])
    page.goto(f"{base}/meedoen?code={dutch_only.join_code}&lang=en")
    page.get_by_text("Kies uw groep").first.wait_for()
    wait_for_app(page)
    _lang_is(page, "nl")
    assert not page.get_by_role("radio", name="English").count()


def _step(page, language: str) -> tuple[int, int]:
    pattern = WORDS[language]["step"].format(now=r"(\d+)", total=r"(\d+)")
    text = page.get_by_text(re.compile(pattern)).first.inner_text()
    now, total = re.search(pattern, text).groups()
    return int(now), int(total)


def _answer_all_on_screen(page, label: str) -> int:
    """Tap this answer for every statement on the screen; returns how many were answered."""
    wait_for_app(page)
    count = page.locator('[data-testid="stButtonGroup"]').count()
    for index in range(count):
        for _ in range(3):  # a rerun may replace the pill while it is clicked
            group = page.locator('[data-testid="stButtonGroup"]').nth(index)
            try:
                group.get_by_role("radio", name=label, exact=True).click(timeout=5_000)
                page.wait_for_function(
                    """([i, label]) => {
                        const g = document.querySelectorAll('[data-testid="stButtonGroup"]')[i];
                        return !!g && [...g.querySelectorAll('[role=radio][aria-checked=true]')]
                            .some(e => e.innerText.trim() === label);
                    }""",
                    arg=[index, label],
                    timeout=5_000,
                )
                break
            except PlaywrightTimeout:
                wait_for_app(page)
        wait_for_app(page)
    return count


def _answer_whole_scan(browser, base: str, code: str, language: str) -> None:
    words = WORDS[language]
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{base}/meedoen?code={code}&lang={language}")
        page.get_by_text(words["choose"]).first.wait_for()
        wait_for_app(page)
        _lang_is(page, language)
        assert words["unreviewed"] in page.locator('[data-testid="stMain"]').inner_text()
        shot(page, f"lang-{language}-1-first-screen")
        page.get_by_text(words["group"], exact=True).click()
        click_button(page, words["begin"])
        page.get_by_role("button", name=words["start"]).wait_for()
        wait_for_app(page)
        click_button(page, words["start"])
        page.get_by_text(re.compile(words["step"].format(now=1, total=r"\d+"))).first.wait_for()
        answered_screens = 0
        while True:
            now, total = _step(page, language)
            if now == total:
                break
            if _answer_all_on_screen(page, words["answer"]) and not answered_screens:
                shot(page, f"lang-{language}-2-statements")
                answered_screens += 1
            click_button(page, words["next"])
            page.get_by_text(words["step"].format(now=now + 1, total=total)).first.wait_for()
            wait_for_app(page)
        page.get_by_text(words["review"]).first.wait_for()
        _lang_is(page, language)
        click_button(page, words["send"])
        page.get_by_text(words["thanks"]).first.wait_for()
        wait_for_app(page)
        _lang_is(page, language)
        shot(page, f"lang-{language}-3-thanks")
    finally:
        context.close()


def test_a_whole_scan_in_frysk_and_in_english_counts_with_the_dutch_answers(
    server, browser, multilingual_round
):
    base, db_path = server
    round_id = multilingual_round.id
    db = storage.connect(db_path)
    try:
        before = storage.group_counts(db, round_id).get("inwoners", {}).get("submitted", 0)
        agree_before = _agree_tallies(db, round_id)
    finally:
        db.close()
    assert before > 0  # the demo's Dutch answers are there already

    for language in ("fy", "en"):
        _answer_whole_scan(browser, base, multilingual_round.join_code, language)

    db = storage.connect(db_path)
    try:
        after = storage.group_counts(db, round_id)["inwoners"]["submitted"]
        agree_after = _agree_tallies(db, round_id)
    finally:
        db.close()
    assert after == before + 2
    # every statement the inwoners get was answered "Iens" / "Agree": value 4, in the same tallies
    assert agree_after and all(agree_after[s] == agree_before.get(s, 0) + 2 for s in agree_after)


def _agree_tallies(db, round_id: int) -> dict[str, int]:
    return {
        row["question_id"]: row["n"]
        for row in storage.round_tallies(db, round_id)
        if row["group_id"] == "inwoners" and row["option"] == "4" and not row["question_id"].startswith("__")
    }


def test_the_trekker_offers_frysk_and_the_link_and_qr_code_follow(server, page):
    base, db_path = server
    row = _open_round(db_path, lambda r: languages.offered(r) == ["nl"])
    page.goto(f"{base}/beheren")
    wait_for_app(page)  # a click before the page listens is lost on a busy machine
    page.get_by_text("Ronde beheren", exact=True).click()
    wait_for_app(page)
    page.get_by_label("Deelnamecode").fill(row.join_code)
    page.get_by_label("Beheercode").fill(BEHEERCODE)
    page.get_by_role("button", name="Openen").click()
    page.get_by_text("Talen voor deelnemers, naast Nederlands").wait_for(timeout=60_000)
    wait_for_app(page)
    _lang_is(page, "nl")
    page.get_by_role("button", name="Fries", exact=True).click()
    page.get_by_text("Taal waarin de link en de QR-code openen").wait_for()
    wait_for_app(page)
    page.get_by_role("radio", name="Fries", exact=True).click()
    page.get_by_text(f"code={row.join_code}&lang=fy").first.wait_for()
    wait_for_app(page)
    qr = page.get_by_role("img", name=re.compile("QR-code met de link"))
    assert "lang=fy" in qr.get_attribute("alt")
    section = page.get_by_text("Deelnemers uitnodigen").first
    section.scroll_into_view_if_needed()
    shot(page, "lang-beheren-languages")
    db = storage.connect(db_path)
    try:
        assert languages.offered(storage.get_round(db, row.id)) == ["nl", "fy"]
    finally:
        db.close()


def test_a_participant_resuming_a_closed_provincie_round_is_told_at_once_in_frysk(server, browser):
    from dia_scan.quickscan import drafts, rounds

    base, db_path = server
    row = _open_round(db_path, lambda r: r.instrument_id == "quickscan-provincie")
    db = storage.connect(db_path)
    try:
        languages.set_languages(db, round_permit(row), ["nl", "fy"])
        draft = {**drafts.empty_draft(), "step": 3}
        handle = rounds.start_response(db, row, "inwoners", draft=draft)
        rounds.set_published(db, round_permit(row), False)
    finally:
        db.close()
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{base}/meedoen?resume={handle.resume_code}&lang=fy")
        page.get_by_text("Dizze scan is sluten. Ferstjoere kin net mear.").wait_for()
        wait_for_app(page)
        _lang_is(page, "fy")
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert "telt net mei yn de útkomsten" in main
        assert "Wolkom werom" not in main and "Stap " not in main
        assert not page.get_by_role("button", name="Folgjende").count()
        shot(page, "lang-fy-closed-resume")
    finally:
        context.close()


def test_the_code_screen_offers_every_language(server, page):
    base, _ = server
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/meedoen")
    page.get_by_text("Deelnamecode").first.wait_for()
    wait_for_app(page)
    page.get_by_role("radio", name="Frysk").click()
    page.get_by_text("Dielnamekoade").first.wait_for()
    wait_for_app(page)
    _lang_is(page, "fy")
    assert "Folje de koade yn" in page.locator('[data-testid="stMain"]').inner_text()
    shot(page, "lang-fy-0-code-screen")

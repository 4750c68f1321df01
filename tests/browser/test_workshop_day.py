"""The workshop day in Chromium: a save confirms until the user moves on, the handleiding is a page of the
app, and an empty date field reads dd-mm-jjjj."""

from __future__ import annotations

import time

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from dia_scan import storage

from .conftest import log_in_to_round, shot, wait_for_app

BEHEERCODE = "DEMO-BEHEERCODE"


def _closed_round(db_path) -> dict:
    """A closed round of the demo with actions on its agenda; other tests of the session add rounds of
    their own (closed ones too), so the demo's is picked by what it has."""
    db = storage.connect(db_path)
    try:
        return next(
            r
            for r in storage.list_rounds(db)
            if r.closed_at
            and storage.get_organisation(db, r.organisation_id).demo
            and storage.list_actions(db, round_id=r.id)
        )
    finally:
        db.close()


def _agenda(page, base: str, join_code: str) -> None:
    page.goto(f"{base}/verbeteragenda")
    page.get_by_label("Deelnamecode").fill(join_code)
    page.get_by_label("Beheercode").fill(BEHEERCODE)
    page.get_by_role("button", name="Openen").click()
    page.get_by_text("Wanneer is het klaar?").wait_for()
    wait_for_app(page)


#: The text of the first action's "Wie" cell, as the grid keeps it in the table it draws for screen readers.
_FIRST_WHO = """() => {
    const cells = document.querySelectorAll('[data-testid="stDataFrame"] canvas td');
    return cells.length > 3 ? cells[3].innerText : null;
}"""


def _type_in_first_who_cell(page, text: str) -> None:
    """Edit the first action's "Wie" in the grid. A double click that lands while the grid still draws
    itself opens nothing, and an Enter that comes too soon after the typing drops the edit (a busy
    machine), so it is done again until the grid holds the text."""
    editor = page.locator('[data-testid="stDataFrame"]').first
    editor.scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # the grid draws itself after it scrolled into view
    editor_open = "() => document.activeElement && document.activeElement.tagName === 'TEXTAREA'"
    for attempt in range(6):
        box = editor.bounding_box()
        # the column "Wie" of the first action: after Status (90 px), Wat (230) and Thema (140)
        page.mouse.dblclick(box["x"] + 90 + 230 + 140 + 50, box["y"] + 35 + 17)
        try:
            page.wait_for_function(editor_open, timeout=5000)  # typed before it opens, letters are lost
            page.keyboard.press("Control+a")
            page.keyboard.type(text)
            page.wait_for_timeout(300)
            page.keyboard.press("Enter")
            page.wait_for_function(f"() => ({_FIRST_WHO})() === {text!r}", timeout=5000)
            break
        except PlaywrightTimeout:
            if attempt == 5:
                raise
            page.keyboard.press("Escape")
            wait_for_app(page)
    page.wait_for_timeout(1000)  # the edit reaches the server in a rerun of its own
    wait_for_app(page)


def _wait_for_who(db_path, organisation_id: int, who: str, seconds: float = 10) -> bool:
    """Whether an action of the organisation gets this "Wie" within a few seconds."""
    deadline = time.monotonic() + seconds
    while True:
        db = storage.connect(db_path)
        try:
            if who in [a.wie for a in storage.list_actions(db, organisation_id=organisation_id)]:
                return True
        finally:
            db.close()
        if time.monotonic() > deadline:
            return False
        time.sleep(0.25)


def test_saving_the_agenda_confirms_until_the_user_moves_on(server, page):
    base, db_path = server
    round_row = _closed_round(db_path)
    _agenda(page, base, round_row.join_code)
    notice = page.get_by_text("1 actie bijgewerkt.")
    # a cell typed into before the grid listens is not edited: then nothing is saved, and it is typed
    # again; the database, not a message still on screen from the last run, says whether it was saved
    for _ in range(3):
        _type_in_first_who_cell(page, "griffie en raad")
        page.get_by_role("button", name="Wijzigingen opslaan").first.click()  # of the first table
        wait_for_app(page)
        if _wait_for_who(db_path, round_row.organisation_id, "griffie en raad"):
            break
    else:
        raise AssertionError("the edited cell was not saved in three tries")
    wait_for_app(page)
    expect(notice).to_be_visible()
    page.wait_for_timeout(4000)  # it flashed for a fifth of a second; now it stays
    expect(notice).to_be_visible()
    shot(page, "verbeteragenda-saved")

    # moving on to another page ends the message
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Resultaten", exact=True).click()
    wait_for_app(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Verbeteragenda", exact=True).click()
    page.get_by_text("Acties van deze ronde").wait_for()
    wait_for_app(page)
    expect(page.get_by_text("1 actie bijgewerkt.")).to_have_count(0)


def test_an_empty_date_field_reads_dd_mm_jjjj(server, page):
    base, db_path = server
    _agenda(page, base, _closed_round(db_path).join_code)
    field = page.get_by_role("group", name="Wanneer is het klaar?")
    field.scroll_into_view_if_needed()
    year = field.locator('[data-type="year"]')
    shown = year.evaluate("e => getComputedStyle(e, '::before').content")
    assert shown == '"jjjj"'
    assert year.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") == 0  # "yyyy" is not shown
    page.locator('[data-testid="stDateInputCalendarButton"]').first.click()
    expect(
        page.get_by_text("december", exact=True).or_(page.get_by_text("januari", exact=True))
    ).not_to_have_count(0)
    shot(page, "date-input-dutch")


def test_the_handleiding_is_a_page_of_the_app(server, page):
    base, _ = server
    page.goto(base)
    wait_for_app(page)
    page.get_by_text("Zo organiseert u een Quick Scan").click()
    page.get_by_role("link", name="Naar de handleiding").click()
    page.get_by_role("heading", name="Handleiding voor de trekker").wait_for()
    wait_for_app(page)
    assert page.url.endswith("/handleiding")
    expect(page.get_by_text("bij de broncode")).to_have_count(0)
    expect(page.get_by_role("heading", name="In een workshop")).to_be_visible()
    shot(page, "handleiding")


def _codes(db_path) -> tuple[str, str]:
    """(join code of an open Quick Scan round, join code of an open checklist assessment) of the demo."""
    db = storage.connect(db_path)
    try:
        round_code = next(r for r in storage.list_rounds(db) if r.published and not r.closed_at)
        assessment = next(
            a
            for p in storage.list_processes(db)
            for a in storage.list_assessments(db, p.id)
            if a.published and not a.closed_at
        )
        return round_code.join_code, assessment.join_code
    finally:
        db.close()


def test_one_code_box_takes_both_kinds_of_code(server, page):
    base, db_path = server
    round_code, checklist_code = _codes(db_path)
    page.goto(f"{base}/meedoen")
    wait_for_app(page)
    page.get_by_label("Deelnamecode").fill(checklist_code.lower())
    page.get_by_role("button", name="Verder", exact=True).click()
    page.wait_for_url(f"**/inclusiviteit?code={checklist_code}")
    wait_for_app(page)
    expect(page.get_by_text("Deze code kennen we niet")).to_have_count(0)
    shot(page, "meedoen-checklist-code")

    page.goto(f"{base}/inclusiviteit")
    wait_for_app(page)
    page.get_by_text("Invullen met een code", exact=True).click()
    wait_for_app(page)
    page.get_by_label("Code", exact=True).fill(f"{round_code[:4]} {round_code[4:]}")
    page.get_by_role("button", name="Verder", exact=True).click()
    page.wait_for_url(f"**/meedoen?code={round_code}")
    page.get_by_text("Wie bent u? Kies uw groep.").wait_for()


def test_a_round_past_its_end_date_refuses_joiners_and_reopens_with_a_new_end_date(server, page):
    from datetime import timedelta

    from dia_scan.core import lifecycle
    from dia_scan.core.catalog import load_catalog
    from dia_scan.core.text import long_date
    from dia_scan.quickscan import rounds

    base, db_path = server
    today = lifecycle.local_today()
    db = storage.connect(db_path)
    try:
        organisation_id = storage.list_organisations(db)[0].id
        made = rounds.create_round(
            db,
            load_catalog(),
            organisation_id=organisation_id,
            instrument_id="quickscan-gemeente",
            title="Verlopen ronde",
            period_start=today - timedelta(days=20),
            period_end=today - timedelta(days=1),
            beheercode=BEHEERCODE,
        )
    finally:
        db.close()
    page.goto(f"{base}/meedoen?code={made.join_code}")
    wait_for_app(page)
    ended = f"Deze scan is voorbij: meedoen kon tot en met {long_date(today - timedelta(days=1))}"
    expect(page.get_by_text(ended)).to_be_visible()

    log_in_to_round(page, base, made.join_code, BEHEERCODE)
    page.get_by_text("De periode is voorbij").wait_for()
    wait_for_app(page)
    shot(page, "beheren-verlopen")
    page.get_by_role("button", name="Weer openzetten").click()
    page.get_by_text("De scan staat weer open").wait_for()
    wait_for_app(page)
    expect(page.get_by_text("Deelnemers kunnen meedoen tot en met")).to_be_visible()
    page.goto(f"{base}/meedoen?code={made.join_code}")
    page.get_by_text("Wie bent u? Kies uw groep.").wait_for()

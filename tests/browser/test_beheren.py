"""Scan beheren in a real browser: a facilitator corrects a round's title and deletes a closed test round."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from dia_scan import storage
from dia_scan.core.catalog import load_catalog
from dia_scan.quickscan import rounds

from .conftest import click_button, scroll_to, shot, wait_for_app


def _test_round(db_path) -> tuple[rounds.RoundCreated, int]:
    """A fresh round of a demo organisation with one begun response, closed again (as after a try-out)."""
    db = storage.connect(db_path)
    try:
        organisation_id = storage.list_organisations(db)[0].id
        created = rounds.create_round(
            db,
            load_catalog(),
            organisation_id=organisation_id,
            instrument_id="quickscan-gemeente",
            title="Proefronde workshop",
        )
        handle = rounds.start_response(db, storage.get_round(db, created.round_id), "raad")
        rounds.set_published(db, created.permit, False)
        return created, handle.response_id
    finally:
        db.close()


def _manage(page, base: str, created: rounds.RoundCreated) -> None:
    """Open the round on Scan beheren with its two codes."""
    page.goto(f"{base}/beheren")
    page.get_by_text("Ronde beheren", exact=True).click()
    page.get_by_label("Deelnamecode").fill(created.join_code)
    page.get_by_label("Beheercode").fill(created.beheercode)
    page.get_by_role("button", name="Openen").click()
    page.get_by_text("Een andere ronde openen").wait_for()
    wait_for_app(page)


def test_a_facilitator_corrects_the_title_and_deletes_a_closed_test_round(server, page):
    base, db_path = server
    created, response_id = _test_round(db_path)

    _manage(page, base, created)

    page.get_by_text("Titel en periode wijzigen").click()
    title = page.get_by_label("Titel van de ronde")
    title.fill("Proefronde workshop maart")
    title.press("Tab")
    click_button(page, "Wijzigingen opslaan")
    page.get_by_text("De titel en de periode zijn opgeslagen.").wait_for()
    page.get_by_role("heading", name="Proefronde workshop maart").first.wait_for()
    wait_for_app(page)
    scroll_to(page.get_by_text("De titel en de periode zijn opgeslagen."), page)
    shot(page, "beheren-01-title-corrected")

    page.get_by_text("Ronde verwijderen", exact=True).click()
    confirm = page.get_by_label("Typ ter bevestiging de deelnamecode")
    confirm.wait_for()
    wait_for_app(page)
    scroll_to(page.get_by_role("button", name="Ronde definitief verwijderen"), page)
    shot(page, "beheren-02-delete-asks-for-the-code")
    confirm.fill(created.join_code.lower())
    confirm.press("Tab")
    wait_for_app(page)  # the typed code reaches the server (a rerun) before the button is pressed
    click_button(page, "Ronde definitief verwijderen")
    page.get_by_text("is verwijderd, met 1 ingevulde of begonnen vragenlijst.").wait_for()
    # The rerun replaces the managed round's panels (among them a hidden "Beheercode" field in the
    # "Een andere ronde openen" expander) with the login form; until then there are two such fields.
    expect(page.get_by_text("Een andere ronde openen")).to_have_count(0, timeout=15_000)
    expect(page.get_by_label("Beheercode")).to_have_count(1, timeout=15_000)
    expect(page.get_by_label("Beheercode")).to_be_visible()
    wait_for_app(page)
    shot(page, "beheren-03-deleted")

    db = storage.connect(db_path)
    try:
        assert storage.get_round(db, created.round_id) is None
        assert storage.get_response_by_id(db, response_id) is None
    finally:
        db.close()


def test_a_facilitator_enters_paper_forms_with_the_excel_template(server, page, tmp_path):
    from tests.conftest import filled_template

    base, db_path = server
    created, _ = _test_round(db_path)  # closed: paper forms often come in after closing

    _manage(page, base, created)
    page.get_by_text("Papieren formulieren invoeren", exact=True).click()
    with page.expect_download(timeout=60_000) as form:
        click_button(page, "Vragenlijst op papier (PDF)")
    assert form.value.suggested_filename == f"vragenlijst-{created.join_code}-raad.pdf"
    assert form.value.path().read_bytes().startswith(b"%PDF")
    with page.expect_download(timeout=60_000) as download:
        click_button(page, "Invulblad (Excel)")
    assert download.value.suggested_filename == f"invulblad-{created.join_code}.xlsx"

    sid = load_catalog().get("quickscan-gemeente").themes[0].statements[0].id
    # a typing error first: the message names the row, the column (letter and id) and the value
    wrong = tmp_path / "met-fout.xlsx"
    wrong.write_bytes(filled_template(download.value.path().read_bytes(), [{"group": "inwoners", sid: 7}]))
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(wrong))
    page.get_by_text("met-fout.xlsx").wait_for()
    click_button(page, "Formulieren invoeren")
    page.get_by_text("Er is niets ingevoerd").wait_for()
    # (markdown_safe puts a zero-width space after the colon, so that no ":word:" becomes an icon)
    problem = page.get_by_text(
        re.compile(rf"rij 2, kolom [A-Z]+ \({re.escape(sid)}\):\u200b? '7' is geen antwoord")
    )
    problem.first.wait_for()
    wait_for_app(page)
    scroll_to(problem.first, page)
    shot(page, "beheren-03b-paper-form-error")

    rows = [{"group": "inwoners", sid: 4}, {"group": "inwoners", sid: 2}, {"group": "raad", sid: "weet niet"}]
    filled = tmp_path / "ingevuld.xlsx"
    filled.write_bytes(filled_template(download.value.path().read_bytes(), rows))

    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(filled))
    page.get_by_text("ingevuld.xlsx").wait_for()
    click_button(page, "Formulieren invoeren")
    page.get_by_text("3 formulieren ingevoerd (Inwoners: 2, Raad: 1).").wait_for()
    wait_for_app(page)
    scroll_to(page.get_by_text("3 formulieren ingevoerd"), page)
    shot(page, "beheren-04-paper-forms")

    db = storage.connect(db_path)
    try:
        counts = storage.group_counts(db, created.round_id)
        assert counts["inwoners"]["submitted"] == 2 and counts["raad"]["submitted"] == 1
    finally:
        db.close()

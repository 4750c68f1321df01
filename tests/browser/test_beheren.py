"""Scan beheren in a real browser: a facilitator corrects a round's title and deletes a closed test round."""

from __future__ import annotations

from playwright.sync_api import expect

from dia_scan import rounds, storage
from dia_scan.catalog import load_catalog

from .conftest import click_button, scroll_to, shot, wait_for_app


def _test_round(db_path) -> tuple[rounds.RoundCreated, int]:
    """A fresh round of a demo organisation with one begun response, closed again (as after a try-out)."""
    db = storage.connect(db_path)
    try:
        organisation_id = storage.list_organisations(db)[0]["id"]
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


def test_a_facilitator_corrects_the_title_and_deletes_a_closed_test_round(server, page):
    base, db_path = server
    created, response_id = _test_round(db_path)

    page.goto(f"{base}/beheren")
    page.get_by_text("Ronde beheren", exact=True).click()
    page.get_by_label("Deelnamecode").fill(created.join_code)
    page.get_by_label("Beheercode").fill(created.beheercode)
    page.get_by_role("button", name="Openen").click()
    page.get_by_text("Een andere ronde openen").wait_for()
    wait_for_app(page)

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

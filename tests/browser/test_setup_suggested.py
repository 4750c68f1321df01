"""Nieuwe ronde in a real browser: a trekker ticks a ready-made maatwerkvraag and the round asks it."""

from __future__ import annotations

from playwright.sync_api import expect

from dia_scan import storage
from dia_scan.quickscan import rounds

from .conftest import create_round, open_new_round_form, pick_organisation, scroll_to, shot, wait_for_app

QUESTION = "De raad weet wat er in de verschillende kernen van de gemeente speelt."


def test_a_ticked_ready_made_question_is_asked_in_the_new_round(server, page):
    base, db_path = server
    open_new_round_form(page, base)
    pick_organisation(page, "Staat er niet", "Staat er niet bij: zelf de naam invullen")
    page.get_by_label("Naam van de organisatie").fill("Gemeente Kernendorp")
    page.get_by_label("Titel van de ronde").fill("Quick Scan kernen")
    wait_for_app(page)

    page.get_by_text("Kant-en-klare vragen (0 gekozen)").click()
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("Dorpen en kernen")
    page.get_by_text(QUESTION).click()
    page.get_by_text("Kant-en-klare vragen (1 gekozen)").wait_for()
    wait_for_app(page)
    scroll_to(page.get_by_text("Dorpen en kernen", exact=True), page)
    shot(page, "setup-01-ready-made-question-ticked")

    join_code = create_round(page)
    db = storage.connect(db_path)
    try:
        row = storage.get_round_by_code(db, join_code)
        instrument = rounds.round_instrument(db, row)
    finally:
        db.conn.close()
    [statement] = instrument.theme(rounds.CUSTOM_THEME_ID).statements
    assert (statement.text, statement.groups) == (QUESTION, ["raad", "college", "organisatie"])
    page.get_by_text("Eigen vragen (1)").click()
    expect(main).to_contain_text(f"Stelling: {QUESTION}")

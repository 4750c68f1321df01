"""Scan beheren in a real browser: a round on an older questionnaire says what changed since its version."""

from __future__ import annotations

from playwright.sync_api import expect

from dia_scan import storage
from dia_scan.core.catalog import Catalog, load_catalog
from dia_scan.quickscan import rounds
from tests.views.test_page_beheren_changes import GEMEENTE, _version_2

from .conftest import scroll_to, shot, wait_for_app
from .test_beheren import _manage


def test_a_trekker_reads_what_changed_since_the_rounds_version(server, page):
    base, db_path = server
    older = _version_2(load_catalog().get(GEMEENTE))
    db = storage.connect(db_path)
    try:
        created = rounds.create_round(
            db,
            Catalog(instruments={GEMEENTE: older}),
            organisation_id=storage.list_organisations(db)[0].id,
            instrument_id=GEMEENTE,
            title="Najaar 2024",
        )
    finally:
        db.close()

    _manage(page, base, created)
    page.get_by_text("Nieuwere vragenlijst: wat veranderde sinds versie 2").click()
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("Deze ronde gebruikt versie 2 van de vragenlijst.")
    expect(main).to_contain_text("Anders verwoord (")
    wait_for_app(page)
    scroll_to(page.get_by_text("Versie 3", exact=True), page)
    shot(page, "beheren-changes-01-since-version-2")
    scroll_to(page.get_by_text("Nieuwe kant-en-klare eigen vragen", exact=False), page)
    shot(page, "beheren-changes-02-ready-made-and-removed")

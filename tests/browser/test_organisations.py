"""A new round for a gemeente picked from the CBS list, in a real browser: the picker finds it by typing,
shows its profile, and the round's organisation gets that profile (also on the Organisatie page)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from dia_scan import storage
from dia_scan.admin.demo import DEMO_BEHEERCODE
from dia_scan.common import code_access
from dia_scan.common.organisations import Choice
from dia_scan.core.catalog import load_catalog
from dia_scan.quickscan import rounds

from .conftest import (
    create_round,
    log_in_to_round,
    open_new_round_form,
    pick_organisation,
    scroll_to,
    shot,
    wait_for_app,
)


def test_a_new_round_for_a_gemeente_picked_from_the_list(server, page):
    base, db_path = server
    open_new_round_form(page, base)
    pick_organisation(page, "Súdwest", "Gemeente Súdwest-Fryslân (Fryslân)")
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("Provincie Fryslân · 50.000 tot 100.000 inwoners · weinig stedelijk.")
    expect(page.get_by_label("Naam van de organisatie")).to_have_count(0)  # only for a name not on the list
    page.get_by_label("Titel van de ronde").fill("Quick Scan voorjaar")
    wait_for_app(page)
    shot(page, "organisations-01-picked-from-the-list")
    join_code = create_round(page)
    shot(page, "organisations-02-round-created")

    db = storage.connect(db_path)
    try:
        row = storage.get_round_by_code(db, join_code)
        org = storage.get_organisation(db, row.organisation_id)
    finally:
        db.conn.close()
    assert (org.name, org.type, org.province, org.size_class, org.urbanisation) == (
        "Gemeente Súdwest-Fryslân",
        "gemeente",
        "Fryslân",
        "50-100k",
        4,
    )
    assert org.reference_code == "GM1900" and not org.demo

    # the profile on Organisatie, in the same session (the new round's permit opens it)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Organisatie", exact=True).click()
    wait_for_app(page)
    expect(main.get_by_role("heading", name="Gemeente Súdwest-Fryslân")).to_be_visible()
    expect(main).to_contain_text("provincie Fryslân · 50.000 tot 100.000 inwoners · weinig stedelijk")
    shot(page, "organisations-03-profile")
    page.get_by_text("Profiel aanpassen").click()
    expect(main.get_by_role("combobox", name="Stedelijkheid (CBS)")).to_have_value("weinig stedelijk")
    page.get_by_role("button", name="Nieuwe organisatiecode maken").click()
    page.get_by_text("u ziet hem maar één keer").wait_for()
    wait_for_app(page)
    code = page.locator('[data-testid="stCode"]').first.inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}", code), code
    scroll_to(page.locator('[data-testid="stCode"]').first, page)
    shot(page, "organisations-03b-organisation-code")

    # the start page lists only the demo content, not this real organisation
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Start", exact=True).click()
    wait_for_app(page)
    expect(main).to_contain_text("Demo: organisaties en rondes")
    expect(main).not_to_contain_text("Súdwest")
    shot(page, "organisations-04-start")


def _try_beheercode(browser, base: str, join_code: str, beheercode: str):
    """One attempt in a fresh browser context: a new Streamlit session, as a script would open."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(30_000)
    log_in_to_round(page, base, join_code, beheercode)
    page.locator('[data-testid="stAlertContentError"]').first.wait_for()
    wait_for_app(page)
    return context, page


def test_wrong_beheercodes_from_fresh_sessions_block_the_round(server, browser):
    base, db_path = server
    db = storage.connect(db_path)
    try:
        created = rounds.set_up_round(
            db,
            load_catalog(),
            organisation=Choice(listed_code="GM0307"),
            instrument_id="quickscan-gemeente",
            title="Doelwit van een script",
        )
    finally:
        db.close()
    for attempt in range(code_access.MAX_ATTEMPTS):
        context, page = _try_beheercode(browser, base, created.join_code, f"AAAA-BBBB-CCCC-D{attempt}")
        expect(page.locator('[data-testid="stAlertContentError"]')).to_contain_text("klopt niet")
        context.close()
    # a sixth fresh session with the right code: the round is blocked for every session
    context, page = _try_beheercode(browser, base, created.join_code, created.beheercode)
    expect(page.locator('[data-testid="stAlertContentError"]')).to_contain_text(
        re.compile(r"Te veel verkeerde pogingen\. Probeer het over \d+ seconden opnieuw\.")
    )
    expect(page.get_by_text("Een andere ronde openen")).to_have_count(0)
    shot(page, "organisations-05-blocked-across-sessions")
    context.close()


def _organisation_of(db_path, join_code: str):
    db = storage.connect(db_path)
    try:
        return storage.get_organisation(db, storage.get_round_by_code(db, join_code).organisation_id)
    finally:
        db.close()


def test_a_fresh_round_in_an_organisations_name_reaches_none_of_its_history(server, page):
    """Issue #19.3 as a newcomer would try it: a round made with the name of an organisation that has
    earlier rounds here, without proof, starts a new organisation; Organisatie and the verbeteragenda
    show nothing of the other one. The beheercode of one of its rounds as proof joins it."""
    base, db_path = server
    main = page.locator('[data-testid="stMain"]')
    open_new_round_form(page, base)
    pick_organisation(page, "Staat er niet", "Staat er niet bij: zelf de naam invullen")
    page.get_by_label("Naam van de organisatie").fill("Demogemeente Lindewaard")
    page.get_by_label("Titel van de ronde").fill("Zonder bewijs")
    wait_for_app(page)
    intruder = _organisation_of(db_path, create_round(page))
    assert intruder.name == "Demogemeente Lindewaard" and not intruder.demo  # a new one, same name

    page.locator('[data-testid="stSidebarNav"]').get_by_text("Organisatie", exact=True).click()
    wait_for_app(page)
    expect(main.get_by_role("heading", name="Demogemeente Lindewaard")).to_be_visible()
    expect(main).to_contain_text("Er zijn nog geen rondes met antwoorden.")
    expect(main).not_to_contain_text("Quick Scan voorjaar 2025")  # the demo's earlier round
    shot(page, "organisations-06-fresh-round-sees-no-history")
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Verbeteragenda", exact=True).click()
    page.get_by_text("Acties van deze ronde").wait_for()
    wait_for_app(page)
    expect(main).to_contain_text("Er zijn geen acties van eerder die nog lopen.")
    expect(main).not_to_contain_text("Raadsinformatie in gewone taal")  # the demo's action

    # with the beheercode of one of its rounds as proof, the next round joins the demo organisation
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Scan beheren", exact=True).click()
    wait_for_app(page)
    page.get_by_text("Nieuwe ronde maken", exact=True).click()
    wait_for_app(page)
    pick_organisation(page, "Staat er niet", "Staat er niet bij: zelf de naam invullen")
    page.get_by_label("Naam van de organisatie").fill("Demogemeente Lindewaard")
    proof = "Beheercode van een eerdere ronde of organisatiecode (niet verplicht)"
    page.get_by_role("textbox", name=proof, exact=True).fill(DEMO_BEHEERCODE)
    page.get_by_label("Titel van de ronde").fill("Met bewijs")
    wait_for_app(page)
    joined = _organisation_of(db_path, create_round(page))
    assert joined.demo and joined.id != intruder.id

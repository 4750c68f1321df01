"""The inclusiviteit journey in a real browser (issue 4).

A facilitator registers a process and starts an assessment filled in apart; two assessors join with
the link in their own browser contexts and answer separately (one says *ja*, the other *nee* on the
same criterion); the facilitator sees the result with traffic lights (colour and word), the to-do list
and the flagged disagreement; then re-assesses the process together and sees under "Door de tijd"
what improved and what fell back.
"""

from __future__ import annotations

import re

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dia_scan.checklist import service as checklists
from dia_scan.core.catalog import load_catalog

from .conftest import click_button, pick_organisation, scroll_to, select_option, shot, wait_for_app

CHECKLIST = checklists.checklist_of(load_catalog())
DIMS = CHECKLIST.dimensions
N_DIMS = len(DIMS)
PROCESS = "Wijkvisie Proefdorp-Noord"


def _criterion(dim: int, number: int) -> str:
    return DIMS[dim].criteria[number].text


def _new_page(browser, width: int = 1280, height: int = 900):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def _main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def _choose(page, option: str, group=None) -> None:
    """Pick a segmented-control/pills option (role "radio") and wait until it shows as chosen.

    A click can land on an element that a rerun is replacing: try again with short timeouts.
    """
    scope = group if group is not None else page
    for _ in range(4):
        try:
            scope.get_by_role("radio", name=option, exact=True).first.click(timeout=5_000)
            scope.get_by_role("radio", name=option, exact=True).and_(
                page.locator('[aria-checked="true"]')
            ).first.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            wait_for_app(page)
    else:
        raise AssertionError(f"could not choose {option!r}")
    wait_for_app(page)


def _select(page, label: str, option: str) -> None:
    select_option(page, label, option)


def _answer(page, dim: int, number: int, option: str) -> None:
    group = page.get_by_role("radiogroup", name=f"Antwoord bij: {_criterion(dim, number)}", exact=True)
    _choose(page, option, group)


def _fill_in(page, answers: dict[int, list[tuple[int, str]]], finish_label: str) -> None:
    """Go through every dimension screen, answering the given criteria; press finish on the last one."""
    for dim in range(N_DIMS):
        page.get_by_text(f"Dimensie {dim + 1} van {N_DIMS}").first.wait_for()
        page.get_by_text(f"{dim + 1}. {DIMS[dim].title}", exact=True).wait_for()
        wait_for_app(page)
        for number, option in answers.get(dim, []):
            _answer(page, dim, number, option)
        if dim < N_DIMS - 1:
            click_button(page, "Volgende")
    click_button(page, finish_label)


def _register(page, base: str) -> tuple[str, str, str]:
    """Register a process through the form (mode apart); returns (join code, beheercode, link)."""
    page.goto(f"{base}/inclusiviteit")
    page.get_by_role("button", name="Vastleggen en beginnen").wait_for()
    wait_for_app(page)
    pick_organisation(page, "Staat er niet", "Staat er niet bij: zelf de naam invullen")
    page.get_by_role("textbox", name="Naam van de organisatie", exact=True).fill("Gemeente Proefdorp")
    page.get_by_role("textbox", name="Naam van het proces", exact=True).fill(PROCESS)
    page.get_by_role("textbox", name="Korte beschrijving", exact=True).fill(
        "Samen met bewoners een visie op de wijk maken."
    )
    _select(page, "Fase", "voorbereiding")
    _select(page, "Hoeveel invloed krijgen deelnemers?", "raadplegen")
    page.get_by_role("textbox", name="Doelgroepen", exact=True).fill("jongeren, ouderen, huurders")
    page.get_by_text(checklists.MODES["apart"], exact=True).click()
    shot(page, "inclusiviteit-01-register")
    page.get_by_role("button", name="Vastleggen en beginnen").click()
    page.get_by_text("De checklist is klaar om in te vullen.").wait_for()
    page.get_by_text("Nog niemand is begonnen.").wait_for()
    wait_for_app(page)
    shot(page, "inclusiviteit-02-codes-and-invitation")
    page.locator('[data-testid="stCode"]').nth(2).wait_for()
    code_blocks = [t.strip() for t in page.locator('[data-testid="stCode"]').all_inner_texts()]
    join_code, beheercode = code_blocks[0], code_blocks[1]
    link = next(t for t in code_blocks if "/inclusiviteit?code=" in t)
    assert re.fullmatch(r"[A-Z0-9]{8}", join_code), code_blocks
    assert len(beheercode.replace("-", "")) == 14, code_blocks
    assert link == f"{base}/inclusiviteit?code={join_code}"
    assert f"{join_code[:4]} {join_code[4:]}" in _main_text(page)
    return join_code, beheercode, link


def _assess_apart(browser, link: str, label: str, answers, screenshot: str | None = None):
    context, page = _new_page(browser, 390, 844)  # a phone
    page.goto(link)
    page.get_by_role("button", name="Beginnen").wait_for()
    wait_for_app(page)
    assert PROCESS in _main_text(page)
    click_button(page, "Beginnen")
    page.get_by_text(f"U bent {label}. Dit is uw hervatcode:").wait_for()
    wait_for_app(page)
    assert "resume=" in page.url
    if screenshot:
        shot(page, screenshot)
    _fill_in(page, answers, "Klaar")
    page.get_by_text("Bedankt! Uw antwoorden zijn bewaard.").wait_for()
    wait_for_app(page)
    return context, page


def test_inclusiviteit_journey(server, browser):
    base, _ = server
    facilitator_context, facilitator = _new_page(browser, 1366, 900)
    join_code, beheercode, link = _register(facilitator, base)
    click_button(facilitator, "Ik heb de codes bewaard")
    facilitator.get_by_text("De checklist is klaar om in te vullen.").wait_for(state="detached")
    assert beheercode not in _main_text(facilitator)  # shown once

    # two assessors fill in apart; they disagree (ja vs nee) on the first criterion
    disputed = _criterion(0, 0)
    first_ctx, first = _assess_apart(
        browser,
        link,
        "Beoordelaar 1",
        {0: [(0, "Ja"), (1, "Ja")], 1: [(0, "Deels")], 2: [(0, "Nee")]},
        screenshot="inclusiviteit-03-assessor-phone",
    )
    shot(first, "inclusiviteit-04-assessor-done")
    second_ctx, _ = _assess_apart(
        browser, link, "Beoordelaar 2", {0: [(0, "Nee"), (1, "Ja")], 1: [(0, "Deels")], 2: [(0, "Nee")]}
    )

    # the facilitator: the result with traffic lights, the to-do list and the flagged disagreement
    _choose(facilitator, "Resultaat")
    facilitator.get_by_text("Gespreksstarters").wait_for()
    wait_for_app(facilitator)
    body = _main_text(facilitator)
    assert "2 beoordelaars met antwoorden, 2 klaar" in body
    # dimension 1: (50 + 100) / 2 = 75 groen; dimension 2: 50 oranje; dimension 3: 0 rood
    # colour, shape (the icon, its ligature name in innerText) and word
    assert f"{DIMS[0].title} · 75 check_circle Groen: gaat goed" in body, body
    assert f"{DIMS[1].title} · 50 error Oranje: kan beter" in body, body
    assert f"{DIMS[2].title} · 0 cancel Rood: hier is werk nodig" in body, body
    badge_colours = facilitator.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMain"] span')]
                 .filter(s => /(Groen|Oranje|Rood):/.test(s.innerText))
                 .map(s => getComputedStyle(s).backgroundColor)
                 .filter(c => c !== 'rgba(0, 0, 0, 0)')"""
    )
    assert len(set(badge_colours)) >= 3, badge_colours  # three different colours, not only words
    todo = body.split("Wat kan beter", 1)[1].split("Gespreksstarters", 1)[0]
    assert disputed in todo and _criterion(1, 0) in todo and _criterion(2, 0) in todo
    assert _criterion(0, 1) not in todo  # ja from both: nothing to do
    talk = body.split("Gespreksstarters", 1)[1].split("Tips om verder te komen", 1)[0]
    assert "Hier zei de een ja en de ander nee" in talk
    assert disputed in talk and "Beoordelaar 1: ja" in talk and "Beoordelaar 2: nee" in talk
    assert _criterion(2, 0) not in talk  # nee from both is no disagreement
    scroll_to(facilitator.get_by_text("Per dimensie", exact=True), facilitator)
    shot(facilitator, "inclusiviteit-05-result-lights")
    scroll_to(facilitator.get_by_text("Gespreksstarters", exact=True), facilitator)
    shot(facilitator, "inclusiviteit-06-result-disagreement")
    # the tips, as on Resultaten: each resource with where it comes from
    tips = body.split("Tips om verder te komen", 1)[1]
    assert "(bron: " in tips, tips[:500]
    scroll_to(facilitator.get_by_text("(bron: ").last, facilitator)
    shot(facilitator, "inclusiviteit-06b-result-tips")

    # re-assess together, some months later: two criteria go up, one falls back
    _choose(facilitator, "Opnieuw beoordelen")
    facilitator.get_by_role("button", name="Nieuwe beoordeling starten").wait_for()
    wait_for_app(facilitator)
    facilitator.get_by_role("textbox", name="Titel (mag leeg blijven)", exact=True).fill("Na de zomer")
    facilitator.get_by_text(checklists.MODES["samen"], exact=True).click()
    click_button(facilitator, "Nieuwe beoordeling starten")
    facilitator.get_by_text("De checklist is klaar om in te vullen.").wait_for()
    facilitator.get_by_text("U vult de checklist samen in.").wait_for()
    wait_for_app(facilitator)
    click_button(facilitator, "Ik heb de codes bewaard")
    facilitator.get_by_text("De checklist is klaar om in te vullen.").wait_for(state="detached")
    shot(facilitator, "inclusiviteit-07-together")
    _fill_in(
        facilitator,
        {0: [(0, "Ja"), (1, "Deels")], 1: [(0, "Ja")], 2: [(0, "Nee")]},
        "Klaar: naar het resultaat",
    )
    facilitator.get_by_text("Gespreksstarters").wait_for()
    facilitator.get_by_text("Nergens zei de een ja en de ander nee.").wait_for()
    wait_for_app(facilitator)
    body = _main_text(facilitator)
    assert "1 beoordelaar met antwoorden, 1 klaar" in body
    # overall before (75 + 50 + 0) / 3 = 41.7 -> 42; after (75 + 100 + 0) / 3 = 58.3 -> 58
    metric = facilitator.locator('[data-testid="stMetric"]').first.inner_text()
    assert "58" in metric and "+16 sinds Beoordeling 1" in metric, (metric, body)
    scroll_to(facilitator.locator('[data-testid="stMetric"]').first, facilitator)
    shot(facilitator, "inclusiviteit-08-result-after")

    _choose(facilitator, "Door de tijd")
    facilitator.get_by_text("Beter geworden").wait_for()
    wait_for_app(facilitator)
    body = _main_text(facilitator)
    better = body.split("Beter geworden", 1)[1].split("Teruggevallen", 1)[0]
    worse = body.split("Teruggevallen", 1)[1]
    assert f"{disputed} (50 → 100)" in better and f"{_criterion(1, 0)} (50 → 100)" in better, better
    assert f"{_criterion(0, 1)} (100 → 50)" in worse, worse
    assert _criterion(2, 0) not in better + worse  # nee both times: no change
    total = facilitator.locator('[data-testid="stMetric"]').first.inner_text()
    assert "Na de zomer" in total and "58" in total and "+16 punten" in total, total
    scroll_to(facilitator.get_by_text("Beter geworden"), facilitator)
    shot(facilitator, "inclusiviteit-09-over-time")

    for ctx in (first_ctx, second_ctx, facilitator_context):
        ctx.close()

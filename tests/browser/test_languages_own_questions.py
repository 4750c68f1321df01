"""On a phone, in Frysk and in English: a round's ready-made maatwerkvraag is asked in the participant's
language and a typed one in Dutch with a word saying so; an assessor of the checklist reads the phase of
the process in Frysk (issues 17 and 18)."""

from __future__ import annotations

import pytest

from dia_scan import storage
from dia_scan.core.catalog import load_catalog
from dia_scan.quickscan import languages, rounds
from tests.builders import new_assessment

from .conftest import click_button, shot, wait_for_app
from .test_languages import WORDS, _lang_is, _step

TYPED = "De gemeente legt goed uit wat er met deze scan gebeurt."
#: What the participant is told under the typed question.
TYPED_NOTE = {
    "fy": "De organisaasje hat dizze fraach sels skreaun, yn it Nederlânsk.",
    "en": "The organisation wrote this question itself, in Dutch.",
}


def _round_with_own_questions(db_path) -> tuple[str, dict]:
    """A gemeente round in Dutch, Frysk and English with two ready-made questions and a typed one:
    (join code, the ready-made questions by id)."""
    catalog = load_catalog()
    ready = {q.id: q for q in catalog.get("quickscan-gemeente").suggested_custom_questions}
    db = storage.connect(db_path)
    try:
        created = rounds.create_round(
            db,
            catalog,
            organisation_id=storage.list_organisations(db)[0].id,
            instrument_id="quickscan-gemeente",
            title="Eigen vragen in drie talen",
            custom_questions=[
                ready["mw_kernen_eigen"].as_custom_question(),
                {"kind": "stelling", "text": TYPED, "groups": []},
                ready["mw_kernen_open"].as_custom_question(),
            ],
        )
        languages.set_languages(db, created.permit, ["nl", "fy", "en"])
    finally:
        db.close()
    return created.join_code, ready


def _main(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


@pytest.mark.parametrize("language", ["fy", "en"])
def test_a_participant_reads_a_ready_made_question_in_their_language_on_a_phone(server, browser, language):
    base, db_path = server
    code, ready = _round_with_own_questions(db_path)
    own_statement = ready["mw_kernen_eigen"].translation(language)["text"]
    own_open = ready["mw_kernen_open"].translation(language)["text"]
    words = WORDS[language]
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{base}/meedoen?code={code}&lang={language}")
        page.get_by_text(words["choose"]).first.wait_for()
        wait_for_app(page)
        page.get_by_text(words["group"], exact=True).click()
        click_button(page, words["begin"])
        page.get_by_role("button", name=words["start"]).wait_for()
        wait_for_app(page)
        click_button(page, words["start"])
        for _ in range(20):  # on to the screen with the round's own statements
            now, total = _step(page, language)
            if own_statement in _main(page):
                break
            click_button(page, words["next"])
            page.get_by_text(words["step"].format(now=now + 1, total=total)).first.wait_for()
            wait_for_app(page)
        text = _main(page)
        assert own_statement in text and ready["mw_kernen_eigen"].text not in text
        assert TYPED in text and text.count(TYPED_NOTE[language]) == 1
        _lang_is(page, language)
        page.get_by_text(TYPED).first.scroll_into_view_if_needed()
        shot(page, f"own-questions-{language}-1-statements")
        for _ in range(3):  # on to the open questions
            now, total = _step(page, language)
            if own_open in _main(page):
                break
            click_button(page, words["next"])
            page.get_by_text(words["step"].format(now=now + 1, total=total)).first.wait_for()
            wait_for_app(page)
        text = _main(page)
        assert own_open in text and ready["mw_kernen_open"].text not in text
        assert TYPED_NOTE[language] not in text
        page.get_by_text(own_open).first.scroll_into_view_if_needed()
        shot(page, f"own-questions-{language}-2-open")
    finally:
        context.close()


def test_an_assessor_reads_the_phase_in_frysk_on_a_phone(server, browser):
    base, db_path = server
    catalog = load_catalog()
    checklist = catalog.get("inclusiviteit")
    db = storage.connect(db_path)
    try:
        _, created = new_assessment(
            db,
            catalog,
            storage.list_organisations(db)[0].id,
            name="Omjouwingsfisy",
            mode="apart",
            languages=("nl", "fy"),
            phase="voorbereiding",
        )
    finally:
        db.close()
    later = next(
        i
        for i, d in enumerate(checklist.dimensions)
        if any(not c.applies_in("voorbereiding") for c in d.criteria)
    )
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{base}/inclusiviteit?code={created.join_code}&lang=fy")
        page.get_by_role("button", name="Begjinne").wait_for()
        wait_for_app(page)
        click_button(page, "Begjinne")
        page.get_by_text("Diminsje 1 fan").first.wait_for()
        wait_for_app(page)
        for number in range(2, later + 2):
            click_button(page, "Folgjende")
            page.get_by_text(f"Diminsje {number} fan").first.wait_for()
            wait_for_app(page)
        note = page.get_by_text("Dit heart by in lettere faze as tarieding.").first
        note.wait_for()
        assert "voorbereiding" not in _main(page)
        _lang_is(page, "fy")
        note.scroll_into_view_if_needed()
        shot(page, "own-questions-fy-3-assessor-phase")
    finally:
        context.close()

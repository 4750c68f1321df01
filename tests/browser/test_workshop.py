"""The workshop journey in a real browser (issue 3).

A facilitator creates a round; participants join with the code in separate browser contexts as raad,
college and inwoners (one leaves and resumes with the resume code on a "new device"); the live view
shows the count rising without a reload; the results page shows the radar with the shown groups, and
the college (one person, under k) is absent everywhere.
"""

from __future__ import annotations

import re

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dia_scan import storage
from dia_scan.quickscan import rounds

from .conftest import click_button as _click_button
from .conftest import create_round, open_new_round_form, pick_organisation, shot, wait_for_app

ORG = "Gemeente Proefdorp"


def _click_nav(page, title: str) -> None:
    """Navigate inside the app (keeps the Streamlit session, unlike page.goto)."""
    page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
    wait_for_app(page)


def _create_round(page, base: str) -> tuple[str, str]:
    open_new_round_form(page, base)
    pick_organisation(page, "Staat er niet", "Staat er niet bij: zelf de naam invullen")
    page.get_by_label("Naam van de organisatie").fill(ORG)
    page.get_by_label("Titel van de ronde").fill("Werkplaats november")
    k_input = page.get_by_role("spinbutton", name="Anonimiteitsgrens (k)")
    k_input.fill("3")
    k_input.press("Enter")
    wait_for_app(page)
    shot(page, "workshop-01-new-round-form")
    join_code = create_round(page)
    shot(page, "workshop-02-round-created")
    beheercode = page.locator('[data-testid="stCode"]').first.inner_text().strip()
    return join_code, beheercode


def _seed(db_path, join_code: str) -> None:
    """Three raad members and three inwoners who answered on paper, entered through the service."""
    db = storage.connect(db_path)
    round_row = rounds.find_round(db, join_code)
    instrument = rounds.round_instrument(db, round_row)
    for group, value in [
        ("raad", 4),
        ("raad", 3),
        ("raad", 4),
        ("inwoners", 2),
        ("inwoners", 2),
        ("inwoners", 3),
    ]:
        answers = {s.id: value for _, s in instrument.statements_for(group)}
        about = {"leeftijd": "65-plus"} if group == "inwoners" and value == 2 else {}
        draft = {"answers": answers, "priorities": [], "open": {}, "background": about}
        rounds.submit_complete(db, round_row, group, draft)
    db.conn.close()


def _join(browser, base: str, join_code: str, group_label: str, cookies: tuple[dict, ...] = ()):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    context.add_cookies(list(cookies))
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{base}/meedoen?code={join_code}")
    page.get_by_text("Kies uw groep").wait_for()
    wait_for_app(page)
    page.get_by_text(group_label, exact=True).click()
    page.get_by_role("button", name="Beginnen").click()
    page.get_by_role("button", name="Start de vragenlijst").wait_for()
    wait_for_app(page)
    resume_code = page.locator('[data-testid="stCode"]').first.inner_text().strip()
    page.get_by_role("button", name="Start de vragenlijst").click()
    wait_for_app(page)
    return context, page, resume_code


def _step(page) -> tuple[int, int]:
    text = page.get_by_text(re.compile(r"Stap \d+ van \d+")).first.inner_text()
    now, total = re.search(r"Stap (\d+) van (\d+)", text).groups()
    return int(now), int(total)


def _pick(page, option: str, required: bool = False) -> None:
    """Tap the first answer pill with this label on the screen (a required one must be there).

    The screen's heading can be on the page before its pills: wait for the run to end before
    deciding that a screen has no pill, and fail loudly when a required pick did not stick.
    """
    wait_for_app(page)
    picked = False
    for _ in range(3):  # a click can land on an element that a rerun is replacing: try again
        pill = page.get_by_role("radio", name=option, exact=True).first
        if required:
            pill.wait_for()
        elif not pill.count():
            break
        try:
            pill.click(timeout=5_000)
            page.wait_for_function(
                """(label) => [...document.querySelectorAll('[role=radio][aria-checked=true]')]
                             .some(e => e.innerText.trim() === label)""",
                arg=option,
                timeout=5_000,
            )
            picked = True
            break
        except PlaywrightTimeout:
            wait_for_app(page)
    wait_for_app(page)
    assert picked or not required, f"could not pick {option!r}"


def _answer_step(page, option: str) -> None:
    """Answer the first statement of this screen (if it has statements) and go to the next screen.

    Every wait is for the screen to show the new state: Streamlit reruns over a websocket, so a click
    right after another can land on a screen that is about to be replaced.
    """
    now, _ = _step(page)
    _pick(page, option)
    _click_button(page, "Volgende")
    page.get_by_text(f"Stap {now + 1} van").first.wait_for()
    wait_for_app(page)


def _finish(page, option: str, typed: str | None = None, about: str | None = None) -> None:
    page.get_by_text(re.compile(r"Stap \d+ van \d+")).first.wait_for()
    while True:
        now, total = _step(page)
        if now == total:
            break
        body = page.locator('[data-testid="stMain"]').inner_text()
        if "Uw eigen woorden" in body and typed:
            box = page.locator("textarea").first
            box.fill(typed)
            box.blur()
            wait_for_app(page)
        if about and page.get_by_role("heading", name="Over u", exact=True).count():
            # the optional questions about yourself: answer one, skip the rest
            _pick(page, about, required=True)
            shot(page, "workshop-06-phone-over-u")
            _answer_step(page, "(geen)")
            continue
        _answer_step(page, option)
    page.get_by_text("Controleren en versturen").wait_for()
    if about:  # the review lists the answer about yourself before it is sent
        page.locator('[data-testid="stMain"]').get_by_text(about).first.wait_for()
    _click_button(page, "Versturen")
    page.get_by_text("Bedankt!").wait_for()


def _wait_for_count(page, n: int) -> None:
    """Live's line of counts says "<n> ingevuld"."""
    page.wait_for_function(
        """(n) => [...document.querySelectorAll('.dia-live-counts')].some(line =>
                 line.innerText.trim().startsWith(n + ' ingevuld'))""",
        arg=n,
        timeout=30_000,
    )


def test_workshop_journey(server, browser):
    base, db_path = server
    facilitator_context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="nl-NL")
    facilitator = facilitator_context.new_page()
    facilitator.set_default_timeout(30_000)
    join_code, beheercode = _create_round(facilitator, base)
    assert len(join_code) == 8 and len(beheercode.replace("-", "")) == 14
    _seed(db_path, join_code)

    # the projector: live view, opened inside the same session (the beheercode was granted)
    _click_nav(facilitator, "Live")
    facilitator.get_by_text("Deze pagina ververst zichzelf").wait_for()
    # wait until Live's own count shows the six
    _wait_for_count(facilitator, 6)
    shot(facilitator, "workshop-03-live-before")

    raad_ctx, raad, _ = _join(browser, base, join_code, "Raad")
    shot(raad, "workshop-04-phone-theme")
    _finish(raad, "Eens")

    # college leaves after one theme and resumes on another "device" with the resume code
    college_ctx, college, resume_code = _join(browser, base, join_code, "College")
    college.get_by_text("Stap 1 van").first.wait_for()
    _answer_step(college, "Helemaal eens")
    college_ctx.close()
    resumed_ctx = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    resumed = resumed_ctx.new_page()
    resumed.set_default_timeout(30_000)
    resumed.goto(f"{base}/meedoen")
    resumed.get_by_label("Hervatcode").wait_for()
    resumed.get_by_label("Hervatcode").fill(resume_code)
    resumed.get_by_role("button", name="Verder gaan").click()
    resumed.get_by_text("Stap 2 van").first.wait_for()
    shot(resumed, "workshop-05-resumed")
    _finish(resumed, "Helemaal eens")

    inwoner_ctx, inwoner, _ = _join(browser, base, join_code, "Inwoners")
    _finish(inwoner, "Oneens", typed="<script>alert('x')</script> **vet**", about="65 jaar of ouder")
    shot(inwoner, "workshop-06-thanks")

    # the live count rose by itself (st.fragment run_every), without a reload
    _wait_for_count(facilitator, 9)
    shot(facilitator, "workshop-07-live-after")

    # results: radar with the shown groups; the college (1 person, under k = 3) appears nowhere
    _click_nav(facilitator, "Resultaten")
    facilitator.get_by_role("tab", name="Per thema").wait_for()
    facilitator.locator(".js-plotly-plot").first.wait_for()
    wait_for_app(facilitator)
    # the live page's radar may linger while the new page renders: wait for the results radar
    facilitator.wait_for_function(
        """() => [...document.querySelectorAll('.js-plotly-plot')]
                 .some(p => (p.data || []).some(t => (t.name || '').startsWith('Binnenkant')))"""
    )
    names = facilitator.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(p => (p.data || []).map(t => t.name))"
    )
    assert any(n.startswith("Binnenkant (samengevoegd)") for n in names), names
    assert any(n.startswith("Inwoners") for n in names), names
    assert not any(n.startswith(("College", "Raad")) for n in names), names
    shot(facilitator, "workshop-08-results")
    facilitator.get_by_role("tab", name="Open antwoorden").click()
    typed = facilitator.get_by_text("<script>alert('x')</script> **vet**", exact=True)
    typed.wait_for()  # typed text is shown as text: the tags and asterisks are visible
    assert facilitator.locator("script", has_text="alert('x')").count() == 0
    shot(facilitator, "workshop-09-open-answers")
    # who took part: three inwoners (k = 3) said they are 65 or older, two in the app and on paper
    facilitator.get_by_role("tab", name="Wie deden mee").click()
    facilitator.get_by_text("Inwoners: het vaakst gekozen is ‘65 jaar of ouder’ (75%).").wait_for()
    shot(facilitator, "workshop-10-who-took-part")

    db = storage.connect(db_path)
    row = storage.get_round_by_code(db, join_code)
    assert storage.group_counts(db, row.id) == {
        "raad": {"started": 4, "submitted": 4},
        "college": {"started": 1, "submitted": 1},
        "inwoners": {"started": 4, "submitted": 4},
    }
    for ctx in (raad_ctx, resumed_ctx, inwoner_ctx, facilitator_context):
        ctx.close()

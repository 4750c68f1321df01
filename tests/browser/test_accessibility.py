"""Accessibility in a real browser (issue 7, point 5).

Every page is checked with axe-core (WCAG 2.1 A and AA rules; no serious or critical violations), the
participant flow is done with the keyboard only, and on a 375 px wide phone it does not scroll sideways.
axe-core is the npm package pinned in package.json (``make test`` runs ``npm install`` when it is missing).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from dia_scan import storage
from dia_scan.quickscan import feedback
from tests.conftest import round_permit

from .conftest import ROOT, scroll_to, shot, wait_for_app

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BEHEERCODE = "DEMO-BEHEERCODE"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Violations in Streamlit's own markup, which this app cannot change. Each is excluded narrowly:
# (rule id, CSS selector of the offending node) -> why.
STREAMLIT_MARKUP: dict[tuple[str, str], str] = {
    # The sidebar navigation with sections (st.navigation with a dict of pages) puts each section's
    # header <div> and its <li> items in a wrapper <div> directly inside the <ul>; we only pass the pages.
    ("list", '[data-testid="stSidebarNavItems"]'): "Streamlit's sectioned sidebar navigation",
    ("listitem", '[data-testid="stSidebarNavItems"]'): "Streamlit's sectioned sidebar navigation",
}

pytestmark = pytest.mark.skipif(
    not AXE.exists(), reason="axe-core is not installed: run `npm install` (make test does)"
)


def _rounds(db_path) -> list[dict]:
    db = storage.connect(db_path)
    try:
        return storage.list_rounds(db)
    finally:
        db.close()


def _open_round(db_path) -> dict:
    return next(r for r in _rounds(db_path) if not r.closed_at)


def _closed_round(db_path) -> dict:
    return next(r for r in _rounds(db_path) if r.closed_at)


def _serious(page) -> list[dict]:
    """The serious and critical axe violations on the page as it is now (minus Streamlit's own)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_AA,
    )
    found = []
    for violation in result["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        nodes = [
            n
            for n in violation["nodes"]
            if not any(
                rule == violation["id"] and page.locator(selector).count() and _matches(page, n, selector)
                for rule, selector in STREAMLIT_MARKUP
            )
        ]
        if nodes:
            found.append({**violation, "nodes": nodes})
    return found


def _matches(page, node: dict, selector: str) -> bool:
    target = node["target"][0] if node["target"] else ""
    return bool(
        page.evaluate(
            "([t, s]) => { const e = document.querySelector(t); return !!e && !!e.closest(s); }",
            [target, selector],
        )
    )


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for n in v["nodes"][:5]:
            lines.append(f"    {n['target']}  {n['html'][:160]}")
            summary = (n.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def _check(page, name: str) -> None:
    wait_for_app(page)
    page.wait_for_timeout(300)  # let plotly and the data grids finish drawing
    wait_for_app(page)
    shot(page, f"a11y-{name}")
    violations = _serious(page)
    assert not violations, f"axe on {name}:\n{_describe(violations)}"


def _goto(page, url: str, text: str) -> None:
    page.goto(url)
    page.get_by_text(text).first.wait_for()
    wait_for_app(page)


def _click_nav(page, title: str, text: str) -> None:
    """Navigate inside the app (keeps the Streamlit session and the granted beheercode)."""
    page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
    page.get_by_text(text).first.wait_for()
    wait_for_app(page)


def _join(page, base: str, code: str, name: str) -> None:
    """Open the join link, choose the raad, and reach the first theme screen (checking each screen)."""
    _goto(page, f"{base}/meedoen?code={code}", "Kies uw groep")
    _check(page, f"{name}-group")
    page.get_by_text("Raad", exact=True).click()
    page.get_by_role("button", name="Beginnen").click()
    page.get_by_role("button", name="Start de vragenlijst").wait_for()
    wait_for_app(page)
    _check(page, f"{name}-start")
    page.get_by_role("button", name="Start de vragenlijst").click()
    page.get_by_text(re.compile(r"Stap 1 van \d+")).first.wait_for()
    page.get_by_role("radio").first.wait_for()
    wait_for_app(page)
    _check(page, f"{name}-theme")


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/", "Organisaties en rondes"),
        ("/meedoen", "Hervatcode"),
        ("/inclusiviteit", "Hoe inclusief is dit proces?"),
        ("/organisatie", "Beheercode"),  # the login screen
        ("/vergelijken", "[coordinators]"),  # how to set up coordinator accounts
    ],
)
def test_public_pages_pass_axe(server, page, path, text):
    base, _ = server
    _goto(page, base + path, text)
    _check(page, "page-" + (path.strip("/") or "start"))


def test_participant_flow_passes_axe(server, page):
    base, db_path = server
    _join(page, base, _open_round(db_path).join_code, "participant")


def test_terugkoppeling_passes_axe(server, page):
    base, db_path = server
    round_row = _closed_round(db_path)
    db = storage.connect(db_path)
    try:
        feedback.set_summary_published(db, round_permit(round_row), True)
    finally:
        db.close()
    _goto(page, f"{base}/terugkoppeling?code={round_row.join_code}", "De uitkomst in het kort")
    page.locator(".js-plotly-plot").first.wait_for()
    _check(page, "terugkoppeling")


def test_facilitator_pages_pass_axe(server, page):
    """Log in once on Scan beheren, then visit the pages behind the beheercode in the same session."""
    base, db_path = server
    round_row = _open_round(db_path)
    _goto(page, f"{base}/beheren", "Nieuwe ronde")
    _check(page, "beheren-new-round")
    page.get_by_text("Ronde beheren", exact=True).click()
    page.get_by_label("Deelnamecode").fill(round_row.join_code)
    page.get_by_label("Beheercode").fill(BEHEERCODE)
    page.get_by_role("button", name="Openen").click()
    page.get_by_text("Een andere ronde openen").wait_for()
    wait_for_app(page)
    _check(page, "beheren")
    page.get_by_text("Papieren formulieren invoeren", exact=True).click()
    page.get_by_text("Vragenlijst voor de groep").wait_for()
    wait_for_app(page)
    _check(page, "beheren-paper-forms")

    _click_nav(page, "Live", "Deze pagina ververst zichzelf")
    page.locator(".dia-live-counts").first.wait_for()
    _check(page, "live")

    _click_nav(page, "Resultaten", "Scores per thema")
    page.locator(".js-plotly-plot").first.wait_for()
    _check(page, "resultaten")
    for tab in ["Per thema", "Prioriteiten", "Open antwoorden", "Verbetertips", "Wie deden mee"]:
        page.get_by_role("tab", name=tab).click()
        wait_for_app(page)
        _check(page, "resultaten-" + tab.lower().replace(" ", "-"))

    _click_nav(page, "Verbeteragenda", "Acties van deze ronde")
    _check(page, "verbeteragenda")

    _click_nav(page, "Organisatie", "Wat er na de vorige ronde is afgesproken")
    page.locator(".js-plotly-plot").first.wait_for()
    _check(page, "organisatie")
    # who took part, round by round: a chart with a bar per round in a panel per group
    page.wait_for_function(
        """() => [...document.querySelectorAll('.js-plotly-plot')]
                 .some(p => (p.data || []).some(t => (t.name || '').replace(/<br>/g, ' ') === 'Jonger dan 18 jaar'))"""
    )
    section = page.get_by_text("Wie deden mee, per ronde", exact=True)
    scroll_to(section, page)
    section.evaluate("e => e.scrollIntoView({block: 'start'})")
    shot(page, "organisatie-wie-deden-mee")


# -- keyboard only --------------------------------------------------------------------------------

_FOCUSED = {
    "input": "(label) => document.activeElement?.getAttribute('aria-label') === label",
    "radio": """(label) => { const e = document.activeElement;
                 return !!e && e.type === 'radio' && !!e.closest('label')?.innerText.includes(label); }""",
    "pill": """(label) => { const e = document.activeElement;
                return !!e && e.getAttribute('role') === 'radio' && e.innerText.trim() === label; }""",
    "button": """(label) => { const e = document.activeElement;
                  return !!e && e.tagName === 'BUTTON'
                         && e.innerText.split('\\n').some(line => line.trim() === label); }""",
}


def _tab_to(page, kind: str, label: str, limit: int = 80) -> None:
    """Press Tab until the element of this kind and label has the focus (as a keyboard user would)."""
    for _ in range(limit):
        if page.evaluate(_FOCUSED[kind], label):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{kind} {label!r} not reached with Tab in {limit} presses")


def test_participant_flow_with_the_keyboard_only(server, page):
    base, db_path = server
    _goto(page, f"{base}/meedoen", "Hervatcode")

    _tab_to(page, "input", "Deelnamecode")
    page.keyboard.type(_open_round(db_path).join_code)
    page.keyboard.press("Enter")  # submits the form
    page.get_by_text("Kies uw groep").wait_for()
    wait_for_app(page)

    _tab_to(page, "radio", "Raad")
    page.keyboard.press("Space")
    page.wait_for_function("() => [...document.querySelectorAll('input[type=radio]')].some(r => r.checked)")
    wait_for_app(page)
    _tab_to(page, "button", "Beginnen")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Start de vragenlijst").wait_for()
    wait_for_app(page)

    _tab_to(page, "button", "Start de vragenlijst")
    page.keyboard.press("Enter")
    page.get_by_text(re.compile(r"Stap 1 van \d+")).first.wait_for()
    page.get_by_role("radio").first.wait_for()
    wait_for_app(page)

    # the answers of a statement are one radio group: Tab reaches its first option, the arrows the others
    _tab_to(page, "pill", "Helemaal oneens")
    for _ in range(6):
        if page.evaluate(_FOCUSED["pill"], "Eens"):
            break
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[role=radio][aria-checked=true]')]"
        ".some(e => e.innerText.trim() === 'Eens')"
    )
    wait_for_app(page)
    step_2 = page.get_by_text(re.compile(r"Stap 2 van \d+")).first
    for attempt in range(3):  # a rerun under load can replace the focused button and swallow the key
        _tab_to(page, "button", "Volgende")
        page.keyboard.press("Enter")
        try:
            step_2.wait_for(timeout=15_000)
            break
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise
            wait_for_app(page)
    shot(page, "a11y-keyboard-step-2")


# -- a 375 px phone -------------------------------------------------------------------------------


def _no_sideways_scrolling(page, name: str) -> None:
    wait_for_app(page)
    page.wait_for_timeout(300)
    shot(page, f"a11y-phone-{name}")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375, f"{name}: the page is {width} px wide on a 375 px screen"


def test_participant_flow_on_a_375_px_phone(server, browser):
    base, db_path = server
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        _goto(page, f"{base}/meedoen", "Hervatcode")
        _no_sideways_scrolling(page, "1-entry")
        page.get_by_label("Deelnamecode").fill(_open_round(db_path).join_code)
        page.get_by_role("button", name="Verder", exact=True).click()
        page.get_by_text("Kies uw groep").wait_for()
        _no_sideways_scrolling(page, "2-group")
        page.get_by_text("Raad", exact=True).click()
        page.get_by_role("button", name="Beginnen").click()
        page.get_by_role("button", name="Start de vragenlijst").wait_for()
        _no_sideways_scrolling(page, "3-start")
        page.get_by_role("button", name="Start de vragenlijst").click()
        page.get_by_text(re.compile(r"Stap 1 van \d+")).first.wait_for()
        page.get_by_role("radio").first.wait_for()
        _no_sideways_scrolling(page, "4-theme")
        # Streamlit scrolls inside its main area, so a full-page shot ends at the screen: show the bottom too
        scroll_to(page.get_by_role("button", name="Volgende"), page)
        _no_sideways_scrolling(page, "5-theme-bottom")
        assert not _serious(page), _describe(_serious(page))
    finally:
        context.close()


#: The axe rules about the page's language (WCAG 3.1.1): the document has a lang, and it is a valid one.
LANGUAGE_RULES = ["html-has-lang", "html-lang-valid", "valid-lang"]


@pytest.mark.parametrize(
    ("path", "text", "language"),
    [
        ("/", "Organisaties en rondes", "nl"),
        ("/meedoen?lang=fy", "Dielnamekoade", "fy"),
        ("/meedoen?lang=en", "Participation code", "en"),
        ("/inclusiviteit", "Hoe inclusief is dit proces?", "nl"),
    ],
)
def test_the_page_language_rules_run_and_pass(server, page, path, text, language):
    base, _ = server
    _goto(page, base + path, text)
    page.wait_for_function("(l) => document.documentElement.lang === l", arg=language)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "(rules) => axe.run(document, {runOnly: {type: 'rule', values: rules}})", LANGUAGE_RULES
    )
    assert not result["violations"], _describe(result["violations"])
    passed = {rule["id"] for rule in result["passes"]}
    assert {"html-has-lang", "html-lang-valid"} <= passed  # they ran on <html>, not "inapplicable"
    # and they are among the rules of the page-wide check above (the WCAG 2.0 A tag)
    tagged = page.evaluate("(tags) => axe.getRules(tags).map(r => r.ruleId)", WCAG_AA)
    assert set(LANGUAGE_RULES) <= set(tagged)


def test_the_participant_flow_in_frysk_passes_axe(server, page):
    from dia_scan.quickscan import languages

    base, db_path = server
    round_row = _open_round(db_path)
    db = storage.connect(db_path)
    try:
        languages.set_languages(db, round_permit(round_row), ["nl", "fy"])
    finally:
        db.close()
    _goto(page, f"{base}/meedoen?code={round_row.join_code}&lang=fy", "Kies jo groep")
    _check(page, "participant-fy-group")
    page.get_by_text("Ried", exact=True).click()
    page.get_by_role("button", name="Begjinne").click()
    page.get_by_role("button", name="Begjin mei de fragelist").wait_for()
    wait_for_app(page)
    page.get_by_role("button", name="Begjin mei de fragelist").click()
    page.get_by_text(re.compile(r"Stap 1 fan \d+")).first.wait_for()
    page.get_by_role("radio").first.wait_for()
    wait_for_app(page)
    _check(page, "participant-fy-theme")

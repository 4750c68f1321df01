"""A coordinator logs in, filters and overlays two organisations, in a real browser.

This file starts its own server (the shared ``server`` fixture has no coordinator accounts): the demo
content plus a coordinator account in a TOML file that DIA_SCAN_COORDINATORS_FILE points at.
"""

from __future__ import annotations

import pytest

from dia_scan.compare import coordinators

from .conftest import running_app, shot, wait_for_app

pytestmark = pytest.mark.browser

NAME, PASSWORD = "anna", "een-goed-wachtwoord"


@pytest.fixture(scope="session")
def coordinator_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("coordinator_server")
    accounts = tmp / "coordinators.toml"
    accounts.write_text(
        f'[coordinators]\n{NAME} = "{coordinators.hash_password(PASSWORD)}"\n', encoding="utf-8"
    )
    with running_app(tmp, {"DIA_SCAN_COORDINATORS_FILE": str(accounts)}) as (base, _):
        yield base


def pick(page, label: str, option: str) -> None:
    """Choose an option in a Streamlit multiselect by its label."""
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text=label)
    box.locator("input").click()
    box.locator("input").press_sequentially(option[:12])  # typing opens the list, also when filled
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    wait_for_app(page)


def test_coordinator_filters_and_overlays_two_organisations(coordinator_server, page):
    base = coordinator_server
    page.goto(base)  # open the app first, so the navigation is set up before going to the page
    page.get_by_text("Demogemeente Lindewaard").first.wait_for()
    page.get_by_role("link", name="Vergelijken").last.click()
    page.get_by_label("Naam").wait_for()
    wait_for_app(page)

    page.get_by_label("Naam").fill(NAME)
    page.get_by_label("Wachtwoord").fill("verkeerd wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text("De naam of het wachtwoord klopt niet.").wait_for()

    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text("Ingelogd als coördinator").wait_for()
    page.get_by_text("3 van de 3 organisaties.").wait_for()
    wait_for_app(page)

    # filter on a tag: the two plattelandsgemeenten stay
    pick(page, "Labels", "plattelandsgemeente")
    page.get_by_text("2 van de 3 organisaties.").wait_for()
    table = page.locator('[data-testid="stDataFrame"]').first
    assert table.is_visible()

    # overlay the two organisations (Havenstede, chosen by default, was filtered away) with a benchmark
    overlay = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Kies organisaties")
    assert "Demogemeente Havenstede" not in overlay.inner_text()
    pick(page, "Kies organisaties", "Demogemeente Lindewaard")
    assert "Demogemeente Bergveld" in overlay.inner_text()
    assert "Demogemeente Lindewaard" in overlay.inner_text()
    page.get_by_text("Alle organisaties", exact=True).click()
    wait_for_app(page)
    page.get_by_text("De benchmark telt alle organisaties").wait_for()
    # the radar is redrawn by each rerun: wait for a chart whose lines are the two and the benchmark
    # (asking for a located element that a rerun replaces made this test flaky)
    page.wait_for_function(
        """() => [...document.querySelectorAll('.js-plotly-plot')].some(p => {
                 const names = (p.data || []).map(t => t.name || '');
                 return names.some(n => n.includes('Demogemeente Bergveld'))
                     && names.some(n => n.includes('Demogemeente Lindewaard'))
                     && names.some(n => n.includes('Alle organisaties (gemiddelde van 3)'));
             })"""
    )
    page.set_viewport_size({"width": 1280, "height": 3200})
    wait_for_app(page)
    shot(page, "vergelijken")

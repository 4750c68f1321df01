"""Live and the beamer dialog on a 1280x720 beamer, in Chromium against `streamlit run`.

On a beamer of 1280x720 with the sidebar open, Live shows the short address, the join code, the QR
code, the radar and the gespreksstarters without scrolling; it opens in a second window from Scan
beheren without asking for the codes again. The beamer dialog shows the address and the code large.
When the address is one phones cannot open (127.0.0.1), both say so in red.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dia_scan import storage

from .conftest import ARTIFACTS, log_in_to_round, running_app, wait_for_app

BEHEERCODE = "DEMO-BEHEERCODE"
NETWORK_URL = "http://192.168.1.20:8501"  # as on a workshop's wifi: never opened, only shown
BEAMER = {"width": 1280, "height": 720}


@pytest.fixture(scope="module")
def network_server(tmp_path_factory):
    """The app as set up for a workshop: DIA_SCAN_BASE_URL is the computer's network address."""
    with running_app(tmp_path_factory.mktemp("beamer"), {"DIA_SCAN_BASE_URL": NETWORK_URL}) as running:
        yield running


def _open_round(db_path) -> dict:
    db = storage.connect(db_path)
    try:
        return next(r for r in storage.list_rounds(db) if r.published and not r.closed_at)
    finally:
        db.close()


def _manage(browser, base: str, join_code: str, viewport: dict = BEAMER):
    context = browser.new_context(viewport=viewport, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(30_000)
    log_in_to_round(page, base, join_code, BEHEERCODE)
    page.get_by_text("Een andere ronde openen").wait_for()
    wait_for_app(page)
    return context, page


def _box(locator) -> dict:
    box = locator.first.bounding_box()
    assert box is not None
    return box


def _on_screen(box: dict, what: str, screen: dict = BEAMER) -> None:
    assert box["y"] >= 0 and box["y"] + box["height"] <= screen["height"], f"{what} is not on screen: {box}"
    assert box["x"] >= 0 and box["x"] + box["width"] <= screen["width"], f"{what} is not on screen: {box}"


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


@pytest.mark.parametrize(
    "screen",
    [BEAMER, {"width": 1366, "height": 768}, {"width": 1920, "height": 1080}],
    ids=["beamer-1280x720", "laptop-1366x768", "projector-1920x1080"],
)
def test_live_fits_the_screen_in_a_second_window(network_server, browser, screen):
    base, db_path = network_server
    round_row = _open_round(db_path)
    context, page = _manage(browser, base, round_row.join_code, screen)
    try:
        with context.expect_page() as second:
            page.get_by_role("link", name="Live openen in een nieuw venster").click()
        live = second.value
        live.set_default_timeout(30_000)
        live.locator(".st-key-live_chart .js-plotly-plot").first.wait_for()
        live.locator(".st-key-live_talk").first.wait_for()
        wait_for_app(live)
        expect(live.get_by_label("Beheercode")).to_have_count(0)  # no codes asked again
        assert "venster=" not in live.url, "the pass leaves the address bar"
        assert live.locator('[data-testid="stSidebar"]').first.bounding_box()["width"] > 200, "sidebar open"

        code = round_row.join_code
        _on_screen(_box(live.locator(".dia-join-address")), "the address", screen)
        expect(live.locator(".dia-join-address").first).to_have_text("192.168.1.20:8501/meedoen")
        _on_screen(_box(live.get_by_text(f"{code[:4]} {code[4:]}", exact=True)), "the join code", screen)
        _on_screen(_box(live.locator(".st-key-live_top img")), "the QR code", screen)
        chart = _box(live.locator(".st-key-live_chart .js-plotly-plot"))
        _on_screen(chart, "the radar", screen)
        assert chart["width"] >= 440, f"the radar is {chart['width']:.0f} px wide"
        # a larger screen is used: the radar grows with its height (470 px on 720 px)
        wanted = max(440, screen["height"] - 300)
        assert chart["height"] >= wanted, f"the radar is {chart['height']:.0f} px high on {screen}"
        talk = _box(live.locator(".st-key-live_talk"))
        _shot(live, f"live-{screen['width']}x{screen['height']}")
        _on_screen(talk, "the gespreksstarters", screen)
        assert chart["x"] + chart["width"] <= talk["x"], "the gespreksstarters beside the radar"
        code_px = live.locator(".dia-join-code").first.evaluate(
            "e => parseFloat(getComputedStyle(e).fontSize)"
        )
        assert code_px >= 40, f"the code is {code_px} px high"
        expect(live.get_by_text("Telefoons kunnen dit adres niet openen")).to_have_count(0)
        _shot(live, f"live-{screen['width']}x{screen['height']}")
    finally:
        context.close()


def test_beamer_dialog_shows_address_and_code_large(network_server, browser):
    base, db_path = network_server
    round_row = _open_round(db_path)
    context, page = _manage(browser, base, round_row.join_code)
    try:
        page.get_by_role("button", name="Groot tonen voor de beamer").click()
        dialog = page.get_by_role("dialog")
        dialog.locator(".dia-join-code").wait_for()
        wait_for_app(page)
        code = round_row.join_code
        expect(dialog.locator(".dia-join-address")).to_have_text("192.168.1.20:8501/meedoen")
        expect(dialog.locator(".dia-join-code")).to_have_text(f"{code[:4]} {code[4:]}")
        code_px = dialog.locator(".dia-join-code").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert code_px >= 56, f"the code is {code_px} px high"
        _on_screen(_box(dialog.locator(".dia-join-code")), "the code")
        qr = _box(dialog.locator("img"))
        assert qr["width"] >= 250, "a QR code a phone at the back can scan"
        _shot(page, "beamer-dialog-1280x720")
    finally:
        context.close()


def test_an_address_phones_cannot_open_is_said_in_red(server, browser):
    base, db_path = server  # DIA_SCAN_BASE_URL is 127.0.0.1 here
    round_row = _open_round(db_path)
    context, page = _manage(browser, base, round_row.join_code)
    try:
        warning = page.get_by_text("Telefoons kunnen dit adres niet openen")
        expect(warning).to_have_count(1)
        page.get_by_role("button", name="Groot tonen voor de beamer").click()
        page.get_by_role("dialog").locator(".dia-join-code").wait_for()
        wait_for_app(page)
        expect(
            page.get_by_role("dialog").get_by_text("Telefoons kunnen dit adres niet openen")
        ).to_be_visible()
        color = (
            page.get_by_role("dialog")
            .locator('[data-testid="stAlertContentError"]')
            .first.evaluate("e => getComputedStyle(e).color")
        )
        red, green, blue = (int(c) for c in color.removeprefix("rgb(").rstrip(")").split(",")[:3])
        assert red > green and red > blue, f"the warning is {color}, not red"
        _shot(page, "beamer-dialog-local-address")
    finally:
        context.close()


@pytest.fixture(scope="module")
def unset_server(tmp_path_factory):
    """The app without DIA_SCAN_BASE_URL (empty counts as not set), as ``make run`` starts it."""
    with running_app(tmp_path_factory.mktemp("unset"), {"DIA_SCAN_BASE_URL": ""}) as running:
        yield running


def test_without_a_set_address_the_links_follow_the_browsers_address(unset_server, browser):
    """Issue #19.1: without DIA_SCAN_BASE_URL the link, the QR code and Live take the address the browser
    used (here "localhost", where the server was started as 127.0.0.1), and say in red that phones
    cannot open it."""
    base, db_path = unset_server
    via = base.replace("127.0.0.1", "localhost")
    round_row = _open_round(db_path)
    context, page = _manage(browser, via, round_row.join_code)
    try:
        link = f"{via}/meedoen?code={round_row.join_code}"
        expect(page.locator('[data-testid="stCode"]').filter(has_text=link)).to_have_count(
            2
        )  # and invitation
        expect(page.get_by_alt_text(f"QR-code met de link om mee te doen: {link}")).to_have_count(1)
        expect(page.get_by_text("Telefoons kunnen dit adres niet openen: localhost is alleen")).to_have_count(
            1
        )
        page.locator('[data-testid="stSidebarNav"]').get_by_text("Live", exact=True).click()
        page.locator(".dia-join-address").first.wait_for()
        page.locator(".st-key-live_chart .js-plotly-plot").first.wait_for()
        wait_for_app(page)
        expect(page.locator(".dia-join-address").first).to_have_text(f"{via.removeprefix('http://')}/meedoen")
        _shot(page, "live-address-from-the-browser")
    finally:
        context.close()

"""Real-browser tests: Debian's chromium driven by Playwright against `streamlit run` on 127.0.0.1."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(tmp: Path, extra_env: dict[str, str] | None = None) -> Iterator[tuple[str, Path]]:
    """Demo content in a fresh database, served by `streamlit run` on a free port of 127.0.0.1."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    db_path = tmp / "dia_scan.db"
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DIA_SCAN_DB": str(db_path), "DIA_SCAN_BASE_URL": base, **(extra_env or {})}
    subprocess.run(
        [sys.executable, "-m", "dia_scan.admin.cli", "demo", "--db", str(db_path)],
        check=True,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    log_path = tmp / "streamlit.log"
    proc = start_streamlit(port, env, log_path)
    try:
        yield base, db_path
    finally:
        stop(proc)


def start_streamlit(port: int, env: dict[str, str], log_path: Path, *options: str) -> subprocess.Popen:
    """`streamlit run app.py` on 127.0.0.1:port, healthy when this returns; its output in log_path."""
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [
                *(sys.executable, "-m", "streamlit", "run", "app.py"),
                *("--server.address", "127.0.0.1", "--server.port", str(port)),
                *("--server.headless", "true", "--browser.gatherUsageStats", "false"),
                *("--server.fileWatcherType", "none", *options),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    _wait_until_healthy(f"http://127.0.0.1:{port}", proc, log_path)
    return proc


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _wait_until_healthy(base: str, proc: subprocess.Popen, log_path: Path) -> None:
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("streamlit did not start: " + log_path.read_text())


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """A running app with the demo content in its own database; yields (base_url, db_path)."""
    with running_app(tmp_path_factory.mktemp("server")) as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def shot(page, name: str) -> Path:
    """Save a full-page screenshot under tests/artifacts/ for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


#: True once the script run is over and its output is on the page: the app's script state (an
#: attribute Streamlit sets for its own tests) is not running, the status widget does not say so, and
#: no element of the previous run is left over (Streamlit marks those with data-stale until the run ends).
_SETTLED = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return false;
    const state = app.getAttribute('data-test-script-state');
    if (state === 'running' || state === 'rerunRequested') return false;
    const status = document.querySelector('[data-testid="stStatusWidget"]');
    if (status && status.innerText.includes('Running')) return false;
    return !document.querySelector('[data-stale="true"]');
}"""


def wait_for_app(page) -> None:
    """Wait until Streamlit has rendered over its websocket and finished running the script.

    A click's rerun starts only when the server's answer arrives: wait a moment first, so that a run
    just asked for is not missed (a busy machine is slow to start it)."""
    page.wait_for_selector('[data-testid="stApp"]')
    page.wait_for_timeout(150)
    page.wait_for_function(_SETTLED)


def click_button(page, name: str) -> None:
    """Click the one button with this name, once a rerun has replaced any stale copy of it."""
    buttons = page.get_by_role("button", name=name, exact=True)
    page.wait_for_function(
        """(name) => [...document.querySelectorAll('button')]
                     .filter(b => b.innerText.split('\\n').some(line => line.trim() === name)).length === 1""",
        arg=name,
    )
    buttons.first.click()


def scroll_to(locator, page) -> None:
    """Scroll an element into view for a screenshot; a rerun may replace it meanwhile, so try again."""
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(3):
        try:
            locator.scroll_into_view_if_needed(timeout=10_000)
            return
        except PlaywrightError:
            if attempt == 2:
                raise
            wait_for_app(page)


def select_option(page, label: str, option: str, typed: str | None = None) -> None:
    """Pick an option of a selectbox. ``typed`` filters a long list first (as people do; only the
    options in view exist in the page). A click while the previous dropdown is still closing can leave
    the list shut: open it again until the option shows."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    box = page.get_by_role("combobox", name=label, exact=True)
    for _ in range(4):
        box.click()
        if typed:
            box.fill(typed)
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=3_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    else:
        raise AssertionError(f"could not choose {option!r} in {label!r}")
    expect(box).to_have_value(option)


def pick_organisation(page, typed: str, option: str) -> None:
    """Pick an organisation in the long list of the organisation picker, typing part of its name."""
    select_option(page, "Organisatie", option, typed)
    wait_for_app(page)


def open_new_round_form(page, base: str) -> None:
    """Scan beheren on "Nieuwe ronde", settled (a fresh session starts there)."""
    page.goto(f"{base}/beheren")
    page.get_by_text("Nieuwe ronde").first.wait_for()
    wait_for_app(page)


def create_round(page) -> str:
    """Press "Ronde aanmaken" on a filled-in form; the new round's join code (its beheercode is the
    first code block on the page, shown once)."""
    page.get_by_role("button", name="Ronde aanmaken").click()
    page.get_by_text("Uw beheercode").wait_for()
    wait_for_app(page)
    body = page.locator('[data-testid="stMain"]').inner_text()
    return re.search(r"deelnamecode\s+([A-Z0-9]{8})", body).group(1)


def log_in_to_round(page, base: str, join_code: str, beheercode: str) -> None:
    """Fill in "Ronde beheren" on Scan beheren with the two codes and press Openen; the caller waits
    for what it expects (the managed round, or a refusal)."""
    page.goto(f"{base}/beheren")
    page.get_by_text("Ronde beheren", exact=True).click()
    page.get_by_label("Deelnamecode").fill(join_code)
    page.get_by_label("Beheercode").fill(beheercode)
    page.get_by_role("button", name="Openen").click()

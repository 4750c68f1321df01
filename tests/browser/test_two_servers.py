"""Two Streamlit servers on one PostgreSQL database behind nginx, as docs/deploy.md describes.

nginx (Debian's package) runs with docs/deploy/nginx-dia-scan.conf itself (only its ports changed).
Participants on both servers answer one round; the Live view on the first server counts them all; the
second server is stopped mid-workshop: nothing it stored is lost, and its participant goes on with the
resume code on the first one; a coordinator on the first server compares the organisations written
through either.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from dia_scan import storage
from dia_scan.quickscan import rounds
from tests.builders import submit_responses
from tests.postgres_cluster import free_port
from tests.storage.test_concurrency import assert_consistent

from .conftest import CHROMIUM, ROOT, shot, start_streamlit, stop, wait_for_app
from .test_workshop import ORG as OTHER_ORG
from .test_workshop import _answer_step, _create_round, _finish, _join, _wait_for_count

NAME, PASSWORD = "anna", "een-goed-wachtwoord"

SITE = ROOT / "docs" / "deploy" / "nginx-dia-scan.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _nginx_config(folder: Path, listen: int, first: int, second: int) -> Path:
    """Debian's nginx.conf in brief around the documented site; a log of which server got which cookie."""
    site = SITE.read_text(encoding="utf-8")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{listen};")
    site = site.replace("127.0.0.1:8501", f"127.0.0.1:{first}").replace(
        "127.0.0.1:8502", f"127.0.0.1:{second}"
    )
    (folder / "dia-scan.conf").write_text(site, encoding="utf-8")
    main = f"""
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 256; }}
http {{
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    log_format route '$cookie_dia_server $upstream_addr $request_uri';
    access_log {folder}/access.log route;
    include {folder}/dia-scan.conf;
}}
"""
    path = folder / "nginx.conf"
    path.write_text(main, encoding="utf-8")
    return path


def _route_cookie(base: str, folder: Path, port: int) -> str:
    """A dia_server cookie value that nginx sends to the server on this port."""
    for n in range(64):
        value = f"deelnemer-{n}"
        request = urllib.request.Request(f"{base}/_stcore/health", headers={"Cookie": f"dia_server={value}"})
        urllib.request.urlopen(request, timeout=5).close()
        time.sleep(0.05)
        for line in (folder / "access.log").read_text().splitlines():
            if line.startswith(f"{value} ") and line.split()[1].endswith(f":{port}"):
                return value
    raise AssertionError(f"no cookie routes to port {port}")


@pytest.fixture
def two_servers(pg_cluster, pg_template, tmp_path):
    from dia_scan.compare import coordinators

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed (apt-get install nginx)")
    if pg_cluster is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    url = pg_cluster.new_database(pg_template)
    folder = tmp_path / "nginx"
    folder.mkdir()
    if os.geteuid() == 0:  # nginx's workers run as nobody
        os.chown(folder, pwd.getpwnam("nobody").pw_uid, -1)
    accounts = tmp_path / "coordinators.toml"
    accounts.write_text(
        f'[coordinators]\n{NAME} = "{coordinators.hash_password(PASSWORD)}"\n', encoding="utf-8"
    )
    listen, first, second = free_port(), free_port(), free_port()
    base = f"http://127.0.0.1:{listen}"
    env = {
        **os.environ,
        "DIA_SCAN_DB": url,
        "DIA_SCAN_BASE_URL": base,
        "STREAMLIT_SERVER_COOKIE_SECRET": "gedeeld-geheim-van-de-test",  # the secret all servers share
        "DIA_SCAN_COORDINATORS_FILE": str(accounts),
    }
    servers = {
        port: start_streamlit(port, env, tmp_path / f"streamlit-{port}.log") for port in (first, second)
    }
    config = _nginx_config(folder, listen, first, second)
    subprocess.run([NGINX, "-t", "-c", str(config), "-p", str(folder)], check=True, capture_output=True)
    subprocess.run([NGINX, "-c", str(config), "-p", str(folder)], check=True)
    try:
        yield {"base": base, "url": url, "servers": servers, "ports": (first, second), "folder": folder}
    finally:
        subprocess.run([NGINX, "-c", str(config), "-p", str(folder), "-s", "stop"], check=False)
        for proc in servers.values():
            stop(proc)
        pg_cluster.drop(url)


def _pinned_page(browser, cookie: dict):
    """A laptop browser that nginx sends to the server this cookie routes to."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="nl-NL")
    context.add_cookies([cookie])
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def _live_on(browser, base: str, cookie: dict, join_code: str, beheercode: str):
    context, page = _pinned_page(browser, cookie)
    page.goto(f"{base}/beheren")
    page.get_by_text("Ronde beheren", exact=True).click()
    page.get_by_label("Deelnamecode").fill(join_code)
    page.get_by_label("Beheercode").fill(beheercode)
    page.get_by_role("button", name="Openen").click()
    page.get_by_text("Een andere ronde openen").wait_for()
    wait_for_app(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Live", exact=True).click()
    page.get_by_text("Deze pagina ververst zichzelf").wait_for()
    return context, page


def test_two_servers_behind_nginx_share_one_round_and_a_stopped_server_loses_nothing(
    two_servers, browser, catalog
):
    base, url, folder = two_servers["base"], two_servers["url"], two_servers["folder"]
    first, second = two_servers["ports"]
    with urllib.request.urlopen(f"{base}/nginx-health", timeout=5) as health:
        assert health.read() == b"ok\n"
    on = {
        port: {"name": "dia_server", "value": _route_cookie(base, folder, port), "url": base}
        for port in (first, second)
    }

    db = storage.connect(url)
    made = rounds.create_round(
        db,
        catalog,
        organisation_id=storage.insert_organisation(db, "Gemeente Tweeserver"),
        instrument_id="quickscan-gemeente",
        title="Werkplaats met twee servers",
        k=3,
    )
    round_row = submit_responses(db, storage.get_round(db, made.round_id), {"raad": 3})  # on paper

    facilitator_ctx, facilitator = _live_on(browser, base, on[first], made.join_code, made.beheercode)
    _wait_for_count(facilitator, 3)

    raad_ctx, raad, _ = _join(browser, base, made.join_code, "Raad", cookies=(on[first],))
    _finish(raad, "Eens")
    inwoner_ctx, inwoner, _ = _join(browser, base, made.join_code, "Inwoners", cookies=(on[second],))
    _finish(inwoner, "Oneens")
    later_ctx, later, resume_code = _join(browser, base, made.join_code, "Inwoners", cookies=(on[second],))
    later.get_by_text("Stap 1 van").first.wait_for()
    _answer_step(later, "Eens")

    # Another organisation's round is set up through the second server, and answered (on paper).
    maker_ctx, maker = _pinned_page(browser, on[second])
    other_code, _ = _create_round(maker, base)
    submit_responses(db, storage.get_round_by_code(db, other_code), {"raad": 3, "inwoners": 3})

    _wait_for_count(facilitator, 5)  # the Live view on the first server counts the second server's too
    shot(facilitator, "two-servers-01-live-counts-both")
    routes = [line.split()[:2] for line in (folder / "access.log").read_text().splitlines()]
    for port in (first, second):  # sticky: every request of a pinned browser went to its server
        served = {upstream for cookie, upstream in routes if cookie == on[port]["value"]}
        assert served == {f"127.0.0.1:{port}"}, served

    # The second server stops mid-workshop (an update). Its participant reloads and goes on elsewhere.
    stop(two_servers["servers"][second])
    later.goto(f"{base}/meedoen")
    later.get_by_label("Hervatcode").wait_for()
    later.get_by_label("Hervatcode").fill(resume_code)
    later.get_by_role("button", name="Verder gaan").click()
    later.get_by_text("Stap 2 van").first.wait_for()
    shot(later, "two-servers-02-resumed-on-the-other-server")
    _finish(later, "Eens")

    _wait_for_count(facilitator, 6)
    shot(facilitator, "two-servers-03-live-after-failover")
    assert storage.group_counts(db, round_row.id) == {
        "raad": {"started": 4, "submitted": 4},
        "inwoners": {"started": 2, "submitted": 2},
    }
    counts = storage.response_counts(db, round_row.id)
    assert counts["responses"] == counts["submitted"] == counts["distinct_tokens"] == counts["counted"] == 6
    assert_consistent(db, round_row)

    # A coordinator on the first server compares both organisations, whichever server wrote them.
    coordinator_ctx, coordinator = _pinned_page(browser, on[first])
    coordinator.goto(base)
    coordinator.get_by_role("link", name="Vergelijken").last.click()
    coordinator.get_by_label("Naam").wait_for()
    wait_for_app(coordinator)
    coordinator.get_by_label("Naam").fill(NAME)
    coordinator.get_by_label("Wachtwoord").fill(PASSWORD)
    coordinator.get_by_role("button", name="Inloggen").click()
    coordinator.get_by_text("2 van de 2 organisaties.").wait_for()
    wait_for_app(coordinator)
    shot(coordinator, "two-servers-04-coordinator-sees-both")
    compared = {r.organisation_name for r in storage.latest_rounds(db, "quickscan-gemeente")}
    assert compared == {"Gemeente Tweeserver", OTHER_ORG}
    for ctx in (facilitator_ctx, raad_ctx, inwoner_ctx, later_ctx, maker_ctx, coordinator_ctx):
        ctx.close()
    db.close()

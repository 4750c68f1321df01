"""tools/server_bench.py with 2 participants: the whole journey works on the real server and the bare page.

No timing asserts: the figures depend on the machine. It checks the output's fields, that nobody
failed, and that every participant who sent in has exactly one stored response.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"

pytestmark = pytest.mark.browser


def test_server_bench_two_participants(tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    out = tmp_path / "bench.json"
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "server_bench.py"),
            "--participants",
            "2",
            "--think",
            "0",
            "--ramp",
            "0",
            "--json",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "server CPU ms per interaction" in run.stdout
    result = json.loads(out.read_text())

    assert result["participants"] == 2
    assert result["errors"] == 0 and result["lost"] == 0 and result["duplicated"] == 0
    assert result["stored_responses"] == 2
    assert set(result["ratios"]) == {"cpu_per_interaction", "p50", "p95"}
    assert all(isinstance(v, float) and v > 0 for v in result["ratios"].values())
    assert set(result["targets"]) >= {"cpu_per_interaction_at_most_1.15x_bare", "p95_at_most_1.5x_bare"}

    responses = result["responses"]
    assert responses["sent"] == responses["stored"] == 2
    assert responses["answers_stored"] == responses["answers_sent"] > 0
    assert all(g["sent"] == g["stored"] for g in responses["per_group"].values())

    bare, app = result["bare"], result["app"]
    for variant in (bare, app):
        assert variant["participants"] == 2 and variant["sent"] == 2 and variant["errors"] == 0
        assert variant["interactions"] == variant["page_loads"] + variant["clicks"] > 2 * 40
        assert variant["server_cpu_ms_per_interaction"] > 0
        for key in ("p50", "p95"):
            assert variant["click_to_screen_ms"][key] > 0
    # the same participants made the same clicks on both pages
    assert bare["interactions"] == app["interactions"] == result["interactions"]
    assert app["server_tracebacks"] == 0


def test_server_bench_on_both_engines_and_two_servers_behind_nginx(tmp_path):
    """One participant on SQLite, on PostgreSQL (a throwaway cluster) and on two servers behind the nginx
    of docs/deploy, all in one run: each stored exactly once, counted through the storage package, and
    PostgreSQL's own CPU and connections are measured."""
    import shutil

    from tests import postgres_cluster

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    if postgres_cluster.binaries() is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        pytest.skip("nginx is not installed (apt-get install nginx)")
    out = tmp_path / "bench.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "server_bench.py"), "--engine", "both", "--nginx"]
        + ["--only", "app", "--participants", "1", "--think", "0", "--ramp", "0", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "PostgreSQL/SQLite" in run.stdout and "2 behind nginx/1 server" in run.stdout
    result = json.loads(out.read_text())
    assert result["errors"] == 0 and result["lost"] == 0 and result["duplicated"] == 0
    for key in ("", "_postgresql", "_nginx"):
        app, responses = result[f"app{key}"], result[f"responses{key}"]
        assert app["sent"] == 1 and app["errors"] == 0 and app["server_tracebacks"] == 0
        assert responses["sent"] == responses["stored"] == 1
        assert responses["answers_stored"] == responses["answers_sent"] > 0
    sqlite, pg, nginx = result["app"], result["app_postgresql"], result["app_nginx"]
    assert sqlite["engine"] == "sqlite" and pg["engine"] == nginx["engine"] == "postgresql"
    assert sqlite["database_cpu_s"] == 0 and pg["database_cpu_s"] > 0 and nginx["database_cpu_s"] > 0
    # connections are kept between clicks (storage/postgres_idle.py): few or none are opened anew
    assert 0 <= pg["database_sessions"] <= pg["interactions"]
    assert sqlite["interactions"] == pg["interactions"] == nginx["interactions"]
    assert nginx["servers"] == 2 and len(nginx["server_cpu_s_each"]) == 2 and nginx["proxy_cpu_s"] >= 0
    assert result["engines"]["server_and_database_cpu_per_interaction"] > 0
    assert result["two_servers_over_one"]["server_and_database_cpu_per_interaction"] > 0
    assert "postgresql_cpu_at_most_1.1x_sqlite" in result["targets"]

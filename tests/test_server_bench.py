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

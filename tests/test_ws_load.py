"""tools/ws_load.py with 3 participants: Streamlit's websocket protocol drives the real server through the
whole journey, on the app and on the bare page.

No timing asserts: the figures depend on the machine. It checks that every participant reached "Bedankt!",
that every response sent is stored exactly once with all its answers, and the output's fields.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _ws_load(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, str(ROOT / "tools" / "ws_load.py"), *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=240)


def test_ws_load_three_participants_answer_the_whole_round(tmp_path):
    out = tmp_path / "ws.json"
    run = _ws_load(
        "--participants", "3", "--think", "0", "--ramp", "0", "--timeout", "30", "--json", str(out)
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "server ms/int" in run.stdout and "carried at p95" in run.stdout
    result = json.loads(out.read_text())

    assert result["errors"] == 0 and result["lost"] == 0 and result["duplicated"] == 0
    assert result["stored_responses"] == 3
    assert result["server_tracebacks"] == {"bare": 0, "app": 0}
    (step,) = result["steps"]
    assert step["participants"] == 3
    responses = step["responses"]
    assert responses["sent"] == responses["stored"] == 3
    # the answers stored are the answers sent: every statement of each participant's group
    assert responses["answers_stored"] == responses["answers_sent"] > 3 * 30
    # three participants, three groups (raad, college, organisatie)
    assert sum(g["sent"] for g in responses["per_group"].values()) == 3
    assert all(g["sent"] == g["stored"] for g in responses["per_group"].values())

    bare, app = step["bare"], step["app"]
    for variant in (bare, app):
        # every participant reached the thank-you screen, none stopped early
        assert variant["participants"] == variant["sent"] == 3
        assert variant["errors"] == 0 and variant["unfinished"] == 0
        assert variant["interactions"] == variant["page_loads"] + variant["clicks"] > 3 * 40
        assert variant["server_cpu_ms_per_interaction"] > 0 and variant["client_cpu_s"] > 0
        assert variant["click_to_screen_ms"]["p95"] > 0
    # the same participants made the same clicks on both pages
    assert bare["interactions"] == app["interactions"]
    assert app["click_to_screen_ms_by_kind"]["send"]["n"] == 3

"""The server process loads every page module once and freezes it out of the collector's sight."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

SCRIPT = """
import gc, sys
from dia_scan.ui.startup import prepare_process
frozen = prepare_process()
assert frozen > 50_000 and gc.get_freeze_count() > 50_000, frozen
assert prepare_process() == frozen, "once per process"
assert "dia_scan.ui.quickscan.answering" in sys.modules and "dia_scan.output.charts" in sys.modules
assert not any(name.startswith("dia_scan.admin.") for name in sys.modules), "the command line is not loaded"
print("ok", frozen)
"""


def test_prepare_process_loads_the_pages_modules_once_and_freezes_them():
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.startswith("ok")

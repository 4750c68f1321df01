"""tools/engine_bench.py at the small scale on a throwaway PostgreSQL cluster: both engines measured in
one run with the same scores, and one bulk load stored the same with and without COPY. No timing asserts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests import postgres_cluster

ROOT = Path(__file__).resolve().parent.parent


def test_engine_bench_small(tmp_path):
    if postgres_cluster.binaries() is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    out = tmp_path / "engines.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "engine_bench.py"), "--scale", "small"]
        + ["--bulk-respondents", "80", "--bulk-repeats", "1", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    result = json.loads(out.read_text())
    engines = result["engines"]
    assert engines["sqlite"]["data"]["engine"] == "sqlite"
    assert engines["postgresql"]["data"]["engine"] == "postgresql"
    assert engines["sqlite"]["data"]["answers"] == engines["postgresql"]["data"]["answers"] > 0
    assert engines["same_scores_on_both"] is True
    assert all(v > 0 for v in engines["postgresql_over_sqlite"].values())
    assert "comparison_with_cache_at_most_2x_sqlite" in engines["target"]
    bulk = result["bulk_load"]
    assert bulk["same_rows_both_ways"] is True and bulk["answers_per_load"] > 80 * 20
    assert bulk["copy_seconds"] > 0 and bulk["executemany_seconds"] > 0

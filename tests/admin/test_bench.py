"""The benchmark: its bulk insert leaves exactly what submits leave, and `--scale small` runs end to end
(a smoke test: no timing asserts, the figures depend on the machine)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from dia_scan import storage
from dia_scan.admin import bench
from dia_scan.quickscan import rounds
from tests.builders import new_round

ROOT = Path(__file__).resolve().parents[2]


def test_bulk_insert_leaves_the_same_tallies_as_submits(db, catalog, organisation_id):
    instrument = catalog.get(bench.INSTRUMENT_ID)
    generated = list(
        bench.Generator(instrument, seed=3).responses(60, 3.1, {t.id: 0.2 for t in instrument.themes})
    )
    by_submit = new_round(db, catalog, organisation_id, instrument_id=bench.INSTRUMENT_ID, title="Via submit")
    for group, _token, answers, priorities in generated:
        assert rounds.submit_complete(
            db, by_submit, group, {"answers": answers, "priorities": priorities, "open": {}}
        )
    in_bulk = new_round(db, catalog, organisation_id, instrument_id=bench.INSTRUMENT_ID, title="In bulk")
    # two batches, so adding to existing tallies is covered too
    assert storage.insert_submitted_responses(db, in_bulk.id, generated[:25]) == 25
    assert storage.insert_submitted_responses(db, in_bulk.id, generated[25:]) == 35

    def tallies(round_id):
        return sorted(
            (r["group_id"], r["question_id"], r["option"], r["n"])
            for r in storage.round_tallies(db, round_id)
        )

    assert tallies(in_bulk.id) == tallies(by_submit.id)
    assert storage.group_counts(db, in_bulk.id) == storage.group_counts(db, by_submit.id)
    bulk_counts = storage.response_counts(db, in_bulk.id)
    assert bulk_counts == storage.response_counts(db, by_submit.id)
    assert bulk_counts["tallied_answers"] == bulk_counts["answers"]
    # a later real submit adds to the bulk tallies as usual
    group, _, answers, priorities = generated[0]
    assert rounds.submit_complete(
        db, storage.get_round(db, in_bulk.id), group, {"answers": answers, "priorities": priorities}
    )
    assert (
        storage.group_counts(db, in_bulk.id)[group]["submitted"]
        == storage.group_counts(db, by_submit.id)[group]["submitted"] + 1
    )


def test_generator_splits_respondents_over_the_instruments_groups(catalog):
    for instrument_id in ("quickscan-gemeente", "quickscan-provincie", "quickscan-waterschap"):
        instrument = catalog.get(instrument_id)
        sizes = bench.Generator(instrument, seed=1).group_sizes(200)
        assert set(sizes) == set(instrument.group_ids)
        assert sum(sizes.values()) == 200


def test_bench_small_runs_end_to_end(tmp_path):
    out = tmp_path / "bench.json"
    scratch = tmp_path / "scratch"  # the temporary database goes here and must be gone afterwards
    scratch.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "dia_scan.admin.cli", "bench", "--scale", "small", "--json", str(out)],
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(scratch)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "vergelijking" in proc.stdout and "rapport" in proc.stdout
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["format"] == "dia-scan-bench" and result["scale"] == "small"
    assert result["machine"]["nproc"] >= 1
    assert result["data"]["answers"] > 0
    assert result["comparison"]["same_scores"] is True
    assert result["comparison"]["organisations"] == bench.SCALES["small"].organisations
    assert "concurrency" not in result  # participants are measured on the real server (tools/)
    assert result["report"]["small_respondents"] == 10
    assert result["database_kept"] is None
    assert not list(scratch.iterdir())


def test_bench_small_runs_on_postgresql(pg_url):
    result = bench.run("small", db_url=pg_url, progress=lambda _text: None)
    assert result["data"]["engine"] == "postgresql" and result["data"]["postgresql"]
    assert result["comparison"]["same_scores"] is True
    assert (
        result["data"]["rounds"]
        <= storage.connect(pg_url).execute("SELECT COUNT(*) FROM rounds").fetchone()[0]
    )
    assert "PostgreSQL" in bench.table(result)

"""The data layer on PostgreSQL against SQLite, in one run: `dia-scan bench` on both engines, and one bulk
load on PostgreSQL with and without COPY.

    .venv/bin/python tools/engine_bench.py --scale national --json docs/bench-engines.json

PostgreSQL is a throwaway cluster from Debian's `postgresql` package (tests/postgres_cluster.py: initdb
in a temporary folder, 127.0.0.1, removed afterwards), or an empty database given with `--pg-url`.
The throwaway cluster runs without fsync (it lives for one run); SQLite runs as the app runs it (WAL).

1. `dia-scan bench` (dia_scan/admin/bench.py) on a temporary SQLite file, then on an empty PostgreSQL
   database: the same synthetic data (same seed), the coordinator comparison with and without the
   score cache, the round reports. Ratios PostgreSQL / SQLite per figure; the target of issue 16 is
   the comparison with the cache on PostgreSQL within 2x of SQLite's.
2. Bulk load: `storage.insert_submitted_responses` of `--bulk-respondents` respondents into a new
   round on PostgreSQL, once with one INSERT per row (psycopg's executemany) and once through COPY
   (storage/postgres.py), alternately `--bulk-repeats` times; wall and client CPU seconds, medians.

The seconds depend on the machine and its load; read the ratios, measured in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dia_scan import storage  # noqa: E402
from dia_scan.admin import bench  # noqa: E402
from dia_scan.core.catalog import load_catalog  # noqa: E402
from dia_scan.storage import postgres  # noqa: E402

TARGET_COMPARISON_RATIO = 2.0


@contextmanager
def postgresql(url: str | None):
    """Yields a function that hands out empty PostgreSQL databases (URLs)."""
    if url:
        yield lambda: url
        return
    from tests import postgres_cluster

    cluster = postgres_cluster.start()
    if cluster is None:
        raise SystemExit("PostgreSQL is not installed (apt-get install postgresql), or give --pg-url")
    try:
        yield cluster.new_database
    finally:
        cluster.stop()


def _ratio(a, b) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def compare_engines(scale: str, new_database, seed: int) -> dict:
    say = lambda text: print(text, file=sys.stderr)  # noqa: E731
    say(f"SQLite, scale {scale} ...")
    sqlite = bench.run(scale, seed=seed, progress=say)
    say(f"PostgreSQL, scale {scale} ...")
    pg = bench.run(scale, seed=seed, progress=say, db_url=new_database())
    pairs = {
        "comparison_with_cache": ("comparison", "seconds"),
        "comparison_first_run": ("comparison", "first_run_seconds"),
        "comparison_without_cache": ("comparison", "uncached_seconds"),
        "comparison_naive": ("comparison", "naive_seconds"),
        "report_small": ("report", "small_seconds"),
        "report_large": ("report", "large_seconds"),
        "generate": ("data", "generate_seconds"),
    }
    ratios = {name: _ratio(pg[a][b], sqlite[a][b]) for name, (a, b) in pairs.items()}
    return {
        "scale": scale,
        "sqlite": sqlite,
        "postgresql": pg,
        "postgresql_over_sqlite": ratios,
        "same_scores_on_both": sqlite["comparison"]["same_scores"] and pg["comparison"]["same_scores"],
        "target": {
            "comparison_with_cache_at_most_2x_sqlite": None
            if ratios["comparison_with_cache"] is None
            else ratios["comparison_with_cache"] <= TARGET_COMPARISON_RATIO
        },
    }


def _cpu() -> float:
    times = os.times()
    return times.user + times.system


def bulk_load(url: str, respondents: int, repeats: int, seed: int) -> dict:
    """insert_submitted_responses with and without COPY, in turns, into fresh rounds of one database."""
    catalog = load_catalog()
    instrument = catalog.get(bench.INSTRUMENT_ID)
    db = storage.connect(url)
    storage.keep_instrument(db, instrument)
    gen = bench.Generator(instrument, seed)
    organisation_id = storage.insert_organisation(db, "Bulkgemeente", "gemeente", "Utrecht", "20-50k")
    offsets = dict.fromkeys(gen.theme_ids, 0.0)
    samples: dict[str, list[tuple[float, float]]] = {"executemany": [], "copy": []}
    rows = {}
    copy_from = postgres.COPY_FROM_ROWS
    try:
        for number in range(repeats):
            same = list(gen.responses(respondents, 3.2, offsets))  # both ways load the same answers
            for way in ("executemany", "copy"):
                postgres.COPY_FROM_ROWS = copy_from if way == "copy" else 10**12
                round_id = bench._insert_round(
                    db, instrument, organisation_id, f"{way} {number}", "2026-03-01T09:00:00+00:00", "x" * 64
                )
                data = [(group, os.urandom(32).hex(), answers, picks) for group, _, answers, picks in same]
                wall, cpu = time.perf_counter(), _cpu()
                storage.insert_submitted_responses(db, round_id, data)
                samples[way].append((time.perf_counter() - wall, _cpu() - cpu))
                rows[way] = db.execute(
                    "SELECT COUNT(*) FROM answers a JOIN responses r ON r.id = a.response_id"
                    " WHERE r.round_id = ?",
                    [round_id],
                ).fetchone()[0]
    finally:
        postgres.COPY_FROM_ROWS = copy_from
        db.close()

    def median(way: str, index: int) -> float:
        return round(statistics.median(s[index] for s in samples[way]), 3)

    result = {
        "respondents": respondents,
        "answers_per_load": rows["copy"],
        "same_rows_both_ways": rows["copy"] == rows["executemany"],
        "repeats": repeats,
        "executemany_seconds": median("executemany", 0),
        "copy_seconds": median("copy", 0),
        "executemany_client_cpu_seconds": median("executemany", 1),
        "copy_client_cpu_seconds": median("copy", 1),
        "samples": {way: [[round(w, 3), round(c, 3)] for w, c in s] for way, s in samples.items()},
    }
    result["speedup_wall"] = _ratio(result["executemany_seconds"], result["copy_seconds"])
    result["speedup_client_cpu"] = _ratio(
        result["executemany_client_cpu_seconds"], result["copy_client_cpu_seconds"]
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=sorted(bench.SCALES), default="small")
    parser.add_argument("--pg-url", help="an empty PostgreSQL database instead of a throwaway cluster")
    parser.add_argument("--bulk-respondents", type=int, default=2000)
    parser.add_argument("--bulk-repeats", type=int, default=3)
    parser.add_argument("--skip", choices=["compare", "bulk"], action="append", default=[])
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    result: dict = {"tool": "tools/engine_bench.py", "measured_at": storage.now()}
    with postgresql(args.pg_url) as new_database:
        if "bulk" not in args.skip:
            print("Bulk load with and without COPY ...", file=sys.stderr)
            result["bulk_load"] = bulk_load(
                new_database(), args.bulk_respondents, args.bulk_repeats, args.seed
            )
        if "compare" not in args.skip:
            result["engines"] = compare_engines(args.scale, new_database, args.seed)
    result["machine"] = bench.machine() | {
        "load_average_at_start": load_at_start,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if "bulk_load" in result:
        b = result["bulk_load"]
        print(
            f"bulk load of {b['respondents']} respondents ({b['answers_per_load']} answers) on PostgreSQL: "
            f"executemany {b['executemany_seconds']} s (client CPU {b['executemany_client_cpu_seconds']} s), "
            f"COPY {b['copy_seconds']} s (client CPU {b['copy_client_cpu_seconds']} s): "
            f"{b['speedup_wall']}x faster"
        )
    if "engines" in result:
        e = result["engines"]
        print(f"PostgreSQL / SQLite, scale {e['scale']}:")
        for name, ratio in e["postgresql_over_sqlite"].items():
            print(f"  {name:<28}{ratio}x")
        print(f"  same scores on both: {e['same_scores_on_both']}; target: {e['target']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``dia-scan bench``: synthetic data in a temporary database (SQLite; or an empty PostgreSQL database
given with ``--db``), and the data layer's two figures.

1. The coordinator comparison (latest round of every organisation, theme scores per group and overall)
   from the stored tallies, against the same computed naively from the raw answers: time and ratio,
   and whether both give exactly the same scores.
2. A round report for a small and for a very large round: the ratio of their times (tallies make the
   report independent of the number of respondents).

Synthetic responses are bulk-inserted with ``storage.insert_submitted_responses``, which leaves exactly
the tallies one submit per response leaves (tests/test_bench.py checks this). Figures are measured in
one run on one machine, so compare the ratios rather than the seconds. See docs/performance.md.

What participants meet (the Streamlit server, one process for everyone) is measured by
tools/server_bench.py with real browsers; this bench no longer sends many separate processes at the
database at once, a situation that does not occur.

Longer than most because the synthetic data, the naive reference and the measurement belong to one run;
nothing else imports it.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dia_scan import storage
from dia_scan.compare import comparison as compare
from dia_scan.core import codes
from dia_scan.core.catalog import load_catalog
from dia_scan.core.model import DONT_KNOW, QuickScan
from dia_scan.core.records import Round
from dia_scan.quickscan.results import build_round_report
from dia_scan.quickscan.scoring import Response, score_round, tally_from_responses

INSTRUMENT_ID = "quickscan-gemeente"


@dataclass(frozen=True)
class BenchScale:
    organisations: int
    rounds: int
    respondents: int  # per round
    report_sizes: tuple[int, int]
    repeats: int = 5


SCALES = {
    "small": BenchScale(
        organisations=12,
        rounds=2,
        respondents=40,
        report_sizes=(10, 2_000),
    ),
    "national": BenchScale(
        organisations=400,
        rounds=4,
        respondents=200,
        report_sizes=(10, 10_000),
    ),
}

TARGETS = {"comparison_seconds": 1.0, "report_ratio": 2.0}

_PROVINCES = ("Drenthe", "Fryslân", "Gelderland", "Groningen", "Limburg", "Noord-Brabant", "Noord-Holland")
_PROVINCES += ("Overijssel", "Utrecht", "Zeeland", "Zuid-Holland", "Flevoland")
_SIZE_CLASSES = ("< 20k", "20-50k", "50-100k", "100-250k", ">= 250k")
_SIZE_WEIGHTS = (0.25, 0.40, 0.17, 0.12, 0.06)
_TAGS = ("plattelandsgemeente", "stedelijk", "kernen", "krimpregio", "grensgemeente", "eiland")


# -- synthetic data ------------------------------------------------------------------------------


class Generator:
    """Plausible answers: an organisation mood, a theme offset, a side shift and noise, on numpy."""

    def __init__(self, instrument: QuickScan, seed: int):
        self.instrument = instrument
        self.rng = np.random.default_rng(seed)
        self.items = {
            g.id: [(t.id, s.id, s.reverse) for t, s in instrument.statements_for(g.id)]
            for g in instrument.groups
        }
        self.theme_ids = [t.id for t in instrument.themes if not t.custom]

    def group_sizes(self, total: int) -> dict[str, int]:
        """Split respondents over the groups; the second binnenkant group is sometimes under k."""
        groups = self.instrument.groups
        inside = [g.id for g in groups if g.side == "binnenkant"]
        outside = [g.id for g in groups if g.side == "buitenkant"]
        sizes = {g.id: 0 for g in groups}
        if len(inside) > 1:
            sizes[inside[1]] = int(self.rng.integers(3, 10))
        rest = total - sum(sizes.values())
        inside_share = 0.4
        others = [g for g in inside if sizes[g] == 0]
        for g in others:
            sizes[g] = int(rest * inside_share / len(others))
        remaining = total - sum(sizes.values())
        for i, g in enumerate(outside):
            sizes[g] = remaining // len(outside) + (1 if i < remaining % len(outside) else 0)
        return sizes

    def responses(self, total: int, mood: float, theme_offsets: dict[str, float], sizes: dict | None = None):
        """Yield (group_id, token_hash, answers, priorities) for ``total`` respondents (or ``sizes``)."""
        for group_id, size in (sizes or self.group_sizes(total)).items():
            if size <= 0:
                continue
            items = self.items[group_id]
            side = self.instrument.group(group_id).side
            shift = 0.25 if side == "binnenkant" else -0.35
            base = np.array([mood + theme_offsets[t] + shift for t, _, _ in items])
            values = np.clip(np.rint(base + self.rng.normal(0, 0.9, (size, len(items)))), 1, 5).astype(int)
            reverse = np.array([r for _, _, r in items])
            values = np.where(reverse, 6 - values, values)
            dont_know = self.rng.random((size, len(items))) < (0.1 if side == "buitenkant" else 0.04)
            picks = np.argsort(self.rng.random((size, len(self.theme_ids))), axis=1)[:, :3]
            ids = [s for _, s, _ in items]
            for row, dk_row, pick in zip(values.tolist(), dont_know.tolist(), picks.tolist(), strict=True):
                answers = {sid: (DONT_KNOW if dk else v) for sid, v, dk in zip(ids, row, dk_row, strict=True)}
                yield group_id, os.urandom(32).hex(), answers, [self.theme_ids[p] for p in pick]


def _insert_round(
    db, instrument: QuickScan, organisation_id: int, title: str, created: str, beheer_hash: str
) -> int:
    code = codes.new_join_code()
    while storage.join_code_exists(db, code):
        code = codes.new_join_code()
    return storage.insert_round(
        db,
        organisation_id=organisation_id,
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        title=title,
        period_start=created[:10],
        join_code=code,
        beheercode_hash=beheer_hash,
        published=1,
        k=instrument.default_k,
        created_at=created,
    )


def generate(
    db, instrument: QuickScan, scale: BenchScale, seed: int, progress: Callable[[str], None]
) -> dict:
    """Organisations with profiles and rounds of bulk-inserted responses; returns what was made."""
    storage.keep_instrument(db, instrument)
    gen = Generator(instrument, seed)
    beheer_hash = codes.hash_secret("BENCH-BEHEERCODE")
    respondents = 0
    for index in range(scale.organisations):
        rng = gen.rng
        organisation_id = storage.insert_organisation(
            db,
            f"Testgemeente {index + 1:03d}",
            "gemeente",
            _PROVINCES[int(rng.integers(len(_PROVINCES)))],
            _SIZE_CLASSES[int(rng.choice(len(_SIZE_CLASSES), p=_SIZE_WEIGHTS))],
            sorted({_TAGS[int(i)] for i in rng.integers(len(_TAGS), size=int(rng.integers(0, 3)))}),
        )
        mood = float(rng.uniform(2.6, 3.8))
        offsets = {t: float(rng.uniform(-0.6, 0.6)) for t in gen.theme_ids}
        for number in range(scale.rounds):
            created = f"{2023 + number}-03-01T09:00:00+00:00"
            round_id = _insert_round(
                db, instrument, organisation_id, f"Ronde {number + 1}", created, beheer_hash
            )
            respondents += storage.insert_submitted_responses(
                db, round_id, gen.responses(scale.respondents, mood + 0.1 * number, offsets)
            )
        if (index + 1) % 50 == 0:
            progress(f"  {index + 1} van {scale.organisations} organisaties gemaakt")
    answers = db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
    return {
        "organisations": scale.organisations,
        "rounds": scale.organisations * scale.rounds,
        "respondents": respondents,
        "answers": answers,
    }


def _round_with(db, instrument, gen: Generator, name: str, sizes: dict[str, int], beheer_hash: str) -> Round:
    organisation_id = storage.insert_organisation(db, name, "gemeente", "Utrecht", "20-50k")
    round_id = _insert_round(db, instrument, organisation_id, name, "2026-05-01T09:00:00+00:00", beheer_hash)
    offsets = {t: 0.0 for t in gen.theme_ids}
    storage.insert_submitted_responses(db, round_id, gen.responses(0, 3.2, offsets, sizes))
    row = storage.get_round(db, round_id)
    assert row is not None
    return row


# -- measurements --------------------------------------------------------------------------------


def _timed(fn: Callable, repeats: int) -> tuple[float, object]:
    """Median seconds over ``repeats`` calls (after one warm-up call), and the last result."""
    result = fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def naive_scores(db, instrument_id: str, latest: list[Round]) -> dict[int, object]:
    """The comparison the slow way: every raw answer read, tallied and scored, round by round."""
    cache = compare.InstrumentCache(db)
    versions = sorted({r.instrument_version for r in latest})
    keep = compare.shared_statement_keys(cache.get(instrument_id, v) for v in versions)
    out = {}
    for row in latest:
        instrument = compare.reduce_instrument(cache.get(instrument_id, row.instrument_version), keep)
        known = {s.id for _, s in instrument.statements()}
        per_response: dict[int, dict] = {}
        for a in storage.round_raw_answers(db, row.id):
            entry = per_response.setdefault(
                a["response_id"], {"group": a["group_id"], "answers": {}, "prio": []}
            )
            if a["question_id"] in known:
                entry["answers"][a["question_id"]] = DONT_KNOW if a["dont_know"] else a["value"]
        for p in storage.round_raw_priorities(db, row.id):
            if p["response_id"] in per_response:
                per_response[p["response_id"]]["prio"].append(p["theme_id"])
        responses = [Response(e["group"], e["answers"], e["prio"]) for e in per_response.values()]
        out[row.id] = score_round(instrument, tally_from_responses(instrument, responses), row.k)
    return out


def _agrees(comparison: compare.Comparison, naive: dict) -> bool:
    for org in comparison.organisations:
        result = naive[org.round_id]
        if {g.id: g.n for g in result.shown_groups} != org.group_n:
            return False
        for theme in result.themes:
            if {compare.OVERALL: theme.overall, **theme.by_group} != org.themes[theme.id]:
                return False
        if {compare.OVERALL: result.total.overall, **result.total.by_group} != org.total:
            return False
    return True


def measure_comparison(db, scale: BenchScale) -> dict:
    """Without cache (every round scored from its tallies), first run filling the cache, and warm."""
    repeats = max(3, scale.repeats // 2)
    uncached, comparison = _timed(lambda: compare.compare_latest(db, INSTRUMENT_ID, use_cache=False), repeats)
    start = time.perf_counter()
    compare.compare_latest(db, INSTRUMENT_ID)
    first = time.perf_counter() - start
    warm, cached = _timed(lambda: compare.compare_latest(db, INSTRUMENT_ID), repeats)
    latest = storage.latest_rounds(db, INSTRUMENT_ID)
    start = time.perf_counter()
    naive = naive_scores(db, INSTRUMENT_ID, latest)
    naive_seconds = time.perf_counter() - start
    same = _agrees(comparison, naive) and _agrees(cached, naive)
    return {
        "organisations": len(comparison.organisations),
        "seconds": warm,
        "uncached_seconds": uncached,
        "first_run_seconds": first,
        "naive_seconds": naive_seconds,
        "naive_over_uncached": naive_seconds / uncached if uncached else None,
        "naive_over_cached": naive_seconds / warm if warm else None,
        "same_scores": same,
        "target_seconds": TARGETS["comparison_seconds"],
        "ok": warm < TARGETS["comparison_seconds"] and same,
    }


def measure_comparison_after_change(db, before: int) -> dict:
    """After the report and workshop rounds were added: the cache rescores just those."""
    start = time.perf_counter()
    comparison = compare.compare_latest(db, INSTRUMENT_ID)
    seconds = time.perf_counter() - start
    return {"after_new_rounds_seconds": seconds, "new_rounds": len(comparison.organisations) - before}


def report_rounds(db, instrument: QuickScan, gen: Generator, scale: BenchScale, beheer_hash: str) -> dict:
    """A small round (two groups of k, the most groups 10 people can show), a large round spread over
    every group as in real life, and a large round in the small round's two groups (only the number
    of respondents differs)."""
    few, many = scale.report_sizes
    inside = next(g.id for g in instrument.groups if g.side == "binnenkant")
    outside = next(g.id for g in instrument.groups if g.side == "buitenkant")
    small = {inside: few - few // 2, outside: few // 2}
    return {
        "small": _round_with(db, instrument, gen, "Rapport klein", small, beheer_hash),
        "large": _round_with(db, instrument, gen, "Rapport groot", gen.group_sizes(many), beheer_hash),
        "large_same_groups": _round_with(
            db,
            instrument,
            gen,
            "Rapport groot, twee groepen",
            {inside: many - many // 2, outside: many // 2},
            beheer_hash,
        ),
    }


#: A report takes milliseconds: this many timings per round, taken in turns, give a stable median.
REPORT_REPEATS = 60


def measure_reports(db, catalog, report_rows: dict, repeats: int) -> dict:
    """Median time per round report. The rounds are timed in turns (small, large, small, ...), so that
    a moment of load on the machine falls on all of them alike and the ratio stays fair."""
    shown, samples = {}, {name: [] for name in report_rows}
    for name, row in report_rows.items():  # warm-up, and what each report shows
        report = build_round_report(db, catalog, row)
        shown[name] = (report.result.respondents_total, len(report.result.shown_groups))
    for _ in range(max(repeats, REPORT_REPEATS)):
        for name, row in report_rows.items():
            start = time.perf_counter()
            build_round_report(db, catalog, row)
            samples[name].append(time.perf_counter() - start)
    times = {name: statistics.median(values) for name, values in samples.items()}
    ratio = times["large"] / times["small"] if times["small"] else None
    same_groups_ratio = times["large_same_groups"] / times["small"] if times["small"] else None
    return {
        "small_respondents": shown["small"][0],
        "small_shown_groups": shown["small"][1],
        "large_respondents": shown["large"][0],
        "large_shown_groups": shown["large"][1],
        "small_seconds": times["small"],
        "large_seconds": times["large"],
        "large_same_groups_seconds": times["large_same_groups"],
        "large_over_small": ratio,
        "large_same_groups_over_small": same_groups_ratio,
        "target_ratio": TARGETS["report_ratio"],
        "ok": ratio is not None and ratio <= TARGETS["report_ratio"],
    }


def machine() -> dict:
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "memory_gib": memory,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "load_average_1m": _load(),
    }


def _load() -> float | None:
    """Other work on the machine skews the seconds (less so the ratios); recorded with the figures."""
    return round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None


def _settle(db) -> None:
    """Put the generated data on disk before a measurement, as on a server where it was written long
    ago: otherwise the kernel writes back a gigabyte of fresh pages (or the report rounds' 20,000
    responses) during the measurement, every checkpoint's wait for the disk (fsync) waits for all of
    it, and writers are slowed down by the kernel's limit on dirty pages."""
    if storage.engine_of(db) == storage.SQLITE:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    elif _is_superuser(db):
        db.execute("CHECKPOINT")  # PostgreSQL writes its dirty pages now, not during the measurement
    os.sync()


def _is_superuser(db) -> bool:
    return db.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0] == 1


def _server_version(db) -> str | None:
    if storage.engine_of(db) == storage.SQLITE:
        return None
    return str(db.execute("SHOW server_version").fetchone()[0])


def _size_mib(db, folder: Path) -> float:
    if storage.engine_of(db) == storage.SQLITE:
        return round(
            sum(p.stat().st_size for p in folder.iterdir() if p.name.startswith("bench.db")) / 2**20, 1
        )
    return round(db.execute("SELECT pg_database_size(current_database())").fetchone()[0] / 2**20, 1)


def run(
    scale_name: str = "small",
    *,
    seed: int = 5,
    keep_db: bool = False,
    progress=print,
    db_url: str | None = None,
) -> dict:
    """Measure on a temporary SQLite file, or on the (empty) PostgreSQL database ``db_url``."""
    scale = SCALES[scale_name]
    catalog = load_catalog()
    instrument = catalog.get(INSTRUMENT_ID)
    assert isinstance(instrument, QuickScan)
    load_at_start = _load()
    folder = Path(tempfile.mkdtemp(prefix="dia-scan-bench-"))
    db_path = db_url or folder / "bench.db"
    try:
        db = storage.connect(db_path)
        if db_url and storage.list_organisations(db):
            raise storage.StorageError("De benchmark heeft een lege database nodig; deze bevat al gegevens.")
        progress(f"Synthetische gegevens maken ({scale_name}) in {storage.engine.redacted(str(db_path))} ...")
        start = time.perf_counter()
        data = generate(db, instrument, scale, seed, progress)
        db.execute("ANALYZE")
        _settle(db)
        data["generate_seconds"] = time.perf_counter() - start
        data["database_mib"] = _size_mib(db, folder)
        data["engine"] = storage.engine_of(db)
        data["postgresql"] = _server_version(db)
        progress("Vergelijking meten ...")
        comparison = measure_comparison(db, scale)
        gen = Generator(instrument, seed + 1)
        beheer_hash = codes.hash_secret("BENCH-BEHEERCODE")
        report_rows = report_rounds(db, instrument, gen, scale, beheer_hash)
        _settle(db)
        progress("Rapporten meten ...")
        reports = measure_reports(db, catalog, report_rows, scale.repeats)
        comparison.update(measure_comparison_after_change(db, comparison["organisations"]))
        db.close()
    finally:
        if not keep_db:
            shutil.rmtree(folder, ignore_errors=True)
    return {
        "format": "dia-scan-bench",
        "scale": scale_name,
        "measured_at": storage.now(),
        "machine": machine() | {"load_average_1m_at_start": load_at_start},
        "data": data,
        "comparison": comparison,
        "report": reports,
        "database_kept": str(db_path) if keep_db and not db_url else None,
    }


def _fmt(value, unit: str = "", digits: int = 3) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return f"{value:.{digits}f}{unit}"
    return f"{value}{unit}"


def table(result: dict) -> str:
    c, r, d, m = result["comparison"], result["report"], result["data"], result["machine"]
    ok = lambda flag: "OK" if flag else "NIET GEHAALD"  # noqa: E731
    lines = [
        f"DiA Scan benchmark ({result['scale']}), {result['measured_at']}",
        f"Machine: {m['nproc']} cores, {m['memory_gib']} GiB, Python {m['python']}, SQLite {m['sqlite']}, "
        f"belasting (load average 1 min) {m.get('load_average_1m_at_start')} bij de start, {m['load_average_1m']} aan het eind",
        f"Database: {d.get('engine', 'sqlite')}"
        + (f" (PostgreSQL {d['postgresql']})" if d.get("postgresql") else ""),
        f"Gegevens: {d['organisations']} organisaties, {d['rounds']} rondes, {d['respondents']} respondenten, "
        f"{d['answers']} antwoorden ({d['database_mib']} MiB, gemaakt in {d['generate_seconds']:.0f} s)",
        "",
        f"{'meting':<52}{'waarde':>14}  doel",
        f"{'vergelijking, ' + str(c['organisations']) + ' organisaties (met cache)':<52}{_fmt(c['seconds'], ' s'):>14}"
        f"  < {c['target_seconds']:.0f} s: {ok(c['seconds'] < c['target_seconds'])}",
        f"{'  na ' + str(c['new_rounds']) + ' nieuwe rondes (alleen die opnieuw)':<52}"
        f"{_fmt(c['after_new_rounds_seconds'], ' s'):>14}",
        f"{'  zonder cache (elke ronde uit de tellingen)':<52}{_fmt(c['uncached_seconds'], ' s'):>14}",
        f"{'  eerste keer (tellingen, cache vullen)':<52}{_fmt(c['first_run_seconds'], ' s'):>14}",
        f"{'  uit losse antwoorden (naïef)':<52}{_fmt(c['naive_seconds'], ' s'):>14}",
        f"{'  verhouding naïef / zonder cache':<52}{_fmt(c['naive_over_uncached'], 'x', 1):>14}",
        f"{'  verhouding naïef / met cache':<52}{_fmt(c['naive_over_cached'], 'x', 0):>14}",
        f"{'  zelfde scores':<52}{_fmt(c['same_scores']):>14}  ja: {ok(c['same_scores'])}",
        f"{'rapport ' + str(r['small_respondents']) + ' respondenten (' + str(r['small_shown_groups']) + ' groepen)':<52}"
        f"{_fmt(r['small_seconds'], ' s'):>14}",
        f"{'rapport ' + str(r['large_respondents']) + ' respondenten (' + str(r['large_shown_groups']) + ' groepen)':<52}"
        f"{_fmt(r['large_seconds'], ' s'):>14}",
        f"{'  verhouding groot / klein':<52}{_fmt(r['large_over_small'], 'x', 2):>14}"
        f"  <= {r['target_ratio']:.0f}x: {ok(r['ok'])}",
        f"{'  verhouding bij dezelfde 2 groepen':<52}{_fmt(r['large_same_groups_over_small'], 'x', 2):>14}",
    ]
    return "\n".join(lines)


def cmd_bench(args) -> int:
    result = run(
        args.scale, keep_db=args.keep_db, progress=lambda text: print(text, file=sys.stderr), db_url=args.db
    )
    print(table(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"\nJSON geschreven naar {args.json}")
    return 0


def add_bench_parser(sub) -> None:
    p = sub.add_parser("bench", help="meet de snelheid met synthetische gegevens (tijdelijke database)")
    p.add_argument("--scale", choices=sorted(SCALES), default="small")
    p.add_argument("--json", help="schrijf alle meetwaarden als JSON naar dit bestand")
    p.add_argument("--keep-db", action="store_true", help="bewaar de tijdelijke database")
    p.add_argument(
        "--db", help="meet op deze lege PostgreSQL-database (postgresql://...) in plaats van SQLite"
    )
    p.set_defaults(func=cmd_bench)

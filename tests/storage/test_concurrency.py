"""Many writers on one database file, in separate processes (never threads), and a writer killed mid-submit.

The workers are in tests/fixtures/workers.py: each is a fresh Python process with its own
``storage.connect``; they start together, so their submits really overlap.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from collections import Counter

import pytest

from dia_scan import storage
from dia_scan.quickscan import rounds
from dia_scan.storage import connection
from dia_scan.storage.engine import engine_of
from tests.builders import new_round
from tests.fixtures.workers import GROUPS, draft_for, expect_line, finish, start_together, start_worker

# -- helpers -------------------------------------------------------------------------------------


def recount(db, round_id: int) -> Counter:
    """Tallies as they should be, counted again from the individual answers and priority picks."""
    counts: Counter = Counter()
    for a in storage.round_raw_answers(db, round_id):
        counts[(a["group_id"], a["question_id"], "dk" if a["dont_know"] else str(a["value"]))] += 1
    for p in storage.round_raw_priorities(db, round_id):
        counts[(p["group_id"], storage.PRIORITIES_KEY, p["theme_id"])] += 1
    return counts


def stored_tallies(db, round_id: int) -> Counter:
    return Counter(
        {(t["group_id"], t["question_id"], t["option"]): t["n"] for t in storage.round_tallies(db, round_id)}
    )


def assert_consistent(db, round_row: dict) -> None:
    """Tallies equal a recount, group counts equal the submitted responses, no half responses."""
    round_id = round_row.id
    assert stored_tallies(db, round_id) == recount(db, round_id)
    submitted = Counter(
        r["group_id"]
        for r in db.query(
            "SELECT group_id FROM responses WHERE round_id = ? AND submitted_at IS NOT NULL", [round_id]
        )
    )
    counted = {g: c["submitted"] for g, c in storage.group_counts(db, round_id).items() if c["submitted"]}
    assert counted == dict(submitted)
    orphans = db.execute(
        """SELECT COUNT(*) FROM answers a JOIN responses r ON r.id = a.response_id
           WHERE r.submitted_at IS NULL"""
    ).fetchone()[0]
    assert orphans == 0, "answers of a response that was never submitted"
    if engine_of(db) == "sqlite":
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def write_lock_is_held(target) -> bool:
    """Whether another connection holds the write lock now (SQLite's, or PostgreSQL's advisory lock)."""
    if storage.engine.is_url(target):
        import psycopg

        from dia_scan.storage.postgres import WRITE_LOCK_KEY

        with psycopg.connect(str(target), autocommit=True) as probe:
            taken = probe.execute("SELECT pg_try_advisory_lock(%s)", [WRITE_LOCK_KEY]).fetchone()[0]
            if taken:
                probe.execute("SELECT pg_advisory_unlock(%s)", [WRITE_LOCK_KEY])
            return not taken
    probe = sqlite3.connect(target, timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as err:
        return "locked" in str(err)
    finally:
        probe.close()
    return False


# -- the tests -----------------------------------------------------------------------------------

WORKERS = 24
PER_WORKER = 5


def test_many_concurrent_submitters_lose_and_duplicate_nothing(
    db, db_path, catalog, organisation_id, tmp_path
):
    round_row = new_round(db, catalog, organisation_id)
    instrument = rounds.round_instrument(db, round_row)
    plans = [[GROUPS[(w + i) % len(GROUPS)] for i in range(PER_WORKER)] for w in range(WORKERS)]
    go = tmp_path / "go"
    procs = [
        start_worker("submit", db=db_path, round_id=round_row.id, groups=plan, seed=w, go=go)
        for w, plan in enumerate(plans)
    ]
    start_together(procs, go)
    results = [finish(p) for p in procs]

    returned = [rid for r in results for rid in r["submitted"]]
    assert len(returned) == WORKERS * PER_WORKER
    assert len(set(returned)) == len(returned), "two workers got the same response id"
    stored = {
        r["id"]
        for r in db.query(
            "SELECT id FROM responses WHERE round_id = ? AND submitted_at IS NOT NULL", [round_row.id]
        )
    }
    assert stored == set(returned)

    planned = Counter(g for plan in plans for g in plan)
    assert storage.group_counts(db, round_row.id) == {
        g: {"started": n, "submitted": n} for g, n in planned.items()
    }
    statements_per_group = {g: len(instrument.statements_for(g)) for g in GROUPS}
    expected_answers = sum(statements_per_group[g] * n for g, n in planned.items())
    assert db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == expected_answers
    tallies = stored_tallies(db, round_row.id)
    assert sum(n for (_, q, _), n in tallies.items() if q != storage.PRIORITIES_KEY) == expected_answers
    assert sum(n for (_, q, _), n in tallies.items() if q == storage.PRIORITIES_KEY) == 3 * len(returned)
    assert_consistent(db, round_row)


def test_the_same_response_submitted_by_two_processes_at_once_is_stored_once(
    db, db_path, catalog, organisation_id, tmp_path
):
    round_row = new_round(db, catalog, organisation_id)
    instrument = rounds.round_instrument(db, round_row)
    draft = draft_for(instrument, "inwoners", random.Random(7))
    ids = [rounds.start_response(db, round_row, "inwoners").response_id for _ in range(12)]
    go = tmp_path / "go"
    procs = [start_worker("submit_same", db=db_path, response_ids=ids, draft=draft, go=go) for _ in range(2)]
    start_together(procs, go)
    first, second = (finish(p)["results"] for p in procs)
    assert [a + b for a, b in zip(first, second, strict=True)] == [1] * len(ids), "each exactly once"
    assert storage.group_counts(db, round_row.id) == {"inwoners": {"started": 12, "submitted": 12}}
    assert db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 12 * len(draft["answers"])
    assert_consistent(db, round_row)


def test_submitting_twice_in_a_row_stores_once(db, catalog, organisation_id):
    round_row = new_round(db, catalog, organisation_id)
    draft = draft_for(rounds.round_instrument(db, round_row), "raad", random.Random(1))
    handle = rounds.start_response(db, round_row, "raad")
    assert rounds.submit(db, handle.response_id, draft) is True
    before = stored_tallies(db, round_row.id)
    assert rounds.submit(db, handle.response_id, draft) is False
    assert storage.submit_response(db, handle.response_id, {"raad_kaders": 1}, [], {}) is False
    assert stored_tallies(db, round_row.id) == before
    assert storage.group_counts(db, round_row.id) == {"raad": {"started": 1, "submitted": 1}}


def test_a_writer_killed_mid_submit_leaves_nothing_of_it_and_a_retry_stores_it_once(
    db, db_path, catalog, organisation_id, tmp_path
):
    round_row = new_round(db, catalog, organisation_id)
    instrument = rounds.round_instrument(db, round_row)
    rng = random.Random(3)
    for group_id in GROUPS:  # some earlier, complete responses
        rounds.submit_complete(db, round_row, group_id, draft_for(instrument, group_id, rng))
    victim = rounds.start_response(db, round_row, "inwoners")
    victim_draft = draft_for(instrument, "inwoners", rng)
    tallies_before = stored_tallies(db, round_row.id)
    counts_before = storage.group_counts(db, round_row.id)

    doomed = start_worker("hang_in_submit", db=db_path, response_id=victim.response_id, draft=victim_draft)
    try:
        expect_line(doomed, "holding")
        # It really is inside the write transaction: nobody else can start one now.
        assert write_lock_is_held(db_path)
        # A second writer queues up behind the lock (busy timeout) ...
        waiting = start_worker(
            "submit",
            db=db_path,
            round_id=round_row.id,
            groups=["raad", "inwoners"],
            seed=9,
            ready_before_connect=True,
        )
        expect_line(waiting, "ready")
        time.sleep(0.5)
        assert waiting.poll() is None, "the second writer should be waiting for the lock"
    finally:
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=30)
    assert doomed.returncode == -signal.SIGKILL
    # ... and goes ahead once the killed process is gone. The killed transaction was never committed,
    # so nothing of it is in the database: a submission is stored whole or not at all.
    assert len(finish(waiting)["submitted"]) == 2

    fresh = storage.connect(db_path)
    victim_row = storage.get_response_by_id(fresh, victim.response_id)
    assert victim_row.submitted_at is None
    assert victim_row.draft == {}, "the started response keeps its (empty) draft"
    victim_answers = fresh.execute(
        "SELECT COUNT(*) FROM answers WHERE response_id = ?", [victim.response_id]
    ).fetchone()[0]
    assert victim_answers == 0
    added = stored_tallies(fresh, round_row.id) - tallies_before
    assert sum(added.values()) == sum(len(instrument.statements_for(g)) + 3 for g in ("raad", "inwoners")), (
        "only the two later responses were added"
    )
    assert storage.group_counts(fresh, round_row.id)["inwoners"]["submitted"] == (
        counts_before["inwoners"]["submitted"] + 1
    )
    assert_consistent(fresh, round_row)
    # The interrupted respondent who tries again is stored whole, once.
    assert rounds.submit(fresh, victim.response_id, victim_draft) is True
    assert rounds.submit(fresh, victim.response_id, victim_draft) is False
    assert storage.group_counts(fresh, round_row.id)["inwoners"]["submitted"] == (
        counts_before["inwoners"]["submitted"] + 2
    )
    assert_consistent(fresh, round_row)
    if engine_of(fresh) == "sqlite":
        beside = {p.name for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)}
        assert beside <= {db_path.name, f"{db_path.name}-wal", f"{db_path.name}-shm"}, (
            "no file beside the database but SQLite's own"
        )


def test_many_processes_opening_a_new_database_at_once_migrate_it_once(tmp_path):
    path = tmp_path / "nieuw.db"
    go = tmp_path / "go"
    procs = [start_worker("open_only", db=path, go=go) for _ in range(6)]
    start_together(procs, go)
    for proc in procs:
        finish(proc)
    db = storage.connect(path)
    assert [r["number"] for r in db.query("SELECT number FROM _migrations")] == [
        n for n, _, _ in storage.MIGRATIONS
    ]
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.sqlite_only
def test_opening_a_connection_does_not_wait_for_a_writer(db, db_path, monkeypatch):
    writer = sqlite3.connect(db_path)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO organisations (name, created_at) VALUES ('Bezig', 'nu')")
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 300)
    try:
        reader = storage.connect(db_path)  # WAL: readers never need to wait for a writer
        assert reader.execute("SELECT COUNT(*) FROM organisations").fetchone()[0] == 0
    finally:
        writer.rollback()
        writer.close()

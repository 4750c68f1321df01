"""Sending in: one BEGIN IMMEDIATE transaction on the caller's connection, stored whole and once, even
with many threads at once; a busy database gives a Dutch message and loses nothing; a database is
prepared (WAL, migrations) once per process; a submit queue folder left by an older version is
drained on start-up."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
from collections import Counter

import pytest

from dia_scan import storage
from dia_scan.quickscan import rounds
from dia_scan.storage import connection, database, schema
from tests.builders import new_round
from tests.conftest import round_permit
from tests.storage.test_concurrency import assert_consistent, stored_tallies


def _full_answers(instrument, group_id: str, value: int = 4) -> dict:
    return {s.id: value for _, s in instrument.statements_for(group_id)}


def _files_beside(db_path) -> set[str]:
    return {p.name for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)}


@pytest.fixture
def round_row(db, catalog, organisation_id) -> dict:
    return new_round(db, catalog, organisation_id)


@pytest.fixture
def instrument(db, round_row):
    return rounds.round_instrument(db, round_row)


@pytest.fixture
def as_new_process(monkeypatch):
    """Forget which databases this process prepared, as a freshly started app would not know."""
    monkeypatch.setattr(database, "_PREPARED", {})
    monkeypatch.setattr(database, "_DRAINED", set())


# -- the write path --------------------------------------------------------------------------------


@pytest.mark.sqlite_only
def test_a_submit_is_one_immediate_transaction_stored_once(db, db_path, round_row, instrument):
    handle = rounds.start_response(db, round_row, "raad")
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    answers = _full_answers(instrument, "raad")
    assert storage.submit_response(db, handle.response_id, answers, ["t1"], {"open_1": "tekst"}) is True
    db.conn.set_trace_callback(None)
    assert [s for s in statements if s.startswith(("BEGIN", "COMMIT"))] == ["BEGIN IMMEDIATE", "COMMIT"]
    before = stored_tallies(db, round_row.id)
    # A second submit of the same response reports "already sent" and changes nothing.
    assert storage.submit_response(db, handle.response_id, answers, ["t2"], {"open_1": "anders"}) is False
    assert rounds.submit(db, handle.response_id) is False
    assert stored_tallies(db, round_row.id) == before
    assert storage.group_counts(db, round_row.id)["raad"] == {"started": 1, "submitted": 1}
    assert db.execute("SELECT COUNT(*) FROM open_answers").fetchone()[0] == 1
    assert _files_beside(db_path) <= {"dia_scan.db", "dia_scan.db-wal", "dia_scan.db-shm"}
    assert_consistent(db, round_row)


def test_an_unknown_response_says_so_in_dutch(db, round_row):
    with pytest.raises(storage.StorageError, match="Deze antwoorden zijn niet gevonden"):
        storage.submit_response(db, 987654, {"raad_kaders": 3}, [], {})
    assert storage.group_counts(db, round_row.id) == {}


def test_inside_an_open_transaction_a_submit_is_part_of_it(db, round_row, instrument):
    handle = rounds.start_response(db, round_row, "raad")
    with pytest.raises(RuntimeError), storage.transaction(db):
        storage.submit_response(db, handle.response_id, _full_answers(instrument, "raad"), [], {})
        assert storage.get_response_by_id(db, handle.response_id).submitted_at
        raise RuntimeError("import breaks off")
    assert storage.get_response_by_id(db, handle.response_id).submitted_at is None
    with storage.transaction(db):
        storage.submit_response(db, handle.response_id, _full_answers(instrument, "raad"), [], {})
    assert storage.get_response_by_id(db, handle.response_id).submitted_at
    assert_consistent(db, round_row)


THREADS = 50


def test_fifty_threads_each_with_its_own_connection_store_everything_once(db, db_path, round_row, instrument):
    groups = ("raad", "college", "organisatie", "inwoners")
    handles = [rounds.start_response(db, round_row, groups[i % len(groups)]) for i in range(THREADS)]
    results: dict[int, list] = {}
    go = threading.Barrier(THREADS)

    def send(i: int) -> None:
        # Each thread sends in its own response and, at the same moment, its neighbour's (as a second
        # tab or a double click would): every response must be stored exactly once.
        out = []
        try:
            conn = storage.connect(db_path)
            try:
                go.wait(timeout=30)
                for j in (i, (i + 1) % THREADS):
                    group = groups[j % len(groups)]
                    answers = _full_answers(instrument, group, 1 + j % 5)
                    out.append(
                        storage.submit_response(
                            conn, handles[j].response_id, answers, ["t1"], {"open_1": f"tekst {j}"}
                        )
                    )
            finally:
                conn.close()
        except Exception as err:  # noqa: BLE001 - reported by the assert below
            out.append(err)
        results[i] = out

    threads = [threading.Thread(target=send, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not [r for out in results.values() for r in out if not isinstance(r, bool)]
    stored_by = Counter()
    for i, (own, neighbour) in results.items():
        stored_by[i] += own
        stored_by[(i + 1) % THREADS] += neighbour
    assert stored_by == Counter(dict.fromkeys(range(THREADS), 1)), "each response stored by exactly one"
    planned = Counter(groups[i % len(groups)] for i in range(THREADS))
    assert storage.group_counts(db, round_row.id) == {
        g: {"started": n, "submitted": n} for g, n in planned.items()
    }
    assert db.execute("SELECT COUNT(*) FROM open_answers").fetchone()[0] == THREADS
    assert db.execute("SELECT COUNT(DISTINCT response_id) FROM answers").fetchone()[0] == THREADS
    assert_consistent(db, round_row)


@pytest.mark.sqlite_only
def test_a_submit_waits_for_another_writer_within_the_busy_timeout(db, db_path, round_row, instrument):
    handle = rounds.start_response(db, round_row, "raad")
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another connection writing (a draft save, the CLI)
    released = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    released.start()
    try:
        assert storage.submit_response(db, handle.response_id, _full_answers(instrument, "raad"), [], {})
    finally:
        released.join()
        other.close()
    assert_consistent(db, round_row)


@pytest.mark.sqlite_only
def test_a_busy_database_gives_the_dutch_message_and_loses_nothing_on_retry(
    db, db_path, round_row, instrument, monkeypatch
):
    handle = rounds.start_response(db, round_row, "raad")
    storage.save_draft(db, handle.response_id, {"answers": {"raad_kaders": 2}})
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 200)
    impatient = storage.connect(db_path)
    assert impatient.execute("PRAGMA busy_timeout").fetchone()[0] == 200
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE organisations SET name = name")
    try:
        started = time.monotonic()
        with pytest.raises(storage.StorageError, match="even bezet") as info:
            storage.submit_response(impatient, handle.response_id, _full_answers(instrument, "raad"), [], {})
        assert str(info.value) == storage.BUSY_MESSAGE
        assert time.monotonic() - started < 5
        with pytest.raises(storage.StorageError, match="even bezet"):
            storage.save_draft(impatient, handle.response_id, {"answers": {"raad_kaders": 5}})
        assert not impatient.conn.in_transaction
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert storage.get_response_by_id(db, handle.response_id).submitted_at is None
    assert storage.get_response_by_id(db, handle.response_id).draft == {"answers": {"raad_kaders": 2}}
    assert storage.group_counts(db, round_row.id)["raad"]["submitted"] == 0
    # Trying again once the other writer is done stores it whole, once.
    answers = _full_answers(instrument, "raad")
    assert storage.submit_response(impatient, handle.response_id, answers, [], {}) is True
    assert storage.submit_response(impatient, handle.response_id, answers, [], {}) is False
    impatient.close()
    assert storage.group_counts(db, round_row.id)["raad"] == {"started": 1, "submitted": 1}
    assert_consistent(db, round_row)


# -- once per process ------------------------------------------------------------------------------


@pytest.mark.sqlite_only
def test_a_database_is_switched_to_wal_and_migrated_once_per_process(db_path, monkeypatch, as_new_process):
    calls: list[str] = []
    ensure_wal, migrate = connection.ensure_wal, schema.migrate
    monkeypatch.setattr(connection, "ensure_wal", lambda conn: calls.append("wal") or ensure_wal(conn))
    monkeypatch.setattr(schema, "migrate", lambda db: calls.append("migrate") or migrate(db))
    storage.connect(db_path).close()
    assert calls == ["wal", "migrate"]
    for _ in range(3):
        db = storage.connect(db_path)
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == storage.BUSY_TIMEOUT_MS
        db.close()
    storage.connect(db_path, migrate_schema=False).close()
    assert calls == ["wal", "migrate"], "later opens set only the connection's own pragmas"
    # Another file put in its place (a new inode) is prepared again.
    replacement = db_path.with_name("vervanging.db")
    sqlite3.connect(replacement).close()
    os.replace(replacement, db_path)
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    db = storage.connect(db_path)
    assert calls == ["wal", "migrate"] * 2
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert storage.schema_version(db) == max(n for n, _, _ in storage.MIGRATIONS)
    db.close()


def test_many_threads_opening_a_new_database_prepare_it_once(tmp_path, monkeypatch, as_new_process):
    path = tmp_path / "nieuw.db"
    migrated: list[int] = []
    migrate = schema.migrate
    monkeypatch.setattr(schema, "migrate", lambda db: migrated.append(1) or migrate(db))
    go = threading.Barrier(8)
    errors: list[Exception] = []

    def open_it() -> None:
        try:
            go.wait(timeout=30)
            storage.connect(path).close()
        except Exception as err:  # noqa: BLE001 - reported by the assert below
            errors.append(err)

    threads = [threading.Thread(target=open_it) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert migrated == [1]


# -- a submit queue folder left by an older version ------------------------------------------------


def _old_job(folder, db_path, payload: dict, *, made_for: str | None = None) -> str:
    """A job file exactly as the older version's submit queue wrote it (``_enqueue``)."""
    folder.mkdir(mode=0o700, exist_ok=True)
    name = f"{time.time_ns():020d}-{os.getpid()}-{threading.get_ident()}-{os.urandom(4).hex()}"
    info = os.stat(db_path)
    job = {"db": made_for or f"{info.st_dev}:{info.st_ino}", "payload": payload}
    fd = os.open(folder / (name + ".tmp"), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.write(fd, json.dumps(job, ensure_ascii=False).encode("utf-8"))
    os.close(fd)
    os.rename(folder / (name + ".tmp"), folder / (name + ".job"))
    return name


def _old_payload(response_id: int, answers: dict, priorities=(), texts=(), background=None) -> dict:
    """What the older storage.submit_response queued."""
    payload = {
        "response": response_id,
        "answers": json.dumps({q: "dk" if v == "dk" else int(v) for q, v in answers.items()}),
        "priorities": json.dumps(list(priorities)),
        "priorities_key": storage.PRIORITIES_KEY,
        "now": storage.now(),
        "texts": [list(t) for t in texts],
    }
    if background is not None:
        payload["background"] = json.dumps(background)
    return payload


@pytest.mark.sqlite_only
def test_jobs_left_by_an_older_version_are_stored_or_refused_and_the_folder_is_removed(
    db, db_path, catalog, organisation_id, round_row, instrument, as_new_process, caplog
):
    closed_row = new_round(db, catalog, organisation_id, title="Gesloten ronde")
    open_handle = rounds.start_response(db, round_row, "inwoners")
    sent_handle = rounds.start_response(db, round_row, "raad")
    closed_handle = rounds.start_response(db, closed_row, "raad")
    rounds.set_published(db, round_permit(closed_row), False)
    background_question = instrument.background_for("inwoners")[0]
    over_u = {background_question.id: background_question.options[0].id}
    folder = db_path.with_name(db_path.name + "-submit-queue")
    lock = db_path.with_name(db_path.name + "-submit.lock")

    _old_job(
        folder,
        db_path,
        _old_payload(
            open_handle.response_id,
            _full_answers(instrument, "inwoners", 2),
            ["t1"],
            [("open_1", "uit de wachtrij")],
            over_u,
        ),
    )
    _old_job(folder, db_path, _old_payload(sent_handle.response_id, {"raad_kaders": 1}))  # no background
    _old_job(folder, db_path, _old_payload(closed_handle.response_id, _full_answers(instrument, "raad")))
    _old_job(folder, db_path, _old_payload(987654, {"raad_kaders": 3}))  # the response is gone
    _old_job(folder, db_path, _old_payload(sent_handle.response_id, {"raad_kaders": 5}), made_for="0:0")
    (folder / "00000000000000000001-1-1-abcdef01.job").write_text("{half")
    (folder / "00000000000000000002-1-1-abcdef02.tmp").write_text("{}")
    (folder / "00000000000000000003-1-1-abcdef03.out").write_text("stored")
    lock.touch(mode=0o600)
    # The older version stored this one twice over: first its own, then the job of its job file.
    storage.submit_response(db, sent_handle.response_id, _full_answers(instrument, "raad", 3), [], {})
    before = stored_tallies(db, round_row.id)

    with caplog.at_level(logging.INFO, logger="dia_scan.storage.legacy_queue"):
        fresh = storage.connect(db_path)

    assert not folder.exists() and not lock.exists()
    assert _files_beside(db_path) <= {"dia_scan.db", "dia_scan.db-wal", "dia_scan.db-shm"}
    # The open round's job is stored, with its 'Over u' answer in the background tallies only.
    assert storage.get_response_by_id(fresh, open_handle.response_id).submitted_at
    added = stored_tallies(fresh, round_row.id) - before
    assert sum(added.values()) == len(instrument.statements_for("inwoners")) + 1
    assert storage.background_tally_rows(fresh, round_row.id) == [
        ("inwoners", background_question.id, background_question.options[0].id, 1)
    ]
    assert [r["text"] for r in storage.round_open_answers(fresh, round_row.id)] == ["uit de wachtrij"]
    assert storage.group_counts(fresh, round_row.id)["raad"] == {"started": 1, "submitted": 1}
    # The closed round's job is refused.
    assert storage.get_response_by_id(fresh, closed_handle.response_id).submitted_at is None
    assert storage.group_counts(fresh, closed_row.id)["raad"]["submitted"] == 0
    assert_consistent(fresh, round_row)
    assert_consistent(fresh, closed_row)
    refusals = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(refusals) == 4, refusals
    for reason in ("round is closed", "no longer exists", "another database file", "cannot be read"):
        assert sum(reason in r for r in refusals) == 1, reason
    fresh.close()


@pytest.mark.sqlite_only
def test_a_legacy_queue_on_a_busy_database_waits_for_the_next_open(
    db, db_path, round_row, instrument, as_new_process, monkeypatch
):
    handle = rounds.start_response(db, round_row, "raad")
    folder = db_path.with_name(db_path.name + "-submit-queue")
    _old_job(folder, db_path, _old_payload(handle.response_id, _full_answers(instrument, "raad")))
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 100)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        storage.connect(db_path).close()  # the app still opens; the job stays where it is
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert len(list(folder.glob("*.job"))) == 1
    assert storage.get_response_by_id(db, handle.response_id).submitted_at is None
    storage.connect(db_path).close()
    assert not folder.exists()
    assert storage.get_response_by_id(db, handle.response_id).submitted_at
    assert_consistent(db, round_row)

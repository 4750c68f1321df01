"""The submit queue (group commit): waiting submissions are stored together, whole and once; a waiter
gives up at its deadline with a Dutch message and nothing half-stored; leftovers of dead processes are
stored by the next writer; a job never lands in another database file."""

from __future__ import annotations

import fcntl
import os
import stat
import threading
import time

import pytest

from dia_scan import storage
from dia_scan.quickscan import rounds
from dia_scan.storage import submit_queue
from tests.test_concurrency import assert_consistent, make_round


def _full_answers(instrument, group_id: str, value: int = 4) -> dict:
    return {s.id: value for _, s in instrument.statements_for(group_id)}


@pytest.fixture
def round_row(db, catalog, organisation_id) -> dict:
    return make_round(db, catalog, organisation_id)


@pytest.fixture
def instrument(db, round_row):
    return rounds.round_instrument(db, round_row)


def _hold_lock(db_path, mode=fcntl.LOCK_EX) -> int:
    """Take the queue's lock from a separate open file, as another process writing would."""
    fd = os.open(submit_queue.paths(db_path)[1], os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, mode)
    return fd


def _queued(db_path) -> list[str]:
    folder = submit_queue.paths(db_path)[0]
    return sorted(p.name for p in folder.glob("*.job")) if folder.exists() else []


def test_a_submit_on_a_database_file_goes_through_the_queue_and_leaves_no_files(
    db, db_path, round_row, instrument
):
    handle = rounds.start_response(db, round_row, "raad")
    assert (
        storage.submit_response(db, handle.response_id, _full_answers(instrument, "raad"), ["t1"], {}) is True
    )
    folder = submit_queue.paths(db_path)[0]
    assert folder.is_dir(), "the queue folder is made next to the database"
    assert list(folder.iterdir()) == []
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700, "answers wait in a folder only the app can read"
    assert storage.get_response_by_id(db, handle.response_id)["submitted_at"]
    assert_consistent(db, round_row)


def test_inside_an_open_transaction_a_submit_is_stored_in_place(db, db_path, round_row, instrument):
    handle = rounds.start_response(db, round_row, "raad")
    # In place: part of the open transaction, so it rolls back with it (a queued job would not).
    with pytest.raises(RuntimeError), storage.transaction(db):
        storage.submit_response(db, handle.response_id, _full_answers(instrument, "raad"), [], {})
        assert storage.get_response_by_id(db, handle.response_id)["submitted_at"]
        raise RuntimeError("import breaks off")
    assert storage.get_response_by_id(db, handle.response_id)["submitted_at"] is None
    with storage.transaction(db):
        started = rounds.start_response(db, round_row, "raad")
        storage.submit_response(db, handle.response_id, _full_answers(instrument, "raad"), [], {})
    assert _queued(db_path) == []
    assert storage.get_response_by_id(db, handle.response_id)["submitted_at"]
    assert storage.get_response_by_id(db, started.response_id)["submitted_at"] is None
    assert_consistent(db, round_row)


def test_waiting_submissions_are_stored_together_in_one_transaction(db, db_path, round_row, instrument):
    handles = [rounds.start_response(db, round_row, "inwoners") for _ in range(6)]
    begins: list[str] = []
    results: dict[int, object] = {}

    def send(i: int, response_id: int) -> None:
        conn = storage.connect(db_path)
        conn.conn.set_trace_callback(lambda sql: begins.append(sql) if sql.startswith("BEGIN") else None)
        try:
            results[i] = storage.submit_response(
                conn,
                response_id,
                _full_answers(instrument, "inwoners", 1 + i % 5),
                ["t2"],
                {"open_1": f"tekst {i}"},
            )
        except Exception as err:  # noqa: BLE001 - reported by the assert below
            results[i] = err
        finally:
            conn.close()

    held = _hold_lock(db_path)  # someone else is writing
    threads = [threading.Thread(target=send, args=(i, h.response_id)) for i, h in enumerate(handles)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 10
    while len(_queued(db_path)) < len(handles) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(_queued(db_path)) == len(handles), "every submission waits in the queue"
    assert not begins, "nobody writes while the lock is held"
    os.close(held)
    for t in threads:
        t.join(timeout=20)
    assert results == {i: True for i in range(len(handles))}
    assert len(begins) == 1, f"one writer stored all six in one transaction, not {len(begins)}"
    assert _queued(db_path) == []
    for h in handles:
        assert storage.get_response_by_id(db, h.response_id)["submitted_at"]
    assert storage.group_counts(db, round_row["id"])["inwoners"]["submitted"] == len(handles)
    assert db.execute("SELECT COUNT(*) FROM open_answers").fetchone()[0] == len(handles)
    assert_consistent(db, round_row)


def test_a_waiter_gives_up_at_its_deadline_with_a_dutch_message_and_stores_nothing(
    db, db_path, round_row, instrument, monkeypatch
):
    monkeypatch.setattr(storage, "SUBMIT_TIMEOUT_SECONDS", 0.3)
    handle = rounds.start_response(db, round_row, "raad")
    held = _hold_lock(db_path)
    try:
        started = time.monotonic()
        with pytest.raises(storage.StorageError, match="even bezet"):
            storage.submit_response(db, handle.response_id, _full_answers(instrument, "raad"), [], {})
        assert time.monotonic() - started < 5
        assert _queued(db_path) == [], "the withdrawn submission is not stored later behind the user's back"
    finally:
        os.close(held)
    assert storage.get_response_by_id(db, handle.response_id)["submitted_at"] is None
    # The lock is free again at once (the abandoned wait lets go), and trying again works.
    started = time.monotonic()
    assert storage.submit_response(db, handle.response_id, _full_answers(instrument, "raad"), [], {}) is True
    assert time.monotonic() - started < 2
    assert_consistent(db, round_row)


def test_a_submission_left_by_a_process_that_died_is_stored_by_the_next_writer(
    db, db_path, round_row, instrument
):
    orphan = rounds.start_response(db, round_row, "college")
    later = rounds.start_response(db, round_row, "raad")
    folder = submit_queue.paths(db_path)[0]
    # What storage.submit_response queues, left behind by a process killed before it could write.
    payload = {
        "response": orphan.response_id,
        "answers": '{"college_kaders": 2}',
        "priorities": "[]",
        "priorities_key": storage.PRIORITIES_KEY,
        "now": storage.now(),
        "texts": [],
    }
    submit_queue._enqueue(folder, {"db": submit_queue.file_identity(db_path), "payload": payload})
    job = next(folder.glob("*.job"))
    assert stat.S_IMODE(job.stat().st_mode) == 0o600
    assert storage.submit_response(db, later.response_id, _full_answers(instrument, "raad"), [], {}) is True
    assert storage.get_response_by_id(db, orphan.response_id)["submitted_at"]
    assert storage.group_counts(db, round_row["id"])["college"]["submitted"] == 1
    assert list(folder.iterdir()) == [], "a stored job leaves no outcome file"
    assert_consistent(db, round_row)


def test_a_failing_submission_in_a_batch_gets_its_own_message_and_the_others_are_stored(
    db, db_path, round_row, instrument
):
    good = rounds.start_response(db, round_row, "raad")
    folder = submit_queue.paths(db_path)[0]
    bad = {
        "response": good.response_id + 1000,  # no such response
        "answers": "{}",
        "priorities": "[]",
        "priorities_key": storage.PRIORITIES_KEY,
        "now": storage.now(),
        "texts": [],
    }
    bad_name = submit_queue._enqueue(folder, {"db": submit_queue.file_identity(db_path), "payload": bad})
    other_file = submit_queue._enqueue(folder, {"db": "0:0", "payload": dict(bad, response=good.response_id)})
    assert storage.submit_response(db, good.response_id, _full_answers(instrument, "raad"), [], {}) is True
    assert (folder / f"{bad_name}.out").read_text() == submit_queue.MISSING
    assert (folder / f"{other_file}.out").read_text() == submit_queue.REPLACED, (
        "a job made for another database file (before a restore) is refused, not applied to this one"
    )
    assert _queued(db_path) == []
    # The owners read (and remove) their outcome; the queue turns it into a Dutch message.
    assert submit_queue._outcome(folder, bad_name) == submit_queue.MISSING
    assert not (folder / f"{bad_name}.out").exists()
    assert_consistent(db, round_row)


def test_an_unknown_response_through_the_queue_says_so_in_dutch(db, round_row):
    with pytest.raises(storage.StorageError, match="niet gevonden"):
        storage.submit_response(db, 987654, {"raad_kaders": 3}, [], {})
    assert storage.group_counts(db, round_row["id"]) == {}


def test_where_the_queue_folder_cannot_be_made_a_submit_is_stored_in_place(
    db, db_path, round_row, instrument
):
    folder = submit_queue.paths(db_path)[0]
    folder.write_text("in the way")  # a file where the folder should be
    handle = rounds.start_response(db, round_row, "raad")
    assert storage.submit_response(db, handle.response_id, _full_answers(instrument, "raad"), [], {}) is True
    assert folder.read_text() == "in the way"
    assert_consistent(db, round_row)


def test_the_wal_is_checkpointed_after_the_queue_lock_is_released(
    db, db_path, round_row, instrument, monkeypatch
):
    # Commits inside the queue's lock make no automatic checkpoint (its wait for the disk would hold
    # every submitter); the writer copies the WAL afterwards once the threshold is reached.
    handle = rounds.start_response(db, round_row, "raad")
    monkeypatch.setattr(submit_queue, "CHECKPOINT_PAGES", 10**6)
    assert storage.submit_response(db, handle.response_id, _full_answers(instrument, "raad"), [], {}) is True
    waiting = submit_queue._frames_to_copy(str(db_path))
    assert waiting > 0, "with a high threshold the WAL keeps the new pages"
    assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 10**6, "the setting is restored"
    second = rounds.start_response(db, round_row, "raad")
    monkeypatch.setattr(submit_queue, "CHECKPOINT_PAGES", 1)
    assert storage.submit_response(db, second.response_id, _full_answers(instrument, "raad"), [], {}) is True
    assert submit_queue._frames_to_copy(str(db_path)) == 0, "past the threshold the writer checkpoints"
    assert_consistent(db, round_row)


def test_the_queue_writer_waits_for_another_connections_write_and_gives_up_at_the_busy_timeout(
    db, db_path, round_row, instrument
):
    import sqlite3

    first = rounds.start_response(db, round_row, "raad")
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # a write outside the queue (a draft save, the CLI)
    released = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    released.start()
    assert storage.submit_response(db, first.response_id, _full_answers(instrument, "raad"), [], {}) is True
    released.join()
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == storage.BUSY_TIMEOUT_MS, "restored"

    second = rounds.start_response(db, round_row, "raad")
    other.execute("BEGIN IMMEDIATE")
    db.execute("PRAGMA busy_timeout = 200")
    try:
        with pytest.raises(storage.StorageError, match="even bezet"):
            storage.submit_response(db, second.response_id, _full_answers(instrument, "raad"), [], {})
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert _queued(db_path) == [], "the failed writer took its own job back"
    assert storage.get_response_by_id(db, second.response_id)["submitted_at"] is None
    assert storage.submit_response(db, second.response_id, _full_answers(instrument, "raad"), [], {}) is True
    assert_consistent(db, round_row)


def test_a_submission_that_waits_for_its_turn_is_written_by_the_thread_that_got_the_lock(
    db, db_path, round_row, instrument, monkeypatch
):
    # A shared lock held elsewhere: the submitter cannot write now, sees its job still queued, and waits
    # for the exclusive lock; the write then runs as soon as the lock is free.
    handle = rounds.start_response(db, round_row, "raad")
    held = _hold_lock(db_path, fcntl.LOCK_SH)
    threading.Timer(0.3, os.close, [held]).start()
    assert storage.submit_response(db, handle.response_id, _full_answers(instrument, "raad"), [], {}) is True
    assert _queued(db_path) == []
    assert_consistent(db, round_row)

    monkeypatch.setattr(storage, "SUBMIT_TIMEOUT_SECONDS", 0.3)
    late = rounds.start_response(db, round_row, "raad")
    held = _hold_lock(db_path, fcntl.LOCK_SH)
    try:
        with pytest.raises(storage.StorageError, match="even bezet"):
            storage.submit_response(db, late.response_id, _full_answers(instrument, "raad"), [], {})
    finally:
        os.close(held)
    time.sleep(0.1)  # the abandoned wait gets the lock and lets go without writing
    assert _queued(db_path) == []
    assert storage.get_response_by_id(db, late.response_id)["submitted_at"] is None
    assert_consistent(db, round_row)


@pytest.mark.parametrize(
    "held_mode",
    [
        pytest.param(fcntl.LOCK_SH, id="waiting-for-its-turn-to-write"),
        pytest.param(fcntl.LOCK_EX, id="waiting-for-a-writer-to-finish"),
    ],
)
def test_a_waiter_whose_job_another_writer_stored_stops_waiting(
    db, db_path, round_row, instrument, held_mode
):
    # After a batch, the waiters whose jobs it took must not each need the lock just to see that: in a
    # burst that was a chain of wake-ups, one after the other, with the lock unused in between. And a
    # waiter for a writer to finish must not wait through the writers after it: the next writer can
    # take the lock before the waiter wakes up, again and again, while its job was stored long ago.
    handle = rounds.start_response(db, round_row, "raad")
    held = _hold_lock(db_path, held_mode)
    result: dict[str, object] = {}

    def send() -> None:
        conn = storage.connect(db_path)
        try:
            result["stored"] = storage.submit_response(
                conn, handle.response_id, _full_answers(instrument, "raad"), [], {}
            )
        finally:
            conn.close()

    sender = threading.Thread(target=send)
    try:
        sender.start()
        deadline = time.monotonic() + 10
        while not _queued(db_path) and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.1)  # now in its wait for the lock
        assert sender.is_alive() and len(_queued(db_path)) == 1
        # Another writer stores every queued job (as the one that gets the lock next would).
        writer = storage.connect(db_path)
        folder = submit_queue.paths(db_path)[0]
        name = _queued(db_path)[0].removesuffix(".job")
        submit_queue._write_batch(
            writer.conn, str(db_path), folder, name, storage._store_submission, storage._friendly
        )
        writer.close()
        sender.join(timeout=2)
        assert not sender.is_alive(), "it saw its job stored, without waiting for the lock still held"
        assert result == {"stored": True}
    finally:
        os.close(held)
        sender.join(timeout=20)
    assert storage.get_response_by_id(db, handle.response_id)["submitted_at"]
    assert_consistent(db, round_row)


def _write_in_thread(write) -> tuple[threading.Thread, dict]:
    result: dict[str, object] = {}

    def run() -> None:
        started = time.monotonic()
        result["value"] = write()
        result["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


@pytest.mark.parametrize("write", ["start", "draft"])
def test_other_writes_let_a_queue_writer_finish_first(db, db_path, round_row, write):
    # Starts and drafts take SQLite's lock directly; while a queue writer stores a batch they wait,
    # instead of taking the lock from under it while every submitter in the batch waits.
    handle = rounds.start_response(db, round_row, "raad")
    conn = storage.connect(db_path)
    writes = {
        "start": lambda: rounds.start_response(conn, round_row, "college").response_id,
        "draft": lambda: storage.save_draft(conn, handle.response_id, {"answers": {"x": 3}}),
    }
    held = _hold_lock(db_path, fcntl.LOCK_EX)  # a queue writer at work
    try:
        thread, result = _write_in_thread(writes[write])
        time.sleep(0.3)
        assert thread.is_alive() and not result, "it waits while the queue writer holds the lock"
    finally:
        os.close(held)
    thread.join(timeout=5)
    assert not thread.is_alive() and result["value"] is not False
    conn.close()
    if write == "start":
        assert storage.get_response_by_id(db, result["value"])["group_id"] == "college"
    else:
        assert storage.get_response_by_id(db, handle.response_id)["draft"] == {"answers": {"x": 3}}


def test_other_writes_do_not_wait_for_submitters_and_not_long_for_a_stuck_writer(
    db, db_path, round_row, monkeypatch
):
    # Submitters waiting for a writer hold the lock shared: that does not hold up other writes.
    held = _hold_lock(db_path, fcntl.LOCK_SH)
    try:
        thread, result = _write_in_thread(lambda: rounds.start_response(db, round_row, "raad"))
        thread.join(timeout=5)
        assert result["seconds"] < 1.0
    finally:
        os.close(held)
    # A writer stopped while it holds the lock (a frozen process) does not stop every other write.
    monkeypatch.setattr(submit_queue, "GIVE_WAY_SECONDS", 0.3)
    held = _hold_lock(db_path, fcntl.LOCK_EX)
    try:
        thread, result = _write_in_thread(lambda: rounds.start_response(db, round_row, "raad"))
        thread.join(timeout=5)
        assert not thread.is_alive()
        assert 0.25 <= result["seconds"] < 2.0
    finally:
        os.close(held)
    assert storage.response_counts(db, round_row["id"])["responses"] == 2

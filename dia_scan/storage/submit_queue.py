"""Group commit for sending in: many submissions stored in one write transaction.

When a workshop is told "send in now", everyone's submit arrives within the same second. SQLite has one
write lock, and each transaction holds it for about a millisecond; taking turns one transaction at a
time, with SQLite's busy handler sleeping 1 to 100 ms between tries, leaves the lock idle while people
wait. So a submit is queued instead, and whoever gets the queue's lock stores every queued submission in
one transaction (a savepoint each, so one that fails does not take the others with it). Those who wait
only need to see that theirs was stored.

How it works (the same for threads in one server and for separate processes):

1. The submission is written as a job file into ``<database>-submit-queue/`` (written under a temporary
   name, then renamed, so a job is complete or absent; readable for the owner only).
2. The job's owner tries the exclusive lock on ``<database>-submit.lock`` (``flock``; the kernel releases
   it when a process dies). If it gets it, it is the *writer*: it stores all queued jobs, writes an
   outcome file for each job that was not stored, removes the job files and releases the lock.
3. If someone else is writing, the owner waits for a shared lock (granted to all waiters at once when
   the writer is done) and looks whether its job file is gone (stored, or see its outcome file). A job
   that arrived after that writer had started waits for the exclusive lock and is then stored by
   whoever gets it first. In both waits the owner keeps looking now and then, and stops waiting as
   soon as a writer has stored its job.
4. Other writes to the database (starting a response, saving a draft) first wait while a queue writer
   holds the lock (``give_way``), so they do not take SQLite's lock from under a batch.

Every wait has a deadline (the database's busy timeout): a waiter that times out removes its job when it
still can and reports that the database is busy. Submitting is idempotent per response (a response is
stored once), so a job stored by a writer just as its owner gave up is reported as already sent on the
next try. A job left behind by a process that died is stored by the next writer. A job records which
database file it was made for, so after a restore (a new file) it is refused rather than applied to
another response with the same number.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

try:
    import fcntl
except ImportError:  # not on Windows: submits are then stored one transaction each
    fcntl = None

T = TypeVar("T")

#: Outcomes a job can have besides a Dutch error message.
STORED = "stored"
ALREADY = "already"
MISSING = "missing"
REPLACED = "De database is intussen vervangen. Verstuur uw antwoorden opnieuw."

#: At most this many jobs in one transaction, so one writer never holds the lock for long.
MAX_BATCH = 500

#: A waiter for its turn to write looks whether its job was stored meanwhile after this many seconds,
#: then twice as long each time, up to the second figure (a look is one stat of the job file).
LOOK_FIRST, LOOK_AT_MOST = 0.002, 0.032

#: Other writes wait at most this long for a queue writer before they go ahead (see give_way).
GIVE_WAY_SECONDS = 2.0

#: SQLite's default automatic checkpoint threshold (pages in the WAL).
CHECKPOINT_PAGES = 1000

#: Outcome files of owners that never came back, and half-written jobs, are removed after this long.
STALE_SECONDS = 3600

_JOB, _TMP, _OUT = ".job", ".tmp", ".out"


class QueueTimeout(Exception):
    """The deadline passed before the job was stored."""


class QueueUnavailable(Exception):
    """The queue cannot be used here (no flock, or the folder cannot be written); nothing was queued."""


def paths(db_file: str | Path) -> tuple[Path, Path]:
    """(queue folder, lock file) for a database file."""
    db_file = str(db_file)
    return Path(db_file + "-submit-queue"), Path(db_file + "-submit.lock")


def file_identity(db_file: str | Path) -> str:
    info = os.stat(db_file)
    return f"{info.st_dev}:{info.st_ino}"


def submit(
    conn: sqlite3.Connection,
    db_file: str,
    payload: dict,
    apply: Callable[[sqlite3.Connection, dict], str],
    describe_error: Callable[[sqlite3.DatabaseError], str],
    timeout: float,
) -> str:
    """Queue ``payload`` and return its outcome once stored: STORED, ALREADY, MISSING or a Dutch message.

    ``apply(conn, payload)`` stores one payload inside the transaction and returns its outcome; it must
    be the same function in every process that uses this queue. Raises sqlite3.DatabaseError when the
    transaction itself fails (this job is then withdrawn) and QueueTimeout after ``timeout`` seconds.
    """
    if fcntl is None:
        raise QueueUnavailable
    folder, lock_file = paths(db_file)
    try:
        name = _enqueue(folder, {"db": file_identity(db_file), "payload": payload})
    except OSError as err:
        raise QueueUnavailable from err
    deadline = time.monotonic() + timeout

    def stored() -> bool:
        """Whether a writer has stored our job (its outcome, if any, is in the outcome file)."""
        return not _queued(folder, name)

    def write() -> str | None:
        """With the exclusive lock: None when a writer stored our job meanwhile, else its outcome."""
        if stored():
            return None
        return _without_autocheckpoint(
            conn, lambda: _write_batch(conn, db_file, folder, name, apply, describe_error)
        )

    try:
        fd = _open_lock(lock_file)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            # Someone is writing: wait until that writer is done (a shared lock, which all waiters get
            # at once) and look whether our job was among its jobs. The next writer may take the lock
            # before this waiter wakes up, and the one after that too; so the wait also looks now and
            # then whether a writer has stored our job meanwhile.
            if _run_locked(fd, fcntl.LOCK_SH, deadline, stored, gone=stored) is not False:
                return _outcome(folder, name)
            # Ours came in after that writer had started: our turn to write comes next, unless the
            # writer before us stores it first (then we stop waiting at once).
            outcome = _run_locked(_open_lock(lock_file), fcntl.LOCK_EX, deadline, write, gone=stored)
        else:
            try:
                outcome = write()
            finally:
                os.close(fd)
    except (QueueTimeout, OSError):
        _withdraw(folder, name)
        raise
    if outcome is None:
        return _outcome(folder, name)
    _checkpoint_when_due(conn, db_file)
    return outcome


def give_way(db_file: str | Path) -> None:
    """Before a write of one's own (a start, a draft): wait while a queue writer stores submissions.

    Such writes wait for SQLite's lock with its busy handler. While a queue writer waits for that
    lock, every submitter in its batch waits with it; and when everyone joins and sends in at the same
    moment, the many starts kept taking the lock before the one queue writer (measured in
    docs/performance.md). So other writes let a queue writer go first: they take the queue's lock
    shared, which all of them can hold at once, and let go at once. Never longer than
    GIVE_WAY_SECONDS (a writer stopped while it holds the lock must not stop every write); without
    flock, or when the lock file cannot be opened, nothing waits."""
    if fcntl is None:
        return
    try:
        fd = _open_lock(paths(db_file)[1])
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        try:
            _run_locked(fd, fcntl.LOCK_SH, time.monotonic() + GIVE_WAY_SECONDS, lambda: None)
        except QueueTimeout:
            pass  # go ahead; SQLite's busy timeout still applies
    else:
        os.close(fd)


def _without_autocheckpoint(conn: sqlite3.Connection, fn: Callable[[], T]) -> T:
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    try:
        return fn()
    finally:
        conn.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")


def _checkpoint_when_due(conn: sqlite3.Connection, db_file: str) -> None:
    """What SQLite's automatic checkpoint does at COMMIT, done after the queue's lock is released.

    A checkpoint copies the WAL into the database file and waits for the disk (fsync). Inside the
    queue's lock that wait would hold every submitter; SQLite's own commit releases its write lock
    first. So a queue writer commits with automatic checkpoints off and checkpoints here, once the WAL
    holds as many pages not yet copied as SQLite's default threshold, without blocking writers
    (PASSIVE)."""
    if _frames_to_copy(db_file) >= CHECKPOINT_PAGES:
        try:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.DatabaseError:
            pass  # the submission is stored; the next commit or checkpoint copies the WAL


def _frames_to_copy(db_file: str) -> int:
    """Frames in the WAL not yet copied into the database: mxFrame minus nBackfill, read from the
    WAL-index header in the -shm file (https://www.sqlite.org/walformat.html, native byte order).
    Read without a lock, as an estimate; 0 when there is no such file."""
    try:
        with open(db_file + "-shm", "rb") as f:
            head = f.read(100)
    except OSError:
        return 0
    if len(head) < 100:
        return 0
    frames = int.from_bytes(head[16:20], sys.byteorder)
    backfilled = int.from_bytes(head[96:100], sys.byteorder)
    return max(0, frames - backfilled)


def _enqueue(folder: Path, job: dict) -> str:
    folder.mkdir(mode=0o700, exist_ok=True)
    # The name sorts by arrival, so jobs are stored first come, first served.
    name = f"{time.time_ns():020d}-{os.getpid()}-{threading.get_ident()}-{os.urandom(4).hex()}"
    tmp = folder / (name + _TMP)
    data = json.dumps(job, ensure_ascii=False).encode("utf-8")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        written = os.write(fd, data)
        while written < len(data):  # a regular file takes it in one write; this is for the rare short one
            written += os.write(fd, data[written:])
    finally:
        os.close(fd)
    os.rename(tmp, folder / (name + _JOB))
    return name


def _open_lock(lock_file: Path) -> int:
    # A new open file description per wait: flock locks belong to it, so threads of one process queue
    # up like separate processes do.
    return os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o600)


def _queued(folder: Path, name: str) -> bool:
    return (folder / (name + _JOB)).exists()


def _outcome(folder: Path, name: str) -> str:
    """A writer stored our job: STORED unless it left an outcome file."""
    out = folder / (name + _OUT)
    try:
        outcome = out.read_text(encoding="utf-8")
    except FileNotFoundError:
        return STORED
    out.unlink(missing_ok=True)
    return outcome


def _withdraw(folder: Path, name: str) -> None:
    """Take the job back if no writer has taken it yet; if one has, it is stored (the owner is told it
    did not work, and a second try finds it already sent)."""
    (folder / (name + _JOB)).unlink(missing_ok=True)


class _Runner(threading.Thread):
    """Waits in a blocking flock for the caller and, once it has the lock, runs the caller's ``fn``
    itself and lets go. For a write the next writer is then one wake-up away, as with a plain blocking
    flock; for a look under the shared lock that lock is held for a moment, not until the caller has
    woken up. The caller can still stop waiting at its deadline (a blocking flock cannot time out):
    then ``fn`` does not run and the lock is just released when it comes."""

    def __init__(self, fd: int, mode: int, fn: Callable[[], object]):
        super().__init__(daemon=True, name="submit-queue-wait")
        self.fd, self.mode, self.fn = fd, mode, fn
        self.started = threading.Event()
        self.done = threading.Event()
        self.guard = threading.Lock()
        self.abandoned = False
        self.result: object = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            fcntl.flock(self.fd, self.mode)
            with self.guard:
                if self.abandoned:
                    return
                self.started.set()
            try:
                self.result = self.fn()
            except BaseException as err:  # handed to the caller
                self.error = err
        finally:
            os.close(self.fd)
            self.done.set()

    def give_up(self) -> bool:
        """True when the caller may walk away (``fn`` will not run)."""
        with self.guard:
            if self.started.is_set():
                return False
            self.abandoned = True
            return True


def _run_locked(
    fd: int, mode: int, deadline: float, fn: Callable[[], T], gone: Callable[[], bool] | None = None
) -> T | None:
    """Run ``fn`` holding the lock (``mode``) on ``fd``, which is closed afterwards (releasing it).
    Raises QueueTimeout when the lock did not come before the deadline (``fn`` has not run).

    With ``gone``, the wait also looks now and then whether the job was stored meanwhile by another
    writer, and then returns None without waiting for its own turn: after a batch, the waiters whose
    jobs it took would otherwise get the lock one after the other just to see that, each a wake-up
    while the lock sits unused."""
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        pass
    else:
        try:
            return fn()
        finally:
            os.close(fd)
    runner = _Runner(fd, mode, fn)
    runner.start()
    pause = LOOK_FIRST
    while True:  # when give_up() comes too late, the next wait() returns at once
        left = max(0.0, deadline - time.monotonic())
        if runner.started.wait(left if gone is None else min(pause, left)):
            break
        if gone is not None and gone() and runner.give_up():
            return None
        if time.monotonic() >= deadline and runner.give_up():
            raise QueueTimeout
        pause = min(pause * 2, LOOK_AT_MOST)
    runner.done.wait()
    if runner.error is not None:
        raise runner.error
    return runner.result  # type: ignore[return-value]


def _write_batch(
    conn: sqlite3.Connection,
    db_file: str,
    folder: Path,
    mine: str,
    apply: Callable[[sqlite3.Connection, dict], str],
    describe_error: Callable[[sqlite3.DatabaseError], str],
) -> str:
    """With the exclusive lock: store the queued jobs (ours among them) in one transaction."""
    names, stale = _scan(folder)
    names = names[:MAX_BATCH] if mine in names[:MAX_BATCH] else [mine, *names[: MAX_BATCH - 1]]
    identity = file_identity(db_file)
    jobs: list[tuple[str, dict | None]] = []
    for name in names:
        try:
            jobs.append((name, json.loads((folder / (name + _JOB)).read_text(encoding="utf-8"))))
        except FileNotFoundError:
            continue
        except (OSError, ValueError):
            jobs.append((name, None))
    outcomes: dict[str, str] = {}
    try:
        _begin_immediate(conn)
        for name, job in jobs:
            if job is None:
                outcomes[name] = "Uw antwoorden konden niet worden gelezen. Verstuur ze opnieuw."
                continue
            if job.get("db") != identity:
                outcomes[name] = REPLACED
                continue
            conn.execute("SAVEPOINT submit_job")
            try:
                outcomes[name] = apply(conn, job["payload"])
            except sqlite3.DatabaseError as err:
                conn.execute("ROLLBACK TO submit_job")
                outcomes[name] = describe_error(err)
            conn.execute("RELEASE submit_job")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        # The others' jobs stay queued for their owners (or the next writer); ours is withdrawn.
        _withdraw(folder, mine)
        raise
    for name, outcome in outcomes.items():
        if outcome != STORED and name != mine:
            _write_outcome(folder, name, outcome)
        (folder / (name + _JOB)).unlink(missing_ok=True)
    for path in stale:
        path.unlink(missing_ok=True)
    return outcomes.get(mine, STORED)


def _begin_immediate(conn: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE, retrying every half millisecond or so while another connection writes.

    SQLite's busy handler sleeps 1, 2, 5 ... up to 100 ms between tries, so it often wakes long after
    the lock came free; here that sleep would hold every queued submitter. Only the queue's writer
    retries like this (the others wait on the queue's lock), so the tries cost little."""
    (timeout_ms,) = conn.execute("PRAGMA busy_timeout").fetchone()
    deadline = time.monotonic() + timeout_ms / 1000
    pause = 0.0005
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as err:
                text = str(err).lower()
                if ("locked" not in text and "busy" not in text) or time.monotonic() >= deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 1.2, 0.005)
    finally:
        conn.execute(f"PRAGMA busy_timeout = {timeout_ms}")


def _scan(folder: Path) -> tuple[list[str], list[Path]]:
    """Queued job names in arrival order, and leftovers (outcomes nobody read, half-written jobs)."""
    names, stale = [], []
    cutoff = time.time() - STALE_SECONDS
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.endswith(_JOB):
                names.append(entry.name[: -len(_JOB)])
            elif entry.name.endswith((_OUT, _TMP)):
                try:
                    if entry.stat().st_mtime < cutoff:
                        stale.append(Path(entry.path))
                except FileNotFoundError:
                    pass
    names.sort()
    return names, stale


def _write_outcome(folder: Path, name: str, outcome: str) -> None:
    tmp = folder / (name + ".out" + _TMP)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(outcome)
    os.rename(tmp, folder / (name + _OUT))

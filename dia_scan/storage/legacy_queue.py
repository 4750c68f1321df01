"""Drain a submit queue folder left by an older version; nothing else.

Versions before the in-process write path (the change that deleted ``dia_scan/submit_queue.py``;
``git log -- dia_scan/submit_queue.py`` finds it), where a submit became one ``BEGIN IMMEDIATE``
transaction on the caller's connection (``storage.submit_response``), queued each submit as a job file in
``<database>-submit-queue/`` and took turns through ``<database>-submit.lock``. A process that died at
the wrong moment could leave a job behind: a response id next to its answers, 'Over u' included,
outside the database. This module exists only to empty such folders once, when ``storage.connect``
prepares a database file, and can be removed once every installation has been started with it.

Each ``*.job`` (JSON ``{"db": "<st_dev>:<st_ino>", "payload": {...}}``, the payload as
``responses.store_submission`` takes it) is stored when it was made for this database file, its response
still exists and is not sent in yet, and its round is open for answers; otherwise it is refused with a
warning in the log (never with the response id or answers). All are stored in one transaction. Only
after that transaction is committed are the folder (jobs, half-written ``.tmp`` files, unread ``.out``
outcomes) and the lock file removed; when the database is too busy, everything stays and the next
``storage.connect`` tries again (a job stored twice is stored once: the second finds it sent).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from dia_scan.core.lifecycle import Opening, is_open
from dia_scan.storage.connection import StorageError, transaction
from dia_scan.storage.responses import STORED, store_submission

log = logging.getLogger(__name__)

QUEUE_SUFFIX, LOCK_SUFFIX = "-submit-queue", "-submit.lock"


def drain(db: Database, db_file: str | Path) -> bool:
    """Store or refuse the jobs left next to ``db_file``, then remove the folder and the lock file.

    False when the jobs could not be stored now (the database busy): the caller tries again later.
    True when done (a folder that cannot be removed is logged, not tried again)."""
    bases = {str(db_file)}
    listed = db.conn.execute("PRAGMA database_list").fetchone()[2]
    if listed:
        bases.add(listed)  # the name the older version used
    folders = [Path(b + QUEUE_SUFFIX) for b in bases if Path(b + QUEUE_SUFFIX).is_dir()]
    locks = [Path(b + LOCK_SUFFIX) for b in bases if Path(b + LOCK_SUFFIX).exists()]
    if not folders and not locks:
        return True
    try:
        jobs = sorted(p for folder in folders for p in folder.glob("*.job"))
        if jobs:
            identity = _identity(db_file)
            with transaction(db):
                stored = sum(_store_or_refuse(db.conn, job, identity) for job in jobs)
            log.info("Legacy submit queue: %d of %d waiting submissions stored.", stored, len(jobs))
    except (StorageError, sqlite3.DatabaseError, OSError) as err:
        log.warning("Legacy submit queue next to %s not drained, tried again later: %s", db_file, err)
        return False
    try:
        for folder in folders:
            for leftover in folder.iterdir():
                leftover.unlink(missing_ok=True)
            folder.rmdir()
        for lock in locks:
            lock.unlink(missing_ok=True)
    except OSError as err:  # not tried again in this process: every job is in the database now
        log.warning("Legacy submit queue next to %s could not be removed: %s", db_file, err)
    return True


def _identity(db_file: str | Path) -> str:
    """How the older version named a database file in its jobs."""
    info = os.stat(db_file)
    return f"{info.st_dev}:{info.st_ino}"


def _store_or_refuse(conn: sqlite3.Connection, job: Path, identity: str) -> bool:
    """Inside the drain's transaction: store one job (True) or log why not (False)."""

    def refuse(reason: str) -> bool:
        log.warning("Legacy submit queue: job %s refused: %s.", job.name, reason)
        return False

    try:
        content = json.loads(job.read_text(encoding="utf-8"))
        made_for, payload = content["db"], content["payload"]
        response_id = int(payload["response"])
    except (OSError, ValueError, KeyError, TypeError):
        return refuse("it cannot be read")
    if made_for != identity:
        return refuse("it was made for another database file (replaced since)")
    row = conn.execute(
        """SELECT r.submitted_at, ro.published, ro.closed_at FROM responses r
           JOIN rounds ro ON ro.id = r.round_id WHERE r.id = ?""",
        [response_id],
    ).fetchone()
    if row is None:
        return refuse("its response no longer exists")
    if row[0]:
        log.info("Legacy submit queue: job %s was stored before.", job.name)
        return False
    if not is_open(Opening(published=bool(row[1]), closed_at=row[2])):
        return refuse("its round is closed for answers")
    conn.execute("SAVEPOINT legacy_job")
    try:
        outcome = store_submission(conn, payload)
    except (sqlite3.Error, KeyError, TypeError, ValueError) as err:
        conn.execute("ROLLBACK TO legacy_job")
        conn.execute("RELEASE legacy_job")
        return refuse(f"it could not be stored ({type(err).__name__})")
    conn.execute("RELEASE legacy_job")
    return outcome == STORED

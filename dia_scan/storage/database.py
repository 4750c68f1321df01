"""``connect()``: a fresh connection per use to the configured database, a SQLite file or a PostgreSQL
server; the database prepared (SQLite: WAL, migrations, a legacy submit queue drained; PostgreSQL:
migrations) once per process."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

from sqlite_utils import Database

from dia_scan.storage import connection, engine, schema
from dia_scan.storage.connection import StorageError, default_target, friendly_text


def connect(path: str | Path | None = None, *, migrate_schema: bool = True) -> Database:
    """Open a fresh connection; create and migrate the schema when needed. ``path`` is a SQLite file or
    a ``postgresql://`` URL; without it, the configured database (``default_target``).

    Switching to WAL and migrating happen once per database file per process (see ``_prepare``);
    later opens only set the per-connection pragmas. sqlite3's same-thread check stays off, as
    before; callers keep to one connection per use, never used by two threads at the same time."""
    target = path if path is not None else default_target()
    url = engine.as_url(target)
    if url is not None:
        return _connect_server(url, migrate_schema)
    path = Path(target)
    in_memory = str(path) == ":memory:"
    if not in_memory:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # timeout= is SQLite's busy timeout (sqlite3_busy_timeout), the same as PRAGMA busy_timeout.
        conn = sqlite3.connect(str(path), timeout=connection.BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        db = Database(conn)
        if in_memory:
            if migrate_schema:
                schema.migrate(db)
        else:
            _prepare(db, path, migrate_schema)
    except sqlite3.DatabaseError as err:
        raise StorageError(friendly_text(err, path)) from err
    return db


_PREPARED: dict[str, tuple] = {}


_PREPARED_LOCK = threading.Lock()


_PATH_LOCKS: dict[str, threading.Lock] = {}


#: Databases whose legacy submit queue folder this process has drained (legacy_queue).
_DRAINED: set[str] = set()


def _file_state(conn: sqlite3.Connection, key: str) -> tuple | None:
    try:
        info = os.stat(key)
    except OSError:
        return None  # never equal to what was remembered: prepared again
    (cookie,) = conn.execute("PRAGMA schema_version").fetchone()
    return (info.st_dev, info.st_ino, cookie, tuple(number for number, _, _ in schema.MIGRATIONS))


def _prepare(db: Database, path: Path, migrate_schema: bool) -> None:
    """WAL and migrations (and draining a legacy submit queue), unless done for this file already."""
    key = os.path.realpath(path)
    state = _file_state(db.conn, key)
    with _PREPARED_LOCK:
        if state is not None and _PREPARED.get(key) == state:
            return
        path_lock = _PATH_LOCKS.setdefault(key, threading.Lock())
    with path_lock:  # threads opening the same file wait for the first one to prepare it
        state = _file_state(db.conn, key)
        with _PREPARED_LOCK:
            if state is not None and _PREPARED.get(key) == state:
                return
        connection.ensure_wal(db.conn)
        if not migrate_schema:
            return
        schema.migrate(db)
        if key not in _DRAINED:
            from dia_scan.storage import legacy_queue  # it imports this package

            if not legacy_queue.drain(db, key):
                return  # tried again on the next open
            _DRAINED.add(key)
        state = _file_state(db.conn, key)
        with _PREPARED_LOCK:
            _PREPARED[key] = state


_PREPARED_SERVERS: set[str] = set()


def _connect_server(url: str, migrate_schema: bool) -> Database:
    """A connection to PostgreSQL; the schema migrated once per process (several servers starting together
    take turns through the write lock, and each migration is checked again under it)."""
    from dia_scan.storage import postgres  # psycopg only loaded when a server is configured

    try:
        db = postgres.open_connection(url)
        if migrate_schema and url not in _PREPARED_SERVERS:
            with _PREPARED_LOCK:
                schema.migrate(db)
                postgres.remember_identities(db)
                _PREPARED_SERVERS.add(url)
    except engine.DatabaseError as err:
        raise StorageError(friendly_text(err, url)) from err
    return db  # type: ignore[return-value]

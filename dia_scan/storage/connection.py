"""Which database (a SQLite file or a PostgreSQL URL), transactions, Dutch messages for database errors, and
the small query helpers every storage module uses (the same on both engines: see ``engine``)."""

from __future__ import annotations

import functools
import json
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from sqlite_utils import Database

from dia_scan.storage import engine

P = ParamSpec("P")
T = TypeVar("T")


BUSY_TIMEOUT_MS = 15_000


PROJECT_ROOT = Path(__file__).resolve().parents[2]


DEFAULT_DB = PROJECT_ROOT / "data" / "dia_scan.db"


BUSY_MESSAGE = "De database is even bezet. Probeer het over een paar seconden opnieuw."


class StorageError(Exception):
    """A database problem turned into a message a user can act on (Dutch)."""


def default_target() -> str | Path:
    """``DIA_SCAN_DB``, else ``[database] url`` in ``.streamlit/secrets.toml``, else ``data/dia_scan.db``:
    a path (SQLite) or a ``postgresql://`` URL."""
    return engine.configured_target(PROJECT_ROOT, DEFAULT_DB)


def default_path() -> str | Path:
    """The configured database (older name of ``default_target``)."""
    return default_target()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def ensure_wal(conn: sqlite3.Connection, attempts: int = 100) -> None:
    """Switch a (new) database file to WAL once. Switching needs an exclusive lock for which SQLite does
    not always wait, so several processes opening a new file at once retry briefly instead of failing."""
    for _ in range(attempts):
        try:
            if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
                return
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err).lower() and "busy" not in str(err).lower():
                raise
            time.sleep(0.02 + random.random() * 0.03)
    conn.execute("PRAGMA journal_mode = WAL")


def friendly_text(err: sqlite3.DatabaseError, path: Path | str | None = None) -> str:
    text = str(err).lower()
    if engine.is_url(path) or getattr(err, "from_server", False):
        return _server_text(text)
    name = f"Het databasebestand {path}" if path is not None else "Het databasebestand"
    if "not a database" in text or "malformed" in text:
        return f"{name} is beschadigd of geen database. Zet een back-up terug (dia-scan restore)."
    if "readonly" in text or "read-only" in text:
        return f"{name} is alleen-lezen. Controleer de rechten op het bestand en de map."
    if "unable to open" in text:
        return f"{name} kan niet worden geopend. Bestaat de map en mag de app erin schrijven?"
    if "locked" in text or "busy" in text:
        return BUSY_MESSAGE
    if "disk" in text and "full" in text:
        return "De schijf is vol. Maak ruimte vrij en probeer het opnieuw."
    return f"Er ging iets mis met de database ({err})."


def _server_text(text: str) -> str:
    """The Dutch message for an error of the PostgreSQL server (never with its password)."""
    if "locked" in text or "lock timeout" in text:
        return BUSY_MESSAGE
    if any(
        words in text for words in ("connection refused", "could not connect", "connection failed", "timeout")
    ):
        return "De databaseserver is niet bereikbaar. Controleer DIA_SCAN_DB en of PostgreSQL draait."
    if "password authentication" in text or "role" in text and "does not exist" in text:
        return "De databaseserver weigert de gebruiker. Controleer de gebruiker en het wachtwoord in DIA_SCAN_DB."
    if "database" in text and "does not exist" in text:
        return "De database bestaat niet op de databaseserver. Maak haar eerst aan (createdb)."
    if any(words in text for words in ("terminat", "server closed the connection", "connection is closed")):
        return "De verbinding met de databaseserver is verbroken. Probeer het opnieuw."
    if "disk full" in text or "no space" in text:
        return "De schijf van de databaseserver is vol. Maak ruimte vrij en probeer het opnieuw."
    first_line = text.splitlines()[0] if text else ""
    return f"Er ging iets mis met de database ({first_line})."


def friendly_message(err: sqlite3.DatabaseError, path: Path | str | None = None) -> str:
    """The Dutch message for a database error (public for backup/restore)."""
    return friendly_text(err, path)


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """An immediate write transaction: all or nothing. Nested use becomes a savepoint."""
    if db.conn.in_transaction:
        name = f"sp_{id(db)}_{os.urandom(4).hex()}"
        db.conn.execute(f"SAVEPOINT {name}")
        try:
            yield db
        except BaseException:
            db.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
            db.conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        else:
            db.conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    try:
        db.conn.execute("BEGIN IMMEDIATE")
    except sqlite3.DatabaseError as err:
        raise StorageError(friendly_text(err)) from err
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    else:
        try:
            db.conn.execute("COMMIT")
        except sqlite3.DatabaseError as err:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise StorageError(friendly_text(err)) from err


def fetch_all(db: Database, sql: str, params: Iterable[Any] | dict = ()) -> list[dict]:
    return list(db.query(sql, params))


def fetch_one(db: Database, sql: str, params: Iterable[Any] | dict = ()) -> dict | None:
    rows = fetch_all(db, sql, params)
    return rows[0] if rows else None


def decode_json(row: dict | None, *json_fields: str) -> dict | None:
    if row is None:
        return None
    for f in json_fields:
        if f in row and isinstance(row[f], str):
            row[f] = json.loads(row[f])
    return row


_IN_CHUNK = 500


def chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _IN_CHUNK):
        yield ids[start : start + _IN_CHUNK]


def friendly_errors(fn: Callable[P, T]) -> Callable[P, T]:
    """Turn SQLite's errors (a read-only or damaged file, a lock held too long) into a StorageError with a
    Dutch message. IntegrityError stays as it is: it is a programming error the callers' transactions
    roll back, not something a user can fix. Every public function of the storage modules that takes a
    database wears it."""

    @functools.wraps(fn)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return fn(*args, **kwargs)
        except (StorageError, sqlite3.IntegrityError):
            raise
        except sqlite3.DatabaseError as err:
            raise StorageError(friendly_text(err)) from err

    return guarded

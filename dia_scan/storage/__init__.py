"""The only place that touches the database (SQLite through sqlite-utils).

- One connection per use (``connect()``), never shared across threads. The file is switched to WAL and
  its schema migrated once per process (``_PREPARED``), not on every open.
- WAL journal, a busy timeout, foreign keys on.
- Writes that must be atomic run in ``transaction(db)`` (BEGIN IMMEDIATE, so concurrent writers wait
  for each other through the busy timeout instead of failing on a lock upgrade).
- Migrations are registered, numbered steps; each runs once, inside a transaction, and re-running
  ``migrate()`` is safe.
- Per-round tallies (counts per group, question and option) are kept up to date in the same
  transaction as every submit, so reports never rescan individual answers. A submit is one
  ``BEGIN IMMEDIATE`` transaction on the caller's connection, waiting for SQLite's lock with the busy
  timeout.
"""

from __future__ import annotations

import functools
import inspect
import json
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

BUSY_TIMEOUT_MS = 15_000
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = PROJECT_ROOT / "data" / "dia_scan.db"


BUSY_MESSAGE = "De database is even bezet. Probeer het over een paar seconden opnieuw."


class StorageError(Exception):
    """A database problem turned into a message a user can act on (Dutch)."""


def default_path() -> Path:
    return Path(os.environ.get("DIA_SCAN_DB") or DEFAULT_DB)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def connect(path: str | Path | None = None, *, migrate_schema: bool = True) -> Database:
    """Open a fresh connection; create and migrate the schema when needed.

    Switching to WAL and migrating happen once per database file per process (see ``_prepare``);
    later opens only set the per-connection pragmas. sqlite3's same-thread check stays off, as
    before; callers keep to one connection per use, never used by two threads at the same time."""
    path = Path(path) if path is not None else default_path()
    in_memory = str(path) == ":memory:"
    if not in_memory:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # timeout= is SQLite's busy timeout (sqlite3_busy_timeout), the same as PRAGMA busy_timeout.
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        db = Database(conn)
        if in_memory:
            if migrate_schema:
                migrate(db)
        else:
            _prepare(db, path, migrate_schema)
    except sqlite3.DatabaseError as err:
        raise StorageError(_friendly(err, path)) from err
    return db


# -- once per database file per process ------------------------------------------------------------
#
# The app opens a connection per Streamlit run (and per click). WAL is a property of the file and
# migrations are recorded in it, so once this process has switched a file to WAL and migrated it, a
# new connection only needs its own pragmas. What was prepared is remembered per resolved path together
# with what identifies that file's state: device and inode (a file put in its place), SQLite's schema
# cookie (a restore writes a back-up into the same file and changes it, as does any migration) and the
# migrations this code knows. When any of them differs, the file is prepared again (a no-op when
# nothing is pending).

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
    return (info.st_dev, info.st_ino, cookie, tuple(number for number, _, _ in MIGRATIONS))


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
        _ensure_wal(db.conn)
        if not migrate_schema:
            return
        migrate(db)
        if key not in _DRAINED:
            from dia_scan.storage import legacy_queue  # it imports this package

            if not legacy_queue.drain(db, key):
                return  # tried again on the next open
            _DRAINED.add(key)
        state = _file_state(db.conn, key)
        with _PREPARED_LOCK:
            _PREPARED[key] = state


def _ensure_wal(conn: sqlite3.Connection, attempts: int = 100) -> None:
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


def _friendly(err: sqlite3.DatabaseError, path: Path | None = None) -> str:
    text = str(err).lower()
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


def friendly_message(err: sqlite3.DatabaseError, path: Path | None = None) -> str:
    """The Dutch message for a database error (public for backup/restore)."""
    return _friendly(err, path)


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
        raise StorageError(_friendly(err)) from err
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
            raise StorageError(_friendly(err)) from err


# -- migrations ----------------------------------------------------------------------------------

Migration = Callable[[Database], None]
MIGRATIONS: list[tuple[int, str, Migration]] = []


def migration(number: int, name: str) -> Callable[[Migration], Migration]:
    def register(fn: Migration) -> Migration:
        MIGRATIONS.append((number, name, fn))
        MIGRATIONS.sort(key=lambda m: m[0])
        return fn

    return register


def schema_version(db: Database) -> int:
    if "_migrations" not in db.table_names():
        return 0
    row = db.execute("SELECT MAX(number) FROM _migrations").fetchone()
    return row[0] or 0


def migrate(db: Database) -> list[str]:
    """Apply every migration not applied yet; returns the names applied.

    The applied numbers are read first without a lock, so an up-to-date database never waits for a
    writer; the write lock is only taken when something is pending (and the check repeated under it).
    """
    if "_migrations" not in db.table_names():
        with transaction(db):
            db.execute(
                "CREATE TABLE IF NOT EXISTS _migrations (number INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)"
            )
    done = {row[0] for row in db.execute("SELECT number FROM _migrations").fetchall()}
    applied = []
    for number, name, fn in MIGRATIONS:
        if number in done:
            continue
        with transaction(db):
            if db.execute("SELECT 1 FROM _migrations WHERE number = ?", [number]).fetchone():
                continue
            fn(db)
            db.execute("INSERT INTO _migrations VALUES (?, ?, ?)", [number, name, now()])
            applied.append(name)
    return applied


@migration(1, "initial schema")
def _initial_schema(db: Database) -> None:
    # executescript() would commit the migration's transaction half-way, so run statement by statement
    statements = [
        """CREATE TABLE organisations (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            type TEXT NOT NULL DEFAULT 'gemeente',
            province TEXT,
            size_class TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            demo INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE instrument_versions (
            instrument_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            stored_at TEXT NOT NULL,
            PRIMARY KEY (instrument_id, version)
        )""",
        """CREATE TABLE rounds (
            id INTEGER PRIMARY KEY,
            organisation_id INTEGER NOT NULL REFERENCES organisations(id),
            instrument_id TEXT NOT NULL,
            instrument_version INTEGER NOT NULL,
            title TEXT NOT NULL,
            period_start TEXT,
            period_end TEXT,
            join_code TEXT NOT NULL UNIQUE,
            beheercode_hash TEXT NOT NULL,
            published INTEGER NOT NULL DEFAULT 0,
            closed_at TEXT,
            k INTEGER NOT NULL DEFAULT 5 CHECK (k >= 3),
            custom_questions TEXT NOT NULL DEFAULT '[]',
            results_for_participants INTEGER NOT NULL DEFAULT 0,
            summary_published INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            FOREIGN KEY (instrument_id, instrument_version)
                REFERENCES instrument_versions(instrument_id, version)
        )""",
        "CREATE INDEX idx_rounds_org ON rounds(organisation_id)",
        """CREATE TABLE responses (
            id INTEGER PRIMARY KEY,
            round_id INTEGER NOT NULL REFERENCES rounds(id),
            group_id TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            draft TEXT NOT NULL DEFAULT '{}',
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            submitted_at TEXT
        )""",
        "CREATE INDEX idx_responses_round ON responses(round_id, group_id)",
        """CREATE TABLE answers (
            response_id INTEGER NOT NULL REFERENCES responses(id),
            question_id TEXT NOT NULL,
            value INTEGER,
            dont_know INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (response_id, question_id)
        )""",
        """CREATE TABLE priorities (
            response_id INTEGER NOT NULL REFERENCES responses(id),
            theme_id TEXT NOT NULL,
            PRIMARY KEY (response_id, theme_id)
        )""",
        """CREATE TABLE open_answers (
            id INTEGER PRIMARY KEY,
            response_id INTEGER NOT NULL REFERENCES responses(id),
            round_id INTEGER NOT NULL REFERENCES rounds(id),
            group_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            text TEXT NOT NULL
        )""",
        "CREATE INDEX idx_open_answers_round ON open_answers(round_id)",
        """CREATE TABLE tallies (
            round_id INTEGER NOT NULL REFERENCES rounds(id),
            group_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            option TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (round_id, group_id, question_id, option)
        ) WITHOUT ROWID""",
        """CREATE TABLE group_counts (
            round_id INTEGER NOT NULL REFERENCES rounds(id),
            group_id TEXT NOT NULL,
            started INTEGER NOT NULL DEFAULT 0,
            submitted INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (round_id, group_id)
        ) WITHOUT ROWID""",
        """CREATE TABLE processes (
            id INTEGER PRIMARY KEY,
            organisation_id INTEGER NOT NULL REFERENCES organisations(id),
            name TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            phase TEXT,
            participation_level TEXT,
            target_groups TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE assessments (
            id INTEGER PRIMARY KEY,
            process_id INTEGER NOT NULL REFERENCES processes(id),
            instrument_id TEXT NOT NULL,
            instrument_version INTEGER NOT NULL,
            title TEXT NOT NULL,
            mode TEXT NOT NULL CHECK (mode IN ('samen', 'apart')),
            join_code TEXT NOT NULL UNIQUE,
            beheercode_hash TEXT NOT NULL,
            published INTEGER NOT NULL DEFAULT 1,
            closed_at TEXT,
            created_at TEXT NOT NULL,
            FOREIGN KEY (instrument_id, instrument_version)
                REFERENCES instrument_versions(instrument_id, version)
        )""",
        """CREATE TABLE assessors (
            id INTEGER PRIMARY KEY,
            assessment_id INTEGER NOT NULL REFERENCES assessments(id),
            token_hash TEXT NOT NULL UNIQUE,
            label TEXT NOT NULL,
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            submitted_at TEXT
        )""",
        """CREATE TABLE checklist_answers (
            assessor_id INTEGER NOT NULL REFERENCES assessors(id),
            criterion_id TEXT NOT NULL,
            option_id TEXT,
            toelichting TEXT NOT NULL DEFAULT '',
            actiepunt TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            PRIMARY KEY (assessor_id, criterion_id)
        )""",
        """CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            organisation_id INTEGER NOT NULL REFERENCES organisations(id),
            round_id INTEGER REFERENCES rounds(id),
            assessment_id INTEGER REFERENCES assessments(id),
            wat TEXT NOT NULL,
            waarom TEXT NOT NULL DEFAULT '',
            target_id TEXT,
            wie TEXT NOT NULL DEFAULT '',
            wanneer TEXT,
            status TEXT NOT NULL DEFAULT 'gepland'
                CHECK (status IN ('gepland', 'bezig', 'gedaan', 'gestopt')),
            result_note TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT 'handmatig',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX idx_actions_org ON actions(organisation_id)",
    ]
    for sql in statements:
        db.execute(sql)


# -- helpers -------------------------------------------------------------------------------------


def _rows(db: Database, sql: str, params: Iterable[Any] | dict = ()) -> list[dict]:
    return list(db.query(sql, params))


def _one(db: Database, sql: str, params: Iterable[Any] | dict = ()) -> dict | None:
    rows = _rows(db, sql, params)
    return rows[0] if rows else None


def _decode(row: dict | None, *json_fields: str) -> dict | None:
    if row is None:
        return None
    for f in json_fields:
        if f in row and isinstance(row[f], str):
            row[f] = json.loads(row[f])
    return row


# -- organisations -------------------------------------------------------------------------------


def insert_organisation(
    db: Database,
    name: str,
    type: str = "gemeente",
    province: str | None = None,
    size_class: str | None = None,
    tags: list[str] | None = None,
    demo: bool = False,
) -> int:
    row = {
        "name": name,
        "type": type,
        "province": province,
        "size_class": size_class,
        "tags": json.dumps(tags or []),
        "demo": int(demo),
        "created_at": now(),
    }
    return db["organisations"].insert(row).last_pk


def update_organisation(db: Database, organisation_id: int, **fields: Any) -> None:
    if "tags" in fields:
        fields["tags"] = json.dumps(fields["tags"] or [])
    db["organisations"].update(organisation_id, fields)


def get_organisation(db: Database, organisation_id: int) -> dict | None:
    return _decode(_one(db, "SELECT * FROM organisations WHERE id = ?", [organisation_id]), "tags")


def list_organisations(db: Database) -> list[dict]:
    return [_decode(r, "tags") for r in _rows(db, "SELECT * FROM organisations ORDER BY name")]


# -- instrument snapshots ------------------------------------------------------------------------


def store_instrument_version(
    db: Database, instrument_id: str, version: int, kind: str, title: str, body: dict
) -> None:
    """Keep the instrument as it was when a round used it. An existing version is never overwritten."""
    db.execute(
        "INSERT OR IGNORE INTO instrument_versions VALUES (?, ?, ?, ?, ?, ?)",
        [instrument_id, version, kind, title, json.dumps(body, ensure_ascii=False), now()],
    )


def keep_instrument(db: Database, instrument: Any) -> None:
    """Keep a parsed instrument (a Quick Scan or a checklist model) as its version's snapshot."""
    store_instrument_version(
        db,
        instrument.id,
        instrument.version,
        instrument.kind,
        instrument.title,
        instrument.model_dump(mode="json"),
    )


def get_instrument_body(db: Database, instrument_id: str, version: int) -> dict | None:
    row = _one(
        db,
        "SELECT body FROM instrument_versions WHERE instrument_id = ? AND version = ?",
        [instrument_id, version],
    )
    return json.loads(row["body"]) if row else None


def get_instrument_body_text(db: Database, instrument_id: str, version: int) -> str | None:
    """The stored snapshot as JSON text (callers may cache the parsed instrument by this text)."""
    row = _one(
        db,
        "SELECT body FROM instrument_versions WHERE instrument_id = ? AND version = ?",
        [instrument_id, version],
    )
    return row["body"] if row else None


# -- rounds --------------------------------------------------------------------------------------

_ROUND_JSON = ("custom_questions",)


def insert_round(db: Database, **fields: Any) -> int:
    fields = dict(fields)
    fields["custom_questions"] = json.dumps(fields.get("custom_questions") or [], ensure_ascii=False)
    fields.setdefault("created_at", now())
    return db["rounds"].insert(fields).last_pk


def join_code_exists(db: Database, code: str) -> bool:
    return bool(
        _one(
            db,
            "SELECT 1 FROM rounds WHERE join_code = ? UNION SELECT 1 FROM assessments WHERE join_code = ?",
            [code, code],
        )
    )


def get_round(db: Database, round_id: int) -> dict | None:
    return _decode(_one(db, _ROUND_SELECT + " WHERE r.id = ?", [round_id]), *_ROUND_JSON)


def get_round_by_code(db: Database, join_code: str) -> dict | None:
    return _decode(_one(db, _ROUND_SELECT + " WHERE r.join_code = ?", [join_code]), *_ROUND_JSON)


def list_rounds(db: Database, organisation_id: int | None = None) -> list[dict]:
    if organisation_id is None:
        rows = _rows(db, _ROUND_SELECT + " ORDER BY o.name, r.created_at, r.id")
    else:
        rows = _rows(
            db, _ROUND_SELECT + " WHERE r.organisation_id = ? ORDER BY r.created_at, r.id", [organisation_id]
        )
    return [_decode(r, *_ROUND_JSON) for r in rows]


_ROUND_SELECT = """
    SELECT r.*, o.name AS organisation_name, o.type AS organisation_type,
           (SELECT COALESCE(SUM(submitted), 0) FROM group_counts g WHERE g.round_id = r.id) AS submitted
    FROM rounds r JOIN organisations o ON o.id = r.organisation_id
"""


def update_round(db: Database, round_id: int, **fields: Any) -> None:
    if "custom_questions" in fields:
        fields["custom_questions"] = json.dumps(fields["custom_questions"], ensure_ascii=False)
    db["rounds"].update(round_id, fields)


def delete_round(db: Database, round_id: int) -> dict[str, int]:
    """Delete a round and everything answered in it, in one transaction: responses, answers,
    priorities, open answers, tallies (also of the "Over u" questions), group counts, cached scores and
    the record of imported files.
    Actions made from the round stay on the organisation's verbeteragenda, no longer linked to it.
    Returns the numbers deleted."""
    of_round = "SELECT id FROM responses WHERE round_id = ?"
    with transaction(db):
        execute = db.conn.execute
        answers = execute(f"DELETE FROM answers WHERE response_id IN ({of_round})", [round_id]).rowcount
        execute(f"DELETE FROM priorities WHERE response_id IN ({of_round})", [round_id])
        open_answers = execute("DELETE FROM open_answers WHERE round_id = ?", [round_id]).rowcount
        responses = execute("DELETE FROM responses WHERE round_id = ?", [round_id]).rowcount
        for table in ("tallies", "background_tallies", "group_counts", "round_score_cache", "paper_imports"):
            execute(f"DELETE FROM {table} WHERE round_id = ?", [round_id])
        actions = execute("UPDATE actions SET round_id = NULL WHERE round_id = ?", [round_id]).rowcount
        rounds = execute("DELETE FROM rounds WHERE id = ?", [round_id]).rowcount
    return {
        "rounds": rounds,
        "responses": responses,
        "answers": answers,
        "open_answers": open_answers,
        "actions_kept": actions,
    }


def previous_round(db: Database, round_row: dict) -> dict | None:
    """The round of the same organisation and instrument created just before this one."""
    row = _one(
        db,
        _ROUND_SELECT
        + """ WHERE r.organisation_id = ? AND r.instrument_id = ? AND (r.created_at < ? OR (r.created_at = ? AND r.id < ?))
              ORDER BY r.created_at DESC, r.id DESC LIMIT 1""",
        [
            round_row["organisation_id"],
            round_row["instrument_id"],
            round_row["created_at"],
            round_row["created_at"],
            round_row["id"],
        ],
    )
    return _decode(row, *_ROUND_JSON)


# -- responses -----------------------------------------------------------------------------------


def insert_response(
    db: Database, round_id: int, group_id: str, token_hash: str, draft: dict | None = None
) -> int:
    """A started response, with its first draft. One short transaction of its own, waiting for
    SQLite's lock with the busy timeout."""
    ts = now()
    with transaction(db):
        response_id = db.conn.execute(
            """INSERT INTO responses (round_id, group_id, token_hash, draft, started_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?)""",
            [round_id, group_id, token_hash, json.dumps(draft or {}, ensure_ascii=False), ts, ts],
        ).lastrowid
        db.conn.execute(_COUNT_STARTED, [round_id, group_id])
    return response_id


_COUNT_STARTED = """INSERT INTO group_counts (round_id, group_id, started, submitted) VALUES (?, ?, 1, 0)
    ON CONFLICT (round_id, group_id) DO UPDATE SET started = started + 1"""


def get_response_by_id(db: Database, response_id: int) -> dict | None:
    return _decode(_one(db, "SELECT * FROM responses WHERE id = ?", [response_id]), "draft")


def get_response_by_token_hash(db: Database, token_hash: str) -> dict | None:
    return _decode(_one(db, "SELECT * FROM responses WHERE token_hash = ?", [token_hash]), "draft")


def save_draft(db: Database, response_id: int, draft: dict) -> bool:
    """Store the answers typed so far. Returns False when the response was already submitted."""
    cur = db.execute(
        "UPDATE responses SET draft = ?, updated_at = ? WHERE id = ? AND submitted_at IS NULL",
        [json.dumps(draft, ensure_ascii=False), now(), response_id],
    )
    db.conn.commit()
    return cur.rowcount == 1


def submit_response(
    db: Database,
    response_id: int,
    answers: dict[str, int | str],
    priorities: list[str],
    open_answers: dict[str, str],
    background: dict[str, str] | None = None,
) -> bool:
    """Store a finished response and update the round's tallies, all in one transaction.

    ``background`` (question id -> option id, the optional "Over u" questions) is only added to the
    round's background tallies, never stored with the response, so it cannot be linked to the answers.

    ``answers`` maps question id to a scale value or ``"dk"``. Returns False (and changes nothing)
    when the response was already submitted, so submitting twice stores one response.

    Everything that can be prepared is prepared before the write lock is taken, and the answers and
    tallies go in with one statement each (SQLite walks the JSON). The transaction is a
    ``BEGIN IMMEDIATE`` on the caller's connection, which waits for SQLite's lock up to the busy
    timeout and then says the database is busy; inside a transaction that is already open (imports,
    demo data) it is a savepoint of that transaction.
    """
    payload = _submission_payload(response_id, answers, priorities, open_answers, background)
    try:
        with transaction(db):
            outcome = _store_submission(db.conn, payload)
    except sqlite3.DatabaseError as err:
        raise StorageError(_friendly(err)) from err
    if outcome == STORED:
        return True
    if outcome == ALREADY:
        return False
    raise StorageError("Deze antwoorden zijn niet gevonden.")


#: Outcomes of ``_store_submission``.
STORED, ALREADY, MISSING = "stored", "already", "missing"


def _submission_payload(
    response_id: int,
    answers: dict[str, int | str],
    priorities: list[str],
    open_answers: dict[str, str],
    background: dict[str, str] | None = None,
) -> dict:
    """The parameters ``_store_submission`` stores (prepared before the write lock is taken)."""
    return {
        "response": response_id,
        "answers": json.dumps({q: "dk" if v == "dk" else int(v) for q, v in answers.items()}),
        "priorities": json.dumps(list(priorities)),
        "priorities_key": PRIORITIES_KEY,
        "now": now(),
        "texts": [[q, t] for q, t in open_answers.items() if t.strip()],
        "background": json.dumps(dict(background or {})),
    }


def _store_submission(conn: sqlite3.Connection, payload: dict) -> str:
    """Store one submission inside an open transaction: STORED, ALREADY (submitted before, nothing
    changed) or MISSING (no such response)."""
    row = conn.execute(
        """UPDATE responses SET submitted_at = :now, updated_at = :now, draft = '{}'
           WHERE id = :response AND submitted_at IS NULL RETURNING round_id, group_id""",
        payload,
    ).fetchone()
    if row is None:
        if conn.execute("SELECT 1 FROM responses WHERE id = ?", [payload["response"]]).fetchone() is None:
            return MISSING
        return ALREADY
    params = {**payload, "round": row[0], "group": row[1]}
    conn.execute(_INSERT_ANSWERS, params)
    conn.execute(_INSERT_PRIORITIES, params)
    if payload["texts"]:
        conn.executemany(
            """INSERT INTO open_answers (response_id, round_id, group_id, question_id, text)
               VALUES (?, ?, ?, ?, ?)""",
            [(payload["response"], *row, q, t) for q, t in payload["texts"]],
        )
    conn.execute(_ADD_TO_TALLIES, params)
    if payload.get("background", "{}") != "{}":
        conn.execute(_ADD_TO_BACKGROUND, params)
    conn.execute(_COUNT_SUBMITTED, params)
    return STORED


_INSERT_ANSWERS = """INSERT INTO answers (response_id, question_id, value, dont_know)
    SELECT :response, key, CASE WHEN type = 'integer' THEN value END, type != 'integer'
    FROM json_each(:answers)"""

_INSERT_PRIORITIES = """INSERT INTO priorities (response_id, theme_id)
    SELECT :response, value FROM json_each(:priorities)"""

# The WHERE on the last SELECT keeps SQLite from reading ON CONFLICT as part of a join.
_ADD_TO_TALLIES = """INSERT INTO tallies (round_id, group_id, question_id, option, n)
    SELECT :round, :group, key, CAST(value AS TEXT), 1 FROM json_each(:answers)
    UNION ALL
    SELECT :round, :group, :priorities_key, value, 1 FROM json_each(:priorities) WHERE true
    ON CONFLICT (round_id, group_id, question_id, option) DO UPDATE SET n = n + 1"""

_ADD_TO_BACKGROUND = """INSERT INTO background_tallies (round_id, group_id, question_id, option, n)
    SELECT :round, :group, key, value, 1 FROM json_each(:background) WHERE true
    ON CONFLICT (round_id, group_id, question_id, option) DO UPDATE SET n = n + 1"""

_COUNT_SUBMITTED = """INSERT INTO group_counts (round_id, group_id, started, submitted)
    VALUES (:round, :group, 1, 1)
    ON CONFLICT (round_id, group_id) DO UPDATE SET submitted = submitted + 1"""


#: Question id under which priority picks are tallied (option = theme id).
PRIORITIES_KEY = "__prioriteiten__"


def group_counts(db: Database, round_id: int) -> dict[str, dict[str, int]]:
    rows = _rows(db, "SELECT group_id, started, submitted FROM group_counts WHERE round_id = ?", [round_id])
    return {r["group_id"]: {"started": r["started"], "submitted": r["submitted"]} for r in rows}


def round_tally_rows(db: Database, round_id: int) -> list[tuple[str, str, str, int]]:
    """The round's tallies as plain tuples (group, question, option, n): a report reads them all, and
    building a dict per row costs more than the query."""
    return db.conn.execute(
        "SELECT group_id, question_id, option, n FROM tallies WHERE round_id = ?", [round_id]
    ).fetchall()


def round_tallies(db: Database, round_id: int) -> list[dict]:
    keys = ("group_id", "question_id", "option", "n")
    return [dict(zip(keys, row, strict=True)) for row in round_tally_rows(db, round_id)]


def round_open_answers(db: Database, round_id: int) -> list[dict]:
    return _rows(
        db,
        "SELECT group_id, question_id, text FROM open_answers WHERE round_id = ? ORDER BY question_id, text",
        [round_id],
    )


def round_raw_answers(db: Database, round_id: int) -> list[dict]:
    """Individual submitted answers (for the naive check in tests and benchmarks, never for display)."""
    return _rows(
        db,
        """SELECT r.id AS response_id, r.group_id, a.question_id, a.value, a.dont_know
           FROM responses r JOIN answers a ON a.response_id = r.id
           WHERE r.round_id = ? AND r.submitted_at IS NOT NULL""",
        [round_id],
    )


def round_raw_priorities(db: Database, round_id: int) -> list[dict]:
    return _rows(
        db,
        """SELECT r.id AS response_id, r.group_id, p.theme_id FROM responses r JOIN priorities p ON p.response_id = r.id
           WHERE r.round_id = ? AND r.submitted_at IS NOT NULL""",
        [round_id],
    )


# -- verbeteragenda ------------------------------------------------------------------------------


def insert_action(db: Database, **fields: Any) -> int:
    ts = now()
    fields.setdefault("created_at", ts)
    fields.setdefault("updated_at", ts)
    return db["actions"].insert(fields).last_pk


def update_action(db: Database, action_id: int, **fields: Any) -> None:
    fields["updated_at"] = now()
    db["actions"].update(action_id, fields)


def get_action(db: Database, action_id: int) -> dict | None:
    rows = _rows(db, "SELECT * FROM actions WHERE id = ?", [action_id])
    return rows[0] if rows else None


def list_actions(
    db: Database,
    *,
    round_id: int | None = None,
    organisation_id: int | None = None,
    assessment_id: int | None = None,
) -> list[dict]:
    where, params = [], []
    for column, value in (
        ("round_id", round_id),
        ("organisation_id", organisation_id),
        ("assessment_id", assessment_id),
    ):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    sql = (
        "SELECT * FROM actions"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY created_at, id"
    )
    return _rows(db, sql, params)


# -- checklist -----------------------------------------------------------------------------------
# A process is one concrete participation process of an organisation; an assessment is one filling-in
# of the inclusiviteit-checklist for it (together, or apart through a join code); assessors are the
# anonymous people filling it in ("Beoordelaar 1, 2, ..."), and checklist_answers holds their answers,
# saved one at a time as they go.

_PROCESS_SELECT = """
    SELECT p.*, o.name AS organisation_name, o.type AS organisation_type,
           (SELECT COUNT(*) FROM assessments a WHERE a.process_id = p.id) AS assessment_count
    FROM processes p JOIN organisations o ON o.id = p.organisation_id
"""

_ASSESSMENT_SELECT = """
    SELECT a.*, p.name AS process_name, p.organisation_id,
           (SELECT COUNT(*) FROM assessors s WHERE s.assessment_id = a.id) AS assessor_count,
           (SELECT COUNT(*) FROM assessors s
             WHERE s.assessment_id = a.id AND s.submitted_at IS NOT NULL) AS done_count
    FROM assessments a JOIN processes p ON p.id = a.process_id
"""

_ANSWER_FIELDS = ("option_id", "toelichting", "actiepunt")


def insert_process(db: Database, **fields: Any) -> int:
    fields = dict(fields)
    fields["target_groups"] = json.dumps(fields.get("target_groups") or [], ensure_ascii=False)
    fields.setdefault("created_at", now())
    return db["processes"].insert(fields).last_pk


def update_process(db: Database, process_id: int, **fields: Any) -> None:
    if "target_groups" in fields:
        fields["target_groups"] = json.dumps(fields["target_groups"] or [], ensure_ascii=False)
    db["processes"].update(process_id, fields)


def delete_process(db: Database, process_id: int) -> dict[str, int]:
    """Delete a process with its assessments, assessors and their answers, in one transaction.
    Actions made from its assessments stay on the organisation's verbeteragenda, no longer linked to
    them. Returns the numbers deleted."""
    of_process = "SELECT id FROM assessments WHERE process_id = ?"
    assessors_of_process = f"SELECT id FROM assessors WHERE assessment_id IN ({of_process})"
    with transaction(db):
        execute = db.conn.execute
        answers = execute(
            f"DELETE FROM checklist_answers WHERE assessor_id IN ({assessors_of_process})", [process_id]
        ).rowcount
        assessors = execute(
            f"DELETE FROM assessors WHERE assessment_id IN ({of_process})", [process_id]
        ).rowcount
        actions = execute(
            f"UPDATE actions SET assessment_id = NULL WHERE assessment_id IN ({of_process})", [process_id]
        ).rowcount
        assessments = execute("DELETE FROM assessments WHERE process_id = ?", [process_id]).rowcount
        processes = execute("DELETE FROM processes WHERE id = ?", [process_id]).rowcount
    return {
        "processes": processes,
        "assessments": assessments,
        "assessors": assessors,
        "answers": answers,
        "actions_kept": actions,
    }


def get_process(db: Database, process_id: int) -> dict | None:
    return _decode(_one(db, _PROCESS_SELECT + " WHERE p.id = ?", [process_id]), "target_groups")


def list_processes(db: Database, organisation_id: int | None = None) -> list[dict]:
    if organisation_id is None:
        rows = _rows(db, _PROCESS_SELECT + " ORDER BY o.name, p.name, p.id")
    else:
        rows = _rows(
            db, _PROCESS_SELECT + " WHERE p.organisation_id = ? ORDER BY p.name, p.id", [organisation_id]
        )
    return [_decode(r, "target_groups") for r in rows]


def insert_assessment(db: Database, **fields: Any) -> int:
    fields = dict(fields)
    fields.setdefault("created_at", now())
    return db["assessments"].insert(fields).last_pk


def update_assessment(db: Database, assessment_id: int, **fields: Any) -> None:
    db["assessments"].update(assessment_id, fields)


def get_assessment(db: Database, assessment_id: int) -> dict | None:
    return _one(db, _ASSESSMENT_SELECT + " WHERE a.id = ?", [assessment_id])


def get_assessment_by_code(db: Database, join_code: str) -> dict | None:
    return _one(db, _ASSESSMENT_SELECT + " WHERE a.join_code = ?", [join_code])


def list_assessments(db: Database, process_id: int) -> list[dict]:
    """The assessments of one process, oldest first."""
    return _rows(db, _ASSESSMENT_SELECT + " WHERE a.process_id = ? ORDER BY a.created_at, a.id", [process_id])


def insert_numbered_assessor(
    db: Database, assessment_id: int, token_hash: str, label_format: str = "Beoordelaar {n}"
) -> tuple[int, str]:
    """Add an assessor numbered after those already there (atomic, so two joining at once differ)."""
    ts = now()
    with transaction(db):
        row = _one(db, "SELECT COUNT(*) AS n FROM assessors WHERE assessment_id = ?", [assessment_id])
        label = label_format.format(n=(row["n"] if row else 0) + 1)
        db.execute(
            """INSERT INTO assessors (assessment_id, token_hash, label, started_at, updated_at)
               VALUES (?, ?, ?, ?, ?)""",
            [assessment_id, token_hash, label, ts, ts],
        )
        assessor_id = _one(db, "SELECT id FROM assessors WHERE token_hash = ?", [token_hash])["id"]
    return assessor_id, label


def get_assessor(db: Database, assessor_id: int) -> dict | None:
    return _one(db, "SELECT * FROM assessors WHERE id = ?", [assessor_id])


def get_assessor_by_token_hash(db: Database, token_hash: str) -> dict | None:
    return _one(db, "SELECT * FROM assessors WHERE token_hash = ?", [token_hash])


def list_assessors(db: Database, assessment_id: int) -> list[dict]:
    """Assessors of an assessment with how many criteria each has answered."""
    return _rows(
        db,
        """SELECT s.*, (SELECT COUNT(*) FROM checklist_answers c
                        WHERE c.assessor_id = s.id AND c.option_id IS NOT NULL) AS answered
           FROM assessors s WHERE s.assessment_id = ? ORDER BY s.id""",
        [assessment_id],
    )


def mark_assessor_done(db: Database, assessor_id: int) -> None:
    ts = now()
    with transaction(db):
        db.execute(
            "UPDATE assessors SET submitted_at = COALESCE(submitted_at, ?), updated_at = ? WHERE id = ?",
            [ts, ts, assessor_id],
        )


def save_checklist_answer(db: Database, assessor_id: int, criterion_id: str, **fields: Any) -> None:
    """Store one criterion's answer; only the given fields (option_id, toelichting, actiepunt) change."""
    columns = [c for c in _ANSWER_FIELDS if c in fields]
    if not columns or set(fields) - set(_ANSWER_FIELDS):
        raise ValueError(f"unknown or missing answer fields: {sorted(fields)}")
    ts = now()
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns)
    with transaction(db):
        db.execute(
            f"""INSERT INTO checklist_answers (assessor_id, criterion_id, {names}, updated_at)
                VALUES (?, ?, {marks}, ?)
                ON CONFLICT (assessor_id, criterion_id) DO UPDATE SET {updates}, updated_at = excluded.updated_at""",
            [assessor_id, criterion_id, *(fields[c] for c in columns), ts],
        )
        db.execute("UPDATE assessors SET updated_at = ? WHERE id = ?", [ts, assessor_id])


def checklist_answers_of_assessor(db: Database, assessor_id: int) -> list[dict]:
    return _rows(
        db,
        "SELECT criterion_id, option_id, toelichting, actiepunt FROM checklist_answers WHERE assessor_id = ?",
        [assessor_id],
    )


def checklist_answers_of_assessment(db: Database, assessment_id: int) -> list[dict]:
    return _rows(
        db,
        """SELECT s.id AS assessor_id, s.label, c.criterion_id, c.option_id, c.toelichting, c.actiepunt
           FROM checklist_answers c JOIN assessors s ON s.id = c.assessor_id
           WHERE s.assessment_id = ? ORDER BY s.id, c.criterion_id""",
        [assessment_id],
    )


# -- comparison --
# Batch reads for the coordinator comparison (stored tallies only: aggregates, never answers), and a
# bulk insert of submitted responses for the benchmark that leaves exactly the rows and tallies one
# submit_response per response would leave.

_IN_CHUNK = 500


def latest_rounds(
    db: Database, instrument_id: str, date_from: str | None = None, date_to: str | None = None
) -> list[dict]:
    """Per organisation its latest round of this instrument with submitted responses in the period.

    A round's date (``round_date``) is its period start, or the day it was created; "latest" follows
    the creation order, as ``previous_round`` does.
    """
    return _rows(
        db,
        """WITH dated AS (
               SELECT r.id, r.organisation_id, r.instrument_id, r.instrument_version, r.title, r.k,
                      r.created_at, r.period_start, r.period_end, r.join_code,
                      COALESCE(r.period_start, substr(r.created_at, 1, 10)) AS round_date,
                      (SELECT COALESCE(SUM(g.submitted), 0) FROM group_counts g WHERE g.round_id = r.id)
                          AS submitted
               FROM rounds r WHERE r.instrument_id = :instrument
           ), ranked AS (
               SELECT d.*, ROW_NUMBER() OVER (
                   PARTITION BY d.organisation_id ORDER BY d.created_at DESC, d.id DESC) AS position
               FROM dated d
               WHERE d.submitted > 0
                 AND (:date_from IS NULL OR d.round_date >= :date_from)
                 AND (:date_to IS NULL OR d.round_date <= :date_to)
           )
           SELECT ranked.*, o.name AS organisation_name FROM ranked
           JOIN organisations o ON o.id = ranked.organisation_id
           WHERE ranked.position = 1 ORDER BY o.name, ranked.organisation_id""",
        {"instrument": instrument_id, "date_from": date_from, "date_to": date_to},
    )


def round_dates(db: Database, instrument_id: str) -> tuple[str | None, str | None]:
    """The first and last round date of an instrument (for a period picker)."""
    row = _one(
        db,
        """SELECT MIN(COALESCE(period_start, substr(created_at, 1, 10))) AS first,
                  MAX(COALESCE(period_start, substr(created_at, 1, 10))) AS last
           FROM rounds WHERE instrument_id = ?""",
        [instrument_id],
    )
    return (row["first"], row["last"]) if row else (None, None)


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _IN_CHUNK):
        yield ids[start : start + _IN_CHUNK]


def tallies_of_rounds(db: Database, round_ids: Iterable[int]) -> list[tuple[int, str, str, str, int]]:
    """(round_id, group_id, question_id, option, n) of many rounds at once, as plain tuples."""
    out: list[tuple] = []
    for chunk in _chunks(sorted(set(round_ids))):
        marks = ", ".join("?" for _ in chunk)
        out += db.conn.execute(
            f"SELECT round_id, group_id, question_id, option, n FROM tallies WHERE round_id IN ({marks})",
            chunk,
        ).fetchall()
    return out


def submitted_counts_of_rounds(db: Database, round_ids: Iterable[int]) -> list[tuple[int, str, int]]:
    """(round_id, group_id, submitted) of many rounds at once."""
    out: list[tuple] = []
    for chunk in _chunks(sorted(set(round_ids))):
        marks = ", ".join("?" for _ in chunk)
        out += db.conn.execute(
            f"SELECT round_id, group_id, submitted FROM group_counts WHERE round_id IN ({marks})", chunk
        ).fetchall()
    return out


def insert_submitted_responses(
    db: Database,
    round_id: int,
    responses: Iterable[tuple[str, str, dict[str, int | str], list[str]]],
) -> int:
    """Store many finished responses at once: (group_id, token_hash, answers, priorities) each.

    For the benchmark and other bulk loads. Answers must already be checked (as ``clean_submission``
    does). Leaves the same responses, answers, priorities, tallies and group counts as one
    ``insert_response`` plus ``submit_response`` per response, in one transaction. Returns how many.
    """
    from collections import Counter

    ts = now()
    with transaction(db):
        next_id = (db.execute("SELECT COALESCE(MAX(id), 0) FROM responses").fetchone()[0] or 0) + 1
        response_rows, answer_rows, priority_rows = [], [], []
        tally: Counter = Counter()
        per_group: Counter = Counter()
        for offset, (group_id, token, answers, priorities) in enumerate(responses):
            response_id = next_id + offset
            response_rows.append((response_id, round_id, group_id, token, "{}", ts, ts, ts))
            for q, v in answers.items():
                answer_rows.append((response_id, q, None if v == "dk" else int(v), int(v == "dk")))
                tally[(group_id, q, str(v))] += 1
            for t in priorities:
                priority_rows.append((response_id, t))
                tally[(group_id, PRIORITIES_KEY, t)] += 1
            per_group[group_id] += 1
        db.conn.executemany(
            """INSERT INTO responses (id, round_id, group_id, token_hash, draft, started_at, updated_at,
               submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            response_rows,
        )
        db.conn.executemany(
            "INSERT INTO answers (response_id, question_id, value, dont_know) VALUES (?, ?, ?, ?)",
            answer_rows,
        )
        db.conn.executemany("INSERT INTO priorities (response_id, theme_id) VALUES (?, ?)", priority_rows)
        db.conn.executemany(
            """INSERT INTO tallies (round_id, group_id, question_id, option, n) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (round_id, group_id, question_id, option) DO UPDATE SET n = n + excluded.n""",
            [(round_id, g, q, option, n) for (g, q, option), n in tally.items()],
        )
        db.conn.executemany(
            """INSERT INTO group_counts (round_id, group_id, started, submitted) VALUES (?, ?, ?, ?)
               ON CONFLICT (round_id, group_id) DO UPDATE SET started = started + excluded.started,
               submitted = submitted + excluded.submitted""",
            [(round_id, g, n, n) for g, n in per_group.items()],
        )
    return len(response_rows)


def response_counts(db: Database, round_id: int) -> dict[str, int]:
    """Bookkeeping of one round, to check that nothing was lost or counted twice."""
    row = _one(
        db,
        """SELECT
             (SELECT COUNT(*) FROM responses WHERE round_id = :r) AS responses,
             (SELECT COUNT(*) FROM responses WHERE round_id = :r AND submitted_at IS NOT NULL) AS submitted,
             (SELECT COUNT(DISTINCT token_hash) FROM responses WHERE round_id = :r) AS distinct_tokens,
             (SELECT COALESCE(SUM(submitted), 0) FROM group_counts WHERE round_id = :r) AS counted,
             (SELECT COUNT(*) FROM answers a JOIN responses s ON s.id = a.response_id
               WHERE s.round_id = :r) AS answers,
             (SELECT COALESCE(SUM(n), 0) FROM tallies WHERE round_id = :r AND question_id != :p)
               AS tallied_answers""",
        {"r": round_id, "p": PRIORITIES_KEY},
    )
    assert row is not None
    return row


# Scores of a round as the comparison needs them (k-safe aggregates from scoring.score_round), kept so
# a comparison of hundreds of organisations only rescores rounds whose counts changed. Numbered 20 to
# stay clear of migrations added in parallel; it depends on nothing after migration 1.
@migration(20, "comparison: cached round scores")
def _round_score_cache(db: Database) -> None:
    db.execute(
        """CREATE TABLE round_score_cache (
            round_id INTEGER PRIMARY KEY,
            fingerprint TEXT NOT NULL,
            body TEXT NOT NULL,
            stored_at TEXT NOT NULL
        )"""
    )


def cached_round_scores(db: Database, round_ids: Iterable[int]) -> dict[int, tuple[str, dict]]:
    """round id -> (fingerprint, scores) for the rounds that have cached scores."""
    out: dict[int, tuple[str, dict]] = {}
    for chunk in _chunks(sorted(set(round_ids))):
        marks = ", ".join("?" for _ in chunk)
        for round_id, fingerprint, body in db.conn.execute(
            f"SELECT round_id, fingerprint, body FROM round_score_cache WHERE round_id IN ({marks})", chunk
        ):
            out[round_id] = (fingerprint, json.loads(body))
    return out


def store_round_scores(db: Database, entries: Iterable[tuple[int, str, dict]]) -> None:
    """Keep (round id, fingerprint, scores); scores of rounds that no longer exist are dropped."""
    rows = [(rid, fp, json.dumps(body, ensure_ascii=False), now()) for rid, fp, body in entries]
    with transaction(db):
        db.conn.executemany("INSERT OR REPLACE INTO round_score_cache VALUES (?, ?, ?, ?)", rows)
        db.execute("DELETE FROM round_score_cache WHERE round_id NOT IN (SELECT id FROM rounds)")


# Paper forms imported into a round: which file (its SHA-256, not its contents) and how many forms,
# so the same file is never counted twice.
@migration(21, "paper forms: imported files")
def _paper_imports(db: Database) -> None:
    db.execute(
        """CREATE TABLE paper_imports (
            round_id INTEGER NOT NULL REFERENCES rounds(id),
            sha256 TEXT NOT NULL,
            responses INTEGER NOT NULL,
            imported_at TEXT NOT NULL,
            PRIMARY KEY (round_id, sha256)
        )"""
    )


def find_import(db: Database, round_id: int, sha256: str) -> dict | None:
    return _one(
        db,
        "SELECT responses, imported_at FROM paper_imports WHERE round_id = ? AND sha256 = ?",
        [round_id, sha256],
    )


def record_import(db: Database, round_id: int, sha256: str, responses: int) -> None:
    db.execute("INSERT INTO paper_imports VALUES (?, ?, ?, ?)", [round_id, sha256, responses, now()])


# The optional "Over u" questions (age, ...): only counts per round, group, question and option. There is
# deliberately no response id, so these answers cannot be linked to someone's other answers.
@migration(22, "background questions: tallies only")
def _background_tallies(db: Database) -> None:
    db.execute(
        """CREATE TABLE background_tallies (
            round_id INTEGER NOT NULL REFERENCES rounds(id),
            group_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            option TEXT NOT NULL,
            n INTEGER NOT NULL CHECK (n >= 0),
            PRIMARY KEY (round_id, group_id, question_id, option)
        )"""
    )


def background_tally_rows(db: Database, round_id: int) -> list[tuple[str, str, str, int]]:
    """The round's "Over u" counts as (group, question, option, n)."""
    return db.conn.execute(
        "SELECT group_id, question_id, option, n FROM background_tallies WHERE round_id = ?", [round_id]
    ).fetchall()


def organisations_per_instrument(db: Database) -> dict[str, int]:
    """instrument id -> how many organisations have a round of it with submitted responses."""
    rows = _rows(
        db,
        """SELECT r.instrument_id, COUNT(DISTINCT r.organisation_id) AS n FROM rounds r
           WHERE EXISTS (SELECT 1 FROM group_counts g WHERE g.round_id = r.id AND g.submitted > 0)
           GROUP BY r.instrument_id""",
    )
    return {r["instrument_id"]: r["n"] for r in rows}


# -- friendly errors at the boundary ---------------------------------------------------------------
# Every public function that takes a database turns SQLite's errors (a read-only or damaged file, a
# lock held too long) into a StorageError with a Dutch message. IntegrityError stays as it is: it is a
# programming error the callers' transactions roll back, not something a user can fix.

_NOT_GUARDED = {"connect", "transaction", "migration", "migrate", "default_path", "now", "friendly_message"}


def _guard(fn: Callable) -> Callable:
    @functools.wraps(fn)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (StorageError, sqlite3.IntegrityError):
            raise
        except sqlite3.DatabaseError as err:
            raise StorageError(_friendly(err)) from err

    return guarded


for _name, _fn in list(globals().items()):
    if (
        inspect.isfunction(_fn)
        and _fn.__module__ == __name__
        and not _name.startswith("_")
        and _name not in _NOT_GUARDED
        and next(iter(inspect.signature(_fn).parameters), None) == "db"
    ):
        globals()[_name] = _guard(_fn)

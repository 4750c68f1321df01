"""Responses: started, drafts saved, sent in. A submit is one ``BEGIN IMMEDIATE`` transaction that stores
the answers and adds them to the round's tallies, once per response."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from dia_scan.core.records import Response
from dia_scan.storage.connection import (
    StorageError,
    fetch_one,
    friendly_errors,
    friendly_text,
    now,
    transaction,
)
from dia_scan.storage.engine import DatabaseError, Dialects


@friendly_errors
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
    ON CONFLICT (round_id, group_id) DO UPDATE SET started = group_counts.started + 1"""


def _response(row: dict) -> Response:
    """The record of a row of ``responses``: the draft decoded. The resume code's hash stays behind."""
    draft = row["draft"]
    return Response(
        id=row["id"],
        round_id=row["round_id"],
        group_id=row["group_id"],
        draft=json.loads(draft) if isinstance(draft, str) else dict(draft or {}),
        started_at=row["started_at"],
        updated_at=row["updated_at"],
        submitted_at=row["submitted_at"] or None,
    )


@friendly_errors
def get_response_by_id(db: Database, response_id: int) -> Response | None:
    row = fetch_one(db, "SELECT * FROM responses WHERE id = ?", [response_id])
    return _response(row) if row else None


@friendly_errors
def get_response_by_token_hash(db: Database, token_hash: str) -> Response | None:
    row = fetch_one(db, "SELECT * FROM responses WHERE token_hash = ?", [token_hash])
    return _response(row) if row else None


@friendly_errors
def save_draft(db: Database, response_id: int, draft: dict) -> bool:
    """Store the answers typed so far. Returns False when the response was already submitted."""
    cur = db.execute(
        "UPDATE responses SET draft = ?, updated_at = ? WHERE id = ? AND submitted_at IS NULL",
        [json.dumps(draft, ensure_ascii=False), now(), response_id],
    )
    db.conn.commit()
    return cur.rowcount == 1


@friendly_errors
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
            outcome = store_submission(db.conn, payload)
    except DatabaseError as err:
        raise StorageError(friendly_text(err)) from err
    if outcome == STORED:
        return True
    if outcome == ALREADY:
        return False
    raise StorageError("Deze antwoorden zijn niet gevonden.")


#: Outcomes of ``store_submission``.
STORED, ALREADY, MISSING = "stored", "already", "missing"


def _submission_payload(
    response_id: int,
    answers: dict[str, int | str],
    priorities: list[str],
    open_answers: dict[str, str],
    background: dict[str, str] | None = None,
) -> dict:
    """The parameters ``store_submission`` stores (prepared before the write lock is taken)."""
    return {
        "response": response_id,
        "answers": json.dumps({q: "dk" if v == "dk" else int(v) for q, v in answers.items()}),
        "priorities": json.dumps(list(priorities)),
        "priorities_key": PRIORITIES_KEY,
        "now": now(),
        "texts": [[q, t] for q, t in open_answers.items() if t.strip()],
        "background": json.dumps(dict(background or {})),
    }


def store_submission(conn: Any, payload: dict) -> str:
    """Store one submission inside an open transaction: STORED, ALREADY (submitted before, nothing
    changed) or MISSING (no such response). ``conn`` is ``db.conn`` of either engine.

    On PostgreSQL, as on SQLite, the transaction holds the one write lock, so two servers sending the
    same response in take turns and the second finds it submitted (ALREADY)."""
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


# SQLite walks the JSON with json_each, PostgreSQL with json_each_text and json_array_elements_text.
_INSERT_ANSWERS = Dialects(
    sqlite="""INSERT INTO answers (response_id, question_id, value, dont_know)
        SELECT :response, key, CASE WHEN type = 'integer' THEN value END, type != 'integer'
        FROM json_each(:answers)""",
    postgresql="""INSERT INTO answers (response_id, question_id, value, dont_know)
        SELECT :response, key, CASE WHEN json_typeof(value) = 'number' THEN (value #>> '{}')::bigint END,
               CASE WHEN json_typeof(value) = 'number' THEN 0 ELSE 1 END
        FROM json_each(:answers::json)""",
)


_INSERT_PRIORITIES = Dialects(
    sqlite="""INSERT INTO priorities (response_id, theme_id)
        SELECT :response, value FROM json_each(:priorities)""",
    postgresql="""INSERT INTO priorities (response_id, theme_id)
        SELECT :response, value FROM json_array_elements_text(:priorities::json)""",
)


# The WHERE on the last SELECT keeps SQLite from reading ON CONFLICT as part of a join.
_ADD_TO_TALLIES = Dialects(
    sqlite="""INSERT INTO tallies (round_id, group_id, question_id, option, n)
        SELECT :round, :group, key, CAST(value AS TEXT), 1 FROM json_each(:answers)
        UNION ALL
        SELECT :round, :group, :priorities_key, value, 1 FROM json_each(:priorities) WHERE true
        ON CONFLICT (round_id, group_id, question_id, option) DO UPDATE SET n = tallies.n + 1""",
    postgresql="""INSERT INTO tallies (round_id, group_id, question_id, option, n)
        SELECT :round, :group, key, value, 1 FROM json_each_text(:answers::json)
        UNION ALL
        SELECT :round, :group, :priorities_key, value, 1 FROM json_array_elements_text(:priorities::json)
        ON CONFLICT (round_id, group_id, question_id, option) DO UPDATE SET n = tallies.n + 1""",
)


_ADD_TO_BACKGROUND = Dialects(
    sqlite="""INSERT INTO background_tallies (round_id, group_id, question_id, option, n)
        SELECT :round, :group, key, value, 1 FROM json_each(:background) WHERE true
        ON CONFLICT (round_id, group_id, question_id, option) DO UPDATE SET n = background_tallies.n + 1""",
    postgresql="""INSERT INTO background_tallies (round_id, group_id, question_id, option, n)
        SELECT :round, :group, key, value, 1 FROM json_each_text(:background::json)
        ON CONFLICT (round_id, group_id, question_id, option) DO UPDATE SET n = background_tallies.n + 1""",
)


_COUNT_SUBMITTED = """INSERT INTO group_counts (round_id, group_id, started, submitted)
    VALUES (:round, :group, 1, 1)
    ON CONFLICT (round_id, group_id) DO UPDATE SET submitted = group_counts.submitted + 1"""


#: Question id under which priority picks are tallied (option = theme id).
PRIORITIES_KEY = "__prioriteiten__"


@friendly_errors
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
               ON CONFLICT (round_id, group_id, question_id, option) DO UPDATE SET n = tallies.n + excluded.n""",
            [(round_id, g, q, option, n) for (g, q, option), n in tally.items()],
        )
        db.conn.executemany(
            """INSERT INTO group_counts (round_id, group_id, started, submitted) VALUES (?, ?, ?, ?)
               ON CONFLICT (round_id, group_id) DO UPDATE SET started = group_counts.started + excluded.started,
               submitted = group_counts.submitted + excluded.submitted""",
            [(round_id, g, n, n) for g, n in per_group.items()],
        )
    return len(response_rows)


@friendly_errors
def response_counts(db: Database, round_id: int) -> dict[str, int]:
    """Bookkeeping of one round, to check that nothing was lost or counted twice."""
    row = fetch_one(
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

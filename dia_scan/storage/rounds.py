"""Quick Scan rounds: the rows, their join codes, the latest round per organisation, paper imports."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from dia_scan.core.records import Round
from dia_scan.storage.connection import fetch_all, fetch_one, friendly_errors, now, transaction


def _round(row: dict) -> Round:
    """The record of a row of ``_ROUND_SELECT``: maatwerkvragen decoded, flags as bools. The beheercode
    hash stays behind (``round_beheercode_hash``)."""
    questions = row["custom_questions"]
    return Round(
        id=row["id"],
        organisation_id=row["organisation_id"],
        instrument_id=row["instrument_id"],
        instrument_version=int(row["instrument_version"]),
        title=row["title"],
        join_code=row["join_code"],
        k=int(row["k"]),
        period_start=row["period_start"] or None,
        period_end=row["period_end"] or None,
        published=bool(row["published"]),
        closed_at=row["closed_at"] or None,
        custom_questions=tuple(json.loads(questions) if isinstance(questions, str) else questions or ()),
        results_for_participants=bool(row["results_for_participants"]),
        summary_published=bool(row["summary_published"]),
        languages=row["languages"] or None,
        created_at=row["created_at"],
        organisation_name=row["organisation_name"],
        organisation_type=row["organisation_type"],
        submitted=int(row["submitted"]),
    )


@friendly_errors
def insert_round(db: Database, **fields: Any) -> int:
    fields = dict(fields)
    fields["custom_questions"] = json.dumps(fields.get("custom_questions") or [], ensure_ascii=False)
    fields.setdefault("created_at", now())
    return db["rounds"].insert(fields).last_pk


@friendly_errors
def join_code_exists(db: Database, code: str) -> bool:
    return bool(
        fetch_one(
            db,
            "SELECT 1 FROM rounds WHERE join_code = ? UNION SELECT 1 FROM assessments WHERE join_code = ?",
            [code, code],
        )
    )


@friendly_errors
def get_round(db: Database, round_id: int) -> Round | None:
    row = fetch_one(db, _ROUND_SELECT + " WHERE r.id = ?", [round_id])
    return _round(row) if row else None


@friendly_errors
def get_round_by_code(db: Database, join_code: str) -> Round | None:
    row = fetch_one(db, _ROUND_SELECT + " WHERE r.join_code = ?", [join_code])
    return _round(row) if row else None


@friendly_errors
def round_beheercode_hash(db: Database, round_id: int) -> str | None:
    """The hash of the round's beheercode, None when the round does not exist."""
    row = fetch_one(db, "SELECT beheercode_hash FROM rounds WHERE id = ?", [round_id])
    return row["beheercode_hash"] if row else None


@friendly_errors
def list_rounds(db: Database, organisation_id: int | None = None) -> list[Round]:
    if organisation_id is None:
        rows = fetch_all(db, _ROUND_SELECT + " ORDER BY o.name, r.created_at, r.id")
    else:
        rows = fetch_all(
            db, _ROUND_SELECT + " WHERE r.organisation_id = ? ORDER BY r.created_at, r.id", [organisation_id]
        )
    return [_round(r) for r in rows]


_ROUND_SELECT = """
    SELECT r.*, o.name AS organisation_name, o.type AS organisation_type,
           (SELECT COALESCE(SUM(submitted), 0) FROM group_counts g WHERE g.round_id = r.id) AS submitted
    FROM rounds r JOIN organisations o ON o.id = r.organisation_id
"""


@friendly_errors
def update_round(db: Database, round_id: int, **fields: Any) -> None:
    if "custom_questions" in fields:
        fields["custom_questions"] = json.dumps(fields["custom_questions"], ensure_ascii=False)
    db["rounds"].update(round_id, fields)


@friendly_errors
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


@friendly_errors
def previous_round(db: Database, round_row: Round) -> Round | None:
    """The round of the same organisation and instrument created just before this one."""
    row = fetch_one(
        db,
        _ROUND_SELECT
        + """ WHERE r.organisation_id = ? AND r.instrument_id = ? AND (r.created_at < ? OR (r.created_at = ? AND r.id < ?))
              ORDER BY r.created_at DESC, r.id DESC LIMIT 1""",
        [
            round_row.organisation_id,
            round_row.instrument_id,
            round_row.created_at,
            round_row.created_at,
            round_row.id,
        ],
    )
    return _round(row) if row else None


@friendly_errors
def latest_rounds(
    db: Database, instrument_id: str, date_from: str | None = None, date_to: str | None = None
) -> list[Round]:
    """Per organisation its latest round of this instrument with submitted responses in the period.

    A round's date (``Round.round_date``) is its period start, or the day it was created; "latest"
    follows the creation order, as ``previous_round`` does.
    """
    rows = fetch_all(
        db,
        """WITH dated AS (
               SELECT r.*, COALESCE(r.period_start, substr(r.created_at, 1, 10)) AS round_date,
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
           SELECT ranked.*, o.name AS organisation_name, o.type AS organisation_type FROM ranked
           JOIN organisations o ON o.id = ranked.organisation_id
           WHERE ranked.position = 1 ORDER BY o.name, ranked.organisation_id""",
        {"instrument": instrument_id, "date_from": date_from, "date_to": date_to},
    )
    return [_round(r) for r in rows]


@friendly_errors
def round_dates(db: Database, instrument_id: str) -> tuple[str | None, str | None]:
    """The first and last round date of an instrument (for a period picker)."""
    row = fetch_one(
        db,
        """SELECT MIN(COALESCE(period_start, substr(created_at, 1, 10))) AS first,
                  MAX(COALESCE(period_start, substr(created_at, 1, 10))) AS last
           FROM rounds WHERE instrument_id = ?""",
        [instrument_id],
    )
    return (row["first"], row["last"]) if row else (None, None)


@friendly_errors
def find_import(db: Database, round_id: int, sha256: str) -> dict | None:
    return fetch_one(
        db,
        "SELECT responses, imported_at FROM paper_imports WHERE round_id = ? AND sha256 = ?",
        [round_id, sha256],
    )


@friendly_errors
def record_import(db: Database, round_id: int, sha256: str, responses: int) -> None:
    db.execute("INSERT INTO paper_imports VALUES (?, ?, ?, ?)", [round_id, sha256, responses, now()])

"""The inclusiviteit-checklist: processes, assessments, assessors and their answers."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from dia_scan.core.records import Assessment, Process
from dia_scan.storage.connection import fetch_all, fetch_one, friendly_errors, now, transaction

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


def _process(row: dict) -> Process:
    """The record of a row of ``_PROCESS_SELECT``: target groups decoded, empty choices None."""
    groups = row["target_groups"]
    return Process(
        id=row["id"],
        organisation_id=row["organisation_id"],
        name=row["name"],
        description=row["description"] or "",
        phase=row["phase"] or None,
        participation_level=row["participation_level"] or None,
        target_groups=tuple(json.loads(groups) if isinstance(groups, str) else groups or ()),
        created_at=row["created_at"],
        organisation_name=row["organisation_name"],
        organisation_type=row["organisation_type"],
        assessment_count=int(row["assessment_count"]),
    )


def _assessment(row: dict) -> Assessment:
    """The record of a row of ``_ASSESSMENT_SELECT``: who fill it in decoded, flags as bools. The
    beheercode hash stays behind (``assessment_beheercode_hash``)."""
    who = row["who"]
    return Assessment(
        id=row["id"],
        process_id=row["process_id"],
        instrument_id=row["instrument_id"],
        instrument_version=int(row["instrument_version"]),
        title=row["title"],
        mode=row["mode"],
        join_code=row["join_code"],
        published=bool(row["published"]),
        closed_at=row["closed_at"] or None,
        phase=row["phase"] or None,
        who=tuple(json.loads(who) if isinstance(who, str) else who or ("team",)),
        languages=row["languages"] or None,
        created_at=row["created_at"],
        process_name=row["process_name"],
        organisation_id=row["organisation_id"],
        assessor_count=int(row["assessor_count"]),
        done_count=int(row["done_count"]),
    )


@friendly_errors
def insert_process(db: Database, **fields: Any) -> int:
    fields = dict(fields)
    fields["target_groups"] = json.dumps(fields.get("target_groups") or [], ensure_ascii=False)
    fields.setdefault("created_at", now())
    return db["processes"].insert(fields).last_pk


@friendly_errors
def update_process(db: Database, process_id: int, **fields: Any) -> None:
    if "target_groups" in fields:
        fields["target_groups"] = json.dumps(fields["target_groups"] or [], ensure_ascii=False)
    db["processes"].update(process_id, fields)


@friendly_errors
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


@friendly_errors
def get_process(db: Database, process_id: int) -> Process | None:
    row = fetch_one(db, _PROCESS_SELECT + " WHERE p.id = ?", [process_id])
    return _process(row) if row else None


@friendly_errors
def list_processes(db: Database, organisation_id: int | None = None) -> list[Process]:
    if organisation_id is None:
        rows = fetch_all(db, _PROCESS_SELECT + " ORDER BY o.name, p.name, p.id")
    else:
        rows = fetch_all(
            db, _PROCESS_SELECT + " WHERE p.organisation_id = ? ORDER BY p.name, p.id", [organisation_id]
        )
    return [_process(r) for r in rows]


@friendly_errors
def insert_assessment(db: Database, **fields: Any) -> int:
    fields = dict(fields)
    fields.setdefault("created_at", now())
    return db["assessments"].insert(fields).last_pk


@friendly_errors
def update_assessment(db: Database, assessment_id: int, **fields: Any) -> None:
    db["assessments"].update(assessment_id, fields)


@friendly_errors
def get_assessment(db: Database, assessment_id: int) -> Assessment | None:
    row = fetch_one(db, _ASSESSMENT_SELECT + " WHERE a.id = ?", [assessment_id])
    return _assessment(row) if row else None


@friendly_errors
def get_assessment_by_code(db: Database, join_code: str) -> Assessment | None:
    row = fetch_one(db, _ASSESSMENT_SELECT + " WHERE a.join_code = ?", [join_code])
    return _assessment(row) if row else None


@friendly_errors
def assessment_beheercode_hash(db: Database, assessment_id: int) -> str | None:
    """The hash of the assessment's beheercode, None when the assessment does not exist."""
    row = fetch_one(db, "SELECT beheercode_hash FROM assessments WHERE id = ?", [assessment_id])
    return row["beheercode_hash"] if row else None


@friendly_errors
def list_assessments(db: Database, process_id: int) -> list[Assessment]:
    """The assessments of one process, oldest first."""
    rows = fetch_all(
        db, _ASSESSMENT_SELECT + " WHERE a.process_id = ? ORDER BY a.created_at, a.id", [process_id]
    )
    return [_assessment(r) for r in rows]


@friendly_errors
def insert_numbered_assessor(
    db: Database, assessment_id: int, token_hash: str, label_format: str = "Beoordelaar {n}"
) -> tuple[int, str]:
    """Add an assessor numbered after those already there (atomic, so two joining at once differ)."""
    ts = now()
    with transaction(db):
        row = fetch_one(db, "SELECT COUNT(*) AS n FROM assessors WHERE assessment_id = ?", [assessment_id])
        label = label_format.format(n=(row["n"] if row else 0) + 1)
        db.execute(
            """INSERT INTO assessors (assessment_id, token_hash, label, started_at, updated_at)
               VALUES (?, ?, ?, ?, ?)""",
            [assessment_id, token_hash, label, ts, ts],
        )
        assessor_id = fetch_one(db, "SELECT id FROM assessors WHERE token_hash = ?", [token_hash])["id"]
    return assessor_id, label


@friendly_errors
def get_assessor(db: Database, assessor_id: int) -> dict | None:
    return fetch_one(db, "SELECT * FROM assessors WHERE id = ?", [assessor_id])


@friendly_errors
def get_assessor_by_token_hash(db: Database, token_hash: str) -> dict | None:
    return fetch_one(db, "SELECT * FROM assessors WHERE token_hash = ?", [token_hash])


@friendly_errors
def list_assessors(db: Database, assessment_id: int) -> list[dict]:
    """Assessors of an assessment with how many criteria each has answered."""
    return fetch_all(
        db,
        """SELECT s.*, (SELECT COUNT(*) FROM checklist_answers c
                        WHERE c.assessor_id = s.id AND c.option_id IS NOT NULL) AS answered
           FROM assessors s WHERE s.assessment_id = ? ORDER BY s.id""",
        [assessment_id],
    )


@friendly_errors
def mark_assessor_done(db: Database, assessor_id: int) -> None:
    ts = now()
    with transaction(db):
        db.execute(
            "UPDATE assessors SET submitted_at = COALESCE(submitted_at, ?), updated_at = ? WHERE id = ?",
            [ts, ts, assessor_id],
        )


@friendly_errors
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


@friendly_errors
def checklist_answers_of_assessor(db: Database, assessor_id: int) -> list[dict]:
    return fetch_all(
        db,
        "SELECT criterion_id, option_id, toelichting, actiepunt FROM checklist_answers WHERE assessor_id = ?",
        [assessor_id],
    )


@friendly_errors
def checklist_answers_of_assessment(db: Database, assessment_id: int) -> list[dict]:
    return fetch_all(
        db,
        """SELECT s.id AS assessor_id, s.label, c.criterion_id, c.option_id, c.toelichting, c.actiepunt
           FROM checklist_answers c JOIN assessors s ON s.id = c.assessor_id
           WHERE s.assessment_id = ? ORDER BY s.id, c.criterion_id""",
        [assessment_id],
    )

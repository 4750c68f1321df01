"""The verbeteragenda's actions."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from sqlite_utils import Database

from dia_scan.core.records import Action
from dia_scan.storage.connection import fetch_all, friendly_errors, now

_FIELDS = {field.name for field in fields(Action)}


def _action(row: dict) -> Action:
    """The record of a row of ``actions`` (every column is a field)."""
    return Action(**{key: value for key, value in row.items() if key in _FIELDS})


@friendly_errors
def insert_action(db: Database, **fields: Any) -> int:
    ts = now()
    fields.setdefault("created_at", ts)
    fields.setdefault("updated_at", ts)
    return db["actions"].insert(fields).last_pk


@friendly_errors
def update_action(db: Database, action_id: int, **fields: Any) -> None:
    fields["updated_at"] = now()
    db["actions"].update(action_id, fields)


@friendly_errors
def get_action(db: Database, action_id: int) -> Action | None:
    rows = fetch_all(db, "SELECT * FROM actions WHERE id = ?", [action_id])
    return _action(rows[0]) if rows else None


@friendly_errors
def list_actions(
    db: Database,
    *,
    round_id: int | None = None,
    organisation_id: int | None = None,
    assessment_id: int | None = None,
) -> list[Action]:
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
    return [_action(row) for row in fetch_all(db, sql, params)]

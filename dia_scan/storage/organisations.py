"""Organisations and their profile (type, province, size class, tags)."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from dia_scan.storage.connection import decode_json, fetch_all, fetch_one, friendly_errors, now


@friendly_errors
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


@friendly_errors
def update_organisation(db: Database, organisation_id: int, **fields: Any) -> None:
    if "tags" in fields:
        fields["tags"] = json.dumps(fields["tags"] or [])
    db["organisations"].update(organisation_id, fields)


@friendly_errors
def get_organisation(db: Database, organisation_id: int) -> dict | None:
    return decode_json(fetch_one(db, "SELECT * FROM organisations WHERE id = ?", [organisation_id]), "tags")


@friendly_errors
def list_organisations(db: Database) -> list[dict]:
    return [decode_json(r, "tags") for r in fetch_all(db, "SELECT * FROM organisations ORDER BY name")]


@friendly_errors
def organisations_per_instrument(db: Database) -> dict[str, int]:
    """instrument id -> how many organisations have a round of it with submitted responses."""
    rows = fetch_all(
        db,
        """SELECT r.instrument_id, COUNT(DISTINCT r.organisation_id) AS n FROM rounds r
           WHERE EXISTS (SELECT 1 FROM group_counts g WHERE g.round_id = r.id AND g.submitted > 0)
           GROUP BY r.instrument_id""",
    )
    return {r["instrument_id"]: r["n"] for r in rows}

"""Organisations and their profile (type, province, size class, urbanisation, tags), the proofs that
someone belongs to one (organisation code, beheercodes of its rounds), and the loaded reference list."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from dia_scan.core.records import Organisation
from dia_scan.storage.connection import fetch_all, fetch_one, friendly_errors, now, transaction


def _organisation(row: dict) -> Organisation:
    """The record of a row of ``organisations``: tags decoded, the flag a bool, empty texts None. The code
    hash stays behind (``organisation_code_hash``)."""
    tags = row["tags"]
    return Organisation(
        id=row["id"],
        name=row["name"],
        type=row["type"],
        province=row["province"] or None,
        size_class=row["size_class"] or None,
        tags=tuple(json.loads(tags) if isinstance(tags, str) else tags or ()),
        demo=bool(row["demo"]),
        reference_code=row["reference_code"] or None,
        urbanisation=row["urbanisation"] or None,
        created_at=row["created_at"],
    )


@friendly_errors
def insert_organisation(
    db: Database,
    name: str,
    type: str = "gemeente",
    province: str | None = None,
    size_class: str | None = None,
    tags: list[str] | None = None,
    demo: bool = False,
    reference_code: str | None = None,
    urbanisation: int | None = None,
) -> int:
    row = {
        "name": name,
        "type": type,
        "province": province,
        "size_class": size_class,
        "tags": json.dumps(tags or []),
        "demo": int(demo),
        "reference_code": reference_code,
        "urbanisation": urbanisation,
        "created_at": now(),
    }
    return db["organisations"].insert(row).last_pk


@friendly_errors
def update_organisation(db: Database, organisation_id: int, **fields: Any) -> None:
    if "tags" in fields:
        fields["tags"] = json.dumps(fields["tags"] or [])
    db["organisations"].update(organisation_id, fields)


@friendly_errors
def get_organisation(db: Database, organisation_id: int) -> Organisation | None:
    row = fetch_one(db, "SELECT * FROM organisations WHERE id = ?", [organisation_id])
    return _organisation(row) if row else None


@friendly_errors
def list_organisations(db: Database) -> list[Organisation]:
    return [_organisation(r) for r in fetch_all(db, "SELECT * FROM organisations ORDER BY name")]


@friendly_errors
def organisation_code_hash(db: Database, organisation_id: int) -> str | None:
    """The hash of the organisation's code, None when it has none (or the organisation does not exist)."""
    row = fetch_one(db, "SELECT code_hash FROM organisations WHERE id = ?", [organisation_id])
    return row["code_hash"] if row else None


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


@friendly_errors
def organisations_matching(
    db: Database, reference_code: str | None, names: list[str], type: str
) -> list[Organisation]:
    """Organisations that may be the one meant: the same reference list entry, or one of these names (any
    capitals) with the same type. Oldest first."""
    rows = fetch_all(
        db,
        "SELECT * FROM organisations WHERE type = ? OR reference_code = ? ORDER BY id",
        [type, reference_code],
    )
    # compared in Python: SQL's LOWER() folds only ASCII in SQLite, and names such as "Fryslân" are not
    folded = {n.casefold() for n in names}
    return [
        _organisation(r)
        for r in rows
        if (reference_code and r["reference_code"] == reference_code)
        or (r["type"] == type and r["name"].casefold() in folded)
    ]


@friendly_errors
def beheercode_hashes_of_organisation(db: Database, organisation_id: int) -> list[str]:
    """The beheercode hashes of every round and checklist assessment of the organisation."""
    rows = db.execute(
        """SELECT beheercode_hash FROM rounds WHERE organisation_id = ?
           UNION ALL
           SELECT a.beheercode_hash FROM assessments a JOIN processes p ON p.id = a.process_id
           WHERE p.organisation_id = ?""",
        [organisation_id, organisation_id],
    ).fetchall()
    return [r[0] for r in rows]


@friendly_errors
def set_organisation_code_hash(db: Database, organisation_id: int, code_hash: str | None) -> None:
    with transaction(db):
        db.execute("UPDATE organisations SET code_hash = ? WHERE id = ?", [code_hash, organisation_id])


@friendly_errors
def loaded_reference_gemeenten(db: Database) -> list[dict]:
    """The gemeenten loaded with ``dia-scan load-organisations`` (empty: use the shipped list)."""
    return fetch_all(db, "SELECT * FROM reference_gemeenten ORDER BY name")


@friendly_errors
def replace_reference_gemeenten(db: Database, rows: list[dict], source: str) -> None:
    """Replace the loaded list in one go: all rows or none."""
    loaded_at = now()
    columns = ("code", "name", "province", "size_code", "urbanisation", "inhabitants")
    with transaction(db):
        db.execute("DELETE FROM reference_gemeenten")
        for row in rows:
            db.execute(
                """INSERT INTO reference_gemeenten
                   (code, name, province, size_code, urbanisation, inhabitants, source, loaded_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                [*(row[c] for c in columns), source, loaded_at],
            )

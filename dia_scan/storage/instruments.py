"""Snapshots of the instruments (questionnaires) that rounds and assessments were made with."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from dia_scan.storage.connection import fetch_one, friendly_errors, now


@friendly_errors
def store_instrument_version(
    db: Database, instrument_id: str, version: int, kind: str, title: str, body: dict
) -> None:
    """Keep the instrument as it was when a round used it. An existing version is never overwritten."""
    db.execute(
        "INSERT INTO instrument_versions VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [instrument_id, version, kind, title, json.dumps(body, ensure_ascii=False), now()],
    )


@friendly_errors
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


@friendly_errors
def get_instrument_body(db: Database, instrument_id: str, version: int) -> dict | None:
    row = fetch_one(
        db,
        "SELECT body FROM instrument_versions WHERE instrument_id = ? AND version = ?",
        [instrument_id, version],
    )
    return json.loads(row["body"]) if row else None


@friendly_errors
def get_instrument_body_text(db: Database, instrument_id: str, version: int) -> str | None:
    """The stored snapshot as JSON text (callers may cache the parsed instrument by this text)."""
    row = fetch_one(
        db,
        "SELECT body FROM instrument_versions WHERE instrument_id = ? AND version = ?",
        [instrument_id, version],
    )
    return row["body"] if row else None

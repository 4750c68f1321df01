"""Cached scores of rounds for the comparison, keyed by what they depend on."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlite_utils import Database

from dia_scan.storage.connection import chunks, friendly_errors, now, transaction


@friendly_errors
def cached_round_scores(db: Database, round_ids: Iterable[int]) -> dict[int, tuple[str, dict]]:
    """round id -> (fingerprint, scores) for the rounds that have cached scores."""
    out: dict[int, tuple[str, dict]] = {}
    for chunk in chunks(sorted(set(round_ids))):
        marks = ", ".join("?" for _ in chunk)
        for round_id, fingerprint, body in db.conn.execute(
            f"SELECT round_id, fingerprint, body FROM round_score_cache WHERE round_id IN ({marks})", chunk
        ):
            out[round_id] = (fingerprint, json.loads(body))
    return out


@friendly_errors
def store_round_scores(db: Database, entries: Iterable[tuple[int, str, dict]]) -> None:
    """Keep (round id, fingerprint, scores); scores of rounds that no longer exist are dropped."""
    rows = [(rid, fp, json.dumps(body, ensure_ascii=False), now()) for rid, fp, body in entries]
    with transaction(db):
        db.conn.executemany(
            """INSERT INTO round_score_cache VALUES (?, ?, ?, ?) ON CONFLICT (round_id) DO UPDATE SET
               fingerprint = excluded.fingerprint, body = excluded.body, stored_at = excluded.stored_at""",
            rows,
        )
        db.execute("DELETE FROM round_score_cache WHERE round_id NOT IN (SELECT id FROM rounds)")

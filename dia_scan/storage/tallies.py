"""What a round's results are made of: counts per group, question and option (never single answers for the
scoring), open answers, and the raw rows the anonymised export needs."""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from dia_scan.storage.connection import chunks, fetch_all, friendly_errors


@friendly_errors
def group_counts(db: Database, round_id: int) -> dict[str, dict[str, int]]:
    rows = fetch_all(
        db, "SELECT group_id, started, submitted FROM group_counts WHERE round_id = ?", [round_id]
    )
    return {r["group_id"]: {"started": r["started"], "submitted": r["submitted"]} for r in rows}


@friendly_errors
def round_tally_rows(db: Database, round_id: int) -> list[tuple[str, str, str, int]]:
    """The round's tallies as plain tuples (group, question, option, n): a report reads them all, and
    building a dict per row costs more than the query."""
    return db.conn.execute(
        "SELECT group_id, question_id, option, n FROM tallies WHERE round_id = ?", [round_id]
    ).fetchall()


@friendly_errors
def round_tallies(db: Database, round_id: int) -> list[dict]:
    keys = ("group_id", "question_id", "option", "n")
    return [dict(zip(keys, row, strict=True)) for row in round_tally_rows(db, round_id)]


@friendly_errors
def round_open_answers(db: Database, round_id: int) -> list[dict]:
    return fetch_all(
        db,
        "SELECT group_id, question_id, text FROM open_answers WHERE round_id = ? ORDER BY question_id, text",
        [round_id],
    )


@friendly_errors
def round_raw_answers(db: Database, round_id: int) -> list[dict]:
    """Individual submitted answers (for the naive check in tests and benchmarks, never for display)."""
    return fetch_all(
        db,
        """SELECT r.id AS response_id, r.group_id, a.question_id, a.value, a.dont_know
           FROM responses r JOIN answers a ON a.response_id = r.id
           WHERE r.round_id = ? AND r.submitted_at IS NOT NULL""",
        [round_id],
    )


@friendly_errors
def round_raw_priorities(db: Database, round_id: int) -> list[dict]:
    return fetch_all(
        db,
        """SELECT r.id AS response_id, r.group_id, p.theme_id FROM responses r JOIN priorities p ON p.response_id = r.id
           WHERE r.round_id = ? AND r.submitted_at IS NOT NULL""",
        [round_id],
    )


@friendly_errors
def tallies_of_rounds(db: Database, round_ids: Iterable[int]) -> list[tuple[int, str, str, str, int]]:
    """(round_id, group_id, question_id, option, n) of many rounds at once, as plain tuples."""
    out: list[tuple] = []
    for chunk in chunks(sorted(set(round_ids))):
        marks = ", ".join("?" for _ in chunk)
        out += db.conn.execute(
            f"SELECT round_id, group_id, question_id, option, n FROM tallies WHERE round_id IN ({marks})",
            chunk,
        ).fetchall()
    return out


@friendly_errors
def submitted_counts_of_rounds(db: Database, round_ids: Iterable[int]) -> list[tuple[int, str, int]]:
    """(round_id, group_id, submitted) of many rounds at once."""
    out: list[tuple] = []
    for chunk in chunks(sorted(set(round_ids))):
        marks = ", ".join("?" for _ in chunk)
        out += db.conn.execute(
            f"SELECT round_id, group_id, submitted FROM group_counts WHERE round_id IN ({marks})", chunk
        ).fetchall()
    return out


@friendly_errors
def background_tally_rows(db: Database, round_id: int) -> list[tuple[str, str, str, int]]:
    """The round's "Over u" counts as (group, question, option, n)."""
    return db.conn.execute(
        "SELECT group_id, question_id, option, n FROM background_tallies WHERE round_id = ?", [round_id]
    ).fetchall()

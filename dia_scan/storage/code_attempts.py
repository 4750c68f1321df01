"""Wrong code tries per target (a round, an assessment, an organisation), shared by every session.

The rule (how many tries, how long a block) lives in ``common/code_access.py``; this module only counts.
"""

from __future__ import annotations

from sqlite_utils import Database

from dia_scan.storage.connection import fetch_one, friendly_errors, now, transaction


@friendly_errors
def get_attempts(db: Database, scope: str, target: str) -> tuple[int, float]:
    """(wrong tries since the last success or block, blocked until as seconds since the epoch)."""
    row = fetch_one(
        db, "SELECT failed, blocked_until FROM code_attempts WHERE scope = ? AND target = ?", [scope, target]
    )
    return (row["failed"], row["blocked_until"]) if row else (0, 0.0)


@friendly_errors
def record_failed_attempt(
    db: Database, scope: str, target: str, *, max_attempts: int, block_until: float
) -> tuple[int, bool]:
    """Count one wrong try; at ``max_attempts`` the counter starts again and the target is blocked until
    ``block_until``. Returns (wrong tries counted, whether this try started a block)."""
    with transaction(db):
        db.execute(
            """INSERT INTO code_attempts (scope, target, failed, blocked_until, updated_at)
               VALUES (?, ?, 0, 0, ?) ON CONFLICT (scope, target) DO NOTHING""",
            [scope, target, now()],
        )
        db.execute(
            "UPDATE code_attempts SET failed = failed + 1, updated_at = ? WHERE scope = ? AND target = ?",
            [now(), scope, target],
        )
        failed = db.execute(
            "SELECT failed FROM code_attempts WHERE scope = ? AND target = ?", [scope, target]
        ).fetchone()[0]
        if failed < max_attempts:
            return failed, False
        db.execute(
            "UPDATE code_attempts SET failed = 0, blocked_until = ? WHERE scope = ? AND target = ?",
            [block_until, scope, target],
        )
        return failed, True


@friendly_errors
def clear_attempts(db: Database, scope: str, target: str) -> None:
    with transaction(db):
        db.execute("DELETE FROM code_attempts WHERE scope = ? AND target = ?", [scope, target])

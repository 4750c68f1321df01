"""When a round or an assessment takes answers: once published, until closed."""

from __future__ import annotations

from collections.abc import Mapping


def is_open(row: Mapping) -> bool:
    """Published and not closed: it takes answers."""
    return bool(row["published"]) and not row["closed_at"]

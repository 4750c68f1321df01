"""Idle PostgreSQL connections kept for the next use, per database.

Every script run of the app opens a connection (``storage.connect``) and closes it at the end of the run
(``ui/common/context.close_connections``). On PostgreSQL a new connection starts a server process: the
benchmark measured about 17 ms of database CPU for each, more than the app's own work per click
(docs/performance.md). A closed connection therefore goes back here, and the next open takes it again.

Not a pool with a maximum: a connection that is never closed is simply collected and closed by Python, so
nothing can run out or wait. Only a connection that is idle (no transaction open, not broken) is kept, and
one taken back is checked with a round trip first, so a server restart costs nothing but a new connection.
"""

from __future__ import annotations

import threading

import psycopg

#: How many idle connections are kept per database: about the clicks one server handles at the same moment.
KEEP_PER_DATABASE = 8

_IDLE: dict[str, list[psycopg.Connection]] = {}
_LOCK = threading.Lock()


def _idle(raw: psycopg.Connection) -> bool:
    return (
        not raw.closed and not raw.broken and raw.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    )


def take(url: str) -> psycopg.Connection | None:
    """An idle connection to ``url`` that still answers, or None."""
    while True:
        with _LOCK:
            kept = _IDLE.get(url)
            if not kept:
                return None
            raw = kept.pop()
        try:
            if _idle(raw):
                raw.execute("SELECT 1")
                return raw
        except psycopg.Error:
            pass
        raw.close()


def give_back(url: str, raw: psycopg.Connection) -> None:
    """Keep a connection its user has finished with, or close it (not idle, or enough kept)."""
    if _idle(raw):
        with _LOCK:
            kept = _IDLE.setdefault(url, [])
            if len(kept) < KEEP_PER_DATABASE:
                kept.append(raw)
                return
    raw.close()


def close_all(url: str | None = None) -> None:
    """Close the idle connections (of one database, or all): before the database is copied or dropped."""
    with _LOCK:
        urls = [url] if url is not None else list(_IDLE)
        closing = [raw for u in urls for raw in _IDLE.pop(u, [])]
    for raw in closing:
        raw.close()

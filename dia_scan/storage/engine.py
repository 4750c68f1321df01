"""Which database engine a setting names, and the few things both engines share.

``DIA_SCAN_DB`` (or ``url`` under ``[database]`` in ``.streamlit/secrets.toml``) is either a file path
(SQLite, the default) or a ``postgresql://`` URL. The storage modules write one SQL for both; a statement
whose SQL must differ is a ``Dialects``: its SQLite form is the string itself, its PostgreSQL form rides
along, so the two stand side by side in one place.

Errors: the storage package speaks the DB-API exception classes of ``sqlite3`` on both engines
(``DatabaseError``, ``IntegrityError``, ``OperationalError``); the PostgreSQL layer raises subclasses of
them, so one ``except`` holds for both."""

from __future__ import annotations

import os
import sqlite3
import tomllib
from pathlib import Path
from typing import Any

SQLITE, POSTGRESQL = "sqlite", "postgresql"

DatabaseError = sqlite3.DatabaseError
IntegrityError = sqlite3.IntegrityError
OperationalError = sqlite3.OperationalError

_URL_SCHEMES = ("postgresql://", "postgres://")


class Dialects(str):
    """One statement in the two forms the engines need. ``str(self)`` is the SQLite form (sqlite3 runs
    it as it is); ``.postgresql`` is the PostgreSQL form, taken by the PostgreSQL layer."""

    postgresql: str

    def __new__(cls, *, sqlite: str, postgresql: str) -> Dialects:
        made = super().__new__(cls, sqlite)
        made.postgresql = postgresql
        return made


def as_url(target: str | Path | None) -> str | None:
    """The PostgreSQL URL ``target`` names, or None for a file path. A URL that went through ``Path``
    (which folds ``//`` into ``/``, as ``Path(args.db)`` does) is recognised and repaired."""
    if target is None:
        return None
    text = str(target)
    if text.startswith(_URL_SCHEMES):
        return text
    for scheme in _URL_SCHEMES:
        folded = scheme[:-1]  # "postgresql:/"
        if text.startswith(folded):
            return scheme + text[len(folded) :]
    return None


def is_url(target: str | Path | None) -> bool:
    return as_url(target) is not None


def engine_of(db: Any) -> str:
    """SQLITE or POSTGRESQL for an open database (a sqlite-utils ``Database`` or the PostgreSQL layer's)."""
    return getattr(db, "engine", SQLITE)


def secrets_files(project_root: Path) -> list[Path]:
    """Where Streamlit reads its secrets: the working folder's ``.streamlit/`` and the project's."""
    return [Path.cwd() / ".streamlit" / "secrets.toml", project_root / ".streamlit" / "secrets.toml"]


def configured_target(project_root: Path, default: Path) -> str | Path:
    """The database to use: ``DIA_SCAN_DB``, else ``[database] url`` in secrets.toml, else ``default``.
    A URL stays a string; anything else is a path."""
    value = os.environ.get("DIA_SCAN_DB") or _from_secrets(project_root)
    if not value:
        return default
    return value if is_url(value) else Path(value)


def _from_secrets(project_root: Path) -> str | None:
    for path in secrets_files(project_root):
        try:
            with path.open("rb") as handle:
                value = tomllib.load(handle).get("database", {}).get("url")
        except (OSError, tomllib.TOMLDecodeError):
            continue
        if value:
            return str(value)
    return None


def redacted(url: str) -> str:
    """A URL fit for a message or a log: the password left out."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    return f"{scheme}{sep}{credentials.split(':', 1)[0]}:***@{host}"

"""Back-up and restore of a PostgreSQL database, with PostgreSQL's own tools (``pg_dump``/``pg_restore``).

- A back-up is ``pg_dump --format=custom``: one consistent snapshot (pg_dump reads in one transaction)
  while the app goes on writing. It is written under a temporary name, checked, then renamed into place.
- A check reads the archive's table of contents (``pg_restore --list``) and the migrations it holds,
  so a damaged file, a foreign database or one from a newer DiA Scan is refused before anything changes.
- A restore first keeps the current database as a dump beside the back-up (``<naam>.bak-<tijdstip>.dump``),
  then loads the back-up with ``pg_restore --clean --single-transaction``: all or nothing.

The commands come from the PATH or from Debian's ``/usr/lib/postgresql/<versie>/bin``."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

from dia_scan import storage

#: The first bytes of a pg_dump archive in the custom format.
MAGIC = b"PGDMP"


def is_dump(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def tool(name: str) -> str:
    """The path of pg_dump or pg_restore; the newest when several PostgreSQL versions are installed."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[4]))
    if not candidates:
        raise storage.StorageError(
            f"{name} is niet gevonden. Installeer de PostgreSQL-programma's (Debian: apt-get install "
            "postgresql-client)."
        )
    return candidates[-1]


def _run(args: list[str], error: type[storage.StorageError], what: str) -> str:
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=3600)
    except OSError as err:
        raise error(f"{what} is niet gelukt: {err.strerror}.") from err
    if done.returncode != 0:
        detail = " ".join(done.stderr.split())[:300].replace("\n", " ")
        raise error(f"{what} is niet gelukt ({detail}).")
    return done.stdout


def dump(url: str, partial: Path, error: type[storage.StorageError]) -> None:
    _run(
        [
            tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={partial}",
            f"--dbname={url}",
        ],
        error,
        f"De back-up van {storage.engine.redacted(url)}",
    )


def dump_version(path: Path, error: type[storage.StorageError]) -> int:
    """The newest migration in a dump, 0 when it holds no DiA Scan database; raises for a damaged file."""
    listing = _run([tool("pg_restore"), "--list", str(path)], error, f"Het lezen van {path}")
    if " TABLE DATA " not in listing or " _migrations " not in listing:
        return 0
    data = _run(
        [tool("pg_restore"), "--data-only", "--table=_migrations", "--file=-", str(path)],
        error,
        f"Het lezen van {path}",
    )
    numbers, copying = [], False
    for line in data.splitlines():
        if line.startswith("COPY ") and "_migrations" in line:
            copying = True
        elif copying and line == "\\.":
            copying = False
        elif copying and line.split("\t", 1)[0].isdigit():
            numbers.append(int(line.split("\t", 1)[0]))
    return max(numbers, default=0)


def has_data(url: str) -> bool:
    db = storage.connect(url, migrate_schema=False)
    try:
        tables = [t for t in db.table_names() if t != "_migrations"]
        return any(db.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() for t in tables)
    finally:
        db.close()


def keep_current(url: str, beside: Path, stamp: str, error: type[storage.StorageError]) -> Path:
    """Dump the current database next to the back-up before it is replaced."""
    name = url.rsplit("/", 1)[-1].split("?", 1)[0] or "dia_scan"
    kept = beside.parent / f"{name}.bak-{stamp}.dump"
    n = 1
    while kept.exists():
        n += 1
        kept = beside.parent / f"{name}.bak-{stamp}-{n}.dump"
    dump(url, kept, error)
    return kept


def load(path: Path, url: str, error: type[storage.StorageError]) -> None:
    """Replace the database's tables by the dump's, in one transaction."""
    _run(
        [
            tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={url}",
            str(path),
        ],
        error,
        f"Terugzetten in {storage.engine.redacted(url)}",
    )


def partial_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.partial")

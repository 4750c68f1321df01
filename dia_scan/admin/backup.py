"""Back-up and restore of the database file, safe while the app is running.

- A back-up uses SQLite's online backup API: it copies one consistent snapshot of the database
  (including what is still in the WAL file) while other connections go on reading and writing. The copy
  is written next to the target under a temporary name, checked, and only then renamed into place, so a
  half-written back-up never carries the real name.
- A restore first checks the back-up (``PRAGMA integrity_check``, and that it is a DiA Scan database
  made by this or an older version), keeps the current database as ``PATH.bak-<timestamp>``, and then
  copies the back-up in through the same backup API, under SQLite's own locks, so the app's open
  connections see the restored data instead of a file swapped under them.

On PostgreSQL (``--db postgresql://...``) the same commands use pg_dump and pg_restore instead
(``backup_postgres``): same checks, same messages, the old database kept as a dump.

Problems a user can fix raise :class:`BackupError` with a plain Dutch message.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dia_scan import storage
from dia_scan.admin import backup_postgres

_TIMEOUT_S = storage.BUSY_TIMEOUT_MS / 1000


class BackupError(storage.StorageError):
    """A back-up or restore that cannot go ahead; the message says why, in Dutch."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    schema_version: int
    size_bytes: int


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupInfo
    target: Path | str
    kept_old_as: Path | None


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _free_name(path: Path) -> Path:
    """``path`` itself when free, else ``path-2``, ``path-3`` ... (two back-ups in one second)."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


def _open_read_only(path: Path) -> sqlite3.Connection:
    # mode=ro: checking a back-up must never change it (no WAL switch, no migrations, no new file).
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=_TIMEOUT_S)
    conn.execute(f"PRAGMA busy_timeout = {storage.BUSY_TIMEOUT_MS}")
    return conn


def _snapshot(source: Path, copy: Path) -> None:
    """Copy a database into a new single file, read-only on the source."""
    src = _open_read_only(source)
    try:
        dst = sqlite3.connect(copy)
        try:
            # pages=-1: one step, so the copy is one snapshot even while writers go on (WAL).
            src.backup(dst)
            # A self-contained file: no -wal next to it.
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()


# -- checking ------------------------------------------------------------------------------------


def check_backup(path: str | Path) -> BackupInfo:
    """Check that ``path`` is an intact DiA Scan database this version can open."""
    path = Path(path)
    if not path.exists():
        raise BackupError(f"Het back-upbestand {path} bestaat niet.")
    if not path.is_file():
        raise BackupError(f"{path} is geen bestand. Geef het back-upbestand zelf op.")
    if backup_postgres.is_dump(path):
        version = backup_postgres.dump_version(path, BackupError)
        return _known_version(path, ["ok"], {"_migrations"} if version else set(), version)
    try:
        conn = _open_read_only(path)
        try:
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            version = 0
            if "_migrations" in tables:
                version = conn.execute("SELECT MAX(number) FROM _migrations").fetchone()[0] or 0
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        raise BackupError(
            f"{path} is geen bruikbare database (SQLite meldt: {err}). Kies een ander back-upbestand."
        ) from err
    return _known_version(path, problems, tables, version)


def _known_version(path: Path, problems: list[str], tables: set[str], version: int) -> BackupInfo:
    if problems != ["ok"]:
        raise BackupError(
            f"Het back-upbestand {path} is beschadigd (integriteitscontrole: {_first_line(problems)}). "
            "Kies een ander back-upbestand."
        )
    if "_migrations" not in tables or version == 0:
        raise BackupError(f"{path} is wel een database, maar geen DiA Scan-database. Er is niets veranderd.")
    newest = max((number for number, _, _ in storage.MIGRATIONS), default=0)
    if version > newest:
        raise BackupError(
            f"De back-up {path} is gemaakt met een nieuwere versie van DiA Scan (databaseversie {version}; "
            f"deze versie kent tot en met {newest}). Werk DiA Scan eerst bij."
        )
    return BackupInfo(path, version, path.stat().st_size)


def _first_line(problems: list[str]) -> str:
    text = " ".join(" ".join(problems).replace("*** in database main ***", "").split())
    return text[:160] + ("..." if len(text) > 160 else "")


# -- back-up -------------------------------------------------------------------------------------


def backup(db_path: str | Path, to: str | Path, *, force: bool = False) -> BackupInfo:
    """Copy the live database at ``db_path`` to ``to`` (a file, or a folder to put a dated file in)."""
    if storage.is_url(db_path):
        return _backup_server(storage.engine.as_url(db_path), Path(to), force)
    source = Path(db_path)
    if not source.is_file():
        raise BackupError(f"De database {source} bestaat niet. Controleer het pad achter --db.")
    target = Path(to)
    if target.is_dir():
        target = _free_name(target / f"{source.stem}-{_stamp()}.db")
    if target.resolve() == source.resolve():
        raise BackupError("De back-up kan niet hetzelfde bestand zijn als de database.")
    if target.exists() and not force:
        raise BackupError(
            f"{target} bestaat al. Kies een andere naam, of gebruik --force om het te vervangen."
        )
    if not target.parent.is_dir():
        raise BackupError(f"De map {target.parent} bestaat niet. Maak hem eerst aan.")
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        _snapshot(source, partial)
        info = check_backup(partial)
        os.replace(partial, target)
    except sqlite3.DatabaseError as err:
        raise BackupError(f"De back-up is niet gelukt: {storage.friendly_message(err, source)}") from err
    except OSError as err:
        raise BackupError(f"De back-up kon niet worden geschreven naar {target}: {err.strerror}.") from err
    finally:
        partial.unlink(missing_ok=True)
    return BackupInfo(target, info.schema_version, target.stat().st_size)


def _backup_server(url: str, target: Path, force: bool) -> BackupInfo:
    if target.is_dir():
        name = url.rsplit("/", 1)[-1].split("?", 1)[0] or "dia_scan"
        target = _free_name(target / f"{name}-{_stamp()}.dump")
    if target.exists() and not force:
        raise BackupError(
            f"{target} bestaat al. Kies een andere naam, of gebruik --force om het te vervangen."
        )
    if not target.parent.is_dir():
        raise BackupError(f"De map {target.parent} bestaat niet. Maak hem eerst aan.")
    partial = backup_postgres.partial_name(target)
    try:
        backup_postgres.dump(url, partial, BackupError)
        info = check_backup(partial)
        os.replace(partial, target)
    except OSError as err:
        raise BackupError(f"De back-up kon niet worden geschreven naar {target}: {err.strerror}.") from err
    finally:
        partial.unlink(missing_ok=True)
    return BackupInfo(target, info.schema_version, target.stat().st_size)


# -- restore -------------------------------------------------------------------------------------


def restore(from_path: str | Path, db_path: str | Path, *, force: bool = False) -> RestoreResult:
    """Replace the database at ``db_path`` by the back-up; the old one is kept as ``.bak-<timestamp>``."""
    if storage.is_url(db_path):
        return _restore_server(Path(from_path), storage.engine.as_url(db_path), force)
    source, target = Path(from_path), Path(db_path)
    info = check_backup(source)
    if backup_postgres.is_dump(source):
        raise BackupError(
            f"{source} is een back-up van een PostgreSQL-database. Zet hem terug met --db postgresql://..."
        )
    if target.exists() and target.resolve() == source.resolve():
        raise BackupError("De back-up en de database zijn hetzelfde bestand. Er is niets veranderd.")
    kept: Path | None = None
    if target.exists():
        if not force:
            raise BackupError(
                f"De database {target} bestaat al en zou worden vervangen. "
                "Gebruik --force als u dat echt wilt (de huidige database wordt dan eerst bewaard als "
                f"{target.name}.bak-<tijdstip>)."
            )
        kept = _keep_old(target)
    elif not target.parent.is_dir():
        raise BackupError(f"De map {target.parent} bestaat niet. Maak hem eerst aan.")
    try:
        _copy_into(source, target)
    except sqlite3.DatabaseError as err:
        where = f" De oude database staat nog in {kept}." if kept else ""
        raise BackupError(
            f"Terugzetten is niet gelukt: {storage.friendly_message(err, target)}{where}"
        ) from err
    # Open it the way the app does, so an older back-up is brought up to date now, not on first use.
    storage.connect(target).conn.close()
    return RestoreResult(info, target, kept)


def _restore_server(source: Path, url: str, force: bool) -> RestoreResult:
    info = check_backup(source)
    if not backup_postgres.is_dump(source):
        raise BackupError(
            f"{source} is een SQLite-back-up. Zet hem over naar PostgreSQL met "
            f"dia-scan copy-database --from {source} --to {storage.engine.redacted(url)}"
        )
    kept: Path | None = None
    if backup_postgres.has_data(url):
        if not force:
            raise BackupError(
                f"De database {storage.engine.redacted(url)} bevat al gegevens en zou worden vervangen. "
                "Gebruik --force als u dat echt wilt (de huidige database wordt dan eerst bewaard als "
                "<naam>.bak-<tijdstip>.dump naast de back-up)."
            )
        kept = backup_postgres.keep_current(url, source, _stamp(), BackupError)
    backup_postgres.load(source, url, BackupError)
    db = storage.connect(url, migrate_schema=False)
    try:
        storage.migrate(db)  # an older back-up brought up to date now, not on first use
    finally:
        db.close()
    return RestoreResult(info, url, kept)


def _keep_old(target: Path) -> Path:
    kept = _free_name(target.with_name(f"{target.name}.bak-{_stamp()}"))
    try:
        _snapshot(target, kept)
    except sqlite3.DatabaseError:
        # The current database is too broken for SQLite to read (often the reason to restore):
        # keep its files byte for byte instead.
        kept.unlink(missing_ok=True)
        shutil.copy2(target, kept)
        for suffix in ("-wal", "-shm"):
            side = target.with_name(target.name + suffix)
            if side.exists():
                shutil.copy2(side, kept.with_name(kept.name + suffix))
    return kept


def _copy_into(source: Path, target: Path) -> None:
    """Write the back-up's pages into the target database under SQLite's locks."""
    src = _open_read_only(source)
    try:
        try:
            dst = sqlite3.connect(target, timeout=_TIMEOUT_S)
            try:
                dst.execute(f"PRAGMA busy_timeout = {storage.BUSY_TIMEOUT_MS}")
                src.backup(dst)
            finally:
                dst.close()
        except sqlite3.DatabaseError:
            # A target SQLite cannot use at all (corrupt): its old files are kept, so start afresh.
            for suffix in ("", "-wal", "-shm"):
                target.with_name(target.name + suffix).unlink(missing_ok=True)
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
    finally:
        src.close()


# -- command line --------------------------------------------------------------------------------


def cmd_backup(args: argparse.Namespace) -> int:
    try:
        info = backup(args.db, args.to, force=args.force)
    except BackupError as err:
        print(f"fout: {err}", file=sys.stderr)
        return 1
    print(f"Back-up gemaakt: {info.path} ({_size(info.size_bytes)}, databaseversie {info.schema_version}).")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    try:
        result = restore(args.from_path, args.db, force=args.force)
    except BackupError as err:
        print(f"fout: {err}", file=sys.stderr)
        return 1
    print(f"Back-up {result.restored.path} teruggezet in {storage.engine.redacted(str(result.target))}.")
    if result.kept_old_as:
        print(f"De vorige database is bewaard als {result.kept_old_as}.")
    return 0


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{max(n // 1000, 1)} kB"

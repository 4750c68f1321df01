"""``dia-scan copy-database``: move an installation from its SQLite file to PostgreSQL.

Both databases are first brought to the same schema (the app's migrations). The target must be empty.
Every table is copied with its ids, parents before children, in one transaction on the target; then the
rows of every table are counted on both sides, and any difference rolls the whole copy back. The SQLite
file is only read (and migrated, as the app would on start-up)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from dia_scan import storage

_BATCH = 2000


class CopyError(storage.StorageError):
    """A copy that cannot go ahead or did not check out; the message says why, in Dutch."""


@dataclass(frozen=True)
class CopiedTable:
    name: str
    source_rows: int
    target_rows: int


def copy_database(source_path: str | Path, target_url: str) -> list[CopiedTable]:
    """Copy every table of the SQLite file into the empty PostgreSQL database; returns the counts."""
    source_path = Path(source_path)
    if storage.is_url(source_path) or not source_path.is_file():
        raise CopyError(f"De SQLite-database {source_path} bestaat niet. Controleer het pad achter --from.")
    if not storage.is_url(target_url):
        raise CopyError("Het doel (--to) moet een postgresql://-URL zijn.")
    source = storage.connect(source_path)
    target = storage.connect(target_url)
    try:
        tables = _tables_in_order(source)
        busy = [t for t in tables if target.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()]
        if busy:
            raise CopyError(
                f"De doeldatabase is niet leeg (tabel {busy[0]} heeft al rijen). Kopieer naar een lege database."
            )
        with storage.transaction(target):
            for table in tables:
                _copy_table(source, target, table)
            counts = [CopiedTable(t, _count(source, t), _count(target, t)) for t in [*tables, "_migrations"]]
            wrong = [c for c in counts if c.source_rows != c.target_rows]
            if wrong:
                raise CopyError(
                    "De aantallen kloppen niet, er is niets gekopieerd: "
                    + ", ".join(f"{c.name} {c.source_rows} -> {c.target_rows}" for c in wrong)
                )
    finally:
        source.close()
        target.close()
    return counts


def _tables_in_order(db) -> list[str]:
    """The app's tables, each after the tables its foreign keys point at."""
    names = [t for t in db.table_names() if not t.startswith("sqlite_") and t != "_migrations"]
    parents = {
        t: {row[2] for row in db.execute(f"PRAGMA foreign_key_list({t})").fetchall()} - {t} for t in names
    }
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [t for t in names if t not in ordered and parents[t] <= set(ordered)]
        if not ready:
            raise CopyError("De tabellen verwijzen in een kring naar elkaar; kopiëren kan zo niet.")
        ordered += sorted(ready)
    return ordered


def _copy_table(source, target, table: str) -> None:
    columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})").fetchall()]
    listed = ", ".join(columns)
    insert = f"INSERT INTO {table} ({listed}) VALUES ({', '.join('?' for _ in columns)})"
    cursor = source.execute(f"SELECT {listed} FROM {table}")
    while batch := cursor.fetchmany(_BATCH):
        target.conn.executemany(insert, batch)


def _count(db, table: str) -> int:
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def cmd_copy_database(args: argparse.Namespace) -> int:
    try:
        counts = copy_database(args.from_path, args.to)
    except CopyError as err:
        print(f"fout: {err}", file=sys.stderr)
        return 1
    print(
        f"Gekopieerd van {args.from_path} naar {storage.engine.redacted(args.to)}; aantallen gecontroleerd:"
    )
    for c in counts:
        print(f"  {c.name:<22}{c.target_rows:>10}")
    return 0


def add_copy_database_parser(sub) -> None:
    p = sub.add_parser("copy-database", help="zet een SQLite-database over naar een lege PostgreSQL-database")
    p.add_argument("--from", dest="from_path", required=True, help="het SQLite-databasebestand")
    p.add_argument("--to", required=True, help="de lege PostgreSQL-database (postgresql://...)")
    p.set_defaults(func=cmd_copy_database)

"""Migrations: a database made by schema version 1 (tests/fixtures/schema_v1.db) is upgraded by the
current code with nothing lost, and a migration runs once, all or nothing, and re-running is a no-op.

The upgrade test only bites once migration 2 exists; until then it proves the fixture is sound. The
throwaway migrations below are registered in a copy of ``storage.MIGRATIONS`` (monkeypatch), so
they never touch the real list.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from dia_scan import storage
from dia_scan.checklist import service as checklists
from dia_scan.common import agenda
from dia_scan.quickscan import rounds
from dia_scan.quickscan.results import build_round_report
from dia_scan.storage import schema
from tests.conftest import TESTS
from tests.storage.test_concurrency import assert_consistent

FIXTURE = TESTS / "fixtures" / "schema_v1.db"
LATEST = max(n for n, _, _ in storage.MIGRATIONS)


@pytest.fixture
def v1_copy(tmp_path) -> Path:
    path = tmp_path / "v1.db"
    shutil.copy(FIXTURE, path)
    return path


def _snapshot(path: Path) -> dict[str, tuple[list[str], Counter]]:
    """Every table's columns and rows (as a multiset), read without the app's code."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        out = {}
        for table in tables:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            out[table] = (columns, Counter(rows))
        return out
    finally:
        conn.close()


def _rows_on(path: Path, table: str, columns: list[str]) -> Counter:
    conn = sqlite3.connect(path)
    try:
        return Counter(conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall())
    finally:
        conn.close()


# -- the version-1 database ----------------------------------------------------------------------


def test_the_fixture_is_a_populated_version_1_database(v1_copy):
    before = _snapshot(v1_copy)
    assert [row[0] for row in before["_migrations"][1]] == [1]
    sizes = {table: sum(rows.values()) for table, (_, rows) in before.items()}
    assert sizes["rounds"] == 2 and sizes["responses"] == 43 and sizes["answers"] > 1000
    for table in ("tallies", "group_counts", "open_answers", "priorities", "processes", "assessments"):
        assert sizes[table] > 0, table
    assert sizes["checklist_answers"] > 0 and sizes["actions"] == 2


def test_upgrading_the_version_1_database_loses_nothing(v1_copy, catalog):
    before = _snapshot(v1_copy)
    db = storage.connect(v1_copy)  # runs every migration after 1
    assert storage.schema_version(db) == LATEST
    assert [r["number"] for r in db.query("SELECT number FROM _migrations ORDER BY number")] == [
        n for n, _, _ in storage.MIGRATIONS
    ]
    db.conn.close()
    for table, (columns, rows) in before.items():
        if table == "_migrations":
            continue
        # A later migration may add columns or tables; the old rows must all still be there, unchanged.
        assert _rows_on(v1_copy, table, columns) == rows, f"rows of {table} changed in the upgrade"


def test_the_upgraded_database_still_works(v1_copy, catalog):
    db = storage.connect(v1_copy)
    first, second = (rounds.find_round(db, code) for code in ("VRBDK2M5", "VRBDK2M6"))
    report = build_round_report(db, catalog, first)
    assert [g.id for g in report.result.shown_groups] == ["binnenkant", "inwoners"]
    assert report.result.respondents_total == 22
    report = build_round_report(db, catalog, second)
    assert [g.id for g in report.result.shown_groups] == ["raad", "college", "organisatie"]
    assert report.previous_round.id == first.id
    assert any(t.custom for t in report.result.themes), "the maatwerkvraag survived"
    # Answering goes on where it stopped: the started response still has its draft, and submits.
    started = db.execute("SELECT id FROM responses WHERE submitted_at IS NULL").fetchone()[0]
    assert storage.get_response_by_id(db, started).draft["answers"] == {"raad_kaders": 4}
    assert rounds.submit(db, started, {"answers": {"raad_kaders": 4}, "priorities": []}) is True
    assert_consistent(db, first)
    assert_consistent(db, second)
    # The checklist and the verbeteragenda.
    assessment = checklists.find_assessment(db, "VRBDCHK3")
    assessment_report = checklists.assessment_report(db, assessment.id)
    assert assessment_report is not None
    assert len(checklists.list_assessors(db, assessment.id)) == 2
    assert len(agenda.actions_for_organisation(db, first.organisation_id)) == 2
    assert rounds.authorize(db, "VRBDK2M6", "FIXTURE-BEHEERCODE").round_id == second.id


# -- registered migrations run once, all or nothing ----------------------------------------------


@pytest.fixture
def current_copy(v1_copy) -> Path:
    """The version-1 database brought up to date with the real migrations."""
    storage.connect(v1_copy).conn.close()
    return v1_copy


@pytest.fixture
def migrations(monkeypatch) -> list:
    """A private copy of the registered migrations; ``storage.migration`` registers into it."""
    copy = list(schema.MIGRATIONS)
    monkeypatch.setattr(schema, "MIGRATIONS", copy)
    return copy


def test_a_new_migration_runs_once_and_rerunning_is_a_no_op(current_copy, migrations):
    calls = []

    @storage.migration(LATEST + 1, "test: website per organisatie")
    def _add_website(db):
        calls.append(1)
        db.execute("ALTER TABLE organisations ADD COLUMN website TEXT")
        db.execute("UPDATE organisations SET website = 'https://example.org'")

    before = _snapshot(current_copy)
    db = storage.connect(current_copy)
    assert calls == [1]
    assert storage.schema_version(db) == LATEST + 1
    assert [r["website"] for r in db.query("SELECT website FROM organisations")] == ["https://example.org"]
    assert storage.migrate(db) == []
    storage.connect(current_copy)
    assert calls == [1], "a migration runs once, however often the database is opened"
    columns, rows = before["responses"]
    assert _rows_on(current_copy, "responses", columns) == rows


def test_migrations_run_in_number_order_whatever_the_order_of_registration(current_copy, migrations):
    db = storage.connect(current_copy)
    order = []
    storage.migration(LATEST + 2, "tweede")(lambda db: order.append("tweede"))
    storage.migration(LATEST + 1, "eerste")(lambda db: order.append("eerste"))
    assert storage.migrate(db) == ["eerste", "tweede"]
    assert order == ["eerste", "tweede"]


def test_a_migration_that_fails_leaves_the_schema_untouched(current_copy, migrations):
    @storage.migration(LATEST + 1, "test: gaat mis halverwege")
    def _half_way(db):
        db.execute("CREATE TABLE extra (x INTEGER)")
        db.execute("ALTER TABLE organisations ADD COLUMN website TEXT")
        db.execute("DELETE FROM actions")
        raise RuntimeError("stuk halverwege")

    before = _snapshot(current_copy)
    db = storage.connect(current_copy, migrate_schema=False)
    with pytest.raises(RuntimeError, match="stuk halverwege"):
        storage.migrate(db)
    assert not db.conn.in_transaction
    assert storage.schema_version(db) == LATEST
    assert "extra" not in db.table_names()
    assert "website" not in db["organisations"].columns_dict
    db.conn.close()
    assert _snapshot(current_copy) == before, "nothing of the failed migration stayed behind"


def test_a_failing_migration_on_connect_gives_a_dutch_message_and_a_retry_works(current_copy, migrations):
    @storage.migration(LATEST + 1, "test: fout in de SQL")
    def _bad_sql(db):
        db.execute("ALTER TABLE organisations ADD COLUMN website TEXT")
        db.execute("ALTER TABLE bestaat_niet ADD COLUMN x TEXT")

    with pytest.raises(storage.StorageError) as info:
        storage.connect(current_copy)
    assert "database" in str(info.value).lower()
    db = storage.connect(current_copy, migrate_schema=False)
    assert "website" not in db["organisations"].columns_dict
    # The next release fixes the migration: it now runs, once.
    migrations[-1] = (LATEST + 1, "test: gerepareerd", lambda db: db.execute("CREATE TABLE extra (x)"))
    assert storage.migrate(db) == ["test: gerepareerd"]
    assert storage.migrate(db) == []
    assert "extra" in db.table_names()


def test_each_migration_is_its_own_transaction(current_copy, migrations):
    storage.migration(LATEST + 1, "goed")(lambda db: db.execute("CREATE TABLE goed (x)"))

    def _bad(db):
        db.execute("CREATE TABLE fout (x)")
        raise RuntimeError("mis")

    storage.migration(LATEST + 2, "fout")(_bad)
    db = storage.connect(current_copy, migrate_schema=False)
    with pytest.raises(RuntimeError):
        storage.migrate(db)
    assert storage.schema_version(db) == LATEST + 1
    assert "goed" in db.table_names() and "fout" not in db.table_names()

"""PostgreSQL at the command line: copy-database moves a SQLite installation over (counts checked, the same
report on both sides), and backup/restore go through pg_dump and pg_restore, safe while the app writes."""

from __future__ import annotations

import json
import shutil
import time

import psycopg
import pytest

from dia_scan import storage
from dia_scan.admin import backup
from dia_scan.admin.cli import main
from dia_scan.quickscan import rounds
from dia_scan.quickscan.results import build_round_report
from tests.builders import new_round
from tests.fixtures.workers import expect_line, finish, start_worker
from tests.storage.test_concurrency import assert_consistent


def _submitted(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT COUNT(*) FROM responses WHERE submitted_at IS NOT NULL").fetchone()[0]


@pytest.fixture
def sqlite_demo(demo_file, tmp_path):
    path = tmp_path / "oud.db"
    shutil.copy(demo_file, path)
    return path


# -- copy-database ----------------------------------------------------------------------------------


def test_copy_database_moves_everything_and_checks_the_counts(sqlite_demo, pg_url, catalog, capsys):
    assert main(["copy-database", "--from", str(sqlite_demo), "--to", pg_url]) == 0
    out = capsys.readouterr().out
    assert "aantallen gecontroleerd" in out
    old, new = storage.connect(sqlite_demo), storage.connect(pg_url)
    for table in [t for t in old.table_names() if not t.startswith("sqlite_")]:
        count = old.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        assert new.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == count, table
        assert f"{table} " in out
    # The same round gives the same report on both engines (scoring through storage).
    for round_row in storage.list_rounds(old)[:3]:
        moved = storage.get_round_by_code(new, round_row.join_code)
        assert json.dumps(build_round_report(new, catalog, moved).to_dict(), sort_keys=True) == json.dumps(
            build_round_report(old, catalog, round_row).to_dict(), sort_keys=True
        )
    # New rows are numbered after the copied ones.
    round_row = storage.get_round_by_code(new, storage.list_rounds(old)[0].join_code)
    highest = new.execute("SELECT MAX(id) FROM responses").fetchone()[0]
    assert storage.insert_response(new, round_row.id, "raad", "na-de-verhuizing") > highest
    assert storage.insert_organisation(new, "Nieuw na de verhuizing") > max(
        o.id for o in storage.list_organisations(old)
    )
    old.close()
    new.close()


def test_copy_database_refuses_a_target_with_data_and_a_missing_source(sqlite_demo, pg_url, tmp_path, capsys):
    target = storage.connect(pg_url)
    storage.insert_organisation(target, "Al aanwezig")
    assert main(["copy-database", "--from", str(sqlite_demo), "--to", pg_url]) == 1
    assert "niet leeg" in capsys.readouterr().err
    assert [o.name for o in storage.list_organisations(target)] == ["Al aanwezig"]
    assert main(["copy-database", "--from", str(tmp_path / "nergens.db"), "--to", pg_url]) == 1
    assert "bestaat niet" in capsys.readouterr().err
    target.close()


# -- backup and restore ---------------------------------------------------------------------------------


def test_backup_while_a_writer_is_busy_and_restore_with_the_old_one_kept(pg_url, catalog, tmp_path, capsys):
    db = storage.connect(pg_url)
    round_row = new_round(db, catalog, storage.insert_organisation(db, "Gemeente Back-up"))
    stop = tmp_path / "stop"
    writer = start_worker("writer", db=pg_url, round_id=round_row.id, seed=5, stop=stop)
    try:
        expect_line(writer, "ready")
        deadline = time.monotonic() + 30
        while _submitted(pg_url) < 3:
            assert time.monotonic() < deadline, "the writer made no progress"
            time.sleep(0.05)
        assert main(["backup", "--db", pg_url, "--to", str(tmp_path)]) == 0
    finally:
        stop.touch()
    written = finish(writer)["submitted"]
    dumps = list(tmp_path.glob("*.dump"))
    assert len(dumps) == 1 and "Back-up gemaakt" in capsys.readouterr().out
    info = backup.check_backup(dumps[0])
    assert info.schema_version == max(n for n, _, _ in storage.MIGRATIONS)

    storage.insert_organisation(db, "Na de back-up")
    assert main(["restore", "--from", str(dumps[0]), "--db", pg_url]) == 1
    assert "--force" in capsys.readouterr().err
    assert main(["restore", "--from", str(dumps[0]), "--db", pg_url, "--force"]) == 0
    out = capsys.readouterr().out
    assert "bewaard als" in out
    fresh = storage.connect(pg_url)
    names = [o.name for o in storage.list_organisations(fresh)]
    assert "Na de back-up" not in names and "Gemeente Back-up" in names
    assert_consistent(fresh, round_row)  # the snapshot is consistent: tallies match the answers
    restored = _submitted(pg_url)
    assert 3 <= restored <= written
    kept = list(tmp_path.glob("*.bak-*.dump"))
    assert len(kept) == 1 and backup.check_backup(kept[0]).schema_version == info.schema_version
    # After a restore the app goes on: a new response is numbered after the restored ones.
    assert (
        rounds.start_response(fresh, round_row, "raad").response_id
        > fresh.execute("SELECT MAX(id) FROM responses WHERE submitted_at IS NOT NULL").fetchone()[0]
    )
    db.close()
    fresh.close()


def test_restore_refuses_a_damaged_dump_and_a_sqlite_file_into_postgresql(
    pg_url, sqlite_demo, tmp_path, capsys
):
    good = backup.backup(pg_url, tmp_path / "goed.dump").path
    damaged = tmp_path / "kapot.dump"
    damaged.write_bytes(good.read_bytes()[:200])
    assert main(["restore", "--from", str(damaged), "--db", pg_url, "--force"]) == 1
    assert "niet gelukt" in capsys.readouterr().err
    assert main(["restore", "--from", str(sqlite_demo), "--db", pg_url, "--force"]) == 1
    assert "copy-database" in capsys.readouterr().err
    assert main(["restore", "--from", str(good), "--db", str(tmp_path / "nieuw.db")]) == 1
    assert "PostgreSQL-database" in capsys.readouterr().err

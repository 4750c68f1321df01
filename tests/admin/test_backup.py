"""Back-up and restore: a consistent copy while a writer process is busy, and a restore that checks
the back-up first, keeps the old database and never replaces anything without --force."""

from __future__ import annotations

import re
import shutil
import sqlite3
import time

import pytest

from dia_scan import storage
from dia_scan.admin import backup
from dia_scan.admin.cli import main
from dia_scan.quickscan import rounds
from tests.builders import new_round
from tests.conftest import TESTS
from tests.fixtures.workers import expect_line, finish, start_worker
from tests.storage.test_concurrency import assert_consistent

FIXTURE = TESTS / "fixtures" / "schema_v1.db"


def _submitted(path) -> int:
    conn = sqlite3.connect(path, timeout=15)
    try:
        return conn.execute("SELECT COUNT(*) FROM responses WHERE submitted_at IS NOT NULL").fetchone()[0]
    finally:
        conn.close()


def _wait_for_more(path, than: int, timeout: float = 30) -> int:
    deadline = time.monotonic() + timeout
    while (n := _submitted(path)) <= than:
        assert time.monotonic() < deadline, "the writer made no progress"
        time.sleep(0.05)
    return n


@pytest.fixture
def filled(db, catalog, organisation_id):
    """A database with one round and a few submitted responses."""
    round_row = new_round(db, catalog, organisation_id)
    for group_id in ("raad", "inwoners", "inwoners"):
        rounds.submit_complete(db, round_row, group_id, {"answers": {"inw_meedenken": 4}, "priorities": []})
    return round_row


def _organisations(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM organisations ORDER BY id")]
    finally:
        conn.close()


# -- back-up -------------------------------------------------------------------------------------


def test_backup_while_a_writer_process_is_busy_is_a_consistent_snapshot(db_path, filled, tmp_path):
    stop = tmp_path / "stop"
    writer = start_worker("writer", db=db_path, round_id=filled.id, seed=5, stop=stop)
    copies = []
    try:
        expect_line(writer, "ready")
        seen = _submitted(db_path)
        for i in range(3):
            seen = _wait_for_more(db_path, seen)  # the writer is really writing in between
            copies.append(backup.backup(db_path, tmp_path / f"kopie-{i}.db").path)
    finally:
        stop.touch()
    written = finish(writer)["submitted"]
    assert written > 0
    counts = []
    for copy in copies:
        assert backup.check_backup(copy).schema_version == storage.schema_version(storage.connect(db_path))
        assert not copy.with_name(copy.name + "-wal").exists(), "a back-up is one self-contained file"
        restored = storage.connect(copy)
        assert_consistent(restored, filled)  # a snapshot: no response without its tallies, or vice versa
        counts.append(_submitted(copy))
    assert counts == sorted(counts) and counts[0] < counts[-1]
    assert _submitted(db_path) == 3 + written
    assert_consistent(storage.connect(db_path), filled)


def test_backup_into_a_folder_gets_a_dated_name(db_path, filled, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    first = backup.backup(db_path, folder).path
    second = backup.backup(db_path, folder).path
    assert first.parent == folder and first.name.startswith("dia_scan-") and first.suffix == ".db"
    assert second != first, "two back-ups in the same second do not overwrite each other"


def test_backup_refuses_to_overwrite_without_force(db_path, filled, tmp_path, capsys):
    target = tmp_path / "kopie.db"
    target.write_bytes(b"iets anders")
    assert main(["backup", "--db", str(db_path), "--to", str(target)]) == 1
    assert "bestaat al" in capsys.readouterr().err
    assert target.read_bytes() == b"iets anders"
    assert main(["backup", "--db", str(db_path), "--to", str(target), "--force"]) == 0
    assert "Back-up gemaakt" in capsys.readouterr().out
    assert backup.check_backup(target).schema_version >= 1


def test_backup_of_a_missing_database_says_so_and_creates_nothing(tmp_path, capsys):
    missing = tmp_path / "bestaat-niet.db"
    assert main(["backup", "--db", str(missing), "--to", str(tmp_path / "kopie.db")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("fout: ") and "bestaat niet" in err and "Traceback" not in err
    assert not missing.exists() and not (tmp_path / "kopie.db").exists()


def test_backup_leaves_no_partial_file_when_it_fails(tmp_path):
    not_ours = tmp_path / "ander.db"
    conn = sqlite3.connect(not_ours)
    conn.execute("CREATE TABLE boeken (titel TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(backup.BackupError, match="geen DiA Scan-database"):
        backup.backup(not_ours, tmp_path / "kopie.db")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ander.db"]


# -- restore -------------------------------------------------------------------------------------


def test_restore_refuses_an_existing_database_without_force(db_path, filled, tmp_path, capsys):
    copy = backup.backup(db_path, tmp_path / "kopie.db").path
    before = db_path.read_bytes()
    assert main(["restore", "--from", str(copy), "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert "bestaat al" in err and "--force" in err
    assert db_path.read_bytes() == before
    assert not list(tmp_path.glob("*.bak-*"))


def test_restore_with_force_keeps_the_old_database_and_open_connections_see_the_backup(
    db, db_path, filled, tmp_path, capsys
):
    copy = backup.backup(db_path, tmp_path / "kopie.db").path
    storage.insert_organisation(db, "Na de back-up")  # a change the restore will undo
    assert main(["restore", "--from", str(copy), "--db", str(db_path), "--force"]) == 0
    out = capsys.readouterr().out
    assert "teruggezet" in out and "bewaard als" in out
    kept = list(tmp_path.glob("dia_scan.db.bak-*"))
    assert len(kept) == 1
    assert "Na de back-up" in _organisations(kept[0])
    assert "Na de back-up" not in _organisations(db_path)
    # The app's connection, open during the restore, reads the restored data (no file swapped under it).
    assert [o.name for o in storage.list_organisations(db)] == ["Testgemeente"]
    assert_consistent(db, filled)


def test_restore_into_a_new_place(db_path, filled, tmp_path):
    copy = backup.backup(db_path, tmp_path / "kopie.db").path
    target = tmp_path / "elders" / "nieuw.db"
    target.parent.mkdir()
    result = backup.restore(copy, target)
    assert result.kept_old_as is None
    assert_consistent(storage.connect(target), filled)


def _corrupt_copy(db_path, tmp_path):
    copy = backup.backup(db_path, tmp_path / "kapot.db").path
    data = bytearray(copy.read_bytes())
    page = 4096
    for offset in range(2 * page, min(len(data), 6 * page), 7):  # scribble over a few b-tree pages
        data[offset] = 0xFF
    copy.write_bytes(bytes(data))
    return copy


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda db_path, tmp: tmp / "bestaat-niet.db", "bestaat niet"),
        (lambda db_path, tmp: tmp, "geen bestand"),
        (
            lambda db_path, tmp: _write(tmp / "tekst.db", b"dit is geen database" * 300),
            "geen bruikbare database",
        ),
        (lambda db_path, tmp: _write(tmp / "leeg.db", b""), "geen DiA Scan-database"),
        (_corrupt_copy, "beschadigd|geen bruikbare database"),
        (lambda db_path, tmp: _foreign_db(tmp / "ander.db"), "geen DiA Scan-database"),
        (lambda db_path, tmp: _newer_db(db_path, tmp / "nieuwer.db"), "nieuwere versie"),
    ],
    ids=["missing", "folder", "not-sqlite", "empty", "corrupt-pages", "other-app", "newer-version"],
)
def test_restore_refuses_a_bad_backup_and_changes_nothing(db_path, filled, tmp_path, capsys, make, message):
    bad = make(db_path, tmp_path)
    before = db_path.read_bytes()
    assert main(["restore", "--from", str(bad), "--db", str(db_path), "--force"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("fout: ") and "Traceback" not in err
    assert re.search(message, err), err
    assert db_path.read_bytes() == before
    assert not list(tmp_path.glob("*.bak-*")), "nothing kept aside: nothing was replaced"


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def _foreign_db(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE boeken (titel TEXT)")
    conn.commit()
    conn.close()
    return path


def _newer_db(db_path, path):
    backup.backup(db_path, path)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _migrations VALUES (999, 'uit de toekomst', '2099-01-01')")
    conn.commit()
    conn.close()
    return path


def test_restore_over_a_corrupt_database_keeps_the_broken_file_aside(db_path, filled, tmp_path):
    copy = backup.backup(db_path, tmp_path / "kopie.db").path
    broken = tmp_path / "stuk.db"
    broken.write_bytes(b"kapotte database" * 500)
    result = backup.restore(copy, broken, force=True)
    assert result.kept_old_as is not None
    assert result.kept_old_as.read_bytes() == b"kapotte database" * 500
    assert_consistent(storage.connect(broken), filled)


def test_restore_onto_itself_is_refused(db_path, filled):
    with pytest.raises(backup.BackupError, match="hetzelfde bestand"):
        backup.restore(db_path, db_path, force=True)


def test_restore_of_the_schema_v1_fixture_brings_it_up_to_date(tmp_path):
    fixture = tmp_path / "v1.db"
    shutil.copy(FIXTURE, fixture)
    target = tmp_path / "app.db"
    backup.restore(fixture, target)
    db = storage.connect(target, migrate_schema=False)
    assert storage.schema_version(db) == max(n for n, _, _ in storage.MIGRATIONS)


def test_restoring_an_older_backup_over_a_database_this_process_opened_brings_it_up_to_date(
    db, db_path, filled, tmp_path
):
    # The app prepares a database file once per process; a restore writes the back-up into the same
    # file (same inode), and the next open must still see that it needs migrating.
    fixture = tmp_path / "v1.db"
    shutil.copy(FIXTURE, fixture)
    inode = db_path.stat().st_ino
    backup.restore(fixture, db_path, force=True)
    assert db_path.stat().st_ino == inode
    fresh = storage.connect(db_path, migrate_schema=False)
    assert storage.schema_version(fresh) == max(n for n, _, _ in storage.MIGRATIONS)
    assert fresh.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    fresh.close()

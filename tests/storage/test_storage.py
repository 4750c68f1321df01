"""Storage: a real SQLite file per test, WAL, migrations, atomic submits with tallies."""

from __future__ import annotations

import pytest

from dia_scan import storage
from dia_scan.core import codes


def _round(db, organisation_id, join_code="ABCDEFGH"):
    storage.store_instrument_version(db, "x", 1, "quickscan", "X", {"id": "x"})
    return storage.insert_round(
        db,
        organisation_id=organisation_id,
        instrument_id="x",
        instrument_version=1,
        title="Ronde",
        join_code=join_code,
        beheercode_hash=codes.hash_secret("SECRET"),
        published=1,
        k=5,
    )


@pytest.mark.sqlite_only
def test_connection_uses_wal_busy_timeout_and_foreign_keys(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == storage.BUSY_TIMEOUT_MS
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_migrations_are_recorded_and_safe_to_rerun(db_path):
    first = storage.connect(db_path)
    assert storage.schema_version(first) == max(n for n, _, _ in storage.MIGRATIONS)
    assert storage.migrate(first) == []
    second = storage.connect(db_path)
    assert storage.migrate(second) == []
    tables = set(second.table_names())
    for table in [
        "organisations",
        "rounds",
        "responses",
        "answers",
        "tallies",
        "processes",
        "assessments",
        "assessors",
        "checklist_answers",
        "actions",
        "instrument_versions",
    ]:
        assert table in tables


def test_dia_scan_db_overrides_the_path(db_path):
    assert storage.default_path() == db_path


def test_submit_updates_tallies_once(db, organisation_id):
    round_id = _round(db, organisation_id)
    rid = storage.insert_response(db, round_id, "raad", codes.token_hash("AAAABBBBCCCCDD"))
    assert storage.submit_response(db, rid, {"s1": 4, "s2": "dk"}, ["t1"], {"open1": "Goed <b>zo</b>"})
    assert not storage.submit_response(db, rid, {"s1": 1}, [], {})
    tallies = {(t["question_id"], t["option"]): t["n"] for t in storage.round_tallies(db, round_id)}
    assert tallies == {("s1", "4"): 1, ("s2", "dk"): 1, (storage.PRIORITIES_KEY, "t1"): 1}
    assert storage.group_counts(db, round_id) == {"raad": {"started": 1, "submitted": 1}}
    assert storage.round_open_answers(db, round_id)[0]["text"] == "Goed <b>zo</b>"


def test_failed_submit_leaves_nothing_behind(db, organisation_id):
    round_id = _round(db, organisation_id)
    rid = storage.insert_response(db, round_id, "raad", codes.token_hash("AAAABBBBCCCCDE"))
    with pytest.raises(storage.StorageError, match="Er ging iets mis met de database"):
        # the same theme twice violates the primary key half-way through the transaction
        storage.submit_response(db, rid, {"s1": 4}, ["t1", "t1"], {})
    assert storage.round_tallies(db, round_id) == []
    assert db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 0
    assert storage.get_response_by_id(db, rid).submitted_at is None


def test_drafts_are_kept_until_submit(db, organisation_id):
    round_id = _round(db, organisation_id)
    token = codes.token_hash("AAAABBBBCCCCDF")
    rid = storage.insert_response(db, round_id, "inwoners", token, {"answers": {}, "step": 0})
    assert storage.get_response_by_token_hash(db, token).draft == {"answers": {}, "step": 0}
    assert storage.save_draft(db, rid, {"answers": {"s1": 3}, "step": 2})
    assert storage.get_response_by_token_hash(db, token).draft == {"answers": {"s1": 3}, "step": 2}
    storage.submit_response(db, rid, {"s1": 3}, [], {})
    assert not storage.save_draft(db, rid, {"answers": {"s1": 5}})


def test_corrupt_database_file_gives_a_clear_message(tmp_path):
    bad = tmp_path / "kapot.db"
    bad.write_bytes(b"dit is geen database" * 100)
    with pytest.raises(storage.StorageError) as info:
        storage.connect(bad)
    assert "beschadigd" in str(info.value)


def test_nested_transactions_roll_back_together(db, organisation_id):
    with pytest.raises(RuntimeError), storage.transaction(db):
        storage.insert_organisation(db, "Binnen")
        with storage.transaction(db):
            storage.insert_organisation(db, "Dieper")
        raise RuntimeError("stop")
    names = [o.name for o in storage.list_organisations(db)]
    assert names == ["Testgemeente"]


def test_submit_of_an_unknown_response_says_so(db):
    with pytest.raises(storage.StorageError, match="niet gevonden"):
        storage.submit_response(db, 12345, {"s1": 4}, [], {})

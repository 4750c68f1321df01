"""Bulk inserts on PostgreSQL go through COPY (storage/postgres.py): the same rows, ids and errors as one
INSERT per row, on a real throwaway cluster (tests/postgres_cluster.py)."""

from __future__ import annotations

import pytest

from dia_scan import storage
from dia_scan.storage import postgres
from dia_scan.storage.postgres import COPY_FROM_ROWS

AWKWARD = ["tab\there", "new\nline", "back\\slash", "quote ' and \"", "Fryslân ✓", "", "\\N", None]


@pytest.fixture
def pg(pg_url):
    db = storage.connect(pg_url)
    db.execute("CREATE TABLE bulk (id INTEGER PRIMARY KEY, label TEXT, n INTEGER, f REAL, flag INTEGER)")
    yield db
    db.close()


def _rows(first_id: int, count: int) -> list[tuple]:
    return [(first_id + i, AWKWARD[i % len(AWKWARD)], i * 7 - 3, i / 4, i % 2 == 0) for i in range(count)]


def _traced(db) -> list[str]:
    """The COPY statements the connection runs from now on (recorded on the real psycopg cursor)."""
    seen: list[str] = []
    original = db.conn.raw.cursor

    def cursor(*args, **kwargs):
        cur = original(*args, **kwargs)
        copy = cur.copy

        def traced_copy(statement, *a, **k):
            seen.append(str(statement))
            return copy(statement, *a, **k)

        cur.copy = traced_copy
        return cur

    db.conn.raw.cursor = cursor
    return seen


def test_many_rows_go_through_copy_and_read_back_as_inserted_one_by_one(pg):
    sql = "INSERT INTO bulk (id, label, n, f, flag) VALUES (?, ?, ?, ?, ?)"
    copies = _traced(pg)
    many = _rows(1, 3 * COPY_FROM_ROWS)
    few = _rows(1001, COPY_FROM_ROWS - 1)
    assert pg.conn.executemany(sql, many).rowcount == len(many)
    assert copies == ["COPY bulk (id, label, n, f, flag) FROM STDIN"]
    assert pg.conn.executemany(sql, few).rowcount == len(few)
    assert len(copies) == 1  # a small batch stays one INSERT per row

    stored = pg.execute("SELECT id, label, n, f, flag FROM bulk ORDER BY id").fetchall()
    expected = [(i, label, n, f, int(flag)) for i, label, n, f, flag in many + few]
    assert stored == expected
    assert pg.execute("SELECT label FROM bulk WHERE id = 7").fetchone() == ("\\N",)  # text, not NULL
    assert pg.execute("SELECT label FROM bulk WHERE id = 8").fetchone() == (None,)


def test_after_a_copy_with_own_ids_the_numbering_follows_the_highest(pg):
    pg.conn.executemany("INSERT INTO bulk (id, label) VALUES (?, ?)", [(i, "x") for i in range(10, 210)])
    new_id = pg["bulk"].insert({"label": "next"}).last_pk
    assert new_id == 210


def test_copy_without_ids_numbers_the_rows(pg):
    pg.conn.executemany("INSERT INTO bulk (label, n) VALUES (?, ?)", [("r", i) for i in range(100)])
    assert pg.execute("SELECT MIN(id), MAX(id), COUNT(*) FROM bulk").fetchone() == (1, 100, 100)


def test_a_bad_row_in_a_copy_stores_none_of_them_and_raises_sqlites_class(pg):
    rows = _rows(1, 120)
    rows[90] = (5, "duplicate id", 0, 0.0, False)
    with pytest.raises(storage.IntegrityError):
        with storage.transaction(pg):
            pg.conn.executemany("INSERT INTO bulk (id, label, n, f, flag) VALUES (?, ?, ?, ?, ?)", rows)
    assert pg.execute("SELECT COUNT(*) FROM bulk").fetchone() == (0,)
    # outside a transaction COPY is one statement: all or nothing as well
    with pytest.raises(storage.IntegrityError):
        pg.conn.executemany("INSERT INTO bulk (id, label, n, f, flag) VALUES (?, ?, ?, ?, ?)", rows)
    assert pg.execute("SELECT COUNT(*) FROM bulk").fetchone() == (0,)


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO bulk (id, n) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET n = bulk.n + excluded.n",
        "INSERT INTO bulk (id, n) VALUES (?, ? + 1)",
        "INSERT INTO bulk VALUES (?, ?)",
    ],
)
def test_only_a_plain_insert_of_placeholders_is_copied(sql):
    assert postgres._PLAIN_INSERT.match(sql) is None


def test_the_bulk_load_of_the_benchmark_is_copied_and_leaves_the_same_tallies(pg, catalog):
    from dia_scan.admin import bench

    instrument = catalog.get(bench.INSTRUMENT_ID)
    storage.keep_instrument(pg, instrument)
    organisation_id = storage.insert_organisation(pg, "Bulkgemeente", "gemeente", "Utrecht", "20-50k")
    round_id = bench._insert_round(
        pg, instrument, organisation_id, "Ronde", "2026-03-01T09:00:00+00:00", "x" * 64
    )
    copies = _traced(pg)
    gen = bench.Generator(instrument, seed=3)
    stored = storage.insert_submitted_responses(
        pg, round_id, gen.responses(300, 3.2, dict.fromkeys(gen.theme_ids, 0.0))
    )
    assert stored == 300
    assert {c.split()[1] for c in copies} == {"responses", "answers", "priorities"}
    answers = pg.execute(
        "SELECT COUNT(*) FROM answers WHERE response_id IN (SELECT id FROM responses WHERE round_id = ?)",
        [round_id],
    ).fetchone()[0]
    tallied = pg.execute(
        "SELECT SUM(n) FROM tallies WHERE round_id = ? AND question_id <> ?",
        [round_id, storage.PRIORITIES_KEY],
    ).fetchone()[0]
    assert answers == tallied > 300 * 20

"""Wrong code tries counted in the database (storage/code_attempts.py), on a fresh database."""

from __future__ import annotations

import threading

from dia_scan import storage


def test_tries_are_counted_per_target_and_a_block_starts_the_count_again(db):
    for expected in (1, 2):
        assert storage.record_failed_attempt(db, "round", "7", max_attempts=3, block_until=99.0) == (
            expected,
            False,
        )
    assert storage.get_attempts(db, "round", "7") == (2, 0.0)
    assert storage.get_attempts(db, "assessment", "7") == (0, 0.0)  # another kind of target
    assert storage.record_failed_attempt(db, "round", "7", max_attempts=3, block_until=99.0) == (3, True)
    assert storage.get_attempts(db, "round", "7") == (0, 99.0)
    storage.clear_attempts(db, "round", "7")
    assert storage.get_attempts(db, "round", "7") == (0, 0.0)


def test_tries_from_many_connections_at_once_are_all_counted(db_path, db):
    """Each thread is its own connection, as separate server processes or sessions would be."""
    per_thread, threads = 10, 6

    def guess() -> None:
        conn = storage.connect(db_path)
        try:
            for _ in range(per_thread):
                storage.record_failed_attempt(conn, "round", "1", max_attempts=10_000, block_until=0.0)
        finally:
            conn.close()

    workers = [threading.Thread(target=guess) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert storage.get_attempts(db, "round", "1")[0] == per_thread * threads

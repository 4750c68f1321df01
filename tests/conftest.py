"""Shared fixtures: the real catalog, and a fresh database per test.

The tests of the modules in ``BOTH_ENGINES`` run twice, on SQLite (``[sqlite]``) and on PostgreSQL
(``[postgresql]``): a throwaway cluster from Debian's ``postgresql`` package, one per test session
(tests/postgres_cluster.py), with a database of its own per test. Without that package the PostgreSQL
half is skipped, and the header of the run says so."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dia_scan import storage
from dia_scan.core.catalog import load_catalog
from tests import postgres_cluster

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
QUESTIONS = ROOT / "questions"

SQLITE, POSTGRESQL = "sqlite", "postgresql"

#: Test modules whose database fixtures (db, db_path, demo) run on both engines: storage, the services,
#: concurrency, the anonymised export and scoring through storage.
BOTH_ENGINES = {
    "storage/test_storage.py",
    "storage/test_submit.py",
    "storage/test_concurrency.py",
    "storage/test_postgres.py",
    "admin/test_anonymised.py",
    "admin/test_bench.py",
    "admin/test_cli.py",
    "admin/test_copy_database.py",
    "quickscan/test_rounds.py",
    "quickscan/test_background.py",
    "quickscan/test_importer.py",
    "quickscan/test_report_export.py",
    "checklist/test_checklists.py",
    "common/test_agenda.py",
    "common/test_code_access.py",
    "common/test_organisations.py",
    "compare/test_compare.py",
    # from the organisations branch (merged on main after this list was made; they pass on both engines)
    "storage/test_code_attempts.py",
    "common/test_organisation_proof.py",
    "common/test_reference_list.py",
    "checklist/test_phases.py",
    "storage/test_records.py",
}

PG_MISSING = (
    "PostgreSQL is not installed (Debian: apt-get install postgresql) or DIA_SCAN_TEST_POSTGRES=0: "
    "the PostgreSQL half is skipped"
)


def pytest_report_header(config) -> str:
    found = postgres_cluster.binaries()
    if found is None:
        return f"database engines: SQLite only. {PG_MISSING}."
    return f"database engines: SQLite and PostgreSQL (a throwaway cluster from {found})"


def pytest_generate_tests(metafunc) -> None:
    relative = Path(metafunc.definition.path).resolve().relative_to(TESTS).as_posix()
    sqlite_only = metafunc.definition.get_closest_marker("sqlite_only") is not None
    if relative in BOTH_ENGINES and not sqlite_only and "engine" in metafunc.fixturenames:
        metafunc.parametrize("engine", [SQLITE, POSTGRESQL], indirect=True)


@pytest.fixture
def engine(request) -> str:
    """SQLITE, or each engine in turn for the modules in BOTH_ENGINES."""
    return getattr(request, "param", SQLITE)


@pytest.fixture(scope="session")
def pg_cluster():
    """The session's PostgreSQL cluster, or None when PostgreSQL is not installed."""
    cluster = postgres_cluster.start()
    yield cluster
    if cluster is not None:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_template(pg_cluster) -> str:
    """A migrated, empty database that each test's database is copied from."""
    url = pg_cluster.new_database()
    storage.connect(url).close()
    return url.rsplit("/", 1)[1]


@pytest.fixture
def pg_url(request, monkeypatch) -> str:
    """A fresh, migrated PostgreSQL database for this test (skips without PostgreSQL)."""
    cluster = request.getfixturevalue("pg_cluster")
    if cluster is None:
        pytest.skip(PG_MISSING)
    url = cluster.new_database(request.getfixturevalue("pg_template"))
    monkeypatch.setenv("DIA_SCAN_DB", url)
    yield url
    cluster.drop(url)


@pytest.fixture(scope="session")
def catalog():
    return load_catalog(QUESTIONS)


@pytest.fixture
def db_path(engine, request, tmp_path, monkeypatch) -> Path | str:
    """A fresh database for this test (a file, or on PostgreSQL a URL); DIA_SCAN_DB points at it so pages
    use it too."""
    if engine == POSTGRESQL:
        return request.getfixturevalue("pg_url")
    path = tmp_path / "dia_scan.db"
    monkeypatch.setenv("DIA_SCAN_DB", str(path))
    return path


@pytest.fixture
def db(db_path):
    conn = storage.connect(db_path)
    yield conn
    conn.close()


@pytest.fixture
def organisation_id(db) -> int:
    return storage.insert_organisation(db, "Testgemeente", "gemeente", "Utrecht", "20-50k")


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory, catalog) -> Path:
    """The demo content, built once per test session; tests get their own copy through ``demo``."""
    from dia_scan.admin.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    conn = storage.connect(path)
    build_demo(conn, catalog)
    conn.close()
    return path


@pytest.fixture(scope="session")
def pg_demo_template(pg_cluster, pg_template, catalog) -> str:
    """The demo content in a PostgreSQL database, built once per session, copied per test."""
    from dia_scan.admin.demo import build_demo

    url = pg_cluster.new_database(pg_template)
    conn = storage.connect(url)
    build_demo(conn, catalog)
    conn.close()
    return url.rsplit("/", 1)[1]


@pytest.fixture
def demo(engine, request, tmp_path, monkeypatch):
    """A private copy of the demo database; DIA_SCAN_DB points at it so pages use it too."""
    if engine == POSTGRESQL:
        cluster = request.getfixturevalue("pg_cluster")
        if cluster is None:
            pytest.skip(PG_MISSING)
        target = cluster.new_database(request.getfixturevalue("pg_demo_template"))
    else:
        target = tmp_path / "dia_scan.db"
        shutil.copy(request.getfixturevalue("demo_file"), target)
    monkeypatch.setenv("DIA_SCAN_DB", str(target))
    conn = storage.connect(target)
    yield conn
    conn.close()
    if engine == POSTGRESQL:
        cluster.drop(target)


# -- permits ---------------------------------------------------------------------------------------
# The services need a permit; tests stand in for a checked login by issuing one directly (the app
# itself only issues them in rounds/checklists/coordinators, see tests/core/test_permits.py).


def round_permit(row):
    from dia_scan.core import permits

    return permits.issue_round(row)


def process_permit(db, process_id: int):
    from dia_scan.core import permits

    return permits.issue_process(storage.get_process(db, process_id))


def managed(*rows: dict) -> dict:
    """Session state value for rounds an AppTest session manages."""
    return {row.id: round_permit(row) for row in rows}


# -- paper forms -----------------------------------------------------------------------------------


def filled_template(template: bytes, rows: list[dict]) -> bytes:
    """An invulblad (importer.template_xlsx) with rows typed in, as a facilitator would in Excel
    (numbers as numbers); each row maps column ids to values."""
    import io

    from openpyxl import load_workbook

    from dia_scan.quickscan import importer

    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook[importer.ANSWERS_SHEET]
    header = [c.value for c in sheet[1]]
    for row in rows:
        sheet.append([row.get(column) for column in header])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


#: The AppTest element kinds that hold the words a page says.
_WORDS = (
    "markdown",
    "caption",
    "text",
    "info",
    "warning",
    "error",
    "success",
    "title",
    "header",
    "subheader",
)


def page_texts(at) -> list[str]:
    """Everything an AppTest page says in words: markdown, captions, text, alerts, headings and the labels
    of its expanders."""
    out = [str(e.value) for kind in _WORDS for e in getattr(at, kind)]
    return out + [e.label for e in at.expander]

"""Shared fixtures: the real catalog, and a fresh database file per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dia_scan import storage
from dia_scan.core.catalog import load_catalog

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
QUESTIONS = ROOT / "questions"


@pytest.fixture(scope="session")
def catalog():
    return load_catalog(QUESTIONS)


@pytest.fixture
def db_path(tmp_path, monkeypatch) -> Path:
    """A fresh database file for this test; DIA_SCAN_DB points at it so pages use it too."""
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


@pytest.fixture
def demo(demo_file, tmp_path, monkeypatch):
    """A private copy of the demo database; DIA_SCAN_DB points at it so pages use it too."""
    path = tmp_path / "dia_scan.db"
    shutil.copy(demo_file, path)
    monkeypatch.setenv("DIA_SCAN_DB", str(path))
    conn = storage.connect(path)
    yield conn
    conn.close()


# -- permits ---------------------------------------------------------------------------------------
# The services need a permit; tests stand in for a checked login by issuing one directly (the app
# itself only issues them in rounds/checklists/coordinators, see tests/core/test_permits.py).


def round_permit(row: dict):
    from dia_scan.core import permits

    return permits.issue_round(row)


def process_permit(db, process_id: int):
    from dia_scan.core import permits

    return permits.issue_process(storage.get_process(db, process_id))


def managed(*rows: dict) -> dict:
    """Session state value for rounds an AppTest session manages."""
    return {row["id"]: round_permit(row) for row in rows}


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

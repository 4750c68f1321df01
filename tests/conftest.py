"""Shared fixtures: the real catalog, and a fresh database file per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from dia_scan import storage
from dia_scan.catalog import load_catalog

ROOT = Path(__file__).resolve().parent.parent
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

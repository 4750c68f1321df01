"""Exports of a checklist result: CSV and Excel read back with pandas, formulas neutralised, HTML escaped."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from dia_scan.checklist import exports
from dia_scan.checklist import service as checklists
from dia_scan.core.text import neutralise, nl_date, whole
from dia_scan.output import spreadsheet
from tests.builders import later_assessment_by_two, new_assessment

HYPERLINK = '=HYPERLINK("http://example.com/?x="&A1,"klik")'
SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def reports(db, catalog, organisation_id):
    """An earlier and a later assessment of one process; the later one with two assessors."""
    checklist = checklists.checklist_of(catalog)
    process_id, earlier = new_assessment(
        db, catalog, organisation_id, name="Energieplan <Oost>", target_groups=["huurders", "=cmd"]
    )
    for _, c in checklist.criteria():
        checklists.answer(db, earlier.assessor_id, c.id, option_id="nee")
    later, one, two = later_assessment_by_two(db, catalog, process_id, earlier.permit)
    criteria = [c for _, c in checklist.criteria()]
    checklists.answer(db, one.assessor_id, criteria[0].id, option_id="ja", toelichting=HYPERLINK)
    checklists.answer(db, two.assessor_id, criteria[0].id, option_id="nee", actiepunt="+31 bellen")
    checklists.answer(db, one.assessor_id, criteria[1].id, option_id="deels", actiepunt=SCRIPT)
    checklists.answer(db, two.assessor_id, criteria[2].id, option_id="ja", toelichting="-- gewoon tekst")
    report = checklists.assessment_report(db, later.assessment_id, catalog.advice)
    comparison = checklists.compare(db, earlier.assessment_id, later.assessment_id)
    return report, comparison


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+31", "'+31"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("gewoon", "gewoon"),
        ("", ""),
        (-2, -2),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_tables_have_the_four_views_and_over_time(reports):
    report, comparison = reports
    tables = exports.checklist_tables(report, comparison)
    assert list(tables) == ["dimensies", "criteria", "actiepunten", "verschillen", "door de tijd"]
    dims = tables["dimensies"]
    assert dims["dimensie"].iloc[-1] == "Totaal"
    assert len(dims) == len(report.checklist.dimensions) + 1
    assert len(tables["criteria"]) == len(report.checklist.criteria())
    assert len(tables["verschillen"]) == 1  # criterion 1: ja against nee
    actions = tables["actiepunten"]
    assert set(actions["actiepunt"]) == {"+31 bellen", SCRIPT}
    assert "door de tijd" not in exports.checklist_tables(report)


def test_csv_round_trip_neutralises_formulas(reports):
    report, _ = reports
    data = spreadsheet.to_csv_bytes(exports.criteria_table(report))
    assert data.startswith(b"\xef\xbb\xbf")
    back = spreadsheet.read_csv_bytes(data)
    first = back.iloc[0]
    assert first["toelichtingen"] == "'" + HYPERLINK
    assert first["ja tegenover nee"] == "ja"
    assert first["score"] == 50
    assert back.iloc[2]["toelichtingen"] == "'-- gewoon tekst"
    actions = spreadsheet.read_csv_bytes(spreadsheet.to_csv_bytes(exports.actions_table(report)))
    assert "'+31 bellen" in set(actions["actiepunt"])
    assert SCRIPT in set(actions["actiepunt"])  # not a formula: unchanged


def test_excel_round_trip_has_a_sheet_per_view(reports):
    report, comparison = reports
    data = spreadsheet.to_excel_bytes(exports.checklist_tables(report, comparison))
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert list(sheets) == ["dimensies", "criteria", "actiepunten", "verschillen", "door de tijd"]
    assert sheets["criteria"].iloc[0]["toelichtingen"] == "'" + HYPERLINK
    over_time = sheets["door de tijd"]
    total = over_time.iloc[0]
    assert total["niveau"] == "totaal"
    assert total["eerder"] == 0
    assert total["richting"] == "verbeterd"
    # no cell became a real formula
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


def test_html_escapes_user_text(reports):
    report, comparison = reports
    page = exports.checklist_html(report, comparison)
    assert SCRIPT not in page
    assert "&lt;script&gt;" in page
    assert "Energieplan &lt;Oost&gt;" in page
    assert "&lt;Oost&gt;" in page
    assert "Door de tijd" in page
    assert "! oranje</span> (kan beter)" in page  # a shape and a word, not colour alone


def test_file_stem_is_safe(reports):
    report, _ = reports
    assert exports.file_stem(report) == "inclusiviteit-energieplan-oost-beoordeling-2"


def test_nl_date_and_whole():
    assert nl_date("2026-05-12T09:00:00+00:00") == "12-05-2026"
    assert nl_date(None) == ""
    assert whole(62.5) == 63
    assert whole(None) is None

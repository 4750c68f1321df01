"""The checklist report of one assessment as HTML, PDF and Excel, compared with the one before it."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pandas as pd
import pytest

from dia_scan import storage
from dia_scan.admin import cli
from dia_scan.checklist import report as checklist_report
from dia_scan.checklist import service as checklists
from dia_scan.output import images as report_charts
from tests.builders import later_assessment_by_two, new_assessment
from tests.conftest import TESTS

ARTIFACTS = TESTS / "artifacts"
FORMULA = '=HYPERLINK("http://example.com","klik")'
SCRIPT = "<img src=x onerror=alert(1)>"


@pytest.fixture
def assessments(db, catalog, organisation_id):
    """An earlier assessment (all "nee") and a later one by two assessors, with typed notes."""
    checklist = checklists.checklist_of(catalog)
    process_id, earlier = new_assessment(
        db, catalog, organisation_id, name="Wijkvisie <Noord>", target_groups=["jongeren"]
    )
    for _, c in checklist.criteria():
        checklists.answer(db, earlier.assessor_id, c.id, option_id="nee")
    later, one, two = later_assessment_by_two(db, catalog, process_id, earlier.permit)
    assessment = checklists.get_assessment(db, later.assessment_id)
    criteria = [c for _, c in checklist.criteria()]
    for c in criteria:
        checklists.answer(db, one.assessor_id, c.id, option_id="ja")
    checklists.answer(db, one.assessor_id, criteria[0].id, option_id="ja", toelichting=SCRIPT)
    checklists.answer(db, two.assessor_id, criteria[0].id, option_id="nee", actiepunt=FORMULA)
    checklists.answer(db, two.assessor_id, criteria[1].id, option_id="deels", actiepunt="+31 bellen")
    report = checklists.assessment_report(db, later.assessment_id)
    checklists.put_on_agenda(db, later.permit, report, criteria[1].id, "+31 bellen")
    return earlier.assessment_id, later.assessment_id, assessment.join_code


def _sheets(data: bytes) -> dict[str, pd.DataFrame]:
    return pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=str, keep_default_na=False)


def test_excel_has_the_views_the_comparison_and_the_agenda(db, catalog, assessments):
    _, later, _ = assessments
    sheets = _sheets(checklist_report.checklist_report(db, catalog, later, "xlsx"))
    assert list(sheets) == [
        "dimensies",
        "criteria",
        "actiepunten",
        "verschillen",
        "door de tijd",
        "verbeteragenda",
    ]
    assert sheets["verbeteragenda"]["wat"].tolist() == ["'+31 bellen"]
    assert "'" + FORMULA in set(sheets["actiepunten"]["actiepunt"])
    totals = sheets["door de tijd"]
    assert totals.loc[totals["niveau"] == "totaal", "richting"].iloc[0]


def test_the_first_assessment_has_no_comparison(db, catalog, assessments):
    earlier, _, _ = assessments
    sheets = _sheets(checklist_report.checklist_report(db, catalog, earlier, "xlsx"))
    assert "door de tijd" not in sheets
    page = checklist_report.checklist_report(db, catalog, earlier, "html").decode("utf-8")
    assert "Door de tijd" not in page


def test_html_is_standalone_and_escaped(db, catalog, assessments):
    _, later, _ = assessments
    page = checklist_report.checklist_report(db, catalog, later, "html").decode("utf-8")
    assert page.count("plotly-graph-div") == 2  # dimensions, and the comparison over time
    assert page.count("* plotly.js v") == 1
    assert not re.search(r"<script[^>]*\bsrc=", page)
    assert not re.search(r"<(link|img|iframe|embed|object|source)\b", page)
    assert "Wijkvisie &lt;Noord&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    for section in ("Uitkomst", "Wat kan beter", "Gespreksstarters", "Door de tijd", "Verbeteragenda"):
        assert section in page


@pytest.mark.skipif(report_charts.pdf_unavailable_reason() is not None, reason="chromium or fonts missing")
def test_pdf_has_pages_and_page_one_renders(db, catalog, assessments, tmp_path):
    _, later, _ = assessments
    data = checklist_report.checklist_report(db, catalog, later, "pdf")
    assert data.startswith(b"%PDF")
    if not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils (pdftoppm) is not installed")
    path = tmp_path / "checklist.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 2
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / "checklist_report_page1"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(path), str(target)],
        check=True,
    )
    assert target.with_suffix(".png").stat().st_size > 10_000
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Wijkvisie <Noord>" in text and "Door de tijd" in text


def test_cli_checklist_report(db_path, db, catalog, assessments, tmp_path, capsys):
    _, _, code = assessments
    target = tmp_path / "checklist.xlsx"
    args = [
        "checklist-report",
        "--db",
        str(db_path),
        "--assessment",
        code,
        "--format",
        "xlsx",
        "-o",
        str(target),
    ]
    assert cli.main(args) == 0
    assert "verbeteragenda" in _sheets(target.read_bytes())
    assert cli.main(["checklist-report", "--db", str(db_path), "--assessment", "ZZZZZZZZ"]) == 1
    assert "fout:" in capsys.readouterr().err


def test_unknown_format_is_refused(db, catalog, assessments):
    _, later, _ = assessments
    with pytest.raises(ValueError):
        checklist_report.checklist_report(db, catalog, later, "docx")
    assert storage.list_actions(db, assessment_id=later)


def _downloads(assessment_id: int) -> None:
    from dia_scan import storage as store
    from dia_scan.core.catalog import load_catalog
    from dia_scan.ui.common.report_downloads import checklist_report_downloads

    checklist_report_downloads(store.connect(), load_catalog(), assessment_id, key="c")


def test_checklist_page_block_offers_three_downloads(db, assessments):
    from streamlit.testing.v1 import AppTest

    _, later, _ = assessments
    at = AppTest.from_function(_downloads, args=(later,), default_timeout=60).run()
    assert not at.exception, at.exception
    buttons = [d.proto for d in at.get("download_button")]
    assert [b.label for b in buttons] == [
        "Rapport als webpagina (HTML)",
        "Rapport als PDF",
        "Cijfers in Excel",
    ]


def test_without_a_browser_the_pdf_button_explains_why(monkeypatch):
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setattr(report_charts.shutil, "which", lambda name: None)
    assert "Chromium ontbreekt" in report_charts.pdf_unavailable_reason()

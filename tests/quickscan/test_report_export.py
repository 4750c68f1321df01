"""The round report as HTML, PDF and Excel, made from the demo content.

Bergveld najaar 2026 has 3 inwoners (under k, so hidden); Havenstede voorjaar 2025 has 4 collegeleden,
so raad, college and organisatie are shown only merged as the binnenkant.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pandas as pd
import pytest

from dia_scan import storage
from dia_scan.admin import cli
from dia_scan.admin.demo import build_demo
from dia_scan.common import agenda
from dia_scan.core.records import Round
from dia_scan.core.text import long_date
from dia_scan.output import images as report_charts
from dia_scan.quickscan import report as report_export
from dia_scan.quickscan import rounds
from dia_scan.quickscan.scoring import MERGED_LABEL
from tests.conftest import TESTS, round_permit

ARTIFACTS = TESTS / "artifacts"
FORMULA = '=HYPERLINK("http://example.com","klik")'
SCRIPT = "<script>alert('open')</script>"
SHEETS = [
    "Samenvatting",
    "Thema's",
    "Stellingen",
    "Verdeling",
    "Prioriteiten",
    "Opvallend",
    "Gespreksstarters",
    "Verbetertips",
    "Open antwoorden",
    "Over de deelnemers",
    "Verbeteragenda",
]
needs_pdf = pytest.mark.skipif(
    report_charts.pdf_unavailable_reason() is not None, reason="chromium or DejaVu fonts missing"
)


def _round(db, organisation: str, title: str) -> dict:
    return next(
        r for r in storage.list_rounds(db) if r.organisation_name == organisation and r.title == title
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory, catalog):
    """Demo content plus typed text that a spreadsheet would run, or a browser would render."""
    path = tmp_path_factory.mktemp("report") / "dia_scan.db"
    db = storage.connect(path)
    build_demo(db, catalog)
    bergveld = _round(db, "Demogemeente Bergveld", "Quick Scan najaar 2026")
    instrument = rounds.round_instrument(db, bergveld)
    statement = instrument.statements_for("raad")[0][1]
    question = instrument.open_questions_for("raad")[0]
    rounds.submit_complete(
        db,
        bergveld,
        "raad",
        {"answers": {statement.id: 4}, "priorities": [], "open": {question.id: FORMULA}},
    )
    rounds.submit_complete(
        db, bergveld, "raad", {"answers": {statement.id: 3}, "priorities": [], "open": {question.id: SCRIPT}}
    )
    agenda.add_round_action(
        db,
        round_permit(bergveld),
        wat="@SUM(1+1) gesprek met de raad",
        wie="-griffie",
        result_note="+31 bellen",
    )
    yield db, path
    db.close()


@pytest.fixture(scope="module")
def bergveld(demo, catalog):
    db, _ = demo
    return report_export.gather(db, catalog, _round(db, "Demogemeente Bergveld", "Quick Scan najaar 2026"))


@pytest.fixture(scope="module")
def havenstede(demo, catalog):
    db, _ = demo
    return report_export.gather(
        db, catalog, _round(db, "Demogemeente Havenstede", "Quick Scan voorjaar 2025")
    )


def _sheets(data: bytes) -> dict[str, pd.DataFrame]:
    return pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=str, keep_default_na=False)


# -- Excel ---------------------------------------------------------------------------------------


def test_excel_has_a_sheet_per_view(bergveld):
    sheets = _sheets(report_export.xlsx_bytes(bergveld))
    assert list(sheets) == SHEETS
    summary = dict(zip(sheets["Samenvatting"]["Onderdeel"], sheets["Samenvatting"]["Waarde"], strict=True))
    assert summary["Organisatie"] == "Demogemeente Bergveld"
    assert summary["Periode"] == "vanaf 5 oktober 2026"  # the current demo round has no end date
    assert "Stellingen" in sheets and len(sheets["Stellingen"]) > 20


def test_excel_never_holds_a_group_under_k(bergveld):
    sheets = _sheets(report_export.xlsx_bytes(bergveld))
    for name, frame in sheets.items():
        assert not any("Inwoners" in str(c) for c in frame.columns), name
    assert "Inwoners" not in set(sheets["Verdeling"]["Groep"])
    summary = dict(zip(sheets["Samenvatting"]["Onderdeel"], sheets["Samenvatting"]["Waarde"], strict=True))
    hidden = summary["Groep Inwoners"]
    assert "te weinig" in hidden and not re.search(r"\d", hidden)  # named, never counted
    who = sheets["Samenvatting"]
    assert "3" not in who.loc[who["Onderdeel"] == "Groep Inwoners", "Waarde"].iloc[0]


def test_excel_shows_the_binnenkant_merged_when_a_binnenkant_group_is_small(havenstede):
    sheets = _sheets(report_export.xlsx_bytes(havenstede))
    themes = sheets["Thema's"]
    assert MERGED_LABEL in themes.columns and "Inwoners" in themes.columns
    for label in ("Raad", "College", "Ambtelijke organisatie"):
        assert label not in themes.columns
        assert label not in set(sheets["Verdeling"]["Groep"])
        assert label not in set(sheets["Open antwoorden"]["Groep"])
    summary = dict(zip(sheets["Samenvatting"]["Onderdeel"], sheets["Samenvatting"]["Waarde"], strict=True))
    assert not re.search(r"\d", summary["Groep College"])


def test_html_and_excel_name_sources_by_title_and_have_no_none_or_plural_brackets(bergveld):
    """Issue #19.5 in the two files a raadslid gets besides the PDF: no "seed" file ids, no "None", no
    "actie(s)"; the tips' sources read as the documents' titles."""
    page = re.sub(r"<script.*?</script>", "", report_export.html_bytes(bergveld).decode("utf-8"), flags=re.S)
    cells = [
        str(value)
        for frame in _sheets(report_export.xlsx_bytes(bergveld)).values()
        for value in [*frame.columns, *frame.to_numpy().ravel()]
    ]
    for shown in (page, " ".join(cells)):
        assert not re.search(r"\bseed\b|\bNone\b|\w\(s\)", shown)
    assert (
        "Rode Draden Democratie in Actie on tour" in page
        and "Rode Draden Democratie in Actie on tour" in (" ".join(cells))
    )


def test_excel_neutralises_formulas_in_typed_text(bergveld):
    sheets = _sheets(report_export.xlsx_bytes(bergveld))
    answers = set(sheets["Open antwoorden"]["Antwoord"])
    assert "'" + FORMULA in answers and FORMULA not in answers
    assert SCRIPT in answers
    plan = sheets["Verbeteragenda"]
    row = plan[plan["Wat"].str.contains("SUM")].iloc[0]
    assert row["Wat"] == "'@SUM(1+1) gesprek met de raad"
    assert row["Wie"] == "'-griffie" and row["Resultaat"] == "'+31 bellen"


def test_excel_agenda_holds_this_and_the_previous_round(bergveld):
    plan = _sheets(report_export.xlsx_bytes(bergveld))["Verbeteragenda"]
    assert "deze ronde" in set(plan["Uit"])
    assert "Quick Scan voorjaar 2025" in set(plan["Uit"])
    assert {"Gedaan", "Bezig", "Gepland"} <= set(plan["Status"])


# -- HTML ----------------------------------------------------------------------------------------


def test_html_is_standalone_with_interactive_charts(bergveld):
    page = report_export.html_bytes(bergveld).decode("utf-8")
    assert page.count("plotly-graph-div") >= 3  # radar, priorities, distributions
    assert page.count("* plotly.js v") == 1  # plotly.js inlined exactly once
    assert not re.search(r"<script[^>]*\bsrc=", page)
    assert not re.search(r"<(link|img|iframe|embed|object|source)\b", page)
    assert "url(http" not in page and "@import" not in page
    assert "@media print" in page


def test_html_escapes_typed_text_and_names_hidden_groups_without_numbers(bergveld):
    page = report_export.html_bytes(bergveld).decode("utf-8")
    assert SCRIPT not in page and "&lt;script&gt;alert(&#x27;open&#x27;)&lt;/script&gt;" in page
    assert "Demogemeente Bergveld" in page and "5 oktober 2026" in page
    assert "Inwoners: te weinig deelnemers om apart te tonen" in page
    assert "Inwoners (n=" not in page
    for section in (
        "Zo leest u dit rapport",
        "Wie deden mee",
        "Scores per thema",
        "Opmerkelijke resultaten",
        "Wat hebben we gedaan",
        "Gespreksstarters",
        "Verbetertips",
        "Verbeteragenda",
        "Thema&#x27;s en stellingen",
        "Open antwoorden",
    ):
        assert section in page, section


def test_html_without_a_previous_round_has_no_what_we_did(havenstede):
    page = report_export.html_bytes(havenstede).decode("utf-8")
    assert "Wat hebben we gedaan" not in page
    assert "Binnenkant (samengevoegd)" in page


# -- PDF -----------------------------------------------------------------------------------------


def test_one_kaleido_browser_renders_all_charts_of_a_report(monkeypatch):
    import kaleido

    opened = []

    class FakeKaleido:
        def __init__(self, **kwargs):
            opened.append(kwargs)

        async def __aenter__(self):
            return self

        async def __aexit__(self, *exc):
            return False

        async def calc_fig(self, fig, opts=None):
            return b"png" + str(opts["width"]).encode()

    monkeypatch.setattr(kaleido, "Kaleido", FakeKaleido)
    figures = [(None, 100 + i, 50) for i in range(4)]
    assert report_charts.render_png(figures) == [b"png100", b"png101", b"png102", b"png103"]
    assert len(opened) == 1 and opened[0]["mathjax"] is False  # no network for MathJax


def test_render_errors_become_a_dutch_message(monkeypatch):
    import kaleido

    class Broken:
        def __init__(self, **kwargs):
            raise RuntimeError("boom")

    monkeypatch.setattr(kaleido, "Kaleido", Broken)
    with pytest.raises(report_charts.ReportError, match="konden niet worden gemaakt"):
        report_charts.render_png([(None, 10, 10)])


@pytest.fixture(scope="module")
def bergveld_pdf(bergveld):
    return report_export.pdf_bytes(bergveld)


@needs_pdf
def test_pdf_has_pages_and_page_one_renders(bergveld_pdf, tmp_path):
    assert bergveld_pdf.startswith(b"%PDF")
    if not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils (pdftoppm) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(bergveld_pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 5
    ARTIFACTS.mkdir(exist_ok=True)
    for number in (1, 2):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                "-f",
                str(number),
                "-l",
                str(number),
                "-singlefile",
                str(path),
                str(ARTIFACTS / f"round_report_page{number}"),
            ],
            check=True,
        )
        assert (ARTIFACTS / f"round_report_page{number}.png").stat().st_size > 10_000


@needs_pdf
def test_pdf_text_names_hidden_groups_without_numbers(bergveld_pdf, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(bergveld_pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Demogemeente Bergveld" in text and "Wat hebben we gedaan" in text
    assert "Inwoners: te weinig deelnemers om apart te tonen" in " ".join(text.split())
    assert "Inwoners (n=" not in text
    assert SCRIPT in " ".join(text.split())  # plain text in a PDF: shown as typed, never run


@needs_pdf
def test_pdf_page_one_carries_the_summary_and_one_form_of_address(bergveld_pdf, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(bergveld_pdf)
    page_one = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = " ".join(page_one.split())
    assert "In het kort" in words and "Het hoogst sco" in words  # the outcome, not an empty page
    assert "50 is neutraal" in words and "elke groep telt even zwaar" in words
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "None" not in text and "seed" not in text and "(s)" not in text
    assert "Zo lees je" not in text and "Zo leest u" in text


# -- command line --------------------------------------------------------------------------------


def test_cli_writes_html_and_xlsx(demo, tmp_path, capsys):
    _, path = demo
    db = storage.connect(path)
    code = _round(db, "Demogemeente Havenstede", "Quick Scan voorjaar 2025").join_code
    db.close()
    html_file = tmp_path / "rapport.html"
    assert (
        cli.main(["report", "--db", str(path), "--round", code, "--format", "html", "-o", str(html_file)])
        == 0
    )
    assert "plotly-graph-div" in html_file.read_text(encoding="utf-8")
    xlsx_file = tmp_path / "rapport.xlsx"
    assert (
        cli.main(["report", "--db", str(path), "--round", code, "--format", "xlsx", "-o", str(xlsx_file)])
        == 0
    )
    assert list(_sheets(xlsx_file.read_bytes())) == SHEETS
    assert "Rapport geschreven naar" in capsys.readouterr().out


def test_file_stem_is_safe():
    row = Round(
        1,
        1,
        "quickscan-gemeente",
        1,
        "Scan / najaar 2026",
        "KX7M4RPA",
        5,
        organisation_name="Gemeente 's-Hertogenbosch <test>",
    )
    assert report_export.file_stem_for(row) == "quick-scan-gemeente-s-hertogenbosch-test-scan-najaar-2026"
    assert long_date("2026-03-01") == "1 maart 2026"

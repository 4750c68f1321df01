"""Answers from paper forms: a filled-in template (Excel or CSV) imported into a round, all rows or none.

Format: one row per respondent; a ``group`` column; one column per statement id with a value of the
statement's scale (1-5), empty, or ``weet niet``; optionally a ``prioriteiten`` column (theme ids
separated by ``;``) and a column per open question id. Rows are numbered as in a spreadsheet (the header
is row 1). :func:`template_xlsx` makes the sheet to fill in for a round, with an explanation of every
column; the facilitator uploads it on Scan beheren (:func:`import_upload`), or runs
``dia-scan import-responses``.

The same file is never imported twice into a round (its SHA-256 is kept, not its contents), so a second
click or a second upload cannot count the same forms twice.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from sqlite_utils import Database

from . import storage
from .exports import neutralise
from .model import DONT_KNOW, QuickScan
from .permits import RoundPermit
from .rounds import ServiceError, clean_submission, managed_round, round_instrument, submit_complete

DONT_KNOW_WORDS = {"weet niet", "weetniet", "wn", "dk", "n.v.t.", "nvt", "weet niet / n.v.t."}
GROUP_COLUMN = "group"
PRIORITIES_COLUMN = "prioriteiten"
MAX_ROWS = 100_000
#: An upload larger than this is refused before it is read (as server.maxUploadSize in
#: .streamlit/config.toml; a thousand forms of the full Quick Scan take about 150 KB in Excel).
MAX_UPLOAD_BYTES = 5 * 2**20
ANSWERS_SHEET = "Antwoorden"
EXPLANATION_SHEET = "Uitleg"
#: Data validation and column widths cover this many rows of the template.
TEMPLATE_ROWS = 1000


@dataclass(frozen=True)
class ImportResult:
    imported: int
    per_group: dict[str, int]


class ImportError_(ServiceError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


# -- reading a file ------------------------------------------------------------------------------

Rows = list[tuple[int, dict[str, str]]]


def rows_from_csv(text: str) -> tuple[list[str], Rows]:
    """Header and numbered rows of a CSV text (comma, semicolon or tab)."""
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [(h or "").strip() for h in (reader.fieldnames or [])]
    rows: Rows = []
    for number, raw in enumerate(reader, start=2):
        rows.append((number, {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k is not None}))
        if len(rows) > MAX_ROWS:
            break
    return header, rows


def rows_from_xlsx(data: bytes) -> tuple[list[str], Rows]:
    """Header and numbered rows of the sheet "Antwoorden" of a workbook (or its first sheet)."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as err:
        raise ImportError_(["Dit bestand kunnen we niet lezen als Excel-bestand (.xlsx)."]) from err
    try:
        sheet = workbook[ANSWERS_SHEET] if ANSWERS_SHEET in workbook.sheetnames else workbook.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = [_text(v) for v in next(lines, ())]
        rows: Rows = []
        for number, values in enumerate(lines, start=2):
            cells = {name: _text(v) for name, v in zip(header, values, strict=False) if name}
            rows.append((number, cells))
            if len(rows) > MAX_ROWS:
                break
    finally:
        workbook.close()
    while header and not header[-1]:
        header.pop()
    return header, rows


def _text(value) -> str:
    """A cell as the text a person typed: 4.0 becomes "4"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_upload(filename: str, data: bytes) -> tuple[list[str], Rows]:
    """Header and rows of an uploaded .xlsx or .csv file; a Dutch message when it cannot be read."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportError_([f"Het bestand is groter dan {MAX_UPLOAD_BYTES // 2**20} MB. Splits het op."])
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".xlsx":
        return rows_from_xlsx(data)
    if suffix == ".csv":
        try:
            return rows_from_csv(data.decode("utf-8-sig"))
        except UnicodeDecodeError as err:
            raise ImportError_(
                ["Dit CSV-bestand is niet als UTF-8 opgeslagen. Sla het op als 'CSV UTF-8' of gebruik Excel."]
            ) from err
    raise ImportError_(["Kies een Excel-bestand (.xlsx) of een CSV-bestand (.csv)."])


# -- checking the rows ---------------------------------------------------------------------------


def check_rows(instrument: QuickScan, header: list[str], rows: Rows) -> list[tuple[str, dict]]:
    """(group, draft) per filled-in row; ImportError_ with every problem (row and column) otherwise."""
    problems: list[str] = []
    if GROUP_COLUMN not in header:
        raise ImportError_([f"rij 1: de kolom '{GROUP_COLUMN}' ontbreekt"])
    statement_ids = {s.id for _, s in instrument.statements()}
    known = statement_ids | {q.id for q in instrument.open_questions} | {GROUP_COLUMN, PRIORITIES_COLUMN}
    unknown = [h for h in header if h and h not in known]
    if unknown:
        problems.append(f"rij 1: onbekende kolom(men): {', '.join(unknown)}")
    drafts: list[tuple[str, dict]] = []
    for number, row in rows:
        if number > MAX_ROWS + 1:
            problems.append(f"het bestand heeft meer dan {MAX_ROWS} rijen")
            break
        if not any(row.values()):
            continue
        group = row.get(GROUP_COLUMN, "")
        if group not in instrument.group_ids:
            problems.append(
                f"rij {number}: groep '{group[:40]}' bestaat niet (kies uit {', '.join(instrument.group_ids)})"
            )
            continue
        answers: dict[str, int | str] = {}
        problems_before = len(problems)
        for qid in statement_ids & row.keys():
            value = row[qid]
            if not value:
                continue
            if value.lower() in DONT_KNOW_WORDS:
                answers[qid] = DONT_KNOW
            elif value.isascii() and value.isdigit():
                answers[qid] = int(value)
            else:
                problems.append(f"rij {number}, kolom '{qid}': '{value[:20]}' is geen 1-5 of 'weet niet'")
        priorities = [p.strip() for p in row.get(PRIORITIES_COLUMN, "").split(";") if p.strip()]
        opens = {q.id: row[q.id] for q in instrument.open_questions if row.get(q.id)}
        if not (answers or priorities or opens) and len(problems) == problems_before:
            # a group and nothing else is a slip, not a respondent: it would only make the group bigger
            problems.append(f"rij {number}: alleen de groep is ingevuld, geen enkel antwoord")
            continue
        draft = {"answers": answers, "priorities": priorities, "open": opens}
        try:
            clean_submission(instrument, group, draft)
        except ServiceError as err:
            problems.append(f"rij {number}: {err}")
            continue
        drafts.append((group, draft))
    if problems:
        raise ImportError_(problems)
    if not drafts:
        raise ImportError_(["het bestand bevat geen antwoorden"])
    return drafts


def _store(db: Database, round_row: dict, drafts: list[tuple[str, dict]], digest: str | None) -> ImportResult:
    per_group: dict[str, int] = {}
    with storage.transaction(db):
        if digest is not None:
            earlier = storage.find_import(db, round_row["id"], digest)
            if earlier is not None:
                raise ImportError_(
                    [
                        f"Dit bestand is al ingevoerd ({earlier['responses']} formulieren, op "
                        f"{earlier['imported_at'][:10]}). Er is niets dubbel geteld."
                    ]
                )
        for group, draft in drafts:
            submit_complete(db, round_row, group, draft, check_open=False)
            per_group[group] = per_group.get(group, 0) + 1
        if digest is not None:
            storage.record_import(db, round_row["id"], digest, len(drafts))
    return ImportResult(len(drafts), per_group)


# -- the two ways in -----------------------------------------------------------------------------


def import_responses(db: Database, round_row: dict, source: Path | str | io.TextIOBase) -> ImportResult:
    """The command line: a CSV or .xlsx file (path; the same file only once), or CSV text; all rows or
    none."""
    digest = None
    if isinstance(source, (str, Path)):
        data = Path(source).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if Path(source).suffix.lower() == ".xlsx":
            header, rows = rows_from_xlsx(data)
        else:
            header, rows = rows_from_csv(data.decode("utf-8-sig"))
    else:
        header, rows = rows_from_csv(source.read())
    return _store(db, round_row, check_rows(round_instrument(db, round_row), header, rows), digest)


def import_upload(db: Database, permit: RoundPermit, filename: str, data: bytes) -> ImportResult:
    """Scan beheren: an uploaded file for the facilitator's round, also after it closed (paper forms
    often come in late); all rows or none, and the same file only once."""
    round_row = managed_round(db, permit)
    header, rows = read_upload(filename, data)
    drafts = check_rows(round_instrument(db, round_row), header, rows)
    return _store(db, round_row, drafts, hashlib.sha256(data).hexdigest())


# -- the template --------------------------------------------------------------------------------


def template_columns(instrument: QuickScan) -> list[str]:
    columns = [GROUP_COLUMN] + [s.id for _, s in instrument.statements()]
    if instrument.priorities is not None:
        columns.append(PRIORITIES_COLUMN)
    return columns + [q.id for q in instrument.open_questions]


def round_template(db: Database, round_row: dict, fmt: str) -> bytes:
    """The invulblad of a round: "xlsx" (with choice lists and explanations) or "csv" (the columns)."""
    instrument = round_instrument(db, round_row)
    return template_xlsx(instrument) if fmt == "xlsx" else template_csv(instrument)


def template_csv(instrument: QuickScan) -> bytes:
    """Only the header row, with semicolons (as Dutch Excel expects) and a byte order mark."""
    return (";".join(template_columns(instrument)) + "\r\n").encode("utf-8-sig")


def _explanation(instrument: QuickScan) -> list[tuple[str, str, str]]:
    """(column, question, what to fill in) for the sheet "Uitleg"."""
    groups = ", ".join(f"{g.id} ({g.label})" for g in instrument.groups)
    rows = [(GROUP_COLUMN, "Tot welke groep hoort de deelnemer?", f"een van: {groups}")]
    for theme, statement in instrument.statements():
        scale = instrument.scale_of(statement)
        points = ", ".join(f"{p.value} = {p.label}" for p in scale.points)
        if scale.dont_know:
            points += f"; of 'weet niet' ({scale.dont_know})"
        only = f" Alleen voor: {', '.join(statement.groups)}." if statement.groups else ""
        rows.append(
            (statement.id, f"{theme.title}: {statement.text}", f"{points}. Leeg = niet ingevuld.{only}")
        )
    if instrument.priorities is not None:
        themes = ", ".join(f"{t.id} ({t.title})" for t in instrument.themes if not t.custom)
        rows.append(
            (
                PRIORITIES_COLUMN,
                instrument.priorities.text,
                f"ten hoogste {instrument.priorities.max_choices} thema's, gescheiden door ';'. Kies uit: {themes}",
            )
        )
    for question in instrument.open_questions:
        only = f" Alleen voor: {', '.join(question.groups)}." if question.groups else ""
        rows.append(
            (question.id, question.text, f"vrije tekst, ten hoogste {question.max_length} tekens.{only}")
        )
    return rows


def template_xlsx(instrument: QuickScan) -> bytes:
    """A workbook to type paper forms into: "Antwoorden" (one row per form, choices from a list) and
    "Uitleg" (what every column asks and what may go in it). The question texts are neutralised, so a
    maatwerkvraag typed as "=..." never becomes a formula."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ANSWERS_SHEET
    columns = template_columns(instrument)
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    last = TEMPLATE_ROWS + 1
    group_list = DataValidation(
        type="list", formula1='"' + ",".join(instrument.group_ids) + '"', allow_blank=True
    )
    group_list.error = "Kies een groep uit de lijst."
    sheet.add_data_validation(group_list)
    group_list.add(f"A2:A{last}")
    statements = {s.id: s for _, s in instrument.statements()}
    lists: dict[str, DataValidation] = {}
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(column) + 2)
        statement = statements.get(column)
        if statement is None:
            continue
        scale = instrument.scale_of(statement)
        choices = [str(p.value) for p in scale.points] + (["weet niet"] if scale.dont_know else [])
        key = ",".join(choices)
        if key not in lists:
            lists[key] = DataValidation(type="list", formula1=f'"{key}"', allow_blank=True)
            lists[key].error = "Kies een waarde uit de lijst (of laat de cel leeg)."
            sheet.add_data_validation(lists[key])
        lists[key].add(f"{letter}2:{letter}{last}")

    explanation = workbook.create_sheet(EXPLANATION_SHEET)
    explanation.append(["kolom", "vraag", "wat vult u in"])
    for cell in explanation[1]:
        cell.font = Font(bold=True)
    for row in _explanation(instrument):
        explanation.append([neutralise(value) for value in row])
    for letter, width in (("A", 24), ("B", 90), ("C", 70)):
        explanation.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

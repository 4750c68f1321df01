"""Answers from paper forms: a filled-in template (Excel or CSV) imported into a round, all rows or none.

Format: one row per respondent; a ``group`` column; one column per statement id with a value of the
statement's scale (1-5), empty, or ``weet niet``; optionally a ``prioriteiten`` column (theme ids
separated by ``;``), a column per open question id, and a column per "Over u" question named
``over_u:<question id>`` (e.g. ``over_u:leeftijd``). The colon cannot occur in an id, so such a column
never clashes with a statement, an open question, ``group`` or ``prioriteiten``. An "Over u" cell holds
the option's label as printed (case and surrounding spaces do not matter) or its id, or stays empty
(skipped: these questions are never required); a value for a question the row's group does not get is a
problem. Those answers go into the draft as ``"background"`` and are only counted per group, like
online. A row needs at least one answer besides the group and "Over u", or it would only make its group
look bigger. Rows are numbered as in a spreadsheet (the header is row 1). :func:`template_xlsx` makes
the sheet to fill in for a round, with an explanation of every column; the facilitator uploads it on
Scan beheren (:func:`import_upload`), or runs ``dia-scan import-responses``.

The same file is never imported twice into a round (its SHA-256 is kept, not its contents), so a second
click or a second upload cannot count the same forms twice.

Longer than most because reading a sheet and naming every problem by row and column is one all-or-nothing
step; its checks would not be clearer apart.
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

from dia_scan import storage
from dia_scan.core.errors import ServiceError
from dia_scan.core.model import DONT_KNOW, BackgroundQuestion, QuickScan
from dia_scan.core.permits import RoundPermit
from dia_scan.core.records import Round
from dia_scan.core.text import neutralise
from dia_scan.quickscan.rounds import (
    clean_submission,
    managed_round,
    round_instrument,
    submit_complete,
)

DONT_KNOW_WORDS = {"weet niet", "weetniet", "wn", "dk", "n.v.t.", "nvt", "weet niet / n.v.t."}
GROUP_COLUMN = "group"
PRIORITIES_COLUMN = "prioriteiten"
#: The column of an "Over u" question is this prefix and the question id; ":" is never part of an id.
BACKGROUND_PREFIX = "over_u:"
MAX_ROWS = 100_000
#: An upload larger than this is refused before it is read (as server.maxUploadSize in
#: .streamlit/config.toml; a thousand forms of the full Quick Scan take about 150 KB in Excel).
MAX_UPLOAD_BYTES = 5 * 2**20
ANSWERS_SHEET = "Antwoorden"
EXPLANATION_SHEET = "Uitleg"
#: A hidden sheet with the answers of the "Over u" questions, one column each, for their choice lists
#: (a list typed into the validation itself cannot hold a label with a comma in it).
CHOICES_SHEET = "Keuzelijsten"
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


#: What to do with a CSV file that is neither UTF-8 nor Windows' ANSI code page.
CSV_ENCODING_HINT = (
    "De tekens in dit CSV-bestand kunnen we niet lezen. Sla het in Excel op als 'CSV UTF-8 (door "
    "komma's gescheiden)', of upload het Excel-bestand (.xlsx) zelf."
)


def decode_csv(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without the mark Excel puts in front), else the ANSI code
    page that Excel on a Dutch Windows uses for "CSV (gescheiden door lijstscheidingsteken)" (cp1252,
    where é is one byte); a Dutch hint when it is neither."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportError_([CSV_ENCODING_HINT])


def read_upload(filename: str, data: bytes) -> tuple[list[str], Rows]:
    """Header and rows of an uploaded .xlsx or .csv file; a Dutch message when it cannot be read."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportError_([f"Het bestand is groter dan {MAX_UPLOAD_BYTES // 2**20} MB. Splits het op."])
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".xlsx":
        return rows_from_xlsx(data)
    if suffix == ".csv":
        return rows_from_csv(decode_csv(data))
    raise ImportError_(["Kies een Excel-bestand (.xlsx) of een CSV-bestand (.csv)."])


# -- checking the rows ---------------------------------------------------------------------------


def background_column(question_id: str) -> str:
    """The invulblad column of an "Over u" question (also printed on the paper form)."""
    return BACKGROUND_PREFIX + question_id


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def background_option(question: BackgroundQuestion, value: str) -> str | None:
    """The option id a cell means: its label (any case, extra spaces) or its id; None if neither."""
    wanted = _fold(value)
    for option in question.options:
        if _fold(option.label) == wanted:
            return option.id
    for option in question.options:
        if option.id == wanted:
            return option.id
    return None


def _background(
    instrument: QuickScan, group: str, where, row: dict[str, str], problems: list[str]
) -> dict[str, str]:
    """The row's "Over u" answers as {question id: option id}; a problem per wrong cell."""
    mine = {q.id for q in instrument.background_for(group)}
    chosen: dict[str, str] = {}
    for question in instrument.background:
        column = background_column(question.id)
        value = row.get(column, "")
        if not value:
            continue  # skipped, as online
        if question.id not in mine:
            problems.append(f"{where(column)}: deze vraag is niet voor de groep '{group}' (laat de cel leeg)")
            continue
        option = background_option(question, value)
        if option is None:
            labels = "; ".join(o.label for o in question.options)
            problems.append(f"{where(column)}: '{value[:30]}' past niet bij deze vraag (kies uit: {labels})")
            continue
        chosen[question.id] = option
    return chosen


def scale_values(instrument: QuickScan, group: str) -> dict[str, set[int]]:
    """The values each statement of the group allows (its scale's points)."""
    points = {scale.id: {p.value for p in scale.points} for scale in instrument.scales}
    return {s.id: points[s.scale or instrument.default_scale] for _, s in instrument.statements_for(group)}


def _check_priorities(instrument: QuickScan, chosen: list[str], where: str, problems: list[str]) -> None:
    themes = [t.id for t in instrument.themes if not t.custom]
    unknown = [p for p in chosen if p not in themes]
    limit = instrument.priorities.max_choices if instrument.priorities else 0
    if unknown:
        problems.append(f"{where}: '{unknown[0][:30]}' is geen thema (kies uit: {', '.join(themes)})")
    elif len(set(chosen)) != len(chosen):
        problems.append(f"{where}: een thema staat er twee keer in")
    elif len(chosen) > limit:
        problems.append(f"{where}: {len(chosen)} thema's gekozen, hoogstens {limit}")


def check_rows(instrument: QuickScan, header: list[str], rows: Rows) -> list[tuple[str, dict]]:
    """(group, draft) per filled-in row; ImportError_ with every problem (row and column) otherwise."""
    problems: list[str] = []
    if GROUP_COLUMN not in header:
        raise ImportError_([f"rij 1: de kolom '{GROUP_COLUMN}' ontbreekt"])
    statement_ids = {s.id for _, s in instrument.statements()}
    known = (
        statement_ids
        | {q.id for q in instrument.open_questions}
        | {background_column(q.id) for q in instrument.background}
        | {GROUP_COLUMN, PRIORITIES_COLUMN}
    )
    letters = {name: get_column_letter(index) for index, name in enumerate(header, start=1)}
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

        def where(column: str, number: int = number) -> str:
            return f"rij {number}, kolom {letters[column]} ({column})"

        allowed = scale_values(instrument, group)
        for qid in sorted(statement_ids & row.keys(), key=header.index):
            value = row[qid]
            if not value:
                continue
            if qid not in allowed:
                problems.append(
                    f"{where(qid)}: deze stelling is niet voor de groep '{group}' (laat de cel leeg)"
                )
            elif value.lower() in DONT_KNOW_WORDS:
                answers[qid] = DONT_KNOW
            elif value.isascii() and value.isdigit() and int(value) in allowed[qid]:
                answers[qid] = int(value)
            else:
                low, high = min(allowed[qid]), max(allowed[qid])
                problems.append(
                    f"{where(qid)}: '{value[:20]}' is geen antwoord op deze stelling "
                    f"(vul {low} tot en met {high} in, 'weet niet', of laat de cel leeg)"
                )
        priorities = [p.strip() for p in row.get(PRIORITIES_COLUMN, "").split(";") if p.strip()]
        if priorities:
            _check_priorities(instrument, priorities, where(PRIORITIES_COLUMN), problems)
        opens = {q.id: row[q.id] for q in instrument.open_questions if row.get(q.id)}
        for question in instrument.open_questions:
            if len(opens.get(question.id, "")) > question.max_length:
                problems.append(
                    f"{where(question.id)}: het antwoord heeft {len(opens[question.id])} tekens, "
                    f"hoogstens {question.max_length}"
                )
        background = _background(instrument, group, where, row, problems)
        if not (answers or priorities or opens) and len(problems) == problems_before:
            # a group and nothing else (or only "Over u") is a slip, not a respondent: it would only
            # make the group bigger
            what = "de groep en 'Over u' zijn" if background else "de groep is"
            problems.append(f"rij {number}: alleen {what} ingevuld, geen enkel antwoord op de vragen")
            continue
        if len(problems) > problems_before:
            continue  # named above, by column
        draft = {"answers": answers, "priorities": priorities, "open": opens, "background": background}
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


def _store(
    db: Database, round_row: Round, drafts: list[tuple[str, dict]], digest: str | None
) -> ImportResult:
    per_group: dict[str, int] = {}
    with storage.transaction(db):
        if digest is not None:
            earlier = storage.find_import(db, round_row.id, digest)
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
            storage.record_import(db, round_row.id, digest, len(drafts))
    return ImportResult(len(drafts), per_group)


# -- the two ways in -----------------------------------------------------------------------------


def import_responses(db: Database, round_row: Round, source: Path | str | io.TextIOBase) -> ImportResult:
    """The command line: a CSV or .xlsx file (path; the same file only once), or CSV text; all rows or
    none."""
    digest = None
    if isinstance(source, (str, Path)):
        data = Path(source).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if Path(source).suffix.lower() == ".xlsx":
            header, rows = rows_from_xlsx(data)
        else:
            header, rows = rows_from_csv(decode_csv(data))
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
    columns += [q.id for q in instrument.open_questions]
    return columns + [background_column(q.id) for q in instrument.background]


def round_template(db: Database, round_row: Round, fmt: str) -> bytes:
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
    for question in instrument.background:
        only = f" Alleen voor: {', '.join(question.groups)}." if question.groups else ""
        labels = "; ".join(o.label for o in question.options)
        rows.append(
            (
                background_column(question.id),
                f"Over u: {question.text}",
                f"een van: {labels}. Niet verplicht: leeg = niet ingevuld.{only} "
                "Dit antwoord wordt apart geteld, niet bij de andere antwoorden.",
            )
        )
    return rows


def template_xlsx(instrument: QuickScan) -> bytes:
    """A workbook to type paper forms into: "Antwoorden" (one row per form, choices from a list),
    "Uitleg" (what every column asks and what may go in it) and, when the instrument has "Over u"
    questions, the hidden "Keuzelijsten" their choice lists come from. The question texts are
    neutralised, so a maatwerkvraag typed as "=..." never becomes a formula."""
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
    background = {background_column(q.id): q for q in instrument.background}
    lists: dict[str, DataValidation] = {}
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(column) + 2)
        if column in background:
            question = background[column]
            longest = max(len(o.label) for o in question.options)
            sheet.column_dimensions[letter].width = min(40, max(len(column), longest) + 2)
            where = get_column_letter(instrument.background.index(question) + 1)
            answers = DataValidation(
                type="list",
                formula1=f"'{CHOICES_SHEET}'!${where}$2:${where}${len(question.options) + 1}",
                allow_blank=True,
            )
            answers.error = "Kies een antwoord uit de lijst (of laat de cel leeg)."
            sheet.add_data_validation(answers)
            answers.add(f"{letter}2:{letter}{last}")
            continue
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
    if background:
        _choices_sheet(workbook, instrument)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _choices_sheet(workbook: Workbook, instrument: QuickScan) -> None:
    """The hidden sheet with the answers of every "Over u" question (its column header on row 1); the
    labels stay text, also one that starts like a formula, so the list gives exactly the label."""
    choices = workbook.create_sheet(CHOICES_SHEET)
    choices.sheet_state = "hidden"
    for index, question in enumerate(instrument.background, start=1):
        choices.cell(row=1, column=index, value=background_column(question.id))
        for row, option in enumerate(question.options, start=2):
            cell = choices.cell(row=row, column=index, value=option.label)
            cell.data_type = "s"

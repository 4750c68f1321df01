"""Import answers from paper forms (CSV): all rows or none.

Format: one row per respondent; a ``group`` column; one column per statement id with 1-5, empty, or
``weet niet``; optionally a ``prioriteiten`` column (theme ids separated by ``;``) and a column per
open question id. Rows are numbered as in a spreadsheet (the header is row 1).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from . import storage
from .model import DONT_KNOW
from .rounds import ServiceError, clean_submission, round_instrument, submit_complete

DONT_KNOW_WORDS = {"weet niet", "weetniet", "wn", "dk", "n.v.t.", "nvt", "weet niet / n.v.t."}
PRIORITIES_COLUMN = "prioriteiten"
MAX_ROWS = 100_000


@dataclass(frozen=True)
class ImportResult:
    imported: int
    per_group: dict[str, int]


class ImportError_(ServiceError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def import_responses(db: Database, round_row: dict, source: Path | str | io.TextIOBase) -> ImportResult:
    text = Path(source).read_text(encoding="utf-8-sig") if isinstance(source, (str, Path)) else source.read()
    sample = text[:2048]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    instrument = round_instrument(db, round_row)
    header = [h.strip() for h in (reader.fieldnames or [])]
    problems: list[str] = []
    if "group" not in header:
        raise ImportError_(["rij 1: de kolom 'group' ontbreekt"])
    known = {s.id for _, s in instrument.statements()} | {q.id for q in instrument.open_questions}
    known |= {"group", PRIORITIES_COLUMN}
    unknown = [h for h in header if h and h not in known]
    if unknown:
        problems.append(f"rij 1: onbekende kolom(men): {', '.join(unknown)}")
    drafts: list[tuple[str, dict]] = []
    for number, raw in enumerate(reader, start=2):
        if number > MAX_ROWS + 1:
            problems.append(f"het bestand heeft meer dan {MAX_ROWS} rijen")
            break
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        if not any(row.values()):
            continue
        group = row.get("group", "")
        if group not in instrument.group_ids:
            problems.append(
                f"rij {number}: groep '{group}' bestaat niet (kies uit {', '.join(instrument.group_ids)})"
            )
            continue
        statement_ids = {s.id for _, s in instrument.statements()}
        answers: dict[str, int | str] = {}
        for qid in statement_ids & row.keys():
            value = row[qid]
            if not value:
                continue
            if value.lower() in DONT_KNOW_WORDS:
                answers[qid] = DONT_KNOW
            elif value.isdigit():
                answers[qid] = int(value)
            else:
                problems.append(f"rij {number}, kolom '{qid}': '{value[:20]}' is geen 1-5 of 'weet niet'")
        priorities = [p.strip() for p in row.get(PRIORITIES_COLUMN, "").split(";") if p.strip()]
        opens = {q.id: row[q.id] for q in instrument.open_questions if row.get(q.id)}
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
    per_group: dict[str, int] = {}
    with storage.transaction(db):
        for group, draft in drafts:
            submit_complete(db, round_row, group, draft, check_open=False)
            per_group[group] = per_group.get(group, 0) + 1
    return ImportResult(len(drafts), per_group)

"""CSV and Excel files of tables (reports, the checklist, comparisons), safe to open in a spreadsheet.

A text cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) could run as a
formula in Excel or LibreOffice ("CSV injection"), so it gets a leading apostrophe. Numbers stay numbers.
The CSV uses a semicolon and a decimal comma, as Dutch spreadsheet programs expect.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from dia_scan.core.text import neutralise

CSV_SEPARATOR = ";"  # what Dutch spreadsheet programs expect
CSV_DECIMAL = ","


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise).astype(object)
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte order mark, so Excel shows ë and ï correctly."""
    text = neutralise_frame(frame).to_csv(index=False, sep=CSV_SEPARATOR, decimal=CSV_DECIMAL)
    return text.encode("utf-8-sig")


def read_csv_bytes(data: bytes) -> pd.DataFrame:
    """Read back what :func:`to_csv_bytes` wrote (for tests and imports)."""
    return pd.read_csv(io.BytesIO(data), sep=CSV_SEPARATOR, decimal=CSV_DECIMAL, encoding="utf-8-sig")


def to_excel_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """One workbook with a sheet per frame, its header row frozen. Written in openpyxl's streaming mode (fast for thousands of
    rows); after ``neutralise`` no text starts with "=", so openpyxl never stores a formula."""
    workbook = Workbook(write_only=True)
    for name, frame in sheets.items():
        safe = neutralise_frame(frame)
        sheet = workbook.create_sheet(title=name[:31])
        sheet.freeze_panes = "A2"  # the header row stays in view
        for index, column in enumerate(safe.columns, start=1):
            longest = max([len(str(column))] + [len(str(v)) for v in safe[column].head(500)])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(10, longest + 2), 60)
        sheet.append(list(safe.columns))
        for row in safe.itertuples(index=False):
            sheet.append([_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value):
    """Plain Python values for openpyxl: missing numbers become empty cells."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:  # NaN
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value

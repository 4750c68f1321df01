"""CSV and Excel exports of a comparison: aggregates only, and safe to open in a spreadsheet.

A text cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) could run as a
formula in Excel or LibreOffice ("CSV injection"), so it gets a leading apostrophe. Numbers stay numbers.
The CSV uses a semicolon and a decimal comma, as Dutch spreadsheet programs expect.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell that a spreadsheet would read as a formula, made harmless; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise).astype(object)
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte order mark, so Excel shows ë and ï correctly."""
    text = neutralise_frame(frame).to_csv(index=False, sep=";", decimal=",")
    return text.encode("utf-8-sig")


def to_excel_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """One workbook with a sheet per frame; text that looks like a formula is stored as text."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            safe = neutralise_frame(frame)
            safe.to_excel(writer, sheet_name=name[:31], index=False)
            sheet = writer.sheets[name[:31]]
            for cells in sheet.iter_rows():
                for cell in cells:
                    # openpyxl turns any string starting with "=" into a formula; keep ours as text
                    if isinstance(cell.value, str):
                        cell.data_type = "s"
            for column in sheet.columns:
                width = max(len(str(c.value or "")) for c in column)
                sheet.column_dimensions[column[0].column_letter].width = min(max(10, width + 2), 60)
    return buffer.getvalue()

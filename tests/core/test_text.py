"""Dutch text helpers of core.text: a period written one way on every overview."""

from __future__ import annotations

from datetime import date

import pytest

from dia_scan.core.text import period_text


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2025-03-03", "2025-03-28", "03-03-2025 t/m 28-03-2025"),
        ("2026-10-05", None, "vanaf 05-10-2026"),
        (None, "2025-03-28", "t/m 28-03-2025"),
        (None, None, ""),
        ("", "", ""),
        (date(2026, 1, 5), date(2026, 2, 1), "05-01-2026 t/m 01-02-2026"),
    ],
)
def test_a_period_in_short_dutch_dates(start, end, expected):
    assert period_text(start, end) == expected

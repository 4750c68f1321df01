"""Dutch dates in every input (issue #19.5): each ``date_input`` and ``DateColumn`` of the pages takes its
format from ``ui/common/dates.DATE_FORMAT``, the one place that says day-month-year."""

from __future__ import annotations

import ast
from pathlib import Path

from dia_scan.ui.common.dates import DATE_FORMAT

ROOT = Path(__file__).resolve().parents[2]
DATE_WIDGETS = {"date_input", "DateColumn"}


def _date_widget_calls() -> list[tuple[str, ast.Call]]:
    found = []
    for path in [*ROOT.glob("dia_scan/ui/**/*.py"), *ROOT.glob("views/*.py"), ROOT / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr in DATE_WIDGETS:
                    found.append((f"{path.relative_to(ROOT)}:{node.lineno}", node))
    return found


def test_every_date_input_and_column_uses_the_one_dutch_format():
    calls = _date_widget_calls()
    assert len(calls) >= 6  # Nieuwe ronde (2), Scan beheren (3), verbeteragenda (2), Vergelijken (1)
    wrong = [
        where
        for where, call in calls
        if not any(
            k.arg == "format" and isinstance(k.value, ast.Name) and k.value.id == "DATE_FORMAT"
            for k in call.keywords
        )
    ]
    assert wrong == [], f"date inputs without format=DATE_FORMAT: {wrong}"
    assert DATE_FORMAT == "DD-MM-YYYY"

"""No "None" in a table cell on Resultaten, Verbeteragenda and Vergelijken.

``st.dataframe`` draws "None" in every cell whose value is missing (a Styler cannot change that), so
these pages must send no missing value at all: ``ui.common.tables.show_table`` turns them into empty
text. Checked here on the data each page sends to the browser, with content that has empty cells (a
group that did not get a statement, an action without a date, an organisation without a score).

The verbeteragenda's editor keeps its types (an empty "Wanneer" is ``NaT`` in a date column, so the grid
offers its date picker); there the grid is told to draw an empty cell instead of its grey "None"
(``placeholder``). ``tests/browser/test_empty_cells.py`` looks at the drawn cell itself."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from dia_scan import storage
from dia_scan.common import agenda
from dia_scan.core import permits
from dia_scan.quickscan import rounds
from tests.builders import new_round
from tests.conftest import managed, round_permit
from tests.views.test_page_vergelijken import PAGE as COMPARE_PAGE
from tests.views.test_page_vergelijken import accounts_file, demo, demo_file, password_hash  # noqa: F401 (fixtures)

VIEWS = Path(__file__).resolve().parents[2] / "views"


def _missing_cells(at: AppTest) -> list[str]:
    found = []
    for element in at.dataframe:
        if element.proto.editing_mode:  # a data editor: checked by _editors_draw_none
            continue
        frame = element.value
        for column in frame.columns:
            if frame[column].isna().any():
                found.append(str(column))
    return found


def _editors_draw_none(at: AppTest) -> list[str]:
    """The data editors whose empty cells would show "None": those without an empty placeholder."""
    return [
        str(element.value.columns.tolist())
        for element in at.dataframe
        if element.proto.editing_mode
        and (not element.proto.HasField("placeholder") or element.proto.placeholder)
    ]


def _run(page: str, round_row: dict | None = None, **state) -> AppTest:
    at = AppTest.from_file(str(VIEWS / page), default_timeout=60)
    if round_row is not None:
        at.session_state["managed_rounds"] = managed(round_row)
        at.session_state["current_round"] = round_row.id
    for key, value in state.items():
        at.session_state[key] = value
    at = at.run()
    assert not at.exception, at.exception
    return at


def test_resultaten_and_verbeteragenda_send_no_missing_cells(db_path, db, catalog, organisation_id):
    row = new_round(db, catalog, organisation_id, beheercode="Geheim-Beheer-2026")
    instrument = rounds.round_instrument(db, row)
    for group in ("raad", "inwoners"):  # each gets statements the other does not: empty cells
        for _ in range(5):
            answers = {s.id: 4 for _, s in instrument.statements_for(group)}
            rounds.submit_complete(db, row, group, {"answers": answers})
    row = storage.get_round(db, row.id)
    agenda.add_action(db, round_permit(row), wat="Inwonersavond", round_id=row.id)  # no date, no theme
    at = _run("resultaten.py", row)
    assert at.dataframe, "the page shows tables"
    assert not _missing_cells(at)
    at = _run("verbeteragenda.py", row)
    assert not _missing_cells(at)
    editors = [element for element in at.dataframe if element.proto.editing_mode]
    assert editors, "the verbeteragenda shows its editor"
    assert not _editors_draw_none(at)
    # the frame given to the grid: the action without a date has NaT in a real date column
    frame = editors[0].value
    assert pd.api.types.is_datetime64_any_dtype(frame["Wanneer"])
    assert frame.loc[frame["Wat"] == "Inwonersavond", "Wanneer"].isna().all()


def test_vergelijken_overview_sends_no_missing_cells(demo, accounts_file):  # noqa: F811 (fixtures)
    at = AppTest.from_file(COMPARE_PAGE, default_timeout=60)
    at.session_state["coordinator"] = "anna"
    at.session_state["coordinator_permit"] = permits.issue_coordinator("anna")
    at = at.run()
    assert not at.exception, at.exception
    assert at.dataframe
    assert not _missing_cells(at)
    at.selectbox(key="cmp_perspective").set_value("inwoners").run()  # a group under k: empty cells
    assert not at.exception
    assert not _missing_cells(at)

"""Date inputs in Dutch on every page: the calendar follows the browser's language, but an empty date
field shows its year placeholder in English ("yyyy"); this shows "jjjj", so it reads dd-mm-jjjj.

Every date input also uses ``DATE_FORMAT``: day, month, year, as Dutch people write a date.
"""

from __future__ import annotations

import streamlit as st

#: The format of every ``st.date_input`` and ``DateColumn``.
DATE_FORMAT = "DD-MM-YYYY"

_PLACEHOLDERS = """<style>
[data-testid="stDateInputField"] [data-placeholder="true"][data-type="year"] { font-size: 0 !important; }
[data-testid="stDateInputField"] [data-placeholder="true"][data-type="year"]::before {
  content: "jjjj"; font-size: 0.875rem;
}
</style>"""


def dutch_date_inputs() -> None:
    """The rule above, once per run (a style block takes no room on the page)."""
    st.html(_PLACEHOLDERS)

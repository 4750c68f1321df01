"""Per-run access to the catalog and the database, with friendly errors instead of tracebacks."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from typing import TypeVar

import streamlit as st
from sqlite_utils import Database
from streamlit.errors import StreamlitAPIException

from dia_scan import storage
from dia_scan.core.catalog import Catalog, CatalogError, load_catalog
from dia_scan.core.errors import ServiceError
from dia_scan.ui.common import language

T = TypeVar("T")
_NOTICE = "_notice_after_rerun"
_NOTICES = "_notices"  # where -> (kind, text)
_PAGE = "_current_page"  # url path of the page that runs, kept by the navigation


@st.cache_resource(show_spinner=False)
def _cached_catalog() -> Catalog:
    return load_catalog()


def catalog() -> Catalog:
    """The validated questions; a broken YAML file stops the page with the problems listed."""
    try:
        return _cached_catalog()
    except CatalogError as err:
        st.error("De vragenlijsten bevatten fouten. Vraag de beheerder om ze te herstellen:")
        st.code("\n".join(str(p) for p in err.problems), language=None)
        st.stop()


def db() -> Database:
    """A fresh connection for this run (never used by two threads at once), closed when the run ends
    (``close_connections``). Cheap: the file is switched to WAL and migrated once per process
    (storage.connect), so a run only opens it; on PostgreSQL it is a kept server connection."""
    try:
        conn = storage.connect()
    except storage.StorageError as err:
        st.error(str(err))
        st.stop()
    _RUN.__dict__.setdefault("connections", []).append(conn)
    return conn


#: The connections ``db()`` opened in the script run of this thread.
_RUN = threading.local()


def close_connections() -> None:
    """Close what ``db()`` opened in this run; the app calls it when a page's run ends (callbacks and
    fragments open their own). On PostgreSQL the server connection is then kept for the next run."""
    for conn in _RUN.__dict__.pop("connections", []):
        conn.close()


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Show a user's mistake or a database problem as a Dutch message, never as a traceback."""
    try:
        yield
    except ServiceError as err:
        st.error(language.error(err))  # a participant's message in their language, where it is translated
    except storage.StorageError as err:
        st.error(str(err))


def page_link(page: str, **kwargs) -> None:
    """A link to another page of the app; left out where that page is not in the navigation (a page
    run on its own, as in page tests)."""
    try:
        st.page_link(page, **kwargs)
    except StreamlitAPIException:
        pass


def change_and_rerun(change: Callable[[Database], T], notice: Callable[[T], str]) -> None:
    """Run a facilitator's change on a fresh connection (closed afterwards), then rerun the page with
    ``notice(result)`` as a success message at its top (``show_notice``). A user's mistake or a database
    problem is shown here as a Dutch message, and nothing reruns; the notice of an earlier change ends
    then (the user moved on), so a later run does not say "opgeslagen" about a change that failed."""
    try:
        with closing(storage.connect()) as conn:
            result = change(conn)
    except (ServiceError, storage.StorageError) as err:
        clear_notice()
        st.error(str(err))
        return
    rerun_with_notice(notice(result))


def set_notice(text: str, where: str = _NOTICE, kind: str = "success") -> None:
    """Remember a message for ``show_notice(where)`` on this page (also from a widget's callback).

    A notice stays until the user moves on: it is shown on every run of the page (a save often reruns
    the page more than once, and a message shown only once flashes by) until another message takes its
    place, ``clear_notice`` is called, or another page opens (``forget_notices_of_other_pages``)."""
    st.session_state.setdefault(_NOTICES, {})[where] = (kind, text)


def rerun_with_notice(text: str, where: str = _NOTICE) -> None:
    """Rerun the page and show ``text`` as a success message where ``show_notice(where)`` is called."""
    set_notice(text, where)
    st.rerun()


def show_notice(where: str = _NOTICE) -> None:
    """The message of a change that reran the page (``change_and_rerun``), until the user moves on.
    ``where`` names another place on the page than its top (a panel further down)."""
    notice = st.session_state.get(_NOTICES, {}).get(where)
    if notice:
        kind, text = notice
        if kind == "success":
            st.success(text, icon=":material/check_circle:")
        else:
            st.error(text)


def clear_notice(where: str = _NOTICE) -> None:
    """The user moved on (started a new change): the message of the last one goes."""
    st.session_state.get(_NOTICES, {}).pop(where, None)


def forget_notices_of_other_pages(page: str) -> None:
    """Called by the navigation on every run: messages of the page the user left go."""
    if st.session_state.get(_PAGE) != page:
        st.session_state[_PAGE] = page
        st.session_state[_NOTICES] = {}


def typed_confirmation(
    form: str, label: str, button: str, *, key: str, button_key: str, max_chars: int
) -> str | None:
    """A form that asks to type something again before a change that cannot be undone (a delete);
    what was typed once the button is pressed, else None."""
    with st.form(form, border=False):
        typed = st.text_input(label, max_chars=max_chars, key=key)
        confirmed = st.form_submit_button(button, icon=":material/delete:", key=button_key)
    return typed if confirmed else None

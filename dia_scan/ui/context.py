"""Per-run access to the catalog and the database, with friendly errors instead of tracebacks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlite_utils import Database
from streamlit.errors import StreamlitAPIException

from .. import storage
from ..catalog import Catalog, CatalogError, load_catalog
from ..rounds import ServiceError


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
    """A fresh connection for this run (never used by two threads at once)."""
    try:
        return storage.connect()
    except storage.StorageError as err:
        st.error(str(err))
        st.stop()


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Show a user's mistake or a database problem as a Dutch message, never as a traceback."""
    try:
        yield
    except ServiceError as err:
        st.error(str(err))
    except storage.StorageError as err:
        st.error(str(err))


def page_link(page: str, **kwargs) -> None:
    """A link to another page of the app; left out where that page is not in the navigation (a page
    run on its own, as in page tests)."""
    try:
        st.page_link(page, **kwargs)
    except StreamlitAPIException:
        pass

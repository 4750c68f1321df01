"""Once per server process, before the first page: load every module and the questions, then freeze
what is loaded out of the garbage collector's sight.

Streamlit runs a full garbage collection after every script run (``runner.postScriptGC``), and a full
collection walks every object the process holds. The app's libraries (pandas, plotly, pydantic, the
parsed questions) are about 150,000 objects that live as long as the process; walking them again after
every click was most of the server's CPU per click. ``gc.freeze()`` moves the objects alive now into a
permanent generation that collections skip, so the collection after a click only walks what that click
made. Nothing is lost: what is frozen was never going to be collected.
"""

from __future__ import annotations

import gc
import importlib
import pkgutil

import streamlit as st

import dia_scan
from dia_scan.ui.common.context import catalog

#: Loaded by the command line only; a page never needs them.
_NOT_FOR_PAGES = ("dia_scan.admin",)


@st.cache_resource(show_spinner=False)
def prepare_process() -> int:
    """Import every module pages use, load the questions, freeze; returns how many objects were frozen."""
    for module in pkgutil.walk_packages(dia_scan.__path__, "dia_scan."):
        if not module.name.startswith(_NOT_FOR_PAGES):
            importlib.import_module(module.name)
    catalog()
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()

"""Handleiding: the guide for the trekker (docs/handleiding.md), as a page of the app, so a griffier on
a hosted installation can read it too. The file stays the one source; links to other files of the
documentation become plain text, as those files are not pages of the app."""

import re
from pathlib import Path

import streamlit as st

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "handleiding.md"


def guide_text() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    return re.sub(r"\[([^\]]+)\]\((?!https?://)[^)]+\)", r"\1", text)


try:
    st.markdown(guide_text())
except OSError:
    st.error(
        "De handleiding is niet gevonden bij deze installatie. Vraag de beheerder om hem terug te zetten."
    )

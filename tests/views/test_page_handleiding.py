"""The Handleiding page (AppTest): docs/handleiding.md as a page of the app."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "views" / "handleiding.py")


def test_the_guide_is_shown_whole_with_links_to_other_files_as_text():
    at = AppTest.from_file(PAGE, default_timeout=30).run()
    assert not at.exception
    (body,) = [m.value for m in at.markdown]
    assert body.startswith("# Handleiding voor de trekker")
    assert "### In een workshop" in body and "## De inclusiviteit-checklist" in body
    # a link to another file of the documentation is no page of the app: its text stays, the link goes
    assert "vragenlijst-wijzigingen.md](" in (ROOT / "docs" / "handleiding.md").read_text(encoding="utf-8")
    assert "](vragenlijst-wijzigingen.md)" not in body and "vragenlijst-wijzigingen.md" in body

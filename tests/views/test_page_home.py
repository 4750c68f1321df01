"""AppTest of the Start page: what DiA Scan is, how a scan goes, and the organisations and rounds."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dia_scan import storage
from dia_scan.core.text import markdown_safe

PAGE = str(Path(__file__).resolve().parents[2] / "views" / "home.py")


def _page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30).run()
    assert not at.exception, at.exception
    return at


def _markdown(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown)


def test_an_empty_installation_says_how_to_begin(db):
    at = _page()
    assert "Maak een ronde aan op 'Scan beheren'" in " ".join(i.value for i in at.info)
    assert [e.label for e in at.expander] == ["Zo organiseert u een Quick Scan"]
    steps = _markdown(at)
    for step in ("Voorbereiden.", "Startgesprek.", "Invullen.", "Bespreken.", "Verbeteragenda."):
        assert step in steps


def test_the_demo_lists_its_organisations_rounds_and_join_codes(demo):
    at = _page()
    text = _markdown(at)
    assert "**Demogemeente Lindewaard**" in text and "**Demogemeente Havenstede**" in text
    tables = [df.value for df in at.dataframe]
    assert tables and all({"Ronde", "Status", "Ingevuld", "Deelnamecode"} <= set(t.columns) for t in tables)
    codes = {code for t in tables for code in t["Deelnamecode"]}
    assert all(len(code) == 8 for code in codes), "demo rounds show their join code"
    # periods in Dutch dates; a round without an end date is open "vanaf" its start
    periods = {period for t in tables for period in t["Periode"]}
    assert "03-03-2025 t/m 28-03-2025" in periods and "vanaf 05-10-2026" in periods
    assert not [p for p in periods if "2025-" in p or "2026-" in p]


def test_real_organisations_are_not_listed_unless_the_installation_says_so(demo, catalog, monkeypatch):
    from dia_scan.quickscan import rounds

    org = storage.insert_organisation(demo, "Gemeente Echtdorp", "gemeente")
    rounds.create_round(demo, catalog, organisation_id=org, instrument_id="quickscan-gemeente", title="Echt")
    monkeypatch.delenv("DIA_SCAN_SHOW_ORGANISATIONS", raising=False)
    at = _page()
    text = _markdown(at)
    assert "Echtdorp" not in text and "Demogemeente Lindewaard" in text
    assert "Demo: organisaties en rondes" in [h.value for h in at.header]
    assert all("Echt" not in list(df.value["Ronde"]) for df in at.dataframe)
    # the service itself leaves them out, not only the page
    assert {o["name"] for o in rounds.overview(demo)} == {
        o.name for o in storage.list_organisations(demo) if o.demo
    }

    monkeypatch.setenv("DIA_SCAN_SHOW_ORGANISATIONS", "1")
    at = _page()
    assert "**Gemeente Echtdorp**" in _markdown(at)
    assert "Organisaties en rondes" in [h.value for h in at.header]


def test_a_real_organisation_keeps_its_join_codes_and_its_typed_name_is_text(db, catalog, monkeypatch):
    from dia_scan.quickscan import rounds

    monkeypatch.setenv("DIA_SCAN_SHOW_ORGANISATIONS", "1")

    name = "<b>Gemeente</b> **Vet** [link](http://x)"
    org = storage.insert_organisation(db, name, "gemeente", "Utrecht", ">= 250k")
    rounds.create_round(db, catalog, organisation_id=org, instrument_id="quickscan-gemeente", title="Ronde 1")
    at = _page()
    text = _markdown(at)
    assert f"**{markdown_safe(name)}**" in text, "the typed name is escaped, so it shows as typed"
    assert "<b>" not in text
    assert "250.000 inwoners of meer" in " ".join(c.value for c in at.caption)
    assert list(at.dataframe[0].value["Deelnamecode"]) == [""], "a real round's code is not listed"

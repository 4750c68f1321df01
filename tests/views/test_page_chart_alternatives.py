"""Every chart has a text alternative (AppTest, demo content): a plain-Dutch reading next to it, an alt
text for screen readers, and the same numbers as a table. The readings are checked against the tables,
so a reading that names the wrong theme or number fails.

Logins go through the forms (deelnamecode and beheercode of the demo), as a user would.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dia_scan import storage
from dia_scan.admin.demo import DEMO_BEHEERCODE
from dia_scan.compare import coordinators
from dia_scan.core import permits
from dia_scan.ui.compare import login as compare_login

VIEWS = Path(__file__).resolve().parents[2] / "views"
READING = "**Zo leest u de grafiek.** "
PASSWORD = "geheim-voor-de-test"


def page(name: str) -> AppTest:
    return AppTest.from_file(str(VIEWS / f"{name}.py"), default_timeout=60)


def as_text(markdown: str) -> str:
    """Markdown as escaped by ``safe``/``plain`` back to the characters a reader sees."""
    return re.sub(r"\\(.)", r"\1", markdown.replace("\u200b", ""))


def readings(at: AppTest, prefix: str = READING) -> list[str]:
    return [as_text(m.value[len(prefix) :]) for m in at.markdown if m.value.startswith(prefix)]


def tables(at: AppTest) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe]


def assert_every_chart_has_alt(at: AppTest) -> None:
    charts = at.get("plotly_chart")
    assert charts
    for chart in charts:
        assert len(chart.proto.alt) > 40, chart.proto.alt  # a description with the reading, not a word


def latest_round(conn, organisation: str) -> dict:
    org = next(o for o in storage.list_organisations(conn) if o.name == organisation)
    return storage.list_rounds(conn, org.id)[-1]


def login(at: AppTest, key: str, join_code: str, button: str | None = None) -> AppTest:
    at.run()
    at.text_input(key=f"{key}_code").input(join_code)
    at.text_input(key=f"{key}_secret").input(DEMO_BEHEERCODE)
    (next(b for b in at.button if b.label == button) if button else at.button[0]).click().run()
    assert not at.exception, at.exception
    return at


def check_radar_reading(reading: str, table: pd.DataFrame, first: str = "Thema") -> None:
    """'Het hoogst scoort X (n), het laagst Y (m).' must match the Totaal column of the table."""
    found = re.match(r"Het hoogst scoort (.+?) \((\d+)\), het laagst (.+?) \((\d+)\)\.", reading)
    assert found, reading
    totals = table.set_index(first)["Totaal"]
    assert found[1] == totals.idxmax() and int(found[2]) == totals.max()
    assert found[3] == totals.idxmin() and int(found[4]) == totals.min()


# -- Resultaten and Live --------------------------------------------------------------------------


def test_resultaten_radar_and_distributions_have_readings_tables_and_alt(demo):
    row = latest_round(demo, "Demogemeente Lindewaard")
    at = login(page("resultaten"), "resultaten", row.join_code)
    assert_every_chart_has_alt(at)
    check_radar_reading(readings(at)[0], tables(at)[0])

    # per theme: a reading of the answer bars, checked against the counts table of that theme
    shown = [r for r in readings(at) if r.startswith("Het vaakst eens")]
    counts = [t for t in tables(at) if "Groep" in t.columns and "% weet niet" in t.columns]
    assert len(shown) == len(counts) >= 8  # eight themes, and this round's maatwerkvragen
    for reading, table in zip(shown, counts, strict=True):
        found = re.match(
            r"Het vaakst eens: (.+?) bij ‘(.+?)’ \((\d+)% koos ‘eens’ of ‘helemaal eens’\)", reading
        )
        assert found, reading
        bar = table[(table["Groep"] == found[1]) & (table["Stelling"] == found[2])].iloc[0]
        options = [c for c in table.columns if c not in ("Stelling", "Groep", "% weet niet")]
        total = sum(int(bar[o]) for o in options)
        assert int(found[3]) == round(100 * (int(bar["Eens"]) + int(bar["Helemaal eens"])) / total)
        shares = (table["Eens"] + table["Helemaal eens"]) / table[options].sum(axis=1)
        assert (int(bar["Eens"]) + int(bar["Helemaal eens"])) / total == pytest.approx(shares.max())


def test_readings_never_name_a_group_under_k(demo):
    row = latest_round(demo, "Demogemeente Bergveld")  # 3 inwoners: under k
    at = login(page("resultaten"), "resultaten", row.join_code)
    said = readings(at) + readings(at, "**Zo leest u dit thema.** ")
    said += [chart.proto.alt for chart in at.get("plotly_chart")]
    assert len(said) >= 18
    # statements may mention inwoners ('Inwoners horen wat ...'): look outside the quoted statements
    assert not any("Inwoners" in re.sub(r"‘[^’]*’", "", text) for text in said)
    assert not any("Inwoners" in t.columns or "Inwoners" in set(t.get("Groep", [])) for t in tables(at))


def test_live_radar_has_its_table_folded_away(demo):
    row = latest_round(demo, "Demogemeente Havenstede")
    at = login(page("live"), "live", row.join_code)
    assert_every_chart_has_alt(at)
    assert "De cijfers van deze grafiek" in [e.label for e in at.expander]
    (table,) = [t for t in tables(at) if "Totaal" in t.columns]
    check_radar_reading(readings(at)[0], table)


# -- Terugkoppeling -------------------------------------------------------------------------------


def test_terugkoppeling_radar_has_a_table(demo):
    first = next(r for r in storage.list_rounds(demo) if r.title == "Quick Scan voorjaar 2025")
    storage.update_round(demo, first.id, summary_published=1)
    at = page("terugkoppeling")
    at.query_params["code"] = first.join_code
    at.run()
    assert not at.exception
    assert_every_chart_has_alt(at)
    assert "De cijfers van deze grafiek" in [e.label for e in at.expander]
    (table,) = tables(at)
    assert "Totaal" in table.columns and len(table) == 9  # a row per theme
    check_radar_reading(readings(at)[0], table)


# -- Organisatie ----------------------------------------------------------------------------------


def test_organisatie_line_chart_reading_matches_its_table(demo, catalog, monkeypatch):
    monkeypatch.delenv(coordinators.ENV_FILE, raising=False)
    row = latest_round(demo, "Demogemeente Lindewaard")
    at = login(page("organisatie"), "org_access", row.join_code, button="Openen")
    assert_every_chart_has_alt(at)
    reading = readings(at)[0]
    found = re.match(
        r"In de laatste ronde, (.+?), scoort (.+?) het hoogst \((\d+)\) en (.+?) het laagst \((\d+)\)\. "
        r"Het meest gestegen is (.+?): van (\d+) naar (\d+)",
        reading,
    )
    assert found, reading
    titles = {t.short: t.title for t in catalog.instruments[row.instrument_id].themes}
    history = next(t for t in tables(at) if t.columns[0] == "Thema" and "Totaal" in set(t["Thema"]))
    scores = history[history["Thema"] != "Totaal"].set_index("Thema")
    last = scores.columns[-1]
    assert last == found[1]
    assert scores.loc[titles[found[2]], last] == int(found[3]) == scores[last].max()
    assert scores.loc[titles[found[4]], last] == int(found[5]) == scores[last].min()
    risen = titles[found[6]]
    assert (scores.loc[risen, scores.columns[0]], scores.loc[risen, last]) == (int(found[7]), int(found[8]))
    change = scores[last] - scores[scores.columns[0]]
    assert scores.loc[risen, last] - scores.loc[risen, scores.columns[0]] == change.max()


# -- Vergelijken ----------------------------------------------------------------------------------


@pytest.fixture
def coordinator(tmp_path, monkeypatch) -> AppTest:
    path = tmp_path / "coordinators.toml"
    path.write_text(f'[coordinators]\nanna = "{coordinators.hash_password(PASSWORD)}"\n', encoding="utf-8")
    monkeypatch.setenv(coordinators.ENV_FILE, str(path))
    compare_login._throttle.clear()
    at = page("vergelijken")
    at.session_state["coordinator"] = "anna"
    at.session_state["coordinator_permit"] = permits.issue_coordinator("anna")  # as after the login
    return at


def test_vergelijken_heatmap_overlay_and_spread_readings(demo, coordinator):
    at = coordinator.run()
    assert not at.exception
    assert_every_chart_has_alt(at)

    heat = as_text(next(m.value for m in at.markdown if m.value.startswith("**Zo leest u de heatmap.**")))
    found = re.search(r"Het hoogste totaal heeft (.+?) \((\d+)\), het laagste (.+?) \((\d+)\)\.", heat)
    assert found, heat
    matrix = next(
        t for t in tables(at) if list(t.columns[-2:]) != ["Ronde", "Datum"] and "Totaal" in t.columns
    )
    assert list(matrix["Organisatie"]) == list(matrix.sort_values("Totaal", ascending=False)["Organisatie"])
    assert (matrix.iloc[0]["Organisatie"], matrix.iloc[0]["Totaal"]) == (found[1], int(found[2]))
    assert (matrix.iloc[-1]["Organisatie"], matrix.iloc[-1]["Totaal"]) == (found[3], int(found[4]))

    overlay, spread = readings(at)
    assert overlay.startswith("Demogemeente Bergveld scoort het hoogst bij ")
    assert "verschillen het meest bij" in overlay

    frame = next(t for t in tables(at) if "Mediaan" in t.columns)
    found = re.match(r"De organisaties lopen het verst uiteen bij (.+?): van (\d+) tot (\d+)\.", spread)
    assert found, spread
    widest = frame.loc[(frame["Hoogste"] - frame["Laagste"]).idxmax()]
    assert (widest["Thema"], widest["Laagste"], widest["Hoogste"]) == (found[1], int(found[2]), int(found[3]))


# -- Inclusiviteit --------------------------------------------------------------------------------


def _checklist_login(demo) -> tuple[AppTest, list[dict]]:
    process = next(p for p in storage.list_processes(demo) if p.name == "Wijkvisie Lindewaard-Noord")
    assessments = storage.list_assessments(demo, process.id)
    at = page("inclusiviteit").run()
    at.segmented_control(key="incl_view").set_value("processen").run()
    at.text_input(key="incl_login_code").input(assessments[-1].join_code)
    at.text_input(key="incl_login_secret").input(DEMO_BEHEERCODE)
    at.button(key="FormSubmitter:incl_login-Openen").click().run()
    assert not at.exception, at.exception
    return at, assessments


def test_inclusiviteit_result_and_over_time_readings(demo):
    at, assessments = _checklist_login(demo)
    assert_every_chart_has_alt(at)
    found = re.match(r"Het sterkst is (.+?) \((\d+)\), het zwakst (.+?) \((\d+)\)\.", readings(at)[0])
    assert found, readings(at)
    dims = next(t for t in tables(at) if "stoplicht" in t.columns)
    scores = dims[dims["dimensie"] != "Totaal"].set_index("dimensie")["score"]
    assert scores[found[1]] == int(found[2]) == scores.max()
    assert scores[found[3]] == int(found[4]) == scores.min()

    at.segmented_control(key=f"incl_sub_{assessments[-1].id}").set_value("tijd").run()
    assert not at.exception
    assert_every_chart_has_alt(at)
    reading = readings(at)[0]
    found = re.match(r"Het meest vooruit ging (.+?): van (\d+) naar (\d+)", reading)
    assert found, reading
    change = next(t for t in tables(at) if "verschil" in t.columns).set_index("onderdeel")
    row = change.loc[found[1]]
    assert (row["eerder"], row["nu"]) == (found[2], found[3])  # shown as text on screen

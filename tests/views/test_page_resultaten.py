"""The Resultaten page (AppTest): access, the radar and its table, anonymity, open answers as text."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dia_scan import storage
from dia_scan.admin.demo import DEMO_BEHEERCODE, build_demo
from dia_scan.core.records import Round
from dia_scan.core.text import markdown_safe
from dia_scan.quickscan import result_view as results_view
from dia_scan.quickscan import rounds
from tests.builders import new_round
from tests.conftest import managed, page_texts, round_permit

PAGE = str(Path(__file__).resolve().parents[2] / "views" / "resultaten.py")
BEHEERCODE = "TEST-BEHEER-CODE"
LEVEL = {"raad": 4, "college": 5, "organisatie": 3, "inwoners": 2}
#: Typed by a participant: must come out exactly like this, never as a link, bold text or HTML.
NASTY = "**vet** <b>html</b> [klik](https://example.org) :red[rood] $x^2$"


def make_round(db, catalog, organisation_id, sizes: dict[str, int], *, opens: dict[str, str] | None = None):
    """A round with ``sizes`` submitted responses per group; ``opens`` adds one open answer per group."""
    row = new_round(db, catalog, organisation_id, title="Testronde voorjaar", beheercode=BEHEERCODE)
    instrument = rounds.round_instrument(db, row)
    themes = [t.id for t in instrument.themes]
    for group, n in sizes.items():
        for i in range(n):
            answers = {
                s.id: (
                    "dk" if (i == 0 and s.id.startswith("raad_")) else max(1, min(5, LEVEL[group] - i % 2))
                )
                for _, s in instrument.statements_for(group)
            }
            draft = {"answers": answers, "priorities": themes[i % 3 : i % 3 + 2], "open": {}}
            if opens and group in opens and i == 0:
                draft["open"] = {"open_tip": opens[group]}
            rounds.submit_complete(db, row, group, draft)
    return storage.get_round(db, row.id)


def app(round_row: dict | None = None, **query) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    if round_row is not None:
        at.session_state["managed_rounds"] = managed(round_row)
        at.session_state["current_round"] = round_row.id
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_without_access_the_page_asks_for_the_codes(db_path, db, catalog, organisation_id):
    make_round(db, catalog, organisation_id, {"raad": 5})
    at = app()
    assert not at.exception
    assert not at.get("plotly_chart")
    assert at.text_input(key="resultaten_code") is not None
    assert any("beheercode" in t for t in page_texts(at))


def test_wrong_beheercode_gives_a_message_and_no_results(db_path, db, catalog, organisation_id):
    row = make_round(db, catalog, organisation_id, {"raad": 5})
    at = app()
    at.text_input(key="resultaten_code").input(row.join_code)
    at.text_input(key="resultaten_secret").input("FOUT-FOUT-FOUT")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["De combinatie van deelnamecode en beheercode klopt niet."]
    assert not at.get("plotly_chart")


def test_login_with_the_right_codes_shows_the_radar(db_path, db, catalog, organisation_id):
    row = make_round(db, catalog, organisation_id, {"raad": 5, "inwoners": 6})
    at = app()
    at.text_input(key="resultaten_code").input(row.join_code.lower())
    at.text_input(key="resultaten_secret").input(BEHEERCODE)
    at.button[0].click().run()
    assert not at.exception
    assert at.get("plotly_chart")
    radar = charts(at)[0]
    assert [t["name"] for t in radar["data"]] == ["Raad (n=5)", "Inwoners (n=6)", "Totaal", "50 = neutraal"]
    assert radar["layout"]["polar"]["radialaxis"]["range"] == [0, 100]


def test_radar_table_readings_and_sections(db_path, db, catalog, organisation_id):
    row = make_round(db, catalog, organisation_id, {"raad": 6, "college": 5, "organisatie": 5, "inwoners": 7})
    at = app(row)
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table.columns) == ["Thema", "Raad", "College", "Ambtelijke organisatie", "Inwoners", "Totaal"]
    assert len(table) == 9  # a row per theme
    said = " ".join(page_texts(at))
    assert "Zo leest u de grafiek" in said and "Het hoogst sco" in said
    assert "50 is neutraal" in said and "elke groep telt even zwaar" in said
    assert "niet representatief" in said
    assert "verschillen het meest bij" in said
    # per theme: one expander each, with a statement table, a distribution chart and the counts
    assert len(at.expander) >= 9
    assert any("Weet niet / n.v.t." in df.value.columns for df in at.dataframe)
    assert any("% weet niet" in df.value.columns for df in at.dataframe)
    kinds = {t["type"] for c in charts(at) for t in c["data"]}
    assert kinds == {"scatterpolar", "bar"}
    assert len(at.get("plotly_chart")) == 1 + 9 + 1  # radar, one distribution per theme, priorities


def test_kernwaarden_switch_changes_radar_and_table(db_path, db, catalog, organisation_id):
    row = make_round(db, catalog, organisation_id, {"raad": 5, "inwoners": 5})
    at = app(row)
    at.segmented_control(key="resultaten_perspective").set_value("kernwaarde").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert table.columns[0] == "Kernwaarde"
    instrument = catalog.instruments["quickscan-gemeente"]
    assert list(table["Kernwaarde"]) == [k.label for k in instrument.kernwaarden]
    radar = charts(at)[0]
    assert len(radar["data"][0]["r"]) == len(instrument.kernwaarden) + 1
    # where kernwaarden are offered, they are explained: what they are, and each one in a sentence
    (explained,) = [e for e in at.expander if e.label == "Wat zijn kernwaarden?"]
    words = " ".join(m.value for m in explained.markdown)
    assert "Kernwaarden zijn de waarden" in words and "gemiddelde van de stellingen" in words
    for kernwaarde in instrument.kernwaarden:
        assert f"**{kernwaarde.label}**: " in words and kernwaarde.description, kernwaarde.id


def _group_mentions_have_no_numbers(at: AppTest, label: str) -> None:
    for text in page_texts(at):
        for line in text.splitlines():
            if re.search(rf"\*\*{re.escape(label)}\*\*", line):
                assert not re.search(r"\d", line), line
    for chart in charts(at):
        for trace in chart["data"]:
            assert label not in str(trace.get("name", "")), trace.get("name")
            assert label not in [str(y) for y in trace.get("y", []) or []]
    for df in at.dataframe:
        assert label not in df.value.columns
        if "Groep" in df.value.columns:
            assert label not in set(df.value["Groep"])


def test_a_group_under_k_never_appears_with_numbers(db_path, db, catalog, organisation_id):
    row = make_round(db, catalog, organisation_id, {"raad": 5, "college": 5, "organisatie": 6, "inwoners": 3})
    at = app(row)
    assert not at.exception
    said = page_texts(at)
    assert any("**Inwoners**: te weinig deelnemers om apart te tonen" in t for t in said)
    _group_mentions_have_no_numbers(at, "Inwoners")


def test_a_small_binnenkant_group_is_only_shown_merged(db_path, db, catalog, organisation_id):
    row = make_round(db, catalog, organisation_id, {"raad": 6, "college": 2, "inwoners": 5})
    at = app(row)
    assert not at.exception
    radar = charts(at)[0]
    names = [t["name"] for t in radar["data"]]
    assert names == ["Binnenkant (samengevoegd) (n=8)", "Inwoners (n=5)", "Totaal", "50 = neutraal"]
    for label in ("Raad", "College"):
        _group_mentions_have_no_numbers(at, label)
    assert any("**College**: te weinig deelnemers om apart te tonen" in t for t in page_texts(at))


def test_open_answers_are_plain_text_and_small_groups_left_out(db_path, db, catalog, organisation_id):
    row = make_round(
        db,
        catalog,
        organisation_id,
        {"raad": 5, "college": 5, "inwoners": 2},
        opens={"raad": "De raad luistert goed.", "college": NASTY, "inwoners": "Alleen inwoners weten dit."},
    )
    at = app(row)
    assert not at.exception
    shown = [t.value for t in at.text]
    assert NASTY in shown and "De raad luistert goed." in shown
    # never rendered as markdown or HTML
    assert not any(NASTY in m.value for m in at.markdown)
    captions = [c.value for c in at.caption]
    assert "Raad" in captions and "College" in captions  # every shown answer carries its group
    # the inwoners (2) are under k: their answer is not there at all, and a note says why
    assert not any("Alleen inwoners" in t for t in page_texts(at))
    assert any(c.startswith("Open antwoorden van een groep die te klein is") for c in captions)


def test_participants_see_results_only_when_closed_and_allowed(db_path, db, catalog, organisation_id):
    row = make_round(db, catalog, organisation_id, {"raad": 5, "inwoners": 5})
    code = row.join_code

    at = app(code=code)  # open round
    assert not at.get("plotly_chart")
    assert any("gesloten" in i.value for i in at.info)

    rounds.set_published(db, round_permit(row), False)  # closed, but not released
    at = app(code=code)
    assert not at.get("plotly_chart")
    assert any("niet vrijgegeven" in i.value for i in at.info)
    # the facilitator can still log in: the code is filled in already
    assert at.text_input(key="resultaten_code").value == code

    rounds.set_results_for_participants(db, round_permit(row), True)
    at = app(code=code)
    assert not at.exception
    assert at.get("plotly_chart")
    assert any("als deelnemer" in c.value for c in at.caption)
    assert not any(w.label == "Beheercode" for w in at.text_input)  # no login needed


def test_unknown_code_in_the_address_is_explained(db_path, db, catalog, organisation_id):
    make_round(db, catalog, organisation_id, {"raad": 5})
    at = app(code="ZZZZZZZZ")
    assert not at.exception
    assert at.warning and "kennen we niet" in at.warning[0].value
    assert not at.get("plotly_chart")


def test_results_public_rule():
    row = Round(1, 1, "quickscan-gemeente", 1, "Ronde", "KX7M4RPA", 5, published=True)
    released = dataclasses.replace(row, results_for_participants=True)
    assert results_view.results_public(dataclasses.replace(released, closed_at="2026-01-01"))
    assert not results_view.results_public(released)
    assert not results_view.results_public(dataclasses.replace(row, closed_at="2026-01-01"))


@pytest.fixture
def demo(db, catalog):
    return build_demo(db, catalog)


def test_every_demo_round_renders(db_path, db, demo):
    for org in demo["organisations"]:
        for r in org["rounds"]:
            row = storage.get_round_by_code(db, r["join_code"])
            at = app(row)
            assert not at.exception, (org["name"], r["title"])
            assert not at.error
            assert at.get("plotly_chart")


def test_demo_round_with_previous_round_shows_the_change(db_path, db, demo):
    code = demo["organisations"][0]["rounds"][1]["join_code"]
    at = app(storage.get_round_by_code(db, code))
    change = [df.value for df in at.dataframe if "Vorige ronde" in df.value.columns]
    assert change and list(change[0].columns) == ["Thema", "Vorige ronde", "Deze ronde", "Verschil"]
    assert any("Verschil met de vorige ronde" in s.value for s in at.subheader)


def test_demo_login_via_the_form(db_path, db, demo):
    code = demo["organisations"][2]["rounds"][1]["join_code"]  # Bergveld: inwoners under k
    at = app()
    at.text_input(key="resultaten_code").input(code)
    at.text_input(key="resultaten_secret").input(DEMO_BEHEERCODE)
    at.button[0].click().run()
    assert not at.exception
    _group_mentions_have_no_numbers(at, "Inwoners")


def test_safe_markdown_shows_typed_text_as_is():

    out = markdown_safe("**vet** [klik](http://e.com) :material/home: :red[x] <b>y</b> a@b.nl $x$")
    for raw in ("**", "](", "<b>", "$x$", ":material/", ":red[", "http://", "a@b"):
        assert raw not in out, raw
    assert out.replace("\\", "").replace("\u200b", "") == (
        "**vet** [klik](http://e.com) :material/home: :red[x] <b>y</b> a@b.nl $x$"
    )


def test_the_code_of_one_round_shows_nothing_of_another(db, catalog, organisation_id):
    """A facilitator of round A who puts round B's join code in the address sees A, never B."""
    mine = make_round(db, catalog, organisation_id, {"raad": 5, "inwoners": 5})
    other_org = storage.insert_organisation(db, "Buurgemeente", "gemeente")
    theirs = make_round(db, catalog, other_org, {"raad": 5, "college": 5})
    storage.update_round(db, theirs.id, title="Ronde van de buren")
    at = app(mine, code=theirs.join_code)
    assert not at.exception
    words = " ".join(page_texts(at))
    assert "Buurgemeente" not in words and "Ronde van de buren" not in words
    assert "niet vrijgegeven" in words or "gesloten is" in words
    # the session cannot manage the other round by swapping the remembered round id either
    at.session_state["current_round"] = theirs.id
    at.run()
    assert not at.exception
    assert "Buurgemeente" not in " ".join(page_texts(at))


def test_who_took_part_tab_shows_the_over_u_answers_from_k(db_path, db, catalog, organisation_id):
    row = new_round(db, catalog, organisation_id)
    instrument = rounds.round_instrument(db, row)
    for i in range(8):  # one skips, five are 65 or older, two 18-29
        answers = {s.id: 3 for _, s in instrument.statements_for("inwoners")}
        about = {"leeftijd": "65-plus" if i <= 5 else "18-29"} if i else {}
        rounds.submit_complete(db, row, "inwoners", {"answers": answers, "background": about})
    at = app(row)
    assert not at.exception
    said = " ".join(page_texts(at)).replace("\\", "").replace("\u200b", "")
    assert "Over de deelnemers" in said
    assert "Inwoners: het vaakst gekozen is ‘65 jaar of ouder’ (63%)." in said
    assert "Nog te weinig antwoorden om te tonen bij" in said  # gender, opleiding, meedoen
    bars = [c for c in charts(at) if c["data"] and c["data"][0].get("orientation") == "h"]
    # legend names are wrapped over lines (<br>) so the legend fits a phone
    age = next(
        c for c in bars if any(t["name"].replace("<br>", " ") == "65 jaar of ouder" for t in c["data"])
    )
    shares = {t["name"].replace("<br>", " "): t["x"][0] for t in age["data"]}
    assert shares["65 jaar of ouder"] == pytest.approx(500 / 8)
    assert shares["18 tot 30 jaar"] == 0  # 2 people: under k, so in the grey rest with the one who skipped
    assert shares[results_view.rest_label(5)] == pytest.approx(300 / 8)
    table = next(df.value for df in at.dataframe if "65 jaar of ouder" in df.value.columns)
    assert list(table["18 tot 30 jaar"]) == ["minder dan 5"]

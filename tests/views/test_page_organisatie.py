"""The Organisatie page (AppTest): access, the profile form, scores over time, this round against the last."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dia_scan import storage
from dia_scan.admin.demo import DEMO_BEHEERCODE
from dia_scan.compare import coordinators
from dia_scan.compare import history as compare_history
from dia_scan.compare import view as compare_view
from dia_scan.core import permits
from dia_scan.core.text import markdown_safe
from dia_scan.output import charts as plotly_charts
from tests.conftest import managed, page_texts

PAGE = str(Path(__file__).resolve().parents[2] / "views" / "organisatie.py")


@pytest.fixture
def demo(demo, monkeypatch):
    """The shared demo copy, without a coordinator accounts file from the environment."""
    monkeypatch.delenv(coordinators.ENV_FILE, raising=False)
    return demo


def latest_round(conn, name: str) -> dict:
    org = next(o for o in storage.list_organisations(conn) if o.name == name)
    return storage.list_rounds(conn, org.id)[-1]


def charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def managing(round_row: dict) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["managed_rounds"] = managed(round_row)
    at.session_state["current_round"] = round_row.id
    return at.run()


def test_asks_for_the_codes_first(demo):
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert [t.label for t in at.text_input] == ["Deelnamecode", "Beheercode"]
    assert not at.get("plotly_chart")
    assert not at.expander  # no coordinators set up: no coordinator login offered


def test_login_with_the_codes_of_a_round(demo):
    row = latest_round(demo, "Demogemeente Lindewaard")
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.text_input(key="org_access_code").input(row.join_code)
    at.text_input(key="org_access_secret").input(DEMO_BEHEERCODE)
    next(b for b in at.button if b.label == "Openen").click().run()
    assert not at.exception
    assert "Demogemeente Lindewaard" in page_texts(at)


def test_history_radar_changes_and_previous_agenda(demo):
    at = managing(latest_round(demo, "Demogemeente Lindewaard"))
    assert not at.exception
    words = " ".join(page_texts(at))
    assert "Scores door de tijd" in words and "Deze ronde tegenover de vorige" in words
    assert "Over 2 rondes is de gemiddelde score" in words
    kinds = [c["data"][0]["type"] for c in charts(at)]
    assert kinds == ["scatter", "bar", "scatterpolar", "bar"]  # over time, who took part, radar, changes
    over_time = charts(at)[0]
    assert len(over_time["data"]) == 9 + 1  # a line per theme and the total
    radar = charts(at)[2]
    assert radar["data"][0]["line"]["dash"] == "dash"  # the previous round
    assert radar["data"][0]["name"].startswith("Vorige: Quick Scan voorjaar 2025")
    # the verbeteragenda of the previous round, with how its theme moved
    assert "Verbeteragenda van de vorige ronde" in words
    assert "Raadsinformatie in gewone taal" in words
    assert "sinds de vorige ronde" in words
    tables = [d.value for d in at.dataframe]
    per_group = next(t for t in tables if "Raad" in t.columns)
    assert {"Raad", "College", "Inwoners"} <= set(per_group.columns)


def test_who_took_part_round_by_round(demo):
    conn = demo
    row = latest_round(conn, "Demogemeente Lindewaard")
    at = managing(row)
    assert not at.exception
    assert "Wie deden mee, per ronde" in page_texts(at)
    picker = at.selectbox(key="org_background_pick")
    assert picker.options[:2] == ["Hoe oud bent u?", "Bent u een man, een vrouw of iets anders?"]
    trends = compare_history.background_history(
        conn, row.organisation_id, row.instrument_id, permit=permits.issue_coordinator("test")
    )
    expected = compare_view.background_trend_view(trends[0])
    words = " ".join(page_texts(at))
    assert (
        markdown_safe(expected.reading) in words and "tegen" in expected.reading
    )  # compared with the round before
    chart = charts(at)[1]
    rounds_drawn = {y.replace("<br>", " ") for trace in chart["data"] for y in trace["y"]}  # names wrap
    assert rounds_drawn == {r.group for r in expected.rows} and len(rounds_drawn) == 2
    # another question: distinct colours for gender, and the table behind it
    picker.set_value("gender").run()
    assert not at.exception
    gender = compare_view.background_trend_view(trends[1])
    assert markdown_safe(gender.reading) in " ".join(page_texts(at))
    assert charts(at)[1]["data"][0]["marker"]["color"] == plotly_charts.CATEGORY_COLOURS[0]
    table = next(d.value for d in at.dataframe if "Ronde" in d.value.columns and "Vrouw" in d.value.columns)
    cells = [c for c in table[["Vrouw", "Man", "Iets anders"]].to_numpy().ravel() if c != "minder dan 5"]
    assert cells and all(int(c.split()[0]) >= 5 for c in cells)  # nothing under k


def test_a_group_under_k_is_not_compared(demo):
    at = managing(latest_round(demo, "Demogemeente Bergveld"))  # 3 inwoners in the latest round
    assert not at.exception
    tables = [d.value for d in at.dataframe]
    per_group = next(t for t in tables if "Raad" in t.columns)
    assert "Inwoners" not in per_group.columns
    assert any("andere groepen getoond" in c for c in page_texts(at))


def test_profile_can_be_edited(demo):
    row = latest_round(demo, "Demogemeente Lindewaard")
    at = managing(row)
    form = f"profile_{row.organisation_id}"
    boxes = (
        [s for s in at.selectbox if s.form_id == form]
        if hasattr(at.selectbox[0], "form_id")
        else at.selectbox
    )
    province = next(s for s in boxes if s.label == "Provincie")
    province.set_value("Overijssel")
    size = next(s for s in boxes if s.label.startswith("Aantal inwoners"))
    size.set_value("50-100k")
    next(s for s in boxes if s.label == "Stedelijkheid (CBS)").set_value(2)
    next(t for t in at.text_input if t.label.startswith("Labels")).input("Kernen, Water , kernen")
    next(b for b in at.button if b.label == "Profiel opslaan").click().run()
    assert not at.exception
    stored = storage.get_organisation(demo, row.organisation_id)
    assert (stored.province, stored.size_class, stored.tags, stored.urbanisation) == (
        "Overijssel",
        "50-100k",
        ("kernen", "water"),
        2,
    )
    assert any("opgeslagen" in s.value for s in at.success)
    assert any("sterk stedelijk" in t for t in page_texts(at))


def test_an_organisation_code_is_made_shown_once_and_proves_the_organisation(demo, catalog, monkeypatch):
    from dia_scan.common import organisations
    from dia_scan.quickscan import rounds

    monkeypatch.setattr("dia_scan.common.code_access.time.sleep", lambda _: None)
    row = latest_round(demo, "Demogemeente Lindewaard")
    at = managing(row)
    make = f"org_code_{row.organisation_id}_make"
    at.button(key=make).click().run()
    assert not at.exception
    [code] = [c.value for c in at.code]
    assert "maar één keer" in " ".join(w.value for w in at.warning)
    # the code proves the organisation when a colleague sets up a new round
    choice = organisations.Choice(name="Demogemeente Lindewaard", type="gemeente")
    created = rounds.set_up_round(
        demo,
        catalog,
        organisation=choice,
        proof_code=code,
        instrument_id="quickscan-gemeente",
        title="Najaar",
    )
    assert created.permit.organisation_id == row.organisation_id
    at.button(key=f"org_code_{row.organisation_id}_ack").click().run()
    assert not at.code and any("Er is al een organisatiecode" in t for t in page_texts(at))


def test_too_many_tags_give_a_message_and_store_nothing(demo):
    row = latest_round(demo, "Demogemeente Lindewaard")
    at = managing(row)
    next(t for t in at.text_input if t.label.startswith("Labels")).input(",".join(f"t{i}" for i in range(12)))
    next(b for b in at.button if b.label == "Profiel opslaan").click().run()
    assert not at.exception
    assert any("hoogstens 10 labels" in e.value for e in at.error)
    assert storage.get_organisation(demo, row.organisation_id).tags == ("plattelandsgemeente", "kernen")


def test_coordinator_sees_every_organisation(demo, tmp_path, monkeypatch):
    path = tmp_path / "c.toml"
    path.write_text(f'[coordinators]\nanna = "{coordinators.hash_password("geheim-voor-de-test")}"\n')
    monkeypatch.setenv(coordinators.ENV_FILE, str(path))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert [e.label for e in at.expander][0].startswith("Bent u coördinator?")
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["coordinator"] = "anna"
    at.session_state["coordinator_permit"] = permits.issue_coordinator("anna")  # as after the login
    at.run()
    assert not at.exception
    names = {o.id: o.name for o in storage.list_organisations(demo)}
    waterschap = next(i for i, n in names.items() if n.startswith("Demowaterschap"))
    at.selectbox(key="org_pick").set_value(waterschap).run()
    assert not at.exception
    words = " ".join(page_texts(at))
    assert "Demowaterschap De Brede Stroom" in words
    radar = charts(at)[2]
    assert "Sterk algemeen bestuur" in " ".join(radar["data"][0]["theta"]).replace("<br>", " ")
    tables = [d.value for d in at.dataframe]
    per_group = next(t for t in tables if "Ingezetenen" in t.columns)
    assert "Dagelijks bestuur" not in per_group.columns  # merged in the first round: not compared apart


# -- coordinators through single sign-on (st.login) -------------------------------------------------

SSO_BUTTON = "Inloggen met uw organisatie-account"
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "een-willekeurige-test-sleutel",
    "client_id": "test-client",
    "client_secret": "test-geheim",
    "server_metadata_url": "https://idp.example.org/.well-known/openid-configuration",
}


def with_sso(user: dict | None = None) -> AppTest:
    """Single sign-on set up in the secrets, for anna@vng.nl only; no password accounts."""
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.secrets["auth"] = AUTH
    at.secrets["coordinators_sso"] = {"emails": ["anna@vng.nl"]}
    if user is not None:
        at.user = user
    return at.run()


def test_the_sso_button_is_offered_to_coordinators(demo):
    at = with_sso()
    assert not at.exception
    assert [e.label for e in at.expander][0].startswith("Bent u coördinator?")
    assert SSO_BUTTON in [b.label for b in at.button]
    assert [t.label for t in at.text_input] == ["Deelnamecode", "Beheercode"]  # no password form


def test_an_allowlisted_account_sees_every_organisation(demo):
    at = with_sso({"is_logged_in": True, "email": "anna@vng.nl", "email_verified": True})
    assert not at.exception
    assert len(at.selectbox(key="org_pick").options) == len(storage.list_organisations(demo))
    assert "Deelnamecode" not in [t.label for t in at.text_input]  # no codes asked
    assert any("Ingelogd als coördinator" in c for c in page_texts(at))


def test_another_account_is_told_so_and_still_gets_the_codes_form(demo):
    at = with_sso({"is_logged_in": True, "email": "bert@example.org"})
    assert not at.exception
    assert any("Dit account heeft geen toegang" in e.value for e in at.error)
    assert at.expander[0].proto.expanded  # opened, so the message is seen
    assert [t.label for t in at.text_input] == ["Deelnamecode", "Beheercode"]
    next(b for b in at.button if b.label == "Uitloggen").click().run()
    assert at.user == {"is_logged_in": False}

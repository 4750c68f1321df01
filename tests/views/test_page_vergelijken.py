"""The Vergelijken page (AppTest): set-up help, login, the dashboard, filters, k, overlay and benchmark."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dia_scan import storage
from dia_scan.admin.demo import build_demo
from dia_scan.compare import coordinators
from dia_scan.core import permits
from dia_scan.core.text import markdown_safe
from dia_scan.ui.compare import login as compare_login
from tests.conftest import page_texts

PAGE = str(Path(__file__).resolve().parents[2] / "views" / "vergelijken.py")
PASSWORD = "geheim-voor-de-test"


@pytest.fixture(scope="module")
def password_hash() -> str:
    return coordinators.hash_password(PASSWORD)


@pytest.fixture
def accounts_file(tmp_path, monkeypatch, password_hash) -> Path:
    path = tmp_path / "coordinators.toml"
    path.write_text(f'[coordinators]\nanna = "{password_hash}"\n', encoding="utf-8")
    monkeypatch.setenv(coordinators.ENV_FILE, str(path))
    compare_login._throttle.clear()  # failed logins of other tests do not count here
    return path


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory, catalog) -> Path:
    """The demo gemeenten, provincie and waterschap, built once and copied for each test."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    conn = storage.connect(path)
    build_demo(conn, catalog)  # includes the provincie and waterschap of demo_other
    conn.close()
    return path


@pytest.fixture
def demo(demo_file, db_path):
    shutil.copy(demo_file, db_path)
    conn = storage.connect(db_path)
    yield conn
    conn.close()


def charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def table(at: AppTest):
    return at.dataframe[0].value


def logged_in() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["coordinator"] = "anna"
    at.session_state["coordinator_permit"] = permits.issue_coordinator("anna")  # as after the login
    return at.run()


def test_without_accounts_the_page_explains_the_setup(demo, monkeypatch):
    monkeypatch.delenv(coordinators.ENV_FILE, raising=False)
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    words = " ".join(page_texts(at))
    assert "nog geen coördinatoren ingesteld" in words
    assert "dia-scan hash-password" in words
    assert not at.dataframe and not at.text_input


def test_broken_accounts_file_is_explained(demo, tmp_path, monkeypatch):
    path = tmp_path / "bad.toml"
    path.write_text('[coordinators]\nanna = "geen-hash"\n', encoding="utf-8")
    monkeypatch.setenv(coordinators.ENV_FILE, str(path))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert any("niet goed ingesteld" in e.value for e in at.error)


def test_login_refuses_a_wrong_password_and_accepts_the_right_one(demo, accounts_file):
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.dataframe
    at.text_input(key="coordinator_login_name").input("anna")
    at.text_input(key="coordinator_login_password").input("verkeerd")
    next(b for b in at.button if b.label == "Inloggen").click().run()
    assert any("klopt niet" in e.value for e in at.error)
    assert not at.dataframe
    at.text_input(key="coordinator_login_password").input(PASSWORD)
    next(b for b in at.button if b.label == "Inloggen").click().run()
    assert not at.exception
    assert at.session_state["coordinator"] == "anna"
    assert "Overzicht" in page_texts(at)


def test_repeated_failures_block_the_name(demo, accounts_file, monkeypatch):
    monkeypatch.setattr(compare_login.time, "sleep", lambda seconds: None)
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    for _ in range(5):
        at.text_input(key="coordinator_login_name").input("anna")
        at.text_input(key="coordinator_login_password").input("verkeerd")
        next(b for b in at.button if b.label == "Inloggen").click().run()
    at.text_input(key="coordinator_login_password").input(PASSWORD)
    next(b for b in at.button if b.label == "Inloggen").click().run()
    assert any("Te veel verkeerde pogingen" in e.value for e in at.error)
    assert "coordinator" not in at.session_state


def test_dashboard_table_heatmap_overlay_and_spread(demo, accounts_file):
    at = logged_in()
    assert not at.exception
    assert at.selectbox(key="cmp_instrument").value == "quickscan-gemeente"  # most organisations first
    frame = table(at)
    assert list(frame["Organisatie"]) == [
        "Demogemeente Bergveld",
        "Demogemeente Havenstede",
        "Demogemeente Lindewaard",
    ]
    assert "Demoprovincie Midden-Veenland" not in set(frame["Organisatie"])  # never mixed
    figures = charts(at)
    assert [f["data"][0]["type"] for f in figures] == ["heatmap", "scatterpolar", "box"]
    radar = figures[1]
    assert [t["name"] for t in radar["data"]] == ["Demogemeente Bergveld", "Demogemeente Havenstede"]
    words = " ".join(page_texts(at))
    assert "Van de 3 organisaties" in words


def test_filters_narrow_the_table(demo, accounts_file):
    at = logged_in()
    at.multiselect(key="cmp_f_provinces").select("Limburg").run()
    assert list(table(at)["Organisatie"]) == ["Demogemeente Bergveld"]
    assert any("1 van de 3 organisaties" in c.value for c in at.caption)
    at.multiselect(key="cmp_f_provinces").unselect("Limburg").run()
    at.multiselect(key="cmp_f_tags").select("stedelijk").run()
    assert list(table(at)["Organisatie"]) == ["Demogemeente Havenstede"]


def test_a_group_under_k_stays_empty(demo, accounts_file):
    at = logged_in()
    at.selectbox(key="cmp_perspective").set_value("inwoners").run()
    frame = table(at).set_index("Organisatie")
    # Bergveld's latest round had 3 inwoners: no score, no count (an empty cell, never "None")
    assert (
        frame.loc["Demogemeente Bergveld"].drop(
            ["Type", "Provincie", "Grootteklasse", "Labels", "Ronde", "Datum"]
        )
        == ""
    ).all()
    assert str(frame.loc["Demogemeente Havenstede", "Respondenten"]) == "96"


def test_benchmark_lines(demo, accounts_file):
    at = logged_in()
    at.radio(key="cmp_benchmark").set_value("alle").run()
    radar = charts(at)[1]
    assert radar["data"][-1]["name"] == "Alle organisaties (gemiddelde van 3)"
    assert radar["data"][-1]["line"]["dash"] == "dash"
    at.radio(key="cmp_benchmark").set_value("grootteklasse").run()
    assert charts(at)[1]["data"][-1]["name"].startswith("Grootteklasse &lt; 20k")  # plotly text, escaped
    at.radio(key="cmp_benchmark").set_value("zelf").run()
    assert any("Kies de organisaties voor de benchmark" in e.value for e in at.info)
    names = {o.id: o.name for o in storage.list_organisations(demo)}
    lindewaard = next(i for i, n in names.items() if n == "Demogemeente Lindewaard")
    at.multiselect(key="cmp_bench_pick").select(lindewaard).run()
    assert charts(at)[1]["data"][-1]["name"] == "Gekozen organisaties (gemiddelde van 1)"
    assert not at.exception


def test_other_instruments_and_the_period(demo, accounts_file):
    at = logged_in()
    at.selectbox(key="cmp_instrument").set_value("quickscan-waterschap").run()
    assert list(table(at)["Organisatie"]) == ["Demowaterschap De Brede Stroom"]
    labels = [o for o in at.selectbox(key="cmp_perspective").options]
    assert "Dagelijks bestuur" in labels and "Raad" not in labels
    at.selectbox(key="cmp_instrument").set_value("quickscan-gemeente").run()
    import datetime as dt

    at.date_input(key="cmp_period_quickscan-gemeente").set_value(
        (dt.date(2025, 3, 3), dt.date(2025, 12, 31))
    ).run()
    assert set(table(at)["Ronde"]) == {"Quick Scan voorjaar 2025"}


def test_names_are_shown_as_text(demo, accounts_file):
    nasty = "**Vet** <b>x</b> [link](https://example.org)"
    org = storage.list_organisations(demo)[0]
    storage.update_organisation(demo, org.id, name=nasty)
    at = logged_in()
    assert not at.exception
    assert nasty in set(table(at)["Organisatie"])  # a dataframe cell is plain text
    markdown = [t for t in page_texts(at) if "Vet" in t]
    assert markdown, "the reading names the organisation"
    assert all("**Vet**" not in t and "<b>" not in t for t in markdown)  # escaped, never bold or HTML
    heatmap = charts(at)[0]
    assert "&lt;b&gt;" in " ".join(heatmap["data"][0]["y"])  # plotly would render a raw <b>


# -- single sign-on (st.login) ---------------------------------------------------------------------

SSO_BUTTON = "Inloggen met uw organisatie-account"
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "een-willekeurige-test-sleutel",
    "microsoft": {
        "client_id": "test-client",
        "client_secret": "test-geheim",
        "server_metadata_url": "https://login.microsoftonline.com/tenant/v2.0/.well-known/openid-configuration",
    },
}


@pytest.fixture
def sso_file(accounts_file) -> Path:
    """The password account anna, and single sign-on for anna@vng.nl and everyone at ipo.nl."""
    with accounts_file.open("a", encoding="utf-8") as out:
        out.write('\n[coordinators_sso]\nemails = ["anna@vng.nl"]\ndomains = ["ipo.nl"]\n')
    return accounts_file


@pytest.fixture
def login_calls(monkeypatch) -> list:
    """st.login redirects the browser to the identity provider; here it only records the provider."""
    calls = []
    monkeypatch.setattr(st, "login", lambda provider=None: calls.append(provider))
    return calls


def with_sso(user: dict | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.secrets["auth"] = AUTH
    if user is not None:
        at.user = user
    return at.run()


def buttons(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


def test_without_auth_there_is_no_sso_button(demo, sso_file):
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert SSO_BUTTON not in buttons(at)
    assert "Inloggen" in buttons(at)  # the password login as before


def test_with_auth_the_sso_button_starts_the_login(demo, sso_file, login_calls):
    at = with_sso()
    assert not at.exception
    assert SSO_BUTTON in buttons(at)
    assert "Inloggen" in buttons(at)  # the password login stays, side by side
    next(b for b in at.button if b.label == SSO_BUTTON).click().run()
    assert login_calls == ["microsoft"]  # the one provider configured as [auth.microsoft]
    assert not at.dataframe


def test_an_allowlisted_account_is_a_coordinator_and_logs_out_with_st_logout(demo, sso_file):
    at = with_sso({"is_logged_in": True, "email": "Anna@VNG.nl", "email_verified": True})
    assert not at.exception
    assert f"Ingelogd als coördinator: {markdown_safe('anna@vng.nl')}" in page_texts(
        at
    )  # shown as plain text
    assert "Overzicht" in page_texts(at)
    next(b for b in at.button if b.label == "Uitloggen").click().run()
    assert not at.exception
    assert at.user == {"is_logged_in": False}  # st.logout cleared the identity
    assert not at.dataframe
    assert SSO_BUTTON in buttons(at)


def test_a_whole_domain_can_be_allowed(demo, sso_file):
    at = with_sso({"is_logged_in": True, "email": "bert@ipo.nl"})
    assert not at.exception
    assert f"Ingelogd als coördinator: {markdown_safe('bert@ipo.nl')}" in page_texts(at)


@pytest.mark.parametrize(
    "user",
    [
        {"is_logged_in": True, "email": "bert@vng.nl"},  # not listed
        {"is_logged_in": True, "email": "anna@vng.nl", "email_verified": False},  # not verified
        {"is_logged_in": True, "name": "Anna zonder e-mail"},  # no address at all
    ],
)
def test_another_account_gets_no_access_and_can_log_out(demo, sso_file, user):
    at = with_sso(user)
    assert not at.exception
    assert any("Dit account heeft geen toegang tot Vergelijken" in e.value for e in at.error)
    assert not at.dataframe
    assert "coordinator" not in at.session_state
    next(b for b in at.button if b.label == "Uitloggen").click().run()
    assert at.user == {"is_logged_in": False}
    assert SSO_BUTTON in buttons(at)
    assert not at.error


def test_sso_only_from_the_secrets(demo, monkeypatch, login_calls):
    monkeypatch.delenv(coordinators.ENV_FILE, raising=False)
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.secrets["auth"] = AUTH | {"okta": AUTH["microsoft"]}
    at.secrets["coordinators_sso"] = {"domains": ["vng.nl"], "provider": "okta"}
    at.run()
    assert not at.exception
    assert "nog geen coördinatoren ingesteld" not in " ".join(page_texts(at))
    assert buttons(at) == [SSO_BUTTON]  # no password accounts: no password form
    assert not at.text_input
    next(b for b in at.button if b.label == SSO_BUTTON).click().run()
    assert login_calls == ["okta"]


def test_broken_sso_setup_is_explained_and_the_password_login_still_works(demo, accounts_file):
    at = with_sso()  # [auth] but no [coordinators_sso]: nobody could get in that way
    assert not at.exception
    assert any("organisatie-account werkt nog niet" in w.value for w in at.warning)
    assert SSO_BUTTON not in buttons(at)
    at.text_input(key="coordinator_login_name").input("anna")
    at.text_input(key="coordinator_login_password").input(PASSWORD)
    next(b for b in at.button if b.label == "Inloggen").click().run()
    assert at.session_state["coordinator"] == "anna"
    assert "Overzicht" in page_texts(at)

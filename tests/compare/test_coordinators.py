"""Coordinator accounts: hashed passwords, where accounts come from, slowed-down failed logins."""

from __future__ import annotations

import io
import sys

import pytest

from dia_scan.admin import cli
from dia_scan.compare import coordinators

PASSWORD = "een-lang-wachtwoord"


@pytest.fixture(scope="module")
def hashed() -> str:
    return coordinators.hash_password(PASSWORD)


def test_hash_and_verify(hashed):
    assert hashed.startswith("scrypt$16384$8$1$")
    assert coordinators.verify_password(PASSWORD, hashed)
    assert not coordinators.verify_password(PASSWORD.upper(), hashed)  # case sensitive
    assert coordinators.hash_password(PASSWORD) != hashed  # a fresh salt each time
    for broken in ("", "plain", "scrypt$x$y$z$00$00", "bcrypt$1$2$3$00$00"):
        assert not coordinators.verify_password(PASSWORD, broken)


def test_short_passwords_are_refused():
    with pytest.raises(ValueError, match="12 tot 200"):
        coordinators.hash_password("kort")


def test_check_login(hashed):
    accounts = {"anna": hashed}
    assert coordinators.check_login(accounts, "anna", PASSWORD)
    assert coordinators.check_login(accounts, " anna ", PASSWORD)
    assert not coordinators.check_login(accounts, "anna", "verkeerd-wachtwoord")
    assert not coordinators.check_login(accounts, "bert", PASSWORD)
    assert not coordinators.check_login(accounts, "", "")


def test_accounts_from_secrets_or_file(tmp_path, hashed):
    assert coordinators.load_accounts(None, environ={}) is None
    assert coordinators.load_accounts({"other": 1}, environ={}) is None
    assert coordinators.load_accounts({"coordinators": {}}, environ={}) is None  # empty, as in the example
    assert coordinators.load_accounts({"coordinators": {"anna": hashed}}, environ={}) == {"anna": hashed}
    path = tmp_path / "coordinators.toml"
    path.write_text(f'[coordinators]\nbert = "{hashed}"\n', encoding="utf-8")
    env = {coordinators.ENV_FILE: str(path)}
    # the file wins over the secrets
    assert coordinators.load_accounts({"coordinators": {"anna": hashed}}, environ=env) == {"bert": hashed}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[coordinators]\nanna = "wachtwoord"\n', "geen geldige wachtwoord-hash"),
        ("[coordinators\n", "geen geldige TOML"),
        ('coordinators = "x"\n', "namen met een wachtwoord-hash"),
    ],
)
def test_broken_setup_is_explained(tmp_path, content, message):
    path = tmp_path / "c.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(coordinators.SetupError, match=message):
        coordinators.load_accounts(None, environ={coordinators.ENV_FILE: str(path)})
    with pytest.raises(coordinators.SetupError, match="niet te lezen"):
        coordinators.load_accounts(None, environ={coordinators.ENV_FILE: str(tmp_path / "missing.toml")})


def test_throttle_slows_down_then_blocks():
    now = [1000.0]
    throttle = coordinators.LoginThrottle(
        step=0.5, max_delay=3, limit=3, block_seconds=60, clock=lambda: now[0]
    )
    assert throttle.wait_seconds("anna") == 0
    assert throttle.failed("Anna") == 0.5
    assert throttle.failed("anna ") == 1.0
    throttle.failed("anna")  # third failure: blocked
    assert throttle.wait_seconds("ANNA") == 60
    assert throttle.wait_seconds("bert") == 0  # per name
    now[0] += 61
    assert throttle.wait_seconds("anna") == 0
    throttle.failed("anna")
    throttle.succeeded("anna")
    assert throttle.failed("anna") == 0.5  # counting starts again after a success


def test_cli_hash_password(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    assert cli.main(["hash-password", "--name", "anna", "--stdin"]) == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    name, _, value = line.partition(" = ")
    assert name == "anna"
    assert coordinators.verify_password(PASSWORD, value.strip('"'))
    monkeypatch.setattr(sys, "stdin", io.StringIO("kort\n"))
    assert cli.main(["hash-password", "--stdin"]) == 1
    assert "12 tot 200" in capsys.readouterr().err


def test_cli_hash_password_asks_twice(monkeypatch, capsys):
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr(coordinators.getpass, "getpass", lambda prompt="": next(answers))
    assert cli.main(["hash-password"]) == 1
    assert "niet gelijk" in capsys.readouterr().err


# -- single sign-on -------------------------------------------------------------------------------

ALLOW = coordinators.SsoAllowlist(emails=frozenset({"anna@vng.nl"}), domains=frozenset({"ipo.nl"}))


def signed_in(email, **claims) -> dict:
    return {"is_logged_in": True, "email": email, **claims}


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        (signed_in("anna@vng.nl"), "anna@vng.nl"),  # listed address
        (signed_in(" Anna@VNG.nl "), "anna@vng.nl"),  # case and spaces do not matter
        (signed_in("bert@ipo.nl"), "bert@ipo.nl"),  # listed domain
        (signed_in("Bert@IPO.NL"), "bert@ipo.nl"),
        (signed_in("bert@vng.nl"), None),  # domain vng.nl is not listed, only anna
        (signed_in("bert@sub.ipo.nl"), None),  # no subdomains
        (signed_in("bert@evil-ipo.nl"), None),
        (signed_in("ipo.nl@evil.com"), None),
        (signed_in("anna@vng.nl@evil.com"), None),
        (signed_in("anna@vng.nl", email_verified=True), "anna@vng.nl"),
        (signed_in("anna@vng.nl", email_verified="true"), "anna@vng.nl"),
        (signed_in("anna@vng.nl", email_verified=False), None),  # the provider says: not verified
        (signed_in("anna@vng.nl", email_verified="false"), None),
        (signed_in("anna@vng.nl", email_verified=None), None),
        (signed_in(None), None),  # no e-mail address at all
        (signed_in(""), None),
        ({"is_logged_in": True, "name": "Anna"}, None),
        ({"is_logged_in": False, "email": "anna@vng.nl"}, None),  # not logged in
        ({"email": "anna@vng.nl"}, None),  # no [auth]: st.user may still carry an address
        ({"is_logged_in": "true", "email": "anna@vng.nl"}, None),
    ],
)
def test_sso_coordinator(user, expected):
    assert coordinators.sso_coordinator(user, ALLOW) == expected


def test_sso_with_an_empty_allowlist_admits_nobody():
    assert coordinators.sso_coordinator(signed_in("anna@vng.nl"), coordinators.SsoAllowlist()) is None
    assert coordinators.sso_coordinator(signed_in("anna@vng.nl"), None) is None


def test_parse_sso_allowlist():
    allow = coordinators.parse_sso_allowlist({"emails": ["Anna@VNG.nl "], "domains": ["IPO.nl", "@uvw.nl"]})
    assert allow.emails == {"anna@vng.nl"}
    assert allow.domains == {"ipo.nl", "uvw.nl"}
    assert not coordinators.parse_sso_allowlist({})


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ("anna@vng.nl", "lijst emails en/of domains"),
        ({"emails": "anna@vng.nl"}, "emails een lijst zijn"),
        ({"domains": [1]}, "domains een lijst zijn"),
        ({"emails": ["anna"]}, "'anna' geen geldig e-mailadres"),
        ({"emails": ["anna @vng.nl"]}, "geen geldig e-mailadres"),
        ({"domains": ["anna@vng.nl"]}, "geen geldig domein"),
        ({"domains": ["nl"]}, "geen geldig domein"),
        ({"email": ["anna@vng.nl"]}, "'email' onbekend"),
    ],
)
def test_malformed_sso_allowlist_is_explained(section, message):
    with pytest.raises(coordinators.SetupError, match=message):
        coordinators.parse_sso_allowlist(section)


SHARED = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32}
PROVIDER = {"client_id": "id", "client_secret": "s", "server_metadata_url": "https://idp/.well-known/x"}
SSO = {"emails": ["anna@vng.nl"]}


def test_sso_settings_not_set_up_without_auth():
    assert coordinators.load_sso_settings(None, environ={}) is None
    assert coordinators.load_sso_settings({"coordinators_sso": SSO}, environ={}) is None


def test_sso_settings_choose_the_provider():
    default = coordinators.load_sso_settings({"auth": SHARED | PROVIDER, "coordinators_sso": SSO}, environ={})
    assert default.provider is None
    assert default.allowlist.emails == {"anna@vng.nl"}
    named = {"auth": SHARED | {"microsoft": PROVIDER}, "coordinators_sso": SSO}
    assert coordinators.load_sso_settings(named, environ={}).provider == "microsoft"
    two = {"auth": SHARED | {"microsoft": PROVIDER, "okta": PROVIDER}, "coordinators_sso": SSO}
    with pytest.raises(coordinators.SetupError, match="meerdere providers"):
        coordinators.load_sso_settings(two, environ={})
    chosen = {**two, "coordinators_sso": SSO | {"provider": "okta"}}
    assert coordinators.load_sso_settings(chosen, environ={}).provider == "okta"


def test_sso_allowlist_comes_from_the_accounts_file_when_set(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[coordinators_sso]\ndomains = ["ipo.nl"]\n', encoding="utf-8")
    secrets = {"auth": SHARED | PROVIDER, "coordinators_sso": SSO}
    settings = coordinators.load_sso_settings(secrets, environ={coordinators.ENV_FILE: str(path)})
    assert settings.allowlist == coordinators.SsoAllowlist(domains=frozenset({"ipo.nl"}))


@pytest.mark.parametrize(
    ("secrets", "message"),
    [
        ({"auth": "aan"}, "instellingen van de inlogdienst"),
        ({"auth": PROVIDER, "coordinators_sso": SSO}, "redirect_uri en cookie_secret"),
        ({"auth": SHARED | PROVIDER}, "niet bij wie coördinator is"),
        ({"auth": SHARED | PROVIDER, "coordinators_sso": {"emails": []}}, "nog geen e-mailadressen"),
        ({"auth": SHARED, "coordinators_sso": SSO}, "ontbreken client_id"),
        ({"auth": SHARED | {"ms": {"client_id": "x"}}, "coordinators_sso": SSO}, "ontbreken client_id"),
        ({"auth": SHARED | PROVIDER, "coordinators_sso": SSO | {"provider": "okta"}}, r"geen \[auth.okta\]"),
        ({"auth": SHARED | {"my_idp": PROVIDER}, "coordinators_sso": SSO}, "liggend streepje"),
    ],
)
def test_broken_sso_setup_is_explained(secrets, message):
    with pytest.raises(coordinators.SetupError, match=message):
        coordinators.load_sso_settings(secrets, environ={})

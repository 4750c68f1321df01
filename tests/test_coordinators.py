"""Coordinator accounts: hashed passwords, where accounts come from, slowed-down failed logins."""

from __future__ import annotations

import io
import sys

import pytest

from dia_scan import cli, coordinators

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

"""Coordinator accounts: names with scrypt-hashed passwords, kept outside the database.

Accounts live in ``.streamlit/secrets.toml`` under ``[coordinators]`` (``anna = "scrypt$..."``), or in
the TOML file that the environment variable ``DIA_SCAN_COORDINATORS_FILE`` points at (tests, or a
server that keeps secrets elsewhere). This module never imports streamlit: the page passes the secrets
mapping in. See docs/coordinators.md; make a hash with ``dia-scan hash-password``.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import os
import secrets
import sys
import threading
import time
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path

ENV_FILE = "DIA_SCAN_COORDINATORS_FILE"
SECTION = "coordinators"
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200

_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


class SetupError(Exception):
    """The accounts are configured but cannot be used; the message says how to fix it (Dutch)."""


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$digest`` with a fresh random salt. Passwords are case sensitive."""
    if not (MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH):
        raise ValueError(f"Een wachtwoord heeft {MIN_PASSWORD_LENGTH} tot {MAX_PASSWORD_LENGTH} tekens.")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32)
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_hex, digest_hex = str(stored).split("$")
        if scheme != "scrypt":
            return False
        candidate = hashlib.scrypt(
            password[:MAX_PASSWORD_LENGTH].encode(),
            salt=bytes.fromhex(salt_hex),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=32,
            maxmem=128 * 1024 * 1024,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(candidate.hex(), digest_hex)


# A hash to check against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${'00' * 16}${'00' * 32}"


def load_accounts(
    secrets_mapping: Mapping | None, environ: Mapping[str, str] | None = None
) -> dict[str, str] | None:
    """name -> password hash; None when no accounts are configured at all.

    The file in ``DIA_SCAN_COORDINATORS_FILE`` wins over the secrets. Raises :class:`SetupError` when
    that file or the section cannot be read.
    """
    environ = os.environ if environ is None else environ
    path = environ.get(ENV_FILE)
    if path:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except OSError:
            raise SetupError(f"Het bestand met coördinatoren ({path}) is niet te lezen.") from None
        except tomllib.TOMLDecodeError as err:
            raise SetupError(f"Het bestand met coördinatoren ({path}) is geen geldige TOML: {err}") from None
        section = data.get(SECTION)
    else:
        section = secrets_mapping.get(SECTION) if secrets_mapping is not None else None
    if section is None:
        return None
    if not isinstance(section, Mapping):
        raise SetupError("Het onderdeel [coordinators] moet namen met een wachtwoord-hash bevatten.")
    accounts = {}
    for name, stored in section.items():
        if not isinstance(stored, str) or not stored.startswith("scrypt$"):
            raise SetupError(
                f"De coördinator '{name}' heeft geen geldige wachtwoord-hash. "
                "Maak er een met: dia-scan hash-password"
            )
        accounts[str(name)] = stored
    return accounts


def check_login(accounts: Mapping[str, str], name: str, password: str) -> bool:
    """True when the name exists and the password matches; as slow for an unknown name."""
    stored = accounts.get((name or "").strip())
    ok = verify_password(password or "", stored or _DUMMY_HASH)
    return ok and stored is not None


class LoginThrottle:
    """Failed logins slow down, per name, across every browser session of this server process.

    Each failure adds a delay (``step`` seconds times the number of recent failures, at most
    ``max_delay``); after ``limit`` failures the name is blocked for ``block_seconds``.
    """

    def __init__(
        self,
        *,
        step: float = 0.5,
        max_delay: float = 3.0,
        limit: int = 5,
        block_seconds: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.step, self.max_delay, self.limit, self.block_seconds = step, max_delay, limit, block_seconds
        self.clock = clock
        self._failures: dict[str, int] = {}
        self._blocked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _key(name: str) -> str:
        return (name or "").strip().casefold()[:100]

    def wait_seconds(self, name: str) -> float:
        """How long this name is still blocked (0 when it may try)."""
        with self._lock:
            return max(0.0, self._blocked_until.get(self._key(name), 0.0) - self.clock())

    def failed(self, name: str) -> float:
        """Record a failure; returns the delay to apply before answering."""
        key = self._key(name)
        with self._lock:
            count = self._failures.get(key, 0) + 1
            if count >= self.limit:
                self._blocked_until[key] = self.clock() + self.block_seconds
                count = 0
            self._failures[key] = count
            return min(self.max_delay, self.step * max(count, 1))

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(self._key(name), None)
            self._blocked_until.pop(self._key(name), None)


# -- command line --------------------------------------------------------------------------------


def cmd_hash_password(args) -> int:
    """``dia-scan hash-password``: ask for a password (twice) and print the line for secrets.toml."""
    if args.stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Wachtwoord: ")
        if getpass.getpass("Nog een keer: ") != password:
            print("fout: de wachtwoorden zijn niet gelijk", file=sys.stderr)
            return 1
    try:
        hashed = hash_password(password)
    except ValueError as err:
        print(f"fout: {err}", file=sys.stderr)
        return 1
    name = args.name or "naam"
    print("Zet deze regel in .streamlit/secrets.toml onder [coordinators]:")
    print(f'{name} = "{hashed}"')
    return 0


def add_hash_password_parser(sub) -> None:
    p = sub.add_parser("hash-password", help="maak een wachtwoord-hash voor een coördinator")
    p.add_argument("--name", help="naam van de coördinator (komt voor de hash in de regel)")
    p.add_argument("--stdin", action="store_true", help="lees het wachtwoord van standaardinvoer")
    p.set_defaults(func=cmd_hash_password)

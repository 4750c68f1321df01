"""Coordinator accounts: names with scrypt-hashed passwords, kept outside the database.

Accounts live in ``.streamlit/secrets.toml`` under ``[coordinators]`` (``anna = "scrypt$..."``), or in
the TOML file that the environment variable ``DIA_SCAN_COORDINATORS_FILE`` points at (tests, or a
server that keeps secrets elsewhere). This module never imports streamlit: the page passes the secrets
mapping in. See docs/coordinators.md; make a hash with ``dia-scan hash-password``.

Optionally coordinators log in through single sign-on (``st.login`` with an OIDC provider set up in
``[auth]``). Being logged in at the provider is not enough: only the e-mail addresses and domains in
``[coordinators_sso]`` (read from the same place as ``[coordinators]``) are coordinators.
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
from dataclasses import dataclass
from pathlib import Path

from dia_scan.core import permits
from dia_scan.core.permits import CoordinatorPermit

ENV_FILE = "DIA_SCAN_COORDINATORS_FILE"
SECTION = "coordinators"
SSO_SECTION = "coordinators_sso"
AUTH_SECTION = "auth"
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


def _coordinator_settings(secrets_mapping: Mapping | None, environ: Mapping[str, str] | None) -> Mapping:
    """The TOML file in ``DIA_SCAN_COORDINATORS_FILE`` when set, else the secrets (or nothing)."""
    environ = os.environ if environ is None else environ
    path = environ.get(ENV_FILE)
    if not path:
        return secrets_mapping if secrets_mapping is not None else {}
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError:
        raise SetupError(f"Het bestand met coördinatoren ({path}) is niet te lezen.") from None
    except tomllib.TOMLDecodeError as err:
        raise SetupError(f"Het bestand met coördinatoren ({path}) is geen geldige TOML: {err}") from None


def load_accounts(
    secrets_mapping: Mapping | None, environ: Mapping[str, str] | None = None
) -> dict[str, str] | None:
    """name -> password hash; None when no accounts are configured (no or an empty section).

    The file in ``DIA_SCAN_COORDINATORS_FILE`` wins over the secrets. Raises :class:`SetupError` when
    that file or the section cannot be read.
    """
    section = _coordinator_settings(secrets_mapping, environ).get(SECTION)
    if section is None or section == {}:  # an empty [coordinators], as in secrets.toml.example
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


def login(accounts: Mapping[str, str], name: str, password: str) -> CoordinatorPermit | None:
    """A coordinator permit after a correct name and password (see ``permits``); None otherwise."""
    if check_login(accounts, name, password):
        return permits.issue_coordinator((name or "").strip())
    return None


def sso_permit(user_info: Mapping, allowlist: SsoAllowlist | None) -> CoordinatorPermit | None:
    """A coordinator permit for a signed-in user on the allowlist (:func:`sso_coordinator`)."""
    email = sso_coordinator(user_info, allowlist)
    return permits.issue_coordinator(email) if email else None


# -- single sign-on (OIDC through st.login) ------------------------------------------------------

_SSO_KEYS = ("emails", "domains", "provider")
_PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
_EXAMPLES = {"emails": "anna@vng.nl", "domains": "vng.nl"}


@dataclass(frozen=True)
class SsoAllowlist:
    """Who may be a coordinator after a single sign-on: exact e-mail addresses and whole domains."""

    emails: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.emails or self.domains)


@dataclass(frozen=True)
class SsoSettings:
    """Single sign-on is set up: ``provider`` is the name for ``st.login`` (None: the one in [auth])."""

    allowlist: SsoAllowlist
    provider: str | None


def _normalise_email(value: object) -> str | None:
    """Lower case without surrounding spaces; None when it is not one plain address."""
    if not isinstance(value, str):
        return None
    email = value.strip().casefold()
    local, at, domain = email.partition("@")
    if not at or not local or not domain or "@" in domain or any(c.isspace() for c in email):
        return None
    return email


def _is_verified(user_info: Mapping) -> bool:
    """True unless the provider says the address is not verified (providers without the claim pass)."""
    if "email_verified" not in user_info:
        return True
    flag = user_info["email_verified"]
    return flag is True or (isinstance(flag, str) and flag.strip().casefold() == "true")


def sso_coordinator(user_info: Mapping, allowlist: SsoAllowlist | None) -> str | None:
    """The e-mail address that makes this signed-in user a coordinator, or None.

    ``user_info`` is ``st.user`` as a dict. The user must be logged in, have an e-mail address that
    the provider did not mark as unverified, and that address (or its domain, exactly: no subdomains)
    must be in the allowlist. Being logged in at the provider alone is never enough.
    """
    if not allowlist or user_info.get("is_logged_in") is not True or not _is_verified(user_info):
        return None
    email = _normalise_email(user_info.get("email"))
    if email is None:
        return None
    if email in allowlist.emails or email.partition("@")[2] in allowlist.domains:
        return email
    return None


def _string_list(section: Mapping, key: str) -> list[str]:
    value = section.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SetupError(
            f'In [{SSO_SECTION}] moet {key} een lijst zijn, bijvoorbeeld {key} = ["{_EXAMPLES[key]}"].'
        )
    return value


def parse_sso_allowlist(section: object) -> SsoAllowlist:
    """The ``[coordinators_sso]`` section as an allowlist; :class:`SetupError` when it is malformed."""
    if not isinstance(section, Mapping):
        raise SetupError(f"Het onderdeel [{SSO_SECTION}] moet een lijst emails en/of domains bevatten.")
    unknown = sorted(str(k) for k in section if k not in _SSO_KEYS)
    if unknown:
        raise SetupError(
            f"In [{SSO_SECTION}] is '{unknown[0]}' onbekend. Gebruik emails, domains en eventueel provider."
        )
    emails = set()
    for raw in _string_list(section, "emails"):
        email = _normalise_email(raw)
        if email is None:
            raise SetupError(f"In [{SSO_SECTION}] is '{raw}' geen geldig e-mailadres.")
        emails.add(email)
    domains = set()
    for raw in _string_list(section, "domains"):
        domain = raw.strip().casefold().removeprefix("@")
        if not domain or "." not in domain or "@" in domain or any(c.isspace() for c in domain):
            raise SetupError(f"In [{SSO_SECTION}] is '{raw}' geen geldig domein. Schrijf het zo: \"vng.nl\".")
        domains.add(domain)
    return SsoAllowlist(frozenset(emails), frozenset(domains))


def _is_provider(section: object) -> bool:
    return isinstance(section, Mapping) and all(k in section for k in _PROVIDER_KEYS)


def _choose_provider(auth: Mapping, wanted: object) -> str | None:
    """The provider name for ``st.login``: None for the settings directly in [auth], else a name."""
    named = sorted(str(k) for k, v in auth.items() if isinstance(v, Mapping))
    if wanted is not None:
        if not isinstance(wanted, str) or not _is_provider(auth.get(wanted)):
            raise SetupError(
                f"In [{SSO_SECTION}] staat provider = '{wanted}', maar er is geen [auth.{wanted}] "
                "met client_id, client_secret en server_metadata_url."
            )
        name = wanted
    elif _is_provider(auth):
        return None
    elif len(named) == 1 and _is_provider(auth[named[0]]):
        name = named[0]
    elif len(named) > 1:
        raise SetupError(
            f"Onder [auth] staan meerdere providers ({', '.join(named)}). Kies er een met "
            f'provider = "{named[0]}" onder [{SSO_SECTION}].'
        )
    else:
        raise SetupError(
            "Onder [auth] ontbreken client_id, client_secret en server_metadata_url "
            "(direct onder [auth] of onder [auth.<naam>])."
        )
    if "_" in name:  # Streamlit does not support an underscore in a provider name
        raise SetupError(f"De providernaam '{name}' mag geen liggend streepje (_) bevatten.")
    return name


def load_sso_settings(
    secrets_mapping: Mapping | None, environ: Mapping[str, str] | None = None
) -> SsoSettings | None:
    """None when single sign-on is not set up (no [auth] in the secrets); :class:`SetupError` when it
    is set up but cannot be used: shared settings missing, no or an ambiguous provider, or no
    coordinators in ``[coordinators_sso]`` (read from the same place as ``[coordinators]``).
    """
    auth = secrets_mapping.get(AUTH_SECTION) if secrets_mapping is not None else None
    if auth is None:
        return None
    if not isinstance(auth, Mapping):
        raise SetupError("Het onderdeel [auth] moet de instellingen van de inlogdienst bevatten.")
    missing = [k for k in ("redirect_uri", "cookie_secret") if not auth.get(k)]
    if missing:
        raise SetupError(f"Onder [auth] ontbreekt {' en '.join(missing)}.")
    section = _coordinator_settings(secrets_mapping, environ).get(SSO_SECTION)
    if section is None:
        raise SetupError(
            f"Er staat niet bij wie coördinator is. Zet e-mailadressen of domeinen onder [{SSO_SECTION}]."
        )
    allowlist = parse_sso_allowlist(section)
    if not allowlist:
        raise SetupError(f"Onder [{SSO_SECTION}] staan nog geen e-mailadressen of domeinen.")
    return SsoSettings(allowlist, _choose_provider(auth, section.get("provider")))


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

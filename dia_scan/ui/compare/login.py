"""Coordinator login: accounts from st.secrets (or DIA_SCAN_COORDINATORS_FILE), remembered per session.

A failed login is slowed down, per name, across all sessions of this server (see
:class:`dia_scan.compare.coordinators.LoginThrottle`), and blocked for a while after repeated failures.

When ``[auth]`` is set up, coordinators can also log in with their organisation account (``st.login``);
who is a coordinator then is decided by :func:`dia_scan.compare.coordinators.sso_coordinator` on every run.
"""

from __future__ import annotations

import time

import streamlit as st
from streamlit.errors import StreamlitAuthError

from dia_scan.compare import coordinators
from dia_scan.core import permits
from dia_scan.core.permits import CoordinatorPermit
from dia_scan.core.text import markdown_safe

_KEY = "coordinator"
_PERMIT = "coordinator_permit"  # the CoordinatorPermit of a password login (server-side only)


@st.cache_resource(show_spinner=False)
def _throttle() -> coordinators.LoginThrottle:
    return coordinators.LoginThrottle()


def _secrets() -> dict | None:
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets.toml at all, or one that does not parse: treated as "not set up"
        return None


def accounts() -> dict[str, str] | None:
    """The configured accounts; None when none are set up. A broken set-up is shown and stops the page."""
    try:
        return coordinators.load_accounts(_secrets())
    except coordinators.SetupError as err:
        st.error(f"De coördinatoren zijn niet goed ingesteld. {err}")
        st.stop()


def _sso() -> tuple[coordinators.SsoSettings | None, str | None]:
    """The single sign-on settings (None when not set up) and what is wrong with them, if anything."""
    try:
        return coordinators.load_sso_settings(_secrets()), None
    except coordinators.SetupError as err:
        return None, str(err)


def _user() -> dict:
    try:
        return st.user.to_dict()
    except Exception:  # no user information in this environment: nobody is logged in
        return {}


def current() -> str | None:
    """The coordinator of this browser session: a password login that still has an account, or an
    organisation account on the single sign-on allowlist (its e-mail address); else None."""
    name = st.session_state.get(_KEY)
    if name:
        try:
            if name in (coordinators.load_accounts(_secrets()) or {}):
                return name
        except coordinators.SetupError:
            pass
    settings, _ = _sso()
    return coordinators.sso_coordinator(_user(), settings.allowlist if settings else None)


def permit() -> CoordinatorPermit:
    """The permit of the coordinator of this session, for the services that need one."""
    name = current()
    stored = st.session_state.get(_PERMIT)
    if name and stored is not None and stored.name == name:
        return stored
    settings, _ = _sso()
    sso = coordinators.sso_permit(_user(), settings.allowlist if settings else None)
    if sso is not None and sso.name == name:
        return sso
    raise permits.AccessDenied("Alleen coördinatoren kunnen dit doen. Log in op de pagina Vergelijken.")


def login_offered(configured: dict[str, str] | None) -> bool:
    """Whether any coordinator login is set up (or single sign-on is, but broken: that gets explained)."""
    return configured is not None or _sso() != (None, None)


def sso_refused() -> bool:
    """Logged in with an organisation account that is not on the coordinator allowlist."""
    settings, _ = _sso()
    return settings is not None and _user().get("is_logged_in") is True and current() is None


def setup_help() -> None:
    st.info(
        "Er zijn nog geen coördinatoren ingesteld. Een beheerder van deze installatie kan dat zo doen:",
        icon=":material/manage_accounts:",
    )
    st.markdown(
        "1. Maak een wachtwoord-hash met `dia-scan hash-password --name anna`.\n"
        "2. Zet de regel die u krijgt in het bestand `.streamlit/secrets.toml`, onder het kopje "
        "`[coordinators]`.\n"
        "3. Start de app opnieuw. Meer uitleg staat in `docs/coordinators.md`.\n\n"
        "Inloggen met een organisatie-account (single sign-on) kan ook: zie het deel over single sign-on "
        "in `docs/coordinators.md`."
    )
    # plain text: the TOML syntax colours fail the WCAG AA contrast (axe)
    st.code('[coordinators]\nanna = "scrypt$16384$8$1$..."', language=None)


def login_form(configured: dict[str, str], *, key: str = "coordinator_login") -> str | None:
    """A login form; returns the name after a successful login (and reruns), else None."""
    with st.form(key):
        name = st.text_input("Naam", max_chars=100, key=f"{key}_name")
        password = st.text_input("Wachtwoord", type="password", max_chars=200, key=f"{key}_password")
        submitted = st.form_submit_button("Inloggen", type="primary")
    if not submitted:
        return None
    throttle = _throttle()
    wait = throttle.wait_seconds(name)
    if wait > 0:
        st.error(f"Te veel verkeerde pogingen. Probeer het over {int(wait) + 1} seconden opnieuw.")
        return None
    permit_ = coordinators.login(configured, name, password)
    if permit_ is not None:
        throttle.succeeded(name)
        st.session_state[_KEY] = permit_.name
        st.session_state[_PERMIT] = permit_
        st.rerun()
    time.sleep(throttle.failed(name))
    st.error("De naam of het wachtwoord klopt niet.")
    return None


def _start_sso_login(provider: str | None) -> None:
    try:
        st.login(provider)  # None: the provider settings directly under [auth]
    except StreamlitAuthError:
        st.error(
            "Inloggen met een organisatie-account lukt nu niet. Vraag de beheerder van deze installatie "
            "om de instellingen onder [auth] na te kijken."
        )


def _sso_logout() -> None:
    st.logout()


def sso_block(settings: coordinators.SsoSettings, *, key: str = "coordinator_login") -> None:
    """The button to log in with an organisation account, or, for an account that is not on the
    allowlist, why there is no access and a button to log out of it."""
    user = _user()
    if user.get("is_logged_in") is True:
        st.error(
            "Dit account heeft geen toegang tot Vergelijken. Alleen de e-mailadressen die de beheerder "
            "heeft opgegeven, horen bij een coördinator. Log uit en probeer een ander account, of vraag "
            "de beheerder om toegang."
        )
        if isinstance(user.get("email"), str):
            st.caption(f"U bent ingelogd als {markdown_safe(user['email'])}.")
        st.button("Uitloggen", key=f"{key}_sso_logout", on_click=_sso_logout)
        return
    if st.button("Inloggen met uw organisatie-account", key=f"{key}_sso", icon=":material/login:"):
        _start_sso_login(settings.provider)


def login_choices(configured: dict[str, str] | None, *, key: str = "coordinator_login") -> None:
    """Every way to log in that is set up: the organisation account and/or name and password."""
    settings, problem = _sso()
    if problem:
        st.warning(f"Inloggen met een organisatie-account werkt nog niet. {problem}")
    if settings:
        sso_block(settings, key=key)
    if configured:
        if settings:
            st.write("Of log in met uw naam en wachtwoord:")
        login_form(configured, key=key)


def _logout() -> None:
    st.session_state.pop(_KEY, None)
    st.session_state.pop(_PERMIT, None)
    if _user().get("is_logged_in") is True:
        st.logout()


def logout_button(*, key: str = "coordinator_logout") -> None:
    name = current()
    if not name:
        return
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.caption(f"Ingelogd als coördinator: {markdown_safe(name)}")
    right.button("Uitloggen", key=key, on_click=_logout)


def require_coordinator() -> str:
    """The logged-in coordinator; otherwise set-up help or the login choices, and the page stops."""
    configured = accounts()
    if not login_offered(configured):
        setup_help()
        st.stop()
    name = current()
    if name:
        return name
    st.session_state.pop(_KEY, None)
    st.write("Deze pagina is alleen voor coördinatoren. Log eerst in.")
    login_choices(configured)
    st.stop()

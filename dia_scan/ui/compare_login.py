"""Coordinator login: accounts from st.secrets (or DIA_SCAN_COORDINATORS_FILE), remembered per session.

A failed login is slowed down, per name, across all sessions of this server (see
:class:`dia_scan.coordinators.LoginThrottle`), and blocked for a while after repeated failures.
"""

from __future__ import annotations

import time

import streamlit as st

from .. import coordinators
from .results import safe

_KEY = "coordinator"


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


def current() -> str | None:
    """The name of the coordinator logged in in this browser session, if any."""
    return st.session_state.get(_KEY)


def setup_help() -> None:
    st.info(
        "Er zijn nog geen coördinatoren ingesteld. Een beheerder van deze installatie kan dat zo doen:",
        icon=":material/manage_accounts:",
    )
    st.markdown(
        "1. Maak een wachtwoord-hash met `dia-scan hash-password --name anna`.\n"
        "2. Zet de regel die u krijgt in het bestand `.streamlit/secrets.toml`, onder het kopje "
        "`[coordinators]`.\n"
        "3. Start de app opnieuw. Meer uitleg staat in `docs/coordinators.md`."
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
    if coordinators.check_login(configured, name, password):
        throttle.succeeded(name)
        st.session_state[_KEY] = name.strip()
        st.rerun()
    time.sleep(throttle.failed(name))
    st.error("De naam of het wachtwoord klopt niet.")
    return None


def logout_button(*, key: str = "coordinator_logout") -> None:
    name = current()
    if not name:
        return
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.caption(f"Ingelogd als coördinator: {safe(name)}")
    if right.button("Uitloggen", key=key):
        st.session_state.pop(_KEY, None)
        st.rerun()


def require_coordinator() -> str:
    """The logged-in coordinator; otherwise set-up help or a login form, and the page stops."""
    configured = accounts()
    if configured is None:
        setup_help()
        st.stop()
    name = current()
    if name and name in configured:
        return name
    st.session_state.pop(_KEY, None)
    st.write("Deze pagina is alleen voor coördinatoren. Log in met uw naam en wachtwoord.")
    login_form(configured)
    st.stop()

"""The participant's language in this browser session, the translated interface strings, and the page's
declared language (``<html lang>``).

The language comes from the participant's choice on the first screen, or from the link (``?lang=fy``),
and is kept in the session. Screens only for organisers stay Dutch and declare ``nl``.
"""

from __future__ import annotations

import json

import streamlit as st

from dia_scan.core import i18n
from dia_scan.core.errors import ServiceError
from dia_scan.core.i18n import N_  # noqa: F401  (the screens mark their strings with it too)

KEY = "participant_language"
#: Pages (url paths) a participant uses; each declares its own language, every other page is Dutch.
PARTICIPANT_PAGES = ("meedoen", "terugkoppeling", "inclusiviteit")
PARAM = "lang"


def current() -> str:
    """The language of this session: the participant's choice, else the link's ``?lang=``, else Dutch."""
    chosen = i18n.normalise(st.session_state.get(KEY))
    if chosen:
        return chosen
    return i18n.normalise(st.query_params.get(PARAM)) or i18n.SOURCE


def use(language: str) -> None:
    st.session_state[KEY] = i18n.normalise(language) or i18n.SOURCE


def restrict(offered: list[str]) -> str:
    """Keep the session's language only if the round offers it; otherwise Dutch. Returns the language.
    When it changes, the page runs again so that everything on it (and ``<html lang>``) agrees."""
    language = current()
    if language in offered:
        use(language)
        return language
    use(i18n.SOURCE)
    st.query_params.pop(PARAM, None)
    st.rerun()


def _(message: str) -> str:
    """An interface string in the session's language (the Dutch ``message`` is the catalogue key)."""
    return i18n.gettext_in(current(), message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return i18n.ngettext_in(current(), singular, plural, n)


def error(err: Exception) -> str:
    """A service's message in the session's language (its Dutch template through the catalogue, with its
    values); a database problem stays Dutch, as its reason is for whoever runs the server."""
    return i18n.error_in(current(), err) if isinstance(err, ServiceError) else str(err)


def with_language(params: dict[str, str]) -> dict[str, str]:
    """Query parameters plus ``lang`` when the session is not in Dutch, so a reload keeps the language."""
    language = current()
    return {**params, PARAM: language} if language != i18n.SOURCE else dict(params)


def choose(offered: list[str], *, key: str) -> str:
    """The language picker on a participant's first screen (only when there is something to choose)."""
    language = restrict(offered)
    if len(offered) < 2:
        return language

    def _changed() -> None:
        use(st.session_state.get(key) or i18n.SOURCE)
        picked = current()
        if picked == i18n.SOURCE:
            st.query_params.pop(PARAM, None)
        else:
            st.query_params[PARAM] = picked

    st.session_state[key] = language
    st.segmented_control(
        # The label names the choice in every offered language: who cannot read Dutch must find it too.
        " · ".join(dict.fromkeys(i18n.gettext_in(lang, "Taal") for lang in offered)),
        offered,
        format_func=i18n.NAMES.get,
        key=key,
        required=True,
        on_change=_changed,
    )
    return language


def declare(language: str, page: str) -> None:
    """Set the language of the whole document (``<html lang>``), which screen readers and translators use.

    Streamlit serves one index.html with ``<html lang="en">`` and (up to 1.67) offers no setting for it:
    ``st.set_page_config`` has none and changing the served index.html means patching the installed
    package. ``st.html`` with ``unsafe_allow_javascript`` is documented to render in the app's own document,
    not in an iframe, so its script reaches ``document.documentElement`` directly (a component of
    ``st.components.v1`` runs in an iframe and would depend on reaching its parent). The page name is in
    the script so that it runs again after every page change; the language is one of a fixed set, never
    typed text. It goes in the sidebar so it takes no room in the page.
    """
    code = i18n.normalise(language) or i18n.SOURCE
    st.sidebar.html(
        f"<script>/* {json.dumps(page)} */document.documentElement.lang = {json.dumps(code)};</script>",
        unsafe_allow_javascript=True,
        width="content",
    )

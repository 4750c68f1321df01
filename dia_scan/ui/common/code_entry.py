"""Joining with a code, the same on Meedoen and Inclusiviteit: type the join code or a resume code.

A join code of the other product (a checklist code typed on Meedoen, a Quick Scan code on Inclusiviteit)
is recognised: the code box opens that product's page with it. A link with such a code (``?code=``) gets
a pointer there, instead of a message that the code is unknown.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.errors import StreamlitAPIException

from dia_scan.common import code_access
from dia_scan.common.code_access import CodeKind
from dia_scan.core import codes
from dia_scan.ui.common.context import friendly_errors, page_link
from dia_scan.ui.common.language import N_, _, with_language

#: Where each product's codes are answered: page, what the code is, link label, icon (texts translated
#: where they are shown).
_DESTINATIONS = {
    code_access.QUICK_SCAN: (
        "views/meedoen.py",
        N_("Dit is een deelnamecode van de Quick Scan."),
        N_("Naar de Quick Scan"),
        ":material/edit_note:",
    ),
    code_access.CHECKLIST: (
        "views/inclusiviteit.py",
        N_("Dit is een code van de inclusiviteit-checklist."),
        N_("Naar de checklist"),
        ":material/diversity_3:",
    ),
}


def code_entry(conn, *, key: str, intro: str, code_label: str, on_resume: Callable[[str], object]) -> None:
    """The two small forms: a join code (put into the address as ``?code=``) and a resume code
    (``on_resume`` takes it further). Widget keys start with ``key``."""
    st.markdown(intro)
    with st.form(f"{key}_join", border=False):
        code = st.text_input(code_label, max_chars=20, key=f"{key}_code_input", placeholder="KX7M 4RPA")
        joined = st.form_submit_button(
            _("Verder"), type="primary", icon=":material/arrow_forward:", key=f"{key}_code_go"
        )
    if joined:
        with friendly_errors():
            kind, row = code_access.find_any(conn, code, code_label.lower())
            _open(kind, row.join_code)
    st.divider()
    st.markdown(_("**Al begonnen?** Vul uw hervatcode in om verder te gaan."))
    with st.form(f"{key}_resume", border=False):
        resume_code = st.text_input(
            _("Hervatcode"), max_chars=40, key=f"{key}_resume_input", placeholder="ABCD-EFGH-JKMN-PQ"
        )
        resumed = st.form_submit_button(_("Verder gaan"), icon=":material/restore:", key=f"{key}_resume_go")
    if resumed:
        with friendly_errors():
            on_resume(resume_code)
            st.rerun()


def _open(kind: CodeKind, join_code: str) -> None:
    """Go to the page of the product the code belongs to, so one code box takes both kinds of code;
    where that page is not in the navigation (a page run on its own), this page points the way."""
    try:
        st.switch_page(_DESTINATIONS[kind][0], query_params=with_language({"code": join_code}))
    except StreamlitAPIException:
        st.query_params.from_dict(with_language({"code": join_code}))
        st.rerun()


def point_to_other_product(conn, code: str, here: CodeKind) -> bool:
    """When ``code`` belongs to the other product: say so and link there (True); otherwise False."""
    kind = code_access.kind_of(conn, code)
    if kind is None or kind is here:
        return False
    page, text, label, icon = _DESTINATIONS[kind]
    st.info(_(text))
    page_link(page, label=_(label), icon=icon, query_params=with_language({"code": codes.normalise(code)}))
    return True

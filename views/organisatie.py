"""Organisatie: the profile of one organisation and its results over time."""

import streamlit as st

from dia_scan.common import organisations
from dia_scan.compare import history
from dia_scan.core.errors import ServiceError
from dia_scan.core.text import markdown_safe
from dia_scan.ui.common import access, organisation_picker
from dia_scan.ui.common.access import require_round
from dia_scan.ui.common.context import catalog, db, friendly_errors
from dia_scan.ui.compare import history as blocks
from dia_scan.ui.compare import login as compare_login

st.title("Organisatie")
st.write(
    "Het profiel van uw organisatie en hoe de scores zich ontwikkelen van ronde tot ronde. "
    "U ziet ook wat er na de vorige ronde is afgesproken."
)

cat = catalog()
conn = db()
configured = compare_login.accounts()
coordinator = compare_login.current()

if coordinator:
    compare_login.logout_button(key="org_logout")
    profiles = organisations.list_profiles(conn)
    if not profiles:
        st.info("Er zijn nog geen organisaties.")
        st.stop()
    names = {p.id: p.name for p in profiles}
    organisation_id = st.selectbox("Organisatie", list(names), format_func=lambda i: names[i], key="org_pick")
    permit = compare_login.permit()
else:
    if compare_login.login_offered(configured):
        with st.expander(
            "Bent u coördinator? Log dan hier in om elke organisatie te zien.",
            expanded=compare_login.sso_refused(),
        ):
            compare_login.login_choices(configured, key="org_coordinator_login")
    round_row = require_round(
        conn, purpose="het profiel en de geschiedenis van uw organisatie te zien", key="org_access"
    )
    organisation_id = round_row.organisation_id
    permit = access.permit_for(round_row)

try:
    profile = organisations.managed_profile(conn, permit, organisation_id)
except ServiceError as err:
    st.error(str(err))
    st.stop()
st.header(markdown_safe(profile.name))

with friendly_errors():
    blocks.profile_block(conn, permit, organisation_id)
    organisation_picker.organisation_code_block(conn, permit, organisation_id)

    st.divider()
    instrument_id = blocks.choose_instrument(conn, cat, organisation_id)
    if instrument_id is None:
        st.info("Deze organisatie heeft nog geen rondes.")
        st.stop()
    hist = history.organisation_history(conn, organisation_id, instrument_id, permit=permit)
    if not hist.points:
        st.info("Er zijn nog geen rondes met antwoorden.")
        st.stop()
    blocks.over_time_block(hist)

    st.divider()
    blocks.background_history_block(
        history.background_history(conn, organisation_id, instrument_id, permit=permit)
    )

    st.divider()
    rows = history.scored_rounds(conn, organisation_id, instrument_id)
    current = blocks.choose_round(hist, rows)
    if current is not None:
        previous = history.previous_scored_round(conn, current)
        blocks.round_comparison_block(history.compare_rounds(conn, current, previous))

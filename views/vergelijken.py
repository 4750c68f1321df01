"""Vergelijken: the coordinator dashboard across organisations (latest round of each)."""

import streamlit as st

from dia_scan.compare import comparison as compare
from dia_scan.ui.common.context import catalog, db, friendly_errors
from dia_scan.ui.compare import dashboard
from dia_scan.ui.compare import login as compare_login

st.title("Vergelijken")
st.write(
    "Voor coördinatoren: vergelijk de laatste ronde van organisaties die dezelfde vragenlijst gebruikten. "
    "U ziet alleen scores per groep en per thema, nooit losse antwoorden. Een groep met te weinig "
    "respondenten wordt nooit apart getoond."
)

compare_login.require_coordinator()
permit = compare_login.permit()
compare_login.logout_button()

cat = catalog()
conn = db()
with friendly_errors():
    choice = dashboard.choose_instrument_and_period(conn, cat)
    if choice is None:
        st.stop()
    everyone = compare.coordinator_comparison(
        conn, permit, choice.instrument_id, date_from=choice.date_from, date_to=choice.date_to
    )
    if not everyone.organisations:
        st.info("In deze periode heeft geen enkele organisatie een ronde met antwoorden.")
        st.stop()
    dashboard.notes_block(everyone)
    chosen_filters = dashboard.filters(everyone)
    comparison = compare.apply_filters(everyone, chosen_filters)
    st.caption(f"{len(comparison.organisations)} van de {len(everyone.organisations)} organisaties.")
    if not comparison.organisations:
        st.info("Geen organisatie past bij deze filters. Maak de filters ruimer.")
        st.stop()
    persp = dashboard.perspective(comparison)
    dashboard.table_block(comparison, persp)
    dashboard.heatmap_block(comparison, persp)
    dashboard.overlay_block(comparison, persp, everyone)
    dashboard.spread_block(comparison, persp)

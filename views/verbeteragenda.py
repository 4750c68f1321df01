"""Verbeteragenda: what the team agreed to do after the scan, followed up until the next round.

Behind the beheercode. Shows the actions of this round and carries over the earlier actions of the
organisation that still matter (all of the previous round, and those still planned or under way).
"""

import streamlit as st

from dia_scan.common import agenda
from dia_scan.quickscan.rounds import round_instrument
from dia_scan.ui.common import access
from dia_scan.ui.common import agenda as agenda_ui
from dia_scan.ui.common.context import catalog, db, friendly_errors
from dia_scan.ui.common.report_downloads import report_downloads

st.title("Verbeteragenda")
conn = db()
cat = catalog()
round_row = access.require_round(conn, purpose="de verbeteragenda te zien en bij te werken", key="agenda")

with friendly_errors():
    instrument = round_instrument(conn, round_row)
    themes = agenda.theme_choices(instrument)
    plan = agenda.round_agenda(conn, round_row)
    agenda_ui.round_heading(round_row)
    st.caption(
        "Spreek na het gesprek over de uitkomst af wat u gaat doen: wat, waarom, wie en wanneer. "
        "Bij de volgende scan van uw organisatie ziet u deze acties terug, met hoe ver ze zijn."
    )
    agenda_ui.show_notice()

    st.subheader("Acties van deze ronde", anchor=False)
    if plan.current:
        agenda_ui.agenda_editor(conn, plan.current, round_row, themes, key="agenda_current")
        st.caption("Klik op een cel om hem te wijzigen, en daarna op Wijzigingen opslaan.")
    else:
        st.info(
            "Er staan nog geen acties op de agenda van deze ronde. Voeg er hieronder een toe, of zet een "
            "verbetertip op de agenda vanaf de pagina Resultaten."
        )
    agenda_ui.add_action_form(conn, round_row, themes)

    st.subheader("Meegenomen van eerder", anchor=False)
    if plan.carried:
        previous = f" ({plan.previous_round.title})" if plan.previous_round else ""
        st.caption(
            f"Alle acties van de vorige ronde{previous}, en eerdere acties die nog gepland of bezig zijn "
            "(ook actiepunten uit de inclusiviteit-checklist). Werk de status en het resultaat hier bij."
        )
        agenda_ui.agenda_editor(conn, plan.carried, round_row, themes, key="agenda_carried")
    else:
        st.caption("Er zijn geen acties van eerder die nog lopen.")

    st.subheader("Terugkoppeling aan de deelnemers", anchor=False)
    agenda_ui.summary_switch(conn, round_row)

    st.subheader("Rapport downloaden", anchor=False)
    report_downloads(conn, cat, round_row, key="agenda_report")

"""Start: what DiA Scan is, and the demo organisations and rounds (every organisation only when the
installation is set to show them: DIA_SCAN_SHOW_ORGANISATIONS, see the README)."""

import pandas as pd
import streamlit as st

from dia_scan.common.organisations import SIZE_CLASS_LABELS
from dia_scan.core.text import markdown_safe, period_text
from dia_scan.quickscan.rounds import overview, overview_shows_everyone
from dia_scan.ui.common.context import catalog, db, page_link

st.title("DiA Scan")
st.subheader("Samen kijken naar de lokale democratie")

st.markdown(
    """
DiA Scan helpt gemeenten, provincies en waterschappen om samen te kijken hoe het gaat met hun
democratie. Het is de open opvolger van de **Quick Scan Lokale Democratie** van het programma
Democratie in Actie (ministerie van BZK en VNG).

- **Quick Scan**: raad, college, ambtenaren en inwoners geven hun mening over dezelfde stellingen.
  U ziet per thema en per groep waar u het over eens bent, waar u verschilt en wat u kunt doen.
- **Inclusiviteit-checklist**: een team bekijkt één participatieproject: hoe inclusief is het?
  U krijgt een score per onderdeel en concrete actiepunten.

**Goed om te weten.** De scan is een korte zelfstudie. Hij verzamelt meningen en wensen; hij is niet
representatief en stelt geen waarheid vast. Het doel is het goede gesprek: wat gaat goed, wat kan beter,
en wat gaan we doen? Antwoorden zijn anoniem: een groep met te weinig deelnemers wordt nooit apart getoond.
"""
)

with st.expander("Zo organiseert u een Quick Scan"):
    st.markdown(
        """
1. **Voorbereiden.** Maak op *Scan beheren* een ronde: organisatie, vragenlijst, periode en eventueel
   eigen vragen. Bewaar de beheercode: u ziet hem maar één keer.
2. **Startgesprek.** Spreek af wat u van de scan verwacht, wie meedoen en of deelnemers de
   resultaten mogen zien.
3. **Invullen.** Deelnemers gaan naar *Meedoen* met de deelnamecode of de QR-code, ook samen in een
   workshop met *Live* op het grote scherm. Papieren formulieren voert u in op *Scan beheren*.
4. **Bespreken.** Op *Resultaten* staan de radarkaart, wat opvalt, waar groepen verschillen en
   verbetertips. Download het rapport om te mailen of te printen.
5. **Verbeteragenda.** Leg op *Verbeteragenda* vast wat u gaat doen, en deel de terugkoppeling met
   de deelnemers. Bij de volgende ronde ziet u op *Organisatie* wat er veranderd is.

Alles stap voor stap, ook hoe u een workshop leidt, staat in de handleiding voor de trekker.
"""
    )
    page_link("views/handleiding.py", label="Naar de handleiding", icon=":material/menu_book:")

cat = catalog()
conn = db()
everyone = overview_shows_everyone()
organisations = overview(conn, everyone=everyone)

if organisations:
    st.header("Organisaties en rondes" if everyone else "Demo: organisaties en rondes")
    if not everyone:
        st.caption(
            "Dit zijn voorbeelden om de app te leren kennen. Organisaties en rondes die echt meedoen, "
            "staan hier niet: die opent u op Scan beheren met de deelnamecode en de beheercode."
        )
else:
    st.info(
        "Hier staan geen organisaties en rondes. Maak een ronde aan op 'Scan beheren', of open daar uw "
        "ronde met de deelnamecode en de beheercode."
    )
for org in organisations:
    label = org["name"] + (" (demo)" if org["demo"] and "demo" not in org["name"].lower() else "")
    with st.container(border=True):
        st.markdown(f"**{markdown_safe(label)}**")  # a typed name is shown as text
        details = [org["type"].capitalize()]
        if org.get("province"):
            details.append(f"provincie {org['province']}")
        if org.get("size_class"):
            details.append(SIZE_CLASS_LABELS.get(org["size_class"], org["size_class"]))
        st.caption(" · ".join(details))
        if not org["rounds"]:
            st.write("Nog geen rondes.")
            continue
        rows = []
        for r in org["rounds"]:
            instrument = cat.instruments.get(r["instrument_id"])
            rows.append(
                {
                    "Ronde": r["title"],
                    "Vragenlijst": instrument.title if instrument else r["instrument_id"],
                    "Periode": period_text(r["period_start"], r["period_end"]) or "-",
                    "Status": r["status"],
                    "Ingevuld": r["submitted"],
                    # join codes are only listed for demo content; real rounds share their code themselves
                    "Deelnamecode": r["join_code"] if org["demo"] else "",
                }
            )
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

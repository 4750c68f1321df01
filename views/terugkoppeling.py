"""Terugkoppeling: what came out of the scan and what the organisation is going to do with it.

Participants open it with the join link they already have (``/terugkoppeling?code=DEELNAMECODE``),
once the round is closed and the organiser shared it. The facilitator of the round sees a preview.
"""

import streamlit as st

from dia_scan.common import agenda
from dia_scan.core import codes
from dia_scan.core.errors import ServiceError
from dia_scan.core.text import markdown_safe
from dia_scan.quickscan import feedback, languages
from dia_scan.quickscan.result_view import PRINCIPLES
from dia_scan.quickscan.rounds import find_round
from dia_scan.ui.common import access, language
from dia_scan.ui.common import agenda as agenda_ui
from dia_scan.ui.common.context import catalog, db, friendly_errors
from dia_scan.ui.common.language import _, ngettext
from dia_scan.ui.common.tables import show_table
from dia_scan.ui.quickscan.results import respondents_block
from dia_scan.ui.quickscan.summary_radar import summary_radar

language.declare(language.current(), "terugkoppeling")
st.title(_("Terugkoppeling"))
conn = db()
cat = catalog()


def ask_code() -> None:
    st.write(_("Vul de deelnamecode in die u kreeg om mee te doen aan de scan."))
    with st.form("summary_code"):
        code = st.text_input(_("Deelnamecode"), max_chars=20, key="summary_code_input")
        if st.form_submit_button(_("Bekijken"), type="primary"):
            st.query_params["code"] = codes.normalise(code)
            st.rerun()
    st.stop()


code = st.query_params.get("code")
if not code:
    ask_code()
try:
    round_row = find_round(conn, code)
except ServiceError as err:
    st.warning(language.error(err))
    ask_code()

preview = round_row.id in access.managed_round_ids() and not feedback.summary_available(round_row)
reason = feedback.unavailable_reason(round_row)
if reason is not None and not preview:
    st.info(_(reason))
    st.stop()

with friendly_errors():
    if preview:
        summary = feedback.preview_summary(conn, cat, access.permit_for(round_row))
    else:
        summary = feedback.participant_summary(conn, cat, code)
    report, result = summary.report, summary.report.result
    lang = language.current()
    instrument = languages.participant_instrument(conn, cat, round_row, lang)
    texts = feedback.readings(summary, instrument, lang)
    if preview:
        st.warning(f"Voorbeeld voor de organisator. Deelnemers zien dit nog niet: {reason}")
    st.header(markdown_safe(f"{report.organisation.name}: {round_row.title}"), anchor=False)
    st.write(
        _(
            "Dank u wel voor het meedoen. Hier leest u in het kort wat er uit de scan kwam, "
            "en wat we ermee gaan doen."
        )
    )
    if lang != "nl":
        st.caption(_("De verbeteragenda staat in het Nederlands: de organisatie schrijft hem zelf."))
    st.info(_(PRINCIPLES), icon=":material/info:")  # what the scan is and is not

    st.subheader(_("De uitkomst in het kort"), anchor=False)
    if result.shown_groups:
        data = texts.scores
        chart, side = st.columns([3, 2], gap="large")
        with chart:
            summary_radar(
                data.labels,
                data.series,
                alt=_("Radarkaart van de scores per thema en groep.") + f" {data.reading}",
                language=lang,
            )
        with side:
            st.markdown("**" + _("Zo leest u de grafiek.") + f"** {markdown_safe(data.reading)}")
            st.caption(
                _(
                    "Hoe verder van het midden, hoe positiever (0 tot 100). De zwarte stippellijn is het totaal."
                )
            )
            respondents_block(feedback.localised_result(result, instrument), language=lang)
        with st.expander(_("De cijfers van deze grafiek")):
            show_table(data.table, hide_index=True, width="content")
            st.caption(
                _("Scores van 0 tot 100 per thema en groep. Het totaal is het gemiddelde van de groepen.")
            )
        about = texts.background
        if about:
            with st.expander(_("Over de deelnemers: leeftijd en meer")):
                st.markdown(
                    "\n".join(
                        f"- **{markdown_safe(item.text)}** {markdown_safe(item.reading)}" for item in about
                    )
                )
                st.caption(
                    _(
                        "Deze vragen waren niet verplicht en zijn apart geteld, los van de andere antwoorden. "
                        "Een antwoord dat minder dan {k} deelnemers van een groep kozen, staat er niet apart bij."
                    ).format(k=result.k)
                )
    else:
        st.write(_("Er was geen groep met genoeg deelnemers om apart te tonen."))

    st.subheader(_("Wat valt op"), anchor=False)
    if texts.notable:
        st.markdown("\n".join(f"- {markdown_safe(sentence)}" for sentence in texts.notable))
    else:
        st.write(_("Er zijn geen opmerkelijke resultaten gevonden."))

    st.subheader(_("Wat gaan we doen: de verbeteragenda"), anchor=False)
    if summary.agenda.all:
        agenda_ui.agenda_list(summary.agenda.all)
        st.caption(
            _(
                "Gepland: nog niet begonnen. Bezig: er wordt aan gewerkt. Gedaan: klaar. "
                "Gestopt: we doen het niet (meer)."
            )
        )
    else:
        st.write(_("Er staan nog geen acties op de verbeteragenda."))
    done = [a for a in summary.agenda.all if a.status == "gedaan"]
    if done:
        st.caption(
            _("{done} van de {total} acties zijn al gedaan.").format(
                done=len(done), total=len(summary.agenda.all)
            )
        )
    open_count = sum(1 for a in summary.agenda.all if a.status in agenda.OPEN_STATUSES)
    if open_count:
        st.caption(
            ngettext(
                "Bij de volgende scan ziet u terug hoe het met de {n} lopende actie ging.",
                "Bij de volgende scan ziet u terug hoe het met de {n} lopende acties ging.",
                open_count,
            ).format(n=open_count)
        )

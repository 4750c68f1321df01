"""Blocks of the Organisatie page: the profile form, scores over time, and this round against the last."""

from __future__ import annotations

import streamlit as st

from dia_scan.common import organisations
from dia_scan.common.organisations import (
    PROVINCES,
    SIZE_CLASS_LABELS,
    SIZE_CLASSES,
    TYPE_LABELS,
    URBANISATION_LABELS,
)
from dia_scan.compare import history, view
from dia_scan.core.records import Round
from dia_scan.core.text import markdown_safe
from dia_scan.output import charts, compare_charts, readings
from dia_scan.ui.common.tables import show_table


def profile_block(conn, permit, organisation_id: int) -> None:
    profile = organisations.get_profile(conn, organisation_id)
    st.subheader("Profiel")
    facts = [organisations.type_label(profile)]
    if profile.province:
        facts.append(f"provincie {profile.province}")
    facts.append(organisations.size_label(profile))
    if profile.urbanisation:
        facts.append(organisations.urbanisation_label(profile))
    st.write(" · ".join(facts))
    if profile.tags:
        st.write("Labels: " + markdown_safe(", ".join(profile.tags)))
    with st.expander("Profiel aanpassen"):
        with st.form(f"profile_{organisation_id}"):
            type_ = st.selectbox(
                "Soort organisatie",
                list(organisations.ORGANISATION_TYPES),
                index=list(organisations.ORGANISATION_TYPES).index(profile.type)
                if profile.type in organisations.ORGANISATION_TYPES
                else 0,
                format_func=lambda t: TYPE_LABELS[t],
                help="Eerdere rondes houden hun eigen vragenlijst.",
            )
            province_options = [None, *PROVINCES]
            province = st.selectbox(
                "Provincie",
                province_options,
                index=province_options.index(profile.province) if profile.province in PROVINCES else 0,
                format_func=lambda p: p or "Niet ingevuld",
            )
            size_options = [None, *SIZE_CLASSES]
            size_class = st.selectbox(
                "Aantal inwoners (grootteklasse van het CBS)",
                size_options,
                index=size_options.index(profile.size_class) if profile.size_class in SIZE_CLASSES else 0,
                format_func=lambda s: SIZE_CLASS_LABELS[s] if s else "Niet ingevuld",
            )
            urbanisation_options = [None, *URBANISATION_LABELS]
            urbanisation = st.selectbox(
                "Stedelijkheid (CBS)",
                urbanisation_options,
                index=urbanisation_options.index(profile.urbanisation)
                if profile.urbanisation in URBANISATION_LABELS
                else 0,
                format_func=lambda u: URBANISATION_LABELS[u] if u else "Niet ingevuld",
            )
            tags = st.text_input(
                "Labels (gescheiden door komma's)",
                value=", ".join(profile.tags),
                max_chars=organisations.MAX_TAGS * (organisations.MAX_TAG_LENGTH + 2),
                help="Bijvoorbeeld: plattelandsgemeente, kernen. Coördinatoren kunnen hierop filteren.",
            )
            saved = st.form_submit_button("Profiel opslaan", type="primary")
        if saved:
            organisations.update_profile(
                conn,
                permit,
                organisation_id,
                type=type_,
                province=province,
                size_class=size_class,
                tags=organisations.parse_tags(tags),
                urbanisation=urbanisation,
            )
            st.session_state["profile_saved"] = organisation_id
            st.rerun()
    if st.session_state.pop("profile_saved", None) == organisation_id:
        st.success("Het profiel is opgeslagen.")


def choose_instrument(conn, cat, organisation_id: int) -> str | None:
    instrument_ids = history.instruments_of(conn, organisation_id)
    if not instrument_ids:
        return None
    if len(instrument_ids) == 1:
        return instrument_ids[0]

    def title(instrument_id: str) -> str:
        instrument = cat.instruments.get(instrument_id)
        return instrument.title if instrument else instrument_id

    return st.selectbox(
        "Vragenlijst",
        instrument_ids,
        format_func=title,
        key=f"org_instrument_{organisation_id}",
        help="Rondes met verschillende vragenlijsten worden niet met elkaar vergeleken.",
    )


def over_time_block(hist: history.History) -> None:
    st.subheader("Scores door de tijd")
    if hist.note:
        st.info(markdown_safe(hist.note), icon=":material/info:")
    st.write(markdown_safe(view.read_history(hist)))
    rounds = [view.round_label(p.title, p.date) for p in hist.points]
    series = [(t.short, [p.themes.get(t.id) for p in hist.points]) for t in hist.themes]
    figure = compare_charts.over_time(rounds, series, [p.total for p in hist.points])
    reading = readings.read_trends(rounds, series)
    st.plotly_chart(
        figure,
        width="stretch",
        key="org_over_time",
        alt=f"Lijngrafiek van de scores per thema, per ronde. {reading}",
    )
    st.markdown(f"**Zo leest u de grafiek.** {markdown_safe(reading)}")
    with st.expander("De cijfers van deze grafiek"):
        show_table(view.history_frame(hist), hide_index=True, width="stretch")
        st.caption("Alle groepen samen, per ronde. " + view.SCORE_HELP)


def choose_round(hist: history.History, rows: list[Round]) -> Round | None:
    """The round to set against its predecessor (latest by default); None with fewer than two rounds."""
    st.subheader("Deze ronde tegenover de vorige")
    if len(rows) < 2:
        st.info("Er is nog geen vorige ronde om deze ronde mee te vergelijken.")
        return None
    labels = {p.round_id: view.round_label(p.title, p.date) for p in hist.points}
    candidates = [r.id for r in rows[1:]][::-1]
    chosen = st.selectbox(
        "Vergelijk deze ronde met de ronde ervoor",
        candidates,
        format_func=lambda rid: labels.get(rid, str(rid)),
        key="org_round_pick",
    )
    return next(r for r in rows if r.id == chosen)


def round_comparison_block(rc: history.RoundComparison) -> None:
    previous = view.round_label(rc.previous_round.title, rc.previous_round.round_date)
    current = view.round_label(rc.current_round.title, rc.current_round.round_date)
    if rc.note:
        st.info(markdown_safe(rc.note), icon=":material/info:")
    if rc.groups_note:
        st.caption(markdown_safe(rc.groups_note))
    labels = [t.short for t in rc.themes]
    before = {t.id: t.overall for t in rc.previous.themes}
    after = {t.id: t.overall for t in rc.current.themes}
    series = [
        charts.Series(f"Vorige: {previous}", [before.get(t.id) for t in rc.themes], dashed=True),
        charts.Series(f"Nu: {current}", [after.get(t.id) for t in rc.themes]),
    ]
    reading = view.read_changes(rc)
    st.write(markdown_safe(reading))
    st.plotly_chart(
        charts.radar(labels, series, label_width=18),
        width="stretch",
        key="org_radar",
        alt=f"Radarkaart van deze ronde en de vorige, per thema. {reading}",
    )
    st.caption("De stippellijn is de vorige ronde. Alle groepen samen.")

    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown("**Verschil per thema** (alle groepen samen)")
        changes = rc.overall_changes()
        figure = compare_charts.change_bars(
            [c.short for c in changes], [view.change_points(c) for c in changes]
        )
        st.plotly_chart(
            figure,
            width="stretch",
            key="org_changes",
            alt=f"Staafgrafiek van het verschil per thema. {reading}",
        )
    with right:
        agenda_block(rc)
    with st.expander("De cijfers van deze grafiek"):
        show_table(view.changes_frame(rc), hide_index=True, width="stretch")
    st.markdown("**Verschil per groep** (in punten)")
    per_group = view.group_changes_frame(rc)
    if per_group is None:
        st.write("Er is geen groep die in beide rondes apart te zien is.")
    else:
        show_table(per_group, hide_index=True, width="stretch")
        st.caption("Alleen groepen die in beide rondes genoeg respondenten hadden om apart te tonen.")


def agenda_block(rc: history.RoundComparison) -> None:
    """The previous round's actions, each with how its theme changed since."""
    st.markdown("**Verbeteragenda van de vorige ronde**")
    actions = view.agenda_items(rc)
    if not actions:
        st.write("Bij de vorige ronde zijn geen acties vastgelegd.")
        return
    st.caption("Wat er na de vorige ronde is afgesproken, en hoe het thema nu scoort.")
    for item in actions:
        with st.container(border=True):
            st.markdown(f"**{markdown_safe(item.wat)}**")
            st.caption(markdown_safe(item.details))


def background_history_block(trends: list[history.BackgroundTrend]) -> None:
    """Who took part round after round: the "Over u" answers, per group, a bar per round."""
    st.subheader("Wie deden mee, per ronde")
    if not trends:
        st.info(
            "Nog niets te tonen: in deze rondes is niet gevraagd naar leeftijd en dergelijke, of geen "
            "antwoord werd door genoeg deelnemers van een groep gekozen."
        )
        return
    st.write(
        "Bereikt u de volgende ronde andere mensen? Per groep ziet u de antwoorden op de vragen bij "
        "'Over u', een balk per ronde. Een antwoord dat te weinig deelnemers kozen, telt mee bij "
        "'niet ingevuld' (grijs). Heeft een groep in een ronde geen balk, dan deden er te weinig mensen "
        "uit die groep mee om hen apart te tonen."
    )
    texts = {t.id: t.text for t in trends}
    chosen = st.selectbox("Vraag", list(texts), format_func=lambda i: texts[i], key="org_background_pick")
    item = view.background_trend_view(next(t for t in trends if t.id == chosen))
    if item.note:
        st.caption(markdown_safe(item.note))
    st.plotly_chart(
        charts.distribution_bars(item.options, item.rows, palette=item.palette),
        config=charts.PLOTLY_CONFIG,
        theme=None,
        key="org_background_chart",
        alt=f"Gestapelde staven per groep, een balk per ronde: {item.text} {item.reading}",
    )
    st.markdown(f"**Zo leest u de grafiek.** {markdown_safe(item.reading)}")
    with st.expander("De aantallen"):
        show_table(item.table, hide_index=True, width="stretch")

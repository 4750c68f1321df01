"""AppTest of the Terugkoppeling page: participants with ?code=, only when closed and shared."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dia_scan import storage
from dia_scan.common import agenda
from dia_scan.core import catalog, i18n
from dia_scan.core.text import markdown_safe
from dia_scan.quickscan import feedback, languages, rounds
from dia_scan.quickscan import result_view as results_view
from tests.conftest import managed, round_permit

PAGE = str(Path(__file__).resolve().parents[2] / "views" / "terugkoppeling.py")
#: The page sends the radar twice: with names for a wide screen, numbered for a phone (the width picks).
RADARS = 2


def _round(db, title: str, organisation: str = "Demogemeente Bergveld") -> dict:
    return next(
        r for r in storage.list_rounds(db) if r.organisation_name == organisation and r.title == title
    )


def _page(code: str | None = None, managed_row: dict | None = None, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    if code is not None:
        at.query_params["code"] = code
    if lang is not None:
        at.query_params["lang"] = lang
    if managed_row is not None:
        at.session_state["managed_rounds"] = managed(managed_row)
        at.session_state["current_round"] = managed_row.id
    at.run()
    assert not at.exception, at.exception
    return at


def _text(at: AppTest, kind: str) -> str:
    return " ".join(str(e.value) for e in getattr(at, kind))


def test_without_a_code_the_page_asks_for_it(demo):
    at = _page()
    assert [t.label for t in at.text_input] == ["Deelnamecode"]


def test_an_unknown_code_gets_a_dutch_message(demo):
    at = _page("ZZZZZZZZ")
    assert "kennen we niet" in _text(at, "warning")


def test_an_open_round_has_no_summary_yet(demo):
    second = _round(demo, "Quick Scan najaar 2026")
    feedback.set_summary_published(demo, round_permit(second), True)
    at = _page(second.join_code)
    assert _text(at, "info") == feedback.NOT_CLOSED
    assert not at.get("plotly_chart")


def test_a_closed_round_that_is_not_shared(demo):
    first = _round(demo, "Quick Scan voorjaar 2025")
    at = _page(first.join_code)
    assert _text(at, "info") == feedback.NOT_PUBLISHED
    assert not at.get("plotly_chart")


def test_the_shared_summary_shows_results_and_agenda(demo):
    first = _round(demo, "Quick Scan voorjaar 2025")
    agenda.save_action(
        demo,
        round_permit(first),
        storage.list_actions(demo, round_id=first.id)[0].id,
        result_note="<b>Samenvattingen</b> staan online",
    )
    feedback.set_summary_published(demo, round_permit(first), True)
    at = _page(first.join_code)
    headers = _text(at, "subheader")
    assert "De uitkomst in het kort" in headers and "verbeteragenda" in headers
    assert len(at.get("plotly_chart")) == RADARS
    markdown = _text(at, "markdown")
    assert "Raadsinformatie in gewone taal" in markdown
    assert "scoort het hoogst" in markdown
    assert "<b>Samenvattingen</b> staan online" in _text(at, "text")  # as text, never as HTML
    # who took part: the "Over u" readings, the same sentences as on the Resultaten page
    about = next(e for e in at.expander if e.label.startswith("Over de deelnemers"))
    report = feedback.participant_summary(demo, catalog.load_catalog(), first.join_code).report
    readings = [v.reading for v in results_view.background_views(report.result)]
    assert readings and all(markdown_safe(r) in _text(about, "markdown") for r in readings)
    assert "het vaakst gekozen" in _text(about, "markdown")
    assert "Voorbeeld voor de organisator" not in _text(at, "warning")


def test_a_group_under_k_never_appears(demo):
    second = _round(demo, "Quick Scan najaar 2026")  # 3 inwoners
    rounds.set_published(demo, round_permit(second), False)
    feedback.set_summary_published(demo, round_permit(second), True)
    at = _page(second.join_code)
    markdown = _text(at, "markdown")
    assert "**Inwoners**: te weinig deelnemers om apart te tonen" in markdown
    assert "Inwoners (n=" not in markdown
    for element in at.get("plotly_chart"):  # the radar with names and the phone's numbered one
        chart = element.proto.spec
        assert "Inwoners" not in chart and "Raad (n=11)" in chart


def test_the_facilitator_sees_a_preview(demo):
    second = _round(demo, "Quick Scan najaar 2026")
    at = _page(second.join_code, managed_row=second)
    assert "Voorbeeld voor de organisator" in _text(at, "warning")
    assert len(at.get("plotly_chart")) == RADARS


def test_the_summary_in_frysk_with_the_results_in_dutch(demo):
    first = _round(demo, "Quick Scan voorjaar 2025")
    feedback.set_summary_published(demo, round_permit(first), True)
    at = _page(first.join_code, lang="fy")
    assert at.title[0].value == "Weromkeppeling"
    headers = _text(at, "subheader")
    assert "De útkomst koart" in headers and "Wat sille wy dwaan: de ferbetteragenda" in headers
    assert "De ferbetteragenda stiet yn it Nederlânsk" in _text(at, "caption")
    assert "dielnimmers" in _text(at, "markdown") and "deelnemers" not in _text(
        at, "markdown"
    )  # who took part
    body = _text(at, "markdown")
    assert "skoart it heechst" in body and "scoort het hoogst" not in body  # the readings in Frysk
    frysk = i18n.localise(catalog.load_catalog().get(first.instrument_id), "fy")
    assert any(f"‘{t.title}’" in body for t in frysk.themes)  # with the themes' Frisian names
    assert markdown_safe("Skoares rinne fan 0 oant 100.") in body
    # what the report says for the trekker stays Dutch
    report = feedback.participant_summary(demo, None, first.join_code)
    assert "scoort het hoogst" in report.notable[0].message
    assert len(at.get("plotly_chart")) == RADARS


def test_why_there_is_no_summary_yet_is_told_in_the_participants_language(demo):
    second = _round(demo, "Quick Scan najaar 2026")
    at = _page(second.join_code, lang="fy")
    assert _text(at, "info").startswith("De weromkeppeling komt der as de scan sluten is.")
    first = _round(demo, "Quick Scan voorjaar 2025")
    at = _page(first.join_code, lang="en")
    assert _text(at, "info") == "The organiser has not shared the feedback on this scan (yet)."
    at = _page("12", lang="en")
    assert "This code is not right. A participation code has 8 characters" in _text(at, "warning")


def test_the_summary_in_english_reads_the_same_numbers(demo):
    first = _round(demo, "Quick Scan voorjaar 2025")
    feedback.set_summary_published(demo, round_permit(first), True)
    dutch = _page(first.join_code)
    english = _page(first.join_code, lang="en")
    body = _text(english, "markdown")
    assert markdown_safe("Scores run from 0 to 100.") in body and "Het hoogst" not in body
    summary = feedback.participant_summary(demo, None, first.join_code)
    english_texts = feedback.readings(summary, _instrument(demo, first, "en"), "en")
    assert english_texts.notable[0].startswith("The theme ‘")
    assert markdown_safe(english_texts.notable[0]) in body
    # the same sentences in Dutch as before for a Dutch participant
    assert all(markdown_safe(n.message) in _text(dutch, "markdown") for n in summary.notable[:2])


def test_who_took_part_the_table_and_the_radar_legend_in_english(demo):
    first = _round(demo, "Quick Scan voorjaar 2025")
    feedback.set_summary_published(demo, round_permit(first), True)
    english = _page(first.join_code, lang="en")
    body = _text(english, "markdown")
    assert "participants" in body and "deelnemers" not in body  # "Wie deden mee", with the groups' names
    assert "Who took part" in _text(english, "subheader") or "participants in the groups shown" in _text(
        english, "caption"
    )
    columns = list(english.dataframe[0].value.columns)
    assert columns[0] == "Theme" and columns[-1] == "Total"
    for chart in english.get("plotly_chart"):  # the radar with names and the phone's numbered one
        assert "50 = neutral" in chart.proto.spec and "neutraal" not in chart.proto.spec
    dutch = _page(first.join_code)
    assert all("50 = neutraal" in chart.proto.spec for chart in dutch.get("plotly_chart"))
    assert "deelnemers" in _text(dutch, "markdown")


def _instrument(db, row, language):
    return languages.participant_instrument(db, catalog.load_catalog(), row, language)


def test_the_summary_shows_no_open_answer_so_none_can_point_to_a_group(demo):
    """Issue 18 point 4 for the Terugkoppeling: it shows the radar, what stands out and the agenda, and
    no open answer at all (they stay on the organiser's Resultaten page, pooled when a group is hidden)."""
    first = _round(demo, "Quick Scan voorjaar 2025")
    answers = [a["text"] for a in storage.round_open_answers(demo, first.id)]
    assert answers, "the demo round has open answers"
    feedback.set_summary_published(demo, round_permit(first), True)
    for lang in (None, "fy"):
        at = _page(first.join_code, lang=lang)
        shown = " ".join(_text(at, kind) for kind in ("markdown", "text", "caption", "info", "table"))
        shown += " ".join(_text(e, "markdown") for e in at.expander)
        assert not [a for a in answers if a[:40] in shown or markdown_safe(a)[:40] in shown]

"""The Terugkoppeling's readings in the participant's language: the same numbers as the Dutch report,
the names from the instrument's translations, the sentences from the catalogues."""

from __future__ import annotations

from dia_scan import storage
from dia_scan.core import catalog, i18n
from dia_scan.quickscan import feedback, languages
from dia_scan.quickscan.result_view import score_view
from tests.conftest import round_permit


def _summary(db):
    row = next(r for r in storage.list_rounds(db) if r.title == "Quick Scan voorjaar 2025")
    feedback.set_summary_published(db, round_permit(row), True)
    return row, feedback.participant_summary(db, None, row.join_code)


def _instrument(db, row, language):
    return languages.participant_instrument(db, catalog.load_catalog(), row, language)


def test_in_dutch_the_readings_are_those_of_the_report(demo):
    row, summary = _summary(demo)
    texts = feedback.readings(summary, _instrument(demo, row, "nl"), "nl")
    assert texts.scores.reading == score_view(summary.report.result, "thema").reading
    for sentence, notable in zip(texts.notable, summary.notable, strict=True):
        if notable.kind in ("highest_theme", "lowest_theme", "dont_know"):
            assert sentence == notable.message  # one wording for the same fact


def test_in_frysk_names_and_sentences_change_and_the_numbers_do_not(demo):
    row, summary = _summary(demo)
    dutch = feedback.readings(summary, _instrument(demo, row, "nl"), "nl")
    frysk = feedback.readings(summary, _instrument(demo, row, "fy"), "fy")
    assert [s.values for s in frysk.scores.series] == [s.values for s in dutch.scores.series]
    translated = i18n.localise(catalog.load_catalog().get(row.instrument_id), "fy")
    assert frysk.scores.labels == [t.short for t in translated.themes]
    assert frysk.scores.reading.startswith("It heechst skoar")
    assert "Skoares rinne fan 0 oant 100." in frysk.scores.reading
    numbers = [w for w in dutch.scores.reading.split() if w.strip("().,:").isdigit()]
    assert numbers[:4] == [w for w in frysk.scores.reading.split() if w.strip("().,:").isdigit()][:4]
    assert frysk.scores.labels != dutch.scores.labels
    assert all(" fan de 100." in s or "punten" in s or "%" in s for s in frysk.notable)


def test_a_localised_result_keeps_every_number(demo):
    _, summary = _summary(demo)
    result = summary.report.result
    english = feedback.localised_result(
        result, i18n.localise(catalog.load_catalog().get(result.instrument_id), "en")
    )
    assert [t.overall for t in english.themes] == [t.overall for t in result.themes]
    assert [g.n for g in english.shown_groups] == [g.n for g in result.shown_groups]
    assert [g.id for g in english.shown_groups] == [g.id for g in result.shown_groups]
    assert english.shown_groups[0].label != result.shown_groups[0].label  # "Raad" -> "Council" or so

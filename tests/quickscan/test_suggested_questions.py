"""Ready-made maatwerkvragen: each shipped one becomes a round's own question, scored like a typed one,
and read in the participant's language (a typed one stays as typed)."""

from __future__ import annotations

import pytest

from dia_scan import storage
from dia_scan.core.errors import ServiceError
from dia_scan.core.i18n import TRANSLATION_LANGUAGES
from dia_scan.core.model import SuggestedCustomQuestion
from dia_scan.quickscan import languages, rounds
from dia_scan.quickscan.results import score_stored_round
from tests.builders import new_round

QUICKSCANS = ["quickscan-gemeente", "quickscan-provincie", "quickscan-waterschap"]


def test_a_suggestion_becomes_the_shape_a_round_takes():
    question = SuggestedCustomQuestion(
        id="mw_x",
        topic="Energie",
        kind="open",
        text="Wat heeft u nodig?",
        groups=["inwoners"],
        source="Seed 004",
    )
    assert question.as_custom_question() == {
        "kind": "open",
        "text": "Wat heeft u nodig?",
        "groups": ["inwoners"],
        "suggested": "mw_x",
    }
    assert rounds.CustomQuestion.model_validate(question.as_custom_question()).text == "Wat heeft u nodig?"


@pytest.mark.parametrize("instrument_id", QUICKSCANS)
def test_every_shipped_suggestion_is_accepted_as_a_question_of_its_instrument(
    db, catalog, organisation_id, instrument_id
):
    suggested = catalog.get(instrument_id).suggested_custom_questions
    assert suggested, f"{instrument_id} offers no ready-made maatwerkvragen"
    for start in range(0, len(suggested), rounds.MAX_CUSTOM_QUESTIONS):
        chunk = suggested[start : start + rounds.MAX_CUSTOM_QUESTIONS]
        row = new_round(
            db,
            catalog,
            organisation_id,
            instrument_id=instrument_id,
            custom_questions=[q.as_custom_question() for q in chunk],
        )
        instrument = rounds.round_instrument(db, row)
        asked = [s.text for t, s in instrument.statements() if t.custom] + [
            q.text for q in instrument.open_questions
        ]
        assert all(q.text in asked for q in chunk)


def test_a_picked_suggestion_is_scored_apart_and_left_out_of_the_total(db, catalog, organisation_id):
    picked = catalog.get("quickscan-gemeente").suggested_custom_questions
    energie = next(q for q in picked if q.id == "mw_energie_kosten")  # for every group
    row = new_round(db, catalog, organisation_id, custom_questions=[energie.as_custom_question()])
    instrument = rounds.round_instrument(db, row)
    for _ in range(5):
        draft = {
            # agree fully with the picked question, disagree fully with all the others
            "answers": {s.id: 5 if t.custom else 1 for t, s in instrument.statements_for("inwoners")},
            "priorities": [],
            "open": {},
        }
        handle = rounds.start_response(db, row, "inwoners")
        rounds.submit(db, handle.response_id, draft)

    result = score_stored_round(db, row)
    custom = result.theme(rounds.CUSTOM_THEME_ID)
    assert custom.custom and custom.by_group["inwoners"] == 100.0
    assert result.item("maatwerk_1").text == energie.text
    # the total is the mean of the instrument's own themes only (reverse-worded ones score 100 on a 1)
    non_custom = [t.by_group["inwoners"] for t in result.themes if not t.custom]
    assert result.total.by_group["inwoners"] == pytest.approx(sum(non_custom) / len(non_custom), abs=0.01)


def _ready(catalog, question_id: str, instrument_id: str = "quickscan-gemeente") -> SuggestedCustomQuestion:
    return next(q for q in catalog.get(instrument_id).suggested_custom_questions if q.id == question_id)


TYPED = {"kind": "stelling", "text": "De gemeente legt goed uit wat er met deze scan gebeurt.", "groups": []}


@pytest.mark.parametrize("instrument_id", QUICKSCANS)
def test_every_shipped_suggestion_has_a_frysk_and_an_english_text(catalog, instrument_id):
    for question in catalog.get(instrument_id).suggested_custom_questions:
        for language in TRANSLATION_LANGUAGES:
            translated = question.translation(language).get("text")
            assert translated and translated != question.text, f"{question.id} has no {language} text"


def test_a_round_keeps_which_ready_made_question_it_picked(db, catalog, organisation_id):
    kosten, buren = _ready(catalog, "mw_energie_kosten"), _ready(catalog, "mw_kernen_open")
    row = new_round(
        db,
        catalog,
        organisation_id,
        custom_questions=[kosten.as_custom_question(), TYPED, buren.as_custom_question()],
    )
    stored = storage.get_round(db, row.id)
    assert [q.suggested for q in rounds.own_questions(stored)] == [
        "mw_energie_kosten",
        None,
        "mw_kernen_open",
    ]


@pytest.mark.parametrize("language", TRANSLATION_LANGUAGES)
def test_a_participant_reads_a_ready_made_question_in_their_language_and_a_typed_one_as_typed(
    db, catalog, organisation_id, language
):
    kosten, open_question = _ready(catalog, "mw_energie_kosten"), _ready(catalog, "mw_kernen_open")
    row = new_round(
        db,
        catalog,
        organisation_id,
        custom_questions=[kosten.as_custom_question(), TYPED, open_question.as_custom_question()],
    )
    dutch = languages.participant_instrument(db, catalog, row, "nl")
    scan = languages.participant_instrument(db, catalog, row, language)
    assert [s.id for _, s in scan.statements()] == [s.id for _, s in dutch.statements()]
    assert scan.statement("maatwerk_1").text == kosten.translation(language)["text"]
    assert scan.statement("maatwerk_2").text == TYPED["text"]
    opened = {q.id: q for q in scan.open_questions}
    assert opened["maatwerk_open_3"].text == open_question.translation(language)["text"]
    # the screen marks the typed one only, and nothing in Dutch
    assert not languages.typed_in_dutch(scan.statement("maatwerk_1"), language)
    assert languages.typed_in_dutch(scan.statement("maatwerk_2"), language)
    assert not languages.typed_in_dutch(opened["maatwerk_open_3"], language)
    assert not languages.typed_in_dutch(scan.statement("raad_kaders"), language)
    assert not languages.typed_in_dutch(dutch.statement("maatwerk_2"), "nl")
    # the Dutch questionnaire, and so the results, keep the Dutch texts
    assert dutch.statement("maatwerk_1").text == kosten.text
    assert rounds.round_instrument(db, row).statement("maatwerk_1").text == kosten.text


def test_a_round_from_before_the_id_was_kept_finds_the_translation_by_its_dutch_text(
    db, catalog, organisation_id
):
    kosten = _ready(catalog, "mw_energie_kosten")
    old = {k: v for k, v in kosten.as_custom_question().items() if k != "suggested"}
    changed = {**old, "text": kosten.text.replace("duidelijk", "helder")}
    row = new_round(db, catalog, organisation_id, custom_questions=[old, changed])
    scan = languages.participant_instrument(db, catalog, row, "en")
    assert scan.statement("maatwerk_1").text == kosten.en["text"]
    assert scan.statement("maatwerk_2").text == changed["text"]  # no longer the ready-made text: typed
    assert languages.typed_in_dutch(scan.statement("maatwerk_2"), "en")


def test_a_ready_made_question_of_a_round_is_translated_in_the_terugkoppeling_names(
    db, catalog, organisation_id
):
    """The Terugkoppeling names the round's statements from the same questionnaire in the language."""
    from dia_scan.quickscan.feedback import localised_result
    from dia_scan.quickscan.results import score_stored_round

    kosten = _ready(catalog, "mw_energie_kosten")
    row = new_round(db, catalog, organisation_id, custom_questions=[kosten.as_custom_question()])
    result = localised_result(
        score_stored_round(db, row), languages.participant_instrument(db, catalog, row, "fy")
    )
    assert result.item("maatwerk_1").text == kosten.fy["text"]


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"suggested": "mw_bestaat_niet"}, "an id the instrument does not have"),
        ({"text": "Een andere tekst dan de kant-en-klare vraag."}, "another text under a ready-made id"),
        ({"kind": "open"}, "another kind under a ready-made id"),
    ],
)
def test_a_forged_ready_made_question_is_refused(db, catalog, organisation_id, change, why):
    question = {**_ready(catalog, "mw_energie_kosten").as_custom_question(), **change}
    with pytest.raises(ServiceError, match="geen kant-en-klare vraag van deze vragenlijst"):
        new_round(db, catalog, organisation_id, custom_questions=[question])
    assert not storage.list_rounds(db), f"nothing is stored for {why}"

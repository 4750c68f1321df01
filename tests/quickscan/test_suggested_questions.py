"""Ready-made maatwerkvragen: each shipped one becomes a round's own question, scored like a typed one."""

from __future__ import annotations

import pytest

from dia_scan.core.model import SuggestedCustomQuestion
from dia_scan.quickscan import rounds
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

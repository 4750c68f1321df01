"""Open answers never point to a group under k: the rule of ``quickscan.open_answers``, as a property over
any round, and end to end through storage into the JSON report, the Excel sheet and the HTML report."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from dia_scan.core.model import QuickScan
from dia_scan.quickscan import report as round_report
from dia_scan.quickscan import report_tables, rounds
from dia_scan.quickscan.open_answers import WITHHELD_NOTE, limit_open_answers
from dia_scan.quickscan.scoring import OpenAnswer, score_round, tally_from_responses
from tests.builders import new_round
from tests.quickscan.test_scoring_properties import INSTRUMENT as BASE
from tests.quickscan.test_scoring_properties import response_sets

#: The property instrument with open questions for everyone, for one binnenkant group only, and for the
#: buitenkant: an answer to a question for one group belongs to that group, whatever label it carries.
INSTRUMENT = QuickScan.model_validate(
    BASE.model_dump(mode="json")
    | {
        "open_questions": [
            {"id": "oq_all", "text": "Uw tip?"},
            {"id": "oq_b", "text": "Alleen voor de tweede binnengroep.", "groups": ["grp_b"]},
            {"id": "oq_out", "text": "Voor de buitenkant.", "groups": ["grp_d", "grp_e"]},
        ]
    }
)
QUESTIONS = {q.id: q for q in INSTRUMENT.open_questions}


def audience(question_id: str) -> set[str]:
    return set(QUESTIONS[question_id].groups or INSTRUMENT.group_ids)


@st.composite
def rounds_with_open_answers(draw):
    """Responses, and for some respondents an answer to each open question they were asked (each text
    unique, so a shown text identifies its author)."""
    responses = draw(response_sets())
    answers, authors = [], {}
    for index, response in enumerate(responses):
        for question_id in sorted(QUESTIONS):
            if response.group in audience(question_id) and draw(st.booleans()):
                text = f"antwoord {index} op {question_id}"
                answers.append(OpenAnswer(response.group, question_id, text))
                authors[text] = response.group
    return responses, answers, authors


@settings(max_examples=150, deadline=None)
@given(rounds_with_open_answers(), st.integers(min_value=0, max_value=8))
def test_no_shown_open_answer_can_be_attributed_to_a_group_under_k(data, k):
    responses, answers, authors = data
    tally = tally_from_responses(INSTRUMENT, responses)
    result = limit_open_answers(INSTRUMENT, score_round(INSTRUMENT, tally, k=k, open_answers=answers))
    sizes = {g: sum(1 for r in responses if r.group == g) for g in INSTRUMENT.group_ids}
    shown = {g.id: g for g in result.shown_groups}
    for answer in result.to_dict()["open_answers"]:
        # What a reader learns: the group label, and who was asked the question.
        group = shown.get(answer["group_id"])
        assert group is not None, "an answer without a shown group points to the groups that are not shown"
        members = set(group.merged_from or (group.id,))
        possible = {g for g in members & audience(answer["question_id"]) if sizes[g] > 0}
        assert authors[answer["text"]] in possible  # the label tells the truth
        # the people who could have written it are at least k, as for every number shown
        assert sum(sizes[g] for g in possible) >= result.k
        if len(possible) == 1:
            assert sizes[possible.pop()] >= result.k


@settings(max_examples=60, deadline=None)
@given(rounds_with_open_answers(), st.integers(min_value=0, max_value=8))
def test_answers_of_shown_groups_all_stay_and_the_note_says_when_some_go(data, k):
    responses, answers, authors = data
    scored = score_round(INSTRUMENT, tally_from_responses(INSTRUMENT, responses), k=k, open_answers=answers)
    result = limit_open_answers(INSTRUMENT, scored)
    labelled = [a for a in scored.open_answers if a.group_id is not None]
    assert list(result.open_answers) == labelled  # same content order, nothing of a shown group lost
    if len(labelled) < len(scored.open_answers):
        assert WITHHELD_NOTE in result.notes
    assert result.notes.count(WITHHELD_NOTE) <= 1


def _round_with_small_inwoners(db, catalog, organisation_id) -> dict:
    row = new_round(db, catalog, organisation_id, title="Kleine groep")
    instrument = rounds.round_instrument(db, row)

    def send(group: str, n: int, tip: str) -> None:
        for i in range(n):
            draft = {
                "answers": {s.id: 3 for _, s in instrument.statements_for(group)},
                "priorities": [],
                "open": {"open_tip": f"{tip} {i}"},
            }
            rounds.submit_complete(db, row, group, draft)

    send("raad", 5, "Raadstip")
    send("inwoners", 2, "Geheime inwonerstip")
    return row


def test_reports_and_excel_leave_out_a_small_groups_answers(db, catalog, organisation_id):
    row = _round_with_small_inwoners(db, catalog, organisation_id)
    export = report_tables.gather(db, catalog, row)
    report = export.report
    as_json = json.dumps(report.to_dict(), ensure_ascii=False)
    assert "Raadstip 0" in as_json and "Geheime" not in as_json
    assert WITHHELD_NOTE in report.result.notes

    html = round_report.html_bytes(export).decode()
    assert "Raadstip 4" in html and "Geheime" not in html
    assert WITHHELD_NOTE.split(",")[0] in html
    sheet = report_tables.open_answers_table(report)
    assert set(sheet["Groep"]) == {"Raad"}
    assert not sheet["Antwoord"].str.contains("Geheime").any()

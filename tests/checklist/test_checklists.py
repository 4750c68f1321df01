"""Services of the inclusiviteit-checklist: register, assess (together and apart), resume, results,
agenda, re-assess and compare. A fresh database file per test (conftest ``db``)."""

from __future__ import annotations

import dataclasses

import pytest

from dia_scan import storage
from dia_scan.checklist import service as checklists
from dia_scan.common import organisations
from dia_scan.core import codes
from dia_scan.core.errors import ServiceError
from dia_scan.output.palette import light_label
from tests.builders import new_assessment


@pytest.fixture
def checklist(catalog):
    return checklists.checklist_of(catalog)


@pytest.fixture
def process_id(db, catalog, organisation_id) -> int:
    return checklists.register_process(
        db,
        catalog,
        organisation_id=organisation_id,
        name="Wijkvisie Noord",
        description="Samen met bewoners een visie op de wijk maken.",
        phase="uitvoering",
        participation_level="adviseren",
        target_groups="jongeren, ouderen , nieuwkomers, Jongeren",
    )


def _answer_all(db, checklist, assessor_id: int, option: str = "ja") -> None:
    for _, criterion in checklist.criteria():
        checklists.answer(db, assessor_id, criterion.id, option_id=option)


# -- register ------------------------------------------------------------------------------------


def test_register_process_stores_fields(db, process_id):
    process = checklists.get_process(db, process_id)
    assert process.name == "Wijkvisie Noord"
    assert process.phase == "uitvoering"
    assert process.participation_level == "adviseren"
    assert process.target_groups == ("jongeren", "ouderen", "nieuwkomers")
    assert process.organisation_name == "Testgemeente"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "   "}, "naam"),
        ({"name": "x" * 121}, "te lang"),
        ({"name": "Ok", "description": "y" * 2001}, "beschrijving is te lang"),
        ({"name": "Ok", "phase": "halverwege"}, "fase"),
        ({"name": "Ok", "participation_level": "alles"}, "invloed"),
        ({"name": "Ok", "target_groups": "a" * 61}, "te lang"),
    ],
)
def test_register_refuses_bad_input(db, catalog, organisation_id, fields, message):
    with pytest.raises(ServiceError, match=message):
        checklists.register_process(db, catalog, organisation_id=organisation_id, **fields)
    assert storage.list_processes(db) == []


def test_register_needs_existing_organisation(db, catalog):
    with pytest.raises(ServiceError, match="organisatie"):
        checklists.register_process(db, catalog, organisation_id=999, name="Begroting")


def test_a_typed_organisation_is_checked_and_new_without_proof(db, organisation_id):
    # the same name typed again is not the existing organisation: that needs proof (test_organisation_proof)
    twin = organisations.settle(db, organisations.Choice(name="  testgemeente ", type="gemeente"), None)
    assert twin != organisation_id and storage.get_organisation(db, twin).name == "testgemeente"
    new_id = organisations.settle(db, organisations.Choice(name="Waterschap Aa", type="waterschap"), None)
    assert storage.get_organisation(db, new_id).type == "waterschap"
    with pytest.raises(ServiceError):
        organisations.settle(db, organisations.Choice(name=""), None)
    with pytest.raises(ServiceError):
        organisations.settle(db, organisations.Choice(name="Iets", type="bedrijf"), None)


# -- assess together -----------------------------------------------------------------------------


def test_samen_assessment_has_one_team_assessor(db, catalog, process_id, checklist):
    created = checklists.start_assessment(db, catalog, process_id=process_id, mode="samen")
    assert created.assessor_id is not None
    assert codes.looks_like_join_code(created.join_code)
    row = checklists.get_assessment(db, created.assessment_id)
    assert row.title == "Beoordeling 1"
    assert created.beheercode not in str(row)  # only the hash is stored
    assert checklists.authorize(db, created.join_code, created.beheercode).process_id == process_id
    with pytest.raises(ServiceError):
        checklists.authorize(db, created.join_code, "FOUT-FOUT-FOUT-FO")
    # nobody can join a "samen" assessment with only the join code
    with pytest.raises(ServiceError, match="samen"):
        checklists.join_assessment(db, row)
    team = checklists.team_assessor(db, row)
    assert team.assessor_id == created.assessor_id
    _answer_all(db, checklist, team.assessor_id, "deels")
    report = checklists.assessment_report(db, created.assessment_id)
    assert report.result.overall == pytest.approx(50.0)
    assert report.result.overall_traffic_light == "oranje"


# -- assess apart with codes, resume -------------------------------------------------------------


def test_apart_two_assessors_via_codes_and_resume(db, catalog, process_id, checklist):
    created = checklists.start_assessment(db, catalog, process_id=process_id, mode="apart")
    assessment = checklists.find_assessment(db, created.join_code.lower())
    first = checklists.join_assessment(db, assessment)
    second = checklists.join_assessment(db, assessment)
    assert (first.label, second.label) == ("Beoordelaar 1", "Beoordelaar 2")
    assert first.resume_code and first.resume_code != second.resume_code

    criteria = [c for _, c in checklist.criteria()]
    checklists.answer(
        db, first.assessor_id, criteria[0].id, option_id="ja", toelichting="Doel staat op papier."
    )
    checklists.answer(db, first.assessor_id, criteria[1].id, option_id="nee", actiepunt="Keuzes openlaten.")

    # reload: resume with the code, nothing is lost
    again = checklists.resume(db, first.resume_code.replace("-", " ").lower())
    assert again.assessor_id == first.assessor_id
    saved = checklists.answers_of(db, again.assessor_id)
    assert saved[criteria[0].id] == {
        "option_id": "ja",
        "toelichting": "Doel staat op papier.",
        "actiepunt": "",
    }
    assert saved[criteria[1].id]["actiepunt"] == "Keuzes openlaten."
    # changing only the toelichting keeps the option
    checklists.answer(db, first.assessor_id, criteria[0].id, toelichting="Anders gezegd.")
    assert checklists.answers_of(db, first.assessor_id)[criteria[0].id]["option_id"] == "ja"

    checklists.answer(db, second.assessor_id, criteria[0].id, option_id="nee")  # ja against nee
    checklists.answer(db, second.assessor_id, criteria[1].id, option_id="nvt")
    checklists.mark_done(db, second.assessor_id)

    report = checklists.assessment_report(db, created.assessment_id, catalog.advice)
    assert report.answered_assessors == 2
    first_view = report.criteria[0]
    assert first_view.score == pytest.approx(50.0)
    assert first_view.disagreement
    assert [c.id for c in report.disagreements] == [criteria[0].id]
    # n.v.t. is left out: criterion 2 scores only the "nee"
    assert report.criteria[1].score == pytest.approx(0.0)
    assert [c.id for c in report.todo] == [criteria[1].id, criteria[0].id]
    assert report.todo[0].actiepunten == ["Keuzes openlaten."]
    dim = report.result.dimensions[0]
    assert dim.score == pytest.approx(25.0)
    assert dim.traffic_light == "rood"
    assert [a["label"] for a in report.assessors] == ["Beoordelaar 1", "Beoordelaar 2"]
    assert [bool(a["submitted_at"]) for a in report.assessors] == [False, True]


def test_resume_refuses_bad_codes(db):
    with pytest.raises(ServiceError, match="14 tekens"):
        checklists.resume(db, "kort")
    with pytest.raises(ServiceError, match="kennen we niet"):
        checklists.resume(db, "ABCD-EFGH-JKMN-PQ")


def test_find_assessment_messages(db):
    with pytest.raises(ServiceError, match="Vul de code in"):
        checklists.find_assessment(db, "")
    with pytest.raises(ServiceError, match="8 tekens"):
        checklists.find_assessment(db, "ABC")
    with pytest.raises(ServiceError, match="kennen we niet"):
        checklists.find_assessment(db, "ABCDEFGH")


def test_closed_assessment_refuses_answers(db, catalog, process_id, checklist):
    created = checklists.start_assessment(db, catalog, process_id=process_id, mode="apart")
    handle = checklists.join_assessment(db, checklists.get_assessment(db, created.assessment_id))
    checklists.set_open(db, created.permit, created.assessment_id, False)
    criterion = checklist.criteria()[0][1]
    with pytest.raises(ServiceError, match="afgesloten"):
        checklists.answer(db, handle.assessor_id, criterion.id, option_id="ja")
    with pytest.raises(ServiceError, match="afgesloten"):
        checklists.join_assessment(db, checklists.get_assessment(db, created.assessment_id))
    checklists.set_open(db, created.permit, created.assessment_id, True)
    checklists.answer(db, handle.assessor_id, criterion.id, option_id="ja")


def test_join_codes_are_unique_across_rounds_and_assessments(db, catalog, process_id, monkeypatch):
    created = checklists.start_assessment(db, catalog, process_id=process_id, mode="apart")
    codes_to_try = iter([created.join_code, "ZZZZ2222"])
    monkeypatch.setattr(codes, "new_join_code", lambda: next(codes_to_try))
    second = checklists.start_assessment(
        db, catalog, process_id=process_id, mode="apart", permit=created.permit
    )
    assert second.join_code == "ZZZZ2222"


# -- bad answers ---------------------------------------------------------------------------------


def test_answer_refuses_unknown_ids_and_long_texts(db, catalog, process_id, checklist):
    created = checklists.start_assessment(db, catalog, process_id=process_id, mode="samen")
    aid = created.assessor_id
    criterion = checklist.criteria()[0][1]
    with pytest.raises(ServiceError, match="hoort niet"):
        checklists.answer(db, aid, "bestaat_niet", option_id="ja")
    with pytest.raises(ServiceError, match="Kies een van de antwoorden"):
        checklists.answer(db, aid, criterion.id, option_id="misschien")
    with pytest.raises(ServiceError, match="toelichting is te lang"):
        checklists.answer(db, aid, criterion.id, toelichting="x" * 1001)
    with pytest.raises(ServiceError, match="actiepunt is te lang"):
        checklists.answer(db, aid, criterion.id, actiepunt="x" * 1001)
    checklists.answer(db, aid, criterion.id, toelichting="x" * 1000)
    assert checklists.answers_of(db, aid)[criterion.id]["option_id"] is None


def test_html_in_toelichting_is_stored_and_returned_unchanged(db, catalog, process_id, checklist):
    created = checklists.start_assessment(db, catalog, process_id=process_id, mode="samen")
    criterion = checklist.criteria()[0][1]
    text = '<script>alert("x")</script> <b>vet</b> & =SUM(A1)'
    checklists.answer(
        db, created.assessor_id, criterion.id, option_id="deels", toelichting=text, actiepunt=text
    )
    saved = checklists.answers_of(db, created.assessor_id)[criterion.id]
    assert saved["toelichting"] == text
    report = checklists.assessment_report(db, created.assessment_id)
    assert report.criteria[0].toelichtingen == [text]
    assert report.criteria[0].actiepunten == [text]


def test_clearing_an_option(db, catalog, process_id, checklist):
    created = checklists.start_assessment(db, catalog, process_id=process_id, mode="samen")
    criterion = checklist.criteria()[0][1]
    checklists.answer(db, created.assessor_id, criterion.id, option_id="nee")
    checklists.answer(db, created.assessor_id, criterion.id, option_id=None)
    report = checklists.assessment_report(db, created.assessment_id)
    assert report.criteria[0].score is None
    assert report.answered_assessors == 0
    assert report.result.overall is None
    assert report.todo == []


# -- agenda --------------------------------------------------------------------------------------


def test_put_actiepunt_on_agenda_once(db, catalog, process_id, checklist, organisation_id):
    created = checklists.start_assessment(db, catalog, process_id=process_id, mode="samen")
    dimension, criterion = checklist.criteria()[0]
    long_action = "Bel de wijkraad. " * 50  # longer than an agenda item may be
    checklists.answer(db, created.assessor_id, criterion.id, option_id="nee", actiepunt=long_action)
    report = checklists.assessment_report(db, created.assessment_id)
    first = checklists.put_on_agenda(db, created.permit, report, criterion.id, long_action)
    again = checklists.put_on_agenda(db, created.permit, report, criterion.id, long_action)
    assert first == again
    actions = storage.list_actions(db, assessment_id=created.assessment_id)
    assert len(actions) == 1
    action = actions[0]
    assert action.organisation_id == organisation_id
    assert action.source == "actiepunt"
    assert action.target_id == dimension.id
    assert len(action.wat) <= 500
    assert checklists.agenda_text_for(long_action) in checklists.agenda_texts(db, created.assessment_id)


# -- re-assess and compare -----------------------------------------------------------------------


def test_reassess_and_compare(db, catalog, process_id, checklist):
    earlier = checklists.start_assessment(db, catalog, process_id=process_id, mode="samen")
    _answer_all(db, checklist, earlier.assessor_id, "nee")
    first_criterion = checklist.criteria()[0][1]
    checklists.answer(db, earlier.assessor_id, first_criterion.id, option_id="ja")

    later = checklists.start_assessment(
        db, catalog, process_id=process_id, mode="apart", permit=earlier.permit
    )
    assert checklists.get_assessment(db, later.assessment_id).title == "Beoordeling 2"
    assessment = checklists.get_assessment(db, later.assessment_id)
    assert checklists.previous_assessment(db, assessment).id == earlier.assessment_id
    for option in ("ja", "deels"):
        handle = checklists.join_assessment(db, assessment)
        _answer_all(db, checklist, handle.assessor_id, option)
    handle = checklists.join_assessment(db, assessment)  # joined but answered nothing: left out
    assert handle.label == "Beoordelaar 3"

    report = checklists.compare(db, earlier.assessment_id, later.assessment_id)
    assert report.after.answered_assessors == 2
    assert report.overall.after == pytest.approx(75.0)
    assert report.overall.direction == "improved"
    first_dimension = report.dimensions[0]
    assert first_dimension.title == checklist.dimensions[0].title
    assert first_dimension.before == pytest.approx(100 / len(checklist.dimensions[0].criteria))
    first = next(c for c in report.criteria if c.id == first_criterion.id)
    assert (first.before, first.after, first.direction) == (100.0, 75.0, "fell_back")
    assert first_criterion.id in {c.id for c in report.fell_back}
    # the process is in "uitvoering": criteria only for "afronding" have no score, so no change either
    applying = [c for _, c in checklist.criteria() if c.applies_in("uitvoering")]
    assert len(applying) < len(checklist.criteria())
    assert len(report.improved) == len(applying) - 1
    assert checklists.direction_label(first.direction) == "achteruitgegaan"

    history = checklists.history(db, process_id)
    assert [h["id"] for h in history] == [earlier.assessment_id, later.assessment_id]
    assert history[1]["light"] == "groen"


def test_compare_refuses_other_process(db, catalog, process_id, organisation_id):
    other = checklists.register_process(db, catalog, organisation_id=organisation_id, name="Begroting")
    a = checklists.start_assessment(db, catalog, process_id=process_id, mode="samen")
    b = checklists.start_assessment(db, catalog, process_id=other, mode="samen")
    with pytest.raises(ServiceError, match="hetzelfde proces"):
        checklists.compare(db, a.assessment_id, b.assessment_id)


def test_light_labels_carry_words_not_only_colour():
    assert light_label("groen").startswith("✓ groen")
    assert "rood" in light_label("rood")
    assert light_label(None) == "geen score"


# -- demo ----------------------------------------------------------------------------------------


def test_demo_checklists(db, catalog):
    from dia_scan.admin.demo_checklists import DEMO_PROCESSES, build_demo_checklists

    with pytest.raises(ServiceError, match="demo"):
        build_demo_checklists(db, catalog, 7)
    for name in ("Demo A", "Demo B", "Demo C"):
        storage.insert_organisation(db, name, demo=True)
    summary = build_demo_checklists(db, catalog, 7)
    assert len(summary["processes"]) == len(DEMO_PROCESSES)
    for process in storage.list_processes(db):
        assessments = storage.list_assessments(db, process.id)
        assert len(assessments) == 2
        assert assessments[0].created_at < assessments[1].created_at
        assert not checklists.is_open(assessments[0]) and checklists.is_open(assessments[1])
        for row in assessments:
            report = checklists.assessment_report(db, row.id)
            assert report.answered_assessors == 2
            assert len(report.disagreements) == 1
            assert all(n.toelichting for n in report.disagreements[0].notes)
            assert any(c.actiepunten for c in report.criteria)
            assert checklists.authorize(db, row.join_code, summary["beheercode"]).process_id == row.process_id
        comparison = checklists.compare(db, assessments[0].id, assessments[1].id)
        assert comparison.overall.change is not None
    assert any(a.source == "actiepunt" for a in storage.list_actions(db))


# -- correcting and deleting a process -----------------------------------------------------------


def test_the_facts_of_a_process_can_be_corrected_and_are_checked(db, catalog, process_id):
    created = checklists.start_assessment(db, catalog, process_id=process_id, mode="apart")
    checklists.update_process(
        db,
        catalog,
        created.permit,
        name="  Wijkvisie   Zuid ",
        description="Anders.",
        phase=None,
        participation_level="coproduceren",
        target_groups="huurders, Huurders, mensen met een beperking",
    )
    process = checklists.get_process(db, process_id)
    assert (process.name, process.description, process.phase, process.participation_level) == (
        "Wijkvisie Zuid",
        "Anders.",
        None,
        "coproduceren",
    )
    assert process.target_groups == ("huurders", "mensen met een beperking")
    with pytest.raises(ServiceError, match="fase"):
        checklists.update_process(db, catalog, created.permit, name="Ok", phase="halverwege")
    with pytest.raises(ServiceError, match="naam"):
        checklists.update_process(db, catalog, created.permit, name=" ")
    assert checklists.get_process(db, process_id).name == "Wijkvisie Zuid", "a refused change changes nothing"
    from dia_scan.core import permits

    with pytest.raises(permits.AccessDenied):
        checklists.update_process(db, catalog, None, name="Zonder beheercode")


def test_a_process_is_deleted_with_its_assessments_and_answers_and_its_actions_stay(
    db, catalog, organisation_id, process_id, checklist
):
    first = checklists.start_assessment(db, catalog, process_id=process_id, mode="apart")
    again = checklists.start_assessment(db, catalog, process_id=process_id, mode="samen", permit=first.permit)
    assessor = checklists.join_assessment(db, checklists.get_assessment(db, first.assessment_id))
    _answer_all(db, checklist, assessor.assessor_id)
    _answer_all(
        db,
        checklist,
        checklists.team_assessor(db, checklists.get_assessment(db, again.assessment_id)).assessor_id,
    )
    other_process = checklists.register_process(
        db, catalog, organisation_id=organisation_id, name="Begroting"
    )
    other = checklists.start_assessment(db, catalog, process_id=other_process, mode="apart")
    other_assessor = checklists.join_assessment(db, checklists.get_assessment(db, other.assessment_id))
    _answer_all(db, checklist, other_assessor.assessor_id)
    action_id = storage.insert_action(
        db, organisation_id=organisation_id, assessment_id=first.assessment_id, wat="Jongeren zelf uitnodigen"
    )

    def count(sql: str) -> int:
        return db.execute(sql).fetchone()[0]

    answers_before = count("SELECT COUNT(*) FROM checklist_answers")
    with pytest.raises(ServiceError, match="Sluit eerst de beoordelingen die nog openstaan"):
        checklists.delete_process(db, first.permit, "Wijkvisie Noord")
    checklists.set_open(db, first.permit, first.assessment_id, False)
    with pytest.raises(ServiceError, match="Sluit eerst de beoordeling die nog openstaat"):
        checklists.delete_process(db, first.permit, "Wijkvisie Noord")
    checklists.set_open(db, first.permit, again.assessment_id, False)
    assert count("SELECT COUNT(*) FROM checklist_answers") == answers_before, (
        "a refused delete deletes nothing"
    )
    with pytest.raises(ServiceError, match="naam van het proces"):
        checklists.delete_process(db, first.permit, "Begroting")
    assert count("SELECT COUNT(*) FROM checklist_answers") == answers_before, (
        "a refused delete deletes nothing"
    )

    deleted = checklists.delete_process(db, first.permit, " wijkvisie noord ")
    per_assessor = len(checklist.criteria())
    assert deleted == {
        "processes": 1,
        "assessments": 2,
        "assessors": 2,
        "answers": 2 * per_assessor,
        "actions_kept": 1,
    }
    assert storage.get_process(db, process_id) is None
    assert count(f"SELECT COUNT(*) FROM assessments WHERE process_id = {process_id}") == 0
    assert count("SELECT COUNT(*) FROM checklist_answers") == per_assessor, (
        "only the other process's are left"
    )
    assert checklists.answers_of(db, other_assessor.assessor_id), "the other process is untouched"
    action = storage.get_action(db, action_id)
    assert action.assessment_id is None and action.organisation_id == organisation_id
    with pytest.raises(ServiceError):
        checklists.managed_process(db, first.permit)
    with pytest.raises(ServiceError):
        checklists.authorize(db, first.join_code, first.beheercode)


def test_an_assessment_keeps_the_languages_it_was_started_with(db, catalog, organisation_id):
    process_id, first = new_assessment(db, catalog, organisation_id, mode="apart")
    assert checklists.offered_languages(checklists.get_assessment(db, first.assessment_id)) == ["nl"]
    later = checklists.start_assessment(
        db, catalog, process_id=process_id, mode="apart", permit=first.permit, languages=["en", "xx", "fy"]
    )
    stored = checklists.get_assessment(db, later.assessment_id)
    assert stored.languages == "nl,fy,en"  # Dutch always, first; an unknown code left out
    assert checklists.offered_languages(stored) == ["nl", "fy", "en"]
    assert checklists.offered_languages(dataclasses.replace(stored, languages=None)) == ["nl"]

"""Criteria that fit the phase: a criterion that cannot apply yet in the process's phase (the YAML's
``phases``) is shown as "not yet", never scored and never red, whatever was answered."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
import yaml

from dia_scan import storage
from dia_scan.checklist import service as checklists
from dia_scan.checklist.scoring import score_checklist
from dia_scan.core.errors import ServiceError
from dia_scan.core.model import Checklist
from tests.conftest import TESTS

V1_FIXTURE = TESTS / "fixtures" / "schema_v1.db"


def _golden_with_phases() -> Checklist:
    """The golden checklist, with c_terug only from "afronding" on (as the terugkoppeling criteria are)."""
    body = yaml.safe_load((TESTS / "golden" / "checklist.yaml").read_text(encoding="utf-8"))
    for dimension in body["dimensions"]:
        for criterion in dimension["criteria"]:
            if criterion["id"] == "c_terug":
                criterion["phases"] = ["afronding"]
    return Checklist.model_validate(body)


def test_a_criterion_that_cannot_apply_yet_gets_no_score_and_no_light():
    checklist = _golden_with_phases()
    answers = [{"c_doel": "ja", "c_terug": "nee"}, {"c_doel": "deels", "c_terug": "nee"}]

    early = score_checklist(checklist, answers, phase="voorbereiding")
    terug = next(c for c in early.criteria if c.id == "c_terug")
    assert terug.applies is False and terug.score is None and terug.disagreement is False
    assert terug.counts["nee"] == 2  # what was said stays visible
    dimension = next(d for d in early.dimensions if d.id == "terug")
    assert dimension.score is None and dimension.traffic_light is None
    # overall: only the doel dimension has a score: (100 + 50) / 2 = 75
    assert early.overall == 75.0

    late = score_checklist(checklist, answers, phase="afronding")
    terug = next(c for c in late.criteria if c.id == "c_terug")
    assert terug.applies is True and terug.score == 0.0
    # overall: doel 75 and terug 0, the mean of the dimensions with a score
    assert late.overall == 37.5
    assert next(d for d in late.dimensions if d.id == "terug").traffic_light == "rood"


def test_without_a_phase_every_criterion_applies():
    checklist = _golden_with_phases()
    result = score_checklist(checklist, [{"c_terug": "nee"}])
    assert next(c for c in result.criteria if c.id == "c_terug").score == 0.0


@pytest.fixture
def process_id(db, catalog, organisation_id) -> int:
    return checklists.register_process(
        db, catalog, organisation_id=organisation_id, name="Omgevingsvisie", phase="voorbereiding"
    )


def test_an_assessment_in_voorbereiding_does_not_put_terugkoppeling_on_the_to_do_list(
    db, catalog, process_id
):
    created = checklists.start_assessment(db, catalog, process_id=process_id, mode="samen")
    checklist = checklists.checklist_of(catalog)
    for _, criterion in checklist.criteria():
        checklists.answer(db, created.assessor_id, criterion.id, option_id="nee")

    report = checklists.assessment_report(db, created.assessment_id)
    assert report.phase == "voorbereiding"
    not_yet = {c.id for c in report.not_yet}
    assert not_yet == {c.id for _, c in checklist.criteria() if not c.applies_in("voorbereiding")}
    assert "terug_besluit" in not_yet
    assert all(c.score is None and c.light is None for c in report.not_yet)
    assert not_yet.isdisjoint({c.id for c in report.todo})
    assert {c.id for c in report.todo} == {c.id for c in report.criteria} - not_yet


def test_the_phase_of_an_open_assessment_follows_the_process_and_a_closed_one_keeps_its_own(
    db, catalog, process_id
):
    first = checklists.start_assessment(db, catalog, process_id=process_id, mode="samen")
    checklists.set_open(db, first.permit, first.assessment_id, False)
    second = checklists.start_assessment(
        db, catalog, process_id=process_id, mode="samen", permit=first.permit
    )

    checklists.update_process(db, catalog, first.permit, name="Omgevingsvisie", phase="afronding")

    assert checklists.get_assessment(db, first.assessment_id).phase == "voorbereiding"
    assert checklists.get_assessment(db, second.assessment_id).phase == "afronding"


def test_the_migration_gives_existing_assessments_the_phase_of_their_process(tmp_path):
    path = tmp_path / "v1.db"
    shutil.copy(V1_FIXTURE, path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE processes SET phase = 'uitvoering' WHERE id = (SELECT MIN(id) FROM processes)")
    conn.commit()
    conn.close()
    storage.connect(path)  # migrates
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT a.phase, p.phase FROM assessments a JOIN processes p ON p.id = a.process_id"
        ).fetchall()
    finally:
        conn.close()
    assert rows and all(mine == theirs for mine, theirs in rows)
    assert ("uitvoering", "uitvoering") in rows


def test_who_fill_in_is_recorded_checked_and_shown_in_words(db, catalog, process_id):
    created = checklists.start_assessment(
        db, catalog, process_id=process_id, mode="apart", who=["ambtenaren", "deelnemers", "team"]
    )
    report = checklists.assessment_report(db, created.assessment_id)
    assert report.who == ["het projectteam", "deelnemers en inwoners", "ambtenaren"]
    assert checklists.history(db, process_id)[0]["who"] == report.who
    with pytest.raises(ServiceError, match="Kies wie de checklist invullen"):
        checklists.start_assessment(
            db, catalog, process_id=process_id, mode="samen", who=[], permit=created.permit
        )
    with pytest.raises(ServiceError, match="Kies wie de checklist invullen"):
        checklists.start_assessment(
            db, catalog, process_id=process_id, mode="samen", who=["iedereen"], permit=created.permit
        )
    later = checklists.start_assessment(
        db, catalog, process_id=process_id, mode="samen", permit=created.permit
    )
    assert checklists.assessment_report(db, later.assessment_id).who == ["het projectteam"]

"""Storage hands out typed records (dia_scan.core.records), built at its edge: JSON decoded, flags as
booleans, empty texts as None, secrets left behind. On both engines."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dia_scan import storage
from dia_scan.core import codes
from dia_scan.core.records import Action, Assessment, Organisation, Process, Response, Round
from dia_scan.storage.organisations import _organisation


def _inserted(db, insert, get, **fields):
    """(id, record) of a row stored with ``insert`` and read back with ``get``."""
    record_id = insert(db, **fields)
    return record_id, get(db, record_id)


def test_an_organisation_comes_back_as_its_record(db):
    org = storage.insert_organisation(
        db,
        "Gemeente Fryslân-Oost",
        "gemeente",
        province="Fryslân",
        size_class="20-50k",
        tags=["water", "kernen"],
        demo=True,
        reference_code="GM0001",
        urbanisation=4,
    )
    record = storage.get_organisation(db, org)
    assert record == Organisation(
        id=org,
        name="Gemeente Fryslân-Oost",
        type="gemeente",
        province="Fryslân",
        size_class="20-50k",
        tags=("water", "kernen"),
        demo=True,
        reference_code="GM0001",
        urbanisation=4,
        created_at=record.created_at,
    )
    assert record.created_at[:4].isdigit() and "T" in record.created_at  # the stored ISO text, unchanged
    assert storage.list_organisations(db) == [record]
    assert storage.organisations_matching(db, None, ["gemeente fryslân-oost"], "gemeente") == [record]


def test_empty_profile_fields_are_none_and_the_flag_is_a_bool(db):
    org = storage.insert_organisation(db, "Waterschap Aa", "waterschap", province="", size_class="")
    record = storage.get_organisation(db, org)
    assert (record.province, record.size_class, record.urbanisation, record.reference_code) == (
        None,
        None,
        None,
        None,
    )
    assert record.tags == () and record.demo is False
    assert storage.get_organisation(db, org + 1) is None


def test_a_record_is_frozen_and_changed_by_a_copy(db):
    record = storage.get_organisation(db, storage.insert_organisation(db, "Gemeente A", tags=["x"]))
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.name = "Gemeente B"
    changed = dataclasses.replace(record, tags=("x", "y"))
    assert (record.tags, changed.tags, changed.id) == (("x",), ("x", "y"), record.id)
    assert json.loads(json.dumps(dataclasses.asdict(record)))["tags"] == ["x"]


def test_the_organisation_code_hash_is_read_on_request_not_carried_in_the_record(db):
    org = storage.insert_organisation(db, "Gemeente Code")
    assert storage.organisation_code_hash(db, org) is None
    code_hash = codes.hash_secret("GEHEIM")
    storage.set_organisation_code_hash(db, org, code_hash)
    assert storage.organisation_code_hash(db, org) == code_hash
    record = storage.get_organisation(db, org)
    assert not hasattr(record, "code_hash") and code_hash not in repr(record)
    assert storage.organisation_code_hash(db, org + 1) is None


_ROW = {
    "id": 1,
    "name": "X",
    "type": "provincie",
    "province": None,
    "size_class": None,
    "demo": 0,
    "reference_code": None,
    "urbanisation": None,
    "created_at": "2026-01-01T00:00:00",
    "code_hash": "secret",
}


@given(st.lists(st.text(max_size=40), max_size=10))
def test_tags_stored_as_json_come_back_as_the_same_tuple(tags):
    assert _organisation({**_ROW, "tags": json.dumps(tags)}).tags == tuple(tags)


def test_an_action_comes_back_as_its_record(db, organisation_id):
    action_id, action = _inserted(
        db,
        storage.insert_action,
        storage.get_action,
        organisation_id=organisation_id,
        wat="Raad en inwoners praten over de wijk",
        waarom="Meedenken en meedoen",
        target_id="betrokken_inwoners",
        wie="griffie",
        wanneer="2027-04-01",
        status="bezig",
        source="verbetertip",
    )
    assert action == Action(
        id=action_id,
        organisation_id=organisation_id,
        wat="Raad en inwoners praten over de wijk",
        round_id=None,
        assessment_id=None,
        waarom="Meedenken en meedoen",
        target_id="betrokken_inwoners",
        wie="griffie",
        wanneer="2027-04-01",  # the stored ISO date, as text
        status="bezig",
        result_note="",
        source="verbetertip",
        created_at=action.created_at,
        updated_at=action.created_at,
    )
    assert storage.list_actions(db, organisation_id=organisation_id) == [action]
    assert storage.list_actions(db, round_id=1) == [] and storage.get_action(db, action_id + 1) is None


def test_an_action_without_a_date_takes_the_columns_defaults(db, organisation_id):
    action_id = storage.insert_action(db, organisation_id=organisation_id, wat="Iets")
    action = storage.get_action(db, action_id)
    assert (action.wanneer, action.status, action.source, action.wie, action.waarom) == (
        None,
        "gepland",
        "handmatig",
        "",
        "",
    )
    storage.update_action(db, action_id, status="gedaan", result_note="Klaar.")
    updated = storage.get_action(db, action_id)
    assert updated == dataclasses.replace(
        action, status="gedaan", result_note="Klaar.", updated_at=updated.updated_at
    )
    assert updated.updated_at >= action.updated_at


def test_a_process_comes_back_as_its_record_with_its_organisation_and_count(db, organisation_id):
    process_id, process = _inserted(
        db,
        storage.insert_process,
        storage.get_process,
        organisation_id=organisation_id,
        name="Wijkvisie Noord",
        description="",
        phase="",
        participation_level="adviseren",
        target_groups=["jongeren", "ouderen"],
    )
    organisation = storage.get_organisation(db, organisation_id)
    assert process == Process(
        id=process_id,
        organisation_id=organisation_id,
        name="Wijkvisie Noord",
        description="",
        phase=None,
        participation_level="adviseren",
        target_groups=("jongeren", "ouderen"),
        created_at=process.created_at,
        organisation_name=organisation.name,
        organisation_type=organisation.type,
        assessment_count=0,
    )
    assert storage.list_processes(db) == [process] == storage.list_processes(db, organisation_id)
    assert storage.get_process(db, process_id + 1) is None


def _coded(db, instrument, join_code: str) -> dict:
    """The columns a round and an assessment share and show (the instrument version, kept in the
    database, and the join code); the beheercode hash is added at the insert."""
    storage.keep_instrument(db, instrument)
    return {"instrument_id": instrument.id, "instrument_version": instrument.version, "join_code": join_code}


def _hash_left_behind(record, stored_hash: str) -> None:
    """The beheercode is read on request (storage.*_beheercode_hash), never carried in the record."""
    assert codes.verify_secret("GEHEIM-BEHEER", stored_hash)
    assert not hasattr(record, "beheercode_hash") and stored_hash not in repr(record)
    assert stored_hash not in json.dumps(dataclasses.asdict(record))


def test_a_round_comes_back_as_its_record_with_its_organisation_and_count(db, catalog, organisation_id):
    coded = _coded(db, catalog.get("quickscan-gemeente"), "KX7M4RPA")
    question = {"kind": "open", "text": "Wat moet anders?", "groups": []}
    round_id, record = _inserted(
        db,
        storage.insert_round,
        storage.get_round,
        organisation_id=organisation_id,
        **coded,
        title="Voorjaar",
        beheercode_hash=codes.hash_secret("GEHEIM-BEHEER"),
        k=7,
        period_start="2027-03-01",
        period_end="",
        published=1,
        custom_questions=[question],
        languages="nl,fy",
    )
    organisation = storage.get_organisation(db, organisation_id)
    assert record == Round(
        id=round_id,
        organisation_id=organisation_id,
        **coded,
        title="Voorjaar",
        k=7,
        period_start="2027-03-01",
        period_end=None,
        published=True,
        closed_at=None,
        custom_questions=(question,),
        results_for_participants=False,
        summary_published=False,
        languages="nl,fy",
        created_at=record.created_at,
        organisation_name=organisation.name,
        organisation_type=organisation.type,
        submitted=0,
    )
    assert storage.get_round_by_code(db, "KX7M4RPA") == record
    assert storage.list_rounds(db) == [record] == storage.list_rounds(db, organisation_id)
    assert storage.get_round(db, round_id + 1) is None and storage.get_round_by_code(db, "ZZZZZZZZ") is None
    assert record.round_date == "2027-03-01"
    _hash_left_behind(record, storage.round_beheercode_hash(db, round_id))
    assert storage.round_beheercode_hash(db, round_id + 1) is None
    assert dataclasses.replace(record, period_start=None).round_date == record.created_at[:10]


def test_an_assessment_comes_back_as_its_record_with_its_process_and_counts(db, catalog, organisation_id):
    coded = _coded(db, catalog.checklists()[0], "PQ7M4RKA")
    process_id = storage.insert_process(db, organisation_id=organisation_id, name="Wijkvisie Noord")
    assessment_id, record = _inserted(
        db,
        storage.insert_assessment,
        storage.get_assessment,
        process_id=process_id,
        **coded,
        title="Beoordeling 1",
        mode="apart",
        beheercode_hash=codes.hash_secret("GEHEIM-BEHEER"),
        phase="",
        who=json.dumps(["team", "deelnemers"]),
        languages="nl,en",
    )
    storage.insert_numbered_assessor(db, assessment_id, "token-1")
    done, _ = storage.insert_numbered_assessor(db, assessment_id, "token-2")
    storage.mark_assessor_done(db, done)
    assert storage.get_assessment(db, assessment_id) == Assessment(
        id=assessment_id,
        process_id=process_id,
        **coded,
        title="Beoordeling 1",
        mode="apart",
        published=True,
        closed_at=None,
        phase=None,
        who=("team", "deelnemers"),
        languages="nl,en",
        created_at=record.created_at,
        process_name="Wijkvisie Noord",
        organisation_id=organisation_id,
        assessor_count=2,
        done_count=1,
    )
    assert storage.get_assessment_by_code(db, "PQ7M4RKA") == storage.list_assessments(db, process_id)[0]
    assert (record.period_start, record.period_end) == (None, None)  # an assessment has no period
    assert storage.get_assessment(db, assessment_id + 1) is None
    _hash_left_behind(record, storage.assessment_beheercode_hash(db, assessment_id))
    assert storage.assessment_beheercode_hash(db, assessment_id + 1) is None


def test_a_response_comes_back_as_its_record_without_its_resume_code_hash(db, catalog, organisation_id):
    coded = _coded(db, catalog.get("quickscan-gemeente"), "KX7M4RPA")
    round_id = storage.insert_round(
        db, organisation_id=organisation_id, **coded, title="Voorjaar", beheercode_hash="x"
    )
    token_hash = codes.token_hash("ABCDEFGHJKMNPQ")
    draft = {"answers": {"raad_kaders": 4}, "step": 2, "open": {"o1": "Meer ‘uitleg’"}}
    response_id = storage.insert_response(db, round_id, "raad", token_hash, draft)
    record = storage.get_response_by_id(db, response_id)
    assert record == Response(
        id=response_id,
        round_id=round_id,
        group_id="raad",
        draft=draft,
        started_at=record.started_at,
        updated_at=record.started_at,
        submitted_at=None,
    )
    assert storage.get_response_by_token_hash(db, token_hash) == record
    assert not hasattr(record, "token_hash") and token_hash not in repr(record)
    assert storage.get_response_by_id(db, response_id + 1) is None
    assert storage.get_response_by_token_hash(db, codes.token_hash("NOGEENANDERE1")) is None

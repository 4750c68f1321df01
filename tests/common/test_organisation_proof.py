"""Organisations that are yours: new work joins an existing organisation only with proof, enforced in the
services (``organisations.prove``, ``rounds.set_up_round``, ``registration.register_and_start``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dia_scan import storage
from dia_scan.checklist import registration
from dia_scan.common import agenda, organisations
from dia_scan.common.organisations import Choice
from dia_scan.compare import history
from dia_scan.core import permits
from dia_scan.core.errors import AccessDenied, ServiceError
from dia_scan.quickscan import rounds
from tests.builders import submit_responses

GEMEENTE = "quickscan-gemeente"
AALSMEER = Choice(listed_code="GM0358")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _no_wait(monkeypatch):
    monkeypatch.setattr("dia_scan.common.code_access.time.sleep", lambda _: None)


@pytest.fixture
def theirs(db, catalog):
    """Gemeente Aalsmeer with a round with answers, an "Over u" count and an action on its agenda."""
    created = rounds.set_up_round(
        db, catalog, organisation=AALSMEER, instrument_id=GEMEENTE, title="Voorjaar"
    )
    row = storage.get_round(db, created.round_id)
    submit_responses(db, row, {"raad": 5, "college": 5, "organisatie": 5, "inwoners": 5})
    agenda.add_action(db, created.permit, wat="Raadsleden beter inwerken", status="bezig")
    return created


def _new_round(db, catalog, choice=AALSMEER, **proof):
    return rounds.set_up_round(
        db, catalog, organisation=choice, instrument_id=GEMEENTE, title="Nieuw", **proof
    )


def test_a_gemeente_from_the_list_starts_with_its_cbs_profile(db, catalog, theirs):
    profile = organisations.get_profile(db, theirs.permit.organisation_id)
    assert (profile.name, profile.type, profile.province, profile.size_class) == (
        "Gemeente Aalsmeer",
        "gemeente",
        "Noord-Holland",
        "20-50k",
    )
    assert (profile.urbanisation, organisations.urbanisation_label(profile), profile.reference_code) == (
        4,
        "weinig stedelijk",
        "GM0358",
    )
    # and stays editable, urbanisation included
    changed = organisations.update_profile(
        db,
        theirs.permit,
        profile.id,
        type="gemeente",
        province="Noord-Holland",
        size_class="20-50k",
        tags=["kernen"],
        urbanisation=3,
    )
    assert changed.urbanisation == 3
    with pytest.raises(ServiceError, match="stedelijkheid"):
        organisations.update_profile(
            db,
            theirs.permit,
            profile.id,
            type="gemeente",
            province=None,
            size_class=None,
            tags=[],
            urbanisation=9,
        )


@pytest.mark.parametrize(
    "choice", [AALSMEER, Choice(name="  gemeente   AALSMEER ", type="gemeente")], ids=["listed", "typed"]
)
def test_a_fresh_round_without_proof_reaches_nothing_of_the_organisation(db, catalog, theirs, choice):
    fresh = _new_round(db, catalog, choice)
    org = theirs.permit.organisation_id
    assert fresh.permit.organisation_id != org
    # profile, history, "Over u" counts: refused in the services
    with pytest.raises(AccessDenied):
        organisations.managed_profile(db, fresh.permit, org)
    with pytest.raises(AccessDenied):
        history.organisation_history(db, org, GEMEENTE, permit=fresh.permit)
    with pytest.raises(AccessDenied):
        history.background_history(db, org, GEMEENTE, permit=fresh.permit)
    with pytest.raises(AccessDenied):
        organisations.update_profile(
            db, fresh.permit, org, type="gemeente", province=None, size_class=None, tags=[]
        )
    # the agenda: nothing carried into the fresh round, and their actions cannot be changed
    fresh_row = storage.get_round(db, fresh.round_id)
    assert agenda.round_agenda(db, fresh_row).all == []
    [action] = agenda.actions_for_organisation(db, org)
    with pytest.raises(AccessDenied):
        agenda.save_action(db, fresh.permit, action.id, status="gedaan")
    assert storage.get_action(db, action.id).status == "bezig"
    # its own (new) organisation has only its own round
    assert [r.id for r in storage.list_rounds(db, fresh.permit.organisation_id)] == [fresh.round_id]


def test_the_beheercode_of_one_of_its_rounds_proves_it(db, catalog, theirs):
    joined = _new_round(db, catalog, proof_code=theirs.beheercode.lower().replace("-", " "))
    org = theirs.permit.organisation_id
    assert joined.permit.organisation_id == org
    assert organisations.managed_profile(db, joined.permit, org).name == "Gemeente Aalsmeer"
    assert [
        p.title for p in history.organisation_history(db, org, GEMEENTE, permit=joined.permit).points
    ] == ["Voorjaar"]
    carried = agenda.round_agenda(db, storage.get_round(db, joined.round_id)).carried
    assert [a.wat for a in carried] == ["Raadsleden beter inwerken"]


def test_the_organisation_code_proves_it_and_a_new_one_replaces_it(db, catalog, theirs):
    org = theirs.permit.organisation_id
    with pytest.raises(AccessDenied):
        organisations.new_organisation_code(db, None, org)
    first = organisations.new_organisation_code(db, theirs.permit, org)
    assert organisations.has_organisation_code(db, theirs.permit, org)
    assert _new_round(db, catalog, proof_code=first).permit.organisation_id == org
    second = organisations.new_organisation_code(db, theirs.permit, org)
    with pytest.raises(ServiceError, match="geen eerdere ronde of organisatiecode"):
        _new_round(db, catalog, proof_code=first)  # the old code stopped working
    assert _new_round(db, catalog, proof_code=second).permit.organisation_id == org


def test_a_coordinator_or_a_permit_held_for_the_organisation_is_proof_enough(db, catalog, theirs):
    org = theirs.permit.organisation_id
    stranger = _new_round(db, catalog, Choice(name="Gemeente Elders"))
    assert (
        _new_round(db, catalog, held_permits=[permits.issue_coordinator("anna")]).permit.organisation_id
        == org
    )
    assert _new_round(db, catalog, held_permits=[theirs.permit]).permit.organisation_id == org
    # a permit of another organisation proves nothing about this one
    assert _new_round(db, catalog, held_permits=[stranger.permit]).permit.organisation_id != org


def test_a_typed_code_says_which_of_two_organisations_of_one_name_is_meant(db, catalog, theirs):
    """A session that first made a round for "Gemeente Aalsmeer" without proof (a new organisation of
    the same name) and then types the beheercode of the real one's round joins the real one: the typed
    code goes before a permit the session holds for the other (found by walking it in Chromium)."""
    fresh = _new_round(db, catalog)
    assert fresh.permit.organisation_id != theirs.permit.organisation_id
    joined = _new_round(db, catalog, proof_code=theirs.beheercode, held_permits=[fresh.permit])
    assert joined.permit.organisation_id == theirs.permit.organisation_id
    # without a code the permit held is still proof of its own organisation
    again = _new_round(db, catalog, held_permits=[fresh.permit])
    assert again.permit.organisation_id == fresh.permit.organisation_id


def test_wrong_proof_codes_are_refused_counted_and_blocked(db, catalog, theirs):
    for attempt in range(4):
        with pytest.raises(ServiceError, match="geen eerdere ronde of organisatiecode"):
            _new_round(db, catalog, proof_code=f"AAAA-BBBB-CCCC-D{attempt}")
    with pytest.raises(ServiceError, match="Te veel verkeerde pogingen"):
        _new_round(db, catalog, proof_code="AAAA-BBBB-CCCC-DX")
    # while blocked even the right code is refused (as for every session), and nothing was made
    with pytest.raises(ServiceError, match="Probeer het over"):
        _new_round(db, catalog, proof_code=theirs.beheercode)
    assert len(storage.list_rounds(db)) == 1 and len(storage.list_organisations(db)) == 1


def test_a_code_for_an_organisation_nobody_uses_gets_the_same_answer(db, catalog):
    # the answer does not tell whether the organisation uses this installation
    with pytest.raises(ServiceError, match="geen eerdere ronde of organisatiecode"):
        _new_round(db, catalog, Choice(listed_code="GM0344"), proof_code="AAAA-BBBB-CCCC-DD")
    assert storage.list_organisations(db) == []


def test_an_unknown_list_entry_is_refused(db, catalog):
    with pytest.raises(ServiceError, match="uit de lijst"):
        _new_round(db, catalog, Choice(listed_code="GM9999"))


def test_a_checklist_process_joins_the_organisation_only_with_proof(db, catalog, theirs):
    org = theirs.permit.organisation_id
    fields = {"mode": "samen", "name": "Wijkvisie"}
    alone = registration.register_and_start(db, catalog, organisation=AALSMEER, **fields)
    assert alone.permit.organisation_id != org
    joined = registration.register_and_start(
        db,
        catalog,
        organisation=AALSMEER,
        proof_code=theirs.beheercode,
        assessment_options={"title": "Eerste keer"},
        **fields,
    )
    assert joined.permit.organisation_id == org
    assert storage.get_assessment(db, joined.assessment_id).title == "Eerste keer"
    # and an assessment's beheercode in turn proves the organisation for a Quick Scan round
    assert _new_round(db, catalog, proof_code=joined.beheercode).permit.organisation_id == org


def test_a_refused_process_leaves_no_organisation_behind(db, catalog):
    with pytest.raises(ServiceError):
        registration.register_and_start(db, catalog, organisation=AALSMEER, mode="samen", name="  ")
    assert storage.list_organisations(db) == []


def test_only_trusted_code_calls_create_round_without_proof():
    """People set up rounds through ``set_up_round``; ``create_round`` (no proof asked) is for the demo,
    the benchmark and tests. A page or another service calling it would bypass the proof."""
    allowed = {"dia_scan/quickscan/rounds.py", "dia_scan/admin/demo.py", "dia_scan/admin/demo_other.py"}
    callers = {
        str(path.relative_to(ROOT))
        for folder in ("dia_scan", "views")
        for path in (ROOT / folder).rglob("*.py")
        if re.search(r"\bcreate_round\(", path.read_text(encoding="utf-8"))
    }
    assert callers <= allowed, callers - allowed


def test_an_organisation_typed_before_the_list_is_found_and_linked_with_proof(db, catalog):
    legacy = storage.insert_organisation(db, "aalsmeer", "gemeente", size_class="< 20k")  # typed by hand once
    earlier = rounds.create_round(db, catalog, organisation_id=legacy, instrument_id=GEMEENTE, title="2024")
    assert _new_round(db, catalog).permit.organisation_id != legacy  # no proof: still not theirs
    joined = _new_round(db, catalog, proof_code=earlier.beheercode)
    assert joined.permit.organisation_id == legacy
    row = storage.get_organisation(db, legacy)
    # linked to the list; what was filled in by hand stays, what was missing comes from the list
    assert (row.reference_code, row.size_class, row.province, row.urbanisation) == (
        "GM0358",
        "< 20k",
        "Noord-Holland",
        4,
    )
    assert row.name == "aalsmeer"

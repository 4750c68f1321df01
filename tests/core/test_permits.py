"""Access is enforced in the services: every facilitator or coordinator action needs a genuine permit
for exactly the round, process or organisation it touches (issue #7, "enforced in the services")."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from dia_scan import storage
from dia_scan.checklist import service as checklists
from dia_scan.common import agenda, organisations
from dia_scan.compare import comparison as compare
from dia_scan.compare import coordinators
from dia_scan.core import permits
from dia_scan.core.errors import AccessDenied, ServiceError
from dia_scan.core.records import Round
from dia_scan.quickscan import feedback, rounds

ROOT = Path(__file__).resolve().parents[2]
GEMEENTE = "quickscan-gemeente"


@pytest.fixture
def two_rounds(db, catalog, organisation_id):
    other_org = storage.insert_organisation(db, "Andere gemeente", "gemeente")
    mine = rounds.create_round(
        db, catalog, organisation_id=organisation_id, instrument_id=GEMEENTE, title="Mijn"
    )
    theirs = rounds.create_round(
        db, catalog, organisation_id=other_org, instrument_id=GEMEENTE, title="Hunne"
    )
    return mine, theirs


def _not_permits(mine):
    """Everything that is not a genuine permit for ``mine``'s round."""
    forged = object.__new__(permits.RoundPermit)
    object.__setattr__(forged, "round_id", mine.round_id)
    object.__setattr__(forged, "organisation_id", mine.permit.organisation_id)
    object.__setattr__(forged, "join_code", mine.join_code)
    object.__setattr__(forged, "seal", "0" * 64)
    tampered = permits.issue_round(Round(999, 1, "quickscan-gemeente", 1, "Ronde", "KX7M4RPA", 5))
    object.__setattr__(tampered, "round_id", mine.round_id)  # fields changed after sealing
    return [
        None,
        mine.round_id,
        {"round_id": mine.round_id},
        forged,
        tampered,
        permits.issue_coordinator("x"),
    ]


def test_a_permit_cannot_be_made_or_copied_by_hand(two_rounds):
    mine, _ = two_rounds
    with pytest.raises(AccessDenied):
        permits.RoundPermit(mine.round_id, 1, mine.join_code)
    with pytest.raises(AccessDenied):
        permits.RoundPermit(mine.round_id, 1, mine.join_code, seal="f" * 64)
    with pytest.raises(AccessDenied):
        dataclasses.replace(mine.permit, round_id=mine.round_id + 1)
    with pytest.raises(AccessDenied):
        permits.CoordinatorPermit("anna")


def test_round_services_refuse_anything_but_the_rounds_own_permit(db, two_rounds):
    mine, theirs = two_rounds
    calls = [
        lambda p: rounds.set_published(db, p, False),
        lambda p: rounds.set_results_for_participants(db, p, True),
        lambda p: rounds.monitor(db, p),
        lambda p: rounds.managed_round(db, p),
        lambda p: feedback.set_summary_published(db, p, True),
        lambda p: feedback.preview_summary(db, None, p),
        lambda p: agenda.add_round_action(db, p, wat="Iets"),
        lambda p: agenda.add_tip_action(db, p, "krachtige_raad", "Krachtige raad", "Tip"),
    ]
    before = storage.get_round(db, mine.round_id)
    for call in calls:
        for wrong in _not_permits(mine):
            with pytest.raises(AccessDenied):
                call(wrong)
    assert storage.get_round(db, mine.round_id) == before
    assert storage.list_actions(db) == []
    # the other round's own permit works for that round, and only changes that round
    rounds.set_published(db, theirs.permit, False)
    assert storage.get_round(db, theirs.round_id).closed_at
    assert not storage.get_round(db, mine.round_id).closed_at
    assert rounds.managed_round(db, mine.permit).id == mine.round_id


def test_an_action_is_only_changed_by_its_own_organisation(db, two_rounds):
    mine, theirs = two_rounds
    action_id = agenda.add_round_action(db, mine.permit, wat="Wijkbezoek")
    for wrong in [theirs.permit, permits.issue_coordinator("anna"), None]:
        with pytest.raises(AccessDenied):
            agenda.save_action(db, wrong, action_id, status="gedaan")
    with pytest.raises(AccessDenied):  # a round permit cannot file an action under another round
        agenda.add_action(db, mine.permit, round_id=theirs.round_id, wat="x")
    assert storage.get_action(db, action_id).status == "gepland"
    agenda.save_action(db, mine.permit, action_id, status="gedaan")
    assert storage.get_action(db, action_id).status == "gedaan"
    with pytest.raises(ServiceError):  # fields outside the editor cannot be changed
        agenda.update_action(db, mine.permit, action_id, organisation_id=2)


def test_authorize_issues_the_permit_and_nothing_without_the_beheercode(db, two_rounds):
    mine, theirs = two_rounds
    assert rounds.authorize(db, mine.join_code, mine.beheercode) == mine.permit
    with pytest.raises(ServiceError):
        rounds.authorize(db, mine.join_code, theirs.beheercode)


def test_process_services_need_the_process_permit(db, catalog, organisation_id):
    process = checklists.register_process(db, catalog, organisation_id=organisation_id, name="Wijkvisie")
    other = checklists.register_process(db, catalog, organisation_id=organisation_id, name="Begroting")
    first = checklists.start_assessment(db, catalog, process_id=process, mode="samen")
    elsewhere = checklists.start_assessment(db, catalog, process_id=other, mode="samen")
    assert checklists.authorize(db, first.join_code, first.beheercode) == first.permit
    # a later assessment of a process needs its permit; the first one makes the codes
    for wrong in [None, elsewhere.permit, permits.issue_coordinator("anna")]:
        with pytest.raises(AccessDenied):
            checklists.start_assessment(db, catalog, process_id=process, mode="apart", permit=wrong)
        with pytest.raises(AccessDenied):
            checklists.set_open(db, wrong, first.assessment_id, False)
    for wrong in [None, first.assessment_id, permits.issue_coordinator("anna")]:
        with pytest.raises(AccessDenied):
            checklists.managed_process(db, wrong)
    assert checklists.managed_process(db, elsewhere.permit).id == other
    assert checklists.is_open(checklists.get_assessment(db, first.assessment_id))
    criterion = next(c for _, c in checklists.checklist_of(catalog).criteria())
    checklists.answer(db, first.assessor_id, criterion.id, option_id="nee", actiepunt="Jongeren vragen")
    report = checklists.assessment_report(db, first.assessment_id)
    with pytest.raises(AccessDenied):
        checklists.put_on_agenda(db, elsewhere.permit, report, criterion.id, "Jongeren vragen")
    assert checklists.put_on_agenda(db, first.permit, report, criterion.id, "Jongeren vragen")
    later = checklists.start_assessment(db, catalog, process_id=process, mode="apart", permit=first.permit)
    checklists.set_open(db, later.permit, first.assessment_id, False)
    assert not checklists.is_open(checklists.get_assessment(db, first.assessment_id))


def test_profiles_are_edited_by_a_coordinator_or_the_organisations_own_facilitator(db, two_rounds):
    mine, theirs = two_rounds
    fields = {"type": "gemeente", "province": "Zeeland", "size_class": None, "tags": ["kust"]}
    with pytest.raises(AccessDenied):
        organisations.update_profile(db, theirs.permit, mine.permit.organisation_id, **fields)
    with pytest.raises(AccessDenied):
        organisations.update_profile(db, None, mine.permit.organisation_id, **fields)
    assert organisations.update_profile(db, mine.permit, mine.permit.organisation_id, **fields).tags == (
        "kust",
    )
    accounts = {"anna": coordinators.hash_password("een-lang-wachtwoord")}
    assert coordinators.login(accounts, "anna", "fout-wachtwoord-12") is None
    anna = coordinators.login(accounts, " anna ", "een-lang-wachtwoord")
    assert anna is not None and anna.name == "anna"
    assert (
        organisations.update_profile(db, anna, theirs.permit.organisation_id, **fields).province == "Zeeland"
    )


def test_only_the_code_and_account_checks_issue_permits():
    """A page, the CLI or another service cannot hand out access: ``issue_*`` is called only where the
    beheercode or the coordinator account has just been checked (or the codes were just made)."""
    allowed = {
        "issue_round": {"dia_scan/quickscan/rounds.py"},
        "issue_process": {"dia_scan/checklist/assessments.py"},
        "issue_coordinator": {"dia_scan/compare/coordinators.py"},
    }
    found: dict[str, set[str]] = {name: set() for name in allowed}
    for path in [*ROOT.glob("dia_scan/**/*.py"), *ROOT.glob("views/*.py"), ROOT / "app.py"]:
        rel = path.relative_to(ROOT).as_posix()
        if rel == "dia_scan/core/permits.py":
            continue
        for name in re.findall(r"\b(issue_round|issue_process|issue_coordinator)\(", path.read_text()):
            found[name].add(rel)
    assert found == allowed


def test_the_comparison_of_all_organisations_is_for_coordinators_only(db, two_rounds):
    mine, _ = two_rounds
    for wrong in [None, mine.permit, "anna"]:
        with pytest.raises(AccessDenied):
            compare.coordinator_comparison(db, wrong, GEMEENTE)
    comparison = compare.coordinator_comparison(db, permits.issue_coordinator("anna"), GEMEENTE)
    assert not comparison.organisations  # no round has answers yet


def test_a_round_pass_opens_only_its_round_until_it_expires(db, two_rounds):
    mine, theirs = two_rounds
    now = 1_800_000_000.0
    row, their_row = storage.get_round(db, mine.round_id), storage.get_round(db, theirs.round_id)
    held, their_hash = (
        storage.round_beheercode_hash(db, row.id),
        storage.round_beheercode_hash(db, their_row.id),
    )
    token = permits.round_pass(mine.permit, row, held, now=now)
    assert mine.join_code not in token  # id, expiry and seal: nothing to log in with elsewhere
    assert permits.redeem_round_pass(token, row, held, now=now + permits.PASS_SECONDS - 1) == mine.permit
    with pytest.raises(AccessDenied, match="verlopen"):
        permits.redeem_round_pass(token, row, held, now=now + permits.PASS_SECONDS + 1)
    with pytest.raises(AccessDenied):  # another round's record
        permits.redeem_round_pass(token, their_row, their_hash, now=now)
    with pytest.raises(AccessDenied):  # the round with another beheercode hash
        permits.redeem_round_pass(token, row, their_hash, now=now)
    round_id, expires, seal = token.split(".")
    for forged in (
        f"{round_id}.{int(expires) + 3600}.{seal}",
        f"{theirs.round_id}.{expires}.{seal}",
        "x",
        None,
    ):
        with pytest.raises(AccessDenied):
            rounds.redeem_window_pass(db, forged)
    with pytest.raises(AccessDenied):
        permits.round_pass(None, row, held)
    with pytest.raises(AccessDenied):  # a permit for one round, a pass for another
        permits.round_pass(mine.permit, their_row, their_hash)


def test_closing_the_round_or_a_new_beheercode_ends_its_window_passes(db, two_rounds):
    """The trekker ends a pass by closing the round (a pass made afterwards works, until the round is
    opened again); whoever runs the server ends it with a new beheercode."""
    from dia_scan.common import code_access

    mine, _ = two_rounds
    token = rounds.window_pass(db, mine.permit, storage.get_round(db, mine.round_id))
    assert rounds.redeem_window_pass(db, token) == mine.permit
    rounds.set_published(db, mine.permit, False)  # closed
    with pytest.raises(AccessDenied, match="de ronde is gesloten"):
        rounds.redeem_window_pass(db, token)
    closed = rounds.window_pass(db, mine.permit, storage.get_round(db, mine.round_id))
    assert rounds.redeem_window_pass(db, closed) == mine.permit  # to look at Live after the workshop
    rounds.set_published(db, mine.permit, True)  # opened again
    with pytest.raises(AccessDenied):
        rounds.redeem_window_pass(db, closed)
    opened = rounds.window_pass(db, mine.permit, storage.get_round(db, mine.round_id))
    code_access.reset_beheercode(db, mine.join_code, code_access.QUICK_SCAN)
    with pytest.raises(AccessDenied):
        rounds.redeem_window_pass(db, opened)


def test_a_round_that_ends_by_its_end_date_ends_its_window_passes(db, two_rounds):
    """Ending by the end date is closing too: a pass made while the round took answers stops when the
    date passes, with the same message as after closing by hand; a pass made after the end date (Live
    after the workshop) works until the round is reopened with a new end date."""
    from datetime import timedelta

    from dia_scan.core import lifecycle

    mine, _ = two_rounds
    today = lifecycle.local_today()
    storage.update_round(db, mine.round_id, period_end=today.isoformat())  # open until tonight
    during = rounds.window_pass(db, mine.permit, storage.get_round(db, mine.round_id))
    assert rounds.redeem_window_pass(db, during) == mine.permit
    storage.update_round(db, mine.round_id, period_end=(today - timedelta(days=1)).isoformat())  # a day on
    assert lifecycle.phase(storage.get_round(db, mine.round_id)) is lifecycle.Phase.ENDED
    with pytest.raises(AccessDenied, match="einddatum voorbij"):
        rounds.redeem_window_pass(db, during)
    after = rounds.window_pass(db, mine.permit, storage.get_round(db, mine.round_id))
    assert rounds.redeem_window_pass(db, after) == mine.permit
    rounds.set_published(db, mine.permit, True, until=today + timedelta(days=7))  # reopened
    with pytest.raises(AccessDenied):
        rounds.redeem_window_pass(db, after)
    reopened = rounds.window_pass(db, mine.permit, storage.get_round(db, mine.round_id))
    assert rounds.redeem_window_pass(db, reopened) == mine.permit

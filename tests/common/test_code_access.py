"""The one code-access mechanism of both products (dia_scan.common.code_access), on a fresh database."""

from __future__ import annotations

import dataclasses
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from dia_scan import storage
from dia_scan.checklist import service as checklists
from dia_scan.common import code_access
from dia_scan.core import codes
from dia_scan.core.errors import ServiceError
from dia_scan.quickscan import rounds
from tests.builders import new_assessment

VIEWS = Path(__file__).resolve().parents[2] / "views"


@pytest.fixture
def both(db, catalog, organisation_id):
    """A published round and an assessment filled in apart: one join code of each product."""
    created = rounds.create_round(
        db, catalog, organisation_id=organisation_id, instrument_id="quickscan-gemeente", title="Voorjaar"
    )
    _, assessment = new_assessment(db, catalog, organisation_id, mode="apart")
    return created, assessment


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Vul de deelnamecode in."),
        ("ABC", "Een deelnamecode heeft 8 tekens"),
        ("AAAA-AAAA", "Deze code kennen we niet"),
    ],
)
def test_a_bad_join_code_says_what_is_wrong(db, typed, message):
    with pytest.raises(ServiceError, match=message):
        code_access.find(db, typed, code_access.QUICK_SCAN)


def test_each_code_is_found_for_its_own_product_and_recognised_from_the_other(db, both):
    created, assessment = both
    assert code_access.find(db, created.join_code.lower(), code_access.QUICK_SCAN).id == created.round_id
    with pytest.raises(ServiceError, match="kennen we niet"):
        code_access.find(db, assessment.join_code, code_access.QUICK_SCAN)
    kind, row = code_access.find_any(db, assessment.join_code)
    assert kind is code_access.CHECKLIST and row.id == assessment.assessment_id
    assert code_access.kind_of(db, created.join_code) is code_access.QUICK_SCAN
    assert code_access.kind_of(db, "nonsense") is None


def test_the_beheercode_never_says_which_half_was_wrong(db, both):
    created, assessment = both
    messages = set()
    for code, secret in [
        (created.join_code, "WRONG"),
        ("ZZZZZZZZ", created.beheercode),
        (assessment.join_code, created.beheercode),
    ]:
        with pytest.raises(ServiceError) as err:
            rounds.authorize(db, code, secret)
        messages.add(str(err.value))
    assert messages == {"De combinatie van deelnamecode en beheercode klopt niet."}
    assert rounds.authorize(db, created.join_code, created.beheercode).round_id == created.round_id
    assert checklists.authorize(db, assessment.join_code, assessment.beheercode).process_id


def test_open_means_published_and_not_closed(db, both):
    created, assessment = both
    row = storage.get_round(db, created.round_id)
    assert code_access.is_open(row)
    assert not code_access.is_open(dataclasses.replace(row, closed_at="2026-01-01"))
    with pytest.raises(ServiceError, match="gesloten"):
        code_access.require_open(dataclasses.replace(row, closed_at="2026-01-01"), code_access.QUICK_SCAN)
    with pytest.raises(ServiceError, match="nog niet open"):
        code_access.require_open(dataclasses.replace(row, published=False), code_access.QUICK_SCAN)


def test_resume_codes_are_stored_as_hashes_and_found_back(db, both):
    created, assessment = both
    handle = rounds.start_response(db, storage.get_round(db, created.round_id), "raad")
    assert handle.resume_code not in str(storage.get_response_by_id(db, handle.response_id))
    response, _ = rounds.resume_response(db, handle.resume_code.lower().replace("-", " "))
    assert response.id == handle.response_id
    assessor = checklists.join_assessment(db, checklists.get_assessment(db, assessment.assessment_id))
    assert checklists.resume(db, assessor.resume_code).assessor_id == assessor.assessor_id
    with pytest.raises(ServiceError, match="14 tekens"):
        code_access.resume_hash("ABC")
    with pytest.raises(ServiceError, match="kennen we niet"):
        code_access.find_by_resume_code(db, codes.new_secret_code(), storage.get_response_by_token_hash)


def test_join_codes_are_unique_across_both_products(db, both, monkeypatch):
    created, assessment = both
    taken = iter([created.join_code, assessment.join_code, "NEWCODE2"])
    monkeypatch.setattr(codes, "new_join_code", lambda: next(taken))
    assert code_access.unique_join_code(db) == "NEWCODE2"


@pytest.mark.parametrize(
    ("page", "key", "other"), [("meedoen.py", "answer", 1), ("inclusiviteit.py", "incl", 0)]
)
def test_a_code_of_the_other_product_typed_on_a_page_points_the_way(db, both, page, key, other):
    codes_by_product = [both[0].join_code, both[1].join_code]
    at = AppTest.from_file(str(VIEWS / page), default_timeout=30)
    if page == "inclusiviteit.py":
        at.session_state["incl_view"] = "invullen"
    at.run()
    at.text_input(key=f"{key}_code_input").set_value(codes_by_product[other])
    at.button(key=f"{key}_code_go").click().run()
    assert not at.exception
    assert at.query_params["code"] in (codes_by_product[other], [codes_by_product[other]])
    assert [e.value for e in at.error] == []
    wanted = "inclusiviteit-checklist" if other == 1 else "deelnamecode van de Quick Scan"
    assert any(wanted in i.value for i in at.info), [i.value for i in at.info]


# -- wrong beheercodes counted per round and assessment, across sessions ---------------------------


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    waited: list[float] = []
    monkeypatch.setattr("dia_scan.common.code_access.time.sleep", waited.append)
    return waited


@pytest.mark.parametrize("product", ["quickscan", "checklist"])
def test_wrong_beheercodes_block_the_round_for_every_session(db, both, waits, product):
    """Every call below is what a new browser session (or a script) does: it has no session state, so
    only the count in the database slows it down and blocks it."""
    created, assessment = both
    kind = code_access.QUICK_SCAN if product == "quickscan" else code_access.CHECKLIST
    join_code = created.join_code if product == "quickscan" else assessment.join_code
    right = created.beheercode if product == "quickscan" else assessment.beheercode
    for attempt in range(code_access.MAX_ATTEMPTS - 1):
        with pytest.raises(code_access.WrongCode, match="klopt niet") as refused:
            code_access.authorized_row(db, join_code, f"AAAA-BBBB-CCCC-D{attempt}", kind)
        assert "Te veel" not in str(refused.value)
    with pytest.raises(
        code_access.CodeBlocked, match=f"Te veel verkeerde pogingen: wacht {code_access.BLOCK_SECONDS}"
    ):
        code_access.authorized_row(db, join_code, "AAAA-BBBB-CCCC-DX", kind)
    assert waits == [0.25, 0.5, 0.75, 1.0, 1.25]  # the same slow-down as per session
    # blocked: the right code too, with a clear Dutch message, and the check itself is not even run
    with pytest.raises(code_access.CodeBlocked, match=r"Probeer het over \d+ seconden opnieuw"):
        code_access.authorized_row(db, join_code, right, kind)
    # the other product's thing is not blocked
    other = code_access.CHECKLIST if kind is code_access.QUICK_SCAN else code_access.QUICK_SCAN
    other_code = assessment.join_code if kind is code_access.QUICK_SCAN else created.join_code
    other_right = assessment.beheercode if kind is code_access.QUICK_SCAN else created.beheercode
    assert code_access.authorized_row(db, other_code, other_right, other)


def test_the_block_ends_and_a_right_code_starts_the_count_again(db, both, waits, monkeypatch):
    created, _ = both
    clock = [1_000_000.0]
    monkeypatch.setattr("dia_scan.common.code_access.time.time", lambda: clock[0])
    for attempt in range(code_access.MAX_ATTEMPTS):
        with pytest.raises(ServiceError):
            rounds.authorize(db, created.join_code, f"AAAA-BBBB-CCCC-D{attempt}")
    clock[0] += code_access.BLOCK_SECONDS - 1
    with pytest.raises(ServiceError, match="Probeer het over 2 seconden"):
        rounds.authorize(db, created.join_code, created.beheercode)
    clock[0] += 1.5
    assert rounds.authorize(db, created.join_code, created.beheercode).round_id == created.round_id
    with pytest.raises(ServiceError):
        rounds.authorize(db, created.join_code, "AAAA-BBBB-CCCC-DD")
    assert storage.get_attempts(db, "round", str(created.round_id))[0] == 1


def test_unknown_join_codes_are_not_counted_in_the_database(db, waits):
    with pytest.raises(ServiceError, match="klopt niet"):
        rounds.authorize(db, "KX7M4RPA", "AAAA-BBBB-CCCC-DD")
    assert db.execute("SELECT COUNT(*) FROM code_attempts").fetchone()[0] == 0


def test_the_server_operator_issues_a_new_beheercode(db, both, waits, caplog):
    created, assessment = both
    for attempt in range(3):
        with pytest.raises(ServiceError):
            rounds.authorize(db, created.join_code, f"AAAA-BBBB-CCCC-D{attempt}")
    with caplog.at_level("WARNING", logger="dia_scan.access"):
        row, fresh = code_access.reset_beheercode(db, created.join_code.lower(), code_access.QUICK_SCAN)
    assert row.id == created.round_id and fresh != created.beheercode
    assert f"new beheercode issued for round {created.round_id}" in caplog.text
    assert storage.get_attempts(db, "round", str(created.round_id)) == (0, 0.0)
    with pytest.raises(ServiceError, match="klopt niet"):
        rounds.authorize(db, created.join_code, created.beheercode)  # the old one stops working
    assert rounds.authorize(db, created.join_code, fresh).round_id == created.round_id
    _, fresh_checklist = code_access.reset_beheercode(db, assessment.join_code, code_access.CHECKLIST)
    assert checklists.authorize(db, assessment.join_code, fresh_checklist)
    with pytest.raises(ServiceError, match="kennen we niet"):
        code_access.reset_beheercode(db, "ZZZZZZZZ", code_access.QUICK_SCAN)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    tries=st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=90), st.booleans()
        ),  # (seconds since the last try, right?)
        min_size=1,
        max_size=40,
    )
)
def test_property_no_guesser_checks_more_than_the_rule_allows(db, monkeypatch, tries):
    """Whatever the timing and mix of tries: the number of wrong codes actually checked is at most
    MAX_ATTEMPTS per BLOCK_SECONDS (plus the first MAX_ATTEMPTS), and a right code is refused only
    while the target is blocked."""
    clock = [0.0]
    monkeypatch.setattr("dia_scan.common.code_access.time.time", lambda: clock[0])
    monkeypatch.setattr("dia_scan.common.code_access.time.sleep", lambda _: None)
    target = uuid.uuid4().hex  # a fresh target per example (the database is shared by the examples)
    checked_wrong = 0
    blocked_until = 0.0
    for gap, right in tries:
        clock[0] += gap
        ran = []

        def check(right=right, ran=ran):
            ran.append(True)
            return "ok" if right else None

        try:
            assert code_access.guarded(db, "round", target, check, "fout") == "ok"
            assert right and clock[0] >= blocked_until
        except code_access.CodeBlocked as err:
            if ran:  # this wrong try started the block
                checked_wrong += 1
                blocked_until = clock[0] + code_access.BLOCK_SECONDS
            else:
                assert clock[0] < blocked_until and "Probeer het over" in str(err)
        except code_access.WrongCode:
            assert ran and not right
            checked_wrong += 1
    windows = clock[0] / code_access.BLOCK_SECONDS + 1
    assert checked_wrong <= code_access.MAX_ATTEMPTS * windows

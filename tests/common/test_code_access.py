"""The one code-access mechanism of both products (dia_scan.common.code_access), on a fresh database."""

from __future__ import annotations

from pathlib import Path

import pytest
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
    assert code_access.find(db, created.join_code.lower(), code_access.QUICK_SCAN)["id"] == created.round_id
    with pytest.raises(ServiceError, match="kennen we niet"):
        code_access.find(db, assessment.join_code, code_access.QUICK_SCAN)
    kind, row = code_access.find_any(db, assessment.join_code)
    assert kind is code_access.CHECKLIST and row["id"] == assessment.assessment_id
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
    assert not code_access.is_open(dict(row, closed_at="2026-01-01"))
    with pytest.raises(ServiceError, match="gesloten"):
        code_access.require_open(dict(row, closed_at="2026-01-01"), code_access.QUICK_SCAN)
    with pytest.raises(ServiceError, match="nog niet open"):
        code_access.require_open(dict(row, published=0), code_access.QUICK_SCAN)


def test_resume_codes_are_stored_as_hashes_and_found_back(db, both):
    created, assessment = both
    handle = rounds.start_response(db, storage.get_round(db, created.round_id), "raad")
    assert handle.resume_code not in str(storage.get_response_by_id(db, handle.response_id))
    response, _ = rounds.resume_response(db, handle.resume_code.lower().replace("-", " "))
    assert response["id"] == handle.response_id
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

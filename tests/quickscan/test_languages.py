"""The languages a round offers, and the questionnaire in the participant's language (on a fresh database)."""

from __future__ import annotations

import json

import pytest

from dia_scan import storage
from dia_scan.core import permits
from dia_scan.core.catalog import Catalog
from dia_scan.quickscan import languages, rounds
from tests.builders import new_round
from tests.conftest import round_permit


def test_a_new_round_offers_dutch_only_until_the_trekker_adds_languages(db, catalog, organisation_id):
    row = new_round(db, catalog, organisation_id)
    assert languages.offered(row) == ["nl"]
    stored = languages.set_languages(db, round_permit(row), ["en", "xx", "fy"])
    assert stored == ["nl", "fy", "en"]
    assert languages.offered(storage.get_round(db, row.id)) == ["nl", "fy", "en"]
    languages.set_languages(db, round_permit(row), [])
    assert languages.offered(storage.get_round(db, row.id)) == ["nl"]


def test_setting_languages_needs_the_round_permit(db, catalog, organisation_id):
    row = new_round(db, catalog, organisation_id)
    other = new_round(db, catalog, organisation_id, title="Andere ronde")
    with pytest.raises(permits.AccessDenied):
        languages.set_languages(db, None, ["fy"])
    with pytest.raises(permits.AccessDenied):  # a permit cannot be made up
        permits.RoundPermit(round_id=row.id, organisation_id=row.organisation_id, join_code="X")
    languages.set_languages(db, round_permit(other), ["fy"])
    assert languages.offered(storage.get_round(db, row.id)) == ["nl"]


def test_the_questionnaire_in_frysk_and_english_keeps_ids_and_falls_back_per_text(
    db, catalog, organisation_id
):
    row = new_round(db, catalog, organisation_id)
    dutch = languages.participant_instrument(db, catalog, row, "nl")
    for language, agree in (("fy", "Iens"), ("en", "Agree")):
        scan = languages.participant_instrument(db, catalog, row, language)
        assert [s.id for _, s in scan.statements()] == [s.id for _, s in dutch.statements()]
        assert [g.id for g in scan.groups] == [g.id for g in dutch.groups]
        assert scan.scales[0].label_of(4) == agree
        assert scan.statement("raad_kaders").text != dutch.statement("raad_kaders").text
        assert languages.unreviewed(catalog, scan, language)


def test_a_round_stored_before_the_translations_were_written_gets_them_for_the_same_version(
    db, catalog, organisation_id
):
    row = new_round(db, catalog, organisation_id)
    body = json.loads(storage.get_instrument_body_text(db, row.instrument_id, row.instrument_version))
    _drop_translations(body)
    db.execute(
        "UPDATE instrument_versions SET body = ? WHERE instrument_id = ? AND version = ?",
        [json.dumps(body), row.instrument_id, row.instrument_version],
    )
    assert rounds.round_instrument(db, row).statement("raad_kaders").en == {}
    scan = languages.participant_instrument(db, catalog, row, "en")
    assert scan.statement("raad_kaders").text.startswith("The municipal council")
    # a catalog with another version of the questionnaire has other Dutch: its translations do not apply
    newer = catalog.get(row.instrument_id).model_copy(update={"version": row.instrument_version + 1})
    other = Catalog(
        instruments={**catalog.instruments, newer.id: newer}, files=catalog.files, advice=catalog.advice
    )
    assert (
        languages.participant_instrument(db, other, row, "en")
        .statement("raad_kaders")
        .text.startswith("De gemeenteraad")
    )


def _drop_translations(node) -> None:
    if isinstance(node, dict):
        for key in ("fy", "en", "unreviewed_languages"):
            node.pop(key, None)
        for value in node.values():
            _drop_translations(value)
    elif isinstance(node, list):
        for value in node:
            _drop_translations(value)


def test_the_link_carries_the_language():
    link = rounds.join_link("https://scan.example.nl", "KX7M4RPA")
    assert languages.link_in(link, "nl") == link
    assert languages.link_in(link, "fy") == "https://scan.example.nl/meedoen?code=KX7M4RPA&lang=fy"


def test_the_invitation_says_in_each_language_that_participants_can_choose(db, catalog, organisation_id):
    row = new_round(db, catalog, organisation_id)
    instrument = rounds.round_instrument(db, row)
    plain = languages.invitation_text(row, instrument, "L")
    assert plain == rounds.invitation_text(row, instrument, "L")
    languages.set_languages(db, round_permit(row), ["fy", "en"])
    text = languages.invitation_text(storage.get_round(db, row.id), instrument, "L")
    assert text.startswith(plain)
    assert "ook in het Fries of het Engels invullen" in text
    assert "Jo kinne de fragelist ek yn it Frysk ynfolje." in text
    assert "You can also fill in the questionnaire in English." in text

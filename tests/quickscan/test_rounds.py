"""Round services: setting up, maatwerkvragen, answering, resuming and submitting."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from dia_scan import storage
from dia_scan.common import organisations
from dia_scan.core import codes, lifecycle, permits
from dia_scan.core.errors import ServiceError
from dia_scan.core.model import DONT_KNOW
from dia_scan.quickscan import drafts, rounds
from dia_scan.quickscan.rounds import CustomQuestion

GEMEENTE = "quickscan-gemeente"


def _round(db, catalog, organisation_id, **fields):
    fields = {"instrument_id": GEMEENTE, "title": "Voorjaar 2026", **fields}
    created = rounds.create_round(db, catalog, organisation_id=organisation_id, **fields)
    return created, storage.get_round(db, created.round_id)


# -- setting up ----------------------------------------------------------------------------------


def test_create_round_gives_codes_and_stores_only_a_hash(db, catalog, organisation_id):
    created, row = _round(db, catalog, organisation_id)
    assert codes.looks_like_join_code(created.join_code)
    assert not set(created.join_code) & set("01OIL")
    assert row.join_code == created.join_code
    stored_hash = storage.round_beheercode_hash(db, row.id)
    assert created.beheercode not in stored_hash and not hasattr(row, "beheercode_hash")
    assert codes.verify_secret(created.beheercode, stored_hash)
    assert row.k == catalog.get(GEMEENTE).default_k
    permit = rounds.authorize(db, created.join_code, created.beheercode)
    assert (permit.round_id, permit.organisation_id) == (row.id, organisation_id)
    assert permit == created.permit


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "   "}, "titel"),
        ({"title": "x" * 121}, "te lang"),
        ({"k": 2}, "minstens 3"),
        ({"instrument_id": "inclusiviteit"}, "Quick Scan"),
        ({"instrument_id": "bestaat-niet"}, "Quick Scan"),
        ({"period_start": date(2026, 5, 1), "period_end": date(2026, 4, 1)}, "einddatum"),
    ],
)
def test_create_round_refuses_bad_input(db, catalog, organisation_id, fields, message):
    with pytest.raises(ServiceError, match=message):
        _round(db, catalog, organisation_id, **fields)
    assert storage.list_rounds(db) == []


def test_create_round_needs_an_existing_organisation(db, catalog):
    with pytest.raises(ServiceError, match="organisatie"):
        rounds.create_round(db, catalog, organisation_id=999, instrument_id=GEMEENTE, title="Test")


def test_custom_questions_become_a_theme_and_open_questions(db, catalog, organisation_id):
    custom = [
        CustomQuestion(kind="stelling", text="  We  praten   goed samen ", groups=["raad", "college"]),
        {"kind": "open", "text": "Wat moet anders?"},
    ]
    _, row = _round(db, catalog, organisation_id, custom_questions=custom)
    instrument = rounds.round_instrument(db, row)
    theme = instrument.theme(rounds.CUSTOM_THEME_ID)
    assert theme.custom
    assert [s.text for s in theme.statements] == ["We praten goed samen"]
    assert theme.statements[0].groups == ["raad", "college"]
    assert instrument.open_questions[-1].text == "Wat moet anders?"
    # a group that does not see the maatwerk statement does not get its screen
    kinds_inwoners = [s.theme.id for s in drafts.answer_steps(instrument, "inwoners") if s.theme]
    assert rounds.CUSTOM_THEME_ID not in kinds_inwoners
    kinds_raad = [s.theme.id for s in drafts.answer_steps(instrument, "raad") if s.theme]
    assert rounds.CUSTOM_THEME_ID in kinds_raad


@pytest.mark.parametrize(
    ("custom", "message"),
    [
        ([{"kind": "open", "text": f"Vraag {i}"} for i in range(5)], "hoogstens 4"),
        ([{"kind": "stelling", "text": "ok"}], "3 tot 300"),
        ([{"kind": "meerkeuze", "text": "Een vraag"}], "stelling of open"),
        ([{"kind": "open", "text": "Een vraag", "groups": ["statenleden"]}], "statenleden"),
    ],
)
def test_custom_questions_are_checked(db, catalog, organisation_id, custom, message):
    with pytest.raises(ServiceError, match=message):
        _round(db, catalog, organisation_id, custom_questions=custom)


def test_set_up_round_with_new_organisation_is_all_or_nothing(db, catalog):
    nieuw = organisations.Choice(name="Gemeente Nieuw", type="gemeente")
    with pytest.raises(ServiceError):
        rounds.set_up_round(db, catalog, organisation=nieuw, instrument_id=GEMEENTE, title="")
    assert storage.list_organisations(db) == []
    created = rounds.set_up_round(db, catalog, organisation=nieuw, instrument_id=GEMEENTE, title="Ronde 1")
    # the same name again, with the first round's beheercode as proof: the same organisation
    again = rounds.set_up_round(
        db,
        catalog,
        organisation=organisations.Choice(name=" gemeente  nieuw ", type="gemeente"),
        proof_code=created.beheercode,
        instrument_id=GEMEENTE,
        title="Ronde 2",
    )
    [organisation] = storage.list_organisations(db)
    assert storage.get_round(db, created.round_id).organisation_id == organisation.id
    assert storage.get_round(db, again.round_id).organisation_id == organisation.id


@pytest.mark.parametrize(("name", "kind"), [("", "gemeente"), ("Utrecht", "land"), ("x" * 121, "provincie")])
def test_create_organisation_refuses_bad_input(db, name, kind):
    with pytest.raises(ServiceError):
        organisations.settle(db, organisations.Choice(name=name, type=kind), None)


def test_instruments_for_filters_on_organisation_type(catalog):
    assert [s.id for s in rounds.instruments_for(catalog, "waterschap")] == ["quickscan-waterschap"]
    assert {s.id for s in rounds.instruments_for(catalog, "iets anders")} == {
        s.id for s in catalog.quickscans()
    }


def test_links_carry_the_code():
    assert rounds.join_link("https://scan.example.nl/", "KX7M4RPA") == (
        "https://scan.example.nl/meedoen?code=KX7M4RPA"
    )
    assert rounds.resume_link("http://x", "ABCD-EFGH") == "http://x/meedoen?resume=ABCD-EFGH"


# -- managing ------------------------------------------------------------------------------------


def test_publish_and_close(db, catalog, organisation_id):
    _, row = _round(db, catalog, organisation_id, published=False)
    with pytest.raises(ServiceError, match="nog niet open"):
        rounds.start_response(db, row, "raad")
    permit = permits.issue_round(row)
    rounds.set_published(db, permit, True)
    assert rounds.open_for_answers(storage.get_round(db, row.id))
    rounds.set_published(db, permit, False)
    closed = storage.get_round(db, row.id)
    assert closed.closed_at
    with pytest.raises(ServiceError, match="gesloten"):
        rounds.start_response(db, closed, "raad")


# -- the period opens and closes a round -----------------------------------------------------------


@pytest.fixture
def on_day(monkeypatch):
    """Set the Dutch calendar day the services see."""

    def set_day(day: date) -> None:
        monkeypatch.setattr(lifecycle, "local_today", lambda: day)

    return set_day


def test_period_dates_may_be_written_the_dutch_way(db, catalog, organisation_id):
    _, row = _round(db, catalog, organisation_id, period_start="02-03-2026", period_end="20-03-2026")
    assert (row.period_start, row.period_end) == ("2026-03-02", "2026-03-20")
    with pytest.raises(ServiceError, match="bijvoorbeeld 01-03-2026"):
        _round(db, catalog, organisation_id, period_start="31-02-2026")


def test_joining_follows_the_dates(db, catalog, organisation_id, on_day):
    _, row = _round(db, catalog, organisation_id, period_start="2026-03-02", period_end="2026-03-20")
    on_day(date(2026, 3, 1))
    with pytest.raises(ServiceError, match="gaat open op 2 maart 2026"):
        rounds.start_response(db, row, "raad")
    on_day(date(2026, 3, 20))  # the last day still counts
    handle = rounds.start_response(db, row, "raad")
    on_day(date(2026, 3, 21))
    with pytest.raises(ServiceError, match="kon tot en met 20 maart 2026"):
        rounds.start_response(db, row, "raad")
    with pytest.raises(ServiceError, match="kon tot en met 20 maart 2026"):
        rounds.submit(db, handle.response_id, {"answers": {}, "priorities": [], "open": {}})
    assert not rounds.open_for_answers(row)
    assert [r["status"] for o in rounds.overview(db, everyone=True) for r in o["rounds"]] == ["gesloten"]


def test_close_early_and_reopen_with_a_new_end_date(db, catalog, organisation_id, on_day):
    created, row = _round(db, catalog, organisation_id, period_start="2026-03-02", period_end="2026-03-20")
    on_day(date(2026, 3, 10))
    rounds.set_published(db, created.permit, False)  # closed early
    assert lifecycle.phase(storage.get_round(db, row.id)) is lifecycle.Phase.CLOSED
    rounds.set_published(db, created.permit, True)  # reopened within the period: same end date
    assert rounds.open_for_answers(storage.get_round(db, row.id))

    on_day(date(2026, 3, 25))
    assert lifecycle.phase(storage.get_round(db, row.id)) is lifecycle.Phase.ENDED
    with pytest.raises(ServiceError, match="Kies een nieuwe einddatum"):
        rounds.set_published(db, created.permit, True)
    with pytest.raises(ServiceError, match="vandaag of een latere dag"):
        rounds.set_published(db, created.permit, True, until=date(2026, 3, 24))
    rounds.set_published(db, created.permit, True, until=date(2026, 3, 25))
    reopened = storage.get_round(db, row.id)
    assert (reopened.period_start, reopened.period_end) == ("2026-03-02", "2026-03-25")
    assert rounds.open_for_answers(reopened)
    assert "tot en met 25 maart 2026" in rounds.invitation_text(
        reopened, rounds.round_instrument(db, reopened), "link"
    )


def test_wrong_beheercode_is_refused(db, catalog, organisation_id):
    created, _ = _round(db, catalog, organisation_id)
    with pytest.raises(ServiceError, match="klopt niet"):
        rounds.authorize(db, created.join_code, "AAAA-BBBB-CCCC-DD")
    with pytest.raises(ServiceError, match="klopt niet"):
        rounds.authorize(db, "ZZZZZZZZ", created.beheercode)


# -- answering -----------------------------------------------------------------------------------


def _full_draft(instrument, group_id, value=4):
    return {
        "answers": {s.id: value for _, s in instrument.statements_for(group_id)},
        "priorities": [t.id for t in drafts.priority_options(instrument, group_id)][:3],
        "open": {q.id: "Een voorbeeld." for q in instrument.open_questions_for(group_id)},
    }


def test_submit_twice_stores_one_response(db, catalog, organisation_id):
    _, row = _round(db, catalog, organisation_id)
    instrument = rounds.round_instrument(db, row)
    handle = rounds.start_response(db, row, "raad")
    draft = _full_draft(instrument, "raad")
    assert rounds.submit(db, handle.response_id, draft) is True
    assert rounds.submit(db, handle.response_id, draft) is False
    assert storage.group_counts(db, row.id) == {"raad": {"started": 1, "submitted": 1}}
    assert rounds.save_draft(db, handle.response_id, draft) is False


def test_resume_gives_back_the_draft(db, catalog, organisation_id):
    _, row = _round(db, catalog, organisation_id)
    handle = rounds.start_response(db, row, "inwoners")
    draft = {"answers": {"raad_kaders": 2}, "priorities": [], "open": {}, "step": 3}
    rounds.save_draft(db, handle.response_id, draft)
    response, round_row = rounds.resume_response(db, handle.resume_code.lower().replace("-", " "))
    assert response.id == handle.response_id
    assert round_row.id == row.id
    assert response.draft == draft
    with pytest.raises(ServiceError, match="hervatcode"):
        rounds.resume_response(db, "ABCD-EFGH-JKMN-PQ")
    with pytest.raises(ServiceError, match="14 tekens"):
        rounds.resume_response(db, "<script>")


@pytest.mark.parametrize(
    "answers",
    [{"raad_kaders": 6}, {"raad_kaders": 0}, {"raad_kaders": "4.5"}, {"raad_kaders": "vier"}, {"nope": 3}],
)
def test_clean_submission_refuses_out_of_scale_values(catalog, answers):
    instrument = catalog.get(GEMEENTE)
    with pytest.raises(ServiceError):
        rounds.clean_submission(instrument, "raad", {"answers": answers})


def test_clean_submission_refuses_statements_and_themes_of_other_groups(catalog):
    instrument = catalog.get(GEMEENTE)
    with pytest.raises(ServiceError, match="groep"):
        # inwoners do not see the statement on support by the griffie
        rounds.clean_submission(instrument, "inwoners", {"answers": {"raad_griffie": 3}})
    with pytest.raises(ServiceError, match="groep"):
        # nor do raadsleden get the statements in the first person for inwoners
        rounds.clean_submission(instrument, "raad", {"answers": {"vert_luisteren": 3}})
    with pytest.raises(ServiceError, match="prioriteiten"):
        rounds.clean_submission(instrument, "raad", {"priorities": ["bestaat_niet"]})
    with pytest.raises(ServiceError, match="hoogstens 3"):
        themes = [t.id for t in instrument.themes][:4]
        rounds.clean_submission(instrument, "raad", {"priorities": themes})


def test_clean_submission_keeps_dont_know_apart(catalog):
    instrument = catalog.get(GEMEENTE)
    sub = rounds.clean_submission(
        instrument, "raad", {"answers": {"raad_kaders": DONT_KNOW, "raad_controle": 5}}
    )
    assert sub.answers == {"raad_kaders": DONT_KNOW, "raad_controle": 5}


def test_start_response_refuses_an_unknown_group(db, catalog, organisation_id):
    _, row = _round(db, catalog, organisation_id)
    with pytest.raises(ServiceError, match="groepen"):
        rounds.start_response(db, row, "statenleden")
    assert storage.group_counts(db, row.id) == {}


# -- the answer screens --------------------------------------------------------------------------


def test_answer_steps_for_a_gemeente_group(catalog):
    instrument = catalog.get(GEMEENTE)
    steps = drafts.answer_steps(instrument, "raad")
    kinds = [s.kind for s in steps]
    assert kinds[0] == "start" and kinds[-1] == "review"
    assert kinds.count("theme") == len(instrument.themes)
    assert kinds[-4:] == ["priorities", "open", "background", "review"]
    assert [q.id for q in steps[-2].background] == ["leeftijd", "gender", "ervaring"]
    assert len(steps) - 1 == 13  # "Stap 1 van 13" .. "Stap 13 van 13"
    inwoners = drafts.answer_steps(instrument, "inwoners")
    assert [q.id for q in inwoners[-2].background] == ["leeftijd", "gender", "opleiding", "meedoen"]


@pytest.mark.parametrize("instrument_id", ["quickscan-provincie", "quickscan-waterschap"])
def test_answer_steps_follow_the_instrument_groups(catalog, instrument_id):
    instrument = catalog.get(instrument_id)
    for group in instrument.groups:
        steps = drafts.answer_steps(instrument, group.id)
        shown = [s.id for step in steps for s in step.statements]
        assert shown == [s.id for _, s in instrument.statements_for(group.id)]


def test_tidy_draft_drops_what_does_not_fit(catalog):
    instrument = catalog.get(GEMEENTE)
    raw = {
        "answers": {
            "raad_bereikbaar": 4,
            "raad_samenleving": 9,
            "raad_kaders": 2,  # not for inwoners
            "x": 1,
            "inw_meedenken": "dk",
        },
        "priorities": ["krachtige_raad", "krachtige_raad", "nope"],
        "open": {"open_tip": "tip", "open_x": "?"},
        "step": 99,
    }
    tidy = drafts.tidy_draft(instrument, "inwoners", raw)
    assert tidy["answers"] == {"raad_bereikbaar": 4, "inw_meedenken": "dk"}
    assert tidy["priorities"] == ["krachtige_raad"]
    assert tidy["open"] == {"open_tip": "tip"}
    assert tidy["step"] == len(drafts.answer_steps(instrument, "inwoners")) - 1
    assert drafts.tidy_draft(instrument, "raad", None) == drafts.empty_draft()


def test_unanswered_counts_per_theme(catalog):
    instrument = catalog.get(GEMEENTE)
    total = len(instrument.statements_for("raad"))
    assert sum(drafts.unanswered(instrument, "raad", {"answers": {}}).values()) == total
    done = _full_draft(instrument, "raad")
    assert drafts.unanswered(instrument, "raad", done) == {}


def test_tidy_draft_makes_broken_text_storable(db, catalog, organisation_id):
    _, row = _round(db, catalog, organisation_id)
    instrument = rounds.round_instrument(db, row)
    tidy = drafts.tidy_draft(instrument, "raad", {"open": {"open_tip": "tip \ud800 twee"}})
    assert tidy["open"] == {"open_tip": "tip ? twee"}
    handle = rounds.start_response(db, row, "raad")
    assert rounds.save_draft(db, handle.response_id, tidy)
    assert rounds.submit(db, handle.response_id, tidy)


# -- correcting and deleting a round -------------------------------------------------------------


def test_title_and_period_can_be_corrected_and_are_checked(db, catalog, organisation_id):
    created, row = _round(db, catalog, organisation_id, period_start="2026-03-01", period_end="2026-03-21")
    rounds.update_details(
        db, created.permit, title="  Najaar   2026 ", period_start=date(2026, 9, 1), period_end="2026-09-30"
    )
    changed = storage.get_round(db, row.id)
    assert (changed.title, changed.period_start, changed.period_end) == (
        "Najaar 2026",
        "2026-09-01",
        "2026-09-30",
    )
    assert changed.k == row.k and changed.join_code == row.join_code
    for fields, message in (
        ({"title": " "}, "titel"),
        ({"title": "x" * (rounds.MAX_TITLE + 1)}, "te lang"),
        ({"title": "Najaar", "period_start": "2026-10-01", "period_end": "2026-09-01"}, "vóór"),
        ({"title": "Najaar", "period_start": "1 oktober"}, "geldige datum"),
    ):
        with pytest.raises(ServiceError, match=message):
            rounds.update_details(db, created.permit, **fields)
    assert storage.get_round(db, row.id).title == "Najaar 2026", "a refused change changes nothing"
    for no_permit in (None, {"round_id": row.id}):
        with pytest.raises(permits.AccessDenied):
            rounds.update_details(db, no_permit, title="Zonder beheercode")


def _answered_round(db, catalog, organisation_id):
    created, row = _round(db, catalog, organisation_id)
    instrument = rounds.round_instrument(db, row)
    for group in ("raad", "raad", "college"):
        handle = rounds.start_response(db, row, group)
        rounds.submit(db, handle.response_id, _full_draft(instrument, group))
    rounds.start_response(db, row, "organisatie")  # begun, not sent
    return created, row


def _rows_of_round(db, round_id: int) -> dict[str, int]:
    of_round = "(SELECT id FROM responses WHERE round_id = ?)"
    queries = {
        "responses": "SELECT COUNT(*) FROM responses WHERE round_id = ?",
        "answers": f"SELECT COUNT(*) FROM answers WHERE response_id IN {of_round}",
        "priorities": f"SELECT COUNT(*) FROM priorities WHERE response_id IN {of_round}",
        "open_answers": "SELECT COUNT(*) FROM open_answers WHERE round_id = ?",
        "tallies": "SELECT COUNT(*) FROM tallies WHERE round_id = ?",
        "group_counts": "SELECT COUNT(*) FROM group_counts WHERE round_id = ?",
        "round_score_cache": "SELECT COUNT(*) FROM round_score_cache WHERE round_id = ?",
        "rounds": "SELECT COUNT(*) FROM rounds WHERE id = ?",
    }
    return {name: db.execute(sql, [round_id]).fetchone()[0] for name, sql in queries.items()}


def test_a_closed_round_is_deleted_with_every_answer_and_its_actions_stay(db, catalog, organisation_id):
    from dia_scan.common import agenda
    from dia_scan.compare import comparison as compare

    created, row = _answered_round(db, catalog, organisation_id)
    compare.compare_latest(db, GEMEENTE)  # caches the scores of the organisation's latest round
    kept, kept_row = _answered_round(db, catalog, organisation_id)
    action_id = storage.insert_action(
        db, organisation_id=organisation_id, round_id=row.id, wat="Raadsleden vaker naar buiten"
    )
    before = _rows_of_round(db, row.id)
    assert before["answers"] and before["round_score_cache"] == 1 and before["open_answers"]
    untouched = _rows_of_round(db, kept_row.id)

    with pytest.raises(ServiceError, match="Sluit de scan eerst"):
        rounds.delete_round(db, created.permit, created.join_code)
    rounds.set_published(db, created.permit, False)
    with pytest.raises(ServiceError, match="deelnamecode"):
        rounds.delete_round(db, created.permit, kept.join_code)
    assert _rows_of_round(db, row.id) == before, "a refused delete deletes nothing"

    typed = created.join_code[:4].lower() + "-" + created.join_code[4:]  # as people type it
    deleted = rounds.delete_round(db, created.permit, typed)
    assert deleted == {
        "rounds": 1,
        "responses": 4,
        "answers": before["answers"],
        "open_answers": before["open_answers"],
        "actions_kept": 1,
    }
    assert set(_rows_of_round(db, row.id).values()) == {0}
    assert _rows_of_round(db, kept_row.id) == untouched
    action = storage.get_action(db, action_id)
    assert action.round_id is None and action.organisation_id == organisation_id
    assert action_id in [a.id for a in agenda.round_agenda(db, kept_row).carried]
    with pytest.raises(ServiceError, match="bestaat niet"):
        rounds.managed_round(db, created.permit)
    with pytest.raises(ServiceError):
        rounds.authorize(db, created.join_code, created.beheercode)


def test_the_invitation_says_what_how_until_when_and_that_it_is_anonymous(db, catalog, organisation_id):
    created = rounds.create_round(
        db,
        catalog,
        organisation_id=organisation_id,
        instrument_id="quickscan-gemeente",
        title="Quick Scan voorjaar",
        period_start="2027-03-01",
        period_end="2027-03-21",
    )
    row = storage.get_round(db, created.round_id)
    link = rounds.join_link("https://scan.example.nl", row.join_code)
    text = rounds.invitation_text(row, rounds.round_instrument(db, row), link)
    code = row.join_code
    assert text.startswith("Testgemeente doet mee aan de Quick Scan Lokale Democratie (Quick Scan voorjaar).")
    assert "kijken raad, college, ambtelijke organisatie en inwoners samen" in text
    assert f"Open deze link: https://scan.example.nl/meedoen?code={code}" in text
    assert f"vul de code {code[:4]} {code[4:]} in. Dat kan van 1 maart 2027 tot en met 21 maart 2027." in text
    assert "anoniem" in text and "hervatcode" in text

    provincie = catalog.get("quickscan-provincie")
    row_p = dataclasses.replace(row, period_end=None)
    text_p = rounds.invitation_text(row_p, provincie, link)
    assert "kijken Provinciale Staten, Gedeputeerde Staten, ambtelijke organisatie en inwoners" in text_p
    assert "Dat kan tot en met" not in text_p


def test_every_output_agrees_on_the_status_by_the_dates(db, catalog, organisation_id, on_day):
    from dia_scan.quickscan import feedback, report_tables
    from dia_scan.quickscan.result_view import results_public
    from dia_scan.quickscan.results import build_round_report

    created, row = _round(db, catalog, organisation_id, period_start="2026-03-02", period_end="2026-03-20")
    rounds.set_results_for_participants(db, created.permit, True)
    feedback.set_summary_published(db, created.permit, True)
    expected = {
        date(2026, 3, 1): ("nog niet open", "nog niet open", False),
        date(2026, 3, 20): ("open", "open: er kunnen nog antwoorden bijkomen", False),
        date(2026, 3, 21): ("gesloten", "gesloten", True),
    }
    for day, (word, text, over) in expected.items():
        on_day(day)
        stored = storage.get_round(db, row.id)
        assert build_round_report(db, catalog, stored).to_dict()["round"]["status"] == word
        assert [r["status"] for o in rounds.overview(db, everyone=True) for r in o["rounds"]] == [word]
        assert report_tables.status_text(stored) == text
        assert results_public(stored) is over and feedback.summary_available(stored) is over

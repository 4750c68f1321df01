"""The verbeteragenda over rounds (carry-over), verbetertips in one click, the participant summary."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dia_scan import storage
from dia_scan.checklist import service as checklists
from dia_scan.common import agenda
from dia_scan.core.errors import ServiceError
from dia_scan.quickscan import feedback, rounds
from dia_scan.ui.common.agenda import agenda_frame, changes
from tests.builders import new_assessment, new_round
from tests.conftest import round_permit


def _round(db, organisation: str, title: str) -> dict:
    return next(
        r for r in storage.list_rounds(db) if r.organisation_name == organisation and r.title == title
    )


def _bergveld(db) -> tuple[dict, dict]:
    return (
        _round(db, "Demogemeente Bergveld", "Quick Scan voorjaar 2025"),
        _round(db, "Demogemeente Bergveld", "Quick Scan najaar 2026"),
    )


def test_previous_round_actions_are_carried_over(demo):
    first, second = _bergveld(demo)
    plan = agenda.round_agenda(demo, second)
    assert plan.current == []
    assert plan.previous_round.id == first.id
    from_rounds = [a for a in plan.carried if a.round_id is not None]
    assert {a.round_id for a in from_rounds} == {first.id}
    assert {a.status for a in from_rounds} == {"gedaan", "bezig", "gepland"}  # all of the last round
    # actions without a round (checklist actiepunten) come along only while they are open
    assert all(a.status in agenda.OPEN_STATUSES for a in plan.carried if a.round_id is None)
    previous, done = agenda.previous_round_actions(demo, second)
    assert previous.id == first.id and len(done) == 3


def test_later_rounds_carry_only_open_actions_and_earlier_rounds_do_not_see_later_ones(demo, catalog):
    first, second = _bergveld(demo)
    new_id = agenda.add_round_action(
        demo, round_permit(second), wat="Raadsleden bezoeken de wijken", status="gepland"
    )
    third_row = new_round(
        demo,
        catalog,
        second.organisation_id,
        instrument_id=second.instrument_id,
        title="Quick Scan 2028",
    )
    carried = agenda.round_agenda(demo, third_row).carried
    statuses = {a.wat: a.status for a in carried}
    # the previous round (second) is carried in full; of the first only what is still open
    assert "Raadsleden bezoeken de wijken" in statuses
    assert "gedaan" not in {a.status for a in carried if a.round_id == first.id}
    assert any(a.round_id == first.id and a.status == "bezig" for a in carried)
    # the first round never shows an action that was made later
    assert new_id not in {a.id for a in agenda.round_agenda(demo, first).all}


def test_a_checklist_actiepunt_is_on_the_organisations_agenda(demo, catalog):
    _, second = _bergveld(demo)
    _, created = new_assessment(demo, catalog, second.organisation_id, name="Wijkvisie Bergveld")
    criterion = next(c for _, c in checklists.checklist_of(catalog).criteria())
    checklists.answer(demo, created.assessor_id, criterion.id, option_id="nee", actiepunt="Jongeren vragen")
    report = checklists.assessment_report(demo, created.assessment_id)
    action_id = checklists.put_on_agenda(demo, created.permit, report, criterion.id, "Jongeren vragen")
    carried = agenda.round_agenda(demo, second).carried
    assert action_id in {a.id for a in carried}


def test_a_tip_goes_on_the_agenda_once(demo):
    _, second = _bergveld(demo)
    first_id = agenda.add_tip_action(
        demo, round_permit(second), "weerbaar_bestuur", "Weerbaar bestuur", "Praat over   integriteit"
    )
    again = agenda.add_tip_action(
        demo, round_permit(second), "weerbaar_bestuur", "Weerbaar bestuur", "Praat over integriteit"
    )
    assert first_id == again
    action = storage.list_actions(demo, round_id=second.id)[0]
    assert action.source == "verbetertip"
    assert action.waarom == "Weerbaar bestuur" and action.target_id == "weerbaar_bestuur"
    assert ("weerbaar_bestuur", "Praat over integriteit") in agenda.tips_on_agenda(demo, second.id)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("2026-12-31", "2026-12-31"),
        ("2026-12-31T10:00:00", "2026-12-31"),
        (date(2027, 1, 5), "2027-01-05"),
        (pd.Timestamp("2027-02-01"), "2027-02-01"),
        ("NaT", None),
    ],
)
def test_parse_date(value, expected):
    assert agenda.parse_date(value) == expected


def test_a_date_that_is_no_date_gets_a_dutch_message():
    with pytest.raises(ServiceError, match="geen datum"):
        agenda.parse_date("volgende week")


def test_save_action_checks_what_it_stores(demo):
    _, second = _bergveld(demo)
    action_id = agenda.add_round_action(demo, round_permit(second), wat="Iets doen", wanneer="2027-03-01")
    agenda.save_action(
        demo,
        round_permit(second),
        action_id,
        status="bezig",
        wanneer=date(2027, 4, 1),
        result_note="Half af.",
    )
    saved = storage.list_actions(demo, round_id=second.id)[0]
    assert (saved.status, saved.wanneer, saved.result_note) == ("bezig", "2027-04-01", "Half af.")
    with pytest.raises(ServiceError):
        agenda.save_action(demo, round_permit(second), action_id, wat="  ")
    with pytest.raises(ServiceError):
        agenda.save_action(demo, round_permit(second), action_id, status="misschien")


def test_editor_changes_become_fields(demo):
    _, second = _bergveld(demo)
    action_id = agenda.add_round_action(
        demo,
        round_permit(second),
        wat="Iets doen",
        target_id="krachtige_raad",
        target_title="Krachtige gemeenteraad",
    )
    actions = storage.list_actions(demo, round_id=second.id)
    before = agenda_frame(actions, second, {})
    after = before.copy()
    after.loc[action_id, "Status"] = "Gedaan"
    after.loc[action_id, "Resultaat"] = "Klaar"
    after.loc[action_id, "Thema"] = "Weerbaar bestuur"
    after.loc[action_id, "Wanneer"] = pd.Timestamp("2027-05-05")
    themes = {"krachtige_raad": "Krachtige gemeenteraad", "weerbaar_bestuur": "Weerbaar bestuur"}
    assert changes(before, after, themes) == {
        action_id: {
            "result_note": "Klaar",
            "waarom": "Weerbaar bestuur",
            "target_id": "weerbaar_bestuur",
            "status": "gedaan",
            "wanneer": "2027-05-05",
        }
    }
    assert changes(before, before.copy(), themes) == {}


def test_theme_choices_leave_out_maatwerk(demo):
    _, second = _bergveld(demo)
    instrument = rounds.round_instrument(demo, second)
    choices = agenda.theme_choices(instrument)
    assert "krachtige_raad" in choices
    assert all(not t.custom for t in instrument.themes if t.id in choices)
    assert len(choices) == len([t for t in instrument.themes if not t.custom])


# -- participant summary -------------------------------------------------------------------------


def test_summary_only_when_closed_and_shared(demo, catalog):
    first, second = _bergveld(demo)
    with pytest.raises(ServiceError, match="gesloten"):
        feedback.participant_summary(demo, catalog, second.join_code)
    with pytest.raises(ServiceError, match="niet gedeeld"):
        feedback.participant_summary(demo, catalog, first.join_code)
    feedback.set_summary_published(demo, round_permit(first), True)
    summary = feedback.participant_summary(demo, catalog, first.join_code.lower())
    assert summary.round.id == first.id
    assert len(summary.agenda.current) == 3
    with pytest.raises(ServiceError):
        feedback.participant_summary(demo, catalog, "ZZZZZZZZ")


def test_summary_never_shows_a_group_under_k(demo, catalog):
    _, second = _bergveld(demo)  # inwoners: 3 respondents
    rounds.set_published(demo, round_permit(second), False)
    feedback.set_summary_published(demo, round_permit(second), True)
    summary = feedback.participant_summary(demo, catalog, second.join_code)
    assert "inwoners" not in {g.id for g in summary.report.result.shown_groups}
    assert all("inwoners" not in t.by_group for t in summary.report.result.themes)
    assert len(summary.notable) <= feedback.TOP_NOTABLE
    assert summary.notable[0].kind == "highest_theme"


def test_summary_link_format():
    assert feedback.summary_link("https://scan.example.nl/", "AB12CD34") == (
        "https://scan.example.nl/terugkoppeling?code=AB12CD34"
    )


def test_set_summary_published_on_a_missing_round(db):
    with pytest.raises(ServiceError):
        feedback.set_summary_published(db, 999, True)


# -- the reusable blocks (component tests) -------------------------------------------------------


def _tip_block(round_id: int) -> None:
    from dia_scan import storage as store
    from dia_scan.core.catalog import load_catalog
    from dia_scan.quickscan.results import build_round_report
    from dia_scan.ui.common.agenda import agenda_overview, tip_agenda_button

    conn = store.connect()
    round_row = store.get_round(conn, round_id)
    report = build_round_report(conn, load_catalog(), round_row)
    selected = report.advice[0]
    tip = selected.tips[0][0]
    tip_agenda_button(report, selected, tip, key="t")
    agenda_overview(conn, round_row)


def test_tip_button_puts_the_tip_on_the_agenda_for_the_facilitator(demo):
    from streamlit.testing.v1 import AppTest

    _, second = _bergveld(demo)
    at = AppTest.from_function(_tip_block, args=(second.id,), default_timeout=60)
    at.session_state["managed_rounds"] = {second.id: round_permit(second)}
    at.run()
    assert not at.exception, at.exception
    (button,) = [b for b in at.button if b.label == "Zet op de verbeteragenda"]
    button.click().run()
    assert not at.exception, at.exception
    (action,) = storage.list_actions(demo, round_id=second.id)
    assert action.source == "verbetertip" and action.target_id
    assert "Staat op de verbeteragenda" in " ".join(c.value for c in at.caption)
    assert not [b for b in at.button if b.label == "Zet op de verbeteragenda"]
    assert "Verbeteragenda" in [s.value for s in at.subheader]  # the overview beside the results


def test_participants_see_no_tip_button_and_no_agenda_overview(demo):
    from streamlit.testing.v1 import AppTest

    _, second = _bergveld(demo)
    at = AppTest.from_function(_tip_block, args=(second.id,), default_timeout=60).run()
    assert not at.exception, at.exception
    assert not at.button and not at.subheader

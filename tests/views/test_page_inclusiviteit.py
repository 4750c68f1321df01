"""AppTest of views/inclusiviteit.py: register through the form, fill in together and apart, resume,
log in with the codes, see the result with traffic lights, the agenda button and the print view."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dia_scan import storage
from dia_scan.checklist import service as checklists
from dia_scan.core import i18n
from dia_scan.core.text import markdown_safe
from tests.builders import new_assessment

# AppTest resolves a relative path against the calling file, so name the page from the project root
PAGE = str(Path(__file__).resolve().parents[2] / "views" / "inclusiviteit.py")


def _app() -> AppTest:
    return AppTest.from_file(PAGE, default_timeout=30)


def _no_trouble(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.text]
    return "\n".join(str(p) for p in parts)


def _option_controls(at: AppTest) -> list:
    return [s for s in at.segmented_control if s.key and s.key.endswith("_option")]


@pytest.fixture
def checklist(catalog):
    return checklists.checklist_of(catalog)


def test_register_answer_together_and_see_result(db, checklist):
    at = _app().run()
    _no_trouble(at)
    at.selectbox(key="incl_reg_org").set_value("GM0307")  # Amersfoort, from the CBS list
    at.text_input(key="incl_reg_name").input("Wijkvisie Noord")
    at.text_area(key="incl_reg_description").input("Een visie op de wijk.")
    at.selectbox(key="incl_reg_phase").set_value("uitvoering")
    at.selectbox(key="incl_reg_level").set_value("adviseren")
    at.text_input(key="incl_reg_groups").input("jongeren, ouderen")
    at.radio(key="incl_reg_mode").set_value("samen")
    at.button(key="FormSubmitter:incl_register-Vastleggen en beginnen").click().run()
    _no_trouble(at)
    assert not at.error, [e.value for e in at.error]

    process = storage.list_processes(db)[0]
    assert process.name == "Wijkvisie Noord"
    assert process.target_groups == ("jongeren", "ouderen")
    assessment = storage.list_assessments(db, process.id)[0]
    # the codes are shown once: the join code, and a beheercode that only exists as a hash
    shown = [c.value for c in at.code]
    assert assessment.join_code in shown
    assert len(shown) == 2

    # no answers yet, so the form is open on the first dimension
    first_dimension = checklist.dimensions[0]
    controls = _option_controls(at)
    assert len(controls) == len(first_dimension.criteria)
    assert "Zo ziet *ja* eruit" in _texts(at)
    for control in controls:
        control.set_value("ja")
    at.run()
    _no_trouble(at)
    team = storage.list_assessors(db, assessment.id)[0]
    assert team["answered"] == len(first_dimension.criteria)
    assert (
        f"{len(first_dimension.criteria)} van {len(checklist.criteria())} criteria"
        in at.get("progress")[0].proto.text
    )

    # a toelichting with HTML is saved as typed
    at.text_area(
        key=f"incl_team_{assessment.id}_{team['id']}_{first_dimension.criteria[0].id}_toelichting"
    ).input("<b>vet</b> en =1+1").run()
    saved = checklists.answers_of(db, team["id"])[first_dimension.criteria[0].id]
    assert saved["toelichting"] == "<b>vet</b> en =1+1"

    at.segmented_control(key=f"incl_sub_{assessment.id}").set_value("resultaat").run()
    _no_trouble(at)
    metric = at.metric[0]
    assert metric.value == "100"
    text = _texts(at)
    assert ":green-badge[:material/check_circle: Groen: gaat goed]" in text  # colour, icon and word
    assert "geen score" in text  # dimensions nobody answered yet
    assert at.get("plotly_chart")
    assert {b.label for b in at.get("download_button")} >= {"CSV", "Excel (alle tabellen)"}


def test_empty_name_is_refused_with_a_message(db):
    at = _app().run()
    at.selectbox(key="incl_reg_org").set_value("GM0307")
    at.text_input(key="incl_reg_name").input("   ")
    at.button(key="FormSubmitter:incl_register-Vastleggen en beginnen").click().run()
    _no_trouble(at)
    assert [e.value for e in at.error] == ["Geef het proces een naam."]
    assert storage.list_processes(db) == [] and storage.list_organisations(db) == []
    # nothing the user typed is lost
    assert at.selectbox(key="incl_reg_org").value == "GM0307"


def test_new_organisation_through_the_form(db):
    at = _app().run()
    at.selectbox(key="incl_reg_org").set_value("andere")
    at.text_input(key="incl_reg_org_name").input("Waterschap De Aa")
    at.radio(key="incl_reg_org_type").set_value("waterschap")
    at.text_input(key="incl_reg_name").input("Dijkversterking")
    at.radio(key="incl_reg_mode").set_value("apart")
    at.button(key="FormSubmitter:incl_register-Vastleggen en beginnen").click().run()
    _no_trouble(at)
    organisation = storage.list_organisations(db)[0]
    assert (organisation.name, organisation.type) == ("Waterschap De Aa", "waterschap")
    # apart: the page invites assessors with the code
    assessment = storage.list_assessments(db, storage.list_processes(db)[0].id)[0]
    assert f"{assessment.join_code[:4]} {assessment.join_code[4:]}" in [t.value for t in at.title]


def _login(join_code: str, beheercode: str) -> AppTest:
    """Open "Mijn processen" and log in with an assessment's codes."""
    at = _app().run()
    at.segmented_control(key="incl_view").set_value("processen").run()
    at.text_input(key="incl_login_code").input(join_code)
    at.text_input(key="incl_login_secret").input(beheercode)
    return at.button(key="FormSubmitter:incl_login-Openen").click().run()


def _apart(db, catalog, organisation_id, languages=("nl",)):
    return new_assessment(db, catalog, organisation_id, mode="apart", languages=languages)[1]


def test_join_with_code_answer_and_resume(db, catalog, organisation_id, checklist):
    created = _apart(db, catalog, organisation_id)
    at = _app()
    at.query_params["code"] = created.join_code
    at.run()
    _no_trouble(at)
    at.button(key="incl_begin").click().run()
    _no_trouble(at)
    assessor = storage.list_assessors(db, created.assessment_id)[0]
    assert assessor["label"] == "Beoordelaar 1"
    resume_code = at.code[0].value
    assert at.query_params["resume"] == resume_code
    first = checklist.dimensions[0].criteria[0]
    _option_controls(at)[0].set_value("nee").run()
    _no_trouble(at)
    assert checklists.answers_of(db, assessor["id"])[first.id]["option_id"] == "nee"
    at.button(key="incl_apart_next").click().run()
    _no_trouble(at)
    assert at.subheader[-1].value == f"2. {checklist.dimensions[1].title}"
    at.button(key="incl_apart_back").click().run()
    assert _option_controls(at)[0].value == "nee"  # read back from the database

    # a new browser (or a reload) continues with the resume code in the address
    again = _app()
    again.query_params["resume"] = resume_code
    again.run()
    _no_trouble(again)
    assert "Welkom terug" in [i.value for i in again.info][0]
    assert _option_controls(again)[0].value == "nee"


def test_unknown_code_gives_a_message(db):
    at = _app()
    at.query_params["code"] = "ABCDEFGH"
    at.run()
    _no_trouble(at)
    assert "kennen we niet" in at.error[0].value


def test_login_result_agenda_and_print(db, catalog, organisation_id, checklist):
    created = _apart(db, catalog, organisation_id)
    assessment = checklists.get_assessment(db, created.assessment_id)
    one = checklists.join_assessment(db, assessment)
    two = checklists.join_assessment(db, assessment)
    first, second = (c for _, c in checklist.criteria()[:2])
    checklists.answer(db, one.assessor_id, first.id, option_id="ja", toelichting="<i>Staat in het plan</i>")
    checklists.answer(db, two.assessor_id, first.id, option_id="nee", actiepunt="Doel uitleggen aan de raad")
    checklists.answer(db, one.assessor_id, second.id, option_id="nee")

    at = _login(created.join_code, created.beheercode)
    _no_trouble(at)
    assert not at.error
    assert at.metric[0].value == "25"  # (50 + 0) / 2 in the first dimension; other dimensions empty
    text = _texts(at)
    assert ":red-badge[:material/cancel: Rood: hier is werk nodig]" in text
    assert "Gespreksstarters" in [s.value for s in at.subheader]
    # typed text is shown as text, never as markup
    assert "Beoordelaar 1: ja. <i>Staat in het plan</i>" in [t.value for t in at.text]
    assert "<i>Staat in het plan</i>" not in "\n".join(m.value for m in at.markdown)

    agenda_button = next(b for b in at.button if b.label == "Zet op de verbeteragenda")
    agenda_button.click().run()
    _no_trouble(at)
    actions = storage.list_actions(db, assessment_id=created.assessment_id)
    assert [(a.wat, a.source, a.target_id) for a in actions] == [
        ("Doel uitleggen aan de raad", "actiepunt", checklist.dimensions[0].id)
    ]
    assert any(b.label == "Staat op de verbeteragenda" and b.disabled for b in at.button)

    at.toggle(key="incl_print").set_value(True).run()
    _no_trouble(at)
    assert not at.button and not at.get("download_button")
    assert "Wat kan beter" in _texts(at)
    assert "Actiepunt: Doel uitleggen aan de raad" in _texts(at)


def test_wrong_beheercode_is_refused(db, catalog, organisation_id):
    created = _apart(db, catalog, organisation_id)
    at = _login(created.join_code, "AAAA-BBBB-CCCC-DD")
    _no_trouble(at)
    assert "klopt niet" in at.error[0].value
    assert not at.metric


def test_reassess_and_compare_over_time(db, catalog, organisation_id, checklist):
    process_id, earlier = new_assessment(db, catalog, organisation_id, name="Energieplan")
    for _, c in checklist.criteria():
        checklists.answer(db, earlier.assessor_id, c.id, option_id="nee")
    at = _login(earlier.join_code, earlier.beheercode)
    at.segmented_control(key=f"incl_sub_{earlier.assessment_id}").set_value("opnieuw").run()
    at.radio(key=f"incl_reassess_mode_{process_id}").set_value("samen")
    at.button(key=f"FormSubmitter:incl_reassess_{process_id}-Nieuwe beoordeling starten").click().run()
    _no_trouble(at)
    later = storage.list_assessments(db, process_id)[-1]
    assert later.title == "Beoordeling 2"
    team = storage.list_assessors(db, later.id)[0]
    for _, c in checklist.criteria():
        checklists.answer(db, team["id"], c.id, option_id="ja")
    at.segmented_control(key=f"incl_sub_{later.id}").set_value("tijd").run()
    _no_trouble(at)
    assert at.metric[0].value == "100"
    assert at.metric[0].delta == "+100 punten"
    assert "**Beter geworden**" in _texts(at)


def test_a_process_is_corrected_and_then_deleted_on_the_page(db, catalog, organisation_id):
    created = _apart(db, catalog, organisation_id)
    pid = checklists.get_assessment(db, created.assessment_id).process_id
    at = _login(created.join_code, created.beheercode)
    _no_trouble(at)

    at.text_input(key=f"incl_edit_name_{pid}").input("Begroting *2027*")
    at.selectbox(key=f"incl_edit_phase_{pid}").set_value("uitvoering")
    at.text_input(key=f"incl_edit_groups_{pid}").input("jongeren, ondernemers")
    at.button(key=f"incl_edit_save_{pid}").click().run()
    _no_trouble(at)
    process = storage.get_process(db, pid)
    assert (process.name, process.phase, process.target_groups) == (
        "Begroting *2027*",
        "uitvoering",
        ("jongeren", "ondernemers"),
    )
    assert "opgeslagen" in " ".join(s.value for s in at.success)
    assert "Begroting \\*2027\\*" in [s.value for s in at.subheader]

    # an open assessment is closed first, so nobody loses what is being filled in
    assert f"incl_confirm_{pid}" not in [t.key for t in at.text_input]
    assert "Er staat nog 1 beoordeling open." in " ".join(i.value for i in at.info)
    at.button(key=f"incl_close_{created.assessment_id}").click().run()
    _no_trouble(at)

    # typed text in the label is shown as text, not as markup
    label = at.text_input(key=f"incl_confirm_{pid}").label
    assert label == "Typ ter bevestiging de naam van het proces (Begroting \\*2027\\*)"
    at.text_input(key=f"incl_confirm_{pid}").input("Iets anders")
    at.button(key=f"incl_delete_now_{pid}").click().run()
    _no_trouble(at)
    assert "naam van het proces" in " ".join(e.value for e in at.error)
    assert storage.get_process(db, pid) is not None

    at.text_input(key=f"incl_confirm_{pid}").input("begroting *2027*")
    at.button(key=f"incl_delete_now_{pid}").click().run()
    _no_trouble(at)
    assert storage.get_process(db, pid) is None
    assert "is verwijderd, met 1 beoordeling." in " ".join(s.value for s in at.success)
    assert at.text_input(key="incl_login_code"), "the login form is back: nothing left to manage"


def test_criteria_of_a_later_phase_are_shown_as_not_yet_and_who_filled_in_is_named(
    db, catalog, organisation_id
):
    process_id = checklists.register_process(
        db, catalog, organisation_id=organisation_id, name="Omgevingsvisie", phase="voorbereiding"
    )
    created = checklists.start_assessment(
        db, catalog, process_id=process_id, mode="apart", who=["team", "deelnemers"]
    )
    one = checklists.join_assessment(db, checklists.get_assessment(db, created.assessment_id))
    checklist = checklists.checklist_of(catalog)
    for _, criterion in checklist.criteria():
        checklists.answer(db, one.assessor_id, criterion.id, option_id="nee")

    at = _login(created.join_code, created.beheercode)
    _no_trouble(at)
    text = _texts(at)
    assert markdown_safe("Ingevuld door: het projectteam en deelnemers en inwoners") in text
    later = [c for _, c in checklist.criteria() if not c.applies_in("voorbereiding")]
    expander = next(
        e for e in at.expander if e.label.startswith("Nog niet aan de orde in de fase voorbereiding")
    )
    assert f"{len(later)} criteria" in expander.label
    shown = "\n".join(m.value for m in expander.markdown)
    assert all(c.text[:40] in shown for c in later)


def test_an_assessor_fills_in_the_checklist_in_english_and_the_answer_is_the_same(
    db, catalog, organisation_id, checklist
):
    created = _apart(db, catalog, organisation_id, languages=("nl", "en"))
    at = _app()
    at.query_params["code"] = created.join_code
    at.query_params["lang"] = "en"
    at.run()
    _no_trouble(at)
    assert at.title[0].value == "How inclusive is this process?"
    assert "*Yes*, *Partly*, *No* or *N/a*" in _texts(at)
    assert "not yet been checked by a native speaker" in _texts(at)
    at.button(key="incl_begin").click().run()
    _no_trouble(at)
    assert "This is your resume code" in _texts(at) and "Assessor 1" in _texts(at)
    english = i18n.localise(checklist, "en")
    assert at.subheader[-1].value == f"1. {english.dimensions[0].title}"
    assert _option_controls(at)[0].options == ["Yes", "Partly", "No", "N/a"]
    _option_controls(at)[0].set_value("deels").run()
    _no_trouble(at)
    assessor = storage.list_assessors(db, created.assessment_id)[0]
    assert assessor["label"] == "Beoordelaar 1"  # stored in Dutch, as the results show it
    first = checklist.dimensions[0].criteria[0]
    assert checklists.answers_of(db, assessor["id"])[first.id]["option_id"] == "deels"
    assert at.button(key="incl_apart_next").label == "Next"


def test_an_assessor_meets_the_services_messages_in_their_language(db, catalog, organisation_id):
    _, together = new_assessment(db, catalog, organisation_id, name="Samen", mode="samen", languages=("en",))
    at = _app()
    at.query_params["code"] = together.join_code
    at.query_params["lang"] = "en"
    at.run()
    at.button(key="incl_begin").click().run()
    _no_trouble(at)
    assert "This checklist is filled in together, on the organiser's screen." in " ".join(
        e.value for e in at.error
    )

    created = _apart(db, catalog, organisation_id, languages=("nl", "fy"))
    at = _app()
    at.query_params["code"] = created.join_code
    at.query_params["lang"] = "fy"
    at.run()
    at.button(key="incl_begin").click().run()
    _no_trouble(at)
    checklists.set_open(db, created.permit, created.assessment_id, False)  # closed while typing
    _option_controls(at)[0].set_value("ja").run()
    _no_trouble(at)
    errors = " ".join(e.value for e in at.error)
    assert "Net bewarre: Dizze beoardieling is ôfsluten. Jo kinne neat mear feroarje." in errors
    assessor = storage.list_assessors(db, created.assessment_id)[0]
    assert checklists.answers_of(db, assessor["id"]) == {}  # nothing saved after closing


def test_the_organisers_screens_of_the_checklist_stay_dutch(db):
    at = _app()
    at.query_params["lang"] = "fy"
    at.run()
    _no_trouble(at)
    assert at.title[0].value == "Hoe inclusief is dit proces?"
    assert at.segmented_control(key="incl_view").label == "Wat wilt u doen?"


def test_the_form_says_which_criteria_belong_to_a_later_phase(db, catalog, organisation_id, checklist):
    process_id = checklists.register_process(
        db, catalog, organisation_id=organisation_id, name="Omgevingsvisie", phase="voorbereiding"
    )
    created = checklists.start_assessment(db, catalog, process_id=process_id, mode="samen")
    index, dimension = next(
        (i, d)
        for i, d in enumerate(checklist.dimensions)
        if any(not c.applies_in("voorbereiding") for c in d.criteria)
    )
    at = _login(created.join_code, created.beheercode)
    _no_trouble(at)
    at.session_state[f"incl_team_{created.assessment_id}_dim_{created.assessor_id}"] = index
    at.run()
    _no_trouble(at)
    notes = [i.value for i in at.info if "hoort bij een latere fase dan voorbereiding" in i.value]
    assert len(notes) == sum(not c.applies_in("voorbereiding") for c in dimension.criteria)


def test_an_assessment_offers_only_the_languages_chosen_when_it_was_started(db, catalog, organisation_id):
    dutch_only = _apart(db, catalog, organisation_id)
    at = _app()
    at.query_params["code"] = dutch_only.join_code
    at.query_params["lang"] = "en"  # a link for a language the assessment does not offer
    at.run()
    _no_trouble(at)
    assert not [s for s in at.segmented_control if s.key == "incl_language"]
    assert "De checklist heeft" in _texts(at)
    assert "lang" not in at.query_params

    frysk = _apart(db, catalog, organisation_id, languages=("nl", "fy"))
    at = _app()
    at.query_params["code"] = frysk.join_code
    at.run()
    _no_trouble(at)
    picker = at.segmented_control(key="incl_language")
    assert picker.options == ["Nederlands", "Frysk"]
    picker.set_value("fy").run()
    _no_trouble(at)
    assert "De checklist hat" in _texts(at)
    assert at.query_params["lang"] == "fy"


def test_the_languages_are_chosen_when_an_assessment_is_started(db, catalog, organisation_id):
    process_id, first = new_assessment(db, catalog, organisation_id, mode="apart")
    at = _login(first.join_code, first.beheercode)
    _no_trouble(at)
    at.segmented_control(key=f"incl_sub_{first.assessment_id}").set_value("opnieuw").run()
    key = f"incl_reassess_languages_{process_id}"
    at.pills(key=key).set_value(["en"])
    at.button(key=f"FormSubmitter:incl_reassess_{process_id}-Nieuwe beoordeling starten").click().run()
    _no_trouble(at)
    later = checklists.list_assessments(db, process_id)[-1]
    assert later.id != first.assessment_id
    assert checklists.offered_languages(later) == ["nl", "en"]
    assert checklists.offered_languages(checklists.get_assessment(db, first.assessment_id)) == ["nl"]


@pytest.mark.parametrize("stored_before_phase_names", [False, True])
def test_an_assessor_in_frysk_reads_the_phase_in_frysk(
    db, catalog, organisation_id, checklist, stored_before_phase_names
):
    """The note on a criterion for a later phase names the phase in the assessor's language, also for an
    assessment whose stored checklist predates the phase names (the same version's names are used)."""
    _, created = new_assessment(
        db, catalog, organisation_id, mode="apart", languages=("nl", "fy"), phase="voorbereiding"
    )
    if stored_before_phase_names:
        body = storage.get_instrument_body(db, checklist.id, checklist.version)
        del body["phase_names"]
        db.execute(
            "UPDATE instrument_versions SET body = ? WHERE instrument_id = ? AND version = ?",
            [json.dumps(body), checklist.id, checklist.version],
        )
    index, dimension = next(
        (i, d)
        for i, d in enumerate(checklist.dimensions)
        if any(not c.applies_in("voorbereiding") for c in d.criteria)
    )
    at = _app()
    at.query_params["code"] = created.join_code
    at.query_params["lang"] = "fy"
    at.run()
    at.button(key="incl_begin").click().run()
    _no_trouble(at)
    assessor = storage.list_assessors(db, created.assessment_id)[0]
    at.session_state[f"incl_apart_dim_{assessor['id']}"] = index
    at.run()
    _no_trouble(at)
    notes = [i.value for i in at.info if "Dit heart by in lettere faze as tarieding." in i.value]
    assert len(notes) == sum(not c.applies_in("voorbereiding") for c in dimension.criteria)
    assert "voorbereiding" not in " ".join(i.value for i in at.info)

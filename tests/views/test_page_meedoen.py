"""AppTest of the Meedoen page: join, answer theme by theme, resume, submit once, clear messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dia_scan import storage
from dia_scan.core.text import markdown_safe
from dia_scan.quickscan import languages, rounds
from tests.builders import new_round
from tests.conftest import round_permit

PAGE = str(Path(__file__).resolve().parents[2] / "views" / "meedoen.py")
HTML = "<script>alert('x')</script> <b>vet</b> **ster**"


def _page(**query) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    return at


def _step_text(at: AppTest) -> str:
    return at.get("progress")[0].proto.text if at.get("progress") else ""


#: What the test participant tells on the "Over u" screen (question id -> option id).
ABOUT = {
    "leeftijd": "45-64",
    "gender": "vrouw",
    "opleiding": "theoretisch",
    "meedoen": "nooit",
    "ervaring": "2-5",
}


def _answer_screen(at: AppTest, value) -> None:
    for pills in at.pills:
        if "_b_" in pills.key:
            pills.set_value(ABOUT[pills.key.rsplit("_b_", 1)[1]])
        else:
            pills.set_value(value)


def _start(at: AppTest, group: str) -> AppTest:
    at.radio(key="answer_group").set_value(group)
    _ok(at.button(key="answer_begin").click().run())
    return at


def _to_review(at: AppTest, *, open_text: str = "", priorities: int = 2) -> AppTest:
    _ok(at.button(key="answer_start").click().run())
    for _ in range(30):
        if any(b.key == "answer_submit" for b in at.button):
            return at
        _answer_screen(at, 4)
        for box in at.checkbox[:priorities]:
            box.check()
        for area in at.text_area:
            area.input(open_text)
        _ok(at.button(key="answer_next").click().run())
    raise AssertionError("the review screen was never reached")


def _texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def _messages(at: AppTest, kind: str) -> str:
    return " ".join(e.value for e in getattr(at, kind))


# -- joining -------------------------------------------------------------------------------------


def test_link_with_code_shows_the_groups_of_the_instrument(db, catalog, organisation_id):
    row = new_round(db, catalog, organisation_id, instrument_id="quickscan-waterschap")
    at = _ok(_page(code=row.join_code))
    groups = at.radio(key="answer_group")
    assert groups.options == [g.label for g in catalog.get("quickscan-waterschap").groups]
    assert groups.value is None  # nothing chosen for the participant
    assert not at.text_input  # no names asked


def test_typed_code_opens_the_round(db, catalog, organisation_id):
    row = new_round(db, catalog, organisation_id)
    at = _ok(_page())
    at.text_input(key="answer_code_input").input(row.join_code.lower())
    _ok(at.button(key="answer_code_go").click().run())
    assert at.query_params.get("code") == row.join_code
    assert at.radio(key="answer_group")


@pytest.mark.parametrize("code", ["ZZZZZZZZ", "<script>alert(1)</script>", "12"])
def test_wrong_or_forged_code_gives_a_message(db, catalog, organisation_id, code):
    new_round(db, catalog, organisation_id)
    at = _ok(_page(code=code))
    assert "code" in _messages(at, "error").lower()
    assert at.text_input(key="answer_code_input")  # and the participant can try again


def test_typed_wrong_code_gives_a_message(db, catalog, organisation_id):
    at = _ok(_page())
    at.text_input(key="answer_code_input").input("KX7M4RPA")
    _ok(at.button(key="answer_code_go").click().run())
    assert "kennen we niet" in _messages(at, "error")


def test_closed_round_gives_a_message(db, catalog, organisation_id):
    row = new_round(db, catalog, organisation_id)
    rounds.set_published(db, round_permit(row), False)
    at = _ok(_page(code=row.join_code))
    assert "gesloten" in _messages(at, "error")
    assert not at.radio


def test_unpublished_round_gives_a_message(db, catalog, organisation_id):
    row = new_round(db, catalog, organisation_id, published=False)
    at = _ok(_page(code=row.join_code))
    assert "nog niet open" in _messages(at, "error")


def test_beginning_without_a_group_gives_a_message(db, catalog, organisation_id):
    row = new_round(db, catalog, organisation_id)
    at = _ok(_page(code=row.join_code))
    _ok(at.button(key="answer_begin").click().run())
    assert "Kies eerst uw groep" in _messages(at, "error")
    assert storage.group_counts(db, row.id) == {}


# -- answering -----------------------------------------------------------------------------------


def test_resume_code_is_shown_and_put_in_the_address(db, catalog, organisation_id):
    row = new_round(db, catalog, organisation_id)
    at = _start(_ok(_page(code=row.join_code)), "inwoners")
    resume_code = at.query_params["resume"]
    assert "code" not in at.query_params
    codes_shown = [c.value for c in at.code]
    assert resume_code in codes_shown
    assert any(f"meedoen?resume={resume_code}" in c for c in codes_shown)
    assert storage.group_counts(db, row.id)["inwoners"] == {"started": 1, "submitted": 0}


def test_one_theme_per_screen_with_progress(db, catalog, organisation_id):
    row = new_round(db, catalog, organisation_id)
    instrument = catalog.get("quickscan-gemeente")
    at = _start(_ok(_page(code=row.join_code)), "raad")
    _ok(at.button(key="answer_start").click().run())
    assert _step_text(at) == "Stap 1 van 13"
    first = instrument.themes[0]
    assert at.subheader[0].value == first.title
    assert len(at.pills) == len([s for t, s in instrument.statements_for("raad") if t.id == first.id])
    options = at.pills[0].options
    assert len(options) == 6 and all(p.value is None for p in at.pills)  # five points and weet niet
    _ok(at.button(key="answer_next").click().run())
    _ok(at.button(key="answer_next").click().run())
    assert _step_text(at) == "Stap 3 van 13"
    _ok(at.button(key="answer_back").click().run())
    assert _step_text(at) == "Stap 2 van 13"


def test_the_priorities_screen_explains_each_theme(db, catalog, organisation_id):
    row = new_round(db, catalog, organisation_id)
    instrument = catalog.get("quickscan-gemeente")
    at = _start(_ok(_page(code=row.join_code)), "inwoners")
    _ok(at.button(key="answer_start").click().run())
    for _ in range(15):
        if at.checkbox:
            break
        _ok(at.button(key="answer_next").click().run())
    seen = {t.id for t, _ in instrument.statements_for("inwoners")}
    offered = [t for t in instrument.themes if t.id in seen]
    assert [box.label for box in at.checkbox] == [t.title for t in offered]
    captions = [c.value for c in at.caption]
    assert all(t.explanation in captions for t in offered)


def test_all_steps_and_submit_store_exactly_one_response(db, catalog, organisation_id):
    row = new_round(db, catalog, organisation_id)
    at = _to_review(_start(_ok(_page(code=row.join_code)), "raad"), open_text=HTML)
    assert _step_text(at) == "Stap 13 van 13"
    _ok(at.button(key="answer_submit").click().run())
    assert "Bedankt" in _messages(at, "success")
    assert storage.group_counts(db, row.id) == {"raad": {"started": 1, "submitted": 1}}
    raw = storage.round_raw_answers(db, row.id)
    assert len(raw) == len(catalog.get("quickscan-gemeente").statements_for("raad"))
    assert {a["value"] for a in raw} == {4}
    assert len(storage.round_raw_priorities(db, row.id)) == 2
    # "Over u" is counted per group only, never stored with the response
    assert sorted(storage.background_tally_rows(db, row.id)) == sorted(
        ("raad", q, ABOUT[q], 1) for q in ("leeftijd", "gender", "ervaring")
    )
    assert "background" not in storage.get_response_by_id(db, raw[0]["response_id"]).draft


def test_html_in_an_open_answer_is_stored_and_shown_as_text(db, catalog, organisation_id):
    row = new_round(db, catalog, organisation_id)
    at = _to_review(_start(_ok(_page(code=row.join_code)), "inwoners"), open_text=HTML)
    assert HTML in _texts(at)  # st.text: no markdown, no HTML
    assert not any(HTML in m.value for m in at.markdown)
    _ok(at.button(key="answer_submit").click().run())
    stored = storage.round_open_answers(db, row.id)
    assert stored and all(a["text"] == HTML for a in stored)


def test_dont_know_is_stored_apart(db, catalog, organisation_id):
    row = new_round(db, catalog, organisation_id)
    at = _start(_ok(_page(code=row.join_code)), "college")
    _ok(at.button(key="answer_start").click().run())
    _answer_screen(at, "dk")
    _ok(at.run())
    at.button(key="answer_next").click().run()
    answers = storage.get_response_by_token_hash(
        db, rounds.codes.token_hash(at.query_params["resume"])
    ).draft["answers"]
    assert answers and set(answers.values()) == {"dk"}


def test_custom_questions_are_asked_and_shown_as_text(db, catalog, organisation_id):
    custom = [
        {"kind": "stelling", "text": "Wij *praten* <i>goed</i> [samen](http://x)"},
        {"kind": "open", "text": "Wat <b>moet</b> anders?"},
    ]
    row = new_round(db, catalog, organisation_id, custom_questions=custom)
    at = _start(_ok(_page(code=row.join_code)), "raad")
    _ok(at.button(key="answer_start").click().run())
    assert _step_text(at) == "Stap 1 van 14"
    for _ in range(10):
        _ok(at.button(key="answer_next").click().run())
    assert at.subheader[0].value == "Eigen vragen van de organisatie"
    shown = " ".join(m.value for m in at.markdown)
    assert "\\*praten\\*" in shown and "\\<i\\>" in shown and "\\[samen\\]" in shown
    _ok(at.button(key="answer_next").click().run())
    assert "Wat \\<b\\>moet\\</b\\> anders?" in " ".join(m.value for m in at.markdown)


# -- resuming ------------------------------------------------------------------------------------


def test_resume_link_continues_where_left(db, catalog, organisation_id):
    row = new_round(db, catalog, organisation_id)
    at = _start(_ok(_page(code=row.join_code)), "raad")
    resume_code = at.query_params["resume"]
    _ok(at.button(key="answer_start").click().run())
    at.pills[0].set_value(2)
    _ok(at.run())
    _ok(at.button(key="answer_next").click().run())
    _answer_screen(at, 5)
    _ok(at.run())

    again = _ok(_page(resume=resume_code))  # a browser reload: new session, same address
    assert _step_text(again) == "Stap 2 van 13"
    assert "Welkom terug" in _messages(again, "info")
    assert all(p.value == 5 for p in again.pills)
    _ok(again.button(key="answer_back").click().run())
    assert again.pills[0].value == 2


def test_typed_resume_code_continues(db, catalog, organisation_id):
    row = new_round(db, catalog, organisation_id)
    first = _start(_ok(_page(code=row.join_code)), "organisatie")
    resume_code = first.query_params["resume"]
    _ok(first.button(key="answer_start").click().run())
    _ok(first.button(key="answer_next").click().run())

    at = _ok(_page())
    at.text_input(key="answer_resume_input").input(resume_code.lower().replace("-", " "))
    _ok(at.button(key="answer_resume_go").click().run())
    assert _step_text(at) == "Stap 2 van 13"
    assert at.query_params["resume"] == resume_code


@pytest.mark.parametrize("code", ["ABCD-EFGH-JKMN-PQ", "<img src=x onerror=alert(1)>", "x" * 500])
def test_wrong_resume_code_gives_a_message(db, code):
    at = _ok(_page(resume=code))
    assert "hervatcode" in _messages(at, "error")
    assert at.text_input(key="answer_resume_input")


def test_submitting_twice_stores_one_response(db, catalog, organisation_id):
    row = new_round(db, catalog, organisation_id)
    first = _to_review(_start(_ok(_page(code=row.join_code)), "raad"))
    second = _ok(_page(resume=first.query_params["resume"]))  # same response in a second tab
    _ok(first.button(key="answer_submit").click().run())
    _ok(second.button(key="answer_submit").click().run())
    assert "Uw antwoorden waren al ontvangen" in _messages(second, "info")
    assert storage.group_counts(db, row.id)["raad"]["submitted"] == 1
    # and coming back with the link afterwards says so too
    later = _ok(_page(resume=first.query_params["resume"]))
    assert "Uw antwoorden waren al ontvangen" in _messages(later, "info")


def test_round_closed_while_answering_keeps_the_draft_and_blocks_submit(db, catalog, organisation_id):
    row = new_round(db, catalog, organisation_id)
    at = _to_review(_start(_ok(_page(code=row.join_code)), "inwoners"))
    rounds.set_published(db, round_permit(row), False)
    _ok(at.run())
    assert "Versturen kan" in _messages(at, "warning")
    assert "telt niet mee" in " ".join(m.value for m in at.markdown)
    assert not [b for b in at.button if b.key in ("answer_submit", "answer_next", "answer_start")]
    assert storage.group_counts(db, row.id)["inwoners"]["submitted"] == 0


def test_results_link_after_closing_when_allowed(db, catalog, organisation_id):
    row = new_round(db, catalog, organisation_id)
    at = _to_review(_start(_ok(_page(code=row.join_code)), "raad"))
    _ok(at.button(key="answer_submit").click().run())
    rounds.set_results_for_participants(db, round_permit(row), True)
    rounds.set_published(db, round_permit(row), False)
    _ok(at.run())
    links = at.get("link_button")
    assert links and f"resultaten?code={row.join_code}" in links[0].proto.url


@pytest.mark.parametrize(
    "typed",
    ["**vet**", "<b>x</b>", "[link](javascript:alert(1))", ":red[rood]", "# kop", "`code`", "a\\*b"],
)
def test_plain_leaves_no_markup(typed):
    escaped = markdown_safe(typed)
    # every markup character is escaped, so Markdown shows exactly what was typed (an invisible
    # zero-width space breaks what could become an auto-link)
    unescaped = escaped.replace("\u200b", "").replace("\\\\", "").replace("\\", "")
    assert unescaped == typed.replace("\\", "")
    assert all(escaped[i - 1] == "\\" for i, ch in enumerate(escaped) if ch in "*<[:#`" and i > 0)


def test_over_u_is_optional_can_be_undone_and_is_counted_apart(db, catalog, organisation_id):
    row = new_round(db, catalog, organisation_id)
    at = _start(_ok(_page(code=row.join_code)), "inwoners")
    _ok(at.button(key="answer_start").click().run())
    for _ in range(20):
        if at.subheader and at.subheader[0].value == "Over u":
            break
        _ok(at.button(key="answer_next").click().run())
    said = " ".join([m.value for m in at.markdown] + [c.value for c in at.caption])
    assert "niet verplicht" in said and "apart" in said
    asked = [p.key.rsplit("_b_", 1)[1] for p in at.pills]
    assert asked == ["leeftijd", "gender", "opleiding", "meedoen"]  # no "ervaring" for inwoners
    at.pills(key=next(p.key for p in at.pills if p.key.endswith("_b_leeftijd"))).set_value("65-plus")
    at.pills(key=next(p.key for p in at.pills if p.key.endswith("_b_gender"))).set_value("vrouw")
    _ok(at.run())
    at.pills(key=next(p.key for p in at.pills if p.key.endswith("_b_gender"))).set_value(None)  # undone
    _ok(at.run())
    resume = at.query_params["resume"]
    draft = storage.get_response_by_token_hash(db, rounds.codes.token_hash(resume)).draft
    assert draft["background"] == {"leeftijd": "65-plus"}
    # coming back later keeps the choice; the review lists it
    again = _ok(_page(resume=resume))
    _ok(again.button(key="answer_next").click().run())
    assert "Over u:" in " ".join(m.value for m in again.markdown) and "65 jaar of ouder" in " ".join(
        m.value for m in again.markdown
    )
    _ok(again.button(key="answer_submit").click().run())
    assert storage.background_tally_rows(db, row.id) == [("inwoners", "leeftijd", "65-plus", 1)]


# -- languages -----------------------------------------------------------------------------------


def _multilingual(db, catalog, organisation_id) -> dict:
    from dia_scan.quickscan import languages

    row = new_round(db, catalog, organisation_id)
    languages.set_languages(db, round_permit(row), ["nl", "fy", "en"])
    return storage.get_round(db, row.id)


def test_a_whole_questionnaire_in_frysk_from_the_link_counts_like_any_other(db, catalog, organisation_id):
    row = _multilingual(db, catalog, organisation_id)
    at = _ok(_page(code=row.join_code, lang="fy"))
    assert at.title[0].value == "Meidwaan"
    assert at.radio(key="answer_group").label == "Wa binne jo? Kies jo groep."
    assert "Ynwenners" in at.radio(key="answer_group").options
    assert "noch net neisjoen" in " ".join(c.value for c in at.caption)
    _start(at, "inwoners")
    assert at.button(key="answer_start").label == "Begjin mei de fragelist"
    at = _to_review(at)
    assert at.subheader[0].value == "Kontrolearje en ferstjoere"
    assert at.button(key="answer_submit").label == "Ferstjoere"
    _ok(at.button(key="answer_back").click().run())  # one screen back: the last step, in Frysk
    assert _step_text(at).startswith("Stap ") and " fan " in _step_text(at)
    assert at.button(key="answer_next").label == "Folgjende"
    _ok(at.button(key="answer_next").click().run())
    _ok(at.button(key="answer_submit").click().run())
    assert "Tankewol!" in _messages(at, "success")
    assert storage.group_counts(db, row.id)["inwoners"]["submitted"] == 1


def test_the_participant_switches_language_on_the_first_screen(db, catalog, organisation_id):
    row = _multilingual(db, catalog, organisation_id)
    at = _ok(_page(code=row.join_code))
    assert at.radio(key="answer_group").label == "Wie bent u? Kies uw groep."
    at.segmented_control(key="answer_language").set_value("en")
    _ok(at.run())
    assert at.radio(key="answer_group").label == "Who are you? Choose your group."
    assert "Residents" in at.radio(key="answer_group").options
    assert at.query_params["lang"] == "en"


def test_a_language_the_round_does_not_offer_gives_dutch(db, catalog, organisation_id):
    row = new_round(db, catalog, organisation_id)
    at = _ok(_page(code=row.join_code, lang="en"))
    assert at.radio(key="answer_group").label == "Wie bent u? Kies uw groep."
    assert not [s for s in at.segmented_control if s.key == "answer_language"]


def test_resuming_a_closed_round_says_at_once_that_sending_is_no_longer_possible(
    db, catalog, organisation_id
):
    row = new_round(db, catalog, organisation_id)
    at = _start(_ok(_page(code=row.join_code)), "raad")
    _ok(at.button(key="answer_start").click().run())
    _answer_screen(at, 4)
    resume_code = at.query_params["resume"]
    rounds.set_published(db, round_permit(row), False)
    again = _ok(_page(resume=resume_code))  # later, on another device
    assert "Versturen kan" in _messages(again, "warning")
    assert "Welkom terug" not in _messages(again, "info")
    body = " ".join(m.value for m in again.markdown)
    assert "telt niet mee in de uitkomsten" in body and "dezelfde hervatcode" in body
    assert not [b for b in again.button if b.key in ("answer_start", "answer_next", "answer_submit")]
    assert storage.get_response_by_token_hash(db, rounds.codes.token_hash(resume_code)).draft  # kept


def test_an_unknown_code_is_told_in_the_participants_language(db):
    at = _ok(_page(code="ZZZZZZZZ", lang="en"))
    assert "We do not recognise this code." in _messages(at, "error")
    at = _ok(_page(resume="ABCD-EFGH-JKMN-PQ", lang="fy"))
    assert "Dizze ferfetkoade kenne wy net." in _messages(at, "error")


def test_a_scan_that_opens_later_says_when_in_the_participants_language(db, catalog, organisation_id):
    row = new_round(db, catalog, organisation_id, period_start="2099-03-02", period_end="2099-03-20")
    at = _ok(_page(code=row.join_code, lang="en"))
    assert "This scan opens on 2 March 2099. Please try again then." in _messages(at, "error")
    at = _ok(_page(code=row.join_code, lang="fy"))
    assert "Dizze scan giet iepen op 2 maart 2099." in _messages(at, "error")
    at = _ok(_page(code=row.join_code))
    assert "Deze scan gaat open op 2 maart 2099." in _messages(at, "error")


def test_a_malformed_code_is_explained_with_the_participants_word_for_it(db):
    at = _ok(_page(code="12", lang="fy"))
    assert "Dizze koade klopt net. In dielnamekoade hat 8 tekens" in _messages(at, "error")
    at = _ok(_page(code="12", lang="en"))
    assert "A participation code has 8 characters" in _messages(at, "error")


def test_a_refused_submit_is_told_in_frysk_and_nothing_is_stored(db, catalog, organisation_id):
    row = _multilingual(db, catalog, organisation_id)
    at = _to_review(_start(_ok(_page(code=row.join_code, lang="fy")), "raad"))
    first = next(iter(at.session_state["answer"]["draft"]["answers"]))
    at.session_state["answer"]["draft"]["answers"][first] = 9  # not on the scale (a forged request)
    _ok(at.button(key="answer_submit").click().run())
    assert _messages(at, "error") == "Ien fan de antwurden falt bûten de antwurdskaal."
    assert at.button(key="answer_submit")  # still on the review screen: nothing lost
    assert storage.group_counts(db, row.id)["raad"]["submitted"] == 0


@pytest.mark.parametrize(
    ("language", "typed_note"),
    [
        ("en", "The organisation wrote this question itself, in Dutch."),
        ("fy", "De organisaasje hat dizze fraach sels skreaun, yn it Nederlânsk."),
    ],
)
def test_a_ready_made_own_question_is_asked_in_the_participants_language_and_a_typed_one_is_marked_dutch(
    db, catalog, organisation_id, language, typed_note
):
    ready = {q.id: q for q in catalog.get("quickscan-gemeente").suggested_custom_questions}

    def read(question_id: str, translated: bool = True) -> str:
        question = ready[question_id]
        return markdown_safe(question.translation(language)["text"] if translated else question.text)

    typed = "De gemeente legt goed uit wat er met deze scan gebeurt."
    row = new_round(
        db,
        catalog,
        organisation_id,
        custom_questions=[
            ready["mw_kernen_eigen"].as_custom_question(),
            {"kind": "stelling", "text": typed},
            ready["mw_kernen_open"].as_custom_question(),
        ],
    )
    languages.set_languages(db, round_permit(row), ["nl", language])
    at = _start(_ok(_page(code=row.join_code, lang=language)), "inwoners")
    _ok(at.button(key="answer_start").click().run())
    for _ in range(20):  # on to the screen with the round's own statements
        if any(read("mw_kernen_eigen") in m.value for m in at.markdown):
            break
        _ok(at.button(key="answer_next").click().run())
    shown = " ".join(m.value for m in at.markdown)
    assert read("mw_kernen_eigen") in shown
    assert read("mw_kernen_eigen", translated=False) not in shown
    assert markdown_safe(typed) in shown
    notes = [c.value for c in at.caption if c.value == typed_note]
    assert len(notes) == 1, "only the typed question is marked as Dutch"
    for pills in at.pills:
        pills.set_value(4)
    _ok(at.button(key="answer_next").click().run())
    for _ in range(5):  # on to the open questions
        if any(read("mw_kernen_open") in m.value for m in at.markdown):
            break
        _ok(at.button(key="answer_next").click().run())
    else:
        raise AssertionError("the ready-made open question was not asked in the participant's language")
    assert typed_note not in [c.value for c in at.caption]  # the ready-made open question is translated
    instrument = rounds.round_instrument(db, row)
    own = [s.id for t, s in instrument.statements() if t.custom]
    draft = storage.get_response_by_id(db, at.session_state["answer"]["response_id"]).draft
    assert {draft["answers"][i] for i in own} == {4}  # the same ids, whatever the language

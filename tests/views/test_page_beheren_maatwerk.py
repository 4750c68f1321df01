"""AppTest of the ready-made maatwerkvragen on Nieuwe ronde: tick one, and the round carries it."""

from __future__ import annotations

from dia_scan import storage
from dia_scan.quickscan import rounds
from tests.views.test_page_beheren import _fill_new_round, _messages, _ok, _page

GEMEENTE = "quickscan-gemeente"


def _tick(at, question_id: str, instrument_id: str = GEMEENTE):
    return at.checkbox(key=f"nr_sq_{instrument_id}_{question_id}").check()


def test_every_ready_made_question_of_the_instrument_is_offered_with_who_sees_it(db, catalog):
    at = _fill_new_round(_page())
    offered = {c.key: c.label for c in at.checkbox if c.key.startswith("nr_sq_")}
    suggested = catalog.get(GEMEENTE).suggested_custom_questions
    assert set(offered) == {f"nr_sq_{GEMEENTE}_{q.id}" for q in suggested}
    label = offered[f"nr_sq_{GEMEENTE}_mw_kernen_raad"]
    assert "De raad weet wat er in de verschillende kernen" in label
    assert "voor: Raad, College, Ambtelijke organisatie" in label
    assert "alle groepen" in offered[f"nr_sq_{GEMEENTE}_mw_energie_kosten"]
    assert "Open vraag" in offered[f"nr_sq_{GEMEENTE}_mw_kernen_open"]
    assert "Energietransitie" in [m.value.strip("*") for m in at.markdown]


def test_a_ticked_question_goes_into_the_round_next_to_a_typed_one(db):
    at = _fill_new_round(_page())
    _tick(at, "mw_omgevingswet_buren")
    _ok(at.run())
    _tick(at, "mw_kernen_open")
    at.number_input(key="nr_custom_count").set_value(1)
    _ok(at.run())
    at.text_input(key="nr_cq_0_text").input("Wij praten goed samen")
    _ok(at.button(key="nr_create").click().run())

    [row] = storage.list_rounds(db)
    assert list(row.custom_questions) == [
        {"kind": "stelling", "text": "Wij praten goed samen", "groups": []},
        {
            "kind": "stelling",
            "text": "Wie in mijn buurt iets wil bouwen, praat daarover eerst met de omwonenden.",
            "groups": ["inwoners"],
            "suggested": "mw_omgevingswet_buren",  # so participants read it in their language
        },
        {
            "kind": "open",
            "text": "Wat zou de gemeente anders moeten doen voor uw dorp of wijk?",
            "groups": [],
            "suggested": "mw_kernen_open",
        },
    ]
    instrument = rounds.round_instrument(db, row)
    statement = instrument.theme(rounds.CUSTOM_THEME_ID).statements[1]
    assert statement.groups == ["inwoners"] and "omwonenden" in statement.text
    assert instrument.open_questions[-1].text.startswith("Wat zou de gemeente anders")
    # the management view lists the round's own questions, the ticked ones too
    shown = [t.value for t in at.text]
    assert "Open vraag: Wat zou de gemeente anders moeten doen voor uw dorp of wijk?" in shown


def test_more_than_the_maximum_is_refused_and_the_ticks_are_kept(db):
    at = _fill_new_round(_page())
    for question_id in ("mw_energie_meedenken", "mw_energie_kosten", "mw_kernen_eigen"):
        _tick(at, question_id)
    at.number_input(key="nr_custom_count").set_value(2)
    _ok(at.run())
    assert "hoogstens 4" in _messages(at, "warning")
    at.text_input(key="nr_cq_0_text").input("Eerste eigen vraag")
    at.text_input(key="nr_cq_1_text").input("Tweede eigen vraag")
    _ok(at.button(key="nr_create").click().run())
    assert "hoogstens 4" in _messages(at, "error")
    assert storage.list_rounds(db) == []
    assert at.checkbox(key=f"nr_sq_{GEMEENTE}_mw_kernen_eigen").value is True  # nothing is lost


def test_a_waterschap_gets_its_own_ready_made_questions(db, catalog):
    at = _fill_new_round(_page(), org="Waterschap Proef", org_type="waterschap")
    _ok(at.run())
    instrument_id = at.selectbox(key="nr_instrument").value
    assert instrument_id == "quickscan-waterschap"
    offered = {c.key for c in at.checkbox if c.key.startswith("nr_sq_")}
    assert offered == {
        f"nr_sq_{instrument_id}_{q.id}" for q in catalog.get(instrument_id).suggested_custom_questions
    }

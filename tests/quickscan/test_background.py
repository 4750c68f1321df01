"""The optional "Over u" questions: content, drafts, storage (counts only), scoring (k), views, reports."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from dia_scan import storage
from dia_scan.compare import comparison as compare
from dia_scan.compare import history as compare_history
from dia_scan.compare import view as compare_view
from dia_scan.core import permits
from dia_scan.core.catalog import Catalog
from dia_scan.core.errors import ServiceError
from dia_scan.core.model import BackgroundQuestion, QuickScan
from dia_scan.output import charts
from dia_scan.quickscan import drafts, report_tables, rounds
from dia_scan.quickscan import report as report_export
from dia_scan.quickscan import result_view as view
from dia_scan.quickscan.results import build_round_report, score_stored_round
from dia_scan.quickscan.scoring import (
    MERGED_ID,
    GroupTally,
    Response,
    score_round,
    tally_from_responses,
)
from tests.builders import new_round

GEMEENTE = "quickscan-gemeente"


def _draft(instrument: QuickScan, group: str, about: dict[str, str]) -> dict:
    answers = {s.id: 4 for _, s in instrument.statements_for(group)}
    return {"answers": answers, "priorities": [], "open": {}, "background": about}


# -- content ---------------------------------------------------------------------------------------


def test_every_quickscan_asks_about_the_participant(catalog):
    for instrument_id in (GEMEENTE, "quickscan-provincie", "quickscan-waterschap"):
        instrument = catalog.get(instrument_id)
        assert instrument.version >= 2  # the questions were added: a new version
        ids = [q.id for q in instrument.background]
        assert ids == ["leeftijd", "gender", "opleiding", "meedoen", "ervaring"]
        for question in instrument.background:
            assert question.source  # traceable
            assert set(question.groups) <= set(instrument.group_ids)
        outside = [g.id for g in instrument.groups if g.side == "buitenkant"]
        inside = [g.id for g in instrument.groups if g.side == "binnenkant"]
        assert {q.id for q in instrument.background_for(outside[0])} >= {"leeftijd", "meedoen"}
        assert "ervaring" in {q.id for q in instrument.background_for(inside[0])}
        assert "opleiding" not in {q.id for q in instrument.background_for(inside[0])}


def test_options_without_an_order_get_distinct_colours(catalog):
    """Age bands run from low to high (shades of blue); gender has no order (distinct colours)."""
    for instrument_id in (GEMEENTE, "quickscan-provincie", "quickscan-waterschap"):
        ordered = {q.id: q.ordered for q in catalog.get(instrument_id).background}
        assert ordered == {
            "leeftijd": True,
            "gender": False,
            "opleiding": True,
            "meedoen": True,
            "ervaring": True,
        }
    plain = BackgroundQuestion(
        id="x", text="X?", options=[{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]
    )
    assert plain.ordered  # the default: most such questions (age, years) have an order

    instrument = catalog.get(GEMEENTE)
    genders = ["vrouw"] * 6 + ["man"] * 5
    ages = ["65-plus"] * 6 + ["45-64"] * 5
    responses = [
        Response("inwoners", {}, (), {"gender": g, "leeftijd": a}) for g, a in zip(genders, ages, strict=True)
    ]
    result = score_round(instrument, tally_from_responses(instrument, responses), k=5)
    ordered = {q.id: q.ordered for q in result.background}
    assert ordered["leeftijd"] and not ordered["gender"]
    views = {v.id: v for v in view.background_views(result)}
    assert views["gender"].palette == "categories" and views["leeftijd"].palette == "ordered"
    in_json = {q["id"]: q["ordered"] for q in result.to_dict()["background"]}
    assert in_json["gender"] is False and in_json["leeftijd"] is True  # in the JSON report too

    def colours(item):
        fig = charts.distribution_bars(item.options, item.rows, palette=item.palette, panel_titles=False)
        return [trace.marker.color for trace in fig.data]

    gender_colours, age_colours = colours(views["gender"]), colours(views["leeftijd"])
    assert gender_colours[:3] == charts.CATEGORY_COLOURS[:3]
    assert len(set(gender_colours)) == len(gender_colours)
    assert gender_colours[-1] == age_colours[-1] == charts.DONT_KNOW_COLOUR  # the rest stays grey
    assert age_colours[:-1] == charts.ordinal_colours(5, False)
    assert charts.DONT_KNOW_COLOUR not in charts.CATEGORY_COLOURS


def _with_background(catalog, background: list[dict]) -> dict:
    data = catalog.get(GEMEENTE).model_dump()
    data["background"] = background
    return data


def test_broken_background_questions_are_refused_with_every_problem(catalog):
    statement_id = catalog.get(GEMEENTE).statements()[0][1].id
    options = [{"id": "a", "label": "A"}, {"id": "a", "label": "B"}]
    bad = [
        {"id": "leeftijd", "text": "Hoe oud?", "options": options, "groups": ["marsmannetjes"]},
        {
            "id": statement_id,
            "text": "Zelfde id",
            "options": [{"id": "x", "label": "X"}, {"id": "y", "label": "Y"}],
        },
    ]
    with pytest.raises(ValueError) as info:  # pydantic wraps the ContentError of all problems
        QuickScan.model_validate(_with_background(catalog, bad))
    text = str(info.value)
    assert "antwoordoptie 'a' komt vaker voor" in text
    assert "groep 'marsmannetjes' bestaat niet" in text
    assert f"id '{statement_id}' komt vaker voor" in text
    one_option = [{"id": "q", "text": "Een keuze", "options": [{"id": "x", "label": "X"}]}]
    with pytest.raises(ValueError):
        QuickScan.model_validate(_with_background(catalog, one_option))


# -- the questionnaire -------------------------------------------------------------------------------


def test_tidy_draft_keeps_only_what_fits_the_group(catalog):
    instrument = catalog.get(GEMEENTE)
    stored = {"background": {"leeftijd": "65-plus", "opleiding": "theoretisch", "gender": "marsmannetje"}}
    assert drafts.tidy_draft(instrument, "raad", stored)["background"] == {"leeftijd": "65-plus"}
    assert drafts.tidy_draft(instrument, "inwoners", stored)["background"] == {
        "leeftijd": "65-plus",
        "opleiding": "theoretisch",
    }
    assert drafts.tidy_draft(instrument, "inwoners", {"background": "kapot"})["background"] == {}


@pytest.mark.parametrize(
    ("about", "message"),
    [
        ({"leeftijd": "150-plus"}, "Over u"),
        ({"opleiding": "theoretisch"}, "Over u"),  # raad does not get this question
        ({"schoenmaat": "43"}, "Over u"),
    ],
)
def test_a_forged_answer_about_yourself_is_refused(catalog, about, message):
    instrument = catalog.get(GEMEENTE)
    with pytest.raises(ServiceError, match=message):
        rounds.clean_submission(instrument, "raad", _draft(instrument, "raad", about))


def test_skipped_questions_are_left_out(catalog):
    instrument = catalog.get(GEMEENTE)
    sub = rounds.clean_submission(
        instrument,
        "inwoners",
        _draft(instrument, "inwoners", {"leeftijd": "", "gender": None, "meedoen": "nooit"}),
    )
    assert sub.background == {"meedoen": "nooit"}
    with pytest.raises(ServiceError):
        rounds.clean_submission(instrument, "inwoners", {"answers": {}, "background": ["leeftijd"]})


# -- storage: counts only --------------------------------------------------------------------------


def test_answers_about_yourself_are_counted_apart_and_never_linked(db, catalog, organisation_id):
    row = new_round(db, catalog, organisation_id)
    instrument = rounds.round_instrument(db, row)
    for about in ({"leeftijd": "65-plus", "opleiding": "theoretisch"}, {"leeftijd": "65-plus"}, {}):
        rounds.submit_complete(db, row, "inwoners", _draft(instrument, "inwoners", about))
    assert sorted(storage.background_tally_rows(db, row.id)) == [
        ("inwoners", "leeftijd", "65-plus", 2),
        ("inwoners", "opleiding", "theoretisch", 1),
    ]
    columns = {c.name for c in db["background_tallies"].columns}
    assert columns == {"round_id", "group_id", "question_id", "option", "n"}  # no response id
    for response in db.execute("SELECT draft FROM responses").fetchall():
        assert "65-plus" not in response[0]  # the draft is emptied on sending
    assert "65-plus" not in json.dumps(storage.round_raw_answers(db, row.id))
    storage.delete_round(db, row.id)
    assert storage.background_tally_rows(db, row.id) == []


# -- scoring: nothing under k ----------------------------------------------------------------------


def test_worked_example_k5(catalog):
    """12 inwoners: 6 are 65 or older, 5 are 45-64, 1 is 18-29. The 1 has no number: the rest is 1."""
    instrument = catalog.get(GEMEENTE)
    ages = ["65-plus"] * 6 + ["45-64"] * 5 + ["18-29"]
    responses = [Response("inwoners", {}, (), {"leeftijd": age}) for age in ages]
    responses += [Response("raad", {}, (), {"leeftijd": "45-64", "ervaring": "langer-5"}) for _ in range(3)]
    responses += [Response("college", {}, (), {"ervaring": "langer-5"}) for _ in range(2)]
    responses += [Response("organisatie", {}, (), {"ervaring": "2-5"}) for _ in range(6)]
    result = score_round(instrument, tally_from_responses(instrument, responses), k=5)
    age = next(q for q in result.background if q.id == "leeftijd")
    inwoners = next(g for g in age.by_group if g.group_id == "inwoners")
    counts = {o.option_id: o.n for o in inwoners.options}
    assert counts == {"jonger-18": None, "18-29": None, "30-44": None, "45-64": 5, "65-plus": 6}
    assert inwoners.rest == 1 and inwoners.n == 12
    assert next(o for o in inwoners.options if o.option_id == "65-plus").share == 0.5
    # raad (3) and college (2) are under k: binnenkant merged (11); "ervaring" all of them got
    experience = next(q for q in result.background if q.id == "ervaring")
    assert [g.group_id for g in experience.by_group] == [MERGED_ID]
    merged = experience.by_group[0]
    assert {o.option_id: o.n for o in merged.options} == {"korter-2": None, "2-5": 6, "langer-5": 5}
    assert merged.rest == 0
    # "opleiding" only inwoners get: never for the merged binnenkant
    education = next(q for q in result.background if q.id == "opleiding")
    assert [g.group_id for g in education.by_group] == ["inwoners"]
    # the binnenkant's age answers (3 raadsleden 45-64) are under k: the whole merged group is rest
    merged_age = next(g for g in age.by_group if g.group_id == MERGED_ID)
    assert all(o.n is None for o in merged_age.options) and merged_age.rest == 11


@settings(max_examples=150, deadline=None)
@given(
    k=hs.integers(min_value=3, max_value=8),
    groups=hs.dictionaries(
        hs.sampled_from(["raad", "college", "organisatie", "inwoners"]),
        hs.tuples(
            hs.integers(min_value=1, max_value=30), hs.lists(hs.integers(0, 30), min_size=5, max_size=5)
        ),
        min_size=1,
    ),
)
def test_no_option_below_k_is_ever_shown(catalog, k, groups):
    instrument = catalog.get(GEMEENTE)
    options = [o.id for o in instrument.background[0].options]
    tally = {}
    for group_id, (n, raw) in groups.items():
        counts, left = {}, n
        for option, wanted in zip(options, raw, strict=True):
            take = min(wanted, left)
            left -= take
            if take:
                counts[option] = take
        tally[group_id] = GroupTally(n=n, background={"leeftijd": counts})
    result = score_round(instrument, tally, k=k)
    shown = {g.id: g for g in result.shown_groups}
    for question in result.background:
        for group in question.by_group:
            assert group.group_id in shown and group.n == shown[group.group_id].n >= k
            numbers = [o.n for o in group.options if o.n is not None]
            assert all(n >= k for n in numbers)
            assert group.rest >= 0 and sum(numbers) + group.rest == group.n


def test_impossible_counts_are_refused(catalog):
    instrument = catalog.get(GEMEENTE)
    with pytest.raises(ValueError, match="ongeldige telling"):
        score_round(instrument, {"inwoners": GroupTally(n=5, background={"leeftijd": {"65-plus": 6}})}, k=5)


# -- what the pages and reports show ----------------------------------------------------------------


@pytest.fixture
def answered(db, catalog, organisation_id):
    """A round where 8 inwoners and 6 raadsleden told about themselves (and 2 inwoners did not)."""
    row = new_round(db, catalog, organisation_id)
    instrument = rounds.round_instrument(db, row)
    for i in range(8):
        about = {"leeftijd": "65-plus" if i < 6 else "18-29", "gender": "man" if i < 5 else "vrouw"}
        rounds.submit_complete(db, row, "inwoners", _draft(instrument, "inwoners", about))
    for _ in range(2):
        rounds.submit_complete(db, row, "inwoners", _draft(instrument, "inwoners", {}))
    for _ in range(6):
        rounds.submit_complete(db, row, "raad", _draft(instrument, "raad", {"ervaring": "2-5"}))
    return row


def test_views_show_only_numbers_of_at_least_k(db, answered):
    result = score_stored_round(db, answered)
    views = {v.id: v for v in view.background_views(result)}
    assert set(views) == {"leeftijd", "gender", "ervaring"}  # opleiding, meedoen: nothing reached k
    assert set(view.background_too_few(result)) == {
        q.text for q in result.background if q.id in ("opleiding", "meedoen")
    }
    age = views["leeftijd"]
    inwoners = age.table[age.table["Groep"] == "Inwoners"].iloc[0]
    assert inwoners["65 jaar of ouder"] == "6 (60%)"
    assert inwoners["18 tot 30 jaar"] == "minder dan 5"
    assert inwoners[view.rest_label(5)] == "4 (40%)"
    assert "Inwoners: het vaakst gekozen is ‘65 jaar of ouder’ (60%)." in age.reading
    assert age.rows[-1].counts == [0, 0, 0, 0, 6, 4]  # the 2 of 18-29 are in the grey rest
    sheet = view.background_long_table(result)
    shown = sheet[sheet["Antwoord"] != view.rest_label(5)]["Aantal"].dropna()
    assert len(shown) and (shown >= 5).all()


def test_reports_carry_who_took_part(db, catalog, answered):
    report = build_round_report(db, catalog, answered)
    plain = report.to_dict()
    assert [q["id"] for q in plain["background"]][:2] == ["leeftijd", "gender"]
    export = report_tables.gather(db, catalog, answered)
    assert "Over de deelnemers" in report_tables.round_tables(export)
    page = report_export.round_document(export)
    headings = [getattr(b, "text", "") for b in page.blocks]
    assert "Over de deelnemers" in headings and "Hoe oud bent u?" in headings


def test_who_took_part_round_by_round(db, catalog, answered):
    """Organisatie: each round's own Over u result, a bar per round per group; a round that asked a
    question with other options is not compared and is named."""
    org = answered.organisation_id
    storage.update_round(db, answered.id, title="Eerste", period_start="2025-03-01")
    # version 3: gender gets a fourth option, age stays the same
    base = catalog.get(GEMEENTE)
    background = [q.model_dump() for q in base.background]
    gender = next(q for q in background if q["id"] == "gender")
    gender["options"].append({"id": "zeg-niet", "label": "Zeg ik liever niet"})
    v3 = QuickScan.model_validate(
        {**base.model_dump(), "version": base.version + 1, "background": background}
    )
    v3_catalog = Catalog(instruments={**catalog.instruments, GEMEENTE: v3}, advice=None, files={})
    second = new_round(db, v3_catalog, org)
    storage.update_round(db, second.id, title="Tweede", period_start="2026-03-01")
    instrument = rounds.round_instrument(db, second)
    for i in range(10):  # 5 of 18-29 now (they were 2, under k): the new round reached younger people
        about = {"leeftijd": "18-29" if i < 5 else "65-plus", "gender": "zeg-niet"}
        rounds.submit_complete(db, second, "inwoners", _draft(instrument, "inwoners", about))
    for _ in range(2):  # the raad under k in this round: shown in the first round only
        rounds.submit_complete(db, second, "raad", _draft(instrument, "raad", {"ervaring": "2-5"}))

    trends = {
        t.id: t
        for t in compare_history.background_history(
            db, org, GEMEENTE, permit=permits.issue_coordinator("test")
        )
    }
    age = trends["leeftijd"]
    assert [(p.round_title, p.group_label) for p in age.points] == [
        ("Eerste", "Raad"),  # 6 raadsleden, none told their age: all in the rest
        ("Eerste", "Inwoners"),
        ("Tweede", "Inwoners"),  # the raad (2) is under k in this round
    ]
    # the numbers are each round's own result: nothing under k, and equal to the results page
    for point in age.points:
        result = score_stored_round(db, storage.get_round(db, point.round_id))
        own = next(q for q in result.background if q.id == "leeftijd")
        assert point.counts == next(g for g in own.by_group if g.group_id == point.counts.group_id)
        assert all(o.n is None or o.n >= 5 for o in point.counts.options)
    assert age.not_compared == () and age.k == 5 and age.ordered
    assert "Raad" in {p.group_label for p in trends["ervaring"].points}  # the first round's raad (6)
    assert trends["gender"].not_compared == ("Eerste",) and not trends["gender"].ordered

    shown = compare_view.background_trend_view(age)
    assert shown.options[-1] == view.rest_label(5) and shown.palette == "ordered"
    assert [(r.statement, r.group, r.counts) for r in shown.rows] == [  # a panel per group, a bar per round
        ("Raad", "Eerste (1-3-2025)", [0, 0, 0, 0, 0, 6]),
        ("Inwoners", "Eerste (1-3-2025)", [0, 0, 0, 0, 6, 4]),
        ("Inwoners", "Tweede (1-3-2026)", [0, 5, 0, 0, 5, 0]),
    ]
    assert list(shown.table["18 tot 30 jaar"]) == ["minder dan 5", "minder dan 5", "5 (50%)"]
    # a tie (5 and 5) goes to the first option in the question's order
    assert (
        shown.reading
        == "Inwoners: ‘18 tot 30 jaar’ 50% in Tweede; in eerdere rondes kozen te weinig deelnemers dit om een getal te tonen."
    )
    gender_view = compare_view.background_trend_view(trends["gender"])
    assert gender_view.note and "Eerste" in gender_view.note and gender_view.palette == "categories"


def test_versions_note_when_only_the_version_differs():
    assert compare.versions_note([1, 1], 47, 47) is None
    note = compare.versions_note([1, 2], 47, 47)
    assert note and "(1, 2)" in note and "vergelijken ze allemaal" in note
    assert "alleen de 40 stellingen" in compare.versions_note([1, 2], 40, 47)

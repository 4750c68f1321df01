"""Scoring: hand-worked golden examples (tests/golden/README.md) plus one unit test per rule."""

from __future__ import annotations

import csv
import dataclasses
import json
import math
from pathlib import Path

import pytest
import yaml

from dia_scan.checklist.scoring import compare_checklists, score_checklist, traffic_light
from dia_scan.core.model import DONT_KNOW, Checklist, QuickScan
from dia_scan.quickscan.scoring import (
    MERGED_ID,
    GroupTally,
    OpenAnswer,
    Response,
    merge_group_tallies,
    score_round,
    tally_from_responses,
)
from tests.conftest import TESTS

GOLDEN = TESTS / "golden"
TOLERANCE = 1e-4


# -- helpers ----------------------------------------------------------------------------------------


def load_quickscan() -> QuickScan:
    return QuickScan.model_validate(yaml.safe_load((GOLDEN / "instrument.yaml").read_text(encoding="utf-8")))


def load_checklist() -> Checklist:
    return Checklist.model_validate(yaml.safe_load((GOLDEN / "checklist.yaml").read_text(encoding="utf-8")))


def read_answers(path: Path) -> tuple[list[Response], list[OpenAnswer]]:
    """Read a golden CSV: group, one column per statement ('weet niet' allowed), prioriteiten, tip."""
    responses, open_answers = [], []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            group = row.pop("group")
            priorities = [p for p in row.pop("prioriteiten").split(";") if p]
            tip = row.pop("tip").strip()
            answers = {}
            for statement_id, cell in row.items():
                cell = cell.strip()
                if cell:
                    answers[statement_id] = DONT_KNOW if cell.lower() == "weet niet" else int(cell)
            responses.append(Response(group, answers, priorities))
            if tip:
                open_answers.append(OpenAnswer(group, "tip", tip))
    return responses, open_answers


def assert_close(actual, expected, path="$"):
    """Recursive equality with a tolerance for floats; None must match None exactly."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), path
        assert list(actual) == list(expected), f"{path}: keys {list(actual)} != {list(expected)}"
        for key in expected:
            assert_close(actual[key], expected[key], f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{path}: {actual} != {expected}"
        for index, (a, e) in enumerate(zip(actual, expected, strict=True)):
            assert_close(a, e, f"{path}[{index}]")
    elif isinstance(expected, float) or (isinstance(expected, int) and isinstance(actual, float)):
        assert actual is not None and math.isclose(actual, expected, abs_tol=TOLERANCE), (
            f"{path}: {actual} != {expected}"
        )
    else:
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"


def all_strings(value) -> set[str]:
    """Every dict key and string value in a plain structure."""
    if isinstance(value, dict):
        return set(value) | set().union(*(all_strings(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(all_strings(v) for v in value))
    return {value} if isinstance(value, str) else set()


def by_id(rows, key="id"):
    return {row[key]: row for row in rows}


def simple_tally(
    n: int, statement_values: dict[str, list[int]], dk: dict[str, int] | None = None
) -> GroupTally:
    values = {}
    for statement_id, answers in statement_values.items():
        counts: dict[int, int] = {}
        for answer in answers:
            counts[answer] = counts.get(answer, 0) + 1
        values[statement_id] = counts
    return GroupTally(n=n, values=values, dont_know=dk or {}, priorities={})


def uniform_tally(instrument: QuickScan, group_id: str, n: int, value: int = 3) -> GroupTally:
    """n respondents of a group who all answered `value` on every statement they see."""
    return GroupTally(
        n=n,
        values={s.id: {value: n} for _, s in instrument.statements_for(group_id)},
        dont_know={},
        priorities={},
    )


@pytest.fixture(scope="module")
def instrument() -> QuickScan:
    return load_quickscan()


# -- golden: Quick Scan -------------------------------------------------------------------------

GOLDEN_CASES = json.loads((GOLDEN / "quickscan_expected.json").read_text(encoding="utf-8"))["cases"]


def _score_case(instrument: QuickScan, case: dict, cases_by_name: dict):
    responses, open_answers = read_answers(GOLDEN / case["answers"])
    previous = None
    if case["previous"]:
        previous = _score_case(instrument, cases_by_name[case["previous"]], cases_by_name)
    tally = tally_from_responses(instrument, responses)
    return score_round(instrument, tally, k=case["k"], previous=previous, open_answers=open_answers)


@pytest.mark.parametrize("case", GOLDEN_CASES, ids=[c["name"] for c in GOLDEN_CASES])
def test_golden_quickscan(instrument, case):
    result = _score_case(instrument, case, {c["name"]: c for c in GOLDEN_CASES}).to_dict()

    assert result["k"] == case["k"]
    assert result["respondents_total"] == case["respondents_total"]
    assert result["shown_groups"] == case["shown_groups"]
    assert [h["id"] for h in result["hidden_groups"]] == case["hidden_groups"]

    items = by_id(result["items"])
    assert list(items) == list(case["items"])
    for statement_id, expected in case["items"].items():
        actual = {key: items[statement_id][key] for key in ("by_group", "overall", "difference")}
        assert_close(actual, expected, statement_id)

    themes = {t["id"]: {"by_group": t["by_group"], "overall": t["overall"]} for t in result["themes"]}
    assert_close(themes, case["themes"], "themes")
    assert_close(result["total"], case["total"], "total")
    kernwaarden = {
        kw["id"]: {"by_group": kw["by_group"], "overall": kw["overall"]} for kw in result["kernwaarden"]
    }
    assert_close(kernwaarden, case["kernwaarden"], "kernwaarden")
    priorities = {
        p["theme_id"]: {"by_group": p["by_group"], "overall": p["overall"]} for p in result["priorities"]
    }
    assert_close(priorities, case["priorities"], "priorities")

    starters = result["gespreksstarters"]
    between = [
        [s["statement_id"], s["difference"], s["highest_group"], s["lowest_group"]]
        for s in starters["between_groups"]
    ]
    assert_close(between, case["between_groups"], "between_groups")
    within = [[s["statement_id"], s["group_id"], s["spread"]] for s in starters["within_group"]]
    assert_close(within, case["within_group"], "within_group")

    notable = [
        [n["kind"], n["theme_id"], n["statement_id"], n["group_id"], n["value"]] for n in result["notable"]
    ]
    assert_close(notable, case["notable"], "notable")
    assert all(n["message"] for n in result["notable"])

    answers = [[a["question_id"], a["text"], a["group_id"]] for a in result["open_answers"]]
    assert answers == case["open_answers"]
    assert len(result["notes"]) == case["n_notes"]


def test_golden_result_is_json_ready_with_stable_keys(instrument):
    responses, open_answers = read_answers(GOLDEN / "answers.csv")
    result = score_round(
        instrument, tally_from_responses(instrument, responses), k=3, open_answers=open_answers
    )
    first = json.dumps(result.to_dict())
    assert json.loads(first) == result.to_dict()  # only str keys, lists and plain values
    assert json.dumps(result.to_dict()) == first
    assert list(result.to_dict())[:5] == [
        "instrument_id",
        "instrument_version",
        "k",
        "respondents_total",
        "shown_groups",
    ]


# -- golden: checklist ------------------------------------------------------------------------------


def test_golden_checklist():
    checklist = load_checklist()
    assessments = json.loads((GOLDEN / "checklist_assessments.json").read_text(encoding="utf-8"))
    expected = json.loads((GOLDEN / "checklist_expected.json").read_text(encoding="utf-8"))
    before = score_checklist(checklist, assessments["before"])
    after = score_checklist(checklist, assessments["after"])
    comparison = compare_checklists(before, after).to_dict()

    b = before.to_dict()
    assert b["n_assessors"] == expected["before"]["n_assessors"]
    criteria = {
        c["id"]: {k: c[k] for k in ("score", "n_answered", "counts", "disagreement")} for c in b["criteria"]
    }
    assert_close(criteria, expected["before"]["criteria"], "criteria")
    for name, result in (("before", b), ("after", after.to_dict())):
        dimensions = {
            d["id"]: {"score": d["score"], "traffic_light": d["traffic_light"]} for d in result["dimensions"]
        }
        assert_close(dimensions, expected[name]["dimensions"], f"{name}.dimensions")
        assert_close(result["overall"], expected[name]["overall"], f"{name}.overall")
        assert result["overall_traffic_light"] == expected[name]["overall_traffic_light"]

    def changes(rows):
        return {r["id"]: {k: r[k] for k in ("before", "after", "change", "direction")} for r in rows}

    assert_close(changes(comparison["dimensions"]), expected["comparison"]["dimensions"], "dimensions")
    overall = {k: comparison["overall"][k] for k in ("before", "after", "change", "direction")}
    assert_close(overall, expected["comparison"]["overall"], "overall")
    assert_close(changes(comparison["criteria"]), expected["comparison"]["criteria"], "criteria")


# -- unit: items ---------------------------------------------------------------------------------


def test_item_score_is_mean_mapped_onto_0_100(instrument):
    tally = {"inwoners": simple_tally(5, {"raad_kaders": [1, 2, 3, 4, 5]})}
    item = score_round(instrument, tally, k=5).item("raad_kaders").by_group["inwoners"]
    assert item.score == 50.0
    assert item.distribution == {1: 1, 2: 1, 3: 1, 4: 1, 5: 1}
    # population SD of 0, 25, 50, 75, 100 = sqrt(1250)
    assert item.spread == pytest.approx(math.sqrt(1250))


def test_reverse_statement_is_mirrored_but_distribution_stays_raw(instrument):
    tally = {"inwoners": simple_tally(5, {"raad_info_laat": [1, 1, 1, 1, 2]})}
    item = score_round(instrument, tally, k=5).item("raad_info_laat").by_group["inwoners"]
    # reversed: 5,5,5,5,4 -> mean 4.8 -> 95
    assert item.score == pytest.approx(95.0)
    assert item.distribution == {1: 4, 2: 1, 3: 0, 4: 0, 5: 0}


def test_scale_min_and_max_come_from_the_scale():
    raw = yaml.safe_load((GOLDEN / "instrument.yaml").read_text(encoding="utf-8"))
    raw["scales"][0]["points"] = [{"value": v, "label": f"punt {v}"} for v in range(0, 11)]
    raw["themes"][0]["statements"][1]["reverse"] = True
    ten_point = QuickScan.model_validate(raw)
    tally = {"inwoners": simple_tally(5, {"raad_kaders": [7] * 5, "raad_info_laat": [2] * 5})}
    result = score_round(ten_point, tally, k=5)
    assert result.item("raad_kaders").by_group["inwoners"].score == pytest.approx(70.0)
    assert result.item("raad_info_laat").by_group["inwoners"].score == pytest.approx(80.0)  # 0 + 10 - 2 = 8


def test_weet_niet_is_never_a_number(instrument):
    tally = {"inwoners": simple_tally(5, {"raad_kaders": []}, dk={"raad_kaders": 5})}
    item = score_round(instrument, tally, k=5).item("raad_kaders")
    group = item.by_group["inwoners"]
    assert (group.score, group.spread, group.n_numeric, group.n_dont_know) == (None, None, 0, 5)
    assert group.dont_know_share == 1.0
    assert item.overall is None


def test_dont_know_share_above_30_percent_is_notable_but_30_is_not(instrument):
    def notable_for(dk):
        tally = {"inwoners": simple_tally(10, {"raad_kaders": [4] * (10 - dk)}, dk={"raad_kaders": dk})}
        return [n for n in score_round(instrument, tally, k=5).notable if n.kind == "dont_know"]

    assert notable_for(3) == []
    [notable] = notable_for(4)
    assert (notable.statement_id, notable.group_id, notable.value) == ("raad_kaders", "inwoners", 0.4)
    assert "40%" in notable.message and "Inwoners" in notable.message


def test_nobody_answered_gives_no_share(instrument):
    result = score_round(instrument, {"inwoners": simple_tally(5, {})}, k=5)
    assert result.item("raad_kaders").by_group["inwoners"].dont_know_share is None


# -- unit: themes and totals ------------------------------------------------------------------------


def test_theme_is_weighted_mean_skipping_items_without_answers(instrument):
    tally = {"inwoners": simple_tally(5, {"inw_meedenken": [5] * 5, "inw_terugkoppeling": [2] * 5})}
    result = score_round(instrument, tally, k=5)
    # (2 * 100 + 25) / 3
    assert result.theme("betrokken_inwoners").by_group["inwoners"] == pytest.approx(75.0)
    only_kaders = {"inwoners": simple_tally(5, {"raad_kaders": [3] * 5})}
    assert score_round(instrument, only_kaders, k=5).theme("krachtige_raad").by_group["inwoners"] == 50.0


def test_custom_theme_is_scored_but_not_in_total(instrument):
    tally = {
        "inwoners": simple_tally(5, {"raad_kaders": [5] * 5, "inw_meedenken": [1] * 5, "mw_energie": [5] * 5})
    }
    result = score_round(instrument, tally, k=5)
    assert result.theme("maatwerk").by_group["inwoners"] == 100.0
    assert result.total.by_group["inwoners"] == pytest.approx(50.0)  # (100 + 0) / 2, maatwerk left out


def test_overall_is_unweighted_mean_of_groups(instrument):
    tally = {
        "raad": uniform_tally(instrument, "raad", 5, value=5),
        "college": uniform_tally(instrument, "college", 5, value=5),
        "organisatie": uniform_tally(instrument, "organisatie", 5, value=5),
        "inwoners": uniform_tally(instrument, "inwoners", 50, value=1),
    }
    result = score_round(instrument, tally, k=5)
    # four perspectives: 100, 100, 100, 0 -- the 50 inwoners count once
    assert result.item("raad_kaders").overall == 75.0
    assert result.theme("betrokken_inwoners").overall == 75.0
    # group totals: binnenkant (66.67 + 100) / 2 = 83.33 each, inwoners (50 + 0) / 2 = 25
    assert result.total.overall == pytest.approx((3 * 250 / 3 + 25) / 4)
    assert result.respondents_total == 65


def test_kernwaarden_are_plain_means_of_their_items(instrument):
    tally = {"inwoners": simple_tally(5, {"raad_kaders": [5] * 5, "inw_meedenken": [3] * 5})}
    [samenspel] = [kw for kw in score_round(instrument, tally, k=5).kernwaarden if kw.id == "samenspel"]
    assert samenspel.by_group["inwoners"] == 75.0  # (100 + 50) / 2, weight not used
    assert samenspel.overall == 75.0


def test_priorities_are_picks_over_n(instrument):
    tally = {"inwoners": GroupTally(n=8, values={}, dont_know={}, priorities={"krachtige_raad": 2})}
    [raad, inwoners] = score_round(instrument, tally, k=5).priorities  # maatwerk cannot be picked
    assert raad.by_group == {"inwoners": 0.25} and raad.overall == 0.25
    assert inwoners.by_group == {"inwoners": 0.0}


# -- unit: anonymity ------------------------------------------------------------------------------


def test_k_is_never_below_three(instrument):
    tally = {"inwoners": uniform_tally(instrument, "inwoners", 2)}
    result = score_round(instrument, tally, k=1)
    assert result.k == 3
    assert result.shown_groups == ()
    assert [h.id for h in result.hidden_groups if h.id == "inwoners"] == ["inwoners"]


def test_small_buitenkant_group_is_left_out_without_numbers(instrument):
    tally = {g: uniform_tally(instrument, g, 6) for g in ("raad", "college", "organisatie")}
    tally["inwoners"] = uniform_tally(instrument, "inwoners", 2, value=1)
    result = score_round(instrument, tally, k=5)
    assert result.shown_group_ids == ["raad", "college", "organisatie"]
    [hidden] = [h.to_dict() for h in result.hidden_groups]
    assert list(hidden) == ["id", "label", "reason"]
    assert hidden["id"] == "inwoners" and "2" not in hidden["reason"]
    rest = {k: v for k, v in result.to_dict().items() if k != "hidden_groups"}
    assert "inwoners" not in all_strings(rest)
    assert result.total.overall == 50.0  # the inwoners' 1s do not count


def test_one_small_binnenkant_group_merges_all_binnenkant(instrument):
    tally = {
        "raad": uniform_tally(instrument, "raad", 6, value=5),
        "college": uniform_tally(instrument, "college", 2, value=1),
        "organisatie": uniform_tally(instrument, "organisatie", 7, value=3),
        "inwoners": uniform_tally(instrument, "inwoners", 5),
    }
    result = score_round(instrument, tally, k=5)
    merged = result.shown_groups[0]
    assert (merged.id, merged.label, merged.n, merged.side) == (
        MERGED_ID,
        "Binnenkant (samengevoegd)",
        15,
        "binnenkant",
    )
    assert merged.merged_from == ("raad", "college", "organisatie")
    assert result.shown_group_ids == ["binnenkant", "inwoners"]
    # merged statement tallies are the sums: 6 x 5, 2 x 1, 7 x 3
    kaders = result.item("raad_kaders").by_group["binnenkant"]
    assert kaders.distribution == {1: 2, 2: 0, 3: 7, 4: 0, 5: 6}
    assert kaders.score == pytest.approx(((6 * 5 + 2 * 1 + 7 * 3) / 15 - 1) * 25)
    reasons = {h.id: h.reason for h in result.hidden_groups}
    assert set(reasons) == {"raad", "college", "organisatie"}
    assert len(set(reasons.values())) == 1  # the same words for all: which one was small stays unknown


def test_binnenkant_groups_all_at_least_k_are_shown_separately(instrument):
    tally = {g: uniform_tally(instrument, g, 5) for g in ("raad", "college", "organisatie", "inwoners")}
    result = score_round(instrument, tally, k=5)
    assert result.shown_group_ids == ["raad", "college", "organisatie", "inwoners"]
    assert result.hidden_groups == ()


def test_group_without_respondents_does_not_force_a_merge(instrument):
    tally = {g: uniform_tally(instrument, g, 5) for g in ("raad", "organisatie")}
    tally["college"] = GroupTally(n=0)
    result = score_round(instrument, tally, k=5)
    assert result.shown_group_ids == ["raad", "organisatie"]
    assert {h.id: h.reason for h in result.hidden_groups} == {
        "college": "Geen respons.",
        "inwoners": "Geen respons.",
    }


def test_merge_too_small_leaves_out_all_binnenkant(instrument):
    tally = {"raad": uniform_tally(instrument, "raad", 2), "college": uniform_tally(instrument, "college", 2)}
    tally["inwoners"] = uniform_tally(instrument, "inwoners", 5)
    result = score_round(instrument, tally, k=5)
    assert result.shown_group_ids == ["inwoners"]
    assert [h.id for h in result.hidden_groups] == ["raad", "college", "organisatie"]
    assert result.respondents_total == 5


def test_open_answers_follow_shown_groups_and_hide_order(instrument):
    tally = {
        "raad": uniform_tally(instrument, "raad", 6),
        "college": uniform_tally(instrument, "college", 2),
        "organisatie": uniform_tally(instrument, "organisatie", 0),
        "inwoners": uniform_tally(instrument, "inwoners", 1),
    }
    answers = [
        OpenAnswer("raad", "tip", "Zeker doen."),
        OpenAnswer("inwoners", "tip", "Beter luisteren."),
        OpenAnswer("college", "tip", "Afspraken maken."),
    ]
    result = score_round(instrument, tally, k=5, open_answers=answers)
    assert [(a.text, a.group_id) for a in result.open_answers] == [
        ("Afspraken maken.", "binnenkant"),
        ("Beter luisteren.", None),
        ("Zeker doen.", "binnenkant"),
    ]


def test_unknown_group_in_tally_is_not_counted_and_noted(instrument):
    tally = {"inwoners": uniform_tally(instrument, "inwoners", 5), "toeristen": GroupTally(n=9)}
    result = score_round(instrument, tally, k=5)
    assert result.respondents_total == 5
    assert any("toeristen" in note for note in result.notes)


def test_impossible_tally_is_refused(instrument):
    with pytest.raises(ValueError, match="meer antwoorden"):
        score_round(instrument, {"inwoners": simple_tally(2, {"raad_kaders": [3, 3, 3]})}, k=5)
    with pytest.raises(ValueError, match="ongeldige telling"):
        score_round(instrument, {"inwoners": simple_tally(5, {"raad_kaders": [9]})}, k=5)


# -- unit: gespreksstarters and notable results ------------------------------------------------------


def _two_groups(instrument, raad_value, inwoners_value, k=5):
    tally = {
        "raad": uniform_tally(instrument, "raad", 5, raad_value),
        "college": uniform_tally(instrument, "college", 5, raad_value),
        "organisatie": uniform_tally(instrument, "organisatie", 5, raad_value),
        "inwoners": uniform_tally(instrument, "inwoners", 5, inwoners_value),
    }
    return score_round(instrument, tally, k=k)


def test_gespreksstarters_skip_equal_groups_and_respect_top_n(instrument):
    assert _two_groups(instrument, 3, 3).gespreksstarters.between_groups == ()
    result = _two_groups(instrument, 5, 1)
    between = result.gespreksstarters.between_groups
    # raad_info_laat is reversed: 5 -> 0 for binnenkant and 1 -> 100 for inwoners, still difference 100
    assert [s.statement_id for s in between] == [
        "raad_kaders",
        "raad_info_laat",
        "inw_meedenken",
        "inw_terugkoppeling",
        "mw_energie",
    ]
    assert all(s.difference == 100.0 for s in between)
    assert between[1].highest_group == "inwoners"
    assert result.gespreksstarters.within_group == ()  # everybody in a group agreed
    tally = {"inwoners": simple_tally(5, {"raad_kaders": [1, 5, 1, 5, 3], "inw_meedenken": [2, 4, 3, 3, 3]})}
    limited = score_round(instrument, tally, k=5, top_n=1).gespreksstarters.within_group
    assert [(s.statement_id, s.group_id) for s in limited] == [("raad_kaders", "inwoners")]


def test_highest_lowest_and_gap_notables(instrument):
    result = _two_groups(instrument, 4, 2)
    kinds = [(n.kind, n.theme_id) for n in result.notable]
    # krachtige_raad (3 * 58.33 + 50) / 4 = 56.25; betrokken_inwoners (3 * 75 + 25) / 4 = 62.5
    assert kinds[:2] == [("highest_theme", "betrokken_inwoners"), ("lowest_theme", "krachtige_raad")]
    assert "62.5" not in result.notable[0].message and "63 van de 100" in result.notable[0].message
    # all themes score the same: only "highest" is reported, for the first theme in order
    same = [(n.kind, n.theme_id) for n in _two_groups(instrument, 3, 3).notable]
    assert same == [("highest_theme", "krachtige_raad")]
    gaps = [n for n in result.notable if n.kind == "inside_outside_gap"]
    # krachtige_raad: binnenkant (75 + 25 + 75) / 3 = 58.33, inwoners (25 + 75) / 2 = 50: gap 8.33 < 10
    assert [(g.theme_id, round(g.value, 2)) for g in gaps] == [("betrokken_inwoners", 50.0)]
    assert "binnenkant positiever" in gaps[0].message


def test_small_gap_is_not_notable(instrument):
    result = _two_groups(instrument, 3, 3)
    assert [n for n in result.notable if n.kind == "inside_outside_gap"] == []


def test_changes_use_shared_statements_and_say_so(instrument):
    previous = _two_groups(instrument, 3, 3)
    # the previous round lacks raad_kaders
    previous = dataclasses.replace(previous, items=tuple(i for i in previous.items if i.id != "raad_kaders"))
    tally = {g: uniform_tally(instrument, g, 5, 3) for g in ("raad", "college", "organisatie", "inwoners")}
    tally["inwoners"] = GroupTally(
        n=5,
        values={
            "raad_kaders": {5: 5},
            "raad_info_laat": {3: 5},
            "inw_meedenken": {5: 5},
            "inw_terugkoppeling": {4: 5},
        },
    )
    result = score_round(instrument, tally, k=5, previous=previous)
    changes = [n for n in result.notable if n.kind == "change"]
    # krachtige_raad compared without raad_kaders: unchanged, although kaders went up for inwoners
    # betrokken_inwoners: inwoners (2 * 100 + 75) / 3 = 91.67 vs 50; overall (3 * 50 + 91.67) / 4 = 60.42
    assert [(c.theme_id, round(c.value, 4)) for c in changes] == [
        ("betrokken_inwoners", round(60.416667 - 50, 4))
    ]
    assert "gestegen" in changes[0].message
    [note] = result.notes
    assert "Krachtige gemeenteraad" in note and "2 stelling" in note and "beide rondes" in note


def test_change_below_five_points_is_not_notable(instrument):
    previous = _two_groups(instrument, 3, 3)
    tally = {g: uniform_tally(instrument, g, 5, 3) for g in ("raad", "college", "organisatie", "inwoners")}
    tally["inwoners"] = GroupTally(n=5, values={"inw_terugkoppeling": {4: 5}, "inw_meedenken": {3: 5}})
    result = score_round(instrument, tally, k=5, previous=previous)
    # betrokken_inwoners inwoners (2 * 50 + 75) / 3 = 58.33: overall +2.08
    assert [n for n in result.notable if n.kind == "change"] == []
    assert result.notes == ()


# -- unit: tallies ---------------------------------------------------------------------------------


def test_tally_from_responses_counts_and_dedupes_priorities(instrument):
    responses = [
        Response(
            "inwoners", {"raad_kaders": 4, "raad_info_laat": DONT_KNOW}, ["krachtige_raad", "krachtige_raad"]
        ),
        Response("inwoners", {"raad_kaders": 4}, []),
    ]
    tally = tally_from_responses(instrument, responses)
    assert list(tally) == ["inwoners"]
    assert tally["inwoners"] == GroupTally(
        n=2, values={"raad_kaders": {4: 2}}, dont_know={"raad_info_laat": 1}, priorities={"krachtige_raad": 1}
    )


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (Response("toeristen", {}), "groep 'toeristen' bestaat niet"),
        (Response("raad", {"onbekend": 3}), "stelling 'onbekend' bestaat niet"),
        (Response("raad", {"raad_kaders": 6}), "geen geldig antwoord"),
        (Response("raad", {"raad_kaders": True}), "geen geldig antwoord"),
        (Response("inwoners", {"raad_griffie": 3}), "krijgt de stelling 'raad_griffie' niet"),
        (Response("raad", {}, ["onbekend"]), "thema 'onbekend' bestaat niet"),
    ],
)
def test_tally_from_responses_refuses_bad_input(instrument, response, message):
    with pytest.raises(ValueError, match=message):
        tally_from_responses(instrument, [Response("raad", {"raad_kaders": 3}), response])


def test_merge_group_tallies_sums_everything():
    a = GroupTally(n=2, values={"s": {1: 1, 2: 1}}, dont_know={"s": 1}, priorities={"t": 1})
    b = GroupTally(n=3, values={"s": {2: 2}, "u": {5: 1}}, dont_know={}, priorities={"t": 2, "v": 1})
    assert merge_group_tallies([a, b]) == GroupTally(
        n=5, values={"s": {1: 1, 2: 3}, "u": {5: 1}}, dont_know={"s": 1}, priorities={"t": 3, "v": 1}
    )


# -- unit: checklist -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "light"),
    [
        (None, None),
        (100, "groen"),
        (75, "groen"),
        (74.999999999999, "groen"),
        (74.9, "oranje"),
        (50, "oranje"),
        (49.99, "rood"),
        (0, "rood"),
    ],
)
def test_traffic_light_boundaries(score, light):
    assert traffic_light(score) == light


def test_checklist_disagreement_needs_highest_and_lowest():
    checklist = load_checklist()
    deels_vs_nee = score_checklist(checklist, [{"c_doel": "deels"}, {"c_doel": "nee"}])
    assert deels_vs_nee.criteria[0].disagreement is False
    ja_vs_nee = score_checklist(checklist, [{"c_doel": "ja"}, {"c_doel": "nee"}, {"c_doel": "nvt"}])
    assert ja_vs_nee.criteria[0].disagreement is True
    assert ja_vs_nee.criteria[0].score == 50.0


def test_checklist_without_answers_has_no_score_or_light():
    result = score_checklist(load_checklist(), [])
    assert result.overall is None and result.overall_traffic_light is None
    assert all(d.score is None and d.traffic_light is None for d in result.dimensions)


def test_checklist_refuses_unknown_ids():
    checklist = load_checklist()
    with pytest.raises(ValueError, match="criterium 'c_onbekend'"):
        score_checklist(checklist, [{"c_onbekend": "ja"}])
    with pytest.raises(ValueError, match="'misschien' is geen antwoordoptie"):
        score_checklist(checklist, [{"c_doel": "misschien"}])


def test_compare_checklists_same_and_missing():
    checklist = load_checklist()
    before = score_checklist(checklist, [{"c_doel": "ja", "c_taal": "deels"}])
    after = score_checklist(checklist, [{"c_doel": "ja"}])
    comparison = compare_checklists(before, after)
    criteria = {c.id: c for c in comparison.criteria}
    assert criteria["c_doel"].direction == "same" and criteria["c_doel"].change == 0.0
    assert criteria["c_taal"].direction is None and criteria["c_taal"].after is None


def test_docs_example_message_matches_the_code(instrument):
    """docs/scoring.md quotes the gap message of the golden example; keep them in step."""
    responses, _ = read_answers(GOLDEN / "answers.csv")
    result = score_round(instrument, tally_from_responses(instrument, responses), k=3)
    [gap] = [
        n for n in result.notable if n.kind == "inside_outside_gap" and n.theme_id == "betrokken_inwoners"
    ]
    docs = (Path(__file__).resolve().parents[2] / "docs" / "scoring.md").read_text(encoding="utf-8")
    assert gap.message in " ".join(docs.split())

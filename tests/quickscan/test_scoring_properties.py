"""Hypothesis properties of the scoring engine: ranges, reversal, anonymity, means and additivity."""

from __future__ import annotations

import json
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dia_scan.core.model import DONT_KNOW, QuickScan, Scale
from dia_scan.quickscan.scoring import (
    MERGED_ID,
    GroupTally,
    OpenAnswer,
    Response,
    mean,
    merge_round_tallies,
    oriented_value,
    score_item_for_group,
    score_round,
    tally_from_responses,
    weighted_mean,
)

# Ids are chosen so that none is a substring of another: a plain text search for a group id is exact.
INSTRUMENT = QuickScan.model_validate(
    {
        "id": "prop-scan",
        "version": 1,
        "title": "Eigenschappen",
        "description": "Vragenlijst voor de eigenschapstests.",
        "default_scale": "vijf",
        "scales": [
            {
                "id": "vijf",
                "label": "Vijf punten",
                "points": [{"value": v, "label": f"punt {v}"} for v in range(1, 6)],
                "dont_know": "Weet niet",
            },
            {
                "id": "nultotvier",
                "label": "Nul tot vier",
                "points": [{"value": v, "label": f"stap {v}"} for v in range(0, 5)],
                "dont_know": "Weet niet",
            },
        ],
        "groups": [
            {"id": "grp_a", "label": "Eerste binnen", "side": "binnenkant"},
            {"id": "grp_b", "label": "Tweede binnen", "side": "binnenkant"},
            {"id": "grp_c", "label": "Derde binnen", "side": "binnenkant"},
            {"id": "grp_d", "label": "Eerste buiten", "side": "buitenkant"},
            {"id": "grp_e", "label": "Tweede buiten", "side": "buitenkant"},
        ],
        "kernwaarden": [{"id": "kw_x", "label": "Waarde x"}, {"id": "kw_y", "label": "Waarde y"}],
        "themes": [
            {
                "id": "th_1",
                "title": "Thema een",
                "short": "Een",
                "description": "Eerste thema.",
                "statements": [
                    {"id": "st_1", "text": "Stelling een.", "kernwaarden": ["kw_x"]},
                    {"id": "st_2", "text": "Stelling twee.", "reverse": True, "kernwaarden": ["kw_y"]},
                    {"id": "st_3", "text": "Stelling drie.", "groups": ["grp_a", "grp_b"], "weight": 2.5},
                ],
            },
            {
                "id": "th_2",
                "title": "Thema twee",
                "short": "Twee",
                "description": "Tweede thema.",
                "statements": [
                    {
                        "id": "st_4",
                        "text": "Stelling vier.",
                        "scale": "nultotvier",
                        "kernwaarden": ["kw_x", "kw_y"],
                    },
                    {
                        "id": "st_5",
                        "text": "Stelling vijf.",
                        "weight": 0.3,
                        "reverse": True,
                        "scale": "nultotvier",
                    },
                ],
            },
            {
                "id": "th_3",
                "title": "Thema maatwerk",
                "short": "Maatwerk",
                "description": "Eigen vraag.",
                "custom": True,
                "statements": [{"id": "st_6", "text": "Stelling zes.", "groups": ["grp_d", "grp_e"]}],
            },
        ],
        "priorities": {"text": "Wat is het belangrijkst?"},
        "open_questions": [{"id": "oq_1", "text": "Uw tip?"}],
    }
)
GROUP_IDS = INSTRUMENT.group_ids
THEME_IDS = [t.id for t in INSTRUMENT.themes]
INSIDE = [g.id for g in INSTRUMENT.groups if g.side == "binnenkant"]


@st.composite
def responses_of(draw, group_id: str):
    answers = {}
    for _, statement in INSTRUMENT.statements_for(group_id):
        scale = INSTRUMENT.scale_of(statement)
        choice = draw(st.sampled_from([None, DONT_KNOW, *[p.value for p in scale.points]]))
        if choice is not None:
            answers[statement.id] = choice
    priorities = draw(st.lists(st.sampled_from(THEME_IDS), max_size=3))
    return Response(group_id, answers, priorities)


@st.composite
def response_sets(draw):
    """Responses of all groups, with group sizes that straddle small k values."""
    responses = []
    for group_id in GROUP_IDS:
        size = draw(st.integers(min_value=0, max_value=7))
        responses += [draw(responses_of(group_id)) for _ in range(size)]
    return draw(st.permutations(responses))


def group_sizes(responses) -> dict[str, int]:
    return {g: sum(1 for r in responses if r.group == g) for g in GROUP_IDS}


ks = st.integers(min_value=0, max_value=8)
fast = settings(max_examples=80, deadline=None)


def score_values(result) -> list[float]:
    """Every number that is a score on 0-100 (not counts, shares, gaps or changes)."""
    values = []
    for item in result.items:
        values += [item.overall, item.difference]
        for group in item.by_group.values():
            values += [group.score, group.spread]
    for rows in (result.themes, result.kernwaarden):
        for row in rows:
            values += [row.overall, *row.by_group.values()]
    values += [result.total.overall, *result.total.by_group.values()]
    return [v for v in values if v is not None]


@fast
@given(response_sets(), ks)
def test_all_scores_stay_within_0_100(responses, k):
    result = score_round(INSTRUMENT, tally_from_responses(INSTRUMENT, responses), k=k)
    assert all(0.0 <= value <= 100.0 for value in score_values(result))
    for priority in result.priorities:
        assert all(0.0 <= share <= 1.0 for share in priority.by_group.values())
    for item in result.items:
        for group in item.by_group.values():
            assert group.dont_know_share is None or 0.0 <= group.dont_know_share <= 1.0


@given(
    st.integers(min_value=-5, max_value=5),
    st.integers(min_value=2, max_value=11),
    st.integers(1, 3),
    st.data(),
)
def test_reversing_twice_is_identity(start, size, step, data):
    # Evenly spaced scales only: on an uneven one (0, 1, 3) the mirror of 1 is 2, which is not a point.
    values = range(start, start + size * step, step)
    scale = Scale(id="s", label="s", points=[{"value": v, "label": str(v)} for v in values])
    value = data.draw(st.sampled_from(scale.points)).value
    assert scale.reverse(scale.reverse(value)) == value
    assert scale.has_value(scale.reverse(value))
    assert scale.to_score(scale.reverse(value)) == pytest.approx(100.0 - scale.to_score(value))
    reverse_statement = INSTRUMENT.statement("st_2")
    assert oriented_value(scale, reverse_statement, oriented_value(scale, reverse_statement, value)) == value


scores = st.floats(min_value=0.0, max_value=100.0) | st.integers(0, 100)


@given(st.lists(st.none() | scores, max_size=12))
def test_mean_is_weighted_mean_with_weight_one(values):
    """The plain mean's cheap path gives the very same float as the weighted mean it stands for."""
    expected = weighted_mean((value, 1.0) for value in values)
    assert mean(values) == expected
    assert repr(mean(values)) == repr(expected)


@given(st.lists(st.tuples(st.none() | scores, st.floats(0.5, 3.0)), max_size=12))
def test_weighted_mean_is_the_textbook_formula(pairs):
    kept = [(v, w) for v, w in pairs if v is not None]
    if not kept:
        assert weighted_mean(pairs) is None
        return
    plain = sum(v * w for v, w in kept) / sum(w for _, w in kept)
    lowest, highest = min(v for v, _ in kept), max(v for v, _ in kept)
    assert weighted_mean(pairs) == min(max(plain, lowest), highest)


@fast
@given(
    st.sampled_from(["st_1", "st_2", "st_4"]),
    st.dictionaries(st.integers(0, 5), st.integers(0, 40), max_size=6),
    st.integers(0, 9),
)
def test_item_score_is_the_per_answer_definition(statement_id, counts, dont_know):
    """The tabled item score equals the definition: each answer oriented, put on 0-100, averaged."""
    statement = INSTRUMENT.statement(statement_id)
    scale = INSTRUMENT.scale_of(statement)
    counts = {value: n for value, n in counts.items() if scale.has_value(value)}
    n = sum(counts.values()) + dont_know
    result = score_item_for_group(
        scale, statement, GroupTally(n=n, values={statement.id: counts}, dont_know={statement.id: dont_know})
    )
    assert result.n_numeric == sum(counts.values()) and result.n_dont_know == dont_know
    assert result.distribution == {p.value: counts.get(p.value, 0) for p in scale.points}
    answers = [oriented_value(scale, statement, value) for value, c in counts.items() for _ in range(c)]
    if not answers:
        assert result.score is None and result.spread is None
        return
    assert result.score == pytest.approx(scale.to_score(sum(answers) / len(answers)))
    points = [scale.to_score(a) for a in answers]
    average = sum(points) / len(points)
    assert result.spread == pytest.approx(math.sqrt(sum((x - average) ** 2 for x in points) / len(points)))


@fast
@given(st.lists(st.sampled_from([1, 2, 3, 4, 5]), min_size=1, max_size=12))
def test_reverse_item_scores_mirror_plain_item(values):
    responses = [Response("grp_d", {"st_1": v, "st_2": v}) for v in values]
    result = score_round(INSTRUMENT, tally_from_responses(INSTRUMENT, responses), k=3)
    if len(values) < 3:
        assert result.shown_groups == ()
        return
    plain, reverse = result.item("st_1").by_group["grp_d"], result.item("st_2").by_group["grp_d"]
    assert reverse.score == pytest.approx(100.0 - plain.score)
    assert reverse.spread == pytest.approx(plain.spread)
    assert reverse.distribution == plain.distribution  # raw values, not reversed


@fast
@given(response_sets(), ks, st.lists(st.text(alphabet="abc ", max_size=6), max_size=6), st.randoms())
def test_group_under_k_never_appears_in_output(responses, k, texts, rnd):
    sizes = group_sizes(responses)
    open_answers = [OpenAnswer(rnd.choice(GROUP_IDS), "oq_1", text) for text in texts]
    result = score_round(
        INSTRUMENT, tally_from_responses(INSTRUMENT, responses), k=k, open_answers=open_answers
    )
    effective_k = max(k, 3)
    output = result.to_dict()
    assert all(group["n"] >= effective_k for group in output["shown_groups"])
    # Only the list of hidden groups and the names of a merged group's members may name them.
    output.pop("hidden_groups")
    for group in output["shown_groups"]:
        group.pop("merged_from")
    text = json.dumps(output, ensure_ascii=False)
    for group in INSTRUMENT.groups:
        if sizes[group.id] < effective_k:
            assert group.id not in text
            assert group.label not in text
    assert output["respondents_total"] == sum(g["n"] for g in output["shown_groups"])


@fast
@given(response_sets(), ks)
def test_binnenkant_members_not_shown_alone_when_one_is_small(responses, k):
    sizes = group_sizes(responses)
    effective_k = max(k, 3)
    result = score_round(INSTRUMENT, tally_from_responses(INSTRUMENT, responses), k=k)
    shown = result.shown_group_ids
    if any(0 < sizes[g] < effective_k for g in INSIDE):
        assert not set(INSIDE) & set(shown)
        merged_n = sum(sizes[g] for g in INSIDE)
        assert (MERGED_ID in shown) == (merged_n >= effective_k)
    else:
        assert MERGED_ID not in shown
        assert [g for g in INSIDE if g in shown] == [g for g in INSIDE if sizes[g] >= effective_k]


def _mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def _assert_mean(overall, by_group):
    expected = _mean(by_group.values())
    assert (overall is None) == (expected is None)
    if expected is not None:
        assert overall == pytest.approx(expected, abs=1e-9)


@fast
@given(response_sets(), ks)
def test_overall_is_mean_of_shown_groups(responses, k):
    result = score_round(INSTRUMENT, tally_from_responses(INSTRUMENT, responses), k=k)
    for item in result.items:
        assert list(item.by_group) == result.shown_group_ids
        _assert_mean(item.overall, {g: s.score for g, s in item.by_group.items()})
    for row in (*result.themes, *result.kernwaarden, result.total):
        assert list(row.by_group) == result.shown_group_ids
        _assert_mean(row.overall, row.by_group)
    for priority in result.priorities:
        _assert_mean(priority.overall, priority.by_group)
    # the total leaves the custom theme out
    for group_id in result.shown_group_ids:
        counted = [t.by_group[group_id] for t in result.themes if not t.custom]
        _assert_mean(result.total.by_group[group_id], {str(i): v for i, v in enumerate(counted)})


@fast
@given(response_sets(), ks, st.data())
def test_tallies_are_additive(responses, k, data):
    cut = data.draw(st.integers(min_value=0, max_value=len(responses)))
    whole = tally_from_responses(INSTRUMENT, responses)
    parts = merge_round_tallies(
        [tally_from_responses(INSTRUMENT, responses[:cut]), tally_from_responses(INSTRUMENT, responses[cut:])]
    )
    assert score_round(INSTRUMENT, parts, k=k).to_dict() == score_round(INSTRUMENT, whole, k=k).to_dict()


@fast
@given(response_sets(), st.integers(min_value=0, max_value=2**32))
def test_order_of_submission_does_not_matter(responses, seed):
    shuffled = list(responses)
    random.Random(seed).shuffle(shuffled)
    answers = [OpenAnswer(r.group, "oq_1", f"tekst {i % 3}") for i, r in enumerate(responses)]
    shuffled_answers = list(answers)
    random.Random(seed).shuffle(shuffled_answers)
    first = score_round(INSTRUMENT, tally_from_responses(INSTRUMENT, responses), k=3, open_answers=answers)
    second = score_round(
        INSTRUMENT, tally_from_responses(INSTRUMENT, shuffled), k=3, open_answers=shuffled_answers
    )
    assert first.to_dict() == second.to_dict()

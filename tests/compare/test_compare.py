"""Comparisons: the tallies-based results agree exactly with scoring the raw answers, k is kept, versions
are compared on shared statements only, instruments never mix, and exports are spreadsheet-safe."""

from __future__ import annotations

import io
import random

import openpyxl
import pandas as pd
import pytest

from dia_scan import storage
from dia_scan.common import agenda
from dia_scan.compare import comparison as compare
from dia_scan.compare import history
from dia_scan.compare import view as compare_view
from dia_scan.core import permits
from dia_scan.core.catalog import Catalog
from dia_scan.core.errors import ServiceError
from dia_scan.core.model import DONT_KNOW, QuickScan
from dia_scan.core.text import neutralise
from dia_scan.output import spreadsheet
from dia_scan.quickscan import rounds
from dia_scan.quickscan.results import round_tally
from dia_scan.quickscan.scoring import MERGED_ID, Response, score_round, tally_from_responses
from tests.builders import new_round
from tests.conftest import round_permit

COORDINATOR = permits.issue_coordinator("onderzoeker")

INSTRUMENT = "quickscan-gemeente"


# -- helpers -------------------------------------------------------------------------------------


def random_draft(rng: random.Random, instrument: QuickScan, group: str, mood: float) -> dict:
    answers = {}
    for _, s in instrument.statements_for(group):
        roll = rng.random()
        if roll < 0.1:
            answers[s.id] = DONT_KNOW
        elif roll < 0.95:  # some statements stay unanswered
            answers[s.id] = max(1, min(5, round(mood + rng.gauss(0, 1))))
    themes = [t.id for t in instrument.themes if not t.custom]
    return {"answers": answers, "priorities": rng.sample(themes, 3), "open": {}}


def make_round(
    db,
    catalog,
    organisation_id,
    sizes,
    *,
    seed=1,
    title="Ronde",
    created=None,
    instrument_id=INSTRUMENT,
    k=None,
):
    row = new_round(
        db,
        catalog,
        organisation_id,
        instrument_id=instrument_id,
        title=title,
        beheercode="TEST-BEHEER-CODE",
        k=k,
    )
    if created:
        storage.update_round(db, row.id, created_at=created, period_start=created[:10])
        row = storage.get_round(db, row.id)
    instrument = rounds.round_instrument(db, row)
    rng = random.Random(seed)
    mood = rng.uniform(2.2, 4.2)
    for group, n in sizes.items():
        for _ in range(n):
            rounds.submit_complete(db, row, group, random_draft(rng, instrument, group, mood))
    return storage.get_round(db, row.id)


def naive_result(db, row, instrument: QuickScan):
    """The slow way, independent of compare.py: every raw answer, tallied and scored."""
    known = {s.id for _, s in instrument.statements()}
    responses: dict[int, dict] = {}
    for a in storage.round_raw_answers(db, row.id):
        entry = responses.setdefault(a["response_id"], {"group": a["group_id"], "answers": {}, "prio": []})
        if a["question_id"] in known:
            entry["answers"][a["question_id"]] = DONT_KNOW if a["dont_know"] else a["value"]
    for p in storage.round_raw_priorities(db, row.id):
        responses[p["response_id"]]["prio"].append(p["theme_id"])
    tally = tally_from_responses(
        instrument, [Response(e["group"], e["answers"], e["prio"]) for e in responses.values()]
    )
    return score_round(instrument, tally, row.k)


def assert_same(org: compare.OrganisationScores, result) -> None:
    assert org.group_n == {g.id: g.n for g in result.shown_groups}
    assert org.respondents == result.respondents_total
    for theme in result.themes:
        assert org.themes[theme.id] == {compare.OVERALL: theme.overall, **theme.by_group}
    assert org.total == {compare.OVERALL: result.total.overall, **result.total.by_group}


@pytest.fixture
def many(db, catalog):
    """Five gemeenten: two rounds each; one with a small college (merged binnenkant), one with few
    inwoners (hidden), one with a custom question; plus a provincie that must never mix in."""
    sizes = [
        {"raad": 7, "college": 5, "organisatie": 9, "inwoners": 14},
        {"raad": 6, "college": 3, "organisatie": 8, "inwoners": 11},  # college < k: binnenkant merged
        {"raad": 5, "college": 5, "organisatie": 5, "inwoners": 2},  # inwoners < k: hidden
        {"raad": 9, "college": 0, "organisatie": 6, "inwoners": 20},
        {"raad": 2, "college": 1, "organisatie": 1, "inwoners": 7},  # merged binnenkant < k as well
    ]
    classes = ["< 20k", "20-50k", "20-50k", "100-250k", "< 20k"]
    provinces = ["Utrecht", "Limburg", "Utrecht", "Zeeland", "Drenthe"]
    tags = [["kernen"], ["stedelijk"], [], ["kernen", "eiland"], []]
    rows = []
    for i, size in enumerate(sizes):
        org = storage.insert_organisation(db, f"Gemeente {i}", "gemeente", provinces[i], classes[i], tags[i])
        make_round(
            db,
            catalog,
            org,
            {g: max(0, n - 1) for g, n in size.items()},
            seed=100 + i,
            title="Eerste",
            created="2024-03-01T09:00:00+00:00",
        )
        rows.append(
            make_round(db, catalog, org, size, seed=i, title="Tweede", created="2025-03-01T09:00:00+00:00")
        )
    prov = storage.insert_organisation(db, "Provincie P", "provincie", None, ">= 250k")
    make_round(
        db,
        catalog,
        prov,
        {"statenleden": 6, "gs": 5, "ambtenaren": 6, "inwoners": 6},
        instrument_id="quickscan-provincie",
    )
    return rows


# -- the comparison agrees with the raw answers ----------------------------------------------------


@pytest.mark.parametrize("use_cache", [False, True])
def test_comparison_agrees_exactly_with_raw_answers(db, catalog, many, use_cache):
    comparison = compare.compare_latest(db, INSTRUMENT, use_cache=use_cache)
    instrument = catalog.get(INSTRUMENT)
    assert [o.round_id for o in comparison.organisations] == [r.id for r in many]
    for org in comparison.organisations:
        row = storage.get_round(db, org.round_id)
        assert_same(org, naive_result(db, row, instrument))


def test_cached_scores_agree_and_follow_new_answers(db, catalog, many):
    first = compare.compare_latest(db, INSTRUMENT)
    cached = compare.compare_latest(db, INSTRUMENT)  # now from the cache
    assert cached == first
    row = many[0]
    instrument = rounds.round_instrument(db, row)
    rng = random.Random(9)
    for _ in range(3):
        rounds.submit_complete(db, row, "college", random_draft(rng, instrument, "college", 1.5))
    after = compare.compare_latest(db, INSTRUMENT)
    org = after.organisation(row.organisation_id)
    assert org.group_n["college"] == 8
    assert_same(org, naive_result(db, storage.get_round(db, row.id), catalog.get(INSTRUMENT)))
    # a changed k is seen as well
    storage.update_round(db, row.id, k=9)
    assert "raad" not in compare.compare_latest(db, INSTRUMENT).organisation(row.organisation_id).group_n


def test_batch_tallies_equal_the_report_tallies(db, catalog, many):
    instrument = catalog.get(INSTRUMENT)
    batch = compare.tallies_of_rounds(db, many, instrument.group_ids)
    for row in many:
        assert batch[row.id] == round_tally(db, row.id, instrument)


def test_groups_under_k_never_appear(db, catalog, many):
    comparison = compare.compare_latest(db, INSTRUMENT)
    merged = comparison.organisation(many[1].organisation_id)
    assert set(merged.group_n) == {MERGED_ID, "inwoners"}
    assert "Binnenkant (samengevoegd)" in {g.label for g in comparison.groups}
    hidden = comparison.organisation(many[2].organisation_id)
    assert "inwoners" not in hidden.group_n
    assert all(scores.get("inwoners") is None for scores in hidden.themes.values())
    tiny = comparison.organisation(many[4].organisation_id)
    assert set(tiny.group_n) == {"inwoners"}  # the merged binnenkant (4) is still under k
    # nor in any table or export row
    for row in compare.group_rows(comparison):
        org = next(o for o in comparison.organisations if o.profile.name == row["Organisatie"])
        group_ids = [g.id for g in comparison.perspectives() if g.label == row["Groep"]]
        assert group_ids[0] == compare.OVERALL or group_ids[0] in org.group_n
        assert row["Respondenten"] >= 5
    table = compare.score_rows(comparison, "inwoners")
    assert next(r for r in table if r["Organisatie"] == "Gemeente 2")["Respondenten"] is None


def test_latest_round_per_organisation_and_period(db, catalog, many):
    early = compare.compare_latest(db, INSTRUMENT, date_to="2024-12-31")
    assert {o.round_title for o in early.organisations} == {"Eerste"}
    late = compare.compare_latest(db, INSTRUMENT, date_from="2025-01-01")
    assert {o.round_title for o in late.organisations} == {"Tweede"}
    assert compare.compare_latest(db, INSTRUMENT, date_from="2030-01-01").organisations == ()


def test_instruments_never_mix(db, catalog, many):
    gemeenten = compare.compare_latest(db, INSTRUMENT)
    assert "Provincie P" not in {o.profile.name for o in gemeenten.organisations}
    provincie = compare.compare_latest(db, "quickscan-provincie")
    assert [o.profile.name for o in provincie.organisations] == ["Provincie P"]
    assert [t.id for t in provincie.themes][0] == "krachtige_staten"
    assert {g.id for g in provincie.groups} >= {"statenleden", "gs", "ambtenaren", "inwoners"}


# -- filters, benchmark, tables ------------------------------------------------------------------


def test_filters(db, catalog, many):
    comparison = compare.compare_latest(db, INSTRUMENT)
    names = lambda c: [o.profile.name for o in c.organisations]  # noqa: E731
    assert names(compare.apply_filters(comparison, compare.Filters(provinces=("Utrecht",)))) == [
        "Gemeente 0",
        "Gemeente 2",
    ]
    assert names(
        compare.apply_filters(comparison, compare.Filters(size_classes=("< 20k",), tags=("kernen",)))
    ) == ["Gemeente 0"]
    assert names(compare.apply_filters(comparison, compare.Filters(tags=("eiland", "stedelijk")))) == [
        "Gemeente 1",
        "Gemeente 3",
    ]
    assert compare.apply_filters(comparison, compare.Filters(types=("waterschap",))).organisations == ()
    options = compare.filter_options(comparison)
    assert options.size_classes == ["< 20k", "20-50k", "100-250k"]
    assert options.tags == ["eiland", "kernen", "stedelijk"]
    assert options.urbanisations == []  # none of these profiles came from the CBS list


def test_filter_on_urbanisation_from_the_cbs_list(db, catalog):
    """Gemeenten picked from the list bring their CBS urbanisation, and the comparison filters on it."""
    from dia_scan.common.organisations import Choice
    from tests.builders import submit_responses

    for code in ("GM0344", "GM1680"):  # Utrecht (zeer sterk stedelijk), Aa en Hunze (niet stedelijk)
        created = rounds.set_up_round(
            db, catalog, organisation=Choice(listed_code=code), instrument_id=INSTRUMENT, title="Ronde"
        )
        submit_responses(db, storage.get_round(db, created.round_id), {"raad": 5, "inwoners": 5})
    comparison = compare.compare_latest(db, INSTRUMENT)
    assert compare.filter_options(comparison).urbanisations == [1, 5]
    kept = compare.apply_filters(comparison, compare.Filters(urbanisations=(5,)))
    assert [o.profile.name for o in kept.organisations] == ["Gemeente Aa en Hunze"]
    kept = compare.apply_filters(
        comparison, compare.Filters(provinces=("Utrecht",), size_classes=(">= 250k",))
    )
    assert [o.profile.name for o in kept.organisations] == ["Gemeente Utrecht"]


def test_benchmark_is_the_mean_of_organisations(db, catalog, many):
    comparison = compare.compare_latest(db, INSTRUMENT)
    theme = comparison.themes[0].id
    everyone = compare.benchmark(comparison, "alle")
    scores = [o.score(theme) for o in comparison.organisations]
    assert everyone.themes[theme] == pytest.approx(sum(scores) / len(scores))
    assert everyone.size == 5
    same = compare.benchmark(comparison, "grootteklasse", reference_id=many[1].organisation_id)
    assert same.size == 2 and "20-50k" in same.name
    picked = compare.benchmark(comparison, "zelf", chosen_ids=[many[3].organisation_id])
    assert picked.themes[theme] == comparison.organisation(many[3].organisation_id).score(theme)
    with pytest.raises(ServiceError):
        compare.benchmark(comparison, "grootteklasse")


def test_tables_and_readings(db, catalog, many):
    comparison = compare.compare_latest(db, INSTRUMENT)
    frame = compare_view.comparison_frame(comparison)
    assert list(frame["Organisatie"]) == [f"Gemeente {i}" for i in range(5)]
    assert frame.columns[1] == comparison.themes[0].short
    assert frame["Totaal"].dtype == "Int64"
    reading = compare_view.read_comparison(comparison)
    assert "Van de 5 organisaties" in reading
    points = compare.spread_points(comparison)
    assert len(points) == 5 * len(comparison.themes)


# -- over time -----------------------------------------------------------------------------------


def test_history_and_round_comparison(db, catalog, many):
    row = many[0]
    org = row.organisation_id
    hist = history.organisation_history(db, org, INSTRUMENT, permit=COORDINATOR)
    assert [p.title for p in hist.points] == ["Eerste", "Tweede"]
    assert hist.note is None
    first = storage.get_round(db, hist.points[0].round_id)
    agenda.add_action(db, round_permit(first), wat='=HYPERLINK("x")', target_id="krachtige_raad")
    previous = history.previous_scored_round(db, row)
    assert previous.id == first.id
    rc = history.compare_rounds(db, row, previous)
    assert rc.note is None and rc.shared_statements == len(catalog.get(INSTRUMENT).statements())
    instrument = catalog.get(INSTRUMENT)
    before = naive_result(db, first, instrument)
    after = naive_result(db, row, instrument)
    change = next(c for c in rc.overall_changes() if c.theme_id == "krachtige_raad")
    assert change.before == before.theme("krachtige_raad").overall
    assert change.after == after.theme("krachtige_raad").overall
    assert {c.group for c in rc.group_changes()} <= set(before.shown_group_ids) & set(after.shown_group_ids)
    assert [a.wat for a in rc.previous_actions] == ['=HYPERLINK("x")']
    items = compare_view.agenda_items(rc)
    assert instrument.theme("krachtige_raad").title in items[0].details


def test_other_instrument_or_organisation_is_refused(db, catalog, many):
    with pytest.raises(ServiceError):
        history.compare_rounds(db, many[0], many[1])


def versioned_catalog(catalog: Catalog) -> tuple[Catalog, set[str]]:
    """Version 2 of the gemeente scan: the first statement of every theme dropped, one added."""
    base = catalog.get(INSTRUMENT)
    dropped = {t.statements[0].id for t in base.themes}
    themes = []
    for i, theme in enumerate(base.themes):
        statements = list(theme.statements[1:])
        if i == 0:
            statements.append(
                theme.statements[1].model_copy(update={"id": "nieuw_in_v2", "text": "Nieuwe stelling."})
            )
        themes.append(theme.model_copy(update={"statements": statements}))
    v2 = QuickScan.model_validate(
        {**base.model_dump(), "version": base.version + 1, "themes": [t.model_dump() for t in themes]}
    )
    return Catalog(instruments={**catalog.instruments, INSTRUMENT: v2}, advice=None, files={}), dropped


def test_versions_are_compared_on_shared_statements_only(db, catalog):
    org = storage.insert_organisation(db, "Gemeente V", "gemeente", "Utrecht", "20-50k")
    sizes = {"raad": 6, "college": 5, "organisatie": 6, "inwoners": 8}
    old = make_round(db, catalog, org, sizes, seed=3, title="Oud", created="2024-01-01T09:00:00+00:00")
    v2_catalog, dropped = versioned_catalog(catalog)
    new = make_round(db, v2_catalog, org, sizes, seed=4, title="Nieuw", created="2025-01-01T09:00:00+00:00")
    assert new.instrument_version == catalog.get(INSTRUMENT).version + 1
    rc = history.compare_rounds(db, new, old)
    v1 = catalog.get(INSTRUMENT)
    shared = len(v1.statements()) - len(dropped)
    assert rc.shared_statements == shared
    assert rc.note and f"alleen de {shared} stellingen" in rc.note
    keep = compare.shared_statement_keys([v1, v2_catalog.get(INSTRUMENT)])
    reduced = compare.reduce_instrument(v1, keep)
    assert not ({s.id for _, s in reduced.statements()} & (dropped | {"nieuw_in_v2"}))
    expected = naive_result(db, old, reduced)
    assert {t.id: t.overall for t in rc.previous.themes} == {t.id: t.overall for t in expected.themes}
    hist = history.organisation_history(db, org, INSTRUMENT, permit=COORDINATOR)
    assert hist.note and "verschillende versies" in hist.note
    # the coordinator comparison across versions reduces the same way and says so
    other = storage.insert_organisation(db, "Gemeente W", "gemeente", "Utrecht", "20-50k")
    w = make_round(db, catalog, other, sizes, seed=5, title="Alleen v1")
    comparison = compare.compare_latest(db, INSTRUMENT)
    assert comparison.notes and "verschillende versies" in comparison.notes[0]
    assert_same(comparison.organisation(other), naive_result(db, w, reduced))


def test_maatwerk_questions_stay_out(db, catalog):
    org = storage.insert_organisation(db, "Gemeente M", "gemeente", "Utrecht", "20-50k")
    row = new_round(
        db,
        catalog,
        org,
        instrument_id=INSTRUMENT,
        title="Met eigen vraag",
        custom_questions=[{"kind": "stelling", "text": "Een eigen stelling van de gemeente."}],
    )
    instrument = rounds.round_instrument(db, row)
    rng = random.Random(2)
    for group in ("raad", "college", "organisatie", "inwoners"):
        for _ in range(5):
            rounds.submit_complete(db, row, group, random_draft(rng, instrument, group, 3.5))
    comparison = compare.compare_latest(db, INSTRUMENT)
    assert "maatwerk" not in {t.id for t in comparison.themes}
    assert_same(comparison.organisations[0], naive_result(db, row, catalog.get(INSTRUMENT)))


# -- exports -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+2", "+31 6", "-3", "@SUM(A1)", "\t=x", "\r=x"])
def test_formula_cells_are_neutralised(text):
    assert neutralise(text) == "'" + text
    assert neutralise("Gemeente =") == "Gemeente ="
    assert neutralise(-3) == -3


def test_csv_and_excel_exports_are_safe(db, catalog):
    org = storage.insert_organisation(db, '=HYPERLINK("http://x")', "gemeente", "Utrecht", "20-50k", ["@tag"])
    make_round(db, catalog, org, {"raad": 5, "college": 5, "organisatie": 5, "inwoners": 5})
    comparison = compare.compare_latest(db, INSTRUMENT)
    wide = pd.DataFrame(compare.score_rows(comparison, decimals=1))
    csv = spreadsheet.to_csv_bytes(wide).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and "'@tag" in csv
    assert ";" in csv.splitlines()[0]
    workbook = openpyxl.load_workbook(io.BytesIO(spreadsheet.to_excel_bytes({"Overzicht": wide})))
    sheet = workbook["Overzicht"]
    cells = [c for row in sheet.iter_rows() for c in row]
    name = next(c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert name.value.startswith("'=") and name.data_type == "s"
    assert not any(isinstance(c.value, str) and c.value.startswith("=") for c in cells)
    totals = [c.value for c in cells if c.column == list(wide.columns).index("Totaal") + 1][1:]
    assert all(isinstance(v, float) for v in totals)

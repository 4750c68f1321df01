"""The command line: demo, import-responses (all or nothing) and report --format json."""

from __future__ import annotations

import json

import pytest

from dia_scan import storage
from dia_scan.admin.cli import main
from tests.builders import new_round

REPORT_KEYS = {
    "format",
    "format_version",
    "round",
    "previous_round",
    "k",
    "respondents_total",
    "shown_groups",
    "hidden_groups",
    "themes",
    "items",
    "total",
    "kernwaarden",
    "priorities",
    "gespreksstarters",
    "notable",
    "open_answers",
    "notes",
    "advice",
}


@pytest.fixture
def demo_db(db_path):
    assert main(["demo", "--db", str(db_path)]) == 0
    return db_path


def _codes(db_path) -> list[str]:
    return [r.join_code for r in storage.list_rounds(storage.connect(db_path))]


def test_demo_is_deterministic(tmp_path, capsys):
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    assert main(["demo", "--db", str(first)]) == 0
    assert main(["demo", "--db", str(second)]) == 0
    a, b = storage.connect(first), storage.connect(second)
    query = "SELECT question_id, option, n FROM tallies ORDER BY round_id, group_id, question_id, option"
    assert list(a.query(query)) == list(b.query(query))
    assert _codes(first) == _codes(second)
    # a second run on a filled database refuses, --if-empty skips quietly
    assert main(["demo", "--db", str(first)]) == 1
    assert main(["demo", "--db", str(first), "--if-empty"]) == 0


def test_report_json_has_the_documented_shape(demo_db, capsys):
    code = _codes(demo_db)[-1]
    capsys.readouterr()
    assert main(["report", "--db", str(demo_db), "--round", code, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert REPORT_KEYS <= set(data)
    assert data["round"]["join_code"] == code
    for group in data["shown_groups"]:
        assert group["n"] >= data["k"]
    for theme in data["themes"]:
        for score in theme["by_group"].values():
            assert score is None or 0 <= score <= 100


def test_report_json_hides_a_small_group(demo_db, capsys):
    # Demogemeente Bergveld's second round has 3 inwoners: under k = 5
    db = storage.connect(demo_db)
    row = next(
        r for r in storage.list_rounds(db) if r.organisation_name == "Demogemeente Bergveld" and r.published
    )
    capsys.readouterr()
    assert main(["report", "--db", str(demo_db), "--round", row.join_code]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "inwoners" not in {g["id"] for g in data["shown_groups"]}
    assert "inwoners" in {g["id"] for g in data["hidden_groups"]}
    text = json.dumps({k: v for k, v in data.items() if k != "hidden_groups"})
    assert '"inwoners"' not in text


def test_report_unknown_code(demo_db, capsys):
    with pytest.raises(SystemExit) as info:
        main(["report", "--db", str(demo_db), "--round", "ZZZZZZZZ"])
    assert info.value.code == 1
    assert "kennen we niet" in capsys.readouterr().err


def test_import_responses_all_rows(db, db_path, catalog, organisation_id, tmp_path, capsys):
    code = new_round(db, catalog, organisation_id, title="Papier", k=3).join_code
    inst = catalog.get("quickscan-gemeente")
    theme = next(t for t in inst.themes if len([s for s in t.statements if not s.groups]) >= 2)
    other_theme = next(t for t in inst.themes if t.id != theme.id)
    ids = [s.id for s in theme.statements if not s.groups]
    csv = tmp_path / "papier.csv"
    header = ["group", *ids, "prioriteiten"]
    rows = [
        ["inwoners", "4", "weet niet", *(["3"] * (len(ids) - 2)), f"{theme.id};{other_theme.id}"],
        ["inwoners", "5", "", *(["2"] * (len(ids) - 2)), ""],
        ["raad", "1", "2", *(["5"] * (len(ids) - 2)), theme.id],
    ]
    csv.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    assert main(["import-responses", "--db", str(db_path), "--round", code, str(csv)]) == 0
    assert "3 antwoordformulieren" in capsys.readouterr().out
    row = storage.get_round_by_code(db, code)
    assert storage.group_counts(db, row.id) == {
        "inwoners": {"started": 2, "submitted": 2},
        "raad": {"started": 1, "submitted": 1},
    }
    tallies = {
        (t["group_id"], t["question_id"], t["option"]): t["n"] for t in storage.round_tallies(db, row.id)
    }
    assert tallies[("inwoners", ids[0], "4")] == 1
    assert tallies[("inwoners", ids[1], "dk")] == 1
    assert tallies[("inwoners", storage.PRIORITIES_KEY, theme.id)] == 1


def test_import_bad_row_imports_nothing(db, db_path, catalog, organisation_id, tmp_path, capsys):
    code = new_round(db, catalog, organisation_id, title="Papier", k=3).join_code
    sid = catalog.get("quickscan-gemeente").themes[0].statements[0].id
    csv = tmp_path / "papier.csv"
    csv.write_text(f"group,{sid}\ninwoners,4\nraad,7\nbestuur,3\ninwoners,ja\n", encoding="utf-8")
    assert main(["import-responses", "--db", str(db_path), "--round", code, str(csv)]) == 1
    err = capsys.readouterr().err
    assert f"rij 3, kolom B ({sid}): '7' is geen antwoord op deze stelling" in err
    assert "rij 4" in err and "bestuur" in err
    assert "rij 5" in err
    row = storage.get_round_by_code(db, code)
    assert storage.group_counts(db, row.id) == {}
    assert storage.round_tallies(db, row.id) == []


def test_import_responses_from_the_excel_template_once(
    db, db_path, catalog, organisation_id, tmp_path, capsys
):
    from dia_scan.quickscan import importer
    from tests.conftest import filled_template

    code = new_round(db, catalog, organisation_id, title="Papier", k=3).join_code
    row = storage.get_round_by_code(db, code)
    sid = catalog.get("quickscan-gemeente").themes[0].statements[0].id
    rows = [{"group": "raad", sid: 4}, {"group": "raad", sid: "weet niet"}]
    path = tmp_path / "invulblad.xlsx"
    path.write_bytes(filled_template(importer.round_template(db, row, "xlsx"), rows))
    assert main(["import-responses", "--db", str(db_path), "--round", code, str(path)]) == 0
    assert "2 antwoordformulieren" in capsys.readouterr().out
    assert main(["import-responses", "--db", str(db_path), "--round", code, str(path)]) == 1
    assert "al ingevoerd" in capsys.readouterr().err
    assert storage.group_counts(db, row.id) == {"raad": {"started": 2, "submitted": 2}}

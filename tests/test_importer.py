"""Paper forms: the Excel template of a round, filled in and uploaded; all rows or none, and once."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from dia_scan import importer, permits, rounds, storage
from dia_scan.importer import ImportError_
from tests.conftest import filled_template

MAATWERK_STELLING = '=HYPERLINK("http://x") De raad luistert naar jongeren.'
MAATWERK_OPEN = "Wat moet de raad als eerste doen?"


@pytest.fixture
def created(db, catalog, organisation_id):
    return rounds.create_round(
        db,
        catalog,
        organisation_id=organisation_id,
        instrument_id="quickscan-gemeente",
        title="Papier",
        k=3,
        custom_questions=[
            {"kind": "stelling", "text": MAATWERK_STELLING},
            {"kind": "open", "text": MAATWERK_OPEN},
        ],
    )


def _instrument(db, created):
    return rounds.round_instrument(db, storage.get_round(db, created.round_id))


def _tallies(db, round_id) -> dict:
    return {
        (t["group_id"], t["question_id"], t["option"]): t["n"] for t in storage.round_tallies(db, round_id)
    }


def test_the_template_has_every_column_with_an_explanation_and_choice_lists(db, created):
    instrument = _instrument(db, created)
    workbook = load_workbook(io.BytesIO(importer.template_xlsx(instrument)))
    assert workbook.sheetnames == [importer.ANSWERS_SHEET, importer.EXPLANATION_SHEET]
    header = [c.value for c in workbook[importer.ANSWERS_SHEET][1]]
    statement_ids = [s.id for _, s in instrument.statements()]
    assert header == ["group", *statement_ids, "prioriteiten", *[q.id for q in instrument.open_questions]]
    assert len(statement_ids) > 40, "the maatwerkstelling is among the statements"

    explained = {
        row[0]: row for row in workbook[importer.EXPLANATION_SHEET].iter_rows(min_row=2, values_only=True)
    }
    assert set(explained) == set(header), "every column is explained"
    assert "raad (" in explained["group"][2] and "inwoners (" in explained["group"][2]
    assert "weet niet" in explained[statement_ids[0]][2] and "1 = " in explained[statement_ids[0]][2]
    custom_id = next(s.id for _, s in instrument.statements() if MAATWERK_STELLING[2:20] in s.text)
    assert MAATWERK_STELLING in explained[custom_id][1]
    cells = [c for row in workbook[importer.EXPLANATION_SHEET].iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells), "a question typed as a formula stays text"
    assert MAATWERK_OPEN in {row[1] for row in explained.values()}

    lists = {
        cells: v.formula1
        for v in workbook[importer.ANSWERS_SHEET].data_validations.dataValidation
        for cells in str(v.sqref).split()
    }
    assert lists["A2:A1001"] == '"raad,college,organisatie,inwoners"'
    assert lists["B2:B1001"] == '"1,2,3,4,5,weet niet"'
    assert len(lists) == 1 + len(statement_ids), "a choice list for the group and every statement"
    assert importer.template_csv(instrument).decode("utf-8-sig").strip() == ";".join(header)


def test_a_filled_in_template_is_imported_like_sent_in_forms(db, catalog, organisation_id, created):
    instrument = _instrument(db, created)
    theme = instrument.themes[0]
    everyone = [s.id for s in theme.statements if not s.groups]
    open_id = instrument.open_questions[-1].id
    rows = [
        {
            "group": "inwoners",
            everyone[0]: 4,
            everyone[1]: "weet niet",
            "prioriteiten": f"{theme.id}; {instrument.themes[1].id}",
        },
        {"group": "inwoners", everyone[0]: 5.0, open_id: "<b>Meer</b> **luisteren**"},
        {},  # an empty line in the middle is skipped
        {"group": "raad", everyone[0]: 1, everyone[1]: 2},
    ]
    result = importer.import_upload(
        db, created.permit, "papier.xlsx", filled_template(importer.template_xlsx(instrument), rows)
    )
    assert (result.imported, result.per_group) == (3, {"inwoners": 2, "raad": 1})

    # the same tallies as three forms sent in through the app, in a second round
    other = rounds.create_round(
        db,
        catalog,
        organisation_id=organisation_id,
        instrument_id="quickscan-gemeente",
        title="App",
        k=3,
        custom_questions=[
            {"kind": "stelling", "text": MAATWERK_STELLING},
            {"kind": "open", "text": MAATWERK_OPEN},
        ],
    )
    other_row = storage.get_round(db, other.round_id)
    for group, answers, priorities, opens in [
        ("inwoners", {everyone[0]: 4, everyone[1]: "dk"}, [theme.id, instrument.themes[1].id], {}),
        ("inwoners", {everyone[0]: 5}, [], {open_id: "<b>Meer</b> **luisteren**"}),
        ("raad", {everyone[0]: 1, everyone[1]: 2}, [], {}),
    ]:
        draft = {"answers": answers, "priorities": priorities, "open": opens}
        assert rounds.submit_complete(db, other_row, group, draft)
    assert _tallies(db, created.round_id) == _tallies(db, other.round_id)
    texts = [a["text"] for a in storage.round_open_answers(db, created.round_id)]
    assert texts == ["<b>Meer</b> **luisteren**"], "typed text is kept as typed"


def test_the_same_file_is_imported_once(db, created):
    instrument = _instrument(db, created)
    sid = instrument.themes[0].statements[0].id
    data = filled_template(
        importer.template_xlsx(instrument), [{"group": "raad", sid: 3}, {"group": "raad", sid: 4}]
    )
    importer.import_upload(db, created.permit, "papier.xlsx", data)
    before = storage.group_counts(db, created.round_id)
    with pytest.raises(ImportError_, match="al ingevoerd \\(2 formulieren"):
        importer.import_upload(db, created.permit, "papier-kopie.xlsx", data)
    assert storage.group_counts(db, created.round_id) == before, "nothing counted twice"
    # another file (one more form) goes in
    more = filled_template(importer.template_xlsx(instrument), [{"group": "raad", sid: 5}])
    assert importer.import_upload(db, created.permit, "papier-2.xlsx", more).imported == 1
    assert storage.group_counts(db, created.round_id)["raad"]["submitted"] == 3


def test_a_bad_row_imports_nothing_and_every_problem_is_named(db, created):
    instrument = _instrument(db, created)
    sid = instrument.themes[0].statements[0].id
    rows = [
        {"group": "raad", sid: 3},
        {"group": "bestuur", sid: 3},
        {"group": "raad", sid: 9},
        {"group": "raad", sid: "ja"},
        {"group": "inwoners", "prioriteiten": "onbekend"},
        {"group": "raad", sid: "²"},
        {"group": "raad"},
    ]
    with pytest.raises(ImportError_) as info:
        importer.import_upload(
            db, created.permit, "papier.xlsx", filled_template(importer.template_xlsx(instrument), rows)
        )
    problems = info.value.problems
    assert [p.split(":")[0].split(",")[0] for p in problems] == [
        "rij 3",
        "rij 4",
        "rij 5",
        "rij 6",
        "rij 7",
        "rij 8",
    ]
    assert "bestuur" in problems[0] and "buiten de antwoordschaal" in problems[1] and "'ja'" in problems[2]
    assert "'²'" in problems[4], "a superscript digit is not a number"
    assert "alleen de groep" in problems[5], "a row with only a group does not count as a respondent"
    assert storage.group_counts(db, created.round_id) == {}
    assert storage.round_tallies(db, created.round_id) == []


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("papier.xlsx", b"no zip at all", "niet lezen als Excel"),
        ("papier.pdf", b"%PDF-1.4", "Kies een Excel-bestand"),
        ("papier.csv", "group;x\nraad;é\n".encode("latin-1"), "UTF-8"),
        ("papier.csv", b"", "kolom 'group' ontbreekt"),
        ("papier.csv", b"group\n\n\n", "geen antwoorden"),
        ("papier.csv", b"x" * (importer.MAX_UPLOAD_BYTES + 1), "groter dan 5 MB"),
    ],
    ids=["not-a-workbook", "other-type", "not-utf8", "empty", "no-answers", "too-big"],
)
def test_files_that_cannot_be_read_get_a_dutch_message(db, created, name, data, message):
    with pytest.raises(ImportError_, match=message):
        importer.import_upload(db, created.permit, name, data)
    assert storage.group_counts(db, created.round_id) == {}


def test_a_workbook_without_the_answers_sheet_uses_its_first_sheet(db, created):
    instrument = _instrument(db, created)
    sid = instrument.themes[0].statements[0].id
    workbook = Workbook()
    workbook.active.append(["group", sid])
    workbook.active.append(["raad", 2])
    out = io.BytesIO()
    workbook.save(out)
    assert importer.import_upload(db, created.permit, "eigen.xlsx", out.getvalue()).per_group == {"raad": 1}


def test_a_csv_with_semicolons_from_dutch_excel(db, created):
    instrument = _instrument(db, created)
    sid = instrument.themes[0].statements[0].id
    data = f"group;{sid};prioriteiten\r\ninwoners;weet niet;\r\n".encode("utf-8-sig")
    assert importer.import_upload(db, created.permit, "papier.csv", data).per_group == {"inwoners": 1}
    assert _tallies(db, created.round_id)[("inwoners", sid, "dk")] == 1


def test_importing_needs_the_rounds_permit_and_works_after_closing(db, catalog, organisation_id, created):
    sid = _instrument(db, created).themes[0].statements[0].id
    data = f"group;{sid}\r\nraad;3\r\n".encode()
    with pytest.raises(permits.AccessDenied):
        importer.import_upload(db, None, "papier.csv", data)
    someone_else = rounds.create_round(
        db, catalog, organisation_id=organisation_id, instrument_id="quickscan-gemeente", title="Andere"
    )
    importer.import_upload(db, someone_else.permit, "papier.csv", data)
    assert storage.group_counts(db, created.round_id) == {}, "a permit imports into its own round only"
    assert storage.group_counts(db, someone_else.round_id)["raad"]["submitted"] == 1

    rounds.set_published(db, created.permit, False)  # paper forms often come in after closing
    assert importer.import_upload(db, created.permit, "papier.csv", data).imported == 1


def test_deleting_the_round_forgets_its_imported_files(db, created):
    instrument = _instrument(db, created)
    sid = instrument.themes[0].statements[0].id
    importer.import_upload(
        db,
        created.permit,
        "p.xlsx",
        filled_template(importer.template_xlsx(instrument), [{"group": "raad", sid: 3}]),
    )
    rounds.set_published(db, created.permit, False)
    rounds.delete_round(db, created.permit, created.join_code)
    assert db.execute("SELECT COUNT(*) FROM paper_imports").fetchone()[0] == 0


def test_the_upload_limit_is_the_servers():
    import tomllib

    from tests.conftest import ROOT

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 2**20 == importer.MAX_UPLOAD_BYTES

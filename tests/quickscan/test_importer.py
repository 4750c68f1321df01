"""Paper forms: the Excel template of a round, filled in and uploaded; all rows or none, and once."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from dia_scan import storage
from dia_scan.core import permits
from dia_scan.quickscan import importer, rounds
from dia_scan.quickscan.importer import ImportError_
from tests.builders import new_round
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
    assert workbook.sheetnames == [importer.ANSWERS_SHEET, importer.EXPLANATION_SHEET, importer.CHOICES_SHEET]
    assert workbook[importer.CHOICES_SHEET].sheet_state == "hidden"
    header = [c.value for c in workbook[importer.ANSWERS_SHEET][1]]
    statement_ids = [s.id for _, s in instrument.statements()]
    background = [f"over_u:{q.id}" for q in instrument.background]
    assert header == [
        "group",
        *statement_ids,
        "prioriteiten",
        *[q.id for q in instrument.open_questions],
        *background,
    ]
    assert len(statement_ids) > 40, "the maatwerkstelling is among the statements"
    assert "over_u:leeftijd" in background and "over_u:opleiding" in background

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
    education = explained["over_u:opleiding"]
    assert education[1] == "Over u: Wat is de hoogste opleiding die u heeft afgemaakt?"
    assert "Hbo of universiteit" in education[2] and "Niet verplicht" in education[2]
    assert "Alleen voor: inwoners." in education[2]
    assert "Alleen voor" not in explained["over_u:leeftijd"][2], "asked to every group"

    lists = {
        cells: v.formula1
        for v in workbook[importer.ANSWERS_SHEET].data_validations.dataValidation
        for cells in str(v.sqref).split()
    }
    assert lists["A2:A1001"] == '"raad,college,organisatie,inwoners"'
    assert lists["B2:B1001"] == '"1,2,3,4,5,weet niet"'
    assert len(lists) == 1 + len(statement_ids) + len(background), "a choice list for every answer column"
    # an "Over u" column takes its list (the labels, a comma in one of them) from the hidden sheet
    choices = workbook[importer.CHOICES_SHEET]
    for question in instrument.background:
        letter = get_column_letter(header.index(f"over_u:{question.id}") + 1)
        sheet_name, cells = lists[f"{letter}2:{letter}1001"].split("!")
        assert sheet_name == f"'{importer.CHOICES_SHEET}'"
        listed = [c.value for row in choices[cells.replace("$", "")] for c in row]
        assert listed == [o.label for o in question.options]
    assert importer.template_csv(instrument).decode("utf-8-sig").strip() == ";".join(header)


def test_a_choice_label_that_looks_like_a_formula_stays_text(db, created):
    instrument = _instrument(db, created)
    question = instrument.background[0]
    odd = question.model_copy(
        update={"options": [question.options[0].model_copy(update={"label": "=1+1"}), *question.options[1:]]}
    )
    instrument = instrument.model_copy(update={"background": [odd, *instrument.background[1:]]})
    workbook = load_workbook(io.BytesIO(importer.template_xlsx(instrument)))
    cell = workbook[importer.CHOICES_SHEET]["A2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")


def _app_round(db, catalog, organisation_id) -> dict:
    """A second round like the paper one (same maatwerkvragen), to send the same forms in through the app."""
    return new_round(
        db,
        catalog,
        organisation_id,
        title="App",
        k=3,
        custom_questions=[
            {"kind": "stelling", "text": MAATWERK_STELLING},
            {"kind": "open", "text": MAATWERK_OPEN},
        ],
    )


def test_a_filled_in_template_is_imported_like_sent_in_forms(db, catalog, organisation_id, created):
    instrument = _instrument(db, created)
    theme = next(t for t in instrument.themes if len([s for s in t.statements if not s.groups]) >= 2)
    other_theme = next(t for t in instrument.themes if t.id != theme.id)
    everyone = [s.id for s in theme.statements if not s.groups]
    open_id = instrument.open_questions[-1].id
    rows = [
        {
            "group": "inwoners",
            everyone[0]: 4,
            everyone[1]: "weet niet",
            "prioriteiten": f"{theme.id}; {other_theme.id}",
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
    other_row = _app_round(db, catalog, organisation_id)
    for group, answers, priorities, opens in [
        ("inwoners", {everyone[0]: 4, everyone[1]: "dk"}, [theme.id, other_theme.id], {}),
        ("inwoners", {everyone[0]: 5}, [], {open_id: "<b>Meer</b> **luisteren**"}),
        ("raad", {everyone[0]: 1, everyone[1]: 2}, [], {}),
    ]:
        draft = {"answers": answers, "priorities": priorities, "open": opens}
        assert rounds.submit_complete(db, other_row, group, draft)
    assert _tallies(db, created.round_id) == _tallies(db, other_row.id)
    texts = [a["text"] for a in storage.round_open_answers(db, created.round_id)]
    assert texts == ["<b>Meer</b> **luisteren**"], "typed text is kept as typed"


def test_over_u_answers_are_imported_like_sent_in_forms(db, catalog, organisation_id, created):
    instrument = _instrument(db, created)
    sid = instrument.themes[0].statements[0].id
    rows = [
        # the label as printed, in any case and with spaces around it, or the option's id
        {
            "group": "inwoners",
            sid: 4,
            "over_u:leeftijd": "  18 TOT 30 jaar ",
            "over_u:opleiding": "Geen, basisschool, vmbo of mbo 1 of 2",
            "over_u:meedoen": "een-keer",
        },
        {"group": "inwoners", sid: 2, "over_u:gender": "vrouw", "over_u:leeftijd": "18-29"},
        {"group": "raad", sid: "weet niet", "over_u:ervaring": "Korter dan 2 jaar"},
        {"group": "raad", sid: 5},  # "Over u" skipped
    ]
    result = importer.import_upload(
        db, created.permit, "papier.xlsx", filled_template(importer.template_xlsx(instrument), rows)
    )
    assert result.per_group == {"inwoners": 2, "raad": 2}

    other_row = _app_round(db, catalog, organisation_id)
    for group, answers, background in [
        ("inwoners", {sid: 4}, {"leeftijd": "18-29", "opleiding": "praktisch", "meedoen": "een-keer"}),
        ("inwoners", {sid: 2}, {"gender": "vrouw", "leeftijd": "18-29"}),
        ("raad", {sid: "dk"}, {"ervaring": "korter-2"}),
        ("raad", {sid: 5}, {}),
    ]:
        draft = {"answers": answers, "priorities": [], "open": {}, "background": background}
        assert rounds.submit_complete(db, other_row, group, draft)
    imported = sorted(storage.background_tally_rows(db, created.round_id))
    assert imported == sorted(storage.background_tally_rows(db, other_row.id))
    assert ("inwoners", "leeftijd", "18-29", 2) in [tuple(r) for r in imported]
    assert _tallies(db, created.round_id) == _tallies(db, other_row.id)


def test_a_wrong_over_u_answer_imports_nothing_and_is_named(db, created):
    instrument = _instrument(db, created)
    sid = instrument.themes[0].statements[0].id
    rows = [
        {"group": "inwoners", sid: 3, "over_u:leeftijd": "45 tot 65 jaar"},
        {"group": "inwoners", sid: 3, "over_u:leeftijd": "veertig"},
        {"group": "raad", sid: 3, "over_u:opleiding": "Hbo of universiteit"},
        {"group": "inwoners", "over_u:leeftijd": "65 jaar of ouder", "over_u:gender": "Man"},
    ]
    with pytest.raises(ImportError_) as info:
        importer.import_upload(
            db, created.permit, "papier.xlsx", filled_template(importer.template_xlsx(instrument), rows)
        )
    problems = info.value.problems
    assert len(problems) == 3, problems
    assert problems[0].startswith("rij 3, kolom BH (over_u:leeftijd): 'veertig' past niet bij deze vraag")
    assert "65 jaar of ouder" in problems[0], "the answers that fit are named"
    assert (
        problems[1]
        == "rij 4, kolom BJ (over_u:opleiding): deze vraag is niet voor de groep 'raad' (laat de cel leeg)"
    )
    assert problems[2].startswith("rij 5: alleen de groep en 'Over u' zijn ingevuld"), (
        "only 'Over u' is no respondent: it would make the group look bigger"
    )
    assert storage.group_counts(db, created.round_id) == {}
    assert storage.background_tally_rows(db, created.round_id) == []


def test_a_csv_with_an_over_u_column(db, created):
    sid = _instrument(db, created).themes[0].statements[0].id
    data = f"group;{sid};over_u:gender\r\nraad;4;Iets anders\r\nraad;5;\r\n".encode("utf-8-sig")
    assert importer.import_upload(db, created.permit, "papier.csv", data).per_group == {"raad": 2}
    assert [tuple(r) for r in storage.background_tally_rows(db, created.round_id)] == [
        ("raad", "gender", "anders", 1)
    ]
    unknown = f"group;{sid};over_u:woonplaats\r\nraad;4;Utrecht\r\n".encode("utf-8-sig")
    with pytest.raises(ImportError_, match="onbekende kolom\\(men\\): over_u:woonplaats"):
        importer.import_upload(db, created.permit, "papier-2.csv", unknown)


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
    column = f"kolom {get_column_letter(importer.template_columns(instrument).index(sid) + 1)} ({sid})"
    assert "bestuur" in problems[0]
    assert problems[1] == (
        f"rij 4, {column}: '9' is geen antwoord op deze stelling (vul 1 tot en met 5 in, 'weet niet', "
        "of laat de cel leeg)"
    ), "row, column and value"
    assert problems[2].startswith(f"rij 5, {column}: 'ja' is geen antwoord")
    assert problems[3].startswith("rij 6, kolom") and "'onbekend' is geen thema" in problems[3]
    assert "'²'" in problems[4], "a superscript digit is not a number"
    assert "alleen de groep" in problems[5], "a row with only a group does not count as a respondent"
    assert storage.group_counts(db, created.round_id) == {}
    assert storage.round_tallies(db, created.round_id) == []


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("papier.xlsx", b"no zip at all", "niet lezen als Excel"),
        ("papier.pdf", b"%PDF-1.4", "Kies een Excel-bestand"),
        ("papier.csv", b"group;x\nraad;\x81\n", "CSV UTF-8"),
        ("papier.csv", b"", "kolom 'group' ontbreekt"),
        ("papier.csv", b"group\n\n\n", "geen antwoorden"),
        ("papier.csv", b"x" * (importer.MAX_UPLOAD_BYTES + 1), "groter dan 5 MB"),
    ],
    ids=["not-a-workbook", "other-type", "neither-utf8-nor-ansi", "empty", "no-answers", "too-big"],
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


def test_a_semicolon_csv_saved_by_excel_in_ansi_is_read_correctly(db, created):
    """Excel on a Dutch Windows saves "CSV (gescheiden door lijstscheidingsteken)" in cp1252."""
    instrument = _instrument(db, created)
    sid = instrument.themes[0].statements[0].id
    question = instrument.open_questions[0].id
    text = f"group;{sid};{question}\r\ninwoners;4;Meer café-avonden, ook over € en privé\r\n"
    assert importer.import_upload(db, created.permit, "papier.csv", text.encode("cp1252")).per_group == {
        "inwoners": 1
    }
    stored = db.execute("SELECT text FROM open_answers").fetchall()
    assert stored == [("Meer café-avonden, ook over € en privé",)]


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

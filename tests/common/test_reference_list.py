"""The list of organisations: the shipped CBS table of gemeenten, the provincies and waterschappen, and
replacing the gemeenten with a newer CBS table (``dia-scan load-organisations``)."""

from __future__ import annotations

import csv
import io
from importlib import resources

import pytest

from dia_scan import storage
from dia_scan.admin.cli import main
from dia_scan.common import organisations, reference_list
from dia_scan.core.errors import ServiceError

SHIPPED = (resources.files("dia_scan") / "reference" / reference_list.SHIPPED_GEMEENTEN).read_text("utf-8")


def _table(rows: list[dict], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=reference_list.CBS_COLUMNS, lineterminator="\n", delimiter=delimiter
    )
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _shipped_rows() -> list[dict]:
    return list(csv.DictReader(io.StringIO(SHIPPED)))


def test_the_shipped_list_holds_every_gemeente_provincie_and_waterschap(db):
    listed = reference_list.listed_organisations(db)
    by_type = {t: [o for o in listed.values() if o.type == t] for t in organisations.ORGANISATION_TYPES}
    assert (len(by_type["gemeente"]), len(by_type["provincie"]), len(by_type["waterschap"])) == (345, 12, 21)
    assert organisations.PROVINCES == tuple(sorted(p.province for p in by_type["provincie"]))
    assert {o.province for o in listed.values()} == set(organisations.PROVINCES)
    aalsmeer = listed["GM0358"]
    assert (
        aalsmeer.name,
        aalsmeer.province,
        aalsmeer.size_class,
        aalsmeer.urbanisation,
        aalsmeer.inhabitants,
    ) == (
        "Gemeente Aalsmeer",
        "Noord-Holland",
        "20-50k",
        4,
        32452,
    )
    assert aalsmeer.label == "Gemeente Aalsmeer (Noord-Holland)"
    assert listed["GM0344"].size_class == ">= 250k" and listed["GM0344"].urbanisation == 1  # Utrecht
    assert listed["WS12"].name == "Hoogheemraadschap van Rijnland"
    assert reference_list.source_of_gemeenten(db) == reference_list.SHIPPED_SOURCE


def test_the_cbs_size_class_matches_the_rule_of_the_profile():
    """The CBS class of each gemeente, mapped to the profile's five classes, is the class its number of
    inhabitants gives (``organisations.size_class_for``): one rule, two routes."""
    for row in reference_list.parse_cbs_table(SHIPPED):
        listed = reference_list._gemeente(row)
        assert listed.size_class in organisations.SIZE_CLASSES
        assert listed.size_class == organisations.size_class_for(row["inhabitants"]), row["name"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda rows: [{k: v for k, v in r.items() if k != "stedelijkheid"} for r in rows], "stedelijkheid"),
        (lambda rows: [{**rows[0], "gemeentecode": "0358"}, *rows[1:]], "Rij 2, kolom gemeentecode"),
        (
            lambda rows: [*rows[:9], {**rows[9], "provincie": "Vlaanderen"}, *rows[10:]],
            "Rij 11, kolom provincie",
        ),
        (lambda rows: [{**rows[0], "grootteklasse": "9"}, *rows[1:]], "Rij 2, kolom grootteklasse"),
        (lambda rows: [{**rows[0], "inwonertal": "veel"}, *rows[1:]], "Rij 2, kolom inwonertal"),
        (lambda rows: [rows[0], *rows], "twee keer"),
        (lambda rows: rows[:100], "maar 100 gemeenten"),
    ],
    ids=[
        "missing column",
        "bad code",
        "bad province",
        "bad size class",
        "bad number",
        "duplicate",
        "cut off",
    ],
)
def test_a_wrong_table_says_what_is_wrong(change, message):
    with pytest.raises(ServiceError, match=message):
        reference_list.parse_cbs_table(_table(change(_shipped_rows())))


def test_a_table_saved_by_excel_with_semicolons_is_read_too():
    rows = reference_list.parse_cbs_table(_table(_shipped_rows(), delimiter=";"))
    assert rows == reference_list.parse_cbs_table(SHIPPED)


def test_a_newer_table_replaces_the_gemeenten(db):
    rows = [r for r in _shipped_rows() if r["gemeentecode"] != "GM0358"]  # Aalsmeer merged away
    rows.append(
        {
            **rows[0],
            "gemeentecode": "GM1999",
            "gemeente": "Nieuwstad",
            "provincie": "Zeeland",
            "grootteklasse": "5",
            "stedelijkheid": "3",
            "inwonertal": "60000",
        }
    )
    assert reference_list.load_cbs_table(db, "\ufeff" + _table(rows), "CBS 2030") == 345
    listed = reference_list.listed_organisations(db)
    assert "GM0358" not in listed and listed["GM1999"].name == "Gemeente Nieuwstad"
    assert listed["GM1999"].size_class == "50-100k" and "WS01" in listed and "PV20" in listed
    assert reference_list.source_of_gemeenten(db) == "CBS 2030"
    # a wrong file changes nothing
    with pytest.raises(ServiceError):
        reference_list.load_cbs_table(db, "naam;inwoners\nX;1\n", "kapot")
    assert "GM1999" in reference_list.listed_organisations(db)


def test_load_organisations_on_the_command_line(db, db_path, tmp_path, capsys):
    good = tmp_path / "85755NED.csv"
    good.write_text(_table(_shipped_rows()), encoding="utf-8")
    assert main(["load-organisations", "--db", str(db_path), str(good), "--source", "CBS 2024"]) == 0
    assert "345 gemeenten geladen" in capsys.readouterr().out
    assert len(storage.loaded_reference_gemeenten(db)) == 345

    wrong = tmp_path / "personen.csv"
    wrong.write_text("naam,leeftijd\nAnna,40\n", encoding="utf-8")
    assert main(["load-organisations", "--db", str(db_path), str(wrong)]) == 1
    err = capsys.readouterr().err
    assert "geen CBS-tabel" in err and "gemeentecode" in err and "niet veranderd" in err
    ansi = tmp_path / "ansi.csv"
    ansi.write_bytes("gemeente\nSúdwest-Fryslân\n".encode("cp1252"))
    assert main(["load-organisations", "--db", str(db_path), str(ansi)]) == 1
    assert "CSV UTF-8" in capsys.readouterr().err
    assert main(["load-organisations", "--db", str(db_path), str(tmp_path / "weg.csv")]) == 1
    assert "niet gevonden" in capsys.readouterr().err
    assert reference_list.source_of_gemeenten(db) == "CBS 2024"


def test_reset_beheercode_on_the_command_line(db, db_path, catalog, organisation_id, capsys):
    from dia_scan.quickscan import rounds

    created = rounds.create_round(
        db, catalog, organisation_id=organisation_id, instrument_id="quickscan-gemeente", title="Voorjaar"
    )
    assert main(["reset-beheercode", "--db", str(db_path), "--round", created.join_code]) == 0
    out = capsys.readouterr().out
    fresh = out.split(": ", 1)[1].split()[0]
    assert "De oude beheercode werkt niet meer" in out
    assert rounds.authorize(db, created.join_code, fresh).round_id == created.round_id
    assert main(["reset-beheercode", "--db", str(db_path), "--round", "ZZZZZZZZ"]) == 1
    assert "kennen we niet" in capsys.readouterr().err

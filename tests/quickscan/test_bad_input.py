"""Bad input at the service layer: forged answers, odd codes, huge and hostile texts, and database files
that are read-only or corrupt. The user must get a plain Dutch message (ServiceError or StorageError),
never a traceback, and nothing half-stored.

Every bug these tests found has been fixed; a new one is best added as a failing test with its fix.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from dia_scan import storage
from dia_scan.checklist import service as checklists
from dia_scan.common import agenda, organisations
from dia_scan.core import codes
from dia_scan.core.errors import ServiceError
from dia_scan.quickscan import rounds
from dia_scan.quickscan.results import build_round_report
from tests.builders import new_assessment, new_round
from tests.conftest import TESTS

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = TESTS / "fixtures" / "schema_v1.db"
HOSTILE = (
    "<script>alert('x')</script> <img src=x onerror=alert(1)> **vet** [klik](javascript:alert(1)) "
    "{{7*7}} ${7*7} '; DROP TABLE responses;-- \u202eomgekeerd\u202c 😀 a\x00b"
)


@pytest.fixture
def round_row(db, catalog, organisation_id) -> dict:
    return new_round(db, catalog, organisation_id)


def _submit(db, round_row, draft, group_id="inwoners"):
    handle = rounds.start_response(db, round_row, group_id)
    return handle.response_id, rounds.submit(db, handle.response_id, draft)


def _nothing_stored(db, round_row) -> None:
    assert storage.round_tallies(db, round_row.id) == []
    assert db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM open_answers").fetchone()[0] == 0
    assert all(c["submitted"] == 0 for c in storage.group_counts(db, round_row.id).values())


# -- forged answers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        ({"answers": {"inw_meedenken": 0}}, "buiten de antwoordschaal"),
        ({"answers": {"inw_meedenken": 6}}, "buiten de antwoordschaal"),
        ({"answers": {"inw_meedenken": -1}}, "buiten de antwoordschaal"),
        ({"answers": {"inw_meedenken": 10**30}}, "buiten de antwoordschaal"),
        ({"answers": {"inw_meedenken": 3.0}}, "buiten de antwoordschaal"),
        ({"answers": {"inw_meedenken": "3.5"}}, "buiten de antwoordschaal"),
        ({"answers": {"inw_meedenken": "+3"}}, "buiten de antwoordschaal"),
        ({"answers": {"inw_meedenken": True}}, "buiten de antwoordschaal"),
        ({"answers": {"inw_meedenken": float("nan")}}, "buiten de antwoordschaal"),
        ({"answers": {"inw_meedenken": "٣"}}, "buiten de antwoordschaal"),  # an Arabic-Indic three
        ({"answers": {"inw_meedenken": "DK"}}, "buiten de antwoordschaal"),
        ({"answers": {"inw_meedenken": [3]}}, "buiten de antwoordschaal"),
        ({"answers": {"inw_meedenken": {"value": 3}}}, "buiten de antwoordschaal"),
        ({"answers": {"bestaat_niet": 3}}, "niet bij uw groep"),
        ({"answers": {"raad_informatie": 3}}, "niet bij uw groep"),  # a binnenkant-only statement
        ({"answers": {1: 3}}, "niet bij uw groep"),
        ({"priorities": ["bestaat_niet"]}, "prioriteiten kloppen niet"),
        ({"priorities": ["krachtige_raad", "krachtige_raad"]}, "prioriteiten kloppen niet"),
        ({"priorities": "krachtige_raad"}, "prioriteiten kloppen niet"),
        (
            {
                "priorities": [
                    "krachtige_raad",
                    "toegeruste_ambtsdragers",
                    "betrokken_inwoners",
                    "vitale_gemeenschap",
                ]
            },
            "hoogstens 3",
        ),
        ({"open": {"bestaat_niet": "tekst"}}, "niet bij uw groep"),
        ({"open": {"open_goed": "a" * 1501}}, "te lang"),
        ({"open": {"open_goed": "a" * 10_000_000}}, "te lang"),
    ],
    ids=lambda v: repr(v)[:40] if not isinstance(v, str) else v[:20],
)
def test_forged_answers_are_refused_and_nothing_is_stored(db, round_row, draft, message):
    with pytest.raises(ServiceError, match=message):
        _submit(db, round_row, draft)
    _nothing_stored(db, round_row)


def test_a_group_the_instrument_lacks_is_refused(db, round_row):
    for group_id in ("burgemeester", "", None, "<script>", "raad; DROP TABLE rounds"):
        with pytest.raises(ServiceError, match="groepen uit de lijst"):
            rounds.start_response(db, round_row, group_id)
    assert storage.group_counts(db, round_row.id) == {}


def test_submitting_an_unknown_response_is_refused(db, round_row):
    with pytest.raises(ServiceError, match="niet gevonden"):
        rounds.submit(db, 987654, {"answers": {"inw_meedenken": 3}})


def test_whitespace_around_a_valid_number_is_accepted(db, round_row):
    response_id, stored = _submit(db, round_row, {"answers": {"inw_meedenken": " 4 "}})
    assert stored
    assert storage.round_tallies(db, round_row.id) == [
        {"group_id": "inwoners", "question_id": "inw_meedenken", "option": "4", "n": 1}
    ]


@pytest.mark.parametrize(
    "draft",
    [
        ["inw_meedenken"],
        {"answers": ["inw_meedenken"]},
        {"open": ["tekst"]},
        {"priorities": [["krachtige_raad"]]},
    ],
    ids=["draft-list", "answers-list", "open-list", "priority-unhashable"],
)
def test_a_forged_draft_structure_gets_a_dutch_message(db, round_row, draft):
    with pytest.raises(ServiceError):
        _submit(db, round_row, draft)


def test_an_infinite_answer_gets_a_dutch_message(db, round_row):
    with pytest.raises(ServiceError):
        _submit(db, round_row, {"answers": {"inw_meedenken": float("inf")}})


def test_an_unencodable_open_answer_is_stored_with_a_replacement_character(db, round_row):
    # nothing typed is lost: the one broken character becomes "?", the rest is kept
    _, stored = _submit(db, round_row, {"open": {"open_goed": "half \ud800 teken"}})
    assert stored
    assert [o["text"] for o in storage.round_open_answers(db, round_row.id)] == ["half ? teken"]


# -- hostile and huge texts ----------------------------------------------------------------------


def test_html_markdown_and_script_text_is_stored_and_returned_verbatim(db, catalog, round_row):
    text = HOSTILE
    _, stored = _submit(db, round_row, {"answers": {"inw_meedenken": 3}, "open": {"open_goed": text}})
    assert stored
    assert [o["text"] for o in storage.round_open_answers(db, round_row.id)] == [text]
    for _ in range(round_row.k - 1):  # the inwoners reach k, so their answers are shown
        _submit(db, round_row, {"answers": {"inw_meedenken": 3}})
    report = build_round_report(db, catalog, storage.get_round(db, round_row.id), with_previous=False)
    assert [a.text for a in report.result.open_answers] == [text]
    assert report.to_dict()["open_answers"][0]["text"] == text


def test_hostile_names_and_titles_are_stored_verbatim(db, catalog):
    name = "<b>Gemeente</b> **Vet** =1+1"
    org = organisations.settle(db, organisations.Choice(name=name), None)
    assert storage.get_organisation(db, org).name == name
    title = "<img src=x onerror=alert(1)> [x](javascript:alert(1))"
    created = rounds.create_round(
        db, catalog, organisation_id=org, instrument_id="quickscan-gemeente", title=title
    )
    assert storage.get_round(db, created.round_id).title == title
    action = agenda.add_action(db, created.permit, wat="<script>x</script> =SUM(A1)")
    assert storage.list_actions(db, organisation_id=org)[0].wat == "<script>x</script> =SUM(A1)"
    assert action


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda db, cat, org: organisations.settle(db, organisations.Choice(name="x" * 10_000), None),
            "te lang",
        ),
        (
            lambda db, cat, org: organisations.settle(
                db, organisations.Choice(name="Ok", type="koninkrijk"), None
            ),
            "gemeente, provincie",
        ),
        (
            lambda db, cat, org: rounds.create_round(
                db, cat, organisation_id=org, instrument_id="quickscan-gemeente", title="x" * 10_000
            ),
            "te lang",
        ),
        (
            lambda db, cat, org: rounds.create_round(
                db,
                cat,
                organisation_id=org,
                instrument_id="quickscan-gemeente",
                title="Ok",
                custom_questions=[{"kind": "open", "text": "x" * 10_000}],
            ),
            "3 tot 300 tekens",
        ),
        (
            lambda db, cat, org: rounds.create_round(
                db,
                cat,
                organisation_id=org,
                instrument_id="quickscan-gemeente",
                title="Ok",
                custom_questions=[{"kind": "open", "text": "Een vraag", "groups": ["burgemeester"]}],
            ),
            "hoort niet bij",
        ),
        (
            lambda db, cat, org: rounds.create_round(
                db, cat, organisation_id=org, instrument_id="quickscan-gemeente", title="Ok", k=2
            ),
            "minstens 3",
        ),
        (
            lambda db, cat, org: agenda.add_action(
                db,
                rounds.create_round(
                    db, cat, organisation_id=org, instrument_id="quickscan-gemeente", title="Ok"
                ).permit,
                wat="x" * 10_000,
            ),
            "te lang",
        ),
    ],
    ids=["org-name", "org-type", "title", "custom-question", "custom-group", "k-below-3", "action"],
)
def test_huge_or_unknown_set_up_values_are_refused(db, catalog, organisation_id, call, message):
    with pytest.raises(ServiceError, match=message):
        call(db, catalog, organisation_id)


@pytest.mark.parametrize(
    "k",
    [
        "abc",
        10**30,
        1000,
        2,
        -5,
    ],
)
def test_an_impossible_k_gets_a_dutch_message(db, catalog, organisation_id, k):
    with pytest.raises(ServiceError):
        rounds.create_round(
            db, catalog, organisation_id=organisation_id, instrument_id="quickscan-gemeente", title="Ok", k=k
        )


def test_an_impossible_period_date_is_refused(db, catalog, organisation_id):
    with pytest.raises(ServiceError):
        rounds.create_round(
            db,
            catalog,
            organisation_id=organisation_id,
            instrument_id="quickscan-gemeente",
            title="Ok",
            period_start="2025-13-45",
        )


def test_checklist_answers_are_checked(db, catalog, organisation_id):
    process_id, created = new_assessment(db, catalog, organisation_id, name="Proces")
    criterion = checklists.checklist_of(catalog).criteria()[0][1].id
    for kwargs, message in [
        ({"criterion_id": "bestaat_niet", "option_id": "ja"}, "hoort niet bij"),
        ({"criterion_id": criterion, "option_id": "misschien"}, "Kies een van de antwoorden"),
        ({"criterion_id": criterion, "toelichting": "x" * 10_000}, "te lang"),
    ]:
        with pytest.raises(ServiceError, match=message):
            checklists.answer(db, created.assessor_id, **kwargs)
    checklists.answer(db, created.assessor_id, criterion, toelichting=HOSTILE.replace("\x00", ""))
    assert checklists.answers_of(db, created.assessor_id)[criterion]["toelichting"] == HOSTILE.replace(
        "\x00", ""
    )
    with pytest.raises(ServiceError, match="niet gevonden"):
        checklists.answer(db, 987654, criterion, option_id="ja")


# -- codes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Vul de deelnamecode in"),
        (None, "Vul de deelnamecode in"),
        ("   ", "Vul de deelnamecode in"),
        ("%", "Vul de deelnamecode in"),
        ("________", "Vul de deelnamecode in"),
        ("'; DROP TABLE rounds;--", "klopt niet"),
        ("KX7M4RPA' OR '1'='1", "klopt niet"),
        ("<script>alert(1)</script>", "klopt niet"),
        ("КХ7М4RPA", "klopt niet"),  # Cyrillic look-alikes
        ("K" * 10_000, "klopt niet"),
        ("KX7M4RPB", "kennen we niet"),
    ],
    ids=[
        "empty",
        "none",
        "spaces",
        "percent",
        "underscores",
        "sql",
        "sql-or",
        "html",
        "cyrillic",
        "10kb",
        "unknown",
    ],
)
def test_odd_join_codes_get_a_dutch_message(db, catalog, organisation_id, code, message):
    rounds.create_round(
        db,
        catalog,
        organisation_id=organisation_id,
        instrument_id="quickscan-gemeente",
        title="R",
        join_code="KX7M4RPA",
    )
    started = time.perf_counter()
    with pytest.raises(ServiceError, match=message):
        rounds.find_round(db, code)
    assert time.perf_counter() - started < 1
    assert [r.join_code for r in storage.list_rounds(db)] == ["KX7M4RPA"]


@pytest.mark.parametrize("typed", ["kx7m-4rpa", " kx 7m4r pa ", "KX7M4RPA\u200b", "KX7M 4RPA\n"])
def test_a_join_code_typed_loosely_is_found(db, catalog, organisation_id, typed):
    rounds.create_round(
        db,
        catalog,
        organisation_id=organisation_id,
        instrument_id="quickscan-gemeente",
        title="R",
        join_code="KX7M4RPA",
    )
    assert rounds.find_round(db, typed).join_code == "KX7M4RPA"


def test_odd_beheercodes_and_resume_codes_get_a_dutch_message(db, catalog, organisation_id, monkeypatch):
    monkeypatch.setattr("dia_scan.common.code_access.time.sleep", lambda _: None)
    created = rounds.create_round(
        db,
        catalog,
        organisation_id=organisation_id,
        instrument_id="quickscan-gemeente",
        title="R",
        join_code="KX7M4RPA",
        beheercode="ABCD-EFGH-JKMN-PQ",
    )
    for secret in ["", None, "x" * 10_000, "ABCD-EFGH-JKMN-PQ" + "X" * 10_000, "' OR 1=1 --"]:
        with pytest.raises(ServiceError, match="klopt niet"):
            rounds.authorize(db, "KX7M4RPA", secret)
    storage.clear_attempts(db, "round", str(created.round_id))  # five wrong tries blocked the round
    assert rounds.authorize(db, " kx7m4rpa ", "abcd efgh jkmn pq").join_code == "KX7M4RPA"
    for resume in ["", None, "x" * 10_000, "'; --", "ABCD-EFGH-JKMN-PQ"]:
        with pytest.raises(ServiceError, match="hervatcode"):
            rounds.resume_response(db, resume)
    for code in ["K" * 10_000, "'; --", None]:
        with pytest.raises(ServiceError):
            checklists.find_assessment(db, code)


# -- database files ------------------------------------------------------------------------------


@pytest.fixture
def read_only(tmp_path):
    """Make a database file (and optionally its folder) read-only, also for root.

    Root ignores file permissions, so as root the immutable attribute (chattr +i) is used: not even root
    may write such a file. Undone after the test.
    """
    undo: list = []

    def make(path: Path, *, folder_too: bool) -> None:
        targets = [path, path.parent] if folder_too else [path]
        if os.geteuid() == 0:
            done = subprocess.run(["chattr", "+i", *map(str, targets)], capture_output=True, text=True)
            if done.returncode != 0:
                pytest.skip(f"chattr +i is not available here: {done.stderr.strip()}")
            undo.append(lambda: subprocess.run(["chattr", "-i", *map(str, targets)], check=False))
        else:
            for target in targets:
                mode = target.stat().st_mode
                target.chmod(0o555 if target.is_dir() else 0o444)
                undo.append(lambda target=target, mode=mode: target.chmod(mode))

    yield make
    for step in reversed(undo):
        step()


def _app_database(tmp_path: Path) -> Path:
    """The fixture database, up to date and in WAL mode, closed as a stopped app leaves it."""
    path = tmp_path / "app" / "dia_scan.db"
    path.parent.mkdir()
    shutil.copy(FIXTURE, path)
    storage.connect(path).conn.close()
    return path


def test_a_read_only_database_and_folder_give_a_dutch_message(tmp_path, read_only):
    path = _app_database(tmp_path)
    read_only(path, folder_too=True)
    with pytest.raises(storage.StorageError, match="alleen-lezen|kan niet worden geopend"):
        db = storage.connect(path)
        rounds.start_response(db, rounds.find_round(db, "VRBDK2M6"), "inwoners")


def test_a_read_only_database_in_a_writable_folder_gives_a_dutch_message(tmp_path, read_only):
    path = _app_database(tmp_path)
    read_only(path, folder_too=False)
    db = storage.connect(path)
    round_row = rounds.find_round(db, "VRBDK2M6")  # reading works
    with pytest.raises(storage.StorageError, match="alleen-lezen"):
        rounds.start_response(db, round_row, "inwoners")


def test_a_write_refused_by_sqlite_gives_a_storage_error(db, round_row):
    db.execute("PRAGMA query_only = ON")
    with pytest.raises(storage.StorageError, match="alleen-lezen"):
        rounds.start_response(db, round_row, "inwoners")


def _corrupt(path: Path, first_page: int, last_page: int) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(first_page * 4096, min(len(data), last_page * 4096), 13):
        data[offset] = 0xAB
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b"dit is geen database" * 200),
        lambda p: p.write_bytes(FIXTURE.read_bytes()[:10_000]),
        lambda p: p.write_bytes(FIXTURE.read_bytes()[: FIXTURE.stat().st_size // 2]),
        lambda p: p.write_bytes(b"Not a database!!" + FIXTURE.read_bytes()[16:]),
        lambda p: _corrupt(p, 1, 3),
    ],
    ids=["text", "truncated-10kb", "truncated-half", "bad-header", "schema-pages"],
)
def test_a_corrupt_database_file_gives_a_dutch_message(tmp_path, damage):
    path = tmp_path / "kapot.db"
    shutil.copy(FIXTURE, path)
    damage(path)
    with pytest.raises(storage.StorageError, match="beschadigd"):
        storage.connect(path)


def test_corruption_found_after_connect_gives_a_dutch_message(tmp_path, catalog):
    path = tmp_path / "kapot.db"
    shutil.copy(FIXTURE, path)
    _corrupt(path, 30, 40)
    db = storage.connect(path)
    with pytest.raises(storage.StorageError, match="beschadigd"):
        round_row = rounds.find_round(db, "VRBDK2M6")
        build_round_report(db, catalog, round_row)


def test_an_empty_file_becomes_a_new_database(tmp_path):
    path = tmp_path / "leeg.db"
    path.write_bytes(b"")
    db = storage.connect(path)
    assert storage.schema_version(db) == max(n for n, _, _ in storage.MIGRATIONS)


def test_a_folder_instead_of_a_file_gives_a_dutch_message(tmp_path):
    folder = tmp_path / "map.db"
    folder.mkdir()
    with pytest.raises(storage.StorageError, match="kan niet worden geopend"):
        storage.connect(folder)


def test_hostile_text_cannot_inject_sql(db, round_row):
    """Every value goes in as a parameter: a quote in a text or id changes nothing else."""
    _submit(
        db, round_row, {"answers": {"inw_meedenken": 3}, "open": {"open_goed": "x'); DELETE FROM rounds;--"}}
    )
    token = codes.token_hash("x'); DROP TABLE responses;--")
    assert storage.get_response_by_token_hash(db, token) is None
    assert db.execute("SELECT COUNT(*) FROM rounds").fetchone()[0] == 1
    assert {"rounds", "responses", "answers"} <= set(db.table_names())


def test_the_security_page_names_only_tests_that_exist():
    """docs/security.md lists the tests that try each attack; a renamed or removed test must not linger."""
    import re

    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    missing, current = [], None
    for match in re.finditer(r"((?:\w+/)?test_\w+\.py)?::(\w+)", text):
        current = match.group(1) or current
        source = (ROOT / "tests" / current).read_text(encoding="utf-8")
        if not re.search(rf"^(?:async )?def {match.group(2)}\(", source, flags=re.M):
            missing.append(f"{current}::{match.group(2)}")
    assert not missing, f"docs/security.md names tests that do not exist: {missing}"
    assert len(re.findall(r"::test_", text)) > 50, "the table of part 2 is there"

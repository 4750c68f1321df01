"""The Quick Scan on paper: one printable form per group, with exactly the questions that group gets."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from dia_scan import storage
from dia_scan.admin.cli import main
from dia_scan.quickscan import paper_form, rounds
from tests.conftest import TESTS

ARTIFACTS = TESTS / "artifacts"
MAATWERK = "De raad legt <b>uit</b> wat hij met **onze** inbreng doet 🙂 \u202e."

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")


@pytest.fixture
def created(db, catalog, organisation_id):
    return rounds.create_round(
        db,
        catalog,
        organisation_id=organisation_id,
        instrument_id="quickscan-gemeente",
        title="Quick Scan op papier",
        custom_questions=[{"kind": "stelling", "text": MAATWERK, "groups": ["inwoners"]}],
    )


def _text(data: bytes, tmp_path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def _form(db, created, group: str) -> bytes:
    row = storage.get_round(db, created.round_id)
    return paper_form.questionnaire_pdf(
        rounds.round_instrument(db, row),
        title=row.title,
        organisation=row.organisation_name,
        group_id=group,
    )


@pytest.mark.parametrize("group", ["raad", "inwoners"])
def test_a_form_holds_exactly_its_groups_questions_with_their_columns(db, created, tmp_path, group):
    instrument = rounds.round_instrument(db, storage.get_round(db, created.round_id))
    text = _text(_form(db, created, group), tmp_path, group)
    label = next(g.label for g in instrument.groups if g.id == group)
    assert f"vragenlijst voor: {label}" in text
    assert "zet uw naam er niet op" in text
    mine = {s.id for _, s in instrument.statements_for(group)}
    for _, statement in instrument.statements():
        words = " ".join(statement.text.split()[:6])
        if statement.id in mine:
            assert f"kolom {statement.id}" in text, statement.id
            assert words in text, statement.text
        else:
            assert f"kolom {statement.id} " not in text + " ", f"{statement.id} is not for {group}"
    for question in instrument.open_questions:
        assert (f"kolom {question.id}" in text) == (question in instrument.open_questions_for(group))
    for theme in instrument.themes:
        if not theme.custom:
            assert f"prioriteiten: {theme.id}" in text
            assert theme.explanation, theme.id
            assert " ".join(theme.explanation.split()[:6]) in text, (
                "each theme is explained, as on the screen"
            )
    assert "Neutraal" in text and "Weet niet" in text, "the answer columns are labelled"


@pytest.mark.parametrize("group", ["raad", "inwoners"])
def test_a_form_ends_with_its_groups_over_u_questions(db, created, tmp_path, group):
    instrument = rounds.round_instrument(db, storage.get_round(db, created.round_id))
    text = _text(_form(db, created, group), tmp_path, group)
    assert "Over u (niet verplicht)" in text
    assert "We tellen deze antwoorden apart" in text
    last_open = instrument.open_questions_for(group)[-1]
    assert text.index(f"kolom {last_open.id}") < text.index("Over u (niet verplicht)"), "after the open ones"
    mine = instrument.background_for(group)
    assert mine, f"{group} gets questions about themselves"
    for question in instrument.background:
        shown = f"kolom over_u:{question.id}" in text
        assert shown == (question in mine), question.id
        assert (question.text in text) == (question in mine), question.text
        if question in mine:
            part = text[text.index(question.text) :]
            for option in question.options:
                assert option.label in part, option.label
    assert ("Hbo of universiteit" in text) == (group == "inwoners"), "opleiding is asked to inwoners only"


def test_typed_text_is_printed_as_typed(db, created, tmp_path):
    # markup stays text; a character the font lacks (the emoji) is left out instead of failing the form
    text = _text(_form(db, created, "inwoners"), tmp_path, "inwoners")
    assert "<b>uit</b>" in text and "**onze**" in text


def test_the_form_is_a_few_a4_pages_and_page_one_can_be_looked_at(db, created, tmp_path):
    data = _form(db, created, "raad")
    path = tmp_path / "raad.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 3 <= pages <= 6, pages
    assert "595.276 x 841.89" in info or "595.28 x 841.89" in info, "A4"
    if shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        target = ARTIFACTS / "paper_form_page1"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(path), str(target)],
            check=True,
        )


def test_an_unknown_group_gets_a_dutch_message(db, created):
    with pytest.raises(paper_form.PaperFormError, match="bestaat niet"):
        _form(db, created, "bestuur")


def test_the_command_line_writes_the_form(db, db_path, created, tmp_path, capsys):
    out = tmp_path / "raad.pdf"
    code = created.join_code
    assert main(["paper-form", "--db", str(db_path), "--round", code, "--group", "raad", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF") and "Vragenlijst geschreven" in capsys.readouterr().out
    assert main(["paper-form", "--db", str(db_path), "--round", code, "--group", "bestuur"]) == 1
    assert "bestaat niet" in capsys.readouterr().err

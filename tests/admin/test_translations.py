"""The gettext catalogues in dia_scan/locale are complete and match the code (run `dia-scan translations`
after changing an interface string, then translate what is new)."""

from __future__ import annotations

import shutil

import pytest
from babel.messages.pofile import read_po, write_po

from dia_scan.admin import translations
from dia_scan.core import i18n


def test_the_catalogues_are_complete_and_up_to_date():
    assert translations.check() == []


@pytest.fixture
def locale_copy(tmp_path, monkeypatch):
    copy = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, copy)
    monkeypatch.setattr(i18n, "LOCALE_DIR", copy)
    return copy


def _edit_po(path, change) -> None:
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="fy")
    change(catalog)
    with path.open("wb") as handle:
        write_po(handle, catalog)


def test_a_string_missing_from_a_catalogue_is_reported(locale_copy):
    po = locale_copy / "fy" / "LC_MESSAGES" / "messages.po"
    _edit_po(po, lambda catalog: catalog.delete("Volgende"))
    problems = translations.check()
    assert "fy: niet in de catalogus: Volgende" in problems


def test_an_empty_or_fuzzy_translation_is_reported(locale_copy):
    po = locale_copy / "fy" / "LC_MESSAGES" / "messages.po"

    def change(catalog):
        catalog["Volgende"].string = ""
        catalog["Vorige"].flags.add("fuzzy")

    _edit_po(po, change)
    problems = translations.check()
    assert "fy: niet (zeker) vertaald: Volgende" in problems
    assert "fy: niet (zeker) vertaald: Vorige" in problems


def test_a_compiled_file_older_than_its_po_is_reported(locale_copy):
    po = locale_copy / "en" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8").replace('msgstr "Next"', 'msgstr "Onward"')
    po.write_text(text, encoding="utf-8")
    assert any("en: messages.mo is niet bijgewerkt" in p for p in translations.check())


def test_update_writes_what_check_wants(locale_copy):
    po = locale_copy / "en" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8").replace('msgstr "Next"', 'msgstr "Onward"')
    po.write_text(text, encoding="utf-8")
    assert translations.update() == []
    assert 'msgstr "Onward"' in po.read_text(encoding="utf-8")


def test_validate_lists_per_language_what_is_not_translated(tmp_path, capsys):
    from dia_scan.admin.cli import main as cli_main

    source = translations.ROOT / "questions" / "quickscan.yaml"
    text = source.read_text(encoding="utf-8")
    english = "          text: The municipal council states clearly in advance what it wants to achieve with important plans.\n"
    assert english in text
    copy = tmp_path / "quickscan.yaml"
    copy.write_text(text.replace("        en:\n" + english, "", 1), encoding="utf-8")
    assert cli_main(["validate", str(copy)]) == 0  # a missing translation is not an error: Dutch is shown
    out = capsys.readouterr().out
    assert "    fy: alles vertaald (nog niet nagekeken)" in out
    assert "    en: 1 plaats nog niet vertaald, daar staat Nederlands:" in out
    assert "      themes.krachtige_raad.statements.raad_kaders: text" in out


def test_validate_lists_an_untranslated_ready_made_question_and_phase_name(tmp_path, capsys):
    from dia_scan.admin.cli import main as cli_main

    root = translations.ROOT / "questions"
    scan = (root / "quickscan.yaml").read_text(encoding="utf-8")
    frysk = "    fy:\n      text: It is dúdlik wa't wat betellet by de enerzjyplannen fan de gemeente.\n"
    assert frysk in scan
    (tmp_path / "quickscan.yaml").write_text(scan.replace(frysk, "", 1), encoding="utf-8")
    checklist = (root / "inclusiviteit.yaml").read_text(encoding="utf-8")
    english = "    en:\n      label: preparation\n"
    assert english in checklist
    (tmp_path / "inclusiviteit.yaml").write_text(checklist.replace(english, "", 1), encoding="utf-8")

    assert cli_main(["validate", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "      suggested_custom_questions.mw_energie_kosten: text" in out
    assert "      phase_names.voorbereiding: label" in out
    assert out.count("1 plaats nog niet vertaald") == 2  # the gemeente's fy and the checklist's en

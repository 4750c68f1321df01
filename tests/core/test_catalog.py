"""The catalog refuses broken YAML with one line per problem naming file, line and id."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from dia_scan.admin.cli import main as cli_main
from dia_scan.core.catalog import CatalogError, load_catalog, load_document
from dia_scan.core.model import Checklist, QuickScan
from tests.conftest import QUESTIONS

QUICKSCAN = QUESTIONS / "quickscan.yaml"


def _with_version_line(text: str, replacement: str) -> str:
    """The top-level 'version: N' line replaced (the 'changes' entries have an indented one)."""
    return re.sub(r"^version: \d+$", replacement, text, count=1, flags=re.MULTILINE)


def _lines() -> list[str]:
    return QUICKSCAN.read_text(encoding="utf-8").splitlines(keepends=True)


def _line_no(lines: list[str], needle: str) -> int:
    return next(i for i, line in enumerate(lines) if needle in line) + 1


def _first_statement_id() -> str:
    data = yaml.safe_load(QUICKSCAN.read_text(encoding="utf-8"))
    return data["themes"][0]["statements"][0]["id"]


def _broken(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "quickscan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(CatalogError) as info:
        load_catalog([path])
    return [str(p) for p in info.value.problems]


def test_shipped_questions_are_valid(catalog):
    assert isinstance(catalog.get("quickscan-gemeente"), QuickScan)
    assert isinstance(catalog.get("inclusiviteit"), Checklist)
    assert catalog.advice is not None
    gemeente = catalog.get("quickscan-gemeente")
    assert [g.id for g in gemeente.groups] == ["raad", "college", "organisatie", "inwoners"]
    assert len(gemeente.themes) == 9
    for theme in gemeente.themes:
        assert 4 <= len(theme.statements) <= 8, theme.id
        for group in gemeente.groups:  # no screen of more than 7 statements
            assert len([s for s in theme.statements if not s.groups or group.id in s.groups]) <= 7
        for s in theme.statements:
            assert s.kernwaarden, s.id
    assert any(s.reverse for _, s in gemeente.statements())
    assert gemeente.priorities is not None and gemeente.priorities.max_choices == 3
    assert 2 <= len(gemeente.open_questions) <= 3


def test_every_theme_and_dimension_has_advice(catalog):
    for inst in catalog.instruments.values():
        targets = (
            [t.id for t in inst.themes] if isinstance(inst, QuickScan) else [d.id for d in inst.dimensions]
        )
        for target in targets:
            assert catalog.advice.tips_for(target), f"{inst.id}: geen advies voor {target}"


def test_every_tip_resource_names_its_source(catalog):
    for resource in catalog.advice.resources:
        assert resource.source.strip()


def test_bad_yaml_syntax_names_file_and_line(tmp_path):
    lines = _lines()
    target = _line_no(lines, "themes:") + 2
    lines[target - 1] = lines[target - 1].rstrip("\n") + ": [unclosed\n"
    problems = _problems(_broken(tmp_path, "".join(lines)))
    assert len(problems) == 1
    assert "quickscan.yaml:" in problems[0]
    assert "YAML-opmaak" in problems[0]


def test_missing_field_names_the_statement(tmp_path):
    sid = _first_statement_id()
    lines = _lines()
    idx = _line_no(lines, f"id: {sid}")
    # drop the statement's text line (the next line that starts with "text:" after the id)
    text_line = next(i for i in range(idx, len(lines)) if lines[i].strip().startswith("text:"))
    del lines[text_line]
    problems = _problems(_broken(tmp_path, "".join(lines)))
    assert any(f"'{sid}'" in p and "'text' ontbreekt" in p for p in problems), problems
    assert all(p.startswith(str(tmp_path.name)) or "quickscan.yaml:" in p for p in problems)


def test_wrong_type(tmp_path):
    text = _with_version_line(QUICKSCAN.read_text(encoding="utf-8"), "version: een")
    problems = _problems(_broken(tmp_path, text))
    assert any("'version' moet een geheel getal zijn" in p for p in problems), problems
    line = _line_no(text.splitlines(), "version: een")
    assert any(f"quickscan.yaml:{line}:" in p for p in problems), problems


def test_duplicate_id(tmp_path):
    data = yaml.safe_load(QUICKSCAN.read_text(encoding="utf-8"))
    first = data["themes"][0]["statements"][0]["id"]
    second = data["themes"][1]["statements"][0]["id"]
    text = QUICKSCAN.read_text(encoding="utf-8").replace(f"id: {second}\n", f"id: {first}\n", 1)
    problems = _problems(_broken(tmp_path, text))
    assert any(f"'{first}'" in p and "komt vaker voor" in p for p in problems), problems
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if f"id: {first}" in ln and i > 1 and ln != "")
    assert any(":" in p.split(" ")[0] for p in problems)
    assert line > 0


def test_undefined_scale_group_and_kernwaarde_are_all_reported(tmp_path):
    sid = _first_statement_id()
    lines = _lines()
    idx = _line_no(lines, f"id: {sid}")
    indent = lines[idx - 1][: len(lines[idx - 1]) - len(lines[idx - 1].lstrip())] + "  "
    lines.insert(idx, f"{indent}scale: likert7\n")
    text = "".join(lines)
    # an undefined group elsewhere too
    text = text.replace("- inwoners\n", "- burgers\n", 1) if "- inwoners\n" in text else text
    problems = _problems(_broken(tmp_path, text))
    assert any(f"stelling '{sid}'" in p and "antwoordschaal 'likert7' bestaat niet" in p for p in problems), (
        problems
    )
    assert any(f"quickscan.yaml:{idx + 1} " in p for p in problems), problems


def test_reference_to_undefined_theme_in_advice(tmp_path):
    for f in QUESTIONS.glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    advies = tmp_path / "advies.yaml"
    text = advies.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    target = data["advice"][0]["applies_to"][0]
    advies.write_text(text.replace(f"- {target}\n", "- bestaat_niet\n", 1), encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path)
    messages = [str(p) for p in info.value.problems]
    assert any("advies.yaml:" in m and "'bestaat_niet' bestaat in geen instrument" in m for m in messages), (
        messages
    )


def test_unknown_field_and_duplicate_key(tmp_path):
    text = _with_version_line(QUICKSCAN.read_text(encoding="utf-8"), "version: 2\nversie: 3")
    problems = _problems(_broken(tmp_path, text))
    assert any("onbekend veld 'versie'" in p for p in problems), problems
    text = _with_version_line(QUICKSCAN.read_text(encoding="utf-8"), "version: 2\nversion: 3")
    problems = _problems(_broken(tmp_path, text))
    assert any("'version' staat twee keer" in p for p in problems), problems


def test_hostile_yaml_is_not_executed_and_size_is_limited(tmp_path):
    evil = _broken(tmp_path, "kind: quickscan\nid: !!python/object/apply:os.system ['echo hacked']\n")
    problems = _problems(evil)
    assert problems and "YAML-opmaak" in problems[0]
    huge = tmp_path / "huge.yaml"
    huge.write_text("a: " + "x" * 1_100_000, encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_document(huge)
    assert "te groot" in str(info.value)


def test_nothing_half_loads(tmp_path):
    for f in QUESTIONS.glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / "inclusiviteit.yaml").write_text("kind: checklist\nid: inclusiviteit\n", encoding="utf-8")
    with pytest.raises(CatalogError):
        load_catalog(tmp_path)


def test_new_instrument_with_other_groups_and_scale_loads_without_code(tmp_path):
    text = """
kind: quickscan
id: proef
version: 3
title: Proefinstrument
description: Een instrument met andere groepen en een zevenpuntsschaal.
default_scale: zeven
scales:
  - id: zeven
    label: Zevenpunts
    points: [{value: 1, label: a}, {value: 2, label: b}, {value: 3, label: c}, {value: 4, label: d},
             {value: 5, label: e}, {value: 6, label: f}, {value: 7, label: g}]
groups:
  - {id: bestuur, label: Bestuur, side: binnenkant}
  - {id: jongeren, label: Jongeren, side: buitenkant}
themes:
  - id: thema_een
    title: Thema een
    short: Een
    description: Iets.
    statements:
      - {id: st_een, text: Dit is een stelling.}
"""
    inst = load_document(_broken(tmp_path, text))
    assert isinstance(inst, QuickScan)
    assert inst.scale_of(inst.statements()[0][1]).max == 7
    assert inst.group_ids == ["bestuur", "jongeren"]


def test_cli_validate_exit_codes(tmp_path, capsys):
    assert cli_main(["validate", str(QUESTIONS)]) == 0
    text = QUICKSCAN.read_text(encoding="utf-8").replace("default_scale: eens5", "default_scale: likert7", 1)
    broken = _broken(tmp_path, text)
    assert cli_main(["validate", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "quickscan.yaml:" in err and "likert7" in err


def test_a_wrong_group_in_a_background_question_names_the_question(tmp_path):
    text = QUICKSCAN.read_text(encoding="utf-8")
    marker = "  - id: opleiding\n"
    start = text.index(marker)
    broken = text[:start] + text[start:].replace("groups: [inwoners]", "groups: [inwonerz]", 1)
    problems = _problems(_broken(tmp_path, broken))
    line = _line_no(broken.splitlines(), "groups: [inwonerz]")
    assert any(
        f"quickscan.yaml:{line}" in p
        and "vraag over uzelf 'opleiding', groep nr. 1" in p
        and "'inwonerz'" in p
        for p in problems
    ), problems


def test_a_wrong_group_in_a_suggested_custom_question_names_the_question(tmp_path):
    text = QUICKSCAN.read_text(encoding="utf-8")
    marker = "  - id: mw_kernen_raad\n"
    start = text.index(marker)
    broken = text[:start] + text[start:].replace("groups: [raad, college, organisatie]", "groups: [raden]", 1)
    problems = _problems(_broken(tmp_path, broken))
    assert any("kant-en-klare maatwerkvraag 'mw_kernen_raad'" in p and "'raden'" in p for p in problems), (
        problems
    )


def test_a_criterion_phase_must_be_one_of_the_checklist_phases(tmp_path):
    text = (QUESTIONS / "inclusiviteit.yaml").read_text(encoding="utf-8")
    broken = text.replace("phases: [afronding]", "phases: [afgerond]", 1)
    path = tmp_path / "inclusiviteit.yaml"
    path.write_text(broken, encoding="utf-8")
    problems = _problems(path)
    line = _line_no(broken.splitlines(), "phases: [afgerond]")
    assert any(f"inclusiviteit.yaml:{line}" in p and "fase 'afgerond' bestaat niet" in p for p in problems), (
        problems
    )


def test_a_phase_name_must_name_one_of_the_checklist_phases(tmp_path):
    text = (QUESTIONS / "inclusiviteit.yaml").read_text(encoding="utf-8")
    broken = text.replace(
        "  - id: afronding\n    label: afronding\n", "  - id: afgerond\n    label: afronding\n", 1
    )
    assert broken != text
    path = tmp_path / "inclusiviteit.yaml"
    path.write_text(broken, encoding="utf-8")
    problems = _problems(path)
    line = _line_no(broken.splitlines(), "  - id: afgerond")
    assert any(f"inclusiviteit.yaml:{line}" in p and "fase 'afgerond' bestaat niet" in p for p in problems), (
        problems
    )


def test_a_phase_is_named_in_the_language_of_the_checklist_and_by_itself_without_a_name():
    from dia_scan.core import i18n

    checklist = load_catalog(QUESTIONS).get("inclusiviteit")
    assert checklist.phase_label("voorbereiding") == "voorbereiding"
    assert i18n.localise(checklist, "fy").phase_label("voorbereiding") == "tarieding"
    assert i18n.localise(checklist, "en").phase_label("afronding") == "completion"
    nameless = checklist.model_copy(update={"phase_names": []})
    assert i18n.localise(nameless, "en").phase_label("uitvoering") == "uitvoering"

"""The README and docs stay in step with the code: every documented command and document exists."""

from __future__ import annotations

import re
from pathlib import Path

from dia_scan.admin.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _subcommands() -> set[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return set(action.choices)


def test_every_documented_command_exists_and_every_command_is_documented():
    documented = set(re.findall(r"^dia-scan ([a-z-]+)", README, flags=re.MULTILINE))
    assert documented, "the README shows no dia-scan commands"
    assert documented <= _subcommands(), documented - _subcommands()
    assert _subcommands() <= documented, _subcommands() - documented


def test_documented_options_exist():
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    for line in re.findall(r"^dia-scan .*$", README, flags=re.MULTILINE):
        name = line.split()[1]
        options = {o for a in action.choices[name]._actions for o in a.option_strings}
        for option in re.findall(r"(--[a-z-]+)", line.split("#")[0]):
            assert option in options, f"{name}: {option} is documented but does not exist"


def test_linked_documents_exist():
    for link in re.findall(r"\]\(([^)#]+)\)", README):
        if "://" not in link:
            assert (ROOT / link).exists(), link


def test_the_two_commands_are_in_the_makefile():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, flags=re.MULTILINE)
    assert re.search(r"^test:", makefile, flags=re.MULTILINE)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_test_named_in_the_security_page_exists():
    """docs/security.md names the test behind every attack it lists; each of them must exist."""
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    current = None
    named = []
    for path, name in re.findall(r"((?:\w+/)?test_\w+\.py)?::(test_\w+)", text):
        current = path or current
        assert current, name
        named.append((current, name))
    assert len(named) > 50
    for path, name in named:
        source = (ROOT / "tests" / path).read_text(encoding="utf-8")
        assert re.search(rf"^def {name}\(", source, flags=re.MULTILINE), f"{path}::{name}"


def test_the_facilitators_guide_names_real_screens_and_labels():
    """docs/handleiding.md names screens in bold and buttons and choices in italics: each must exist."""
    guide = (ROOT / "docs" / "handleiding.md").read_text(encoding="utf-8")
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    screens = set(re.findall(r'[ (]title="([^"]+)"', app))
    assert len(screens) == 11
    for title in screens:
        assert f"**{title}**" in guide, f"the guide does not mention the screen {title}"
    sources = " ".join(
        " ".join(p.read_text(encoding="utf-8").split())
        for folder in ("views", "dia_scan")
        for p in (ROOT / folder).rglob("*.py")
    )
    labels = re.findall(r"(?<![*\w])\*([^*\n][^*]*?)\*(?![*\w])", " ".join(guide.split()))
    assert len(labels) > 20
    for label in labels:
        assert label in sources, f"the guide names '{label}', which no screen shows"

"""The gettext catalogues of the interface strings: extract them from the code, update the ``.po`` files,
compile the ``.mo`` files the app reads, and check that all of it is complete and up to date.

``dia-scan translations`` does the first three (after changing a string in the code, then translate what
is new in the ``.po`` files and run it again); ``dia-scan translations --check`` (and the tests) the last.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from dia_scan.core import i18n

ROOT = Path(__file__).resolve().parents[2]
#: Where interface strings live: the package and the screens.
SOURCES = ("dia_scan", "views")
#: The functions whose string arguments are interface strings (argument positions as Babel counts them).
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "gettext_in": (2,), "ngettext_in": (2, 3)}
#: Dates in the file headers stay fixed, so that running the update without changes changes no file.
_FIXED_DATE = datetime(2026, 12, 1, tzinfo=UTC)


def extract() -> Catalog:
    """Every interface string in the code, as a template catalogue (no line numbers: stable files)."""
    template = Catalog(project="DiA Scan", locale=None, fuzzy=False, creation_date=_FIXED_DATE)
    for source in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / source, keywords=KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True
        ):
            template.add(
                message, None, [(f"{source}/{filename}", lineno)], auto_comments=comments, context=context
            )
    return template


def _po_path(language: str) -> Path:
    return i18n.LOCALE_DIR / language / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"


def _read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def _write_po(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=110, no_location=True, omit_header=False, sort_output=True)
    path.write_bytes(buffer.getvalue())


def _mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def update() -> list[str]:
    """Write the template, bring every language's ``.po`` up to date with it and compile the ``.mo``.
    Returns what still needs a translator (the same as ``check``)."""
    template = extract()
    _write_po(i18n.LOCALE_DIR / f"{i18n.DOMAIN}.pot", template)
    for language in i18n.TRANSLATION_LANGUAGES:
        path = _po_path(language)
        catalog = (
            _read(path, language)
            if path.exists()
            else Catalog(locale=language, project="DiA Scan", fuzzy=False, revision_date=_FIXED_DATE)
        )
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        _write_po(path, catalog)
        path.with_suffix(".mo").write_bytes(_mo_bytes(catalog))
    return check()


def check() -> list[str]:
    """What is out of date or missing: strings in the code that a catalogue lacks (or the reverse),
    strings without a translation, and compiled files that differ from their ``.po``."""
    problems = []
    wanted = {m.id for m in extract() if m.id}
    for language in i18n.TRANSLATION_LANGUAGES:
        path = _po_path(language)
        if not path.exists():
            problems.append(f"{language}: {path.name} ontbreekt")
            continue
        catalog = _read(path, language)
        have = {m.id for m in catalog if m.id}
        problems += [f"{language}: niet in de catalogus: {_text(m)}" for m in sorted(wanted - have, key=str)]
        problems += [f"{language}: niet meer in de code: {_text(m)}" for m in sorted(have - wanted, key=str)]
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(strings):
                problems.append(f"{language}: niet (zeker) vertaald: {_text(message.id)}")
        mo = path.with_suffix(".mo")
        if not mo.exists() or _compiled(mo) != _compiled_from(catalog):
            problems.append(f"{language}: {mo.name} is niet bijgewerkt (draai dia-scan translations)")
    return problems


def _compiled(path: Path) -> dict:
    with path.open("rb") as handle:
        return _strings(read_mo(handle))


def _compiled_from(catalog: Catalog) -> dict:
    return _strings(read_mo(io.BytesIO(_mo_bytes(catalog))))


def _strings(catalog: Catalog) -> dict:
    def hashable(value: object) -> object:
        return tuple(value) if isinstance(value, list) else value

    return {hashable(m.id): hashable(m.string) for m in catalog if m.id}


def _text(message_id: object) -> str:
    text = message_id[0] if isinstance(message_id, tuple) else str(message_id)
    return text if len(text) <= 70 else text[:67] + "..."

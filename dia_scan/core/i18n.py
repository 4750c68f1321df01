"""Languages for participants: Dutch (the source), Frysk and English.

Two kinds of text are translated, each in its own place:

- interface strings (buttons, headings, help) through gettext catalogues in ``dia_scan/locale/``,
  extracted and compiled with Babel (see docs/talen.md);
- instrument texts (statements, themes, groups, ...) in ``questions/*.yaml``, next to the Dutch text
  (``en: {text: ...}``); ``localise`` puts them in place and leaves Dutch where a translation is missing.

Answers do not depend on the language: ids and values stay the same, so results count everyone together.
"""

from __future__ import annotations

import functools
import gettext
import threading
from datetime import date
from pathlib import Path
from typing import Any

from babel.dates import format_date
from pydantic import BaseModel

from dia_scan.core.errors import ServiceError, dutch
from dia_scan.core.model import TRANSLATION_LANGUAGES

SOURCE = "nl"
LANGUAGES = (SOURCE, *TRANSLATION_LANGUAGES)
#: Each language by its own name, as a participant looks for it.
NAMES = {"nl": "Nederlands", "fy": "Frysk", "en": "English"}
#: Each language as a Dutch sentence names it ("in het Fries"), for the organisers' screens.
DUTCH_NAMES = {"nl": "Nederlands", "fy": "Fries", "en": "Engels"}
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "messages"


def N_(message: str) -> str:
    """Marks a message for the catalogues where it is defined (a service's message a participant may see);
    the screen translates it where it is shown."""
    return message


def normalise(language: object) -> str | None:
    """A known language code from text such as ``?lang=FY`` or ``en``; None for anything else."""
    code = str(language or "").strip().lower()[:5]
    return code if code in LANGUAGES else None


def parse_list(text: str | None) -> list[str]:
    """Languages stored as ``nl,fy``: Dutch always first and always there, unknown codes left out."""
    chosen = {normalise(part) for part in (text or "").split(",")}
    return [language for language in LANGUAGES if language == SOURCE or language in chosen]


def format_list(languages: list[str] | tuple[str, ...]) -> str:
    return ",".join(parse_list(",".join(languages)))


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of a language; Dutch (and a missing catalogue) give the Dutch strings."""
    if language == SOURCE or language not in LANGUAGES:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def gettext_in(language: str, message: str) -> str:
    return translations(language).gettext(message)


def ngettext_in(language: str, singular: str, plural: str, n: int) -> str:
    return translations(language).ngettext(singular, plural, n)


def error_in(language: str, err: ServiceError) -> str:
    """A service's message in ``language``: its Dutch template through the catalogue, then its values
    (a date written out in that language). Dutch, or a template without a translation, gives ``str(err)``."""
    template = getattr(err, "template", None) or str(err)
    values = getattr(err, "values", {})
    text = gettext_in(language, template)
    if not values:
        return text
    return text.format(**{name: value_in(language, value) for name, value in values.items()})


def value_in(language: str, value: object) -> object:
    """A value as it stands in a message in ``language``: a date written out ("2 March 2026"), a word
    in the language where the catalogue has it."""
    if language not in TRANSLATION_LANGUAGES:
        return dutch(value)
    if isinstance(value, str):
        return (
            gettext_in(language, value) if value else value
        )  # a word marked with N_ ("deelnamecode"); other text stays
    if not isinstance(value, date):
        return value
    written = format_date(value, "d MMMM y", locale=language)
    # Frisian writes the months in lower case (as Dutch does); the CLDR data capitalises them.
    return written.lower() if language == "fy" else written


# -- instrument texts ------------------------------------------------------------------------------


def localise(model: Any, language: str, table: dict[tuple, dict[str, str]] | None = None) -> Any:
    """The content with its texts in ``language`` wherever a translation exists (Dutch otherwise).

    ``table`` (from ``translation_table``) supplies the translations instead of the model's own, for a
    round's stored snapshot of an instrument version whose translations were written later.
    """
    if language not in TRANSLATION_LANGUAGES:
        return model
    return _localise(model, language, table, ())


def _localise(value: Any, language: str, table: dict | None, path: tuple) -> Any:
    if isinstance(value, list):
        return [_localise(item, language, table, path + (_key(item, i),)) for i, item in enumerate(value)]
    if not isinstance(value, BaseModel):
        return value
    update: dict[str, Any] = {}
    for name in type(value).model_fields:
        child = getattr(value, name)
        if isinstance(child, (BaseModel, list)):
            new = _localise(child, language, table, path + (name,))
            if new is not child:
                update[name] = new
    own = table.get(path, {}) if table is not None else _translation_of(value, language)
    for name, text in own.items():
        if getattr(value, name, None) is not None:
            update[name] = text
    return value.model_copy(update=update) if update else value


def localise_version(model: Any, language: str, current: Any | None) -> Any:
    """``localise`` for a stored snapshot of an instrument version: translations come from ``current``
    (the catalog's instrument) when it is the same id and version, since translations are often written
    after a version was first used; the Dutch, and so the meaning, of one version never changes."""
    if language not in TRANSLATION_LANGUAGES:
        return model
    key = (id(model), id(current), language)
    hit = _LOCALISED.get(key)
    if hit is not None and hit[0] is model and hit[1] is current:
        return hit[2]
    table = translation_table(current, language) if same_version(model, current) else None
    result = localise(model, language, table)
    with _LOCALISED_LOCK:  # sessions run in threads
        if len(_LOCALISED) >= _LOCALISED_MAX:
            _LOCALISED.pop(next(iter(_LOCALISED)))
        _LOCALISED[key] = (model, current, result)
    return result


# Every rerun of a participant's screen asks for the same (frozen, cached) snapshot in the same language;
# localising costs a few milliseconds, so the last results are kept, keyed by the objects themselves.
_LOCALISED: dict[tuple[int, int, str], tuple[Any, Any, Any]] = {}
_LOCALISED_MAX = 32
_LOCALISED_LOCK = threading.Lock()


def unreviewed(model: Any, language: str, current: Any | None = None) -> bool:
    """Whether no native speaker has checked ``language`` in this instrument yet."""
    if language not in TRANSLATION_LANGUAGES:
        return False
    source = current if same_version(model, current) else model
    return language in getattr(source, "unreviewed_languages", ())


def same_version(model: Any, current: Any | None) -> bool:
    """Whether ``current`` (the catalog's instrument) is the version ``model`` (a stored snapshot) is of."""
    return (
        current is not None
        and getattr(current, "id", None) == getattr(model, "id", None)
        and getattr(current, "version", None) == getattr(model, "version", None)
    )


def translation_table(model: Any, language: str) -> dict[tuple, dict[str, str]]:
    """Every translation in ``model`` for ``language``, by its place (field names and ids)."""
    table: dict[tuple, dict[str, str]] = {}
    for path, item in _walk(model, ()):
        own = _translation_of(item, language)
        if own:
            table[path] = dict(own)
    return table


def missing(model: Any, language: str) -> list[str]:
    """Where a text participants read has no translation in ``language``, as ``place: field`` lines."""
    lines = []
    for path, item in _walk(model, ()):
        fields = getattr(type(item), "translatable", ())
        own = _translation_of(item, language)
        absent = [f for f in fields if getattr(item, f, None) is not None and f not in own]
        if absent:
            lines.append(f"{'.'.join(str(p) for p in path) or '(instrument)'}: {', '.join(absent)}")
    return lines


def _walk(value: Any, path: tuple):
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, path + (_key(item, i),))
        return
    if not isinstance(value, BaseModel):
        return
    yield path, value
    for name in type(value).model_fields:
        child = getattr(value, name)
        if isinstance(child, (BaseModel, list)):
            yield from _walk(child, path + (name,))


def _translation_of(item: Any, language: str) -> dict[str, str]:
    translation = getattr(item, "translation", None)
    return translation(language) if callable(translation) else {}


def _key(item: Any, index: int) -> object:
    """An item's place in its list: its id, or a scale point's value, else its position."""
    for name in ("id", "value"):
        key = getattr(item, name, None)
        if key is not None:
            return key
    return index

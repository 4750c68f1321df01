"""Load and validate ``questions/*.yaml``.

Every problem is reported as one line naming the file, the line and the id of the entry, in words a
content editor understands, e.g.::

    questions/quickscan.yaml:42 stelling 'raad_kaders': antwoordschaal 'likert7' bestaat niet

Nothing half-loads: a catalog with any problem raises :class:`CatalogError` with all problems.
YAML is read with the safe loader only, and files above a size limit are refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import TypeAdapter, ValidationError

from dia_scan.core.model import Advice, Checklist, ContentError, Instrument, QuickScan

MAX_FILE_BYTES = 1_000_000
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "questions"

_ENTITY = {
    "themes": "thema",
    "statements": "stelling",
    "groups": "groep",
    "scales": "antwoordschaal",
    "points": "schaalpunt",
    "kernwaarden": "kernwaarde",
    "open_questions": "open vraag",
    "background": "vraag over uzelf",
    "dimensions": "dimensie",
    "criteria": "criterium",
    "options": "antwoordoptie",
    "resources": "bron",
    "advice": "advies",
    "tips": "tip",
    "changes": "wijziging",
    "suggested_custom_questions": "kant-en-klare maatwerkvraag",
}
_KINDS = {"quickscan", "checklist", "advies"}
_instrument_adapter: TypeAdapter = TypeAdapter(Instrument)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    where: str  # e.g. "stelling 'raad_kaders'", or "" at the top of the file
    message: str

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        return f"{place} {self.where}: {self.message}" if self.where else f"{place}: {self.message}"


class CatalogError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Catalog:
    instruments: dict[str, QuickScan | Checklist] = field(default_factory=dict)
    advice: Advice | None = None
    files: dict[str, Path] = field(default_factory=dict)  # instrument id -> file

    def quickscans(self) -> list[QuickScan]:
        return [i for i in self.instruments.values() if isinstance(i, QuickScan)]

    def checklists(self) -> list[Checklist]:
        return [i for i in self.instruments.values() if isinstance(i, Checklist)]

    def get(self, instrument_id: str) -> QuickScan | Checklist:
        return self.instruments[instrument_id]


# -- public API ----------------------------------------------------------------------------------


def load_document(path: Path, display: str | None = None) -> QuickScan | Checklist | Advice:
    """Load and validate one YAML file; raise CatalogError listing every problem in it."""
    name = display or _display(path)
    data, node = _read_yaml(path, name)
    problems = _validate(data, node, name)
    if problems:
        raise CatalogError(problems)
    return _build(data)


def load_catalog(paths: list[Path] | Path | None = None) -> Catalog:
    """Load every ``*.yaml`` under the given files or folders (default ``questions/``)."""
    files = _expand(paths)
    problems: list[Problem] = []
    catalog = Catalog()
    docs: list[tuple[Path, str, object]] = []
    if not files:
        raise CatalogError([Problem(str(paths), None, "", "geen YAML-bestanden gevonden")])
    for path in files:
        name = _display(path)
        try:
            docs.append((path, name, load_document(path, name)))
        except CatalogError as err:
            problems.extend(err.problems)
    for path, name, doc in docs:
        if isinstance(doc, Advice):
            if catalog.advice is not None:
                problems.append(Problem(name, 1, "", "er is al een advies-bestand; er mag er maar één zijn"))
            catalog.advice = doc
            continue
        if doc.id in catalog.instruments:
            other = catalog.files[doc.id]
            problems.append(
                Problem(name, 1, f"instrument '{doc.id}'", f"dit id staat ook in {_display(other)}")
            )
            continue
        catalog.instruments[doc.id] = doc
        catalog.files[doc.id] = path
    if catalog.advice is not None and not problems:
        problems.extend(_check_advice_targets(catalog, _advice_file(docs)))
    if problems:
        raise CatalogError(problems)
    return catalog


def parse_instrument_json(data: dict) -> QuickScan | Checklist:
    """Rebuild an instrument from the snapshot a round keeps in the database."""
    return _instrument_adapter.validate_python(data)


# -- reading -------------------------------------------------------------------------------------


def _expand(paths: list[Path] | Path | None) -> list[Path]:
    if paths is None:
        paths = [DEFAULT_DIR]
    if isinstance(paths, (str, Path)):
        paths = [Path(paths)]
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(list(p.glob("*.yaml")) + list(p.glob("*.yml"))))
        else:
            files.append(p)
    return files


def _display(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _read_yaml(path: Path, name: str) -> tuple[object, yaml.Node | None]:
    try:
        size = path.stat().st_size
    except OSError:
        raise CatalogError([Problem(name, None, "", "bestand niet gevonden of niet leesbaar")]) from None
    if size > MAX_FILE_BYTES:
        raise CatalogError(
            [Problem(name, None, "", f"bestand is te groot ({size} bytes; maximaal {MAX_FILE_BYTES})")]
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CatalogError([Problem(name, None, "", "bestand is geen UTF-8-tekst")]) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        duplicates = list(_duplicate_keys(node)) if node is not None else []
        if duplicates:
            raise CatalogError(
                [
                    Problem(name, line, "", f"sleutel '{key}' staat twee keer in hetzelfde blok")
                    for line, key in duplicates
                ]
            )
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        detail = err.problem or "onbekende fout"
        raise CatalogError(
            [
                Problem(
                    name,
                    line,
                    "",
                    f"de YAML-opmaak klopt niet ({detail}); controleer inspringing en dubbele punten",
                )
            ]
        ) from None
    except yaml.YAMLError as err:
        raise CatalogError([Problem(name, None, "", f"de YAML-opmaak klopt niet ({err})")]) from None
    return data, node


def _duplicate_keys(node: yaml.Node):
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    yield key.start_mark.line + 1, key.value
                seen.add(key.value)
            yield from _duplicate_keys(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _duplicate_keys(item)


# -- validation ----------------------------------------------------------------------------------


def _validate(data: object, node: yaml.Node | None, name: str) -> list[Problem]:
    if not isinstance(data, dict):
        return [Problem(name, 1, "", "het bestand moet met velden beginnen (id, kind, version, ...)")]
    kind = data.get("kind")
    if kind not in _KINDS:
        return [
            Problem(
                name,
                _line_of(node, ("kind",)) or 1,
                "",
                "veld 'kind' ontbreekt of is onbekend: kies quickscan, checklist of advies",
            )
        ]
    try:
        _build(data)
    except ValidationError as err:
        return [_problem_from_error(e, data, node, name) for e in _flatten(err)]
    return []


def _build(data: dict) -> QuickScan | Checklist | Advice:
    if data.get("kind") == "advies":
        return Advice.model_validate(data)
    return _instrument_adapter.validate_python(data)


def _flatten(err: ValidationError) -> list[dict]:
    """Pydantic errors; our ContentError (cross references) expands to one error per problem."""
    out: list[dict] = []
    for e in err.errors():
        cause = (e.get("ctx") or {}).get("error")
        loc = tuple(e["loc"])
        # the discriminated union puts the tag ("quickscan") first in the path
        if loc and loc[0] in ("quickscan", "checklist"):
            loc = loc[1:]
        if isinstance(cause, ContentError):
            for sub_loc, message in cause.problems:
                out.append({"loc": loc + tuple(sub_loc), "type": "content", "msg": message})
        else:
            out.append({**e, "loc": loc})
    return out


def _problem_from_error(e: dict, data: dict, node: yaml.Node | None, name: str) -> Problem:
    loc = e["loc"]
    field_name = next((p for p in reversed(loc) if isinstance(p, str)), None)
    line = _line_of(node, loc)
    return Problem(name, line, _where(data, loc), _message(e, field_name))


def _where(data: object, loc: tuple) -> str:
    """Describe the deepest entry with an id along the path, e.g. "stelling 'raad_kaders'"."""
    where = ""
    current = data
    parent_key = None
    for part in loc:
        if isinstance(current, dict) and isinstance(part, str) and part in current:
            parent_key, current = part, current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
            entity = _ENTITY.get(parent_key or "", "onderdeel")
            if isinstance(current, dict) and isinstance(current.get("id"), (str, int)):
                where = f"{entity} '{current['id']}'"
            elif isinstance(current, dict) or not where:
                where = f"{entity} nr. {part + 1}"
            else:  # a plain value in a list (a group id): keep the entry it belongs to
                where = f"{where}, {entity} nr. {part + 1}"
        else:
            break
    return where


def _message(e: dict, field_name: str | None) -> str:
    kind = e.get("type", "")
    ctx = e.get("ctx") or {}
    fld = f"'{field_name}'" if field_name else "dit veld"
    if kind == "content":
        return e["msg"]
    if kind == "missing":
        return f"veld {fld} ontbreekt"
    if kind == "extra_forbidden":
        return f"onbekend veld {fld} (tikfout?)"
    if kind in ("string_type",):
        return f"{fld} moet tekst zijn"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{fld} moet een geheel getal zijn"
    if kind in ("float_type", "float_parsing"):
        return f"{fld} moet een getal zijn"
    if kind in ("bool_type", "bool_parsing"):
        return f"{fld} moet true of false zijn"
    if kind in ("list_type",):
        return f"{fld} moet een lijst zijn (regels die met '-' beginnen)"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{fld} moet een blok met velden zijn"
    if kind == "literal_error":
        return f"{fld} moet een van deze waarden zijn: {ctx.get('expected', '')}"
    if kind == "string_pattern_mismatch":
        return f"{fld} mag alleen kleine letters, cijfers, '_' en '-' bevatten"
    if kind == "string_too_short":
        return f"{fld} mag niet leeg zijn"
    if kind == "string_too_long":
        return f"{fld} is te lang (maximaal {ctx.get('max_length')} tekens)"
    if kind == "too_short":
        return f"{fld} moet minstens {ctx.get('min_length')} onderdeel/onderdelen hebben"
    if kind in ("greater_than", "greater_than_equal"):
        return f"{fld} moet minstens {ctx.get('ge', ctx.get('gt'))} zijn"
    if kind in ("less_than", "less_than_equal"):
        return f"{fld} mag hoogstens {ctx.get('le', ctx.get('lt'))} zijn"
    if kind == "union_tag_invalid":
        return "veld 'kind' is onbekend: kies quickscan, checklist of advies"
    if kind == "value_error":
        return str(ctx.get("error", e.get("msg", "")))
    return e.get("msg", "ongeldige waarde")


def _line_of(node: yaml.Node | None, loc: tuple) -> int | None:
    """Follow the pydantic path through the YAML node tree; the line of the deepest node reached."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    current = node
    for part in loc:
        nxt = None
        if isinstance(current, yaml.MappingNode) and isinstance(part, str):
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode) and key.value == part:
                    nxt = value
                    line = key.start_mark.line + 1
                    break
        elif isinstance(current, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(current.value):
                nxt = current.value[part]
                line = nxt.start_mark.line + 1
        if nxt is None:
            break
        current = nxt
    return line


def _advice_file(docs: list[tuple[Path, str, object]]) -> tuple[Path, str]:
    return next((path, name) for path, name, doc in docs if isinstance(doc, Advice))


def _check_advice_targets(catalog: Catalog, advice_file: tuple[Path, str]) -> list[Problem]:
    path, name = advice_file
    _, node = _read_yaml(path, name)
    known: set[str] = set()
    for inst in catalog.instruments.values():
        if isinstance(inst, QuickScan):
            known.update(t.id for t in inst.themes)
        else:
            known.update(d.id for d in inst.dimensions)
    problems = []
    assert catalog.advice is not None
    for ei, entry in enumerate(catalog.advice.advice):
        for ai, target in enumerate(entry.applies_to):
            if target not in known:
                line = _line_of(node, ("advice", ei, "applies_to", ai))
                where = f"advies bij tip '{entry.tips[0].id}'"
                problems.append(
                    Problem(name, line, where, f"thema of dimensie '{target}' bestaat in geen instrument")
                )
    return problems

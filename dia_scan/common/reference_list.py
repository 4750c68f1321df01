"""The list of organisations a trekker picks from: every gemeente (CBS), the 12 provincies and the 21
waterschappen. The files and their sources are in ``dia_scan/reference/`` (see its README.md).

The gemeenten come from the CBS table shipped with the package, unless a newer table of the same shape was
loaded with ``dia-scan load-organisations``; that one is kept in the database and wins.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from importlib import resources

from sqlite_utils import Database

from dia_scan import storage
from dia_scan.core.errors import ServiceError

SHIPPED_GEMEENTEN = "gemeenten-cbs-2022.csv"
SHIPPED_SOURCE = "CBS, Gebieden in Nederland 2022 (tabel 85067NED)"
SHIPPED_YEAR = 2022

#: The columns a CBS table must have (the shape of the shipped file).
CBS_COLUMNS = (
    "gemeentecode",
    "gemeente",
    "provinciecode",
    "provincie",
    "grootteklasse",
    "grootteklasse_omschrijving",
    "stedelijkheid",
    "stedelijkheid_omschrijving",
    "inwonertal",
)
MIN_GEMEENTEN = 250  # a table with fewer rows is cut off, not a newer year

#: CBS urbanisation classes (stedelijkheid, by addresses per km²).
URBANISATION_LABELS = {
    1: "zeer sterk stedelijk",
    2: "sterk stedelijk",
    3: "matig stedelijk",
    4: "weinig stedelijk",
    5: "niet stedelijk",
}

#: CBS gemeentegrootte (1 = under 5,000 ... 8 = 250,000 or more) to the size classes of the profile.
_SIZE_CLASS_OF_CBS_CODE = {
    1: "< 20k",
    2: "< 20k",
    3: "< 20k",
    4: "20-50k",
    5: "50-100k",
    6: "100-250k",
    7: "100-250k",
    8: ">= 250k",
}
_GEMEENTE_CODE = re.compile(r"^GM\d{4}$")


@dataclass(frozen=True)
class ListedOrganisation:
    """One entry of the list; ``code`` is the CBS code (GM0358, PV27) or WS01-WS21 for a waterschap."""

    code: str
    name: str
    type: str
    province: str | None
    size_class: str | None = None
    urbanisation: int | None = None
    inhabitants: int | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The name, and the name without "Gemeente " or "Provincie " as people often type it."""
        for prefix in ("Gemeente ", "Provincie "):
            if self.name.startswith(prefix):
                return (self.name, self.name.removeprefix(prefix))
        return (self.name,)

    @property
    def label(self) -> str:
        """How the picker shows it, e.g. "Gemeente Aalsmeer (Noord-Holland)"."""
        return f"{self.name} ({self.province})" if self.province else self.name


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def _shipped(name: str) -> str:
    return (resources.files("dia_scan") / "reference" / name).read_text(encoding="utf-8")


#: The 12 provinces, alphabetical, as CBS spells them ("Fryslân").
PROVINCES: tuple[str, ...] = tuple(sorted(r["provincie"] for r in _rows(_shipped("provincies.csv"))))


def parse_cbs_table(text: str) -> list[dict]:
    """The gemeenten of a CBS table in the shape of the shipped one, checked row by row.

    Returns rows with code, name, province, size_code, urbanisation, inhabitants; a wrong file raises a
    ServiceError that names the first problem (a missing column, or the row and what is wrong in it)."""
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    # Excel in Dutch saves CSV with semicolons; the shipped file uses commas
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        header = reader.fieldnames or []
    except csv.Error as err:
        raise ServiceError(f"Dit bestand is geen leesbare CSV-tabel ({err}).") from err
    missing = [c for c in CBS_COLUMNS if c not in header]
    if missing:
        raise ServiceError(
            "Dit is geen CBS-tabel van gemeenten in de vorm van de meegeleverde lijst: de kolom(men) "
            f"{', '.join(missing)} ontbreken. Verwacht: {', '.join(CBS_COLUMNS)}."
        )
    rows: list[dict] = []
    seen: set[str] = set()
    try:
        raw_rows = list(reader)
    except csv.Error as err:
        raise ServiceError(f"Dit bestand is geen leesbare CSV-tabel ({err}).") from err
    for number, raw in enumerate(raw_rows, start=2):
        row = _check_row(raw, number, PROVINCES)
        if row["code"] in seen:
            raise ServiceError(f"Rij {number}: de gemeentecode {row['code']} staat twee keer in de tabel.")
        seen.add(row["code"])
        rows.append(row)
    if len(rows) < MIN_GEMEENTEN:
        raise ServiceError(
            f"De tabel heeft maar {len(rows)} gemeenten; een volledige CBS-tabel heeft er meer dan "
            f"{MIN_GEMEENTEN}. Is het bestand afgebroken?"
        )
    return rows


def _check_row(raw: dict, number: int, provinces: tuple[str, ...]) -> dict:
    def value(column: str) -> str:
        return " ".join(str(raw.get(column) or "").split())

    def number_in(column: str, allowed) -> int:
        text = value(column)
        if not text.isdigit() or int(text) not in allowed:
            raise ServiceError(f"Rij {number}, kolom {column}: '{text[:20]}' is geen geldige waarde.")
        return int(text)

    code = value("gemeentecode")
    if not _GEMEENTE_CODE.match(code):
        raise ServiceError(
            f"Rij {number}, kolom gemeentecode: '{code[:20]}' is geen gemeentecode (zoals GM0358)."
        )
    name = value("gemeente")
    if not name:
        raise ServiceError(f"Rij {number}, kolom gemeente: de naam ontbreekt.")
    province = value("provincie")
    if province not in provinces:
        raise ServiceError(f"Rij {number}, kolom provincie: '{province[:30]}' is geen provincie.")
    return {
        "code": code,
        "name": name,
        "province": province,
        "size_code": number_in("grootteklasse", _SIZE_CLASS_OF_CBS_CODE),
        "urbanisation": number_in("stedelijkheid", URBANISATION_LABELS),
        "inhabitants": number_in("inwonertal", range(0, 10_000_000)),
    }


def _gemeente(row: dict) -> ListedOrganisation:
    return ListedOrganisation(
        code=row["code"],
        name=f"Gemeente {row['name']}",
        type="gemeente",
        province=row["province"],
        size_class=_SIZE_CLASS_OF_CBS_CODE[int(row["size_code"])],
        urbanisation=int(row["urbanisation"]),
        inhabitants=int(row["inhabitants"]),
    )


def gemeenten(db: Database) -> list[ListedOrganisation]:
    loaded = storage.loaded_reference_gemeenten(db)
    rows = loaded or parse_cbs_table(_shipped(SHIPPED_GEMEENTEN))
    return sorted((_gemeente(r) for r in rows), key=lambda o: o.name.casefold())


def provincies() -> list[ListedOrganisation]:
    return [
        ListedOrganisation(code=r["code"], name=r["naam"], type="provincie", province=r["provincie"])
        for r in _rows(_shipped("provincies.csv"))
    ]


def waterschappen() -> list[ListedOrganisation]:
    return [
        ListedOrganisation(code=r["code"], name=r["naam"], type="waterschap", province=r["provincie"])
        for r in _rows(_shipped("waterschappen.csv"))
    ]


def listed_organisations(db: Database) -> dict[str, ListedOrganisation]:
    """Code -> entry: the gemeenten (alphabetical), then the provincies, then the waterschappen."""
    return {o.code: o for o in [*gemeenten(db), *provincies(), *waterschappen()]}


def source_of_gemeenten(db: Database) -> str:
    """Where the gemeenten in use come from, for the screen and the CLI."""
    loaded = storage.loaded_reference_gemeenten(db)
    return loaded[0]["source"] if loaded else SHIPPED_SOURCE


def load_cbs_table(db: Database, text: str, source: str) -> int:
    """Replace the gemeenten with a newer CBS table (checked first: a wrong file changes nothing).
    Organisations made earlier keep their profile. Returns the number of gemeenten loaded."""
    rows = parse_cbs_table(text)
    storage.replace_reference_gemeenten(db, rows, source)
    return len(rows)

"""Organisation profiles: type, province, size class and tags, used to filter and compare.

Size classes follow the CBS classes by number of inhabitants. The stored strings ("< 20k", ...) are
short and stable; ``SIZE_CLASS_LABELS`` says them in words for the screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from dia_scan import storage
from dia_scan.core import permits
from dia_scan.core.errors import ServiceError

ORGANISATION_TYPES = ("gemeente", "provincie", "waterschap")
TYPE_LABELS = {"gemeente": "Gemeente", "provincie": "Provincie", "waterschap": "Waterschap"}
MAX_NAME = 120

#: CBS size classes by inhabitants, smallest first: (stored value, lower bound inclusive).
SIZE_CLASSES = ("< 20k", "20-50k", "50-100k", "100-250k", ">= 250k")
_SIZE_LOWER_BOUNDS = (0, 20_000, 50_000, 100_000, 250_000)
SIZE_CLASS_LABELS = {
    "< 20k": "minder dan 20.000 inwoners",
    "20-50k": "20.000 tot 50.000 inwoners",
    "50-100k": "50.000 tot 100.000 inwoners",
    "100-250k": "100.000 tot 250.000 inwoners",
    ">= 250k": "250.000 inwoners of meer",
}

PROVINCES = (
    "Drenthe",
    "Flevoland",
    "Fryslân",
    "Gelderland",
    "Groningen",
    "Limburg",
    "Noord-Brabant",
    "Noord-Holland",
    "Overijssel",
    "Utrecht",
    "Zeeland",
    "Zuid-Holland",
)

MAX_TAGS = 10
MAX_TAG_LENGTH = 40


@dataclass(frozen=True)
class Profile:
    id: int
    name: str
    type: str
    province: str | None
    size_class: str | None
    tags: tuple[str, ...]
    demo: bool = False

    @property
    def size_label(self) -> str:
        return SIZE_CLASS_LABELS.get(self.size_class or "", "onbekend")

    @property
    def type_label(self) -> str:
        return TYPE_LABELS.get(self.type, self.type)


def size_class_for(inhabitants: int) -> str:
    """The CBS size class of a number of inhabitants."""
    if inhabitants < 0:
        raise ServiceError("Het aantal inwoners kan niet negatief zijn.")
    for size_class, lower in zip(reversed(SIZE_CLASSES), reversed(_SIZE_LOWER_BOUNDS), strict=True):
        if inhabitants >= lower:
            return size_class
    raise AssertionError("unreachable")  # pragma: no cover


def _profile(row: dict) -> Profile:
    return Profile(
        id=row["id"],
        name=row["name"],
        type=row["type"],
        province=row.get("province") or None,
        size_class=row.get("size_class") or None,
        tags=tuple(row.get("tags") or ()),
        demo=bool(row.get("demo")),
    )


def get_profile(db: Database, organisation_id: int) -> Profile:
    row = storage.get_organisation(db, organisation_id)
    if row is None:
        raise ServiceError("Deze organisatie is niet gevonden.")
    return _profile(row)


def managed_profile(db: Database, permit, organisation_id: int) -> Profile:
    """The profile, for a coordinator or a facilitator of the organisation (the Organisatie page)."""
    permits.require_organisation(permit, organisation_id)
    return get_profile(db, organisation_id)


def list_profiles(db: Database) -> list[Profile]:
    return [_profile(row) for row in storage.list_organisations(db)]


def parse_tags(text: str | None) -> list[str]:
    """Tags typed as one line, separated by commas: trimmed, lower case, each once, in typed order."""
    return clean_tags((text or "").split(","))


def clean_tags(tags) -> list[str]:
    out: list[str] = []
    for raw in tags or ():
        tag = " ".join(str(raw).split()).lower()
        if not tag:
            continue
        if len(tag) > MAX_TAG_LENGTH:
            raise ServiceError(f"Het label '{tag[:20]}...' is te lang (maximaal {MAX_TAG_LENGTH} tekens).")
        if tag not in out:
            out.append(tag)
    if len(out) > MAX_TAGS:
        raise ServiceError(f"Geef hoogstens {MAX_TAGS} labels.")
    return out


def update_profile(
    db: Database,
    permit,
    organisation_id: int,
    *,
    type: str,
    province: str | None,
    size_class: str | None,
    tags: list[str] | tuple[str, ...] | None,
) -> Profile:
    """Change the profile; every field is checked first, so a refused change stores nothing.

    Allowed to a coordinator and to a facilitator of one of the organisation's rounds or processes."""
    permits.require_organisation(permit, organisation_id)
    get_profile(db, organisation_id)
    if type not in ORGANISATION_TYPES:
        raise ServiceError("Kies gemeente, provincie of waterschap.")
    province = province or None
    if province is not None and province not in PROVINCES:
        raise ServiceError("Kies een provincie uit de lijst.")
    size_class = size_class or None
    if size_class is not None and size_class not in SIZE_CLASSES:
        raise ServiceError("Kies een grootteklasse uit de lijst.")
    cleaned = clean_tags(tags)
    storage.update_organisation(
        db, organisation_id, type=type, province=province, size_class=size_class, tags=cleaned
    )
    return get_profile(db, organisation_id)


def all_tags(profiles: list[Profile]) -> list[str]:
    """Every tag in use, sorted, for a filter or a suggestion list."""
    return sorted({tag for p in profiles for tag in p.tags})


def rounds_of(db: Database, organisation_id: int) -> list[dict]:
    """The organisation's rounds, oldest first."""
    return storage.list_rounds(db, organisation_id)


def find_or_create(db: Database, name: str | None, organisation_type: str = "gemeente") -> int:
    """The organisation with this name and type, or a new one: a name typed with other capitals or
    spaces finds the existing one, so nobody makes a twin by typing. Both products set up through here."""
    name = " ".join((name or "").split())
    if not name:
        raise ServiceError("Vul de naam van de organisatie in.")
    if len(name) > MAX_NAME:
        raise ServiceError(f"De naam van de organisatie is te lang (maximaal {MAX_NAME} tekens).")
    if organisation_type not in ORGANISATION_TYPES:
        raise ServiceError("Kies het soort organisatie: gemeente, provincie of waterschap.")
    for org in storage.list_organisations(db):
        if org["name"].casefold() == name.casefold() and org["type"] == organisation_type:
            return org["id"]
    return storage.insert_organisation(db, name, organisation_type)

"""Organisations: their profile (type, province, size class, urbanisation, tags, used to filter and
compare) and who may set up work for one.

A profile is the organisation's record (``core.records.Organisation``). Size classes follow the CBS classes
by number of inhabitants. The stored strings ("< 20k", ...) are short and stable; ``size_label`` and the
other ``*_label`` functions say them in words for the screen.

**Belonging to an organisation.** A new round or checklist process for an organisation that already exists
in this installation joins its history (earlier scores, "Over u" counts, profile, verbeteragenda) only
with proof (:func:`prove`): the beheercode of one of its rounds or assessments, its organisation code, a
permit this session already holds for it, or a coordinator login. Without proof the work starts a new
organisation with the same name, so a fresh round never opens someone else's history. Wrong proof codes
count against the chosen organisation like wrong beheercodes (``code_access.guarded``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from dia_scan import storage
from dia_scan.common import code_access, reference_list
from dia_scan.common.reference_list import PROVINCES, URBANISATION_LABELS  # noqa: F401  (re-exported)
from dia_scan.core import codes, permits
from dia_scan.core.errors import ServiceError
from dia_scan.core.records import Organisation, Round

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


MAX_TAGS = 10
MAX_TAG_LENGTH = 40


def size_label(profile: Organisation) -> str:
    return SIZE_CLASS_LABELS.get(profile.size_class or "", "onbekend")


def urbanisation_label(profile: Organisation) -> str:
    return URBANISATION_LABELS.get(profile.urbanisation or 0, "onbekend")


def type_label(profile: Organisation) -> str:
    return TYPE_LABELS.get(profile.type, profile.type)


def size_class_for(inhabitants: int) -> str:
    """The CBS size class of a number of inhabitants."""
    if inhabitants < 0:
        raise ServiceError("Het aantal inwoners kan niet negatief zijn.")
    for size_class, lower in zip(reversed(SIZE_CLASSES), reversed(_SIZE_LOWER_BOUNDS), strict=True):
        if inhabitants >= lower:
            return size_class
    raise AssertionError("unreachable")  # pragma: no cover


def get_profile(db: Database, organisation_id: int) -> Organisation:
    organisation = storage.get_organisation(db, organisation_id)
    if organisation is None:
        raise ServiceError("Deze organisatie is niet gevonden.")
    return organisation


def managed_profile(db: Database, permit, organisation_id: int) -> Organisation:
    """The profile, for a coordinator or a facilitator of the organisation (the Organisatie page)."""
    permits.require_organisation(permit, organisation_id)
    return get_profile(db, organisation_id)


def list_profiles(db: Database) -> list[Organisation]:
    return storage.list_organisations(db)


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
    urbanisation: int | None | object = ...,
) -> Organisation:
    """Change the profile; every field is checked first, so a refused change stores nothing.

    Allowed to a coordinator and to a facilitator of one of the organisation's rounds or processes.
    ``urbanisation`` left out keeps the stored class."""
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
    fields = {"type": type, "province": province, "size_class": size_class, "tags": cleaned}
    if urbanisation is not ...:
        if urbanisation is not None and urbanisation not in URBANISATION_LABELS:
            raise ServiceError("Kies een stedelijkheid uit de lijst.")
        fields["urbanisation"] = urbanisation
    storage.update_organisation(db, organisation_id, **fields)
    return get_profile(db, organisation_id)


def all_tags(profiles: list[Organisation]) -> list[str]:
    """Every tag in use, sorted, for a filter or a suggestion list."""
    return sorted({tag for p in profiles for tag in p.tags})


def rounds_of(db: Database, organisation_id: int) -> list[Round]:
    """The organisation's rounds, oldest first."""
    return storage.list_rounds(db, organisation_id)


# -- choosing an organisation for new work, and proving that it is yours ---------------------------

NOT_PROVEN = (
    "Met deze code vinden we geen eerdere ronde of organisatiecode van deze organisatie. Controleer de "
    "code, of laat het vak leeg: dan begint u als nieuwe organisatie, zonder de gegevens van eerdere rondes."
)


@dataclass(frozen=True)
class Choice:
    """What the trekker picked: an entry of the reference list, or a name typed with its type."""

    listed_code: str | None = None
    name: str = ""
    type: str = "gemeente"


@dataclass(frozen=True)
class _Identity:
    name: str
    type: str
    listed: reference_list.ListedOrganisation | None


def _identity(db: Database, choice: Choice) -> _Identity:
    if choice.listed_code:
        listed = reference_list.listed_organisations(db).get(choice.listed_code)
        if listed is None:
            raise ServiceError("Kies een organisatie uit de lijst.")
        return _Identity(listed.name, listed.type, listed)
    name = " ".join((choice.name or "").split())
    if not name:
        raise ServiceError("Kies uw organisatie uit de lijst, of vul de naam van uw organisatie in.")
    if len(name) > MAX_NAME:
        raise ServiceError(f"De naam van de organisatie is te lang (maximaal {MAX_NAME} tekens).")
    if choice.type not in ORGANISATION_TYPES:
        raise ServiceError("Kies het soort organisatie: gemeente, provincie of waterschap.")
    return _Identity(name, choice.type, None)


def type_of(db: Database, choice: Choice) -> str:
    """The organisation type of a choice (for the instruments that fit), without checking a typed name."""
    if choice.listed_code:
        listed = reference_list.listed_organisations(db).get(choice.listed_code)
        return listed.type if listed else "gemeente"
    return choice.type if choice.type in ORGANISATION_TYPES else "gemeente"


def prove(db: Database, choice: Choice, *, proof_code: str | None = None, held=()) -> int | None:
    """The existing organisation this choice may join, or None for a new one.

    ``held`` are the permits this session already has (a coordinator's, or a round or process permit of
    the organisation). ``proof_code`` is a beheercode of one of the organisation's rounds or assessments,
    or its organisation code. A typed code that proves nothing is refused (and counted), whether or not
    the organisation exists, so the answer never tells whether it uses this installation. Call this
    outside a transaction: a refused try must stay counted."""
    identity = _identity(db, choice)
    listed_code = identity.listed.code if identity.listed else None
    names = list(identity.listed.names) if identity.listed else [identity.name]
    candidates = [o.id for o in storage.organisations_matching(db, listed_code, names, identity.type)]
    code = codes.normalise(proof_code)
    if code:  # a typed code says which organisation is meant, also when a permit held is for another
        target = listed_code or f"{identity.type}:{identity.name.casefold()}"  # of the same name
        return code_access.guarded(
            db, "organisation", target, lambda: _proven_by(db, candidates, code), NOT_PROVEN
        )
    for permit in held:
        for organisation_id in candidates:
            try:
                permits.require_organisation(permit, organisation_id)
            except permits.AccessDenied:
                continue
            return organisation_id
    return None


def _proven_by(db: Database, candidates: list[int], code: str) -> int | None:
    for organisation_id in candidates:
        hashes = [
            storage.organisation_code_hash(db, organisation_id),
            *storage.beheercode_hashes_of_organisation(db, organisation_id),
        ]
        if any(h and codes.verify_secret(code, h) for h in hashes):
            return organisation_id
    return None


def settle(db: Database, choice: Choice, proven_id: int | None) -> int:
    """The organisation for new work: the proven one, or a new one with the profile from the list. A proven
    organisation made before the list (a typed name) is linked to its entry, and profile fields it lacks
    are filled in from the list; fields someone filled in stay as they are."""
    identity = _identity(db, choice)
    listed = identity.listed
    if proven_id is not None:
        if listed is not None:
            _link_to_list(db, proven_id, listed)
        return proven_id
    if listed is None:
        return storage.insert_organisation(db, identity.name, identity.type)
    return storage.insert_organisation(
        db,
        listed.name,
        listed.type,
        province=listed.province,
        size_class=listed.size_class,
        urbanisation=listed.urbanisation,
        reference_code=listed.code,
    )


def _link_to_list(db: Database, organisation_id: int, listed: reference_list.ListedOrganisation) -> None:
    organisation = storage.get_organisation(db, organisation_id)
    if organisation is None or organisation.reference_code:
        return
    fields = {"reference_code": listed.code}
    for name, value in (
        ("province", listed.province),
        ("size_class", listed.size_class),
        ("urbanisation", listed.urbanisation),
    ):
        if not getattr(organisation, name) and value:
            fields[name] = value
    storage.update_organisation(db, organisation_id, **fields)


def new_organisation_code(db: Database, permit, organisation_id: int) -> str:
    """A new organisation code, to show once: colleagues prove with it that new work is for this
    organisation. The previous code stops working. For a coordinator or a facilitator of the organisation."""
    permits.require_organisation(permit, organisation_id)
    get_profile(db, organisation_id)
    code = codes.new_secret_code()
    storage.set_organisation_code_hash(db, organisation_id, codes.hash_secret(code))
    return codes.grouped(code)


def has_organisation_code(db: Database, permit, organisation_id: int) -> bool:
    permits.require_organisation(permit, organisation_id)
    return bool(storage.organisation_code_hash(db, organisation_id))

"""Processes of the inclusiviteit-checklist: register, correct and delete one, and the checked facts
(name, description, phase, influence, target groups) that describe it."""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from dia_scan import storage
from dia_scan.common import code_access
from dia_scan.core import permits
from dia_scan.core.catalog import Catalog
from dia_scan.core.errors import ServiceError
from dia_scan.core.model import Checklist
from dia_scan.core.permits import ProcessPermit
from dia_scan.core.records import Process
from dia_scan.core.text import one_line

DEFAULT_CHECKLIST = "inclusiviteit"
MAX_NAME = 120
MAX_DESCRIPTION = 2000
MAX_TARGET_GROUP = 60
MAX_TARGET_GROUPS = 15


def split_target_groups(raw: str | Iterable[str] | None) -> list[str]:
    """Free tags from a comma-separated text or a list; empty and repeated tags are dropped."""
    if raw is None:
        return []
    parts = raw.split(",") if isinstance(raw, str) else [p for item in raw for p in str(item).split(",")]
    tags: list[str] = []
    for part in parts:
        tag = one_line(part)
        if tag and tag.casefold() not in {t.casefold() for t in tags}:
            tags.append(tag)
    return tags


def checklist_of(catalog: Catalog, checklist_id: str = DEFAULT_CHECKLIST) -> Checklist:
    instrument = catalog.instruments.get(checklist_id)
    # by kind, not isinstance: a cached catalog may hold models from before a code reload
    if getattr(instrument, "kind", None) != "checklist":
        raise ServiceError(f"De checklist '{checklist_id}' ontbreekt in de map questions/.")
    return instrument


def register_process(
    db: Database,
    catalog: Catalog,
    *,
    organisation_id: int,
    name: str,
    description: str = "",
    phase: str | None = None,
    participation_level: str | None = None,
    target_groups: str | Iterable[str] | None = None,
    checklist_id: str = DEFAULT_CHECKLIST,
) -> int:
    """Register a process of an organisation; returns its id."""
    if storage.get_organisation(db, organisation_id) is None:
        raise ServiceError("Kies een organisatie, of maak een nieuwe aan.")
    fields = _process_fields(
        checklist_of(catalog, checklist_id), name, description, phase, participation_level, target_groups
    )
    return storage.insert_process(db, organisation_id=organisation_id, **fields)


def _process_fields(
    checklist: Checklist,
    name: str,
    description: str,
    phase: str | None,
    participation_level: str | None,
    target_groups: str | Iterable[str] | None,
) -> dict:
    """The checked, tidied facts of a process, as stored."""
    name = one_line(name)
    if not name:
        raise ServiceError("Geef het proces een naam.")
    if len(name) > MAX_NAME:
        raise ServiceError(f"De naam is te lang (maximaal {MAX_NAME} tekens). Maak hem korter.")
    description = (description or "").strip()
    if len(description) > MAX_DESCRIPTION:
        raise ServiceError(
            f"De beschrijving is te lang (maximaal {MAX_DESCRIPTION} tekens). Maak hem korter."
        )
    if phase and phase not in checklist.phases:
        raise ServiceError(f"Kies een fase: {', '.join(checklist.phases)}.")
    if participation_level and participation_level not in checklist.participation_levels:
        raise ServiceError("Kies een niveau van invloed uit de lijst.")
    tags = split_target_groups(target_groups)
    if len(tags) > MAX_TARGET_GROUPS:
        raise ServiceError(f"Noem hoogstens {MAX_TARGET_GROUPS} doelgroepen.")
    too_long = next((t for t in tags if len(t) > MAX_TARGET_GROUP), None)
    if too_long:
        raise ServiceError(
            f"De doelgroep '{too_long[:30]}...' is te lang (maximaal {MAX_TARGET_GROUP} tekens). "
            "Scheid doelgroepen met een komma."
        )
    return {
        "name": name,
        "description": description,
        "phase": phase or None,
        "participation_level": participation_level or None,
        "target_groups": tags,
    }


def update_process(
    db: Database,
    catalog: Catalog,
    permit: ProcessPermit,
    *,
    name: str,
    description: str = "",
    phase: str | None = None,
    participation_level: str | None = None,
    target_groups: str | Iterable[str] | None = None,
    checklist_id: str = DEFAULT_CHECKLIST,
) -> None:
    """Correct the facts of a process (its name, description, phase, influence and target groups)."""
    process = managed_process(db, permit)
    fields = _process_fields(
        checklist_of(catalog, checklist_id), name, description, phase, participation_level, target_groups
    )
    storage.update_process(db, process.id, **fields)
    # An assessment still being filled in is judged in the phase the process is in now.
    for assessment in storage.list_assessments(db, process.id):
        if code_access.is_open(assessment) and assessment.phase != fields["phase"]:
            storage.update_assessment(db, assessment.id, phase=fields["phase"])


def delete_process(db: Database, permit: ProcessPermit, confirm_name: str | None) -> dict[str, int]:
    """Delete a process with all its assessments and answers, once its name is typed again to confirm.
    Only when every assessment is closed, so nobody loses what they are filling in (as for a round).
    Actions on the verbeteragenda made from it stay with the organisation. Returns what was deleted."""
    process = managed_process(db, permit)
    still_open = [a for a in storage.list_assessments(db, process.id) if code_access.is_open(a)]
    if still_open:
        which = (
            "de beoordeling die nog openstaat"
            if len(still_open) == 1
            else "de beoordelingen die nog openstaan"
        )
        raise ServiceError(
            f"Sluit eerst {which}. Een proces met een open beoordeling kunt u niet verwijderen."
        )
    if one_line(confirm_name or "").casefold() != process.name.casefold():
        raise ServiceError("Typ de naam van het proces over om het verwijderen te bevestigen.")
    return storage.delete_process(db, process.id)


def get_process(db: Database, process_id: int) -> Process:
    process = storage.get_process(db, process_id)
    if process is None:
        raise ServiceError("Dit proces is niet gevonden.")
    return process


def managed_process(db: Database, permit: ProcessPermit) -> Process:
    """The (fresh) record of the process a facilitator manages."""
    permits.require_process(permit)
    return get_process(db, permit.process_id)

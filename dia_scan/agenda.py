"""The verbeteragenda: actions (wat, waarom, wie, wanneer, status, resultaat) per round or process."""

from __future__ import annotations

from sqlite_utils import Database

from . import storage
from .rounds import ServiceError

STATUSES = ("gepland", "bezig", "gedaan", "gestopt")
STATUS_LABELS = {"gepland": "Gepland", "bezig": "Bezig", "gedaan": "Gedaan", "gestopt": "Gestopt"}
MAX_TEXT = 500
MAX_NOTE = 2000


def _clean(value: str | None, limit: int, what: str, required: bool = False) -> str:
    text = " ".join((value or "").split()) if limit <= MAX_TEXT else (value or "").strip()
    if required and not text:
        raise ServiceError(f"Vul '{what}' in.")
    if len(text) > limit:
        raise ServiceError(f"'{what}' is te lang (maximaal {limit} tekens).")
    return text


def add_action(
    db: Database,
    *,
    organisation_id: int,
    wat: str,
    round_id: int | None = None,
    assessment_id: int | None = None,
    waarom: str = "",
    target_id: str | None = None,
    wie: str = "",
    wanneer: str | None = None,
    status: str = "gepland",
    result_note: str = "",
    source: str = "handmatig",
) -> int:
    if status not in STATUSES:
        raise ServiceError("Kies een status: gepland, bezig, gedaan of gestopt.")
    return storage.insert_action(
        db,
        organisation_id=organisation_id,
        round_id=round_id,
        assessment_id=assessment_id,
        wat=_clean(wat, MAX_TEXT, "wat", required=True),
        waarom=_clean(waarom, MAX_TEXT, "waarom"),
        target_id=target_id,
        wie=_clean(wie, 200, "wie"),
        wanneer=wanneer or None,
        status=status,
        result_note=_clean(result_note, MAX_NOTE, "resultaat"),
        source=source,
    )


def update_action(db: Database, action_id: int, **fields) -> None:
    if "status" in fields and fields["status"] not in STATUSES:
        raise ServiceError("Kies een status: gepland, bezig, gedaan of gestopt.")
    limits = {"wat": MAX_TEXT, "waarom": MAX_TEXT, "wie": 200, "result_note": MAX_NOTE}
    for key, limit in limits.items():
        if key in fields:
            fields[key] = _clean(fields[key], limit, key, required=key == "wat")
    storage.update_action(db, action_id, **fields)


def actions_for_round(db: Database, round_id: int) -> list[dict]:
    return storage.list_actions(db, round_id=round_id)


def actions_for_organisation(db: Database, organisation_id: int) -> list[dict]:
    return storage.list_actions(db, organisation_id=organisation_id)

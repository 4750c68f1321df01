"""The verbeteragenda: actions (wat, waarom, wie, wanneer, status, resultaat) per round or process."""

from __future__ import annotations

from sqlite_utils import Database

from dia_scan import storage
from dia_scan.core import permits
from dia_scan.core.errors import ServiceError
from dia_scan.core.records import Action, Round

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


def _permit_scope(
    db: Database, permit, round_id: int | None, assessment_id: int | None
) -> tuple[int, int | None]:
    """The organisation and round an action of this permit belongs to (a round or a process permit)."""
    if isinstance(permit, permits.RoundPermit):
        permits.require_round(permit, round_id)
        if assessment_id is not None:
            raise permits.AccessDenied(permits.NO_PROCESS_ACCESS)
        return permit.organisation_id, permit.round_id
    assessment = storage.get_assessment(db, assessment_id) if assessment_id is not None else None
    if assessment is None or round_id is not None:
        raise permits.AccessDenied(permits.NO_PROCESS_ACCESS)
    permits.require_process(permit, assessment.process_id)
    return permit.organisation_id, None


def add_action(
    db: Database,
    permit: permits.RoundPermit | permits.ProcessPermit,
    *,
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
    """An action on the organisation's agenda: for the permit's round, or for an assessment of the
    permit's process."""
    organisation_id, round_id = _permit_scope(db, permit, round_id, assessment_id)
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


def update_action(
    db: Database, permit: permits.RoundPermit | permits.ProcessPermit, action_id: int, **fields
) -> None:
    """Change an action of the organisation whose round or process the permit opens (the agenda carries
    over from round to round, so every facilitator of the organisation keeps it up to date)."""
    action = storage.get_action(db, action_id)
    if action is None:
        raise ServiceError("Deze actie bestaat niet (meer).")
    if isinstance(permit, permits.CoordinatorPermit):  # coordinators read aggregates, they do not edit
        raise permits.AccessDenied(permits.NO_ORGANISATION_ACCESS)
    permits.require_organisation(permit, action.organisation_id)
    if "status" in fields and fields["status"] not in STATUSES:
        raise ServiceError("Kies een status: gepland, bezig, gedaan of gestopt.")
    unknown = set(fields) - {"wat", "waarom", "wie", "wanneer", "status", "result_note", "target_id"}
    if unknown:
        raise ServiceError("Deze velden van een actie kunt u niet veranderen.")
    limits = {"wat": MAX_TEXT, "waarom": MAX_TEXT, "wie": 200, "result_note": MAX_NOTE}
    for key, limit in limits.items():
        if key in fields:
            fields[key] = _clean(fields[key], limit, key, required=key == "wat")
    storage.update_action(db, action_id, **fields)


def actions_for_round(db: Database, round_id: int) -> list[Action]:
    return storage.list_actions(db, round_id=round_id)


def actions_for_organisation(db: Database, organisation_id: int) -> list[Action]:
    return storage.list_actions(db, organisation_id=organisation_id)


# -- agenda (reports) --

from dataclasses import dataclass  # noqa: E402 (section appended by the reports work)
from datetime import date, datetime  # noqa: E402

# A round's agenda page shows the actions recorded for that round, and carries over the earlier
# actions of the same organisation that still matter: every action of the previous round (so the team
# sees what became of it) and every earlier action that is still "gepland" or "bezig" (also those that
# came from a checklist actiepunt). Actions are shown, never copied, so one update counts everywhere.

OPEN_STATUSES = ("gepland", "bezig")
SOURCE_LABELS = {
    "handmatig": "zelf toegevoegd",
    "verbetertip": "verbetertip",
    "actiepunt": "actiepunt uit de checklist",
}


@dataclass(frozen=True)
class RoundAgenda:
    round: Round
    previous_round: Round | None
    current: list[Action]  # actions recorded for this round
    carried: list[Action]  # earlier actions of the organisation that are carried over

    @property
    def all(self) -> list[Action]:
        return self.current + self.carried


def _later_round_ids(db: Database, round_row: Round) -> set[int]:
    """Rounds of the same organisation created after this one (their actions are not yet known here)."""
    key = (round_row.created_at, round_row.id)
    return {r.id for r in storage.list_rounds(db, round_row.organisation_id) if (r.created_at, r.id) > key}


def round_agenda(db: Database, round_row: Round) -> RoundAgenda:
    previous = storage.previous_round(db, round_row)
    later = _later_round_ids(db, round_row)
    current, carried = [], []
    for action in storage.list_actions(db, organisation_id=round_row.organisation_id):
        if action.round_id == round_row.id:
            current.append(action)
        elif action.round_id in later:
            continue
        elif (previous and action.round_id == previous.id) or action.status in OPEN_STATUSES:
            carried.append(action)
    return RoundAgenda(round_row, previous, current, carried)


def previous_round_actions(db: Database, round_row: Round) -> tuple[Round | None, list[Action]]:
    """The previous round of the organisation and its actions: "Wat hebben we gedaan"."""
    previous = storage.previous_round(db, round_row)
    if previous is None:
        return None, []
    return previous, storage.list_actions(db, round_id=previous.id)


def parse_date(value) -> str | None:
    """A date as "YYYY-MM-DD" (from a date, a datetime or text); empty stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if not text or text.lower() in ("nat", "nan", "none"):
        return None
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise ServiceError(f"'{text}' is geen datum. Schrijf de datum als jjjj-mm-dd.") from None


def theme_choices(instrument) -> dict[str, str]:
    """The themes (or dimensions) an action can answer to: id -> title."""
    parts = getattr(instrument, "themes", None) or getattr(instrument, "dimensions", [])
    return {part.id: part.title for part in parts if not getattr(part, "custom", False)}


def add_round_action(
    db: Database,
    permit: permits.RoundPermit,
    *,
    wat: str,
    target_id: str | None = None,
    target_title: str = "",
    wie: str = "",
    wanneer=None,
    status: str = "gepland",
    result_note: str = "",
    source: str = "handmatig",
) -> int:
    return add_action(
        db,
        permits.require_round(permit),
        wat=wat,
        waarom=target_title,
        target_id=target_id,
        wie=wie,
        wanneer=parse_date(wanneer),
        status=status,
        result_note=result_note,
        source=source,
    )


def add_tip_action(
    db: Database, permit: permits.RoundPermit, target_id: str, target_title: str, tip_title: str
) -> int:
    """Put a verbetertip on the round's agenda in one click (a second click returns the same action)."""
    permits.require_round(permit)
    wat = _clean(tip_title, MAX_TEXT, "wat", required=True)
    for action in storage.list_actions(db, round_id=permit.round_id):
        if action.wat == wat and action.target_id == target_id:
            return action.id
    return add_round_action(
        db, permit, wat=wat, target_id=target_id, target_title=target_title, source="verbetertip"
    )


def agenda_text(text: str | None) -> str:
    """How a short text reads once it is on the agenda (whitespace folded), to find it again."""
    return " ".join((text or "").split())


def tips_on_agenda(db: Database, round_id: int) -> set[tuple[str | None, str]]:
    """(target id, wat) of every action of the round, to see whether a tip is already on the agenda."""
    return {(a.target_id, a.wat) for a in storage.list_actions(db, round_id=round_id)}


def save_action(db: Database, permit: permits.RoundPermit, action_id: int, **fields) -> None:
    """Update an action from the agenda editor; the date is checked and empty texts are allowed."""
    if "wanneer" in fields:
        fields["wanneer"] = parse_date(fields["wanneer"])
    update_action(db, permit, action_id, **fields)

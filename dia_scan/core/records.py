"""The records storage hands out: one frozen dataclass per aggregate, instead of dict rows.

Storage builds them at its edge (one helper per aggregate, beside its SQL), so JSON columns are decoded
once and flags are booleans there. Dates and timestamps stay the ISO strings they are stored as: the
callers compare and format them as text, and a record never changes a stored format. A changed copy is
made with ``dataclasses.replace``; ``dataclasses.asdict`` gives a dict where one is needed (a table, JSON).
Secrets kept as hashes (an organisation's code) are not part of a record: storage reads them on request.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Organisation:
    """A gemeente, provincie or waterschap, with the profile used to filter and compare."""

    id: int
    name: str
    type: str  # gemeente, provincie or waterschap
    province: str | None = None
    size_class: str | None = None  # a CBS size class such as "20-50k" (common.organisations)
    tags: tuple[str, ...] = ()
    demo: bool = False
    reference_code: str | None = None  # the entry of the reference list: GM0358, PV27, WS01
    urbanisation: int | None = None  # CBS stedelijkheid, 1 (zeer sterk stedelijk) to 5
    created_at: str = ""


@dataclass(frozen=True, slots=True)
class Action:
    """An action on an organisation's verbeteragenda: for a round, for a checklist assessment, or neither
    (an action of the organisation that outlived its round)."""

    id: int
    organisation_id: int
    wat: str
    round_id: int | None = None
    assessment_id: int | None = None
    waarom: str = ""  # the title of the theme or dimension it answers to
    target_id: str | None = None  # the id of that theme or dimension
    wie: str = ""
    wanneer: str | None = None  # ISO date, "YYYY-MM-DD"
    status: str = "gepland"  # gepland, bezig, gedaan or gestopt
    result_note: str = ""
    source: str = "handmatig"  # handmatig, verbetertip or actiepunt
    created_at: str = ""
    updated_at: str = ""


@dataclass(frozen=True, slots=True)
class Process:
    """A process or project of an organisation that the inclusiviteit-checklist looks at, with the name
    and type of its organisation and how many assessments it has (read together with it)."""

    id: int
    organisation_id: int
    name: str
    description: str = ""
    phase: str | None = None  # the phase ids of the checklist (questions/*.yaml)
    participation_level: str | None = None
    target_groups: tuple[str, ...] = ()
    created_at: str = ""
    organisation_name: str = ""
    organisation_type: str = ""
    assessment_count: int = 0

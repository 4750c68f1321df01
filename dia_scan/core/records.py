"""The records storage hands out: one frozen dataclass per aggregate, instead of dict rows.

Storage builds them at its edge (one helper per aggregate, beside its SQL), so JSON columns are decoded
once and flags are booleans there. Dates and timestamps stay the ISO strings they are stored as: the
callers compare and format them as text, and a record never changes a stored format. A changed copy is
made with ``dataclasses.replace``; ``dataclasses.asdict`` gives a dict where one is needed (a table, JSON).
Secrets kept as hashes (an organisation's code, the beheercode of a round or an assessment, a
participant's resume code) are not part of a record: storage reads them on request (``storage.organisation_code_hash``,
``storage.round_beheercode_hash``, ``storage.assessment_beheercode_hash``), so a record can be shown,
logged or put in a page's state without one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


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


@dataclass(frozen=True, slots=True)
class Round:
    """A Quick Scan round of an organisation, with the name and type of its organisation and how many
    responses were submitted in it (read together with it). Its beheercode hash stays in storage."""

    id: int
    organisation_id: int
    instrument_id: str
    instrument_version: int
    title: str
    join_code: str
    k: int
    period_start: str | None = None  # ISO date, "Open vanaf"
    period_end: str | None = None  # ISO date, "Open tot en met"
    published: bool = False
    closed_at: str | None = None  # when the trekker closed it by hand
    custom_questions: tuple[dict, ...] = ()  # the maatwerkvragen: {"kind", "text", "groups"}
    results_for_participants: bool = False
    summary_published: bool = False
    languages: str | None = None  # as stored, "nl,fy,en" (i18n.parse_list); None: Dutch only
    created_at: str = ""
    organisation_name: str = ""
    organisation_type: str = ""
    submitted: int = 0

    @property
    def round_date(self) -> str:
        """The date a round goes by in comparisons and histories: its period start, or the day it was
        made (as ``storage.latest_rounds`` and ``storage.round_dates`` select it)."""
        return self.period_start or self.created_at[:10]


@dataclass(frozen=True, slots=True)
class Assessment:
    """One assessment of a process with the inclusiviteit-checklist, with the name and organisation of its
    process and how many assessors joined and said "klaar" (read together with it). Its beheercode hash
    stays in storage."""

    id: int
    process_id: int
    instrument_id: str
    instrument_version: int
    title: str
    mode: str  # samen (one screen, the team) or apart (each assessor with the code)
    join_code: str
    published: bool = True
    closed_at: str | None = None
    phase: str | None = None  # the process's phase when it was made
    who: tuple[str, ...] = ("team",)  # who fill it in (checklist.assessments.WHO)
    languages: str | None = None  # as stored, "nl,fy,en" (i18n.parse_list)
    created_at: str = ""
    process_name: str = ""
    organisation_id: int = 0
    assessor_count: int = 0
    done_count: int = 0

    #: An assessment has no period, only published and closed count (``core.lifecycle``).
    period_start: ClassVar[None] = None
    period_end: ClassVar[None] = None


@dataclass(frozen=True, slots=True)
class Response:
    """One participant's answers to a round: started, saved as a draft on every step, then sent in. The
    hash of its resume code stays in storage (it is only looked up, ``storage.get_response_by_token_hash``)."""

    id: int
    round_id: int
    group_id: str
    draft: dict  # what the participant filled in so far: answers, priorities, open answers, step
    started_at: str = ""
    updated_at: str = ""
    submitted_at: str | None = None  # None while it is a draft

"""Builders the tests share: a round, submitted responses, a process with an assessment.

Each goes through the services (``rounds``, ``checklists``), as the app does; a test that needs
something special (random answers, open answers, a demo round found by title) keeps its own helper.
"""

from __future__ import annotations

from collections.abc import Callable

from dia_scan import storage
from dia_scan.checklist import service as checklists
from dia_scan.quickscan import rounds

QUICKSCAN = "quickscan-gemeente"

#: An answer to every statement: a value (1..5 or "dk"), or a function of (group, i) giving one.
Answer = int | str | Callable[[str, int], int | str]


def new_round(
    db, catalog, organisation_id: int, *, instrument_id: str = QUICKSCAN, title: str = "Ronde", **fields
) -> dict:
    """A round made by ``rounds.create_round`` (k, beheercode, period, ... as keywords): the stored row."""
    made = rounds.create_round(
        db, catalog, organisation_id=organisation_id, instrument_id=instrument_id, title=title, **fields
    )
    return storage.get_round(db, made.round_id)


def submit_responses(db, round_row: dict, sizes: dict[str, int], answer: Answer = 3) -> dict:
    """``sizes[group]`` responses started and sent for each group, each giving ``answer`` to every
    statement of its group (no priorities, no open answers); the round's stored row afterwards."""
    instrument = rounds.round_instrument(db, round_row)
    for group, n in sizes.items():
        for i in range(n):
            value = answer(group, i) if callable(answer) else answer
            draft = {
                "answers": {s.id: value for _, s in instrument.statements_for(group)},
                "priorities": [],
                "open": {},
            }
            handle = rounds.start_response(db, round_row, group)
            rounds.submit(db, handle.response_id, draft)
    return storage.get_round(db, round_row.id)


def new_assessment(
    db,
    catalog,
    organisation_id: int,
    *,
    name: str = "Begroting",
    mode: str = "samen",
    languages: tuple[str, ...] = ("nl",),
    **fields,
) -> tuple[int, checklists.AssessmentCreated]:
    """A process registered by ``checklists.register_process`` (description, target_groups, ... as
    keywords) with one assessment started: (process id, what ``start_assessment`` returned)."""
    process_id = checklists.register_process(
        db, catalog, organisation_id=organisation_id, name=name, **fields
    )
    return process_id, checklists.start_assessment(
        db, catalog, process_id=process_id, mode=mode, languages=languages
    )


def later_assessment_by_two(
    db, catalog, process_id: int, permit
) -> tuple[checklists.AssessmentCreated, checklists.AssessorHandle, checklists.AssessorHandle]:
    """A later assessment of the process, filled in apart, that two assessors joined (nothing answered):
    (what ``start_assessment`` returned, the first assessor, the second)."""
    later = checklists.start_assessment(db, catalog, process_id=process_id, mode="apart", permit=permit)
    assessment = checklists.get_assessment(db, later.assessment_id)
    return later, checklists.join_assessment(db, assessment), checklists.join_assessment(db, assessment)

"""Registering a checklist process as people do it: for the organisation they picked, which it joins only
with proof that they belong to it (``organisations.prove``), and its first assessment, all at once."""

from __future__ import annotations

from sqlite_utils import Database

from dia_scan import storage
from dia_scan.checklist import service
from dia_scan.checklist.service import AssessmentCreated
from dia_scan.common import organisations
from dia_scan.core.catalog import Catalog


def register_and_start(
    db: Database,
    catalog: Catalog,
    *,
    organisation: organisations.Choice,
    proof_code: str | None = None,
    held_permits=(),
    mode: str,
    assessment_options: dict | None = None,
    **process_fields,
) -> AssessmentCreated:
    """Register a process of the chosen organisation and start its first assessment. A refused process
    leaves nothing behind (no organisation either). ``assessment_options`` go to ``start_assessment``
    as they are; the process fields (name, description, ...) to ``register_process``."""
    proven_id = organisations.prove(db, organisation, proof_code=proof_code, held=held_permits)
    with storage.transaction(db):
        organisation_id = organisations.settle(db, organisation, proven_id)
        process_id = service.register_process(db, catalog, organisation_id=organisation_id, **process_fields)
        return service.start_assessment(
            db, catalog, process_id=process_id, mode=mode, **(assessment_options or {})
        )

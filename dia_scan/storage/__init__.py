"""The only place that touches the database: SQLite through sqlite-utils, or PostgreSQL through psycopg 3
(``DIA_SCAN_DB=postgresql://...``; ``engine`` and ``postgres`` say how one SQL serves both).

- One connection per use (``connect()``), never shared across threads. The file is switched to WAL and
  its schema migrated once per process (``database._PREPARED``), not on every open.
- WAL journal, a busy timeout, foreign keys on.
- Writes that must be atomic run in ``transaction(db)`` (BEGIN IMMEDIATE, so concurrent writers wait
  for each other through the busy timeout instead of failing on a lock upgrade).
- Migrations are registered, numbered steps; each runs once, inside a transaction, and re-running
  ``migrate()`` is safe.
- Per-round tallies (counts per group, question and option) are kept up to date in the same
  transaction as every submit, so reports never rescan individual answers. A submit is one
  ``BEGIN IMMEDIATE`` transaction on the caller's connection, waiting for SQLite's lock with the busy
  timeout.

The modules, one per concern: connection (settings, transactions, messages), schema (all migrations),
database (``connect``, prepared once per process), and one per kind of data: organisations, instruments,
rounds, responses, tallies, agenda, checklists, score_cache, code_attempts (wrong code tries). Callers use this package as one namespace
(``storage.get_round``). Organisations, actions, rounds, responses, checklist processes and assessments
come back as typed records (``core.records``), each built from its row by one helper beside its SQL;
assessors, answers and tallies stay dict rows."""

from __future__ import annotations

from dia_scan.storage.agenda import (  # noqa: F401
    get_action,
    insert_action,
    list_actions,
    update_action,
)
from dia_scan.storage.checklists import (  # noqa: F401
    assessment_beheercode_hash,
    checklist_answers_of_assessment,
    checklist_answers_of_assessor,
    delete_process,
    get_assessment,
    get_assessment_by_code,
    get_assessor,
    get_assessor_by_token_hash,
    get_process,
    insert_assessment,
    insert_numbered_assessor,
    insert_process,
    list_assessments,
    list_assessors,
    list_processes,
    mark_assessor_done,
    save_checklist_answer,
    update_assessment,
    update_process,
)
from dia_scan.storage.code_attempts import (  # noqa: F401
    clear_attempts,
    get_attempts,
    record_failed_attempt,
)
from dia_scan.storage.connection import (  # noqa: F401
    BUSY_MESSAGE,
    BUSY_TIMEOUT_MS,
    DEFAULT_DB,
    PROJECT_ROOT,
    StorageError,
    chunks,
    decode_json,
    default_path,
    default_target,
    fetch_all,
    fetch_one,
    friendly_errors,
    friendly_message,
    friendly_text,
    now,
    transaction,
)
from dia_scan.storage.database import (  # noqa: F401
    connect,
)
from dia_scan.storage.engine import (  # noqa: F401
    POSTGRESQL,
    SQLITE,
    DatabaseError,
    Dialects,
    IntegrityError,
    engine_of,
    is_url,
)
from dia_scan.storage.instruments import (  # noqa: F401
    get_instrument_body,
    get_instrument_body_text,
    keep_instrument,
    store_instrument_version,
)
from dia_scan.storage.organisations import (  # noqa: F401
    beheercode_hashes_of_organisation,
    get_organisation,
    insert_organisation,
    list_organisations,
    loaded_reference_gemeenten,
    organisation_code_hash,
    organisations_matching,
    organisations_per_instrument,
    replace_reference_gemeenten,
    set_organisation_code_hash,
    update_organisation,
)
from dia_scan.storage.responses import (  # noqa: F401
    ALREADY,
    MISSING,
    PRIORITIES_KEY,
    STORED,
    get_response_by_id,
    get_response_by_token_hash,
    insert_response,
    insert_submitted_responses,
    response_counts,
    save_draft,
    submit_response,
)
from dia_scan.storage.rounds import (  # noqa: F401
    delete_round,
    find_import,
    get_round,
    get_round_by_code,
    insert_round,
    join_code_exists,
    latest_rounds,
    list_rounds,
    previous_round,
    record_import,
    round_beheercode_hash,
    round_dates,
    update_round,
)
from dia_scan.storage.schema import (  # noqa: F401
    MIGRATIONS,
    Migration,
    migrate,
    migration,
    schema_version,
)
from dia_scan.storage.score_cache import (  # noqa: F401
    cached_round_scores,
    store_round_scores,
)
from dia_scan.storage.tallies import (  # noqa: F401
    background_tally_rows,
    group_counts,
    round_open_answers,
    round_raw_answers,
    round_raw_priorities,
    round_tallies,
    round_tally_rows,
    submitted_counts_of_rounds,
    tallies_of_rounds,
)

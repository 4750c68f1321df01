"""Everything that is opened with a code, once for both products: a Quick Scan round and a checklist
assessment.

- A *join code* (8 characters, on the projector) opens the questionnaire; join codes are unique across
  rounds and assessments, so one typed code always says which product it belongs to.
- A *resume code* (14 characters, shown once) brings one participant back to their own answers; the
  database keeps only its hash.
- The *beheercode* with the join code proves a facilitator; a wrong pair never says which half was wrong.
- Wrong beheercodes are counted per round or assessment in the database (:func:`guarded`), so the
  slow-down and the block hold for every browser session and every script alike; the pages add the same
  rule per session on top (``ui/common/access.py``), which also covers codes that do not exist.
- Whoever runs the server can issue a new beheercode (:func:`reset_beheercode`); the old one stops working.
- Whether it takes answers is the one rule of ``core.lifecycle`` (published, not closed, within its
  period); ``require_open`` says why not in the product's words.

The products pass a :class:`CodeKind` that names their thing in Dutch and how storage finds it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlite_utils import Database

from dia_scan import storage
from dia_scan.core import codes
from dia_scan.core.errors import ServiceError
from dia_scan.core.i18n import N_
from dia_scan.core.lifecycle import Phase, is_open, phase  # noqa: F401  (the products ask code_access)
from dia_scan.core.model import Checklist, QuickScan
from dia_scan.core.records import Assessment, Round

#: What a join code opens: a Quick Scan round or a checklist assessment.
Coded = Round | Assessment

UNKNOWN_CODE = N_("Deze code kennen we niet. Controleer de code of vraag hem na bij de organisator.")
UNKNOWN_RESUME_CODE = N_("Deze hervatcode kennen we niet. Controleer de code.")
BAD_RESUME_CODE = N_("Deze hervatcode klopt niet. Een hervatcode heeft 14 tekens, zoals ABCD-EFGH-JKMN-PQ.")

#: The throttle for wrong codes, the same per target (here) and per session (ui/common/access.py).
MAX_ATTEMPTS = 5
BLOCK_SECONDS = 60

T = TypeVar("T")
log = logging.getLogger("dia_scan.access")


class WrongCode(ServiceError):
    """A refused code check that already waited ``waited`` seconds (so a caller adds no second wait)."""

    def __init__(self, message: str, waited: float = 0.0) -> None:
        super().__init__(message)
        self.waited = waited


class CodeBlocked(WrongCode):
    """Refused because of too many wrong tries; the message already says how long to wait."""


def slow_down_seconds(failed: int) -> float:
    """How long a wrong try waits: a little longer with every wrong try, at most two seconds."""
    return min(2.0, 0.25 * failed)


def too_many_tries(wait_seconds: float) -> str:
    return f"Te veel verkeerde pogingen. Probeer het over {int(wait_seconds) + 1} seconden opnieuw."


def blocked_now(wrong: str) -> str:
    return f"{wrong} Te veel verkeerde pogingen: wacht {BLOCK_SECONDS} seconden."


def guarded(db: Database, scope: str, target: str, check: Callable[[], T | None], wrong: str) -> T:
    """Run one code check against a target (a round, an assessment, an organisation) under the throttle
    shared by every session: while the target is blocked nothing is checked; a wrong try waits a little
    and counts, and the MAX_ATTEMPTS-th blocks the target for BLOCK_SECONDS. Raises ServiceError(wrong)."""
    earlier, blocked_until = storage.get_attempts(db, scope, target)
    wait = blocked_until - time.time()
    if wait > 0:
        raise CodeBlocked(too_many_tries(wait))
    result = check()
    if result:
        if earlier:
            storage.clear_attempts(db, scope, target)
        return result
    failed, blocked = storage.record_failed_attempt(
        db, scope, target, max_attempts=MAX_ATTEMPTS, block_until=time.time() + BLOCK_SECONDS
    )
    waited = slow_down_seconds(failed)
    time.sleep(waited)
    if blocked:
        log.warning("%s %s blocked for %s s after %s wrong codes", scope, target, BLOCK_SECONDS, failed)
        raise CodeBlocked(blocked_now(wrong), waited)
    raise WrongCode(wrong, waited)


@dataclass(frozen=True)
class CodeKind:
    """One kind of thing a join code opens, with its words for the messages."""

    code_name: str  # what the participant calls the code: "deelnamecode", "code"
    find: Callable[[Database, str], Coded | None]  # storage lookup by normalised join code
    beheercode_hash: Callable[[Database, int], str | None]  # storage lookup of the hash, by id
    closed: str  # why it takes no answers once closed
    not_yet_open: str  # why it takes no answers before it is published
    scope: str  # what wrong beheercode tries are counted against: "round", "assessment"
    update: Callable[..., None]  # storage update of a row by id (for a new beheercode)
    not_started: str = ""  # before its "Open vanaf" date ({start}); only rounds have a period
    ended: str = ""  # after its "Open tot en met" date ({end})


QUICK_SCAN = CodeKind(
    code_name=N_("deelnamecode"),
    find=storage.get_round_by_code,
    beheercode_hash=storage.round_beheercode_hash,
    closed=N_("Deze scan is gesloten. U kunt geen antwoorden meer geven."),
    not_yet_open=N_("Deze scan is nog niet open. Probeer het later opnieuw of vraag de organisator."),
    scope="round",
    update=storage.update_round,
    not_started=N_("Deze scan gaat open op {start}. Probeer het dan opnieuw."),
    ended=N_("Deze scan is voorbij: meedoen kon tot en met {end}. U kunt geen antwoorden meer geven."),
)
CHECKLIST = CodeKind(
    code_name=N_("code"),
    find=storage.get_assessment_by_code,
    beheercode_hash=storage.assessment_beheercode_hash,
    closed=N_("Deze beoordeling is afgesloten. U kunt niets meer veranderen."),
    not_yet_open=N_("Deze beoordeling is afgesloten. U kunt niets meer veranderen."),
    scope="assessment",
    update=storage.update_assessment,
)


KINDS = (QUICK_SCAN, CHECKLIST)


def _well_formed(join_code: str | None, code_name: str) -> str:
    code = codes.normalise(join_code)
    if not code:
        raise ServiceError(N_("Vul de {code_name} in."), code_name=code_name)
    if not codes.looks_like_join_code(code):
        raise ServiceError(
            N_("Deze code klopt niet. Een {code_name} heeft {length} tekens, bijvoorbeeld KX7M4RPA."),
            code_name=code_name,
            length=codes.JOIN_CODE_LENGTH,
        )
    return code


def find(db: Database, join_code: str | None, kind: CodeKind) -> Coded:
    """The record behind a join code, or a ServiceError that says what is wrong with the code."""
    row = kind.find(db, _well_formed(join_code, kind.code_name))
    if row is None:
        raise ServiceError(UNKNOWN_CODE)
    return row


def find_any(db: Database, join_code: str | None, code_name: str = "code") -> tuple[CodeKind, Coded]:
    """(kind, record) of whichever product the join code belongs to: a code typed on the wrong page is
    still recognised."""
    code = _well_formed(join_code, code_name)
    for kind in KINDS:
        row = kind.find(db, code)
        if row is not None:
            return kind, row
    raise ServiceError(UNKNOWN_CODE)


def kind_of(db: Database, join_code: str | None) -> CodeKind | None:
    """Which product a join code belongs to (None when it is malformed or unknown)."""
    try:
        return find_any(db, join_code)[0]
    except ServiceError:
        return None


def authorized_row(db: Database, join_code: str | None, beheercode: str | None, kind: CodeKind) -> Coded:
    """The record, if the beheercode belongs to it; otherwise one message that gives no hint which of the
    two codes was wrong. Wrong beheercodes for an existing join code count against it (:func:`guarded`)."""
    wrong = f"De combinatie van {kind.code_name} en beheercode klopt niet."
    try:
        row = find(db, join_code, kind)
    except ServiceError:
        row = None
    if row is None:
        raise ServiceError(wrong)

    def check() -> Coded | None:
        stored = kind.beheercode_hash(db, row.id) if beheercode else None
        return row if stored and codes.verify_secret(beheercode, stored) else None

    return guarded(db, kind.scope, str(row.id), check, wrong)


def reset_beheercode(db: Database, join_code: str | None, kind: CodeKind) -> tuple[Coded, str]:
    """A new beheercode for a round or assessment, for whoever runs the server (``dia-scan
    reset-beheercode``): the old code stops working and the wrong tries are forgotten. Logged.
    Returns (record, the new beheercode, to hand over once)."""
    row = find(db, join_code, kind)
    beheercode = codes.new_secret_code()
    with storage.transaction(db):
        kind.update(db, row.id, beheercode_hash=codes.hash_secret(beheercode))
        storage.clear_attempts(db, kind.scope, str(row.id))
    log.warning(
        "new beheercode issued for %s %s (%s) by the server operator", kind.scope, row.id, row.join_code
    )
    return row, beheercode


def require_open(row: Coded, kind: CodeKind) -> None:
    """Nothing when it takes answers now; otherwise a ServiceError that says why, with the date."""
    current = phase(row)
    if current is Phase.CLOSED:
        raise ServiceError(kind.closed)
    if current is Phase.NOT_PUBLISHED:
        raise ServiceError(kind.not_yet_open)
    if current is Phase.NOT_STARTED:
        raise ServiceError(kind.not_started, start=_day(row.period_start))
    if current is Phase.ENDED:
        raise ServiceError(kind.ended, end=_day(row.period_end))


def _day(value: object) -> object:
    """A stored date ("2026-03-02") as a date, so a message writes it out in the reader's language."""
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return value or ""


@dataclass(frozen=True)
class NewCodes:
    """The codes of something new: shown once; the database keeps the beheercode only as a hash."""

    join_code: str
    beheercode: str
    beheercode_hash: str
    instrument_id: str
    instrument_version: int

    @property
    def stored(self) -> dict:
        """The columns every row joined with a code stores: its instrument version and its codes."""
        return {
            "instrument_id": self.instrument_id,
            "instrument_version": self.instrument_version,
            "join_code": self.join_code,
            "beheercode_hash": self.beheercode_hash,
        }


def new_codes(
    db: Database,
    instrument: QuickScan | Checklist,
    join_code: str | None = None,
    beheercode: str | None = None,
) -> NewCodes:
    """Codes for a new round or assessment on ``instrument``: the given ones (the demo, tests) or
    fresh random ones. The instrument's version is kept, so the row is always read with the
    questions it was answered on."""
    if join_code and not codes.looks_like_join_code(join_code):
        raise ServiceError("Een deelnamecode heeft 8 tekens zonder 0, O, 1, I of L.")
    storage.keep_instrument(db, instrument)
    join_code = codes.normalise(join_code) if join_code else unique_join_code(db)
    beheercode = beheercode or codes.new_secret_code()
    return NewCodes(join_code, beheercode, codes.hash_secret(beheercode), instrument.id, instrument.version)


def unique_join_code(db: Database) -> str:
    """A new join code that no round or assessment has."""
    for _ in range(50):
        code = codes.new_join_code()
        if not storage.join_code_exists(db, code):
            return code
    raise ServiceError("Er kon geen nieuwe code worden gemaakt. Probeer het opnieuw.")


def new_resume_code() -> tuple[str, str]:
    """(resume code to show once, hash to store)."""
    code = codes.new_secret_code()
    return code, codes.token_hash(code)


def resume_hash(resume_code: str | None) -> str:
    """The stored hash of a typed resume code, or a ServiceError when it cannot be one."""
    code = codes.normalise(resume_code)
    if len(code) != codes.SECRET_CODE_LENGTH:
        raise ServiceError(BAD_RESUME_CODE)
    return codes.token_hash(code)


def find_by_resume_code(
    db: Database, resume_code: str | None, lookup: Callable[[Database, str], T | None]
) -> T:
    """The participant's response or assessor (a record or a row) behind a resume code."""
    row = lookup(db, resume_hash(resume_code))
    if row is None:
        raise ServiceError(UNKNOWN_RESUME_CODE)
    return row

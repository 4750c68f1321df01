"""Everything that is opened with a code, once for both products: a Quick Scan round and a checklist
assessment.

- A *join code* (8 characters, on the projector) opens the questionnaire; join codes are unique across
  rounds and assessments, so one typed code always says which product it belongs to.
- A *resume code* (14 characters, shown once) brings one participant back to their own answers; the
  database keeps only its hash.
- The *beheercode* with the join code proves a facilitator; a wrong pair never says which half was wrong.
- Open means published and not closed; a closed one takes no answers.

The products pass a :class:`CodeKind` that names their thing in Dutch and how storage finds it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlite_utils import Database

from dia_scan import storage
from dia_scan.core import codes
from dia_scan.core.errors import ServiceError
from dia_scan.core.i18n import N_
from dia_scan.core.lifecycle import is_open  # noqa: F401  (the products ask code_access)

UNKNOWN_CODE = N_("Deze code kennen we niet. Controleer de code of vraag hem na bij de organisator.")
UNKNOWN_RESUME_CODE = N_("Deze hervatcode kennen we niet. Controleer de code.")
BAD_RESUME_CODE = N_("Deze hervatcode klopt niet. Een hervatcode heeft 14 tekens, zoals ABCD-EFGH-JKMN-PQ.")


@dataclass(frozen=True)
class CodeKind:
    """One kind of thing a join code opens, with its words for the messages."""

    code_name: str  # what the participant calls the code: "deelnamecode", "code"
    find: Callable[[Database, str], dict | None]  # storage lookup by normalised join code
    closed: str  # why it takes no answers once closed
    not_yet_open: str  # why it takes no answers before it is published


QUICK_SCAN = CodeKind(
    code_name="deelnamecode",
    find=storage.get_round_by_code,
    closed=N_("Deze scan is gesloten. U kunt geen antwoorden meer geven."),
    not_yet_open=N_("Deze scan is nog niet open. Probeer het later opnieuw of vraag de organisator."),
)
CHECKLIST = CodeKind(
    code_name="code",
    find=storage.get_assessment_by_code,
    closed=N_("Deze beoordeling is afgesloten. U kunt niets meer veranderen."),
    not_yet_open=N_("Deze beoordeling is afgesloten. U kunt niets meer veranderen."),
)


KINDS = (QUICK_SCAN, CHECKLIST)


def _well_formed(join_code: str | None, code_name: str) -> str:
    code = codes.normalise(join_code)
    if not code:
        raise ServiceError(f"Vul de {code_name} in.")
    if not codes.looks_like_join_code(code):
        raise ServiceError(
            f"Deze code klopt niet. Een {code_name} heeft {codes.JOIN_CODE_LENGTH} tekens, bijvoorbeeld KX7M4RPA."
        )
    return code


def find(db: Database, join_code: str | None, kind: CodeKind) -> dict:
    """The row behind a join code, or a ServiceError that says what is wrong with the code."""
    row = kind.find(db, _well_formed(join_code, kind.code_name))
    if row is None:
        raise ServiceError(UNKNOWN_CODE)
    return row


def find_any(db: Database, join_code: str | None, code_name: str = "code") -> tuple[CodeKind, dict]:
    """(kind, row) of whichever product the join code belongs to: a code typed on the wrong page is
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


def authorized_row(db: Database, join_code: str | None, beheercode: str | None, kind: CodeKind) -> dict:
    """The row, if the beheercode belongs to it; otherwise one message that gives no hint which of the
    two codes was wrong."""
    try:
        row = find(db, join_code, kind)
    except ServiceError:
        row = None
    if row is None or not beheercode or not codes.verify_secret(beheercode, row["beheercode_hash"]):
        raise ServiceError(f"De combinatie van {kind.code_name} en beheercode klopt niet.")
    return row


def require_open(row: dict, kind: CodeKind) -> None:
    if row["closed_at"]:
        raise ServiceError(kind.closed)
    if not row["published"]:
        raise ServiceError(kind.not_yet_open)


@dataclass(frozen=True)
class NewCodes:
    """The codes of something new: shown once; the database keeps the beheercode only as a hash."""

    join_code: str
    beheercode: str
    beheercode_hash: str


def new_codes(db: Database, join_code: str | None = None, beheercode: str | None = None) -> NewCodes:
    """Codes for a new round or assessment: the given ones (the demo, tests) or fresh random ones."""
    if join_code and not codes.looks_like_join_code(join_code):
        raise ServiceError("Een deelnamecode heeft 8 tekens zonder 0, O, 1, I of L.")
    join_code = codes.normalise(join_code) if join_code else unique_join_code(db)
    beheercode = beheercode or codes.new_secret_code()
    return NewCodes(join_code, beheercode, codes.hash_secret(beheercode))


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
    db: Database, resume_code: str | None, lookup: Callable[[Database, str], dict | None]
) -> dict:
    """The participant's row (response or assessor) behind a resume code."""
    row = lookup(db, resume_hash(resume_code))
    if row is None:
        raise ServiceError(UNKNOWN_RESUME_CODE)
    return row

"""Proofs of access that the facilitator and coordinator services require.

Access is enforced here, in the services, not only in the pages. A facilitator proves access to one
Quick Scan round (or one checklist process) with its deelnamecode plus beheercode; a coordinator logs
in with an account. Only the code and account checks issue a permit:

- :class:`RoundPermit` from ``rounds.authorize`` (after the beheercode check) and ``rounds.create_round``
  (the maker of a round gets its codes);
- :class:`ProcessPermit` from ``checklists.authorize`` and ``checklists.start_assessment``;
- :class:`CoordinatorPermit` from ``coordinators.login``.

Every service that changes a round, a process, an agenda or a profile, or that opens facilitator data
(``rounds.managed_round``, ``rounds.monitor``, ``checklists.managed_process``, ``feedback.preview_summary``),
takes a permit and checks that it belongs to what is asked for. A permit carries a seal (an HMAC of its
fields with a key made when the server starts), so a permit made by hand, or copied with other fields
(``dataclasses.replace``), is refused; ``tests/test_permits.py`` also checks that only the modules above
call the ``issue_*`` functions. Pages keep permits in the server-side session state, so a browser cannot
make or change one.

A facilitator who wants the same round in a second window (Live on the beamer) gets a *round pass*
(``round_pass``): the round's id, an expiry time and a seal, never the beheercode. It is redeemed with
``redeem_round_pass`` for a permit of that round only, by this server process, until it expires or the
round stops taking answers (see ``round_pass`` for why).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import astuple, dataclass, field

from dia_scan.core import lifecycle
from dia_scan.core.errors import AccessDenied
from dia_scan.core.records import Process, Round

_KEY = secrets.token_bytes(32)  # per server process; permits live only in its session state

NO_ROUND_ACCESS = "U heeft geen toegang tot deze ronde. Open de ronde met de deelnamecode en de beheercode."
NO_PROCESS_ACCESS = "U heeft geen toegang tot dit proces. Open het proces met de code en de beheercode."
NO_ORGANISATION_ACCESS = (
    "U heeft geen toegang tot deze organisatie. Open een ronde van de organisatie met de deelnamecode en "
    "de beheercode, of log in als coördinator."
)


def _seal(kind: str, fields: tuple) -> str:
    return hmac.new(_KEY, repr((kind, fields)).encode(), hashlib.sha256).hexdigest()


class _Permit:
    def _fields(self) -> tuple:
        return astuple(self)[:-1]  # everything but the seal

    def __post_init__(self) -> None:
        if not _sealed(self):
            raise AccessDenied("Deze toegang is niet geldig.")


def _sealed(permit: _Permit) -> bool:
    seal = getattr(permit, "seal", None)
    expected = _seal(type(permit).__name__, permit._fields())
    return isinstance(seal, str) and hmac.compare_digest(seal, expected)


@dataclass(frozen=True)
class RoundPermit(_Permit):
    """The holder proved the beheercode of one Quick Scan round."""

    round_id: int
    organisation_id: int
    join_code: str
    seal: str = field(default="", repr=False, compare=False)


@dataclass(frozen=True)
class ProcessPermit(_Permit):
    """The holder proved the beheercode of an assessment of this checklist process (all its assessments)."""

    process_id: int
    organisation_id: int
    seal: str = field(default="", repr=False, compare=False)


@dataclass(frozen=True)
class CoordinatorPermit(_Permit):
    """A logged-in coordinator: aggregates of every organisation, and profiles to edit."""

    name: str
    seal: str = field(default="", repr=False, compare=False)


# -- issuing (only after a code or account check; see the module docstring) ----------------------


def issue_round(round_row: Round) -> RoundPermit:
    fields = (int(round_row.id), int(round_row.organisation_id), str(round_row.join_code))
    return RoundPermit(*fields, _seal("RoundPermit", fields))


def issue_process(process: Process) -> ProcessPermit:
    fields = (int(process.id), int(process.organisation_id))
    return ProcessPermit(*fields, _seal("ProcessPermit", fields))


def issue_coordinator(name: str) -> CoordinatorPermit:
    fields = (str(name),)
    return CoordinatorPermit(*fields, _seal("CoordinatorPermit", fields))


# -- checking ------------------------------------------------------------------------------------


def _genuine(permit: object, kind: type) -> bool:
    return type(permit) is kind and _sealed(permit)  # type: ignore[arg-type]


def require_round(permit: object, round_id: int | None = None) -> RoundPermit:
    """The permit, if it is a genuine round permit (for this round, when one is given)."""
    if not _genuine(permit, RoundPermit) or (round_id is not None and permit.round_id != int(round_id)):  # type: ignore[attr-defined]
        raise AccessDenied(NO_ROUND_ACCESS)
    return permit  # type: ignore[return-value]


def require_process(permit: object, process_id: int | None = None) -> ProcessPermit:
    """The permit, if it is a genuine process permit (for this process, when one is given)."""
    if not _genuine(permit, ProcessPermit) or (
        process_id is not None and permit.process_id != int(process_id)  # type: ignore[attr-defined]
    ):
        raise AccessDenied(NO_PROCESS_ACCESS)
    return permit  # type: ignore[return-value]


def require_coordinator(permit: object) -> CoordinatorPermit:
    if not _genuine(permit, CoordinatorPermit):
        raise AccessDenied("Alleen coördinatoren kunnen dit zien. Log in op de pagina Vergelijken.")
    return permit  # type: ignore[return-value]


# -- a round pass: the same round in a second window ---------------------------------------------

#: How long a round pass opens its round: one workshop day.
PASS_SECONDS = 12 * 60 * 60
EXPIRED_PASS = (
    "Deze link voor een tweede venster is verlopen. Open de ronde met de deelnamecode en de beheercode."
)


ENDED_PASS = (
    "Deze link voor een tweede venster werkt niet meer: de ronde is gesloten (met de schakelaar of "
    "doordat de einddatum voorbij is) of heeft een nieuwe beheercode. Open de ronde met de deelnamecode "
    "en de beheercode."
)


def round_pass(permit: object, round_row: Round, beheercode_hash: str, *, now: float | None = None) -> str:
    """A sealed pass that opens the round of a genuine ``permit`` in another window until it expires,
    or until the round stops taking answers or gets a new beheercode: all three are in the seal, so
    the pass ends then (the caller reads the round's current ``beheercode_hash`` from storage).

    A round stops taking answers when the trekker closes it *or* when its end date passes, and a pass
    ends at either moment alike. What a pass grants is not a view but the round's whole permit (open
    and close, results, delete), held by whoever has the link, which is kept in the browser's history.
    It is meant for Live while the workshop's answers come in; when answering is over, every screen,
    the invitation and the JSON status call the round closed, and the pass follows the same rule, so
    there is one moment at which a round's links stop working, whichever way it closed. (A read-only
    pass for an ended round would need a second kind of permit on every page, for a screen whose
    numbers are on Resultaten anyway.) A pass made after the round stopped (to show Live after the
    workshop) works until the round takes answers again, by reopening with a new end date."""
    held = require_round(permit, round_row.id)
    expires = int((time.time() if now is None else now) + PASS_SECONDS)
    return f"{held.round_id}.{expires}.{_pass_seal(round_row, beheercode_hash, expires)}"


def pass_round_id(token: object) -> int | None:
    """The round a pass claims to be for (not yet checked), or None when it is no pass at all."""
    parts = str(token or "").split(".")
    return int(parts[0]) if len(parts) == 3 and parts[0].isdigit() and parts[1].isdigit() else None


def redeem_round_pass(
    token: object, round_row: Round, beheercode_hash: str, *, now: float | None = None
) -> RoundPermit:
    """The permit a pass stands for, if it is sealed by this server for ``round_row`` with its current
    ``beheercode_hash`` and has not expired; otherwise AccessDenied."""
    parts = str(token or "").split(".")
    if pass_round_id(token) != int(round_row.id):
        raise AccessDenied(NO_ROUND_ACCESS)
    expires = int(parts[1])
    if not hmac.compare_digest(parts[2], _pass_seal(round_row, beheercode_hash, expires)):
        # forged, or made before the round stopped taking answers or got a new beheercode
        raise AccessDenied(ENDED_PASS if lifecycle.is_over(round_row) else NO_ROUND_ACCESS)
    if (time.time() if now is None else now) > expires:
        raise AccessDenied(EXPIRED_PASS)
    return issue_round(round_row)


def _pass_seal(round_row: Round, beheercode_hash: str, expires: int) -> str:
    fields = (
        int(round_row.id),
        int(round_row.organisation_id),
        str(round_row.join_code),
        str(round_row.closed_at or ""),  # closing the round ends its passes
        lifecycle.is_over(round_row),  # so does its end date passing (and reopening, for a later pass)
        str(beheercode_hash),  # so does a new beheercode (dia-scan reset-beheercode)
        expires,
    )
    return _seal("RoundPass", fields)[:40]


def require_organisation(permit: object, organisation_id: int) -> None:
    """A coordinator, or a facilitator of a round or process of this organisation."""
    if _genuine(permit, CoordinatorPermit):
        return
    if (_genuine(permit, RoundPermit) or _genuine(permit, ProcessPermit)) and (
        permit.organisation_id == int(organisation_id)  # type: ignore[attr-defined]
    ):
        return
    raise AccessDenied(NO_ORGANISATION_ACCESS)

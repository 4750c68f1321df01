"""Facilitator access: a round (or process) is opened with its deelnamecode plus beheercode.

Granted access is remembered in this browser session only; a second window of the same browser gets
it through a link with a window pass (``window_link``: sealed, for one round, expiring; never the
beheercode). Wrong attempts slow down and then block for a while per session (here, also for codes that
do not exist) and per round or assessment in the database (``common/code_access.guarded``), with the same
rule, so a script that opens new sessions gains nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from dia_scan.common.code_access import (
    BLOCK_SECONDS,
    MAX_ATTEMPTS,
    CodeBlocked,
    blocked_now,
    slow_down_seconds,
    too_many_tries,
)
from dia_scan.core import permits
from dia_scan.core.errors import ServiceError
from dia_scan.core.permits import RoundPermit
from dia_scan.core.records import Round
from dia_scan.quickscan import rounds

T = TypeVar("T")
_KEY = "managed_rounds"  # round id -> RoundPermit (kept server-side, never sent to the browser)
PASS_PARAM = "venster"  # query parameter of a window pass


def _attempts() -> dict:
    return st.session_state.setdefault("_access_attempts", {"failed": 0, "blocked_until": 0.0})


def grant(permit: RoundPermit) -> None:
    st.session_state.setdefault(_KEY, {})[permit.round_id] = permit
    st.session_state["current_round"] = permit.round_id


def forget(round_id: int) -> None:
    """Drop this session's access to a round (after it was deleted)."""
    st.session_state.get(_KEY, {}).pop(round_id, None)
    if st.session_state.get("current_round") == round_id:
        del st.session_state["current_round"]


def managed_round_ids() -> dict[int, str]:
    """Round id -> join code of every round this session manages."""
    return {rid: permit.join_code for rid, permit in st.session_state.get(_KEY, {}).items()}


def permit_for(round_row: Round | int) -> RoundPermit:
    """The permit this session holds for the round (a row or an id); the services refuse anything else."""
    round_id = round_row if isinstance(round_row, int) else round_row.id
    permit = st.session_state.get(_KEY, {}).get(round_id)
    if permit is None:
        raise permits.AccessDenied(permits.NO_ROUND_ACCESS)
    return permit


def throttled(authorize: Callable[[], T]) -> T | None:
    """Run a code check; a wrong code slows the session down, and MAX_ATTEMPTS wrong ones block it.

    One counter per session for every login form, so guessing cannot switch between forms.
    """
    state = _attempts()
    wait = state["blocked_until"] - time.time()
    if wait > 0:
        st.error(too_many_tries(wait))
        return None
    try:
        row = authorize()
    except ServiceError as err:
        state["failed"] += 1
        # the same rule per round already waited in the service; together they wait the longer of the two
        time.sleep(max(0.0, slow_down_seconds(state["failed"]) - getattr(err, "waited", 0.0)))
        if state["failed"] >= MAX_ATTEMPTS:
            state["blocked_until"] = time.time() + BLOCK_SECONDS
            state["failed"] = 0
            st.error(str(err) if isinstance(err, CodeBlocked) else blocked_now(str(err)))
        else:
            st.error(str(err))
        return None
    state["failed"] = 0
    return row


def try_login(conn, join_code: str, beheercode: str) -> RoundPermit | None:
    permit = throttled(lambda: rounds.authorize(conn, join_code, beheercode))
    if permit is not None:
        grant(permit)
    return permit


def window_link(conn, round_row: Round, page: str) -> str:
    """A link (relative to the current page) that opens ``page`` for this round in another window of
    the browser without asking for the codes again, for a workshop day."""
    return f"{page}?{PASS_PARAM}={rounds.window_pass(conn, permit_for(round_row), round_row)}"


def _redeem_window_pass(conn) -> None:
    """Grant the round of a window pass in the address, then take the pass out of the address bar (a
    beamer shows it)."""
    token = st.query_params.get(PASS_PARAM)
    if not token:
        return
    del st.query_params[PASS_PARAM]
    try:
        grant(rounds.redeem_window_pass(conn, token))
    except ServiceError as err:
        st.error(str(err))


def require_round(conn, *, purpose: str = "deze ronde te beheren", key: str = "access") -> Round:
    """The round this session manages; otherwise a login form (and the page stops)."""
    _redeem_window_pass(conn)
    managed = managed_round_ids()
    current = st.session_state.get("current_round")
    if managed:
        if current not in managed:
            current = next(iter(managed))
        if len(managed) > 1:
            options = list(managed)
            labels = {}
            for rid in options:
                row = _managed_row(conn, rid)
                labels[rid] = f"{row.organisation_name}: {row.title} ({row.join_code})" if row else str(rid)
            current = st.selectbox(
                "Ronde",
                options,
                index=options.index(current),
                format_func=lambda r: labels[r],
                key=f"{key}_pick",
            )
            st.session_state["current_round"] = current
        row = _managed_row(conn, current)
        if row is not None:
            return row
    st.info(f"Vul de deelnamecode en de beheercode in om {purpose}.")
    with st.form(f"{key}_login"):
        code = st.text_input("Deelnamecode", max_chars=20, key=f"{key}_code")
        secret = st.text_input("Beheercode", type="password", max_chars=40, key=f"{key}_secret")
        submitted = st.form_submit_button("Openen", type="primary")
    if submitted:
        row = try_login(conn, code, secret)
        if row is not None:
            st.rerun()
    st.stop()


def _managed_row(conn, round_id: int) -> Round | None:
    try:
        return rounds.managed_round(conn, st.session_state[_KEY][round_id])
    except (KeyError, ServiceError):
        return None

"""Use cases of a Quick Scan round: set up, open/close, join, answer, resume, submit.

Pages and the CLI call these; they never import streamlit. Errors a user can cause raise
:class:`ServiceError` with a plain Dutch message.

Longer than most because it is the one entry point of a round's use cases for pages and the command line;
shared code access lives in common.code_access.
"""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Literal
from urllib.parse import urlencode

from pydantic import BaseModel, Field, ValidationError, field_validator
from sqlite_utils import Database

from dia_scan import storage
from dia_scan.common import code_access, organisations
from dia_scan.core import anonymity, codes, lifecycle, permits
from dia_scan.core.catalog import Catalog, parse_instrument_json
from dia_scan.core.errors import ServiceError
from dia_scan.core.i18n import N_
from dia_scan.core.model import DONT_KNOW, OpenQuestion, QuickScan, Statement, Theme
from dia_scan.core.permits import RoundPermit
from dia_scan.core.records import Response, Round
from dia_scan.core.text import long_date
from dia_scan.quickscan.drafts import storable_text

MAX_CUSTOM_QUESTIONS = 4
MAX_TITLE = 120
MAX_OPEN_TEXT = 1500
CUSTOM_THEME_ID = "maatwerk"


class CustomQuestion(BaseModel):
    """A maatwerkvraag of one round: a statement on the agreement scale or an open question."""

    kind: Literal["stelling", "open"]
    text: str = Field(min_length=3, max_length=300)
    groups: list[str] = Field(default_factory=list)
    #: The id of the instrument's ready-made question it was picked from (None: typed by the trekker, or
    #: picked before rounds kept the id); participants then read it in their language.
    suggested: str | None = None

    @field_validator("text")
    @classmethod
    def _strip(cls, v: str) -> str:
        return " ".join(v.split())


@dataclass(frozen=True)
class RoundCreated:
    round_id: int
    join_code: str
    beheercode: str
    permit: RoundPermit  # the maker of a round manages it


@dataclass(frozen=True)
class ResponseHandle:
    response_id: int
    round_id: int
    group_id: str
    resume_code: str | None  # only known right after starting


# -- setting up ----------------------------------------------------------------------------------


def create_round(
    db: Database,
    catalog: Catalog,
    *,
    organisation_id: int,
    instrument_id: str,
    title: str,
    period_start: date | str | None = None,
    period_end: date | str | None = None,
    k: int | None = None,
    custom_questions: list[CustomQuestion | dict] | None = None,
    published: bool = True,
    join_code: str | None = None,
    beheercode: str | None = None,
) -> RoundCreated:
    """A round of an organisation chosen by the caller, without asking for proof that the caller
    belongs to it: for the demo, the benchmark and tests only. People set up rounds through
    :func:`set_up_round` (``tests/common/test_organisation_proof.py`` checks who calls this)."""
    title = _clean_title(title)
    if storage.get_organisation(db, organisation_id) is None:
        raise ServiceError("Kies een organisatie.")
    instrument = catalog.instruments.get(instrument_id)
    if not isinstance(instrument, QuickScan):
        raise ServiceError("Kies een vragenlijst (Quick Scan).")
    k = anonymity.check_k(instrument.default_k if k is None else k)
    start, end = _period(period_start, period_end)
    questions = _check_custom_questions(instrument, custom_questions or [])
    new = code_access.new_codes(db, instrument, join_code, beheercode)
    round_id = storage.insert_round(
        db,
        organisation_id=organisation_id,
        title=title,
        period_start=start,
        period_end=end,
        published=int(published),
        k=k,
        custom_questions=[q.model_dump(exclude_none=True) for q in questions],
        **new.stored,
    )
    permit = permits.issue_round(storage.get_round(db, round_id))
    return RoundCreated(round_id, new.join_code, new.beheercode, permit)


def _clean_title(title: str | None) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ServiceError("Geef de ronde een titel.")
    if len(title) > MAX_TITLE:
        raise ServiceError(f"De titel is te lang (maximaal {MAX_TITLE} tekens).")
    return title


def _period(start: date | str | None, end: date | str | None) -> tuple[str | None, str | None]:
    start_text, end_text = _date_text(start), _date_text(end)
    if start_text and end_text and end_text < start_text:
        raise ServiceError("De einddatum ligt vóór de begindatum.")
    return start_text, end_text


def _date_text(value: date | str | None) -> str | None:
    """A period date as ISO text; anything that is not a real date is refused."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    try:
        if len(text) == 10 and text[2] == "-" and text[5] == "-":  # 01-03-2026, as Dutch people write it
            return date(int(text[6:]), int(text[3:5]), int(text[:2])).isoformat()
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise ServiceError("Vul een geldige datum in (dag-maand-jaar), bijvoorbeeld 01-03-2026.") from None


def _check_custom_questions(instrument: QuickScan, raw: list) -> list[CustomQuestion]:
    if len(raw) > MAX_CUSTOM_QUESTIONS:
        raise ServiceError(f"U kunt hoogstens {MAX_CUSTOM_QUESTIONS} eigen vragen toevoegen.")
    out = []
    for i, q in enumerate(raw, start=1):
        try:
            question = q if isinstance(q, CustomQuestion) else CustomQuestion.model_validate(q)
        except ValidationError:
            raise ServiceError(
                f"Eigen vraag {i}: schrijf een vraag of stelling van 3 tot 300 tekens en kies stelling of open vraag."
            ) from None
        unknown = [g for g in question.groups if g not in instrument.group_ids]
        if unknown:
            raise ServiceError(f"Eigen vraag {i}: de groep '{unknown[0]}' hoort niet bij deze vragenlijst.")
        if question.suggested is not None:
            ready = {q.id: q for q in instrument.suggested_custom_questions}.get(question.suggested)
            if ready is None or (ready.kind, ready.text) != (question.kind, question.text):
                raise ServiceError(
                    f"Eigen vraag {i}: dit is geen kant-en-klare vraag van deze vragenlijst. "
                    "Kies hem opnieuw, of typ hem als eigen vraag."
                )
        out.append(question)
    return out


# -- finding and managing ------------------------------------------------------------------------


def find_round(db: Database, join_code: str | None) -> Round:
    """The round behind a join code, or a ServiceError that says what is wrong."""
    return code_access.find(db, join_code, code_access.QUICK_SCAN)


def open_for_answers(round_row: Round) -> bool:
    return code_access.is_open(round_row)


def require_open(round_row: Round) -> None:
    code_access.require_open(round_row, code_access.QUICK_SCAN)


def authorize(db: Database, join_code: str, beheercode: str) -> RoundPermit:
    """A permit for the round, if the beheercode belongs to it; otherwise a ServiceError (no hint which
    part was wrong)."""
    return permits.issue_round(code_access.authorized_row(db, join_code, beheercode, code_access.QUICK_SCAN))


def window_pass(db: Database, permit: RoundPermit, round_row: Round) -> str:
    """A pass that opens this round in a second window of the same browser (Live on the beamer),
    without the beheercode in the address, until the round is closed; see ``core.permits``."""
    return permits.round_pass(permit, round_row, _beheercode_hash(db, round_row))


def redeem_window_pass(db: Database, token: str | None) -> RoundPermit:
    """The permit a window pass stands for; AccessDenied when it is forged, expired or for no round."""
    round_id = permits.pass_round_id(token)
    row = storage.get_round(db, round_id) if round_id is not None else None
    if row is None:
        raise permits.AccessDenied(permits.NO_ROUND_ACCESS)
    return permits.redeem_round_pass(token, row, _beheercode_hash(db, row))


def _beheercode_hash(db: Database, round_row: Round) -> str:
    return storage.round_beheercode_hash(db, round_row.id) or ""


def managed_round(db: Database, permit: RoundPermit) -> Round:
    """The (fresh) row of the round a facilitator manages."""
    permits.require_round(permit)
    row = storage.get_round(db, permit.round_id)
    if row is None:
        raise ServiceError("Deze ronde bestaat niet (meer).")
    return row


def set_published(
    db: Database, permit: RoundPermit, published: bool, *, until: date | str | None = None
) -> None:
    """Open or close the round for answers. Closing (also before the end date) records when; opening
    again clears it. A round whose end date has passed opens again only with a new end date ``until``
    (today or later), so what the invitation promised stays true."""
    row = managed_round(db, permit)
    fields: dict = {"published": int(published), "closed_at": None if published else storage.now()}
    if published and until not in (None, ""):
        end = _date_text(until)
        if end < lifecycle.local_today().isoformat():
            raise ServiceError("Kies als nieuwe einddatum vandaag of een latere dag.")
        fields["period_start"], fields["period_end"] = _period(row.period_start, end)
    elif published and lifecycle.needs_new_end(row):
        raise ServiceError(
            f"De einddatum ({long_date(row.period_end)}) is voorbij. "
            "Kies een nieuwe einddatum om de scan weer te openen."
        )
    storage.update_round(db, permit.round_id, **fields)


def set_results_for_participants(db: Database, permit: RoundPermit, allowed: bool) -> None:
    managed_round(db, permit)
    storage.update_round(db, permit.round_id, results_for_participants=int(allowed))


def update_details(
    db: Database,
    permit: RoundPermit,
    *,
    title: str,
    period_start: date | str | None = None,
    period_end: date | str | None = None,
) -> None:
    """Correct a round's title and period. What was asked (questions, groups, k) stays as it is: the
    answers given must keep meaning what they meant."""
    managed_round(db, permit)
    title = _clean_title(title)
    start, end = _period(period_start, period_end)
    storage.update_round(db, permit.round_id, title=title, period_start=start, period_end=end)


def delete_round(db: Database, permit: RoundPermit, confirm_join_code: str | None) -> dict[str, int]:
    """Delete a round with every answer given in it (for a test round, or when the retention period
    is over). Only a closed round, and only when the round's join code is typed again to confirm.
    Actions on the verbeteragenda made from it stay with the organisation. Returns what was deleted."""
    row = managed_round(db, permit)
    if open_for_answers(row):
        raise ServiceError("Sluit de scan eerst. Een scan die openstaat kunt u niet verwijderen.")
    if codes.normalise(confirm_join_code) != row.join_code:
        raise ServiceError("Typ de deelnamecode van deze ronde over om het verwijderen te bevestigen.")
    return storage.delete_round(db, permit.round_id)


def monitor(db: Database, permit: RoundPermit) -> list[dict]:
    """Started and submitted responses per group, in the instrument's group order (facilitators only)."""
    round_row = managed_round(db, permit)
    instrument = round_instrument(db, round_row)
    counts = storage.group_counts(db, round_row.id)
    return [
        {
            "group_id": g.id,
            "group": g.label,
            "gestart": counts.get(g.id, {}).get("started", 0),
            "ingediend": counts.get(g.id, {}).get("submitted", 0),
        }
        for g in instrument.groups
    ]


# -- the instrument a round uses -----------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _parse_snapshot(body: str):
    """Parsing a snapshot costs more than a submit's SQL; the text is the cache key, so a changed
    snapshot (another database, another version) is parsed anew. The models are frozen."""
    return parse_instrument_json(json.loads(body))


def own_questions(round_row: Round) -> list[CustomQuestion]:
    """The round's own questions (maatwerkvragen), in the order the trekker added them."""
    return [CustomQuestion.model_validate(q) for q in round_row.custom_questions]


def own_question_id(number: int, question: CustomQuestion) -> str:
    """The id of the round's ``number``-th own question in its instrument (``maatwerk_2``, ``maatwerk_open_3``)."""
    return (
        f"{CUSTOM_THEME_ID}_{number}" if question.kind == "stelling" else f"{CUSTOM_THEME_ID}_open_{number}"
    )


def is_own_question(question_id: str) -> bool:
    """Whether an id is that of a round's own question (see ``own_question_id``)."""
    return re.fullmatch(rf"{CUSTOM_THEME_ID}(_open)?_\d+", question_id) is not None


def round_instrument(db: Database, round_row: Round) -> QuickScan:
    """The instrument version the round was run with, plus the round's own maatwerkvragen."""
    body = storage.get_instrument_body_text(db, round_row.instrument_id, round_row.instrument_version)
    if body is None:
        raise ServiceError(N_("De vragenlijst van deze ronde is niet gevonden."))
    base = _parse_snapshot(body)
    assert isinstance(base, QuickScan)
    custom = own_questions(round_row)
    statements = [
        Statement(id=own_question_id(i, q), text=q.text, groups=q.groups)
        for i, q in enumerate(custom, start=1)
        if q.kind == "stelling"
    ]
    opens = [
        OpenQuestion(id=own_question_id(i, q), text=q.text, groups=q.groups)
        for i, q in enumerate(custom, start=1)
        if q.kind == "open"
    ]
    if not statements and not opens:
        return base
    themes = list(base.themes)
    if statements:
        themes.append(
            Theme(
                id=CUSTOM_THEME_ID,
                title="Eigen vragen van de organisatie",
                short="Eigen vragen",
                description="Vragen die de organisatie zelf aan deze scan heeft toegevoegd.",
                custom=True,
                statements=statements,
            )
        )
    return base.model_copy(update={"themes": themes, "open_questions": list(base.open_questions) + opens})


# -- answering -----------------------------------------------------------------------------------


def start_response(
    db: Database, round_row: Round, group_id: str, *, check_open: bool = True, draft: dict | None = None
) -> ResponseHandle:
    """A new response of this group, stored with its first ``draft``; its resume code is only in the
    handle (the database keeps a hash)."""
    if check_open:
        require_open(round_row)
    instrument = round_instrument(db, round_row)
    if group_id not in instrument.group_ids:
        raise ServiceError(N_("Kies een van de groepen uit de lijst."))
    resume_code, resume_hash = code_access.new_resume_code()
    response_id = storage.insert_response(db, round_row.id, group_id, resume_hash, draft)
    return ResponseHandle(response_id, round_row.id, group_id, resume_code)


def resume_response(db: Database, resume_code: str | None) -> tuple[Response, Round]:
    """(response with its draft, round) for a resume code."""
    response = code_access.find_by_resume_code(db, resume_code, storage.get_response_by_token_hash)
    round_row = storage.get_round(db, response.round_id)
    assert round_row is not None
    return response, round_row


def save_draft(db: Database, response_id: int, draft: dict) -> bool:
    return storage.save_draft(db, response_id, draft)


@dataclass(frozen=True)
class Submission:
    answers: dict[str, int | str]
    priorities: list[str]
    open_answers: dict[str, str]
    background: dict[str, str] = field(default_factory=dict)


def clean_submission(instrument: QuickScan, group_id: str, draft: dict) -> Submission:
    """Check a draft against the instrument; a value outside the scale or an unknown id is refused."""
    forged = ServiceError(
        N_("De antwoorden konden niet worden gelezen. Laad de pagina opnieuw en probeer het nog eens.")
    )
    if not isinstance(draft, dict):
        raise forged
    for key in ("answers", "open", "background"):
        if draft.get(key) is not None and not isinstance(draft.get(key), dict):
            raise forged
    raw_priorities = draft.get("priorities") or []
    if not isinstance(raw_priorities, list) or not all(isinstance(p, str) for p in raw_priorities):
        raise ServiceError(N_("De gekozen prioriteiten kloppen niet."))
    # the values each of the group's statements allows: one set per scale, not a search per answer
    scale_values = {scale.id: {p.value for p in scale.points} for scale in instrument.scales}
    allowed = {
        s.id: scale_values[s.scale or instrument.default_scale]
        for _, s in instrument.statements_for(group_id)
    }
    answers: dict[str, int | str] = {}
    for qid, value in (draft.get("answers") or {}).items():
        if value in (None, ""):
            continue
        if qid not in allowed:
            raise ServiceError(N_("Er zit een antwoord bij op een vraag die niet bij uw groep hoort."))
        if value == DONT_KNOW:
            answers[qid] = DONT_KNOW
            continue
        try:
            number = int(value)
        except (TypeError, ValueError, OverflowError):
            number = None
        if number is None or number not in allowed[qid] or str(value).strip() != str(number):
            raise ServiceError(N_("Een van de antwoorden valt buiten de antwoordschaal."))
        answers[qid] = number
    priorities = [p for p in (draft.get("priorities") or []) if p]
    theme_ids = {t.id for t in instrument.themes if not t.custom}
    if any(p not in theme_ids for p in priorities) or len(set(priorities)) != len(priorities):
        raise ServiceError(N_("De gekozen prioriteiten kloppen niet."))
    limit = instrument.priorities.max_choices if instrument.priorities else 0
    if len(priorities) > limit:
        raise ServiceError(N_("Kies hoogstens {limit} thema's als prioriteit."), limit=limit)
    open_ids = {q.id: q for q in instrument.open_questions_for(group_id)}
    texts: dict[str, str] = {}
    for qid, text in (draft.get("open") or {}).items():
        if not text or not str(text).strip():
            continue
        if qid not in open_ids:
            raise ServiceError(N_("Er zit een antwoord bij op een vraag die niet bij uw groep hoort."))
        text = storable_text(str(text).strip())
        if len(text) > open_ids[qid].max_length:
            raise ServiceError(
                N_("Een open antwoord is te lang (maximaal {limit} tekens)."), limit=open_ids[qid].max_length
            )
        texts[qid] = text
    options = {q.id: {o.id for o in q.options} for q in instrument.background_for(group_id)}
    background: dict[str, str] = {}
    for qid, option in (draft.get("background") or {}).items():
        if option in (None, ""):
            continue  # skipped: every question about yourself may be left open
        if qid not in options or option not in options[qid]:
            raise ServiceError(N_("Een antwoord bij 'Over u' hoort niet bij deze vragenlijst."))
        background[qid] = option
    return Submission(answers, priorities, texts, background)


def submit(db: Database, response_id: int, draft: dict | None = None, *, check_open: bool = True) -> bool:
    """Submit a response (from its stored draft unless given). False when it was submitted already."""
    response = storage.get_response_by_id(db, response_id)
    if response is None:
        raise ServiceError(N_("Deze antwoorden zijn niet gevonden."))
    if response.submitted_at:
        return False
    round_row = storage.get_round(db, response.round_id)
    assert round_row is not None
    if check_open:
        require_open(round_row)
    instrument = round_instrument(db, round_row)
    sub = clean_submission(instrument, response.group_id, draft if draft is not None else response.draft)
    return storage.submit_response(
        db, response_id, sub.answers, sub.priorities, sub.open_answers, sub.background
    )


def submit_complete(
    db: Database, round_row: Round, group_id: str, draft: dict, *, check_open: bool = True
) -> bool:
    """Start and submit in one go (paper forms entered later, imports, demo content)."""
    handle = start_response(db, round_row, group_id, check_open=check_open)
    return submit(db, handle.response_id, draft, check_open=check_open)


# -- overview ------------------------------------------------------------------------------------


SHOW_ORGANISATIONS_SETTING = "DIA_SCAN_SHOW_ORGANISATIONS"


def overview_shows_everyone() -> bool:
    """Whether the installation lists every organisation on the start page (README: the setting)."""
    return os.environ.get(SHOW_ORGANISATIONS_SETTING, "").strip().lower() in ("1", "ja", "yes", "true")


def overview(db: Database, *, everyone: bool | None = None) -> list[dict]:
    """Organisations with their rounds (title, period, status, number of submitted responses) for the
    start page: only demo content, unless the installation is set to show every organisation
    (``everyone``; by default the setting ``DIA_SCAN_SHOW_ORGANISATIONS``)."""
    if everyone is None:
        everyone = overview_shows_everyone()
    by_org: dict[int, dict] = {}
    for org in storage.list_organisations(db):
        if everyone or org.demo:
            by_org[org.id] = {**asdict(org), "rounds": []}
    for r in storage.list_rounds(db):
        if r.organisation_id not in by_org:
            continue
        by_org[r.organisation_id]["rounds"].append(
            {
                "id": r.id,
                "title": r.title,
                "join_code": r.join_code,
                "period_start": r.period_start,
                "period_end": r.period_end,
                "status": lifecycle.status_word(r),
                "submitted": r.submitted,
                "instrument_id": r.instrument_id,
            }
        )
    return list(by_org.values())


# -- pages: setting up and answering -------------------------------------------------------------


def instruments_for(catalog: Catalog, organisation_type: str | None) -> list[QuickScan]:
    """The Quick Scans made for this type of organisation; all of them when none fits."""
    scans = catalog.quickscans()
    fitting = [s for s in scans if s.organisation_type in (organisation_type, "algemeen")]
    return fitting or scans


def set_up_round(
    db: Database,
    catalog: Catalog,
    *,
    organisation: organisations.Choice,
    proof_code: str | None = None,
    held_permits=(),
    **round_fields,
) -> RoundCreated:
    """Set up a round for the organisation the trekker picked. It joins an existing organisation (its
    history, profile and agenda) only with proof (``organisations.prove``); otherwise the organisation is
    new. Organisation and round are made together: a refused round leaves nothing behind."""
    proven_id = organisations.prove(db, organisation, proof_code=proof_code, held=held_permits)
    with storage.transaction(db):
        organisation_id = organisations.settle(db, organisation, proven_id)
        return create_round(db, catalog, organisation_id=organisation_id, **round_fields)


def join_link(base_url: str, join_code: str) -> str:
    return f"{base_url.rstrip('/')}/meedoen?{urlencode({'code': join_code})}"


def resume_link(base_url: str, resume_code: str) -> str:
    return f"{base_url.rstrip('/')}/meedoen?{urlencode({'resume': resume_code})}"


def invitation_text(round_row: Round, instrument: QuickScan, link: str) -> str:
    """A ready invitation to send round (e-mail, newsletter, intranet): what the scan is, how to take
    part, until when, and that it is anonymous. Plain text; the facilitator adds a greeting."""

    labels = [_in_sentence(g.label) for g in instrument.groups]
    who = ", ".join(labels[:-1]) + f" en {labels[-1]}" if len(labels) > 1 else labels[0]
    code = round_row.join_code
    until = _when_text(round_row)
    return "\n".join(
        [
            f"{round_row.organisation_name} doet mee aan de Quick Scan Lokale Democratie "
            f"({round_row.title}). Met een korte vragenlijst kijken {who} samen hoe het gaat "
            "met onze democratie, en wat beter kan. Het invullen duurt ongeveer 15 minuten.",
            "",
            f"Doet u mee? Open deze link: {link}",
            f"Of ga naar Meedoen en vul de code {code[:4]} {code[4:]} in.{until}",
            "",
            "Uw antwoorden zijn anoniem: we vragen geen naam, en een groep met te weinig deelnemers "
            "wordt nooit apart getoond. U kunt stoppen en later verdergaan met een hervatcode.",
        ]
    )


def _when_text(round_row: Round) -> str:
    """The period as the invitation promises it, by the same dates that open and close the round."""
    start, end = lifecycle.period_date(round_row.period_start), lifecycle.period_date(round_row.period_end)
    starts_later = start is not None and start > lifecycle.local_today()
    if starts_later and end:
        return f" Dat kan van {long_date(start)} tot en met {long_date(end)}."
    if starts_later:
        return f" Dat kan vanaf {long_date(start)}."
    return f" Dat kan tot en met {long_date(end)}." if end else ""


def _in_sentence(label: str) -> str:
    """A group label inside a sentence: "Ambtelijke organisatie" -> "ambtelijke organisatie", while a
    name such as "Provinciale Staten" keeps its capitals."""
    first, *rest = label.split(" ")
    if any(word[:1].isupper() for word in rest) or first[1:2].isupper():
        return label
    return first[:1].lower() + first[1:] + "".join(" " + word for word in rest)

"""A participant's draft on the way to a submit: the screens of the questionnaire, what is still
unanswered, and tidying a stored draft so that a resumed screen never breaks. Pure functions of the
instrument (no database); ``rounds`` stores drafts and submits them."""

from __future__ import annotations

from dataclasses import dataclass

from dia_scan.core.model import (
    DONT_KNOW,
    BackgroundQuestion,
    OpenQuestion,
    QuickScan,
    Statement,
    Theme,
)


@dataclass(frozen=True)
class AnswerStep:
    """One screen of the questionnaire. ``kind``: start, theme, priorities, open, background or review."""

    kind: str
    theme: Theme | None = None
    statements: tuple[Statement, ...] = ()
    open_questions: tuple[OpenQuestion, ...] = ()
    background: tuple[BackgroundQuestion, ...] = ()


def answer_steps(instrument: QuickScan, group_id: str) -> list[AnswerStep]:
    """The screens a group goes through: start, one per theme, priorities, own questions, open, "Over u"
    (the optional background questions), review."""
    visible = instrument.statements_for(group_id)
    by_theme = {t.id: tuple(s for tt, s in visible if tt.id == t.id) for t in instrument.themes}
    themes = [t for t in instrument.themes if by_theme[t.id]]
    steps = [AnswerStep("start")]
    steps += [AnswerStep("theme", t, by_theme[t.id]) for t in themes if not t.custom]
    if instrument.priorities is not None and priority_options(instrument, group_id):
        steps.append(AnswerStep("priorities"))
    steps += [AnswerStep("theme", t, by_theme[t.id]) for t in themes if t.custom]
    opens = tuple(instrument.open_questions_for(group_id))
    if opens:
        steps.append(AnswerStep("open", open_questions=opens))
    background = tuple(instrument.background_for(group_id))
    if background:
        steps.append(AnswerStep("background", background=background))
    steps.append(AnswerStep("review"))
    return steps


def priority_options(instrument: QuickScan, group_id: str) -> list[Theme]:
    seen = {t.id for t, _ in instrument.statements_for(group_id)}
    return [t for t in instrument.themes if not t.custom and t.id in seen]


def empty_draft() -> dict:
    return {"answers": {}, "priorities": [], "open": {}, "background": {}, "step": 0}


def tidy_draft(instrument: QuickScan, group_id: str, draft: dict | None) -> dict:
    """A stored draft reduced to what still fits the instrument, so a resumed screen never breaks."""
    draft = draft if isinstance(draft, dict) else {}
    visible = {s.id: s for _, s in instrument.statements_for(group_id)}
    answers = {}
    for qid, value in (draft.get("answers") or {}).items():
        statement = visible.get(qid)
        if statement is None:
            continue
        if value == DONT_KNOW or (type(value) is int and instrument.scale_of(statement).has_value(value)):
            answers[qid] = value
    themes = {t.id for t in priority_options(instrument, group_id)}
    limit = instrument.priorities.max_choices if instrument.priorities else 0
    priorities = [p for p in dict.fromkeys(draft.get("priorities") or []) if p in themes][:limit]
    opens = {q.id: q.max_length for q in instrument.open_questions_for(group_id)}
    texts = {
        qid: storable_text(text)[: opens[qid]]
        for qid, text in (draft.get("open") or {}).items()
        if qid in opens and isinstance(text, str) and text
    }
    allowed = {q.id: {o.id for o in q.options} for q in instrument.background_for(group_id)}
    raw_background = draft.get("background")
    background = {
        qid: option
        for qid, option in (raw_background.items() if isinstance(raw_background, dict) else ())
        if qid in allowed and option in allowed[qid]
    }
    step = draft.get("step")
    last = len(answer_steps(instrument, group_id)) - 1
    step = min(max(step, 0), last) if isinstance(step, int) else 0
    return {
        "answers": answers,
        "priorities": priorities,
        "open": texts,
        "background": background,
        "step": step,
    }


def unanswered(instrument: QuickScan, group_id: str, draft: dict) -> dict[str, int]:
    """Per theme id: how many of the group's statements have no answer yet (themes with none left out)."""
    answers = draft.get("answers") or {}
    missing: dict[str, int] = {}
    for theme, statement in instrument.statements_for(group_id):
        if answers.get(statement.id) in (None, ""):
            missing[theme.id] = missing.get(theme.id, 0) + 1
    return missing


def storable_text(text: str) -> str:
    """Typed text that SQLite can store: a lone surrogate (a forged or broken browser message) becomes '?'."""
    return str(text).encode("utf-8", "replace").decode("utf-8")

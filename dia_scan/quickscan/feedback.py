"""Terugkoppeling: a short summary of a closed round for the participants (results and verbeteragenda).

The facilitator publishes it with a switch; participants open it with the join link they already have
(``/terugkoppeling?code=DEELNAMECODE``). It is only there when the round is closed and published, and
it is built from the scored ``RoundResult``, so a group under k never appears.

The participant reads it in their language (:func:`readings`): the names of themes, groups and
questions come from the instrument's translations, the sentences that explain the results from the
gettext catalogues. The same numbers; reports and exports for the trekker stay Dutch.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from sqlite_utils import Database

from dia_scan import storage
from dia_scan.common import agenda
from dia_scan.core import lifecycle
from dia_scan.core.catalog import Catalog
from dia_scan.core.errors import ServiceError
from dia_scan.core.i18n import N_, gettext_in
from dia_scan.core.model import QuickScan
from dia_scan.core.permits import RoundPermit
from dia_scan.core.records import Round
from dia_scan.core.text import whole
from dia_scan.quickscan.result_view import BackgroundView, ScoreView, background_views, score_view
from dia_scan.quickscan.results import RoundReport, build_round_report
from dia_scan.quickscan.rounds import find_round, managed_round
from dia_scan.quickscan.scoring import NotableResult, RoundResult

#: How many notable results the summary shows (the rest is in the full report).
TOP_NOTABLE = 5
URL_PATH = "terugkoppeling"

NOT_CLOSED = N_(
    "De terugkoppeling komt er als de scan gesloten is. Kijk later nog eens, of vraag de organisator."
)
NOT_PUBLISHED = N_("De organisator heeft de terugkoppeling van deze scan (nog) niet gedeeld.")


def set_summary_published(db: Database, permit: RoundPermit, published: bool) -> None:
    """Share (or stop sharing) the participant summary. It shows only once the round is closed."""
    managed_round(db, permit)
    storage.update_round(db, permit.round_id, summary_published=int(bool(published)))


def summary_available(round_row: Round) -> bool:
    return lifecycle.is_over(round_row) and bool(round_row.summary_published)


def unavailable_reason(round_row: Round) -> str | None:
    """Why participants cannot see the summary yet (plain Dutch), or None when they can."""
    if not lifecycle.is_over(round_row):
        return NOT_CLOSED
    if not round_row.summary_published:
        return NOT_PUBLISHED
    return None


def summary_link(base_url: str, join_code: str) -> str:
    return f"{base_url.rstrip('/')}/{URL_PATH}?{urlencode({'code': join_code})}"


@dataclass(frozen=True)
class ParticipantSummary:
    report: RoundReport
    notable: tuple[NotableResult, ...]
    agenda: agenda.RoundAgenda

    @property
    def round(self) -> Round:
        return self.report.round


def top_notable(report: RoundReport, limit: int = TOP_NOTABLE) -> tuple[NotableResult, ...]:
    """Highest and lowest theme, changes and gaps first; 'weet niet' remarks fill up the rest."""
    order = {"highest_theme": 0, "lowest_theme": 1, "change": 2, "inside_outside_gap": 3, "dont_know": 4}
    ranked = sorted(enumerate(report.result.notable), key=lambda p: (order.get(p[1].kind, 5), p[0]))
    return tuple(n for _, n in ranked[:limit])


def participant_summary(db: Database, catalog: Catalog | None, join_code: str | None) -> ParticipantSummary:
    """The summary behind a join code; a ServiceError with a Dutch message when it is not available."""
    round_row = find_round(db, join_code)
    reason = unavailable_reason(round_row)
    if reason is not None:
        raise ServiceError(reason)
    return _build_summary(db, catalog, round_row)


def preview_summary(db: Database, catalog: Catalog | None, permit: RoundPermit) -> ParticipantSummary:
    """The summary as participants will see it, before it is shared (facilitators only)."""
    return _build_summary(db, catalog, managed_round(db, permit))


def _build_summary(db: Database, catalog: Catalog | None, round_row: Round) -> ParticipantSummary:
    report = build_round_report(db, catalog, round_row)
    return ParticipantSummary(report, top_notable(report), agenda.round_agenda(db, round_row))


# -- the readings in the participant's language ----------------------------------------------------

#: What stands out, as the Terugkoppeling says it: one sentence per kind (and direction) of result.
NOTABLE = {
    "highest_theme": N_("Het thema ‘{theme}’ scoort het hoogst: gemiddeld {value} van de 100."),
    "lowest_theme": N_("Het thema ‘{theme}’ scoort het laagst: gemiddeld {value} van de 100."),
    "inside_outside_gap+": N_(
        "Bij het thema ‘{theme}’ is de binnenkant positiever dan de buitenkant: {value} punten verschil."
    ),
    "inside_outside_gap-": N_(
        "Bij het thema ‘{theme}’ is de binnenkant negatiever dan de buitenkant: {value} punten verschil."
    ),
    "change+": N_("Het thema ‘{theme}’ is sinds de vorige ronde {value} punten gestegen."),
    "change-": N_("Het thema ‘{theme}’ is sinds de vorige ronde {value} punten gedaald."),
    "dont_know": N_(
        "Bij de stelling ‘{statement}’ koos {value}% van de groep {group} ‘weet niet’. "
        "Misschien ontbreekt hier informatie."
    ),
}


@dataclass(frozen=True)
class Readings:
    """What the Terugkoppeling shows of the results, with its sentences in one language."""

    scores: ScoreView
    notable: tuple[str, ...]
    background: list[BackgroundView]


def readings(summary: ParticipantSummary, instrument: QuickScan, language: str) -> Readings:
    """The radar, what stands out and who took part, in ``language``; ``instrument`` is the round's
    instrument in that language (``languages.participant_instrument``), which names the themes,
    groups and questions. Nothing is counted again: the numbers are those of the Dutch report."""
    result = localised_result(summary.report.result, instrument)
    return Readings(
        score_view(result, "thema", language),
        tuple(_notable_sentence(n, result, language) for n in summary.notable),
        background_views(result, language),
    )


def localised_result(result: RoundResult, instrument: QuickScan) -> RoundResult:
    """The result with the names of ``instrument`` (by id): themes, groups, statements, "Over u"
    questions and their answers. A name the instrument lacks (a round's own questions) stays."""
    groups = {g.id: g.label for g in instrument.groups}
    themes = {t.id: t for t in instrument.themes}
    statements = {s.id: s.text for t in instrument.themes for s in t.statements}
    questions = {q.id: q for q in instrument.background}

    def theme(t):
        own = themes.get(t.id)
        return replace(t, title=own.title, short=own.short) if own is not None and not t.custom else t

    def question(q):
        own = questions.get(q.id)
        if own is None:
            return q
        labels = {o.id: o.label for o in own.options}

        def group(g):
            options = tuple(replace(o, label=labels.get(o.option_id, o.label)) for o in g.options)
            return replace(g, options=options)

        return replace(q, text=own.text, by_group=tuple(group(g) for g in q.by_group))

    return replace(
        result,
        shown_groups=tuple(replace(g, label=groups.get(g.id, g.label)) for g in result.shown_groups),
        hidden_groups=tuple(replace(g, label=groups.get(g.id, g.label)) for g in result.hidden_groups),
        themes=tuple(theme(t) for t in result.themes),
        items=tuple(replace(i, text=statements.get(i.id, i.text)) for i in result.items),
        background=tuple(question(q) for q in result.background),
    )


def _notable_sentence(notable: NotableResult, result: RoundResult, language: str) -> str:
    """One notable result in ``language``, from its kind, value and ids (``result`` localised)."""
    key = notable.kind
    if key in ("inside_outside_gap", "change"):
        key += "+" if notable.value > 0 else "-"
    template = NOTABLE.get(key)
    if template is None:
        return notable.message
    value = whole(abs(notable.value) * (100 if notable.kind == "dont_know" else 1))
    theme = next((t.title for t in result.themes if t.id == notable.theme_id), "")
    statement = next((i.text for i in result.items if i.id == notable.statement_id), "")
    group = next((g.label for g in result.shown_groups if g.id == notable.group_id), "")
    return gettext_in(language, template).format(theme=theme, statement=statement, group=group, value=value)

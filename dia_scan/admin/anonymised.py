"""An anonymised export for researchers: CSV files plus a README.txt that explains them.

What goes out, per round:

- aggregates (group sizes, theme and statement scores, priority shares) of the groups that the
  anonymity rule shows, straight from :mod:`dia_scan.quickscan.scoring`, so a group under k never appears;
- the "Over u" counts (age, ...) per shown group, straight from ``RoundResult.background``: an option
  fewer than k picked has no number and sits in the rest. These answers were only ever stored as counts,
  so they exist per group and never per respondent, and go out that way;
- the individual answers of respondents in shown groups, under a respondent number drawn at random
  for this export only, and with the group as shown (members of a merged binnenkant are "binnenkant");
- open answers only on request, without respondent number, and without a group where it is hidden.

What never goes out: response ids, resume tokens, join codes, beheercode hashes, timestamps, drafts.

A merged binnenkant hides which binnenkant group someone belongs to. A statement, priority theme or
open question that only some of the merged groups get would give that away (its answers all come from
those groups), so such answers and scores are left out of the merged group.

Every text cell that a spreadsheet would read as a formula gets a leading apostrophe.

Longer than most because every file of the export and its README are written together, so the explanation
and the columns cannot drift.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from dia_scan import storage
from dia_scan.core import lifecycle
from dia_scan.core.errors import ServiceError
from dia_scan.core.model import QuickScan
from dia_scan.core.records import Organisation, Round
from dia_scan.core.text import counted, neutralise
from dia_scan.quickscan.drafts import priority_options
from dia_scan.quickscan.result_view import rest_label
from dia_scan.quickscan.results import score_stored_round
from dia_scan.quickscan.rounds import find_round, round_instrument
from dia_scan.quickscan.scoring import RoundResult, ShownGroup

ENCODING = "utf-8-sig"  # with a BOM, so spreadsheet programs read the accents right
DONT_KNOW_TEXT = "weet_niet"

ROUNDS_FILE = "rondes.csv"
GROUPS_FILE = "groepen.csv"
STATEMENTS_FILE = "stellingen.csv"
THEME_SCORES_FILE = "scores_themas.csv"
STATEMENT_SCORES_FILE = "scores_stellingen.csv"
PRIORITY_SHARES_FILE = "prioriteiten.csv"
BACKGROUND_FILE = "over_u.csv"
ANSWERS_FILE = "antwoorden.csv"
RESPONDENT_PRIORITIES_FILE = "prioriteiten_per_respondent.csv"
OPEN_ANSWERS_FILE = "open_antwoorden.csv"
README_FILE = "README.txt"
ALL_FILES = (
    README_FILE,
    ROUNDS_FILE,
    GROUPS_FILE,
    STATEMENTS_FILE,
    THEME_SCORES_FILE,
    STATEMENT_SCORES_FILE,
    PRIORITY_SHARES_FILE,
    BACKGROUND_FILE,
    ANSWERS_FILE,
    RESPONDENT_PRIORITIES_FILE,
    OPEN_ANSWERS_FILE,
)


class ExportError(ServiceError):
    """The export cannot be written; the message says why, in Dutch."""


@dataclass(frozen=True)
class ExportSummary:
    directory: Path
    files: tuple[str, ...]
    rounds: int
    respondents: int
    open_answers: int


@dataclass
class _Round:
    number: int
    row: Round
    instrument: QuickScan
    result: RoundResult


# -- who may be shown what -----------------------------------------------------------------------


def _members(group: ShownGroup) -> tuple[str, ...]:
    return group.merged_from or (group.id,)


def _asked_to_all(question_groups: Sequence[str], group: ShownGroup) -> bool:
    """True when every member of the shown group got the question (an empty list means everyone)."""
    return not question_groups or all(member in question_groups for member in _members(group))


def _partly_asked(question_groups: Sequence[str], group: ShownGroup) -> bool:
    """True when some, but not all, members of the shown group got the question."""
    return not _asked_to_all(question_groups, group) and any(m in question_groups for m in _members(group))


def _shown_as(result: RoundResult) -> dict[str, ShownGroup]:
    return {member: group for group in result.shown_groups for member in _members(group)}


def _priority_themes(instrument: QuickScan, group: ShownGroup) -> set[str]:
    """Themes every member of the group could pick as a priority."""
    per_member = [{t.id for t in priority_options(instrument, m)} for m in _members(group)]
    return set.intersection(*per_member) if per_member else set()


# -- building the tables -------------------------------------------------------------------------


def _round_rows(rounds: Sequence[_Round], organisations: dict[int, Organisation]) -> list[dict]:
    rows = []
    for r in rounds:
        org = organisations[r.row.organisation_id]
        rows.append(
            {
                "ronde": r.number,
                "organisatie": org.name,
                "soort_organisatie": org.type,
                "provincie": org.province or "",
                "grootteklasse": org.size_class or "",
                "stedelijkheid": org.urbanisation or "",
                "demo": int(org.demo),
                "vragenlijst": r.row.instrument_id,
                "vragenlijstversie": r.row.instrument_version,
                "titel": r.row.title,
                "periode_begin": r.row.period_start or "",
                "periode_eind": r.row.period_end or "",
                "status": lifecycle.status_word(r.row),
                "k": r.result.k,
                "respondenten_getoond": r.result.respondents_total,
                "groepen_getoond": " ".join(r.result.shown_group_ids),
            }
        )
    return rows


def _group_rows(rounds: Sequence[_Round]) -> list[dict]:
    return [
        {
            "ronde": r.number,
            "groep": g.id,
            "label": g.label,
            "kant": g.side,
            "n": g.n,
            "samengevoegd_uit": " ".join(g.merged_from),
        }
        for r in rounds
        for g in r.result.shown_groups
    ]


def _statement_rows(rounds: Sequence[_Round]) -> list[dict]:
    rows = []
    for r in rounds:
        for theme, statement in r.instrument.statements():
            rows.append(
                {
                    "ronde": r.number,
                    "stelling": statement.id,
                    "thema": theme.id,
                    "thema_titel": theme.title,
                    "eigen_vraag": int(theme.custom),
                    "tekst": statement.text,
                    "omgekeerd": int(statement.reverse),
                    "gewicht": statement.weight,
                    "voor_groepen": " ".join(statement.groups) or "alle",
                }
            )
    return rows


def _theme_score_rows(rounds: Sequence[_Round]) -> list[dict]:
    rows = []
    for r in rounds:
        groups = {g.id: g for g in r.result.shown_groups}
        for theme in r.result.themes:
            statements = r.instrument.theme(theme.id).statements
            for gid, score in theme.by_group.items():
                # A statement only part of a merged group got would colour the theme score with that part.
                if any(_partly_asked(s.groups, groups[gid]) for s in statements):
                    continue
                rows.append({"ronde": r.number, "thema": theme.id, "groep": gid, "score": _number(score)})
    return rows


def _statement_score_rows(rounds: Sequence[_Round], scale_values: list[int]) -> list[dict]:
    rows = []
    for r in rounds:
        statements = {s.id: s for _, s in r.instrument.statements()}
        for item in r.result.items:
            for group in r.result.shown_groups:
                if not _asked_to_all(statements[item.id].groups, group):
                    continue
                cell = item.by_group[group.id]
                row = {
                    "ronde": r.number,
                    "stelling": item.id,
                    "groep": group.id,
                    "score": _number(cell.score),
                    "n_cijfer": cell.n_numeric,
                    "n_weet_niet": cell.n_dont_know,
                    "aandeel_weet_niet": _number(cell.dont_know_share),
                }
                row.update({f"aantal_{v}": cell.distribution.get(v, "") for v in scale_values})
                rows.append(row)
    return rows


def _priority_share_rows(rounds: Sequence[_Round]) -> list[dict]:
    rows = []
    for r in rounds:
        groups = {g.id: g for g in r.result.shown_groups}
        for share in r.result.priorities:
            for gid, value in share.by_group.items():
                if share.theme_id in _priority_themes(r.instrument, groups[gid]):
                    rows.append(
                        {"ronde": r.number, "thema": share.theme_id, "groep": gid, "aandeel": _number(value)}
                    )
    return rows


def _background_rows(rounds: Sequence[_Round]) -> list[dict]:
    """The "Over u" counts, one row per option and one for the rest, taken only from the scoring
    layer: an option fewer than k picked already has no number there, so it has none here either."""
    rows = []
    for r in rounds:
        groups = {g.id: g for g in r.result.shown_groups}
        questions = {q.id: q for q in r.instrument.background}
        for result in r.result.background:
            question = questions.get(result.id)
            for counts in result.by_group:
                group = groups.get(counts.group_id)
                # Scoring already keeps to these rules; checked again so the export never relies on luck.
                if group is None or question is None or not _asked_to_all(question.groups, group):
                    continue
                key = {"ronde": r.number, "groep": group.id, "vraag": result.id, "vraagtekst": result.text}
                for option in counts.options:
                    rows.append(
                        {
                            **key,
                            "keuze": option.option_id,
                            "keuzetekst": option.label,
                            "n": "" if option.n is None else option.n,
                            "aandeel": _number(option.share),
                            "rest": 0,
                        }
                    )
                rows.append(
                    {
                        **key,
                        "keuze": "",
                        "keuzetekst": rest_label(r.result.k),
                        "n": counts.rest,
                        "aandeel": _number(counts.rest_share),
                        "rest": 1,
                    }
                )
    return rows


def _respondent_rows(
    db: Database, rounds: Sequence[_Round], rng: random.Random
) -> tuple[list[dict], list[dict], int]:
    """Answers and priority picks per respondent, under numbers drawn at random for this export."""
    people: list[tuple[_Round, int, ShownGroup]] = []
    answers: dict[int, list[dict]] = defaultdict(list)
    picks: dict[int, list[str]] = defaultdict(list)
    for r in rounds:
        shown_as = _shown_as(r.result)
        seen: dict[int, ShownGroup] = {}
        for a in storage.round_raw_answers(db, r.row.id):
            group = shown_as.get(a["group_id"])
            if group is None:
                continue  # the respondent's group is not shown: none of their answers go out
            seen[a["response_id"]] = group
            answers[a["response_id"]].append(a)
        for p in storage.round_raw_priorities(db, r.row.id):
            group = shown_as.get(p["group_id"])
            if group is not None:
                seen[p["response_id"]] = group
                picks[p["response_id"]].append(p["theme_id"])
        people += [(r, response_id, group) for response_id, group in seen.items()]
    rng.shuffle(people)  # numbers say nothing about who answered first, or about the database ids
    answer_rows, pick_rows = [], []
    for number, (r, response_id, group) in enumerate(people, start=1):
        order = {s.id: i for i, (_, s) in enumerate(r.instrument.statements())}
        statements = {s.id: s for _, s in r.instrument.statements()}
        for a in sorted(answers[response_id], key=lambda a: order.get(a["question_id"], len(order))):
            statement = statements.get(a["question_id"])
            if statement is None or not _asked_to_all(statement.groups, group):
                continue
            answer_rows.append(
                {
                    "ronde": r.number,
                    "respondent": number,
                    "groep": group.id,
                    "stelling": a["question_id"],
                    "antwoord": DONT_KNOW_TEXT if a["dont_know"] else a["value"],
                }
            )
        allowed = _priority_themes(r.instrument, group)
        for theme_id in sorted(picks[response_id]):
            if theme_id in allowed:
                pick_rows.append(
                    {"ronde": r.number, "respondent": number, "groep": group.id, "thema": theme_id}
                )
    answer_rows.sort(key=lambda row: (row["ronde"], row["respondent"]))
    pick_rows.sort(key=lambda row: (row["ronde"], row["respondent"]))
    return answer_rows, pick_rows, len(people)


def _open_answer_rows(rounds: Sequence[_Round]) -> list[dict]:
    rows = []
    for r in rounds:
        questions = {q.id: q for q in r.instrument.open_questions}
        groups = {g.id: g for g in r.result.shown_groups}
        for answer in r.result.open_answers:  # already sorted on content by scoring
            question = questions.get(answer.question_id)
            group = groups.get(answer.group_id) if answer.group_id else None
            if group is not None and question is not None and not _asked_to_all(question.groups, group):
                group = None
            rows.append(
                {
                    "ronde": r.number,
                    "vraag": answer.question_id,
                    "vraagtekst": question.text if question else "",
                    "groep": group.id if group else "",
                    "tekst": answer.text,
                }
            )
    return rows


def _number(value: float | None) -> float | str:
    return "" if value is None else round(value, 4)


# -- writing -------------------------------------------------------------------------------------


def _write_csv(path: Path, rows: Iterable[dict], columns: Sequence[str]) -> None:
    with path.open("w", encoding=ENCODING, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="raise")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: neutralise(value) for key, value in row.items()})


def _prepare_directory(directory: Path, force: bool) -> None:
    if directory.exists() and not directory.is_dir():
        raise ExportError(f"{directory} is een bestand, geen map. Kies een map voor de export.")
    directory.mkdir(parents=True, exist_ok=True)
    if any(directory.iterdir()):
        if not force:
            raise ExportError(
                f"De map {directory} is niet leeg. Kies een lege of nieuwe map, "
                "of gebruik --force om een eerdere export daarin te vervangen."
            )
        # A file from an earlier export (open answers!) must not linger next to the new ones.
        for name in ALL_FILES:
            (directory / name).unlink(missing_ok=True)


def export_anonymised(
    db: Database,
    directory: str | Path,
    *,
    with_open_text: bool = False,
    join_codes: Sequence[str] | None = None,
    force: bool = False,
    rng: random.Random | None = None,
) -> ExportSummary:
    """Write the anonymised export of all rounds (or of the rounds with these join codes)."""
    directory = Path(directory)
    rows = [find_round(db, code) for code in join_codes] if join_codes else storage.list_rounds(db)
    organisations = {o.id: o for o in storage.list_organisations(db)}
    rows = sorted(
        {row.id: row for row in rows}.values(),
        key=lambda row: (organisations[row.organisation_id].name, row.created_at, row.id),
    )
    rounds = [
        _Round(number, row, round_instrument(db, row), score_stored_round(db, row))
        for number, row in enumerate(rows, start=1)
    ]
    _prepare_directory(directory, force)
    scale_values = sorted({p.value for r in rounds for s in r.instrument.scales for p in s.points})
    answer_rows, pick_rows, respondents = _respondent_rows(db, rounds, rng or random.SystemRandom())
    tables: list[tuple[str, list[dict], list[str]]] = [
        (ROUNDS_FILE, _round_rows(rounds, organisations), _ROUND_COLUMNS),
        (GROUPS_FILE, _group_rows(rounds), ["ronde", "groep", "label", "kant", "n", "samengevoegd_uit"]),
        (STATEMENTS_FILE, _statement_rows(rounds), _STATEMENT_COLUMNS),
        (THEME_SCORES_FILE, _theme_score_rows(rounds), ["ronde", "thema", "groep", "score"]),
        (
            STATEMENT_SCORES_FILE,
            _statement_score_rows(rounds, scale_values),
            _STATEMENT_SCORE_COLUMNS + [f"aantal_{v}" for v in scale_values],
        ),
        (PRIORITY_SHARES_FILE, _priority_share_rows(rounds), ["ronde", "thema", "groep", "aandeel"]),
        (BACKGROUND_FILE, _background_rows(rounds), _BACKGROUND_COLUMNS),
        (ANSWERS_FILE, answer_rows, ["ronde", "respondent", "groep", "stelling", "antwoord"]),
        (RESPONDENT_PRIORITIES_FILE, pick_rows, ["ronde", "respondent", "groep", "thema"]),
    ]
    open_rows: list[dict] = []
    if with_open_text:
        open_rows = _open_answer_rows(rounds)
        tables.append((OPEN_ANSWERS_FILE, open_rows, ["ronde", "vraag", "vraagtekst", "groep", "tekst"]))
    for name, table_rows, columns in tables:
        _write_csv(directory / name, table_rows, columns)
    (directory / README_FILE).write_text(_readme(with_open_text, scale_values), encoding="utf-8")
    files = (README_FILE, *(name for name, _, _ in tables))
    return ExportSummary(directory, files, len(rounds), respondents, len(open_rows))


_ROUND_COLUMNS = [
    "ronde",
    "organisatie",
    "soort_organisatie",
    "provincie",
    "grootteklasse",
    "stedelijkheid",
    "demo",
    "vragenlijst",
    "vragenlijstversie",
    "titel",
    "periode_begin",
    "periode_eind",
    "status",
    "k",
    "respondenten_getoond",
    "groepen_getoond",
]
_STATEMENT_COLUMNS = [
    "ronde",
    "stelling",
    "thema",
    "thema_titel",
    "eigen_vraag",
    "tekst",
    "omgekeerd",
    "gewicht",
    "voor_groepen",
]
_BACKGROUND_COLUMNS = ["ronde", "groep", "vraag", "vraagtekst", "keuze", "keuzetekst", "n", "aandeel", "rest"]
_STATEMENT_SCORE_COLUMNS = [
    "ronde",
    "stelling",
    "groep",
    "score",
    "n_cijfer",
    "n_weet_niet",
    "aandeel_weet_niet",
]


def _readme(with_open_text: bool, scale_values: list[int]) -> str:
    counts = ", ".join(f"aantal_{v}" for v in scale_values) or "aantal_<waarde>"
    open_part = (
        f"""{OPEN_ANSWERS_FILE}
    De open antwoorden (gevraagd met --with-open-text): ronde, vraag, vraagtekst, groep, tekst.
    Zonder respondentnummer, zodat een tekst niet aan iemands antwoorden te koppelen is. De kolom
    groep is leeg als de groep van de schrijver niet getoond wordt (of als de vraag maar aan een deel
    van een samengevoegde groep is gesteld). Gesorteerd op inhoud, niet op volgorde van invullen.
"""
        if with_open_text
        else f"""{OPEN_ANSWERS_FILE} ontbreekt: open antwoorden zitten er alleen in als de export is gemaakt
    met --with-open-text. Ze kunnen namen of herkenbare verhalen bevatten; lees ze na voor u ze deelt.
"""
    )
    return f"""DiA Scan - geanonimiseerde export voor onderzoek
=================================================

Deze map bevat de uitkomsten van Quick Scan-rondes, zonder gegevens waarmee een respondent te vinden
is. Alle bestanden zijn CSV: komma als scheidingsteken, punt als decimaalteken, UTF-8 (met BOM).
Elke ronde heeft in deze export een nummer (kolom ronde); dat nummer komt niet uit de database.

Anonimiteit
-----------
Een groep met minder dan k respondenten (k staat per ronde in {ROUNDS_FILE}) komt in geen enkel
bestand voor, ook niet in de antwoorden per respondent. Is een binnenkantgroep te klein, dan staan
alle binnenkantgroepen er alleen samen in, als groep "binnenkant" (als die samen k haalt). Vragen,
stellingen en prioriteiten die maar een deel van zo'n samengevoegde groep kreeg, zijn voor
"binnenkant" weggelaten, omdat ze zouden verraden uit welke groep iemand komt.
Er staan geen tijdstippen, codes, tokens of database-nummers in deze export.
Tekst die met =, +, -, @ of een tab begint, heeft een apostrof ervoor gekregen, zodat een
spreadsheetprogramma hem niet als formule uitvoert.

De bestanden
------------
{ROUNDS_FILE}
    Een regel per ronde: organisatie, soort, provincie, grootteklasse, stedelijkheid, demo
    (1 = oefeninhoud), vragenlijst en versie, titel, periode, status, k, het aantal getoonde
    respondenten en de getoonde groepen. Stedelijkheid is de klasse van het CBS (1 = zeer sterk
    stedelijk, 2 = sterk, 3 = matig, 4 = weinig, 5 = niet stedelijk), uit het profiel van de
    organisatie; leeg als die niet bekend is (provincies en waterschappen hebben er geen).
    Provincie, grootteklasse en stedelijkheid horen bij de organisatie, die hier al met naam staat:
    ze staan alleen in dit bestand, niet bij respondenten of groepen, en zeggen dus niets over wie
    wat antwoordde.
{GROUPS_FILE}
    De getoonde groepen per ronde met hun aantal respondenten (n), hun kant (binnenkant of
    buitenkant) en, voor "binnenkant", uit welke groepen die is samengevoegd.
{STATEMENTS_FILE}
    Het codeboek: alle stellingen per ronde met thema, tekst, of de stelling omgekeerd wordt gescoord
    (omgekeerd = 1: score op 6 - antwoord), gewicht, en welke groepen de stelling krijgen.
{THEME_SCORES_FILE}
    Themascore (0-100) per ronde, thema en getoonde groep. Leeg als niemand in de groep een cijfer gaf.
{STATEMENT_SCORES_FILE}
    Per ronde, stelling en getoonde groep: score (0-100, na omkeren), het aantal cijferantwoorden
    (n_cijfer), het aantal "weet niet" (n_weet_niet), het aandeel "weet niet" (0-1) en de verdeling
    van de ruwe antwoorden ({counts}).
{PRIORITY_SHARES_FILE}
    Per ronde, thema en getoonde groep: het aandeel respondenten (0-1) dat het thema als een van de
    prioriteiten koos.
{BACKGROUND_FILE}
    De antwoorden op de vragen onder "Over u" (zoals leeftijd, gender en opleiding). Deze vragen
    waren niet verplicht. Een regel per ronde, getoonde groep, vraag en keuze: ronde, groep, vraag,
    vraagtekst, keuze, keuzetekst, n (het aantal respondenten in de groep dat deze keuze maakte),
    aandeel (n gedeeld door het aantal respondenten van de groep, 0-1) en rest.
    Deze antwoorden zijn nooit per respondent bewaard, alleen als telling per groep. Ze zijn dus niet
    te koppelen aan {ANSWERS_FILE} of aan een ander bestand met een respondentnummer.
    Maakten minder dan k respondenten van de groep een keuze (ook 0), dan zijn n en aandeel leeg.
    Die respondenten tellen mee in de regel met rest = 1 (keuze leeg), samen met wie de vraag
    oversloeg: "niet ingevuld, of gekozen door minder dan k". Zo is van geen enkele keuze een klein
    aantal te zien of uit te rekenen. Bij elke groep en vraag tellen de getallen in n samen op tot het
    aantal respondenten van de groep in {GROUPS_FILE}. Een vraag die maar een deel van de groepen in
    "binnenkant" kreeg, staat er voor "binnenkant" niet in.
{ANSWERS_FILE}
    De antwoorden per respondent: ronde, respondent, groep, stelling, antwoord. Het antwoord is de
    ruwe waarde op de schaal (dus nog niet omgekeerd) of "{DONT_KNOW_TEXT}". Het respondentnummer is
    voor deze export willekeurig getrokken: het zegt niets over de volgorde van invullen en komt in
    een volgende export niet terug. Alleen respondenten uit getoonde groepen staan erin.
{RESPONDENT_PRIORITIES_FILE}
    De gekozen prioriteiten per respondent (ronde, respondent, groep, thema), met hetzelfde
    respondentnummer als in {ANSWERS_FILE}.
{open_part}
Scores
------
Een stellingscore is (gemiddeld antwoord - 1) / 4 x 100 over de respondenten die een cijfer gaven;
"weet niet" telt niet mee in de score. Een themascore is het (gewogen) gemiddelde van de
stellingscores van de groep in dat thema.
"""


# -- command line --------------------------------------------------------------------------------


def cmd_export_anonymised(args: argparse.Namespace) -> int:
    if not storage.is_url(args.db) and not Path(args.db).is_file():
        print(f"fout: de database {args.db} bestaat niet. Controleer het pad achter --db.", file=sys.stderr)
        return 1
    db = storage.connect(args.db)
    try:
        summary = export_anonymised(
            db, args.to, with_open_text=args.with_open_text, join_codes=args.round, force=args.force
        )
    except ServiceError as err:
        print(f"fout: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"fout: de export kon niet worden geschreven naar {args.to}: {err.strerror}.", file=sys.stderr)
        return 1
    print(
        f"Geanonimiseerde export geschreven naar {summary.directory}: {counted(summary.rounds, 'ronde', 'rondes')}, "
        f"{summary.respondents} respondenten"
        + (f", {summary.open_answers} open antwoorden" if args.with_open_text else "")
        + "."
    )
    print("Bestanden: " + ", ".join(summary.files))
    return 0

"""The content check of questions/*.yaml: what a griffier needs to use the instruments as they are.

- a statement (and a checklist criterion) is one sentence of at most 20 words;
- texts shown to inwoners avoid the words listed in docs/yaml-format.md (the one place of that list);
- every statement, theme, open question, criterion, tip and bron names its source;
- the introduction says truthfully how many statements each group gets and about how long it takes;
- one id means one thing in every instrument (same meaning, same direction);
- ids are stable: every version's ids and texts are recorded in tests/fixtures/content_versions.json, and
  what changed between versions is in the YAML's ``changes`` and in docs/vragenlijst-wijzigingen.md.

After a change to the questions, bump ``version``, add a ``changes`` entry and run::

    .venv/bin/python tests/core/test_content.py --write

which records the current version and writes docs/vragenlijst-wijzigingen.md from the YAML.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if __name__ == "__main__":  # run as a script: make the package importable without installing
    sys.path.insert(0, str(ROOT))

from dia_scan.core.catalog import load_catalog  # noqa: E402
from dia_scan.core.changelog import item_texts as content_items  # noqa: E402
from dia_scan.core.model import Checklist, QuickScan  # noqa: E402

QUESTIONS = ROOT / "questions"
FORMAT_DOC = ROOT / "docs" / "yaml-format.md"
CHANGELOG = ROOT / "docs" / "vragenlijst-wijzigingen.md"
RECORD = ROOT / "tests" / "fixtures" / "content_versions.json"

MAX_WORDS = 20
#: Words per minute a participant reads on a phone, and seconds to choose an answer (see yaml-format.md).
READING_WPM = 150
SECONDS_PER_ANSWER = 5
SECONDS_PER_OPEN_QUESTION = 45
SECONDS_PER_BACKGROUND_QUESTION = 8
#: A phone shows about a quarter more words than the instrument's own texts (headings, the step, the
#: resume code, hints): 1.22 to 1.25 times as many in every instrument measured (docs/invultijd.md).
SCREEN_WORDS_PER_TEXT_WORD = 1.25
#: A quick reader of B1 text, the low end of the range of minutes an introduction promises.
QUICK_READING_WPM = 200


# -- reading the documented lists -----------------------------------------------------------------


def _documented_list(name: str) -> list[str]:
    """The bullet list between ``<!-- name: begin -->`` and ``<!-- name: end -->`` in yaml-format.md."""
    text = FORMAT_DOC.read_text(encoding="utf-8")
    match = re.search(rf"<!-- {name}: begin -->(.*?)<!-- {name}: end -->", text, flags=re.DOTALL)
    assert match, f"docs/yaml-format.md has no list '{name}'"
    lines = [line.strip() for line in match.group(1).splitlines()]
    items = [line[2:].strip().strip("`") for line in lines if line.startswith("- ")]
    assert items, f"the list '{name}' in docs/yaml-format.md is empty"
    return items


def _seed_files() -> set[str]:
    return set(re.findall(r"\b(\d{3}_[0-9a-f]{16}\.txt)\b", FORMAT_DOC.read_text(encoding="utf-8")))


def _word_pattern(words: list[str]) -> re.Pattern:
    """A listed word matches that whole word; with a '*' at the end also every word that starts with it
    ('responsie*' finds 'responsief' and 'responsieve')."""
    parts = [re.escape(w[:-1]) + r"[\w-]*" if w.endswith("*") else re.escape(w) for w in words]
    return re.compile(r"(?<![\w-])(" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)


# -- what the content holds -----------------------------------------------------------------------


_ORDER = {"gemeente": 0, "provincie": 1, "waterschap": 2, "algemeen": 3}


def _documents(catalog) -> list:
    """Every instrument, the gemeente's Quick Scan first and the checklist last, then the advice."""
    instruments = sorted(
        catalog.instruments.values(), key=lambda i: (i.kind != "quickscan", _ORDER[i.organisation_type], i.id)
    )
    return [*instruments, catalog.advice]


def _buitenkant(instrument: QuickScan) -> list[str]:
    return [g.id for g in instrument.groups if g.side == "buitenkant"]


def _texts_seen_by(instrument: QuickScan, group_id: str, *, suggested: bool = False) -> list[tuple[str, str]]:
    """(where, text) for everything a participant of this group reads while answering; with
    ``suggested`` also the ready-made maatwerkvragen meant for the group (read only when a trekker picks them)."""
    texts = [("title", instrument.title), ("description", instrument.description)]
    texts += [(f"group {g.id}", f"{g.label} {g.description or ''}") for g in instrument.groups]
    seen_themes = {t.id for t, _ in instrument.statements_for(group_id)}
    for theme in instrument.themes:
        if theme.id in seen_themes:
            texts.append(
                (f"theme {theme.id}", f"{theme.title} {theme.description} {theme.explanation or ''}")
            )
    texts += [(s.id, s.text) for _, s in instrument.statements_for(group_id)]
    if instrument.priorities is not None:
        texts.append(("priorities", instrument.priorities.text))
    texts += [(q.id, f"{q.text} {q.help or ''}") for q in instrument.open_questions_for(group_id)]
    for q in instrument.background_for(group_id):
        texts.append((q.id, " ".join([q.text, q.help or "", *(o.label for o in q.options)])))
    if suggested:
        texts += [
            (q.id, q.text)
            for q in instrument.suggested_custom_questions
            if not q.groups or group_id in q.groups
        ]
    return texts


def _sentence_problem(text: str) -> str | None:
    words = len(text.split())
    if words > MAX_WORDS:
        return f"{words} words (at most {MAX_WORDS})"
    if not text.endswith((".", "?")):
        return "does not end with a full stop or question mark"
    if ";" in text or re.search(r"[.!?:]\s+\S", text[:-1]):
        return "is more than one sentence"
    return None


@pytest.fixture(scope="module")
def shipped():
    return load_catalog(QUESTIONS)


# -- one sentence, short, plain ---------------------------------------------------------------------


def test_every_statement_and_criterion_is_one_short_sentence(shipped):
    problems = []
    for instrument in shipped.quickscans():
        for _, statement in instrument.statements():
            if problem := _sentence_problem(statement.text):
                problems.append(f"{instrument.id} {statement.id}: {problem}")
        for question in instrument.suggested_custom_questions:
            if question.kind == "stelling" and (problem := _sentence_problem(question.text)):
                problems.append(f"{instrument.id} {question.id}: {problem}")
    for checklist in shipped.checklists():
        for _, criterion in checklist.criteria():
            if problem := _sentence_problem(criterion.text):
                problems.append(f"{checklist.id} {criterion.id}: {problem}")
    assert not problems, "\n".join(problems)


def test_texts_for_inwoners_avoid_the_listed_words(shipped):
    pattern = _word_pattern(_documented_list("woorden-niet-voor-inwoners"))
    problems = []
    for instrument in shipped.quickscans():
        for group_id in _buitenkant(instrument):
            for where, text in _texts_seen_by(instrument, group_id, suggested=True):
                for found in pattern.findall(text):
                    problems.append(f"{instrument.id} ({group_id}) {where}: '{found}'")
    assert not problems, "\n".join(sorted(set(problems)))


def test_statements_and_criteria_avoid_absolute_words(shipped):
    """'Alle belanghebbenden' leaves 'deels' as the only honest answer."""
    pattern = _word_pattern(_documented_list("absolute-woorden"))
    problems = []
    for instrument in shipped.quickscans():
        problems += [f"{instrument.id} {s.id}" for _, s in instrument.statements() if pattern.search(s.text)]
    for checklist in shipped.checklists():
        problems += [f"{checklist.id} {c.id}" for _, c in checklist.criteria() if pattern.search(c.text)]
    assert not problems, problems


def test_the_word_check_finds_a_listed_word_inside_a_longer_word():
    pattern = _word_pattern(["responsie*", "alle"])
    assert pattern.search("Een responsieve organisatie")
    assert pattern.search("Alle inwoners")
    assert not pattern.search("Een open organisatie die alleen luistert")


def test_every_theme_has_a_one_line_explanation(shipped):
    for instrument in shipped.quickscans():
        for theme in instrument.themes:
            assert theme.explanation, f"{instrument.id} {theme.id} has no explanation"
            assert "\n" not in theme.explanation and len(theme.explanation.split()) <= 25, theme.id


# -- sources ----------------------------------------------------------------------------------------


def _sourced(doc) -> list[tuple[str, str | None]]:
    if isinstance(doc, QuickScan):
        items = [(t.id, t.source) for t in doc.themes]
        items += [(s.id, s.source) for _, s in doc.statements()]
        items += [(q.id, q.source) for q in doc.open_questions]
        items += [(q.id, q.source) for q in doc.background]
        items += [(q.id, q.source) for q in doc.suggested_custom_questions]
        return items
    if isinstance(doc, Checklist):
        return [(c.id, c.source) for _, c in doc.criteria()]
    return [(r.id, r.source) for r in doc.resources] + [(t.id, t.source) for e in doc.advice for t in e.tips]


def test_every_item_names_its_source(shipped):
    seeds = _seed_files()
    assert len(seeds) == 5, "docs/yaml-format.md lists the five seed documents"
    problems = []
    for doc in _documents(shipped):
        for item_id, source in _sourced(doc):
            where = f"{doc.id} {item_id}"
            if not source:
                problems.append(f"{where}: no source")
                continue
            if re.search(r"DOMAIN|STYLE|shared/|\bbrief\b", source):
                problems.append(f"{where}: cites the project's own notes, not a source")
            named = re.findall(r"seed (\S+\.txt)", source)
            if any(name not in seeds for name in named):
                problems.append(f"{where}: unknown seed file in '{source}'")
            if not named and not re.search(r"\b(19|20)\d\d\b|https://", source):
                problems.append(f"{where}: name a seed file, or a public source with its year or address")
    assert not problems, "\n".join(problems)


# -- the introduction -------------------------------------------------------------------------------


def _estimated_minutes(
    instrument: QuickScan, group_id: str, wpm: int = READING_WPM, words_factor: float = 1.0
) -> float:
    """Minutes to read what the group reads at ``wpm`` and answer; ``words_factor`` adds the words of the
    screens around the texts (``SCREEN_WORDS_PER_TEXT_WORD`` for a phone)."""
    words = sum(len(text.split()) for _, text in _texts_seen_by(instrument, group_id)) * words_factor
    statements = len(instrument.statements_for(group_id))
    seconds = words / wpm * 60 + statements * SECONDS_PER_ANSWER
    seconds += len(instrument.open_questions_for(group_id)) * SECONDS_PER_OPEN_QUESTION
    seconds += len(instrument.background_for(group_id)) * SECONDS_PER_BACKGROUND_QUESTION
    return seconds / 60


def test_the_introduction_says_what_each_group_gets_and_how_long_it_takes(shipped):
    for instrument in shipped.quickscans():
        said_counts = {int(n) for n in re.findall(r"(\d+) stellingen", instrument.description)}
        counts = {len(instrument.statements_for(g.id)) for g in instrument.groups}
        assert said_counts == counts, f"{instrument.id}: the description says {said_counts}, asked {counts}"
        said_minutes = [int(n) for n in re.findall(r"(\d+) minuten", instrument.description)]
        assert said_minutes, f"{instrument.id}: the description says how many minutes it takes"
        for group in instrument.groups:
            estimate = _estimated_minutes(instrument, group.id)
            assert any(abs(estimate - said) <= 3 for said in said_minutes), (
                f"{instrument.id} {group.id}: about {estimate:.0f} minutes, the description says {said_minutes}"
            )


def promised_minutes(description: str, side: str) -> tuple[int, int] | None:
    """The minutes an introduction promises a group: the first range ("Inwoners zijn 12 tot 15 minuten
    bezig") for the buitenkant, the one of "de andere groepen" for the binnenkant (None: no range)."""
    text = " ".join(description.split())
    pattern = r"(\d+) tot (\d+) minuten" if side == "buitenkant" else r"andere groepen (\d+) tot (\d+)"
    found = re.search(pattern, text)
    return (int(found.group(1)), int(found.group(2))) if found else None


def test_the_promised_minutes_hold_for_quick_and_calm_readers_on_a_phone(shipped):
    """The rule of tests/browser/test_reading_times.py, from the texts: reading quickly (200 words a
    minute) and calmly (150) both end within the promised range, with half a minute to spare."""
    problems = []
    for instrument in shipped.quickscans():
        for group in instrument.groups:
            promised = promised_minutes(instrument.description, group.side)
            if promised is None:
                problems.append(f"{instrument.id} {group.id}: the introduction names no range of minutes")
                continue
            quick, calm = (
                _estimated_minutes(instrument, group.id, wpm, SCREEN_WORDS_PER_TEXT_WORD)
                for wpm in (QUICK_READING_WPM, READING_WPM)
            )
            low, high = promised
            if not (low - 0.5 <= quick and calm <= high + 0.5):
                problems.append(
                    f"{instrument.id} {group.id}: {quick:.1f} to {calm:.1f} minutes, promised {low} to {high}"
                )
    assert not problems, "\n".join(problems)


# -- one id, one meaning ----------------------------------------------------------------------------

#: Words that differ only by organisation type; the same statement id may use either (yaml-format.md).
#: Longer phrases first: 'Gedeputeerde Staten' is the bestuur before 'Provinciale Staten' is looked at.
SAME_MEANING = [
    (r"het gemeentebestuur|het provinciebestuur|het waterschapsbestuur", "<organisatiebestuur>"),
    (r"de lokale politiek|de provinciale politiek|de politiek van het waterschap", "<politiek>"),
    (r"gedeputeerde staten|het dagelijks bestuur|dagelijks bestuur|het college|college", "<bestuur>"),
    (r"wethouders|gedeputeerden|db-leden", "<bestuurders>"),
    (r"raadsleden|statenleden|ab-leden", "<leden>"),
    (r"de gemeenteraad|provinciale staten|het algemeen bestuur|algemeen bestuur|de raad|raad", "<vv>"),
    (r"statengriffie|griffie", "<griffie>"),
    (r"inwoners en bedrijven|inwoners", "<inwoners>"),
    (r"ambtenaren|medewerkers", "<ambtenaren>"),
    (r"lokale|provinciale|regionale", "<niveau>"),
    (r"de wijk of het dorp|het gebied|de regio", "<gebied>"),
    (r"de gemeente|de provincie|het waterschap|gemeente|provincie|waterschap", "<organisatie>"),
    # the pronoun follows the noun: 'de gemeente ... zij', 'het waterschap ... het'
    (r"zij|het", "<zij/het>"),
    (r"haar|zijn", "<haar/zijn>"),
]


def normalised(text: str) -> str:
    text = text.lower()
    for pattern, token in SAME_MEANING:
        text = re.sub(rf"\b(?:{pattern})\b", token, text)
    return " ".join(text.split())


def test_one_id_means_one_thing_in_every_instrument(shipped):
    by_id: dict[str, list] = {}
    for instrument in shipped.quickscans():
        for theme, statement in instrument.statements():
            by_id.setdefault(statement.id, []).append((instrument, theme, statement))
    shared = {sid: uses for sid, uses in by_id.items() if len(uses) > 1}
    assert len(shared) >= 20, "the variants share most statements"
    problems = []
    for statement_id, uses in shared.items():
        first_instrument, first_theme, first = uses[0]
        for instrument, theme, statement in uses[1:]:
            where = f"{statement_id} ({first_instrument.id} / {instrument.id})"
            if statement.reverse != first.reverse:
                problems.append(f"{where}: reverse in one, not in the other")
            if (statement.scale or instrument.default_scale) != (
                first.scale or first_instrument.default_scale
            ):
                problems.append(f"{where}: another scale")
            if theme.id != first_theme.id:
                problems.append(f"{where}: another theme")
            if normalised(statement.text) != normalised(first.text):
                problems.append(f"{where}: '{first.text}' / '{statement.text}'")
    assert not problems, "\n".join(problems)


def test_the_same_meaning_check_sees_a_changed_meaning():
    assert normalised("De gemeente houdt zich aan de afspraken.") == normalised(
        "Het waterschap houdt zich aan de afspraken."
    )
    assert normalised("Raadsleden krijgen op tijd informatie.") == normalised(
        "Statenleden krijgen op tijd informatie."
    )
    assert normalised("Afdelingen werken goed samen.") != normalised("Een plan loopt vast tussen afdelingen.")


# -- stable ids and what changed ---------------------------------------------------------------------


def _record() -> dict:
    return json.loads(RECORD.read_text(encoding="utf-8"))


def _diff(before: dict[str, str], after: dict[str, str]) -> dict[str, list[str]]:
    return {
        "added": sorted(set(after) - set(before)),
        "removed": sorted(set(before) - set(after)),
        "reworded": sorted(i for i in set(before) & set(after) if before[i] != after[i]),
    }


def test_the_current_version_of_every_document_is_recorded(shipped):
    record = _record()
    for doc in _documents(shipped):
        versions = record.get(doc.id, {})
        assert str(doc.version) in versions, (
            f"{doc.id} version {doc.version} is not recorded: run .venv/bin/python tests/core/test_content.py --write"
        )
        recorded = versions[str(doc.version)]
        assert recorded == content_items(doc), (
            f"{doc.id} changed without a new version: {_diff(recorded, content_items(doc))}. Bump 'version', "
            "add a 'changes' entry and run .venv/bin/python tests/core/test_content.py --write "
            "(a typo fixed without another meaning may keep the version: then only run --write)"
        )


def test_every_change_between_recorded_versions_is_listed(shipped):
    """An id that disappears is listed as removed; a new one as added; other words as reworded."""
    record = _record()
    for doc in _documents(shipped):
        versions = sorted(int(v) for v in record.get(doc.id, {}))
        listed = {c.version: c for c in doc.changes}
        for older, newer in zip(versions, versions[1:], strict=False):
            diff = _diff(record[doc.id][str(older)], record[doc.id][str(newer)])
            assert newer in listed, f"{doc.id}: no 'changes' entry for version {newer}"
            change = listed[newer]
            stated = {
                "added": sorted(change.added),
                "removed": sorted(change.removed),
                "reworded": sorted(change.reworded),
            }
            assert stated == diff, (
                f"{doc.id} version {newer}: the changes list {stated}, the record shows {diff}"
            )


def render_changelog(catalog, record: dict) -> str:
    lines = [
        "# Wat er veranderde in de vragenlijsten",
        "",
        "Per vragenlijst en versie: wat erbij kwam, wat verdween en wat anders verwoord is. Een ronde houdt de",
        "versie waarmee hij startte; bij het vergelijken van rondes met verschillende versies tellen alleen de",
        "stellingen die in beide versies staan.",
        "",
        "Dit bestand wordt gemaakt uit het veld `changes` in `questions/*.yaml` en de vastgelegde teksten per",
        "versie (`tests/fixtures/content_versions.json`), met `.venv/bin/python tests/core/test_content.py --write`.",
        "Pas het niet met de hand aan; `make test` controleert dat het klopt. Op *Scan beheren* ziet de trekker",
        "van een ronde met een oudere versie hetzelfde overzicht, vanaf de versie van die ronde.",
    ]
    for doc in _documents(catalog):
        title = getattr(doc, "title", "Verbetertips en bronnen")
        lines += ["", f"## {title} (`{doc.id}`), nu versie {doc.version}"]
        versions = record.get(doc.id, {})
        for change in sorted(doc.changes, key=lambda c: c.version, reverse=True):
            before = versions.get(str(change.version - 1), {})
            after = versions.get(str(change.version), {})
            lines += ["", f"### Versie {change.version}", "", " ".join(change.summary.split()), ""]
            for label, ids, texts in (
                ("Nieuw", change.added, after),
                ("Weg", change.removed, before),
                ("Anders verwoord", change.reworded, after),
            ):
                if ids:
                    lines.append(f"- **{label}** ({len(ids)}):")
                    lines += [f"  - `{i}`: {texts.get(i, '')}" for i in ids]
    return "\n".join(lines) + "\n"


def test_the_changelog_in_the_docs_is_generated_from_the_yaml(shipped):
    expected = render_changelog(shipped, _record())
    assert CHANGELOG.read_text(encoding="utf-8") == expected, (
        "docs/vragenlijst-wijzigingen.md is out of date: run .venv/bin/python tests/core/test_content.py --write"
    )


def _write() -> None:
    catalog = load_catalog(QUESTIONS)
    record = _record() if RECORD.exists() else {}
    for doc in _documents(catalog):
        record.setdefault(doc.id, {})[str(doc.version)] = content_items(doc)
    RECORD.write_text(
        json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    CHANGELOG.write_text(render_changelog(catalog, record), encoding="utf-8")
    print(f"recorded {RECORD.relative_to(ROOT)} and wrote {CHANGELOG.relative_to(ROOT)}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(__doc__)
    _write()


# -- what issue 17 found missing stays there ---------------------------------------------------------

#: Statements about the inside of the organisation (issue 17), with the ids that replaced some of them.
INSIDE_STATEMENTS = [
    "raad_kaders",
    "raad_controle",
    "ambt_rollen",
    "ambt_rol_vv",
    "samen_rollen",
    "org_afdelingen",
    "org_over_afdelingen",
    "weer_ondermijning",
    "inw_uitdaagrecht",
    "inw_uitdaagrecht_aanpak",
]


def test_no_outside_group_is_asked_about_the_inside_of_the_organisation(shipped):
    problems = []
    for instrument in shipped.quickscans():
        for statement_id in INSIDE_STATEMENTS:
            try:
                statement = instrument.statement(statement_id)
            except KeyError:
                continue
            asked = set(statement.groups or instrument.group_ids)
            if asked & set(_buitenkant(instrument)):
                problems.append(f"{instrument.id} {statement_id}: asked of {sorted(asked)}")
    assert not problems, "\n".join(problems)


#: The programme's headings that issue 17 found as theme titles; they may stay as a subtitle or source.
PROGRAMME_HEADINGS = {
    "toegeruste ambtsdragers",
    "responsieve ambtelijke organisatie",
    "vitale democratische gemeenschap",
    "weerbaar bestuur",
}


def test_themes_have_plain_titles_not_the_programmes_headings(shipped):
    for instrument in shipped.quickscans():
        for theme in instrument.themes:
            for title in (theme.title, theme.short):
                assert title.lower() not in PROGRAMME_HEADINGS, f"{instrument.id} {theme.id}: '{title}'"


def test_the_gaps_against_the_seeds_stay_closed(shipped):
    for instrument in shipped.quickscans():
        trust = instrument.theme("vertrouwen")
        assert len(trust.statements) >= 2, f"{instrument.id}: statements on vertrouwen (seed 001)"
        topics = {q.topic for q in instrument.suggested_custom_questions}
        assert "Energietransitie" in topics and "Omgevingswet" in topics, instrument.id
    assert "Dorpen en kernen" in {
        q.topic for q in shipped.get("quickscan-gemeente").suggested_custom_questions
    }
    advice = shipped.advice
    used = {r for entry in advice.advice for tip in entry.tips for r in tip.resources}
    for resource in ["rode-draad-09", *(f"aanknopingspunt-{n}" for n in ("2-3", "3-6", "4-2", "6-3"))]:
        assert resource in used, f"no tip points to {resource}"


def test_the_ontwikkeltrajecten_are_described_as_past_and_the_participation_law_as_law(shipped):
    advice = shipped.advice
    for resource in (r for r in advice.resources if r.kind == "ontwikkeltraject"):
        assert re.search(r"afgelopen|gestopt", resource.description or ""), resource.id
    law = "Wet versterking participatie op decentraal niveau"
    assert any(law in f"{tip.text} {tip.source}" for entry in advice.advice for tip in entry.tips)
    for instrument in shipped.quickscans():
        for statement_id in ("samen_verordening", "inw_uitdaagrecht_aanpak"):
            assert law in (instrument.statement(statement_id).source or ""), f"{instrument.id} {statement_id}"


def test_the_checklist_and_the_variants_ask_what_issue_17_found_missing(shipped):
    checklist = shipped.get("inclusiviteit")
    criteria = {c.id for _, c in checklist.criteria()}
    # reflecting together, thinking inclusively oneself, co-design, equal influence, who was not reached
    assert {
        "eigen_samen_terugkijken",
        "eigen_aannames",
        "werk_samen_ontwerpen",
        "terug_gelijke_invloed",
        "terug_niet_bereikt",
    } <= criteria
    provincie = {s.id for _, s in shipped.get("quickscan-provincie").statements()}
    assert {"samen_middenbestuur", "samen_toezicht", "samen_regio"} <= provincie
    waterschap = {s.id for _, s in shipped.get("quickscan-waterschap").statements()}
    assert {"ab_belang_betaling", "weer_tegengeluid"} <= waterschap

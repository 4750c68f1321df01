"""AppTest of Scan beheren for a round on an older questionnaire: the trekker sees what changed since."""

from __future__ import annotations

import json
from pathlib import Path

from dia_scan.core.catalog import Catalog
from dia_scan.core.changelog import changes_since
from dia_scan.core.model import QuickScan
from dia_scan.quickscan import rounds
from tests.views.test_page_beheren import _login, _page

GEMEENTE = "quickscan-gemeente"
RECORD = Path(__file__).resolve().parents[1] / "fixtures" / "content_versions.json"


def _version_2(current: QuickScan) -> QuickScan:
    """The gemeente's Quick Scan as version 2 held it, as far as the recorded texts of version 2 tell:
    the statements it had with their words then, and the ones removed since in its first theme."""
    texts = json.loads(RECORD.read_text(encoding="utf-8"))[GEMEENTE]["2"]
    removed = next(c for c in current.changes if c.version == 3).removed
    themes = []
    for theme in current.themes:
        kept = [s.model_copy(update={"text": texts[s.id]}) for s in theme.statements if s.id in texts]
        if not themes:
            kept += [theme.statements[0].model_copy(update={"id": i, "text": texts[i]}) for i in removed]
        if kept:
            themes.append(
                theme.model_copy(update={"statements": kept, "title": texts.get(theme.id, theme.title)})
            )
    return current.model_copy(update={"version": 2, "themes": themes, "changes": []})


def _older_round(db, catalog, organisation_id) -> tuple[rounds.RoundCreated, QuickScan]:
    older = _version_2(catalog.get(GEMEENTE))
    created = rounds.create_round(
        db,
        Catalog(instruments={GEMEENTE: older}),
        organisation_id=organisation_id,
        instrument_id=GEMEENTE,
        title="Najaar 2024",
    )
    return created, older


def test_a_round_on_an_older_version_shows_what_changed_since(db, catalog, organisation_id):
    created, older = _older_round(db, catalog, organisation_id)
    at = _login(_page(), created.join_code, created.beheercode)
    [panel] = [e for e in at.expander if e.label == "Nieuwere vragenlijst: wat veranderde sinds versie 2"]
    # the page escapes the texts for markdown (core.text.markdown_safe); read them as a person does
    shown = " ".join(m.value for m in panel.markdown).replace("\\", "").replace("\u200b", "")
    assert "Deze ronde gebruikt versie 2 van de vragenlijst. De nieuwste versie is 3." in shown
    assert "**Versie 3**" in shown and "Nieuw thema 'Vertrouwen tussen inwoners en bestuur'" in shown

    [diff] = changes_since(catalog.get(GEMEENTE), older)
    current_texts = {s.id: s.text for _, s in catalog.get(GEMEENTE).statements()}
    older_texts = {s.id: s.text for _, s in older.statements()}
    suggested = {q.id for q in catalog.get(GEMEENTE).suggested_custom_questions}
    ready_made = [i for i, _ in diff.added if i in suggested]
    assert ready_made and f"*Nieuw ({len(diff.added) - len(ready_made)}):*" in shown
    assert current_texts["vert_eerlijk"] in shown  # added: the words of version 3
    assert "Thema: Vertrouwen tussen inwoners en bestuur" in shown
    assert (
        f"*Nieuwe kant-en-klare eigen vragen, om te kiezen bij een nieuwe ronde ({len(ready_made)}):*"
        in shown
    )
    assert f"*Weg ({len(diff.removed)}):*" in shown
    assert older_texts["weer_toon"] in shown  # removed: the words of version 2
    assert f"*Anders verwoord ({len(diff.reworded)}):*" in shown
    reworded = f"{current_texts['ambt_afwegen']} (was: {older_texts['ambt_afwegen']})"
    assert reworded in shown


def test_a_round_on_the_newest_version_has_no_changes_panel(db, catalog, organisation_id):
    created = rounds.create_round(
        db, catalog, organisation_id=organisation_id, instrument_id=GEMEENTE, title="Voorjaar 2026"
    )
    at = _login(_page(), created.join_code, created.beheercode)
    assert not [e for e in at.expander if e.label.startswith("Nieuwere vragenlijst")]


def test_changes_since_lists_only_later_versions_newest_first(catalog):
    current = catalog.get(GEMEENTE)
    assert changes_since(current, current) == []
    older = _version_2(current)
    [diff] = changes_since(current, older)
    assert diff.version == 3
    assert {i for i, _ in diff.added} == set(next(c for c in current.changes if c.version == 3).added)
    assert all(text for _, text in diff.removed)  # every removed id has its words of version 2
    assert changes_since(older, current) == []  # never backwards

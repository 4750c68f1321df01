"""What changed in an instrument since an older version, in words a trekker reads.

The source of truth is the ``changes`` list of each instrument in ``questions/*.yaml`` (ids added, removed
and reworded per version). Scan beheren shows it for a round on an older version, and
docs/vragenlijst-wijzigingen.md is generated from the same list (tests/core/test_content.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from dia_scan.core.model import Advice, Checklist, QuickScan


def item_texts(doc: QuickScan | Checklist | Advice) -> dict[str, str]:
    """Every id of a document with the words it stands for (a statement's text, a theme's title, ...)."""
    items: dict[str, str] = {}
    if isinstance(doc, QuickScan):
        for theme in doc.themes:
            items[theme.id] = theme.title
            for statement in theme.statements:
                items[statement.id] = statement.text
        if doc.priorities is not None:
            items[doc.priorities.id] = doc.priorities.text
        items.update({q.id: q.text for q in doc.open_questions})
        items.update({q.id: q.text for q in doc.background})
        items.update({q.id: q.text for q in doc.suggested_custom_questions})
    elif isinstance(doc, Checklist):
        for dimension in doc.dimensions:
            items[dimension.id] = dimension.title
            items.update({c.id: c.text for c in dimension.criteria})
    else:
        items.update({r.id: r.title for r in doc.resources})
        items.update({t.id: t.title for e in doc.advice for t in e.tips})
    return items


@dataclass(frozen=True)
class Reworded:
    id: str
    before: str  # "" when the older version at hand does not have it
    after: str


@dataclass(frozen=True)
class VersionDiff:
    """One version's entry of ``changes``, with the words of each id."""

    version: int
    summary: str
    added: tuple[tuple[str, str], ...]  # (id, text in the newer instrument)
    removed: tuple[tuple[str, str], ...]  # (id, text in the older instrument)
    reworded: tuple[Reworded, ...]


def changes_since(current: QuickScan | Checklist, older: QuickScan | Checklist) -> list[VersionDiff]:
    """The versions after ``older`` up to ``current``, newest first. A text that neither version at hand
    holds (an id that came and went in between) is left empty; callers then show the id."""
    if older.id != current.id or older.version >= current.version:
        return []
    now, before = item_texts(current), item_texts(older)
    entries = [c for c in current.changes if older.version < c.version <= current.version]
    return [
        VersionDiff(
            version=c.version,
            summary=" ".join(c.summary.split()),
            added=tuple((i, now.get(i, "")) for i in c.added),
            removed=tuple((i, before.get(i, "")) for i in c.removed),
            reworded=tuple(Reworded(i, before.get(i, ""), now.get(i, "")) for i in c.reworded),
        )
        for c in sorted(entries, key=lambda c: c.version, reverse=True)
    ]

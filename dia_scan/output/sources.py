"""Sources as readers know them: the title of the document and its section, never a file id.

The ``source`` fields in ``questions/*.yaml`` name the five source documents of Democratie in Actie by a
short title and their file ("Rode Draden 2021 (seed 003_4832b069d911f449.txt), rode draad 6 punt 3"), so
editors and researchers can trace every question and tip. Readers of the app, the reports and the Excel
files get the document's own title instead ("Rode Draden Democratie in Actie on tour (2021), rode draad 6
punt 3"). The YAML stays as it is; :func:`source_title` is the one place that turns one into the other.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from dia_scan.core.advice import RESOURCE_KIND_LABELS
from dia_scan.core.model import Resource


class SourceDocument(NamedTuple):
    """One of the documents the instruments and the advice grew from."""

    number: str  # the three digits of its file name
    title: str  # as the document names itself, with its maker and date


#: The five documents, with the titles they carry themselves.
DOCUMENTS = (
    SourceDocument(
        "000", "‘Verslag van de gesprekstafels, Ontwerpsessie Democratie in Actie Haarlem’ (2018)"
    ),
    SourceDocument("001", "‘Samenwerken in netwerken’ (Democratie in Actie)"),
    SourceDocument(
        "002", "‘Verslag opstartsessie ontwikkeltrajecten in Utrecht’ (Democratie in Actie, 2019)"
    ),
    SourceDocument("003", "‘Rode Draden Democratie in Actie on tour’ (2021)"),
    SourceDocument("004", "‘Instrumenten voor de raad’ (Democratie in Actie, BZK en VNG)"),
)
_BY_NUMBER = {d.number: d for d in DOCUMENTS}

# "Rode Draden 2021 (seed 003_4832b069d911f449.txt)": an optional short title, then the file in brackets.
_BRACKETED = re.compile(
    r"(?:(?<=^)|(?<=[;,.]\s))(?P<short>[^;()]*?)\s*\(seed (?P<number>\d{3})(?:_[0-9a-f]*)?(?:\.txt)?\)"
)
# "seed 003", "seed 003_4832b069d911f449.txt" on its own.
_BARE = re.compile(r"\bseed (?P<number>\d{3})(?:_[0-9a-f]*)?(?:\.txt)?(?P<more> (?=\w))?")


def _title(number: str) -> str:
    document = _BY_NUMBER.get(number)
    return document.title if document else "een brondocument van Democratie in Actie"


def source_title(source: str | None) -> str:
    """The source as a reader should see it: every reference to a source file replaced by the title of
    that document (its section stays); anything else (a law, a public report) as it is."""
    if not source:
        return ""
    text = _BRACKETED.sub(lambda m: _title(m["number"]), source.strip())
    return _BARE.sub(lambda m: _title(m["number"]) + (", " if m["more"] else ""), text)


def resource_heading(resource: Resource) -> str:
    """ "DiAmant 04: ParticipatieWijzer", not "DiAmant: DiAmant 04: ParticipatieWijzer": the kind is
    only put in front when the title does not already start with it."""
    kind = RESOURCE_KIND_LABELS.get(resource.kind, resource.kind)
    first = kind.split()[0].lower() if kind else ""
    if not first or resource.title.lower().startswith(first):
        return resource.title
    return f"{kind}: {resource.title}"


def resource_line(resource: Resource) -> str:
    """A resource in one line of plain text, for the reports and the Excel sheets."""
    source = source_title(resource.source)
    return resource_heading(resource) + (f" (bron: {source})" if source else "")

"""Sources shown by the title of their document, never by a file id ("seed 003_...")."""

from __future__ import annotations

import re

from dia_scan.core.model import Resource
from dia_scan.output.sources import DOCUMENTS, resource_heading, resource_line, source_title


def test_a_yaml_source_becomes_the_documents_title_with_its_section():
    assert source_title("Rode Draden 2021 (seed 003_4832b069d911f449.txt), rode draad 6 punt 3") == (
        "‘Rode Draden Democratie in Actie on tour’ (2021), rode draad 6 punt 3"
    )
    assert source_title(
        "Wet versterking participatie op decentraal niveau (2025); "
        "Opstartsessie ontwikkeltrajecten 2019 (seed 002_cd5fd34576b4079a.txt), traject 2"
    ) == (
        "Wet versterking participatie op decentraal niveau (2025); "
        "‘Verslag opstartsessie ontwikkeltrajecten in Utrecht’ (Democratie in Actie, 2019), traject 2"
    )


def test_a_bare_seed_reference_becomes_a_title_too():
    assert source_title("seed 001 thema 4") == "‘Samenwerken in netwerken’ (Democratie in Actie), thema 4"
    assert source_title("(bron: seed 003)") == "(bron: ‘Rode Draden Democratie in Actie on tour’ (2021))"
    assert source_title(None) == "" and source_title("OECD (2022)") == "OECD (2022)"


def test_every_source_in_the_instruments_and_advice_reads_without_file_ids(catalog):
    sources = [r.source for r in catalog.advice.resources]
    sources += [tip.source for entry in catalog.advice.advice for tip in entry.tips]
    for instrument in catalog.quickscans():
        sources += [t.source for t in instrument.themes]
        sources += [s.source for _, s in instrument.statements()]
        sources += [q.source for q in instrument.open_questions]
    sources = [s for s in sources if s]
    assert len(sources) > 50
    for source in sources:
        shown = source_title(source)
        assert not re.search(r"seed|\.txt|[0-9a-f]{16}", shown), shown


def test_the_kind_is_not_repeated_when_the_title_already_says_it():
    rode_draad = Resource(id="rd", kind="rode_draad", title="Rode draad 3: Samenspel", source="seed 003")
    assert resource_heading(rode_draad) == "Rode draad 3: Samenspel"
    other = Resource(id="x", kind="overig", title="Democratie in Actie (2018-2021)", source="VNG")
    assert resource_heading(other) == "Meer informatie: Democratie in Actie (2018-2021)"
    assert resource_line(rode_draad) == (
        "Rode draad 3: Samenspel (bron: ‘Rode Draden Democratie in Actie on tour’ (2021))"
    )


def test_five_documents_with_distinct_numbers():
    assert [d.number for d in DOCUMENTS] == ["000", "001", "002", "003", "004"]

"""Languages: the pure lookup of interface strings and the instrument texts in another language."""

from __future__ import annotations

import functools
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dia_scan.core import i18n
from dia_scan.core.errors import ServiceError
from dia_scan.core.model import QuickScan, Scale, ScalePoint, Statement, Theme


def _scan(**theme_translations) -> QuickScan:
    return QuickScan(
        id="mini",
        version=1,
        title="Mini",
        description="Een kleine scan.",
        en={"title": "Mini scan"},
        default_scale="eens",
        scales=[
            Scale(
                id="eens",
                label="Eens",
                points=[
                    ScalePoint(value=1, label="Oneens", en={"label": "Disagree"}),
                    ScalePoint(value=2, label="Eens", en={"label": "Agree"}, fy={"label": "Iens"}),
                ],
                dont_know="Weet niet",
                fy={"dont_know": "Wit net"},
            )
        ],
        groups=[{"id": "raad", "label": "Raad", "side": "binnenkant"}],
        themes=[
            Theme(
                id="t1",
                title="Thema",
                short="T",
                description="Over iets.",
                statements=[
                    Statement(id="s1", text="De raad luistert.", en={"text": "The council listens."})
                ],
                **theme_translations,
            )
        ],
        unreviewed_languages=["fy"],
    )


def test_localise_puts_translations_in_place_and_keeps_dutch_where_missing():
    scan = i18n.localise(_scan(en={"title": "Theme"}), "en")
    assert scan.title == "Mini scan"
    assert scan.description == "Een kleine scan."  # no translation: Dutch
    assert [p.label for p in scan.scales[0].points] == ["Disagree", "Agree"]
    assert scan.scales[0].dont_know == "Weet niet"
    assert scan.themes[0].title == "Theme"
    assert scan.themes[0].description == "Over iets."
    assert scan.themes[0].statements[0].text == "The council listens."


def test_localise_changes_no_id_value_or_structure():
    original = _scan(en={"title": "Theme"})
    for language in i18n.LANGUAGES:
        scan = i18n.localise(original, language)
        assert [s.id for _, s in scan.statements()] == ["s1"]
        assert scan.scales[0].values == original.scales[0].values
        assert scan.scale_of(scan.themes[0].statements[0]).to_score(2) == 100.0


def test_dutch_and_unknown_languages_give_the_model_itself():
    scan = _scan()
    assert i18n.localise(scan, "nl") is scan
    assert i18n.localise(scan, "de") is scan


def test_missing_lists_every_untranslated_text_per_place():
    missing = i18n.missing(_scan(), "fy")
    assert "(instrument): title, description" in missing
    assert "scales.eens.points.1: label" in missing
    assert "scales.eens.points.2: label" not in " ".join(missing)
    assert "themes.t1.statements.s1: text" in missing
    assert not [line for line in missing if line.startswith("scales.eens:")]  # dont_know is translated


def test_a_snapshot_takes_the_translations_of_the_same_version_only():
    snapshot = _scan()  # stored before the theme's translation was written
    current = _scan(en={"title": "Theme"})
    assert i18n.localise_version(snapshot, "en", current).themes[0].title == "Theme"
    newer = current.model_copy(update={"version": 2})
    assert i18n.localise_version(snapshot, "en", newer).themes[0].title == "Thema"


def test_unreviewed_comes_from_the_instrument():
    assert i18n.unreviewed(_scan(), "fy")
    assert not i18n.unreviewed(_scan(), "en")
    assert not i18n.unreviewed(_scan(), "nl")


def test_an_unknown_field_in_a_translation_is_refused():
    with pytest.raises(ValueError, match="te vertalen velden hier: text"):
        Statement(id="s", text="Tekst", en={"txt": "Text"})


@pytest.mark.parametrize(
    ("stored", "expected"),
    [(None, ["nl"]), ("", ["nl"]), ("en,fy", ["nl", "fy", "en"]), ("FY, xx", ["nl", "fy"]), ("nl", ["nl"])],
)
def test_language_lists_always_hold_dutch_first(stored, expected):
    assert i18n.parse_list(stored) == expected


@pytest.mark.parametrize(("given", "expected"), [("fy", "fy"), (" EN ", "en"), ("de", None), (None, None)])
def test_normalise(given, expected):
    assert i18n.normalise(given) == expected


def test_interface_strings_come_from_the_compiled_catalogues():
    assert i18n.gettext_in("fy", "Volgende") == "Folgjende"
    assert i18n.gettext_in("en", "Volgende") == "Next"
    assert i18n.gettext_in("nl", "Volgende") == "Volgende"
    assert i18n.gettext_in("en", "Een tekst die niet in de catalogus staat") == (
        "Een tekst die niet in de catalogus staat"
    )
    assert i18n.ngettext_in("en", "{n} stap", "{n} stappen", 1) == "{n} stap"  # unknown: Dutch forms


def test_every_language_has_a_name_in_itself():
    assert set(i18n.NAMES) == set(i18n.LANGUAGES)


@given(st.lists(st.sampled_from(["nl", "fy", "en", "FY", " en", "de", "", "nl,fy", "x,y"]), max_size=6))
def test_any_stored_language_list_reads_back_as_dutch_first_without_doubles(parts):
    languages = i18n.parse_list(",".join(parts))
    assert languages[0] == "nl"
    assert len(languages) == len(set(languages))
    assert set(languages) <= set(i18n.LANGUAGES)
    assert i18n.parse_list(i18n.format_list(languages)) == languages


@given(
    st.sampled_from(["quickscan-gemeente", "quickscan-provincie", "quickscan-waterschap", "inclusiviteit"])
)
@settings(max_examples=8, deadline=None)
def test_every_instrument_keeps_its_answers_in_every_language(instrument_id):
    """A missing translation is allowed (Dutch is shown); a changed id, value or score never."""
    instrument = _catalog().get(instrument_id)
    for language in i18n.TRANSLATION_LANGUAGES:
        localised = i18n.localise(instrument, language)
        assert _skeleton(localised) == _skeleton(instrument)  # same ids, values, groups, scores


def _skeleton(model) -> object:
    """The model without any text a participant reads: what answers and scores depend on."""
    dumped = model.model_dump(mode="json")

    # the translatable field names of every content kind, removed wherever they occur
    names = {name for kind in _kinds() for name in kind.translatable}

    def strip_all(node):
        if isinstance(node, dict):
            return {k: strip_all(v) for k, v in node.items() if k not in names | {"fy", "en"}}
        if isinstance(node, list):
            return [strip_all(v) for v in node]
        return node

    return strip_all(dumped)


def _kinds():
    from dia_scan.core import model

    return [
        obj
        for obj in vars(model).values()
        if isinstance(obj, type) and issubclass(obj, model._Translatable) and obj is not model._Translatable
    ]


@functools.cache
def _catalog():
    from dia_scan.core.catalog import load_catalog

    return load_catalog()


# -- service messages ------------------------------------------------------------------------------


def test_a_service_message_is_dutch_as_text_and_translated_with_its_values():
    err = ServiceError("Deze scan gaat open op {start}. Probeer het dan opnieuw.", start=date(2026, 10, 5))
    assert str(err) == "Deze scan gaat open op 5 oktober 2026. Probeer het dan opnieuw."
    assert i18n.error_in("nl", err) == str(err)
    assert i18n.error_in("en", err) == "This scan opens on 5 October 2026. Please try again then."
    # Frisian months in lower case, as the Frisian spelling writes them (CLDR capitalises them)
    assert i18n.error_in("fy", err) == "Dizze scan giet iepen op 5 oktober 2026. Besykje it dan nochris."


def test_a_word_in_a_message_is_translated_and_typed_text_is_left_as_it_is():
    err = ServiceError("Vul de {code_name} in.", code_name="deelnamecode")
    assert str(err) == "Vul de deelnamecode in."
    assert i18n.error_in("en", err) == "Enter the participation code."
    typed = ServiceError("Kies een van de antwoorden: {options}", options="Volgende")
    assert i18n.error_in("nl", typed) == "Kies een van de antwoorden: Volgende"
    empty = ServiceError("Kies een van de antwoorden: {options}", options="")
    assert i18n.error_in("fy", empty) == "Kies ien fan de antwurden: "  # not the catalogue's header


def test_a_message_without_a_translation_stays_dutch():
    err = ServiceError("Een melding voor organisatoren met {n} dingen.", n=3)
    assert i18n.error_in("en", err) == "Een melding voor organisatoren met 3 dingen."
    assert i18n.error_in("fy", ServiceError("Alleen Nederlands.")) == "Alleen Nederlands."

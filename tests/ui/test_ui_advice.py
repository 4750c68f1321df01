"""The one advice block (dia_scan.ui.common.advice) as both products show it: sources named, typed
text shown as text."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _block():
    from dia_scan.core.advice import SelectedAdvice
    from dia_scan.core.model import Resource, Tip
    from dia_scan.ui.common.advice import show_advice

    tip = Tip(id="tip_a", title="Begin klein", text="Kies *een* proces.", resources=["dia_x"])
    resource = Resource(id="dia_x", kind="diamant", title="Het goede gesprek", source="seed 003")
    show_advice(
        [SelectedAdvice("toegang", "Toegang", "Laagste score", 40.0, [(tip, [resource])])],
        intro="Tips voor wat het laagst scoort.",
    )


def test_every_tip_names_its_resources_and_their_source():
    at = AppTest.from_function(_block).run()
    assert not at.exception
    texts = [m.value for m in at.markdown]
    line = next(t for t in texts if "Het goede gesprek" in t)
    assert line.startswith("**DiAmant") and "(bron: ‘Rode Draden Democratie in Actie on tour’" in line, texts
    assert "seed" not in " ".join(texts)  # sources by their title, never by a file id
    assert "Kies \\*een\\* proces\\." in texts  # typed text stays text


def _nothing():
    from dia_scan.ui.common.advice import show_advice

    show_advice([], empty="Geen tips.")


def test_no_advice_says_so_when_asked():
    at = AppTest.from_function(_nothing).run()
    assert [m.value for m in at.markdown] == ["Geen tips."]

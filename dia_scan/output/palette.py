"""The traffic lights of the checklist, once: colour, shape and word, so no light depends on colour alone.

Fills use the Okabe-Ito colours (told apart by colour-blind readers, at least 3:1 against white as WCAG
1.4.11 asks of graphics). Text in a light's colour needs 4.5:1, so it uses a darker shade of the same hue.
"""

from __future__ import annotations

LIGHTS = ("groen", "oranje", "rood")
#: Bar and marker fills.
LIGHT_COLOURS = {"groen": "#009E73", "oranje": "#B57A00", "rood": "#D55E00"}
#: The same hues dark enough for text on white (4.5:1 or more).
LIGHT_TEXT_COLOURS = {"groen": "#00704F", "oranje": "#8A5D00", "rood": "#A3410A"}
NO_SCORE_COLOUR = "#BBBBBB"
LIGHT_SYMBOLS = {"groen": "✓", "oranje": "!", "rood": "✗"}
LIGHT_MEANINGS = {"groen": "gaat goed", "oranje": "kan beter", "rood": "hier is werk nodig"}
#: Two assessments side by side: the earlier one grey and striped, the later one blue.
BEFORE_COLOUR, AFTER_COLOUR = "#767676", "#0072B2"


def light_label(light: str | None) -> str:
    """E.g. "✓ groen (gaat goed)"; "geen score" when nothing could be scored."""
    if light is None:
        return "geen score"
    return f"{LIGHT_SYMBOLS[light]} {light} ({LIGHT_MEANINGS[light]})"

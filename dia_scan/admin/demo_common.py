"""What every part of the demo shares: the one beheercode of all demo rounds and processes, and
made-up answers to "Over u"."""

from __future__ import annotations

from dia_scan.core.model import QuickScan

#: Only for the demo; real rounds get a random beheercode that is shown once.
DEMO_BEHEERCODE = "DEMO-BEHEERCODE"


#: Demo answers to "Over u": the binnenkant mostly middle-aged, the inwoners who answer mostly older
#: and highly educated, as the QSLD evaluation saw. Weights follow each question's option order.
_ABOUT_WEIGHTS = {
    "leeftijd": {"buitenkant": [1, 4, 8, 14, 18], "binnenkant": [0, 3, 10, 18, 5]},
    "gender": {"buitenkant": [8, 11, 1], "binnenkant": [8, 10, 1]},
    "opleiding": {"buitenkant": [2, 6, 13], "binnenkant": [1, 4, 15]},
    "meedoen": {"buitenkant": [5, 6, 12], "binnenkant": [4, 4, 4]},
    "ervaring": {"buitenkant": [4, 6, 7], "binnenkant": [6, 9, 7]},
}


def demo_background(rng, instrument: QuickScan, group_id: str) -> dict[str, str]:
    """Made-up answers to the optional "Over u" questions; about one in ten skips each."""
    side = instrument.group(group_id).side
    chosen = {}
    for question in instrument.background_for(group_id):
        if rng.random() < 0.1:
            continue
        weights = _ABOUT_WEIGHTS.get(question.id, {}).get(side) or [1] * len(question.options)
        if len(weights) != len(question.options):
            weights = [1] * len(question.options)
        chosen[question.id] = rng.choices([o.id for o in question.options], weights=weights)[0]
    return chosen

"""The readings a raadslid reads: ties read as ties, what 50 means, how "Totaal" weighs the groups, and
nouns with the right number. Hand-made numbers in, exact sentences out."""

from __future__ import annotations

from dia_scan.core.text import counted, names
from dia_scan.output import readings
from dia_scan.quickscan.result_view import read_priorities, read_scores

THEMES = ["Krachtige raad", "Betrokken inwoners", "Samenspel", "Vertrouwen"]


def test_a_tie_in_priorities_names_every_theme_that_shares_the_top():
    # the college picked three themes equally often (4 of 7 = 57%); the inwoners one theme most
    college = [4 / 7, 4 / 7, 4 / 7, 1 / 7]
    inwoners = [0.2, 0.5, 0.1, 0.1]
    overall = [(a + b) / 2 for a, b in zip(college, inwoners, strict=True)]
    reading = read_priorities(THEMES, [("College", college), ("Inwoners", inwoners)], overall)
    assert reading == (
        "Het vaakst gekozen om eerst aan te werken: Betrokken inwoners "
        "(gemiddeld 54% van de deelnemers per groep). "
        "College kiest het vaakst Krachtige raad, Betrokken inwoners en Samenspel (elk 57%)."
    )


def test_a_tie_at_the_top_of_the_priorities_overall():
    reading = read_priorities(THEMES[:2], [("Raad", [0.4, 0.4])], [0.4, 0.4])
    assert reading.startswith(
        "Het vaakst gekozen om eerst aan te werken: Krachtige raad en Betrokken inwoners "
        "(gemiddeld 40% van de deelnemers per groep, elk)."
    )


def test_scores_reading_says_what_50_means_and_how_the_total_weighs_groups():
    groups = [("Raad", [70.0, 40.0, 55.0]), ("Inwoners", [60.0, 30.0, 54.0])]
    totals = [65.0, 35.0, 54.5]
    reading = read_scores(THEMES[:3], groups, totals)
    assert reading == (
        "Het hoogst scoort Krachtige raad (65), het laagst Betrokken inwoners (35). "
        "Raad en Inwoners verschillen het meest bij Krachtige raad: 70 tegen 60. "
        + readings.NEUTRAL
        + " "
        + readings.TOTAL_WEIGHING
    )
    assert "50 is neutraal" in readings.NEUTRAL
    assert "elke groep telt even zwaar" in readings.TOTAL_WEIGHING


def test_a_tie_in_scores_is_read_as_a_tie_at_the_precision_shown():
    # 64.6 and 65.4 both show as 65
    reading = read_scores(THEMES[:3], [("Raad", [64.6, 65.4, 40.0])], [64.6, 65.4, 40.0])
    assert reading.startswith(
        "Het hoogst scoren Krachtige raad en Betrokken inwoners (65), het laagst Samenspel (40)."
    )
    assert (
        readings.NEUTRAL in reading and readings.TOTAL_WEIGHING not in reading
    )  # one group: no total to weigh


def test_all_scores_equal():
    reading = read_scores(THEMES[:2], [("Raad", [50.0, 50.0])], [50.0, 50.0])
    assert reading.startswith("Het totaal is overal 50.")


def test_dimensions_and_profiles_read_ties():
    assert readings.read_dimensions(["Doel", "Bereik", "Terugkoppeling"], [80.0, 80.0, 20.0]) == (
        "Het sterkst zijn Doel en Bereik (80), het zwakst Terugkoppeling (20). "
        "Een dimensie zonder antwoorden telt niet mee."
    )
    assert readings.read_profiles(["A", "B", "C"], [("Lindewaard", [40.0, 70.0, 40.0])]) == (
        "Lindewaard scoort het hoogst bij B (70) en het laagst bij A en C (40)."
    )


def test_counted_and_names_use_the_right_forms():
    assert counted(1, "actie", "acties") == "1 actie"
    assert counted(0, "actie", "acties") == "0 acties"
    assert counted(3, "beoordelaar", "beoordelaars") == "3 beoordelaars"
    assert names(["A"]) == "A"
    assert names(["A", "B"]) == "A en B"
    assert names(["A", "B", "C"]) == "A, B en C"


def test_a_divided_group_is_read_in_numbers_not_in_the_same_words_under_every_statement():
    # issue 19: under every "within a group" starter Resultaten repeated "Binnen de groep ... lopen de
    # meningen het meest uiteen", which the heading above them already says
    from dia_scan.quickscan.result_view import starters
    from dia_scan.quickscan.scoring import score_round
    from tests.quickscan.test_scoring import load_quickscan, simple_tally

    instrument = load_quickscan()
    tally = {"inwoners": simple_tally(5, {"raad_kaders": [1, 5, 1, 5, 3], "inw_meedenken": [2, 4, 3, 3, 3]})}
    _, within = starters(score_round(instrument, tally, k=5))
    details = {s.text: s.detail for s in within}
    text = {s.id: s.text for _, s in instrument.statements()}
    kaders, meedenken = text["raad_kaders"], text["inw_meedenken"]
    assert details[kaders] == "Inwoners: 2 eens, 1 neutraal, 2 oneens."
    assert details[meedenken] == "Inwoners: 1 eens, 3 neutraal, 1 oneens."

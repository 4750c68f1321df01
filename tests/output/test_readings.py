"""The plain-Dutch readings of charts (dia_scan.output.readings): hand-made numbers in, exact sentences out."""

from __future__ import annotations

from dia_scan.compare import view as compare_view
from dia_scan.output import readings
from dia_scan.output.charts import DistributionRow

OPTIONS = ["Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal eens", "Weet niet / n.v.t."]


def test_distribution_names_the_bars_with_most_agreement_and_disagreement():
    rows = [
        DistributionRow("De raad luistert", "Raad", [0, 1, 1, 4, 4, 0]),  # 80% eens, 10% oneens
        DistributionRow("De raad luistert", "Inwoners", [3, 3, 2, 1, 0, 1]),  # 10% eens, 60% oneens
        DistributionRow("Informatie is helder", "Raad", [0, 0, 0, 0, 0, 0]),  # no answers: ignored
    ]
    assert readings.read_distribution(OPTIONS, rows) == (
        "Het vaakst eens: Raad bij ‘De raad luistert’ (80% koos ‘eens’ of ‘helemaal eens’). "
        "Het vaakst oneens: Inwoners bij ‘De raad luistert’ (60% koos ‘helemaal oneens’ of ‘oneens’)."
    )


def test_distribution_counts_weet_niet_in_the_share_as_the_chart_does():
    rows = [DistributionRow("S", "Raad", [0, 0, 0, 1, 0, 3])]  # 1 eens out of 4 answers
    assert readings.read_distribution(OPTIONS, rows) == (
        "Het vaakst eens: Raad bij ‘S’ (25% koos ‘eens’ of ‘helemaal eens’). "
        "Niemand koos ‘helemaal oneens’ of ‘oneens’."
    )


def test_distribution_without_answers():
    assert readings.read_distribution(OPTIONS, []) == "Er zijn nog geen antwoorden om te lezen."


def test_trends_latest_round_and_biggest_rise_and_fall():
    rounds = ["Voorjaar (1-3-2025)", "Najaar (1-10-2025)", "Voorjaar (1-3-2026)"]
    series = [
        ("Raad", [50.0, 55.0, 62.4]),
        ("Inwoners", [60.0, None, 52.0]),
        ("College", [None, None, 70.0]),  # one score only: no change to read
    ]
    assert readings.read_trends(rounds, series) == (
        "In de laatste ronde, Voorjaar (1-3-2026), scoort College het hoogst (70) en Inwoners het laagst (52). "
        "Het meest gestegen is Raad: van 50 naar 62 (12 punten omhoog). "
        "Het meest gedaald is Inwoners: van 60 naar 52 (8 punten omlaag)."
    )


def test_trends_with_one_round_or_no_change():
    assert readings.read_trends(["R1"], [("A", [70.0]), ("B", [40.0])]) == (
        "In de laatste ronde, R1, scoort A het hoogst (70) en B het laagst (40)."
    )
    assert readings.read_trends(["R1", "R2"], [("A", [70.0, 70.2])]).endswith(
        "Geen enkel thema is veranderd tussen de eerste en de laatste ronde."
    )
    assert readings.read_trends(["R1"], [("A", [None])]) == "Er is nog geen ronde met scores."


def test_matrix_totals_extreme_cells_and_empty_cells():
    names = ["Havenstede", "Bergveld"]
    themes = ["Raad", "Inwoners"]
    values = [[80.0, 64.6], [40.2, None]]
    assert readings.read_matrix(names, themes, values, [72.0, 40.2]) == (
        "Het hoogste totaal heeft Havenstede (72), het laagste Bergveld (40). "
        "De hoogste score is 80 (Havenstede, Raad), de laagste 40 (Bergveld, Raad). "
        "Eén vak is leeg: daar is geen score te tonen."
    )
    assert readings.read_matrix(["A"], ["T"], [[None]], [None]) == "Er is geen organisatie met een score."


def test_profiles_first_line_and_biggest_gap():
    labels = ["Raad", "Inwoners", "Media"]
    series = [("Bergveld", [70.0, 40.0, 55.0]), ("Havenstede", [72.0, 61.0, None])]
    assert readings.read_profiles(labels, series) == (
        "Bergveld scoort het hoogst bij Raad (70) en het laagst bij Inwoners (40). "
        "Havenstede en Bergveld verschillen het meest bij Inwoners: 61 tegen 40."
    )
    close = [("A", [50.0, 50.0, 50.0]), ("B", [52.0, 53.0, 51.0])]
    assert readings.read_profiles(labels, close).endswith("hoogstens 3 punten verschil.")


def test_spread_widest_narrowest_and_medians():
    rows = [("Raad", 3, 40, 60, 85), ("Inwoners", 3, 50, 55, 58), ("Media", 1, 70, 70, 70)]
    assert readings.read_spread(rows) == (
        "De organisaties lopen het verst uiteen bij Raad: van 40 tot 85. "
        "Het dichtst bij elkaar liggen ze bij Inwoners: van 50 tot 58. "
        "De middelste score (mediaan) is het hoogst bij Media (70) en het laagst bij Inwoners (55)."
    )


def test_checklist_dimensions_and_changes():
    titles = ["Toegang", "Invloed", "Terugkoppeling"]
    assert readings.read_dimensions(titles, [80.0, None, 37.5]) == (
        "Het sterkst is Toegang (80), het zwakst Terugkoppeling (38). "
        "Een dimensie zonder antwoorden telt niet mee."
    )
    assert readings.read_dimensions(titles, [None, 50.0, None]) == "Alleen Invloed heeft een score: 50."
    assert readings.read_dimension_changes(titles, [50.0, 60.0, None], [75.0, 40.0, 90.0]) == (
        "Het meest vooruit ging Toegang: van 50 naar 75 (25 punten omhoog). "
        "Het meest achteruit ging Invloed: van 60 naar 40 (20 punten omlaag)."
    )
    assert (
        readings.read_dimension_changes(titles, [50.0] * 3, [50.0] * 3)
        == "Geen enkele dimensie is veranderd."
    )


def test_readings_keep_typed_names_as_they_are():
    """Readings are plain text: escaping is the page's job, so a name must come through unchanged."""
    nasty = "**Vet** <b>x</b>"
    assert nasty in readings.read_matrix([nasty], ["T"], [[50.0]], [50.0])


def test_spread_frame_reading_matches_its_table():
    import pandas as pd

    frame = pd.DataFrame(
        [["Raad", 2, 40, 50, 60], ["Inwoners", 2, 45, 50, 55]], columns=compare_view.SPREAD_COLUMNS
    )
    assert compare_view.read_spread_frame(frame).startswith("De organisaties lopen het verst uiteen bij Raad")

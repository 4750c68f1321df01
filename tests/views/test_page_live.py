"""The Live page (AppTest): behind the beheercode, counts per group, no group under k, QR code,
and scores that only move on when no single new respondent can be read off the screen."""

from __future__ import annotations

import json
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dia_scan import storage
from dia_scan.admin.demo import build_demo
from dia_scan.quickscan.result_view import may_replace, pending
from tests.builders import new_round, submit_responses
from tests.conftest import managed

PAGE = str(Path(__file__).resolve().parents[2] / "views" / "live.py")
BEHEERCODE = "TEST-BEHEER-CODE"
LEVEL = {"raad": 4, "college": 5, "organisatie": 3, "inwoners": 2}


def _level(group: str, i: int) -> int:
    """Each group answers around its own level, alternating by one."""
    return max(1, min(5, LEVEL[group] - i % 2))


def make_round(db, catalog, organisation_id, sizes: dict[str, int]) -> dict:
    row = new_round(db, catalog, organisation_id, title="Workshop", beheercode=BEHEERCODE)
    return submit_responses(db, row, sizes, _level)


def app(round_row: dict | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    if round_row is not None:
        at.session_state["managed_rounds"] = managed(round_row)
        at.session_state["current_round"] = round_row.id
    return at.run()


def radar(at: AppTest) -> dict:
    (chart,) = at.get("plotly_chart")
    return json.loads(chart.proto.spec)


def _html(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def counts(at: AppTest) -> dict[str, str]:
    """The counts line: "<b>19 ingevuld</b> · Raad <b>6</b> · College <b>5</b> (2 bezig) ..."."""
    (line,) = [h.proto.body for h in at.get("html") if "dia-live-counts" in h.proto.body]
    total = re.search(r"<b>(\d+) ingevuld</b>", line).group(1)
    return {"Ingevuld": total} | dict(re.findall(r"([A-Z][\w ]*?) <b>(\d+)</b>", line))


def test_live_needs_the_beheercode(db_path, db, catalog, organisation_id):
    make_round(db, catalog, organisation_id, {"raad": 5})
    at = app()
    assert not at.exception
    assert not at.get("plotly_chart") and not at.get("html")
    assert at.text_input(key="live_code") is not None
    at.text_input(key="live_code").input("ABCDEFGH")
    at.text_input(key="live_secret").input("fout")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["De combinatie van deelnamecode en beheercode klopt niet."]


def test_counts_per_group_radar_without_groups_under_k_and_join_code(db_path, db, catalog, organisation_id):
    row = make_round(db, catalog, organisation_id, {"raad": 6, "college": 5, "organisatie": 5, "inwoners": 3})
    at = app(row)
    assert not at.exception
    assert counts(at) == {
        "Ingevuld": "19",
        "Raad": "6",
        "College": "5",
        "Ambtelijke organisatie": "5",
        "Inwoners": "3",  # a count says nothing about answers: shown for every group
    }
    names = [t["name"] for t in radar(at)["data"]]
    assert names == ["Raad (n=6)", "College (n=5)", "Ambtelijke organisatie (n=5)", "Totaal", "50 = neutraal"]
    hidden = [m.value for m in at.markdown if m.value.startswith("**Nog niet apart te zien:**")]
    assert hidden == ["**Nog niet apart te zien:** Inwoners (te weinig deelnemers om apart te tonen)"]
    # the join code stays on screen for latecomers, with a QR code and the link
    code = row.join_code
    assert f"{code[:4]} {code[4:]}" in _html(at)
    assert len(at.get("image")) == 1  # the QR code
    assert "127.0.0.1:8501/meedoen" in _html(at)  # the short address, without http:// and code
    assert [e.value for e in at.error if "Telefoons kunnen dit adres niet openen" in e.value]  # in red
    assert any(m.value == "### Gespreksstarters" for m in at.markdown)

    # once everyone has joined, the code can be folded away; the counts and the chart stay
    at.toggle(key=f"live_show_join_{row.id}").set_value(False).run()
    assert not at.exception
    assert not at.get("image") and f"{code[:4]} {code[4:]}" not in _html(at)
    assert counts(at)["Ingevuld"] == "19" and radar(at)["data"]


def test_no_group_big_enough_yet(db_path, db, catalog, organisation_id):
    row = make_round(db, catalog, organisation_id, {"inwoners": 2})
    at = app(row)
    assert not at.exception
    assert not at.get("plotly_chart")
    assert counts(at)["Inwoners"] == "2"
    assert any("nog geen groep met genoeg deelnemers" in w.value for w in at.warning)


def test_scores_move_on_only_when_each_grown_group_has_k_new(db_path, db, catalog, organisation_id):
    row = make_round(db, catalog, organisation_id, {"raad": 5, "inwoners": 5})
    at = app(row)
    before = radar(at)["data"]

    submit_responses(db, row, {"raad": 1}, 1)  # one person: everyone in the room would know their answers
    at.run()
    assert counts(at)["Raad"] == "6"
    assert radar(at)["data"] == before
    assert any("1 nieuwe deelnemer komt in de grafiek" in c.value for c in at.caption)

    submit_responses(db, row, {"raad": 4}, 1)  # now five new raadsleden: their mean hides each of them
    at.run()
    after = radar(at)["data"]
    assert after[0]["name"] == "Raad (n=10)"
    assert after[0]["r"] != before[0]["r"]
    assert after[1]["r"] == before[1]["r"]  # inwoners did not change


def test_the_merge_cannot_be_undone_one_person_at_a_time(db_path, db, catalog, organisation_id):
    row = make_round(db, catalog, organisation_id, {"raad": 5, "college": 4, "inwoners": 5})
    at = app(row)
    assert [t["name"] for t in radar(at)["data"]][0] == "Binnenkant (samengevoegd) (n=9)"
    submit_responses(
        db, row, {"college": 1}, _level
    )  # college reaches k: shown apart, but only one new person
    at.run()
    assert [t["name"] for t in radar(at)["data"]][0] == "Binnenkant (samengevoegd) (n=9)"
    assert counts(at)["College"] == "5"


def test_may_replace_rule():
    k = 5
    assert may_replace(None, {"raad": 1}, k)
    assert may_replace({"raad": 5}, {"raad": 5}, k)
    assert not may_replace({"raad": 5}, {"raad": 6}, k)
    assert may_replace({"raad": 5}, {"raad": 10}, k)
    assert not may_replace({"raad": 5, "inwoners": 5}, {"raad": 10, "inwoners": 6}, k)
    assert may_replace({"raad": 5}, {"raad": 5, "inwoners": 7}, k)
    assert not may_replace({"college": 4}, {"college": 5}, k)
    assert pending({"raad": 5}, {"raad": 7, "inwoners": 1}) == 3


def test_demo_rounds_render_live(db_path, db, catalog):
    summary = build_demo(db, catalog)
    for org in summary["organisations"]:
        row = storage.get_round_by_code(db, org["rounds"][1]["join_code"])
        at = app(row)
        assert not at.exception, org["name"]
        assert at.get("plotly_chart")
        assert counts(at)["Ingevuld"] == str(row.submitted)


def test_a_round_that_takes_no_more_answers_invites_nobody(db_path, db, catalog, organisation_id):
    """Past its end date, or closed by hand, Live shows no address, code or QR code (and no red warning
    about the address): only that the scan is closed, in words for the room; the scores stay."""
    from datetime import timedelta

    from dia_scan.core import lifecycle
    from dia_scan.core.text import long_date

    row = make_round(db, catalog, organisation_id, {"raad": 6, "college": 5})
    code = row.join_code
    yesterday = lifecycle.local_today() - timedelta(days=1)
    storage.update_round(db, row.id, period_end=yesterday.isoformat())
    at = app(storage.get_round(db, row.id))
    assert not at.exception
    assert not at.get("image") and f"{code[:4]} {code[4:]}" not in _html(at)
    assert not [e for e in at.error if "Telefoons" in e.value]
    assert [w.value for w in at.warning] == [
        f"De scan is gesloten: meedoen kon tot en met {long_date(yesterday)}. Er komen geen antwoorden meer bij."
    ]
    assert radar(at)["data"] and counts(at)["Ingevuld"] == "11"
    assert not at.toggle, "no switch for a code that is not shown"

    storage.update_round(db, row.id, period_end=None, published=0, closed_at="2026-03-12T10:00:00+00:00")
    at = app(storage.get_round(db, row.id))
    assert not at.get("image") and f"{code[:4]} {code[4:]}" not in _html(at)
    assert [w.value for w in at.warning] == [
        "De scan is gesloten op 12 maart 2026. Er komen geen antwoorden meer bij."
    ]

    storage.update_round(db, row.id, published=0, closed_at=None)  # made, not yet opened: still invites
    at = app(storage.get_round(db, row.id))
    assert len(at.get("image")) == 1 and f"{code[:4]} {code[4:]}" in _html(at)
    assert "De scan staat nog niet open" in at.warning[0].value

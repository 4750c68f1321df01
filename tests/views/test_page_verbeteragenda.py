"""AppTest of the Verbeteragenda page: behind the beheercode, add an action, carry-over, share the summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dia_scan import storage
from tests.conftest import managed

PAGE = str(Path(__file__).resolve().parents[2] / "views" / "verbeteragenda.py")


@pytest.fixture(autouse=True)
def _no_login_delay(monkeypatch):
    monkeypatch.setattr("dia_scan.ui.common.access.time.sleep", lambda _: None)


def _round(db, title: str, organisation: str = "Demogemeente Bergveld") -> dict:
    return next(
        r for r in storage.list_rounds(db) if r.organisation_name == organisation and r.title == title
    )


def _page(round_row: dict | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    if round_row is not None:
        at.session_state["managed_rounds"] = managed(round_row)
        at.session_state["current_round"] = round_row.id
    return _ok(at.run())


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    return at


def _text(at: AppTest, kind: str) -> str:
    return " ".join(str(e.value) for e in getattr(at, kind))


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_without_the_beheercode_the_page_asks_for_it(demo):
    at = _page()
    assert "beheercode" in _text(at, "info").lower()
    assert [t.label for t in at.text_input] == ["Deelnamecode", "Beheercode"]


def test_login_with_the_demo_beheercode(demo):
    second = _round(demo, "Quick Scan najaar 2026")
    at = _page()
    at.text_input(key="agenda_code").input(second.join_code)
    at.text_input(key="agenda_secret").input("DEMO-BEHEERCODE")
    _ok(_button(at, "Openen").click().run())
    assert "Acties van deze ronde" in _text(at, "subheader")


def test_the_previous_rounds_actions_are_carried_over(demo):
    at = _page(_round(demo, "Quick Scan najaar 2026"))
    headers = _text(at, "subheader")
    assert "Demogemeente Bergveld" in headers and "Meegenomen van eerder" in headers
    assert "Quick Scan voorjaar 2025" in _text(at, "caption")
    assert "nog geen acties" in _text(at, "info")


def test_add_an_action(demo):
    second = _round(demo, "Quick Scan najaar 2026")
    at = _page(second)
    at.text_area(key="agenda_add_wat").input("=Raad en inwoners praten over de wijk")
    at.selectbox(key="agenda_add_theme").select("betrokken_inwoners")
    at.text_input(key="agenda_add_wie").input("griffie")
    at.selectbox(key="agenda_add_status").select("bezig")
    _ok(_button(at, "Actie toevoegen").click().run())
    assert "staat op de verbeteragenda" in _text(at, "success")
    (action,) = storage.list_actions(demo, round_id=second.id)
    assert action.wat == "=Raad en inwoners praten over de wijk"
    assert (action.target_id, action.waarom) == ("betrokken_inwoners", "Meedenken en meedoen")
    assert (action.wie, action.status, action.source) == ("griffie", "bezig", "handmatig")
    assert "Acties van deze ronde" in _text(at, "subheader")


def test_an_empty_action_gets_a_dutch_message(demo):
    second = _round(demo, "Quick Scan najaar 2026")
    at = _page(second)
    _ok(_button(at, "Actie toevoegen").click().run())
    assert "Vul 'wat' in" in _text(at, "error")
    assert storage.list_actions(demo, round_id=second.id) == []


def test_share_the_summary(demo):
    first = _round(demo, "Quick Scan voorjaar 2025")  # closed
    at = _page(first)
    assert "terugkoppeling?code=" + first.join_code in " ".join(c.value for c in at.code)
    toggle = at.toggle(key=f"summary_{first.id}_toggle")
    _ok(toggle.set_value(True).run())
    assert storage.get_round(demo, first.id).summary_published == 1
    assert "Gedeeld" in _text(at, "success")
    _ok(at.toggle(key=f"summary_{first.id}_toggle").set_value(False).run())
    assert storage.get_round(demo, first.id).summary_published == 0


def test_sharing_an_open_round_warns_it_shows_after_closing(demo):
    second = _round(demo, "Quick Scan najaar 2026")  # still open
    at = _page(second)
    _ok(at.toggle(key=f"summary_{second.id}_toggle").set_value(True).run())
    assert "pas als de scan gesloten is" in _text(at, "warning")


def test_report_downloads_are_offered(demo):
    at = _page(_round(demo, "Quick Scan najaar 2026"))
    assert "Rapport downloaden" in _text(at, "subheader")
    labels = [d.proto.label for d in at.get("download_button")]
    assert labels == ["Rapport als webpagina (HTML)", "Rapport als PDF", "Cijfers in Excel"]

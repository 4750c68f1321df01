"""AppTest of the Scan beheren page: set up a round, get the codes once, manage it with the beheercode."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dia_scan import storage
from dia_scan.core import codes
from dia_scan.core.text import markdown_safe
from dia_scan.quickscan import rounds
from dia_scan.ui.common import access

PAGE = str(Path(__file__).resolve().parents[2] / "views" / "beheren.py")


@pytest.fixture(autouse=True)
def _no_login_delay(monkeypatch):
    # wrong beheercodes slow down on purpose; tests need not wait for that
    monkeypatch.setattr("dia_scan.ui.common.access.time.sleep", lambda _: None)


def _page() -> AppTest:
    return _ok(AppTest.from_file(PAGE, default_timeout=30).run())


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    return at


def _messages(at: AppTest, kind: str) -> str:
    return " ".join(e.value for e in getattr(at, kind))


def _fill_new_round(
    at: AppTest, *, title="Quick Scan voorjaar", org="Gemeente Proefstad", org_type="gemeente"
):
    at.selectbox(key="nr_org").set_value("andere")  # not on the list: type the name
    _ok(at.run())
    at.text_input(key="nr_org_name").input(org)
    at.radio(key="nr_org_type").set_value(org_type)
    _ok(at.run())
    at.text_input(key="nr_title").input(title)
    return at


def _login(at: AppTest, join_code: str, beheercode: str) -> AppTest:
    at.segmented_control(key="beheren_mode").set_value("beheren")
    _ok(at.run())
    at.text_input(key="access_code").input(join_code)
    at.text_input(key="access_secret").input(beheercode)
    return _ok(at.button[0].click().run())


def _round(db, catalog, organisation_id, **fields):
    return rounds.create_round(
        db,
        catalog,
        organisation_id=organisation_id,
        instrument_id="quickscan-gemeente",
        title="Ronde",
        **fields,
    )


# -- setting up ----------------------------------------------------------------------------------


def test_new_round_through_the_form_shows_codes_once(db):
    at = _page()
    assert at.segmented_control(key="beheren_mode").value == "nieuw"
    _fill_new_round(at)
    at.number_input(key="nr_k").set_value(7)
    _ok(at.button(key="nr_create").click().run())

    [row] = storage.list_rounds(db)
    assert row.title == "Quick Scan voorjaar" and row.k == 7 and row.published is True
    assert row.organisation_name == "Gemeente Proefstad"
    shown = [c.value for c in at.code]
    beheercode = next(c for c in shown if len(codes.normalise(c)) == codes.SECRET_CODE_LENGTH)
    assert codes.verify_secret(beheercode, storage.round_beheercode_hash(db, row.id))
    assert f"http://127.0.0.1:8501/meedoen?code={row.join_code}" in shown
    assert "één keer" in _messages(at, "warning")
    assert len(at.image) == 1  # the QR code
    # the facilitator lands in the management view of the new round
    assert at.segmented_control(key="beheren_mode").value == "beheren"
    assert at.toggle(key=f"m{row.id}_published").value is True

    _ok(at.button(key="setup_created_ack").click().run())
    assert beheercode not in [c.value for c in at.code]  # shown once only


def test_base_url_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("DIA_SCAN_BASE_URL", "https://scan.example.nl/")
    at = _fill_new_round(_page())
    _ok(at.button(key="nr_create").click().run())
    [row] = storage.list_rounds(db)
    assert f"https://scan.example.nl/meedoen?code={row.join_code}" in [c.value for c in at.code]


def test_instruments_follow_the_organisation_type(db):
    at = _page()
    at.selectbox(key="nr_org").set_value("andere")
    _ok(at.run())
    at.radio(key="nr_org_type").set_value("provincie")
    _ok(at.run())
    assert at.selectbox(key="nr_instrument").value == "quickscan-provincie"
    assert len(at.selectbox(key="nr_instrument").options) == 1
    at.selectbox(key="nr_org").set_value("WS12")  # Hoogheemraadschap van Rijnland, from the list
    _ok(at.run())
    assert at.selectbox(key="nr_instrument").value == "quickscan-waterschap"


def test_custom_questions_through_the_form(db):
    at = _fill_new_round(_page())
    at.number_input(key="nr_custom_count").set_value(2)
    _ok(at.run())
    at.text_input(key="nr_cq_0_text").input("Wij <b>praten</b> goed samen")
    at.multiselect(key="nr_cq_0_groups").set_value(["raad", "college"])
    at.text_input(key="nr_cq_1_text").input("Wat moet anders?")
    at.radio(key="nr_cq_1_kind").set_value("open")
    _ok(at.button(key="nr_create").click().run())
    [row] = storage.list_rounds(db)
    assert list(row.custom_questions) == [
        {"kind": "stelling", "text": "Wij <b>praten</b> goed samen", "groups": ["raad", "college"]},
        {"kind": "open", "text": "Wat moet anders?", "groups": []},
    ]
    assert "Stelling: Wij <b>praten</b> goed samen" in [t.value for t in at.text]


def test_form_errors_are_shown_and_nothing_is_stored(db):
    at = _fill_new_round(_page(), title="  ")
    _ok(at.button(key="nr_create").click().run())
    assert "titel" in _messages(at, "error")
    assert storage.list_rounds(db) == [] and storage.list_organisations(db) == []
    assert at.text_input(key="nr_org_name").value == "Gemeente Proefstad"  # nothing typed is lost


def test_a_gemeente_from_the_list_gets_its_cbs_profile(db):
    at = _page()
    options = at.selectbox(key="nr_org").options
    assert len(options) == 345 + 12 + 21 + 1  # every gemeente, provincie and waterschap, and "other"
    at.selectbox(key="nr_org").set_value("GM0358")
    _ok(at.run())
    profile = markdown_safe("Provincie Noord-Holland · 20.000 tot 50.000 inwoners · weinig stedelijk.")
    assert profile in " ".join(c.value for c in at.caption)
    assert not [w for w in at.text_input if w.key == "nr_org_name"]
    at.text_input(key="nr_title").input("Najaar")
    _ok(at.button(key="nr_create").click().run())
    [org] = storage.list_organisations(db)
    assert (org.name, org.type, org.province, org.size_class, org.urbanisation) == (
        "Gemeente Aalsmeer",
        "gemeente",
        "Noord-Holland",
        "20-50k",
        4,
    )
    assert org.reference_code == "GM0358"


def test_an_existing_organisation_is_joined_only_with_proof(db, catalog):
    theirs = storage.insert_organisation(db, "Gemeente Aalsmeer", "gemeente", reference_code="GM0358")
    earlier = _round(db, catalog, theirs)

    def new_round(title: str, proof: str = "") -> dict:
        at = _page()
        at.selectbox(key="nr_org").set_value("GM0358")
        _ok(at.run())
        at.text_input(key="nr_org_proof").input(proof)
        at.text_input(key="nr_title").input(title)
        _ok(at.button(key="nr_create").click().run())
        return at

    # without proof: a new organisation with the same name, which sees nothing of the other
    new_round("Zonder bewijs")
    row = next(r for r in storage.list_rounds(db) if r.title == "Zonder bewijs")
    assert row.organisation_id != theirs
    # a wrong code: refused with a message, nothing made, nothing typed lost
    at = new_round("Fout bewijs", proof="ABCD-EFGH-JKMN-PQ")
    assert "geen eerdere ronde of organisatiecode" in _messages(at, "error")
    assert not [r for r in storage.list_rounds(db) if r.title == "Fout bewijs"]
    assert at.text_input(key="nr_title").value == "Fout bewijs"
    # the beheercode of one of its rounds: the existing organisation
    new_round("Met bewijs", proof=earlier.beheercode)
    row = next(r for r in storage.list_rounds(db) if r.title == "Met bewijs")
    assert row.organisation_id == theirs


def test_a_session_that_manages_a_round_of_the_organisation_needs_no_code(db, catalog):
    theirs = storage.insert_organisation(db, "Gemeente Aalsmeer", "gemeente", reference_code="GM0358")
    earlier = _round(db, catalog, theirs)
    at = _login(_page(), earlier.join_code, earlier.beheercode)  # this session proved a round of it
    at.segmented_control(key="beheren_mode").set_value("nieuw")
    _ok(at.run())
    at.selectbox(key="nr_org").set_value("GM0358")
    _ok(at.run())
    at.text_input(key="nr_title").input("Najaar")
    _ok(at.button(key="nr_create").click().run())
    row = next(r for r in storage.list_rounds(db) if r.title == "Najaar")
    assert row.organisation_id == theirs


# -- managing ------------------------------------------------------------------------------------


def test_manage_with_beheercode_and_toggle_published(db, catalog, organisation_id):
    created = _round(db, catalog, organisation_id)
    at = _login(_page(), created.join_code, created.beheercode)
    invitation = [c.value for c in at.code if "doet mee aan de Quick Scan" in c.value]
    assert invitation and created.join_code in invitation[0], "a ready invitation text to copy"
    toggle = at.toggle(key=f"m{created.round_id}_published")
    assert toggle.value is True
    _ok(toggle.set_value(False).run())
    row = storage.get_round(db, created.round_id)
    assert row.published == 0 and row.closed_at
    assert any("[Gesloten] U heeft de scan gesloten op" in m.value for m in at.markdown)
    assert "De scan is gesloten: wie nu de link" in _messages(at, "warning")
    _ok(at.toggle(key=f"m{created.round_id}_published").set_value(True).run())
    assert rounds.open_for_answers(storage.get_round(db, created.round_id))
    assert "De scan is gesloten: wie nu de link" not in _messages(at, "warning")


def test_results_for_participants_switch(db, catalog, organisation_id):
    created = _round(db, catalog, organisation_id)
    at = _login(_page(), created.join_code, created.beheercode)
    _ok(at.toggle(key=f"m{created.round_id}_results").set_value(True).run())
    assert storage.get_round(db, created.round_id).results_for_participants == 1


def test_wrong_beheercode_gives_the_message(db, catalog, organisation_id):
    created = _round(db, catalog, organisation_id)
    at = _login(_page(), created.join_code, "AAAA-BBBB-CCCC-DD")
    assert "De combinatie van deelnamecode en beheercode klopt niet." in _messages(at, "error")
    assert not at.toggle


def test_repeated_wrong_beheercodes_slow_down_and_then_block_the_session(
    db, catalog, organisation_id, monkeypatch
):
    waits: list[float] = []
    monkeypatch.setattr("dia_scan.ui.common.access.time.sleep", waits.append)
    created = _round(db, catalog, organisation_id)
    at = _page()
    at.segmented_control(key="beheren_mode").set_value("beheren")
    _ok(at.run())
    for attempt in range(access.MAX_ATTEMPTS):
        at.text_input(key="access_code").input(created.join_code)
        at.text_input(key="access_secret").input(f"AAAA-BBBB-CCCC-D{attempt}")
        _ok(at.button[0].click().run())
    slowed = [w for w in waits if w >= 0.25]  # (time.sleep is shared: AppTest sleeps 1 ms while waiting)
    assert slowed == [0.25, 0.5, 0.75, 1.0, 1.25]  # every wrong code waits a little longer
    assert "Te veel verkeerde pogingen" in _messages(at, "error")
    # while blocked, even the right beheercode is refused, and nothing is granted
    at.text_input(key="access_code").input(created.join_code)
    at.text_input(key="access_secret").input(created.beheercode)
    _ok(at.button[0].click().run())
    assert "Probeer het over" in _messages(at, "error")
    assert (
        not at.toggle and not at.session_state["managed_rounds"]
        if "managed_rounds" in at.session_state
        else True
    )
    # a new session gains nothing: the round itself is blocked in the database
    at.session_state["_access_attempts"] = {"failed": 0, "blocked_until": 0.0}
    at.text_input(key="access_code").input(created.join_code)
    at.text_input(key="access_secret").input(created.beheercode)
    _ok(at.button[0].click().run())
    assert "Probeer het over" in _messages(at, "error") and not at.toggle
    # after the block the right code opens the round
    storage.clear_attempts(db, "round", str(created.round_id))
    at.text_input(key="access_code").input(created.join_code)
    at.text_input(key="access_secret").input(created.beheercode)
    _ok(at.button[0].click().run())
    assert at.toggle


def test_monitor_counts_per_group(db, catalog, organisation_id):
    created = _round(db, catalog, organisation_id, k=3)
    row = storage.get_round(db, created.round_id)
    instrument = rounds.round_instrument(db, row)
    for _ in range(3):
        rounds.submit_complete(db, row, "inwoners", {"answers": {"inw_meedenken": 3}})
    rounds.start_response(db, row, "raad")
    at = _login(_page(), created.join_code, created.beheercode)
    table = at.dataframe[0].value
    by_group = {r["Groep"]: (r["Begonnen"], r["Ingevuld"]) for r in table.to_dict("records")}
    assert by_group == {
        g.label: {"inwoners": (3, 3), "raad": (1, 0)}.get(g.id, (0, 0)) for g in instrument.groups
    }
    assert [m.value for m in at.metric][:2] == ["3", "1"]


def test_another_round_can_be_opened(db, catalog, organisation_id):
    first = _round(db, catalog, organisation_id)
    second = _round(db, catalog, organisation_id)
    at = _login(_page(), first.join_code, first.beheercode)
    at.text_input(key="other_code").input(second.join_code)
    at.text_input(key="other_secret").input(second.beheercode)
    _ok(at.button(key="other_open").click().run())
    assert at.toggle(key=f"m{second.round_id}_published")


def test_projector_view_shows_the_code_large(db, catalog, organisation_id):
    created = _round(db, catalog, organisation_id)
    at = _login(_page(), created.join_code, created.beheercode)
    _ok(at.button(key=f"m{created.round_id}_projector").click().run())
    spaced = f"{created.join_code[:4]} {created.join_code[4:]}"
    assert [t.value for t in at.title].count(spaced) == 1  # on the page
    (dialog,) = [h.proto.body for h in at.get("html") if "dia-join" in h.proto.body]
    assert spaced in dialog and "127.0.0.1:8501/meedoen<" in dialog  # code and short address, large
    assert len(at.image) == 2
    # the address is this computer only: said in red on the page and in the dialog
    assert len([e for e in at.error if "Telefoons kunnen dit adres niet openen" in e.value]) == 2


# -- correcting and deleting ---------------------------------------------------------------------


def test_title_and_period_are_corrected_on_the_page(db, catalog, organisation_id):
    from datetime import date

    created = _round(db, catalog, organisation_id, period_start="2026-03-01", period_end="2026-03-21")
    at = _login(_page(), created.join_code, created.beheercode)
    rid = created.round_id
    at.text_input(key=f"m{rid}_title").input("Quick Scan najaar")
    at.date_input(key=f"m{rid}_start").set_value(date(2026, 9, 1))
    at.date_input(key=f"m{rid}_end").set_value(date(2026, 9, 30))
    _ok(at.button(key=f"m{rid}_save").click().run())
    row = storage.get_round(db, rid)
    assert (row.title, row.period_start, row.period_end) == (
        "Quick Scan najaar",
        "2026-09-01",
        "2026-09-30",
    )
    assert "opgeslagen" in _messages(at, "success")
    assert "Quick Scan najaar" in " ".join(s.value for s in at.subheader)
    _ok(at.run())  # another run of the page (the monitor's refresh, a click elsewhere): the notice stays
    assert "opgeslagen" in _messages(at, "success")

    at.date_input(key=f"m{rid}_end").set_value(date(2026, 8, 1))
    _ok(at.button(key=f"m{rid}_save").click().run())
    assert "vóór de begindatum" in _messages(at, "error")
    _ok(at.run())  # a change that failed ends the notice of the one before: it no longer says "opgeslagen"
    assert "opgeslagen" not in _messages(at, "success")
    assert storage.get_round(db, rid).period_end == "2026-09-30"


def test_a_round_is_deleted_only_closed_and_after_typing_its_code(db, catalog, organisation_id):
    created = _round(db, catalog, organisation_id)
    row = storage.get_round(db, created.round_id)
    handle = rounds.start_response(db, row, "raad")
    rid = created.round_id
    at = _login(_page(), created.join_code, created.beheercode)
    assert "Sluit de scan eerst" in _messages(at, "info")
    assert not [b for b in at.button if b.key == f"m{rid}_delete_now"]

    _ok(at.toggle(key=f"m{rid}_published").set_value(False).run())
    at.text_input(key=f"m{rid}_confirm").input("ABCDEFGH")
    _ok(at.button(key=f"m{rid}_delete_now").click().run())
    assert "deelnamecode" in _messages(at, "error")
    assert storage.get_round(db, rid) is not None

    at.text_input(key=f"m{rid}_confirm").input(created.join_code.lower())
    _ok(at.button(key=f"m{rid}_delete_now").click().run())
    assert storage.get_round(db, rid) is None
    assert storage.get_response_by_id(db, handle.response_id) is None
    assert "is verwijderd, met 1 ingevulde of begonnen vragenlijst." in _messages(at, "success")
    assert rid not in at.session_state["managed_rounds"], "the session no longer manages it"
    assert at.text_input(key="access_code"), "the login form is back: nothing left to manage"


# -- paper forms -----------------------------------------------------------------------------------


def _workbook(db, round_id: int, rows: list[dict]) -> bytes:
    from dia_scan.quickscan import importer
    from tests.conftest import filled_template

    return filled_template(importer.round_template(db, storage.get_round(db, round_id), "xlsx"), rows)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_paper_forms_are_uploaded_on_the_page(db, catalog, organisation_id):
    created = _round(db, catalog, organisation_id)
    rid = created.round_id
    sid = catalog.get("quickscan-gemeente").themes[0].statements[0].id
    at = _login(_page(), created.join_code, created.beheercode)
    buttons = [b.proto.label for b in at.get("download_button")]
    assert {"Vragenlijst op papier (PDF)", "Invulblad (Excel)", "Alleen de kolommen (CSV)"} <= set(buttons)
    assert at.selectbox(key=f"m{rid}_paper_group").options == [
        "Raad",
        "College",
        "Ambtelijke organisatie",
        "Inwoners",
    ]

    # a bad file: nothing goes in, every problem is listed, escaped (shown as the text in the cell)
    bad = _workbook(db, rid, [{"group": "raad", sid: 3}, {"group": "<b>bestuur</b>", sid: 3}])
    at.get("file_uploader")[0].set_value(("papier.xlsx", bad, XLSX))
    _ok(at.button(key=f"m{rid}_paper_go").click().run())
    assert "Er is niets ingevoerd" in _messages(at, "error")
    listed = " ".join(m.value for m in at.markdown)
    assert "- " + markdown_safe("rij 3: groep '<b>bestuur</b>' bestaat niet") in listed
    assert storage.group_counts(db, rid) == {}

    good = _workbook(db, rid, [{"group": "raad", sid: 3}, {"group": "inwoners", sid: "weet niet"}])
    at.get("file_uploader")[0].set_value(("papier.xlsx", good, XLSX))
    _ok(at.button(key=f"m{rid}_paper_go").click().run())
    assert "2 formulieren ingevoerd (Raad: 1, Inwoners: 1)." in _messages(at, "success")
    assert storage.group_counts(db, rid)["inwoners"]["submitted"] == 1

    at.get("file_uploader")[0].set_value(("papier.xlsx", good, XLSX))
    _ok(at.button(key=f"m{rid}_paper_go").click().run())
    assert markdown_safe("al ingevoerd") in " ".join(m.value for m in at.markdown)
    assert storage.group_counts(db, rid)["raad"]["submitted"] == 1, "not counted twice"

    _ok(at.button(key=f"m{rid}_paper_go").click().run())
    assert "Kies eerst een bestand." in _messages(at, "error")


# -- the period and a second window --------------------------------------------------------------


def test_a_round_past_its_end_date_says_so_and_reopens_with_a_new_end_date(db, catalog, organisation_id):
    from datetime import timedelta

    from dia_scan.core import lifecycle

    today = lifecycle.local_today()
    ended = (today - timedelta(days=1)).isoformat()
    created = _round(db, catalog, organisation_id, period_start="2026-01-05", period_end=ended)
    at = _login(_page(), created.join_code, created.beheercode)
    rid = created.round_id
    assert any("[Gesloten] De periode is voorbij" in m.value for m in at.markdown)
    assert not [t for t in at.toggle if t.key == f"m{rid}_published"], "no switch: it needs a new end date"
    closed_note = (
        "De scan is gesloten: wie nu de link, de code of de uitnodiging krijgt, kan niet meer meedoen."
    )
    assert closed_note in _messages(at, "warning")  # above the invitation, which names the past end date
    at.date_input(key=f"m{rid}_until").set_value(today + timedelta(days=3))
    _ok(at.button(key=f"m{rid}_reopen_now").click().run())
    row = storage.get_round(db, rid)
    assert row.period_end == (today + timedelta(days=3)).isoformat() and rounds.open_for_answers(row)
    assert "De scan staat weer open" in _messages(at, "success")
    assert any("[Open] Deelnemers kunnen meedoen tot en met" in m.value for m in at.markdown)
    assert at.toggle(key=f"m{rid}_published").value is True
    assert closed_note not in _messages(at, "warning")


def test_a_round_that_starts_later_says_when(db, catalog, organisation_id):
    created = _round(db, catalog, organisation_id, period_start="2099-03-02", period_end="2099-03-20")
    at = _login(_page(), created.join_code, created.beheercode)
    assert any("De scan gaat vanzelf open op 2 maart 2099" in m.value for m in at.markdown)


def test_live_opens_in_a_second_window_with_a_pass_not_the_beheercode(db, catalog, organisation_id):
    created = _round(db, catalog, organisation_id)
    at = _login(_page(), created.join_code, created.beheercode)
    (button,) = [b for b in at.get("link_button") if b.proto.label == "Live openen in een nieuw venster"]
    url = button.proto.url
    assert url.startswith("live?venster=") and created.beheercode not in url

    live = AppTest.from_file(str(Path(PAGE).with_name("live.py")), default_timeout=30)
    live.query_params["venster"] = url.split("=", 1)[1]
    _ok(live.run())
    assert not live.text_input, "no codes asked"
    assert "venster" not in live.query_params, "the pass leaves the address bar"

    forged = AppTest.from_file(str(Path(PAGE).with_name("live.py")), default_timeout=30)
    token = url.split("=", 1)[1]
    forged.query_params["venster"] = token[:-1] + ("1" if token.endswith("0") else "0")
    _ok(forged.run())
    assert forged.text_input(key="live_code") is not None


# -- languages -----------------------------------------------------------------------------------


def _pills(at: AppTest, key: str):
    return next(p for p in at.pills if p.key == key)


def test_the_languages_of_a_new_round_are_chosen_in_the_form(db):
    at = _fill_new_round(_page())
    _pills(at, "nr_languages").set_value(["fy"])
    _ok(at.button(key="nr_create").click().run())
    [row] = storage.list_rounds(db)
    assert row.languages == "nl,fy"
    invitation = next(c.value for c in at.code if "doet mee aan de Quick Scan" in c.value)
    assert "ook in het Fries invullen" in invitation and "Jo kinne de fragelist ek yn it Frysk" in invitation


def test_languages_can_be_added_later_and_the_link_and_qr_code_open_in_one(db, catalog, organisation_id):
    created = _round(db, catalog, organisation_id)
    at = _login(_page(), created.join_code, created.beheercode)
    link = f"http://127.0.0.1:8501/meedoen?code={created.join_code}"
    assert link in [c.value for c in at.code]
    _ok(_pills(at, f"m{created.round_id}_languages").set_value(["fy", "en"]).run())
    assert storage.get_round(db, created.round_id).languages == "nl,fy,en"
    at.segmented_control(key=f"m{created.round_id}_link_language").set_value("fy")
    _ok(at.run())
    assert f"{link}&lang=fy" in [c.value for c in at.code]
    assert f"{link}&lang=fy" in _qr_alt(at)  # the QR code says what it holds
    invitation = next(c.value for c in at.code if "doet mee aan de Quick Scan" in c.value)
    assert (
        f"{link}&lang=fy" in invitation and "You can also fill in the questionnaire in English." in invitation
    )


def _qr_alt(at: AppTest) -> str:
    return " ".join(str(element.proto) for element in at.image)

"""Setting up: register a process (and its organisation), start an assessment, show the new codes
once, and invite assessors who fill in apart (code, link, QR code)."""

from __future__ import annotations

import streamlit as st

from dia_scan import storage
from dia_scan.checklist import registration
from dia_scan.checklist import service as checklists
from dia_scan.checklist.service import MODES, WHO, AssessmentCreated
from dia_scan.core import i18n
from dia_scan.core.errors import ServiceError
from dia_scan.core.model import Checklist
from dia_scan.core.records import Assessment, Process
from dia_scan.core.text import counted, markdown_safe
from dia_scan.ui.checklist import access as checklist_access
from dia_scan.ui.common import organisation_picker
from dia_scan.ui.common.links import base_url, qr_png

PAGE_PATH = "inclusiviteit"


def register_form(conn, catalog, checklist: Checklist) -> AssessmentCreated | None:
    """Register a process and start its first assessment; returns the new assessment or None."""
    st.markdown(
        "Leg vast om welk proces of project het gaat. Daarna vult u de checklist in: samen in een "
        "overleg, of ieder apart met een code."
    )
    with st.form("incl_register", border=True):
        st.markdown("**Organisatie**")
        organisation_picker.show(conn, "incl_reg", in_form=True)
        st.markdown("**Proces**")
        name = st.text_input(
            "Naam van het proces",
            max_chars=checklists.MAX_NAME,
            key="incl_reg_name",
            placeholder="Bijvoorbeeld: Wijkvisie Noord",
        )
        description = st.text_area(
            "Korte beschrijving",
            max_chars=checklists.MAX_DESCRIPTION,
            key="incl_reg_description",
            placeholder="Waar gaat het over, en wat wilt u bereiken?",
        )
        phase = st.selectbox(
            "Fase", checklist.phases, index=None, placeholder="Kies een fase", key="incl_reg_phase"
        )
        level = st.selectbox(
            "Hoeveel invloed krijgen deelnemers?",
            checklist.participation_levels,
            index=None,
            placeholder="Kies een niveau",
            key="incl_reg_level",
            help="De participatieladder: van informeren tot zelf beslissen.",
        )
        groups = st.text_input(
            "Doelgroepen",
            key="incl_reg_groups",
            placeholder="Bijvoorbeeld: jongeren, ouderen, huurders",
            help="Scheid de doelgroepen met een komma.",
        )
        mode = st.radio(
            "Hoe vult u de checklist in?", list(MODES), format_func=MODES.get, key="incl_reg_mode"
        )
        who = _who_input("incl_reg_who")
        languages = _languages_input("incl_reg_languages")
        submitted = st.form_submit_button("Vastleggen en beginnen", type="primary", icon=":material/check:")
    if not submitted:
        return None
    try:
        organisation = organisation_picker.choice("incl_reg")
        if organisation is None:
            raise ServiceError(
                "Kies uw organisatie uit de lijst, of kies 'Staat er niet bij' en vul de naam in."
            )
        created = registration.register_and_start(
            conn,
            catalog,
            organisation=organisation,
            proof_code=organisation_picker.proof_code("incl_reg"),
            held_permits=organisation_picker.held_permits(),
            mode=mode,
            assessment_options={"who": who, "languages": ["nl", *languages]},
            name=name,
            description=description,
            phase=phase,
            participation_level=level,
            target_groups=groups,
        )
    except ServiceError as err:
        st.error(str(err))
        return None
    checklist_access.grant_process(created.permit)
    checklist_access.remember_new_codes(created)
    return created


def _who_input(key: str) -> list[str]:
    """Who fill in the checklist; the team alone is the default, together with those concerned is better."""
    return st.multiselect(
        "Wie vullen de checklist in?",
        list(WHO),
        default=["team"],
        format_func=WHO.get,
        key=key,
        help=(
            "De checklist werkt het best als u hem samen met betrokkenen invult: deelnemers of inwoners, "
            "bestuurders en ambtenaren. Bij 'ieder apart' krijgt iedereen de code; bij 'samen' zit u "
            "met hen aan tafel."
        ),
    )


def _languages_input(key: str) -> list[str]:
    """Which languages the assessors may choose besides Dutch (Frysk for Fryslân, English for newcomers)."""
    return st.pills(
        "Talen voor wie invullen, naast Nederlands",
        [code for code in i18n.DUTCH_NAMES if code != i18n.SOURCE],
        selection_mode="multi",
        format_func=i18n.DUTCH_NAMES.get,
        key=key,
        help="Wie invult, kiest de taal op het eerste scherm; de link kan de taal meegeven. De uitkomst "
        "blijft in het Nederlands.",
    )


def reassess_form(conn, catalog, process: Process) -> AssessmentCreated | None:
    """A later assessment of the same process, to see what changed."""
    st.markdown(
        "Vul de checklist later nog eens in, bijvoorbeeld in een volgende fase. Daarna ziet u onder "
        "**Door de tijd** wat beter ging en wat terugviel."
    )
    with st.form(f"incl_reassess_{process.id}", border=True):
        title = st.text_input(
            "Titel (mag leeg blijven)",
            max_chars=checklists.MAX_NAME,
            placeholder=f"Beoordeling {process.assessment_count + 1}",
            key=f"incl_reassess_title_{process.id}",
        )
        mode = st.radio(
            "Hoe vult u de checklist in?",
            list(MODES),
            format_func=MODES.get,
            key=f"incl_reassess_mode_{process.id}",
        )
        who = _who_input(f"incl_reassess_who_{process.id}")
        languages = _languages_input(f"incl_reassess_languages_{process.id}")
        submitted = st.form_submit_button("Nieuwe beoordeling starten", type="primary", icon=":material/add:")
    if not submitted:
        return None
    try:
        created = checklists.start_assessment(
            conn,
            catalog,
            process_id=process.id,
            mode=mode,
            title=title,
            who=who,
            languages=["nl", *languages],
            permit=checklist_access.process_permit(process.id),
        )
    except ServiceError as err:
        st.error(str(err))
        return None
    checklist_access.remember_new_codes(created)
    return created


def show_new_codes(assessment: Assessment) -> None:
    """The codes of a just-started assessment; the beheercode cannot be shown again later."""
    codes = checklist_access.new_codes(assessment.id)
    if codes is None:
        return
    join_code, beheercode = codes
    with st.container(border=True):
        st.success("De checklist is klaar om in te vullen.", icon=":material/check_circle:")
        st.markdown("**Bewaar deze twee codes.** De beheercode ziet u maar één keer.")
        cols = st.columns(2)
        with cols[0]:
            st.caption("Code")
            st.code(join_code, language=None)
        with cols[1]:
            st.caption("Beheercode (geheim)")
            st.code(beheercode, language=None)
        st.markdown(
            "Met de code en de beheercode opent u dit proces later weer, via **Mijn processen**. "
            "Geef de beheercode niet aan de beoordelaars."
        )
        if st.button(
            "Ik heb de codes bewaard", key=f"incl_codes_saved_{assessment.id}", icon=":material/done:"
        ):
            checklist_access.forget_new_codes(assessment.id)
            st.rerun()


def join_link(join_code: str) -> str:
    return f"{base_url(PAGE_PATH)}/{PAGE_PATH}?code={join_code}"


def show_invitation(conn, assessment: Assessment) -> None:
    """For an assessment filled in apart: the code, link and QR code, and who has started."""
    link = join_link(assessment.join_code)
    text_col, qr_col = st.columns([3, 2], gap="large")
    with text_col:
        st.markdown(
            "De beoordelaars gaan naar **Inclusiviteit**, kiezen *Invullen met een code* en vullen in:"
        )
        st.title(f"{assessment.join_code[:4]} {assessment.join_code[4:]}", anchor=False)
        st.markdown("Of ze openen deze link, of scannen de QR-code:")
        st.code(link, language=None, wrap_lines=True)
        for code in checklists.offered_languages(assessment)[1:]:
            st.caption(f"De link in het {i18n.DUTCH_NAMES[code]}:")
            st.code(f"{link}&lang={code}", language=None, wrap_lines=True)
    with qr_col:
        st.image(
            qr_png(link),
            caption="Scan om de checklist in te vullen",
            width=220,
            alt=f"QR-code met de link naar de checklist: {link}",
        )
    assessors = checklists.list_assessors(conn, assessment.id)
    total = len(checklists.assessment_checklist(conn, assessment).criteria())
    if not assessors:
        st.info("Nog niemand is begonnen.")
        return
    done = sum(1 for a in assessors if a["submitted_at"])
    st.markdown(f"**{counted(len(assessors), 'beoordelaar', 'beoordelaars')} begonnen, {done} klaar.**")
    st.dataframe(
        [
            {
                "beoordelaar": a["label"],
                "beantwoord": f"{a['answered']} van {total}",
                "klaar": "ja" if a["submitted_at"] else "nog niet",
            }
            for a in assessors
        ],
        hide_index=True,
    )


def _set_open(conn, assessment: Assessment, value: bool) -> None:
    try:
        permit = checklist_access.process_permit(assessment.process_id)
        checklists.set_open(conn, permit, assessment.id, value)
    except (ServiceError, storage.StorageError) as err:
        st.error(str(err))
        return
    st.rerun()


def open_close(conn, assessment: Assessment) -> None:
    """Close an assessment when the team is done (answers can then no longer change), or reopen it."""
    if checklists.is_open(assessment):
        st.caption("De beoordeling staat open: antwoorden kunnen nog veranderen.")
        if st.button("Beoordeling afsluiten", key=f"incl_close_{assessment.id}", icon=":material/lock:"):
            _set_open(conn, assessment, False)
    else:
        st.caption("De beoordeling is afgesloten: niemand kan de antwoorden nog veranderen.")
        if st.button("Weer openzetten", key=f"incl_reopen_{assessment.id}", icon=":material/lock_open:"):
            _set_open(conn, assessment, True)


def process_header(process: Process) -> None:
    """Name, organisation and facts of a process; typed text shown as text."""
    st.subheader(markdown_safe(process.name), anchor=False)
    facts = [
        process.organisation_name,
        f"fase: {process.phase or 'niet ingevuld'}",
        f"invloed: {process.participation_level or 'niet ingevuld'}",
    ]
    st.caption(markdown_safe(" · ".join(facts)))
    if process.target_groups:
        st.caption("Doelgroepen: " + markdown_safe(", ".join(process.target_groups)))
    if process.description:
        with st.expander("Beschrijving"):
            st.text(process.description)

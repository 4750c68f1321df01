"""Scan beheren: answers on paper. Print the questionnaire per group, type the forms into the round's
Excel sheet, upload it."""

from __future__ import annotations

from contextlib import closing

import streamlit as st

from dia_scan import storage
from dia_scan.core.errors import ServiceError
from dia_scan.core.model import QuickScan
from dia_scan.core.records import Round
from dia_scan.core.text import markdown_safe
from dia_scan.output.images import font_unavailable_reason
from dia_scan.quickscan import importer, paper_form, rounds
from dia_scan.ui.common import access
from dia_scan.ui.common.context import rerun_with_notice, show_notice

#: At most this many problems are listed; the rest are counted.
SHOWN_PROBLEMS = 30
_NOTICE = "paper_forms_notice"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def show(round_row: Round, instrument: QuickScan) -> None:
    """The questionnaire to print, the invulblad and the upload, for the round the facilitator manages."""
    rid = round_row.id
    show_notice(_NOTICE)
    st.markdown(
        """Voor wie liever op papier invult:

1. Print de vragenlijst: één formulier per groep, met precies de vragen die die groep online krijgt.
2. Typ de ingevulde formulieren over in het invulblad, elk formulier op een eigen regel. Naast elke
   vraag op het formulier staat in welke kolom het antwoord hoort.
3. Upload het invulblad. Dat kan ook nadat de scan gesloten is."""
    )
    stem = f"invulblad-{round_row.join_code}"
    permit = access.permit_for(rid)  # taken now: Streamlit makes the files on the click, outside this run
    groups = {g.id: g.label for g in instrument.groups}
    group = st.selectbox(
        "Vragenlijst voor de groep",
        list(groups),
        format_func=groups.get,
        key=f"m{rid}_paper_group",
        width=360,
    )
    no_pdf = font_unavailable_reason()
    code = round_row.join_code
    downloads = [  # label, what to make on the click, file, type, icon, key, disabled
        ("Vragenlijst op papier (PDF)", lambda: _made(permit, paper_form.round_questionnaire, group),
         f"vragenlijst-{code}-{group}.pdf", "application/pdf", "print", "pdf", no_pdf is not None),
        ("Invulblad (Excel)", lambda: _made(permit, importer.round_template, "xlsx"),
         f"{stem}.xlsx", XLSX_MIME, "table_view", "xlsx", False),
        ("Alleen de kolommen (CSV)", lambda: _made(permit, importer.round_template, "csv"),
         f"{stem}.csv", "text/csv", "description", "csv", False),
    ]  # fmt: skip
    with st.container(horizontal=True):
        for label, make, file_name, mime, icon, key, disabled in downloads:
            st.download_button(
                label,
                data=make,
                file_name=file_name,
                mime=mime,
                icon=f":material/{icon}:",
                key=f"m{rid}_paper_{key}",
                on_click="ignore",
                disabled=disabled,
            )
    if no_pdf:
        st.caption(no_pdf)
    with st.form(f"m{rid}_paper_form", border=False, clear_on_submit=True):
        upload = st.file_uploader(
            "Ingevuld invulblad (Excel of CSV)", type=["xlsx", "csv"], key=f"m{rid}_paper_file"
        )
        st.caption(
            "Alles of niets: staat er ergens een fout in, dan wordt niets ingevoerd en ziet u per fout de "
            "rij, de kolom en wat er in de cel staat. Hetzelfde bestand wordt maar één keer ingevoerd."
        )
        sent = st.form_submit_button("Formulieren invoeren", icon=":material/upload:", key=f"m{rid}_paper_go")
    if not sent:
        return
    if upload is None:
        st.error("Kies eerst een bestand.")
        return
    try:
        with closing(storage.connect()) as conn:
            result = importer.import_upload(conn, permit, upload.name, upload.getvalue())
    except importer.ImportError_ as err:
        _problems(err.problems)
        return
    except (ServiceError, storage.StorageError) as err:
        st.error(str(err))
        return
    counts = ", ".join(f"{groups.get(group, group)}: {n}" for group, n in result.per_group.items())
    forms = "formulier" if result.imported == 1 else "formulieren"
    rerun_with_notice(f"{result.imported} {forms} ingevoerd ({counts}).", _NOTICE)


def _made(permit, make, *args) -> bytes:
    """A file of the facilitator's round. Runs on the click, in a thread of its own: a fresh
    connection, and the permit checked again."""
    with closing(storage.connect()) as conn:
        return make(conn, rounds.managed_round(conn, permit), *args)


def _problems(problems: list[str]) -> None:
    """Every problem as an item of a list, escaped (a cell may hold anything), wrapping on a phone."""
    st.error("Er is niets ingevoerd. Verbeter het bestand en upload het opnieuw.")
    shown = problems[:SHOWN_PROBLEMS]
    more = len(problems) - len(shown)
    lines = [f"- {markdown_safe(problem)}" for problem in shown]
    if more > 0:
        lines.append(f"- … en nog {more} andere.")
    st.markdown("\n".join(lines))

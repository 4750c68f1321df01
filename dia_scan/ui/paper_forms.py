"""Scan beheren: answers on paper. Print the questionnaire per group, type the forms into the round's
Excel sheet, upload it."""

from __future__ import annotations

from contextlib import closing

import streamlit as st

from .. import importer, paper_form, rounds, storage
from ..model import QuickScan
from ..report_document import ReportError, font_paths
from ..rounds import ServiceError
from . import access

#: At most this many problems are listed; the rest are counted.
SHOWN_PROBLEMS = 30
_NOTICE = "paper_forms_notice"


def show(round_row: dict, instrument: QuickScan) -> None:
    """The questionnaire to print, the invulblad and the upload, for the round the facilitator manages."""
    rid = round_row["id"]
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.success(notice, icon=":material/check_circle:")
    st.markdown(
        """Voor wie liever op papier invult:

1. Print de vragenlijst: één formulier per groep, met precies de vragen die die groep online krijgt.
2. Typ de ingevulde formulieren over in het invulblad, elk formulier op een eigen regel. Naast elke
   vraag op het formulier staat in welke kolom het antwoord hoort.
3. Upload het invulblad. Dat kan ook nadat de scan gesloten is."""
    )
    stem = f"invulblad-{round_row['join_code']}"
    permit = access.permit_for(rid)  # taken now: Streamlit makes the files on the click, outside this run
    groups = {g.id: g.label for g in instrument.groups}
    group = st.selectbox(
        "Vragenlijst voor de groep",
        list(groups),
        format_func=groups.get,
        key=f"m{rid}_paper_group",
        width=360,
    )
    no_pdf = paper_form_unavailable()
    with st.container(horizontal=True):
        st.download_button(
            "Vragenlijst op papier (PDF)",
            data=lambda: _questionnaire(permit, group),
            file_name=f"vragenlijst-{round_row['join_code']}-{group}.pdf",
            mime="application/pdf",
            icon=":material/print:",
            key=f"m{rid}_paper_pdf",
            on_click="ignore",
            disabled=no_pdf is not None,
        )
        st.download_button(
            "Invulblad (Excel)",
            data=lambda: _template(permit, "xlsx"),
            file_name=f"{stem}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            icon=":material/table_view:",
            key=f"m{rid}_paper_xlsx",
            on_click="ignore",
        )
        st.download_button(
            "Alleen de kolommen (CSV)",
            data=lambda: _template(permit, "csv"),
            file_name=f"{stem}.csv",
            mime="text/csv",
            icon=":material/description:",
            key=f"m{rid}_paper_csv",
            on_click="ignore",
        )
    if no_pdf:
        st.caption(no_pdf)
    with st.form(f"m{rid}_paper_form", border=False, clear_on_submit=True):
        upload = st.file_uploader(
            "Ingevuld invulblad (Excel of CSV)", type=["xlsx", "csv"], key=f"m{rid}_paper_file"
        )
        st.caption(
            "Alles of niets: staat er ergens een fout in, dan wordt niets ingevoerd en ziet u per regel "
            "wat er mis is. Hetzelfde bestand wordt maar één keer ingevoerd."
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
    st.session_state[_NOTICE] = f"{result.imported} {forms} ingevoerd ({counts})."
    st.rerun()


def _questionnaire(permit, group_id: str) -> bytes:
    # runs on the click, in a thread of its own: a fresh connection, and the permit checked again
    with closing(storage.connect()) as conn:
        round_row = rounds.managed_round(conn, permit)
        instrument = rounds.round_instrument(conn, round_row)
    return paper_form.questionnaire_pdf(
        instrument, title=round_row["title"], organisation=round_row["organisation_name"], group_id=group_id
    )


def paper_form_unavailable() -> str | None:
    """Why no printable questionnaire can be made on this server, or None."""
    try:
        font_paths()
    except ReportError as err:
        return str(err)
    return None


def _template(permit, fmt: str) -> bytes:
    # runs on the click, in a thread of its own: a fresh connection, and the permit checked again
    with closing(storage.connect()) as conn:
        round_row = rounds.managed_round(conn, permit)
        instrument = rounds.round_instrument(conn, round_row)
    return importer.template_xlsx(instrument) if fmt == "xlsx" else importer.template_csv(instrument)


def _problems(problems: list[str]) -> None:
    """Every problem on a line of its own, as plain text (a cell may hold anything)."""
    st.error("Er is niets ingevoerd. Verbeter het bestand en upload het opnieuw.")
    shown = problems[:SHOWN_PROBLEMS]
    more = len(problems) - len(shown)
    st.text("\n".join(shown) + (f"\n… en nog {more} andere." if more > 0 else ""))

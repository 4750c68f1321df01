"""Download buttons for the round report and the checklist report (HTML, PDF, Excel).

The files are made only when someone clicks (Streamlit runs the callable in a thread of its own), so
the page stays quick. That thread opens its own database connection.
"""

from __future__ import annotations

import streamlit as st

from dia_scan import storage
from dia_scan.checklist import exports
from dia_scan.checklist import report as checklist_report
from dia_scan.core.catalog import Catalog
from dia_scan.core.permits import RoundPermit
from dia_scan.core.records import Round
from dia_scan.output.document import MIME_TYPES
from dia_scan.output.images import pdf_unavailable_reason
from dia_scan.quickscan import report as report_export
from dia_scan.quickscan import rounds
from dia_scan.ui.common import access

_LABELS = {
    "html": ("Rapport als webpagina (HTML)", ":material/language:"),
    "pdf": ("Rapport als PDF", ":material/picture_as_pdf:"),
    "xlsx": ("Cijfers in Excel", ":material/table_view:"),
}
_HELP = {
    "html": "Eén bestand met grafieken die u kunt aanwijzen. Werkt ook zonder internet en print goed.",
    "pdf": "Om te printen of te mailen. Het maken duurt ongeveer tien seconden.",
    "xlsx": "Alle tabellen, één tabblad per onderdeel. Kleine groepen staan er niet apart in.",
}


def _round_file(permit: RoundPermit, catalog: Catalog, fmt: str):
    # the permit is taken from the session now: Streamlit runs ``make`` on the click, outside this run
    def make() -> bytes:
        conn = storage.connect()
        try:
            row = rounds.managed_round(conn, permit)
            return report_export.round_report(conn, catalog, row, fmt)
        finally:
            conn.close()

    return make


def _checklist_file(assessment_id: int, catalog: Catalog, fmt: str):
    def make() -> bytes:
        conn = storage.connect()
        try:
            return checklist_report.checklist_report(conn, catalog, assessment_id, fmt)
        finally:
            conn.close()

    return make


def _buttons(make, stem: str, key: str) -> None:
    unavailable = pdf_unavailable_reason()
    with st.container(horizontal=True):
        for fmt, (label, icon) in _LABELS.items():
            st.download_button(
                label,
                data=make(fmt),
                file_name=f"{stem}.{fmt}",
                mime=MIME_TYPES[fmt],
                key=f"{key}_{fmt}",
                icon=icon,
                help=_HELP[fmt],
                on_click="ignore",
                disabled=fmt == "pdf" and unavailable is not None,
            )
    if unavailable:
        st.caption(unavailable)


def report_downloads(conn, catalog: Catalog, round_row: Round, *, key: str = "round_report") -> None:
    """Three download buttons for the round report: HTML, PDF and Excel."""
    stem = report_export.file_stem_for(round_row)
    st.caption(
        "Het rapport bevat de uitkomst, de opmerkelijke resultaten, de verbetertips, de open antwoorden "
        "en de verbeteragenda. Kleine groepen staan er nooit apart in."
    )
    permit = access.permit_for(round_row)
    _buttons(lambda fmt: _round_file(permit, catalog, fmt), stem, key)


def checklist_report_downloads(
    conn, catalog: Catalog, assessment_id: int, *, key: str = "checklist_report"
) -> None:
    """Three download buttons for the checklist report of one assessment: HTML, PDF and Excel."""
    from dia_scan.checklist import service as checklists

    stem = exports.file_stem(checklists.assessment_report(conn, assessment_id))
    _buttons(lambda fmt: _checklist_file(assessment_id, catalog, fmt), stem, key)

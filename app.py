"""DiA Scan: navigation and page config only."""

import streamlit as st

from dia_scan.ui.common import language
from dia_scan.ui.common.context import close_connections, forget_notices_of_other_pages
from dia_scan.ui.common.dates import dutch_date_inputs
from dia_scan.ui.common.tables import table_styles
from dia_scan.ui.startup import prepare_process

st.set_page_config(page_title="DiA Scan", page_icon=":material/diamond:", layout="wide")
prepare_process()

pages = {
    "": [
        st.Page("views/home.py", title="Start", icon=":material/home:", default=True),
        st.Page("views/meedoen.py", title="Meedoen", icon=":material/edit_note:", url_path="meedoen"),
        st.Page(
            "views/terugkoppeling.py",
            title="Terugkoppeling",
            icon=":material/campaign:",
            url_path="terugkoppeling",
        ),
    ],
    "Quick Scan organiseren": [
        st.Page("views/beheren.py", title="Scan beheren", icon=":material/settings:", url_path="beheren"),
        st.Page("views/live.py", title="Live", icon=":material/cast:", url_path="live"),
        st.Page("views/resultaten.py", title="Resultaten", icon=":material/insights:", url_path="resultaten"),
        st.Page(
            "views/verbeteragenda.py",
            title="Verbeteragenda",
            icon=":material/checklist:",
            url_path="verbeteragenda",
        ),
        st.Page(
            "views/handleiding.py", title="Handleiding", icon=":material/menu_book:", url_path="handleiding"
        ),
    ],
    "Inclusiviteit": [
        st.Page(
            "views/inclusiviteit.py",
            title="Inclusiviteit",
            icon=":material/diversity_3:",
            url_path="inclusiviteit",
        ),
    ],
    "Vergelijken": [
        st.Page(
            "views/organisatie.py", title="Organisatie", icon=":material/apartment:", url_path="organisatie"
        ),
        st.Page(
            "views/vergelijken.py", title="Vergelijken", icon=":material/compare:", url_path="vergelijken"
        ),
    ],
}
page = st.navigation(pages)
forget_notices_of_other_pages(page.url_path)
dutch_date_inputs()
table_styles()
if page.url_path not in language.PARTICIPANT_PAGES:
    language.declare("nl", page.url_path)  # participant pages declare the participant's language
try:
    page.run()
finally:
    close_connections()  # a stop or rerun of the page ends its run too

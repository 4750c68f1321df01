"""DiA Scan: navigation and page config only."""

import streamlit as st

st.set_page_config(page_title="DiA Scan", page_icon=":material/diamond:", layout="wide")

pages = {
    "": [
        st.Page("pages/home.py", title="Start", icon=":material/home:", default=True),
        st.Page("pages/meedoen.py", title="Meedoen", icon=":material/edit_note:", url_path="meedoen"),
        st.Page(
            "pages/terugkoppeling.py",
            title="Terugkoppeling",
            icon=":material/campaign:",
            url_path="terugkoppeling",
        ),
    ],
    "Quick Scan organiseren": [
        st.Page("pages/beheren.py", title="Scan beheren", icon=":material/settings:", url_path="beheren"),
        st.Page("pages/live.py", title="Live", icon=":material/cast:", url_path="live"),
        st.Page("pages/resultaten.py", title="Resultaten", icon=":material/insights:", url_path="resultaten"),
        st.Page(
            "pages/verbeteragenda.py",
            title="Verbeteragenda",
            icon=":material/checklist:",
            url_path="verbeteragenda",
        ),
    ],
    "Inclusiviteit": [
        st.Page(
            "pages/inclusiviteit.py",
            title="Inclusiviteit",
            icon=":material/diversity_3:",
            url_path="inclusiviteit",
        ),
    ],
    "Vergelijken": [
        st.Page(
            "pages/organisatie.py", title="Organisatie", icon=":material/apartment:", url_path="organisatie"
        ),
        st.Page(
            "pages/vergelijken.py", title="Vergelijken", icon=":material/compare:", url_path="vergelijken"
        ),
    ],
}
st.navigation(pages).run()

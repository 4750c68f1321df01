"""DiA Scan: navigation and page config only."""

import streamlit as st

st.set_page_config(page_title="DiA Scan", page_icon=":material/diamond:", layout="wide")

pages = [
    st.Page("pages/home.py", title="Start", icon=":material/home:", default=True),
]
st.navigation(pages).run()

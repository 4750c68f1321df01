"""Placeholder: being built."""

import streamlit as st

st.title("meedoen")
st.info("Deze pagina wordt nog gebouwd.")

"""Placeholder: being built."""

import streamlit as st

st.title("resultaten")
st.info("Deze pagina wordt nog gebouwd.")

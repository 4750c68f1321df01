"""Placeholder: being built."""

import streamlit as st

st.title("beheren")
st.info("Deze pagina wordt nog gebouwd.")

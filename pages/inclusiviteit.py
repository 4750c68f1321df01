"""Placeholder: being built."""

import streamlit as st

st.title("inclusiviteit")
st.info("Deze pagina wordt nog gebouwd.")

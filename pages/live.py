"""Placeholder: being built."""

import streamlit as st

st.title("live")
st.info("Deze pagina wordt nog gebouwd.")

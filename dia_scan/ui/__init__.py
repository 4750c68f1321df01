"""Reusable Streamlit pieces. Only this package and views/ import streamlit."""

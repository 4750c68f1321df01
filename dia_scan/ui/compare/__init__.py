"""Streamlit pieces of the Vergelijken and Organisatie screens."""

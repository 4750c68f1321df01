"""Streamlit pieces of the Inclusiviteit screens."""

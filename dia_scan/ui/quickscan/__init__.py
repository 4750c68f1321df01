"""Streamlit pieces of the Quick Scan screens."""

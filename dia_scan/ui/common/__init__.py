"""Streamlit pieces both products use: access, typed text, context, links, downloads, agenda."""

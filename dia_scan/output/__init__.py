"""Documents, charts and readings: data in, figures, text or bytes out (no database, no streamlit)."""

"""Streamlit helpers shared by the pages: cached state (ui.state) and small rendering pieces (ui.widgets)."""

"""Adoption Insights: the router. Pages live in app_pages/ (not pages/: Streamlit would run a pages/ folder as
an old-style multipage app on a fresh server's first request), their logic in the adoption package."""

import pandas  # noqa: F401  loaded once up front: Altair checks sys.modules for it, and two first sessions
# importing it at once through Streamlit let one see a half-initialised module (found by bench/soak.py)
import streamlit as st

from adoption.model import AdoptionError
from ui.shell import sidebar, sign_in_gate
from ui.widgets import md_text

st.set_page_config(page_title="Adoption Insights", page_icon=":material/insights:", layout="wide")

if sign_in_gate():
    page = st.navigation([
        st.Page("app_pages/portfolio.py", title="Portfolio", icon=":material/grid_view:", default=True),
        st.Page("app_pages/customer.py", title="Customer", icon=":material/apartment:"),
        st.Page("app_pages/next_steps.py", title="Next steps", icon=":material/checklist:"),
        st.Page("app_pages/upload.py", title="Upload", icon=":material/upload_file:"),
        st.Page("app_pages/data.py", title="Data", icon=":material/database:"),
        st.Page("app_pages/settings.py", title="Settings", icon=":material/tune:"),
    ])
    try:
        sidebar()
        page.run()
    except AdoptionError as error:  # the store failed mid-page (busy, damaged, disk full): one sentence, no traceback
        st.error(md_text(error), icon=":material/database:")

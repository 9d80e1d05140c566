"""Adoption Insights: the router. Pages live in pages/, their logic in the adoption package."""

import streamlit as st

from ui.shell import sidebar, sign_in_gate

st.set_page_config(page_title="Adoption Insights", page_icon=":material/insights:", layout="wide")

if sign_in_gate():
    page = st.navigation([
        st.Page("pages/portfolio.py", title="Portfolio", icon=":material/grid_view:", default=True),
        st.Page("pages/customer.py", title="Customer", icon=":material/apartment:"),
        st.Page("pages/next_steps.py", title="Next steps", icon=":material/checklist:"),
        st.Page("pages/upload.py", title="Upload", icon=":material/upload_file:"),
        st.Page("pages/data.py", title="Data", icon=":material/database:"),
        st.Page("pages/settings.py", title="Settings", icon=":material/tune:"),
    ])
    sidebar()
    page.run()

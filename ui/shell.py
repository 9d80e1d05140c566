"""The frame around every page: the sign-in gate (when sign-in is configured) and the sidebar
that says which data is loaded and switches between the bundled sample and the user's own data."""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.widgets import md_text


def sign_in_gate() -> bool:
    """True when the pages may run: sign-in is off, or the user is signed in."""
    if not state.auth_enabled() or st.user.is_logged_in:
        return True
    st.title("Adoption Insights")
    st.write("Sign in to see your customers. Each account manager sees only their own workspace.")
    st.button("Sign in", type="primary", icon=":material/login:", on_click=st.login)
    return False


def _default_source() -> str:
    the_store = state.store()
    return "mine" if not the_store.is_empty(state.own_workspace()) else "sample"


def sidebar() -> None:
    with st.sidebar:
        options = ["sample", "mine"] + (["team"] if "Team data" in state.writable_workspaces() else [])
        if "data" not in st.session_state:
            st.session_state["data"] = _default_source()
        if st.session_state.pop("switch_to_mine", False) and st.session_state["data"] == "sample":
            st.session_state["data"] = "mine"  # after an upload, show what was uploaded
        st.segmented_control("Data", options, key="data", format_func=state.SOURCE_LABELS.get, required=True,
                             bind="query-params", help="The bundled sample portfolio, or the exports you uploaded")
        data = state.loaded()
        the_store = state.store()
        uploads = the_store.uploads(data.workspace)
        if data.periods:
            span = data.periods[0] if len(data.periods) == 1 else f"{data.periods[0]} to {data.periods[-1]}"
        else:
            span = "no periods yet"
        files = f"{uploads.height:,} file" + ("" if uploads.height == 1 else "s")
        customers = f"{data.customers:,} customer" + ("" if data.customers == 1 else "s")
        if data.customers_with_licenses != data.customers:  # the Portfolio counts only those with license data
            customers += (f" ({data.customers_with_licenses:,} with license data, "
                          f"{data.customers - data.customers_with_licenses:,} with tickets or subscriptions only)")
        st.caption(md_text(f"{files} · {customers} · {span}"))
        if the_store.read_only:
            st.warning("The store is read-only: you can look, but uploads cannot be saved.", icon=":material/lock:")
        email = state.user_email()
        if email:
            st.caption(f"Signed in as {md_text(email)}")
            st.button("Sign out", on_click=st.logout, icon=":material/logout:")

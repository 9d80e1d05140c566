"""Settings: the thresholds of the next-step rules for this session, and where things are kept."""

import dataclasses

import streamlit as st

from adoption import views
from adoption.recommend import RETIRED_WORKLOADS, Settings
from ui import state
from ui.shell import frame
from ui.widgets import md_text

frame("Settings")

st.title("Settings")
current = state.settings()
st.write("Thresholds of the next-step rules. Changes apply to this browser session.")
with st.form("rules"):
    left, right = st.columns(2)
    values = {
        "min_licenses": left.number_input("Judge rows with at least this many licenses", 0, 100_000, current.min_licenses),
        "low_deployment_pct": left.number_input("Low adoption: Deployment % below", 0.0, 100.0, current.low_deployment_pct),
        "low_usage_pct": left.number_input("Low adoption: Usage % below", 0.0, 100.0, current.low_usage_pct),
        "upsell_deployment_pct": right.number_input("Upsell: every Deployment % at least", 0.0, 200.0,
                                                    current.upsell_deployment_pct),
        "upsell_usage_pct": right.number_input("Upsell: every Usage % at least", 0.0, 200.0, current.upsell_usage_pct),
        "help_tickets_per_100_users": right.number_input("High support load: help tickets per 100 users, at least",
                                                         0.0, 1000.0, current.help_tickets_per_100_users),
        "help_tickets_without_licenses": left.number_input("High support load without license data: tickets, at least",
                                                           1, 100_000, current.help_tickets_without_licenses),
        "support_window_days": right.number_input("Ticket window (days)", 1, 365, current.support_window_days),
    }
    workloads = state.loaded().workloads
    options = list(dict.fromkeys([*views.WORKLOADS, *workloads, *current.unjudged_workloads]))
    values["unjudged_workloads"] = tuple(st.multiselect(
        "Workloads not judged (shown grey, left out of problems, sorting and advice)", options,
        default=list(current.unjudged_workloads),
        help=md_text("; ".join(f"{w}: {why}" for w, why in RETIRED_WORKLOADS.items()))))
    saved, reset = st.columns([1, 6])
    if saved.form_submit_button("Apply", type="primary"):
        st.session_state["settings"] = dataclasses.replace(current, **values)
        st.rerun()
    if reset.form_submit_button("Back to defaults"):
        st.session_state["settings"] = Settings()
        st.rerun()

judged = [w for w in views.WORKLOADS if w not in current.unjudged_workloads]
st.caption(md_text("Judged workloads: " + (", ".join(judged) or "none") + ", and every product or SKU"
                   + ("; not judged: " + ", ".join(current.unjudged_workloads) if current.unjudged_workloads else "")
                   + "."))

st.subheader("Where things are")
the_store = state.store()
st.text(f"Store file: {the_store.path}" + (" (read-only)" if the_store.read_only else ""))
st.text(f"Largest upload: {state.upload_limit_mb():,} MB per file")
st.text("Sign-in: " + ("on" if state.auth_enabled() else "off (single local user)"))
if state.user_email():
    st.caption(md_text(f"Your workspace: {state.own_workspace()}"))

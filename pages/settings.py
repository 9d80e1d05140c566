"""Settings: the thresholds of the next-step rules, the currency and the price list of the workspace shown
(kept in the store; the sample's are the defaults, changed for the session only), and where things are kept."""

import dataclasses

import streamlit as st

from adoption import views
from adoption.money import CURRENCIES, DEFAULT_PRICES, price_list
from adoption.recommend import RETIRED_WORKLOADS, Settings
from adoption.what_if import what_if
from ui import state
from ui.shell import frame
from ui.widgets import md_text

frame("Settings")

st.title("Settings")
current = state.settings()
if state.current_workspace() == state.SAMPLE:
    st.write(
        "Thresholds of the next-step rules. The sample uses the defaults: changes apply to this browser session "
        "only. With My data shown, they are saved for your workspace."
    )
else:
    st.write("Thresholds of the next-step rules, saved for this workspace: every session and reload uses them.")
with st.form("rules"):
    left, right = st.columns(2)
    values = {
        "min_licenses": left.number_input(
            "Judge rows with at least this many licenses", 0, 100_000, current.min_licenses
        ),
        "low_deployment_pct": left.number_input(
            "Low adoption: Deployment % below", 0.0, 100.0, current.low_deployment_pct
        ),
        "low_usage_pct": left.number_input("Low adoption: Usage % below", 0.0, 100.0, current.low_usage_pct),
        "upsell_deployment_pct": right.number_input(
            "Upsell: every Deployment % at least", 0.0, 200.0, current.upsell_deployment_pct
        ),
        "upsell_usage_pct": right.number_input("Upsell: every Usage % at least", 0.0, 200.0, current.upsell_usage_pct),
        "help_tickets_per_100_users": right.number_input(
            "High support load: help tickets per 100 users, at least", 0.0, 1000.0, current.help_tickets_per_100_users
        ),
        "help_tickets_without_licenses": left.number_input(
            "High support load without license data: tickets, at least",
            1,
            100_000,
            current.help_tickets_without_licenses,
        ),
        "support_window_days": right.number_input("Ticket window (days)", 1, 365, current.support_window_days),
    }
    st.markdown("**Slipping and health score**")
    left, right = st.columns(2)
    values |= {
        "slipping_points": left.number_input(
            "Slipping: Usage % fell at least (points)", 1.0, 100.0, current.slipping_points
        ),
        "slipping_periods": left.number_input(
            "... against this many stored months earlier", 1, 24, current.slipping_periods
        ),
        "health_healthy_from": left.number_input("Health: healthy from", 0.0, 100.0, current.health_healthy_from),
        "health_watch_from": left.number_input(
            "Health: watch from (below: at risk)", 0.0, 100.0, current.health_watch_from
        ),
        "health_deployment_points": right.number_input(
            "Health points: Deployment %", 0.0, 100.0, current.health_deployment_points
        ),
        "health_usage_points": right.number_input("Health points: Usage %", 0.0, 100.0, current.health_usage_points),
        "health_trend_points": right.number_input("Health points: trend", 0.0, 100.0, current.health_trend_points),
        "health_support_points": right.number_input(
            "Health points: support load", 0.0, 100.0, current.health_support_points
        ),
    }
    workloads = state.loaded().workloads
    options = list(dict.fromkeys([*views.WORKLOADS, *workloads, *current.unjudged_workloads]))
    values["unjudged_workloads"] = tuple(
        st.multiselect(
            "Workloads not judged (shown grey, left out of problems, sorting and advice)",
            options,
            default=list(current.unjudged_workloads),
            help=md_text("; ".join(f"{w}: {why}" for w, why in RETIRED_WORKLOADS.items())),
        )
    )
    with st.container(horizontal=True, gap="small"):
        preview = st.form_submit_button("Preview the change", icon=":material/compare_arrows:")
        apply = st.form_submit_button("Apply", type="primary")
        defaults = st.form_submit_button("Back to defaults")
if apply or defaults:
    where = state.safe(state.apply_settings, dataclasses.replace(current, **values) if apply else Settings())
    if where is not None:
        st.session_state["settings_applied"] = where
        st.rerun()
if where := st.session_state.pop("settings_applied", None):
    st.toast(md_text(f"Settings applied {where}: every page now judges with them."), icon=":material/check_circle:")
if preview:
    proposed = dataclasses.replace(current, **values)
    data = state.loaded()
    moves = what_if(data.portfolio, data.table, current, proposed, data.as_of)
    st.subheader("What would change")
    if moves.height == 0:
        st.info("No customer would enter or leave a problem or a health band.", icon=":material/check_circle:")
    else:
        st.dataframe(
            moves,
            hide_index=True,
            column_config={
                "group": "Problem or band",
                "entering": "Entering",
                "leaving": "Leaving",
                "customers_entering": st.column_config.TextColumn("Who enters", width="large"),
                "customers_leaving": st.column_config.TextColumn("Who leaves", width="large"),
            },
        )
        st.caption("Nothing is changed until you apply.")

judged = [w for w in views.WORKLOADS if w not in current.unjudged_workloads]
st.caption(
    md_text(
        "Judged workloads: "
        + (", ".join(judged) or "none")
        + ", and every product or SKU"
        + ("; not judged: " + ", ".join(current.unjudged_workloads) if current.unjudged_workloads else "")
        + "."
    )
)

st.subheader("Prices")
st.write(
    "Unassigned licenses and upgrade room are valued with a price list: per product and month, one column "
    "per currency. The default holds approximate list prices; download it, put in your own and upload it."
)
currency = st.selectbox("Currency", CURRENCIES, index=CURRENCIES.index(current.currency), key="currency-pick")
if currency != current.currency:
    where = state.safe(state.apply_settings, dataclasses.replace(current, currency=currency))
    if where is not None:
        st.session_state["currency_applied"] = f"Money is now shown in {currency} ({where.removeprefix('and ')})."
        st.rerun()
if message := st.session_state.pop("currency_applied", None):
    st.toast(md_text(message), icon=":material/payments:")
uploader = st.session_state.setdefault("prices_uploader", 0)  # a new key empties the uploader
uploaded = st.file_uploader("Your price list (CSV)", type=["csv"], key=f"prices-upload-{uploader}")
in_use = state.price_list_in_use()
if uploaded is not None and (in_use is None or in_use != (uploaded.name, uploaded.getvalue())):
    candidate = uploaded.getvalue()
    if state.safe(price_list, candidate, currency, uploaded.name) is not None:
        if state.safe(state.use_price_list, uploaded.name, candidate):
            in_use = (uploaded.name, candidate)
            kept = "this session" if state.current_workspace() == state.SAMPLE else "this workspace"
            st.toast(md_text(f"Prices from {uploaded.name} are now used for {kept}."), icon=":material/payments:")
if in_use is not None:
    st.caption(md_text(f"In use: {in_use[0]} (uploaded)."))
    if st.button("Back to the default price list", icon=":material/restart_alt:"):
        if state.safe(state.use_price_list, None, None):
            st.session_state["prices_uploader"] = uploader + 1
            st.rerun()
else:
    st.caption("In use: the default price list.")
st.download_button(
    "Price list in use (CSV)",
    data=in_use[1] if in_use is not None else DEFAULT_PRICES.read_bytes(),
    file_name="prices.csv",
    mime="text/csv",
    icon=":material/download:",
    on_click="ignore",
)

st.subheader("Where things are")
the_store = state.store()
st.text(f"Store file: {the_store.path}" + (" (read-only)" if the_store.read_only else ""))
st.text(f"Largest upload: {state.upload_limit_mb():,} MB per file")
st.text("Sign-in: " + ("on" if state.auth_enabled() else "off (single local user)"))
if state.user_email():
    st.caption(md_text(f"Your workspace: {state.own_workspace()}"))

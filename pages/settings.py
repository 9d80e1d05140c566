"""Settings: the thresholds of the next-step rules, the currency and the price list of the workspace shown
(kept in the store; the sample's are the defaults, changed for the session only), and where things are kept."""

import dataclasses

import streamlit as st

from adoption import views
from adoption.i18n import N_
from adoption.money import CURRENCIES, DEFAULT_PRICES, price_list
from adoption.recommend import RETIRED_WORKLOADS, Settings
from adoption.settings import EDITABLE
from adoption.what_if import what_if
from ui import lang, state
from ui.lang import _
from ui.shell import frame
from ui.widgets import md_text

frame(_("Settings"))

st.title(_("Settings"))
current = state.settings()
if state.current_workspace() == state.SAMPLE:
    st.write(
        _(
            "Thresholds of the next-step rules. The sample uses the defaults: changes apply to this browser session "
            "only. With My data shown, they are saved for your workspace."
        )
    )
else:
    st.write(_("Thresholds of the next-step rules, saved for this workspace: every session and reload uses them."))
with st.form("rules"):
    values: dict[str, object] = {}
    for section, heading in enumerate((None, N_("Slipping and health score"))):
        if heading:
            st.markdown("**" + _(heading) + "**")
        columns = st.columns(2)
        for setting in (e for e in EDITABLE if e.section == section):
            kind = type(getattr(current, setting.name))  # int settings take whole numbers
            values[setting.name] = columns[setting.column].number_input(
                _(setting.label), kind(setting.low), kind(setting.high), getattr(current, setting.name)
            )
    workloads = state.loaded().workloads
    options = list(dict.fromkeys([*views.WORKLOADS, *workloads, *current.unjudged_workloads]))
    values["unjudged_workloads"] = tuple(
        st.multiselect(
            _("Workloads not judged (shown grey, left out of problems, sorting and advice)"),
            options,
            default=list(current.unjudged_workloads),
            help=md_text("; ".join(f"{w}: {_(why)}" for w, why in RETIRED_WORKLOADS.items())),
        )
    )
    with st.container(horizontal=True, gap="small"):
        preview = st.form_submit_button(_("Preview the change"), icon=":material/compare_arrows:")
        apply = st.form_submit_button(_("Apply"), type="primary")
        defaults = st.form_submit_button(_("Back to defaults"))
if apply or defaults:
    where = state.safe(state.apply_settings, dataclasses.replace(current, **values) if apply else Settings())
    if where is not None:
        st.session_state["settings_applied"] = where
        st.rerun()
if where := st.session_state.pop("settings_applied", None):
    st.toast(
        md_text(_("Settings applied {where}: every page now judges with them.").format(where=where)),
        icon=":material/check_circle:",
    )
if preview:
    proposed = dataclasses.replace(current, **values)
    data = state.loaded()
    moves = what_if(data.portfolio, data.table, current, proposed, data.as_of)
    st.subheader(_("What would change"))
    if moves.height == 0:
        st.info(_("No customer would enter or leave a problem or a health band."), icon=":material/check_circle:")
    else:
        lang.dataframe(
            moves,
            hide_index=True,
            column_config={
                "group": _("Problem or band"),
                "entering": _("Entering"),
                "leaving": _("Leaving"),
                "customers_entering": st.column_config.TextColumn(_("Who enters"), width="large"),
                "customers_leaving": st.column_config.TextColumn(_("Who leaves"), width="large"),
            },
        )
        st.caption(_("Nothing is changed until you apply."))

judged = [w for w in views.WORKLOADS if w not in current.unjudged_workloads]
st.caption(
    md_text(
        _("Judged workloads: {workloads}, and every product or SKU").format(workloads=", ".join(judged) or _("none"))
        + (
            _("; not judged: {workloads}").format(workloads=", ".join(current.unjudged_workloads))
            if current.unjudged_workloads
            else ""
        )
        + "."
    )
)

st.subheader(_("Prices"))
st.write(
    _(
        "Unassigned licenses and upgrade room are valued with a price list: per product and month, one column "
        "per currency. The default holds approximate list prices; download it, put in your own and upload it."
    )
)
currency = st.selectbox(_("Currency"), CURRENCIES, index=CURRENCIES.index(current.currency), key="currency-pick")
if currency != current.currency:
    where = state.safe(state.apply_settings, dataclasses.replace(current, currency=currency))
    if where is not None:
        st.session_state["currency_applied"] = _("Money is now shown in {currency} ({where}).").format(
            currency=currency, where=where.removeprefix("and ")
        )
        st.rerun()
if message := st.session_state.pop("currency_applied", None):
    st.toast(md_text(message), icon=":material/payments:")
uploader = st.session_state.setdefault("prices_uploader", 0)  # a new key empties the uploader
uploaded = st.file_uploader(_("Your price list (CSV)"), type=["csv"], key=f"prices-upload-{uploader}")
in_use = state.price_list_in_use()
if uploaded is not None and (in_use is None or in_use != (uploaded.name, uploaded.getvalue())):
    candidate = uploaded.getvalue()
    if state.safe(price_list, candidate, currency, uploaded.name) is not None:
        if state.safe(state.use_price_list, uploaded.name, candidate):
            in_use = (uploaded.name, candidate)
            kept = _("this session") if state.current_workspace() == state.SAMPLE else _("this workspace")
            st.toast(
                md_text(_("Prices from {file} are now used for {kept}.").format(file=uploaded.name, kept=kept)),
                icon=":material/payments:",
            )
if in_use is not None:
    st.caption(md_text(_("In use: {file} (uploaded).").format(file=in_use[0])))
    if st.button(_("Back to the default price list"), icon=":material/restart_alt:"):
        if state.safe(state.use_price_list, None, None):
            st.session_state["prices_uploader"] = uploader + 1
            st.rerun()
else:
    st.caption(_("In use: the default price list."))
st.download_button(
    _("Price list in use (CSV)"),
    data=in_use[1] if in_use is not None else DEFAULT_PRICES.read_bytes(),
    file_name="prices.csv",
    mime="text/csv",
    icon=":material/download:",
    on_click="ignore",
)

st.subheader(_("Where things are"))
the_store = state.store()
st.text(_("Store file: {path}").format(path=the_store.shown) + (_(" (read-only)") if the_store.read_only else ""))
st.text(_("Largest upload: {limit} MB per file").format(limit=lang.number(state.upload_limit_mb())))
st.text(_("Sign-in: {state}").format(state=_("on") if state.auth_enabled() else _("off (single local user)")))
if state.user_email():
    st.caption(md_text(_("Your workspace: {workspace}").format(workspace=state.own_workspace())))

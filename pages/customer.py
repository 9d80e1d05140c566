"""Customer insights: one customer's licenses, Deployment % and Usage % against the portfolio,
trends with logged actions, support load, and what to do next."""

import datetime as dt

import polars as pl
import streamlit as st

from adoption import charts, health, i18n
from adoption import customer_view as cv
from adoption.customer_figures import portfolio_totals
from adoption.new_problems import ACTION_KINDS
from adoption.recommend import PLAYBOOKS, licensed_users, recent_help_tickets
from adoption.text_safety import visible
from adoption.ticket_topics import support_by_workload, top_topics
from ui import customer_report, lang, state
from ui.lang import _
from ui.shell import frame
from ui.widgets import chart_downloads, csv_download, file_stem, kpi_tiles, md_text, show_chart

frame(_("Customer"))
language = lang.language()
word = lang.words()  # for format_func

data = state.loaded()
customers = data.portfolio.customers
names = dict(zip(customers["key"].to_list(), customers["customer_name"].to_list()))
st.title(_("Customer insights"))
if not names:
    st.info(
        _("No customers yet: upload exports on the Upload page, or switch to the sample in the sidebar."),
        icon=":material/upload_file:",
    )
    st.stop()

requested = st.query_params.get("customer")
if requested and requested not in names:
    st.error(_("Customer not found in the data you are looking at. Pick one below."), icon=":material/person_off:")
    st.session_state["customer_pick"] = None  # never show a previously picked customer under a foreign link
    if data.workspace != state.SAMPLE and requested in state.loaded(state.SAMPLE).portfolio.customers["key"].to_list():
        st.button(_("It is in the bundled sample: switch to the sample"), on_click=state.show_sample)
elif requested and st.session_state.get("customer_pick") != requested:
    st.session_state["customer_pick"] = requested


def _picked() -> None:
    st.query_params["customer"] = st.session_state["customer_pick"]


key = st.selectbox(
    _("Customer"),
    list(names),
    format_func=lambda k: visible(names[k]),
    key="customer_pick",
    index=None,
    placeholder=_("Type to search customers"),
    on_change=_picked,
)
if key is None:
    st.info(_("Choose a customer, or click a cell on the Portfolio heatmap."), icon=":material/apartment:")
    st.stop()

name = names[key]
info = customers.filter(pl.col("key") == key).row(0, named=True)
rows = data.table.filter(pl.col("key") == key)
latest = cv.latest(rows)
st.header(md_text(name), anchor=False)
market = i18n.countries(language).get(info["market"], info["market"])  # Sweden / Sverige
st.caption(md_text(" · ".join(str(v) for v in (info["customer_id"], info["segment"], market) if v)))

if rows.height:
    worth = state.customer_worth().filter(pl.col("key") == key)["unassigned_value"]
    kpi_tiles(
        portfolio_totals(latest),
        customers=False,
        unassigned_value=lang.money(worth.item(), state.settings().currency) if worth.len() else None,
    )
else:
    st.info(_("No license figures for this customer yet (only tickets or subscriptions)."), icon=":material/info:")

score = state.customer_health().filter(pl.col("key") == key)
if score.height and score["health_score"].item() is not None:
    row = score.row(0, named=True)
    with st.expander(
        md_text(health.headline(row, language)),
        icon=":material/monitor_heart:",
        expanded=row["health_band"] != "healthy",
    ):
        lang.dataframe(
            pl.DataFrame(
                health.why(row, state.settings(), language),
                schema=["component", "points", "of", "figure"],
                orient="row",
            ),
            hide_index=True,
            column_config={
                "component": _("Component"),
                "points": st.column_config.NumberColumn(
                    _("Points"), format="%.1f" if language == "en" else "localized"
                ),
                "of": _("Of"),
                "figure": _("Figure"),
            },
        )
        st.caption(_("Points are scaled to 100 over the components the data has. Weights and bands: Settings."))

for workload, why in cv.unjudged_notes(latest, state.settings(), language):
    st.caption(md_text(_("{workload} is shown but not judged: {why}.").format(workload=workload, why=why)))

for headline, explanation in cv.over_100_explanations(latest, language):
    st.warning(f"**{md_text(headline)}.** {md_text(explanation)}", icon=":material/trending_up:")

stem_base = file_stem(name, latest["period"].max() if rows.height else None)
if rows.height:
    bars = charts.figures_bars(
        cv.figures_long(latest), _("Licenses sold, assigned and active"), _("Latest period per workload or product")
    )
    show_chart(bars)
    chart_downloads(bars, file_stem(lang.file_word("customer"), stem_base, lang.file_word("licenses")), "bars")
    workloads = latest["workload"].to_list()
    pct = charts.percent_bars(
        cv.percent_long(latest, state.settings()),
        cv.portfolio_medians(data.latest, workloads),
        _("Deployment % and Usage %"),
        _("Black tick: portfolio median; dashed line: 100%"),
    )
    show_chart(pct)
    chart_downloads(pct, file_stem(lang.file_word("customer"), stem_base, lang.file_word("percent")), "pct")

st.subheader(_("Over time"))
actions = state.store().actions(state.target_workspace(), key)  # your own log, also for sample customers
if rows["period"].n_unique() > 1:
    metric = st.segmented_control(
        _("Metric"),
        ["usage_pct", "deployment_pct"],
        key="trend_metric",
        default="usage_pct",
        required=True,
        format_func=lambda metric: word(charts.METRIC_TITLES[metric]),
    )
    marks = actions.select("date", label=pl.format("{}: {}", "kind", "note"))
    line = charts.trend(
        cv.trend_rows(rows, metric),
        metric,
        marks,
        _("{metric} by month").format(metric=_(charts.METRIC_TITLES[metric])),
        _(
            "Dashed lines: actions you logged · triangles: Usage % of licenses sold (that month's data "
            "has no assigned figure), so a step between triangles and circles is a change of basis"
        ),
    )
    show_chart(line)
    chart_downloads(
        line,
        file_stem(
            lang.file_word("customer"), stem_base, lang.file_word("trend"), lang.file_word(metric.removesuffix("_pct"))
        ),
        "trend",
    )
else:
    st.caption(_("One period so far: upload next month's export to see a trend."))

with st.expander(_("Log an action (training, case study sent, …)"), icon=":material/edit_calendar:"):
    with st.form("log_action", clear_on_submit=True, border=False):
        when = st.date_input(_("Date"), value=dt.date.today(), format=lang.date_format())
        kind = st.selectbox(_("Kind"), ACTION_KINDS, format_func=word)
        note = st.text_input(_("Note"), max_chars=300)
        if st.form_submit_button(_("Save action"), icon=":material/save:"):
            if (
                state.safe(state.store().log_action, key, when, kind, note, workspace=state.target_workspace())
                is not None
            ):
                st.toast(_("Saved. It shows as a dashed line on the trend."), icon=":material/check_circle:")
                st.rerun()
    if actions.height:
        st.dataframe(
            actions.select("date", pl.col("kind").replace({k: word(k) for k in ACTION_KINDS}), "note"),
            hide_index=True,
            column_config={"date": _("Date"), "kind": _("Kind"), "note": _("Note")},
        )

st.subheader(_("Support load"))
licensed = licensed_users(rows, state.settings())
tickets = data.portfolio.tickets.filter(pl.col("key") == key)
load = cv.support_load(tickets, licensed, data.as_of, state.settings())
a, b = st.columns(2)
a.metric(
    _("Help/how-to tickets, last {days} days").format(days=load["window_days"]),
    lang.number(load["tickets"]),
    border=True,
    help=md_text(_("Window ends {date}").format(date=load["as_of"])) if load["as_of"] else _("No tickets loaded"),
)
b.metric(_("Per 100 licensed users"), lang.number(load["per_100"], 1), border=True)
monthly = cv.monthly_help_tickets(tickets, state.settings())
if monthly.height:
    support = charts.monthly_bars(monthly, _("Help/how-to tickets per month"))
    show_chart(support)
    chart_downloads(support, file_stem(lang.file_word("customer"), stem_base, lang.file_word("tickets")), "tickets")
else:
    st.caption(_("No help/how-to tickets for this customer in the loaded helpdesk exports."))
if load["tickets"]:
    by_workload = support_by_workload(tickets, state.settings(), data.as_of)
    left_t, right_t = st.columns(2)
    with left_t:
        st.caption(_("Help/how-to tickets per workload in the window"))
        st.dataframe(
            by_workload.select("workload", "help_tickets"),
            hide_index=True,
            column_config={"workload": _("Workload"), "help_tickets": _("Tickets")},
        )
    with right_t:
        st.caption(_("Top topics (ticket subjects)"))
        st.dataframe(
            top_topics(recent_help_tickets(tickets, state.settings(), data.as_of), 5),
            hide_index=True,
            column_config={"subject": _("Subject"), "count": _("Tickets")},
        )

st.subheader(_("What to do next"))
recs = lang.recommendations(data).filter(pl.col("key") == key)  # in the chosen language
if recs.height == 0:
    st.success(
        _("No problem found on the latest data. Keep in touch; training still helps productivity."),
        icon=":material/check_circle:",
    )
for rec in recs.iter_rows(named=True):
    title, consider = (PLAYBOOKS[rec["problem"]][part] for part in ("title", "consider"))
    with st.container(border=True):
        st.markdown(f"**{md_text(_(title))}**" + (" · " + _("new this month") if rec["new"] else ""))
        st.caption(md_text(_(consider)))
        st.write(_("Evidence:"))
        st.text(rec["evidence"])
        st.write(_("Next steps:"))
        st.text(rec["actions"])

plan = cv.action_plan(data.table, customers, lang.recommendations(data), key, data.as_of, language)
downloads = st.container(horizontal=True, wrap=True, gap="small")  # wraps on a narrow window, labels whole
downloads.download_button(
    _("Action plan (printable)"),
    data=plan,
    file_name=f"{file_stem(lang.file_word('action-plan'), stem_base)}.html",
    mime="text/html",
    icon=":material/print:",
    on_click="ignore",
)
with downloads:
    csv_download(
        rows.drop("key", "sources"),
        file_stem(lang.file_word("customer"), stem_base, lang.file_word("rows")),
        "customer-csv",
        _("CSV of all periods"),
    )

customer_report.downloads(data, key, stem_base)

"""Adoption Insights, `streamlit run app.py`; this is the Portfolio page (at /), the other pages are in
pages/ and each calls ui.shell.frame() first, as this one does. The Portfolio: every customer against every
workload, coloured by adoption; a click opens the customer."""

import polars as pl
import streamlit as st

from adoption import charts, i18n, views
from adoption import portfolio_view as pv
from adoption.recommend import PROBLEM_LABELS, PROBLEMS
from ui import lang, open_customer, portfolio_state, state
from ui.lang import _
from ui.shell import frame
from ui.widgets import chart_downloads, csv_download, file_stem, kpi_tiles, md_text, show_chart

frame(_("Portfolio"))
language = lang.language()
word = lang.words()  # `_` fixed to this run's language, for format_func (AppTest calls it outside the run)

SELECT_WIDTH = 240  # px: "Most unused licenses" in full

data = state.loaded()
st.title(_("Portfolio"))
if data.table.height == 0:
    st.info(
        _(
            "No license data yet. Upload a Partner Center Insights license usage report, an analytics API "
            "deployment or usage file, or a Microsoft 365 active user detail report to see the heatmap."
        ),
        icon=":material/upload_file:",
    )
    st.page_link("pages/upload.py", label=_("Upload exports"), icon=":material/upload_file:")
    st.stop()

controls = st.container(horizontal=True, wrap=True, gap="medium")  # wraps to fewer per row on a narrow window
metric = controls.segmented_control(
    _("Colour by"),
    list(views.METRICS),
    format_func=lambda metric: word(views.METRICS[metric]),
    key="metric",
    default="usage_pct",
    required=True,
    bind="query-params",
    width="content",
)
mode = controls.segmented_control(
    _("Show"),
    list(pv.MODES),
    key="view",
    default="adoption",
    required=True,
    format_func=lambda mode: word(pv.MODES[mode]),
    bind="query-params",
    width="content",
)
choices = st.container(horizontal=True, wrap=True, gap="small")
period = choices.selectbox(
    _("Period"),
    pv.period_choices(data.periods),
    key="period",
    bind="query-params",
    width=SELECT_WIDTH,
    format_func=lambda choice: pv.period_label(choice, language),
)
sort = choices.selectbox(
    _("Sort"), list(views.SORTS), format_func=word, key="sort", bind="query-params", width=SELECT_WIDTH
)
has_workloads = any(w in views.WORKLOADS for w in data.workloads)
columns = choices.selectbox(
    _("Columns"),
    list(views.COLUMN_SETS),
    format_func=lambda which: word(views.COLUMN_SETS[which]),
    key="columns",
    index=0 if has_workloads else 1,
    bind="query-params",
    width=SELECT_WIDTH,
)

with st.expander(_("Filters"), expanded=False, icon=":material/filter_list:"):
    left, middle, right = st.columns(3)
    customers = data.portfolio.customers
    filters = views.Filters(
        segments=tuple(
            left.multiselect(
                _("Segment"), sorted(customers["segment"].drop_nulls().unique()), key="segment", bind="query-params"
            )
        ),
        markets=tuple(
            left.multiselect(
                _("Market"),
                sorted(customers["market"].drop_nulls().unique()),
                key="market",
                bind="query-params",
                format_func=lambda market: i18n.countries(language).get(market, market),  # the link keeps English
            )
        ),
        problems=tuple(
            middle.multiselect(
                _("Problem"),
                list(PROBLEMS),
                format_func=lambda problem: word(PROBLEM_LABELS[problem]),
                key="problem",
                bind="query-params",
            )
        ),
        workloads=tuple(
            middle.multiselect(_("Workload or product"), data.workloads, key="workload", bind="query-params")
        ),
        min_seats=int(
            right.number_input(_("Minimum seats"), min_value=0, step=10, key="min_seats", bind="query-params")
        ),
        search=right.text_input(_("Search customer"), key="q", placeholder=_("Name or tenant id"), bind="query-params"),
    )

chosen_period = pv.chosen_period(period)
rows, summary = portfolio_state.filtered_view(
    chosen_period, metric, filters
)  # cached per choice, as are the tiles and the order
worth = state.customer_worth().filter(pl.col("key").is_in(summary["key"].implode()))
totals = portfolio_state.filtered_totals(
    chosen_period, metric, filters
)  # cached per choice: a sort or page change reuses them
kpi_tiles(
    totals,  # a money tile where the price list prices some of these customers' products
    unassigned_value=lang.money(worth["unassigned_value"].sum(), state.settings().currency) if worth.height else None,
)

if summary.height == 0:
    st.info(
        _("No customer matches these filters. Clear a filter or the search to see more."), icon=":material/search_off:"
    )
    st.stop()

ordered = portfolio_state.ordered_customers(chosen_period, metric, filters, sort)
pages = pv.page_count(ordered.height)
if pages > 1:  # in the URL like the other view choices, so a copied link reopens this page
    # set only when it must change (a filter left fewer pages): Streamlit warns of a widget given a default and a value
    if (
        "page" in st.session_state
        and (fitted := pv.shown_page(st.session_state["page"], ordered.height)) != st.session_state["page"]
    ):
        st.session_state["page"] = fitted
    page = st.pagination(pages, key="page", bind="query-params")
else:
    page = 1
shown = views.page_of(ordered, page, pv.PAGE_SIZE)
cells = pv.page_cells(
    data.table,
    rows,
    shown,
    mode=mode,
    columns=columns,
    period=chosen_period,
    metric=metric,
    settings=state.settings(),
    workloads=filters.workloads,
)
chart = charts.heatmap(
    cells,
    metric,
    shown["customer_label"].to_list(),
    views.workload_order(cells["workload"].unique().to_list()),
    pv.heatmap_title(metric, mode, language),
    pv.heatmap_subtitle(chosen_period, page, shown.height, ordered.height, sort, language=language),
    change=mode == "change",
    settings=state.settings(),
)
# a click opens the customer straight from the selection's callback: this page does not run again first
show_chart(
    chart,
    on_select=open_customer.on_cell("heatmap", charts.CELL_SELECTION),
    key="heatmap",
    selection_mode=charts.CELL_SELECTION,
)

low, good = charts.scale_stops(metric, state.settings())
st.caption(md_text(pv.legend_caption(mode, chosen_period, metric, low, good, state.settings(), language)))
stem = file_stem(
    lang.file_word("portfolio"),
    lang.file_word("change") if mode == "change" else None,
    lang.file_word(metric.removesuffix("_pct")),
    chosen_period or data.periods[-1],
)
chart_downloads(chart, stem, "heatmap")

st.subheader(_("Customers"))
shown_customers = pv.customers_table(ordered, language)
lang.dataframe(
    shown_customers,
    percent=("worst",),
    hide_index=True,
    on_select=open_customer.on_row("customers-table", ordered["key"].to_list()),  # a click, or Shift+Space
    selection_mode="single-row",
    key="customers-table",
    column_config={
        "customer_name": st.column_config.TextColumn(_("Customer"), pinned=True),
        "health_score": st.column_config.ProgressColumn(
            _("Health"),
            min_value=0,
            max_value=100,
            format="%d",
            help=_("0-100 from Deployment %, Usage %, trend and support load; the Customer page says why"),
        ),
        "health_band": _("Band"),
        "trend": st.column_config.TextColumn(
            _("Usage trend"), help=_("Usage % now against three stored months earlier, in points")
        ),
        "customer_id": _("Tenant id"),
        "segment": _("Segment"),
        "market": _("Market"),
        "seats": st.column_config.NumberColumn(_("Seats"), format=lang.whole_numbers()),
        "licenses_sold": st.column_config.NumberColumn(_("Sold"), format=lang.whole_numbers()),
        "active_users": st.column_config.NumberColumn(_("Active"), format=lang.whole_numbers()),
        "unused_licenses": st.column_config.NumberColumn(_("Unused"), format=lang.whole_numbers()),
        "worst": st.column_config.NumberColumn(
            _("Lowest {metric}").format(metric=_(views.METRICS[metric])), format=lang.percent_format()
        ),
        "problems": st.column_config.ListColumn(_("Problems")),
    },
)
st.caption(_("Select a row to open the customer: a click, or Tab into the table, arrow keys, then Shift+Space."))
stem_period = chosen_period or data.periods[-1]
csv_download(
    shown_customers,
    file_stem(lang.file_word("portfolio"), lang.file_word("customers"), stem_period),
    "customers-csv",
    _("CSV of this table"),
    headers={"worst": _("Lowest {metric}").format(metric=_(views.METRICS[metric]))},
)
csv_download(
    rows.drop("key", "sources"),
    file_stem(lang.file_word("portfolio"), lang.file_word("rows"), stem_period),
    "rows-csv",
    label=_("CSV of these rows (one per customer and workload)"),
)
st.caption(
    md_text(
        _("{rows} rows of {customers} customers as filtered.").format(
            rows=lang.number(rows.height), customers=lang.number(summary.height)
        )
    )
)

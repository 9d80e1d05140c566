"""What the portfolio pages show, computed here in Polars (no Streamlit): the rows of a period,
one summary row per customer, filters, sorting and paging for the heatmap, its cells, and the
change since the previous period."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from adoption.customer_figures import CUSTOMER_FIGURES, customer_figures, latest_customer_figures
from adoption.i18n import N_
from adoption.ingest.cells import WORKLOADS
from adoption.metrics import latest_per_workload, latest_rows
from adoption.recommend import PROBLEMS, RETIRED_WORKLOADS, Settings, judged_workload
from adoption.trends import arrow

SORTS = {
    N_("Worst adoption first"): ("worst", False),
    N_("Most unused licenses"): ("unused_licenses", True),
    N_("Most seats"): ("seats", True),
    N_("Name"): ("customer_name", False),
    N_("Lowest health first"): ("health_score", False),
}
METRICS = {"usage_pct": N_("Usage %"), "deployment_pct": N_("Deployment %")}


@dataclass(frozen=True)
class Filters:
    segments: tuple[str, ...] = ()
    markets: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    workloads: tuple[str, ...] = ()
    min_seats: int = 0
    search: str = ""


def rows_for_period(table: pl.DataFrame, period: str | None) -> pl.DataFrame:
    """The rows of one period; `None` means each customer's latest period per workload (as the CLI)."""
    if period is None:
        return latest_per_workload(table)
    return table.filter(pl.col("period") == period)


COLUMN_SETS = {"workloads": N_("Office 365 workloads"), "products": N_("Products and SKUs")}


def column_set(rows: pl.DataFrame, which: str) -> pl.DataFrame:
    """Office 365 workloads (Exchange, SharePoint, Teams, Skype for Business, Yammer) or every
    other product/SKU the seat-based sources report."""
    is_workload = pl.col("workload").is_in(list(WORKLOADS))
    return rows.filter(is_workload if which == "workloads" else ~is_workload)


def workload_order(names: list[str]) -> list[str]:
    """Canonical workloads in their usual order, then products and SKUs alphabetically."""
    return [w for w in WORKLOADS if w in names] + sorted(n for n in set(names) if n not in WORKLOADS)


def thresholds(metric: str, settings: Settings = Settings()) -> tuple[float, float]:
    """(low below, healthy from) for a percentage metric: the rules' low-adoption and upsell thresholds."""
    if metric == "usage_pct":
        return settings.low_usage_pct, settings.upsell_usage_pct
    return settings.low_deployment_pct, settings.upsell_deployment_pct


def band(metric: str, settings: Settings = Settings()) -> pl.Expr:
    """low / fair / healthy / over 100% for a percentage column, thresholds from Settings."""
    low, good = thresholds(metric, settings)
    value = pl.col(metric)
    return (
        pl.when(value > 100)
        .then(pl.lit(N_("over 100%")))
        .when(value >= good)
        .then(pl.lit(N_("healthy")))
        .when(value >= low)
        .then(pl.lit(N_("fair")))
        .when(value.is_not_null())
        .then(pl.lit(N_("low")))
    )


def customer_summary(
    rows: pl.DataFrame,
    recommendations: pl.DataFrame,
    metric: str,
    settings: Settings = Settings(),
    health: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One row per customer over `rows`: its licenses counted once (adoption.customer_figures), seats,
    the worst value of `metric` among judged workloads, problems; with `health` (adoption.health
    health_scores) its score, band and Usage % trend arrow."""
    problems = recommendations.group_by("key").agg(problems=pl.col("problem").unique().sort())
    judged = judged_workload(settings)
    details = rows.group_by("key").agg(
        customer_name=pl.col("customer_name").first(),
        customer_id=pl.col("customer_id").first(),
        segment=pl.col("segment").first(),
        market=pl.col("market").first(),
        worst=pl.col(metric).filter(judged).min(),
        workloads=pl.len(),
    )
    figures = customer_figures(rows).select(
        "key",
        "licenses_sold",
        "active_users",
        "unused_licenses",
        seats=pl.max_horizontal("licenses_sold", "licenses_assigned").fill_null(0),
    )
    summary = (
        details.join(figures, on="key", how="left")
        .join(problems, on="key", how="left")
        .with_columns(pl.col("problems").fill_null(pl.lit([], dtype=pl.List(pl.String))))
    )
    if health is None:
        return summary
    return summary.join(
        health.select("key", "health_score", "health_band", "usage_change"), on="key", how="left"
    ).with_columns(trend=arrow(pl.col("usage_change")))


def apply_filters(rows: pl.DataFrame, summary: pl.DataFrame, filters: Filters) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rows, summary) narrowed to what the filters allow; the search matches names and ids as text."""
    wanted = []  # the filters on customers; a workload filter alone keeps every customer and narrows only the rows
    if filters.segments:
        wanted.append(pl.col("segment").is_in(list(filters.segments)))
    if filters.markets:
        wanted.append(pl.col("market").is_in(list(filters.markets)))
    if filters.problems:
        wanted.append(pl.col("problems").list.set_intersection(list(filters.problems)).list.len() > 0)
    if filters.min_seats:
        wanted.append(pl.col("seats") >= filters.min_seats)
    if filters.search.strip():
        needle = filters.search.strip().lower()
        wanted.append(
            pl.col("customer_name").str.to_lowercase().str.contains(needle, literal=True).fill_null(False)
            | pl.col("customer_id").str.to_lowercase().str.contains(needle, literal=True).fill_null(False)
        )
    if wanted:  # (without one, copying 20,000 summary rows and matching every row's customer took ~8 ms a rerun)
        summary = summary.filter(*wanted)
        rows = rows.filter(pl.col("key").is_in(summary.get_column("key").implode()))
    if filters.workloads:
        rows = rows.filter(pl.col("workload").is_in(list(filters.workloads)))
    return rows, summary


def sort_summary(summary: pl.DataFrame, sort: str) -> pl.DataFrame:
    column, descending = SORTS[sort]
    return summary.sort([column, "customer_name", "key"], descending=[descending, False, False], nulls_last=True)


def page_of(summary: pl.DataFrame, page: int, size: int) -> pl.DataFrame:
    """Page `page` (1-based) of `size` customers; out-of-range pages give the last page."""
    pages = max(1, -(-summary.height // size))
    return summary.slice((min(max(page, 1), pages) - 1) * size, size)


def customer_labels(summary: pl.DataFrame) -> pl.DataFrame:
    """A unique label per customer: its name, with the start of its tenant id where two share a
    name (or a running number where the id is only the name)."""
    shared = pl.col("customer_name").count().over("customer_name") > 1
    has_tenant = pl.col("customer_id") != pl.col("customer_name")
    suffix = (
        pl.when(has_tenant)
        .then(pl.col("customer_id").str.slice(0, 8))
        .otherwise(pl.format("#{}", pl.int_range(1, pl.len() + 1).over("customer_name")))
    )
    return summary.with_columns(
        customer_label=pl.when(shared)
        .then(pl.format("{} ({})", "customer_name", suffix))
        .otherwise(pl.col("customer_name"))
    )


def heatmap_cells(
    rows: pl.DataFrame, shown: pl.DataFrame, metric: str, settings: Settings = Settings()
) -> pl.DataFrame:
    """Cells for the shown customers: value and label of `metric`, figures and flags for the tooltip,
    and whether the workload is judged (a retired one is shown grey, with why in its notes)."""
    judged = judged_workload(settings)
    retired = pl.col("workload").replace_strict(
        RETIRED_WORKLOADS, default="not judged (Settings)", return_dtype=pl.String
    )
    notes = pl.concat_str(
        [pl.col("flags").list.join(", ").replace("", None), pl.when(~judged).then(pl.lit("not judged: ") + retired)],
        separator="; ",
        ignore_nulls=True,
    )
    return rows.join(shown.select("key", "customer_label"), on="key").select(
        "key",
        "customer_label",
        "workload",
        value=pl.col(metric),
        label=pl.when(pl.col(metric).is_null()).then(pl.lit("n/a")).otherwise(pl.format("{}%", pl.col(metric))),
        sold="licenses_sold",
        assigned="licenses_assigned",
        active="active_users",
        flags=notes.fill_null(""),
        judged=judged,
    )


def change_rows(table: pl.DataFrame, period: str | None, metric: str) -> pl.DataFrame:
    """Rows of `period` (None: each customer's own latest period) whose `metric` is replaced by its
    change in points since that customer's previous period, the latest of its own periods before
    (null where either side is unknown). Sources that end in different months mix safely."""
    now = latest_rows(table) if period is None else table.filter(pl.col("period") == period)
    shown = now.group_by("key").agg(_now=pl.col("period").first())
    earlier = table.join(shown, on="key").filter(pl.col("period") < pl.col("_now"))
    then = earlier.filter(pl.col("period") == pl.col("period").max().over("key")).select(
        "key", "workload", pl.col(metric).alias("_before")
    )
    return (
        now.join(then, on=["key", "workload"], how="left", maintain_order="left")
        .with_columns((pl.col(metric) - pl.col("_before")).round(1).alias(metric))
        .drop("_before")
    )


def change_cells(cells: pl.DataFrame) -> pl.DataFrame:
    """Heatmap cells labelled as signed point changes."""
    return cells.with_columns(
        label=pl.when(pl.col("value").is_null())
        .then(pl.lit("n/a"))
        .when(pl.col("value") > 0)
        .then(pl.format("+{}", "value"))
        .otherwise(pl.format("{}", "value"))
    )


CUSTOMER_COLUMNS = [
    "customer_id",
    "customer_name",
    "period",
    *CUSTOMER_FIGURES,
    "problems",
    "health_score",
    "health_band",
    "weakest_workload",
    "weakest_usage_pct",
    "usage_change",
    "unassigned_value",
    "upgrade_value",
    "currency",
    "segment",
    "market",
]


def customer_table(
    customers: pl.DataFrame,
    table: pl.DataFrame,
    recommendations: pl.DataFrame,
    health: pl.DataFrame,
    money: pl.DataFrame,
    currency: str,
) -> pl.DataFrame:
    """One row per customer (every customer of the directory, also those with tickets only): its latest
    figures counted once, as the Portfolio tiles and the Customer page show them, and its problems
    (a list, in the rules' order). The `customers` command prints it."""
    order = {p: i for i, p in enumerate(PROBLEMS)}
    problems = recommendations.group_by("key").agg(
        problems=pl.col("problem")
        .sort_by(pl.col("problem").replace_strict(order, return_dtype=pl.Int32))
        .unique(maintain_order=True)
    )
    return (
        customers.join(latest_customer_figures(table), on="key", how="left")
        .join(problems, on="key", how="left")
        .join(
            health.select(
                "key", "health_score", "health_band", "weakest_workload", "weakest_usage_pct", "usage_change"
            ),
            on="key",
            how="left",
        )
        .join(money.select("key", "unassigned_value", "upgrade_value"), on="key", how="left")
        .with_columns(pl.col("problems").fill_null(pl.lit([], dtype=pl.List(pl.String))), currency=pl.lit(currency))
        .sort("customer_name", "customer_id")
        .select("key", *CUSTOMER_COLUMNS)
    )

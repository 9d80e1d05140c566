"""Each customer's licenses counted once, as a person counts them by hand (see README, Metrics).

Office 365 workload rows of one customer (Exchange, SharePoint, Teams, ...) describe the same
licenses: every row carries the licenses that include that workload. So do the Office 365 and
Microsoft 365 suite products the analytics API reports per product (Microsoft 365 E3, Business
Standard, ...): two views of one pool. Within that pool sold and assigned are the largest figure
of either view, active users the largest workload's (or the exact per-user union where active
user detail gives it). Every other product or SKU (Dynamics 365, Power BI, ...) is a pool of its
own, and pools add up; so do customers in a portfolio total.
"""

from __future__ import annotations

import polars as pl

from adoption.ingest.cells import WORKLOADS
from adoption.metrics import figures_only, kept_per_table, latest_per_workload, pct, sum_or_null

OFFICE_365 = "Office 365"
# Products whose licenses include the Office 365 workloads (names as Partner Center reports them).
SUITE_PATTERN = (
    r"(?i)^\s*(microsoft|office)\s*365\s+(business\s+(basic|standard|premium)|apps\b.*"
    r"|(e|f|a|g)\d\b.*)"
)
CUSTOMER_FIGURES = [
    "licenses_sold",
    "licenses_assigned",
    "active_users",
    "unused_licenses",
    "deployment_pct",
    "usage_pct",
]


def is_workload() -> pl.Expr:
    return pl.col("workload").is_in(list(WORKLOADS))


def pool() -> pl.Expr:
    """ "Office 365" for workload rows and suite products; every other product is its own pool."""
    suite = pl.col("workload").str.contains(SUITE_PATTERN).fill_null(False)
    return pl.when(is_workload() | suite).then(pl.lit(OFFICE_365)).otherwise(pl.col("workload"))


def pool_figures(rows: pl.DataFrame, by: tuple[str, ...] = ("key",)) -> pl.DataFrame:
    """One row per `by` and pool: sold, assigned and active licenses counted once, and unused."""
    has_union = "union_active" in rows.columns
    workload, product = is_workload(), ~is_workload()
    # each pool as of its own latest period (a workload last reported a month earlier does not count
    # twice); grouped by period, every row with a period is its group's latest
    if "period" in by:
        current = rows.filter(pl.col("period").is_not_null())
    else:
        current = rows.filter(pl.col("period") == pl.col("period").max().over(*by, pool()))
    latest = [] if "period" in by else [pl.col("period").max()]
    # the two views as columns first, so the group_by below runs only plain max/sum/count
    views = {
        "w_sold": pl.when(workload).then(pl.col("licenses_sold")),
        "w_assigned": pl.when(workload).then(pl.col("licenses_assigned")),
        "w_active": pl.when(workload).then(pl.col("active_users")),
        "p_sold": pl.when(product).then(pl.col("licenses_sold")),
        "p_assigned": pl.when(product).then(pl.col("licenses_assigned")),
        "p_active": pl.when(product).then(pl.col("active_users")),
    }
    products = ["p_sold", "p_assigned", "p_active"]
    union = [pl.col("union_assigned").max(), pl.col("union_active").max()] if has_union else []
    per_pool = (
        current.with_columns(pool=pool(), **views)
        .group_by(*by, "pool")
        .agg(
            *latest,
            *union,
            *[pl.col(name).max() for name in ("w_sold", "w_assigned", "w_active")],
            *[pl.col(name).sum() for name in products],
            *[pl.col(name).count().alias(f"n_{name}") for name in products],
        )
        .with_columns(
            # the workload view: the largest row (or the exact union of users), never the sum
            w_assigned=pl.max_horizontal("w_assigned", "union_assigned") if has_union else pl.col("w_assigned"),
            w_active=pl.coalesce("union_active", "w_active") if has_union else pl.col("w_active"),
            # the product view: distinct products add up (unknown where none is known: sum_or_null)
            **{name: pl.when(pl.col(f"n_{name}") > 0).then(pl.col(name)) for name in products},
        )
    )
    return per_pool.select(
        *dict.fromkeys([*by, "pool", "period"]),
        licenses_sold=pl.max_horizontal("w_sold", "p_sold"),
        licenses_assigned=pl.max_horizontal("w_assigned", "p_assigned"),
        active_users=pl.max_horizontal("w_active", "p_active"),
    ).with_columns(
        unused_licenses=(
            pl.max_horizontal("licenses_sold", "licenses_assigned") - pl.coalesce("active_users", "licenses_assigned")
        ).clip(lower_bound=0),
    )


def add_figures(pools: pl.DataFrame, by: tuple[str, ...]) -> pl.DataFrame:
    """Pools (or customers) added up per `by`, with Deployment % and Usage % of the sums (each over
    the pools that have both of its figures)."""
    base = pl.coalesce("licenses_assigned", "licenses_sold")
    latest = [] if "period" in by else [pl.col("period").max()]
    return (
        pools.group_by(*by)
        .agg(
            *latest,
            licenses_sold=sum_or_null("licenses_sold"),
            licenses_assigned=sum_or_null("licenses_assigned"),
            active_users=sum_or_null("active_users"),
            unused_licenses=sum_or_null("unused_licenses"),
            _deploy_num=pl.col("licenses_assigned").filter(pl.col("licenses_sold").is_not_null()).sum(),
            _deploy_base=pl.col("licenses_sold").filter(pl.col("licenses_assigned").is_not_null()).sum(),
            _usage_num=pl.col("active_users").filter(base.is_not_null()).sum(),
            _usage_base=base.filter(pl.col("active_users").is_not_null()).sum(),
        )
        .with_columns(
            deployment_pct=pct(pl.col("_deploy_num"), pl.col("_deploy_base")),
            usage_pct=pct(pl.col("_usage_num"), pl.col("_usage_base")),
        )
        .drop("_deploy_num", "_deploy_base", "_usage_num", "_usage_base")
    )


def customer_figures(rows: pl.DataFrame, by: tuple[str, ...] = ("key",)) -> pl.DataFrame:
    """One row per customer (`by`, e.g. key and period) over metric rows (adoption.metrics.license_table):
    period (the latest among the rows), sold, assigned, active, unused, Deployment %, Usage %."""
    return add_figures(pool_figures(rows, by), by).select(*dict.fromkeys([*by, "period"]), *CUSTOMER_FIGURES)


def licensed_users(rows: pl.DataFrame, by: tuple[str, ...] = ("key",)) -> pl.DataFrame:
    """Per customer, its licensed users: the largest pool's assigned licenses (else sold), since one
    person may hold licenses of several pools (Office 365 and Dynamics 365)."""
    return (
        pool_figures(rows, by)
        .group_by(*by)
        .agg(licensed=pl.coalesce(pl.col("licenses_assigned").max(), pl.col("licenses_sold").max()))
    )


def portfolio_totals(rows: pl.DataFrame) -> dict[str, float | int | None]:
    """The KPI tiles: customers counted once each, then added up (the Portfolio and the Customer page)."""
    pools = pool_figures(rows)
    if pools.height == 0:
        return {"customers": 0, **{name: None for name in CUSTOMER_FIGURES}}
    totals = add_figures(pools.with_columns(_all=pl.lit(1)), ("_all",))
    return {"customers": pools.get_column("key").n_unique(), **totals.select(CUSTOMER_FIGURES).row(0, named=True)}


@kept_per_table
def latest_customer_figures(table: pl.DataFrame) -> pl.DataFrame:
    """customer_figures of a metric table's latest rows per workload, kept per table: the `customers` table, the
    low-adoption rule and the pages ask for the same."""
    return customer_figures(figures_only(latest_per_workload(table)))

"""The metric definitions, once: licenses sold, assigned and active per customer, workload and
period; Deployment % and Usage % (never clipped); flags explaining usage above 100%."""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from dataclasses import replace

import polars as pl

from adoption.model import Portfolio

# Where several sources report the same customer, workload and period, the figure from the
# first source in this order that has it wins (the most direct measurement first).
SOURCE_PRIORITY = ["user_detail", "canonical", "api_usage", "insights_o365", "api_deployment", "insights_seats"]
FIGURES = ["licenses_sold", "licenses_assigned", "active_users", "deleted_active", "union_assigned", "union_active"]
# A subscription status containing any of these words is inactive ("In grace period", "Suspended", "lockedOut").
INACTIVE_STATUSES = ["suspended", "disabled", "expired", "deleted", "grace", "warning", "locked"]
FLAG_ORDER = [
    "usage_of_sold",
    "usage_over_100",
    "turnover",
    "inactive_duplicate_subscription",
    "trial_subscription",
    "yammer",
]
# The columns of license_table the rules read (adoption.recommend, adoption.trends, adoption.health).
FIGURE_COLUMNS = ["key", "period", "workload", *FIGURES, "deployment_pct", "usage_pct", "unused_licenses"]
# Every set of flags a row can have, by its bit mask (bit i: FLAG_ORDER[i]), as the list of names.
FLAG_LISTS = pl.DataFrame(
    {
        "_flag_mask": pl.Series(range(1 << len(FLAG_ORDER)), dtype=pl.UInt8),
        "flags": [
            [name for bit, name in enumerate(FLAG_ORDER) if mask >> bit & 1] for mask in range(1 << len(FLAG_ORDER))
        ],
    },
    schema={"_flag_mask": pl.UInt8, "flags": pl.List(pl.String)},
)
OUTPUT_COLUMNS = [
    "customer_id",
    "customer_name",
    "period",
    "workload",
    "licenses_sold",
    "licenses_assigned",
    "active_users",
    "deployment_pct",
    "usage_pct",
    "flags",
]


def sum_or_null(column: str | pl.Expr) -> pl.Expr:
    """The sum, or unknown where every value is unknown (an absent figure is not a zero)."""
    expr = pl.col(column) if isinstance(column, str) else column
    return pl.when(expr.is_null().all()).then(None).otherwise(expr.sum())


def pct(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    """100 * n / d rounded to one decimal (half away from zero); unknown where d is 0 or unknown."""
    value = pl.when(denominator > 0).then(100 * numerator / denominator)
    return value.round(1, mode="half_away_from_zero")


def text_pair_code(first: pl.Expr, second: pl.Expr) -> pl.Expr:
    """Two text columns as one unsigned 64-bit number, equal exactly where both texts are equal (null
    included): each text's categorical code + 1 (0 for null) in 32 bits, exact while the process has
    fewer than 2**32 - 1 distinct categories. Polars groups on one number far faster than on texts."""
    high, low = ((e.cast(pl.Categorical).to_physical().cast(pl.UInt64) + 1).fill_null(0) for e in (first, second))
    return high * (1 << 32) + low


# The license rows' columns the metric table reads (combined_figures; the customers come from Portfolio.customers).
SOURCE_COLUMNS = ["source_kind", "key", "period", "workload", "workload_source", *FIGURES]


def for_figures(portfolio: Portfolio) -> Portfolio:
    """The portfolio with only the license columns the metric table reads and without the parsed files, whose
    rows share those columns: what a caller that only works out figures keeps, the rest (tenant ids, names,
    file names, line numbers: ~60 MB of the bench file's rows) freed before the rules run."""
    return replace(portfolio, licenses=portfolio.licenses.select(SOURCE_COLUMNS), files=[])


def combined_figures(licenses: pl.DataFrame) -> pl.DataFrame:
    """One row per customer key, period and workload with the figures of all sources combined.

    Within a source, rows under one name add up (several subscriptions of a SKU); names that
    merge into one workload (OneDrive and SharePoint) take the larger figure, a stand-in for the
    per-user union when only totals are known; across sources SOURCE_PRIORITY decides.
    """
    priority = pl.col("source_kind").replace_strict(
        {k: i for i, k in enumerate(SOURCE_PRIORITY)}, default=len(SOURCE_PRIORITY), return_dtype=pl.Int32
    )
    keys = ["key", "period", "workload"]
    # grouped on numbers standing for the texts (text_pair_code): the same groups, ~2x faster
    coded = licenses.with_columns(
        _key_period=text_pair_code(pl.col("key"), pl.col("period")),
        _source=text_pair_code(pl.col("workload"), pl.col("source_kind")),
        _name=pl.col("workload_source").str.to_lowercase().cast(pl.Categorical),
    )
    if _one_row_per_name(coded):  # each group one row: its sums are its own figures
        per_name = coded.select("_key_period", "_source", *keys, "source_kind", *FIGURES)
    else:
        per_name = coded.group_by("_key_period", "_source", "_name").agg(
            *[pl.col(c).first() for c in [*keys, "source_kind"]],
            *[pl.col(c).sum() for c in FIGURES],
            *[pl.col(c).count().alias(f"_n_{c}") for c in FIGURES],
        )
        per_name = per_name.with_columns(  # a sum over no known figure is unknown (sum_or_null)
            *[pl.when(pl.col(f"_n_{c}") > 0).then(pl.col(c)).alias(c) for c in FIGURES]
        )
    per_source = (
        per_name.group_by("_key_period", "_source")
        .agg(*[pl.col(c).first() for c in [*keys, "source_kind"]], *[pl.col(c).max() for c in FIGURES])
        .drop("_key_period", "_source")
    )
    if per_source.get_column("source_kind").n_unique() <= 1:  # one source: nothing to choose between
        return per_source.select(*keys, *FIGURES, sources=pl.concat_list(pl.col("source_kind")))
    return (
        per_source.with_columns(priority=priority)
        .sort("priority")
        .group_by(keys, maintain_order=True)
        .agg(*[pl.col(c).drop_nulls().first() for c in FIGURES], sources=pl.col("source_kind"))
    )


def _one_row_per_name(coded: pl.DataFrame) -> bool:
    """Whether no two rows share a customer key, period, workload, source kind and workload name (as in
    an Insights export: one row per tenant, month and workload), so grouping by them changes nothing.
    Decided on one 64-bit hash per row: distinct hashes prove distinct rows; a collision only sends the
    rows through the group_by (a group_by of ~a million single-row groups costs ~0.3 s and ~250 MB)."""
    hashed = coded.select(pl.struct("_key_period", "_source", pl.col("_name").to_physical()).hash().n_unique())
    return hashed.item() == coded.height


def subscription_causes(subscriptions: pl.DataFrame) -> pl.DataFrame:
    """Per customer key: whether a trial subscription, or two or more subscriptions of one offer
    with at least one inactive, explain usage above 100%."""
    offer = pl.coalesce(pl.col("offer_id").str.to_lowercase(), pl.col("offer_name").str.to_lowercase())
    inactive = pl.col("status").str.to_lowercase().str.contains("|".join(INACTIVE_STATUSES)).fill_null(False)
    duplicates = (
        subscriptions.group_by("key", offer.alias("offer"))
        .agg(n=pl.len(), any_inactive=inactive.any())
        .group_by("key")
        .agg(inactive_duplicate=((pl.col("n") >= 2) & pl.col("any_inactive")).any())
    )
    trials = subscriptions.group_by("key").agg(trial=pl.col("is_trial").any())
    return duplicates.join(trials, on="key", how="full", coalesce=True)


def license_table(portfolio: Portfolio, all_periods: bool = True) -> pl.DataFrame:
    """Every metric row with customer details: the one table pages, charts and the CLI read."""
    return in_reading_order(unordered_license_table(portfolio, all_periods))


def unordered_license_table(portfolio: Portfolio, all_periods: bool = True) -> pl.DataFrame:
    """license_table's rows in no particular order, with `_pair` (see _with_pair_rank) for in_reading_order:
    tables worked out in parts (adoption.trends.recent_table) are put together, then sorted once."""
    licenses = portfolio.licenses
    if not all_periods:
        # Each combined row comes from the source rows of its customer, period and workload, so
        # keeping only the latest period's source rows first gives the same result, faster.
        licenses = _latest_of(licenses)  # not kept: only this one call asks for the source rows' latest
    figures = combined_figures(licenses)
    causes = subscription_causes(portfolio.subscriptions)
    usage_base = pl.coalesce("licenses_assigned", "licenses_sold")
    table = (
        figures.join(causes, on="key", how="left")
        .join(_with_pair_rank(portfolio.customers), on="key", how="left")
        .with_columns(
            deployment_pct=pct(pl.col("licenses_assigned"), pl.col("licenses_sold")),
            usage_pct=pct(pl.col("active_users"), usage_base),
            unused_licenses=(
                pl.max_horizontal("licenses_sold", "licenses_assigned")
                - pl.coalesce("active_users", "licenses_assigned")
            ).clip(lower_bound=0),
        )
    )
    over = pl.col("usage_pct") > 100
    flags = {
        "usage_of_sold": pl.col("licenses_assigned").is_null() & pl.col("usage_pct").is_not_null(),
        "usage_over_100": over,
        "turnover": over & (pl.col("deleted_active").fill_null(0) > 0),
        "inactive_duplicate_subscription": over & pl.col("inactive_duplicate").fill_null(False),
        "trial_subscription": over & pl.col("trial").fill_null(False),
        "yammer": over & (pl.col("workload") == "Yammer"),
    }
    # flags: a list of names until output (CSV joins them with ";", JSON keeps the list); each row's
    # set of flags as a bit mask, joined to its list of names (building a list per row is ~40x slower)
    mask = pl.sum_horizontal(
        flags[name].fill_null(False).cast(pl.UInt8) * (1 << bit) for bit, name in enumerate(FLAG_ORDER)
    ).cast(pl.UInt8)
    table = (
        table.with_columns(_flag_mask=mask)
        .join(FLAG_LISTS, on="_flag_mask", how="left", maintain_order="left")
        .drop("_flag_mask")
    )
    return table.drop("inactive_duplicate", "trial")


READING_ORDER = ["customer_name", "customer_id", "period", "workload"]


def _with_pair_rank(customers: pl.DataFrame) -> pl.DataFrame:
    """The customers with `_pair`: the place of their (customer_name, customer_id) among all such pairs
    sorted (nulls first; equal pairs share it; 0 is the place a row matched to no customer would take)."""
    missing = pl.DataFrame({"key": [None]}, schema={"key": customers.schema["key"]})
    pairs = pl.concat([customers, missing], how="diagonal_relaxed").sort(READING_ORDER[:2])
    new_pair = pl.any_horizontal(pl.col(c).ne_missing(pl.col(c).shift(1)) for c in READING_ORDER[:2])
    ranked = pairs.with_columns(_pair=new_pair.fill_null(True).cum_sum().cast(pl.UInt64))
    at_missing = ranked.filter(pl.col("key").is_null()).get_column("_pair").item()
    return ranked.filter(pl.col("key").is_not_null()).with_columns(pl.col("_pair") - at_missing)


def sorted_place(frame: pl.DataFrame, column: str) -> tuple[pl.Expr, int]:
    """(each row's place among the column's distinct texts sorted, null first as 0; how many places there are):
    sorting on it orders the rows as sorting on the texts does, comparing numbers instead of strings."""
    values = frame.get_column(column).drop_nulls().unique().sort()
    place = pl.col(column).cast(pl.Enum(values)).to_physical().cast(pl.UInt64).add(1).fill_null(0)
    return place, values.len() + 1


def in_reading_order(table: pl.DataFrame) -> pl.DataFrame:
    """`table` sorted by READING_ORDER, on one 64-bit number per row built from `_pair` (_with_pair_rank)
    and the places of its period and workload (sorted_place): 0.33 -> 0.15 s on the bench file's 767,342
    rows, where sorting on the four texts compares strings (tests/test_metrics.py)."""
    (period, periods), (workload, workloads) = (sorted_place(table, c) for c in READING_ORDER[2:])
    if max(periods, workloads) > 1 << 16:  # too many for their bits: sorted on the texts
        return table.sort(READING_ORDER).drop("_pair")
    pair = pl.col("_pair").fill_null(0)
    return table.sort(pair * (1 << 32) + period * (1 << 16) + workload).drop("_pair")


def metrics_table(portfolio: Portfolio, all_periods: bool = False) -> pl.DataFrame:
    """The CLI contract's columns, one row per customer, workload and period."""
    return license_table(portfolio, all_periods=all_periods).select(OUTPUT_COLUMNS)


# How many sets of arguments kept_per_table keeps per table (the most recently used): the app's long-lived table is
# asked under its workspace's settings and, on the Settings page, under each proposal tried (~8 MB each at 20,000
# customers), which must not pile up for as long as the table lives.
KEPT_ARGUMENTS = 4


def kept_per_table(function: Callable[..., pl.DataFrame]) -> Callable[..., pl.DataFrame]:
    """`function(table, *args)` worked out once per table and hashable `args` (Settings is frozen) and kept while
    that table lives (Polars frames are not changed in place, so it stays right), for the KEPT_ARGUMENTS most
    recently used `args` of each table: `customers`, the rules, the health scores and the app's frames each ask
    for the same table's latest rows and figures (a window over ~a million rows, ~0.1 s each time)."""
    kept: dict[tuple, tuple[weakref.ref, pl.DataFrame]] = {}  # oldest use first

    def once(table: pl.DataFrame, *args: object) -> pl.DataFrame:
        key = (id(table), args)
        try:
            found = kept.pop(key, None)
        except TypeError:  # an argument that cannot be hashed (a list): worked out, not kept
            return function(table, *args)
        if found is not None and found[0]() is table:
            kept[key] = found  # now the most recently used
            return found[1]

        def forget(gone: weakref.ref) -> None:  # the table was freed: free its result too
            if kept.get(key, (None,))[0] is gone:
                kept.pop(key, None)

        result = function(table, *args)
        kept[key] = (weakref.ref(table, forget), result)
        # over a copy of the keys, as another session's thread or a freed table's callback may change them meanwhile
        for older in [k for k in list(kept) if k[0] == key[0]][:-KEPT_ARGUMENTS]:
            kept.pop(older, None)
        return result

    wrapped = functools.wraps(function)(once)
    wrapped.kept = kept  # what is kept now, by (id of the table, args) (for tests)
    return wrapped


@kept_per_table
def figures_only(table: pl.DataFrame) -> pl.DataFrame:
    """The metric table's figures per customer key, period and workload, without the customer details,
    sources and flags: what the rules (recommendations, trends, health) read, at a fraction of the copying."""
    return table.select(*[c for c in FIGURE_COLUMNS if c in table.columns])


@kept_per_table
def latest_per_workload(table: pl.DataFrame) -> pl.DataFrame:
    """Each customer's latest period per workload (what the pages and `metrics` show as "latest")."""
    return _latest_of(table)


def _latest_of(table: pl.DataFrame) -> pl.DataFrame:
    # over one number standing for the (key, workload) texts (text_pair_code): the same groups, on the bench
    # file's 946,284 source rows 0.30 -> 0.20 s and ~70 MB less at the peak of `metrics`
    pair = text_pair_code(pl.col("key"), pl.col("workload"))
    return table.filter(pl.col("period") == pl.col("period").max().over(pair))


def latest_rows(table: pl.DataFrame) -> pl.DataFrame:
    """Each customer's rows of its latest period (what recommendations judge)."""
    return table.filter(pl.col("period") == pl.col("period").max().over("key"))

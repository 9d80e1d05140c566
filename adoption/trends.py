"""Usage over time: each customer's Usage % (judged workloads, licenses counted once) now against
`slipping_periods` of its own stored months earlier, for the Portfolio's trend arrows and the
health score; and the judged workloads whose Usage % fell by at least `slipping_points` (the
"slipping" problem), even when still above the low-adoption threshold."""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from adoption.customer_figures import customer_figures
from adoption.metrics import in_reading_order, license_table, sorted_place, text_pair_code, unordered_license_table
from adoption.model import Portfolio
from adoption.settings import Settings, judged_workload


def _window(frame: pl.DataFrame, keys: list[str], settings: Settings, **last: pl.Expr) -> pl.DataFrame:
    """Per `keys`: the value now and `slipping_periods` stored months earlier (null without that history),
    and each of `last` of the latest row."""
    back = settings.slipping_periods
    # Sorted on the period's place among the few periods, only the columns needed: ~0.3 -> 0.2 s per call on
    # the bench file's 20,000 customers.
    place, _ = sorted_place(frame, "period")
    narrow = frame.select(*keys, "period", "usage_pct", **last)
    return (
        narrow.sort(place)
        .group_by(keys)
        .agg(
            period_from=pl.col("period").tail(back + 1).first(),
            period_to=pl.col("period").last(),
            usage_from=pl.col("usage_pct").tail(back + 1).first(),
            usage_to=pl.col("usage_pct").last(),
            months=pl.col("period").tail(back + 1).len(),
            **{name: pl.col(name).last() for name in last},
        )
        .with_columns(
            usage_change=pl.when(pl.col("months") > back).then((pl.col("usage_to") - pl.col("usage_from")).round(1)),
        )
        .select(*keys, "period_from", "period_to", "usage_from", "usage_to", "usage_change", *last)
    )


def _monthly_usage(table: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """key, period, usage_pct: the customer's Usage % of each month (judged workloads, licenses counted once)."""
    judged = table.filter(judged_workload(settings))
    per_month = customer_figures(judged, by=("key", "period")).select("key", "period", "usage_pct")
    return per_month.drop_nulls("usage_pct")


def _workload_usage(table: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """The judged workloads' rows with a Usage %."""
    return table.filter(judged_workload(settings)).drop_nulls("usage_pct")


def usage_trend(table: pl.DataFrame, settings: Settings = Settings()) -> pl.DataFrame:
    """key, period_from, period_to, usage_from, usage_to, usage_change (points; null with less history)."""
    return _window(_monthly_usage(table, settings), ["key"], settings)


def slipping_workloads(table: pl.DataFrame, settings: Settings = Settings()) -> pl.DataFrame:
    """key, workload, period_from, period_to, usage_from, usage_to, usage_change, licensed: the judged
    workloads whose Usage % fell by at least `slipping_points` up to the customer's latest month."""
    judged = _workload_usage(table, settings)
    # the licenses of each window's latest row; the customer's latest month is that of its latest window
    windows = _window(judged, ["key", "workload"], settings, licensed=pl.coalesce("licenses_assigned", "licenses_sold"))
    return windows.filter(
        (pl.col("period_to") == pl.col("period_to").max().over("key"))
        & (pl.col("usage_change") <= -settings.slipping_points)
    ).sort("key", "usage_change", "workload")


def recent_table(portfolio: Portfolio, settings: Settings = Settings()) -> pl.DataFrame:
    """license_table as the latest figures, the rules, the health score and the windows above read it, worked
    out from fewer rows: the portfolio's last `slipping_periods + 1` periods, and every period of the customers
    whose windows or latest rows would reach further back (a workload without a Usage % in one of those months,
    or last reported before them). What `customers` and `recommend` need, on a third of a year's rows
    (tests/test_recent_table.py compares every result with the whole table's)."""
    licenses = portfolio.licenses
    recent = _recent_periods(licenses, settings)
    if recent is None:
        return license_table(portfolio)
    table = unordered_license_table(replace(portfolio, licenses=licenses.filter(recent)))
    seen = pl.concat(  # the recent months' metric rows, and the older source rows (never recent, no Usage %)
        [
            table.select("key", "workload", _recent=pl.lit(True), _usage=pl.col("usage_pct").is_not_null()),
            licenses.select("key", "workload", "period")
            .filter(~recent)
            .select("key", "workload", _recent=pl.lit(False), _usage=pl.lit(False)),
        ]
    )
    older = licenses.filter(~recent, pl.col("key").is_in(_short_keys(seen, settings)))
    if older.height:
        table = pl.concat([table, unordered_license_table(replace(portfolio, licenses=older))])
    return in_reading_order(table)


def recent_rows(table: pl.DataFrame, settings: Settings = Settings()) -> pl.DataFrame:
    """The rows of a whole license_table (or figures_only of it) that recent_table would work out: what the
    rules read, for callers that already hold the whole table (the store's frames after an import)."""
    recent = _recent_periods(table, settings)
    if recent is None:
        return table
    seen = table.select("key", "workload", _recent=recent, _usage=recent & pl.col("usage_pct").is_not_null())
    return table.filter(recent | pl.col("key").is_in(_short_keys(seen, settings)))


def _recent_periods(rows: pl.DataFrame, settings: Settings) -> pl.Expr | None:
    """Whether a row is in the last `slipping_periods + 1` periods of `rows`; None when those are all of them."""
    back = settings.slipping_periods
    periods = rows.get_column("period").drop_nulls().unique().sort(descending=True)
    if periods.len() <= back + 1:
        return None
    return (pl.col("period") >= periods[back]).fill_null(True)  # (the readers never give a row no period)


def _short_keys(seen: pl.DataFrame, settings: Settings) -> pl.Series:
    """The customers whose windows or latest rows reach before the recent periods, from `seen` (key, workload,
    `_recent`: the row is in those periods, `_usage`: and has a Usage %): a judged workload with a Usage % in
    fewer of them than its window needs (then so has the customer: _monthly_usage), or a workload last reported
    before them. Grouped on one number per customer and workload (text_pair_code), as a list for is_in."""
    pairs = seen.group_by(_pair=text_pair_code(pl.col("key"), pl.col("workload"))).agg(
        pl.col("key").first(),
        pl.col("workload").first(),
        shown=pl.col("_recent").any(),
        n=pl.col("_usage").sum(),
    )
    judged = judged_workload(settings).fill_null(False)
    short = pairs.filter(~pl.col("shown") | (judged & (pl.col("n") <= settings.slipping_periods)))
    return short.get_column("key").unique().implode()


def arrow(change: pl.Expr) -> pl.Expr:
    """▲ +5.0 / ▼ -17.3 / → 0.0 for a change in points; empty without history."""
    return (
        pl.when(change.is_null())
        .then(pl.lit(""))
        .when(change >= 1)
        .then(pl.format("▲ +{}", change))
        .when(change <= -1)
        .then(pl.format("▼ {}", change))
        .otherwise(pl.format("→ {}", change))
    )

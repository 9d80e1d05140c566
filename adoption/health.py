"""The health score: per customer 0-100 from four components, each worth points set in Settings
(defaults: Deployment % 25, Usage % of judged workloads 40, trend 15, support load 20), scaled to
100 over the components the data has; bands healthy / watch / at risk; and "why this score": each
component's points and the figure behind them, with the weakest judged workload's Usage % beside
the score (the mean can hide one weak workload; the score itself does not change).

- Deployment % (licenses counted once, adoption.customer_figures) and Usage % (the mean over the
  judged Office 365 workloads, so one weak workload counts): no points at or below
  the low-adoption thresholds (60% / 40%), full points from the upsell thresholds (90% / 80%), in
  proportion between.
- Trend: Usage % now against `slipping_periods` stored months earlier (adoption.trends): full points
  when it did not fall, none when it fell by `slipping_points` or more, in proportion between.
- Support load: help/how-to tickets in the window per 100 licensed users: full points at 0, none at
  twice the high-support threshold (10 per 100), in proportion between; left out when no helpdesk
  export is loaded at all.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from adoption import i18n
from adoption.customer_figures import customer_figures
from adoption.i18n import N_
from adoption.ingest.cells import WORKLOADS
from adoption.metrics import figures_only, latest_per_workload
from adoption.recommend import judged_rows, licensed_over, per_100, recent_help_tickets
from adoption.settings import Settings, judged_workload
from adoption.trends import usage_trend

COMPONENTS = ("deployment", "usage", "trend", "support")
BANDS = (N_("healthy"), N_("watch"), N_("at risk"))
HEALTH_COLUMNS = [
    "key",
    "health_score",
    "health_band",
    "deployment_pct",
    "usage_pct",
    "usage_change",
    "help_per_100",
    *[f"{c}_points" for c in COMPONENTS],
    "weakest_workload",
    "weakest_usage_pct",
]


def _share(expr: pl.Expr) -> pl.Expr:
    return expr.clip(0.0, 1.0)


def _between(value: pl.Expr, none_at: float, full_from: float) -> pl.Expr:
    """0 at or below `none_at`, 1 from `full_from`, in proportion between."""
    return _share((value - none_at) / max(full_from - none_at, 1e-9))


def health_scores(
    table: pl.DataFrame, tickets: pl.DataFrame, as_of: dt.date | None, settings: Settings = Settings()
) -> pl.DataFrame:
    """One row per customer with license data: HEALTH_COLUMNS (points null where a figure is unknown)."""
    s = settings
    # the latest rows of the table as given: the command line and the pages ask for the same (kept_per_table)
    judged = figures_only(latest_per_workload(table)).filter(judged_workload(s))
    whole, table = table, figures_only(table)
    # Deployment % of the licenses counted once; Usage % as the mean over judged workloads, so one weak
    # workload (Yammer at 30%) weighs in, where the customer's largest workload would hide it
    # and the weakest of them is named beside the score: a mean of 72% can hide Yammer at 31%
    workload_usage = (
        judged.filter(pl.col("workload").is_in(list(WORKLOADS)))
        .group_by("key")
        .agg(
            usage_pct=pl.col("usage_pct").mean().round(1),
            weakest_workload=pl.col("workload").sort_by("usage_pct", "workload", nulls_last=True).first(),
            weakest_usage_pct=pl.col("usage_pct").min(),
        )
        .with_columns(weakest_workload=pl.when(pl.col("weakest_usage_pct").is_not_null()).then("weakest_workload"))
    )
    figures = customer_figures(judged).select("key", "deployment_pct").join(workload_usage, on="key", how="left")
    trend = usage_trend(table, s).select("key", "usage_change")
    frame = figures.join(trend, on="key", how="left")
    if tickets.height and as_of is not None:
        counts = recent_help_tickets(tickets, s, as_of).group_by("key").agg(tickets=pl.len())
        licensed = licensed_over(judged_rows(whole, s))  # kept: the rules count the same
        support = licensed.join(counts, on="key", how="left").select(
            "key", help_per_100=per_100(pl.col("tickets").fill_null(0), pl.col("licensed"))
        )
        frame = frame.join(support, on="key", how="left")
    else:
        frame = frame.with_columns(help_per_100=pl.lit(None, pl.Float64))
    weights = {
        "deployment": s.health_deployment_points,
        "usage": s.health_usage_points,
        "trend": s.health_trend_points,
        "support": s.health_support_points,
    }
    shares = {
        "deployment": _between(pl.col("deployment_pct"), s.low_deployment_pct, s.upsell_deployment_pct),
        "usage": _between(pl.col("usage_pct"), s.low_usage_pct, s.upsell_usage_pct),
        "trend": _share(1 + pl.col("usage_change") / s.slipping_points),
        "support": _share(1 - pl.col("help_per_100") / (2 * s.help_tickets_per_100_users)),
    }
    frame = frame.with_columns(**{f"{c}_points": (weights[c] * shares[c]).round(1) for c in COMPONENTS})
    earned = pl.sum_horizontal([pl.col(f"{c}_points").fill_null(0) for c in COMPONENTS])
    possible = pl.sum_horizontal(
        [pl.when(pl.col(f"{c}_points").is_not_null()).then(pl.lit(weights[c])).otherwise(0.0) for c in COMPONENTS]
    )
    # cast after the choice: where nothing is possible 0 / 0 is NaN, which no integer holds
    score = pl.when(possible > 0).then((100 * earned / possible).round(0)).cast(pl.Int64)
    return (
        frame.with_columns(health_score=score)
        .with_columns(
            health_band=pl.when(pl.col("health_score") >= s.health_healthy_from)
            .then(pl.lit("healthy"))
            .when(pl.col("health_score") >= s.health_watch_from)
            .then(pl.lit("watch"))
            .when(pl.col("health_score").is_not_null())
            .then(pl.lit("at risk")),
        )
        .select(HEALTH_COLUMNS)
    )


def why(row: dict, settings: Settings = Settings(), language: str = "en") -> list[tuple[str, float | None, float, str]]:
    """(component, points or None, points possible, the figure behind them) for one health_scores row."""
    s = settings
    _ = i18n.gettext_for(language)

    def pct(value: float) -> str:
        return i18n.percent(value, language)

    change = row["usage_change"]
    trend = (
        _("not enough history")
        if change is None
        else _("Usage % {change} points against {months} months earlier").format(
            change=("+" if change >= 0 else "-") + i18n.number(abs(change), language, 1), months=s.slipping_periods
        )
    )
    support = (
        _("no helpdesk export loaded")
        if row["help_per_100"] is None and row["support_points"] is None
        else _("{rate} help/how-to tickets per 100 licensed users").format(
            rate=i18n.number(row["help_per_100"], language, 1)
        )
    )
    return [
        (
            _("Deployment %"),
            row["deployment_points"],
            s.health_deployment_points,
            _("unknown")
            if row["deployment_pct"] is None
            else _("{pct} of licenses assigned").format(pct=pct(row["deployment_pct"])),
        ),
        (
            _("Usage %"),
            row["usage_points"],
            s.health_usage_points,
            _("unknown")
            if row["usage_pct"] is None
            else _("{pct} active, mean of the judged workloads").format(pct=pct(row["usage_pct"]))
            + weakest(row, _("; weakest: "), language),
        ),
        (_("Trend"), row["trend_points"], s.health_trend_points, trend),
        (_("Support load"), row["support_points"], s.health_support_points, support),
    ]


def weakest(row: dict, before: str = "", language: str = "en") -> str:
    """ "Yammer 31.3%": a health_scores row's judged workload with the lowest Usage % (`before` it),
    or "" when no workload has a Usage %."""
    if row.get("weakest_workload") is None:
        return ""
    return f"{before}{row['weakest_workload']} {i18n.percent(row['weakest_usage_pct'], language)}"


def headline(row: dict, language: str = "en") -> str:
    """ "Health 88 of 100: healthy · weakest workload Yammer 31.3%" for a health_scores row with a score."""
    _ = i18n.gettext_for(language)
    band = row["health_band"]  # a key of BANDS (a variable: Babel would extract a literal inside `_()`)
    return _("Health {score} of 100: {band}").format(score=row["health_score"], band=_(band)) + weakest(
        row, _(" · weakest workload "), language
    )

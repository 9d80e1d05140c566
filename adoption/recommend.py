"""Next steps: the three playbooks (low adoption, high support load, upsell), their thresholds
in one Settings object, and the rules that pick customers with evidence and a priority."""

from __future__ import annotations

import datetime as dt
from string import Formatter

import polars as pl

from adoption.customer_figures import customer_figures
from adoption.customer_figures import licensed_users as licensed_per_customer
from adoption.i18n import N_
from adoption.ingest.cells import safe_regex_word
from adoption.metrics import figures_only, latest_per_workload, latest_rows, license_table
from adoption.model import Portfolio
from adoption.settings import RETIRED_WORKLOADS, Settings, judged_workload  # noqa: F401  (re-exported)
from adoption.ticket_topics import training_note
from adoption.trends import slipping_workloads

PROBLEMS = ("low_adoption", "slipping", "high_support_load", "upsell")
PROBLEM_LABELS = {
    "low_adoption": N_("Low adoption"),
    "slipping": N_("Slipping"),
    "high_support_load": N_("High support load"),
    "upsell": N_("Upsell room"),
}
RECOMMENDATION_COLUMNS = ["customer_id", "customer_name", "problem", "priority", "evidence", "actions"]

PLAYBOOKS = {
    "low_adoption": {
        "title": N_("Low adoption, many unused licenses"),
        "consider": N_("The customer may not see the value or how it fits their daily work."),
        "actions": "Share case studies and customer stories about specific scenarios for {weak}; "
        "send tutorials, blogs and videos that show {weak} in daily work.",
    },
    "high_support_load": {
        "title": N_("Many help and how-to requests"),
        "consider": N_("Users may be new to the software, the version or the task."),
        "actions": "Offer training (in person or online) to raise overall skill; promote self-service "
        "support options: a support site with self-help beside the contact details.",
    },
    "slipping": {
        "title": N_("Usage is slipping"),
        "consider": N_(
            "Something changed: a reorganisation, a migration, a champion who left, or the novelty wore off."
        ),
        "actions": "Call to ask what changed; send tutorials and videos that show {weak} in daily work again, and "
        "offer a short refresher training.",
    },
    "upsell": {
        "title": N_("High adoption: room to upsell"),
        "consider": N_("The customer is using what they bought."),
        "actions": "Offer more or higher licenses and courses; training still raises productivity and "
        "cuts support needs.",
    },
}


def fill_template(template: str, **values: pl.Expr) -> pl.Expr:
    """`{name}` placeholders replaced by expressions (the values are data, never templates)."""
    pieces: list[pl.Expr] = []
    for literal, name, _, _ in Formatter().parse(template):
        pieces.append(pl.lit(literal))
        if name:
            pieces.append(values[name])
    return pl.concat_str(pieces)


def judged_rows(table: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """Latest period per customer, rows with at least `min_licenses` sold or assigned, judged workloads only."""
    size = pl.max_horizontal(pl.col("licenses_sold").fill_null(0), pl.col("licenses_assigned").fill_null(0))
    return latest_rows(table).filter(size >= settings.min_licenses, judged_workload(settings))


def help_tickets(tickets: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    pattern = "(?i)" + safe_regex_word(list(settings.help_words))
    return tickets.filter(pl.col("ticket_type").str.contains(pattern).fill_null(False))


def default_as_of(tickets: pl.DataFrame) -> dt.date | None:
    return tickets.get_column("created").max() if tickets.height else None


def _low_adoption(rows: pl.DataFrame, unused: pl.DataFrame, s: Settings) -> pl.DataFrame:
    low_dep = pl.col("deployment_pct") < s.low_deployment_pct
    low_use = pl.col("usage_pct") < s.low_usage_pct
    weak = (
        rows.filter(low_dep.fill_null(False) | low_use.fill_null(False))
        .with_columns(
            detail=pl.concat_str(
                [
                    pl.when(low_dep).then(
                        pl.format(
                            "{} deployment {}% ({} of {} assigned)",
                            "workload",
                            "deployment_pct",
                            "licenses_assigned",
                            "licenses_sold",
                        )
                    ),
                    pl.when(low_use).then(
                        pl.format(
                            "{} usage {}% ({} active of {})",
                            "workload",
                            "usage_pct",
                            "active_users",
                            pl.coalesce("licenses_assigned", "licenses_sold"),
                        )
                    ),
                ],
                separator=", ",
                ignore_nulls=True,
            )
        )
        .sort(["unused_licenses", "workload"], descending=[True, False], nulls_last=True)
    )
    n = s.weakest_shown
    grouped = weak.group_by("key", maintain_order=True).agg(
        evidence=pl.col("detail").head(n).str.join("; "),
        weak=pl.col("workload").head(n).str.join(", "),
        more=(pl.len().cast(pl.Int64) - n).clip(lower_bound=0),
    )
    # The priority is the customer's unused licenses counted once (as its Unused tile), not a sum of workloads.
    return grouped.join(unused, on="key", how="left", maintain_order="left").select(
        "key",
        problem=pl.lit("low_adoption"),
        priority=pl.col("unused_licenses").fill_null(0),
        evidence=pl.col("evidence")
        + pl.when(pl.col("more") > 0).then(pl.format("; and {} more", "more")).otherwise(pl.lit("")),
        actions=fill_template(PLAYBOOKS["low_adoption"]["actions"], weak=pl.col("weak")),
    )


def licensed_users(table: pl.DataFrame, settings: Settings | None = None) -> int | None:
    """One customer's licensed users as the support-load rule counts them: over its judged rows, the
    largest license pool's assigned figure, else sold (adoption.customer_figures; None without license data)."""
    found = licensed_per_customer(judged_rows(table, settings or Settings()))
    return found.get_column("licensed").max() if found.height else None


def recent_help_tickets(tickets: pl.DataFrame, settings: Settings, as_of: dt.date) -> pl.DataFrame:
    """Help/how-to tickets created in the support window ending on `as_of` (both ends counted)."""
    start = as_of - dt.timedelta(days=settings.support_window_days - 1)
    return help_tickets(tickets, settings).filter(pl.col("created").is_between(start, as_of))


def per_100(tickets: pl.Expr, licensed: pl.Expr) -> pl.Expr:
    """Tickets per 100 licensed users, one decimal (half away from zero); unknown without users."""
    return pl.when(licensed > 0).then((100 * tickets / licensed).round(1, mode="half_away_from_zero"))


def _upsell(rows: pl.DataFrame, low_keys: pl.Series, s: Settings) -> pl.DataFrame:
    stats = (
        rows.group_by("key")
        .agg(
            min_dep=pl.col("deployment_pct").min(),
            min_use=pl.col("usage_pct").min(),
            n=(pl.col("deployment_pct").is_not_null() | pl.col("usage_pct").is_not_null()).sum(),
        )
        .join(licensed_per_customer(rows), on="key")
    )
    good = (
        (pl.col("n") > 0)
        & (pl.col("min_dep").is_null() | (pl.col("min_dep") >= s.upsell_deployment_pct))
        & (pl.col("min_use").is_null() | (pl.col("min_use") >= s.upsell_usage_pct))
        & ~pl.col("key").is_in(low_keys.implode())
    )
    lowest = pl.concat_str(
        [
            pl.when(pl.col("min_dep").is_not_null()).then(pl.format("lowest Deployment {}%", "min_dep")),
            pl.when(pl.col("min_use").is_not_null()).then(pl.format("lowest Usage {}%", "min_use")),
        ],
        separator=", ",
        ignore_nulls=True,
    )
    return stats.filter(good).select(
        "key",
        problem=pl.lit("upsell"),
        priority=pl.col("licensed").fill_null(0),
        evidence=pl.format("{} across {} workloads/products; {} licensed users", lowest, "n", "licensed"),
        actions=pl.lit(PLAYBOOKS["upsell"]["actions"]),
    )


def _support_load(rows: pl.DataFrame, tickets: pl.DataFrame, s: Settings, as_of: dt.date | None) -> pl.DataFrame:
    if as_of is None:
        return pl.DataFrame(
            schema={
                "key": pl.String,
                "problem": pl.String,
                "priority": pl.Int64,
                "evidence": pl.String,
                "actions": pl.String,
            }
        )
    recent = recent_help_tickets(tickets, s, as_of)
    counts = recent.group_by("key").agg(tickets=pl.len()).join(licensed_per_customer(rows), on="key", how="left")
    counts = counts.with_columns(rate=per_100(pl.col("tickets"), pl.col("licensed")))
    # The workloads people ask about (adoption.ticket_topics), appended to the actions when any is named.
    counts = counts.join(training_note(recent), on="key", how="left")
    high = (
        pl.when(pl.col("rate").is_not_null())
        .then(pl.col("rate") >= s.help_tickets_per_100_users)
        .otherwise(pl.col("tickets") >= s.help_tickets_without_licenses)
    )
    window = f"in the {s.support_window_days} days to {as_of.isoformat()}"
    return counts.filter(high).select(
        "key",
        problem=pl.lit("high_support_load"),
        priority=pl.coalesce("licensed", "tickets"),
        evidence=pl.when(pl.col("rate").is_not_null())
        .then(
            pl.format(
                f"{{}} help/how-to tickets {window} = {{}} per 100 licensed users ({{}})", "tickets", "rate", "licensed"
            )
        )
        .otherwise(pl.format(f"{{}} help/how-to tickets {window}; no license data", "tickets")),
        actions=pl.concat_str(
            [pl.lit(PLAYBOOKS["high_support_load"]["actions"]), pl.format(" By workload: {}.", "note")],
            ignore_nulls=True,
        ),
    )


def _slipping(table: pl.DataFrame, s: Settings) -> pl.DataFrame:
    """Judged workloads whose Usage % fell at least s.slipping_points; priority: the users that stopped (licensed x drop)."""
    fallen = slipping_workloads(table, s).with_columns(
        lost=(pl.col("licensed") * -pl.col("usage_change") / 100).round(0).cast(pl.Int64),
        detail=pl.format(
            "{} usage fell from {}% ({}) to {}% ({}), {} points",
            "workload",
            "usage_from",
            "period_from",
            "usage_to",
            "period_to",
            "usage_change",
        ),
    )
    grouped = fallen.group_by("key", maintain_order=True).agg(
        priority=pl.col("lost").fill_null(0).max(),
        evidence=pl.col("detail").str.join("; "),
        weak=pl.col("workload").str.join(", "),
    )
    return grouped.select(
        "key",
        problem=pl.lit("slipping"),
        priority="priority",
        evidence="evidence",
        actions=fill_template(PLAYBOOKS["slipping"]["actions"], weak=pl.col("weak")),
    )


def recommendations(
    portfolio: Portfolio,
    settings: Settings | None = None,
    as_of: dt.date | None = None,
    table: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One row per customer and problem, highest priority first (customers with none are absent)."""
    s = settings or Settings()
    table = figures_only(license_table(portfolio) if table is None else table)
    rows = judged_rows(table, s)
    unused = customer_figures(latest_per_workload(table)).select("key", "unused_licenses")
    low = _low_adoption(rows, unused, s)
    support = _support_load(rows, portfolio.tickets, s, as_of or default_as_of(portfolio.tickets))
    found = pl.concat(
        [
            low.cast({"priority": pl.Int64}),
            _slipping(table, s).cast({"priority": pl.Int64}),
            support.cast({"priority": pl.Int64}),
            _upsell(rows, low.get_column("key"), s).cast({"priority": pl.Int64}),
        ],
        how="vertical",
    )
    order = pl.col("problem").replace_strict({p: i for i, p in enumerate(PROBLEMS)}, return_dtype=pl.Int32)
    return (
        found.join(portfolio.customers, on="key", how="left")
        .sort(
            [pl.col("priority"), pl.col("customer_name"), pl.col("key"), order], descending=[True, False, False, False]
        )
        .select("key", *RECOMMENDATION_COLUMNS, "segment", "market")
    )

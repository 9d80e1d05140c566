"""Next steps: the rules that pick customers for the playbooks (low adoption, slipping, high support load,
upsell; adoption.playbooks), with thresholds in one Settings object, evidence and a priority.

Evidence and actions are sentences filled from adoption.playbooks' `N_`-marked templates with named
placeholders (`fill_template`), in English by default (the command line's and the store's wording) or in another
language of adoption.i18n (`recommendations(..., language="sv")`: the pages in Swedish), numbers
written as that language writes them."""

from __future__ import annotations

import datetime as dt

import polars as pl

from adoption import i18n
from adoption.customer_figures import latest_customer_figures
from adoption.customer_figures import licensed_users as licensed_per_customer
from adoption.ingest.cells import safe_regex_word
from adoption.metrics import figures_only, kept_per_table, latest_per_workload, latest_rows, license_table
from adoption.model import Portfolio
from adoption.playbooks import (  # noqa: F401  (PROBLEM_LABELS, RECOMMENDATION_COLUMNS re-exported)
    EVIDENCE,
    PLAYBOOKS,
    PROBLEM_LABELS,
    PROBLEMS,
    RECOMMENDATION_COLUMNS,
    fill_template,
)
from adoption.settings import RETIRED_WORKLOADS, Settings, judged_workload  # noqa: F401  (re-exported)
from adoption.ticket_topics import training_note
from adoption.trends import slipping_workloads


@kept_per_table
def judged_rows(table: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """Latest period per customer, rows with at least `min_licenses` sold or assigned, judged workloads only
    (the figure columns: figures_only). Kept per table and settings: the rules and the health score judge the
    same rows; found among the latest rows per workload (kept too), as a customer's latest period's rows are."""
    size = pl.max_horizontal(pl.col("licenses_sold").fill_null(0), pl.col("licenses_assigned").fill_null(0))
    latest = figures_only(latest_per_workload(table))
    return latest_rows(latest).filter(size >= settings.min_licenses, judged_workload(settings))


# per customer, its licensed users over judged_rows: the support-load and upsell rules and the health score ask
# for the same (kept per judged rows, which are kept above)
licensed_over = kept_per_table(licensed_per_customer)


def help_tickets(tickets: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    pattern = "(?i)" + safe_regex_word(list(settings.help_words))
    return tickets.filter(pl.col("ticket_type").str.contains(pattern).fill_null(False))


def default_as_of(tickets: pl.DataFrame) -> dt.date | None:
    return tickets.get_column("created").max() if tickets.height else None


def _low_adoption(rows: pl.DataFrame, unused: pl.DataFrame, s: Settings, language: str = "en") -> pl.DataFrame:
    word = i18n.gettext_for(language)

    def num(name: str) -> pl.Expr:
        return i18n.number_expr(pl.col(name), language)

    def pct(name: str) -> pl.Expr:
        return i18n.percent_expr(pl.col(name), language)

    low_dep = pl.col("deployment_pct") < s.low_deployment_pct
    low_use = pl.col("usage_pct") < s.low_usage_pct
    weak = (
        rows.filter(low_dep.fill_null(False) | low_use.fill_null(False))
        .with_columns(
            detail=pl.concat_str(
                [
                    pl.when(low_dep).then(
                        fill_template(
                            word(EVIDENCE["deployment"]),
                            workload=pl.col("workload"),
                            deployment=pct("deployment_pct"),
                            assigned=num("licenses_assigned"),
                            sold=num("licenses_sold"),
                        )
                    ),
                    pl.when(low_use).then(
                        fill_template(
                            word(EVIDENCE["usage"]),
                            workload=pl.col("workload"),
                            usage=pct("usage_pct"),
                            active=num("active_users"),
                            licensed=i18n.number_expr(pl.coalesce("licenses_assigned", "licenses_sold"), language),
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
        + pl.when(pl.col("more") > 0)
        .then(fill_template(word(EVIDENCE["more"]), more=num("more")))
        .otherwise(pl.lit("")),
        actions=fill_template(word(PLAYBOOKS["low_adoption"]["actions"]), weak=pl.col("weak")),
    )


def licensed_users(table: pl.DataFrame, settings: Settings | None = None) -> int | None:
    """One customer's licensed users as the support-load rule counts them: over its judged rows, the
    largest license pool's assigned figure, else sold (adoption.customer_figures; None without license data)."""
    found = licensed_over(judged_rows(table, settings or Settings()))
    return found.get_column("licensed").max() if found.height else None


def recent_help_tickets(tickets: pl.DataFrame, settings: Settings, as_of: dt.date) -> pl.DataFrame:
    """Help/how-to tickets created in the support window ending on `as_of` (both ends counted)."""
    start = as_of - dt.timedelta(days=settings.support_window_days - 1)
    return help_tickets(tickets, settings).filter(pl.col("created").is_between(start, as_of))


def per_100(tickets: pl.Expr, licensed: pl.Expr) -> pl.Expr:
    """Tickets per 100 licensed users, one decimal (half away from zero); unknown without users."""
    return pl.when(licensed > 0).then((100 * tickets / licensed).round(1, mode="half_away_from_zero"))


def _upsell(rows: pl.DataFrame, low_keys: pl.Series, s: Settings, language: str = "en") -> pl.DataFrame:
    word = i18n.gettext_for(language)
    stats = (
        rows.group_by("key")
        .agg(
            min_dep=pl.col("deployment_pct").min(),
            min_use=pl.col("usage_pct").min(),
            n=(pl.col("deployment_pct").is_not_null() | pl.col("usage_pct").is_not_null()).sum(),
        )
        .join(licensed_over(rows), on="key")
    )
    good = (
        (pl.col("n") > 0)
        & (pl.col("min_dep").is_null() | (pl.col("min_dep") >= s.upsell_deployment_pct))
        & (pl.col("min_use").is_null() | (pl.col("min_use") >= s.upsell_usage_pct))
        & ~pl.col("key").is_in(low_keys.implode())
    )
    lowest = pl.concat_str(
        [
            pl.when(pl.col("min_dep").is_not_null()).then(
                fill_template(
                    word(EVIDENCE["lowest_deployment"]), deployment=i18n.percent_expr(pl.col("min_dep"), language)
                )
            ),
            pl.when(pl.col("min_use").is_not_null()).then(
                fill_template(word(EVIDENCE["lowest_usage"]), usage=i18n.percent_expr(pl.col("min_use"), language))
            ),
        ],
        separator=", ",
        ignore_nulls=True,
    )
    return stats.filter(good).select(
        "key",
        problem=pl.lit("upsell"),
        priority=pl.col("licensed").fill_null(0),
        evidence=fill_template(
            word(EVIDENCE["upsell"]),
            lowest=lowest,
            workloads=i18n.number_expr(pl.col("n"), language),
            licensed=i18n.number_expr(pl.col("licensed"), language),
        ),
        actions=pl.lit(word(PLAYBOOKS["upsell"]["actions"])),
    )


def _support_load(
    rows: pl.DataFrame, tickets: pl.DataFrame, s: Settings, as_of: dt.date | None, language: str = "en"
) -> pl.DataFrame:
    word = i18n.gettext_for(language)
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
    counts = recent.group_by("key").agg(tickets=pl.len()).join(licensed_over(rows), on="key", how="left")
    counts = counts.with_columns(rate=per_100(pl.col("tickets"), pl.col("licensed")))
    # The workloads people ask about (adoption.ticket_topics), appended to the actions when any is named.
    counts = counts.join(training_note(recent, language), on="key", how="left")
    high = (
        pl.when(pl.col("rate").is_not_null())
        .then(pl.col("rate") >= s.help_tickets_per_100_users)
        .otherwise(pl.col("tickets") >= s.help_tickets_without_licenses)
    )
    window = {"days": pl.lit(i18n.number(s.support_window_days, language)), "date": pl.lit(as_of.isoformat())}
    tickets_text = i18n.number_expr(pl.col("tickets"), language)
    return counts.filter(high).select(
        "key",
        problem=pl.lit("high_support_load"),
        priority=pl.coalesce("licensed", "tickets"),
        evidence=pl.when(pl.col("rate").is_not_null())
        .then(
            fill_template(
                word(EVIDENCE["support"]),
                tickets=tickets_text,
                **window,
                rate=i18n.number_expr(pl.col("rate"), language),
                licensed=i18n.number_expr(pl.col("licensed"), language),
            )
        )
        .otherwise(fill_template(word(EVIDENCE["support_unlicensed"]), tickets=tickets_text, **window)),
        actions=pl.concat_str(
            [
                pl.lit(word(PLAYBOOKS["high_support_load"]["actions"])),
                fill_template(word(EVIDENCE["by_workload"]), note=pl.col("note")),
            ],
            ignore_nulls=True,
        ),
    )


def _slipping(table: pl.DataFrame, s: Settings, language: str = "en") -> pl.DataFrame:
    """Judged workloads whose Usage % fell at least s.slipping_points; priority: the users that stopped (licensed x drop)."""
    word = i18n.gettext_for(language)
    fallen = slipping_workloads(table, s).with_columns(
        lost=(pl.col("licensed") * -pl.col("usage_change") / 100).round(0).cast(pl.Int64),
        detail=fill_template(
            word(EVIDENCE["slipping"]),
            workload=pl.col("workload"),
            usage_from=i18n.percent_expr(pl.col("usage_from"), language),
            period_from=pl.col("period_from"),
            usage_to=i18n.percent_expr(pl.col("usage_to"), language),
            period_to=pl.col("period_to"),
            change=i18n.number_expr(pl.col("usage_change"), language),
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
        actions=fill_template(word(PLAYBOOKS["slipping"]["actions"]), weak=pl.col("weak")),
    )


def recommendations(
    portfolio: Portfolio,
    settings: Settings | None = None,
    as_of: dt.date | None = None,
    table: pl.DataFrame | None = None,
    language: str = "en",
) -> pl.DataFrame:
    """One row per customer and problem, highest priority first (customers with none are absent); evidence
    and actions in `language` (English: the command line's and the store's wording)."""
    s = settings or Settings()
    whole = license_table(portfolio) if table is None else table
    table = figures_only(whole)
    # the latest rows of the table as given: the command line and the pages ask for the same (kept_per_table)
    rows = judged_rows(whole, s)
    unused = latest_customer_figures(whole).select("key", "unused_licenses")
    low = _low_adoption(rows, unused, s, language)
    support = _support_load(rows, portfolio.tickets, s, as_of or default_as_of(portfolio.tickets), language)
    found = pl.concat(
        [
            low.cast({"priority": pl.Int64}),
            _slipping(table, s, language).cast({"priority": pl.Int64}),
            support.cast({"priority": pl.Int64}),
            _upsell(rows, low.get_column("key"), s, language).cast({"priority": pl.Int64}),
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

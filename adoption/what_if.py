"""What-if: before new thresholds or weights are applied, which customers would enter or leave each
problem (Next steps) and each health band, and how many."""

from __future__ import annotations

import datetime as dt

import polars as pl

from adoption.health import health_scores
from adoption.model import Portfolio
from adoption.recommend import PROBLEM_LABELS, recommendations
from adoption.settings import Settings

WHAT_IF_SCHEMA = {
    "group": pl.String,
    "entering": pl.Int64,
    "leaving": pl.Int64,
    "customers_entering": pl.String,
    "customers_leaving": pl.String,
}


def _memberships(portfolio: Portfolio, table: pl.DataFrame, settings: Settings, as_of: dt.date | None) -> pl.DataFrame:
    """key, group ("Low adoption", ..., "Health: at risk", ...) for every customer under `settings`."""
    problems = recommendations(portfolio, settings, as_of=as_of, table=table).select(
        "key", group=pl.col("problem").replace_strict(PROBLEM_LABELS)
    )
    bands = (
        health_scores(table, portfolio.tickets, as_of, settings)
        .drop_nulls("health_band")
        .select("key", group=pl.lit("Health: ") + pl.col("health_band"))
    )
    return pl.concat([problems, bands])


def what_if(
    portfolio: Portfolio, table: pl.DataFrame, current: Settings, proposed: Settings, as_of: dt.date | None = None
) -> pl.DataFrame:
    """One row per problem or band whose members change: how many customers enter and leave, and which."""
    before = _memberships(portfolio, table, current, as_of).with_columns(before=pl.lit(True))
    after = _memberships(portfolio, table, proposed, as_of).with_columns(after=pl.lit(True))
    moves = (
        before.join(after, on=["key", "group"], how="full", coalesce=True)
        .filter(pl.col("before").is_null() | pl.col("after").is_null())
        .join(portfolio.customers.select("key", "customer_name"), on="key", how="left")
    )
    if moves.height == 0:
        return pl.DataFrame(schema=WHAT_IF_SCHEMA)
    entering, leaving = pl.col("before").is_null(), pl.col("after").is_null()
    return (
        moves.sort("customer_name")
        .group_by("group", maintain_order=True)
        .agg(
            entering=entering.sum().cast(pl.Int64),
            leaving=leaving.sum().cast(pl.Int64),
            customers_entering=pl.col("customer_name").filter(entering).str.join(", "),
            customers_leaving=pl.col("customer_name").filter(leaving).str.join(", "),
        )
        .sort("group")
        .cast(WHAT_IF_SCHEMA)
    )

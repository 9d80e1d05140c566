"""This week's call list: one row per customer with a problem, ranked by money or by licenses/users
at stake, with when it was last contacted; a customer snoozed until a date leaves the list until
that date, or until a problem appears that it did not have when it was snoozed. "Contacted" and
"Snoozed" are actions in the store's action log (the note of a snooze keeps the problems it saw)."""

from __future__ import annotations

import datetime as dt

import polars as pl

CONTACTED, SNOOZED = "Contacted", "Snoozed"
SNOOZE_NOTE = "problems: "
CALL_COLUMNS = ["key", "customer_name", "problems", "priority", "money", "last_contacted", "snoozed_until"]


def snooze_note(problems: list[str]) -> str:
    """The note a snooze action carries: the problems the customer had (so a new one ends the snooze)."""
    return SNOOZE_NOTE + ";".join(sorted(problems))


def call_list(
    recommendations: pl.DataFrame, actions: pl.DataFrame, today: dt.date, by: str = "priority", size: int = 10
) -> pl.DataFrame:
    """The `size` customers to call first (CALL_COLUMNS); `recommendations` need key, customer_name,
    problem, priority and money (adoption.money.at_stake); `actions` are the store's action log."""
    per_customer = recommendations.group_by("key", maintain_order=True).agg(
        customer_name=pl.col("customer_name").first(),
        problems=pl.col("problem").unique().sort(),
        priority=pl.col("priority").max(),
        money=pl.col("money").max(),
    )
    contacted = (
        actions.filter(pl.col("kind") == CONTACTED)
        .group_by(key=pl.col("customer_key"))
        .agg(last_contacted=pl.col("date").max())
    )
    snoozes = (
        actions.filter(pl.col("kind") == SNOOZED)
        .sort("date", "action_id")
        .group_by(key=pl.col("customer_key"))
        .agg(
            snoozed_until=pl.col("date").last(), seen=pl.col("note").last().str.strip_prefix(SNOOZE_NOTE).str.split(";")
        )
    )
    listed = (
        per_customer.join(contacted, on="key", how="left")
        .join(snoozes, on="key", how="left")
        .with_columns(new_problem=pl.col("problems").list.set_difference(pl.col("seen").fill_null([])).list.len() > 0)
        .filter(pl.col("snoozed_until").is_null() | (pl.col("snoozed_until") <= today) | pl.col("new_problem"))
    )
    order = ["money", "priority"] if by == "money" else ["priority", "money"]
    return (
        listed.sort([*order, "customer_name", "key"], descending=[True, True, False, False], nulls_last=True)
        .head(size)
        .select(CALL_COLUMNS)
    )

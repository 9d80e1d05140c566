"""What-if: before new thresholds or weights are applied, which customers would enter or leave each
problem (Next steps) and each health band, and how many; and proposed settings from NAME=VALUE
text (the command line's `what-if --set`), within the ranges a person may set."""

from __future__ import annotations

import dataclasses
import datetime as dt

import polars as pl

from adoption.health import BANDS, health_scores
from adoption.model import AdoptionError, Portfolio
from adoption.recommend import PROBLEM_LABELS, PROBLEMS, recommendations
from adoption.settings import EDITABLE, Settings

WHAT_IF_SCHEMA = {
    "group": pl.String,
    "entering": pl.Int64,
    "leaving": pl.Int64,
    "customers_entering": pl.String,
    "customers_leaving": pl.String,
}

GROUPS = (*(PROBLEM_LABELS[p] for p in PROBLEMS), *(f"Health: {band}" for band in BANDS))
MOVES_SCHEMA = {
    "group": pl.String,
    "before": pl.Int64,
    "after": pl.Int64,
    "entering": pl.Int64,
    "leaving": pl.Int64,
    "customers_entering": pl.List(pl.String),
    "customers_leaving": pl.List(pl.String),
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


def moves(
    portfolio: Portfolio, table: pl.DataFrame, current: Settings, proposed: Settings, as_of: dt.date | None = None
) -> pl.DataFrame:
    """One row per problem and band (GROUPS order, every one, changed or not): how many customers are
    in it now (`before`) and would be (`after`), and who would enter and leave (lists, by name)."""
    before = _memberships(portfolio, table, current, as_of).with_columns(before=pl.lit(True))
    after = _memberships(portfolio, table, proposed, as_of).with_columns(after=pl.lit(True))
    entering, leaving = pl.col("before").is_null(), pl.col("after").is_null()
    found = (
        before.join(after, on=["key", "group"], how="full", coalesce=True)
        .join(portfolio.customers.select("key", "customer_name"), on="key", how="left")
        .sort("customer_name")
        .group_by("group")
        .agg(
            before=pl.col("before").count().cast(pl.Int64),
            after=pl.col("after").count().cast(pl.Int64),
            entering=entering.sum().cast(pl.Int64),
            leaving=leaving.sum().cast(pl.Int64),
            customers_entering=pl.col("customer_name").filter(entering),
            customers_leaving=pl.col("customer_name").filter(leaving),
        )
    )
    every = pl.DataFrame({"group": list(GROUPS)})
    return (
        every.join(found, on="group", how="left", maintain_order="left")
        .with_columns(
            pl.col("before", "after", "entering", "leaving").fill_null(0),
            pl.col("customers_entering", "customers_leaving").fill_null([]),
        )
        .cast(MOVES_SCHEMA)
    )


def what_if(
    portfolio: Portfolio, table: pl.DataFrame, current: Settings, proposed: Settings, as_of: dt.date | None = None
) -> pl.DataFrame:
    """One row per problem or band whose members change: how many customers enter and leave, and which."""
    changed = moves(portfolio, table, current, proposed, as_of).filter((pl.col("entering") + pl.col("leaving")) > 0)
    return (
        changed.with_columns(pl.col("customers_entering", "customers_leaving").list.join(", "))
        .sort("group")
        .select(list(WHAT_IF_SCHEMA))
        .cast(WHAT_IF_SCHEMA)
    )


# The range of each number a person may set (the Settings page's inputs allow the same).
LIMITS: dict[str, tuple[float, float]] = {e.name: (e.low, e.high) for e in EDITABLE}  # the Settings page's ranges
LIST_SETTINGS = ("unjudged_workloads", "help_words")  # `;`-separated: "Skype for Business;Yammer"


def proposed_settings(current: Settings, changes: list[str]) -> Settings:
    """`current` with each "name=value" of `changes` applied (a number within LIMITS, or a `;`-separated
    list for LIST_SETTINGS); an unknown name or a bad value is an AdoptionError naming it."""
    known = {f.name: f for f in dataclasses.fields(Settings)}
    updates: dict[str, object] = {}
    for change in changes:
        name, equals, text = change.partition("=")
        name, text = name.strip(), text.strip()
        if not equals or (name not in LIMITS and name not in LIST_SETTINGS):
            raise AdoptionError(
                f"{change!r} is not NAME=VALUE with a known NAME; the settings are "
                f"{', '.join([*LIMITS, *LIST_SETTINGS])}."
            )
        if name in LIST_SETTINGS:
            updates[name] = tuple(part.strip() for part in text.split(";") if part.strip())
            continue
        low, high = LIMITS[name]
        whole = known[name].type in ("int", int)
        try:
            number = int(text) if whole else float(text)
        except ValueError:
            kind = "a whole number" if whole else "a number"
            raise AdoptionError(f"{name} must be {kind} from {low:g} to {high:g}, not {text!r}.") from None
        if not low <= number <= high:  # also refuses nan
            raise AdoptionError(f"{name} must be from {low:g} to {high:g}, not {text}.")
        updates[name] = number
    return dataclasses.replace(current, **updates)

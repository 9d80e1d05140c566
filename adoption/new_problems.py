"""What changed since the previous period: problems that are new this month (for the Next steps
page's marker) and the kinds of action an account manager can log against a customer."""

from __future__ import annotations

import datetime as dt

import polars as pl

from adoption.i18n import N_
from adoption.metrics import figures_only
from adoption.model import Portfolio
from adoption.recommend import Settings, recommendations
from adoption.trends import recent_rows

ACTION_KINDS = [
    N_("Contacted"),
    N_("Training (in person)"),
    N_("Training (online)"),
    N_("Case study or customer story sent"),
    N_("Tutorials, blogs or videos sent"),
    N_("Self-service support promoted"),
    N_("Upsell offer"),
    N_("Other"),
]


def new_problems(
    portfolio: Portfolio,
    table: pl.DataFrame,
    current: pl.DataFrame,
    settings: Settings | None = None,
    as_of: dt.date | None = None,
) -> pl.Series:
    """For each row of `current` (recommendations), whether its problem is new: absent when judged on
    the periods before the latest one (and tickets one window earlier). False everywhere when there
    is no earlier period to compare with."""
    s = settings or Settings()
    periods = sorted(table.get_column("period").unique().to_list())
    if len(periods) < 2 or current.height == 0:
        return pl.Series("new", [False] * current.height, dtype=pl.Boolean)
    # Each customer is judged on its own rows alone, so only the customers with a problem now are judged again
    # (on the bench file 13,276 of 20,000: ~0.2 s of the ~0.65 s this takes)
    mine = pl.col("key").is_in(current.get_column("key").unique().implode())
    # judged on the months the rules read (trends.recent_rows): on the bench file ~0.6 -> ~0.3 s
    earlier = recent_rows(figures_only(table).filter(pl.col("period") < periods[-1], mine), s)
    latest_ticket = portfolio.tickets.get_column("created").max() if portfolio.tickets.height else None
    end = as_of or latest_ticket
    before_as_of = end - dt.timedelta(days=s.support_window_days) if end else None
    before = recommendations(portfolio, s, as_of=before_as_of, table=earlier).select("key", "problem")
    # the marker is aligned with `current` by position, so the join must keep its order
    marked = current.select("key", "problem").join(
        before.with_columns(seen=pl.lit(True)), on=["key", "problem"], how="left", maintain_order="left"
    )
    return marked.get_column("seen").is_null().alias("new")

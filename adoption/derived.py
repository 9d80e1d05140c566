"""A workspace's computed frames, kept in the store beside its rows: the metric table and the
resolved customers, tickets and subscriptions, saved for the workspace's version. Opening the app
after a restart or after `store import` reads them (Parquet) instead of re-reading every stored
row and recomputing; any upload or removal bumps the version, so nothing stale is ever served."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from adoption.metrics import license_table
from adoption.model import LICENSE_SCHEMA, REJECT_SCHEMA, Portfolio
from adoption.store import Store

PARTS = ["table", "customers", "tickets", "subscriptions"]


@dataclass(frozen=True)
class Computed:
    """What the pages read: the portfolio (its raw license rows left out: `table` holds their
    metrics) and the metric table of every period."""

    portfolio: Portfolio
    table: pl.DataFrame
    from_cache: bool


def computed(store: Store, workspace: str) -> Computed:
    """The workspace's frames: from the store when saved for its current version, else computed
    from its rows and saved (where the store is writable)."""
    version = store.version(workspace)
    saved = store.derived_frames(workspace, version, PARTS)
    if saved is not None:
        licenses = pl.DataFrame(schema={**LICENSE_SCHEMA, "key": pl.String})
        portfolio = Portfolio(licenses=licenses, subscriptions=saved["subscriptions"], tickets=saved["tickets"],
                              customers=saved["customers"], rejected=pl.DataFrame(schema=REJECT_SCHEMA))
        return Computed(portfolio, saved["table"], from_cache=True)
    portfolio = store.portfolio(workspace)
    table = license_table(portfolio, all_periods=True)
    store.save_derived(workspace, version, {"table": table, "customers": portfolio.customers,
                                            "tickets": portfolio.tickets, "subscriptions": portfolio.subscriptions})
    return Computed(portfolio, table, from_cache=False)

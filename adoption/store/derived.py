"""A workspace's computed frames, kept in the store beside its rows: the metric table, each
customer's latest rows, the resolved customers, tickets and subscriptions, and the
recommendations (per rule settings), saved for the workspace's version. Opening the app after a
restart or after `store import` reads them (Parquet) instead of re-reading every stored row and
recomputing; any upload or removal bumps the version, so nothing stale is ever served. Right after
`store import` of a workspace's only upload they are computed from the rows just parsed, which are
then exactly what the workspace holds, instead of reading them back."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from functools import cached_property

import polars as pl

from adoption.ingest.customers import resolve_customers
from adoption.metrics import license_table
from adoption.model import LICENSE_SCHEMA, REJECT_SCHEMA, ParsedFile, Portfolio
from adoption.new_problems import new_problems
from adoption.recommend import Settings, default_as_of, recommendations
from adoption.store import Store
from adoption.store.schema import ROW_TABLES
from adoption.trends import recent_rows
from adoption.views import rows_for_period, workload_order

GROUP_TABLES = ("licenses", "subscriptions", "tickets")  # the order Store.portfolio reads them in
NO_LICENSE_ROWS = pl.DataFrame(schema={**LICENSE_SCHEMA, "key": pl.String})  # Computed.portfolio's licenses
PARTS = ["table", "latest", "customers", "tickets", "subscriptions"]


@dataclass(frozen=True)
class Computed:
    """What the pages read. The portfolio's raw license rows are left out: `table` holds their metrics."""

    portfolio: Portfolio
    table: pl.DataFrame  # adoption.metrics.license_table, every period
    latest: pl.DataFrame  # each customer's latest period per workload
    recommendations: pl.DataFrame  # with a boolean `new` column
    as_of: dt.date | None
    from_cache: bool

    @cached_property
    def periods(self) -> list[str]:
        return sorted(self.table.get_column("period").unique().to_list())

    @cached_property
    def workloads(self) -> list[str]:
        """Every workload and product, in the usual order."""
        return workload_order(self.table.get_column("workload").unique().to_list())

    @property
    def customers(self) -> int:
        return self.portfolio.customers.height

    @cached_property
    def customers_with_licenses(self) -> int:
        """Customers with license figures: the ones the Portfolio counts (others have tickets or subscriptions only)."""
        return self.latest.get_column("key").n_unique()


def recommendations_part(settings: Settings) -> str:
    return "recommendations:" + hashlib.sha256(repr(settings).encode()).hexdigest()[:16]


def _recommendations(
    portfolio: Portfolio, table: pl.DataFrame, settings: Settings, as_of: dt.date | None
) -> pl.DataFrame:
    # the rules read the table's recent months (and older ones only where a window reaches back): trends.recent_rows
    recs = recommendations(portfolio, settings, as_of=as_of, table=recent_rows(table, settings))
    return recs.with_columns(new=new_problems(portfolio, table, recs, settings, as_of))


def stored_portfolio(parsed: list[ParsedFile]) -> Portfolio:
    """The Portfolio Store.portfolio reads back when `parsed` is a workspace's only upload: every
    category's rows in the store's columns and order, customers resolved the same way."""

    def rows(table: str, frames: list[pl.DataFrame]) -> pl.DataFrame:
        schema = ROW_TABLES[table]
        found = [frame.select(list(schema)).cast(schema) for frame in frames if frame.height]
        return pl.concat(found, how="vertical") if found else pl.DataFrame(schema=schema)

    by_category = [rows(table, [p.rows for p in parsed if p.category == table]) for table in GROUP_TABLES]
    return resolve_customers(*by_category, rows("rejects", [p.rejected for p in parsed]))


def computed(
    store: Store,
    workspace: str,
    settings: Settings | None = None,
    just_imported: tuple[int, list[ParsedFile]] | None = None,
) -> Computed:
    """The workspace's frames: from the store when saved for its current version, else computed
    from its rows and saved (where the store is writable). `just_imported` is (version, parsed
    files) of an upload that was the workspace's only one at that version (ImportResult.alone):
    while the workspace is still at that version, its rows are those files' rows (the list is then
    emptied, so they are freed once no longer needed)."""
    settings = settings or Settings()
    version, recs_name = store.version(workspace), recommendations_part(settings)
    saved = store.derived_frames(workspace, version, [*PARTS, recs_name])
    # frames saved before flags were a list of names are computed again
    if set(PARTS) <= set(saved) and saved["table"].schema.get("flags") == pl.List(pl.String):
        portfolio = Portfolio(
            licenses=NO_LICENSE_ROWS,
            subscriptions=saved["subscriptions"],
            tickets=saved["tickets"],
            customers=saved["customers"],
            rejected=pl.DataFrame(schema=REJECT_SCHEMA),
        )
        as_of = default_as_of(portfolio.tickets)
        recs = saved.get(recs_name)
        if recs is None:
            recs = _recommendations(portfolio, saved["table"], settings, as_of)
            store.save_derived(workspace, version, {recs_name: recs})
        return Computed(portfolio, saved["table"], saved["latest"], recs, as_of, from_cache=True)
    if just_imported is not None and just_imported[0] == version:
        portfolio = stored_portfolio(just_imported[1])
        just_imported[1].clear()  # the caller's list: the rows now live in `portfolio` only
    else:
        portfolio = store.portfolio(workspace)
    table = license_table(portfolio, all_periods=True)
    # as when the frames are read back above: `table` holds the license rows' metrics, so the rows
    # go (freed before the recommendations are worked out: ~300 MB of `store import`'s peak)
    portfolio = replace(portfolio, licenses=NO_LICENSE_ROWS)
    as_of = default_as_of(portfolio.tickets)
    recs = _recommendations(portfolio, table, settings, as_of)
    latest = rows_for_period(table, None)
    store.save_derived(
        workspace,
        version,
        {
            "table": table,
            "latest": latest,
            "customers": portfolio.customers,
            "tickets": portfolio.tickets,
            "subscriptions": portfolio.subscriptions,
            recs_name: recs,
        },
    )
    return Computed(portfolio, table, latest, recs, as_of, from_cache=False)

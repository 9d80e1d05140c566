"""Combine parsed files into one Portfolio: customers resolved across files (tenant id where a
file has one, else the name matched ignoring case and repeated spaces)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import polars as pl

from adoption.ingest.cells import name_key
from adoption.ingest.markets import blank_text, market_name
from adoption.ingest.readers import read_file
from adoption.model import (
    CUSTOMER_SCHEMA,
    LICENSE_SCHEMA,
    REJECT_SCHEMA,
    SUBSCRIPTION_SCHEMA,
    TICKET_SCHEMA,
    AdoptionError,
    ParsedFile,
    Portfolio,
)


def load_files(paths: Iterable[str | Path], customer: str | None = None) -> Portfolio:
    """Read files from disk (the CLI's and the sample's entry point)."""
    parsed: list[ParsedFile] = []
    for given in paths:
        path = Path(given)
        if not path.is_file():
            raise AdoptionError(f"{given} does not exist or is not a file.")
        try:
            parsed.extend(read_file(str(given), path, customer=customer))
        except AdoptionError:
            raise
        except Exception as error:  # a reader bug must still reach the user as one sentence
            raise AdoptionError(f"{given} could not be read ({type(error).__name__}: {error}).") from error
    return build_portfolio(parsed)


def _concat(frames: list[pl.DataFrame], schema: dict) -> pl.DataFrame:
    return pl.concat([f.cast(schema) for f in frames], how="vertical") if frames else pl.DataFrame(schema=schema)


def build_portfolio(files: list[ParsedFile]) -> Portfolio:
    licenses = _concat([f.rows for f in files if f.category == "licenses"], LICENSE_SCHEMA)
    subscriptions = _concat([f.rows for f in files if f.category == "subscriptions"], SUBSCRIPTION_SCHEMA)
    tickets = _concat([f.rows for f in files if f.category == "tickets"], TICKET_SCHEMA)
    rejected = _concat([f.rejected for f in files], REJECT_SCHEMA)
    return resolve_customers(licenses, subscriptions, tickets, rejected, files)


def resolve_customers(
    licenses: pl.DataFrame,
    subscriptions: pl.DataFrame,
    tickets: pl.DataFrame,
    rejected: pl.DataFrame,
    files: list[ParsedFile] | None = None,
) -> Portfolio:
    """Give every row a customer `key` and build the customer directory."""
    frames = {"licenses": licenses, "subscriptions": subscriptions, "tickets": tickets}
    keyed = {}
    for label, frame in frames.items():
        if frame.get_column("tenant_id").null_count() == 0:  # every row has its tenant id: that is its key
            keyed[label] = frame.with_columns(key=pl.col("tenant_id"))
    if len(keyed) < len(frames):
        keyed.update(_keyed_by_name(frames, skip=keyed))
    customers = _directory({label: keyed[label] for label in frames})
    return Portfolio(
        licenses=keyed["licenses"],
        subscriptions=keyed["subscriptions"],
        tickets=keyed["tickets"],
        customers=customers,
        rejected=rejected,
        files=list(files or []),
    )


def _keyed_by_name(frames: dict[str, pl.DataFrame], skip: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The frames not in `skip` (those with rows without a tenant id), each row keyed by its tenant id,
    else the one tenant id its name has anywhere in `frames`, else its name (ignoring case and spaces)."""
    # Keys are worked out once per distinct (tenant id, name) pair, then joined to the rows.
    pairs = (
        pl.concat([f.select("tenant_id", "customer_name") for f in frames.values()], how="vertical")
        .unique()
        .with_columns(name_key=name_key(pl.col("customer_name")))
    )
    tenant_by_name = (
        pairs.filter(pl.col("tenant_id").is_not_null() & pl.col("name_key").is_not_null())
        .group_by("name_key")
        .agg(pl.col("tenant_id").unique())
        .filter(pl.col("tenant_id").list.len() == 1)
        .select("name_key", mapped_tenant=pl.col("tenant_id").list.first())
    )
    pair_keys = pairs.join(tenant_by_name, on="name_key", how="left").select(
        "tenant_id",
        "customer_name",
        _tenant=pl.coalesce("tenant_id", "mapped_tenant"),
        key=pl.coalesce(pl.col("tenant_id"), pl.col("mapped_tenant"), pl.lit("name:") + pl.col("name_key")),
    )
    keyed = {}
    for label, frame in frames.items():
        if label in skip:
            continue
        # Only the two key columns go through the join; the other columns are kept, not copied.
        found = frame.select("tenant_id", "customer_name").join(
            pair_keys, on=["tenant_id", "customer_name"], how="left", nulls_equal=True, maintain_order="left"
        )
        keyed[label] = frame.with_columns(tenant_id=found.get_column("_tenant"), key=found.get_column("key"))
    return keyed


def _directory(keyed: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """One row per customer key: display name from license data first, then subscriptions, tickets."""
    order = {"licenses": 0, "subscriptions": 1, "tickets": 2}
    rows = []
    for label, frame in keyed.items():
        extra = [c for c in ("segment", "market") if c in frame.columns]
        rows.append(
            frame.select(
                "key",
                "tenant_id",
                "customer_name",
                *[pl.col(c) for c in extra],
                *[pl.lit(None, pl.String).alias(c) for c in ("segment", "market") if c not in extra],
                source_order=pl.lit(order[label]),
            )
        )
    first_and_last = dict(
        tenant_id=pl.col("tenant_id").drop_nulls().first(),
        customer_name=pl.col("customer_name").drop_nulls().first(),
        segment=pl.col("segment").drop_nulls().last(),
        market=pl.col("market").drop_nulls().last(),
        source_order=pl.col("source_order").first(),
    )
    # First and last non-empty values per frame first (in row order), then across frames in
    # source order: the same as over all rows at once, on far fewer rows.
    per_frame = [frame.group_by("key", maintain_order=True).agg(**first_and_last) for frame in rows]
    everything = pl.concat(per_frame, how="vertical").sort("source_order", maintain_order=True)
    return (
        everything.group_by("key", maintain_order=True)
        .agg(**{k: v for k, v in first_and_last.items() if k != "source_order"})
        .select(
            "key",
            customer_id=pl.coalesce("tenant_id", "customer_name"),
            customer_name=pl.coalesce("customer_name", "tenant_id"),
            segment=blank_text(pl.col("segment")),
            market=market_name(pl.col("market")),
        )
        .sort("customer_name")
        .cast(CUSTOMER_SCHEMA)
    )

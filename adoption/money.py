"""Money at stake: a price list (per product and month, one column per currency, and the product one
tier up; defaults in data/prices.csv, approximate list prices to edit or replace with your own)
values each customer's unassigned licenses (paid, not assigned: sold minus assigned per product)
and its upgrade room (assigned licenses moved one tier up: the price difference); a recommendation's
money at stake is the upgrade room for upsell, the unassigned licenses otherwise. Products the
price list does not name, and Office 365 workload rows (they name no product), are not valued."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import polars as pl

from adoption.model import AdoptionError

DEFAULT_PRICES = Path(__file__).resolve().parent.parent / "data" / "prices.csv"
CURRENCIES = ("EUR", "SEK", "NOK", "DKK")
MONEY_COLUMNS = ["key", "unassigned_value", "upgrade_value"]


@cache
def _default_price_bytes() -> bytes:
    return DEFAULT_PRICES.read_bytes()


def price_list(data: bytes | None = None, currency: str = "EUR", name: str = "prices.csv") -> pl.DataFrame:
    """product, next_tier, price (per license and month in `currency`) from a price list CSV."""
    raw = data if data is not None else _default_price_bytes()
    try:
        frame = pl.read_csv(io.BytesIO(raw), infer_schema=False)
    except pl.exceptions.PolarsError as error:
        raise AdoptionError(f"{name} is not a readable CSV price list ({str(error).splitlines()[0]}).") from None
    missing = [c for c in ("product", currency) if c not in frame.columns]
    if missing:
        raise AdoptionError(
            f"{name} has no column {', '.join(missing)}: a price list needs product, next_tier "
            f"and one column per currency ({', '.join(CURRENCIES)})."
        )
    next_tier = pl.col("next_tier") if "next_tier" in frame.columns else pl.lit(None, pl.String)
    price = pl.col(currency).str.strip_chars().str.replace(",", ".").cast(pl.Float64, strict=False)
    return frame.select(
        product=pl.col("product").str.strip_chars(),
        next_tier=next_tier.str.strip_chars().replace("", None),
        price=price,
    ).filter(pl.col("price").is_not_null())


def price_list_file(path: str | None, currency: str = "EUR") -> pl.DataFrame:
    """price_list of the CSV at `path` (the command line's --prices), or the default one without it."""
    if path is None:
        return price_list(None, currency)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise AdoptionError(f"the price list {path} cannot be read ({error.strerror or error}).") from None
    return price_list(data, currency, path)


def values(rows: pl.DataFrame, prices: pl.DataFrame) -> pl.DataFrame:
    """Per customer over metric rows (each customer's latest per product): monthly value of its
    unassigned licenses and of moving its assigned licenses one tier up; money at stake = both."""
    key = pl.col("workload").str.to_lowercase()
    priced = prices.with_columns(product_key=pl.col("product").str.to_lowercase())
    up = prices.select(next_tier=pl.col("product"), next_price=pl.col("price"))
    valued = (
        rows.with_columns(product_key=key)
        .join(priced, on="product_key", how="inner")
        .join(up, on="next_tier", how="left")
        .with_columns(
            unassigned=((pl.col("licenses_sold") - pl.col("licenses_assigned")).clip(lower_bound=0) * pl.col("price")),
            upgrade=(pl.col("licenses_assigned") * (pl.col("next_price") - pl.col("price"))).clip(lower_bound=0),
        )
    )
    return (
        valued.group_by("key")
        .agg(
            unassigned_value=pl.col("unassigned").sum().round(0).cast(pl.Int64),
            upgrade_value=pl.col("upgrade").sum().round(0).cast(pl.Int64),
        )
        .select(MONEY_COLUMNS)
    )


def at_stake(recommendations: pl.DataFrame, worth: pl.DataFrame) -> pl.DataFrame:
    """Recommendations with `money` per month: the upgrade room for upsell, else the unassigned licenses."""
    return (
        recommendations.join(worth, on="key", how="left", maintain_order="left")
        .with_columns(
            money=pl.when(pl.col("problem") == "upsell")
            .then(pl.col("upgrade_value"))
            .otherwise(pl.col("unassigned_value"))
        )
        .drop("unassigned_value", "upgrade_value")
    )


def money(value: float | None, currency: str) -> str:
    """12 345 SEK / 1,234 EUR: whole units, the currency after the figure."""
    return "n/a" if value is None else f"{value:,.0f} {currency}"

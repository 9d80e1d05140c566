"""Markets as one vocabulary (adoption.ingest.markets): English names and codes, and names in the Nordic
languages, which are loaded only when a market needs them."""

import polars as pl

from adoption.ingest.markets import market_name


def named(*cells: str | None) -> list[str | None]:
    return (
        pl.DataFrame({"m": list(cells)}, schema={"m": pl.String}).select(market_name(pl.col("m"))).to_series().to_list()
    )


def test_english_names_codes_and_aliases():
    assert named("SE", "Sweden", " norway ", "uk", "", None) == [
        "Sweden",
        "Sweden",
        "Norway",
        "United Kingdom",
        None,
        None,
    ]


def test_nordic_names_and_unknown_markets():
    assert named("Sverige", "Ruotsi", "SE", "Atlantis ") == ["Sweden", "Sweden", "Sweden", "Atlantis"]

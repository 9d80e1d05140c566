"""Money at stake from the default price list (data/prices.csv) and an uploaded one: unassigned licenses
and upgrade room per customer, counted by hand on the sample's Göteborgs Åkeri AB and a crafted file."""

from __future__ import annotations

import polars as pl
import pytest

from adoption.ingest.customers import build_portfolio
from adoption.ingest.readers import read_file
from adoption.metrics import latest_per_workload, license_table
from adoption.model import AdoptionError
from adoption.money import at_stake, money, price_list, values
from export_fixtures import CONTOSO, INSIGHTS_SEATS, api_deployment_record, delimited, insights_seats_row, value_json


def latest(*files: tuple[str, bytes]) -> pl.DataFrame:
    portfolio = build_portfolio([p for name, data in files for p in read_file(name, data)])
    return latest_per_workload(license_table(portfolio))


def crafted() -> pl.DataFrame:
    return latest(
        (
            "deployment.json",
            value_json(
                [
                    api_deployment_record(CONTOSO, "Kalmar Frakt AB", "Microsoft 365 E3", 120, 100),
                    api_deployment_record(CONTOSO, "Kalmar Frakt AB", "Contoso Add-on", 9, 1),
                ]
            ),
        ),
        (
            "seats.tsv",
            delimited(
                INSIGHTS_SEATS,
                [insights_seats_row(CONTOSO, "Kalmar Frakt AB", "Power BI Pro", "2026-10-01", 20, 12, 10)],
                sep="\t",
            ),
        ),
    )


def test_unassigned_licenses_and_upgrade_room_in_each_currency():
    rows = crafted()
    # EUR: (120 - 100) x 33.70 + (20 - 12) x 13.10 = 778.8; upgrade 100 x (54.80 - 33.70) + 12 x (22.50 - 13.10) = 2,222.8;
    # the add-on is not in the price list: not valued
    assert values(rows, price_list()).drop("key").rows() == [(779, 2223)]
    # SEK: 20 x 387.60 + 8 x 150.70 = 8,957.6; 100 x 242.60 + 12 x 108.10 = 25,557.2
    assert values(rows, price_list(currency="SEK")).drop("key").rows() == [(8958, 25557)]


def test_an_uploaded_price_list_with_decimal_commas():
    prices = price_list(b'product,next_tier,SEK\nMicrosoft 365 E3,,"400,50"\nPower BI Pro,,150\n', "SEK", "mine.csv")
    # 20 x 400.50 + 8 x 150 = 9,210; no next tier named: no upgrade room
    assert values(crafted(), prices).drop("key").rows() == [(9210, 0)]


def test_a_price_list_without_the_currency_is_refused_in_one_sentence():
    with pytest.raises(AdoptionError, match=r"^mine\.csv has no column NOK: a price list needs product"):
        price_list(b"product,EUR\nPower BI Pro,13.10\n", "NOK", "mine.csv")


def test_money_at_stake_of_a_recommendation():
    worth = pl.DataFrame({"key": ["a", "b"], "unassigned_value": [779, 0], "upgrade_value": [2223, 50]})
    recs = pl.DataFrame({"key": ["a", "b"], "problem": ["low_adoption", "upsell"]})
    assert at_stake(recs, worth).rows() == [("a", "low_adoption", 779), ("b", "upsell", 50)]
    assert (money(12345.0, "SEK"), money(None, "EUR")) == ("12,345 SEK", "n/a")

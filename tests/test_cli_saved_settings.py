"""The command line judges a stored workspace by the settings and price list the app keeps for it (the
Settings page saves them in the store), so `customers`, `recommend`, `call-list`, `what-if` and `tickets`
with --store say what the pages say; without --store, or where --prices/--currency are given, as before."""

from __future__ import annotations

import csv
import io

import pytest

from adoption.cli import run
from adoption.sample import DATA_DIR, manifest
from adoption.settings import Settings
from adoption.store import Store

# 48 customers are low adoption at the default Usage % threshold of 40; 54 at 45 (test_cli_week_sample.py
# counts the six by hand from the metrics output).
LOW_AT_40, LOW_AT_45 = 48, 54


@pytest.fixture(scope="module")
def stricter_store(tmp_path_factory) -> str:
    """The sample in workspace "default", whose saved settings call Usage % below 45 low, priced in SEK by
    an uploaded list that prices Business Standard at 1,000 SEK and nothing else."""
    path = tmp_path_factory.mktemp("saved") / "store.duckdb"
    with Store.open(path) as store:
        for entry in manifest()["files"]:
            file = DATA_DIR / entry["path"]
            store.import_file(file.name, file.read_bytes(), customer=entry.get("customer"))
        store.save_settings(Settings(low_usage_pct=45.0, currency="SEK"))
        prices = "product,next_tier,EUR,SEK,NOK,DKK\nMicrosoft 365 Business Standard,,90,1000,1000,700\n"
        store.save_price_list("våra priser.csv", prices.encode())
    return str(path)


def rows_of(capsys, *argv) -> list[dict]:
    assert run(list(argv)) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def low_adoption(rows: list[dict]) -> int:
    return sum("low_adoption" in row["problems"].split(";") for row in rows)


def test_customers_from_the_store_use_its_saved_thresholds(stricter_store, capsys):
    assert low_adoption(rows_of(capsys, "customers", "--store", stricter_store)) == LOW_AT_45


def test_customers_from_files_use_the_defaults(capsys):
    files = [str(DATA_DIR / e["path"]) for e in manifest()["files"] if not e.get("customer")]
    assert low_adoption(rows_of(capsys, "customers", *files)) == LOW_AT_40


def test_recommend_from_the_store_uses_its_saved_thresholds(stricter_store, capsys):
    rows = rows_of(capsys, "recommend", "--store", stricter_store)
    assert sum(row["problem"] == "low_adoption" for row in rows) == LOW_AT_45


def test_what_if_starts_from_the_saved_settings(stricter_store, capsys):
    rows = rows_of(capsys, "what-if", "--store", stricter_store, "--set", "low_usage_pct=40")
    low = next(row for row in rows if row["group"] == "Low adoption")
    assert (low["before"], low["after"], low["entering"], low["leaving"]) == (str(LOW_AT_45), str(LOW_AT_40), "0", "6")


def test_customers_are_valued_with_the_workspace_price_list_and_currency(stricter_store, capsys):
    """Göteborgs Åkeri: 64 Business Standard sold, 61 assigned (the analytics API) = 3 unassigned x 1,000 SEK."""
    rows = rows_of(capsys, "customers", "--store", stricter_store)
    goteborg = next(row for row in rows if row["customer_name"] == "Göteborgs Åkeri AB")
    assert (goteborg["unassigned_value"], goteborg["currency"]) == ("3000", "SEK")


def test_given_prices_and_currency_win_over_the_workspace(stricter_store, capsys):
    rows = rows_of(
        capsys, "customers", "--store", stricter_store, "--prices", str(DATA_DIR / "prices.csv"), "--currency", "EUR"
    )
    goteborg = next(row for row in rows if row["customer_name"] == "Göteborgs Åkeri AB")
    assert (goteborg["unassigned_value"], goteborg["currency"]) == ("35", "EUR")  # 3 x 11.70 EUR

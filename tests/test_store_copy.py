"""`store copy` moves a DuckDB store into PostgreSQL: the bundled sample's workspace plus a user's
workspace with a removed upload (numbers keep their gap), replaced rows, rejected rows, actions,
settings and a price list; every table compared row by row, then the copy is used as a store."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from adoption.cli import run
from adoption.settings import Settings
from adoption.store import Store, StoreError, ensure_sample
from adoption.store.copy import TABLES
from store_fixtures import insights_tsv, month_rows, zendesk_tickets

PRICES = b"product,currency,price_per_month,next_tier\nMicrosoft 365 E3,SEK,399,Microsoft 365 E5\n"


def every_table(store: Store) -> dict[str, list[tuple]]:
    with store._db.cursor() as cursor:
        tables = {}
        for table in TABLES:
            frame = cursor.frame(f"SELECT * FROM {table}")
            tables[table] = sorted(frame.rows(), key=repr)
        return tables


@pytest.fixture
def duckdb_store(tmp_path):
    path = tmp_path / "team.duckdb"
    with Store.open(path) as store:
        ensure_sample(store)  # the bundled sample, one upload per file
        bad_row = b"4711\t\tTeams\t2026-11-01\t5\t3\t\tSweden\tSMB\t0\n"
        store.import_file("sep.tsv", insights_tsv(month_rows("2026-09")), workspace="user:ann@example.com")
        wrong = store.import_file("oct.tsv", insights_tsv(month_rows("2026-10")), workspace="user:ann@example.com")
        store.import_file(
            "oct-fixed.tsv", insights_tsv(month_rows("2026-10", sold=70)), workspace="user:ann@example.com"
        )
        store.import_file("nov.tsv", insights_tsv(month_rows("2026-11")) + bad_row, workspace="user:ann@example.com")
        store.import_file(
            "tickets.csv",
            zendesk_tickets([(7, "Contoso Ltd", "question", "2026-11-03", "open")]),
            workspace="user:ann@example.com",
        )
        store.remove_upload(wrong.upload_id, "user:ann@example.com")
        store.log_action(
            "name:contoso ltd", dt.date(2026, 11, 4), "contacted", "Teams training offered", "user:ann@example.com"
        )
        store.log_action("name:contoso ltd", dt.date(2026, 11, 5), "snoozed", "2026-12-01", "user:ann@example.com")
        store.save_settings(Settings(low_usage_pct=55.0, currency="SEK"), "user:ann@example.com")
        store.save_price_list("prices.csv", PRICES, "user:ann@example.com")
        from adoption.store.derived import computed

        computed(store, "user:ann@example.com")  # cached frames too
    return path


def test_store_copy_moves_every_table_into_postgresql(duckdb_store, postgres_cluster, capsys):
    target = postgres_cluster.database()
    assert run(["store", "copy", "--from", str(duckdb_store), "--to", target]) == 0
    with Store.open(duckdb_store) as origin:
        expected = every_table(origin)
        uploads = sum(origin.uploads(w).height for w in origin.workspaces())
    out = capsys.readouterr().out
    assert out.startswith(f"copied {uploads} uploads (") and out.endswith(
        f"2 actions and 1 workspace settings of 2 workspaces from {duckdb_store} to "
        f"postgresql://adoption@127.0.0.1:{postgres_cluster.port}/{target.rsplit('/', 1)[1]}.\n"
    )
    with Store.open(target) as copy:
        assert every_table(copy) == expected
        assert {t: len(rows) > 0 for t, rows in expected.items()} == dict.fromkeys(TABLES, True)
        ann = "user:ann@example.com"
        assert copy.uploads(ann).get_column("upload_id").to_list() == [1, 3, 4, 5]  # 2 was removed
        assert copy.settings(ann) == Settings(low_usage_pct=55.0, currency="SEK")
        assert copy.price_list(ann) == ("prices.csv", PRICES)
        assert copy.portfolio(ann).licenses.filter(period="2026-10").get_column("licenses_sold").unique().to_list() == [
            70
        ]
        # the copy goes on as a store: the next upload and action get fresh numbers
        assert copy.import_file("dec.tsv", insights_tsv(month_rows("2026-12")), workspace=ann).upload_id == 6
        assert copy.log_action("name:fabrikam ab", dt.date(2026, 12, 2), "contacted", "call", ann) == 3
        assert pl.Series(copy.workspaces()).to_list() == ["sample", ann]


def test_store_copy_only_fills_an_empty_store(duckdb_store, postgres_cluster):
    target = postgres_cluster.database()
    with Store.open(target) as store:
        store.log_action("k", dt.date(2026, 11, 1), "contacted", "note")
    with pytest.raises(StoreError, match="already holds data; store copy only fills an empty store"):
        from adoption.store.copy import copy_store

        copy_store(duckdb_store, target)

"""The persistent store on real DuckDB files: imports, re-uploads, replacement, removal, workspaces."""

import datetime as dt

import polars as pl

from adoption.metrics import license_table
from adoption.store import Store
from store_fixtures import TENANTS, insights_tsv, month_rows


def sold_by(store: Store, workspace: str = "default") -> list[tuple]:
    table = license_table(store.portfolio(workspace), all_periods=True)
    return table.select("customer_name", "period", "workload", "licenses_sold").sort(pl.all()).rows()


def test_new_store_is_empty(store_at):
    with Store.open(store_at) as store:
        assert (store.is_empty(), store.version(), store.read_only, store.uploads().height) == (True, 0, False, 0)
        assert store.portfolio().licenses.height == 0


def test_import_is_read_back_as_a_portfolio(store_at):
    with Store.open(store_at) as store:
        result = store.import_file("oct.tsv", insights_tsv(month_rows("2026-10", customers=["Contoso Ltd"])))
        assert result.message == "oct.tsv: stored 2 rows for 1 customer as upload 1."
        assert sold_by(store) == [("Contoso Ltd", "2026-10", "Exchange", 50), ("Contoso Ltd", "2026-10", "Teams", 50)]
        assert store.portfolio().customers.select("key", "customer_name").rows() == [
            (TENANTS["Contoso Ltd"], "Contoso Ltd")
        ]
        assert store.uploads().select(
            "file_name", "kind", "periods", "customers", "rows_accepted", "rows_rejected"
        ).rows() == [("oct.tsv", ["insights_o365"], ["2026-10"], 1, 2, 0)]
        assert store.is_empty() is False


def test_same_bytes_again_change_nothing(store_at):
    data = insights_tsv(month_rows("2026-10"))
    with Store.open(store_at) as store:
        first = store.import_file("oct.tsv", data)
        version = store.version()
        again = store.import_file("copy of oct.tsv", data)
        assert (again.duplicate, again.upload_id, again.replaced, again.rows_accepted) == (True, first.upload_id, 0, 4)
        assert again.message == "oct.tsv is already stored (upload 1); nothing changed."
        assert (store.version(), store.uploads().height, store.portfolio().licenses.height) == (version, 1, 4)


def test_newer_export_replaces_the_period_for_those_customers(store_at):
    with Store.open(store_at) as store:
        store.import_file("oct.tsv", insights_tsv(month_rows("2026-09") + month_rows("2026-10")))
        newer = store.import_file(
            "oct-fixed.tsv", insights_tsv(month_rows("2026-10", customers=["Contoso Ltd"], sold=70))
        )
        assert (newer.replaced, newer.message) == (
            2,
            "oct-fixed.tsv: stored 2 rows for 1 customer as upload 2; replaced upload 1's figures for 2026-10 "
            "(2 license rows; the figures differed).",
        )
        assert sold_by(store) == [
            ("Contoso Ltd", "2026-09", "Exchange", 50),
            ("Contoso Ltd", "2026-09", "Teams", 50),
            ("Contoso Ltd", "2026-10", "Exchange", 70),
            ("Contoso Ltd", "2026-10", "Teams", 70),
            ("Fabrikam AB", "2026-09", "Exchange", 50),
            ("Fabrikam AB", "2026-09", "Teams", 50),
            ("Fabrikam AB", "2026-10", "Exchange", 50),
            ("Fabrikam AB", "2026-10", "Teams", 50),
        ]


def test_removing_an_upload_takes_everything_it_brought(store_at):
    bad_row = b"4711\t\tTeams\t2026-11-01\t5\t3\t\tSweden\tSMB\t0\n"
    with Store.open(store_at) as store:
        store.import_file("sep.tsv", insights_tsv(month_rows("2026-09")))
        second = store.import_file("nov.tsv", insights_tsv(month_rows("2026-11")) + bad_row)
        assert (second.rows_accepted, second.rows_rejected) == (4, 1)
        assert store.rejected_rows(second.upload_id).select("source_file", "line").rows() == [("nov.tsv", 6)]
        before = store.version()
        assert store.remove_upload(second.upload_id) is True
        assert store.version() > before
        assert store.uploads().get_column("file_name").to_list() == ["sep.tsv"]
        assert store.portfolio().periods == ["2026-09"]
        assert (store.rejected_rows(second.upload_id).height, store.portfolio().rejected.height) == (0, 0)
        assert store.remove_upload(second.upload_id) is False


def test_workspaces_never_see_each_other(store_at):
    with Store.open(store_at) as store:
        store.import_file(
            "a.tsv", insights_tsv(month_rows("2026-10", customers=["Contoso Ltd"])), workspace="user:a@x.se"
        )
        store.import_file(
            "b.tsv", insights_tsv(month_rows("2026-10", customers=["Fabrikam AB"])), workspace="user:b@x.se"
        )
        store.log_action(
            TENANTS["Contoso Ltd"], dt.date(2026, 10, 5), "training", "Teams basics", workspace="user:a@x.se"
        )
        assert store.portfolio("user:a@x.se").customers.get_column("customer_name").to_list() == ["Contoso Ltd"]
        assert store.portfolio("user:b@x.se").customers.get_column("customer_name").to_list() == ["Fabrikam AB"]
        assert store.uploads("user:b@x.se").select("upload_id", "file_name").rows() == [(1, "b.tsv")]
        assert store.remove_upload(2, workspace="user:b@x.se") is False  # numbers count within a workspace
        assert store.portfolio("user:a@x.se").licenses.height == 2
        assert (store.actions("user:b@x.se").height, store.actions("user:a@x.se").height) == (0, 1)
        assert store.is_empty("default") and store.version("default") == 0


def test_hostile_names_are_stored_as_data(store_at):
    hostile = "x'); DROP TABLE uploads; --"
    rows = [(hostile, "Teams", "2026-10", 10, 4), ('=HYPERLINK("http://e.vil")', "Teams", "2026-10", 9, 3)]
    with Store.open(store_at) as store:
        store.import_file(f"{hostile}.tsv", insights_tsv(rows), workspace=hostile)
        store.log_action(hostile, dt.date(2026, 10, 1), hostile, hostile, workspace=hostile)
        assert sorted(store.portfolio(hostile).customers.get_column("customer_name").to_list()) == sorted(
            [hostile, '=HYPERLINK("http://e.vil")']
        )
        assert store.uploads(hostile).get_column("file_name").to_list() == [f"{hostile}.tsv"]
        assert store.actions(hostile, customer_key=hostile).select("kind", "note").rows() == [(hostile, hostile)]
        assert store.is_empty("default")


def test_actions_are_logged_per_customer(store_at):
    with Store.open(store_at) as store:
        first = store.log_action("tenant-a", dt.date(2026, 10, 5), "training", "Teams basics")
        store.log_action("tenant-b", dt.date(2026, 9, 1), "call", "renewal")
        assert store.version() == 2
        assert store.actions(customer_key="tenant-a").select("action_id", "date", "kind", "note").rows() == [
            (first, dt.date(2026, 10, 5), "training", "Teams basics")
        ]
        assert store.actions().get_column("customer_key").to_list() == ["tenant-b", "tenant-a"]


def test_only_postgresql_indexes_the_license_rows_by_upload(store_at):
    listed = {
        "duckdb": "SELECT index_name FROM duckdb_indexes() WHERE table_name = 'licenses'",
        "postgresql": "SELECT indexname FROM pg_indexes WHERE tablename = 'licenses'",
    }
    with Store.open(store_at) as store, store._db.cursor() as cursor:
        names, dialect = [row[0] for row in cursor.run(listed[cursor.dialect])], cursor.dialect
    assert names == ([] if dialect == "duckdb" else ["licenses_by_upload"])

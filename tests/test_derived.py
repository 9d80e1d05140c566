"""Computed frames kept in the store per workspace version: saved on first use, read back equal,
never served for another version, and skipped (not failed) on a read-only store."""

import os
from pathlib import Path

import pytest

from adoption.cli import run
from adoption.metrics import license_table
from adoption.recommend import Settings
from adoption.store import Store
from adoption.store.derived import PARTS, computed, stored_portfolio
from store_fixtures import insights_tsv, month_rows, zendesk_tickets


def test_first_use_computes_and_saves_then_reads_back_equal(store_at):
    with Store.open(store_at) as store:
        store.import_file("oct.tsv", insights_tsv(month_rows("2026-09") + month_rows("2026-10")))
        store.import_file("t.csv", zendesk_tickets([(1, "Contoso Ltd", "question", "2026-10-02", "open")]))
        first = computed(store, "default")
        again = computed(store, "default")
        assert (first.from_cache, again.from_cache) == (False, True)
        assert again.table.equals(first.table)
        assert again.table.equals(license_table(store.portfolio(), all_periods=True))
        assert again.portfolio.customers.equals(first.portfolio.customers)
        assert again.portfolio.tickets.equals(first.portfolio.tickets)
        assert again.portfolio.licenses.height == 0
        assert again.latest.equals(first.latest) and again.recommendations.equals(first.recommendations)


def test_other_rule_settings_get_their_own_recommendations(store_at):
    with Store.open(store_at) as store:
        store.import_file("oct.tsv", insights_tsv(month_rows("2026-10", sold=50, active=30)))
        assert computed(store, "default").recommendations.height == 0
        strict = computed(store, "default", Settings(low_usage_pct=70.0))
        assert (strict.from_cache, strict.recommendations.get_column("problem").to_list()) == (
            True,
            ["low_adoption", "low_adoption"],
        )
        assert computed(store, "default").recommendations.height == 0


def test_a_new_upload_is_never_served_the_older_frames(store_at):
    with Store.open(store_at) as store:
        store.import_file("sep.tsv", insights_tsv(month_rows("2026-09")))
        assert computed(store, "default").table.get_column("period").unique().to_list() == ["2026-09"]
        store.import_file("oct.tsv", insights_tsv(month_rows("2026-10")))
        after = computed(store, "default")
        assert after.from_cache is False
        assert store.derived_frames("default", 1, PARTS) == {}  # the older version's frames are dropped
        assert sorted(after.table.get_column("period").unique().to_list()) == ["2026-09", "2026-10"]


def test_workspaces_keep_their_own_frames(store_at):
    with Store.open(store_at) as store:
        store.import_file("a.tsv", insights_tsv(month_rows("2026-10", customers=["Contoso Ltd"])), workspace="a")
        store.import_file("b.tsv", insights_tsv(month_rows("2026-10", customers=["Fabrikam AB"])), workspace="b")
        names = {w: computed(store, w).table.get_column("customer_name").unique().to_list() for w in ("a", "b")}
        assert names == {"a": ["Contoso Ltd"], "b": ["Fabrikam AB"]}
        assert {w: computed(store, w).from_cache for w in ("a", "b")} == {"a": True, "b": True}


def test_read_only_store_computes_without_saving(store_at):
    path = store_at
    with Store.open(path) as store:
        store.import_file("oct.tsv", insights_tsv(month_rows("2026-10")))
    if isinstance(path, Path):
        os.chmod(path, 0o444)  # a file that cannot be written opens read-only
    with Store.open(path, read_only=True) as store:
        assert store.read_only is True
        assert [computed(store, "default").from_cache for _ in range(2)] == [False, False]
        assert store.derived_frames("default", store.version(), PARTS) == {}


def test_cli_import_leaves_the_frames_ready(store_at, tmp_path, capsys):
    path, export = store_at, tmp_path / "oct.tsv"
    export.write_bytes(insights_tsv(month_rows("2026-10")))
    assert run(["store", "import", str(export), "--store", str(path)]) == 0
    with Store.open(path) as store:
        assert computed(store, "default").from_cache is True


def test_frames_saved_with_flags_as_text_are_computed_again(store_at):
    import polars as pl

    with Store.open(store_at) as store:
        store.import_file("oct.tsv", insights_tsv(month_rows("2026-10")))
        first = computed(store, "default")
        old = first.table.with_columns(pl.col("flags").list.join(";"))  # as an earlier version saved it
        store.save_derived("default", store.version("default"), {"table": old})
        again = computed(store, "default")
        assert (again.from_cache, again.table.schema["flags"]) == (False, pl.List(pl.String))
        assert computed(store, "default").from_cache is True


SAMPLE = Path(__file__).resolve().parent.parent / "data"


def frames_of(portfolio):
    return [portfolio.licenses, portfolio.subscriptions, portfolio.tickets, portfolio.customers, portfolio.rejected]


@pytest.mark.parametrize(
    "name, customer",
    [
        ("insights_o365_license_usage.tsv", None),  # 7 duplicate rows rejected
        ("insights_d365_powerbi_seats.tsv", None),
        ("analytics_license_deployment.json", None),
        ("analytics_license_usage.json", None),
        ("goteborgs_akeri_active_user_detail.csv", "Göteborgs Åkeri AB"),
        ("subscriptions.csv", None),
        ("zendesk_tickets.csv", None),
    ],
)
def test_a_workspaces_only_upload_parsed_is_what_the_store_reads_back(store_at, name, customer):
    with Store.open(store_at) as store:
        parsed = []
        result = store.import_file(name, SAMPLE / name, customer=customer, workspace="w", parsed_into=parsed)
        assert (result.alone, result.version) == (True, store.version("w"))
        for ours, stored in zip(frames_of(stored_portfolio(parsed)), frames_of(store.portfolio("w")), strict=True):
            assert ours.schema == stored.schema and ours.equals(stored)


def test_cli_import_of_the_only_upload_saves_the_frames_the_stored_rows_give(store_at):
    path, export = store_at, SAMPLE / "insights_o365_license_usage.tsv"
    assert run(["store", "import", str(export), "--store", str(path)]) == 0
    with Store.open(path) as store:
        saved = store.derived_frames("default", store.version(), PARTS)
        portfolio = store.portfolio()
        table = license_table(portfolio, all_periods=True)
        assert saved["table"].equals(table) and saved["customers"].equals(portfolio.customers)
        assert saved["latest"].equals(computed(store, "default").latest)


def test_a_second_upload_or_a_later_version_reads_the_rows_back(store_at):
    with Store.open(store_at) as store:
        sep, oct_ = [], []
        first = store.import_file("sep.tsv", insights_tsv(month_rows("2026-09")), parsed_into=sep)
        second = store.import_file("oct.tsv", insights_tsv(month_rows("2026-10")), parsed_into=oct_)
        assert (first.alone, second.alone, second.version) == (True, False, 2)
        # the first upload's rows alone no longer describe version 2: the rows are read back
        both = computed(store, "default", just_imported=(first.version, sep))
        assert sorted(both.table.get_column("period").unique().to_list()) == ["2026-09", "2026-10"]

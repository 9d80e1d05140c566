"""The bundled sample portfolio (data/, written by scripts/make_sample.py): it loads with no rejected
rows but the flagged PGA duplicates, has its size and shape, shows every problem and every cause of
usage above 100% on the customers meant to show them, and regenerates byte for byte."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from adoption import cli
from adoption.ingest.customers import build_portfolio
from adoption.metrics import license_table
from adoption.recommend import PROBLEMS, recommendations
from adoption.sample import DATA_DIR, manifest, sample_as_of, sample_files
from adoption.store import Store, ensure_sample

ROOT = Path(__file__).resolve().parent.parent
INSIGHTS = DATA_DIR / "insights_o365_license_usage.tsv"
DUPLICATE = "skipped as marked duplicate (IsDuplicateRowForPGA)"
MONTHS = [
    "2025-11",
    "2025-12",
    "2026-01",
    "2026-02",
    "2026-03",
    "2026-04",
    "2026-05",
    "2026-06",
    "2026-07",
    "2026-08",
    "2026-09",
    "2026-10",
]
AWKWARD = '=HYPERLINK("x","<b>Testkund</b> & Co") AB'


@pytest.fixture(scope="module")
def files():
    return sample_files()


@pytest.fixture(scope="module")
def portfolio(files):
    return build_portfolio(files)


@pytest.fixture(scope="module")
def table(portfolio):
    return license_table(portfolio)


@pytest.fixture(scope="module")
def recs(portfolio):
    return recommendations(portfolio, as_of=sample_as_of())


def row(table: pl.DataFrame, name: str, workload: str, period: str = "2026-10") -> dict:
    found = table.filter(
        (pl.col("customer_name") == name) & (pl.col("workload") == workload) & (pl.col("period") == period)
    )
    assert found.height == 1, (name, workload, period)
    return found.row(0, named=True)


def test_manifest_lists_every_data_file_and_the_newest_ticket_date():
    listed = [entry["path"] for entry in manifest()["files"]]
    on_disk = sorted(p.name for p in DATA_DIR.iterdir() if p.is_file() and p.suffix in (".tsv", ".csv", ".json"))
    # prices.csv, ticket_keywords.csv and resources.csv are settings (a price list, keyword lists, the
    # customer report's links), not exports
    assert sorted(listed + ["sample.json", "prices.csv", "ticket_keywords.csv", "resources.csv"]) == on_disk
    assert [e.get("customer") for e in manifest()["files"] if "customer" in e] == ["Göteborgs Åkeri AB"]
    assert sample_as_of() == dt.date(2026, 10, 30)


def test_each_file_reads_as_its_export_kind(files):
    assert {f.name: f.kind for f in files} == {
        "insights_o365_license_usage.tsv": "insights_o365",
        "insights_d365_powerbi_seats.tsv": "insights_seats",
        "analytics_license_deployment.json": "api_deployment",
        "analytics_license_usage.json": "api_usage",
        "goteborgs_akeri_active_user_detail.csv": "user_detail",
        "subscriptions.csv": "subscriptions",
        "zendesk_tickets.csv": "tickets",
    }


def test_only_the_seven_flagged_pga_duplicates_are_rejected(portfolio):
    rejected = portfolio.rejected
    assert rejected.height == 7
    assert set(rejected.get_column("reason")) == {DUPLICATE}
    assert set(rejected.get_column("source_file")) == {INSIGHTS.name}


def test_150_customers_in_four_markets_over_twelve_months(portfolio):
    customers = portfolio.customers
    assert customers.height == 150
    assert customers.get_column("customer_id").n_unique() == 150
    assert set(customers.get_column("market")) == {"Sweden", "Norway", "Denmark", "Finland"}
    assert set(customers.get_column("segment")) == {"SMB", "Corporate", "Enterprise", "Public Sector"}
    assert portfolio.periods == MONTHS


def test_both_spellings_of_licenses_active_are_read(files):
    records = json.loads((DATA_DIR / "analytics_license_usage.json").read_text(encoding="utf-8"))["Value"]
    spellings = {key for r in records for key in r if key in ("licensesActive", "licenseActive")}
    assert spellings == {"licensesActive", "licenseActive"}
    usage = next(f for f in files if f.kind == "api_usage").rows
    assert usage.height == len(records)
    assert usage.get_column("active_users").null_count() == 0


def test_the_awkward_name_arrives_unchanged(portfolio):
    names = portfolio.customers.get_column("customer_name").to_list()
    assert AWKWARD in names
    assert sum("HYPERLINK" in n or "<b>" in n for n in names) == 1


@pytest.mark.parametrize(
    "name, workload, usage, flags",
    [
        ("Göteborgs Åkeri AB", "Exchange", 105.0, "usage_over_100;turnover"),
        ("Skånska Bär & Frukt AB", "Exchange", 107.4, "usage_over_100;inactive_duplicate_subscription"),
        ("Vasa Kraft & Värme Ab", "Teams", 108.9, "usage_over_100;trial_subscription"),
        ("Tromsø Havbruk AS", "Yammer", 133.6, "usage_over_100;yammer"),
        ("Jysk Vognmand A/S", "Teams", 103.9, "usage_over_100"),
    ],
)
def test_each_cause_of_usage_over_100_shows_on_its_customer(table, name, workload, usage, flags):
    found = row(table, name, workload)
    assert (found["usage_pct"], ";".join(found["flags"])) == (usage, flags)


def test_usage_over_100_only_where_the_sample_means_it(table):
    over = table.filter(pl.col("usage_pct") > 100)
    assert set(over.get_column("customer_name")) == {
        "Göteborgs Åkeri AB",
        "Skånska Bär & Frukt AB",
        "Vasa Kraft & Värme Ab",
        "Tromsø Havbruk AS",
        "Jysk Vognmand A/S",
    }
    causes = {c for flags in over.get_column("flags") for c in flags} - {"usage_of_sold", "usage_over_100"}
    assert causes == {"turnover", "inactive_duplicate_subscription", "trial_subscription", "yammer"}


def test_turnover_comes_from_deleted_users_in_the_user_detail_file(portfolio):
    exchange = portfolio.licenses.filter((pl.col("source_kind") == "user_detail") & (pl.col("workload") == "Exchange"))
    assert exchange.select("customer_name", "period", "licenses_assigned", "active_users", "deleted_active").rows() == [
        ("Göteborgs Åkeri AB", "2026-10", 60, 63, 6)
    ]
    header = (DATA_DIR / "goteborgs_akeri_active_user_detail.csv").read_bytes().split(b"\n", 1)[0]
    assert header.startswith(b"\xef\xbb\xbfReport Refresh Date,")
    assert b"Has OneDrive License" in header and b"Has SharePoint License" in header


def test_every_problem_appears(recs):
    assert set(recs.get_column("problem")) == set(PROBLEMS)


def test_support_load_names_the_three_customers_with_many_how_to_tickets(recs):
    support = recs.filter(pl.col("problem") == "high_support_load")
    assert sorted(support.get_column("customer_name")) == [
        "Køge Bugt Rådgivning ApS",
        "Uppsala Läkarhus AB",
        "Åbo Båtvarv Ab",
    ]


@pytest.mark.parametrize(
    "name, problem",
    [
        ("Fjordlys Teknikk ASA", "upsell"),
        ("Nordkalotten Gruv AB", "low_adoption"),
        ("Norrdala kommun", "low_adoption"),
        ("Järvelän kunta", "low_adoption, slipping"),  # Exchange 44.3% in 2026-07, 25.3% in 2026-10
    ],
)
def test_named_customers_get_their_problem(recs, name, problem):
    assert sorted(recs.filter(pl.col("customer_name") == name).get_column("problem").to_list()) == problem.split(", ")


def test_trends_improve_and_slip(table):
    def usage(name: str, period: str) -> float:
        return row(table, name, "Exchange", period)["usage_pct"]

    assert (
        usage("Helsingborgs Frakt & Lager AB", "2025-11") < 40 < 80 < usage("Helsingborgs Frakt & Lager AB", "2026-10")
    )
    assert usage("Nordkalotten Gruv AB", "2025-11") > 60 > 40 > usage("Nordkalotten Gruv AB", "2026-10")


def test_regenerating_writes_byte_identical_files(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_sample.py"), str(tmp_path)], check=True, cwd=tmp_path)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted([e["path"] for e in manifest()["files"]] + ["sample.json"])
    for name in written:
        assert (tmp_path / name).read_bytes() == (DATA_DIR / name).read_bytes(), name


def test_cli_metrics_reads_the_insights_file(capsys):
    assert cli.run(["metrics", str(INSIGHTS)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert (
        lines[0]
        == "customer_id,customer_name,period,workload,licenses_sold,licenses_assigned,active_users,deployment_pct,usage_pct,flags"
    )
    assert (
        len(lines) - 1
        == pl.read_csv(INSIGHTS, separator="\t")
        .filter(
            (pl.col("Month") == "2026-10-01")
            & (pl.col("IsDuplicateRowForPGA") == 0)
            & ~pl.col("WorkloadName").is_in(["OneDrive for Business"])
        )
        .height
    )
    assert len(err.splitlines()) == 7 and all(DUPLICATE in line for line in err.splitlines())


def test_the_sample_fills_the_stores_sample_workspace(tmp_path):
    with Store.open(tmp_path / "adoption.duckdb") as store:
        ensure_sample(store)
        stored = store.portfolio("sample")
    assert (stored.customers.height, stored.periods, stored.rejected.height) == (150, MONTHS, 7)

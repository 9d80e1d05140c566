"""A customer's licenses counted once, as a person counts them by hand from real-looking exports:
Office 365 workload rows describe the same licenses (the largest row, never the sum), analytics API
suite products are those licenses again, Dynamics 365 / Power BI seats add up, active user detail
gives the exact union of users; portfolio totals add customers; the CLI prints the same figures."""

from __future__ import annotations

import csv
import io
import json

import polars as pl

from adoption.cli import run
from adoption.customer_figures import customer_figures, portfolio_totals
from adoption.ingest.customers import build_portfolio
from adoption.ingest.readers import read_file
from adoption.metrics import latest_per_workload, license_table
from export_fixtures import (
    CONTOSO,
    FABRIKAM,
    INSIGHTS_O365,
    INSIGHTS_SEATS,
    api_deployment_record,
    delimited,
    insights_o365_row,
    insights_seats_row,
    user,
    user_detail,
    value_json,
)

KALMAR = "Kalmar Frakt AB"  # 64 seats of Microsoft 365 Business Standard, some Dynamics 365 and Power BI
FIGURES = ["licenses_sold", "licenses_assigned", "active_users", "unused_licenses", "deployment_pct", "usage_pct"]


def insights() -> bytes:
    rows = [
        insights_o365_row(CONTOSO, KALMAR, w, "2026-10-01", 64, active)
        for w, active in [
            ("Exchange Online", 58),
            ("SharePoint Online", 40),
            ("OneDrive for Business", 45),
            ("Microsoft Teams", 61),
            ("Skype for Business Online", 3),
            ("Yammer", 20),
        ]
    ]
    rows += [insights_o365_row(CONTOSO, KALMAR, "Exchange Online", "2026-09-01", 64, 57)]
    return delimited(INSIGHTS_O365, rows, sep="\t")


def deployment() -> bytes:
    return value_json([api_deployment_record(CONTOSO, KALMAR, "Microsoft 365 Business Standard", 64, 60)])


def seats() -> bytes:
    return delimited(
        INSIGHTS_SEATS,
        [
            insights_seats_row(CONTOSO, KALMAR, "Dynamics 365 Sales Enterprise", "2026-10-01", 10, 8, 6),
            insights_seats_row(CONTOSO, KALMAR, "Power BI Pro", "2026-10-01", 5, 5, 4),
        ],
        sep="\t",
    )


def tailspin_detail() -> bytes:
    """Four users: anna (Exchange + Teams, active in Exchange), bo (Teams, active), cecilia (Exchange,
    never active), dan (deleted, Exchange, still active: turnover)."""
    return user_detail(
        [
            user("anna@tailspin.se", licensed=("Exchange", "Teams"), active={"Exchange": "2026-10-30"}),
            user("bo@tailspin.se", licensed=("Teams",), active={"Teams": "2026-10-21"}),
            user("cecilia@tailspin.se", licensed=("Exchange",)),
            user("dan@tailspin.se", deleted=True, licensed=("Exchange",), active={"Exchange": "2026-10-12"}),
        ]
    )


def loaded(*files: tuple[str, bytes, str | None]):
    parsed = [part for name, data, customer in files for part in read_file(name, data, customer=customer)]
    portfolio = build_portfolio(parsed)
    return portfolio, license_table(portfolio)


def figures_of(table: pl.DataFrame) -> dict[str, tuple]:
    found = customer_figures(latest_per_workload(table)).join(table.select("key", "customer_name").unique(), on="key")
    return {row[0]: row[1:] for row in found.select("customer_name", "period", *FIGURES).rows()}


def test_workload_rows_of_one_customer_are_the_same_licenses():
    _, table = loaded(("insights.tsv", insights(), None))
    # by hand: 64 licenses; the busiest workload (Teams) has 61 active users; 3 unused
    assert figures_of(table) == {KALMAR: ("2026-10", 64, None, 61, 3, None, 95.3)}


def test_suite_products_are_the_same_licenses_and_other_products_add_up():
    _, table = loaded(
        ("insights.tsv", insights(), None), ("deployment.json", deployment(), None), ("seats.tsv", seats(), None)
    )
    # Office 365: 64 sold (Insights and the API agree), 60 assigned (API), 61 active (Teams);
    # Dynamics 365 Sales 10 / 8 / 6 and Power BI Pro 5 / 5 / 4 are licenses of their own.
    # Unused: (64 - 61) + (10 - 6) + (5 - 4); Deployment 73 / 79; Usage 71 / 73.
    assert figures_of(table) == {KALMAR: ("2026-10", 64 + 10 + 5, 60 + 8 + 5, 61 + 6 + 4, 3 + 4 + 1, 92.4, 97.3)}


def test_active_user_detail_gives_the_exact_union_of_users():
    _, table = loaded(("detail.csv", tailspin_detail(), "Tailspin Toys AB"))
    rows = table.filter(pl.col("licenses_assigned") > 0).select("workload", "licenses_assigned", "active_users")
    assert rows.sort("workload").rows() == [
        ("Exchange", 2, 2),
        ("Teams", 2, 1),
    ]  # the largest workload: 2 assigned, 2 active
    # but by hand there are 3 licensed users (anna, bo, cecilia) and 3 active (anna, bo, dan the leaver)
    assert figures_of(table) == {"Tailspin Toys AB": ("2026-10", None, 3, 3, 0, None, 100.0)}


def test_portfolio_totals_add_customers():
    _, table = loaded(
        ("insights.tsv", insights(), None),
        ("deployment.json", deployment(), None),
        ("seats.tsv", seats(), None),
        ("detail.csv", tailspin_detail(), "Tailspin Toys AB"),
    )
    totals = portfolio_totals(latest_per_workload(table))
    # Kalmar 79 sold / 73 assigned / 71 active / 8 unused; Tailspin no sold figure, 3 / 3 / 0.
    # Deployment over customers' pools with both figures: 73 / 79; Usage 74 / 76.
    assert totals == {
        "customers": 2,
        "licenses_sold": 79,
        "licenses_assigned": 76,
        "active_users": 74,
        "unused_licenses": 8,
        "deployment_pct": 92.4,
        "usage_pct": 97.4,
    }


def test_a_workload_last_reported_earlier_does_not_count_in_the_latest_month():
    rows = [
        insights_o365_row(FABRIKAM, "Fabrikam AB", "Exchange Online", "2026-10-01", 40, 30),
        insights_o365_row(FABRIKAM, "Fabrikam AB", "Yammer", "2026-09-01", 40, 90),
    ]
    _, table = loaded(("insights.tsv", delimited(INSIGHTS_O365, rows, sep="\t"), None))
    assert figures_of(table) == {"Fabrikam AB": ("2026-10", 40, None, 30, 10, None, 75.0)}


def test_a_portfolio_without_license_rows_has_empty_totals():
    _, table = loaded(("detail.csv", tailspin_detail(), "Tailspin Toys AB"))
    assert portfolio_totals(latest_per_workload(table.head(0)))["customers"] == 0


def write(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_cli_customers_prints_one_row_per_customer(tmp_path, capsys):
    files = [
        write(tmp_path, "insights.tsv", insights()),
        write(tmp_path, "deployment.json", deployment()),
        write(tmp_path, "seats.tsv", seats()),
    ]
    assert run(["customers", *files]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        "customer_id,customer_name,period,licenses_sold,licenses_assigned,active_users,"
        "unused_licenses,deployment_pct,usage_pct,problems,health_score,health_band,"
        "weakest_workload,weakest_usage_pct,usage_change,unassigned_value,upgrade_value,currency,segment,market"
    )
    assert list(csv.DictReader(io.StringIO(out))) == [
        {
            "customer_id": CONTOSO,
            "customer_name": KALMAR,
            "period": "2026-10",
            "licenses_sold": "79",
            "licenses_assigned": "73",
            "active_users": "71",
            "unused_licenses": "8",
            "deployment_pct": "92.4",
            # health: Deployment 92.4% 25 of 25; Usage, the mean of Exchange 90.6, SharePoint 70.3, Teams 95.3 and
            # Yammer 31.3 = 71.9%: (71.9 - 40) / 40 x 40 = 31.9 of 40; no trend (two months) and no helpdesk
            # export: 56.9 of 65 possible = 88
            "usage_pct": "97.3",
            "problems": "low_adoption",
            "health_score": "88",
            "health_band": "healthy",
            # healthy on the mean, yet one workload is low: named beside the score
            "weakest_workload": "Yammer",
            "weakest_usage_pct": "31.3",
            # money (data/prices.csv, EUR a month): unassigned (64 - 60) x 11.70 Business Standard + (10 - 8) x 98.00
            # Sales Enterprise = 242.8; upgrade 60 x (20.60 - 11.70) + 8 x (126.60 - 98.00) + 5 x (22.50 - 13.10) = 809.8
            "usage_change": "",
            "unassigned_value": "243",
            "upgrade_value": "810",
            "currency": "EUR",
            "segment": "SMB",
            "market": "Sweden",
        }
    ]


def test_cli_customers_json_lists_problems(tmp_path, capsys):
    assert run(["customers", write(tmp_path, "insights.tsv", insights()), "--format", "json"]) == 0
    [record] = json.loads(capsys.readouterr().out)
    # Yammer 20 of 64 (31.3%) is low; Skype for Business (4.7%) is retired and not judged
    assert (record["licenses_sold"], record["active_users"], record["problems"]) == (64, 61, ["low_adoption"])


def test_cli_customers_from_a_store(tmp_path, capsys):
    store = str(tmp_path / "s.duckdb")
    assert (
        run(["store", "import", write(tmp_path, "insights.tsv", insights()), "--store", store, "--workspace", "team"])
        == 0
    )
    capsys.readouterr()
    assert run(["customers", "--store", store, "--workspace", "team"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["customer_name"], r["licenses_sold"], r["active_users"]) for r in rows] == [(KALMAR, "64", "61")]

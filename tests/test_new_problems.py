"""'New this month' markers: a problem is new when the periods before the latest (and the tickets
one window earlier) did not show it; with one period nothing is new."""

import datetime as dt

import polars as pl

from adoption.ingest.customers import build_portfolio
from adoption.ingest.readers import read_file
from adoption.metrics import license_table
from adoption.new_problems import ACTION_KINDS, new_problems
from adoption.recommend import Settings, recommendations
from export_fixtures import CONTOSO, FABRIKAM, INSIGHTS_O365, NORTHWIND, delimited, insights_o365_row

LITWARE = "5e6f7081-92a3-4e4f-9051-c6d7e8f90a12"
WOODGROVE = "6f708192-a3b4-4f50-8162-d7e8f90a1b23"
NAMES = {
    CONTOSO: "Contoso Göteborg AB",
    FABRIKAM: "Fabrikam Oy",
    NORTHWIND: "Northwind Traders",
    LITWARE: "Litware Inc",
    WOODGROVE: "Woodgrove Bank",
}
TICKETS = ["id", "organization", "type", "created_at", "status"]


def insights(rows) -> tuple[str, bytes]:
    """rows: (tenant, month, workload, sold, active)."""
    return "insights.tsv", delimited(
        INSIGHTS_O365,
        [
            insights_o365_row(t, NAMES[t], workload, f"{month}-01", sold, active)
            for t, month, workload, sold, active in rows
        ],
        sep="\t",
    )


def zendesk(rows) -> tuple[str, bytes]:
    """rows: (tenant, type, created date, how many)."""
    lines = []
    for tenant, kind, created, count in rows:
        lines += [[len(lines) + i + 1, NAMES[tenant], kind, f"{created}T10:00:00Z", "solved"] for i in range(count)]
    return "zendesk.csv", delimited(TICKETS, lines)


TWO_MONTHS = insights(
    [
        (CONTOSO, "2026-09", "Exchange", 100, 90),
        (CONTOSO, "2026-09", "Teams", 100, 20),  # low both months
        (CONTOSO, "2026-10", "Exchange", 100, 90),
        (CONTOSO, "2026-10", "Teams", 100, 25),
        (FABRIKAM, "2026-09", "Exchange", 50, 45),
        (FABRIKAM, "2026-09", "Teams", 50, 44),  # upsell, then low
        (FABRIKAM, "2026-10", "Exchange", 50, 45),
        (FABRIKAM, "2026-10", "Teams", 50, 10),
        (NORTHWIND, "2026-09", "Exchange", 40, 38),
        (NORTHWIND, "2026-10", "Exchange", 40, 39),  # upsell both
        (LITWARE, "2026-09", "Exchange", 60, 6),  # low, no October export
        (WOODGROVE, "2026-10", "Exchange", 80, 8),  # first seen in October, low
    ]
)
TICKETS_TWO_WINDOWS = zendesk(
    [
        (CONTOSO, "How-to question", "2026-10-20", 6),  # 6 per 100 in October's window only
        (NORTHWIND, "question", "2026-09-20", 3),
        (NORTHWIND, "question", "2026-10-20", 3),  # 7.5 per 100 in both
    ]
)


def marked(*files, settings=None, as_of=None) -> list[tuple]:
    portfolio = build_portfolio([p for name, data in files for p in read_file(name, data)])
    table = license_table(portfolio)
    recs = recommendations(portfolio, settings, as_of=as_of, table=table)
    new = new_problems(portfolio, table, recs, settings, as_of)
    assert new.name == "new" and new.dtype == pl.Boolean and new.len() == recs.height
    return sorted(zip(recs.get_column("customer_name"), recs.get_column("problem"), new))


def test_new_when_absent_on_the_earlier_periods():
    assert marked(TWO_MONTHS) == [
        ("Contoso Göteborg AB", "low_adoption", False),
        ("Fabrikam Oy", "low_adoption", True),
        ("Litware Inc", "low_adoption", False),
        ("Northwind Traders", "upsell", False),
        ("Woodgrove Bank", "low_adoption", True),
    ]


def test_support_load_new_when_the_earlier_window_was_quiet():
    assert marked(TWO_MONTHS, TICKETS_TWO_WINDOWS, as_of=dt.date(2026, 10, 31)) == [
        ("Contoso Göteborg AB", "high_support_load", True),
        ("Contoso Göteborg AB", "low_adoption", False),
        ("Fabrikam Oy", "low_adoption", True),
        ("Litware Inc", "low_adoption", False),
        ("Northwind Traders", "high_support_load", False),
        ("Northwind Traders", "upsell", False),
        ("Woodgrove Bank", "low_adoption", True),
    ]


def test_support_load_window_defaults_to_the_newest_ticket():
    assert marked(TWO_MONTHS, TICKETS_TWO_WINDOWS) == marked(
        TWO_MONTHS, TICKETS_TWO_WINDOWS, as_of=dt.date(2026, 10, 20)
    )


def test_thresholds_come_from_settings_on_both_sides():
    strict = Settings(low_usage_pct=95.0)  # Fabrikam's September Exchange (90%) was already low
    assert marked(TWO_MONTHS, settings=strict) == [
        ("Contoso Göteborg AB", "low_adoption", False),
        ("Fabrikam Oy", "low_adoption", False),
        ("Litware Inc", "low_adoption", False),
        ("Northwind Traders", "upsell", False),
        ("Woodgrove Bank", "low_adoption", True),
    ]
    lenient = Settings(low_usage_pct=20.0)  # Contoso (25%) and Fabrikam (20%) are no longer low
    assert marked(TWO_MONTHS, settings=lenient) == [
        ("Litware Inc", "low_adoption", False),
        ("Northwind Traders", "upsell", False),
        ("Woodgrove Bank", "low_adoption", True),
    ]


def test_nothing_is_new_with_one_period():
    october = insights([(CONTOSO, "2026-10", "Teams", 100, 25), (NORTHWIND, "2026-10", "Exchange", 40, 39)])
    assert marked(october, TICKETS_TWO_WINDOWS) == [
        ("Contoso Göteborg AB", "high_support_load", False),
        ("Contoso Göteborg AB", "low_adoption", False),
        ("Northwind Traders", "high_support_load", False),
        ("Northwind Traders", "upsell", False),
    ]


def test_no_recommendations_gives_an_empty_marker():
    portfolio = build_portfolio(read_file(*TWO_MONTHS))
    table = license_table(portfolio)
    none = recommendations(portfolio, table=table).head(0)
    new = new_problems(portfolio, table, none)
    assert new.to_list() == [] and new.dtype == pl.Boolean


def test_markers_follow_the_order_of_the_recommendations():
    portfolio = build_portfolio(read_file(*TWO_MONTHS))
    table = license_table(portfolio)
    recs = recommendations(portfolio, table=table)
    backwards = recs.reverse()
    assert (
        new_problems(portfolio, table, backwards).to_list() == new_problems(portfolio, table, recs).reverse().to_list()
    )


def test_action_kinds_name_the_playbooks_actions():
    assert ACTION_KINDS == [
        "Contacted",
        "Training (in person)",
        "Training (online)",
        "Case study or customer story sent",
        "Tutorials, blogs or videos sent",
        "Self-service support promoted",
        "Upsell offer",
        "Other",
    ]

"""The health score and the slipping problem on a real-looking 12-month Insights export plus a Zendesk
export: the exact points of each component, the bands, and slipping caught while usage is still above
the low-adoption threshold."""

from __future__ import annotations

import datetime as dt

import polars as pl

from adoption.health import headline, health_scores, why
from adoption.ingest.customers import build_portfolio
from adoption.ingest.readers import read_file
from adoption.metrics import license_table
from adoption.recommend import Settings, recommendations
from export_fixtures import CANONICAL, CONTOSO, FABRIKAM, INSIGHTS_O365, delimited, insights_o365_row
from store_fixtures import zendesk_export

MONTHS = [f"2026-{m:02d}-01" for m in range(1, 11)]
# Contoso (100 seats) holds up at 85-90% in Exchange and Teams until July, then Teams falls to 62% by
# October: still above the 40% low threshold, but 26 points down against July. Fabrikam is steady.
CONTOSO_TEAMS = [88, 89, 90, 88, 89, 90, 88, 80, 70, 62]


def export() -> bytes:
    rows = []
    for month, teams in zip(MONTHS, CONTOSO_TEAMS):
        rows += [
            insights_o365_row(CONTOSO, "Contoso Ltd", "Exchange Online", month, 100, 86),
            insights_o365_row(CONTOSO, "Contoso Ltd", "Microsoft Teams", month, 100, teams),
            insights_o365_row(FABRIKAM, "Fabrikam AB", "Exchange Online", month, 50, 45),
            insights_o365_row(FABRIKAM, "Fabrikam AB", "Microsoft Teams", month, 50, 44),
        ]
    return delimited(INSIGHTS_O365, rows, sep="\t")


def tickets() -> bytes:
    return zendesk_export(
        [
            (9000 + i, "Fabrikam AB", "question", "How do I share my calendar?", f"2026-10-{d:02d}", "open")
            for i, d in enumerate((5, 12, 19))
        ]
    )


def loaded():
    portfolio = build_portfolio(read_file("usage.tsv", export()) + read_file("zendesk.csv", tickets()))
    return portfolio, license_table(portfolio)


def scores(settings: Settings = Settings()) -> dict[str, tuple]:
    portfolio, table = loaded()
    found = health_scores(table, portfolio.tickets, dt.date(2026, 10, 19), settings).join(
        portfolio.customers.select("key", "customer_name"), on="key"
    )
    return {r["customer_name"]: r for r in found.to_dicts()}


def test_slipping_is_called_out_while_usage_is_still_above_the_low_threshold():
    portfolio, table = loaded()
    recs = recommendations(portfolio, table=table).filter(pl.col("customer_name") == "Contoso Ltd")
    assert recs.select("problem", "priority", "evidence").rows() == [
        # 26 points of 100 licensed users: 26 users stopped
        ("slipping", 26, "Teams usage fell from 88.0% (2026-07) to 62.0% (2026-10), -26.0 points")
    ]


def test_slipping_follows_its_settings():
    portfolio, table = loaded()
    strict = recommendations(portfolio, Settings(slipping_points=30.0), table=table)
    assert "slipping" not in strict.get_column("problem").to_list()
    # against one month earlier Teams fell 8 points (70 -> 62): not slipping; with a 5-point threshold it is
    assert "slipping" not in recommendations(portfolio, Settings(slipping_periods=1), table=table)["problem"].to_list()
    sensitive = recommendations(portfolio, Settings(slipping_periods=1, slipping_points=5.0), table=table)
    assert sensitive.filter(pl.col("problem") == "slipping").get_column("evidence").to_list() == [
        "Teams usage fell from 70.0% (2026-09) to 62.0% (2026-10), -8.0 points"
    ]


def test_health_points_per_component():
    contoso, fabrikam = scores()["Contoso Ltd"], scores()["Fabrikam AB"]
    # Contoso: no assigned figure (Insights), so no Deployment component; Usage mean (86 + 62) / 2 = 74%:
    # (74 - 40) / 40 x 40 = 34 of 40; trend: the customer's Usage % (its largest workload) went from 88%
    # (Teams, July) to 86% (Exchange, October), -2 points: 15 x (1 - 2 / 15) = 13 of 15; no tickets, 20 of 20;
    # (34 + 13 + 20) / 75 = 89
    assert (
        contoso["deployment_points"],
        contoso["usage_points"],
        contoso["trend_points"],
        contoso["support_points"],
    ) == (None, 34.0, 13.0, 20.0)
    assert (contoso["health_score"], contoso["health_band"]) == (89, "healthy")
    # Fabrikam: Usage (90 + 88) / 2 = 89%: 40 of 40; flat: 15; 3 help tickets per 50 users = 6.0 per 100:
    # 20 x (1 - 6 / 10) = 8 of 20; (40 + 15 + 8) / 75 = 84
    assert (
        fabrikam["usage_points"],
        fabrikam["trend_points"],
        fabrikam["help_per_100"],
        fabrikam["support_points"],
    ) == (40.0, 15.0, 6.0, 8.0)
    assert (fabrikam["health_score"], fabrikam["health_band"]) == (84, "healthy")


def test_health_bands_and_weights_come_from_the_settings():
    fabrikam = scores(Settings(health_healthy_from=90.0))["Fabrikam AB"]
    assert fabrikam["health_band"] == "watch"
    support_heavy = scores(Settings(health_support_points=100.0))["Fabrikam AB"]
    # (40 + 15 + 40) / 155 = 61
    assert (support_heavy["support_points"], support_heavy["health_score"]) == (40.0, 61)


def test_why_names_each_components_figure():
    assert why(scores()["Fabrikam AB"]) == [
        ("Deployment %", None, 25.0, "unknown"),
        ("Usage %", 40.0, 40.0, "89.0% active, mean of the judged workloads; weakest: Teams 88.0%"),
        ("Trend", 15.0, 15.0, "Usage % +0.0 points against 3 months earlier"),
        ("Support load", 8.0, 20.0, "6.0 help/how-to tickets per 100 licensed users"),
    ]


def test_the_weakest_judged_workload_is_named_beside_the_score():
    # Contoso in October: Exchange 86 of 100, Teams 62 of 100 (mean 74.0%)
    contoso = scores()["Contoso Ltd"]
    assert (contoso["usage_pct"], contoso["weakest_workload"], contoso["weakest_usage_pct"]) == (74.0, "Teams", 62.0)
    assert (
        headline(contoso)
        == f"Health {contoso['health_score']} of 100: {contoso['health_band']} · weakest workload Teams 62.0%"
    )
    assert why(contoso)[1][3] == "74.0% active, mean of the judged workloads; weakest: Teams 62.0%"


def test_a_customer_with_only_active_users_has_no_score_rather_than_an_error():
    # nothing sold or assigned, so no Deployment % or Usage %, no trend, no helpdesk export: nothing to score
    export = delimited(CANONICAL, [[CONTOSO, "Contoso Ltd", "2026-10", "Exchange", None, None, 0]])
    portfolio = build_portfolio(read_file("mine.csv", export))
    scores = health_scores(license_table(portfolio), portfolio.tickets, None)
    assert scores.select("key", "health_score", "health_band").rows() == [(CONTOSO, None, None)]

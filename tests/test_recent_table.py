"""trends.recent_table (issue 14): the all-period table worked out from each customer's last months only gives
the latest figures, the rules, the health score and the windows exactly what the whole table gives them, on
generated portfolios with gaps, months without a Usage %, stale workloads and OneDrive beside SharePoint;
and on a year without gaps it does leave the older months out. trends.recent_rows takes the same rows from a
whole table."""

from __future__ import annotations

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from adoption.customer_figures import customer_figures
from adoption.health import health_scores
from adoption.ingest.customers import build_portfolio
from adoption.ingest.readers import read_file
from adoption.metrics import latest_per_workload, license_table
from adoption.money import price_list, values
from adoption.recommend import default_as_of, recommendations
from adoption.settings import Settings
from adoption.trends import recent_rows, recent_table, slipping_workloads, usage_trend
from adoption.views import customer_table
from export_fixtures import CANONICAL, delimited

CUSTOMERS = [
    ("0ed90475-e8e2-481e-8099-6f031600a35a", "Kvarnhavs Revision AB"),
    ("1ab90475-e8e2-481e-8099-6f031600a35b", "Malmö Bygg AB"),
    ("Nordlys AS", "Nordlys AS"),
]
PERIODS = [f"2025-{m:02d}" for m in range(9, 13)] + [f"2026-{m:02d}" for m in range(1, 11)]
WORKLOADS = ["Exchange", "SharePoint", "OneDrive", "Teams", "Yammer", "Skype for Business", "Microsoft 365 E3"]
FIGURES = st.one_of(st.none(), st.integers(0, 40))


def portfolio_of(rows: list[list[object]]):
    return build_portfolio(read_file("mine.csv", delimited(CANONICAL, rows)))


def by_key(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(pl.all())


def test_a_year_without_gaps_is_read_from_its_last_months(tmp_path):
    rows = [
        [tenant, name, period, workload, 50, 40, 30 + i % 7]
        for tenant, name in CUSTOMERS
        for i, period in enumerate(PERIODS)
        for workload in ("Exchange", "Teams")
    ]
    portfolio = portfolio_of(rows)
    recent = recent_table(portfolio, Settings(slipping_periods=3))
    assert sorted(recent.get_column("period").unique().to_list()) == PERIODS[-4:]
    assert recent.height == len(CUSTOMERS) * 4 * 2


@st.composite
def exports(draw) -> list[list[object]]:
    """Per customer: some months; workloads reported every month with full figures (so its windows are complete
    unless more rows say otherwise), workloads reported in some of them, and a few more rows of any workload in
    any of its months, figures or not."""
    rows = []
    for tenant, name in draw(st.lists(st.sampled_from(CUSTOMERS), min_size=1, max_size=3, unique=True)):
        periods = draw(st.lists(st.sampled_from(PERIODS), min_size=1, max_size=9, unique=True))
        steady = draw(st.lists(st.sampled_from(WORKLOADS), min_size=1, max_size=3, unique=True))
        for period in periods:
            for workload in steady:
                sold = draw(st.integers(1, 40))
                rows.append(
                    [tenant, name, period, workload, sold, draw(st.integers(1, sold)), draw(st.integers(0, 45))]
                )
        others = [w for w in WORKLOADS if w not in steady]
        for workload in draw(st.lists(st.sampled_from(others), max_size=2, unique=True)):  # reported some months
            for period in draw(st.lists(st.sampled_from(periods), min_size=1, unique=True)):
                rows.append([tenant, name, period, workload, 30, 30, draw(st.integers(0, 30))])
            others.remove(workload)
        more = st.tuples(st.sampled_from(periods), st.sampled_from(others or WORKLOADS))
        for period, workload in draw(st.lists(more, max_size=4, unique=True)):
            rows.append([tenant, name, period, workload, draw(FIGURES), draw(FIGURES), draw(FIGURES)])
    return rows


@given(rows=exports(), back=st.integers(1, 3))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_what_the_latest_rows_and_windows_read_is_the_same_as_from_the_whole_table(rows, back):
    rules = Settings(slipping_periods=back, slipping_points=5, min_licenses=1)
    portfolio = portfolio_of(rows)
    whole, recent = license_table(portfolio), recent_table(portfolio, rules)
    as_of = default_as_of(portfolio.tickets)
    assert_frame_equal(latest_per_workload(recent), latest_per_workload(whole))
    assert_frame_equal(by_key(usage_trend(recent, rules)), by_key(usage_trend(whole, rules)))
    assert_frame_equal(slipping_workloads(recent, rules), slipping_workloads(whole, rules))
    health = health_scores(whole, portfolio.tickets, as_of, rules)
    assert_frame_equal(by_key(health_scores(recent, portfolio.tickets, as_of, rules)), by_key(health))
    recs = recommendations(portfolio, rules, table=whole)
    assert_frame_equal(recommendations(portfolio, rules, table=recent), recs)
    worth = values(latest_per_workload(whole), price_list())
    assert_frame_equal(values(latest_per_workload(recent), price_list()).sort("key"), worth.sort("key"))
    expected = customer_table(portfolio.customers, whole, recs, health, worth, "EUR")
    assert_frame_equal(customer_table(portfolio.customers, recent, recs, health, worth, "EUR"), expected)
    assert_frame_equal(
        by_key(customer_figures(latest_per_workload(recent))), by_key(customer_figures(latest_per_workload(whole)))
    )
    # the same rows taken from the whole table (the store's frames), and so for the months before the latest one
    # (what new_problems judges again)
    assert_frame_equal(recent_rows(whole, rules), recent)
    earlier = whole.filter(pl.col("period") < whole.get_column("period").max())
    assert_frame_equal(
        recommendations(portfolio, rules, table=recent_rows(earlier, rules)),
        recommendations(portfolio, rules, table=earlier),
    )


def test_a_workload_missing_one_of_the_last_months_is_judged_on_its_older_months_too():
    # Teams is not reported for 2026-09: its window of 4 stored months reaches back to 2026-06, before the
    # last 4 months of the customer, and shows it slipping from 90% to 40%
    tenant, name = CUSTOMERS[0]
    teams = {"2026-05": 25, "2026-06": 27, "2026-07": 26, "2026-08": 20, "2026-10": 12}
    rows = [[tenant, name, p, "Exchange", 30, 30, 27] for p in PERIODS[-6:]]
    rows += [[tenant, name, p, "Teams", 30, 30, active] for p, active in teams.items()]
    portfolio = portfolio_of(rows)
    rules = Settings(slipping_periods=3)
    slipping = slipping_workloads(recent_table(portfolio, rules), rules)
    assert slipping.select("workload", "period_from", "period_to", "usage_change").rows() == [
        ("Teams", "2026-06", "2026-10", -50.0)
    ]
    assert slipping.equals(slipping_workloads(license_table(portfolio), rules))


def test_an_unjudged_workload_last_reported_before_the_recent_months_keeps_its_latest_row():
    # Skype for Business (not judged by default) was last reported in 2026-04: its latest row is older than the
    # last 4 months, so the customer's older months are kept, from the portfolio or from the whole table alike
    tenant, name = CUSTOMERS[0]
    rows = [[tenant, name, p, "Exchange", 30, 30, 27] for p in PERIODS[-6:]]
    rows += [[tenant, name, "2026-04", "Skype for Business", 20, 18, 3]]
    portfolio = portfolio_of(rows)
    rules = Settings(slipping_periods=3)
    whole = license_table(portfolio)
    for table in (recent_table(portfolio, rules), recent_rows(whole, rules)):
        latest = latest_per_workload(table).select("workload", "period", "licenses_sold").sort("workload").rows()
        assert latest == [("Exchange", "2026-10", 30), ("Skype for Business", "2026-04", 20)]

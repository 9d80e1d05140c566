"""One customer's insights: latest rows, the long shapes the charts take, portfolio medians, the
explanation of usage above 100%, support load in its window, trend rows with their basis and the
printable action plan (every piece of data escaped)."""

import datetime as dt

import polars as pl
import pytest

from adoption import customer_view as cv
from adoption.ingest.customers import build_portfolio
from adoption.ingest.readers import read_file
from adoption.metrics import license_table
from adoption.recommend import PLAYBOOKS, Settings, recommendations
from export_fixtures import (
    CONTOSO,
    FABRIKAM,
    INSIGHTS_O365,
    NORTHWIND,
    SUBSCRIPTIONS_PORTAL,
    delimited,
    insights_o365_row,
    user,
    user_detail,
)

HEADER = ["customer_id", "customer_name", "period", "workload", "licenses_sold", "licenses_assigned", "active_users"]
TICKETS = ["id", "organization", "type", "created_at", "status"]
NAMES = {CONTOSO: "Contoso Göteborg AB", FABRIKAM: "Fabrikam Oy", NORTHWIND: "Northwind Traders"}


def table_of(*files: tuple) -> pl.DataFrame:
    parsed = []
    for name, data, *customer in files:
        parsed += read_file(name, data, customer=customer[0] if customer else None)
    return license_table(build_portfolio(parsed))


def canonical(rows) -> tuple[str, bytes]:
    """rows: (tenant, period, workload, sold, assigned, active)."""
    return "licenses.csv", delimited(HEADER, [[t, NAMES[t], *rest] for t, *rest in rows])


@pytest.fixture(scope="module")
def portfolio():
    return table_of(
        canonical(
            [
                (CONTOSO, "2026-09", "Teams", 100, 80, 30),
                (CONTOSO, "2026-10", "Teams", 100, 90, 45),
                (CONTOSO, "2026-10", "Power BI Pro", 20, 10, ""),
                (CONTOSO, "2026-10", "Exchange", 100, 95, 90),
                (CONTOSO, "2026-09", "Yammer", 100, 95, 20),
                (FABRIKAM, "2026-10", "Exchange", 50, 50, 35),
                (FABRIKAM, "2026-10", "Teams", 50, 50, 30),
                (NORTHWIND, "2026-10", "Exchange", 10, 5, 5),
            ]
        )
    )


@pytest.fixture(scope="module")
def contoso(portfolio):
    return portfolio.filter(pl.col("key") == CONTOSO)


# ---- latest rows and the chart shapes


def test_latest_is_each_workloads_latest_in_the_usual_order(contoso):
    assert cv.latest(contoso).select("period", "workload").rows() == [
        ("2026-10", "Exchange"),
        ("2026-10", "Teams"),
        ("2026-09", "Yammer"),
        ("2026-10", "Power BI Pro"),
    ]


def test_figures_long_drops_unknown_figures(contoso):
    assert cv.figures_long(cv.latest(contoso)).rows() == [
        ("Exchange", "Sold", 100),
        ("Teams", "Sold", 100),
        ("Yammer", "Sold", 100),
        ("Power BI Pro", "Sold", 20),
        ("Exchange", "Assigned", 95),
        ("Teams", "Assigned", 90),
        ("Yammer", "Assigned", 95),
        ("Power BI Pro", "Assigned", 10),
        ("Exchange", "Active", 90),
        ("Teams", "Active", 45),
        ("Yammer", "Active", 20),
    ]


def test_percent_long_with_bands(contoso):
    assert cv.percent_long(cv.latest(contoso)).rows() == [
        ("Exchange", "Deployment %", 95.0, "healthy"),
        ("Teams", "Deployment %", 90.0, "healthy"),
        ("Yammer", "Deployment %", 95.0, "healthy"),
        ("Power BI Pro", "Deployment %", 50.0, "low"),
        ("Exchange", "Usage %", 94.7, "healthy"),
        ("Teams", "Usage %", 50.0, "fair"),
        ("Yammer", "Usage %", 21.1, "low"),
    ]


def test_percent_long_bands_follow_settings(contoso):
    bands = cv.percent_long(cv.latest(contoso), Settings(low_usage_pct=55.0, upsell_usage_pct=95.0))
    assert bands.filter(pl.col("metric") == "Usage %").select("workload", "band").rows() == [
        ("Exchange", "fair"),
        ("Teams", "low"),
        ("Yammer", "low"),
    ]


def test_portfolio_medians_of_latest_values(portfolio):
    medians = cv.portfolio_medians(cv.latest(portfolio), ["Exchange", "Teams"])
    assert sorted(medians.rows()) == [
        ("Exchange", "Deployment %", 95.0),
        ("Exchange", "Usage %", 94.7),
        ("Teams", "Deployment %", 95.0),
        ("Teams", "Usage %", 55.0),
    ]


def test_portfolio_medians_skip_unknown_values_and_absent_workloads(portfolio):
    medians = cv.portfolio_medians(cv.latest(portfolio), ["Yammer", "Power BI Pro", "SharePoint"])
    assert sorted(medians.rows()) == [
        ("Power BI Pro", "Deployment %", 50.0),
        ("Yammer", "Deployment %", 95.0),
        ("Yammer", "Usage %", 21.1),
    ]


# ---- usage above 100 %


def test_over_100_names_turnover_with_the_deleted_users():
    rows = [
        user(
            "anna@contoso.se", licensed=("Exchange", "Teams"), active={"Exchange": "2026-10-30", "Teams": "2026-10-30"}
        ),
        user("bo@contoso.se", licensed=("Exchange",), active={"Exchange": "2026-10-29"}),
        user(
            "left@contoso.se",
            deleted=True,
            deleted_date="2026-10-10",
            licensed=("Exchange",),
            active={"Exchange": "2026-10-09"},
        ),
        user(
            "gone@contoso.se",
            deleted=True,
            deleted_date="2026-10-12",
            licensed=("Exchange",),
            active={"Exchange": "2026-10-11"},
        ),
    ]
    table = table_of(("users.csv", user_detail(rows), "Contoso Göteborg AB"))
    assert cv.over_100_explanations(cv.latest(table)) == [
        (
            "Exchange: Usage 200.0% in 2026-10",
            "Likely cause: staff turnover: 2 deleted users were still active in the 28-day window, so a license was "
            "used by the leaver and by the new user.",
        )
    ]


def test_over_100_turnover_of_one_user_is_singular():
    rows = [
        user("anna@contoso.se", licensed=("Exchange",), active={"Exchange": "2026-10-30"}),
        user(
            "left@contoso.se",
            deleted=True,
            deleted_date="2026-10-10",
            licensed=("Exchange",),
            active={"Exchange": "2026-10-09"},
        ),
    ]
    table = table_of(("users.csv", user_detail(rows), "Contoso Göteborg AB"))
    assert cv.over_100_explanations(cv.latest(table))[0][1] == (
        "Likely cause: staff turnover: 1 deleted user was still active in the 28-day window, so a license was "
        "used by the leaver and by the new user."
    )


def test_over_100_without_a_known_cause_lists_the_possible_causes():
    table = table_of(
        canonical([(FABRIKAM, "2026-10", "Exchange", 50, 40, 44), (FABRIKAM, "2026-10", "Teams", 50, 40, 40)])
    )
    assert cv.over_100_explanations(table) == [("Exchange: Usage 110.0% in 2026-10", cv.POSSIBLE_CAUSES)]
    assert cv.POSSIBLE_CAUSES.startswith("The data loaded does not show why.")


def test_over_100_yammer_and_trial_named_together():
    licenses = canonical([(FABRIKAM, "2026-10", "Yammer", 50, 50, 80)])
    portal = (
        "subscriptions.csv",
        delimited(
            SUBSCRIPTIONS_PORTAL,
            [
                ["a1", "Microsoft 365 Business Standard", 50, "Active", "Nordlicht IT AB"],
                ["a2", "Microsoft 365 Business Standard Trial", 25, "Active", "Nordlicht IT AB"],
            ],
        ),
        "Fabrikam Oy",
    )
    assert cv.over_100_explanations(table_of(licenses, portal)) == [
        (
            "Yammer: Usage 160.0% in 2026-10",
            "Likely cause: a trial subscription: its users' activity counts, its licenses do not; Yammer (Viva Engage) "
            "is often used far beyond the licensed users.",
        )
    ]


def test_over_100_inactive_duplicate_subscription():
    licenses = canonical([(FABRIKAM, "2026-10", "Microsoft 365 Business Standard", 25, 25, 30)])
    portal = (
        "subscriptions.csv",
        delimited(
            SUBSCRIPTIONS_PORTAL,
            [
                ["s1", "Microsoft 365 Business Standard", 25, "Active", "Nordlicht IT AB"],
                ["s2", "Microsoft 365 Business Standard", 25, "Suspended", "Nordlicht IT AB"],
            ],
        ),
        "Fabrikam Oy",
    )
    assert cv.over_100_explanations(table_of(licenses, portal)) == [
        (
            "Microsoft 365 Business Standard: Usage 120.0% in 2026-10",
            "Likely cause: a second subscription of the same offer is suspended, expired, disabled or deleted: its "
            "users' activity counts, its licenses do not.",
        )
    ]


def test_no_explanation_at_or_below_100(contoso):
    assert cv.over_100_explanations(cv.latest(contoso)) == []
    exactly = table_of(canonical([(FABRIKAM, "2026-10", "Exchange", 50, 40, 40)]))
    assert cv.over_100_explanations(exactly) == []


# ---- support load


def tickets(*rows) -> pl.DataFrame:
    """rows: (type, created date) for Contoso."""
    lines = [
        [1000 + i, "Contoso Göteborg AB", kind, f"{created}T09:30:00Z", "solved"]
        for i, (kind, created) in enumerate(rows)
    ]
    return build_portfolio(read_file("zendesk.csv", delimited(TICKETS, lines))).tickets


WINDOW = tickets(
    ("question", "2026-10-01"),  # the day before the 30-day window
    ("question", "2026-10-02"),  # its first day
    ("How-to", "2026-10-15"),
    ("incident", "2026-10-16"),  # not a help/how-to ticket
    ("Help request", "2026-10-31"),  # its last day
    ("question", "2026-11-01"),  # after it
)


def test_support_load_counts_the_window_boundaries():
    load = cv.support_load(WINDOW, 40, dt.date(2026, 10, 31))
    assert load == {"tickets": 3, "per_100": 7.5, "window_days": 30, "as_of": dt.date(2026, 10, 31)}


def test_support_load_window_moves_with_as_of():
    assert cv.support_load(WINDOW, 40, dt.date(2026, 11, 1))["tickets"] == 3
    assert cv.support_load(WINDOW, 40, dt.date(2026, 10, 30))["tickets"] == 3
    assert cv.support_load(WINDOW, 40, dt.date(2026, 10, 14))["tickets"] == 2
    assert cv.support_load(WINDOW, 40, dt.date(2026, 10, 31), Settings(support_window_days=1))["tickets"] == 1


def test_support_load_without_licenses_or_date():
    assert cv.support_load(WINDOW, None, dt.date(2026, 10, 31))["per_100"] is None
    assert cv.support_load(WINDOW, 0, dt.date(2026, 10, 31))["per_100"] is None
    assert cv.support_load(WINDOW, 40, None) == {"tickets": 0, "per_100": None, "window_days": 30, "as_of": None}


def test_support_load_rounds_as_the_next_steps_evidence():
    one = tickets(("question", "2026-10-20"))
    assert cv.support_load(one, 16, dt.date(2026, 10, 31))["per_100"] == 6.3  # 6.25 half away from zero
    licenses = canonical([(CONTOSO, "2026-10", "Exchange", 16, 16, 10)])
    zendesk = (
        "zendesk.csv",
        delimited(TICKETS, [[1, "Contoso Göteborg AB", "question", "2026-10-20T09:30:00Z", "new"]]),
    )
    portfolio = build_portfolio(read_file(*licenses) + read_file(*zendesk))
    recs = recommendations(portfolio, as_of=dt.date(2026, 10, 31))
    (evidence,) = recs.filter(pl.col("problem") == "high_support_load").get_column("evidence").to_list()
    assert "= 6.3 per 100 licensed users" in evidence


def test_monthly_help_tickets():
    assert cv.monthly_help_tickets(WINDOW).rows() == [(dt.date(2026, 10, 1), 4), (dt.date(2026, 11, 1), 1)]


# ---- trend


def test_trend_rows_with_their_basis():
    insights = (
        "insights.tsv",
        delimited(
            INSIGHTS_O365,
            [
                insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-08-01", 100, 40),
                insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-09-01", 100, 50),
            ],
            sep="\t",
        ),
    )
    table = table_of(insights, canonical([(CONTOSO, "2026-10", "Exchange", 100, 80, 60)]))
    assert cv.trend_rows(table, "usage_pct").rows() == [
        (dt.date(2026, 8, 1), "Exchange", 40.0, "of licenses sold"),
        (dt.date(2026, 9, 1), "Exchange", 50.0, "of licenses sold"),
        (dt.date(2026, 10, 1), "Exchange", 75.0, "of licenses assigned"),
    ]
    assert cv.trend_rows(table, "deployment_pct").rows() == [
        (dt.date(2026, 10, 1), "Exchange", 80.0, "assigned of sold")
    ]


def test_trend_rows_sorted_by_month_then_workload(contoso):
    assert cv.trend_rows(contoso, "usage_pct").select("period_date", "workload").rows() == [
        (dt.date(2026, 9, 1), "Teams"),
        (dt.date(2026, 9, 1), "Yammer"),
        (dt.date(2026, 10, 1), "Exchange"),
        (dt.date(2026, 10, 1), "Teams"),
    ]


# ---- action plan


HOSTILE = "<img src=x onerror=alert(1)>"


def hostile_plan():
    name = f'{HOSTILE} "quotes" & Co'
    licenses = (
        "licenses.csv",
        delimited(
            HEADER,
            [
                ["", name, "2026-10", "Exchange", 1200, 1100, 300],
                ["", name, "2026-10", "<b>Dynamics</b>", 20, 5, 2],
            ],
        ),
    )
    portfolio = build_portfolio(read_file(*licenses))
    table = license_table(portfolio)
    recs = recommendations(portfolio, table=table)
    return name, cv.action_plan_html(name, '"><script>x</script>', cv.latest(table), recs, "2026-10-31"), recs


def test_action_plan_escapes_every_piece_of_data():
    name, page, _ = hostile_plan()
    assert "<img" not in page
    assert "<script" not in page
    assert "<b>Dynamics" not in page
    assert '"quotes"' not in page
    assert "&lt;img src=x onerror=alert(1)&gt; &#34;quotes&#34; &amp; Co" in page
    assert "<title>Action plan: &lt;img src=x onerror=alert(1)&gt; &#34;quotes&#34; &amp; Co</title>" in page
    assert "&#34;&gt;&lt;script&gt;x&lt;/script&gt; &middot; data as of 2026-10-31" in page
    assert "<td>&lt;b&gt;Dynamics&lt;/b&gt;</td>" in page


def test_action_plan_figures_and_steps():
    _, page, recs = hostile_plan()
    assert "<tr><td>Exchange</td><td>1,200</td><td>1,100</td><td>300</td><td>91.7%</td><td>27.3%</td></tr>" in page
    assert recs.get_column("problem").to_list() == ["low_adoption"]
    assert f"<h2>{PLAYBOOKS['low_adoption']['title']}</h2>" in page
    assert "<b>Evidence:</b> Exchange usage 27.3% (300 active of 1100)" in page
    assert "No problem found" not in page


def test_action_plan_without_recommendations(contoso):
    page = cv.action_plan_html(
        "Contoso Göteborg AB",
        CONTOSO,
        cv.latest(contoso).head(0),
        pl.DataFrame(schema={"problem": pl.String, "evidence": pl.String, "actions": pl.String}),
        "",
    )
    assert "<p>No problem found: keep in touch and offer training.</p>" in page
    assert page.startswith("<!doctype html>")


def test_customer_support_figure_is_the_one_next_steps_judged_on_the_sample():
    from adoption.recommend import licensed_users
    from adoption.sample import sample_as_of, sample_files

    portfolio = build_portfolio(sample_files())
    table, as_of = license_table(portfolio), sample_as_of()
    support = recommendations(portfolio, as_of=as_of, table=table).filter(pl.col("problem") == "high_support_load")
    assert support.height == 3
    for key, evidence in support.select("key", "evidence").iter_rows():
        rows = table.filter(pl.col("key") == key)
        load = cv.support_load(portfolio.tickets.filter(pl.col("key") == key), licensed_users(rows), as_of)
        assert f"= {load['per_100']} per 100 licensed users" in evidence, (key, evidence, load)

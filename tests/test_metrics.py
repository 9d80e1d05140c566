"""The metric definitions: Deployment %, Usage %, usage of sold, rounding, no clipping, and every
cause of usage above 100% (turnover, inactive duplicate subscription, trial, Yammer)."""

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adoption.ingest.customers import build_portfolio
from adoption.ingest.readers import read_file
from adoption.metrics import (
    OUTPUT_COLUMNS,
    READING_ORDER,
    SOURCE_COLUMNS,
    for_figures,
    in_reading_order,
    license_table,
    metrics_table,
    sorted_place,
    text_pair_code,
)
from export_fixtures import (
    CONTOSO,
    FABRIKAM,
    INSIGHTS_O365,
    INSIGHTS_SEATS,
    SUBSCRIPTIONS_PORTAL,
    api_usage_record,
    delimited,
    insights_o365_row,
    insights_seats_row,
    user,
    user_detail,
    value_json,
)

CANONICAL = ["customer_id", "customer_name", "period", "workload", "licenses_sold", "licenses_assigned", "active_users"]


def canonical(rows) -> bytes:
    return delimited(CANONICAL, rows)


def metrics(*files: tuple[str, bytes] | tuple[str, bytes, str], all_periods=False) -> list[tuple]:
    parsed = []
    for name, data, *customer in files:
        parsed += read_file(name, data, customer=customer[0] if customer else None)
    table = metrics_table(build_portfolio(parsed), all_periods=all_periods)
    assert table.columns == OUTPUT_COLUMNS
    assert table.schema["flags"] == pl.List(pl.String)
    return table.with_columns(pl.col("flags").list.join(";")).rows()  # flags as the CSV writes them


def one(sold, assigned, active, workload="Exchange"):
    """deployment_pct, usage_pct and flags of a single canonical row."""
    (row,) = metrics(
        ("mine.csv", canonical([[CONTOSO, "Contoso Göteborg AB", "2026-10", workload, sold, assigned, active]]))
    )
    return row[7:]


def test_output_columns_are_the_cli_contract():
    assert OUTPUT_COLUMNS == [
        "customer_id",
        "customer_name",
        "period",
        "workload",
        "licenses_sold",
        "licenses_assigned",
        "active_users",
        "deployment_pct",
        "usage_pct",
        "flags",
    ]


def test_deployment_and_usage_pct():
    assert metrics(
        ("mine.csv", canonical([[CONTOSO, "Contoso Göteborg AB", "2026-10", "Exchange", 120, 110, 96]]))
    ) == [
        (CONTOSO, "Contoso Göteborg AB", "2026-10", "Exchange", 120, 110, 96, 91.7, 87.3, ""),
    ]


def test_usage_of_sold_where_assigned_is_unknown():
    data = delimited(
        INSIGHTS_O365, [insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-10-01", 120, 96)], sep="\t"
    )
    assert metrics(("insights.tsv", data)) == [
        (CONTOSO, "Contoso Göteborg AB", "2026-10", "Exchange", 120, None, 96, None, 80.0, "usage_of_sold"),
    ]


def test_usage_unknown_without_active_figure():
    assert one(120, 110, "") == (91.7, None, "")


def test_no_percentages_on_zero_licenses():
    assert one(0, 0, 0) == (None, None, "")


@pytest.mark.parametrize(
    "sold, assigned, expected",
    [
        (16, 1, 6.3),  # 6.25: half away from zero (half to even would give 6.2)
        (400, 49, 12.3),  # 12.25
        (16, 3, 18.8),  # 18.75
        (8, 1, 12.5),
        (3, 2, 66.7),
        (3, 1, 33.3),
        (7, 7, 100.0),
        (2000, 3, 0.2),  # 0.15, stored in binary as 0.1499999...
        (2000, 21, 1.1),  # 1.05, likewise
        (2000, 1001, 50.1),
    ],
)
def test_deployment_pct_rounds_to_one_decimal_half_away_from_zero(sold, assigned, expected):
    assert one(sold, assigned, "")[0] == expected


def test_usage_pct_rounds_half_away_from_zero():
    assert one(400, 400, 49)[1] == 12.3


def test_percentages_are_never_clipped():
    assert one(100, 130, 260) == (130.0, 200.0, "usage_over_100")


def test_exactly_100_is_not_over_100():
    assert one(100, 100, 100) == (100.0, 100.0, "")


def test_customer_id_is_the_name_without_a_tenant():
    (row,) = metrics(("mine.csv", canonical([["", "Fabrikam  Oy", "2026-10", "Teams", 40, 35, 31]])))
    assert row[:2] == ("Fabrikam Oy", "Fabrikam Oy")


# ---- several rows for one customer, workload and period


def test_subscriptions_of_one_sku_add_up():
    data = delimited(
        INSIGHTS_SEATS,
        [
            insights_seats_row(
                CONTOSO, "Contoso Göteborg AB", "Power BI Pro", "2026-10-01", 10, 8, 6, subscription="s1"
            ),
            insights_seats_row(
                CONTOSO, "Contoso Göteborg AB", "Power BI Pro", "2026-10-01", 5, 5, 2, subscription="s2"
            ),
        ],
        sep="\t",
    )
    assert metrics(("seats.tsv", data)) == [
        (CONTOSO, "Contoso Göteborg AB", "2026-10", "Power BI Pro", 15, 13, 8, 86.7, 61.5, ""),
    ]


def test_onedrive_and_sharepoint_totals_are_not_summed():
    data = delimited(
        INSIGHTS_O365,
        [
            insights_o365_row(CONTOSO, "Contoso Göteborg AB", "SharePoint", "2026-10-01", 120, 40),
            insights_o365_row(CONTOSO, "Contoso Göteborg AB", "OneDrive", "2026-10-01", 120, 51),
        ],
        sep="\t",
    )
    assert metrics(("insights.tsv", data)) == [
        (CONTOSO, "Contoso Göteborg AB", "2026-10", "SharePoint", 120, None, 51, None, 42.5, "usage_of_sold"),
    ]


def test_sources_combine_into_one_row_per_customer_workload_and_period():
    insights = delimited(
        INSIGHTS_O365, [insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-10-01", 120, 90)], sep="\t"
    )
    usage = value_json([api_usage_record(CONTOSO, "Contoso Göteborg AB", "EXO", "Exchange", 96, 110)])
    assert metrics(("insights.tsv", insights), ("usage.json", usage)) == [
        (CONTOSO, "Contoso Göteborg AB", "2026-10", "Exchange", 120, 110, 96, 91.7, 87.3, ""),
    ]


def test_the_metric_table_of_the_narrowed_portfolio_is_the_same():
    # every kind of the bundled sample (user detail with its union figures, the analytics API, Insights,
    # seats, subscriptions behind the flags): for_figures keeps every column the table reads, and only those
    from adoption.sample import sample_files

    portfolio = build_portfolio(sample_files())
    narrowed = for_figures(portfolio)
    assert narrowed.licenses.columns == SOURCE_COLUMNS and narrowed.files == []
    assert set(portfolio.licenses.columns) - set(SOURCE_COLUMNS) >= {"tenant_id", "customer_name", "line"}
    assert license_table(narrowed).equals(license_table(portfolio))


# ---- periods


def two_months() -> bytes:
    return delimited(
        INSIGHTS_O365,
        [
            insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-09-01", 120, 90),
            insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-10-01", 120, 96),
            insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Teams", "2026-09-01", 120, 60),
            insights_o365_row(FABRIKAM, "Fabrikam Oy", "Exchange", "2026-08-01", 40, 10),
        ],
        sep="\t",
    )


def test_latest_period_per_customer_and_workload():
    assert [r[:4] for r in metrics(("insights.tsv", two_months()))] == [
        (CONTOSO, "Contoso Göteborg AB", "2026-09", "Teams"),
        (CONTOSO, "Contoso Göteborg AB", "2026-10", "Exchange"),
        (FABRIKAM, "Fabrikam Oy", "2026-08", "Exchange"),
    ]


def test_all_periods():
    assert [r[2:4] + r[8:9] for r in metrics(("insights.tsv", two_months()), all_periods=True)] == [
        ("2026-09", "Exchange", 75.0),
        ("2026-09", "Teams", 50.0),
        ("2026-10", "Exchange", 80.0),
        ("2026-08", "Exchange", 25.0),
    ]


# ---- causes of usage above 100 %


def test_turnover_deleted_users_active_in_the_window():
    rows = [
        user("anna@contoso.se", licensed=("Exchange",), active={"Exchange": "2026-10-30"}),
        user("bo@contoso.se", licensed=("Exchange",), active={"Exchange": "2026-10-29"}),
        user(
            "left@contoso.se",
            deleted=True,
            deleted_date="2026-10-10",
            licensed=("Exchange",),
            active={"Exchange": "2026-10-09"},
        ),
    ]
    result = metrics(("users.csv", user_detail(rows), "Contoso Göteborg AB"))
    exchange = [r for r in result if r[3] == "Exchange"]
    assert exchange == [
        (
            "Contoso Göteborg AB",
            "Contoso Göteborg AB",
            "2026-10",
            "Exchange",
            None,
            2,
            3,
            None,
            150.0,
            "usage_over_100;turnover",
        )
    ]


def test_deleted_user_active_before_the_window_is_not_turnover():
    rows = [
        user("anna@contoso.se", licensed=("Exchange",), active={"Exchange": "2026-10-30"}),
        user("left@contoso.se", deleted=True, licensed=("Exchange",), active={"Exchange": "2026-10-03"}),
    ]
    result = metrics(("users.csv", user_detail(rows), "Contoso Göteborg AB"))
    assert [r[5:] for r in result if r[3] == "Exchange"] == [(1, 1, None, 100.0, "")]


def over_100_with(subscriptions: list[list], workload="Microsoft 365 Business Standard", active=30):
    licenses = ("mine.csv", canonical([["", "Fabrikam Oy", "2026-10", workload, 25, 25, active]]))
    portal = ("subs.csv", delimited(SUBSCRIPTIONS_PORTAL, subscriptions), "fabrikam oy")
    (row,) = metrics(licenses, portal)
    return row[8:]


def sub(offer, status, quantity=25, sid="s"):
    return [sid, offer, quantity, status, "Nordlicht IT AB"]


@pytest.mark.parametrize(
    "status", ["Suspended", "disabled", "Expired", "deleted", "In grace", "InGrace", "In grace period", "Locked out"]
)
def test_inactive_duplicate_subscription(status):
    subs = [
        sub("Microsoft 365 Business Standard", "Active", sid="s1"),
        sub("Microsoft 365 Business Standard", status, sid="s2"),
    ]
    assert over_100_with(subs) == (120.0, "usage_over_100;inactive_duplicate_subscription")


def test_two_active_subscriptions_of_one_offer_are_no_cause():
    subs = [
        sub("Microsoft 365 Business Standard", "Active", sid="s1"),
        sub("Microsoft 365 Business Standard", "Active", sid="s2"),
    ]
    assert over_100_with(subs) == (120.0, "usage_over_100")


def test_one_suspended_subscription_alone_is_no_duplicate():
    subs = [
        sub("Microsoft 365 Business Standard", "Suspended", sid="s1"),
        sub("Microsoft 365 Business Basic", "Active", sid="s2"),
    ]
    assert over_100_with(subs) == (120.0, "usage_over_100")


def test_duplicate_offer_matches_ignoring_case():
    subs = [
        sub("Microsoft 365 Business Standard", "Active", sid="s1"),
        sub("MICROSOFT 365 BUSINESS STANDARD", "Expired", sid="s2"),
    ]
    assert over_100_with(subs) == (120.0, "usage_over_100;inactive_duplicate_subscription")


def test_causes_only_explain_usage_over_100():
    subs = [
        sub("Microsoft 365 Business Standard", "Active", sid="s1"),
        sub("Microsoft 365 Business Standard", "Suspended", sid="s2"),
        sub("Microsoft 365 Business Standard Trial", "Active", sid="s3"),
    ]
    assert over_100_with(subs, active=25) == (100.0, "")


def test_trial_subscription_by_offer_name():
    subs = [
        sub("Microsoft 365 Business Standard", "Active", sid="s1"),
        sub("Microsoft Teams Essentials Trial", "Active", sid="s2"),
    ]
    assert over_100_with(subs) == (120.0, "usage_over_100;trial_subscription")


def test_trial_subscription_by_status():
    subs = [
        sub("Microsoft 365 Business Standard", "Active", sid="s1"),
        sub("Microsoft 365 Business Premium", "Trial", sid="s2"),
    ]
    assert over_100_with(subs) == (120.0, "usage_over_100;trial_subscription")


def test_trial_subscription_by_is_trial_field():
    licenses = ("mine.csv", canonical([[CONTOSO, "Contoso Göteborg AB", "2026-10", "Exchange", 25, 25, 30]]))
    api = (
        "subs.json",
        value_json(
            [
                {
                    "customerTenantId": CONTOSO,
                    "id": "s1",
                    "offerId": "CFQ7TTC0LDPB",
                    "offerName": "Microsoft 365 Business Premium",
                    "quantity": 25,
                    "status": "active",
                    "isTrial": False,
                },
                {
                    "customerTenantId": CONTOSO,
                    "id": "s2",
                    "offerId": "CFQ7TTC0LCHC",
                    "offerName": "Microsoft 365 E3",
                    "quantity": 25,
                    "status": "active",
                    "isTrial": True,
                },
            ]
        ),
    )
    (row,) = metrics(licenses, api)
    assert row[8:] == (120.0, "usage_over_100;trial_subscription")


def test_yammer_over_100():
    assert one(50, 50, 80, workload="YAM") == (100.0, 160.0, "usage_over_100;yammer")


def test_yammer_not_over_100_has_no_flag():
    assert one(50, 50, 50, workload="Viva Engage") == (100.0, 100.0, "")


def test_every_flag_in_the_documented_order():
    data = delimited(INSIGHTS_O365, [insights_o365_row("", "Fabrikam Oy", "Yammer", "2026-10-01", 25, 60)], sep="\t")
    subs = [
        sub("Yammer Enterprise", "Active", sid="s1"),
        sub("Yammer Enterprise", "Disabled", sid="s2"),
        sub("Office 365 E3 Trial", "Active", sid="s3"),
    ]
    result = metrics(("insights.tsv", data), ("subs.csv", delimited(SUBSCRIPTIONS_PORTAL, subs), "Fabrikam Oy"))
    assert result == [
        (
            "Fabrikam Oy",
            "Fabrikam Oy",
            "2026-10",
            "Yammer",
            25,
            None,
            60,
            None,
            240.0,
            "usage_of_sold;usage_over_100;inactive_duplicate_subscription;trial_subscription;yammer",
        )
    ]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.none() | st.text(max_size=4), st.none() | st.text(max_size=4)), min_size=1, max_size=30))
def test_text_pair_code_is_equal_exactly_where_both_texts_are(pairs):
    frame = pl.DataFrame(pairs, schema={"a": pl.String, "b": pl.String}, orient="row")
    coded = frame.with_columns(code=text_pair_code(pl.col("a"), pl.col("b"))).rows()
    for a1, b1, code1 in coded:
        for a2, b2, code2 in coded:
            assert (code1 == code2) == ((a1, b1) == (a2, b2))  # None only equals None


def test_rows_come_sorted_by_name_id_period_and_workload_as_texts_sort():
    first, second = "00000000-0000-4000-8000-00000000000a", "00000000-0000-4000-8000-00000000000b"
    given = [
        [second, "Beta AB", "2026-10", "Teams", 10, 9, 8],
        ["Åkeri AB", "Åkeri AB", "2026-09", "Exchange", 10, 9, 8],
        [first, "Beta AB", "2025-12", "Yammer", 10, 9, 8],
        ["akeri ab", "akeri ab", "2026-10", "Exchange", 10, 9, 8],
        [second, "Beta AB", "2026-10", "Exchange", 10, 9, 8],
        [first, "Beta AB", "2026-10", "Microsoft 365 E3", 10, 9, 8],
        ["Åkeri AB", "Åkeri AB", "2025-12", "Teams", 10, 9, 8],
        [first, "Beta AB", "2025-12", "Exchange", 10, 9, 8],
    ]
    rows = metrics(("mine.csv", canonical(given)), all_periods=True)
    assert [row[:4] for row in rows] == [
        (first, "Beta AB", "2025-12", "Exchange"),
        (first, "Beta AB", "2025-12", "Yammer"),
        (first, "Beta AB", "2026-10", "Microsoft 365 E3"),
        (second, "Beta AB", "2026-10", "Exchange"),
        (second, "Beta AB", "2026-10", "Teams"),
        ("akeri ab", "akeri ab", "2026-10", "Exchange"),
        ("Åkeri AB", "Åkeri AB", "2025-12", "Teams"),
        ("Åkeri AB", "Åkeri AB", "2026-09", "Exchange"),
    ]


def test_a_texts_sorted_place_orders_as_the_text_does_null_first():
    frame = pl.DataFrame({"workload": ["b", None, "Å", "a", "B", "b"]})
    place, places = sorted_place(frame, "workload")
    assert (frame.select(place).to_series().to_list(), places) == ([3, 0, 4, 2, 1, 3], 5)


def test_more_workloads_than_the_sort_number_holds_are_sorted_on_the_texts():
    n = 70_000
    table = pl.DataFrame(
        {
            "customer_name": ["Contoso"] * n,
            "customer_id": ["c"] * n,
            "period": ["2026-09", "2026-10"] * (n // 2),
            "workload": [f"SKU {i}" for i in range(n, 0, -1)],
            "_pair": pl.Series([1] * n, dtype=pl.UInt64),
        }
    )
    assert in_reading_order(table).equals(table.sort(READING_ORDER).drop("_pair"))

"""The portfolio pages' Polars views: rows of a period, the per-customer summary, filters, every
sort order, paging, unique labels, heatmap cells, bands and the change since the previous period,
all on a canonical CSV read, combined and measured as the app does."""

import polars as pl
import pytest

from adoption import portfolio_view as pv
from adoption import views
from adoption.ingest.customers import build_portfolio
from adoption.ingest.readers import read_file
from adoption.metrics import license_table
from adoption.recommend import PROBLEM_LABELS, Settings, recommendations
from export_fixtures import CONTOSO, FABRIKAM, NORTHWIND, delimited

HEADER = [
    "customer_id",
    "customer_name",
    "segment",
    "market",
    "period",
    "workload",
    "licenses_sold",
    "licenses_assigned",
    "active_users",
]
CONTOSO_SE = "3c4d5e6f-7081-4c2d-9e3f-a4b5c6d7e8f9"
CONTOSO_NO = "4d5e6f70-8192-4d3e-8f40-b5c6d7e8f901"
LITWARE = "5e6f7081-92a3-4e4f-9051-c6d7e8f90a12"
CUSTOMERS = {
    CONTOSO: ("Göteborgs Åkeri AB", "SMB", "Sweden"),
    FABRIKAM: ("Goteborg Bygg Oy", "Enterprise", "Finland"),
    NORTHWIND: ("Northwind Traders", "SMB", "Sweden"),
    CONTOSO_SE: ("Contoso Ltd", "Enterprise", "Sweden"),
    CONTOSO_NO: ("Contoso Ltd", "SMB", "Norway"),
    LITWARE: ("Litware Inc", "SMB", "Sweden"),
}
FIGURES = [  # tenant, period, workload, sold, assigned, active
    (CONTOSO, "2026-09", "Exchange", 100, 90, 50),
    (CONTOSO, "2026-09", "Teams", 100, 90, 40),
    (CONTOSO, "2026-09", "Yammer", 100, 90, 120),
    (FABRIKAM, "2026-09", "Exchange", 200, 150, 150),
    (FABRIKAM, "2026-09", "Teams", 200, 150, 60),
    (CONTOSO, "2026-10", "Exchange", 100, 95, 60),
    (CONTOSO, "2026-10", "Teams", 100, 95, 30),
    (FABRIKAM, "2026-10", "Exchange", 200, 180, 170),
    (FABRIKAM, "2026-10", "Teams", 200, 180, 171),
    (NORTHWIND, "2026-10", "Exchange", 10, 10, 9),
    (CONTOSO_SE, "2026-10", "Exchange", 50, 20, 5),
    (CONTOSO_NO, "2026-10", "Exchange", 50, 50, 45),
    (LITWARE, "2026-10", "Exchange", 30, "", ""),
]


def export(figures=FIGURES) -> bytes:
    return delimited(HEADER, [[t, *CUSTOMERS[t], period, w, s, a, u] for t, period, w, s, a, u in figures])


@pytest.fixture(scope="module")
def loaded():
    portfolio = build_portfolio(read_file("portfolio.csv", export()))
    table = license_table(portfolio)
    return table, recommendations(portfolio, table=table)


@pytest.fixture(scope="module")
def table(loaded):
    return loaded[0]


@pytest.fixture(scope="module")
def summary(loaded):
    table, recs = loaded
    return views.customer_summary(views.rows_for_period(table, None), recs, "usage_pct")


def names(frame: pl.DataFrame) -> list[str]:
    return frame.get_column("customer_name").to_list()


def keys(frame: pl.DataFrame) -> list[str]:
    return frame.get_column("key").to_list()


# ---- rows of a period


def test_rows_for_period_none_is_each_customers_latest_per_workload(table):
    rows = views.rows_for_period(table, None).filter(pl.col("key") == CONTOSO)
    assert sorted(rows.select("period", "workload", "usage_pct").rows()) == [
        ("2026-09", "Yammer", 133.3),
        ("2026-10", "Exchange", 63.2),
        ("2026-10", "Teams", 31.6),
    ]
    assert views.rows_for_period(table, None).height == 9


def test_rows_for_a_named_period(table):
    rows = views.rows_for_period(table, "2026-09")
    assert sorted(rows.select("key", "workload").rows()) == [
        (FABRIKAM, "Exchange"),
        (FABRIKAM, "Teams"),
        (CONTOSO, "Exchange"),
        (CONTOSO, "Teams"),
        (CONTOSO, "Yammer"),
    ]
    assert views.rows_for_period(table, "2026-08").height == 0


# ---- the summary


def test_customer_summary_one_row_per_customer(summary):
    rows = sorted(
        summary.select(
            "key",
            "customer_name",
            "seats",
            "licenses_sold",
            "active_users",
            "unused_licenses",
            "worst",
            "workloads",
            "problems",
        ).rows()
    )
    assert rows == [
        (FABRIKAM, "Goteborg Bygg Oy", 200, 200, 171, 29, 94.4, 2, ["upsell"]),
        (NORTHWIND, "Northwind Traders", 10, 10, 9, 1, 90.0, 1, ["upsell"]),
        (CONTOSO_SE, "Contoso Ltd", 50, 50, 5, 45, 25.0, 1, ["low_adoption"]),
        (CONTOSO_NO, "Contoso Ltd", 50, 50, 45, 5, 90.0, 1, ["upsell"]),
        (LITWARE, "Litware Inc", 30, 30, None, None, None, 1, []),
        # 100 licenses once, active the largest 2026-10 workload (Yammer's 120 is September's), 100 - 60 unused
        (CONTOSO, "Göteborgs Åkeri AB", 100, 100, 60, 40, 31.6, 3, ["low_adoption"]),
    ]


def test_customer_summary_worst_of_deployment(loaded):
    table, recs = loaded
    summary = views.customer_summary(views.rows_for_period(table, "2026-10"), recs, "deployment_pct")
    assert dict(summary.select("key", "worst").rows()) == {
        CONTOSO: 95.0,
        FABRIKAM: 90.0,
        NORTHWIND: 100.0,
        CONTOSO_SE: 40.0,
        CONTOSO_NO: 100.0,
        LITWARE: None,
    }


# ---- filters


def filtered(table, summary, **kw):
    rows, narrowed = views.apply_filters(views.rows_for_period(table, None), summary, views.Filters(**kw))
    return rows, sorted(names(narrowed))


def test_no_filter_keeps_everyone(table, summary):
    rows, shown = filtered(table, summary)
    assert rows.height == 9
    assert shown == sorted(names(summary))


def test_search_is_case_insensitive_without_folding_accents(table, summary):
    assert filtered(table, summary, search="göt")[1] == ["Göteborgs Åkeri AB"]
    assert filtered(table, summary, search="  GÖT ")[1] == ["Göteborgs Åkeri AB"]
    assert filtered(table, summary, search="goteborg")[1] == ["Goteborg Bygg Oy"]
    assert filtered(table, summary, search="åkeri")[1] == ["Göteborgs Åkeri AB"]


def test_search_matches_the_tenant_id(table, summary):
    rows, shown = filtered(table, summary, search=FABRIKAM[:13].upper())
    assert shown == ["Goteborg Bygg Oy"]
    assert sorted(rows.get_column("workload").to_list()) == ["Exchange", "Teams"]


def test_search_is_literal_text_not_a_pattern(table, summary):
    assert filtered(table, summary, search="c.ntoso")[1] == []
    assert filtered(table, summary, search="(")[1] == []


def test_blank_search_is_no_filter(table, summary):
    assert len(filtered(table, summary, search="   ")[1]) == 6


def test_problems_filter(table, summary):
    rows, shown = filtered(table, summary, problems=("low_adoption",))
    assert shown == ["Contoso Ltd", "Göteborgs Åkeri AB"]
    assert sorted(set(rows.get_column("key").to_list())) == sorted([CONTOSO, CONTOSO_SE])
    assert filtered(table, summary, problems=("high_support_load",))[1] == []
    assert filtered(table, summary, problems=("high_support_load", "low_adoption"))[1] == shown


def test_min_seats_is_inclusive(table, summary):
    assert filtered(table, summary, min_seats=50)[1] == [
        "Contoso Ltd",
        "Contoso Ltd",
        "Goteborg Bygg Oy",
        "Göteborgs Åkeri AB",
    ]
    assert filtered(table, summary, min_seats=51)[1] == ["Goteborg Bygg Oy", "Göteborgs Åkeri AB"]


def test_segment_and_market_filters_combine(table, summary):
    assert filtered(table, summary, segments=("SMB",))[1] == [
        "Contoso Ltd",
        "Göteborgs Åkeri AB",
        "Litware Inc",
        "Northwind Traders",
    ]
    assert filtered(table, summary, segments=("SMB",), markets=("Sweden",))[1] == [
        "Göteborgs Åkeri AB",
        "Litware Inc",
        "Northwind Traders",
    ]
    assert filtered(table, summary, markets=("Finland", "Norway"))[1] == ["Contoso Ltd", "Goteborg Bygg Oy"]


def test_workload_filter_narrows_rows_not_customers(table, summary):
    rows, shown = filtered(table, summary, workloads=("Teams",))
    assert len(shown) == 6
    assert sorted(rows.select("key", "workload").rows()) == [(FABRIKAM, "Teams"), (CONTOSO, "Teams")]


def test_a_customer_filter_and_a_workload_filter_combine(table, summary):
    rows, shown = filtered(table, summary, markets=("Finland", "Norway"), workloads=("Teams",))
    assert shown == ["Contoso Ltd", "Goteborg Bygg Oy"]  # every customer the markets leave, Teams or not
    assert rows.select("key", "workload").rows() == [
        (FABRIKAM, "Teams")
    ]  # the Contoso Ltd with Teams is in neither market


# ---- sorting and paging


def test_sort_keys_are_the_pages_choices():
    assert list(views.SORTS) == [
        "Worst adoption first",
        "Most unused licenses",
        "Most seats",
        "Name",
        "Lowest health first",
    ]


def test_sort_worst_adoption_first_nulls_last_ties_by_name(summary):
    ordered = views.sort_summary(summary, "Worst adoption first")
    assert ordered.select("customer_name", "worst").rows() == [
        ("Contoso Ltd", 25.0),
        ("Göteborgs Åkeri AB", 31.6),
        ("Contoso Ltd", 90.0),
        ("Northwind Traders", 90.0),
        ("Goteborg Bygg Oy", 94.4),
        ("Litware Inc", None),
    ]


def test_sort_most_unused_licenses_nulls_last(summary):
    ordered = views.sort_summary(summary, "Most unused licenses")
    assert ordered.select("customer_name", "unused_licenses").rows() == [
        ("Contoso Ltd", 45),
        ("Göteborgs Åkeri AB", 40),
        ("Goteborg Bygg Oy", 29),
        ("Contoso Ltd", 5),
        ("Northwind Traders", 1),
        ("Litware Inc", None),
    ]


def test_sort_most_seats_ties_by_name_then_key(summary):
    ordered = views.sort_summary(summary, "Most seats")
    assert ordered.select("key", "seats").rows() == [
        (FABRIKAM, 200),
        (CONTOSO, 100),
        (CONTOSO_SE, 50),
        (CONTOSO_NO, 50),
        (LITWARE, 30),
        (NORTHWIND, 10),
    ]


def test_sort_by_name(summary):
    assert keys(views.sort_summary(summary, "Name")) == [CONTOSO_SE, CONTOSO_NO, FABRIKAM, CONTOSO, LITWARE, NORTHWIND]


def test_page_of(summary):
    ordered = views.sort_summary(summary, "Name")
    assert keys(views.page_of(ordered, 1, 4)) == [CONTOSO_SE, CONTOSO_NO, FABRIKAM, CONTOSO]
    assert keys(views.page_of(ordered, 2, 4)) == [LITWARE, NORTHWIND]


def test_page_out_of_range_gives_the_last_or_first_page(summary):
    ordered = views.sort_summary(summary, "Name")
    assert keys(views.page_of(ordered, 9, 4)) == [LITWARE, NORTHWIND]
    assert keys(views.page_of(ordered, 0, 4)) == [CONTOSO_SE, CONTOSO_NO, FABRIKAM, CONTOSO]
    assert keys(views.page_of(ordered, 3, 2)) == [LITWARE, NORTHWIND]
    assert keys(views.page_of(ordered, 1, 10)) == keys(ordered)
    assert views.page_of(ordered.head(0), 3, 4).height == 0


def test_duplicate_names_get_distinct_labels(summary):
    labelled = views.customer_labels(views.sort_summary(summary, "Name"))
    assert labelled.get_column("customer_label").to_list() == [
        "Contoso Ltd (3c4d5e6f)",
        "Contoso Ltd (4d5e6f70)",
        "Goteborg Bygg Oy",
        "Göteborgs Åkeri AB",
        "Litware Inc",
        "Northwind Traders",
    ]


def test_namesakes_without_a_tenant_id_are_numbered():
    summary = pl.DataFrame(
        {
            "customer_name": ["Contoso Ltd", "Contoso Ltd", "Fabrikam AB"],
            "customer_id": ["Contoso Ltd", "Contoso Ltd", "Fabrikam AB"],
        }
    )
    assert views.customer_labels(summary).get_column("customer_label").to_list() == [
        "Contoso Ltd (#1)",
        "Contoso Ltd (#2)",
        "Fabrikam AB",
    ]


# ---- heatmap cells


def test_heatmap_cells_for_the_shown_customers_only(table, summary):
    shown = views.page_of(views.customer_labels(views.sort_summary(summary, "Name")), 1, 2)
    cells = views.heatmap_cells(views.rows_for_period(table, None), shown, "usage_pct")
    assert cells.columns == [
        "key",
        "customer_label",
        "workload",
        "value",
        "label",
        "sold",
        "assigned",
        "active",
        "flags",
        "judged",
    ]
    assert sorted(cells.drop("key").rows()) == [
        ("Contoso Ltd (3c4d5e6f)", "Exchange", 25.0, "25.0%", 50, 20, 5, "", True),
        ("Contoso Ltd (4d5e6f70)", "Exchange", 90.0, "90.0%", 50, 50, 45, "", True),
    ]


def test_heatmap_cells_unknown_value_and_flags(table, summary):
    shown = views.customer_labels(summary.filter(pl.col("key").is_in([CONTOSO, LITWARE])))
    cells = views.heatmap_cells(views.rows_for_period(table, None), shown, "deployment_pct")
    assert sorted(cells.select("customer_label", "workload", "value", "label", "flags").rows()) == [
        ("Göteborgs Åkeri AB", "Exchange", 95.0, "95.0%", ""),
        ("Göteborgs Åkeri AB", "Teams", 95.0, "95.0%", ""),
        ("Göteborgs Åkeri AB", "Yammer", 90.0, "90.0%", "usage_over_100, yammer"),
        ("Litware Inc", "Exchange", None, "n/a", ""),
    ]


# ---- bands


def test_band_edges_from_settings():
    rows = [
        [CONTOSO, *CUSTOMERS[CONTOSO], "2026-10", w, 1000, 1000, active]
        for w, active in [("A", 399), ("B", 400), ("C", 799), ("D", 800), ("E", 1000), ("F", 1001), ("G", "")]
    ]
    table = license_table(build_portfolio(read_file("bands.csv", delimited(HEADER, rows))))
    banded = table.select("workload", "usage_pct", views.band("usage_pct").alias("band")).sort("workload").rows()
    assert banded == [
        ("A", 39.9, "low"),
        ("B", 40.0, "fair"),
        ("C", 79.9, "fair"),
        ("D", 80.0, "healthy"),
        ("E", 100.0, "healthy"),
        ("F", 100.1, "over 100%"),
        ("G", None, None),
    ]
    strict = Settings(low_usage_pct=50.0, upsell_usage_pct=99.0)
    assert table.select(views.band("usage_pct", strict)).to_series().to_list() == [
        "low",
        "low",
        "fair",
        "fair",
        "healthy",
        "over 100%",
        None,
    ]


def test_band_of_deployment_uses_its_own_thresholds():
    rows = [
        [CONTOSO, *CUSTOMERS[CONTOSO], "2026-10", w, 100, assigned, 1]
        for w, assigned in [("A", 59), ("B", 60), ("C", 89), ("D", 90)]
    ]
    table = license_table(build_portfolio(read_file("bands.csv", delimited(HEADER, rows))))
    assert table.sort("workload").select(views.band("deployment_pct")).to_series().to_list() == [
        "low",
        "fair",
        "fair",
        "healthy",
    ]


# ---- change since the previous period


def test_change_of_each_customers_own_latest_period_when_sources_end_in_different_months():
    # Contoso's export ends in 2026-10, Fabrikam's in 2026-08 (a gap in 2026-07): each is compared with its own
    # previous period, so neither drops out of the "latest" change view
    rows = [
        [CONTOSO, *CUSTOMERS[CONTOSO], "2026-09", "Exchange", 100, 100, 50],
        [CONTOSO, *CUSTOMERS[CONTOSO], "2026-10", "Exchange", 100, 100, 62],
        [FABRIKAM, *CUSTOMERS[FABRIKAM], "2026-06", "Exchange", 40, 40, 30],
        [FABRIKAM, *CUSTOMERS[FABRIKAM], "2026-08", "Exchange", 40, 40, 20],
    ]
    table = license_table(build_portfolio(read_file("two-sources.csv", delimited(HEADER, rows))))
    changed = views.change_rows(table, None, "usage_pct")
    assert sorted(changed.select("key", "period", "usage_pct").rows()) == [
        (FABRIKAM, "2026-08", -25.0),
        (CONTOSO, "2026-10", 12.0),
    ]
    # a named month compares each customer with its latest period before that month
    assert views.change_rows(table, "2026-08", "usage_pct").select("key", "usage_pct").rows() == [(FABRIKAM, -25.0)]


def test_change_rows_exact_point_deltas(table):
    changed = views.change_rows(table, "2026-10", "usage_pct")
    assert sorted(changed.select("key", "workload", "usage_pct").rows()) == [
        (FABRIKAM, "Exchange", -5.6),
        (FABRIKAM, "Teams", 55.0),
        (NORTHWIND, "Exchange", None),
        (CONTOSO_SE, "Exchange", None),
        (CONTOSO_NO, "Exchange", None),
        (LITWARE, "Exchange", None),
        (CONTOSO, "Exchange", 7.6),
        (CONTOSO, "Teams", -12.8),
    ]
    assert changed.columns == table.columns


def test_change_rows_deployment(table):
    changed = views.change_rows(table, "2026-10", "deployment_pct").filter(pl.col("key").is_in([CONTOSO, FABRIKAM]))
    assert sorted(changed.select("key", "workload", "deployment_pct").rows()) == [
        (FABRIKAM, "Exchange", 15.0),
        (FABRIKAM, "Teams", 15.0),
        (CONTOSO, "Exchange", 5.0),
        (CONTOSO, "Teams", 5.0),
    ]


def test_change_rows_of_the_first_period_are_all_unknown(table):
    changed = views.change_rows(table, "2026-09", "usage_pct")
    assert changed.height == 5
    assert changed.get_column("usage_pct").to_list() == [None] * 5


# Three customers' cells in change mode, 2026-10 against each one's previous period (points, signed).
CHANGE_TO_OCTOBER = [
    ("Goteborg Bygg Oy", "Exchange", "-5.6"),
    ("Goteborg Bygg Oy", "Teams", "+55.0"),
    ("Göteborgs Åkeri AB", "Exchange", "+7.6"),
    ("Göteborgs Åkeri AB", "Teams", "-12.8"),
    ("Litware Inc", "Exchange", "n/a"),
]


def test_change_cells_signed_labels(table, summary):
    shown = views.customer_labels(summary.filter(pl.col("key").is_in([CONTOSO, FABRIKAM, LITWARE])))
    cells = views.change_cells(
        views.heatmap_cells(views.change_rows(table, "2026-10", "usage_pct"), shown, "usage_pct")
    )
    assert sorted(cells.select("customer_label", "workload", "label").rows()) == CHANGE_TO_OCTOBER


# ---- column sets


def test_column_sets_split_workloads_from_products():
    rows = [
        [FABRIKAM, *CUSTOMERS[FABRIKAM], "2026-10", w, 20, 10, 5]
        for w in ["Teams", "Power BI Pro", "Exchange", "Dynamics 365 Sales"]
    ]
    table = license_table(build_portfolio(read_file("mixed.csv", delimited(HEADER, rows))))
    assert sorted(views.column_set(table, "workloads").get_column("workload").to_list()) == ["Exchange", "Teams"]
    assert sorted(views.column_set(table, "products").get_column("workload").to_list()) == [
        "Dynamics 365 Sales",
        "Power BI Pro",
    ]
    assert list(views.COLUMN_SETS) == ["workloads", "products"]


def test_workload_order_canonical_then_products_alphabetically():
    assert views.workload_order(["Power BI Pro", "Yammer", "Teams", "Exchange", "Dynamics 365 Sales", "Teams"]) == [
        "Exchange",
        "Teams",
        "Yammer",
        "Dynamics 365 Sales",
        "Power BI Pro",
    ]


# ---- retired workloads


def retired_table():
    rows = [
        [CONTOSO, *CUSTOMERS[CONTOSO], "2026-10", w, 100, 100, active]
        for w, active in [("Exchange", 85), ("Teams", 90), ("Skype for Business", 2)]
    ]
    rows += [
        [FABRIKAM, *CUSTOMERS[FABRIKAM], "2026-10", w, 100, 100, active]
        for w, active in [("Exchange", 50), ("Teams", 45), ("Skype for Business", 30)]
    ]
    portfolio = build_portfolio(read_file("with-skype.csv", delimited(HEADER, rows)))
    table = license_table(portfolio)
    return portfolio, table


def test_skype_for_business_is_shown_but_not_judged():
    portfolio, table = retired_table()
    recs = recommendations(portfolio, table=table)
    # Skype's 2% would make Contoso the worst customer and low on adoption; it is retired, so Contoso is upsell
    assert sorted(recs.select("customer_name", "problem").rows()) == [("Göteborgs Åkeri AB", "upsell")]
    summary = views.customer_summary(table, recs, "usage_pct")
    ordered = views.sort_summary(summary, "Worst adoption first")
    assert ordered.select("customer_name", "worst").rows() == [("Goteborg Bygg Oy", 45.0), ("Göteborgs Åkeri AB", 85.0)]
    cells = views.heatmap_cells(table, views.customer_labels(summary), "usage_pct").filter(
        pl.col("workload") == "Skype for Business"
    )
    assert sorted(cells.select("customer_label", "label", "judged", "flags").rows()) == [
        (
            "Goteborg Bygg Oy",
            "30.0%",
            False,
            "not judged: Skype for Business Online was retired on 31 July 2021; Teams replaced it",
        ),
        (
            "Göteborgs Åkeri AB",
            "2.0%",
            False,
            "not judged: Skype for Business Online was retired on 31 July 2021; Teams replaced it",
        ),
    ]


def test_the_settings_can_judge_skype_again():
    portfolio, table = retired_table()
    judged = Settings(unjudged_workloads=())
    recs = recommendations(portfolio, judged, table=table)
    assert sorted(recs.select("customer_name", "problem").rows()) == [
        ("Goteborg Bygg Oy", "low_adoption"),
        ("Göteborgs Åkeri AB", "low_adoption"),
    ]
    assert ["Skype for Business" in actions for actions in recs.get_column("actions")] == [True, True]


# ---- the Portfolio page's view model (adoption.portfolio_view)


def test_page_cells_change_mode_for_one_page_only(table, summary):
    shown = views.customer_labels(summary.filter(pl.col("key").is_in([CONTOSO, FABRIKAM, LITWARE])))
    rows = views.rows_for_period(table, "2026-10")
    common = dict(columns="workloads", period="2026-10", metric="usage_pct", settings=Settings())
    cells = pv.page_cells(table, rows, shown, mode="change", **common)
    assert sorted(cells.select("customer_label", "workload", "label").rows()) == CHANGE_TO_OCTOBER
    only_teams = pv.page_cells(table, rows, shown, mode="adoption", workloads=("Teams",), **common)
    assert sorted(only_teams.select("customer_label", "workload").rows()) == [
        ("Goteborg Bygg Oy", "Teams"),
        ("Göteborgs Åkeri AB", "Teams"),
    ]
    assert set(only_teams["label"].to_list()) <= {"n/a"} | {f"{v}%" for v in only_teams["value"].to_list()}


def test_portfolio_periods_pages_and_wording():
    assert pv.period_choices(["2026-08", "2026-09", "2026-10"]) == ["latest", "2026-10", "2026-09", "2026-08"]
    assert [pv.period_label(c) for c in ("latest", "2026-10")] == ["Latest per customer", "2026-10"]
    assert [pv.chosen_period(c) for c in ("latest", "2026-10")] == [None, "2026-10"]
    assert [pv.page_count(n) for n in (0, 1, 40, 41, 150)] == [1, 1, 1, 2, 4]
    assert [pv.shown_page(p, 60) for p in (0, 1, 2, 3, 9)] == [1, 1, 2, 2, 2]
    assert pv.heatmap_title("usage_pct", "change") == "Portfolio change in Usage %"
    assert pv.heatmap_title("deployment_pct", "adoption") == "Portfolio Deployment %"
    assert pv.heatmap_subtitle("2026-10", 2, 40, 150, "Most seats") == (
        "2026-10 · customers 41–80 of 150, most seats · click a cell to open the customer"
    )
    assert pv.legend_caption("change", None, "usage_pct", 40, 80, Settings()) == (
        "Blue: improved since the customer's previous period; red: slipped. Points, not percent. "
        "Each customer's latest period is compared with its own previous one."
    )
    assert pv.legend_caption("adoption", "2026-10", "usage_pct", 40, 80, Settings()) == (
        "Red: below 40% (low) · amber to light green: 40–80% · green: 80–100% (healthy) · purple: above 100% "
        "(the customer page says why) · grey: no figure, or a workload that is not judged (Skype for Business: "
        "retired; Settings) · empty: not reported"
    )


def test_customers_table_columns_and_problem_labels(summary):
    scored = summary.with_columns(health_score=pl.lit(80), health_band=pl.lit("healthy"), trend=pl.lit("↘ -3.1"))
    shown = pv.customers_table(views.sort_summary(scored, "Name"))
    assert shown.columns == [
        "customer_name",
        "health_score",
        "health_band",
        "trend",
        "customer_id",
        "segment",
        "market",
        "seats",
        "licenses_sold",
        "active_users",
        "unused_licenses",
        "worst",
        "problems",
    ]
    labels = set(shown["problems"].explode().drop_nulls().to_list())
    assert labels and labels <= set(PROBLEM_LABELS.values())

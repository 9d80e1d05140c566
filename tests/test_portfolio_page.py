"""The Portfolio's paging through AppTest: the page number is in the URL like the other view choices, so a
copied link reopens the same page; when a filter leaves fewer pages than the one shown, the last one shows."""

from __future__ import annotations

import pytest

from app_fixtures import fill
from store_fixtures import insights_tsv
from test_app_pages import app, heatmap, run

# 90 customers: pages of 40, 40 and 10 (60 named Kund, 30 named Firma)
CUSTOMERS = sorted([f"Kund {i:03d} AB" for i in range(1, 61)] + [f"Firma {i:03d} Oy" for i in range(61, 91)])


@pytest.fixture
def ninety(store_path):
    rows = [
        (name, workload, "2026-10", 50, 20 + i % 30)
        for i, name in enumerate(CUSTOMERS)
        for workload in ("Exchange", "Teams")
    ]
    fill(store_path, "default", ("insights.tsv", insights_tsv(rows)))
    return store_path


def shown(at) -> tuple[str, list[str]]:
    """The heatmap's subtitle and the customers on its rows."""
    spec, cells = heatmap(at)
    subtitle = spec["title"]["subtitle"]  # in lines that fit the narrowest window, broken between " · " clauses
    return " · ".join(subtitle) if isinstance(subtitle, list) else subtitle, cells["customer_label"].unique(
        maintain_order=True
    ).to_list()


def test_a_link_with_a_page_number_opens_that_page(ninety):
    at = app("portfolio", query={"sort": "Name", "page": "2"})
    subtitle, names = shown(at)
    assert subtitle == "latest period · customers 41–80 of 90, name · click a cell to open the customer"
    assert sorted(names) == CUSTOMERS[40:80]
    assert at.query_params["page"] == "2"


def test_a_filter_that_leaves_fewer_pages_shows_the_last_one(ninety):
    at = app("portfolio", query={"sort": "Name", "page": "3"})
    assert shown(at) == (
        "latest period · customers 81–90 of 90, name · click a cell to open the customer",
        CUSTOMERS[80:],
    )
    narrowed = run(at.text_input(key="q").set_value("Kund"))  # 60 customers: two pages
    assert shown(narrowed) == (
        "latest period · customers 41–60 of 60, name · click a cell to open the customer",
        [n for n in CUSTOMERS if n.startswith("Kund")][40:],
    )
    assert narrowed.query_params["page"] == "2"
    one_page = run(narrowed.text_input(key="q").set_value("Kund 00"))  # Kund 001..009: no pager
    assert shown(one_page)[0] == "latest period · customers 1–9 of 9, name · click a cell to open the customer"

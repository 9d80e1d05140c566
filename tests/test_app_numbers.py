"""Issue 10 in the app (AppTest): the figures a person counts by hand on the bundled sample and on
real-looking uploads: licenses counted once, tickets of two helpdesks adding up, a stray quote that
loses no row, Skype for Business shown but not judged, the change view over sources that end in
different months, and markets as one vocabulary."""

from __future__ import annotations

import pytest
from test_stray_quote import canonical

from export_fixtures import delimited
from store_fixtures import freshdesk_export, zendesk_export
from test_app_pages import app, fill, go, heatmap, kpis, run, table_names, upload, values

GOTEBORG = "0f032267-6f2d-4244-ad85-daf6bf35a591"  # Göteborgs Åkeri AB in data/
JONKOPING = "b9406161-76cc-4fa7-b25f-25d5e558692c"  # Jönköpings Ståltjänst AB
CANONICAL = [
    "customer_id",
    "customer_name",
    "period",
    "workload",
    "licenses_sold",
    "licenses_assigned",
    "active_users",
    "segment",
    "market",
]


@pytest.fixture
def sample_store(tmp_path, monkeypatch):
    """A temporary store the app fills with the bundled sample on first start (data/ is only read)."""
    monkeypatch.setenv("ADOPTION_STORE", str(tmp_path / "store.duckdb"))


def test_sample_goteborgs_akeri_is_a_64_seat_customer(sample_store):
    at = app("customer", query={"customer": GOTEBORG})
    # 64 Microsoft 365 Business Standard licenses (Insights and the API agree; it showed 320: five
    # workload rows plus the product added up), 61 assigned (API), 66 people active in any workload in
    # the user detail (60 licensed + 6 leavers still active: 108.2%, explained as turnover), 0 unused
    assert kpis(at)[:6] == ["64", "61", "66", "95.3%", "108.2%", "0"]
    assert any("staff turnover" in w for w in values(at.warning))


def test_sample_jonkopings_staltjanst_counts_its_suite_once(sample_store):
    at = app("customer", query={"customer": JONKOPING})
    # 2,291 E3 + 327 E5 + 655 F3 = 3,273 sold, the same licenses as each workload row's 3,273
    assert kpis(at)[:6] == ["3,273", "3,017", "798", "92.2%", "26.5%", "2,475"]
    assert (
        r"Skype for Business is shown but not judged\: Skype for Business Online was retired on 31 July 2021; "
        r"Teams replaced it\." in values(at.caption)
    )
    evidence = [t.value for t in at.text if "usage" in t.value]
    assert evidence == [
        "SharePoint usage 21.8% (658 active of 3017); Teams usage 25.8% (779 active of 3017); "
        "Exchange usage 26.5% (798 active of 3017)",
        # slipping: against July, three stored months earlier (Usage % of licenses sold then)
        "Exchange usage fell from 43.8% (2026-07) to 26.5% (2026-10), -17.3 points; "
        "Teams usage fell from 41.1% (2026-07) to 25.8% (2026-10), -15.3 points",
    ]
    # health: Deployment 92.2% 25 of 25, Usage (mean of 26.5, 21.8, 25.8: below 40%) 0 of 40, trend -17.3
    # points 0 of 15, no help tickets 20 of 20 = 45: at risk; the weakest of the three, SharePoint, beside it
    assert [e.label for e in at.expander if e.label.startswith("Health")] == [
        r"Health 45 of 100\: at risk · weakest workload SharePoint 21\.8%"
    ]


def test_sample_portfolio_tiles_add_customers(sample_store):
    at = app()
    assert kpis(at) == ["150", "53,907", "46,272", "29,167", "85.8%", "63.0%", "24,752", "246,808 EUR"]


def test_sample_next_steps_judge_without_skype_and_the_settings_can_bring_it_back(sample_store):
    at = app("next_steps")
    assert [m.value for m in at.metric] == ["48", "12", "3", "21"]  # low, slipping, support, upsell
    ranked = at.dataframe[0].value
    # priorities are unused licenses counted once: Östgöta (3,500 - 815) + (377 - 94) + (638 - 212) Dynamics seats;
    # Jönköpings 3,273 - 798 (it was first with 10,771, its four workload rows' unused added up)
    assert list(zip(ranked["customer_name"], ranked["priority"]))[:2] == [
        ("Östgöta Bygg & Måleri AB", 2685 + 283 + 426),
        ("Jönköpings Ståltjänst AB", 2475),
    ]
    go(at, "settings")
    at.multiselect[0].set_value([])
    run(next(b for b in at.button if b.label == "Apply").click())
    go(at, "next_steps")
    assert [m.value for m in at.metric][::2] == ["56", "3"]  # 8 customers were low on Skype alone


def test_two_helpdesks_add_up_on_the_customer_page(store_path):
    zendesk = zendesk_export(
        [
            (7001, "Fabrikam AB", "question", "How do I share a calendar?", "2026-10-20", "open"),
            (7002, "Fabrikam AB", "question", "Teams meeting recording", "2026-10-22", "open"),
        ]
    )
    freshdesk = freshdesk_export(
        [
            (41, "Fabrikam AB", "Question", "Shared mailbox access", "2026-10-21", "Open"),
            (42, "Fabrikam AB", "Question", "OneDrive sync", "2026-10-23", "Open"),
        ]
    )
    licenses = delimited(
        CANONICAL, [["", "Fabrikam AB", "2026-10", w, 50, 50, 40, "SMB", "Sweden"] for w in ("Exchange", "Teams")]
    )
    fill(store_path, "default", ("licenses.csv", licenses), ("zendesk.csv", zendesk), ("freshdesk.csv", freshdesk))
    at = app("customer", query={"customer": "name:fabrikam ab"})
    # 2 Zendesk + 2 Freshdesk how-to tickets in the window, per 100 of 50 licensed users
    assert [m.value for m in at.metric][-2:] == ["4", "8.0"]


def test_a_stray_quote_in_an_upload_loses_only_its_own_line(store_path):
    at = upload(app("upload"), ("customers.csv", canonical(500)))
    assert values(at.success) == [r"customers\.csv\: stored 499 rows \(1 rejected\) for 499 customers as upload 1\."]


def test_markets_are_one_vocabulary_and_empty_segments_stay_blank(store_path):
    rows = [
        ["", "Alfa AB", "2026-10", "Exchange", 10, 10, 8, "SMB", "SE"],
        ["", "Beta AB", "2026-10", "Exchange", 10, 10, 8, "", "Sweden"],
        ["", "Gamma Oy", "2026-10", "Exchange", 10, 10, 8, "SMB", "Suomi"],
        ["", "Delta AS", "2026-10", "Exchange", 10, 10, 8, "SMB", ""],
    ]
    tickets = zendesk_export([(1, "Epsilon ApS", "question", "Teams help", "2026-10-20", "open")])
    fill(store_path, "default", ("customers.csv", delimited(CANONICAL, rows)), ("tickets.csv", tickets))
    at = app()
    market = at.multiselect(key="market")
    assert market.options == ["Finland", "Sweden"]
    table = at.dataframe[0].value
    assert dict(zip(table["customer_name"], table["market"])) == {
        "Alfa AB": "Sweden",
        "Beta AB": "Sweden",
        "Gamma Oy": "Finland",
        "Delta AS": "",
    }
    assert dict(zip(table["customer_name"], table["segment"]))["Beta AB"] == ""
    run(market.set_value(["Sweden"]))
    assert table_names(at) == ["Alfa AB", "Beta AB"]
    # the sidebar counts customers as the Portfolio does, and says who has no license data
    assert r"2 files · 5 customers \(4 with license data, 1 with tickets or subscriptions only\) · 2026\-10" in values(
        at.sidebar.caption
    )


def test_change_view_keeps_customers_whose_sources_end_earlier(store_path):
    rows = [
        ["", "Alfa AB", "2026-09", "Exchange", 100, 100, 50, "SMB", "SE"],
        ["", "Alfa AB", "2026-10", "Exchange", 100, 100, 60, "SMB", "SE"],
        ["", "Beta AB", "2026-07", "Exchange", 100, 100, 70, "SMB", "SE"],
        ["", "Beta AB", "2026-08", "Exchange", 100, 100, 65, "SMB", "SE"],
    ]
    fill(store_path, "default", ("customers.csv", delimited(CANONICAL, rows)))
    spec, cells = heatmap(app(query={"view": "Change since previous period"}))
    assert spec["title"]["text"] == "Portfolio change in Usage %"
    assert sorted(cells.select("customer_label", "label").rows()) == [("Alfa AB", "+10.0"), ("Beta AB", "-5.0")]

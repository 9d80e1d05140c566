"""Every page of the app through Streamlit's AppTest, on a temporary store filled with the crafted
portfolio of app_fixtures (never data/): renders, empty states, Portfolio filters/sorting/metric,
customer deep links, Next steps, Upload (good, bad, duplicate, one-tenant, unmapped helpdesk),
Data (list, remove), Settings, injection (names as text, formula-safe downloads) and sign-in
workspaces (two users, each sees only their own customers)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import polars as pl
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

import app_fixtures as fx
from adoption.metrics import license_table
from adoption.store import Store
from app_fixtures import fill
from ui.widgets import ONE_PNG_BUTTON, md_text

APP = Path(__file__).resolve().parent.parent / "app.py"
PAGES = ["portfolio", "customer", "next_steps", "upload", "data", "settings"]
TITLES = {
    "portfolio": "Portfolio",
    "customer": "Customer insights",
    "next_steps": "Next steps",
    "upload": "Upload exports",
    "data": "Stored data",
    "settings": "Settings",
}
# Markdown-rendered element types: data text in them must arrive escaped (md_text).
MARKDOWN_TYPES = ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success")
SCRIPT_NAME = "<script>alert(1)</script>"
FORMULA_NAME = "=cmd|' /C calc'!A0"
AUTH = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "test-cookie-secret",
        "client_id": "client",
        "client_secret": "secret",
        "server_metadata_url": "https://login.example.com/.well-known/openid-configuration",
    },
    "workspaces": {"team_members": ["ann@example.com", "cecil@example.com"]},
}


# ---- set-up (the fixtures store_path, filled and downloads are in conftest.py) ---------------------


def app(
    page: str = "portfolio", query: dict | None = None, user: dict | None = None, secrets: dict | None = None
) -> AppTest:
    """A fresh session opened on `page` (as a deep link would), run once."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update(query or {})
    if user is not None:
        at.user = user
    if secrets is not None:
        at.secrets = secrets
    if page != "portfolio":
        at.switch_page(script(page))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def run(thing) -> AppTest:
    """Rerun after an interaction (a widget's run() returns its AppTest); never an exception."""
    at = thing.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def script(page: str) -> str:
    """The file a page is: app.py is the Portfolio, every other page is pages/<page>.py."""
    return "app.py" if page == "portfolio" else f"pages/{page}.py"


def go(at: AppTest, page: str) -> AppTest:
    return run(at.switch_page(script(page)))


def values(elements) -> list[str]:
    return [e.value for e in elements]


def kpis(at: AppTest) -> list[str]:
    """The KPI tiles' values in order (labels are still being worded)."""
    return [m.value for m in at.main.metric]


def every(at: AppTest, types=MARKDOWN_TYPES) -> list[str]:
    found = []
    for kind in types:
        found += [str(e.value) for e in at.get(kind)]
        found += [str(e.value) for e in at.sidebar.get(kind)]
    return found


def page_text(at: AppTest) -> str:
    return "\n".join(every(at, MARKDOWN_TYPES + ("text",)) + [m.label + " " + str(m.value) for m in at.metric])


def table_names(at: AppTest) -> list[str]:
    return at.dataframe[0].value["customer_name"].tolist()


def heatmap(at: AppTest) -> tuple[dict, pl.DataFrame]:
    chart = at.get("vega_lite_chart")[0]
    cells = pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_all()
    return json.loads(chart.proto.spec), pl.from_arrow(cells)


def stored_licenses(path: Path, workspace: str = "default") -> list[tuple]:
    with Store.open(path) as store:
        table = license_table(store.portfolio(workspace), all_periods=True)
    return table.select("customer_name", "period", "workload", "licenses_sold", "active_users").sort(pl.all()).rows()


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader(key="uploads").set_value([(name, data, "text/plain") for name, data in files])
    return run(at)


# ---- every page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_data(filled, page):
    at = app(page, query={"customer": fx.FABRIKAM} if page == "customer" else None)
    assert values(at.title)[0] == TITLES[page]
    assert values(at.error) == []
    # the sidebar says what is loaded: own data (it is not empty), 2 files, 4 customers, both periods
    assert at.session_state["data"] == "mine"
    assert values(at.sidebar.caption)[0] == r"2 files · 4 customers · 2026\-09 to 2026\-10"


EMPTY_STATES = {
    "portfolio": "No license data yet. Upload a Partner Center Insights license usage report",
    "customer": "No customers yet: upload exports on the Upload page",
    "next_steps": "Nothing to act on yet: upload license and ticket exports",
    "upload": "Nothing uploaded in this session yet.",
    "data": "Nothing stored here yet. Upload exports on the Upload page",
}


@pytest.mark.parametrize("page", list(EMPTY_STATES))
def test_every_page_on_an_empty_store_says_what_to_upload(store_path, page):
    at = app(page)
    assert at.session_state["data"] == "sample"  # nothing of the user's own yet
    assert [v for v in values(at.info) if v.startswith(EMPTY_STATES[page])], values(at.info)
    assert len(at.get("vega_lite_chart")) == 0
    assert len(at.dataframe) == 0 and values(at.error) == []
    assert values(at.sidebar.caption)[0] == "0 files · 0 customers · no periods yet"


def test_settings_page_on_an_empty_store(store_path):
    at = app("settings")
    texts = values(at.text)
    assert f"Store file: {store_path}" in texts
    assert "Sign-in: off (single local user)" in texts


# ---- Portfolio ----------------------------------------------------------------------------------


def test_portfolio_kpis_heatmap_and_table(filled):
    at = app()
    # Each customer's licenses once (the largest workload row, never Exchange + Teams): sold 100 + 200 + 50 + 60,
    # active the largest workload's 60 + 150 + 48 + 75 = 333, Usage 333 / 410, unused 40 + 50 + 2 + 0 (Northwind's 75
    # active of 60 is not negative)
    assert kpis(at) == ["4", "410", "n/a", "333", "n/a", "81.2%", "92"]
    assert table_names(at) == ["Contoso Ltd", "Adatum Corp", "Fabrikam AB", "Northwind Traders"]
    spec, cells = heatmap(at)
    assert spec["title"]["text"] == "Portfolio Usage %"
    assert spec["layer"][0]["encoding"]["y"]["sort"] == table_names(at)
    params = spec.get("params", []) + [p for layer in spec["layer"] for p in layer.get("params", [])]
    assert [p["name"] for p in params] == ["cell"]  # the point selection a click opens the customer with
    got = cells.select("key", "workload", "value", "label").sort("key", "workload").rows()
    assert got == [
        (fx.CONTOSO, "Exchange", 20.0, "20.0%"),
        (fx.CONTOSO, "Teams", 75.0, "75.0%"),
        (fx.FABRIKAM, "Exchange", 90.0, "90.0%"),
        (fx.FABRIKAM, "Teams", 96.0, "96.0%"),
        (fx.NORTHWIND, "Exchange", 125.0, "125.0%"),
        (fx.NORTHWIND, "Teams", 95.0, "95.0%"),
        ("name:adatum corp", "Exchange", 60.0, "60.0%"),
        ("name:adatum corp", "Teams", 55.0, "55.0%"),
    ]
    assert at.dataframe[0].value["problems"].map(list).tolist() == [
        ["Low adoption"],
        [],
        ["High support load", "Upsell room"],
        ["Upsell room"],
    ]  # labels, not rule ids
    assert values(at.main.caption)[-1] == r"8 rows of 4 customers as filtered\."


@pytest.mark.parametrize(
    "widget, value, expected_kpis, expected_names",
    [
        # search matches names, case-insensitively
        ("q", "fab", ["1", "50", "n/a", "48", "n/a", "96.0%", "2"], ["Fabrikam AB"]),
        # ... and tenant ids
        ("q", "2b3c4d5e", ["1", "60", "n/a", "75", "n/a", "125.0%", "0"], ["Northwind Traders"]),
        # upsell room: Fabrikam (90%) and Northwind (95%); 48 + 75 active of 50 + 60 sold
        ("problem", ["upsell"], ["2", "110", "n/a", "123", "n/a", "111.8%", "2"], ["Fabrikam AB", "Northwind Traders"]),
        ("problem", ["low_adoption"], ["1", "200", "n/a", "150", "n/a", "75.0%", "50"], ["Contoso Ltd"]),
        # at least 100 seats: Contoso (200) and Adatum (100), 150 + 60 active of 300
        ("min_seats", 100, ["2", "300", "n/a", "210", "n/a", "70.0%", "90"], ["Contoso Ltd", "Adatum Corp"]),
        # Teams only: 55 + 150 + 48 + 57 = 310 active of 410 sold
        (
            "workload",
            ["Teams"],
            ["4", "410", "n/a", "310", "n/a", "75.6%", "100"],
            ["Contoso Ltd", "Adatum Corp", "Fabrikam AB", "Northwind Traders"],
        ),
    ],
)
def test_portfolio_filters_narrow_tiles_and_table(filled, widget, value, expected_kpis, expected_names):
    at = app()
    at.get(
        {"q": "text_input", "problem": "multiselect", "min_seats": "number_input", "workload": "multiselect"}[widget]
    )
    element = {"q": at.text_input, "problem": at.multiselect, "min_seats": at.number_input, "workload": at.multiselect}[
        widget
    ](key=widget)
    run(element.set_value(value))
    assert kpis(at) == expected_kpis
    assert table_names(at) == expected_names
    _, cells = heatmap(at)
    assert sorted(set(cells["customer_label"].to_list())) == sorted(expected_names)
    if widget == "workload":
        assert set(cells["workload"].to_list()) == {"Teams"}
    assert element.proto.query_param_key == widget  # bound to the URL, so a copied link reopens the view


def test_portfolio_filters_combine_and_a_deep_link_reopens_them(filled):
    # "n": Contoso and Northwind; at least 100 seats: Contoso and Adatum; both: Contoso. The URL holds
    # what the widgets show (labels), as the browser writes it.
    at = app(query={"q": "n", "min_seats": "100", "problem": "Low adoption", "sort": "Name"})
    assert at.text_input(key="q").value == "n" and at.number_input(key="min_seats").value == 100
    assert at.multiselect(key="problem").value == ["low_adoption"] and at.selectbox(key="sort").value == "Name"
    assert table_names(at) == ["Contoso Ltd"]
    assert kpis(at) == ["1", "200", "n/a", "150", "n/a", "75.0%", "50"]


def test_portfolio_search_without_a_match_says_so(filled):
    at = app()
    run(at.text_input(key="q").set_value("no such customer"))
    assert values(at.info) == ["No customer matches these filters. Clear a filter or the search to see more."]
    assert kpis(at)[0] == "0"
    assert len(at.get("vega_lite_chart")) == 0 and len(at.dataframe) == 0


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("Worst adoption first", ["Contoso Ltd", "Adatum Corp", "Fabrikam AB", "Northwind Traders"]),
        ("Most unused licenses", ["Contoso Ltd", "Adatum Corp", "Fabrikam AB", "Northwind Traders"]),
        ("Most seats", ["Contoso Ltd", "Adatum Corp", "Northwind Traders", "Fabrikam AB"]),
        ("Name", ["Adatum Corp", "Contoso Ltd", "Fabrikam AB", "Northwind Traders"]),
    ],
)
def test_portfolio_sorting_orders_table_and_heatmap_rows(filled, sort, expected):
    at = app()
    run(at.selectbox(key="sort").set_value(sort))
    assert table_names(at) == expected
    spec, _ = heatmap(at)
    assert spec["layer"][0]["encoding"]["y"]["sort"] == expected


def test_portfolio_metric_toggle_recolours_and_resorts(filled):
    at = app()
    run(at.segmented_control(key="metric").set_value("deployment_pct"))
    spec, cells = heatmap(at)
    assert spec["title"]["text"] == "Portfolio Deployment %"
    # Insights has no assigned figures: every Deployment % is unknown, shown grey with n/a
    assert set(cells["label"].to_list()) == {"n/a"} and cells["value"].null_count() == 8
    assert at.dataframe[0].value["worst"].isna().all()
    # worst-first over unknown values falls back to the name
    assert table_names(at) == ["Adatum Corp", "Contoso Ltd", "Fabrikam AB", "Northwind Traders"]
    assert kpis(at) == ["4", "410", "n/a", "333", "n/a", "81.2%", "92"]  # the tiles do not depend on the colour
    again = app(query={"metric": "Deployment %"})  # the link of that view
    assert heatmap(again)[0]["title"]["text"] == "Portfolio Deployment %"


def test_portfolio_change_view_shows_points_since_previous_period(filled):
    at = app(query={"view": "Change since previous period"})
    _, cells = heatmap(at)
    got = dict(zip(zip(cells["key"], cells["workload"]), cells["label"]))
    # Contoso Exchange 15% -> 20%; Northwind Exchange 83.3% -> 125%; Fabrikam Teams 88% -> 96%
    assert (got[(fx.CONTOSO, "Exchange")], got[(fx.NORTHWIND, "Exchange")], got[(fx.FABRIKAM, "Teams")]) == (
        "+5.0",
        "+41.7",
        "+8.0",
    )


def test_portfolio_period_picker_shows_that_month(filled):
    at = app()
    run(at.selectbox(key="period").set_value("2026-09"))
    # 2026-09: sold 100 + 200 + 50 + 60, active the largest workload's 58 + 140 + 44 + 54 = 296
    assert kpis(at)[:4] == ["4", "410", "n/a", "296"]


# ---- Customer -----------------------------------------------------------------------------------

POSSIBLE_CAUSES = (
    r"The data loaded does not show why\. The known causes are staff turnover, a second subscription "
    r"of the same product in grace, disabled or deprovisioned state, a trial subscription, and Yammer "
    r"used beyond its licenses\. Uploading the customer's subscription list or active user detail "
    r"report can tell them apart\."
)


def test_customer_deep_link_shows_that_customer_and_why_usage_is_above_100(filled):
    at = app("customer", query={"customer": fx.NORTHWIND})
    assert values(at.header) == ["Northwind Traders"]
    assert at.selectbox(key="customer_pick").value == fx.NORTHWIND
    # 60 licenses (Exchange and Teams rows describe the same 60), active the largest workload's 75 (125.0%),
    # unused 0; then the support tiles
    assert kpis(at)[:6] == ["60", "n/a", "75", "n/a", "125.0%", "0"]
    assert values(at.warning) == [r"**Exchange\: Usage 125\.0% in 2026\-10.** " + POSSIBLE_CAUSES]
    assert len(at.get("vega_lite_chart")) == 3  # figures, percentages, the trend (two periods)
    assert "Fabrikam AB" not in page_text(at) and "Contoso Ltd" not in page_text(at)


def test_customer_without_usage_above_100_has_no_explanation_but_its_problems(filled):
    at = app("customer", query={"customer": fx.FABRIKAM})
    assert values(at.header) == ["Fabrikam AB"]
    assert values(at.warning) == []
    texts = values(at.text)
    assert "4 help/how-to tickets in the 30 days to 2026-10-28 = 8.0 per 100 licensed users (50)" in texts
    assert "lowest Usage 90.0% across 2 workloads/products; 50 licensed users" in texts
    support = {m.label: m.value for m in at.metric}
    assert support["Help/how-to tickets, last 30 days"] == "4" and support["Per 100 licensed users"] == "8.0"


def test_unknown_customer_link_says_not_found_and_shows_none_of_the_data(filled):
    at = app("customer", query={"customer": "ffffffff-0000-4000-8000-000000000000"})
    assert values(at.error) == ["Customer not found in the data you are looking at. Pick one below."]
    assert values(at.header) == [] and len(at.metric) == 0 and len(at.get("vega_lite_chart")) == 0
    text = page_text(at)
    assert not any(name in text for name in ("Contoso", "Fabrikam", "Northwind", "Adatum"))
    assert at.selectbox(key="customer_pick").value is None


def test_picking_a_customer_puts_it_in_the_link(filled):
    at = app("customer")
    assert values(at.info) == ["Choose a customer, or click a cell on the Portfolio heatmap."]
    run(at.selectbox(key="customer_pick").set_value(fx.CONTOSO))
    assert values(at.header) == ["Contoso Ltd"]
    assert at.query_params["customer"] == fx.CONTOSO


def test_logging_an_action_stores_it_for_the_customer(filled):
    at = app("customer", query={"customer": fx.CONTOSO})
    form = at.get("form")[0]
    form.text_input[0].set_value("Teams training for the sales team")
    run(form.button[0].click())
    assert [t.value for t in at.toast] == ["Saved. It shows as a dashed line on the trend."]
    assert at.dataframe[-1].value["note"].tolist() == ["Teams training for the sales team"]  # shown at once
    with Store.open(filled) as store:
        assert store.actions("default", fx.CONTOSO)["note"].to_list() == ["Teams training for the sales team"]


# ---- Next steps ---------------------------------------------------------------------------------

# Contoso's priority is its unused licenses counted once: 200 sold - 150 active (Teams), not Exchange's 160 alone.
RANKED = [
    ("Northwind Traders", "Upsell room", 60, "lowest Usage 95.0% across 2 workloads/products; 60 licensed users"),
    ("Contoso Ltd", "Low adoption", 50, "Exchange usage 20.0% (40 active of 200)"),
    (
        "Fabrikam AB",
        "High support load",
        50,
        "4 help/how-to tickets in the 30 days to 2026-10-28 = 8.0 per 100 licensed users (50)",
    ),
    ("Fabrikam AB", "Upsell room", 50, "lowest Usage 90.0% across 2 workloads/products; 50 licensed users"),
]


def ranked(at: AppTest) -> list[tuple]:
    frame = at.dataframe[0].value
    return list(zip(frame["customer_name"], frame["problem"], frame["priority"].astype(int), frame["evidence"]))


def test_next_steps_lists_exactly_the_crafted_problems(filled, downloads):
    at = app("next_steps")
    assert ranked(at) == RANKED
    assert [m.value for m in at.metric] == ["1", "0", "1", "2"]
    assert at.dataframe[0].value["actions"][1] == (
        "Share case studies and customer stories about specific scenarios for Exchange; send tutorials, blogs and "
        "videos that show Exchange in daily work."
    )
    rows = list(csv.DictReader(io.StringIO(downloads("next-steps-2026-10-28.csv"))))
    assert [(r["customer_name"], r["problem"], r["priority"]) for r in rows] == [
        ("Northwind Traders", "upsell", "60"),
        ("Contoso Ltd", "low_adoption", "50"),
        ("Fabrikam AB", "high_support_load", "50"),
        ("Fabrikam AB", "upsell", "50"),
    ]


def test_next_steps_filter_by_problem(filled):
    at = app("next_steps")
    run(at.pills(key="problems").set_value(["upsell"]))
    assert ranked(at) == [RANKED[0], RANKED[3]]
    assert [m.value for m in at.metric] == ["0", "0", "0", "2"]
    assert ranked(app("next_steps", query={"problems": "High support load"})) == [RANKED[2]]  # its link


def test_next_steps_action_plan_escapes_and_names_the_customer(filled, downloads):
    at = app("next_steps")
    run(at.selectbox[0].set_value(fx.FABRIKAM))
    assert "Download action plan (HTML, prints on one page)" in [b.proto.label for b in at.download_button]
    plan = downloads("action-plan-fabrikam-ab-2026-10-28.html")
    assert "<h1>Action plan: Fabrikam AB</h1>" in plan
    assert "<h2>Many help and how-to requests</h2>" in plan and "<h2>High adoption: room to upsell</h2>" in plan
    assert "<h2>Low adoption" not in plan and "Contoso" not in plan


def test_settings_thresholds_change_the_next_steps(filled):
    at = app("settings")
    usage = next(n for n in at.number_input if n.label == "Low adoption: Usage % below")
    usage.set_value(60.0)
    run(next(b for b in at.button if b.label == "Apply").click())
    go(at, "next_steps")
    # Adatum (55% and 60%... only Teams 55% is below 60) joins the low adoption list
    assert ("Adatum Corp", "Low adoption", 40, "Teams usage 55.0% (55 active of 100)") in ranked(at)
    assert [m.value for m in at.metric] == ["2", "0", "1", "2"]


# ---- Upload -------------------------------------------------------------------------------------


def test_upload_stores_the_file_and_shows_the_counts(store_path):
    at = app("upload")
    upload(at, ("insights.tsv", fx.portfolio_tsv()))
    assert values(at.success) == [r"insights\.tsv\: stored 16 rows for 4 customers as upload 1\."]
    assert len(stored_licenses(store_path)) == 16
    assert at.session_state["data"] == "mine"  # the sidebar switched to what was uploaded
    go(at, "portfolio")
    assert kpis(at)[:2] == ["4", "410"]


def test_upload_shows_rejected_rows_with_line_numbers(store_path):
    bad_row = b"4711\t\tTeams\t2026-10-01\tmany\t3\tBroken AB\tSweden\tSMB\t0\n"
    at = app("upload")
    upload(at, ("with-bad-row.tsv", fx.portfolio_tsv() + bad_row))
    assert values(at.success) == [r"with\-bad\-row\.tsv\: stored 16 rows \(1 rejected\) for 4 customers as upload 1\."]
    assert at.expander[-1].label == "1 rejected row, with the reason for each"
    rejected = at.dataframe[0].value
    assert rejected["line"].tolist() == [18] and rejected["column"].tolist() == ["PaidAvailableUnits"]
    assert len(stored_licenses(store_path)) == 16


@pytest.mark.parametrize(
    "name, data",
    [
        ("garbage.csv", b"\x00\x01\x02 not an export at all \xff\xfe"),
        ("notes.txt", b"Dear team,\nplease find the numbers attached.\n"),
    ],
)
def test_a_bad_file_is_a_plain_error_naming_it(store_path, name, data):
    at = app("upload")
    upload(at, (name, data))
    errors = values(at.error)
    assert errors and name.split(".")[0] in errors[0], errors
    assert "Traceback" not in errors[0] and not at.exception
    with Store.open(store_path) as store:
        assert store.uploads().height == 0


def test_the_same_file_twice_stores_it_once(store_path):
    data = fx.portfolio_tsv()
    upload(app("upload"), ("insights.tsv", data))
    again = upload(app("upload"), ("insights (1).tsv", data))  # another session, same bytes
    assert values(again.info) == [r"insights\.tsv is already stored \(upload 1\); nothing changed\."]
    assert len(stored_licenses(store_path)) == 16
    with Store.open(store_path) as store:
        assert store.uploads().height == 1


@pytest.mark.parametrize(
    "name, data",
    [
        ("O365ActiveUserDetail.csv", fx.user_detail_csv()),  # asks for a customer (a picker keyed on the bytes)
        ("insights.tsv", fx.portfolio_tsv()),
    ],
)
def test_two_files_with_the_same_bytes_in_one_upload(store_path, name, data):
    at = app("upload")
    upload(at, (name, data), ("copy of " + name, data))
    assert not at.exception
    assert values(at.info)[-1] == md_text(f"Same content as {name}: stored once.")


def test_several_files_at_once(store_path):
    at = app("upload")
    upload(at, ("insights.tsv", fx.portfolio_tsv()), ("tickets.csv", fx.tickets_csv()))
    assert values(at.success) == [
        r"insights\.tsv\: stored 16 rows for 4 customers as upload 1\.",
        r"tickets\.csv\: stored 5 rows for 2 customers as upload 2\.",
    ]


def test_a_one_tenant_file_asks_for_its_customer(store_path):
    at = app("upload")
    upload(at, ("O365ActiveUserDetail.csv", fx.user_detail_csv()))
    picker = at.selectbox(key=next(k for k in at.session_state.keys() if k.startswith("cust-")))
    assert picker.label == r"Which customer is O365ActiveUserDetail\.csv for?"  # the file name is escaped markdown
    assert values(at.success) == []
    with Store.open(store_path) as store:
        assert store.uploads().height == 0  # nothing stored before the customer is named
    run(picker.set_value(picker.options[-1]))  # "a customer not in the list"
    at.text_input[0].set_value("Tailspin Toys")
    run(at)
    assert values(at.success) == [r"O365ActiveUserDetail\.csv\: stored 5 rows for 1 customer as upload 1\."]
    with Store.open(store_path) as store:
        table = license_table(store.portfolio("default"))
    exchange = table.filter(pl.col("workload") == "Exchange")
    assert exchange.select("customer_name", "licenses_assigned", "active_users").rows() == [("Tailspin Toys", 3, 2)]


def test_a_one_tenant_file_for_a_known_customer(filled):
    at = app("upload")
    upload(at, ("O365ActiveUserDetail.csv", fx.user_detail_csv()))
    picker = at.selectbox[0]
    assert picker.options[:4] == ["Adatum Corp", "Contoso Ltd", "Fabrikam AB", "Northwind Traders"]
    run(picker.set_value("Contoso Ltd"))
    assert values(at.success)[0].startswith(r"O365ActiveUserDetail\.csv\: stored 5 rows for 1 customer")


def test_an_unrecognised_helpdesk_export_gets_the_column_mapping_form(store_path):
    at = app("upload")
    upload(at, ("kundtjanst.csv", fx.odd_helpdesk_csv()))
    assert "kundtjanst" in values(at.error)[0]
    form = at.get("form")[0]
    boxes = {box.label: box for box in form.selectbox}
    assert list(boxes) == [
        "Customer (organization, company, account)",
        "Type or category",
        "Created date",
        "Status (optional)",
    ]
    assert boxes["Customer (organization, company, account)"].value == "Kundnamn"  # guessed from "kund"
    boxes["Type or category"].set_value("Ärendekategori")
    boxes["Created date"].set_value("Skapad")
    boxes["Status (optional)"].set_value("Läge")
    run(form.button[0].click())
    assert values(at.success) == [r"kundtjanst\.csv\: stored 3 rows for 2 customers as upload 1\."]
    with Store.open(store_path) as store:
        tickets = store.portfolio("default").tickets
    assert sorted(tickets.select("customer_name", "ticket_type").rows()) == [
        ("Contoso Ltd", "incident"),
        ("Fabrikam AB", "question"),
        ("Fabrikam AB", "question"),
    ]


def test_upload_page_offers_the_template(store_path, downloads):
    at = app("upload")
    assert [b.proto.label for b in at.download_button] == ["Canonical CSV template"]
    header = downloads("adoption-template.csv").splitlines()[0]
    assert (
        header
        == "customer_id,customer_name,period,workload,licenses_sold,licenses_assigned,active_users,segment,market"
    )
    assert at.file_uploader(key="uploads").accept_multiple_files


# ---- Data ---------------------------------------------------------------------------------------


def test_data_page_lists_uploads(filled):
    at = app("data")
    assert [m.value for m in at.metric] == ["2", "4", "21", "0", "0"]
    listed = at.dataframe[0].value
    assert listed["file_name"].tolist() == ["insights.tsv", "tickets.csv"]
    assert listed["kind"].tolist() == ["Partner Center Insights Office 365 license usage", "helpdesk ticket export"]
    assert listed["periods"].tolist() == ["2026-09 to 2026-10 (2 months)", ""]


def test_removing_an_upload_after_confirming_removes_its_rows(filled):
    at = app("data")
    run(at.selectbox[0].set_value(2))  # tickets.csv
    remove = next(b for b in at.button if b.label == "Remove upload")
    assert remove.disabled  # not before the confirmation
    run(at.checkbox(key="confirm-2").check())
    run(next(b for b in at.button if b.label == "Remove upload").click())
    with Store.open(filled) as store:
        assert store.uploads()["file_name"].to_list() == ["insights.tsv"]
        assert store.portfolio("default").tickets.height == 0
    assert [m.value for m in at.metric][:3] == ["1", "4", "16"]
    go(at, "next_steps")
    assert [r[1] for r in ranked(at)] == ["Upsell room", "Low adoption", "Upsell room"]


def test_the_sample_cannot_be_removed_from_the_data_page(store_path):
    fill(store_path, "sample", ("sample.tsv", fx.portfolio_tsv()))
    at = app("data")
    assert at.session_state["data"] == "sample"
    run(at.selectbox[0].set_value(1))
    assert "The bundled sample cannot be changed here." in values(at.caption)
    assert not [b for b in at.button if b.label == "Remove upload"]


# ---- injection: names are text, downloads are formula-safe ---------------------------------------


@pytest.fixture
def hostile(store_path):
    data = fx.insights_tsv(
        [
            (SCRIPT_NAME, "Exchange", "2026-10", 10, 2),
            (SCRIPT_NAME, "Teams", "2026-10", 10, 12),
            (FORMULA_NAME, "Exchange", "2026-10", 10, 9),
            (FORMULA_NAME, "Teams", "2026-10", 10, 9),
        ]
    )
    fill(store_path, "default", ("hostile <b>names</b>.tsv", data))
    return store_path


def assert_text_only(at: AppTest) -> None:
    # the only HTML: the constant style sheet that hides the chart toolbar's second PNG button (ui.widgets)
    assert [element.proto.body for element in at.get("html")] in ([], [ONE_PNG_BUTTON] * len(at.get("html")))
    for element in at.get("markdown") + at.sidebar.get("markdown"):
        assert not element.proto.allow_html, element.value
    for text in every(at):
        assert "<script>" not in text and "<b>" not in text, text
        assert FORMULA_NAME not in text, text


@pytest.mark.parametrize("page", PAGES)
def test_hostile_names_render_as_text_on_every_page(hostile, page):
    script_key = "name:" + SCRIPT_NAME.lower()
    at = app(page, query={"customer": script_key} if page == "customer" else None)
    assert_text_only(at)
    if page == "customer":
        assert values(at.header) == [r"\<script\>alert\(1\)\</script\>"]
        assert len(at.warning) == 1  # Teams usage 120%: explained, and still escaped
    if page == "data":
        run(at.selectbox[0].set_value(1))
        assert_text_only(at)


def test_downloads_are_formula_safe(hostile, downloads):
    at = app()
    assert sorted(table_names(at)) == sorted([SCRIPT_NAME, FORMULA_NAME])  # the table shows the names as they are
    rows = list(
        csv.DictReader(io.StringIO(downloads(next(n for n in downloads.names if n.startswith("portfolio-rows-")))))
    )
    assert sorted({r["customer_name"] for r in rows}) == sorted([SCRIPT_NAME, "'" + FORMULA_NAME])
    at = go(at, "next_steps")
    body = downloads("next-steps.csv")  # no tickets, so no as-of date in the name
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert "'" + FORMULA_NAME in cells and not any(c[:1] in "=+-@" for c in cells if c)
    run(at.selectbox[0].set_value("name:" + SCRIPT_NAME.lower()))
    plan = downloads("action-plan-script-alert-1-script.html")
    assert "<h1>Action plan: &lt;script&gt;alert(1)&lt;/script&gt;</h1>" in plan and "<script>" not in plan


# ---- sign-in and workspaces ---------------------------------------------------------------------


def signed_in(email: str, page: str = "upload", query: dict | None = None) -> AppTest:
    return app(page, query=query, user={"is_logged_in": True, "email": email}, secrets=AUTH)


def test_sign_in_gate_shows_no_data_to_a_stranger(filled):
    at = app(user={"is_logged_in": False}, secrets=AUTH)
    assert values(at.title) == ["Adoption Insights"]
    assert [b.label for b in at.button] == ["Sign in"]
    assert len(at.metric) == 0 and len(at.dataframe) == 0


def test_two_users_each_see_only_their_own_customers(store_path):
    ann = signed_in("Ann@Example.com")
    upload(ann, ("contoso.tsv", fx.one_customer_tsv("Contoso Ltd")))
    bob = signed_in("bob@example.com")
    upload(bob, ("fabrikam.tsv", fx.one_customer_tsv("Fabrikam AB")))
    for at, own, other in ((ann, "Contoso Ltd", "Fabrikam AB"), (bob, "Fabrikam AB", "Contoso Ltd")):
        go(at, "portfolio")
        assert at.session_state["data"] == "mine"
        assert table_names(at) == [own]
        assert other not in page_text(at)
        assert values(at.sidebar.caption)[0] == r"1 file · 1 customer · 2026\-10"
        go(at, "data")
        assert at.dataframe[0].value["file_name"].tolist() == [f"{own.split()[0].lower()}.tsv"]
    assert values(ann.sidebar.caption)[-1] == "Signed in as Ann@\u2060Example\\.com"  # no mailto: link
    with Store.open(store_path) as store:
        assert [c for c in store.portfolio("user:ann@example.com").customers["customer_name"]] == ["Contoso Ltd"]
        assert [c for c in store.portfolio("user:bob@example.com").customers["customer_name"]] == ["Fabrikam AB"]
        assert store.is_empty("default")


def test_a_deep_link_to_another_workspaces_customer_is_not_found(store_path):
    fill(store_path, "user:bob@example.com", ("fabrikam.tsv", fx.insights_tsv(fx.LATEST)))
    fill(store_path, "user:ann@example.com", ("adatum.tsv", fx.one_customer_tsv("Adatum Corp")))
    at = signed_in("ann@example.com", "customer", query={"customer": fx.FABRIKAM, "data": "My data"})
    assert values(at.error) == ["Customer not found in the data you are looking at. Pick one below."]
    assert values(at.header) == [] and "Fabrikam" not in page_text(at)
    assert at.selectbox(key="customer_pick").options == ["Adatum Corp"]
    # the same link works for the owner
    at = signed_in("bob@example.com", "customer", query={"customer": fx.FABRIKAM, "data": "My data"})
    assert values(at.header) == ["Fabrikam AB"]


def test_team_members_share_the_team_workspace(store_path):
    ann = signed_in("ann@example.com", "portfolio")
    assert at_options(ann) == ["Sample", "My data", "Team"]
    run(ann.segmented_control(key="data").set_value("team"))
    go(ann, "upload")
    upload(ann, ("team.tsv", fx.one_customer_tsv("Litware Inc")))
    cecil = signed_in("cecil@example.com", "portfolio", query={"data": "Team"})
    assert table_names(cecil) == ["Litware Inc"]
    bob = signed_in("bob@example.com", "portfolio", query={"data": "Team"})  # not a member: no team option
    assert at_options(bob) == ["Sample", "My data"]
    assert "Litware" not in page_text(bob)


def at_options(at: AppTest) -> list[str]:
    return list(at.sidebar.segmented_control(key="data").options)


def test_portfolio_customers_table_downloads_as_shown(filled, downloads):
    at = app(query={"q": "n"})  # Contoso, Northwind (not Adatum Corp, Fabrikam AB)
    rows = list(csv.DictReader(io.StringIO(downloads("portfolio-customers-2026-10.csv").lstrip("\ufeff"))))
    assert [(r["customer_name"], r["unused_licenses"], r["problems"]) for r in rows] == [
        (row["customer_name"], str(row["unused_licenses"]), ";".join(row["problems"]))
        for row in at.dataframe[0].value.to_dict("records")
    ]
    assert [r["customer_name"] for r in rows] == ["Contoso Ltd", "Northwind Traders"]

"""The app in Debian's Chromium against a real `streamlit run` on a free port: see the heatmap,
upload a file through the page's file input, click a heatmap cell and land on that customer,
download a PNG and a CSV and check what they hold. Screenshots of every page go to
$ADOPTION_SCREENSHOTS (default /tmp/adoption-screenshots) for a person to look at."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pytest

import app_fixtures as fx

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("ADOPTION_SCREENSHOTS", "/tmp/adoption-screenshots"))
TIMEOUT_MS = 30_000
# What the test uploads: the crafted portfolio's latest month plus a customer the sample does not have.
UPLOAD = fx.insights_tsv(
    fx.LATEST + [("Litware Inc", "Exchange", "2026-10", 80, 20), ("Litware Inc", "Teams", "2026-10", 80, 70)]
)


# The fixtures server, browser and page are in conftest.py.


def settle(page) -> None:
    """Wait until the script run is over (no running indicator) and the page has drawn."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-testid=\"stSkeleton\"]')"
        " && [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]')]"
        ".every(chart => chart.querySelector('svg, canvas'))",
        timeout=TIMEOUT_MS,
    )
    page.wait_for_timeout(300)


def shot(page, name: str) -> None:
    """The whole page at 1440 px wide (Streamlit scrolls inside its main block, so the viewport grows to it)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    settle(page)
    height = page.evaluate(
        '() => Math.max(...[...document.querySelectorAll(\'[data-testid="stMain"], '
        '[data-testid="stMainBlockContainer"]\')].map(e => e.scrollHeight), 1000)'
    )
    page.set_viewport_size({"width": 1440, "height": min(int(height) + 40, 6000)})
    settle(page)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.set_viewport_size({"width": 1440, "height": 1000})


def heatmap_cell(page, customer: str, workload: str):
    """The SVG path Vega drew for one heatmap cell (its aria-label lists the encoded fields)."""
    chart = page.get_by_test_id("stVegaLiteChart").first
    cell = chart.locator(
        f'path[aria-roledescription="rect mark"][aria-label*="customer_label: {customer};"]'
        f'[aria-label*="workload: {workload};"]'
    )
    cell.wait_for()
    return cell


def nav(page, title: str) -> None:
    """Open a page with the sidebar's navigation and wait until it has replaced the one before (its title)."""
    before = page.locator("h1").first.inner_text() if page.locator("h1").count() else None
    page.get_by_test_id("stSidebar").get_by_role("link", name=title, exact=True).click()
    page.wait_for_function(
        "before => { const h1 = document.querySelector('h1'); return h1 && h1.innerText !== before; }", arg=before
    )
    settle(page)


def test_upload_heatmap_click_and_downloads(server, page):
    # the Portfolio on the store's sample: a heatmap with every customer
    page.goto(server + "/")
    heatmap_cell(page, "Northwind Traders", "Exchange")
    assert page.locator("h1").first.inner_text() == "Portfolio"
    shot(page, "1-portfolio-sample")

    # upload through the Upload page's file input
    nav(page, "Upload")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        {"name": "october-insights.tsv", "mimeType": "text/tab-separated-values", "buffer": UPLOAD}
    )
    success = page.get_by_test_id("stAlertContentSuccess").get_by_test_id("stMarkdownContainer")
    success.wait_for()
    assert re.fullmatch(r"october-insights\.tsv: stored 10 rows for 5 customers as upload \d+\.", success.inner_text())
    shot(page, "2-upload-done")

    # back on the Portfolio it shows the uploaded data (the sidebar switched to "My data")
    nav(page, "Portfolio")
    cell = heatmap_cell(page, "Litware Inc", "Exchange")
    assert "Usage %: 25" in cell.get_attribute("aria-label")
    shot(page, "3-portfolio-mine")

    # a click on Litware's Exchange cell, at its position within the chart, opens that customer
    chart_box = page.get_by_test_id("stVegaLiteChart").first.bounding_box()
    box = cell.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    assert (
        chart_box["x"] < x < chart_box["x"] + chart_box["width"]
        and chart_box["y"] < y < chart_box["y"] + chart_box["height"]
    )
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"/customer\?(.*&)?customer=name%3Alitware(\+|%20)inc"))
    header = page.locator("h2").first
    header.wait_for()
    assert header.inner_text() == "Litware Inc"
    assert page.locator("h1").first.inner_text() == "Customer insights"
    shot(page, "4-customer-litware")

    # the licenses chart as PNG, rendered on the server
    with page.expect_download() as download_info:
        page.get_by_test_id("stDownloadButton").filter(has_text="PNG").first.click()
    download = download_info.value
    png = Path(download.path()).read_bytes()
    assert download.suggested_filename == "customer-litware-inc-2026-10-licenses.png"
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 1024

    # the Portfolio's rows as CSV, exactly as filtered (a search for "fab" leaves Fabrikam's two rows)
    nav(page, "Portfolio")
    page.get_by_test_id("stExpander").filter(has_text="Filters").locator("summary").click()
    search = page.get_by_label("Search customer")
    search.fill("fab")
    search.press("Enter")
    page.wait_for_function("() => !document.querySelector('[aria-label*=\"customer_label: Litware Inc;\"]')")
    settle(page)
    assert page.get_by_test_id("stMetricValue").first.inner_text() == "1"
    with page.expect_download() as download_info:
        page.get_by_test_id("stDownloadButton").filter(has_text="CSV of these rows").click()
    download = download_info.value
    assert download.suggested_filename.startswith("portfolio-rows-") and download.suggested_filename.endswith(".csv")
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, so Excel with a Swedish locale reads å, ä, ö
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
    rows = list(reader)
    assert {
        "customer_id",
        "customer_name",
        "period",
        "workload",
        "licenses_sold",
        "licenses_assigned",
        "active_users",
        "deployment_pct",
        "usage_pct",
        "unused_licenses",
    } <= set(reader.fieldnames)
    assert not {"key", "sources"} & set(reader.fieldnames)  # no internals
    assert [
        (r["customer_name"], r["period"], r["workload"], r["licenses_sold"], r["active_users"], r["usage_pct"])
        for r in rows
    ] == [
        ("Fabrikam AB", "2026-10", "Exchange", "50", "45", "90.0"),
        ("Fabrikam AB", "2026-10", "Teams", "50", "48", "96.0"),
    ]
    shot(page, "5-portfolio-filtered")


def test_screenshots_of_every_page(server, page):
    """Not an assertion of looks: each page opens without an error box, and a person can look at the images."""
    page.goto(server + f"/customer?customer={fx.NORTHWIND}")
    page.locator("h2").first.wait_for()
    assert page.locator("h2").first.inner_text() == "Northwind Traders"
    shot(page, "6-customer-northwind")
    for title, name in (
        ("Next steps", "7-next-steps"),
        ("Upload", "8-upload"),
        ("Data", "9-data"),
        ("Settings", "10-settings"),
    ):
        nav(page, title)
        assert page.get_by_test_id("stException").count() == 0
        shot(page, name)


def test_a_file_that_is_no_export_gets_its_reason_in_the_page(server, page):
    """Streamlit's uploader refuses a type it was not told to take with the reason only on hover; the Upload
    page takes any file and says in the page why it is not an export."""
    page.goto(server + "/upload")
    page.locator("h1").first.wait_for()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        [
            {"name": "slides.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"},
            {"name": "garbage.csv", "mimeType": "text/csv", "buffer": b"\x00\x01\x02 not an export at all \xff\xfe"},
        ]
    )
    errors = page.get_by_test_id("stAlertContentError").get_by_test_id("stMarkdownContainer")
    errors.nth(1).wait_for()
    settle(page)
    assert sorted(errors.all_inner_texts()) == [
        "garbage.csv is not text: line 1 holds binary data where a header row should be.",
        "slides.pdf is a .pdf file, not an export: expected CSV, TSV, TXT, XLSX or JSON.",
    ]
    sizes = page.get_by_test_id("stMain").get_by_text(re.compile(r"· \d+ bytes$"))
    assert sorted(sizes.all_inner_texts()) == ["garbage.csv · 27 bytes", "slides.pdf · 23 bytes"]
    shot(page, "upload-not-an-export")

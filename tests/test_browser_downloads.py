"""Downloads in Debian's Chromium at 1280 and 800 px (issue 12.5), on a sample holding a Nordic customer:
file names keep Nordic letters readable (goteborgs-akeri-ab), the CSV is UTF-8 with a BOM and the XLSX
holds the same rows, and every chart has exactly one PNG button (the page's, not also the toolbar's)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

import app_fixtures as fx
from test_browser import settle

pytestmark = pytest.mark.browser
NORDIC = "Göteborgs Åkeri AB"
NORDIC_KEY = "name%3Ag%C3%B6teborgs%20%C3%A5keri%20ab"  # no tenant id: keyed by its name


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from fx.served(
        tmp_path_factory.mktemp("downloads"),
        ("sample-insights.tsv", fx.portfolio_tsv()),
        # Göteborgs Åkeri AB: 30 sold, 12 active on Exchange and Teams in 2026-10; and three help tickets
        ("goteborg.tsv", fx.one_customer_tsv(NORDIC)),
        ("sample-tickets.csv", fx.tickets_csv()),
    )


@pytest.fixture(params=[1280, 800], ids=lambda width: f"{width}px")
def narrow(browser, request):
    context = browser.new_context(viewport={"width": request.param, "height": 1400}, accept_downloads=True)
    context.set_default_timeout(30_000)
    tab = context.new_page()
    yield tab
    context.close()


def download(page, button) -> tuple[str, bytes]:
    button.scroll_into_view_if_needed()
    with page.expect_download() as info:
        button.click()
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def test_customer_downloads_keep_nordic_names_and_each_chart_has_one_png_button(server, narrow):
    narrow.goto(f"{server}/customer?customer={NORDIC_KEY}")
    narrow.locator("h2").filter(has_text=NORDIC).wait_for()
    settle(narrow)
    charts = narrow.get_by_test_id("stVegaLiteChart")
    pngs = narrow.get_by_test_id("stDownloadButton").filter(has_text="PNG")
    assert charts.count() >= 2 and pngs.count() == charts.count()  # licenses, percentages (one month: no trend)
    for index in range(charts.count()):  # hovering a chart shows its toolbar, without a PNG of its own
        charts.nth(index).scroll_into_view_if_needed()
        charts.nth(index).hover()
        toolbar_png = narrow.get_by_role("button", name="Download as PNG")
        assert not any(toolbar_png.nth(i).is_visible() for i in range(toolbar_png.count()))
    name, png = download(narrow, pngs.first)
    assert name == "customer-goteborgs-akeri-ab-2026-10-licenses.png"
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    name, raw = download(narrow, narrow.get_by_test_id("stDownloadButton").filter(has_text="CSV of all periods"))
    assert name == "customer-goteborgs-akeri-ab-2026-10-rows.csv"
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Excel with a Swedish locale reads å, ä, ö
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [(r["customer_name"], r["workload"], r["licenses_sold"], r["active_users"]) for r in rows] == [
        (NORDIC, "Exchange", "30", "12"),
        (NORDIC, "Teams", "30", "12"),
    ]


def test_portfolio_rows_download_as_csv_with_bom_and_as_xlsx(server, narrow):
    narrow.goto(f"{server}/?sort=Name")
    narrow.get_by_test_id("stDataFrame").first.wait_for()
    settle(narrow)
    name, raw = download(narrow, narrow.get_by_test_id("stDownloadButton").filter(has_text="CSV of these rows"))
    assert name == "portfolio-rows-2026-10.csv" and raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    ours = [(r["customer_name"], r["workload"], r["usage_pct"]) for r in rows if r["customer_name"] == NORDIC]
    assert ours == [(NORDIC, "Exchange", "40.0"), (NORDIC, "Teams", "40.0")]  # 12 active of 30 sold
    block = narrow.get_by_test_id("stDownloadButton").filter(has_text="CSV of these rows").locator("xpath=../..")
    name, xlsx = download(narrow, block.get_by_test_id("stDownloadButton").filter(has_text="XLSX"))
    assert name == "portfolio-rows-2026-10.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    header, *cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header == list(rows[0])  # the same columns as the CSV
    assert len(cells) == len(rows)
    column = header.index("customer_name")
    assert sorted(row[column] for row in cells).count(NORDIC) == 2

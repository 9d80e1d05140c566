"""The layout at laptop widths in Debian's Chromium (issue 12): at 1280 and 800 px no chart ends right
of the main column, KPI values are not cut, the Portfolio's controls are all visible, and the
keyboard (or a click) goes from a table row to the customer. Screenshots go to $ADOPTION_SCREENSHOTS."""

from __future__ import annotations

import re

import pytest

import app_fixtures as fx
from test_browser import SHOTS, settle

pytestmark = pytest.mark.browser
WIDTHS = [1280, 800]
OVERFLOW = """() => {
  const main = document.querySelector('[data-testid="stMainBlockContainer"]').getBoundingClientRect();
  return [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
    .map(chart => chart.getBoundingClientRect())
    .filter(box => box.right > main.right + 1)
    .map(box => Math.round(box.right - main.right));
}"""
CUT_VALUES = """() => [...document.querySelectorAll('[data-testid="stMetricValue"]')]
  .filter(value => value.scrollWidth > value.clientWidth + 1).map(value => value.innerText)"""


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def narrow(browser, request):
    context = browser.new_context(viewport={"width": request.param, "height": 1000}, accept_downloads=True)
    context.set_default_timeout(30_000)
    tab = context.new_page()
    tab.width = request.param
    yield tab
    context.close()


def open_page(page, url: str, name: str) -> None:
    page.goto(url)
    page.wait_for_selector("h1")
    settle(page)
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": page.width, "height": min(int(height) + 40, 6000)})
    settle(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"layout-{name}-{page.width}.png"))


@pytest.mark.parametrize("path", ["/", f"/customer?customer={fx.NORTHWIND}", "/next_steps", "/data"])
def test_nothing_is_wider_than_the_main_column_and_no_value_is_cut(server, narrow, path):
    open_page(narrow, server + path, re.sub(r"\W+", "-", path.strip("/")) or "portfolio")
    assert narrow.evaluate(OVERFLOW) == []
    assert narrow.evaluate(CUT_VALUES) == []


def test_every_portfolio_control_is_visible(server, narrow):
    open_page(narrow, server + "/", "portfolio-controls")
    main = narrow.get_by_test_id("stMainBlockContainer").bounding_box()
    for label in ("Usage %", "Deployment %", "Adoption", "Change since previous period"):
        box = narrow.get_by_test_id("stButtonGroup").get_by_text(label, exact=True).first.bounding_box()
        assert box is not None and box["x"] + box["width"] <= main["x"] + main["width"] + 1, label


def test_a_click_on_a_customers_table_row_opens_the_customer(server, narrow):
    open_page(narrow, server + "/?sort=Name", "portfolio-table")
    grid = narrow.get_by_test_id("stDataFrame").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    narrow.mouse.click(box["x"] + 16, box["y"] + 35 + 17)  # the first row's selection box (Adatum Corp)
    narrow.wait_for_url(re.compile(r"/customer\?(.*&)?customer=name%3Aadatum(\+|%20)corp"))
    assert narrow.locator("h2").first.inner_text() == "Adatum Corp"


def test_next_steps_shows_a_selected_rows_whole_text_and_enter_opens_the_customer(server, narrow):
    open_page(narrow, server + "/next_steps", "next-steps")
    grid = narrow.get_by_test_id("stDataFrame").first
    box = grid.bounding_box()
    narrow.mouse.click(box["x"] + 16, box["y"] + 35 + 17)  # the first row's selection box
    open_button = narrow.get_by_role("button", name="Open the customer")
    open_button.wait_for()
    settle(narrow)
    detail = narrow.get_by_test_id("stMain").inner_text()
    assert "lowest Usage 95.0% across 2 workloads/products; 60 licensed users" in detail  # the evidence, whole
    assert (
        "Offer more or higher licenses and courses; training still raises productivity and cuts support needs."
        in detail
    )
    open_button.focus()
    narrow.keyboard.press("Enter")
    narrow.wait_for_url(re.compile(rf"/customer\?(.*&)?customer={fx.NORTHWIND}"))


FOCUS = """() => { const a = document.activeElement;
  return [a.getAttribute('data-testid') || '', a.innerText || '', !!a.closest('[data-testid="stDataFrame"]')]; }"""


def tab_to(page, wanted, presses: int = 80) -> None:
    """Press Tab (keyboard only, as a person without a mouse) until `wanted(testid, text, in_table)` holds."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if wanted(*page.evaluate(FOCUS)):
            return
    raise AssertionError(f"{presses} Tabs never reached it; focus is on {page.evaluate(FOCUS)}")


def into_table(testid: str, text: str, in_table: bool) -> bool:
    return in_table and testid == "data-grid-canvas"


def test_the_keyboard_goes_from_the_customers_table_to_a_customer(server, narrow):
    open_page(narrow, server + "/?sort=Name", "portfolio-keyboard")
    tab_to(narrow, into_table)
    narrow.keyboard.press("ArrowDown")  # Adatum Corp -> Contoso Ltd
    narrow.keyboard.press("Shift+Space")  # select the row: it opens
    narrow.wait_for_url(re.compile(rf"/customer\?(.*&)?customer={fx.CONTOSO}"))
    narrow.locator("h2").filter(has_text="Contoso Ltd").wait_for()


def test_the_keyboard_goes_from_next_steps_to_a_customer(server, narrow):
    open_page(narrow, server + "/next_steps", "next-steps-keyboard")
    tab_to(narrow, into_table)
    narrow.keyboard.press("ArrowDown")
    cursor = "() => document.activeElement.getAttribute('role') === 'gridcell' && document.activeElement.innerText"
    second = narrow.wait_for_function(cursor).json_value()  # the cell under the cursor: a customer
    assert second in {"Adatum Corp", "Contoso Ltd", "Fabrikam AB", "Northwind Traders"}
    narrow.keyboard.press("Shift+Space")  # the second row: its whole evidence and actions below the table
    narrow.get_by_role("button", name="Open the customer").wait_for()
    narrow.locator("h3", has_text=second).wait_for()  # the selected row's panel, headed by its customer
    tab_to(narrow, lambda testid, text, in_table: "Open the customer" in text)
    narrow.keyboard.press("Enter")
    narrow.wait_for_url(re.compile(r"/customer\?(.*&)?customer="))
    narrow.locator("h2").filter(has_text=second).wait_for()

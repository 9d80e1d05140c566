"""Data is text in the real browser (issue 11, point 2): customer names and a market that look like
web addresses (`www.evil.example`, `https://evil.example/x`) or carry a right-to-left override,
uploaded as a canonical CSV whose file name is a web address too, never become an `<a>` on any page
(Streamlit's markdown autolinks bare URLs and www. even when every `.` and `:` is escaped), and an
override shows as the escape `\\u202e` instead of reversing the text after it."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from test_browser import nav, settle, shot

pytestmark = pytest.mark.browser

CUSTOMERS = {  # customer_id -> customer_name
    "t-evil-www": "www.evil.example",
    "t-evil-https": "https://evil.example/x",
    "t-evil-mail": "sales@evil.example",
    "t-evil-rlo": "Contoso \u202eBA lexe.live",
}
MARKET = "http://evil.example/m"
FILE_NAME = "www.evil.example.csv"
CSV = (
    "customer_id,customer_name,period,workload,licenses_sold,licenses_assigned,active_users,segment,market\n"
    + "".join(
        f"{tid},{name},2026-10,Teams,10,8,{i + 2},SMB,{MARKET}\n" for i, (tid, name) in enumerate(CUSTOMERS.items())
    )
).encode()
INVISIBLE = dict.fromkeys(map(ord, "\u2060\u2068\u2069"))


def links_from_data(page) -> list[str]:
    """Every link in the page (main area and sidebar) that points at or shows the hostile domain."""
    return page.evaluate(
        "() => [...document.querySelectorAll('a')]"
        ".filter(a => (a.getAttribute('href') || '').includes('evil') || a.innerText.includes('evil'))"
        ".map(a => a.outerHTML)"
    )


def test_names_and_markets_that_look_like_links_render_as_text(server, page):
    page.goto(server + "/")
    settle(page)
    nav(page, "Upload")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        {"name": FILE_NAME, "mimeType": "text/csv", "buffer": CSV}
    )
    success = page.get_by_test_id("stAlertContentSuccess").get_by_test_id("stMarkdownContainer")
    success.wait_for()
    assert re.fullmatch(
        r"www\.evil\.example\.csv: stored 4 rows for 4 customers as upload \d+\.",
        success.inner_text().translate(INVISIBLE),
    )
    assert links_from_data(page) == []
    shot(page, "links-1-upload")

    for tenant, name in CUSTOMERS.items():
        page.goto(server + f"/customer?data=mine&customer={quote('name:' + name.lower(), safe='')}")
        settle(page)
        shot(page, f"links-2-customer-{tenant}")
        header = page.locator("h2").first
        header.wait_for()
        shown = header.inner_text().translate(INVISIBLE)
        assert shown == name.replace("\u202e", "\\u202e")
        caption = (
            page.get_by_test_id("stMain").get_by_test_id("stCaptionContainer").first.inner_text().translate(INVISIBLE)
        )
        assert caption.endswith(f" · SMB · {MARKET}")  # the canonical template's id, then segment and market
        assert links_from_data(page) == [], name
        assert "\u202e" not in page.get_by_test_id("stMain").inner_text()  # headings, captions, the picker
        assert page.get_by_test_id("stException").count() == 0

    for title in ("Portfolio", "Next steps", "Data"):
        nav(page, title)
        assert links_from_data(page) == [], title
        assert page.get_by_test_id("stException").count() == 0
        shot(page, f"links-3-{title.lower().replace(' ', '-')}")

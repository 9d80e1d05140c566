"""The language in a real browser (Chromium): a Swedish browser opens the app in Swedish (st.context.locale),
an English one in English; the sidebar's choice goes into the URL, so a reload or a copied link keeps it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
TIMEOUT_MS = 60_000


def title(tab) -> str:
    heading = tab.get_by_test_id("stMain").locator("h1").first
    heading.wait_for()
    return heading.inner_text()


@pytest.mark.parametrize(("locale", "expected"), [("sv-SE", "Portfölj"), ("en-GB", "Portfolio")])
def test_the_browser_language_is_the_default(browser, server, locale, expected):
    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    try:
        tab = context.new_page()
        tab.goto(server + "/")
        assert title(tab) == expected
    finally:
        context.close()


def test_the_sidebar_choice_is_kept_in_the_url(browser, server):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    try:
        tab = context.new_page()
        tab.goto(server + "/")
        assert title(tab) == "Portfolio"
        tab.get_by_test_id("stSidebar").get_by_text("Svenska", exact=True).click()
        tab.get_by_test_id("stMain").get_by_text("Portfölj", exact=True).first.wait_for()
        tab.wait_for_function("() => location.search.includes('lang=sv')")  # history.replaceState, no load
        tab.reload()
        assert title(tab) == "Portfölj"
        tab.get_by_test_id("stSidebar").get_by_role("link", name="Nästa steg", exact=True).click()
        tab.get_by_test_id("stMain").get_by_text("Nästa steg", exact=True).first.wait_for()
        assert title(tab) == "Nästa steg"
    finally:
        context.close()

"""Every page as a deep link, the first request of a fresh server (issue 13): a `pages/` folder beside
app.py makes Streamlit 1.67 run such a request as an old-style multipage app, which runs the page's file
alone. Each page calls ui.shell.frame() first (checked statically in test_pages_frame.py), so the page
still has the sidebar and the navigation, and with sign-in configured the gate, never the page."""

from __future__ import annotations

import os

import pytest

import app_fixtures as fx
from adoption.store import Store
from devtools import serve

pytestmark = pytest.mark.browser

# path -> the page's title (h1); "/" is app.py, the Portfolio
PAGES = {
    "/": "Portfolio",
    f"/customer?customer={fx.NORTHWIND}": "Customer insights",
    "/next_steps": "Next steps",
    "/upload": "Upload exports",
    "/data": "Stored data",
    "/settings": "Settings",
}
NAVIGATION = ["Portfolio", "Customer", "Next steps", "Upload", "Data", "Settings"]
SECRETS = """
[auth]
redirect_uri = "http://localhost:8501/oauth2callback"
cookie_secret = "test-cookie-secret"
client_id = "client"
client_secret = "secret"
server_metadata_url = "https://login.example.com/.well-known/openid-configuration"
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    if not os.path.exists(serve.CHROMIUM):
        pytest.skip(f"{serve.CHROMIUM} is missing (make test installs Debian's chromium)")
    path = tmp_path_factory.mktemp("deep-links") / "store.duckdb"
    with Store.open(path) as s:
        s.import_file("sample-insights.tsv", fx.portfolio_tsv(), workspace="sample")
        s.import_file("sample-tickets.csv", fx.tickets_csv(), workspace="sample")
    return path


@pytest.fixture(scope="module")
def chromium(store):
    with serve.chromium() as browser:
        yield browser


def first_request(chromium, store, tmp_path, path: str, *args: str):
    """The page at `path` on a server nobody has asked anything yet; yields the Playwright page."""
    process, url = serve.start(store, tmp_path / "streamlit.log", *args)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    try:
        tab.goto(url + path)
        tab.wait_for_selector("h1")
        tab.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
        yield tab
        assert errors == [], errors
        assert "Traceback" not in (tmp_path / "streamlit.log").read_text()
    finally:
        context.close()
        serve.stop(process)


@pytest.mark.parametrize("path", PAGES)
def test_a_deep_link_as_the_first_request_has_the_sidebar_and_the_navigation(chromium, store, tmp_path, path):
    for tab in first_request(chromium, store, tmp_path, path):
        assert tab.locator("h1").first.inner_text() == PAGES[path]
        sidebar = tab.get_by_test_id("stSidebar")
        sidebar.get_by_test_id("stPageLink").nth(len(NAVIGATION) - 1).wait_for()  # drawn over the run, not at once
        links = sidebar.get_by_test_id("stPageLink").all_inner_texts()
        assert [link.split("\n")[-1].strip() for link in links] == NAVIGATION
        sidebar.get_by_text("Sample", exact=True).wait_for()  # the data source switch
        assert sidebar.get_by_test_id("stCaptionContainer").first.inner_text().startswith("2 files · 4 customers")
        assert tab.get_by_test_id("stSidebarNav").count() == 0  # Streamlit's own navigation is off
        assert tab.get_by_test_id("stException").count() == 0


@pytest.mark.parametrize("path", PAGES)
def test_a_deep_link_as_the_first_request_meets_the_sign_in_gate(chromium, store, tmp_path, path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(SECRETS)
    for tab in first_request(chromium, store, tmp_path, path, "--secrets.files", str(secrets)):
        assert tab.locator("h1").all_inner_texts() == ["Adoption Insights"]
        tab.get_by_role("button", name="Sign in").wait_for()
        assert tab.get_by_test_id("stPageLink").count() == 0 and tab.get_by_test_id("stSidebarNav").count() == 0
        assert tab.get_by_test_id("stMetric").count() == 0  # nothing of the page behind the gate

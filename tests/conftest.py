"""Fixtures shared by the test modules: a temporary store the app opens (store_path, filled), the
downloads a page registers (downloads), and a real server with Debian's Chromium for the browser
tests (server, browser, page; each module that asks gets its own server)."""

from __future__ import annotations

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

import app_fixtures as fx
from app_fixtures import fill
from devtools import postgres, serve

TIMEOUT_MS = 30_000


@pytest.fixture(scope="session")
def postgres_cluster():
    """A throwaway PostgreSQL cluster for the session (devtools.postgres); failing to start it is an
    error, never a skip: CI must run the PostgreSQL store tests (make test installs the server)."""
    cluster = postgres.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=["duckdb", "postgresql"])
def store_at(request, tmp_path):
    """Where a store test's new store lives, once per backend: a DuckDB file that does not exist
    yet, or the URL of a new empty PostgreSQL database in the session's cluster."""
    if request.param == "duckdb":
        return tmp_path / "s.duckdb"
    return request.getfixturevalue("postgres_cluster").database()


@pytest.fixture
def store_path(tmp_path, monkeypatch):
    """An empty temporary store the app opens (ADOPTION_STORE); the bundled sample is never read."""
    no_sample = tmp_path / "no-sample"
    no_sample.mkdir()
    monkeypatch.setattr("adoption.sample.DATA_DIR", no_sample)
    path = tmp_path / "store.duckdb"
    monkeypatch.setenv("ADOPTION_STORE", str(path))
    return path


@pytest.fixture
def filled(store_path):
    """Workspace "default" holds the crafted portfolio (Insights TSV and Zendesk tickets)."""
    fill(store_path, "default", ("insights.tsv", fx.portfolio_tsv()), ("tickets.csv", fx.tickets_csv()))
    return store_path


@pytest.fixture
def downloads(monkeypatch):
    """file name -> the text a download button serves, deferred (on click) or not, recorded as the app
    registers them with the media file manager."""
    recorded: dict[str, object] = {}
    add_deferred, add = MediaFileManager.add_deferred, MediaFileManager.add

    def record_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        recorded[file_name] = data_callable
        return add_deferred(self, data_callable, mimetype, coordinates, file_name=file_name, **kw)

    def record(self, path_or_data, mimetype, coordinates, file_name=None, is_for_static_download=False):
        if file_name:
            recorded[file_name] = lambda: path_or_data
        return add(self, path_or_data, mimetype, coordinates, file_name, is_for_static_download)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record_deferred)
    monkeypatch.setattr(MediaFileManager, "add", record)

    def content(name: str) -> str:
        assert name in recorded, sorted(recorded)
        data = recorded[name]()
        return data.decode("utf-8") if isinstance(data, bytes) else data

    content.names = recorded  # type: ignore[attr-defined]
    return content


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from fx.served(
        tmp_path_factory.mktemp("browser"),
        ("sample-insights.tsv", fx.portfolio_tsv()),
        ("sample-tickets.csv", fx.tickets_csv()),
    )


@pytest.fixture(scope="module")
def browser(server):
    with serve.chromium() as chromium:
        yield chromium


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == [], errors

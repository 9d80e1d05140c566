"""A team on one PostgreSQL store (issue 17): two real app servers (`streamlit run`, as behind a load
balancer) and a scheduled `store import` from the command line, all at once. Debian's Chromium
uploads one export through each server's Upload page while the CLI imports a third; every upload
lands with its own number, and both servers then show all three (the sidebar's count, each
upload's customer in the Portfolio heatmap): nothing is lost, nothing is shown only where it came in."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import app_fixtures as fx
from adoption.store import Store
from devtools import serve
from store_fixtures import insights_tsv

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
TIMEOUT_MS = 60_000
CUSTOMERS = {"server-a.tsv": "Alpha Bygg AB", "server-b.tsv": "Beta Konsult Oy", "scheduled.tsv": "Gamma Data AS"}


def export(customer: str) -> bytes:
    return insights_tsv([(customer, w, "2026-10", 40, 25) for w in ("Exchange", "Teams")])


@pytest.fixture
def team(postgres_cluster, tmp_path):
    """(store URL, [two server URLs]) on one new PostgreSQL database, its sample the crafted portfolio."""
    if not Path(serve.CHROMIUM).exists():
        pytest.fail(f"{serve.CHROMIUM} is missing (make test installs Debian's chromium)")
    url = postgres_cluster.database()
    with Store.open(url) as store:
        store.import_file("sample-insights.tsv", fx.portfolio_tsv(), workspace="sample")
    servers = []
    try:
        for name in ("a", "b"):
            servers.append(serve.start(url, tmp_path / f"server-{name}.log"))
        yield url, [address for _, address in servers]
    finally:
        for process, _ in servers:
            serve.stop(process)


def test_two_servers_and_a_cli_import_on_one_postgresql_store(team, tmp_path):
    url, (server_a, server_b) = team
    scheduled = tmp_path / "scheduled.tsv"
    scheduled.write_bytes(export(CUSTOMERS["scheduled.tsv"]))
    cli = subprocess.Popen(
        [sys.executable, "-m", "adoption", "store", "import", str(scheduled), "--store", url],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with serve.chromium() as chromium:
        pages = []
        for server, name in ((server_a, "server-a.tsv"), (server_b, "server-b.tsv")):
            page = chromium.new_context(viewport={"width": 1440, "height": 1000}).new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(server + "/upload")
            page.locator('[data-testid="stFileUploader"] input[type="file"]').wait_for(state="attached")
            pages.append((page, name))
        for page, name in pages:  # both files are sent before either server is waited for
            page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
                {"name": name, "mimeType": "text/tab-separated-values", "buffer": export(CUSTOMERS[name])}
            )
        for page, name in pages:
            success = page.get_by_test_id("stAlertContentSuccess").get_by_test_id("stMarkdownContainer")
            success.wait_for()
            assert re.fullmatch(
                rf"{re.escape(name)}: stored 2 rows for 1 customer as upload [123]\.", success.inner_text()
            )
        out, err = cli.communicate(timeout=120)
        assert (cli.returncode, err) == (0, "")
        assert re.fullmatch(r"scheduled\.tsv: stored 2 rows for 1 customer as upload [123]\.\n", out)

        with Store.open(url, read_only=True) as store:
            uploads = store.uploads()
            assert (sorted(uploads["upload_id"]), sorted(uploads["file_name"])) == ([1, 2, 3], sorted(CUSTOMERS))

        for server in (server_a, server_b):  # each server shows all three, whichever received them
            page = chromium.new_context(viewport={"width": 1440, "height": 1000}).new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(server + "/?data=mine")
            caption = page.get_by_test_id("stSidebar").get_by_test_id("stCaptionContainer").first
            caption.wait_for()
            assert caption.inner_text().startswith("3 files · 3 customers"), caption.inner_text()
            for customer in CUSTOMERS.values():
                page.locator(
                    f'path[aria-roledescription="rect mark"][aria-label*="customer_label: {customer};"]'
                    '[aria-label*="workload: Exchange;"]'
                ).wait_for()

"""The app and the CLI share one store file (issue 11, point 5), with real processes: while the
app's Store exists (AppTest sessions in this process) a `python -m adoption store import` and
`store list` succeed, and the app's next rerun shows the new upload; a busy app (reads without a
pause) still lets a waiting import in; a writer holding the file past the wait is a plain refusal."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import app_fixtures as fx
from adoption.store import Store, StoreError
from store_fixtures import HOLD_FOR_WRITING, insights_tsv, month_rows

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def store_path(store_path):
    """conftest's empty app store (no bundled sample), holding the crafted portfolio."""
    with Store.open(store_path) as store:
        store.import_file("insights.tsv", fx.portfolio_tsv())
    return store_path


def cli(*args: str, wait: str = "5") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "adoption", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "ADOPTION_STORE_WAIT": wait},
    )


def rendered(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_store_import_next_to_the_running_app_shows_on_its_next_rerun(store_path, tmp_path):
    at = rendered(AppTest.from_file(str(REPO / "app.py"), default_timeout=60))
    assert at.sidebar.caption[0].value.startswith("1 file · ")
    names = set(at.dataframe[0].value["customer_name"])
    export = tmp_path / "nov.tsv"
    export.write_bytes(insights_tsv(month_rows("2026-11", customers=["Northwind Traders"])))

    listed = cli("store", "list", "--store", str(store_path))  # the app's Store exists, its connection may linger
    assert (listed.returncode, listed.stderr, listed.stdout.splitlines()[1].split(",")[:2]) == (
        0,
        "",
        ["1", "insights.tsv"],
    )
    imported = cli("store", "import", str(export), "--store", str(store_path))
    assert (imported.returncode, imported.stderr) == (0, "")
    assert imported.stdout == "nov.tsv: stored 2 rows for 1 customer as upload 2.\n"

    rendered(at)  # the next rerun: a new version of the workspace, so the tables are recomputed
    assert at.sidebar.caption[0].value.startswith("2 files · ")
    assert set(at.dataframe[0].value["customer_name"]) == names | {"Northwind Traders"}
    listed = cli("store", "list", "--store", str(store_path))
    assert [line.split(",")[1] for line in listed.stdout.splitlines()[1:]] == ["insights.tsv", "nov.tsv"]


def test_a_busy_app_lets_a_waiting_import_in(store_path, tmp_path):
    """Threads of this process read without a pause (as many sessions would); the import waits its turn."""
    store = Store.open(store_path)
    stop, errors, reads = threading.Event(), [], [0]

    def keep_reading():
        try:
            while not stop.is_set():
                store.version(), store.uploads(), store.portfolio()
                reads[0] += 1
        except Exception as error:  # collected so that the assertion below names it
            errors.append(error)

    threads = [threading.Thread(target=keep_reading) for _ in range(3)]
    for thread in threads:
        thread.start()
    export = tmp_path / "nov.tsv"
    export.write_bytes(insights_tsv(month_rows("2026-11")))
    try:
        started = time.monotonic()
        imported = cli("store", "import", str(export), "--store", str(store_path), wait="8")
        took = time.monotonic() - started
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert (imported.returncode, imported.stderr, errors) == (0, "", [])
    assert imported.stdout.startswith("nov.tsv: stored 4 rows for 2 customers as upload 2")
    assert reads[0] > 10 and took < 8
    assert store.version() == 2 and store.uploads().height == 2
    store.close()


def test_the_app_waits_for_a_writer_then_says_busy_in_one_sentence(store_path, monkeypatch):
    monkeypatch.setenv("ADOPTION_STORE_WAIT", "1")
    at = rendered(AppTest.from_file(str(REPO / "app.py"), default_timeout=60))
    Store.open(store_path).close()  # this process lets go of the file now, not a second later
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_FOR_WRITING, str(store_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "holding\n"
        rendered(at)
        assert [e.value.replace("\\", "") for e in at.error] == [
            f"The store at {store_path} is busy (process {holder.pid} has it open); try again in a minute."
        ]
        with pytest.raises(StoreError, match=r"is busy \(process \d+ has it open\)"):
            Store.open(store_path).version()
    finally:
        holder.communicate("")
    rendered(at)
    assert not at.error and at.sidebar.caption[0].value.startswith("1 file · ")


def test_the_store_holds_no_lock_once_idle(store_path):
    with Store.open(store_path) as store:
        store.version()
        time.sleep(1.5)  # longer than the linger
        other = subprocess.run(
            [sys.executable, "-c", "import sys, duckdb; duckdb.connect(sys.argv[1]).close()", str(store_path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert (other.returncode, other.stderr) == (0, "")
        assert store.uploads().height == 1
    assert not re.search("Traceback", other.stderr)

"""Small reads of a DuckDB store (version, settings, price list, uploads) are answered again without
opening the file while it is unchanged (adoption.store.unchanged), with real processes: a kept
answer needs no open (it is given while another process holds the file), and whatever another
process writes is read at once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import app_fixtures as fx
from adoption.settings import Settings
from adoption.store import Store, StoreError
from adoption.store.unchanged import SETTLED
from store_fixtures import HOLD_FOR_WRITING, insights_tsv, month_rows

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def settled(store_path):
    """A store holding one upload, last written more than SETTLED seconds ago."""
    with Store.open(store_path) as store:
        store.import_file("insights.tsv", fx.portfolio_tsv())
    time.sleep(SETTLED + 0.2)
    return store_path


def python(*args: str, stdin=None, **options) -> subprocess.CompletedProcess | subprocess.Popen:
    """Another process (waiting up to 5 s for this one's lingering connection to close)."""
    command = [sys.executable, *args]
    env = {"PATH": "/usr/bin:/bin", "ADOPTION_STORE_WAIT": "5"}
    if stdin is subprocess.PIPE:
        return subprocess.Popen(command, cwd=REPO, env=env, stdin=stdin, stdout=subprocess.PIPE, text=True)
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=60, **options)


def test_kept_answers_are_given_while_another_process_holds_the_file(settled, monkeypatch):
    monkeypatch.setenv("ADOPTION_STORE_WAIT", "0")
    store = Store.open(settled)
    seen = (store.version(), store.settings(), store.price_list(), store.uploads().height)
    store.close()  # this process lets go of the file now, not a second later
    holder = python("-c", HOLD_FOR_WRITING, str(settled), stdin=subprocess.PIPE)
    try:
        assert holder.stdout.readline() == "holding\n"
        assert (store.version(), store.settings(), store.price_list(), store.uploads().height) == seen
        with pytest.raises(StoreError, match=r"is busy \(process \d+ has it open\)"):
            store.actions()  # never read before: the file must be opened
    finally:
        holder.communicate("")
    assert seen == (1, Settings(), None, 1)


def test_an_import_by_another_process_is_read_at_once(settled, tmp_path):
    store = Store.open(settled)
    assert (store.version(), store.uploads().height) == (1, 1)
    export = tmp_path / "nov.tsv"
    export.write_bytes(insights_tsv(month_rows("2026-11", customers=["Northwind Traders"])))
    imported = python("-m", "adoption", "store", "import", "--store", str(settled), str(export))
    assert (imported.returncode, imported.stderr) == (0, "")
    assert (store.version(), store.uploads().get_column("file_name").to_list()) == (2, ["insights.tsv", "nov.tsv"])
    store.close()


SAVE_SETTINGS_AND_PRICES = """
import sys
from adoption.settings import Settings
from adoption.store import Store
with Store.open(sys.argv[1]) as store:
    store.save_settings(Settings(low_usage_pct=45.0))
    store.save_price_list("prices.csv", b"sku,eur\\n")
"""


def test_settings_and_a_price_list_saved_by_another_process_are_read_at_once(settled):
    store = Store.open(settled)
    assert (store.settings(), store.price_list()) == (Settings(), None)
    saved = python("-c", SAVE_SETTINGS_AND_PRICES, str(settled))
    assert (saved.returncode, saved.stderr) == (0, "")
    assert (store.settings().low_usage_pct, store.price_list()) == (45.0, ("prices.csv", b"sku,eur\n"))
    store.close()


COMMIT_THEN_CLOSE_ON_A_LINE = """
import sys, duckdb
connection = duckdb.connect(sys.argv[1])
connection.execute("UPDATE workspace_versions SET version = version + 1")
print("committed", flush=True)
sys.stdin.readline()
connection.close()  # the checkpoint: the file rewritten in place, then the write-ahead log deleted
print("closed", flush=True)
"""


def test_a_commit_is_seen_even_when_its_checkpoint_runs_between_two_stats(settled, monkeypatch):
    store = Store.open(settled)
    assert store.version() == 1
    store.close()
    writer = python("-c", COMMIT_THEN_CLOSE_ON_A_LINE, str(settled), stdin=subprocess.PIPE)
    assert writer.stdout.readline() == "committed\n"
    real_stat, calls = os.stat, []

    def descheduled_after_the_first_stat(path, *args, **kwargs):
        found = real_stat(path, *args, **kwargs)
        calls.append(path)
        if len(calls) == 1:  # this thread pauses here while the other process checkpoints and closes
            writer.stdin.write("\n")
            writer.stdin.flush()
            assert writer.stdout.readline() == "closed\n"
        return found

    monkeypatch.setattr("adoption.store.unchanged.os.stat", descheduled_after_the_first_stat)
    assert store.version() == 2  # the commit had returned before this call began
    writer.communicate("")
    store.close()

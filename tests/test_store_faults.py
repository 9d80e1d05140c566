"""The store under faults, on real files and real processes: killed mid-import, disk full,
read-only file, corrupt or foreign file at the path, an old schema, two threads writing at once.
Tests taking `store_at` run on both backends; the others are about DuckDB files (disk full as a
file size limit, mode bits, foreign files, old files) and say so."""

import datetime as dt
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from adoption.store import Store, StoreError
from adoption.store.schema import SCHEMA_VERSION, migrate, schema_version
from store_fixtures import insights_tsv, month_rows

REPO = Path(__file__).resolve().parent.parent
# A child process that stores one small file, then writes a big upload (2M license rows built in memory).
CHILD = """
import sys, hashlib, resource, signal
import polars as pl
from adoption.model import LICENSE_SCHEMA, REJECT_SCHEMA, ParsedFile
from adoption.store import Store, StoreError
sys.path.insert(0, "tests")
from store_fixtures import insights_tsv, month_rows
store = Store.open(sys.argv[1])
print(store.import_file("sep.tsv", insights_tsv(month_rows("2026-09"))).message, flush=True)
n = 2_000_000
rows = pl.DataFrame({"source_kind": ["insights_o365"] * n, "source_file": "big.tsv", "line": range(2, n + 2),
                     "tenant_id": [f"t{i}" for i in range(n)], "customer_name": "Big", "period": "2026-10",
                     "workload": "Teams", "licenses_sold": 10, "active_users": 5}).with_columns(
    [pl.lit(None, t).alias(c) for c, t in LICENSE_SCHEMA.items() if c not in ("source_kind", "source_file", "line",
     "tenant_id", "customer_name", "period", "workload", "licenses_sold", "active_users")]).select(list(LICENSE_SCHEMA))
big = ParsedFile("big.tsv", "insights_o365", "Insights", "licenses", rows, pl.DataFrame(schema=REJECT_SCHEMA), n)
if sys.argv[2] == "disk-full":
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))
print("writing", flush=True)
try:
    print(store.import_parsed("big.tsv", "f" * 64, [big]).message, flush=True)
except StoreError as error:
    print(f"error: {error}", flush=True)
"""


def stored(path) -> tuple:
    with Store.open(path) as store:
        return store.uploads().get_column("file_name").to_list(), store.portfolio().licenses.height


def test_a_process_killed_mid_import_leaves_the_earlier_data(store_at):
    path = store_at
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), "kill"], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout.readline() == "sep.tsv: stored 4 rows for 2 customers as upload 1.\n"
    assert child.stdout.readline() == "writing\n"
    threading.Event().wait(0.5)
    child.send_signal(signal.SIGKILL)
    assert (child.wait(), child.stdout.read()) == (-signal.SIGKILL, "")
    assert stored(path) == (["sep.tsv"], 4)


def test_a_full_disk_is_a_plain_error_and_the_store_stays_intact(tmp_path):
    # DuckDB only: the child may write files of at most 1 MB (RLIMIT_FSIZE), as a disk would refuse
    # further blocks (a PostgreSQL server's disk is the server's, not this process's).
    path = tmp_path / "s.duckdb"
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), "disk-full"], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.stdout.splitlines()[1:] == [
        "writing",
        f"error: The store at {path} could not be written (is the disk full?); nothing was changed.",
    ]
    assert stored(path) == (["sep.tsv"], 4)


def test_a_read_only_file_opens_read_only_and_refuses_writes(tmp_path):
    path = tmp_path / "s.duckdb"  # DuckDB only: a file's mode bits (PostgreSQL: see test_store_postgres.py)
    with Store.open(path) as store:
        store.import_file("oct.tsv", insights_tsv(month_rows("2026-10")))
    path.chmod(0o444)
    with Store.open(path) as store:
        assert (store.read_only, store.portfolio().licenses.height) == (True, 4)
        with pytest.raises(StoreError, match=r"^The store at .* is open read-only, so nothing can be saved\.$"):
            store.import_file("nov.tsv", insights_tsv(month_rows("2026-11")))
        with pytest.raises(StoreError, match="read-only"):
            store.log_action("k", dt.date(2026, 11, 1), "training", "note")


@pytest.mark.parametrize("content", [os.urandom(4096), b"customer,licenses\nContoso,5\n", b"\0" * 20000])
def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(tmp_path, content):
    path = tmp_path / "adoption.duckdb"
    path.write_bytes(content)
    with pytest.raises(StoreError, match=f"^{path} is not an Adoption Insights store .*left untouched"):
        Store.open(path)
    assert path.read_bytes() == content and sorted(p.name for p in tmp_path.iterdir()) == ["adoption.duckdb"]


def test_a_foreign_duckdb_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "other.duckdb"
    with duckdb.connect(str(path)) as connection:
        connection.execute("CREATE TABLE people (name VARCHAR); INSERT INTO people VALUES ('Ada')").fetchall()
    content = path.read_bytes()
    with pytest.raises(
        StoreError, match="is a DuckDB database but not an Adoption Insights store; it was left untouched"
    ):
        Store.open(path)
    assert path.read_bytes() == content


def test_a_store_at_schema_version_1_is_upgraded_with_its_data(tmp_path):
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as connection:
        assert migrate(connection, target=1) == 1
        connection.execute(
            "INSERT INTO uploads VALUES (nextval('upload_ids'), 'default', 'oct.tsv', 'abc', 'canonical', '2026-10', 1, 1, 0, TIMESTAMP '2026-11-01 09:00:00');"
            "INSERT INTO licenses (workspace, upload_id, source_kind, source_file, line, customer_name, period, workload,"
            " licenses_sold, customer_ref) VALUES ('default', 1, 'canonical', 'oct.tsv', 2, 'Contoso', '2026-10', 'Teams', 40, 'name:contoso')"
        ).fetchall()
    with Store.open(path) as store:
        assert store.portfolio().licenses.select("customer_name", "period", "licenses_sold").rows() == [
            ("Contoso", "2026-10", 40)
        ]
        store.log_action("name:contoso", dt.date(2026, 11, 2), "training", "Teams")
        assert store.actions().height == 1
        assert store.import_file("nov.tsv", insights_tsv(month_rows("2026-11"))).upload_id == 2
    with duckdb.connect(str(path)) as connection:
        assert schema_version(connection) == SCHEMA_VERSION


def test_two_threads_importing_at_once_both_land(store_at):
    files = {f"{month}.tsv": insights_tsv(month_rows(month)) for month in ("2026-09", "2026-10", "2026-11", "2026-12")}
    errors = []
    with Store.open(store_at) as store:

        def upload(names):
            try:
                for name in names:
                    store.import_file(name, files[name])
            except Exception as error:  # collected so that the assertion below names it
                errors.append(error)

        threads = [
            threading.Thread(target=upload, args=(names,))
            for names in (["2026-09.tsv", "2026-11.tsv"], ["2026-10.tsv", "2026-12.tsv"])
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert sorted(store.uploads().get_column("file_name").to_list()) == sorted(files)
        assert (store.portfolio().periods, store.portfolio().licenses.height, store.version()) == (
            ["2026-09", "2026-10", "2026-11", "2026-12"],
            16,
            4,
        )


def test_a_store_another_process_keeps_open_is_waited_for_then_refused_as_busy(tmp_path, monkeypatch):
    path = tmp_path / "s.duckdb"
    Store.open(path).close()
    monkeypatch.setenv("ADOPTION_STORE_WAIT", "1.5")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, duckdb; c = duckdb.connect(sys.argv[1]); print('open', flush=True); sys.stdin.read()",
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "open\n"
        started = time.monotonic()
        with pytest.raises(
            StoreError,
            match=rf"^The store at {re.escape(str(path))} is busy \(process {holder.pid} has it "
            r"open\); try again in a minute\.$",
        ):
            Store.open(path, read_only=True)
        assert 1.5 <= time.monotonic() - started < 5
    finally:
        holder.communicate("")
    with Store.open(path, read_only=True) as store:  # free again
        assert store.version() == 0


def test_read_only_and_writable_stores_share_one_file_within_a_process(store_at):
    with Store.open(store_at) as writer, Store.open(store_at, read_only=True) as reader:
        writer.import_file("oct.tsv", insights_tsv(month_rows("2026-10")))
        assert (reader.read_only, reader.version(), reader.portfolio().licenses.height) == (True, 1, 4)
        with pytest.raises(StoreError, match="read-only"):
            reader.remove_upload(1)

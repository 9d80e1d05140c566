"""What only the PostgreSQL store has (the rest of the store suite runs on both backends through the
`store_at` fixture): sentences for a refused sign-in, an unreachable server or a missing database that
name host and database and never the password; a foreign database left untouched; the same migration
steps as DuckDB (a store at version 1 with data upgraded step by step); a read-only Store; several
processes importing into one workspace at once, every upload landing once with its own number."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import adbc_driver_postgresql.dbapi as dbapi
import polars as pl
import pytest

from adoption.store import Store, StoreError
from adoption.store.postgres import PgCursor
from adoption.store.schema import SCHEMA_VERSION, migrate, schema_version
from devtools.postgres import free_port
from store_fixtures import insights_tsv, month_rows

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def database(postgres_cluster):
    return postgres_cluster.database()


def test_a_wrong_password_is_one_sentence_naming_host_and_database(postgres_cluster, database):
    name = database.rsplit("/", 1)[1]
    wrong = postgres_cluster.url(name, password="not-the-password")
    with pytest.raises(StoreError) as refused:
        Store.open(wrong)
    assert str(refused.value) == (
        f"The PostgreSQL store (database {name} on 127.0.0.1:{postgres_cluster.port}) refused user adoption: "
        "wrong user name or password."
    )
    assert "not-the-password" not in str(refused.value) and refused.value.__cause__ is None


def test_an_unreachable_server_and_a_missing_database_are_plain_sentences(postgres_cluster):
    port = free_port()  # nothing listens there
    with pytest.raises(StoreError) as unreachable:
        Store.open(f"postgresql://adoption:secret@127.0.0.1:{port}/adoption")
    assert str(unreachable.value).startswith(
        f"The PostgreSQL store (database adoption on 127.0.0.1:{port}) cannot be reached: "
    )
    assert "Connection refused" in str(unreachable.value) and "secret" not in str(unreachable.value)
    with pytest.raises(StoreError) as missing:
        Store.open(postgres_cluster.url("no_such_database"))
    assert str(missing.value) == (
        f"There is no database no_such_database on 127.0.0.1:{postgres_cluster.port}; "
        "create it (createdb) or correct the store URL."
    )


def test_a_database_holding_other_tables_is_refused_and_left_untouched(database):
    with dbapi.connect(database) as connection, connection.cursor() as cursor:
        cursor.execute("CREATE TABLE people (name VARCHAR)")
        cursor.execute("INSERT INTO people VALUES ('Ada')")
        connection.commit()
    with pytest.raises(StoreError) as refused:
        Store.open(database)
    assert str(refused.value).endswith(
        "is a PostgreSQL database but not an Adoption Insights store; it was left untouched. "
        "Move it away or choose another store path."
    )
    assert "@127.0.0.1" in str(refused.value) and database.split(":")[2].split("@")[0] not in str(refused.value)
    with dbapi.connect(database) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
        assert cursor.fetchall() == [("people",)]


def test_a_store_at_schema_version_1_is_upgraded_with_its_data_by_the_same_steps(database):
    with dbapi.connect(database) as connection:
        cursor = PgCursor(connection)
        assert migrate(cursor, target=1) == 1
        cursor.run(
            "INSERT INTO uploads VALUES (nextval('upload_ids'), 'default', 'oct.tsv', 'abc', 'canonical, insights_o365', "
            "'2026-09, 2026-10', 1, 1, 0, TIMESTAMP '2026-11-01 09:00:00')"
        )
        cursor.run(
            "INSERT INTO licenses (workspace, upload_id, source_kind, source_file, line, customer_name, period, "
            "workload, licenses_sold, customer_ref) VALUES ('default', 1, 'canonical', 'oct.tsv', 2, 'Contoso', "
            "'2026-10', 'Teams', 40, 'name:contoso')"
        )
        cursor.commit()
    with Store.open(database) as store:
        assert store.portfolio().licenses.select("customer_name", "period", "licenses_sold").rows() == [
            ("Contoso", "2026-10", 40)
        ]
        # migration 8 numbered the upload, migration 9 made its text lists (PostgreSQL's spelling of the cast)
        assert store.uploads().select("upload_id", "kind", "periods").rows() == [
            (1, ["canonical", "insights_o365"], ["2026-09", "2026-10"])
        ]
        store.log_action("name:contoso", dt.date(2026, 11, 2), "training", "Teams")
        assert store.import_file("nov.tsv", insights_tsv(month_rows("2026-11"))).upload_id == 2
        with store._db.cursor() as cursor:
            assert schema_version(cursor) == SCHEMA_VERSION


def test_a_read_only_store_reads_and_refuses_writes(database):
    with Store.open(database) as store:
        store.import_file("oct.tsv", insights_tsv(month_rows("2026-10")))
    with Store.open(database, read_only=True) as store:
        assert (store.read_only, store.portfolio().licenses.height) == (True, 4)
        with pytest.raises(
            StoreError, match=r"^The store at postgresql://adoption@127\.0\.0\.1:\d+/\w+ is open read-only"
        ):
            store.import_file("nov.tsv", insights_tsv(month_rows("2026-11")))


IMPORTER = """
import sys
sys.path.insert(0, "tests")
from adoption.store import Store
from store_fixtures import insights_tsv, month_rows
url, worker = sys.argv[1], int(sys.argv[2])
with Store.open(url) as store:
    for month in range(1, 7):
        rows = month_rows(f"2026-{month:02d}", customers=["Contoso Ltd", "Fabrikam AB"], sold=10 * worker + month)
        print(store.import_file(f"w{worker}-m{month}.tsv", insights_tsv(rows)).upload_id, flush=True)
"""


def test_processes_importing_into_one_workspace_at_once_all_land_once(database):
    Store.open(database).close()  # created before the race, so the race is about imports
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", IMPORTER, database, str(w)], cwd=REPO, stdout=subprocess.PIPE, text=True
        )
        for w in range(1, 5)
    ]
    numbers = [int(n) for worker in workers for n in worker.communicate(timeout=240)[0].split()]
    assert [worker.returncode for worker in workers] == [0, 0, 0, 0]
    assert sorted(numbers) == list(range(1, 25))  # every upload its own number, none lost or given twice
    with Store.open(database) as store:
        uploads = store.uploads()
        assert (uploads.height, store.version()) == (24, 24)
        # per month, exactly one upload's rows count: the last stored (equal reach: the later upload wins)
        expected = {}
        for name in uploads.sort("upload_id").get_column("file_name"):
            expected[f"2026-{int(name[4]):02d}"] = [10 * int(name[1]) + int(name[4])]
        licenses = store.portfolio().licenses
        counted = licenses.group_by("period").agg(pl.col("licenses_sold").unique()).sort("period")
        assert dict(counted.iter_rows()) == expected and licenses.height == 6 * 4

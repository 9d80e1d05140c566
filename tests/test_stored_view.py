"""Store migration 9 (an upload's kinds and periods as lists; rows its export marks as duplicates counted
as skipped) on a store file written at version 8, and how the Data page and the sidebar word uploads."""

import hashlib
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl

from adoption.cli import run
from adoption.ingest.readers import read_file
from adoption.model import LICENSE_SCHEMA, REJECT_SCHEMA, TICKET_SCHEMA, is_marked_duplicate
from adoption.store import Store
from adoption.store.schema import migrate, schema_version
from adoption.stored_view import data_summary, period_span, rejected_summary, uploads_shown
from export_fixtures import CONTOSO, FABRIKAM, INSIGHTS_O365, delimited, insights_o365_row

INSIGHTS = delimited(
    INSIGHTS_O365,
    [
        insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-09-01", 120, 96),
        insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-10-01", 120, 101),
        insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-10-01", 120, 101, duplicate="1"),
        insights_o365_row(FABRIKAM, "Fabrikam Oy", "Teams", "2026-10-01", "forty", 31),
    ],
    sep="\t",
)
VERSION_8_DUPLICATE = "a duplicate row for PGA (IsDuplicateRowForPGA), skipped as the export intends"
TICKETS = b"Id,Organization,Type,Created at,Status,Subject\n101,Fabrikam Oy,Question,2026-10-02,open,Teams?\n"


def version_8_store(path) -> None:
    """A store as version 8 wrote it: kinds and periods ", "-joined text, duplicates counted as rejected."""
    (insights,) = read_file("insights.tsv", INSIGHTS)
    (tickets,) = read_file("tickets.csv", TICKETS)
    with duckdb.connect(str(path)) as cursor:
        assert migrate(cursor, target=8) == 8
        ref = pl.coalesce("tenant_id", pl.lit("name:") + pl.col("customer_name").str.to_lowercase())
        licenses = insights.rows.select(list(LICENSE_SCHEMA)).with_columns(customer_ref=ref)
        rejects = pl.concat([insights.rejected, tickets.rejected]).select(list(REJECT_SCHEMA))
        rejects = rejects.with_columns(  # the reason versions 1 to 8 gave a row marked as a duplicate
            reason=pl.when(is_marked_duplicate()).then(pl.lit(VERSION_8_DUPLICATE)).otherwise("reason")
        )
        ticket_rows = tickets.rows.select(*[c for c in TICKET_SCHEMA if c in tickets.rows.columns]).with_columns(
            customer_ref=ref
        )
        for table, upload_id, frame in (
            ("licenses", 1, licenses),
            ("rejects", 1, rejects),
            ("tickets", 2, ticket_rows),
        ):
            names = ", ".join(f'"{c}"' for c in frame.columns)
            cursor.register("incoming", frame)
            cursor.execute(
                f"INSERT INTO {table} (workspace, upload_id, {names}) SELECT 'default', ?, {names} FROM incoming",
                [upload_id],
            )
            cursor.unregister("incoming")
        for name, data, kind, periods, accepted, rejected in (
            ("insights.tsv", INSIGHTS, "insights_o365", "2026-09, 2026-10", 2, 2),
            ("tickets.csv", TICKETS, "tickets", "", 1, 0),
        ):
            upload_id = cursor.execute("SELECT nextval('upload_ids')").fetchone()[0]
            cursor.execute(
                "INSERT INTO uploads (upload_id, number, workspace, file_name, sha256, kind, periods, customers, "
                "rows_accepted, rows_rejected, uploaded_at) VALUES (?, ?, 'default', ?, ?, ?, ?, 1, ?, ?, "
                "TIMESTAMP '2026-11-03 09:00')",
                [upload_id, upload_id, name, hashlib.sha256(data).hexdigest(), kind, periods, accepted, rejected],
            )
        cursor.execute("INSERT INTO workspace_versions VALUES ('default', 2, 2)")


def test_migration_9_turns_kinds_and_periods_into_lists_and_counts_marked_duplicates_as_skipped(tmp_path):
    path = tmp_path / "v8.duckdb"
    version_8_store(path)
    with Store.open(path) as store:
        uploads = store.uploads()
        assert uploads.schema["kind"] == pl.List(pl.String) and uploads.schema["periods"] == pl.List(pl.String)
        assert uploads.select(
            "upload_id", "kind", "periods", "rows_accepted", "rows_rejected", "rows_skipped"
        ).rows() == [
            (1, ["insights_o365"], ["2026-09", "2026-10"], 2, 1, 1),
            (2, ["tickets"], [], 1, 0, 0),
        ]
        # the rows are read as before, and the sha256 index still finds a stored file
        assert store.portfolio().licenses.select("period", "active_users").sort("period").rows() == [
            ("2026-09", 96),
            ("2026-10", 101),
        ]
        assert store.import_file("again.tsv", INSIGHTS).message == (
            "insights.tsv is already stored (upload 1); nothing changed."
        )
        assert store.rejected_rows(1).select("line", "reason").rows() == [
            (4, "skipped as marked duplicate (IsDuplicateRowForPGA)"),
            (5, 'PaidAvailableUnits "forty" is not a number'),
        ]
        assert rejected_summary(store.rejected_rows(1)) == "1 row skipped as marked duplicate and 1 rejected row"
        both = store.import_file("both.csv", TICKETS.replace(b"101,", b"102,"))
        assert both.upload_id == 3
        assert store.uploads().filter(pl.col("upload_id") == 3).select("kind", "periods").row(0) == (["tickets"], [])
    with duckdb.connect(str(path), read_only=True) as cursor:
        assert schema_version(cursor) >= 9


def test_a_new_upload_stores_lists_and_says_what_was_skipped(tmp_path):
    with Store.open(tmp_path / "s.duckdb") as store:
        result = store.import_file("insights.tsv", INSIGHTS)
        assert result.message == (
            "insights.tsv: stored 2 rows (1 skipped as marked duplicate, 1 rejected) for 1 customer as upload 1."
        )
        assert (result.rows_rejected, result.rows_skipped) == (1, 1)
        assert store.uploads().select("kind", "periods", "rows_rejected", "rows_skipped").row(0) == (
            ["insights_o365"],
            ["2026-09", "2026-10"],
            1,
            1,
        )
        assert store.rejected_rows(1).select("line", "column", "reason").rows() == [
            (
                4,
                "IsDuplicateRowForPGA",
                "skipped as marked duplicate (IsDuplicateRowForPGA)",
            ),
            (5, "PaidAvailableUnits", 'PaidAvailableUnits "forty" is not a number'),
        ]


def test_store_list_joins_kinds_and_periods_and_counts_skipped_rows(tmp_path, capsys):
    store, tsv = str(tmp_path / "s.duckdb"), tmp_path / "insights.tsv"
    tsv.write_bytes(INSIGHTS)
    assert run(["store", "import", str(tsv), "--store", store]) == 0
    assert capsys.readouterr().out == (
        "insights.tsv: stored 2 rows (1 skipped as marked duplicate, 1 rejected) for 1 customer as upload 1.\n"
    )
    assert run(["store", "list", "--store", store]) == 0
    header, row = capsys.readouterr().out.splitlines()
    assert (
        header
        == "upload_id,file_name,sha256,kind,periods,customers,rows_accepted,rows_rejected,rows_skipped,uploaded_at"
    )
    assert row.split(",")[3:9] == ["insights_o365", "2026-09;2026-10", "1", "2", "1", "1"]


def test_period_span():
    assert [period_span(p) for p in ([], ["2026-10"], ["2025-11", "2026-03", "2026-10"])] == [
        "no periods yet",
        "2026-10",
        "2025-11 to 2026-10",
    ]


def test_uploads_shown_names_kinds_and_spans_periods():
    uploads = pl.DataFrame(
        {
            "upload_id": [1, 2, 3],
            "sha256": ["a", "b", "c"],
            "kind": [["insights_o365"], ["tickets", "insights_o365"], ["tickets"]],
            "periods": [["2026-10"], ["2025-11", "2025-12", "2026-01"], []],
        },
        schema_overrides={"periods": pl.List(pl.String)},
    )
    assert uploads_shown(uploads).rows() == [
        (1, "Partner Center Insights Office 365 license usage", "2026-10"),
        (
            2,
            "helpdesk ticket export; Partner Center Insights Office 365 license usage",
            "2025-11 to 2026-01 (3 months)",
        ),
        (3, "helpdesk ticket export", ""),
    ]


def test_data_summary():
    assert data_summary(1, 1, 1, ["2026-10"]) == "1 file · 1 customer · 2026-10"
    assert data_summary(3, 5, 4, ["2025-11", "2026-10"]) == (
        "3 files · 5 customers (4 with license data, 1 with tickets or subscriptions only) · 2025-11 to 2026-10"
    )


def test_a_store_killed_right_after_migration_9_opens(tmp_path):
    """DuckDB replays the write-ahead log on the next open, before it loads extensions: migration 9 must
    not use a function from one (string_split and list literals are in core_functions), or the store would
    not open."""
    path = tmp_path / "v8.duckdb"
    version_8_store(path)
    migrate_and_die = f"import os; from adoption.store import Store; Store.open({str(path)!r}); os._exit(0)"
    subprocess.run([sys.executable, "-c", migrate_and_die], cwd=Path(__file__).parent.parent, check=True)
    assert Path(f"{path}.wal").exists()  # the migration is still in the log, not yet in the file
    with Store.open(path) as store:
        assert store.uploads().select("kind", "periods").rows() == [
            (["insights_o365"], ["2026-09", "2026-10"]),
            (["tickets"], []),
        ]

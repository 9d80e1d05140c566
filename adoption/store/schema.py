"""The store's tables and their migrations: a list of versioned SQL steps applied in order, each
in its own transaction, recording the reached version in `meta.schema_version`. Both backends
(DuckDB and PostgreSQL) run the same steps, so a version means the same tables on both: a new
PostgreSQL store is created by applying every step from 1, like a new DuckDB file. Where the two
dialects differ, a step's statement is a Dialects pair (PostgreSQL's DDL is transactional too,
so each step is atomic on both); steps are serialised across processes by the cursor's
`lock_schema` (PostgreSQL: an advisory lock; DuckDB: the file's one writer)."""

from __future__ import annotations

from typing import NamedTuple

from adoption.model import LICENSE_SCHEMA, REJECT_SCHEMA, SUBSCRIPTION_SCHEMA, TICKET_SCHEMA

# Stored row tables: the canonical schema plus where each row came from and whom it belongs to.
ROW_TABLES = {
    "licenses": LICENSE_SCHEMA,
    "subscriptions": SUBSCRIPTION_SCHEMA,
    "tickets": TICKET_SCHEMA,
    "rejects": REJECT_SCHEMA,
}
# `customer_ref` (tenant id, else "name:" + the matching key of the name) is part of what one stored fact
# is (adoption.store.winners.GROUPS); licenses also keep `processed` (migration 6).
REPLACEABLE = {"licenses", "subscriptions", "tickets"}


class Dialects(NamedTuple):
    """One migration statement where DuckDB and PostgreSQL spell it differently."""

    duckdb: str
    postgresql: str


V1 = [
    "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)",
    "CREATE SEQUENCE upload_ids START 1",
    """CREATE TABLE uploads (
        upload_id BIGINT PRIMARY KEY, workspace VARCHAR NOT NULL, file_name VARCHAR NOT NULL,
        sha256 VARCHAR NOT NULL, kind VARCHAR NOT NULL, periods VARCHAR NOT NULL, customers BIGINT NOT NULL,
        rows_accepted BIGINT NOT NULL, rows_rejected BIGINT NOT NULL, uploaded_at TIMESTAMP NOT NULL)""",
    "CREATE TABLE workspace_versions (workspace VARCHAR PRIMARY KEY, version BIGINT NOT NULL)",
    # Frozen as first written (the model's columns at version 1): later columns come by migration.
    """CREATE TABLE licenses (workspace VARCHAR NOT NULL, upload_id BIGINT NOT NULL, "source_kind" VARCHAR,
        "source_file" VARCHAR, "line" BIGINT, "tenant_id" VARCHAR, "customer_name" VARCHAR, "segment" VARCHAR,
        "market" VARCHAR, "period" VARCHAR, "workload" VARCHAR, "workload_source" VARCHAR, "licenses_sold" BIGINT,
        "licenses_assigned" BIGINT, "active_users" BIGINT, "deleted_active" BIGINT, customer_ref VARCHAR)""",
    """CREATE TABLE subscriptions (workspace VARCHAR NOT NULL, upload_id BIGINT NOT NULL, "source_file" VARCHAR,
        "line" BIGINT, "tenant_id" VARCHAR, "customer_name" VARCHAR, "subscription_id" VARCHAR, "offer_id" VARCHAR,
        "offer_name" VARCHAR, "status" VARCHAR, "is_trial" BOOLEAN, "quantity" BIGINT, customer_ref VARCHAR)""",
    """CREATE TABLE tickets (workspace VARCHAR NOT NULL, upload_id BIGINT NOT NULL, "source_file" VARCHAR,
        "line" BIGINT, "tenant_id" VARCHAR, "customer_name" VARCHAR, "ticket_type" VARCHAR, "created" DATE,
        "status" VARCHAR, customer_ref VARCHAR)""",
    """CREATE TABLE rejects (workspace VARCHAR NOT NULL, upload_id BIGINT NOT NULL, "source_file" VARCHAR,
        "line" BIGINT, "column" VARCHAR, "reason" VARCHAR)""",
]
V2 = [
    "CREATE SEQUENCE action_ids START 1",
    """CREATE TABLE actions (
        action_id BIGINT PRIMARY KEY, workspace VARCHAR NOT NULL, customer_key VARCHAR NOT NULL,
        date DATE NOT NULL, kind VARCHAR NOT NULL, note VARCHAR NOT NULL, logged_at TIMESTAMP NOT NULL)""",
]
V3 = [
    "CREATE INDEX uploads_by_sha ON uploads (workspace, sha256)",
    "CREATE INDEX licenses_by_upload ON licenses (workspace, upload_id)",
]

# Replaced rows are kept, marked with the upload that replaced them, so removing that upload restores them.
V4 = [f"ALTER TABLE {table} ADD COLUMN replaced_by BIGINT" for table in ("licenses", "subscriptions", "tickets")]

# Frames computed from a workspace's rows (Parquet bytes), valid for one version of the workspace.
V5 = [
    """CREATE TABLE derived (
        workspace VARCHAR NOT NULL, name VARCHAR NOT NULL, version BIGINT NOT NULL, payload BYTEA NOT NULL,
        PRIMARY KEY (workspace, name))"""
]

# Ticket identity (which helpdesk, its id, subject, the key one ticket has in its helpdesk; rows
# kept from before have none, so nothing replaces them) and an analytics export's processed date,
# which orders two exports of one period. Cached frames were computed without the new columns.
V6 = [
    "ALTER TABLE tickets ADD COLUMN helpdesk VARCHAR",
    "ALTER TABLE tickets ADD COLUMN ticket_id VARCHAR",
    "ALTER TABLE tickets ADD COLUMN subject VARCHAR",
    "ALTER TABLE tickets ADD COLUMN ticket_key VARCHAR",
    "ALTER TABLE licenses ADD COLUMN processed DATE",
    "DELETE FROM derived",
]

# Per-user detail's exact union over workloads, for counting a customer's licenses once; cached frames
# were computed without it.
V7 = [
    "ALTER TABLE licenses ADD COLUMN union_assigned BIGINT",
    "ALTER TABLE licenses ADD COLUMN union_active BIGINT",
    "DELETE FROM derived",
]

# Uploads are numbered within their workspace (what users see and name, so an upload's number says
# nothing about other workspaces' activity); upload_id stays the rows' internal reference. The
# workspace's last number is kept, so a removed upload's number is never given again.
V8 = [
    "ALTER TABLE uploads ADD COLUMN number BIGINT",
    """UPDATE uploads SET number = n.number FROM (SELECT upload_id, row_number() OVER (PARTITION BY workspace
        ORDER BY upload_id) AS number FROM uploads) n WHERE uploads.upload_id = n.upload_id""",
    "ALTER TABLE workspace_versions ADD COLUMN last_upload BIGINT DEFAULT 0",
    "UPDATE workspace_versions SET last_upload = 0",
    """INSERT INTO workspace_versions (workspace, version, last_upload) SELECT workspace, 1, max(number) FROM uploads
        GROUP BY workspace ON CONFLICT (workspace) DO UPDATE SET last_upload = excluded.last_upload""",
]

# An upload's kinds and periods as lists (they were ", "-joined text), and the rows its export itself marks
# as duplicates (IsDuplicateRowForPGA) counted as skipped, apart from the rows rejected. DuckDB changes a
# column's type or adds one only on a table no index depends on, so the sha256 index is dropped and made
# again. The text becomes a list by `||` and a cast only ('[a, b]' is the list [a, b]; '[]' is empty): DuckDB
# replays an ALTER's expression from the write-ahead log after a crash before it loads extensions, and
# string_split or a list literal need one (core_functions), so a store killed right after migrating would
# not open (tests/test_stored_view.py).
V9 = [
    "DROP INDEX uploads_by_sha",
    *(
        Dialects(
            f"ALTER TABLE uploads ALTER COLUMN {c} SET DATA TYPE VARCHAR[] USING ('[' || {c} || ']')::VARCHAR[]",
            f"ALTER TABLE uploads ALTER COLUMN {c} SET DATA TYPE VARCHAR[] USING ('{{' || {c} || '}}')::VARCHAR[]",
        )
        for c in ("kind", "periods")
    ),
    "ALTER TABLE uploads ADD COLUMN rows_skipped BIGINT DEFAULT 0",
    """UPDATE uploads SET rows_skipped = coalesce(s.n, 0), rows_rejected = rows_rejected - coalesce(s.n, 0)
        FROM (SELECT workspace, upload_id, count(*) AS n FROM rejects
              WHERE reason = 'a duplicate row for PGA (IsDuplicateRowForPGA), skipped as the export intends'
              GROUP BY workspace, upload_id) s
        WHERE uploads.workspace = s.workspace AND uploads.upload_id = s.upload_id""",
    """UPDATE rejects SET reason = 'skipped as marked duplicate (IsDuplicateRowForPGA)'
        WHERE reason = 'a duplicate row for PGA (IsDuplicateRowForPGA), skipped as the export intends'""",
    "CREATE INDEX uploads_by_sha ON uploads (workspace, sha256)",
]

# Each workspace's settings (the rules' thresholds and weights, the currency: adoption.settings as JSON) and
# its own price list (the uploaded CSV's bytes and file name), kept across sessions. (BYTEA is DuckDB's BLOB.)
V10 = [
    """CREATE TABLE workspace_settings (
        workspace VARCHAR PRIMARY KEY, settings VARCHAR NOT NULL DEFAULT '{}', prices BYTEA, prices_file VARCHAR,
        saved_at TIMESTAMP NOT NULL)"""
]

# DuckDB reads one upload's rows through the min/max it keeps per row group (uploads are appended in order),
# so the index on (workspace, upload_id) only cost it: building it at the commit of a million-row import took
# 0.27 s and its memory. PostgreSQL keeps it (its deletes and reads of one upload go through it).
V11 = [Dialects("DROP INDEX IF EXISTS licenses_by_upload", "SELECT 1")]

MIGRATIONS: list[tuple[int, list[str]]] = [
    (1, V1),
    (2, V2),
    (3, V3),
    (4, V4),
    (5, V5),
    (6, V6),
    (7, V7),
    (8, V8),
    (9, V9),
    (10, V10),
    (11, V11),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def column_list(names) -> str:
    """Column names quoted for SQL (the reject schema has a column called "column")."""
    return ", ".join(f'"{name}"' for name in names)


def _cursor(cursor):
    from adoption.store.duck import as_cursor  # a raw DuckDB connection (tests) or a store cursor

    return as_cursor(cursor)


def has_meta(cursor) -> bool:
    found = _cursor(cursor).run(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta' AND table_schema = current_schema()"
    )
    return found[0][0] == 1


def schema_version(cursor) -> int:
    """The version the store is at; 0 for an empty database."""
    cursor = _cursor(cursor)
    if not has_meta(cursor):
        return 0
    row = cursor.run("SELECT value FROM meta WHERE key = 'schema_version'")
    return int(row[0][0]) if row else 0


def migrate(cursor, target: int = SCHEMA_VERSION) -> int:
    """Apply every step above the store's version up to `target`, each step atomically; another
    process migrating at the same moment waits for the lock and then finds the step done."""
    cursor = _cursor(cursor)
    current = schema_version(cursor)
    for version, statements in MIGRATIONS:
        if current < version <= target:
            cursor.begin()
            try:
                cursor.lock_schema()
                if schema_version(cursor) >= version:  # another process did it meanwhile
                    cursor.commit()
                    current = version
                    continue
                for statement in statements:
                    cursor.run(getattr(statement, cursor.dialect, statement))
                cursor.run(
                    "INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [str(version)],
                )
                cursor.commit()
            except BaseException:
                cursor.rollback()
                raise
            current = version
    return current

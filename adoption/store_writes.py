"""One upload written into the store inside the caller's transaction: rows inserted from Arrow in
bulk, and what a newer upload replaces marked first (licenses: the same source kind, period and
customer; subscriptions: the customer's previous snapshot; tickets: the customer's tickets created
within the new file's date range). Replaced rows stay, marked `replaced_by`, so that removing the
newer upload brings them back (unless a yet newer live upload covers them)."""

from __future__ import annotations

from contextlib import suppress

import duckdb
import polars as pl

from adoption.model import ParsedFile
from adoption.parse import name_key
from adoption.store_schema import ROW_TABLES, column_list

# What a newer upload's rows `n` replace among the stored rows `s`; `batch` is all of n's upload.
REPLACES = {
    "licenses": "s.source_kind = n.source_kind AND s.period = n.period AND s.customer_ref = n.customer_ref",
    "subscriptions": "s.customer_ref = n.customer_ref",
    "tickets": ("s.customer_ref = n.customer_ref AND s.created BETWEEN "
                "(SELECT min(b.created) FROM {batch}) AND (SELECT max(b.created) FROM {batch})"),
}
NOUNS = {"licenses": "license row", "subscriptions": "subscription row", "tickets": "ticket row"}


def counted(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def customer_ref() -> pl.Expr:
    return pl.coalesce(pl.col("tenant_id"), pl.lit("name:") + name_key(pl.col("customer_name")))


def _insert(cursor, table: str, frame: pl.DataFrame, workspace: str, upload_id: int) -> None:
    columns = list(ROW_TABLES[table]) + (["customer_ref"] if "customer_ref" in frame.columns else [])
    cursor.register("incoming", frame.to_arrow())
    try:
        names = column_list(columns)
        cursor.execute(f"INSERT INTO {table} (workspace, upload_id, {names}) SELECT ?, ?, {names} FROM incoming",
                       [workspace, upload_id]).fetchall()
    finally:
        with suppress(duckdb.Error):  # after a failed statement the transaction refuses this too
            cursor.unregister("incoming")


def _replace(cursor, category: str, frame: pl.DataFrame, workspace: str, upload_id: int) -> list[tuple[str, int]]:
    """Mark the live stored rows the incoming ones replace; return (what, count) per period."""
    cursor.register("incoming", frame.to_arrow())
    try:
        condition = REPLACES[category].format(batch="incoming b")
        match = (f"s.workspace = ? AND s.upload_id <> ? AND s.replaced_by IS NULL "
                 f"AND EXISTS (SELECT 1 FROM incoming n WHERE {condition})")
        group = "s.period" if category == "licenses" else "NULL"
        counts = cursor.execute(f"SELECT {group}, count(*) FROM {category} s WHERE {match} GROUP BY ALL "
                                "HAVING count(*) > 0 ORDER BY 1", [workspace, upload_id]).fetchall()
        if counts:
            cursor.execute(f"UPDATE {category} AS s SET replaced_by = ? WHERE {match}",
                           [upload_id, workspace, upload_id]).fetchall()
    finally:
        with suppress(duckdb.Error):  # after a failed statement the transaction refuses this too
            cursor.unregister("incoming")
    return [(counted(count, NOUNS[category]) + (f" for {period}" if period else ""), count) for period, count in counts]


def restore_replaced(cursor, workspace: str, removed_upload: int) -> None:
    """After an upload's rows are deleted, the rows it had replaced come back, unless a newer live
    upload covers them too (then they are marked as replaced by that one)."""
    for category in REPLACES:
        condition = REPLACES[category].format(
            batch=f"{category} b WHERE b.workspace = n.workspace AND b.upload_id = n.upload_id")
        cursor.execute(
            f"UPDATE {category} AS s SET replaced_by = (SELECT max(n.upload_id) FROM {category} n "
            f"WHERE n.workspace = s.workspace AND n.replaced_by IS NULL AND {condition}) "
            "WHERE s.workspace = ? AND s.replaced_by = ?", [workspace, removed_upload]).fetchall()


def write_upload(cursor, workspace: str, name: str, sha256: str, parsed: list[ParsedFile]) -> dict:
    upload_id = int(cursor.execute("SELECT nextval('upload_ids')").fetchall()[0][0])
    replaced: list[tuple[str, int]] = []
    refs: list[pl.Series] = []
    for part in parsed:
        rows = part.rows.cast(ROW_TABLES[part.category]).with_columns(customer_ref=customer_ref())
        replaced += _replace(cursor, part.category, rows, workspace, upload_id)
        _insert(cursor, part.category, rows, workspace, upload_id)
        _insert(cursor, "rejects", part.rejected.cast(ROW_TABLES["rejects"]), workspace, upload_id)
        refs.append(rows.get_column("customer_ref"))
    accepted = sum(p.rows.height for p in parsed)
    rejected = sum(p.rejected.height for p in parsed)
    periods = sorted({period for p in parsed for period in p.periods})
    customers = pl.concat(refs).n_unique() if refs else 0
    kinds = ", ".join(dict.fromkeys(p.kind for p in parsed))
    cursor.execute(
        "INSERT INTO uploads (upload_id, workspace, file_name, sha256, kind, periods, customers, rows_accepted, "
        "rows_rejected, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now()::TIMESTAMP)",
        [upload_id, workspace, name, sha256, kinds, ", ".join(periods), customers, accepted, rejected],
    ).fetchall()
    message = f"{name}: stored {counted(accepted, 'row')}" + (f" ({rejected:,} rejected)" if rejected else "")
    message += f" for {counted(customers, 'customer')} as upload {upload_id}"
    if replaced:
        message += "; replaced " + ", ".join(text for text, _ in replaced)
    return dict(upload_id=upload_id, duplicate=False, replaced=sum(n for _, n in replaced),
                rows_accepted=accepted, rows_rejected=rejected, message=message + ".")

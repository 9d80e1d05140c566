"""One upload written into the store inside the caller's transaction: rows inserted from Arrow in
bulk, then, per category, which upload's rows count for each group the new rows belong to decided
by adoption.store.winners (rows that stop counting stay, marked `replaced_by`, so removing an
upload brings them back), the upload's number within its workspace (what users see; `upload_id` is
the store-wide internal reference), and the result message that says what was replaced or kept."""

from __future__ import annotations

import polars as pl

from adoption.i18n import N_, Message, Nn_
from adoption.ingest.cells import name_key
from adoption.model import ParsedFile, is_marked_duplicate
from adoption.store.schema import ROW_TABLES
from adoption.store.winners import GROUPS, apply, conflicts, reach, winners

NOUNS = {
    "licenses": Nn_("{n} license row", "{n} license rows"),
    "subscriptions": Nn_("{n} subscription row", "{n} subscription rows"),
    "tickets": Nn_("{n} ticket row", "{n} ticket rows"),
}
# Columns the store keeps beside the model's: whom a row belongs to; an analytics export's processed date.
STORE_COLUMNS = ["customer_ref", "processed"]
# From this many new rows of a category an import refreshes the planner's statistics of its table (PostgreSQL;
# imports of other workspaces wait for that lock until this one commits, so small imports do not take it).
ANALYZE_FROM = 50_000
FIGURES = ["workload", "workload_source", "licenses_sold", "licenses_assigned", "active_users", "deleted_active"]


def counted(n: int, noun: tuple[str, str]) -> Message:
    """`1 row`, `1,234 rows`: `noun` an Nn_-marked pair (the message is worded in the reader's language)."""
    return Message.counted(noun, n)


def customer_ref() -> pl.Expr:
    return pl.coalesce(pl.col("tenant_id"), pl.lit("name:") + name_key(pl.col("customer_name")))


def with_customer_ref(rows: pl.DataFrame) -> pl.DataFrame:
    """The rows with `customer_ref`; where every row has a tenant id that is it, without working out
    the name key of every row (~1.4 s for a million names, all unused by the coalesce)."""
    if rows.get_column("tenant_id").null_count() == 0:
        return rows.with_columns(customer_ref=pl.col("tenant_id"))
    return rows.with_columns(customer_ref=customer_ref())


def _insert(cursor, table: str, frame: pl.DataFrame, workspace: str, upload_id: int) -> None:
    names = list(ROW_TABLES[table]) + [c for c in STORE_COLUMNS if c in frame.columns]
    if frame.height:
        cursor.append(table, frame.select(names), {"workspace": workspace, "upload_id": upload_id})


def numbers(cursor, workspace: str, upload_ids: list[int]) -> dict[int, int]:
    """upload_id (internal, store-wide) -> the upload's number in its workspace, which is what users see."""
    found = cursor.run(
        "SELECT upload_id, number FROM uploads WHERE workspace = ? AND upload_id = ANY(?)", [workspace, upload_ids]
    )
    return dict(found)


def next_number(cursor, workspace: str) -> int:
    """The workspace's next upload number (never one a removed upload had)."""
    found = cursor.run(
        "INSERT INTO workspace_versions (workspace, version, last_upload) VALUES (?, 0, 1) ON CONFLICT (workspace) "
        "DO UPDATE SET last_upload = coalesce(workspace_versions.last_upload, 0) + 1 RETURNING last_upload",
        [workspace],
    )
    return int(found[0][0])


def span(periods: list[str]) -> Message | str:
    """2026-09; 2025-11 to 2026-09 (every month between present); else the months listed."""
    months = sorted(set(periods))
    index = [int(m[:4]) * 12 + int(m[5:7]) for m in months]
    if len(months) > 2 and index[-1] - index[0] == len(months) - 1:
        return Message(N_("{first} to {last}"), {"first": months[0], "last": months[-1]})
    return ", ".join(months)


def _license_parts(cursor, workspace: str, upload_id: int, found: pl.DataFrame) -> list[tuple[Message, int]]:
    """What the new upload's license rows met: per other upload (and source kind), whether the new
    rows replaced its figures or it kept them (and why), for which periods, and whether they differed."""
    met = conflicts(cursor, "licenses", workspace, upload_id, found)
    if not met.height:
        return []
    groups = GROUPS["licenses"]
    with cursor.registered("met", met):
        rows = cursor.frame(
            f"SELECT s.upload_id, m.other, m.winner, {', '.join('s.' + c for c in groups + FIGURES)} "
            "FROM licenses s JOIN met m ON "
            + " AND ".join(f"s.{c} = m.{c}" for c in groups)
            + " WHERE s.workspace = ? AND (s.upload_id = ? OR s.upload_id = m.other)",
            [workspace, upload_id],
        )
    rows = rows.with_columns(replaced=pl.col("winner") == upload_id, side=pl.col("upload_id") == upload_id)
    part = ["other", "source_kind", "replaced"]
    compared = part + [c for c in groups + FIGURES if c not in part]
    tally = rows.group_by(*compared, "side").len()
    both = tally.filter(pl.col("side")).join(
        tally.filter(~pl.col("side")), on=compared, how="full", nulls_equal=True, coalesce=True
    )
    differed = both.group_by(part).agg(differed=(pl.col("len") != pl.col("len_right")).fill_null(True).any())
    lost = rows.filter(pl.col("side") != pl.col("replaced"))  # the rows that stopped counting
    summary = (
        lost.group_by(part)
        .agg(pl.col("period").unique(), n=pl.len())
        .join(differed, on=part)
        .sort("other", "source_kind")
    )
    reaches = reach(cursor, workspace, [upload_id, *summary.get_column("other").to_list()])
    mine = reaches.filter(pl.col("upload_id") == upload_id)
    shown = numbers(cursor, workspace, summary.get_column("other").to_list())
    parts = []
    for other, kind, replaced, periods, n, differs in summary.iter_rows():  # one clause per other upload
        if replaced:
            template = (
                N_("replaced upload {upload}'s figures for {periods} ({rows}; the figures differed)")
                if differs
                else N_("replaced upload {upload}'s figures for {periods} ({rows}; the figures were the same)")
            )
            words = {"upload": str(shown[other]), "periods": span(periods), "rows": counted(n, NOUNS["licenses"])}
            parts.append((Message(template, words), n))
            continue
        theirs = reaches.filter(upload_id=other, source_kind=kind).row(0, named=True)
        ours = mine.filter(source_kind=kind).row(0, named=True)
        if theirs["reach_period"] != ours["reach_period"]:
            why = Message(N_("it reaches a later period ({period})"), {"period": str(theirs["reach_period"])})
        else:
            why = Message(N_("it was processed later ({date})"), {"date": str(theirs["reach_processed"])})
        words = {"upload": str(shown[other]), "periods": span(periods), "why": why}
        parts.append((Message(N_("kept upload {upload}'s figures for {periods}: {why}"), words), n))
    return parts


def _resolve(cursor, category: str, workspace: str, upload_id: int) -> list[tuple[Message, int]]:
    """Decide the winners of every group the new upload's rows belong to; what that changed, for the message."""
    found = winners(cursor, category, workspace, "t.upload_id = ?", [upload_id])
    if category == "licenses":
        parts = _license_parts(cursor, workspace, upload_id, found)
    else:
        met = conflicts(cursor, category, workspace, upload_id, found)
        with cursor.registered("met", met):
            n = cursor.run(
                f"SELECT count(*) FROM {category} s JOIN met m ON "
                + " AND ".join(f"s.{c} = m.{c}" for c in GROUPS[category])
                + " WHERE s.workspace = ? AND s.upload_id = m.before AND m.winner = ?",
                [workspace, upload_id],
            )[0][0]
        parts = [(Message(N_("replaced {rows}"), {"rows": counted(n, NOUNS[category])}), n)] if n else []
    apply(cursor, category, workspace, found)
    return parts


def write_upload(cursor, workspace: str, name: str, sha256: str, parsed: list[ParsedFile]) -> dict:
    upload_id = int(cursor.run("SELECT nextval('upload_ids')")[0][0])
    number = next_number(cursor, workspace)
    refs: list[pl.Series] = []
    for part in parsed:
        rows = with_customer_ref(part.rows.cast(ROW_TABLES[part.category]))
        if part.category == "licenses":
            rows = rows.with_columns(processed=pl.lit(part.processed, pl.Date))
        _insert(cursor, part.category, rows, workspace, upload_id)
        _insert(cursor, "rejects", part.rejected.cast(ROW_TABLES["rejects"]), workspace, upload_id)
        refs.append(rows.get_column("customer_ref"))
    replaced: list[tuple[Message, int]] = []
    # The workspace's only upload (removed uploads took their rows with them) wins every group it is in:
    # deciding winners would change nothing, so it is skipped (half of a first import's time on PostgreSQL).
    others = cursor.run("SELECT count(*) FROM uploads WHERE workspace = ?", [workspace])[0][0]
    for category in dict.fromkeys(p.category for p in parsed) if others else ():  # once all rows are in
        if sum(p.rows.height for p in parsed if p.category == category) >= ANALYZE_FROM:
            cursor.analyze(category)  # the planner learns of the rows just added before the joins below
        replaced += _resolve(cursor, category, workspace, upload_id)
    accepted = sum(p.rows.height for p in parsed)
    skipped = sum(p.rejected.filter(is_marked_duplicate()).height for p in parsed)
    rejected = sum(p.rejected.height for p in parsed) - skipped
    periods = sorted({period for p in parsed for period in p.periods})
    customers = pl.concat(refs).n_unique() if refs else 0
    kinds = list(dict.fromkeys(p.kind for p in parsed))
    cursor.run(
        "INSERT INTO uploads (upload_id, number, workspace, file_name, sha256, kind, periods, customers, rows_accepted, "
        "rows_rejected, rows_skipped, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()::TIMESTAMP)",
        [upload_id, number, workspace, name, sha256, kinds, periods, customers, accepted, rejected, skipped],
    )
    aside = [
        Message.counted(forms, n)
        for n, forms in (
            (skipped, Nn_("{n} skipped as marked duplicate", "{n} skipped as marked duplicate")),
            (rejected, Nn_("{n} rejected", "{n} rejected")),
        )
        if n
    ]
    # The result message, structured (adoption.i18n.Message): str() is the English, the page words it in its language.
    words = {
        "name": name,
        "rows": counted(accepted, Nn_("{n} row", "{n} rows")),
        "customers": counted(customers, Nn_("{n} customer", "{n} customers")),
        "upload": str(number),
        "replaced": [Message("; {part}", {"part": text}) for text, _ in replaced],
    }
    if aside:
        words["aside"] = (
            Message(N_("{first}, {second}"), {"first": aside[0], "second": aside[1]}) if len(aside) > 1 else aside[0]
        )
        message = Message(N_("{name}: stored {rows} ({aside}) for {customers} as upload {upload}{replaced}."), words)
    else:
        message = Message(N_("{name}: stored {rows} for {customers} as upload {upload}{replaced}."), words)
    return dict(
        upload_id=number,
        duplicate=False,
        replaced=sum(n for _, n in replaced),
        rows_accepted=accepted,
        rows_rejected=rejected,
        rows_skipped=skipped,
        message=str(message),
        words=message,
        alone=others == 0,
    )

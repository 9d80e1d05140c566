"""Which stored rows count when several uploads hold the same thing. Each category has a group
(what one stored fact is) and an order among the uploads holding that group; the first upload in
the order is the winner, whose rows count, and every other upload's rows in the group are marked
`replaced_by` the winner. Removing an upload recomputes the winner among those that remain.

- licenses: group (source kind, period, customer); the upload that reaches further wins: the latest
  period its rows of that source kind reach, then the latest processed date (analytics API), then
  the later upload. So backfilling an older export never overwrites a newer one's figures.
- subscriptions: group (customer): the later upload's snapshot of the customer wins.
- tickets: group (helpdesk, ticket key): the later upload's version of the ticket wins; nothing
  else hides a ticket, so two helpdesks' exports add up. Rows kept from before the ticket identity
  existed (schema 5) have no helpdesk and are in no group: nothing replaces them.
"""

from __future__ import annotations

import polars as pl

GROUPS = {
    "licenses": ["source_kind", "period", "customer_ref"],
    "subscriptions": ["customer_ref"],
    "tickets": ["helpdesk", "ticket_key"],
}
ORDER = {
    "licenses": "r.reach_period DESC, r.reach_processed DESC NULLS LAST, m.upload_id DESC",
    "subscriptions": "m.upload_id DESC",
    "tickets": "m.upload_id DESC",
}
# An upload's reach per source kind: every row it brought counts, also those another upload replaced.
REACH = (
    "SELECT upload_id, source_kind, max(period) AS reach_period, max(processed) AS reach_processed "
    "FROM licenses WHERE workspace = ? AND upload_id = ANY(?) GROUP BY upload_id, source_kind"
)


def _match(category: str, left: str, right: str) -> str:
    return " AND ".join(f"{left}.{c} = {right}.{c}" for c in GROUPS[category])


def winners(cursor, category: str, workspace: str, touched: str, params: list) -> pl.DataFrame:
    """The winner of every group that rows `t` matching `touched` (SQL on `t`) belong to."""
    columns = ", ".join(GROUPS[category])
    reach = ""
    if category == "licenses":
        reach = (
            "JOIN (SELECT upload_id, source_kind, max(period) AS reach_period, max(processed) AS reach_processed "
            "FROM licenses WHERE workspace = ? AND upload_id IN (SELECT upload_id FROM members) "
            "GROUP BY upload_id, source_kind) r "
            "ON r.upload_id = m.upload_id AND r.source_kind = m.source_kind"
        )
    grouped = ", ".join("m." + c for c in GROUPS[category])
    sql = (
        f"WITH touched AS (SELECT DISTINCT {columns} FROM {category} t WHERE t.workspace = ? AND {touched}), "
        f"members AS (SELECT DISTINCT s.upload_id, {', '.join('s.' + c for c in GROUPS[category])} FROM {category} s "
        f"JOIN touched t ON {_match(category, 's', 't')} WHERE s.workspace = ?) "
        f"SELECT {columns}, winner FROM (SELECT {grouped}, m.upload_id AS winner, row_number() OVER "
        f"(PARTITION BY {grouped} ORDER BY {ORDER[category]}) AS rank FROM members m {reach}) ranked WHERE rank = 1"
    )
    extra = [workspace] if reach else []
    return cursor.frame(sql, [workspace, *params, workspace, *extra])


def apply(cursor, category: str, workspace: str, found: pl.DataFrame) -> None:
    """Mark every row of the groups in `found`: the winner's rows count, the others are replaced by it."""
    if not found.height:
        return
    status = "CASE WHEN s.upload_id = w.winner THEN NULL ELSE w.winner END"
    with cursor.registered("winners", found):
        cursor.run(
            f"UPDATE {category} AS s SET replaced_by = {status} FROM winners w WHERE s.workspace = ? "
            f"AND {_match(category, 's', 'w')} AND s.replaced_by IS DISTINCT FROM {status}",
            [workspace],
        )


def conflicts(cursor, category: str, workspace: str, upload_id: int, found: pl.DataFrame) -> pl.DataFrame:
    """Before `apply`: per group where another upload's rows counted until now, that upload
    (`before`) and the winner; `other` is the one the new upload's rows met (the loser or the winner)."""
    columns = GROUPS[category]
    with cursor.registered("winners", found):
        frame = cursor.frame(
            f"SELECT DISTINCT {', '.join('w.' + c for c in columns)}, w.winner, s.upload_id AS before "
            f"FROM winners w JOIN {category} s ON {_match(category, 's', 'w')} "
            "WHERE s.workspace = ? AND s.replaced_by IS NULL AND s.upload_id <> ?",
            [workspace, upload_id],
        )
    return frame.with_columns(other=pl.when(pl.col("winner") == upload_id).then("before").otherwise("winner"))


def reach(cursor, workspace: str, upload_ids: list[int]) -> pl.DataFrame:
    return cursor.frame(REACH, [workspace, upload_ids])


def restore_replaced(cursor, workspace: str, removed_upload: int) -> None:
    """After an upload's rows are deleted, the groups it had won get their winner again from the
    uploads that remain (rows in no group, such as tickets kept from schema 5, simply come back)."""
    for category in GROUPS:
        found = winners(cursor, category, workspace, "t.replaced_by = ?", [removed_upload])
        cursor.run(
            f"UPDATE {category} SET replaced_by = NULL WHERE workspace = ? AND replaced_by = ?",
            [workspace, removed_upload],
        )
        apply(cursor, category, workspace, found)

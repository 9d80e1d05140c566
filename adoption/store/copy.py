"""`python -m adoption store copy --from PATH --to URL`: move a whole store (every workspace: uploads
with their numbers, rows with their provenance and replacement marks, rejected rows, the action log,
settings, price lists, versions and cached frames) into an empty PostgreSQL store, table by table,
ids kept, in one transaction (a failed copy leaves the target empty), then the target's id sequences
moved past the copied ids. The source is opened as usual (an older DuckDB store is migrated first),
so both are at the same schema version and every table has the same columns."""

from __future__ import annotations

from pathlib import Path

from adoption.store import Store, StoreError, is_url
from adoption.store.schema import ROW_TABLES

# Every table of the store at the current schema version (meta is the target's own, at the same version).
TABLES = ["uploads", "workspace_versions", *ROW_TABLES, "actions", "workspace_settings", "derived"]
SEQUENCES = {"upload_ids": ("uploads", "upload_id"), "action_ids": ("actions", "action_id")}


def copy_store(source: str | Path, target: str) -> dict[str, int]:
    """Copy the store at `source` into the empty PostgreSQL store at `target`; rows copied per table."""
    if not is_url(target):
        raise StoreError(f"store copy writes into a PostgreSQL store (a postgresql:// URL), not {target}.")
    counts: dict[str, int] = {}
    with Store.open(source) as origin, Store.open(target) as destination:
        with destination._db.cursor() as cursor:
            held = {table: cursor.run(f"SELECT count(*) FROM {table}")[0][0] for table in TABLES}
        if any(held.values()):
            raise StoreError(
                f"The store at {destination.shown} already holds data; store copy only fills an empty store."
            )
        with origin._db.snapshot() as reading, destination._db.transaction("store copy") as writing:
            for table in TABLES:
                frame = reading.frame(f"SELECT * FROM {table}")
                if frame.height:
                    writing.append(table, frame, {})
                counts[table] = frame.height
            for sequence, (table, column) in SEQUENCES.items():
                writing.run(f"SELECT setval('{sequence}', (SELECT coalesce(max({column}), 0) + 1 FROM {table}), false)")
    return counts


def copy_command(args) -> int:
    counts = copy_store(args.source, args.target)
    shown = Store.open(args.target, read_only=True).shown
    print(
        f"copied {counts['uploads']:,} uploads ({sum(counts[t] for t in ROW_TABLES):,} rows with the rejected ones), "
        f"{counts['actions']:,} actions and {counts['workspace_settings']:,} workspace settings of "
        f"{counts['workspace_versions']:,} workspaces from {args.source} to {shown}."
    )
    return 0

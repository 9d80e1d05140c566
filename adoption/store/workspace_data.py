"""What a store keeps per workspace beside the uploads' rows, the same SQL on both backends: the
workspace's version (bumped by every change, so caches know when to recompute), the derived-frame
cache (adoption.store.derived: Parquet bytes valid for one version), the action log (contacted,
snoozed...), and the saved settings and price list. Mixed into adoption.store.Store, whose
backend (`self._db`) lends the cursors and transactions."""

from __future__ import annotations

import datetime as dt
import io

import polars as pl

from adoption.settings import Settings, settings_from_json, settings_json
from adoption.store.connection import StoreError

ACTION_COLUMNS = ["action_id", "customer_key", "date", "kind", "note", "logged_at"]


class WorkspaceData:
    _db: object
    read_only: bool

    def _query(self, sql: str, params: list) -> pl.DataFrame:
        """A small read (DuckDB answers it again without opening the file while the file is unchanged)."""
        return self._db.read_frame(sql, params)

    @staticmethod
    def _bump(cursor, workspace: str) -> None:
        cursor.run(
            "INSERT INTO workspace_versions (workspace, version) VALUES (?, 1) "
            "ON CONFLICT (workspace) DO UPDATE SET version = workspace_versions.version + 1",
            [workspace],
        )

    def version(self, workspace: str = "default") -> int:
        found = self._query("SELECT version FROM workspace_versions WHERE workspace = ?", [workspace])
        return int(found.item()) if found.height else 0

    def derived_frames(self, workspace: str, version: int, names: list[str]) -> dict[str, pl.DataFrame]:
        """Those of `names` that save_derived kept for exactly this version of the workspace."""
        with self._db.cursor() as cursor:
            found = cursor.run(
                "SELECT name, payload FROM derived WHERE workspace = ? AND version = ? AND name = ANY(?)",
                [workspace, version, names],
            )
        return {name: pl.read_parquet(io.BytesIO(payload)) for name, payload in found}

    def save_derived(self, workspace: str, version: int, frames: dict[str, pl.DataFrame]) -> bool:
        """Keep frames computed from the workspace's rows at `version` (dropping every older version's). A cache:
        on a read-only store, or when the write fails, nothing is saved and False is returned."""
        if self.read_only:
            return False
        blobs = []
        for name, frame in frames.items():
            buffer = io.BytesIO()
            # lz4, not zstd: ~25% quicker to write and ~35% to read back on every fresh start, blobs ~1.6x larger
            frame.write_parquet(buffer, compression="lz4")
            blobs.append([workspace, name, version, buffer.getvalue()])
        try:
            with self._db.transaction(workspace) as cursor:
                if cursor.run("SELECT version FROM workspace_versions WHERE workspace = ?", [workspace]) != (
                    [(version,)] if version else []
                ):
                    return False  # another program changed the workspace since these were computed
                # Deleted, then inserted: an upsert (ON CONFLICT DO UPDATE) of megabytes of Parquet takes DuckDB
                # ~10x as long (0.49 s against 0.05 s for the bench file's frames).
                cursor.run(
                    "DELETE FROM derived WHERE workspace = ? AND (version <> ? OR name = ANY(?))",
                    [workspace, version, list(frames)],
                )
                cursor.run_many("INSERT INTO derived (workspace, name, version, payload) VALUES (?, ?, ?, ?)", blobs)
        except StoreError:
            return False
        return True

    def log_action(self, customer_key: str, date: dt.date, kind: str, note: str, workspace: str = "default") -> int:
        with self._db.transaction(workspace) as cursor:
            found = cursor.run(
                "INSERT INTO actions (action_id, workspace, customer_key, date, kind, note, logged_at) "
                "VALUES (nextval('action_ids'), ?, ?, ?, ?, ?, now()::TIMESTAMP) RETURNING action_id",
                [workspace, customer_key, date, kind, note],
            )
            self._bump(cursor, workspace)
        return int(found[0][0])

    def actions(self, workspace: str = "default", customer_key: str | None = None) -> pl.DataFrame:
        where, params = "workspace = ?", [workspace]
        if customer_key is not None:
            where, params = where + " AND customer_key = ?", params + [customer_key]
        return self._query(
            f"SELECT {', '.join(ACTION_COLUMNS)} FROM actions WHERE {where} ORDER BY date, action_id", params
        )

    def settings(self, workspace: str = "default") -> Settings:
        """The workspace's saved settings (adoption.settings); the defaults when none were saved."""
        found = self._query("SELECT settings FROM workspace_settings WHERE workspace = ?", [workspace])
        return settings_from_json(found.item() if found.height else None)

    def save_settings(self, settings: Settings, workspace: str = "default") -> None:
        """Keep `settings` for the workspace (its price list stays as it is)."""
        with self._db.transaction(workspace) as cursor:
            cursor.run(
                "INSERT INTO workspace_settings (workspace, settings, saved_at) VALUES (?, ?, now()::TIMESTAMP) "
                "ON CONFLICT (workspace) DO UPDATE SET settings = excluded.settings, saved_at = excluded.saved_at",
                [workspace, settings_json(settings)],
            )

    def price_list(self, workspace: str = "default") -> tuple[str, bytes] | None:
        """(file name, bytes) of the price list uploaded for the workspace; None: the default list applies."""
        found = self._query(
            "SELECT prices_file, prices FROM workspace_settings WHERE workspace = ? AND prices IS NOT NULL", [workspace]
        )
        return (found.item(0, 0), bytes(found.item(0, 1))) if found.height else None

    def save_price_list(self, name: str | None, data: bytes | None, workspace: str = "default") -> None:
        """Keep an uploaded price list (its file name and bytes) for the workspace; None, None: back to the default."""
        with self._db.transaction(workspace) as cursor:
            cursor.run(
                "INSERT INTO workspace_settings (workspace, prices, prices_file, saved_at) "
                "VALUES (?, ?, ?, now()::TIMESTAMP) ON CONFLICT (workspace) DO UPDATE SET prices = excluded.prices, "
                "prices_file = excluded.prices_file, saved_at = excluded.saved_at",
                [workspace, data, name],
            )

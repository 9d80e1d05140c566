"""The persistent store: one DuckDB file holding every upload's normalised rows with provenance,
per workspace. It owns opening (creating, migrating, taking over a file left by a failed creation,
refusing foreign files, falling back to read-only), atomic imports (which upload's rows count:
adoption.store.winners), removal, and reading a Portfolio back. A Store holds no open file: each
call borrows the process's connection from adoption.store.connection (read-only for reads,
read-write inside a write, closed soon after), so other processes can use the file between calls;
a cursor per call (so per thread), one write lock per file. Every DuckDB error leaves a Store
method as a StoreError of one sentence. Upload numbers shown to users count within the workspace."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from adoption.i18n import N_, Message
from adoption.ingest.customers import resolve_customers
from adoption.ingest.readers import read_file
from adoption.model import REJECT_SCHEMA, ParsedFile, Portfolio
from adoption.settings import Settings, settings_from_json, settings_json
from adoption.store.connection import StoreError, shared_file, translate
from adoption.store.files import is_new, prepare, unfinished
from adoption.store.schema import (
    REPLACEABLE,
    ROW_TABLES,
    SCHEMA_VERSION,
    column_list,
    has_meta,
    migrate,
    schema_version,
)
from adoption.store.winners import restore_replaced
from adoption.store.writes import write_upload

REPO_DIR = Path(__file__).resolve().parent.parent.parent
# upload_id as users see it is the upload's number within its workspace (column `number`).
UPLOAD_COLUMNS = [
    "number AS upload_id",
    "file_name",
    "sha256",
    "kind",
    "periods",
    "customers",
    "rows_accepted",
    "rows_rejected",
    "rows_skipped",
    "uploaded_at",
]
ACTION_COLUMNS = ["action_id", "customer_key", "date", "kind", "note", "logged_at"]
_WRITE_LOCKS: dict[Path, threading.Lock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()


@dataclass(frozen=True)
class ImportResult:
    upload_id: int | None
    duplicate: bool
    replaced: int
    rows_accepted: int
    rows_rejected: int
    message: str
    rows_skipped: int = 0  # rows the export itself marks as duplicates (listed with the rejected rows)
    # The workspace's version this upload made, and whether the upload is then the workspace's only one
    # (its rows are then all the workspace holds: adoption.store.derived need not read them back).
    version: int | None = None
    alone: bool = False
    # The message as its template and parameters (adoption.i18n.Message), for a page in another language.
    words: Message | None = None

    def text(self, language: str = "en") -> str:
        """The message in `language` (English: `message`)."""
        return self.words.text(language) if self.words is not None else self.message


def default_store_path() -> Path:
    given = os.environ.get("ADOPTION_STORE")
    return Path(given) if given else REPO_DIR / "data" / "adoption.duckdb"


def _write_lock(path: Path) -> threading.Lock:
    with _WRITE_LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(path.resolve(), threading.Lock())


def _known_upload(cursor, sha256: str, workspace: str) -> ImportResult | None:
    found = cursor.execute(
        "SELECT number, file_name, rows_accepted, rows_rejected, rows_skipped FROM uploads "
        "WHERE workspace = ? AND sha256 = ?",
        [workspace, sha256],
    ).fetchall()
    if not found:
        return None
    number, file_name, accepted, rejected, skipped = found[0]
    words = Message(
        N_("{name} is already stored (upload {upload}); nothing changed."), {"name": file_name, "upload": str(number)}
    )
    return ImportResult(number, True, 0, accepted, rejected, str(words), skipped, words=words)


class Store:
    def __init__(self, path: Path, read_only: bool):
        self.path, self.read_only = path, read_only
        self._file = shared_file(path)
        self._write_lock = _write_lock(path)

    @classmethod
    def open(cls, path: str | Path | None = None, read_only: bool = False) -> Store:
        """Open (creating and migrating when needed) the store at `path`; a file that cannot be
        written is opened read-only; anything that is not our store is refused and left as it is."""
        path = Path(path) if path else default_store_path()
        exists, read_only = prepare(path, read_only)
        store = cls(path, read_only)
        try:
            store._check(exists)
        except StoreError:
            if not exists and unfinished(path):
                path.unlink(missing_ok=True)  # a creation that failed (disk full) leaves nothing behind
            raise
        return store

    def _check(self, existed: bool) -> None:
        path = self.path
        with self._cursor(write=not self.read_only) as cursor:
            if existed and not has_meta(cursor) and not is_new(cursor):
                raise StoreError(
                    f"{path} is a DuckDB database but not an Adoption Insights store; it was left "
                    "untouched. Move it away or choose another store path."
                )
            version = schema_version(cursor)
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{path} was written by a newer version of this app (schema {version}); update the app."
                )
            if version < SCHEMA_VERSION:
                if self.read_only:
                    raise StoreError(
                        f"{path} is an older store (schema {version}) that cannot be upgraded while "
                        "read-only; open it once with write access."
                    )
                with self._write_lock:
                    migrate(cursor)

    def close(self) -> None:
        """Nothing stays open between calls; this only closes the process's idle connection at once."""
        self._file.close_idle()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _cursor(self, write: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for one call; any DuckDB error inside becomes one StoreError sentence."""
        cursor = self._file.acquire(write)
        failed = False
        try:
            yield cursor
        except duckdb.Error as error:
            failed = True
            raise translate(error, self.path, write) from error
        except BaseException:
            failed = True
            raise
        finally:
            self._file.release(cursor, failed)

    def _query(self, sql: str, params: list) -> pl.DataFrame:
        with self._cursor() as cursor:
            return cursor.sql(sql, params=params).pl()

    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One write: under the file's write lock, in one transaction, rolled back on any failure;
        it returns only once COMMIT has succeeded."""
        if self.read_only:
            raise StoreError(f"The store at {self.path} is open read-only, so nothing can be saved.")
        with self._write_lock, self._cursor(write=True) as cursor:
            cursor.execute("BEGIN TRANSACTION").fetchall()
            try:
                yield cursor
                cursor.execute("COMMIT").fetchall()
            except BaseException:
                try:
                    cursor.execute("ROLLBACK").fetchall()
                except duckdb.Error:
                    pass
                raise

    @staticmethod
    def _bump(cursor, workspace: str) -> None:
        cursor.execute(
            "INSERT INTO workspace_versions (workspace, version) VALUES (?, 1) "
            "ON CONFLICT (workspace) DO UPDATE SET version = workspace_versions.version + 1",
            [workspace],
        ).fetchall()

    def version(self, workspace: str = "default") -> int:
        found = self._query("SELECT version FROM workspace_versions WHERE workspace = ?", [workspace])
        return int(found.item()) if found.height else 0

    def derived_frames(self, workspace: str, version: int, names: list[str]) -> dict[str, pl.DataFrame]:
        """Those of `names` that save_derived kept for exactly this version of the workspace."""
        with self._cursor() as cursor:
            found = cursor.execute(
                "SELECT name, payload FROM derived WHERE workspace = ? AND version = ? AND list_contains(?, name)",
                [workspace, version, names],
            ).fetchall()
        return {name: pl.read_parquet(io.BytesIO(payload)) for name, payload in found}

    def save_derived(self, workspace: str, version: int, frames: dict[str, pl.DataFrame]) -> bool:
        """Keep frames computed from the workspace's rows at `version` (dropping every older version's). A cache:
        on a read-only store, or when the write fails, nothing is saved and False is returned."""
        if self.read_only:
            return False
        blobs = []
        for name, frame in frames.items():
            buffer = io.BytesIO()
            frame.write_parquet(buffer)
            blobs.append([workspace, name, version, buffer.getvalue()])
        try:
            with self._transaction() as cursor:
                if cursor.execute(
                    "SELECT version FROM workspace_versions WHERE workspace = ?", [workspace]
                ).fetchall() != ([(version,)] if version else []):
                    return False  # another program changed the workspace since these were computed
                cursor.execute(
                    "DELETE FROM derived WHERE workspace = ? AND version <> ?", [workspace, version]
                ).fetchall()
                cursor.executemany(
                    "INSERT OR REPLACE INTO derived (workspace, name, version, payload) VALUES (?, ?, ?, ?)", blobs
                )
        except StoreError:
            return False
        return True

    def workspaces(self) -> list[str]:
        """The workspaces holding uploads, in name order."""
        return (
            self._query("SELECT DISTINCT workspace FROM uploads ORDER BY workspace", [])
            .get_column("workspace")
            .to_list()
        )

    def is_empty(self, workspace: str = "default") -> bool:
        return self._query("SELECT count(*) AS n FROM uploads WHERE workspace = ?", [workspace]).item() == 0

    def import_file(
        self,
        name: str,
        data: bytes | Path,
        customer: str | None = None,
        kind: str | None = None,
        column_map: dict[str, str] | None = None,
        workspace: str = "default",
        progress: Callable[[float, str], None] | None = None,
        parsed_into: list[ParsedFile] | None = None,
        sha256: str | None = None,
    ) -> ImportResult:
        """Read, check and store one file (its bytes, or a path, which is hashed and scanned
        without being loaded whole); `progress(fraction, stage)` hears of each stage; the parsed
        files are added to `parsed_into` when given (so `store import` computes from them);
        `sha256`: the bytes' SHA-256 when the caller has already worked it out."""
        report = progress or (lambda fraction, stage: None)
        if sha256 is None and isinstance(data, Path):
            with data.open("rb") as handle:
                sha256 = hashlib.file_digest(handle, "sha256").hexdigest()
        elif sha256 is None:
            sha256 = hashlib.sha256(data).hexdigest()
        with self._cursor() as cursor:
            known = _known_upload(cursor, sha256, workspace)
        if known is not None:  # checked before reading, so the same bytes again cost nothing
            return known
        report(0.1, Message(N_("Reading and checking the rows of {name}…"), {"name": name}))
        parsed = read_file(name, data, customer, kind, column_map)
        rows = sum(p.rows.height for p in parsed)
        report(0.7, Message(N_("Saving {rows} rows…"), {"rows": rows}))
        result = self.import_parsed(name, sha256, parsed, workspace)
        if parsed_into is not None:
            parsed_into.extend(parsed)
        report(1.0, Message(N_("Saved.")))
        return result

    def import_parsed(
        self, name: str, sha256: str, parsed: list[ParsedFile], workspace: str = "default"
    ) -> ImportResult:
        with self._transaction() as cursor:
            known = _known_upload(cursor, sha256, workspace)
            if known is not None:
                return known
            result = write_upload(cursor, workspace, name, sha256, parsed)
            self._bump(cursor, workspace)
            result["version"] = cursor.execute(
                "SELECT version FROM workspace_versions WHERE workspace = ?", [workspace]
            ).fetchall()[0][0]
        return ImportResult(**result)

    @staticmethod
    def _rows(cursor, table: str, workspace: str, number: int | None = None) -> pl.DataFrame:
        schema = ROW_TABLES[table]
        columns = column_list(schema)
        where, params = "workspace = ?", [workspace]
        if table in REPLACEABLE and number is None:
            where += " AND replaced_by IS NULL"
        if number is not None:
            where += " AND upload_id = (SELECT upload_id FROM uploads WHERE workspace = ? AND number = ?)"
            params += [workspace, number]
        # No ORDER BY: rows are only ever appended (replacement marks them), and DuckDB returns a
        # table scan in insertion order (preserve_insertion_order), which is upload, then line order.
        frame = cursor.sql(f"SELECT {columns} FROM {table} WHERE {where}", params=params).pl()
        return frame.cast(schema) if frame.height else pl.DataFrame(schema=schema)

    def portfolio(self, workspace: str = "default") -> Portfolio:
        """Everything stored in the workspace, every period, customers resolved as for files."""
        with self._cursor() as cursor:  # one cursor, one transaction: the four tables as of one moment
            cursor.execute("BEGIN TRANSACTION").fetchall()
            frames = [
                self._rows(cursor, table, workspace) for table in ("licenses", "subscriptions", "tickets", "rejects")
            ]
            cursor.execute("COMMIT").fetchall()
        return resolve_customers(*frames)

    def uploads(self, workspace: str = "default") -> pl.DataFrame:
        """The workspace's uploads, oldest first; `upload_id` is the upload's number in the workspace."""
        return self._query(
            f"SELECT {', '.join(UPLOAD_COLUMNS)} FROM uploads WHERE workspace = ? ORDER BY number", [workspace]
        )

    def rejected_rows(self, number: int, workspace: str = "default") -> pl.DataFrame:
        """The rows upload `number` of the workspace rejected."""
        with self._cursor() as cursor:
            return self._rows(cursor, "rejects", workspace, number).cast(REJECT_SCHEMA)

    def remove_upload(self, number: int, workspace: str = "default") -> bool:
        """Remove upload `number` of the workspace and every row it brought (the rows it had replaced
        come back); False when the workspace has no such upload."""
        with self._transaction() as cursor:
            found = cursor.execute(
                "DELETE FROM uploads WHERE workspace = ? AND number = ? RETURNING upload_id", [workspace, number]
            ).fetchall()
            if not found:
                return False
            upload_id = found[0][0]
            for table in ROW_TABLES:
                cursor.execute(
                    f"DELETE FROM {table} WHERE workspace = ? AND upload_id = ?", [workspace, upload_id]
                ).fetchall()
            restore_replaced(cursor, workspace, upload_id)
            self._bump(cursor, workspace)
        return True

    def log_action(self, customer_key: str, date: dt.date, kind: str, note: str, workspace: str = "default") -> int:
        with self._transaction() as cursor:
            found = cursor.execute(
                "INSERT INTO actions (action_id, workspace, customer_key, date, kind, note, logged_at) "
                "VALUES (nextval('action_ids'), ?, ?, ?, ?, ?, now()::TIMESTAMP) RETURNING action_id",
                [workspace, customer_key, date, kind, note],
            ).fetchall()
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
        with self._transaction() as cursor:
            cursor.execute(
                "INSERT INTO workspace_settings (workspace, settings, saved_at) VALUES (?, ?, now()::TIMESTAMP) "
                "ON CONFLICT (workspace) DO UPDATE SET settings = excluded.settings, saved_at = excluded.saved_at",
                [workspace, settings_json(settings)],
            ).fetchall()

    def price_list(self, workspace: str = "default") -> tuple[str, bytes] | None:
        """(file name, bytes) of the price list uploaded for the workspace; None: the default list applies."""
        with self._cursor() as cursor:
            found = cursor.execute(
                "SELECT prices_file, prices FROM workspace_settings WHERE workspace = ? AND prices IS NOT NULL",
                [workspace],
            ).fetchall()
        return (found[0][0], bytes(found[0][1])) if found else None

    def save_price_list(self, name: str | None, data: bytes | None, workspace: str = "default") -> None:
        """Keep an uploaded price list (its file name and bytes) for the workspace; None, None: back to the default."""
        with self._transaction() as cursor:
            cursor.execute(
                "INSERT INTO workspace_settings (workspace, prices, prices_file, saved_at) "
                "VALUES (?, ?, ?, now()::TIMESTAMP) ON CONFLICT (workspace) DO UPDATE SET prices = excluded.prices, "
                "prices_file = excluded.prices_file, saved_at = excluded.saved_at",
                [workspace, data, name],
            ).fetchall()


def ensure_sample(store: Store, data_dir: Path | None = None) -> None:
    """Fill workspace "sample" from the bundled sample (data/sample.json) when it is empty; each
    sample file becomes one upload, so the Data page shows where the sample came from."""
    from adoption.sample import DATA_DIR, manifest

    data_dir = data_dir or DATA_DIR
    if store.read_only or not store.is_empty("sample") or not (data_dir / "sample.json").is_file():
        return
    for entry in manifest(data_dir)["files"]:
        path = data_dir / entry["path"]
        store.import_file(path.name, path.read_bytes(), customer=entry.get("customer"), workspace="sample")

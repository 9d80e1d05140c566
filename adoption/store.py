"""The persistent store: one DuckDB file holding every upload's normalised rows with provenance,
per workspace. It owns opening (creating, migrating, refusing foreign files, falling back to
read-only), atomic imports (which upload's rows count: adoption.store_winners), removal, and
reading a Portfolio back. One connection per Store, a cursor per call (so per thread), one write
lock per file."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import duckdb
import polars as pl

from adoption.model import AdoptionError, ParsedFile, Portfolio, REJECT_SCHEMA
from adoption.portfolio import resolve_customers
from adoption.readers import read_file
from adoption.store_schema import REPLACEABLE, ROW_TABLES, SCHEMA_VERSION, column_list, has_meta, migrate, schema_version
from adoption.store_winners import restore_replaced
from adoption.store_writes import write_upload

REPO_DIR = Path(__file__).resolve().parent.parent
DUCKDB_MAGIC = b"DUCK"  # bytes 8..12 of every DuckDB database file
UPLOAD_COLUMNS = ["upload_id", "file_name", "sha256", "kind", "periods", "customers", "rows_accepted",
                  "rows_rejected", "uploaded_at"]
ACTION_COLUMNS = ["action_id", "customer_key", "date", "kind", "note", "logged_at"]
_WRITE_LOCKS: dict[Path, threading.Lock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()


class StoreError(AdoptionError):
    """The store cannot do what was asked (foreign file, read-only, disk full); one plain sentence."""


@dataclass(frozen=True)
class ImportResult:
    upload_id: int | None
    duplicate: bool
    replaced: int
    rows_accepted: int
    rows_rejected: int
    message: str


def default_store_path() -> Path:
    given = os.environ.get("ADOPTION_STORE")
    return Path(given) if given else REPO_DIR / "data" / "adoption.duckdb"


def _write_lock(path: Path) -> threading.Lock:
    with _WRITE_LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(path.resolve(), threading.Lock())


def _is_writable(path: Path) -> bool:
    # The mode bits are checked as well as access(): root may write anything, but a chmod 444 store means "read-only".
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222) and os.access(path.parent, os.W_OK)


def _check_is_duckdb(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as error:
        raise StoreError(f"The store file {path} cannot be read ({error.strerror}).") from error
    if head[8:12] != DUCKDB_MAGIC:
        raise StoreError(f"{path} is not an Adoption Insights store (not a DuckDB database); it was left untouched. "
                         "Move it away or choose another store path.")


def _known_upload(cursor, sha256: str, workspace: str) -> ImportResult | None:
    found = cursor.execute("SELECT upload_id, file_name, rows_accepted, rows_rejected FROM uploads "
                           "WHERE workspace = ? AND sha256 = ?", [workspace, sha256]).fetchall()
    if not found:
        return None
    upload_id, file_name, accepted, rejected = found[0]
    return ImportResult(upload_id, True, 0, accepted, rejected,
                        f"{file_name} is already stored (upload {upload_id}); nothing changed.")


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as error:
        text = str(error)
        if read_only and "different configuration" in text:
            # This process already has the file open for writing: share that database; the Store
            # object still refuses writes because it was asked for read-only.
            return duckdb.connect(str(path), read_only=False)
        if "Could not set lock" in text:
            raise StoreError(f"The store at {path} is in use by another program (for example the running app); "
                             "stop it or work on a copy of the file.") from error
        raise StoreError(f"{path} could not be opened as a store ({text.splitlines()[0]}).") from error


class Store:
    def __init__(self, path: Path, connection: duckdb.DuckDBPyConnection, read_only: bool):
        self.path, self.read_only = path, read_only
        self._connection = connection
        self._cursor_guard = threading.Lock()
        self._write_lock = _write_lock(path)

    @classmethod
    def open(cls, path: str | Path | None = None, read_only: bool = False) -> "Store":
        """Open (creating and migrating when needed) the store at `path`; a file that cannot be
        written is opened read-only; anything that is not our store is refused and left as it is."""
        path = Path(path) if path else default_store_path()
        exists = path.exists()
        if exists:
            _check_is_duckdb(path)
            read_only = read_only or not _is_writable(path)
        elif read_only:
            raise StoreError(f"There is no store at {path}.")
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(f"The store cannot be created at {path} ({error.strerror}).") from error
        connection = _connect(path, read_only)
        try:
            cursor = connection.cursor()
            if exists and not has_meta(cursor):
                raise StoreError(f"{path} is a DuckDB database but not an Adoption Insights store; it was left "
                                 "untouched. Move it away or choose another store path.")
            version = schema_version(cursor)
            if version > SCHEMA_VERSION:
                raise StoreError(f"{path} was written by a newer version of this app (schema {version}); update the app.")
            if version < SCHEMA_VERSION:
                if read_only:
                    raise StoreError(f"{path} is an older store (schema {version}) that cannot be upgraded while "
                                     "read-only; open it once with write access.")
                migrate(cursor)
            cursor.close()
        except BaseException as error:
            connection.close()
            if isinstance(error, duckdb.Error):
                raise StoreError(f"{path} could not be opened as a store ({str(error).splitlines()[0]}).") from error
            raise
        return cls(path, connection, read_only)

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._cursor_guard:
            cursor = self._connection.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    def _query(self, sql: str, params: list) -> pl.DataFrame:
        with self._cursor() as cursor:
            return cursor.sql(sql, params=params).pl()

    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One write: under the file's write lock, in one transaction, rolled back on any failure."""
        if self.read_only:
            raise StoreError(f"The store at {self.path} is open read-only, so nothing can be saved.")
        with self._write_lock, self._cursor() as cursor:
            cursor.execute("BEGIN TRANSACTION").fetchall()
            try:
                yield cursor
                cursor.execute("COMMIT").fetchall()
            except BaseException as error:
                try:
                    cursor.execute("ROLLBACK").fetchall()
                except duckdb.Error:
                    pass
                if isinstance(error, duckdb.FatalException):
                    raise StoreError(f"The store at {self.path} stopped after a failed write (is the disk full?); "
                                     "the data saved before is intact: free some space and restart the app.") from error
                if isinstance(error, duckdb.IOException):
                    raise StoreError(f"The store at {self.path} could not be written (is the disk full?); "
                                     "nothing was changed.") from error
                if isinstance(error, duckdb.Error):
                    raise StoreError(f"The store at {self.path} refused the change ({str(error).splitlines()[0]}); "
                                     "nothing was changed.") from error
                raise

    @staticmethod
    def _bump(cursor, workspace: str) -> None:
        cursor.execute(
            "INSERT INTO workspace_versions (workspace, version) VALUES (?, 1) "
            "ON CONFLICT (workspace) DO UPDATE SET version = workspace_versions.version + 1", [workspace],
        ).fetchall()

    def version(self, workspace: str = "default") -> int:
        found = self._query("SELECT version FROM workspace_versions WHERE workspace = ?", [workspace])
        return int(found.item()) if found.height else 0

    def derived_frames(self, workspace: str, version: int, names: list[str]) -> dict[str, pl.DataFrame]:
        """Those of `names` that save_derived kept for exactly this version of the workspace."""
        with self._cursor() as cursor:
            found = cursor.execute("SELECT name, payload FROM derived WHERE workspace = ? AND version = ? "
                                   "AND list_contains(?, name)", [workspace, version, names]).fetchall()
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
                cursor.execute("DELETE FROM derived WHERE workspace = ? AND version <> ?", [workspace, version]).fetchall()
                cursor.executemany("INSERT OR REPLACE INTO derived (workspace, name, version, payload) VALUES (?, ?, ?, ?)",
                                   blobs)
        except StoreError:
            return False
        return True

    def is_empty(self, workspace: str = "default") -> bool:
        return self._query("SELECT count(*) AS n FROM uploads WHERE workspace = ?", [workspace]).item() == 0

    def import_file(self, name: str, data: bytes | Path, customer: str | None = None, kind: str | None = None,
                    column_map: dict[str, str] | None = None, workspace: str = "default",
                    progress: Callable[[float, str], None] | None = None) -> ImportResult:
        """Read, check and store one file (its bytes, or a path, which is hashed and scanned
        without being loaded whole); `progress(fraction, stage)` hears of each stage."""
        report = progress or (lambda fraction, stage: None)
        if isinstance(data, Path):
            with data.open("rb") as handle:
                sha256 = hashlib.file_digest(handle, "sha256").hexdigest()
        else:
            sha256 = hashlib.sha256(data).hexdigest()
        with self._cursor() as cursor:
            known = _known_upload(cursor, sha256, workspace)
        if known is not None:  # checked before reading, so the same bytes again cost nothing
            return known
        report(0.1, f"Reading and checking the rows of {name}…")
        parsed = read_file(name, data, customer, kind, column_map)
        rows = sum(p.rows.height for p in parsed)
        report(0.7, f"Saving {rows:,} rows…")
        result = self.import_parsed(name, sha256, parsed, workspace)
        report(1.0, "Saved.")
        return result

    def import_parsed(self, name: str, sha256: str, parsed: list[ParsedFile], workspace: str = "default") -> ImportResult:
        with self._transaction() as cursor:
            known = _known_upload(cursor, sha256, workspace)
            if known is not None:
                return known
            result = write_upload(cursor, workspace, name, sha256, parsed)
            self._bump(cursor, workspace)
        return ImportResult(**result)

    def _rows(self, table: str, workspace: str, upload_id: int | None = None) -> pl.DataFrame:
        schema = ROW_TABLES[table]
        columns = column_list(schema)
        where, params = "workspace = ?", [workspace]
        if table in REPLACEABLE and upload_id is None:
            where += " AND replaced_by IS NULL"
        if upload_id is not None:
            where, params = where + " AND upload_id = ?", params + [upload_id]
        # No ORDER BY: rows are only ever appended (replacement marks them), and DuckDB returns a
        # table scan in insertion order (preserve_insertion_order), which is upload, then line order.
        frame = self._query(f"SELECT {columns} FROM {table} WHERE {where}", params)
        return frame.cast(schema) if frame.height else pl.DataFrame(schema=schema)

    def portfolio(self, workspace: str = "default") -> Portfolio:
        """Everything stored in the workspace, every period, customers resolved as for files."""
        return resolve_customers(self._rows("licenses", workspace), self._rows("subscriptions", workspace),
                                 self._rows("tickets", workspace), self._rows("rejects", workspace))

    def uploads(self, workspace: str = "default") -> pl.DataFrame:
        return self._query(f"SELECT {', '.join(UPLOAD_COLUMNS)} FROM uploads WHERE workspace = ? ORDER BY upload_id",
                           [workspace])

    def rejected_rows(self, upload_id: int, workspace: str = "default") -> pl.DataFrame:
        return self._rows("rejects", workspace, upload_id).cast(REJECT_SCHEMA)

    def remove_upload(self, upload_id: int, workspace: str = "default") -> bool:
        """Remove one upload and every row it brought (the rows it had replaced come back); False
        when the workspace has no such upload."""
        with self._transaction() as cursor:
            found = cursor.execute("DELETE FROM uploads WHERE workspace = ? AND upload_id = ?",
                                   [workspace, upload_id]).fetchall()
            if not found[0][0]:
                return False
            for table in ROW_TABLES:
                cursor.execute(f"DELETE FROM {table} WHERE workspace = ? AND upload_id = ?",
                               [workspace, upload_id]).fetchall()
            restore_replaced(cursor, workspace, upload_id)
            self._bump(cursor, workspace)
        return True

    def log_action(self, customer_key: str, date: dt.date, kind: str, note: str, workspace: str = "default") -> int:
        with self._transaction() as cursor:
            found = cursor.execute(
                "INSERT INTO actions (action_id, workspace, customer_key, date, kind, note, logged_at) "
                "VALUES (nextval('action_ids'), ?, ?, ?, ?, ?, now()::TIMESTAMP) RETURNING action_id",
                [workspace, customer_key, date, kind, note]).fetchall()
            self._bump(cursor, workspace)
        return int(found[0][0])

    def actions(self, workspace: str = "default", customer_key: str | None = None) -> pl.DataFrame:
        where, params = "workspace = ?", [workspace]
        if customer_key is not None:
            where, params = where + " AND customer_key = ?", params + [customer_key]
        return self._query(f"SELECT {', '.join(ACTION_COLUMNS)} FROM actions WHERE {where} ORDER BY date, action_id",
                           params)


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

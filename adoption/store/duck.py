"""The DuckDB backend of the store (the embedded default: one file, one writing process at a time).
It owns what is DuckDB's: the file at a path (created, taken over after a failed creation, refused
when foreign, opened read-only when it cannot be written: adoption.store.files), the process's
shared connection (adoption.store.connection), the file's write lock, and DuckCursor, which gives
the store's shared SQL (adoption.store.schema, .writes, .winners) the calls both backends answer:
`run` (rows as tuples), `frame` (a Polars frame), `run_many`, `append` (a frame's rows into a
table, in bulk from Arrow) and `registered` (a frame as a table for one statement)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb
import polars as pl

from adoption.store.connection import StoreError, shared_file, translate
from adoption.store.files import is_new, prepare, unfinished
from adoption.store.schema import column_list
from adoption.store.unchanged import unchanged_reads

_WRITE_LOCKS: dict[Path, threading.Lock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()


def _write_lock(path: Path) -> threading.Lock:
    with _WRITE_LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(path.resolve(), threading.Lock())


class DuckCursor:
    """A DuckDB cursor as the store's shared SQL uses it (`?` parameters)."""

    dialect = "duckdb"
    in_order = ""  # a table scan returns rows in insertion order (upload, then line)

    def __init__(self, raw: duckdb.DuckDBPyConnection):
        self.raw = raw

    def run(self, sql: str, params: list | None = None) -> list[tuple]:
        return self.raw.execute(sql, params or []).fetchall()

    def frame(self, sql: str, params: list | None = None) -> pl.DataFrame:
        return self.raw.sql(sql, params=params or None).pl()

    def run_many(self, sql: str, rows: list[list]) -> None:
        self.raw.executemany(sql, rows)

    @contextmanager
    def registered(self, name: str, frame: pl.DataFrame) -> Iterator[None]:
        # Polars' own string views, as they are (the default, large strings, copies every text: on the bench file's
        # 946,284 rows 0.3 s and ~150 MB more at the import's peak)
        self.raw.register(name, frame.to_arrow(compat_level=pl.CompatLevel.newest()))
        try:
            yield
        finally:
            with suppress(duckdb.Error):  # after a failed statement the transaction refuses this too
                self.raw.unregister(name)

    def append(self, table: str, frame: pl.DataFrame, leading: dict) -> None:
        """Insert `frame`'s rows into `table` (its columns named as the table's), each with the
        `leading` columns' constant values."""
        names = column_list(frame.columns)
        with self.registered("incoming", frame):
            self.run(
                f"INSERT INTO {table} ({', '.join(leading)}, {names}) "
                f"SELECT {', '.join('?' for _ in leading)}, {names} FROM incoming",
                list(leading.values()),
            )

    def analyze(self, table: str) -> None:
        """DuckDB keeps its statistics as rows are added."""

    def begin(self) -> None:
        self.run("BEGIN TRANSACTION")

    def commit(self) -> None:
        self.run("COMMIT")

    def rollback(self) -> None:
        self.run("ROLLBACK")

    def is_new(self) -> bool:
        return is_new(self.raw)

    def lock_schema(self) -> None:
        """Migrations are serialised by the file's write lock (one writing process)."""


def as_cursor(cursor) -> DuckCursor:
    """A DuckCursor for a raw DuckDB connection (tests migrate files by hand); others as they are."""
    return DuckCursor(cursor) if isinstance(cursor, duckdb.DuckDBPyConnection) else cursor


class DuckDB:
    """The store file at `path`: cursors borrowed from the process's shared connection."""

    kind = "DuckDB"

    def __init__(self, path: Path, read_only: bool):
        self.location, self.read_only, self.shown = path, read_only, str(path)
        self._file = shared_file(path)
        self._write_lock = _write_lock(path)
        self._reads = unchanged_reads(path)
        self.existed = True

    @classmethod
    def open(cls, path: Path, read_only: bool) -> DuckDB:
        existed, read_only = prepare(path, read_only)
        backend = cls(path, read_only)
        backend.existed = existed
        return backend

    def forget_failed_creation(self) -> None:
        """After a failed first open: a creation that failed (disk full) leaves nothing behind."""
        if not self.existed and unfinished(self.location):
            self.location.unlink(missing_ok=True)

    def close(self) -> None:
        self._file.close_idle()

    def read_frame(self, sql: str, params: list) -> pl.DataFrame:
        """A small read's answer, the kept one while the file is unchanged (adoption.store.unchanged)."""

        def read() -> pl.DataFrame:
            with self.cursor() as cursor:
                return cursor.frame(sql, params)

        return self._reads.frame(sql, params, read)

    @contextmanager
    def cursor(self, write: bool = False) -> Iterator[DuckCursor]:
        """A cursor for one call; any DuckDB error inside becomes one StoreError sentence."""
        raw = self._file.acquire(write)
        failed = False
        try:
            yield DuckCursor(raw)
        except duckdb.Error as error:
            failed = True
            raise translate(error, self.location, write) from error
        except BaseException:
            failed = True
            raise
        finally:
            self._file.release(raw, failed)

    @contextmanager
    def snapshot(self) -> Iterator[DuckCursor]:
        """Reads that see one moment of the store (one transaction)."""
        with self.cursor() as cursor:
            cursor.begin()
            yield cursor
            cursor.commit()

    @contextmanager
    def migration(self) -> Iterator[DuckCursor]:
        with self._write_lock, self.cursor(write=True) as cursor:
            yield cursor

    @contextmanager
    def transaction(self, workspace: str | None = None) -> Iterator[DuckCursor]:
        """One write: under the file's write lock (whatever the workspace), in one transaction,
        rolled back on any failure; it returns only once COMMIT has succeeded."""
        if self.read_only:
            raise StoreError(f"The store at {self.shown} is open read-only, so nothing can be saved.")
        with self._write_lock, self.cursor(write=True) as cursor:
            cursor.begin()
            try:
                yield cursor
                cursor.commit()
            except BaseException:
                with suppress(duckdb.Error):
                    cursor.rollback()
                raise

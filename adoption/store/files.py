"""What is at a store path before the store is opened: nothing (a store is created there), what a
failed creation left (a file too short to hold any data: taken over), something that is not a
DuckDB database (refused and left untouched), or a DuckDB database, writable or not."""

from __future__ import annotations

import os
from pathlib import Path

from adoption.store.connection import StoreError

DUCKDB_MAGIC = b"DUCK"  # bytes 8..12 of every DuckDB database file
HEADER_BYTES = 3 * 4096  # DuckDB's file header and two database headers: a shorter file holds no data


def is_writable(path: Path) -> bool:
    # The mode bits are checked as well as access(): root may write anything, but a chmod 444 store means "read-only".
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222) and os.access(path.parent, os.W_OK)


def unfinished(path: Path) -> bool:
    """A file too short to hold any data that is empty, all zero or the start of DuckDB's header: what a
    store that failed to be created (disk full) leaves behind; safe to take over."""
    try:
        if not path.is_file() or path.stat().st_size >= HEADER_BYTES:
            return False
        head = path.read_bytes()
    except OSError:
        return False
    return not head.strip(b"\0") or head[8:12] == DUCKDB_MAGIC


def check_is_duckdb(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as error:
        raise StoreError(f"The store file {path} cannot be read ({error.strerror}).") from error
    if head[8:12] != DUCKDB_MAGIC:
        raise StoreError(
            f"{path} is not an Adoption Insights store (not a DuckDB database); it was left untouched. "
            "Move it away or choose another store path."
        )


def prepare(path: Path, read_only: bool) -> tuple[bool, bool]:
    """(whether a database exists at `path`, whether it must be opened read-only); refuses what cannot be a store."""
    if unfinished(path):
        if read_only or not is_writable(path):
            raise StoreError(f"There is no store at {path} yet (the file there holds no data).")
        path.unlink()  # left by a store that failed to be created: nothing in it to keep
    if path.exists():
        check_is_duckdb(path)
        return True, read_only or not is_writable(path)
    if read_only:
        raise StoreError(f"There is no store at {path}.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"The store cannot be created at {path} ({error.strerror}).") from error
    return False, False


def is_new(cursor) -> bool:
    """A DuckDB database with nothing in it (a creation that stopped before the first migration)."""
    return (
        cursor.execute("SELECT count(*) FROM duckdb_tables() WHERE NOT internal").fetchall()[0][0] == 0
        and cursor.execute("SELECT count(*) FROM duckdb_sequences() WHERE NOT temporary").fetchall()[0][0] == 0
    )

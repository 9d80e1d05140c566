"""Small reads of a DuckDB store file answered again without opening it while the file is unchanged:
the version, settings, price list and upload list each page run asks for. Opening the file costs
~30 ms (DuckDB reads its catalogue), and the process's connection is closed after a second idle
(adoption.store.connection), so every click after a pause paid it; the file's and its write-ahead
log's stat (inode, size, modification and change times) say whether anything may have changed.

Kept only when nothing can have been written unseen: the stat is the same before and after the
read (no write of this process's other threads meanwhile; other processes cannot write while the
read holds the file), and the newest of its times is at least SETTLED seconds old, since the kernel
stamps files with a coarse clock: a write a moment later could carry the same time."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

SETTLED = 1.0  # seconds: a file written more recently than this is read every time
MOST_KEPT = 256  # answers kept per file (each customer's action log is one); past it, all are dropped

Stamp = tuple[tuple[int, int, int, int] | None, ...]


def stamp(path: Path) -> Stamp:
    """The stat of the file and of its write-ahead log (None where absent) that a write changes."""

    def one(file: Path) -> tuple[int, int, int, int] | None:
        try:
            found = os.stat(file)
        except FileNotFoundError:
            return None
        return (found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)

    return one(path), one(path.with_name(path.name + ".wal"))


def _settled(seen: Stamp) -> bool:
    newest = max((times for part in seen if part is not None for times in part[2:]), default=None)
    return newest is not None and time.time_ns() - newest >= SETTLED * 1e9


_READS: dict[Path, UnchangedReads] = {}
_READS_GUARD = threading.Lock()


def unchanged_reads(path: Path) -> UnchangedReads:
    """The process's kept answers for the file at `path` (shared by every Store on it)."""
    with _READS_GUARD:
        return _READS.setdefault(path.resolve(), UnchangedReads(path))


class UnchangedReads:
    """One file's kept answers, by query and parameters, valid for one stamp of the file."""

    def __init__(self, path: Path):
        self.path = path
        self._guard = threading.Lock()
        self._stamp: Stamp | None = None
        self._kept: dict[tuple[str, str], pl.DataFrame] = {}

    def frame(self, sql: str, params: list, read: Callable[[], pl.DataFrame]) -> pl.DataFrame:
        """`read()`'s answer to `sql` with `params`, kept while the file stays as it was when it was read."""
        key = (sql, repr(params))
        before = stamp(self.path)
        with self._guard:
            if before == self._stamp and key in self._kept:
                return self._kept[key]
        found = read()
        if stamp(self.path) == before and _settled(before):
            with self._guard:
                if before != self._stamp or len(self._kept) >= MOST_KEPT:
                    self._stamp, self._kept = before, {}
                self._kept[key] = found
        return found

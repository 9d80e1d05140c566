"""Small reads of a DuckDB store file answered again without opening it while the file is unchanged:
the version, settings, price list, uploads and action log each page run asks for. Opening the file
costs ~30 ms (DuckDB reads its catalogue), and the process's connection is closed after a second
idle (adoption.store.connection), so every click after a pause paid it; the stat (inode, size,
modification and change times) of the file and of its write-ahead logs says whether anything may
have changed. For a store on a local disk: a network file system may serve a cached stat.

Kept only when nothing can have been written unseen: the stat is the same before and after the
read (no write of this process's other threads meanwhile; other processes cannot write while the
read holds the file), and its newest time is at least SETTLED seconds older than the moment the
read began, since file systems stamp times coarsely (to the second on some): a write during the
read could carry the same time. The logs are looked at before the file: a writer's commit creates
the log before its checkpoint rewrites the file in place, and the checkpoint ends before the log
is deleted, so a stat taken while another process checkpoints never matches the state before its
commit (file first, it could: the file not yet rewritten, the log already gone)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

SETTLED = 2.0  # seconds: a file written more recently than this is read every time (FAT stamps to 2 s)
MOST_KEPT = 256  # answers kept per file (each customer's action log is one); past it, all are dropped
MOST_FILES = 16  # files whose answers the process keeps (tests open many); past it, the oldest are let go

Stat = tuple[int, int, int, int] | None
Stamp = tuple[Stat, ...]


def stamp(path: Path) -> Stamp:
    """The stat of the write-ahead logs (DuckDB writes commits to `.wal`, and to `.wal.checkpoint` while a
    checkpoint runs), then of the file itself (None where absent): what a write changes."""

    def one(file: Path) -> Stat:
        try:
            found = os.stat(file)
        except FileNotFoundError:
            return None
        return (found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)

    return tuple(one(path.with_name(path.name + suffix)) for suffix in (".wal.checkpoint", ".wal", ""))


def _settled(seen: Stamp, began_ns: int) -> bool:
    newest = max((times for part in seen if part is not None for times in part[2:]), default=None)
    return newest is not None and began_ns - newest >= SETTLED * 1e9


_READS: dict[Path, UnchangedReads] = {}
_READS_GUARD = threading.Lock()


def unchanged_reads(path: Path) -> UnchangedReads:
    """The process's kept answers for the file at `path` (shared by every Store opened on it afterwards)."""
    with _READS_GUARD:
        resolved = path.resolve()
        found = _READS.pop(resolved, None) or UnchangedReads(path)
        _READS[resolved] = found  # now the most recently opened
        for older in list(_READS)[:-MOST_FILES]:
            del _READS[older]  # a Store still open on it keeps its own
        return found


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
        began = time.time_ns()
        try:
            before = stamp(self.path)
        except OSError:  # a file that cannot be looked at: the read says why, in the store's words
            return read()
        with self._guard:
            if before == self._stamp and key in self._kept:
                return self._kept[key]
        found = read()
        try:
            unchanged = stamp(self.path) == before
        except OSError:
            return found
        if unchanged and _settled(before, began):
            with self._guard:
                if before != self._stamp or len(self._kept) >= MOST_KEPT:
                    self._stamp, self._kept = before, {}
                self._kept[key] = found
        return found

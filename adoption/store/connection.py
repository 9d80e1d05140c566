"""How a DuckDB store file is held (adoption.store.duck; PostgreSQL: adoption.store.postgres): never longer than a burst of work. DuckDB lets one process open a file
read-write and no other process open it at all meanwhile, so the app and a scheduled `store import`
can only share the store if neither keeps it open. Per store path and process this module keeps one
DuckDB connection while calls use it (cursors for the threads of several sessions), opened
read-only for reads (other processes may read at the same time) and read-write for a write (reads
then share it), and closes it LINGER seconds after the last use, so one rerun's calls share an open
but an idle app holds no lock; a connection in use for MAX_HOLD seconds is closed at the next
moment no call uses it and reopened only YIELD seconds later, so a busy app lets a waiting import in. A file another process holds is retried with backoff for
$ADOPTION_STORE_WAIT seconds (default 5) before one plain refusal. It also owns StoreError and the
translation of every DuckDB error into one true sentence (busy, damaged, disk full, refused)."""

from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path

import duckdb

from adoption.model import AdoptionError

LINGER = 1.0  # seconds an unused connection stays open (one rerun's calls share it)
MAX_HOLD = 2.0  # seconds after which a connection is closed at the first moment no call uses it...
YIELD = 0.3  # ...and not reopened for this long, so a process waiting for the file gets its turn
DEFAULT_WAIT = 5.0  # seconds to wait for a store another process holds
POLL = 0.1  # the longest pause between two attempts to open a file another process holds
DISK_FULL = ("no space left", "file too large", "disk quota")


class StoreError(AdoptionError):
    """The store cannot do what was asked (foreign or damaged file, busy, read-only, disk full); one plain sentence."""


def wait_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get("ADOPTION_STORE_WAIT", DEFAULT_WAIT)))
    except ValueError:
        return DEFAULT_WAIT


def damaged(path: Path, reason: str) -> StoreError:
    return StoreError(
        f"The store at {path} is damaged ({reason}) and cannot be read; restore it from a backup "
        "or move it away to start a new one."
    )


def busy(path: Path, text: str) -> StoreError:
    holder = re.search(r"\(PID (\d+)\)", text)
    who = f"process {holder.group(1)}" if holder else "another program"
    return StoreError(f"The store at {path} is busy ({who} has it open); try again in a minute.")


def translate(error: duckdb.Error, path: Path, writing: bool) -> StoreError:
    """One sentence for what went wrong, true whatever DuckDB was doing when it failed."""
    text = str(error)
    low, first = text.lower(), text.splitlines()[0] if text else type(error).__name__
    if "could not set lock" in low:
        return busy(path, text)
    if any(words in low for words in DISK_FULL):
        if writing:
            return StoreError(f"The store at {path} could not be written (is the disk full?); nothing was changed.")
        return StoreError(f"The store at {path} cannot be used: the disk is full ({first}).")
    if "permission denied" in low:
        return StoreError(f"The store at {path} cannot be {'written' if writing else 'read'} (permission denied).")
    if "corrupt" in low or "checksum" in low:
        return damaged(path, "its contents fail their checksums")
    if "could not read enough bytes" in low or "truncated" in low:
        return damaged(path, "the file ends early, as if it was cut short")
    if isinstance(error, duckdb.FatalException):
        return StoreError(f"The store at {path} stopped after a failed write; the data saved before is intact.")
    if isinstance(error, (duckdb.IOException, duckdb.InternalException, duckdb.SerializationException)):
        return damaged(path, f"DuckDB: {first}")
    if writing:
        return StoreError(f"The store at {path} refused the change ({first}); nothing was changed.")
    return StoreError(f"The store at {path} could not be read ({first}).")


def _connect(path: Path, writable: bool) -> duckdb.DuckDBPyConnection:
    """Open the file, waiting with backoff while another process holds it."""
    deadline, delay = time.monotonic() + wait_seconds(), 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=not writable)
        except duckdb.Error as error:
            text = str(error)
            if not writable and "different configuration" in text:
                # Code in this process outside the Store has the file open read-write: share that database.
                writable = True
                continue
            if "Could not set lock" not in text or time.monotonic() >= deadline:
                raise translate(error, path, writable) from error
        time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
        delay = min(delay * 2, POLL)


class SharedFile:
    """The process's connection to one store file: opened on demand, shared by concurrent calls,
    upgraded to read-write for a write (waiting for reads on a read-only one to finish; waiting
    writers go first), closed LINGER seconds after the last call, or at once after an error."""

    def __init__(self, path: Path):
        self.path = path
        self._cond = threading.Condition()
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._writable = False
        self._users = 0
        self._writers_waiting = 0
        self._idle_since = self._opened_at = self._reopen_after = 0.0
        self._discard = False
        self._janitor: threading.Thread | None = None
        self._held = threading.local()

    def acquire(self, write: bool) -> duckdb.DuckDBPyConnection:
        """A cursor on the file (read-write when `write`); give it back with release()."""
        depth = getattr(self._held, "depth", 0)
        with self._cond:
            if depth and write and not self._writable:
                raise RuntimeError("a store write was started inside a read of the same store")
            if write:
                self._writers_waiting += 1
            try:
                while True:
                    if (
                        self._connection is not None
                        and not self._discard
                        and (depth or self._writable or (not write and not self._writers_waiting))
                    ):
                        break
                    if self._connection is not None and self._users == 0:
                        self._close()
                    if self._connection is None:
                        pause = self._reopen_after - time.monotonic()
                        if pause > 0:  # another process may be waiting for the file: let it have it
                            self._cond.wait(pause)
                            continue
                        self._connection = _connect(self.path, write)
                        self._writable, self._discard = write, False
                        self._opened_at = time.monotonic()
                        self._start_janitor()
                        break
                    self._cond.wait()
                try:
                    cursor = self._connection.cursor()
                except duckdb.Error as error:  # an invalidated database: never lend it again
                    self._discard = True
                    if self._users == 0:
                        self._close()
                    raise translate(error, self.path, write) from error
                self._users += 1
                self._held.depth = depth + 1
                return cursor
            finally:
                if write:
                    self._writers_waiting -= 1

    def release(self, cursor: duckdb.DuckDBPyConnection, failed: bool = False) -> None:
        """Give back a cursor; after a DuckDB error the connection is not reused (it may be invalidated)."""
        try:
            cursor.close()
        except duckdb.Error:
            failed = True
        with self._cond:
            self._users -= 1
            self._held.depth -= 1
            self._discard = self._discard or failed
            if self._users == 0:
                self._idle_since = now = time.monotonic()
                if self._discard:
                    self._close()
                elif now - self._opened_at >= MAX_HOLD:
                    self._close()  # held long enough (a busy app): give other processes a turn
                    self._reopen_after = now + YIELD
            self._cond.notify_all()

    def close_idle(self) -> None:
        """Close the connection now if no call is using it (Store.close)."""
        with self._cond:
            if self._users == 0:
                self._close()
                self._cond.notify_all()

    def _close(self) -> None:
        connection, self._connection = self._connection, None
        self._discard = False
        if connection is not None:
            try:
                connection.close()
            except duckdb.Error:
                pass  # what was committed is in the write-ahead log; the next open replays it

    def _start_janitor(self) -> None:
        if self._janitor is None or not self._janitor.is_alive():
            self._janitor = threading.Thread(
                target=self._close_when_idle, name=f"store-linger {self.path.name}", daemon=True
            )
            self._janitor.start()

    def _close_when_idle(self) -> None:
        with self._cond:
            while self._connection is not None:
                idle_for = time.monotonic() - self._idle_since
                if self._users == 0 and idle_for >= LINGER:
                    self._close()
                    self._cond.notify_all()
                    return
                self._cond.wait(LINGER - idle_for if self._users == 0 else LINGER)


_FILES: dict[Path, SharedFile] = {}
_FILES_GUARD = threading.Lock()


def shared_file(path: Path) -> SharedFile:
    with _FILES_GUARD:
        return _FILES.setdefault(path.resolve(), SharedFile(path))

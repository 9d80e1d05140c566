"""The PostgreSQL backend of the store, for a team: several app servers and scheduled imports on one
database (ADOPTION_STORE=postgresql://user:password@host:port/database, or `store_path` in secrets).
Through ADBC (adbc-driver-postgresql, libpq): reads come back as Arrow (the driver's binary COPY)
into Polars without a Python loop over rows; bulk rows go in by ADBC ingest, which is COPY; every
write is one transaction, serialised per workspace across processes by a transaction-level advisory
lock (imports, removals, actions, settings and cached frames of one workspace take turns; other
workspaces go on), and migrations by another. All that differs from DuckDB is here: placeholders
(`?` become `$1, $2...`), transactions by the driver's commit/rollback, a frame as a temporary table,
the row order of a read (told, not a table scan's), and the translation of every PostgreSQL error into
one StoreError sentence; a wrong password or an unreachable server names the host and database,
never the password. Connections are pooled per process and URL, one per call at a time."""

from __future__ import annotations

import itertools
import re
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import adbc_driver_manager
import adbc_driver_postgresql.dbapi as dbapi
import polars as pl

from adoption.store.connection import StoreError

MAX_IDLE = 4  # connections a process keeps open between calls, per store
WORK_MEM = "256MB"  # per sort or hash of a write or a Portfolio read (the server's 4 MB default spills to disk)
CONNECT_TIMEOUT = 10  # seconds (libpq's connect_timeout) unless the URL says otherwise
Error = adbc_driver_manager.Error


class Target:
    """Where a URL points, for sentences: never the password."""

    def __init__(self, url: str):
        parts = urllib.parse.urlsplit(url)
        self.host = parts.hostname or "localhost"
        self.port = parts.port or 5432
        self.database = parts.path.lstrip("/") or parts.username or "postgres"
        self.user = urllib.parse.unquote(parts.username or "")
        self.password = urllib.parse.unquote(parts.password or "")
        query = dict(urllib.parse.parse_qsl(parts.query))
        query.setdefault("connect_timeout", str(CONNECT_TIMEOUT))
        query.setdefault("application_name", "adoption-insights")
        self.url = urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))
        netloc = f"{urllib.parse.quote(self.user)}@" if self.user else ""
        self.shown = f"postgresql://{netloc}{self.host}:{self.port}/{self.database}"

    def scrub(self, text: str) -> str:
        return text.replace(self.password, "***") if self.password else text


def _reason(error: Exception) -> str:
    """The server's or libpq's words, without the driver's prefixes."""
    text = str(error)
    found = re.search(r"(?:ERROR|FATAL):\s+(.+)", text)
    if found:
        return found.group(1).strip()
    text = re.sub(r"^[A-Z_]+: (\[libpq\] )?", "", text.splitlines()[0] if text else type(error).__name__)
    return text.split(" failed: ")[-1].strip()


def connect_error(error: Exception, target: Target) -> StoreError:
    """One sentence for a connection that could not be made."""
    text, reason = str(error), target.scrub(_reason(error))
    where = f"database {target.database} on {target.host}:{target.port}"
    if (
        "password authentication failed" in text
        or "no password supplied" in text
        or getattr(error, "sqlstate", None) in ("28P01", "28000")
    ):
        return StoreError(
            f"The PostgreSQL store ({where}) refused user {target.user or '(none)'}: wrong user name or password."
        )
    if "does not exist" in text and "database" in text:
        return StoreError(f"There is no {where}; create it (createdb) or correct the store URL.")
    if "could not translate host name" in text:
        return StoreError(f"The PostgreSQL store's host {target.host} is unknown ({where}); correct the store URL.")
    return StoreError(f"The PostgreSQL store ({where}) cannot be reached: {reason}.")


def translate(error: Exception, target: Target, writing: bool) -> StoreError:
    """One sentence for what went wrong in a call, true whatever it was doing."""
    state, first = getattr(error, "sqlstate", None) or "", target.scrub(_reason(error))
    shown = target.shown
    if state.startswith("53"):
        if writing:
            return StoreError(
                f"The store at {shown} could not be written (is the server's disk full?); nothing was changed."
            )
        return StoreError(f"The store at {shown} cannot be used: the server is out of resources ({first}).")
    if state == "42501":
        return StoreError(f"The store at {shown} cannot be {'written' if writing else 'read'} (permission denied).")
    if state in ("40001", "40P01", "55P03"):
        return StoreError(f"The store at {shown} is busy (another writer); try again in a minute.")
    if state == "25006":
        return StoreError(f"The store at {shown} is read-only, so nothing can be saved.")
    if state.startswith(("08", "57")) or (not state and isinstance(error, adbc_driver_manager.OperationalError)):
        return StoreError(f"The connection to the store at {shown} was lost ({first}); try again.")
    if writing:
        return StoreError(f"The store at {shown} refused the change ({first}); nothing was changed.")
    return StoreError(f"The store at {shown} could not be read ({first}).")


def numbered(sql: str) -> str:
    """The shared SQL's `?` placeholders as PostgreSQL's $1, $2... (the SQL has no `?` in literals)."""
    counter = itertools.count(1)
    return re.sub(r"\?", lambda _: f"${next(counter)}", sql)


class PgCursor:
    """A connection as the store's shared SQL uses it (see adoption.store.duck.DuckCursor)."""

    dialect = "postgresql"
    in_order = " ORDER BY upload_id, source_file, line"  # a heap scan's order changes as rows are marked

    def __init__(self, connection):
        self.connection = connection
        self.raw = connection.cursor()

    def run(self, sql: str, params: list | None = None) -> list[tuple]:
        self.raw.execute(numbered(sql), params or None)
        return self.raw.fetchall() if self.raw.description else []

    def frame(self, sql: str, params: list | None = None) -> pl.DataFrame:
        self.raw.execute(numbered(sql), params or None)
        return pl.from_arrow(self.raw.fetch_arrow_table())

    def run_many(self, sql: str, rows: list[list]) -> None:
        if rows:
            self.raw.executemany(numbered(sql), rows)

    @contextmanager
    def registered(self, name: str, frame: pl.DataFrame) -> Iterator[None]:
        self.raw.adbc_ingest(name, frame.to_arrow(), mode="create", temporary=True)
        try:
            yield
        finally:
            with suppress(Error):  # after a failed statement the transaction refuses this too
                self.raw.execute(f"DROP TABLE IF EXISTS pg_temp.{name}")

    def append(self, table: str, frame: pl.DataFrame, leading: dict) -> None:
        """COPY `frame`'s rows into `table`, each with the `leading` columns' constant values."""
        constants = [pl.lit(v, pl.Int64 if isinstance(v, int) else pl.String).alias(k) for k, v in leading.items()]
        self.raw.adbc_ingest(table, frame.select(*constants, pl.all()).to_arrow(), mode="append")

    def analyze(self, table: str) -> None:
        """Fresh planner statistics (autovacuum has not seen rows this transaction added)."""
        self.run(f"ANALYZE {table}")

    def begin(self) -> None:
        self.connection.commit()  # whatever ran before (reads) ends; the next statement starts a new transaction

    def commit(self) -> None:
        self.connection.commit()

    def rollback(self) -> None:
        self.connection.rollback()

    def is_new(self) -> bool:
        found = self.run(
            "SELECT (SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()) + "
            "(SELECT count(*) FROM information_schema.sequences WHERE sequence_schema = current_schema())"
        )
        return found[0][0] == 0

    def lock(self, what: str) -> None:
        """Wait for, then hold until the transaction ends, the lock named `what` (every process agrees on it)."""
        self.run("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", [f"adoption-insights:{what}"])

    def lock_schema(self) -> None:
        self.lock("schema")


class Pool:
    """The process's idle connections to one database."""

    def __init__(self, target: Target):
        self.target = target
        self._idle: list = []
        self._guard = threading.Lock()

    def take(self):
        with self._guard:
            if self._idle:
                return self._idle.pop()
        try:
            return dbapi.connect(self.target.url)
        except Error as error:
            raise connect_error(error, self.target) from None  # libpq's words may hold the URL

    def give(self, connection) -> None:
        """Back to the pool, its transaction ended; a connection that cannot even roll back is closed."""
        try:
            connection.rollback()
        except Error:
            with suppress(Error):
                connection.close()
            return
        with self._guard:
            if len(self._idle) < MAX_IDLE:
                self._idle.append(connection)
                return
        with suppress(Error):
            connection.close()

    def close_idle(self) -> None:
        with self._guard:
            idle, self._idle = self._idle, []
        for connection in idle:
            with suppress(Error):
                connection.close()


_POOLS: dict[str, Pool] = {}
_POOLS_GUARD = threading.Lock()


class PostgreSQL:
    """The store in the database a URL names: cursors on pooled connections."""

    kind = "PostgreSQL"
    existed = True  # a database is never created here: its tables are, by the migrations

    def __init__(self, url: str, read_only: bool):
        self.target = Target(url)
        self.location, self.read_only, self.shown = url, read_only, self.target.shown
        with _POOLS_GUARD:
            self._pool = _POOLS.setdefault(url, Pool(self.target))

    @classmethod
    def open(cls, url: str, read_only: bool) -> PostgreSQL:
        return cls(url, read_only)

    def forget_failed_creation(self) -> None:
        """A failed migration step was rolled back: nothing to remove."""

    def close(self) -> None:
        self._pool.close_idle()

    def read_frame(self, sql: str, params: list) -> pl.DataFrame:
        """A small read's answer (a database server has no file to see unchanged: always asked)."""
        with self.cursor() as cursor:
            return cursor.frame(sql, params)

    @contextmanager
    def cursor(self, write: bool = False) -> Iterator[PgCursor]:
        """A cursor for one call; any PostgreSQL error inside becomes one StoreError sentence."""
        connection = self._pool.take()
        try:
            yield PgCursor(connection)
        except Error as error:
            raise translate(error, self.target, write) from None
        finally:
            self._pool.give(connection)

    @contextmanager
    def snapshot(self) -> Iterator[PgCursor]:
        """Reads that see one moment of the store."""
        with self.cursor() as cursor:
            cursor.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.run(f"SET LOCAL work_mem = '{WORK_MEM}'")  # the rows' order sorted in memory
            yield cursor

    @contextmanager
    def migration(self) -> Iterator[PgCursor]:
        with self.cursor(write=True) as cursor:
            yield cursor

    @contextmanager
    def transaction(self, workspace: str | None = None) -> Iterator[PgCursor]:
        """One write in one transaction, holding the workspace's lock; rolled back on any failure
        (a killed process's transaction is rolled back by the server); returns once COMMIT succeeded."""
        if self.read_only:
            raise StoreError(f"The store at {self.shown} is open read-only, so nothing can be saved.")
        with self.cursor(write=True) as cursor:
            try:
                cursor.run(f"SET LOCAL work_mem = '{WORK_MEM}'")  # an import's joins in memory, not on disk
                cursor.lock(f"workspace:{workspace}")
                yield cursor
                cursor.commit()
            except BaseException:
                with suppress(Error):
                    cursor.rollback()
                raise

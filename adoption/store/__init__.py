"""The persistent store: every upload's normalised rows with provenance, per workspace, in one of
two backends behind this one interface: a DuckDB file (adoption.store.duck, the embedded default
for one user) or a PostgreSQL database (adoption.store.postgres, for a team: several app servers
and scheduled imports), chosen by the location: a `postgresql://` URL, else a file path. Store
owns what is the same on both: opening (refusing what is not our store, migrating:
adoption.store.schema), atomic imports (which upload's rows count: adoption.store.winners),
removal, and reading a Portfolio back; workspace data beside the rows (versions, derived frames,
the action log, settings and price lists) is adoption.store.workspace_data. A Store holds no open
connection of its own: each call borrows one from its backend, and every database error leaves a
Store method as a StoreError of one sentence. Upload numbers shown to users count within the
workspace."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from adoption.i18n import N_, Message
from adoption.ingest.customers import resolve_customers
from adoption.ingest.readers import read_file
from adoption.model import REJECT_SCHEMA, ParsedFile, Portfolio
from adoption.store.connection import StoreError
from adoption.store.duck import DuckDB
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
from adoption.store.workspace_data import WorkspaceData
from adoption.store.writes import write_upload

__all__ = ["ImportResult", "Store", "StoreError", "default_store_path", "ensure_sample", "is_url"]

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


def _known_upload(cursor, sha256: str, workspace: str) -> ImportResult | None:
    found = cursor.run(
        "SELECT number, file_name, rows_accepted, rows_rejected, rows_skipped FROM uploads "
        "WHERE workspace = ? AND sha256 = ?",
        [workspace, sha256],
    )
    if not found:
        return None
    number, file_name, accepted, rejected, skipped = found[0]
    words = Message(
        N_("{name} is already stored (upload {upload}); nothing changed."), {"name": file_name, "upload": str(number)}
    )
    return ImportResult(number, True, 0, accepted, rejected, str(words), skipped, words=words)


def is_url(location: str | Path) -> bool:
    """A PostgreSQL connection URL (postgresql://user:password@host:port/database) rather than a DuckDB file."""
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


def default_store_path() -> Path | str:
    """$ADOPTION_STORE (a DuckDB file or a PostgreSQL URL), else data/adoption.duckdb."""
    given = os.environ.get("ADOPTION_STORE")
    if given and is_url(given):
        return given
    return Path(given) if given else REPO_DIR / "data" / "adoption.duckdb"


def _backend(location: str | Path, read_only: bool):
    if is_url(location):
        from adoption.store.postgres import PostgreSQL

        return PostgreSQL.open(str(location), read_only)
    return DuckDB.open(Path(location), read_only)


class Store(WorkspaceData):
    """The store at a location: a DuckDB file (adoption.store.duck) or a PostgreSQL database
    (adoption.store.postgres). `path` is the location as given (what opens it again), `shown` how
    it is named to people (a URL without its password)."""

    def __init__(self, backend):
        self._db = backend
        self.path, self.read_only, self.shown = backend.location, backend.read_only, backend.shown

    @classmethod
    def open(cls, path: str | Path | None = None, read_only: bool = False) -> Store:
        """Open (creating and migrating when needed) the store at `path`; a file that cannot be
        written is opened read-only; anything that is not our store is refused and left as it is."""
        backend = _backend(path or default_store_path(), read_only)
        store = cls(backend)
        try:
            store._check()
        except StoreError:
            backend.forget_failed_creation()
            raise
        return store

    def _check(self) -> None:
        shown = self.shown
        with self._db.cursor(write=not self.read_only) as cursor:
            if self._db.existed and not has_meta(cursor) and not cursor.is_new():
                raise StoreError(
                    f"{shown} is a {self._db.kind} database but not an Adoption Insights store; it was left "
                    "untouched. Move it away or choose another store path."
                )
            version = schema_version(cursor)
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{shown} was written by a newer version of this app (schema {version}); update the app."
                )
        if version < SCHEMA_VERSION:
            if self.read_only and version == 0:
                raise StoreError(f"There is no store at {shown}.")
            if self.read_only:
                raise StoreError(
                    f"{shown} is an older store (schema {version}) that cannot be upgraded while "
                    "read-only; open it once with write access."
                )
            with self._db.migration() as cursor:
                migrate(cursor)

    def close(self) -> None:
        """Nothing stays open between calls; this only closes the process's idle connections at once."""
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

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
        with self._db.cursor() as cursor:
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
        """One transaction (serialised with the workspace's other writers): a killed import leaves nothing."""
        with self._db.transaction(workspace) as cursor:
            known = _known_upload(cursor, sha256, workspace)
            if known is not None:
                return known
            result = write_upload(cursor, workspace, name, sha256, parsed)
            self._bump(cursor, workspace)
            result["version"] = cursor.run("SELECT version FROM workspace_versions WHERE workspace = ?", [workspace])[
                0
            ][0]
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
        # Rows come back in upload, then line order: DuckDB returns a table scan in insertion order
        # (rows are only appended; replacement marks them), PostgreSQL is told (cursor.in_order).
        frame = cursor.frame(f"SELECT {columns} FROM {table} WHERE {where}{cursor.in_order}", params)
        return frame.cast(schema) if frame.height else pl.DataFrame(schema=schema)

    def portfolio(self, workspace: str = "default") -> Portfolio:
        """Everything stored in the workspace, every period, customers resolved as for files."""
        with self._db.snapshot() as cursor:  # the four tables as of one moment
            frames = [
                self._rows(cursor, table, workspace) for table in ("licenses", "subscriptions", "tickets", "rejects")
            ]
        return resolve_customers(*frames)

    def uploads(self, workspace: str = "default") -> pl.DataFrame:
        """The workspace's uploads, oldest first; `upload_id` is the upload's number in the workspace."""
        return self._query(
            f"SELECT {', '.join(UPLOAD_COLUMNS)} FROM uploads WHERE workspace = ? ORDER BY number", [workspace]
        )

    def rejected_rows(self, number: int, workspace: str = "default") -> pl.DataFrame:
        """The rows upload `number` of the workspace rejected."""
        with self._db.cursor() as cursor:
            return self._rows(cursor, "rejects", workspace, number).cast(REJECT_SCHEMA)

    def remove_upload(self, number: int, workspace: str = "default") -> bool:
        """Remove upload `number` of the workspace and every row it brought (the rows it had replaced
        come back); False when the workspace has no such upload."""
        with self._db.transaction(workspace) as cursor:
            found = cursor.run(
                "DELETE FROM uploads WHERE workspace = ? AND number = ? RETURNING upload_id", [workspace, number]
            )
            if not found:
                return False
            upload_id = found[0][0]
            for table in ROW_TABLES:
                cursor.run(f"DELETE FROM {table} WHERE workspace = ? AND upload_id = ?", [workspace, upload_id])
            restore_replaced(cursor, workspace, upload_id)
            self._bump(cursor, workspace)
        return True


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

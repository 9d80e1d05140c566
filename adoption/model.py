"""The canonical data model: the columns every reader produces, the per-file result and the
combined portfolio, plus the package's one error type."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl


class AdoptionError(Exception):
    """A problem with the input that a person can fix; the message is one plain sentence."""


@dataclass(frozen=True)
class ExpectedExport:
    """An export the package reads and the columns it needs, spelled as the export spells them."""

    label: str
    columns: tuple[str, ...]


class FileProblem(AdoptionError):
    """An AdoptionError with its parts as fields, so a page shows them without reading the sentence: the file,
    where (line, the header being line 1; column), the reason, the header row found and, for a file not
    recognised, the exports expected. str() is the one sentence the command line prints."""

    def __init__(
        self,
        sentence: str,
        *,
        file: str,
        reason: str,
        line: int | None = None,
        column: str | None = None,
        found: tuple[str, ...] = (),
        expected: tuple[ExpectedExport, ...] = (),
    ):
        super().__init__(sentence)
        self.file, self.reason, self.line, self.column = file, reason, line, column
        self.found, self.expected = found, expected

    @classmethod
    def of(cls, file: str, error: AdoptionError) -> FileProblem:
        """Any AdoptionError about `file` as a FileProblem; one raised without fields has its sentence as reason."""
        return error if isinstance(error, FileProblem) else cls(str(error), file=file, reason=str(error))


# The reason carried by a row its export itself marks as a duplicate (Insights' IsDuplicateRowForPGA): such
# rows are skipped, not rejected, and still listed with this reason. Store migration 9 counts them (by the
# reason versions 1 to 8 gave them, which it rewrites to this one).
MARKED_DUPLICATE = "skipped as marked duplicate (IsDuplicateRowForPGA)"


def is_marked_duplicate() -> pl.Expr:
    """True on a rejects row (REJECT_SCHEMA) that its export marked as a duplicate."""
    return pl.col("reason") == MARKED_DUPLICATE


# One row per customer, period and workload (or product/SKU) as a source reported it.
LICENSE_SCHEMA: dict[str, pl.DataType] = {
    "source_kind": pl.String(),
    "source_file": pl.String(),
    "line": pl.Int64(),
    "tenant_id": pl.String(),
    "customer_name": pl.String(),
    "segment": pl.String(),
    "market": pl.String(),
    "period": pl.String(),  # YYYY-MM
    "workload": pl.String(),  # canonical workload, or product/SKU as given
    "workload_source": pl.String(),  # the name the file used (OneDrive and SharePoint merge)
    "licenses_sold": pl.Int64(),
    "licenses_assigned": pl.Int64(),
    "active_users": pl.Int64(),
    "deleted_active": pl.Int64(),  # deleted users active in the 28-day window (turnover)
    # Per-user detail only: distinct users holding any Office 365 license / active in any workload.
    "union_assigned": pl.Int64(),
    "union_active": pl.Int64(),
}

SUBSCRIPTION_SCHEMA: dict[str, pl.DataType] = {
    "source_file": pl.String(),
    "line": pl.Int64(),
    "tenant_id": pl.String(),
    "customer_name": pl.String(),
    "subscription_id": pl.String(),
    "offer_id": pl.String(),
    "offer_name": pl.String(),
    "status": pl.String(),
    "is_trial": pl.Boolean(),
    "quantity": pl.Int64(),
}

TICKET_SCHEMA: dict[str, pl.DataType] = {
    "source_file": pl.String(),
    "line": pl.Int64(),
    "tenant_id": pl.String(),
    "customer_name": pl.String(),
    "ticket_type": pl.String(),
    "created": pl.Date(),
    "status": pl.String(),
    "helpdesk": pl.String(),  # which system the export came from (adoption.ingest.kinds.helpdesk_of)
    "ticket_id": pl.String(),  # the helpdesk's own id or number, when the export has one
    "subject": pl.String(),
    # The ticket's identity within its helpdesk: "id:" + ticket_id, else "row:" + customer, created
    # date and time, subject. One ticket is one (helpdesk, ticket_key); a later export updates it.
    "ticket_key": pl.String(),
}

REJECT_SCHEMA: dict[str, pl.DataType] = {
    "source_file": pl.String(),
    "line": pl.Int64(),
    "column": pl.String(),
    "reason": pl.String(),
}

CUSTOMER_SCHEMA: dict[str, pl.DataType] = {
    "key": pl.String(),
    "customer_id": pl.String(),
    "customer_name": pl.String(),
    "segment": pl.String(),
    "market": pl.String(),
}

CATEGORY_SCHEMAS = {
    "licenses": LICENSE_SCHEMA,
    "subscriptions": SUBSCRIPTION_SCHEMA,
    "tickets": TICKET_SCHEMA,
}


def empty(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


@dataclass(frozen=True)
class ParsedFile:
    """One file (or one workbook sheet) read and normalised."""

    name: str
    kind: str  # e.g. "insights_o365", see adoption.ingest.kinds.KINDS
    label: str  # human name of the kind
    category: str  # "licenses", "subscriptions" or "tickets"
    rows: pl.DataFrame  # accepted rows, in the category's schema
    rejected: pl.DataFrame  # REJECT_SCHEMA
    rows_read: int
    # An analytics API export's latest processedDateTime (None for other kinds): of two exports
    # reaching the same period, the one processed later is the newer (see adoption.store.winners).
    processed: dt.date | None = None

    @property
    def periods(self) -> list[str]:
        if "period" not in self.rows.columns:
            return []
        return sorted(self.rows.get_column("period").drop_nulls().unique().to_list())


@dataclass(frozen=True)
class Portfolio:
    """Everything loaded, with customers resolved across files (column `key`)."""

    licenses: pl.DataFrame
    subscriptions: pl.DataFrame
    tickets: pl.DataFrame
    customers: pl.DataFrame
    rejected: pl.DataFrame
    files: list[ParsedFile] = field(default_factory=list)

    @property
    def periods(self) -> list[str]:
        return sorted(self.licenses.get_column("period").unique().to_list())

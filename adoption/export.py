"""Writing tables for people: CSV whose text cells can never run as spreadsheet formulas, and the columns'
headers in the reader's language (English downloads keep the column names the command line writes)."""

from __future__ import annotations

import io

import polars as pl

from adoption.i18n import N_, gettext_for
from adoption.ingest.kinds import KIND_BY_NAME

FORMULA_START = r"^[=+\-@\t\r]"


def formula_safe(frame: pl.DataFrame) -> pl.DataFrame:
    """Prefix `'` to every text cell that starts with =, +, -, @, tab or carriage return."""
    text_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(FORMULA_START)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in text_columns
    )


# A download's column headers when the pages speak another language than English (marked for the catalogue).
HEADERS = {
    "customer_id": N_("Tenant id"),
    "customer_name": N_("Customer"),
    "period": N_("Period"),
    "workload": N_("Workload"),
    "licenses_sold": N_("Licenses sold"),
    "licenses_assigned": N_("Licenses assigned"),
    "active_users": N_("Active users"),
    "deleted_active": N_("Deleted users still active"),
    "union_assigned": N_("Licensed people (any workload)"),
    "union_active": N_("Active people (any workload)"),
    "segment": N_("Segment"),
    "market": N_("Market"),
    "deployment_pct": N_("Deployment %"),
    "usage_pct": N_("Usage %"),
    "unused_licenses": N_("Unused licenses"),
    "flags": N_("Flags"),
    "health_score": N_("Health"),
    "health_band": N_("Band"),
    "trend": N_("Usage trend"),
    "seats": N_("Seats"),
    "problems": N_("Problems"),
    "problem": N_("Problem"),
    "priority": N_("Priority"),
    "new": N_("New"),
    "evidence": N_("Evidence"),
    "actions": N_("Actions"),
    "upload_id": N_("Upload number"),
    "file_name": N_("File"),
    "sha256": N_("SHA-256"),
    "kind": N_("Kind"),
    "periods": N_("Periods"),
    "customers": N_("Customers"),
    "rows_accepted": N_("Rows kept"),
    "rows_rejected": N_("Rows rejected"),
    "rows_skipped": N_("Skipped as marked duplicate"),
    "uploaded_at": N_("Uploaded"),
    "source_file": N_("File"),
    "line": N_("Line"),
    "column": N_("Column"),
    "reason": N_("Reason"),
}


def headed(frame: pl.DataFrame, language: str, headers: dict[str, str] | None = None) -> pl.DataFrame:
    """`frame` with its columns named for a person reading `language` (HEADERS, or `headers`: the caller's own,
    already translated); English keeps the column names (the command line's, and the template's for re-import)."""
    if language == "en":
        return frame
    word = gettext_for(language)
    own = headers or {}
    return frame.rename({c: own.get(c) or word(HEADERS[c]) for c in frame.columns if c in own or c in HEADERS})


def to_csv(frame: pl.DataFrame) -> str:
    """CSV, formula-safe; list cells (metric flags) joined with ";"."""
    lists = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.List)]
    return formula_safe(frame.with_columns(pl.col(c).list.join(";") for c in lists)).write_csv()


def to_excel_csv(frame: pl.DataFrame) -> bytes:
    """CSV for a spreadsheet: UTF-8 with a byte order mark (Excel otherwise guesses the locale's code page)."""
    return b"\xef\xbb\xbf" + to_csv(frame).encode("utf-8")


def to_xlsx(frame: pl.DataFrame) -> bytes:
    """An XLSX workbook of the table; text cells stay text (formula-safe as in CSV), lists joined with ", "."""
    lists = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.List)]
    flat = frame.with_columns(pl.col(c).list.join(", ") for c in lists)
    buffer = io.BytesIO()
    formula_safe(flat).write_excel(buffer, autofit=True)
    return buffer.getvalue()


# The template's columns are the canonical reader's own (adoption.ingest.kinds), by the first spelling of each.
TEMPLATE_FIELDS = ("id", "name", "period", "workload", "sold", "assigned", "active", "segment", "market")
TEMPLATE_COLUMNS = [KIND_BY_NAME["canonical"].fields[field][0] for field in TEMPLATE_FIELDS]
TEMPLATE_EXAMPLE = [
    [
        "6f1c1d2e-8a4b-4c3d-9e2f-1a2b3c4d5e6f",
        "Contoso Göteborg AB",
        "2026-10",
        "Exchange",
        "120",
        "110",
        "96",
        "SMB",
        "Sweden",
    ],
    ["", "Fabrikam Oy", "2026-10", "Teams", "40", "", "31", "SMB", "Finland"],
]


def template_csv() -> str:
    """The app's own canonical CSV template (documented in the README), with two example rows."""
    frame = {column: [row[i] or None for row in TEMPLATE_EXAMPLE] for i, column in enumerate(TEMPLATE_COLUMNS)}
    return to_csv(pl.DataFrame(frame, schema={c: pl.String for c in TEMPLATE_COLUMNS}))

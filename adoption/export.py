"""Writing tables for people: CSV whose text cells can never run as spreadsheet formulas."""

from __future__ import annotations

import io

import polars as pl

from adoption.ingest.kinds import KIND_BY_NAME

FORMULA_START = r"^[=+\-@\t\r]"


def formula_safe(frame: pl.DataFrame) -> pl.DataFrame:
    """Prefix `'` to every text cell that starts with =, +, -, @, tab or carriage return."""
    text_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(FORMULA_START)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in text_columns
    )


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

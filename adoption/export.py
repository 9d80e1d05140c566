"""Writing tables for people: CSV whose text cells can never run as spreadsheet formulas."""

from __future__ import annotations

import polars as pl

FORMULA_START = r"^[=+\-@\t\r]"


def formula_safe(frame: pl.DataFrame) -> pl.DataFrame:
    """Prefix `'` to every text cell that starts with =, +, -, @, tab or carriage return."""
    text_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(FORMULA_START)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in text_columns
    )


def to_csv(frame: pl.DataFrame) -> str:
    return formula_safe(frame).write_csv()

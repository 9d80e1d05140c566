"""A table's columns by field name (the kinds' fields), each cleaned and parsed once, with the header
the file used for messages: what every normaliser in adoption.ingest.readers and
adoption.ingest.user_detail reads a table through."""

from __future__ import annotations

import polars as pl

from adoption.ingest import cells as p
from adoption.ingest.text import RawTable


class Fields:
    """Access to a table's columns by field name, with the header the file used for messages."""

    def __init__(self, table: RawTable, found: dict[str, list[int]]):
        self.table, self.found = table, found

    def has(self, name: str) -> bool:
        return name in self.found

    def header(self, name: str) -> str:
        return self.table.headers[self.found[name][0]].strip() if self.has(name) else name

    def __call__(self, name: str) -> pl.Expr:
        """The field's cells, cleaned (the first non-empty of the columns the field matched)."""
        if not self.has(name):
            return pl.lit(None, dtype=pl.String)
        columns = self.all(name)
        return columns[0] if len(columns) == 1 else pl.coalesce(columns)

    def all(self, name: str) -> list[pl.Expr]:
        """The field's columns, cleaned: read_table replaces each used column by
        p.clean_text of it once, up front (see cleaned)."""
        return [pl.col(f"c{i}") for i in self.found.get(name, [])]

    def cleaned(self, frame: pl.LazyFrame) -> pl.LazyFrame:
        """Only the line, note and used columns, each cleaned once (p.clean_text), plus each
        field parsed once as a number and as a date (columns `_number:F`, `_date:F`; the query
        optimiser drops those no normaliser uses). Reading a lazy table then parses only these
        columns of the file, and every check and value shares one parse per field."""
        used = sorted({i for positions in self.found.values() for i in positions})
        keep = [c for c in ("line", "_ragged") if c in frame.collect_schema().names()]
        cleaned = frame.select(*keep, *[p.clean_text(pl.col(f"c{i}")).alias(f"c{i}") for i in used])
        return cleaned.with_columns(
            *[p.parse_number(self(name)).alias(f"_number:{name}") for name in self.found],
            *[p.parse_date(self(name)).alias(f"_date:{name}") for name in self.found],
        )

    def number(self, name: str) -> pl.Expr:
        """p.parse_number of the field (computed once, see cleaned)."""
        return pl.col(f"_number:{name}") if self.has(name) else pl.lit(None, dtype=pl.Float64)

    def date(self, name: str) -> pl.Expr:
        """p.parse_date of the field (computed once, see cleaned)."""
        return pl.col(f"_date:{name}") if self.has(name) else pl.lit(None, dtype=pl.Date)

    def count(self, name: str) -> pl.Expr:
        return p.as_count(self(name), value=self.number(name))

    def count_checks(self, name: str, required: bool = False) -> list[p.Check]:
        return p.count_checks(self.header(name), self(name), required, value=self.number(name))

    def required(self, name: str) -> p.Check:
        """p.required_text of the field, whose cells are already clean (see cleaned)."""
        return p.required_text(self.header(name), self(name), cleaned=True)

    def date_checks(self, name: str, required: bool = True) -> list[p.Check]:
        return p.date_checks(self.header(name), self(name), required, value=self.date(name))

"""A table's columns by field name (the kinds' fields), each cleaned and parsed once, with the header
the file used for messages: what every normaliser in adoption.ingest.readers and
adoption.ingest.user_detail reads a table through.

Two readings of the same columns: the tolerant one (every cell cleaned, then parsed by the per-cell
parsers of adoption.ingest.cells: decimal commas, `85,5 %`, European dates) and the typed one
(`typed=True`), which takes each cell as it is and parses it strictly (a plain integer, an ISO date,
a known spelling of a flag or a workload) and says, per row, whether every used cell was read that
way (`typed_ok`). Where it was, both readings give the same value; the reader sends the other rows
to the tolerant reading (adoption.ingest.readers.read_table)."""

from __future__ import annotations

import polars as pl

from adoption.ingest import cells as p
from adoption.ingest.text import RawTable

# What a field is read as; a field read only as text must be clean as it stands to be typed.
STRICT_ROLES = ("number", "date", "bool", "workload")


class Fields:
    """Access to a table's columns by field name, with the header the file used for messages."""

    def __init__(self, table: RawTable, found: dict[str, list[int]], typed: bool = False):
        self.table, self.found, self.typed = table, found, typed
        self.roles: dict[str, set[str]] = {}  # field -> what the normaliser read it as (see typed_ok)

    def _use(self, name: str, role: str) -> None:
        if self.has(name):
            self.roles.setdefault(name, set()).add(role)

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
        p.clean_text of it once, up front (see cleaned); typed, the cells as they are."""
        self._use(name, "text")
        return [pl.col(f"c{i}") for i in self.found.get(name, [])]

    def cleaned(self, frame: pl.LazyFrame) -> pl.LazyFrame:
        """Only the line, note and used columns, each cleaned once (p.clean_text), plus each
        field parsed once as a number and as a date (columns `_number:F`, `_date:F`; the query
        optimiser drops those no normaliser uses). Reading a lazy table then parses only these
        columns of the file, and every check and value shares one parse per field. Typed, the
        columns are kept as they are and parsed strictly (cells.strict_*), flags and workload
        names too (`_bool:F`, `_workload:F`), which typed_ok reads."""
        used = sorted({i for positions in self.found.values() for i in positions})
        keep = [c for c in ("line", "_ragged") if c in frame.collect_schema().names()]
        clean = (lambda column: column) if self.typed else p.clean_text
        cleaned = frame.select(*keep, *[clean(pl.col(f"c{i}")).alias(f"c{i}") for i in used])
        if self.typed:
            parsers = {
                "number": p.strict_number,
                "date": p.strict_date,
                "bool": p.strict_bool,
                "workload": p.strict_workload,
            }
        else:  # flags and workload names are worked out where the normaliser asks (bool, workload)
            parsers = {"number": p.parse_number, "date": p.parse_date}
        return cleaned.with_columns(
            parse(self._raw(name)).alias(f"_{role}:{name}") for role, parse in parsers.items() for name in self.found
        )

    def _raw(self, name: str) -> pl.Expr:
        columns = [pl.col(f"c{i}") for i in self.found[name]]
        return columns[0] if len(columns) == 1 else pl.coalesce(columns)

    def number(self, name: str) -> pl.Expr:
        """p.parse_number of the field (computed once, see cleaned)."""
        self._use(name, "number")
        return pl.col(f"_number:{name}") if self.has(name) else pl.lit(None, dtype=pl.Float64)

    def date(self, name: str) -> pl.Expr:
        """p.parse_date of the field (computed once, see cleaned)."""
        self._use(name, "date")
        return pl.col(f"_date:{name}") if self.has(name) else pl.lit(None, dtype=pl.Date)

    def period(self, name: str) -> pl.Expr:
        """p.period_of the field's date (`2026-10`); typed, the first seven characters of the ISO date the
        cell is (the same text, without formatting a date per row)."""
        if self.typed and self.has(name):
            return pl.when(self.date(name).is_not_null()).then(self._raw(name).str.slice(0, 7))
        return p.period_of(self.date(name))

    def bool(self, name: str) -> pl.Expr:
        """p.parse_bool of the field (typed: a known spelling looked up, else null)."""
        self._use(name, "bool")
        if self.typed and self.has(name):
            return pl.col(f"_bool:{name}")
        return p.parse_bool(self(name))

    def workload(self, name: str) -> pl.Expr:
        """p.canonical_workload of the field (typed: a known spelling looked up, else null)."""
        self._use(name, "workload")
        if self.typed and self.has(name):
            return pl.col(f"_workload:{name}")
        return p.canonical_workload(self(name))

    def count(self, name: str) -> pl.Expr:
        return p.as_count(self(name), value=self.number(name))

    def count_checks(self, name: str, required: bool = False) -> list[p.Check]:
        return p.count_checks(self.header(name), self(name), required, value=self.number(name))

    def required(self, name: str) -> p.Check:
        """p.required_text of the field, whose cells are already clean (see cleaned)."""
        return p.required_text(self.header(name), self(name), cleaned=True)

    def date_checks(self, name: str, required: bool = True) -> list[p.Check]:
        return p.date_checks(self.header(name), self(name), required, value=self.date(name))

    def parsed_columns(self) -> list[str]:
        """Typed reading, after the normaliser has run: the parsed columns it reads (see cleaned)."""
        return [f"_{role}:{name}" for name, roles in self.roles.items() for role in STRICT_ROLES if role in roles]

    def typed_ok(self) -> pl.Expr:
        """Typed reading, after the normaliser has run: true on rows whose every used cell was
        read strictly (empty, or a value the strict parser of its role accepts, or clean text),
        where the tolerant reading gives the same values and messages. A field read both as text
        and strictly needs only the strict parse: a cell it accepts has no space to clean."""
        ok = []
        for name, roles in self.roles.items():
            cells = self._raw(name)
            parsed = [pl.col(f"_{role}:{name}").is_not_null() for role in STRICT_ROLES if role in roles]
            # a field matched by several columns: every one of them must be clean as it stands
            clean = [p.is_clean(pl.col(f"c{i}")) for i in self.found[name]]
            ok.append(cells.is_null() | pl.all_horizontal(parsed) if parsed else pl.all_horizontal(clean))
        return pl.all_horizontal(ok) if ok else pl.lit(True)

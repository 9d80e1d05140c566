"""Polars expressions that turn text cells into typed values (counts, percentages, dates,
booleans, workload names, customer keys) and split rows into accepted and rejected."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

MAX_COUNT = 100_000_000
EARLIEST = dt.date(2000, 1, 1)

WORKLOADS = ("Exchange", "SharePoint", "Teams", "Skype for Business", "Yammer")
WORKLOAD_ALIASES = {
    "Exchange": ["exchange", "exchangeonline", "exo", "mail", "outlook"],
    "SharePoint": [
        "sharepoint",
        "sharepointonline",
        "spo",
        "onedrive",
        "onedriveforbusiness",
        "odb",
        "odfb",
        "onedrivesharepoint",
        "sharepointonedrive",
    ],
    "Teams": ["teams", "microsoftteams"],
    "Skype for Business": ["skypeforbusiness", "skypeforbusinessonline", "sfb", "lync", "lynconline", "skype"],
    "Yammer": ["yammer", "yam", "yammerenterprise", "vivaengage", "engage"],
}
WORKLOAD_BY_KEY = {alias: name for name, aliases in WORKLOAD_ALIASES.items() for alias in aliases}


def _patched(raw: pl.Expr, fast: pl.Expr, slow: Callable[[pl.Expr], pl.Expr], dtype: pl.DataType) -> pl.Expr:
    """`fast`, with `slow(raw)` where `fast` is null and `raw` is not, computed on those cells
    only. The same values as `pl.coalesce(fast, slow(pl.when(fast.is_null()).then(raw)))`, whose
    masked slow path the engine evaluates over every row, once per use of the masked input (a
    date's slow path uses it eight times: 0.5 s of CPU on a million cells that are all ISO)."""
    needs = fast.is_null() & raw.is_not_null()

    def patch(batch: pl.Series) -> pl.Series:
        cells, value, wanted = (
            batch.struct.field(batch.struct.fields[0]),
            batch.struct.field("_fast"),
            batch.struct.field("_needs"),
        )
        value = value.cast(dtype)
        wanted = wanted.fill_null(False)
        if not wanted.any():
            return value.alias(cells.name)
        fixed = pl.DataFrame({"cell": cells.filter(wanted)}).select(slow(pl.col("cell")).cast(dtype)).to_series()
        return value.scatter(wanted.arg_true(), fixed).alias(cells.name)

    return pl.struct(raw, fast.alias("_fast"), needs.alias("_needs")).map_batches(
        patch, return_dtype=dtype, is_elementwise=True
    )


def _by_value(raw: pl.Expr, function: Callable[[pl.Expr], pl.Expr], dtype: pl.DataType) -> pl.Expr:
    """`function(raw)` worked out once per distinct cell (a column of a few workload names or
    flags costs a hash lookup per row, not a string pipeline). Same values as `function(raw)`."""

    def apply(cells: pl.Series) -> pl.Series:
        distinct = cells.unique()
        if distinct.len() * 4 > cells.len():
            return (
                pl.DataFrame({"cell": cells}).select(function(pl.col("cell")).cast(dtype)).to_series().alias(cells.name)
            )
        mapped = pl.DataFrame({"cell": distinct}).select(function(pl.col("cell")).cast(dtype)).to_series()
        lookup = pl.DataFrame({"cell": distinct, "_value": mapped})
        joined = pl.DataFrame({"cell": cells}).join(
            lookup, on="cell", how="left", nulls_equal=True, maintain_order="left"
        )
        return joined.get_column("_value").alias(cells.name)

    return raw.map_batches(apply, return_dtype=dtype, is_elementwise=True)


def alias_key(expr: pl.Expr) -> pl.Expr:
    """The same normalisation as adoption.ingest.text.header_key, as an expression."""
    return expr.str.to_lowercase().str.replace_all(r"[^0-9a-z]+", "")


def canonical_workload(expr: pl.Expr) -> pl.Expr:
    """Known workload names and codes become canonical; anything else passes through as given."""
    return _by_value(expr, _canonical_workload, pl.String)


def _canonical_workload(expr: pl.Expr) -> pl.Expr:
    trimmed = expr.str.strip_chars()
    return alias_key(trimmed).replace_strict(WORKLOAD_BY_KEY, default=trimmed, return_dtype=pl.String)


def name_key(expr: pl.Expr) -> pl.Expr:
    """Customer names match ignoring case and repeated spaces, but not accents."""
    return expr.str.strip_chars().str.replace_all(r"\s+", " ").str.to_lowercase()


def needs_cleaning(expr: pl.Expr) -> pl.Expr:
    """Whether clean_text changes the cell: whitespace at either end, a run of two, a tab or other
    non-space whitespace, or nothing at all (null on a null cell)."""
    return expr.str.contains(r"^\s|\s$|\s\s|[^\S ]") | (expr == "")


def clean_text(expr: pl.Expr) -> pl.Expr:
    """Strip, collapse runs of whitespace to one space, empty -> null.

    Most cells are already clean: one scan finds the others and only they are rewritten."""
    needs = needs_cleaning(expr)
    return pl.when(needs).then(_clean_text_slowly(pl.when(needs).then(expr))).otherwise(expr)


def _clean_text_slowly(expr: pl.Expr) -> pl.Expr:
    text = expr.str.strip_chars().str.replace_all(r"\s+", " ")
    return pl.when(text == "").then(None).otherwise(text)


def tenant_id(expr: pl.Expr) -> pl.Expr:
    return clean_text(expr).str.to_lowercase()


def _number_text(expr: pl.Expr) -> pl.Expr:
    return expr.str.replace_all(r"[\s\u00a0\u202f'%]", "")


def parse_number(expr: pl.Expr) -> pl.Expr:
    """`1234`, `1 234`, `1,234` or `1.234` (grouped thousands), `85,5`, `85.5 %` -> Float64.

    Plain non-zero integers (nearly every cell of a real export) take a fast cast; only the other
    cells reach the regular expressions (the rest are masked to null, which the string kernels skip).
    `-0...` is left to the slow path so a negative zero keeps its sign exactly as before."""
    direct = expr.cast(pl.Int64, strict=False)
    fast = pl.when(~expr.str.starts_with("-0")).then(direct)
    return _patched(expr, fast.cast(pl.Float64), _parse_number_slowly, pl.Float64)


def _parse_number_slowly(expr: pl.Expr) -> pl.Expr:
    text = _number_text(expr)
    grouped = text.str.contains(r"^-?\d{1,3}([.,]\d{3})+$") & ~text.str.contains(r"^-?0[.,]")
    mixed = text.str.contains(r"^-?\d{1,3}(,\d{3})+\.\d+$|^-?\d{1,3}(\.\d{3})+,\d+$")
    normal = (
        pl.when(grouped)
        .then(text.str.replace_all(r"[.,]", ""))
        .when(mixed & text.str.contains(r",\d+$"))
        .then(text.str.replace_all(r"\.", "").str.replace(",", "."))
        .when(mixed)
        .then(text.str.replace_all(",", ""))
        .otherwise(text.str.replace(",", "."))
    )
    return normal.cast(pl.Float64, strict=False)


def parse_date(expr: pl.Expr) -> pl.Expr:
    """ISO (`2026-10-31`, `2026-10-31T06:12:44Z`, `2026-10`), European `31.10.2026`, US
    `10/31/2026` (then `31/10/2026` where the US reading is impossible).

    Cells that are exactly `YYYY-MM-DD` take one parse; only the others (masked) reach the
    extraction and the format list, whose first format gives the same answer for those cells."""
    iso = expr.str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    fast = pl.when(iso).then(expr).str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    return _patched(expr, fast, _parse_date_slowly, pl.Date)


def _parse_date_slowly(expr: pl.Expr) -> pl.Expr:
    text = expr.str.strip_chars().str.extract(r"^([0-9][0-9./\-]*)", 1)
    formats = ["%Y-%m-%d", "%d.%m.%Y", "%m/%d/%Y", "%d/%m/%Y", "%Y/%m/%d", "%d-%m-%Y", "%Y.%m.%d"]
    parsed = [text.str.strptime(pl.Date, fmt, strict=False) for fmt in formats]
    parsed.append((text + "-01").str.strptime(pl.Date, "%Y-%m-%d", strict=False))
    return pl.coalesce(parsed)


def parse_bool(expr: pl.Expr) -> pl.Expr:
    return _by_value(expr, _parse_bool, pl.Boolean)


def _parse_bool(expr: pl.Expr) -> pl.Expr:
    key = expr.str.strip_chars().str.to_lowercase()
    return (
        pl.when(key.is_in(["true", "1", "yes", "y", "ja", "x", "-1"]))
        .then(True)
        .when(key.is_in(["false", "0", "no", "n", "nej", ""]))
        .then(False)
        .otherwise(None)
    )


# ---- strict parsers (the typed reading, adoption.ingest.fields): the cell as it stands, null where
# it is not a plain integer, an ISO date, or a spelling below. Each gives, on the cells it accepts,
# exactly what the tolerant parser above gives on the cleaned cell (the same fast component, or a
# table worked out by the tolerant parser itself), and accepts no cell that cleaning would change.


def strict_number(expr: pl.Expr) -> pl.Expr:
    """A plain integer (`12`, `-3`, `+5`; not `-0…`, whose sign parse_number keeps) as Float64."""
    return pl.when(~expr.str.starts_with("-0")).then(expr.cast(pl.Int64, strict=False)).cast(pl.Float64)


def strict_date(expr: pl.Expr) -> pl.Expr:
    """Exactly `YYYY-MM-DD`."""
    iso = expr.str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    return pl.when(iso).then(expr).str.strptime(pl.Date, "%Y-%m-%d", strict=False)


def _spellings(words: list[str]) -> list[str]:
    return list(dict.fromkeys(v for w in words for v in (w, w.lower(), w.upper(), w.title()) if v))


def _table(function: Callable[[pl.Expr], pl.Expr], cells: list[str], dtype: pl.DataType) -> dict:
    values = pl.DataFrame({"cell": cells}).select(function(pl.col("cell")).cast(dtype)).to_series()
    return {cell: value for cell, value in zip(cells, values) if value is not None}


BOOL_SPELLINGS = _table(
    _parse_bool, _spellings(["true", "1", "yes", "y", "ja", "x", "-1", "false", "0", "no", "n", "nej"]), pl.Boolean
)
WORKLOAD_SPELLINGS = _table(
    _canonical_workload,
    _spellings(
        [*WORKLOADS, *WORKLOAD_BY_KEY, "Exchange Online", "SharePoint Online", "OneDrive", "OneDrive for Business"]
        + ["Microsoft Teams", "Skype for Business Online", "Viva Engage", "Yammer Enterprise"]
    ),
    pl.String,
)


def strict_bool(expr: pl.Expr) -> pl.Expr:
    """parse_bool of a known spelling (`0`, `1`, `true`, `False`, `ja`…), else null."""
    return expr.replace_strict(BOOL_SPELLINGS, default=None, return_dtype=pl.Boolean)


def strict_workload(expr: pl.Expr) -> pl.Expr:
    """canonical_workload of a known spelling (`Exchange`, `OneDrive`, `SPO`…), else null."""
    return expr.replace_strict(WORKLOAD_SPELLINGS, default=None, return_dtype=pl.String)


def is_clean(expr: pl.Expr) -> pl.Expr:
    """True where clean_text leaves the cell as it is (a null cell too)."""
    return ~needs_cleaning(expr).fill_null(False)


def period_of(date: pl.Expr) -> pl.Expr:
    return date.dt.strftime("%Y-%m")


def latest_allowed_date() -> dt.date:
    return dt.date.today() + dt.timedelta(days=366)


# ---- validation: each check is (column shown to the user, expression true when bad, message)


@dataclass(frozen=True)
class Check:
    column: str
    bad: pl.Expr
    message: pl.Expr


def show(raw: pl.Expr) -> pl.Expr:
    """A raw cell quoted for a message, shortened so a huge cell cannot flood the report."""
    text = raw.fill_null("")
    return pl.when(text.str.len_chars() > 40).then(text.str.slice(0, 37) + "...").otherwise(text)


def quoted(column: str, raw: pl.Expr, complaint: str) -> pl.Expr:
    """`Column "value" complaint`, built without format strings (headers are untrusted text)."""
    return pl.concat_str([pl.lit(f'{column} "'), show(raw), pl.lit(f'" {complaint}')])


def count_checks(column: str, raw: pl.Expr, required: bool = False, value: pl.Expr | None = None) -> list[Check]:
    """`value`: parse_number(raw) when already computed (a column), else computed here."""
    value = parse_number(raw) if value is None else value
    checks = []
    if required:
        checks.append(Check(column, raw.is_null(), pl.lit(f"{column} is empty")))
    # NaN is not a number; a negative count is negative however large (`-1e400` is -inf).
    checks += [
        Check(column, raw.is_not_null() & (value.is_null() | value.is_nan()), quoted(column, raw, "is not a number")),
        Check(column, value < 0, quoted(column, raw, "is negative")),
        Check(column, value.is_infinite() | (value.abs() > MAX_COUNT), quoted(column, raw, "is implausibly large")),
        Check(column, value != value.floor(), quoted(column, raw, "is not a whole number")),
    ]
    return checks


def as_count(raw: pl.Expr, value: pl.Expr | None = None) -> pl.Expr:
    value = parse_number(raw) if value is None else value
    ok = value.is_finite() & (value.abs() <= MAX_COUNT)
    return pl.when(ok).then(value).otherwise(None).cast(pl.Int64, strict=False)


def date_checks(column: str, raw: pl.Expr, required: bool = True, value: pl.Expr | None = None) -> list[Check]:
    """`value`: parse_date(raw) when already computed (a column), else computed here."""
    value = parse_date(raw) if value is None else value
    checks = [Check(column, raw.is_not_null() & value.is_null(), quoted(column, raw, "is not a date"))]
    if required:
        checks.insert(0, Check(column, raw.is_null(), pl.lit(f"{column} is empty")))
    checks += [
        Check(column, value > pl.lit(latest_allowed_date()), quoted(column, raw, "is more than a year in the future")),
        Check(column, value < pl.lit(EARLIEST), quoted(column, raw, "is before 2000")),
    ]
    return checks


def required_text(column: str, raw: pl.Expr, cleaned: bool = False) -> Check:
    """`cleaned`: `raw` is already clean_text of the cell (adoption.ingest.fields), so not cleaned again."""
    return Check(column, (raw if cleaned else clean_text(raw)).is_null(), pl.lit(f"{column} is empty"))


def split_rows(frame: pl.LazyFrame, checks: list[Check], source_file: str) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """(rows passing every check, one rejected row per failing row with its first failure).

    Every row is tested once with the checks' conditions; the messages are built only for the
    rows that failed (collect both frames together so the test is shared)."""
    bad = [c.bad.fill_null(False) for c in checks]
    if checks:
        reason = pl.coalesce([pl.when(c.bad).then(c.message) for c in checks])
        column = pl.coalesce([pl.when(c.bad).then(pl.lit(c.column)) for c in checks])
    else:
        reason = column = pl.lit(None, dtype=pl.String)
    if "_ragged" in frame.collect_schema().names():
        bad.append(pl.col("_ragged").is_not_null())
        reason = pl.coalesce(pl.col("_ragged"), reason)
        column = pl.when(pl.col("_ragged").is_not_null()).then(pl.lit("")).otherwise(column)
    marked = frame.with_columns(_bad=pl.any_horizontal(bad) if bad else pl.lit(False))
    accepted = marked.filter(~pl.col("_bad")).drop("_bad")
    rejected = (
        marked.filter(pl.col("_bad"))
        .with_columns(_reason=reason, _column=column)
        .select(
            source_file=pl.lit(source_file),
            line=pl.col("line"),
            column=pl.col("_column").fill_null(""),
            reason=pl.col("_reason"),
        )
    )
    return accepted, rejected


def safe_regex_word(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in words)

"""Turning a file's bytes into a table of text cells: encoding, separator, header, XLSX sheets
and JSON `{"Value": [...]}` documents. Nothing here knows what the columns mean."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import polars as pl

from adoption.ingest.quoting import repair_stray_quotes
from adoption.model import AdoptionError, FileProblem

SNIFF_BYTES = 1 << 20
MAX_HEADER_COLUMNS = 2_000
MAX_HEADER_CHARS = 200_000


@dataclass(frozen=True)
class RawTable:
    """Text cells with positional column names c0..cN, the original headers and a line column."""

    name: str
    headers: list[str]
    frame: pl.LazyFrame  # columns: line (Int64, header = line 1) and c0..cN (String)


def header_key(header: str) -> str:
    """Case-, space- and punctuation-insensitive form used to match headers and aliases."""
    return re.sub(r"[^0-9a-z]+", "", header.strip().lower())


def detect_encoding(head: bytes) -> str:
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = head[:200]
    if len(sample) >= 8 and sample[1::2].count(0) > 0.9 * len(sample[1::2]) and sample[0::2].count(0) == 0:
        return "utf-16-le"  # Excel "Unicode text" saved without its byte order mark
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        # A cut in the middle of a multi-byte character at the end of the sample is still UTF-8.
        if error.start >= len(head) - 3 and len(head) >= SNIFF_BYTES:
            return "utf-8"
        return "cp1252"


def detect_separator(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in ("\t", ";", ",")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _first_line(text: str) -> str:
    return text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")


def read_tables(name: str, source: bytes | Path) -> list[RawTable]:
    """Every table in the file: one for CSV/TSV/JSON, one per sheet for XLSX."""
    head = source[:SNIFF_BYTES] if isinstance(source, bytes) else _read_head(source)
    if not head.strip():
        raise AdoptionError(f"{name} is empty: expected a CSV, TSV, XLSX or JSON export with a header row.")
    if head.startswith(b"PK\x03\x04"):
        return _read_xlsx(name, source)
    encoding = detect_encoding(head)
    text_head = head.decode(encoding, errors="replace")
    is_json = text_head.lstrip("\ufeff \r\n\t").startswith(("{", "["))
    shape = None
    if encoding == "utf-8" and len(head) >= SNIFF_BYTES and head.isascii():
        # Plain ASCII for the first megabyte: UTF-8 further down, or Windows-1252 (Malmö)? The pass that measures
        # the lines (_line_shape) also sees whether any byte failed to decode as UTF-8; only then (or for JSON)
        # is the whole file decoded to tell (one pass over a large export instead of two: ~0.2 s on 179 MB).
        if not is_json:  # the header row is checked first: a file that has none is refused before any pass
            shape = _line_shape(source, _delimited_header(name, text_head)[1], decoding=True)
        if (shape is None or shape.undecodable) and not _utf8_throughout(source):
            encoding, shape = "cp1252", None
            text_head = head.decode(encoding, errors="replace")
    if is_json:
        return [_read_json(name, _as_text(source, encoding))]
    return [_read_delimited(name, source, encoding, text_head, shape)]


def _utf8_throughout(source: bytes | Path) -> bool:
    """Whether the whole file decodes as UTF-8, checked a megabyte at a time (nothing is kept)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        if isinstance(source, bytes):
            view = memoryview(source)
            for start in range(0, len(view), SNIFF_BYTES):
                decoder.decode(view[start : start + SNIFF_BYTES])
        else:
            with open(source, "rb") as handle:
                while chunk := handle.read(SNIFF_BYTES):
                    decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    except OSError:
        return True  # the reader itself reports a file that cannot be read
    return True


def _read_head(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(SNIFF_BYTES)
    except OSError as error:
        raise AdoptionError(f"{path.name} cannot be opened: {error.strerror}.") from None


def _as_text(source: bytes | Path, encoding: str) -> str:
    data = source if isinstance(source, bytes) else source.read_bytes()
    return data.decode(encoding, errors="replace")


def _check_header(name: str, headers: list[str]) -> None:
    if len(headers) > MAX_HEADER_COLUMNS or sum(map(len, headers)) > MAX_HEADER_CHARS:
        raise AdoptionError(
            f"{name} has a header row of {len(headers):,} columns: expected an export with a few dozen at most."
        )


def _delimited_header(name: str, text_head: str) -> tuple[list[str], str]:
    """The header cells of a CSV/TSV and its separator, from the first line."""
    header_line = _first_line(text_head)
    if len(header_line) > MAX_HEADER_CHARS:
        raise AdoptionError(
            f"{name} has a header line of over {MAX_HEADER_CHARS:,} characters: expected a CSV or TSV export."
        )
    separator = detect_separator(header_line)
    try:
        headers = next(csv.reader([header_line], delimiter=separator))
    except csv.Error:
        raise AdoptionError(
            f"{name} has a header line that cannot be split into columns (lone carriage returns or NUL bytes?): expected a CSV or TSV export."
        ) from None
    _check_header(name, headers)
    return headers, separator


def peek_headers(name: str, source: bytes) -> list[tuple[str, list[str]]]:
    """(table name, headers) of every table, reading only the first line of a CSV/TSV (cheap for
    large uploads); workbooks and JSON documents are read whole."""
    head = source[:SNIFF_BYTES]
    if not head.strip() or head.startswith(b"PK\x03\x04"):
        return [(t.name, t.headers) for t in read_tables(name, source)]
    text_head = head.decode(detect_encoding(head), errors="replace")
    if text_head.lstrip("\ufeff \r\n\t").startswith(("{", "[")):
        return [(t.name, t.headers) for t in read_tables(name, source)]
    return [(name, _delimited_header(name, text_head)[0])]


def _read_delimited(
    name: str, source: bytes | Path, encoding: str, text_head: str, shape: LineShape | None = None
) -> RawTable:
    """`shape`: the source's _line_shape when already measured (it is of the bytes read: UTF-8 source only)."""
    headers, separator = _delimited_header(name, text_head)
    if encoding == "utf-8" and isinstance(source, Path):
        data: bytes | Path = source
    elif encoding in ("utf-8", "utf-8-sig") and isinstance(source, bytes):
        data = source
    else:
        data = _as_text(source, encoding).encode("utf-8")
    widest, quoted, _ = shape if shape is not None else _line_shape(data, separator)
    if not quoted and widest <= len(headers):
        # The common style (no quote anywhere, no row with extra cells): the lazy scan as it is,
        # without the pass over every column that makes Polars refuse rows with extra cells.
        return RawTable(name, headers, _scan(data, separator, headers).with_columns(pl.col("line").cast(pl.Int64)))
    scanned = _scan_delimited(data, separator, headers)
    if scanned is not None and not _records_span_lines(data, scanned[1]):
        return RawTable(name, headers, scanned[0])
    # Polars refused the file, or some record spans lines: a quote may open a cell and never
    # close it. Read such quotes as text (adoption.ingest.quoting) and reject their lines by name.
    raw = data.read_bytes() if isinstance(data, Path) else data
    text, notes = repair_stray_quotes(raw.decode("utf-8", errors="replace"), separator, headers)
    if notes:
        data = text.encode("utf-8")
        scanned = _scan_delimited(data, separator, headers)
    table = RawTable(name, headers, scanned[0]) if scanned else _read_delimited_slowly(name, data, separator, headers)
    return _with_notes(table, notes) if notes else table


def _scan_delimited(data: bytes | Path, separator: str, headers: list[str]) -> tuple[pl.LazyFrame, int] | None:
    """(the lazy table, its number of records), or None when Polars refuses the file."""
    try:
        frame = _scan(data, separator, headers)
        # Lazy, so a reader parses only the columns it uses. A projected read skips the cells past
        # the last column it needs and so would not notice rows with extra cells: one streaming
        # pass over every column (nothing kept) makes Polars refuse those files as before.
        counted = frame.select(pl.len().alias("_records"), pl.all().null_count()).collect(engine="streaming")
    except pl.exceptions.PolarsError:
        return None
    return frame.with_columns(pl.col("line").cast(pl.Int64)), int(counted.get_column("_records").item())


def _scan(data: bytes | Path, separator: str, headers: list[str]) -> pl.LazyFrame:
    return pl.scan_csv(
        data,
        separator=separator,
        infer_schema=False,
        new_columns=[f"c{i}" for i in range(len(headers))],
        encoding="utf8-lossy",
        raise_if_empty=False,
        row_index_name="line",
        row_index_offset=2,
    )


def _has_quote(data: bytes | Path) -> bool:
    return any(b'"' in chunk for chunk in _chunks(data))


class LineShape(NamedTuple):
    widest: int  # the most cells on any physical line (separators + 1: a record's count only without quotes)
    quoted: bool  # whether any line has a quote
    undecodable: bool  # whether any bytes are not UTF-8 (read as U+FFFD; a U+FFFD in the text counts too)


def _line_shape(data: bytes | Path, separator: str, decoding: bool = False) -> LineShape:
    """The lines' LineShape, in one streaming Polars pass that reads each line as one cell (no quoting; a NUL
    byte, which splits a line, counts as too wide, quoted and undecodable). `undecodable` is looked for only
    with `decoding` (~0.05 s on 179 MB), else False."""
    try:
        shape = (
            pl.scan_csv(
                data,
                separator="\x00",
                quote_char=None,
                has_header=False,
                new_columns=["text"],
                infer_schema=False,
                encoding="utf8-lossy",
                raise_if_empty=False,
            )
            .select(
                widest=pl.col("text").str.count_matches(separator, literal=True).max(),
                quoted=pl.col("text").str.contains('"', literal=True).any(),
                undecodable=pl.col("text").str.contains("\ufffd", literal=True).any() if decoding else pl.lit(False),
            )
            .collect(engine="streaming")
        )
    except pl.exceptions.PolarsError:
        return LineShape(1 << 30, True, True)
    widest, quoted, undecodable = shape.row(0)
    return LineShape(1 if widest is None else int(widest) + 1, bool(quoted), bool(undecodable))


def _records_span_lines(data: bytes | Path, records: int) -> bool:
    """Whether the file has more physical lines than header plus records (a quoted cell spans
    lines). Polars counts blank lines as records, so the two match in every other file; a file
    without a quote is not counted (finding no quote is several times faster than counting)."""
    if not _has_quote(data):
        return False
    newlines, last = 0, b""
    for chunk in _chunks(data):
        newlines, last = newlines + chunk.count(b"\n"), chunk[-1:]
    return newlines + (last not in (b"\n", b"")) > records + 1


def _chunks(data: bytes | Path, size: int = SNIFF_BYTES * 16) -> Iterator[bytes]:
    if isinstance(data, bytes):
        yield data
        return
    with open(data, "rb") as handle:
        while chunk := handle.read(size):
            yield chunk


def _with_notes(table: RawTable, notes: dict[int, str]) -> RawTable:
    """The table with `notes` ({line: reason}) in its `_ragged` column, so those rows are rejected."""
    note = pl.col("line").replace_strict(notes, default=None, return_dtype=pl.String)
    if "_ragged" in table.frame.collect_schema().names():
        note = pl.coalesce(pl.col("_ragged"), note)
    return RawTable(table.name, table.headers, table.frame.with_columns(note.alias("_ragged")))


def _read_delimited_slowly(name: str, data: bytes | Path, separator: str, headers: list[str]) -> RawTable:
    """Fallback for files Polars refuses (rows with extra cells): Python's csv module, row by row,
    keeping rows whose cell count differs as rows of nulls plus a note for the reader to reject."""
    raw = data.read_bytes() if isinstance(data, Path) else data
    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    next(reader, None)
    width = len(headers)
    lines, cells, ragged = [], [[] for _ in range(width)], []
    for row in reader:
        lines.append(len(lines) + 2)  # a record spanning lines counts once, as Polars counts
        ok = len(row) == width or (len(row) < width)
        ragged.append(None if ok else f"the row has {len(row)} cells but the header has {width}")
        padded = (row + [None] * width)[:width] if ok else [None] * width
        for index, value in enumerate(padded):
            cells[index].append(value if value != "" else None)
    frame = pl.DataFrame(
        {"line": lines, **{f"c{i}": cells[i] for i in range(width)}, "_ragged": ragged},
        schema={"line": pl.Int64, **{f"c{i}": pl.String for i in range(width)}, "_ragged": pl.String},
    )
    return RawTable(name, headers, frame.lazy())


def _read_json(name: str, text: str) -> RawTable:
    try:
        # Numbers and NaN/Infinity stay the text the file has (`-1e400`, not `-inf`; an integer of
        # 5,000 digits is not converted, which Python refuses), so a rejected row quotes the file.
        document = json.loads(text, parse_float=str, parse_int=str, parse_constant=str)
    except json.JSONDecodeError as error:
        reason = (
            f'is not valid JSON ({error.msg}): expected a Partner Center analytics document like {{"Value": [...]}}'
        )
        raise FileProblem(
            f"{name} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}): "
            'expected a Partner Center analytics document like {"Value": [...]}.',
            file=name,
            reason=reason,
            line=error.lineno,
            column=str(error.colno),
        ) from None
    except RecursionError:
        raise AdoptionError(f'{name} is JSON nested too deeply: expected {{"Value": [{{...}}, ...]}}.') from None
    records = document.get("Value", document.get("value")) if isinstance(document, dict) else document
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise AdoptionError(f'{name} is JSON but not a list of records: expected {{"Value": [{{...}}, ...]}}.')
    # Every key in first-seen order; a dict keeps this linear (a list membership test made a record
    # of a million keys take hours).
    headers: list[str] = list(dict.fromkeys(k for record in records for k in record))
    _check_header(name, headers)
    columns = {f"c{i}": [None if r.get(h) is None else str(r.get(h)) for r in records] for i, h in enumerate(headers)}
    frame = pl.DataFrame(columns, schema={c: pl.String for c in columns})
    frame = frame.with_row_index("line", offset=1).with_columns(pl.col("line").cast(pl.Int64))
    return RawTable(name, headers, frame.lazy())


def _read_xlsx(name: str, source: bytes | Path) -> list[RawTable]:
    import fastexcel

    data = source.read_bytes() if isinstance(source, Path) else source
    try:
        workbook = fastexcel.read_excel(data)
    except Exception as error:  # fastexcel raises its own hierarchy for broken workbooks
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise AdoptionError(f"{name} looks like an Excel workbook but cannot be opened ({first}).") from None
    tables = []
    for sheet_name in workbook.sheet_names:
        try:
            sheet = workbook.load_sheet(sheet_name, header_row=None, dtypes="string")
            frame = pl.DataFrame(sheet.to_polars()).cast(pl.String)
        except Exception:
            continue
        if frame.height == 0:
            continue
        headers = ["" if v is None else str(v) for v in frame.row(0)]
        _check_header(name, headers)
        body = frame.slice(1)
        body.columns = [f"c{i}" for i in range(len(headers))]
        body = body.with_row_index("line", offset=2).with_columns(pl.col("line").cast(pl.Int64))
        tables.append(RawTable(f"{name}[{sheet_name}]", headers, body.lazy()))
    if not tables:
        raise AdoptionError(f"{name} is an Excel workbook with no sheet that has a header row.")
    return tables

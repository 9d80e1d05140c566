"""Stray quotes in delimited text: a cell that starts with `"` but never closes it (`"Contoso AB`)
would, read by the CSV rules, swallow every following line into one cell. Such a quote is read as
text instead, on its own line only, and that line is reported; a quoted cell that legitimately
spans lines (a helpdesk subject with a newline) closes into one record of at most the header's
width, swallowing no line that looks like a record, and is left alone.

Only files Polars refuses or whose records do not match their physical lines reach this (see
adoption.ingest.text), and only lines that contain a quote are parsed here, with Python's csv module."""

from __future__ import annotations

import csv
import io

QUOTE = '"'
# Python's csv module refuses a cell over 131,072 characters (a traceback, the whole file lost);
# the upload limit (adoption.ingest.limits) bounds a cell instead. adoption.ingest.text's fallback reader shares this.
csv.field_size_limit(2**31 - 1)
# A line inside a quoted cell with exactly the header's number of cells is taken for a swallowed
# record when the header has at least this many columns (text with four separators is rare).
LOOKS_LIKE_A_RECORD = 5


def _cells(line: str, separator: str, in_quote: bool) -> tuple[int, bool]:
    """(cells on this physical line, whether it ends inside a quoted cell). A line that continues
    a quoted cell is read as if that cell's opening quote were at its start."""
    text = (QUOTE if in_quote else "") + line + "\n"
    try:
        row = next(csv.reader([text], delimiter=separator), [])
    except csv.Error:  # not a line the csv module can read: not one to merge
        return 1 << 30, False
    return len(row), bool(row) and row[-1].endswith("\n")


def _literal_cells(line: str, separator: str) -> list[str]:
    """The cells of one physical line, a quote that does not close on it read as text."""
    if not line:
        return [""]
    row = next(csv.reader([line + "\n"], delimiter=separator), [""])
    if not row[-1].endswith("\n"):
        return row
    # The open cell can hold only doubled quotes (a single one would have closed it), so its
    # text as written is the opening quote plus the cell with each quote doubled again.
    raw = QUOTE + row[-1][:-1].replace(QUOTE, QUOTE * 2)
    first, found, rest = raw.partition(separator)
    return row[:-1] + [first] + (_literal_cells(rest, separator) if found else [])


def _rewrite(line: str, separator: str) -> tuple[str, int, str]:
    """(the line written so the stray quote reads as text, the stray cell's index, its text)."""
    body, cr = (line[:-1], "\r") if line.endswith("\r") else (line, "")
    opened = next(csv.reader([body + "\n"], delimiter=separator))
    cells = _literal_cells(body, separator)
    out = io.StringIO()
    csv.writer(out, delimiter=separator, lineterminator="").writerow(cells)
    return out.getvalue() + cr, len(opened) - 1, cells[len(opened) - 1]


def _stray_lines(lines: list[str], separator: str, width: int) -> list[tuple[int, int]]:
    """(index in lines, record line) of each line whose opening quote never closes into one
    record of at most `width` cells, or swallows a line that looks like a record; the record line
    counts a record spanning lines once."""
    strays, merged, index = [], 0, 1
    while index < len(lines):
        if QUOTE not in lines[index]:
            index += 1
            continue
        total, open_ = _cells(lines[index], separator, False)
        end = index + 1
        while open_ and total <= width and end < len(lines):
            if QUOTE in lines[end]:
                more, open_ = _cells(lines[end], separator, True)
                total += more - 1
            elif width >= LOOKS_LIKE_A_RECORD and lines[end].count(separator) == width - 1:
                break  # a whole record swallowed (a later stray quote may close the cell)
            end += 1
        if open_ or total > width:
            strays.append((index, index + 1 - merged))
            index += 1
        else:
            merged += end - index - 1
            index = end
    return strays


def repair_stray_quotes(text: str, separator: str, headers: list[str]) -> tuple[str, dict[int, str]]:
    """(text with each stray quote made literal, {record line: reason to reject it})."""
    lines = text.split("\n")
    notes: dict[int, str] = {}
    for index, record_line in _stray_lines(lines, separator, len(headers)):
        lines[index], column, cell = _rewrite(lines[index], separator)
        header = headers[column].strip() if column < len(headers) else f"column {column + 1}"
        shown = cell if len(cell) <= 40 else cell[:37] + "..."
        notes[record_line] = f"{header} starts a quote that never closes: {shown}"
    return "\n".join(lines), notes

"""Upload limits: the per-file size limit and a zip-bomb-safe pre-check for XLSX workbooks
(bytes actually inflated are counted, streamed and dropped; no size a header claims is trusted).

`check_upload(name, source)` runs inside readers.read_file, so every entry point (CLI, Store.import_file,
the Upload page) gets it. The limit is ADOPTION_MAX_FILE_MB (default 500); `max_file_bytes()` exposes it.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from pathlib import Path

from adoption.model import AdoptionError

DEFAULT_MAX_FILE_MB = 500
MAX_XLSX_ENTRIES = 10_000
MAX_XLSX_RATIO = 200  # uncompressed / compressed, over the whole archive
RATIO_FLOOR = 10 * 1024 * 1024  # below this many inflated bytes any ratio is fine
READ_CHUNK = 1 << 16
INFLATE_CHUNK = 1 << 22  # at most this much inflated output is held at once


def max_file_bytes() -> int:
    """The per-file limit in bytes (env ADOPTION_MAX_FILE_MB, default 500 MB)."""
    try:
        megabytes = float(os.environ.get("ADOPTION_MAX_FILE_MB", DEFAULT_MAX_FILE_MB))
    except ValueError:
        megabytes = DEFAULT_MAX_FILE_MB
    return int(megabytes * 1024 * 1024)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f} MB"


def check_upload(name: str, source: bytes | Path) -> None:
    """Raise AdoptionError if the file is over the size limit or is a workbook that would unpack too large."""
    limit = max_file_bytes()
    size = source.stat().st_size if isinstance(source, Path) else len(source)
    if size > limit:
        raise AdoptionError(f"{name} is {_megabytes(size)}, over the {_megabytes(limit)} limit per file.")
    head = source.open("rb").read(4) if isinstance(source, Path) else bytes(source[:4])
    if head == b"PK\x03\x04":
        check_zip(name, source, limit)


def check_zip(name: str, source: bytes | Path, limit: int) -> None:
    """Refuse a workbook that holds too many parts or inflates past `limit` or 200 to 1.

    The sizes in the central directory are the archive's own claims: they may refuse a file early
    but never admit one. Every part is then inflated as a stream from its local header (chunks
    counted and dropped, stopping as soon as a limit is passed), which bounds what any reader
    (fastexcel's Rust zip, openpyxl) can get out of it. Python's zipfile cannot do this count:
    it stops at the declared size and checks the CRC of what it read, which a bomb can match."""
    with source.open("rb") if isinstance(source, Path) else io.BytesIO(source) as handle:
        try:
            entries = zipfile.ZipFile(handle).infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise AdoptionError(f"{name} looks like an XLSX workbook but is not a readable zip file.") from None
        if len(entries) > MAX_XLSX_ENTRIES:
            raise AdoptionError(
                f"{name} holds {len(entries):,} parts, over the {MAX_XLSX_ENTRIES:,} allowed in a workbook."
            )
        size = handle.seek(0, io.SEEK_END)
        unpacked = sum(entry.file_size for entry in entries)
        packed = max(1, sum(entry.compress_size for entry in entries))
        if unpacked > limit:
            raise AdoptionError(
                f"{name} unpacks to {_megabytes(unpacked)}, over the {_megabytes(limit)} limit per file."
            )
        if unpacked > RATIO_FLOOR and unpacked / packed > MAX_XLSX_RATIO:
            raise AdoptionError(
                f"{name} compresses {unpacked / packed:,.0f} to 1, over the {MAX_XLSX_RATIO} to 1 allowed in a workbook."
            )
        budget = _Budget(name, limit, max(RATIO_FLOOR, MAX_XLSX_RATIO * size), size)
        for entry in entries:
            _inflate(handle, entry, budget)


class _Budget:
    """Inflated bytes so far, over the whole archive, and the sentence that refuses too many."""

    def __init__(self, name: str, limit: int, ratio_limit: int, size: int):
        self.name, self.limit, self.ratio_limit, self.size, self.inflated = name, limit, ratio_limit, size, 0

    def add(self, count: int) -> None:
        self.inflated += count
        if self.inflated > self.limit:
            raise AdoptionError(f"{self.name} unpacks to more than the {_megabytes(self.limit)} allowed per file.")
        if self.inflated > self.ratio_limit:
            raise AdoptionError(
                f"{self.name} compresses more than {self.inflated / self.size:,.0f} to 1, over the "
                f"{MAX_XLSX_RATIO} to 1 allowed in a workbook."
            )

    def damaged(self, part: str) -> AdoptionError:
        return AdoptionError(f"{self.name} looks like an XLSX workbook but its part {part!r} is damaged.")


def _inflate(handle: io.BufferedIOBase, entry: zipfile.ZipInfo, budget: _Budget) -> None:
    """Count what one part really inflates to: from its local header to the end of its deflate
    stream (or of the file), whatever its headers say its sizes are."""
    handle.seek(entry.header_offset)
    local = handle.read(30)
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise budget.damaged(entry.filename)
    (method,), (name_len, extra_len) = struct.unpack("<H", local[8:10]), struct.unpack("<HH", local[26:30])
    start = entry.header_offset + 30 + name_len + extra_len
    if method != entry.compress_type or method not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise AdoptionError(
            f"{budget.name} has a part compressed in a way Excel does not write "
            f"(method {entry.compress_type}): expected an XLSX workbook saved by Excel."
        )
    if method == zipfile.ZIP_STORED:
        budget.add(max(0, min(entry.compress_size, budget.size - start)))
        return
    handle.seek(start)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        while not inflater.eof and (data := handle.read(READ_CHUNK)):
            while data and not inflater.eof:
                budget.add(len(inflater.decompress(data, INFLATE_CHUNK)))
                data = inflater.unconsumed_tail
    except zlib.error:
        raise budget.damaged(entry.filename) from None

"""Upload limits: the per-file size limit and a zip-bomb-safe pre-check for XLSX workbooks.

`check_upload(name, source)` runs inside readers.read_file, so every entry point (CLI, Store.import_file,
the Upload page) gets it. The limit is ADOPTION_MAX_FILE_MB (default 500); `max_file_bytes()` exposes it.
"""
from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from adoption.model import AdoptionError

DEFAULT_MAX_FILE_MB = 500
MAX_XLSX_ENTRIES = 10_000
MAX_XLSX_RATIO = 200  # uncompressed / compressed, over the whole archive


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
    """Inspect the central directory only (nothing is decompressed): entry count, total size, ratio."""
    try:
        with zipfile.ZipFile(source if isinstance(source, Path) else io.BytesIO(source)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise AdoptionError(f"{name} looks like an XLSX workbook but is not a readable zip file.") from None
    if len(entries) > MAX_XLSX_ENTRIES:
        raise AdoptionError(f"{name} holds {len(entries):,} parts, over the {MAX_XLSX_ENTRIES:,} allowed in a workbook.")
    unpacked = sum(entry.file_size for entry in entries)
    packed = max(1, sum(entry.compress_size for entry in entries))
    if unpacked > limit:
        raise AdoptionError(f"{name} unpacks to {_megabytes(unpacked)}, over the {_megabytes(limit)} limit per file.")
    if unpacked > 10 * 1024 * 1024 and unpacked / packed > MAX_XLSX_RATIO:
        raise AdoptionError(f"{name} compresses {unpacked / packed:,.0f} to 1, over the {MAX_XLSX_RATIO} to 1 allowed in a workbook.")

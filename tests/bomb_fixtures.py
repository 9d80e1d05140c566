"""Zip bombs for the upload limits: a real openpyxl workbook whose sheet XML is padded with
highly compressible rows, and whose zip headers then understate that sheet's size (the
central directory and local header say `declared` bytes, with the CRC of those first bytes,
so Python's zipfile would read exactly that much and find nothing wrong)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

from export_fixtures import workbook

SHEET = "xl/worksheets/sheet1.xml"
HEADER = [
    "customer_id",
    "customer_name",
    "period",
    "workload",
    "licenses_sold",
    "licenses_assigned",
    "active_users",
    "segment",
    "market",
]
PADDING = b'<row r="3"><c r="A3" t="n"><v>1</v></c></row>'


def understated_workbook(inflated: int, target: Path | None = None, declared: int = 1000) -> bytes | Path:
    """A workbook whose sheet inflates to about `inflated` bytes but whose headers declare `declared`.
    Written to `target` (streamed, for the benchmark's gigabytes) or returned as bytes."""
    original = zipfile.ZipFile(
        io.BytesIO(workbook({"Sheet1": [HEADER, ["t1", "Contoso AB", "2026-10", "Teams", 10, 9, 8, "SMB", "Sweden"]]}))
    )
    sheet = original.read(SHEET)
    cut = sheet.index(b"</sheetData>")
    handle = open(target, "w+b") if target else io.BytesIO()
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in original.infolist():
            if info.filename != SHEET:
                archive.writestr(info.filename, original.read(info.filename))
        with archive.open(SHEET, "w") as member:
            member.write(sheet[:cut])
            block = PADDING * ((1 << 20) // len(PADDING))  # about 1 MB
            for _ in range(max(1, (inflated - len(sheet)) // len(block))):
                member.write(block)
            member.write(sheet[cut:])
        first = (sheet[:cut] + block)[:declared]
        crc = zlib.crc32(first)
    _understate(handle, SHEET, declared, crc)
    if target:
        handle.close()
        return target
    return handle.getvalue()


def _understate(handle, name: str, declared: int, crc: int) -> None:
    """Patch the member's CRC and uncompressed size in its local header and central directory record."""
    handle.seek(0, 2)
    end = handle.tell()
    handle.seek(max(0, end - 65_557))
    tail = handle.read()
    eocd = tail.rindex(b"PK\x05\x06")
    entries, cd_size, cd_offset = struct.unpack("<HII", tail[eocd + 10 : eocd + 20])
    handle.seek(cd_offset)
    directory = bytearray(handle.read(cd_size))
    position = 0
    for _ in range(entries):
        name_len, extra_len, comment_len = struct.unpack("<HHH", directory[position + 28 : position + 34])
        local = struct.unpack("<I", directory[position + 42 : position + 46])[0]
        if directory[position + 46 : position + 46 + name_len].decode() == name:
            struct.pack_into("<I", directory, position + 16, crc)
            struct.pack_into("<I", directory, position + 24, declared)
            handle.seek(local + 14)
            handle.write(struct.pack("<I", crc))
            handle.seek(local + 22)
            handle.write(struct.pack("<I", declared))
        position += 46 + name_len + extra_len + comment_len
    handle.seek(cd_offset)
    handle.write(directory)


def overlapping(member: bytes, copies: int) -> bytes:
    """A zip whose central directory lists the same deflated part `copies` times (one local header,
    every record pointing at it): each copy inflates to all of `member` while the file stays small."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", member)
    data = buffer.getvalue()
    eocd = data.rindex(b"PK\x05\x06")
    _, cd_size, cd_offset = struct.unpack("<HII", data[eocd + 10 : eocd + 20])
    record = data[cd_offset : cd_offset + cd_size]
    directory = b"".join(
        record[:46] + record[46:].replace(b"sheet1", b"s%05d" % i, 1)[: len(record) - 46] for i in range(copies)
    )
    end = bytearray(data[eocd:])
    struct.pack_into("<HHII", end, 8, copies, copies, len(directory), cd_offset)
    return data[:cd_offset] + directory + bytes(end)

"""The bundled sample portfolio (data/sample.json lists its files and, for per-tenant files,
their customer): what the app shows before the first upload."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from adoption.ingest.readers import read_file
from adoption.model import ParsedFile

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def manifest(data_dir: Path = DATA_DIR) -> dict:
    return json.loads((data_dir / "sample.json").read_text(encoding="utf-8"))


def sample_files(data_dir: Path = DATA_DIR) -> list[ParsedFile]:
    parsed: list[ParsedFile] = []
    for entry in manifest(data_dir)["files"]:
        path = data_dir / entry["path"]
        parsed.extend(read_file(path.name, path, customer=entry.get("customer")))
    return parsed


def sample_as_of(data_dir: Path = DATA_DIR) -> dt.date | None:
    value = manifest(data_dir).get("as_of")
    return dt.date.fromisoformat(value) if value else None

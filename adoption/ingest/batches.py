"""Reading a table's rows a batch at a time, and putting the batches' results together: the typed
reading (adoption.ingest.fields) of the kinds whose rows are judged one at a time, with the tolerant
per-cell parsers only for the rows it cannot read.

A batch's raw cells are freed once its rows are built, so a big export never holds all its raw cells
and all its rows at once (on the 179 MB bench export the read peaks ~130 MB lower than reading it
whole). Batches follow the file's line order, so rows and rejects put together stay in line order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

import polars as pl

from adoption.ingest.fields import Fields
from adoption.ingest.text import RawTable
from adoption.model import CATEGORY_SCHEMAS, REJECT_SCHEMA

# How many rows a batch holds (tests make it small to cross batch boundaries in small files).
BATCH_ROWS = 100_000

Normaliser = Callable[[pl.LazyFrame, Fields, str], tuple[pl.LazyFrame, pl.LazyFrame]]


class Batch(NamedTuple):
    accepted: pl.LazyFrame  # the normaliser's rows
    rejected: pl.LazyFrame  # the rejects, in line order
    read: pl.LazyFrame  # the rows as read (to count them)


class Read(NamedTuple):
    rows: pl.DataFrame  # in the category's schema
    rejected: pl.DataFrame  # in REJECT_SCHEMA
    rows_read: int
    processed: object  # the latest `processed` date of the rows, where the kind has one


def in_schema(frame: pl.LazyFrame, category: str) -> pl.LazyFrame:
    names = frame.collect_schema().names()
    return frame.select(
        [pl.col(c).cast(t) if c in names else pl.lit(None, t).alias(c) for c, t in CATEGORY_SCHEMAS[category].items()]
    )


def put_together(batches: Iterable[Batch], category: str) -> Read:
    """Each batch worked out in turn (its raw cells freed before the next is read), then joined."""
    rows, rejected, counted, latest = [], [], 0, []
    for batch in batches:
        dated = "processed" in batch.accepted.collect_schema().names()
        processed = batch.accepted.select(pl.col("processed").max()) if dated else pl.LazyFrame({"processed": [None]})
        found = pl.collect_all(
            [in_schema(batch.accepted, category), batch.rejected, batch.read.select(pl.len()), processed]
        )
        rows.append(found[0])
        rejected.append(found[1].cast(REJECT_SCHEMA))
        counted += int(found[2].item())
        latest += [found[3].item()] if found[3].item() is not None else []
    return Read(
        rows=pl.concat(rows, how="vertical", rechunk=False),
        rejected=pl.concat(rejected, how="vertical"),
        rows_read=counted,
        processed=max(latest, default=None),
    )


def typed_then_tolerant(table: RawTable, found: dict[str, list[int]], normalise: Normaliser) -> Iterator[Batch]:
    """The table's batches, each read as the tolerant reading reads it: the rows whose every used cell
    the typed reading reads (the common style: plain integers, ISO dates, clean text) are judged on
    those values; only the others (decimal commas, `85,5 %`, European dates, stray spaces) go through
    the tolerant per-cell parsers, and the two are merged by line. The two readings agree on every cell
    the typed one reads (tests/test_typed_reading.py checks both ways on generated files, in batches)."""
    typed = Fields(table, found, typed=True)
    frame = typed.cleaned(table.frame)
    normalise(frame, typed, table.name)  # a dry run: it records what each field is read as
    raw = [c for c in frame.collect_schema().names() if not c.startswith("_")]
    marked = frame.select(*raw, *typed.parsed_columns(), _typed=typed.typed_ok())
    tolerant = Fields(table, found)
    empty = True
    for batch in marked.collect_batches(chunk_size=BATCH_ROWS):
        empty = False
        yield _read_batch(batch, typed, tolerant, normalise)
    if empty:  # no rows: the normaliser still says what its rows look like
        yield _read_batch(marked.limit(0).collect(), typed, tolerant, normalise)


def _read_batch(batch: pl.DataFrame, typed: Fields, tolerant: Fields, normalise: Normaliser) -> Batch:
    """One batch of marked rows (raw cells, strict parses and `_typed`), read typed where it can be."""
    marked, name = batch.lazy(), typed.table.name
    if batch.get_column("_typed").all():  # the common style throughout: nothing to filter, nothing to merge
        return Batch(*normalise(marked, typed, name), marked)
    fast_accepted, fast_rejected = normalise(marked.filter(pl.col("_typed")), typed, name)
    rest = marked.filter(~pl.col("_typed")).select(pl.exclude("_typed", "^_(number|date|bool|workload):.*$"))
    slow_accepted, slow_rejected = normalise(tolerant.cleaned(rest), tolerant, name)
    schema = fast_accepted.collect_schema()
    slow_accepted = slow_accepted.select([pl.col(c).cast(t) for c, t in schema.items()])
    return Batch(
        fast_accepted.merge_sorted(slow_accepted, key="line"),
        fast_rejected.merge_sorted(slow_rejected.cast(fast_rejected.collect_schema()), key="line"),
        marked,
    )

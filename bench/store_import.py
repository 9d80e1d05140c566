"""Import time and store size for one Insights TSV (a year of a large portfolio).

    .venv/bin/python bench/store_import.py FILE.tsv [--store PATH]
    .venv/bin/python bench/store_import.py --customers 20000      # writes a year of synthetic rows first

Prints: rows, parse time, store write time, same-bytes-again time, read-back (portfolio) time,
store size on disk. Without --store the store goes to a temporary folder and is deleted after.

    .venv/bin/python bench/store_import.py FILE.tsv --store PATH --rows-only

only reads, checks and writes the file's rows as `python -m adoption store import` does (from the path,
hashed as it is read), without the frames the app opens on that the command then computes
(adoption.store.derived): what the import's wall time would be if those were left to the app; bench/run.py
times it as the job `rows`."""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from adoption.ingest.readers import read_file  # noqa: E402
from adoption.store import Store  # noqa: E402

WORKLOADS = ["Exchange", "SharePoint", "OneDrive", "Teams", "Yammer"]


def synthetic_year(customers: int, path: Path) -> Path:
    """Fallback when bench/make_insights.py is not there: an Insights O365 TSV, 12 months x 5 workloads."""
    ids = pl.int_range(0, customers, eager=True)
    frame = (
        pl.DataFrame({"n": ids})
        .join(pl.DataFrame({"Month": [f"2026-{m:02d}-01" for m in range(1, 13)]}), how="cross")
        .join(pl.DataFrame({"WorkloadName": WORKLOADS}), how="cross")
        .with_columns(
            PGAPartnerID=pl.lit("4711"),
            CustomerTenantId=pl.format("{}-0000-4000-8000-000000000000", pl.col("n").cast(pl.String).str.zfill(8)),
            PaidAvailableUnits=(pl.col("n") % 300 + 5),
            MonthlyActiveUsers=((pl.col("n") % 300 + 5) * ((pl.col("n") * 7) % 100) // 100),
            CustomerName=pl.format("Customer {} AB", pl.col("n")),
            CustomerMarket=pl.lit("Sweden"),
            CustomerSegment=pl.lit("SMB"),
            IsDuplicateRowForPGA=pl.lit("0"),
        )
        .drop("n")
    )
    frame.write_csv(path, separator="\t")
    return path


def generate(customers: int, path: Path) -> Path:
    """bench/make_insights.py (the realistic 18-column file) when it is there, else synthetic_year."""
    try:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from make_insights import make
    except ImportError:
        return synthetic_year(customers, path)
    return make(customers, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", nargs="?", type=Path)
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--store", type=Path)
    parser.add_argument("--rows-only", action="store_true", help="only read and write the rows, as the CLI does")
    args = parser.parse_args()
    if args.rows_only:
        if args.file is None or args.store is None:  # never the default store (the app's own data/adoption.duckdb)
            parser.error("--rows-only needs FILE and --store PATH")
        with Store.open(args.store) as store:
            print(store.import_file(args.file.name, args.file).message)
        return
    with tempfile.TemporaryDirectory() as folder:
        source = args.file or generate(args.customers, Path(folder) / f"insights_{args.customers}.tsv")
        store_path = args.store or Path(folder) / "bench.duckdb"
        data = source.read_bytes()
        started = time.perf_counter()
        parsed = read_file(source.name, data)
        parse_s = time.perf_counter() - started
        with Store.open(store_path) as store:
            started = time.perf_counter()
            result = store.import_parsed(source.name, hashlib.sha256(data).hexdigest(), parsed)
            write_s = time.perf_counter() - started
            started = time.perf_counter()
            again = store.import_file(source.name, data)
            again_s = time.perf_counter() - started
            started = time.perf_counter()
            portfolio = store.portfolio()
            read_s = time.perf_counter() - started
        size = store_path.stat().st_size + sum(
            p.stat().st_size for p in store_path.parent.glob(store_path.name + ".wal")
        )
        print(
            f"file: {source.name} ({len(data) / 1e6:.1f} MB, {result.rows_accepted:,} rows accepted, "
            f"{result.rows_rejected:,} rejected, {portfolio.customers.height:,} customers)"
        )
        print(f"parse: {parse_s:.2f} s   store write: {write_s:.2f} s   total import: {parse_s + write_s:.2f} s")
        print(f"same bytes again: {again_s:.2f} s (duplicate={again.duplicate})   portfolio read-back: {read_s:.2f} s")
        print(f"store size: {size / 1e6:.1f} MB ({size / max(result.rows_accepted, 1):.0f} bytes per row)")


if __name__ == "__main__":
    main()

"""A realistic Partner Center Insights Office 365 license usage TSV for benchmarks.

    .venv/bin/python bench/make_insights.py OUT.tsv [--customers 20000] [--seed 7]

N customers x 3-5 workloads x 12 months (customers that joined during the year have fewer
months), the 18 columns of the real download (PascalCase headers, tab separated, UTF-8), Nordic
customer names with å, ä, ö, a few percent of duplicate rows flagged IsDuplicateRowForPGA = 1 (the
same figures under a second attribution, as the export does), an empty MonthlyActiveUsers here and
there. 20,000 customers give about 1 million rows and ~180 MB. Deterministic for a given seed:
customer attributes come from a seeded random.Random (N values), the rows from Polars joins.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import polars as pl

HEADERS = [
    "PGAPartnerID",
    "CustomerTenantId",
    "CustomerTpid",
    "WorkloadName",
    "Month",
    "PaidAvailableUnits",
    "MonthlyActiveUsers",
    "CustomerName",
    "CustomerMarket",
    "CustomerSegment",
    "IndustryName",
    "VerticalName",
    "EOU",
    "PartnerID",
    "PartnerName",
    "PartnerLocation",
    "PartnerAttributionType",
    "IsDuplicateRowForPGA",
]
MONTHS = [f"{2025 + (10 + m) // 12}-{(10 + m) % 12 + 1:02d}-01" for m in range(12)]  # 2025-11 .. 2026-10
WORKLOADS = ["Exchange", "SharePoint", "Teams", "OneDrive", "Yammer"]  # the first 3..5 per customer
MARKETS = ["Sweden", "Norway", "Denmark", "Finland", "Iceland"]
CITIES = {
    "Sweden": ["Stockholm", "Göteborg", "Malmö", "Uppsala", "Västerås", "Örebro", "Linköping", "Jönköping"],
    "Norway": ["Oslo", "Bergen", "Trondheim", "Stavanger", "Tromsø", "Drammen"],
    "Denmark": ["København", "Aarhus", "Odense", "Aalborg", "Esbjerg"],
    "Finland": ["Helsinki", "Espoo", "Tampere", "Vantaa", "Oulu", "Turku", "Jyväskylä"],
    "Iceland": ["Reykjavík", "Akureyri", "Kópavogur"],
}
SUFFIX = {"Sweden": "AB", "Norway": "AS", "Denmark": "ApS", "Finland": "Oy", "Iceland": "ehf."}
SEGMENTS = [
    ("SMB", 0.62, (5, 120)),
    ("SMC - Corporate", 0.25, (80, 900)),
    ("Enterprise", 0.10, (500, 9000)),
    ("Education", 0.03, (50, 3000)),
]
INDUSTRIES = {
    "Manufacturing": ["Discrete", "Process", "Agriculture"],
    "Retail": ["Retailers", "Consumer Goods", "Hospitality"],
    "Financial Services": ["Banking", "Insurance"],
    "Health": ["Health Provider", "Pharma"],
    "Professional Services": ["Legal", "Accounting", "Engineering"],
    "Government": ["Local Government", "Public Safety"],
    "Media & Comms": ["Media", "Telecommunications"],
    "Energy": ["Utilities", "Oil & Gas"],
}
WORDS = [
    "Nord",
    "Fjäll",
    "Sjö",
    "Älv",
    "Björk",
    "Gran",
    "Ek",
    "Strand",
    "Berg",
    "Dal",
    "Ås",
    "Skog",
    "Vik",
    "Holm",
    "Ström",
    "Lund",
    "Sol",
    "Havs",
    "Kust",
    "Fors",
    "Ö",
    "Mål",
    "Hög",
    "Lyng",
    "Fjord",
    "Bryggen",
    "Kvarn",
]
TRADES = [
    "Bygg",
    "Konsult",
    "Logistik",
    "Revision",
    "Tandvård",
    "Fastigheter",
    "Elektriska",
    "Mekaniska Verkstad",
    "Advokatbyrå",
    "Transport",
    "Redovisning",
    "Vårdcentral",
    "Trähus",
    "Måleri",
    "Data & Nätverk",
    "Livsmedel",
    "Arkitekter",
    "Skolan",
    "Energi",
    "Rör & Värme",
    "Försäkringsmäklare",
    "Grafiska",
]
RESELLERS = [
    ("4871239", "Nordlys IT AB", "Sweden"),
    ("5102948", "Fjordnett AS", "Norway"),
    ("4930125", "Østersø Cloud ApS", "Denmark"),
    ("5550182", "Järvi Pilvi Oy", "Finland"),
    ("4412077", "Glacier ehf.", "Iceland"),
    ("5023911", "Skärgårdsdata AB", "Sweden"),
]
ATTRIBUTIONS = ["Transacting", "DPOR", "CPOR"]
PGA_PARTNER = "4711302"


def customers_frame(customers: int, seed: int) -> pl.DataFrame:
    rng = random.Random(seed)
    industries = list(INDUSTRIES)
    rows = []
    for n in range(customers):
        market = rng.choices(MARKETS, weights=[40, 22, 18, 17, 3])[0]
        segment, _, (low, high) = rng.choices(SEGMENTS, weights=[s[1] for s in SEGMENTS])[0]
        industry = rng.choice(industries)
        reseller = rng.choice(RESELLERS)
        name = f"{rng.choice(WORDS)}{rng.choice(WORDS).lower()} {rng.choice(TRADES)} {SUFFIX[market]}"
        if rng.random() < 0.08:
            name = f"{name[: -len(SUFFIX[market]) - 1]} i {rng.choice(CITIES[market])} {SUFFIX[market]}"
        rows.append(
            {
                "n": n,
                "CustomerTenantId": f"{rng.getrandbits(32):08x}-{rng.getrandbits(16):04x}-4{rng.getrandbits(12):03x}-{8 + rng.getrandbits(2):x}{rng.getrandbits(12):03x}-{rng.getrandbits(48):012x}",
                "CustomerTpid": str(rng.randrange(10_000_000, 999_999_999)),
                "CustomerName": name,
                "CustomerMarket": market,
                "CustomerSegment": segment,
                "IndustryName": industry,
                "VerticalName": None if segment == "SMB" else rng.choice(INDUSTRIES[industry]),
                "EOU": "Nordics" if segment == "Enterprise" else None,  # often empty in real downloads
                "PartnerID": reseller[0],
                "PartnerName": reseller[1],
                "PartnerLocation": reseller[2],
                "workloads": rng.choices([3, 4, 5], weights=[20, 35, 45])[0],
                "first_month": 0 if rng.random() < 0.85 else rng.randrange(1, 12),
                "seats": int(rng.lognormvariate(0, 0.6) * rng.randrange(low, high) / 1.2) + 1,
                "growth": rng.uniform(-0.02, 0.04),
                "adoption": rng.betavariate(5, 2),
                "duplicate": rng.random() < 0.03,
                "attribution": rng.choices(ATTRIBUTIONS, weights=[80, 15, 5])[0],
            }
        )
    return pl.DataFrame(rows)


def make(customers: int, path: Path, seed: int = 7) -> Path:
    base = customers_frame(customers, seed)
    months = pl.DataFrame({"m": list(range(12)), "Month": MONTHS}, schema={"m": pl.Int64, "Month": pl.String})
    workloads = pl.DataFrame(
        {"w": list(range(5)), "WorkloadName": WORKLOADS, "reach": [1.0, 0.85, 0.9, 0.8, 0.35]},
        schema={"w": pl.Int64, "WorkloadName": pl.String, "reach": pl.Float64},
    )
    # a deterministic per-row wobble in [0, 1) from integer arithmetic (no RNG state, no hashing)
    wobble = ((pl.col("n") * 7919 + pl.col("m") * 104729 + pl.col("w") * 15485863) % 1000) / 1000
    sold = (pl.col("seats") * (1 + pl.col("growth")) ** pl.col("m")).round(0).cast(pl.Int64).clip(lower_bound=1)
    active = (
        (pl.col("PaidAvailableUnits") * pl.col("adoption") * pl.col("reach") * (0.85 + 0.3 * wobble))
        .round(0)
        .cast(pl.Int64)
    )
    rows = (
        base.lazy()
        .join(months.lazy(), how="cross")
        .filter(pl.col("m") >= pl.col("first_month"))
        .join(workloads.lazy(), how="cross")
        .filter(pl.col("w") < pl.col("workloads"))
        .with_columns(PaidAvailableUnits=sold)
        .with_columns(
            MonthlyActiveUsers=pl.when(wobble < 0.004).then(None).otherwise(active.cast(pl.String)),
            PaidAvailableUnits=pl.col("PaidAvailableUnits").cast(pl.String),
            PGAPartnerID=pl.lit(PGA_PARTNER),
            PartnerAttributionType=pl.col("attribution"),
            IsDuplicateRowForPGA=pl.lit("0"),
        )
    )
    duplicates = rows.filter(pl.col("duplicate")).with_columns(
        PartnerAttributionType=pl.lit("CPOR"),
        IsDuplicateRowForPGA=pl.lit("1"),
        d=pl.lit(1),
    )
    frame = (
        pl.concat([rows.with_columns(d=pl.lit(0)), duplicates], how="vertical")
        .sort("n", "m", "w", "d")
        .select(HEADERS)
        .collect()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    frame.write_csv(partial, separator="\t", null_value="")
    partial.replace(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    make(args.customers, args.out, args.seed)
    size = args.out.stat().st_size
    with open(args.out, "rb") as handle:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 24), b""))
    print(
        f"{args.out}: {lines - 1:,} rows, {size / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s", file=sys.stderr
    )


if __name__ == "__main__":
    main()

"""The minimal one-screen Polars script: the latest-period metrics table of an Insights O365 TSV.

    .venv/bin/python bench/minimal_polars.py FILE.tsv > out.csv

A reference for bench/run.py (what a hand-written script does with no validation or reporting)."""

import sys

import polars as pl

CANONICAL = {
    "exchange": "Exchange",
    "sharepoint": "SharePoint",
    "onedrive": "SharePoint",
    "teams": "Teams",
    "yammer": "Yammer",
    "skypeforbusiness": "Skype for Business",
}
figures = ["PaidAvailableUnits", "MonthlyActiveUsers"]
rows = (
    pl.scan_csv(sys.argv[1], separator="\t", schema_overrides={c: pl.Int64 for c in figures} | {"Month": pl.Date})
    .filter(pl.col("IsDuplicateRowForPGA").cast(pl.String).is_in(["0", "false", "False"]))
    .with_columns(
        key=pl.col("CustomerTenantId").str.to_lowercase(),
        period=pl.col("Month").dt.strftime("%Y-%m"),
        source=pl.col("WorkloadName").str.to_lowercase().str.replace_all(" ", ""),
    )
    .with_columns(workload=pl.col("source").replace_strict(CANONICAL, default=pl.col("WorkloadName")))
)
per_name = rows.group_by("key", "period", "workload", "source").agg(
    [pl.when(pl.col(c).count() > 0).then(pl.col(c).sum()).alias(c) for c in figures]
)
latest = (
    per_name.group_by("key", "period", "workload")
    .agg(pl.col(figures).max())
    .filter(pl.col("period") == pl.col("period").max().over("key", "workload"))
)
names = rows.group_by("key").agg(customer_name=pl.col("CustomerName").first())
usage = pl.when(pl.col("PaidAvailableUnits") > 0).then(
    100 * pl.col("MonthlyActiveUsers") / pl.col("PaidAvailableUnits")
)
usage = usage.round(1, mode="half_away_from_zero")
table = (
    latest.join(names, on="key")
    .select(
        customer_id="key",
        customer_name="customer_name",
        period="period",
        workload="workload",
        licenses_sold="PaidAvailableUnits",
        licenses_assigned=pl.lit(None, pl.Int64),
        active_users="MonthlyActiveUsers",
        deployment_pct=pl.lit(None, pl.Float64),
        usage_pct=usage,
    )
    .with_columns(
        flags=pl.concat_list(
            pl.when(pl.col("usage_pct").is_not_null()).then(pl.lit("usage_of_sold")),
            pl.when(pl.col("usage_pct") > 100).then(pl.lit("usage_over_100")),
            pl.when((pl.col("usage_pct") > 100) & (pl.col("workload") == "Yammer")).then(pl.lit("yammer")),
        )
        .list.drop_nulls()
        .list.join(";")
    )
    .sort("customer_name", "customer_id", "period", "workload")
)
sys.stdout.write(table.collect().write_csv())

"""The Microsoft 365 "Office 365 active user detail" report (one row per user, one tenant) turned
into per-workload assigned and active counts for the 28-day window ending on the refresh date,
plus the exact union over workloads (users holding any license, users active in any workload)."""

from __future__ import annotations

import polars as pl

from adoption.ingest import cells as p
from adoption.ingest.fields import Fields
from adoption.ingest.kinds import USER_DETAIL_WORKLOADS

WINDOW_DAYS = 28


def user_detail_rows(frame: pl.LazyFrame, f: Fields, source_file: str) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    checks = [f.required("upn")] + p.date_checks(f.header("refresh"), f("refresh"))
    checks.append(
        p.Check(
            f.header("deleted"),
            p.parse_bool(f("deleted")).is_null() & f("deleted").is_not_null(),
            p.quoted(f.header("deleted"), f("deleted"), "is not True or False"),
        )
    )
    present: dict[str, list[str]] = {}
    for workload, names in USER_DETAIL_WORKLOADS.items():
        for name in names:
            if f.has(f"has_{name}") or f.has(f"last_{name}"):
                present.setdefault(workload, []).append(name)
                checks.append(
                    p.Check(
                        f.header(f"has_{name}"),
                        p.parse_bool(f(f"has_{name}")).is_null() & f(f"has_{name}").is_not_null(),
                        p.quoted(f.header(f"has_{name}"), f(f"has_{name}"), "is not True or False"),
                    )
                )
                checks += p.date_checks(f.header(f"last_{name}"), f(f"last_{name}"), required=False)
    accepted, rejected = p.split_rows(frame, checks, source_file)

    refresh = p.parse_date(f("refresh"))
    deleted = p.parse_bool(f("deleted")).fill_null(False)
    start = refresh - pl.duration(days=WINDOW_DAYS - 1)
    per_user = {"refresh": refresh, "deleted": deleted, "line": pl.col("line"), "customer_name": pl.col("_customer")}
    for workload, names in present.items():
        licensed = pl.any_horizontal([p.parse_bool(f(f"has_{n}")).fill_null(False) for n in names])
        last = [p.parse_date(f(f"last_{n}")) for n in names]
        active = pl.any_horizontal([d.is_between(start, refresh).fill_null(False) for d in last])
        per_user[f"licensed|{workload}"] = licensed
        per_user[f"active|{workload}"] = active
    if present:  # the exact per-user union over every workload, for the customer-level counts
        per_user["licensed|any"] = pl.any_horizontal([per_user[f"licensed|{w}"] for w in present])
        per_user["active|any"] = pl.any_horizontal([per_user[f"active|{w}"] for w in present])
    users = accepted.select(**per_user)
    per_workload = [
        users.group_by("refresh", "customer_name").agg(
            workload=pl.lit(workload),
            line=pl.col("line").min(),
            licenses_assigned=(pl.col(f"licensed|{workload}") & ~pl.col("deleted")).sum().cast(pl.Int64),
            active_users=pl.col(f"active|{workload}").sum().cast(pl.Int64),
            deleted_active=(pl.col(f"active|{workload}") & pl.col("deleted")).sum().cast(pl.Int64),
            union_assigned=(pl.col("licensed|any") & ~pl.col("deleted")).sum().cast(pl.Int64),
            union_active=pl.col("active|any").sum().cast(pl.Int64),
        )
        for workload in present
    ]
    rows = pl.concat(per_workload, how="vertical") if per_workload else users.head(0)
    rows = rows.select(
        source_kind=pl.lit("user_detail"),
        source_file=pl.lit(source_file),
        line=pl.col("line"),
        tenant_id=pl.lit(None, pl.String),
        customer_name=pl.col("customer_name"),
        period=p.period_of(pl.col("refresh")),
        workload=pl.col("workload"),
        workload_source=pl.col("workload"),
        licenses_assigned=pl.col("licenses_assigned"),
        active_users=pl.col("active_users"),
        deleted_active=pl.col("deleted_active"),
        union_assigned=pl.col("union_assigned"),
        union_active=pl.col("union_active"),
    )
    return rows, rejected

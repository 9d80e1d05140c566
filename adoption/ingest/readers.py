"""Read one export (path or uploaded bytes) into the canonical model: detect its kind from the
headers, validate every row, keep the good ones and report the rest with line and reason."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl

from adoption.ingest import cells as p
from adoption.ingest.batches import Batch, put_together, typed_then_tolerant
from adoption.ingest.fields import Fields
from adoption.ingest.kinds import KIND_BY_NAME, Kind, detect, helpdesk_of
from adoption.ingest.limits import check_upload
from adoption.ingest.text import RawTable, read_tables
from adoption.ingest.user_detail import user_detail_rows
from adoption.model import (
    MARKED_DUPLICATE,
    AdoptionError,
    ParsedFile,
)

NO_CUSTOMER_KINDS = {"user_detail"}


class CustomerNeeded(AdoptionError):
    """A recognised file (or workbook sheet) that names no customer, read without one."""


def read_file(
    name: str,
    source: bytes | Path,
    customer: str | None = None,
    kind: str | None = None,
    column_map: dict[str, str] | None = None,
) -> list[ParsedFile]:
    """Read a file (one ParsedFile per recognised table; XLSX sheets that match nothing are skipped).

    `customer` names the customer for files that name none; `kind` plus `column_map`
    (field -> header) force a reading where the headers are not recognised (helpdesk exports).
    """
    check_upload(name, source)
    tables = read_tables(name, source)
    results, errors = [], []
    for table in tables:
        try:
            results.append(read_table(table, customer, kind, column_map))
        except AdoptionError as error:
            if len(tables) == 1 or isinstance(error, CustomerNeeded):
                raise  # a recognised sheet is never skipped silently
            errors.append(str(error))
    if not results:
        raise AdoptionError(f"{name} has no sheet with recognised headers: {errors[0]}")
    return results


def read_table(
    table: RawTable, customer: str | None = None, kind_name: str | None = None, column_map: dict[str, str] | None = None
) -> ParsedFile:
    if kind_name and column_map:
        kind = KIND_BY_NAME[kind_name]
        index = {h: i for i, h in reversed(list(enumerate(table.headers)))}
        found = {f: [index[h]] for f, h in column_map.items() if h in index}
        if missing := kind.missing(found):
            raise AdoptionError(f"{table.name}: choose a column for {', '.join(g[0] for g in missing)}.")
    else:
        kind, found = detect(table.name, table.headers)
    needs_customer = names_no_customer(kind, found)
    if needs_customer and not (customer and customer.strip()):
        raise CustomerNeeded(
            f"{table.name} is a {kind.label} for one customer but names none: say which customer it belongs to."
        )
    typed = TYPED_READING and kind.name in ROW_BY_ROW and not needs_customer
    if typed and "_ragged" not in table.frame.collect_schema().names():
        batches = typed_then_tolerant(table, found, NORMALISERS[kind.name])
    else:
        fields = Fields(table, found)
        frame = fields.cleaned(table.frame)
        if needs_customer:
            frame = frame.with_columns(_customer=pl.lit(" ".join(customer.split())))
        batches = [Batch(*NORMALISERS[kind.name](frame, fields, table.name), frame)]
    read = put_together(batches, kind.category)
    return ParsedFile(
        name=table.name,
        kind=kind.name,
        label=kind.label,
        category=kind.category,
        rows=read.rows,
        rejected=read.rejected,
        rows_read=read.rows_read,
        processed=read.processed,
    )


# The typed reading (adoption.ingest.batches) for the kinds whose rows are judged one at a time, so
# rows can be read two ways, in batches, and merged by line (tickets compare rows with each other; user detail and
# one customer's subscriptions take the customer's name from the user). Tests turn it off to compare.
TYPED_READING = True
ROW_BY_ROW = {"insights_o365", "insights_seats", "api_usage", "api_deployment", "canonical"}


def names_no_customer(kind: Kind, found: dict[str, list[int]]) -> bool:
    """Whether a file of this kind with these fields belongs to a customer the user must name."""
    return kind.name in NO_CUSTOMER_KINDS or (
        kind.category == "subscriptions" and not ("tenant" in found or "name" in found)
    )


def _customer_checks(f: Fields) -> list[p.Check]:
    column = f.header("tenant") if f.has("tenant") else f.header("name")
    return [p.Check(column, f("tenant").is_null() & f("name").is_null(), pl.lit(f"{column} is empty"))]


def _customer_columns(f: Fields) -> dict[str, pl.Expr]:
    # f() is already clean, so p.tenant_id (clean_text, then lower case) reduces to the lower case.
    return {"tenant_id": f("tenant").str.to_lowercase(), "customer_name": f("name")}


def _market_and_month(f: Fields, month: str) -> dict[str, pl.Expr]:
    """The customer's segment and market, and the row's month, as the files with a month per row give them."""
    return {"segment": f("segment"), "market": f("market"), "period": f.period(month)}


def _licenses(frame: pl.LazyFrame, checks: list[p.Check], source_file: str, kind: str, columns: dict[str, pl.Expr]):
    accepted, rejected = p.split_rows(frame, checks, source_file)
    return accepted.select(
        source_kind=pl.lit(kind), source_file=pl.lit(source_file), line=pl.col("line"), **columns
    ), rejected


def _insights_o365(frame: pl.LazyFrame, f: Fields, source_file: str):
    duplicate = p.Check(
        f.header("duplicate"),
        f.bool("duplicate").fill_null(False),
        pl.lit(MARKED_DUPLICATE),
    )
    checks = [duplicate, *_customer_checks(f), f.required("workload")]
    checks += f.date_checks("month")
    checks += f.count_checks("sold") + f.count_checks("active")
    checks.append(
        p.Check(f.header("sold"), f("sold").is_null() & f("active").is_null(), pl.lit("no figures on this row"))
    )
    return _licenses(
        frame,
        checks,
        source_file,
        "insights_o365",
        {
            **_customer_columns(f),
            **_market_and_month(f, "month"),
            "workload": f.workload("workload"),
            "workload_source": f("workload"),
            "licenses_sold": f.count("sold"),
            "active_users": f.count("active"),
        },
    )


def _insights_seats(frame: pl.LazyFrame, f: Fields, source_file: str):
    checks = _customer_checks(f) + [f.required("sku")]
    checks += f.date_checks("month")
    for name in ("sold", "assigned", "active"):
        checks += f.count_checks(name)
    return _licenses(
        frame,
        checks,
        source_file,
        "insights_seats",
        {
            **_customer_columns(f),
            **_market_and_month(f, "month"),
            "workload": f("sku"),
            "workload_source": f("sku"),
            "licenses_sold": f.count("sold"),
            "licenses_assigned": f.count("assigned"),
            "active_users": f.count("active"),
        },
    )


def _percent_of(base: pl.Expr, pct_raw: pl.Expr) -> pl.Expr:
    return (base * p.parse_number(pct_raw) / 100).round(0, mode="half_away_from_zero").cast(pl.Int64, strict=False)


def _count_or_percent(f: Fields, name: str, base: str, pct: str) -> tuple[pl.Expr, list[p.Check]]:
    """A count the file gives itself, else as a percentage of `base` (older analytics API files), and its checks."""
    value = f.count(name)
    if f.has(pct):
        value = pl.coalesce(value, _percent_of(f.count(base), f(pct)))
    return value, f.count_checks(name, required=not f.has(pct)) if f.has(name) else []


FIGURE_COLUMNS = {"sold": "licenses_sold", "assigned": "licenses_assigned", "active": "active_users"}


def _analytics_api(kind: str, label: str, given: str, derived: str, pct: str):
    """The analytics API's two exports, one row per customer and `label` (workload or product): the count
    `given` in every row, and `derived` as a count or (older files) as a percentage `pct` of `given`."""

    def normalise(frame: pl.LazyFrame, f: Fields, source_file: str):
        checks = _customer_checks(f) + [f.required(label)]
        value, value_checks = _count_or_percent(f, derived, given, pct)
        checks += f.date_checks("date") + f.count_checks(given, True) + value_checks
        return _licenses(
            frame,
            checks,
            source_file,
            kind,
            {
                **_customer_columns(f),
                "period": f.period("date"),
                "processed": f.date("date"),
                "workload": f.workload(label) if label == "workload" else f(label),
                "workload_source": f(label),
                FIGURE_COLUMNS[given]: f.count(given),
                FIGURE_COLUMNS[derived]: value,
            },
        )

    return normalise


def _canonical(frame: pl.LazyFrame, f: Fields, source_file: str):
    given_id = f("id")
    looks_like_tenant = given_id.str.contains(
        r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
    )
    tenant = pl.coalesce(p.tenant_id(f("tenant")), pl.when(looks_like_tenant).then(p.tenant_id(given_id)))
    name = pl.coalesce(f("name"), pl.when(~looks_like_tenant).then(given_id))
    column = f.header("name") if f.has("name") else f.header("id")
    checks = [
        p.Check(column, tenant.is_null() & name.is_null(), pl.lit(f"{column} is empty")),
        f.required("workload"),
    ]
    checks += f.date_checks("period")
    for field in ("sold", "assigned", "active"):
        checks += f.count_checks(field)
    checks.append(
        p.Check(
            f.header("sold"),
            f("sold").is_null() & f("assigned").is_null() & f("active").is_null(),
            pl.lit("no figures on this row"),
        )
    )
    return _licenses(
        frame,
        checks,
        source_file,
        "canonical",
        {
            "tenant_id": tenant,
            "customer_name": name,
            **_market_and_month(f, "period"),
            "workload": f.workload("workload"),
            "workload_source": f("workload"),
            "licenses_sold": f.count("sold"),
            "licenses_assigned": f.count("assigned"),
            "active_users": f.count("active"),
        },
    )


def _subscriptions(frame: pl.LazyFrame, f: Fields, source_file: str):
    names = "_customer" in frame.collect_schema().names()
    name = pl.col("_customer") if names else f("name")
    checks = [] if names else _customer_checks(f)
    offer_column = f.header("offer_name") if f.has("offer_name") else f.header("offer_id")
    checks.append(
        p.Check(offer_column, f("offer_id").is_null() & f("offer_name").is_null(), pl.lit(f"{offer_column} is empty"))
    )
    checks += f.count_checks("quantity")
    status = f("status").str.to_lowercase()
    accepted, rejected = p.split_rows(frame, checks, source_file)
    return accepted.select(
        source_file=pl.lit(source_file),
        line=pl.col("line"),
        tenant_id=pl.lit(None, pl.String) if names else p.tenant_id(f("tenant")),
        customer_name=name,
        subscription_id=f("id"),
        offer_id=f("offer_id"),
        offer_name=f("offer_name"),
        status=status,
        is_trial=p.parse_bool(f("trial")).fill_null(False)
        | status.str.contains("trial").fill_null(False)
        | f("offer_name").str.to_lowercase().str.contains("trial").fill_null(False),
        quantity=f.count("quantity"),
    ), rejected


def _tickets(frame: pl.LazyFrame, f: Fields, source_file: str):
    checks = [f.required("name")] + f.date_checks("created")
    types = f.all("type")
    accepted, rejected = p.split_rows(frame, checks, source_file)
    # Without an id, a ticket is its customer, created date (and time, where the cell has one) and subject.
    time = f("created").str.extract(r"(\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?)", 1)
    by_row = pl.concat_str(
        [
            pl.lit("row:"),
            p.name_key(f("name")),
            pl.lit("|"),
            f.date("created").dt.strftime("%Y-%m-%d"),
            (pl.lit(" ") + time).fill_null(""),
            pl.lit("|"),
            f("subject").str.to_lowercase().fill_null(""),
        ]
    )
    key = pl.coalesce(pl.lit("id:") + f("id"), by_row)
    keyed = accepted.with_columns(_key=key).with_columns(_last=pl.col("line").last().over("_key"))
    last = pl.col("_last")
    # The same ticket twice in one file counts once: the later line is kept, the earlier reported.
    column = f.header("id") if f.has("id") else f.header("created")
    again = keyed.filter(pl.col("line") != last).select(
        source_file=pl.lit(source_file),
        line=pl.col("line"),
        column=pl.lit(column),
        reason=pl.concat_str(
            [
                p.quoted(column, f("id"), "appears")
                if f.has("id")
                else pl.lit("the same customer, created time and subject appear"),
                pl.lit(" again on line "),
                last.cast(pl.String),
                pl.lit(", which is kept"),
            ]
        ),
    )
    return keyed.filter(pl.col("line") == last).select(
        source_file=pl.lit(source_file),
        line=pl.col("line"),
        tenant_id=pl.lit(None, pl.String),
        customer_name=f("name"),
        ticket_type=pl.concat_str(types, separator=" / ", ignore_nulls=True) if types else pl.lit(None, pl.String),
        created=f.date("created"),
        status=f("status"),
        helpdesk=pl.lit(helpdesk_of(f.table.headers)),
        ticket_id=f("id"),
        subject=f("subject"),
        ticket_key="_key",
    ), pl.concat([rejected, again]).sort("line")


NORMALISERS: dict[str, Callable[[pl.LazyFrame, Fields, str], tuple[pl.LazyFrame, pl.LazyFrame]]] = {
    "user_detail": user_detail_rows,
    "insights_o365": _insights_o365,
    "insights_seats": _insights_seats,
    "api_usage": _analytics_api("api_usage", "workload", given="assigned", derived="active", pct="usage_pct"),
    "api_deployment": _analytics_api("api_deployment", "product", given="sold", derived="assigned", pct="deploy_pct"),
    "canonical": _canonical,
    "subscriptions": _subscriptions,
    "tickets": _tickets,
}

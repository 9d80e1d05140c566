"""The typed reading (adoption.ingest.fields, issue 14) and the tolerant one give the same file the same
accepted rows, in the same order, and the same rejects (file, line, column, reason), on generated
exports of every kind it serves: clean cells, and cells only the tolerant parsers read (decimal
commas, `85,5 %`, grouped thousands, European and partial dates, stray and non-breaking spaces,
flags and workload names in other spellings), as CSV and TSV, on disk and uploaded, and as JSON; the
typed reading in batches of any size (adoption.ingest.batches), so batch boundaries fall anywhere."""

from __future__ import annotations

import json

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from adoption.ingest import batches, readers
from adoption.ingest.readers import read_file
from adoption.model import AdoptionError

TENANTS = ["0ed90475-e8e2-481e-8099-6f031600a35a", "1AB90475-E8E2-481E-8099-6F031600A35B", "", " x ", "t\u00a01"]
NAMES = ["Kvarnhavs Revision AB", "Malmö  Bygg AB", "", "Ölands\u00a0Kraft", " Lund AB", "Nordlys"]
WORKLOADS = ["Exchange", "SharePoint", "OneDrive", "teams", "YAMMER", "", "  ", "Skype  for Business", "SPO", "Planner"]
DATES = ["2026-01-01", "2025-11-01", "01.02.2026", "2026-02", "13/01/2026", "2026-13-01", "1999-01-01"]
DATES += ["2099-01-01", "", "2026-03-01T06:12:44Z", "soon", " 2026-01-01", "2026-1-01"]
NUMBERS = ["12", "0", "", " 7 ", "1 234", "1,234", "1.234", "85,5", "85,5 %", "-3", "-0", "-05", "+4", "abc"]
NUMBERS += ["1e400", "100000001", "12.0", "3,0", "64", "320"]
PERCENTS = ["50", "85,5 %", "", "101", "x", " 7"]
FLAGS = ["0", "1", "false", "True", "", "ja", "maybe", " 0", "NEJ"]
MARKETS = ["Sweden", "", "Norway", "SE", "sverige "]

# kind -> its headers and the cell pool of each column (two columns may name one field: workload/product)
LAYOUTS = {
    "insights_o365": {
        "CustomerTenantId": TENANTS,
        "WorkloadName": WORKLOADS,
        "Month": DATES,
        "PaidAvailableUnits": NUMBERS,
        "MonthlyActiveUsers": NUMBERS,
        "CustomerName": NAMES,
        "CustomerMarket": MARKETS,
        "CustomerSegment": ["SMB", "", " Enterprise"],
        "IsDuplicateRowForPGA": FLAGS,
    },
    "insights_seats": {
        "CustomerTenantId": TENANTS,
        "CustomerName": NAMES,
        "SKU": ["Power BI Pro", "Dynamics 365 Sales", "", "Power  BI Pro"],
        "Month": DATES,
        "AvailableSeats": NUMBERS,
        "AssignedSeats": NUMBERS,
        "ActiveSeats": NUMBERS,
    },
    "canonical": {
        "customer_id": TENANTS + NAMES,
        "customer_name": NAMES,
        "period": DATES,
        "workload": WORKLOADS,
        "product": WORKLOADS,
        "licenses_sold": NUMBERS,
        "licenses_assigned": NUMBERS,
        "active_users": NUMBERS,
        "market": MARKETS,
    },
    "api_usage": {
        "customerTenantId": TENANTS,
        "customerName": NAMES,
        "date": DATES,
        "workloadCode": WORKLOADS,
        "licensesQualified": NUMBERS,
        "usagePercent": PERCENTS,
    },
}


def rows_of(layout: dict[str, list[str]]) -> st.SearchStrategy:
    return st.lists(st.tuples(*[st.sampled_from(pool) for pool in layout.values()]), min_size=1, max_size=30)


def render(headers: list[str], rows: list[tuple], style: str) -> bytes:
    if style == "json":
        return json.dumps({"Value": [dict(zip(headers, row)) for row in rows]}).encode()
    separator = {"tsv": "\t", "csv": ";"}[style]
    return ("\n".join(separator.join(cells) for cells in [headers, *rows]) + "\n").encode()


def read(name: str, source, typed: bool, monkeypatch, batch_rows: int = batches.BATCH_ROWS):
    with monkeypatch.context() as patched:
        patched.setattr(readers, "TYPED_READING", typed)
        patched.setattr(batches, "BATCH_ROWS", batch_rows)
        try:
            return read_file(name, source)
        except AdoptionError as error:
            return str(error)


def assert_same_reading(name: str, source, monkeypatch, batch_rows: int = batches.BATCH_ROWS) -> None:
    typed = read(name, source, typed=True, monkeypatch=monkeypatch, batch_rows=batch_rows)
    tolerant = read(name, source, typed=False, monkeypatch=monkeypatch)
    if isinstance(typed, str) or isinstance(tolerant, str):
        assert typed == tolerant
        return
    assert [(f.kind, f.rows_read, f.processed) for f in typed] == [(f.kind, f.rows_read, f.processed) for f in tolerant]
    for mine, theirs in zip(typed, tolerant):
        assert_frame_equal(mine.rows, theirs.rows)
        assert_frame_equal(mine.rejected, theirs.rejected)


@pytest.mark.parametrize("kind", sorted(LAYOUTS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.data(),
    style=st.sampled_from(["tsv", "csv", "json"]),
    on_disk=st.booleans(),
    batch_rows=st.sampled_from([1, 2, 7, batches.BATCH_ROWS]),
)
def test_typed_and_tolerant_readings_give_the_same_rows_and_rejects(
    kind, data, style, on_disk, batch_rows, monkeypatch, tmp_path
):
    layout = LAYOUTS[kind]
    rows = data.draw(rows_of(layout))
    body = render(list(layout), rows, style)
    name = f"{kind}.{'json' if style == 'json' else 'txt'}"
    source = body
    if on_disk:
        source = tmp_path / name
        source.write_bytes(body)
    assert_same_reading(name, source, monkeypatch, batch_rows)


def test_a_file_in_the_common_style_is_read_typed_and_a_quirky_row_tolerantly(monkeypatch):
    body = (
        b"CustomerTenantId\tWorkloadName\tMonth\tPaidAvailableUnits\tMonthlyActiveUsers\tCustomerName\tIsDuplicateRowForPGA\n"
        b"t1\tExchange\t2026-10-01\t64\t60\tKvarnhavs AB\t0\n"
        b"t1\tOneDrive\t01.10.2026\t64\t61,0\tKvarnhavs AB\t0\n"
        b"t1\tTeams\t2026-10-01\t64\t-2\tKvarnhavs AB\t0\n"
    )
    (parsed,) = read_file("insights.tsv", body)
    assert parsed.rows.select("line", "workload", "period", "licenses_sold", "active_users").rows() == [
        (2, "Exchange", "2026-10", 64, 60),
        (3, "SharePoint", "2026-10", 64, 61),
    ]
    assert parsed.rejected.select("line", "column", "reason").rows() == [
        (4, "MonthlyActiveUsers", 'MonthlyActiveUsers "-2" is negative')
    ]
    assert_same_reading("insights.tsv", body, monkeypatch)


def test_the_typed_reading_sends_only_rows_it_cannot_read_to_the_tolerant_one():
    from adoption.ingest.fields import Fields
    from adoption.ingest.kinds import detect
    from adoption.ingest.text import read_tables

    body = (
        b"CustomerTenantId\tWorkloadName\tMonth\tPaidAvailableUnits\tMonthlyActiveUsers\tCustomerName\n"
        b"t1\tExchange\t2026-10-01\t64\t60\tKvarnhavs AB\n"
        b"t1\tExchange\t2026-10-01\t64\t60\tKvarnhavs  AB\n"
        b"t1\tExchange\t2026-10-01\t1 234\t60\tKvarnhavs AB\n"
        b"t1\tPlanner\t2026-10-01\t64\t60\tKvarnhavs AB\n"
        b"t1\tExchange Online\t2026-10-01\t64\t\tKvarnhavs AB\n"
    )
    (table,) = read_tables("insights.tsv", body)
    kind, found = detect(table.name, table.headers)
    typed = Fields(table, found, typed=True)
    frame = typed.cleaned(table.frame)
    readers.NORMALISERS[kind.name](frame, typed, table.name)
    assert frame.select(typed.typed_ok()).collect().to_series().to_list() == [True, False, False, False, True]
    assert pl.Series(typed.parsed_columns()).sort().to_list() == [
        "_date:month",
        "_number:active",
        "_number:sold",
        "_workload:workload",
    ]


def test_a_file_read_in_batches_keeps_every_row_reject_and_date_in_line_order(monkeypatch):
    body = (
        b"customerTenantId,customerName,date,workloadCode,licensesQualified,usagePercent\n"
        b"t1,Kvarnhavs AB,2026-10-01,Exchange,64,50\n"
        b"t1,Kvarnhavs AB,2026-10-01,Teams,abc,50\n"  # rejected in the first batch
        b"t1,Kvarnhavs AB,01.11.2026,SharePoint,64,85\n"  # read tolerantly in the second
        b"t2,Lund AB,2026-11-01,Exchange,10,100\n"
        b"t2,Lund AB,2026-09-01,Teams,-1,10\n"  # rejected in the third
    )
    monkeypatch.setattr(batches, "BATCH_ROWS", 2)
    (parsed,) = read_file("usage.csv", body)
    assert parsed.rows.select("line", "customer_name", "workload", "period", "active_users").rows() == [
        (2, "Kvarnhavs AB", "Exchange", "2026-10", 32),
        (4, "Kvarnhavs AB", "SharePoint", "2026-11", 54),
        (5, "Lund AB", "Exchange", "2026-11", 10),
    ]
    assert parsed.rejected.select("line", "column").rows() == [(3, "licensesQualified"), (6, "licensesQualified")]
    assert (parsed.rows_read, str(parsed.processed)) == (5, "2026-11-01")
    assert_same_reading("usage.csv", body, monkeypatch, batch_rows=2)

"""The fast path of adoption.ingest.text (files without a quote and no line wider than the header skip
the pass over every column) reads exactly what the tolerant path reads: the same accepted rows
and the same rejects (file, line, column, reason), on generated Insights files with bad cells,
decimal commas, `85,5 %`, European dates, duplicates, extra and missing cells and blank lines; and
metrics.combined_figures' shortcut (every row its own group) gives what its group_by gives, on generated
license rows and through `metrics` on generated files."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from adoption.ingest import cells as p
from adoption.ingest import text as textio
from adoption.ingest.readers import read_file
from adoption.model import AdoptionError

HEADERS = [
    "PGAPartnerID",
    "CustomerTenantId",
    "WorkloadName",
    "Month",
    "PaidAvailableUnits",
    "MonthlyActiveUsers",
    "CustomerName",
    "CustomerMarket",
    "CustomerSegment",
    "IsDuplicateRowForPGA",
]
TENANTS = ["0ed90475-e8e2-481e-8099-6f031600a35a", "1AB90475-E8E2-481E-8099-6F031600A35B", "", " x "]
WORKLOADS = ["Exchange", "SharePoint", "OneDrive", "Teams", "Yammer", "", "  ", "Skype  for Business"]
MONTHS = [
    "2026-01-01",
    "2025-11-01",
    "01.02.2026",
    "2026-02",
    "13/01/2026",
    "2026-13-01",
    "1999-01-01",
    "2099-01-01",
    "",
    "2026-03-01T06:12:44Z",
    "soon",
]
NUMBERS = [
    "12",
    "0",
    "",
    " 7 ",
    "1 234",
    "1,234",
    "1.234",
    "85,5",
    "85,5 %",
    "-3",
    "-0",
    "abc",
    "1e400",
    "100000001",
    "12.0",
    "3,0",
]
NAMES = ["Kvarnhavs Revision AB", "Malmö  Bygg AB", "", "Ölands\u00a0Kraft"]
DUPLICATES = ["0", "1", "false", "True", "", "ja", "maybe"]

cell = st.sampled_from
row = st.tuples(
    cell(["4711302", ""]),
    cell(TENANTS),
    cell(WORKLOADS),
    cell(MONTHS),
    cell(NUMBERS),
    cell(NUMBERS),
    cell(NAMES),
    cell(["Sweden", "", "Norway"]),
    cell(["SMB", "", " Enterprise"]),
    cell(DUPLICATES),
)
# A row as written: usually whole, sometimes with extra (possibly empty) cells, cut short, or a blank line.
shaped = st.tuples(row, st.sampled_from(["whole"] * 6 + ["extra", "empty extra", "short", "blank"]))


def render(rows: list, separator: str, crlf: bool) -> bytes:
    lines = [separator.join(HEADERS)]
    for cells, shape in rows:
        cells = list(cells)
        if shape == "extra":
            cells += ["x"]
        elif shape == "empty extra":
            cells += ["", ""]
        elif shape == "short":
            cells = cells[:4]
        lines.append("" if shape == "blank" else separator.join(cells))
    return (("\r\n" if crlf else "\n").join(lines) + "\n").encode("utf-8")


def read(name: str, source, tolerant: bool, monkeypatch):
    with monkeypatch.context() as patched:
        if tolerant:
            patched.setattr(textio, "_line_shape", lambda data, separator: textio.LineShape(1 << 30, True, True))
        try:
            return read_file(name, source)
        except AdoptionError as error:
            return str(error)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(shaped, min_size=1, max_size=25),
    separator=st.sampled_from(["\t", ";"]),
    crlf=st.booleans(),
    as_path=st.booleans(),
)
def test_fast_and_tolerant_paths_read_the_same(rows, separator, crlf, as_path, monkeypatch):
    data = render(rows, separator, crlf)
    with tempfile.TemporaryDirectory() as folder:
        source = data
        if as_path:
            source = Path(folder) / "insights.tsv"
            source.write_bytes(data)
        fast = read("insights.tsv", source, tolerant=False, monkeypatch=monkeypatch)
        tolerant = read("insights.tsv", source, tolerant=True, monkeypatch=monkeypatch)
    if isinstance(tolerant, str) or isinstance(fast, str):
        assert fast == tolerant
        return
    assert len(fast) == len(tolerant) == 1
    assert fast[0].rows_read == tolerant[0].rows_read
    assert_frame_equal(fast[0].rows, tolerant[0].rows)
    assert_frame_equal(fast[0].rejected, tolerant[0].rejected)


def test_the_fast_path_is_taken_only_without_quotes_or_wide_lines():
    assert textio._line_shape(b"a\tb\n1\t2\n", "\t") == (2, False, False)
    assert textio._line_shape(b"a\tb\n1\t2\t\n", "\t") == (3, False, False)  # an empty extra cell is still a cell
    assert textio._line_shape(b"a\tb\n1\x002\n", "\t")[0] > 2  # a NUL byte: the tolerant path decides
    assert textio._line_shape(b'a\tb\n"1"\t2\n', "\t") == (2, True, False)
    assert textio._line_shape(b'a\tb\n1\t2\n3\t4"\n', "\t") == (2, True, False)  # a quote inside a cell
    assert textio._line_shape("a\tb\n1\tMalmö\n".encode("cp1252"), "\t", decoding=True) == (2, False, True)
    assert textio._line_shape("a\tb\n1\t\ufffd\n".encode(), "\t", decoding=True).undecodable  # U+FFFD itself
    assert not textio._line_shape("a\tb\n1\tMalmö\n".encode("cp1252"), "\t").undecodable  # not looked for
    assert textio._has_quote(b'a\tb\n"1"\t2\n') and not textio._has_quote(b"a\tb\n1\t2\n")


@pytest.mark.parametrize("extra", ["\tx", "\t", "\t\t"])
def test_a_row_with_extra_cells_is_rejected_by_line_on_either_path(extra, monkeypatch):
    data = (
        render(
            [(("4711302", TENANTS[0], "Teams", "2026-01-01", "5", "3", "A AB", "Sweden", "SMB", "0"), "whole")],
            "\t",
            False,
        )
        + (
            "\t".join(["4711302", TENANTS[0], "Exchange", "2026-01-01", "5", "3", "A AB", "Sweden", "SMB", "0"])
            + extra
            + "\n"
        ).encode()
    )
    for tolerant in (False, True):
        parsed = read("insights.tsv", data, tolerant, monkeypatch)[0]
        assert parsed.rows.height == 1
        assert parsed.rejected.select("line", "reason").rows() == [
            (3, f"the row has {11 + extra.count(chr(9)) - 1} cells but the header has 10")
        ]


# The expressions as they were before the slow paths ran only on the cells that need them.
def _number_before(expr):
    from adoption.ingest.cells import _parse_number_slowly

    fast = pl.when(~expr.str.starts_with("-0")).then(expr.cast(pl.Int64, strict=False))
    return pl.coalesce(fast.cast(pl.Float64), _parse_number_slowly(pl.when(fast.is_null()).then(expr)))


def _date_before(expr):
    from adoption.ingest.cells import _parse_date_slowly

    iso = expr.str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    fast = pl.when(iso).then(expr).str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    return pl.coalesce(fast, _parse_date_slowly(pl.when(fast.is_null()).then(expr)))


def _workload_before(expr):
    trimmed = expr.str.strip_chars()
    return p.alias_key(trimmed).replace_strict(p.WORKLOAD_BY_KEY, default=trimmed, return_dtype=pl.String)


def _bool_before(expr):
    key = expr.str.strip_chars().str.to_lowercase()
    return (
        pl.when(key.is_in(["true", "1", "yes", "y", "ja", "x", "-1"]))
        .then(True)
        .when(key.is_in(["false", "0", "no", "n", "nej", ""]))
        .then(False)
        .otherwise(None)
    )


text_cells = st.lists(
    st.one_of(
        st.none(),
        st.sampled_from(NUMBERS + MONTHS + WORKLOADS + DUPLICATES),
        st.text(alphabet="0123456789-.,/ %'\u00a0TZ:eE", max_size=12),
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(cells=text_cells)
def test_parsers_give_what_the_masked_expressions_gave(cells):
    frame = pl.DataFrame({"cell": cells}, schema={"cell": pl.String})
    cell = pl.col("cell")
    for now, before in (
        (p.parse_number, _number_before),
        (p.parse_date, _date_before),
        (p.canonical_workload, _workload_before),
        (p.parse_bool, _bool_before),
    ):
        got = frame.lazy().select(now(cell).alias("v")).collect()
        want = frame.select(before(cell).alias("v"))
        assert_frame_equal(got, want, check_dtypes=True)


# License rows as the readers give them: a few customers, periods and sources; several rows under one
# name (two subscriptions of a SKU), OneDrive beside SharePoint, unknown figures; often one row per name.
license_row = st.fixed_dictionaries(
    {
        "key": st.sampled_from(["0ed90475", "1ab90475", "name:malmö bygg ab"]),
        "period": st.sampled_from(["2026-01", "2026-02", None]),
        "source": st.sampled_from(
            [("insights_o365", "Teams", "Teams"), ("insights_o365", "SharePoint", "SharePoint")]
            + [("insights_o365", "SharePoint", "OneDrive"), ("insights_o365", "SharePoint", "onedrive")]
            + [("api_usage", "Teams", "Microsoft Teams"), ("insights_seats", "Dynamics 365 Sales", None)]
        ),
        **{f: st.one_of(st.none(), st.integers(0, 500)) for f in ("sold", "assigned", "active", "deleted")},
    }
)


def _license_rows(rows: list[dict]) -> pl.DataFrame:
    from adoption.model import LICENSE_SCHEMA

    columns = {
        "source_kind": [r["source"][0] for r in rows],
        "period": [r["period"] for r in rows],
        "workload": [r["source"][1] for r in rows],
        "workload_source": [r["source"][2] for r in rows],
        "licenses_sold": [r["sold"] for r in rows],
        "licenses_assigned": [r["assigned"] for r in rows],
        "active_users": [r["active"] for r in rows],
        "deleted_active": [r["deleted"] for r in rows],
    }
    frame = pl.DataFrame(columns).with_columns(key=pl.Series([r["key"] for r in rows], dtype=pl.String))
    return frame.select(
        *[pl.col(c).cast(t) if c in frame.columns else pl.lit(None, t).alias(c) for c, t in LICENSE_SCHEMA.items()],
        "key",
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(license_row, max_size=30), unique=st.booleans())
def test_combined_figures_without_the_per_name_group_by_are_the_same(rows, unique, monkeypatch):
    """metrics.combined_figures takes every row as its own group where no two rows share key, period,
    source kind, workload and name: the same figures as its group_by, which the test forces."""
    from adoption import metrics

    licenses = _license_rows(rows)
    if unique:  # half the examples meet the shortcut: one row per key, period, source and name
        licenses = licenses.unique(
            ["key", "period", "source_kind", "workload", pl.col("workload_source").str.to_lowercase()],
            keep="first",
            maintain_order=True,
        )
    keys = ["key", "period", "workload"]
    taken = metrics._one_row_per_name(
        licenses.with_columns(
            _key_period=metrics.text_pair_code(pl.col("key"), pl.col("period")),
            _source=metrics.text_pair_code(pl.col("workload"), pl.col("source_kind")),
            _name=pl.col("workload_source").str.to_lowercase().cast(pl.Categorical),
        )
    )
    assert taken == (
        licenses.select(
            pl.struct(*keys, "source_kind", pl.col("workload_source").str.to_lowercase()).is_unique().all()
        ).item()
    )
    fast = metrics.combined_figures(licenses)
    with monkeypatch.context() as patched:
        patched.setattr(metrics, "_one_row_per_name", lambda coded: False)
        grouped = metrics.combined_figures(licenses)
    assert_frame_equal(fast.sort(keys, nulls_last=True), grouped.sort(keys, nulls_last=True))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(shaped, min_size=1, max_size=25), separator=st.sampled_from(["\t", ";"]))
def test_metrics_of_a_generated_file_are_the_same_on_every_path(rows, separator, monkeypatch):
    """The whole of `metrics` (every period) on a generated Insights file: read on the fast path with the
    shortcuts of combined_figures, the same as read on the tolerant path with the per-name group_by forced."""
    from adoption import metrics
    from adoption.ingest.customers import build_portfolio

    data = render(rows, separator, crlf=False)
    fast = read("insights.tsv", data, tolerant=False, monkeypatch=monkeypatch)
    tolerant = read("insights.tsv", data, tolerant=True, monkeypatch=monkeypatch)
    if isinstance(fast, str) or isinstance(tolerant, str):
        assert fast == tolerant
        return
    got = metrics.metrics_table(build_portfolio(fast), all_periods=True)
    with monkeypatch.context() as patched:
        patched.setattr(metrics, "_one_row_per_name", lambda coded: False)
        want = metrics.metrics_table(build_portfolio(tolerant), all_periods=True)
    assert_frame_equal(got, want)

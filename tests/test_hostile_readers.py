"""Hostile input over EVERY reader kind (adoption.ingest.kinds.KINDS), property-based.

For each kind there is a real-looking base export (tests/export_fixtures.py headers). Hypothesis
mutates it: random bytes inserted, truncation at any byte, re-encoding (UTF-16 with and without BOM,
cp1252), separators swapped from a line on (mixed separators), bad numbers (1e309, -5, 2.5, NaN, ...),
dates far in the future or impossible, duplicated header names, a huge cell and a header line of a
million columns. The property (`account`):

  * read_file returns ParsedFiles where every row read is accounted for: the accepted rows and the
    rejected rows together have exactly rows_read distinct lines (the user detail report aggregates
    users into per-workload rows, so there only the rejects are counted against rows_read), or
  * it raises adoption.model.AdoptionError whose message names the file, is one plain paragraph
    (no traceback) and is of bounded length.

Hangs: every read runs under a wall-clock guard (`guard`, SIGALRM) and the multi-megabyte inputs run
in a child process with a subprocess timeout of 20 s per 10 MB, so a reader that loops forever
(even inside Polars' Rust code, which a signal cannot interrupt) fails the test instead of freezing
CI. These are hang guards, not speed tests: the limits are two orders of magnitude above normal.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import re
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adoption.export import template_csv
from adoption.ingest.kinds import KINDS
from adoption.ingest.readers import read_file
from adoption.model import AdoptionError
from export_fixtures import (
    CONTOSO,
    FABRIKAM,
    INSIGHTS_O365,
    INSIGHTS_SEATS,
    NORTHWIND,
    SUBSCRIPTIONS_API,
    SUBSCRIPTIONS_PORTAL,
    api_deployment_record,
    api_usage_record,
    delimited,
    insights_o365_row,
    insights_seats_row,
    records_csv,
    subscription_api_row,
    user,
    user_detail,
    value_json,
)

REPO = Path(__file__).resolve().parent.parent
SMALL_GUARD_SECONDS = 10  # one small (< 100 kB) file; normal reads take milliseconds
SECONDS_PER_10_MB = 20
MAX_MESSAGE = 2_000  # plus the file name: a huge header or cell must not flood the message

# HOSTILE_EXAMPLES=500 for a deeper run by hand; CI keeps 25 (derandomized, so the same 25 each run).
PROPERTY = settings(
    max_examples=int(os.environ.get("HOSTILE_EXAMPLES", 25)),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# ---- one real-looking base file per kind (name, bytes, customer to pass or None)


def _bases() -> dict[str, tuple[bytes, str | None, str]]:
    """file name -> (bytes, customer argument, kind it must be read as)."""
    o365 = [
        insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-10-01", 120, 96),
        insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-10-01", 120, 96, duplicate="1"),
        insights_o365_row(CONTOSO, "Contoso Göteborg AB", "OneDrive", "2026-10-01", 120, 51),
        insights_o365_row(FABRIKAM, "Fabrikam Oy", "Microsoft Teams", "2026-09-01", 40, 31),
        insights_o365_row(NORTHWIND, "Northwind Traders", "Yammer", "2026-10-01", 1500, 12),
    ]
    seats = [
        insights_seats_row(CONTOSO, "Contoso Göteborg AB", "Dynamics 365 Sales Professional", "2026-10-01", 20, 18, 15),
        insights_seats_row(FABRIKAM, "Fabrikam Oy", "Power BI Pro", "2026-10-01", 40, 35, 20),
        insights_seats_row(NORTHWIND, "Northwind Traders", "Power BI Pro", "2026-09-01", 8, 8, 8),
    ]
    usage = [
        api_usage_record(CONTOSO, "Contoso Göteborg AB", "EXO", "Exchange", 96, 120),
        api_usage_record(CONTOSO, "Contoso Göteborg AB", "TEAMS", "Microsoft Teams", 77, 120),
        api_usage_record(FABRIKAM, "Fabrikam Oy", "SPO", "SharePoint", 12, 40),
    ]
    deployment = [
        api_deployment_record(CONTOSO, "Contoso Göteborg AB", "Microsoft 365 Business Standard", 120, 110),
        api_deployment_record(FABRIKAM, "Fabrikam Oy", "Microsoft 365 E3", 40, 31),
        api_deployment_record(NORTHWIND, "Northwind Traders", "Exchange Online (Plan 1)", 15, 15),
    ]
    users = [
        user(
            "anna@contoso.se", licensed=("Exchange", "Teams"), active={"Exchange": "2026-10-30", "Teams": "2026-10-12"}
        ),
        user("bo@contoso.se", licensed=("Exchange", "OneDrive", "SharePoint"), active={"OneDrive": "2026-09-01"}),
        user(
            "cia@contoso.se",
            deleted=True,
            licensed=("Teams",),
            active={"Teams": "2026-10-20"},
            deleted_date="2026-10-25",
        ),
        user("dan@contoso.se", licensed=("Yammer", "Skype For Business")),
    ]
    subscriptions_api = [
        subscription_api_row(
            "a1b2c3d4-0000-4000-8000-000000000001", "CFQ7TTC0LH18:0001", "Microsoft 365 Business Basic", 25, "active"
        ),
        subscription_api_row(
            "a1b2c3d4-0000-4000-8000-000000000002",
            "CFQ7TTC0LDPB:0001",
            "Microsoft 365 Business Standard Trial",
            25,
            "active",
            trial="true",
        ),
        subscription_api_row(
            "a1b2c3d4-0000-4000-8000-000000000003", "CFQ7TTC0LCHC:0002", "Exchange Online (Plan 1)", 3, "suspended"
        ),
    ]
    portal = [
        ["a1b2c3d4-0000-4000-8000-000000000001", "Microsoft 365 Business Basic", "25", "Active", ""],
        ["a1b2c3d4-0000-4000-8000-000000000004", "Power BI Pro", "1 234", "Active", "Nordlicht IT AB"],
        ["a1b2c3d4-0000-4000-8000-000000000005", "Teams Essentials", "2", "Suspended", ""],
    ]
    tickets = delimited(
        ["id", "subject", "organization", "type", "priority", "status", "created_at"],
        [
            [
                1201,
                "How do I share a calendar?",
                "Contoso Göteborg AB",
                "question",
                "normal",
                "solved",
                "2026-10-20T08:14:02Z",
            ],
            [1202, "Mail bounces", "Fabrikam Oy", "incident", "high", "open", "2026-10-21T11:00:00Z"],
            [1203, "Teams, channels; and tabs", "Northwind Traders", "question", "low", "open", "10/22/2026"],
        ],
    )
    return {
        "insights_o365.tsv": (delimited(INSIGHTS_O365, o365, sep="\t"), None, "insights_o365"),
        "insights_seats.csv": (delimited(INSIGHTS_SEATS, seats), None, "insights_seats"),
        "api_usage.json": (value_json(usage), None, "api_usage"),
        "api_usage.csv": (records_csv(usage), None, "api_usage"),
        "api_deployment.json": (value_json(deployment), None, "api_deployment"),
        "api_deployment.csv": (records_csv(deployment, sep=";"), None, "api_deployment"),
        "O365ActiveUserDetail.csv": (user_detail(users), "Contoso Göteborg AB", "user_detail"),
        "template.csv": (template_csv().encode("utf-8"), None, "canonical"),
        "subscriptions_api.csv": (
            delimited(SUBSCRIPTIONS_API, subscriptions_api),
            "Contoso Göteborg AB",
            "subscriptions",
        ),
        "Subscriptions.csv": (
            delimited(SUBSCRIPTIONS_PORTAL, portal, eol="\r\n"),
            "Contoso Göteborg AB",
            "subscriptions",
        ),
        "zendesk_tickets.csv": (tickets, None, "tickets"),
    }


BASES = _bases()
NAMES = sorted(BASES)


def test_the_bases_cover_every_kind_and_read_cleanly():
    assert {kind for _, _, kind in BASES.values()} == {kind.name for kind in KINDS}
    for name, (data, customer, kind) in BASES.items():
        parsed = read_file(name, data, customer=customer)
        assert [(p.kind, p.rows.height > 0) for p in parsed] == [(kind, True)], name
        account(name, data, customer)


# ---- the property


class Hang(Exception):
    pass


@contextlib.contextmanager
def guard(seconds: float):
    """SIGALRM after `seconds` of wall-clock time: a reader stuck in a Python loop raises Hang."""

    def ring(signum, frame):
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def account(name: str, data: bytes, customer: str | None) -> str:
    """The property; returns "error" or "read" (for the child process and for tests that care)."""
    try:
        parsed = read_file(name, data, customer=customer)
    except AdoptionError as error:
        message = str(error)
        assert name in message, message[:300]
        assert "Traceback" not in message and 'File "' not in message, message[:300]
        assert len(message) <= MAX_MESSAGE + len(name), f"{len(message):,} characters: {message[:300]}"
        return "error"
    assert parsed, name
    for file in parsed:
        assert name in file.name
        rejected = file.rejected.get_column("line").to_list()
        assert len(set(rejected)) == len(rejected), f"{file.name}: a line rejected twice"
        assert file.rejected.get_column("reason").null_count() == 0
        if file.kind == "user_detail":  # users are aggregated into per-workload rows
            assert len(rejected) <= file.rows_read
            continue
        accepted = file.rows.get_column("line").to_list()
        assert file.rows.height + file.rejected.height == file.rows_read, (
            f"{file.name}: {file.rows.height} accepted + {file.rejected.height} rejected != {file.rows_read} read"
        )
        assert len(set(accepted) | set(rejected)) == file.rows_read, f"{file.name}: lines counted twice"
    return "read"


def check(name: str, data: bytes, customer: str | None, seconds: float = SMALL_GUARD_SECONDS) -> str:
    with guard(seconds):
        return account(name, data, customer)


# ---- mutations


def _text(data: bytes) -> str:
    return data.decode("utf-8-sig")


def _separator(data: bytes) -> str:
    first = _text(data).split("\n", 1)[0]
    return max(("\t", ";", ","), key=first.count)


@st.composite
def bases(draw):
    name = draw(st.sampled_from(NAMES))
    data, customer, _ = BASES[name]
    return name, data, customer


@given(bases(), st.data())
@PROPERTY
def test_random_bytes_inserted_or_appended(base, draw):
    name, data, customer = base
    junk = draw.draw(st.binary(min_size=1, max_size=64), label="junk")
    at = draw.draw(st.one_of(st.just(len(data)), st.integers(0, len(data))), label="at")
    check(name, data[:at] + junk + data[at:], customer)


@given(bases(), st.data())
@PROPERTY
def test_random_bytes_overwrite(base, draw):
    name, data, customer = base
    junk = draw.draw(st.binary(min_size=1, max_size=16), label="junk")
    at = draw.draw(st.integers(0, len(data) - 1), label="at")
    check(name, data[:at] + junk + data[at + len(junk) :], customer)


@given(bases(), st.data())
@PROPERTY
def test_truncated_at_any_byte(base, draw):
    name, data, customer = base
    header_end = data.find(b"\n") + 1 if not name.endswith(".json") else 400  # where detection happens
    cut = draw.draw(st.one_of(st.integers(0, header_end), st.integers(0, len(data))), label="cut")
    check(name, data[:cut], customer)


ENCODINGS = ["utf-16", "utf-16-le", "utf-16-be", "cp1252", "utf-32"]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("name", NAMES)
def test_re_encoded(name, encoding):
    data, customer, kind = BASES[name]
    encoded = _text(data).encode(encoding, errors="replace")
    outcome = check(name, encoded, customer)
    if encoding in ("utf-16", "utf-16-le", "cp1252", "utf-8-sig"):  # what Excel and the portals write
        assert outcome == "read", f"{name} in {encoding} was refused"


@given(bases(), st.data())
@PROPERTY
def test_separators_swapped_mid_file(base, draw):
    name, data, customer = base
    text = _text(data)
    sep = _separator(data)
    other = draw.draw(st.sampled_from([s for s in ("\t", ";", ",", "|") if s != sep]), label="other")
    lines = text.split("\n")
    start = draw.draw(st.integers(0, max(0, len(lines) - 1)), label="from line")
    every_other = draw.draw(st.booleans(), label="alternate")
    mixed = [
        line.replace(sep, other) if i >= start and (not every_other or i % 2) else line for i, line in enumerate(lines)
    ]
    check(name, "\n".join(mixed).encode("utf-8"), customer)


BAD_NUMBERS = [
    "1e309",
    "-1e309",
    "-5",
    "2.5",
    "NaN",
    "nan",
    "inf",
    "-0",
    "1,5",
    "1.000.000.000",
    "0x10",
    "99999999999999999999999",
    "1e-400",
    "½",
    "١٢٣",
    "",
    " ",
    "--5",
    "5-",
    "1 234 567 890",
]
NUMBER_CELL = re.compile(r'(?<=[,\t;:"\s])(?:-?\d+|True|False)(?=[,\t;\r\n"}])')


@given(bases(), st.data())
@PROPERTY
def test_numbers_replaced(base, draw):
    name, data, customer = base
    text = _text(data)
    spots = [m.span() for m in NUMBER_CELL.finditer(text) if m.start() > text.find("\n")]
    chosen = draw.draw(st.lists(st.sampled_from(spots), min_size=1, max_size=4, unique=True), label="cells")
    for start, end in sorted(chosen, reverse=True):
        value = draw.draw(st.sampled_from(BAD_NUMBERS), label="value")
        if name.endswith(".json") and not re.match(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$|^NaN$|^-?Infinity$", value):
            value = json.dumps(value)[1:-1] if text[start - 1] == '"' else json.dumps(value)
        text = text[:start] + value + text[end:]
    check(name, text.encode("utf-8"), customer)


BAD_DATES = [
    "9999-12-31",
    "2999-01-01",
    "3000-02-30",
    "0001-01-01",
    "1899-12-31",
    "2026-13-45",
    "99999-01-01",
    "31.12.9999",
    "12/31/9999",
    "2026-02-29",
    "2028-02-29T25:61:61Z",
    "+275760-09-13",
    "2026-10",
    "10/2026",
    "1e309",
    "NaN",
    "0000-00-00",
]
DATE_CELL = re.compile(r"\d{4}-\d{2}(-\d{2})?(T[0-9:]+Z?)?|\d{1,2}/\d{1,2}/\d{4}")


@given(bases(), st.data())
@PROPERTY
def test_dates_far_in_the_future_or_impossible(base, draw):
    name, data, customer = base
    text = _text(data)
    spots = [m.span() for m in DATE_CELL.finditer(text) if m.start() > text.find("\n")]
    if not spots:
        return check(name, data, customer)
    chosen = draw.draw(st.lists(st.sampled_from(spots), min_size=1, max_size=4, unique=True), label="cells")
    for start, end in sorted(chosen, reverse=True):
        text = text[:start] + draw.draw(st.sampled_from(BAD_DATES), label="date") + text[end:]
    check(name, text.encode("utf-8"), customer)


@pytest.mark.parametrize("name", NAMES)
def test_a_date_far_in_the_future_is_rejected_not_read(name):
    data, customer, _ = BASES[name]
    text = _text(data)
    first = [m for m in DATE_CELL.finditer(text) if m.start() > text.find("\n")]
    if not first:
        pytest.skip("no date cells")
    start, end = first[0].span()
    parsed = read_file(name, (text[:start] + "2999-10-01" + text[end:]).encode("utf-8"), customer=customer)
    account(name, (text[:start] + "2999-10-01" + text[end:]).encode("utf-8"), customer)
    periods = {period for p in parsed for period in p.periods}
    assert not any(period.startswith("2999") for period in periods), periods


@given(bases(), st.data())
@PROPERTY
def test_duplicated_header_names(base, draw):
    name, data, customer = base
    text = _text(data)
    if name.endswith(".json"):
        keys = list(dict.fromkeys(re.findall(r'"(\w+)":', text)))
        a, b = draw.draw(st.lists(st.sampled_from(keys), min_size=2, max_size=2, unique=True), label="keys")
        case = draw.draw(st.sampled_from([str, str.upper, str.lower]), label="case")
        text = text.replace(f'"{b}":', f'"{case(a)}":', draw.draw(st.integers(1, 3), label="times"))
    else:
        sep = _separator(data)
        header, rest = text.split("\n", 1)
        cells = header.rstrip("\r").split(sep)
        a = draw.draw(st.integers(0, len(cells) - 1), label="copy")
        b = draw.draw(st.integers(0, len(cells) - 1), label="over")
        if draw.draw(st.booleans(), label="append"):
            cells.append(cells[a])  # one more header than the rows have cells
        else:
            cells[b] = draw.draw(st.sampled_from([cells[a], cells[a].upper(), f" {cells[a]} "]), label="spelling")
        text = sep.join(cells) + ("\r" if header.endswith("\r") else "") + "\n" + rest
    check(name, text.encode("utf-8"), customer)


@given(bases(), st.data())
@PROPERTY
def test_a_long_cell_in_a_random_row(base, draw):
    """100 kB in process (the 10 MB case runs in a child below)."""
    name, data, customer = base
    check(
        name,
        with_huge_cell(
            name,
            data,
            draw.draw(st.integers(0, 100), label="row"),
            draw.draw(st.integers(0, 100), label="column"),
            draw.draw(st.sampled_from(["x", "9", " ", '"', "é", ","]), label="fill"),
            100_000,
        ),
        customer,
    )


# ---- multi-megabyte inputs, in a child process with a timeout


def with_huge_cell(name: str, data: bytes, row: int, column: int, fill: str, size: int) -> bytes:
    """`data` with one cell (row, column taken modulo what exists) replaced by `size` characters of `fill`."""
    text = _text(data)
    big = fill * (size // len(fill.encode("utf-8")))
    if name.endswith(".json"):
        spots = [m.span(1) for m in re.finditer(r'": ("[^"]*"|-?[\d.]+)', text)]
        start, end = spots[(row * 7 + column) % len(spots)]
        return (text[:start] + json.dumps(big) + text[end:]).encode("utf-8")
    sep = _separator(data)
    lines = text.split("\n")
    body = [i for i, line in enumerate(lines[1:], 1) if line.strip()]
    target = body[row % len(body)]
    cells = lines[target].split(sep)
    cells[column % len(cells)] = big if fill not in (sep, '"') else '"' + big.replace('"', '""') + '"'
    lines[target] = sep.join(cells)
    return "\n".join(lines).encode("utf-8")


def with_wide_header(name: str, data: bytes, columns: int, real: bool) -> bytes:
    """`data` with a header line (or first JSON record) of `columns` columns: the real headers
    repeated (`real`), or c0..cN."""
    text = _text(data)
    if name.endswith(".json"):
        keys = [f"k{i}" for i in range(columns)]
        record = "{" + ",".join(f'"{k}":1' for k in keys) + "}"
        return ('{"Value": [' + record + "]}").encode("utf-8")
    sep = _separator(data)
    header, rest = text.split("\n", 1)
    cells = header.rstrip("\r").split(sep)
    wide = (cells * (columns // len(cells) + 1))[:columns] if real else [f"c{i}" for i in range(columns)]
    return (sep.join(wide) + "\n" + rest).encode("utf-8")


CHILD = """
import pickle, sys, time
sys.path[:0] = ["tests", "."]
from test_hostile_readers import account
cases = pickle.load(open(sys.argv[1], "rb"))
for name, data, customer in cases:
    started = time.monotonic()
    outcome = account(name, data, customer)
    print(f"{name}\\t{len(data)}\\t{outcome}\\t{time.monotonic() - started:.2f}", flush=True)
"""


def in_child(cases: list[tuple[str, bytes, str | None]]) -> list[list[str]]:
    """Run `account` on each case in a fresh interpreter; the whole run may take 20 s per 10 MB read
    (plus 30 s to start); an assertion in the child fails the test with its message."""
    megabytes = sum(len(data) for _, data, _ in cases) / 1e6
    timeout = 30 + SECONDS_PER_10_MB * max(1.0, megabytes / 10)
    with tempfile.NamedTemporaryFile(suffix=".pickle") as handle:
        pickle.dump(cases, handle)
        handle.flush()
        try:
            done = subprocess.run(
                [sys.executable, "-c", CHILD, handle.name], cwd=REPO, capture_output=True, text=True, timeout=timeout
            )
        except subprocess.TimeoutExpired as expired:
            pytest.fail(f"hang: {megabytes:,.0f} MB not read within {timeout:.0f} s; finished: {expired.stdout!r}")
    assert done.returncode == 0, done.stderr[-3000:]
    return [line.split("\t") for line in done.stdout.splitlines()]


@given(st.data())
@settings(max_examples=2, deadline=None, derandomize=True, database=None)
def test_a_10_mb_cell_in_a_random_row_of_every_kind(draw):
    cases = []
    for name in NAMES:
        data, customer, _ = BASES[name]
        row = draw.draw(st.integers(0, 100), label=f"{name} row")
        column = draw.draw(st.integers(0, 100), label=f"{name} column")
        fill = draw.draw(st.sampled_from(["x", "7", " ", "é"]), label=f"{name} fill")
        cases.append((name, with_huge_cell(name, data, row, column, fill, 10_000_000), customer))
    results = in_child(cases)
    assert [r[0] for r in results] == NAMES


def test_a_header_line_of_a_million_columns_in_every_kind():
    cases = []
    for index, name in enumerate(NAMES):  # the real headers repeated, or c0..c999999, alternately
        data, customer, _ = BASES[name]
        cases.append((name, with_wide_header(name, data, 1_000_000, real=index % 2 == 0), customer))
    results = in_child(cases)
    assert [(r[0], r[2]) for r in results] == [(name, "error") for name in NAMES]

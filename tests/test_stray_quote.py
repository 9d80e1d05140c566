"""A cell that opens a quote and never closes it (issue 10, point 5): every other row is kept at its
own line and the stray line is rejected by name, in the reader, `metrics`, `store import` and the
app's Store.import_file; a quoted cell that really spans lines is still one record."""

import datetime as dt

from adoption.cli import run
from adoption.store import Store
from export_fixtures import (
    CONTOSO,
    INSIGHTS_O365,
    delimited,
    insights_o365_row,
    read_one,
    rejects_of,
    rows_of,
)

CANONICAL = [
    "customer_id",
    "customer_name",
    "period",
    "workload",
    "licenses_sold",
    "licenses_assigned",
    "active_users",
    "segment",
    "market",
]
STRAY = '"Contoso 100 AB'
REASON = 'customer_name starts a quote that never closes: "Contoso 100 AB'


def canonical(rows: int, stray: str = STRAY, encoding: str = "utf-8", sep: str = ",", eol: str = "\n") -> bytes:
    """`rows` customers, the one on line 102 named `stray` exactly as written (no quoting added)."""
    names = ["STRAY" if i == 100 else f"Contoso {i} AB" for i in range(rows)]
    data = delimited(
        CANONICAL,
        [[f"C{i:05d}", name, "2026-09", "Exchange", 100, 90, 80, "SMB", "SE"] for i, name in enumerate(names)],
        sep=sep,
        eol=eol,
    )
    return data.decode("utf-8").replace("STRAY", stray).encode(encoding)


def kept_lines(parsed) -> list[int]:
    return parsed.rows.get_column("line").to_list()


EVERY_LINE_BUT_102 = list(range(2, 102)) + list(range(103, 502))


def test_500_rows_keep_every_line_but_102_which_is_rejected_by_name():
    parsed = read_one("licenses.csv", canonical(500))
    assert kept_lines(parsed) == EVERY_LINE_BUT_102
    assert rejects_of(parsed) == [(102, REASON)]
    assert parsed.rows.height + parsed.rejected.height == 500
    assert rows_of(parsed, "line", "customer_name")[99:101] == [(101, "Contoso 99 AB"), (103, "Contoso 101 AB")]


def test_500_rows_as_utf16_and_cp1252_semicolons_read_alike():
    for data in (
        b"\xff\xfe" + canonical(500, encoding="utf-16-le", eol="\r\n"),
        canonical(500, stray='"Malmö Bygg AB', encoding="cp1252", sep=";", eol="\r\n"),
    ):
        parsed = read_one("licenses.csv", data)
        assert kept_lines(parsed) == EVERY_LINE_BUT_102
        assert rejects_of(parsed)[0][0] == 102


def test_a_path_reads_like_bytes(tmp_path):
    path = tmp_path / "licenses.csv"
    path.write_bytes(canonical(500))
    parsed = read_one("licenses.csv", path)
    assert kept_lines(parsed) == EVERY_LINE_BUT_102
    assert rejects_of(parsed) == [(102, REASON)]


def test_4000_rows_metrics_reports_line_102_only(tmp_path, capsys):
    path = tmp_path / "licenses.csv"
    path.write_bytes(canonical(4000))
    assert run(["metrics", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == f"{path}:102: {REASON}\n"
    assert len(out.splitlines()) == 1 + 3999


def test_4000_rows_store_import_counts_every_row(tmp_path, capsys):
    path = tmp_path / "licenses.csv"
    path.write_bytes(canonical(4000))
    assert run(["store", "import", str(path), "--store", str(tmp_path / "s.duckdb")]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == ("licenses.csv: stored 3,999 rows (1 rejected) for 3,999 customers as upload 1.\n", "")


def test_store_import_file_from_bytes_as_the_app_does(tmp_path):
    with Store.open(tmp_path / "s.duckdb") as store:
        result = store.import_file("licenses.csv", canonical(4000))
        assert (result.rows_accepted, result.rows_rejected) == (3999, 1)
        assert store.rejected_rows(result.upload_id).select("line", "reason").rows() == [(102, REASON)]


def test_a_stray_quote_closed_by_a_later_one_swallows_no_record():
    parsed = read_one("licenses.csv", canonical(500).replace(b"Contoso 110 AB", b'Bygg 110 AB"'))
    assert kept_lines(parsed) == EVERY_LINE_BUT_102
    assert rows_of(parsed, "line", "customer_name")[109] == (112, 'Bygg 110 AB"')


def test_a_stray_quote_in_the_last_column():
    data = canonical(500, stray="Contoso 100 AB").replace(
        b"Contoso 100 AB,2026-09,Exchange,100,90,80,SMB,SE", b'Contoso 100 AB,2026-09,Exchange,100,90,80,SMB,"SE'
    )
    parsed = read_one("licenses.csv", data)
    assert kept_lines(parsed) == EVERY_LINE_BUT_102
    assert rejects_of(parsed) == [(102, 'market starts a quote that never closes: "SE')]


def test_quotes_that_close_on_their_line_are_kept_as_before():
    data = canonical(500, stray='"Kalle" Bygg AB').replace(b"Contoso 200 AB", b'Bygg "AB')
    parsed = read_one("licenses.csv", data)
    assert parsed.rejected.height == 0
    assert rows_of(parsed, "line", "customer_name")[100] == (102, "Kalle Bygg AB")
    assert rows_of(parsed, "line", "customer_name")[200] == (202, 'Bygg "AB')


def test_insights_tsv_with_a_stray_quote():
    rows = [insights_o365_row(CONTOSO, f"Contoso {i} AB", "Exchange", "2026-10-01", 100, 80) for i in range(300)]
    text = delimited(INSIGHTS_O365, rows, sep="\t", eol="\r\n").decode("utf-8")
    data = b"\xff\xfe" + text.replace("Contoso 100 AB", STRAY).encode("utf-16-le")
    parsed = read_one("insights.txt", data)
    assert parsed.kind == "insights_o365"
    assert kept_lines(parsed) == list(range(2, 102)) + list(range(103, 302))
    assert rejects_of(parsed) == [(102, 'CustomerName starts a quote that never closes: "Contoso 100 AB')]


TICKETS = ["id", "subject", "organization", "type", "priority", "status", "created_at"]


def test_a_quoted_subject_over_three_lines_is_one_record_and_a_stray_quote_after_it_is_its_own():
    data = delimited(
        TICKETS,
        [
            [
                1201,
                "Mail bounces\nsince Monday, all users\nplease call",
                "Contoso AB",
                "incident",
                "high",
                "open",
                "2026-10-20",
            ],
            [1202, "Add a mailbox", "STRAY", "question", "normal", "open", "2026-10-21"],
            [1203, "Teams, a recording?", "Fabrikam Oy", "question", "low", "solved", "2026-10-22"],
        ],
    ).replace(b"STRAY", b'"Fabrikam Oy')
    parsed = read_one("zendesk.csv", data)
    assert rows_of(parsed, "line", "customer_name", "created") == [
        (2, "Contoso AB", dt.date(2026, 10, 20)),
        (4, "Fabrikam Oy", dt.date(2026, 10, 22)),
    ]
    assert rejects_of(parsed) == [(3, 'organization starts a quote that never closes: "Fabrikam Oy')]


def test_a_quoted_subject_over_lines_alone_is_read_as_before():
    data = delimited(
        TICKETS,
        [
            [1201, "Mail bounces\nsince Monday", "Contoso AB", "incident", "high", "open", "2026-10-20"],
            [1202, "Add a mailbox", "Fabrikam Oy", "question", "normal", "open", "2026-10-21"],
        ],
    )
    parsed = read_one("zendesk.csv", data)
    assert rows_of(parsed, "line", "customer_name") == [(2, "Contoso AB"), (3, "Fabrikam Oy")]
    assert parsed.rejected.height == 0


def test_a_cell_beyond_the_csv_modules_field_limit_is_one_rejected_line_not_a_traceback():
    big = "x" * 200_000
    stray = read_one("licenses.csv", canonical(500, stray='"' + big))
    assert kept_lines(stray) == EVERY_LINE_BUT_102
    assert rejects_of(stray) == [(102, 'customer_name starts a quote that never closes: "' + "x" * 36 + "...")]
    ragged = read_one("licenses.csv", canonical(500, stray=big).replace(b"SMB,SE\n", b"SMB,SE,extra\n", 1))
    assert rejects_of(ragged) == [(2, "the row has 10 cells but the header has 9")]
    assert ragged.rows.height == 499

"""The quirks of real files: encodings, separators, decimal commas, text percentages, CRLF, header
spelling, date styles, workload aliases and customer names across files."""

import polars as pl
import pytest

from adoption.ingest.cells import canonical_workload, name_key, parse_date, parse_number
from adoption.ingest.customers import build_portfolio
from adoption.ingest.readers import read_file
from export_fixtures import (
    CONTOSO,
    INSIGHTS_O365,
    api_deployment_record,
    api_usage_record,
    delimited,
    insights_o365_row,
    read_one,
    records_csv,
    rows_of,
    value_json,
)

NAME = "Kommunförbundet Skåne Väst AB"
HEADER = [
    "CustomerTenantId",
    "CustomerName",
    "WorkloadName",
    "Month",
    "PaidAvailableUnits",
    "MonthlyActiveUsers",
    "IsDuplicateRowForPGA",
]
ROWS = [
    [CONTOSO, NAME, "Exchange", "2026-10-01", "120", "96", "0"],
    [CONTOSO, NAME, "Teams", "2026-10-01", "120", "77", "0"],
]
EXPECTED = [
    (2, NAME, "2026-10", "Exchange", 120, 96),
    (3, NAME, "2026-10", "Teams", 120, 77),
]
COLUMNS = ("line", "customer_name", "period", "workload", "licenses_sold", "active_users")


def read_rows(data: bytes, name: str = "insights.csv"):
    parsed = read_one(name, data)
    assert parsed.kind == "insights_o365"
    assert parsed.rejected.height == 0, parsed.rejected.rows()
    return rows_of(parsed, *COLUMNS)


# ---- encodings


def test_utf8_without_bom():
    assert read_rows(delimited(HEADER, ROWS)) == EXPECTED


def test_utf8_with_bom():
    assert read_rows(b"\xef\xbb\xbf" + delimited(HEADER, ROWS)) == EXPECTED


def test_utf16_le_with_bom_tab_separated_as_excel_unicode_text():
    data = b"\xff\xfe" + delimited(HEADER, ROWS, sep="\t", eol="\r\n", encoding="utf-16-le")
    assert read_rows(data, "insights.txt") == EXPECTED


def test_windows_1252_keeps_a_with_ring_and_umlauts():
    data = delimited(HEADER, ROWS, sep=";", eol="\r\n", encoding="cp1252")
    assert "å".encode("cp1252") in data
    assert read_rows(data) == EXPECTED


def test_windows_1252_name_matches_the_same_name_in_utf8():
    one = read_file("a.csv", delimited(HEADER, ROWS[:1], encoding="cp1252"))
    two = read_file("b.csv", delimited(HEADER[1:], [r[1:] for r in ROWS[1:]], encoding="utf-8"))
    portfolio = build_portfolio(one + two)
    assert portfolio.customers.select("customer_id", "customer_name").rows() == [(CONTOSO, NAME)]


# ---- separators and line endings


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_separators(sep):
    assert read_rows(delimited(HEADER, ROWS, sep=sep)) == EXPECTED


def test_crlf_line_endings_leave_no_carriage_return_in_the_last_column():
    header = HEADER[:-1]
    data = delimited(header, [r[:-1] for r in ROWS], eol="\r\n")
    assert read_rows(data) == EXPECTED


def test_comma_separated_name_with_a_comma_is_quoted():
    rows = [[CONTOSO, "Fabrikam, Inc.", "Exchange", "2026-10-01", "10", "9", "0"]]
    assert read_rows(delimited(HEADER, rows))[0][1] == "Fabrikam, Inc."


# ---- numbers


def numbers(values: list[str]) -> list:
    return pl.DataFrame({"v": values}).select(parse_number(pl.col("v"))).to_series().to_list()


def test_parse_number_decimal_commas_and_text_percentages():
    assert numbers(["85,5 %", "85,5", "85.5%", "85.5", "100 %", "0,5"]) == [85.5, 85.5, 85.5, 85.5, 100.0, 0.5]


def test_parse_number_thousands_separators():
    assert numbers(["1 234", "1\u00a0234", "1,234", "1.234", "1.234,5", "1,234.5", "12"]) == [
        1234.0,
        1234.0,
        1234.0,
        1234.0,
        1234.5,
        1234.5,
        12.0,
    ]


def test_semicolon_file_with_decimal_comma_whole_counts_and_text_percentages():
    records = [api_usage_record(CONTOSO, NAME, "EXO", "Exchange", None, "1 200")]
    del records[0]["licensesActive"]
    records[0]["usagePercent"] = "85,5 %"
    parsed = read_one("usage.csv", records_csv(records, sep=";"))
    # 1 200 qualified * 85,5 % = 1026 active
    assert rows_of(parsed, "licenses_assigned", "active_users") == [(1200, 1026)]


def test_decimal_comma_count_that_is_whole_is_accepted_and_a_fraction_is_rejected():
    rows = [
        [CONTOSO, NAME, "Exchange", "2026-10-01", "120,0", "96", "0"],
        [CONTOSO, NAME, "Teams", "2026-10-01", "120,5", "77", "0"],
    ]
    parsed = read_one("insights.csv", delimited(HEADER, rows, sep=";"))
    assert rows_of(parsed, "licenses_sold") == [(120,)]
    assert parsed.rejected.select("line", "reason").rows() == [(3, 'PaidAvailableUnits "120,5" is not a whole number')]


# ---- headers


def test_headers_differing_in_case_and_space_are_matched():
    header = [
        "customer tenant id",
        "CUSTOMERNAME",
        " Workload Name ",
        "month",
        "Paid Available Units",
        "monthly_active_users",
        "isDuplicateRowForPga",
    ]
    assert read_rows(delimited(header, ROWS)) == EXPECTED


def test_columns_in_another_order_are_matched_by_name():
    order = [5, 3, 0, 6, 2, 4, 1]
    header = [HEADER[i] for i in order]
    rows = [[row[i] for i in order] for row in ROWS]
    assert read_rows(delimited(header, rows)) == EXPECTED


# ---- dates


def dates(values: list[str]) -> list:
    return pl.DataFrame({"v": values}).select(parse_date(pl.col("v"))).to_series().to_list()


def test_date_styles_iso_european_us():
    import datetime as dt

    assert dates(["2026-10-31", "2026-10-31T06:12:44Z", "31.10.2026", "10/31/2026", "31/10/2026", "2026-10"]) == [
        dt.date(2026, 10, 31),
        dt.date(2026, 10, 31),
        dt.date(2026, 10, 31),
        dt.date(2026, 10, 31),
        dt.date(2026, 10, 31),
        dt.date(2026, 10, 1),
    ]


def test_us_reading_wins_where_both_are_possible():
    import datetime as dt

    assert dates(["03/04/2026"]) == [dt.date(2026, 3, 4)]


@pytest.mark.parametrize("month", ["2026-10-01", "01.10.2026", "10/01/2026", "2026-10", "2026-10-01T00:00:00"])
def test_month_column_in_every_style_gives_the_same_period(month):
    rows = [[CONTOSO, NAME, "Exchange", month, "120", "96", "0"]]
    assert read_rows(delimited(HEADER, rows, sep=";"))[0][2] == "2026-10"


def test_api_date_in_european_style():
    records = [api_deployment_record(CONTOSO, NAME, "Microsoft 365 E3", 10, 8, processed="31.10.2026 06:12")]
    assert rows_of(read_one("d.json", value_json(records)), "period") == [("2026-10",)]


# ---- workload names


ALIASES = {
    "Exchange": "Exchange",
    "Exchange Online": "Exchange",
    "EXO": "Exchange",
    "SharePoint": "SharePoint",
    "SharePoint Online": "SharePoint",
    "SPO": "SharePoint",
    "OneDrive": "SharePoint",
    "OneDrive for Business": "SharePoint",
    "ODB": "SharePoint",
    "Teams": "Teams",
    "Microsoft Teams": "Teams",
    "TEAMS": "Teams",
    "Skype for Business": "Skype for Business",
    "SFB": "Skype for Business",
    "Lync": "Skype for Business",
    "Yammer": "Yammer",
    "YAM": "Yammer",
    "Viva Engage": "Yammer",
    "Power BI Pro": "Power BI Pro",
}


def test_workload_aliases_become_canonical():
    frame = pl.DataFrame({"w": list(ALIASES)})
    assert frame.select(canonical_workload(pl.col("w"))).to_series().to_list() == list(ALIASES.values())


def test_workload_aliases_through_the_usage_reader():
    records = [
        api_usage_record(CONTOSO, NAME, code, code, 1, 2) for code in ["SFB", "Lync", "YAM", "Viva Engage", "ODB"]
    ]
    parsed = read_one("usage.json", value_json(records))
    assert rows_of(parsed, "workload") == [
        ("Skype for Business",),
        ("Skype for Business",),
        ("Yammer",),
        ("Yammer",),
        ("SharePoint",),
    ]


def test_product_names_from_deployment_pass_through_as_given():
    records = [
        api_deployment_record(CONTOSO, NAME, "Exchange Online (Plan 1)", 10, 8),
        api_deployment_record(CONTOSO, NAME, "Teams", 10, 8),
    ]
    assert rows_of(read_one("d.json", value_json(records)), "workload") == [("Exchange Online (Plan 1)",), ("Teams",)]


# ---- customer names across files


def test_name_key_ignores_case_and_repeated_spaces_but_not_accents():
    frame = pl.DataFrame(
        {"n": ["Contoso Göteborg AB", "contoso  göteborg ab", " CONTOSO\tGÖTEBORG  AB ", "Contoso Goteborg AB"]}
    )
    assert frame.select(name_key(pl.col("n"))).to_series().to_list() == [
        "contoso göteborg ab",
        "contoso göteborg ab",
        "contoso göteborg ab",
        "contoso goteborg ab",
    ]


def test_customer_names_match_across_files():
    insights = read_file(
        "insights.tsv",
        delimited(
            INSIGHTS_O365, [insights_o365_row("", "Contoso Göteborg AB", "Exchange", "2026-10-01", 120, 96)], sep="\t"
        ),
    )
    tickets = read_file(
        "zendesk.csv",
        delimited(
            ["organization", "type", "created_at"],
            [
                ["contoso  göteborg ab", "question", "2026-10-20"],
                ["Contoso Goteborg AB", "question", "2026-10-21"],
            ],
        ),
    )
    portfolio = build_portfolio(insights + tickets)
    assert portfolio.customers.select("key", "customer_name").rows() == [
        ("name:contoso goteborg ab", "Contoso Goteborg AB"),
        ("name:contoso göteborg ab", "Contoso Göteborg AB"),
    ]
    assert portfolio.tickets.select("line", "key").rows() == [
        (2, "name:contoso göteborg ab"),
        (3, "name:contoso goteborg ab"),
    ]


def test_a_name_seen_with_a_tenant_id_elsewhere_takes_that_tenant():
    insights = read_file(
        "insights.tsv",
        delimited(
            INSIGHTS_O365,
            [insights_o365_row(CONTOSO.upper(), "Contoso Göteborg AB", "Exchange", "2026-10-01", 120, 96)],
            sep="\t",
        ),
    )
    tickets = read_file(
        "zendesk.csv",
        delimited(["organization", "type", "created_at"], [["CONTOSO GÖTEBORG  AB", "question", "2026-10-20"]]),
    )
    portfolio = build_portfolio(insights + tickets)
    assert portfolio.tickets.select("key", "tenant_id").rows() == [(CONTOSO, CONTOSO)]
    assert portfolio.customers.select("customer_id", "customer_name").rows() == [(CONTOSO, "Contoso Göteborg AB")]


# ---- an encoding that shows only after the first megabyte


def big_cp1252_tail() -> bytes:
    header = ["CustomerTenantId", "CustomerName", "WorkloadName", "Month", "PaidAvailableUnits", "MonthlyActiveUsers"]
    rows = [[CONTOSO, "Contoso AB", "Exchange", "2026-10-01", 10, 5]] * 16_000
    rows.append(["", "Malmö Skärgård AB", "Exchange", "2026-10-01", 10, 5])
    data = delimited(header, rows, encoding="cp1252")
    assert len(data) > (1 << 20) and data[: 1 << 20].isascii()
    return data


def test_windows_1252_after_the_first_megabyte_from_bytes():
    parsed = read_one("insights.csv", big_cp1252_tail())
    assert parsed.rows.height == 16_001
    assert parsed.rows.tail(1).select("customer_name").item() == "Malmö Skärgård AB"


def test_windows_1252_after_the_first_megabyte_from_a_path(tmp_path):
    path = tmp_path / "insights.csv"
    path.write_bytes(big_cp1252_tail())
    parsed = read_file("insights.csv", path)
    assert parsed[0].rows.tail(1).select("customer_name").item() == "Malmö Skärgård AB"


def test_utf8_after_the_first_megabyte_stays_utf8(tmp_path):
    path = tmp_path / "insights.csv"
    path.write_bytes(big_cp1252_tail().decode("cp1252").encode("utf-8"))
    parsed = read_file("insights.csv", path)
    assert parsed[0].rows.tail(1).select("customer_name").item() == "Malmö Skärgård AB"


def test_a_replacement_character_written_in_utf8_after_the_first_megabyte_stays_utf8(tmp_path):
    # U+FFFD in the text (a name an earlier tool could not decode) is valid UTF-8: the exact check keeps UTF-8
    path = tmp_path / "insights.csv"
    path.write_bytes(big_cp1252_tail().decode("cp1252").replace("Malmö", "Malm\ufffd ö").encode("utf-8"))
    parsed = read_file("insights.csv", path)
    assert parsed[0].rows.tail(1).select("customer_name").item() == "Malm\ufffd ö Skärgård AB"


def test_a_large_utf8_file_is_decoded_once(tmp_path, monkeypatch):
    # the pass that measures the lines also finds every byte decodable: no second pass decodes the file
    from adoption.ingest import text as textio

    def never(source):
        raise AssertionError("the whole file was decoded again")

    monkeypatch.setattr(textio, "_utf8_throughout", never)
    path = tmp_path / "insights.csv"
    path.write_bytes(big_cp1252_tail().decode("cp1252").encode("utf-8"))
    assert read_file("insights.csv", path)[0].rows.height == 16_001


def test_a_megabyte_long_ascii_header_line_is_refused_before_any_pass_over_the_file(monkeypatch):
    from adoption.ingest import text as textio
    from adoption.model import AdoptionError

    def never(*args, **kwargs):
        raise AssertionError("the file was read through before its header line was checked")

    monkeypatch.setattr(textio, "_line_shape", never)
    with pytest.raises(AdoptionError, match="header line of over 200,000 characters"):
        read_file("long.csv", b"a;" * 600_000 + b"\n1\n")


def test_quoted_headers_and_cells_with_a_bom():
    header = '"' + '","'.join(HEADER) + '"'
    body = "\r\n".join('"' + '","'.join(row) + '"' for row in ROWS)
    assert read_rows(("\ufeff" + header + "\r\n" + body + "\r\n").encode("utf-8")) == EXPECTED

"""What the Upload page learns before storing a file: its kind from the header row only, whether
the user must name its customer, a plain problem otherwise, and the guessed columns of a helpdesk
export whose headers are not recognised (English, Swedish and Finnish)."""

import pytest

from adoption.ingest.precheck import ACCEPTED_TYPES, TICKET_FIELDS, UploadCheck, check_file, guess_ticket_columns
from adoption.model import ExpectedExport
from export_fixtures import (
    CONTOSO,
    INSIGHTS_O365,
    INSIGHTS_SEATS,
    SUBSCRIPTIONS_API,
    SUBSCRIPTIONS_PORTAL,
    USER_DETAIL,
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
    workbook,
)

NAME = "Contoso Göteborg AB"


def kinds(name: str, data: bytes) -> list[tuple]:
    return [(c.table, c.kind, c.needs_customer, c.problem and str(c.problem)) for c in check_file(name, data)]


FILES = {
    "users.csv": (
        user_detail([user("anna@contoso.se", licensed=("Exchange",), active={"Exchange": "2026-10-30"})]),
        "user_detail",
        True,
    ),
    "insights_o365.tsv": (
        delimited(INSIGHTS_O365, [insights_o365_row(CONTOSO, NAME, "Exchange", "2026-10-01", 120, 96)], sep="\t"),
        "insights_o365",
        False,
    ),
    "insights_seats.csv": (
        delimited(INSIGHTS_SEATS, [insights_seats_row(CONTOSO, NAME, "Power BI Pro", "2026-10-01", 20, 15, 9)]),
        "insights_seats",
        False,
    ),
    "usage.json": (value_json([api_usage_record(CONTOSO, NAME, "EXO", "Exchange", 80, 100)]), "api_usage", False),
    "deployment.csv": (
        records_csv([api_deployment_record(CONTOSO, NAME, "Microsoft 365 Business Standard", 120, 110)]),
        "api_deployment",
        False,
    ),
    "template.csv": (
        delimited(
            [
                "customer_id",
                "customer_name",
                "period",
                "workload",
                "licenses_sold",
                "licenses_assigned",
                "active_users",
            ],
            [[CONTOSO, NAME, "2026-10", "Teams", 10, 9, 8]],
        ),
        "canonical",
        False,
    ),
    "subscriptions_api.csv": (
        delimited(
            SUBSCRIPTIONS_API,
            [subscription_api_row("s1", "CFQ7TTC0LH18:0001", "Microsoft 365 Business Basic", 25, "active")],
        ),
        "subscriptions",
        True,
    ),
    "portal_subscriptions.csv": (
        delimited(
            SUBSCRIPTIONS_PORTAL, [["s1", "Microsoft 365 Business Basic", 25, "Active", "Nordlicht IT AB"]], eol="\r\n"
        ),
        "subscriptions",
        True,
    ),
    "all_subscriptions.csv": (
        delimited(
            ["Customer Tenant Id", "Customer Name", "Offer Name", "Quantity", "Status"],
            [[CONTOSO, NAME, "Microsoft 365 Business Basic", 25, "Active"]],
        ),
        "subscriptions",
        False,
    ),
    "zendesk.csv": (
        delimited(
            ["id", "organization", "type", "created_at", "status"],
            [[1, NAME, "question", "2026-10-20T09:30:00Z", "solved"]],
        ),
        "tickets",
        False,
    ),
}


@pytest.mark.parametrize("name", list(FILES))
def test_each_kind_recognised_and_whether_it_needs_a_customer(name):
    data, kind, needs_customer = FILES[name]
    assert kinds(name, data) == [(name, kind, needs_customer, None)]


def test_check_gives_the_label_and_headers():
    (check,) = check_file("users.csv", FILES["users.csv"][0])
    assert check == UploadCheck(
        "users.csv", "user_detail", "Microsoft 365 Office 365 active user detail", True, USER_DETAIL
    )


def test_the_header_row_alone_decides():
    header = FILES["insights_o365.tsv"][0].split(b"\n")[0] + b"\n"
    good = insights_o365_row(CONTOSO, NAME, "Teams", "2026-10-01", 120, 96)
    body = delimited(INSIGHTS_O365, [good] * 30_000, sep="\t").split(b"\n", 1)[1]
    broken = b'"unterminated quote\t\xff\xfe not text\tonly three cells\n'
    data = header + body + broken + body[:50_000]
    assert len(data) > 2_000_000
    assert kinds("big.tsv", data) == kinds("big.tsv", header) == [("big.tsv", "insights_o365", False, None)]


def test_header_only_file_checks_fine():
    assert kinds("empty_body.csv", b"id,organization,type,created_at,status\r\n") == [
        ("empty_body.csv", "tickets", False, None)
    ]


def test_unrecognised_file_is_a_plain_problem():
    (check,) = check_file("notes.csv", b"Name,Email,Phone\nAnna,anna@contoso.se,+46 31 123 45\n")
    assert (check.kind, check.label, check.needs_customer, check.headers) == (
        None,
        "not recognised",
        False,
        ["Name", "Email", "Phone"],
    )
    assert str(check.problem).startswith(
        "notes.csv was not recognised from its header row (line 1 has: Name, Email, "
        "Phone); expected one of: Microsoft 365 Office 365 active user detail"
    )
    assert "\n" not in str(check.problem)
    problem = check.problem  # the same, as fields for the Upload page
    assert (problem.file, problem.reason, problem.line, problem.column, problem.found) == (
        "notes.csv",
        "was not recognised from its header row",
        1,
        None,
        ("Name", "Email", "Phone"),
    )
    assert problem.expected[1] == ExpectedExport(
        "Partner Center Insights Office 365 license usage",
        ("WorkloadName", "Month", "PaidAvailableUnits", "MonthlyActiveUsers", "CustomerTenantId"),
    )
    assert [e.columns[0] for e in problem.expected] == [
        "Report Refresh Date",
        "WorkloadName",
        "SKU",
        "processedDateTime",
        "processedDateTime",
        "period",
        "offerId",
        "organization",
    ]


def test_nearly_recognised_file_names_the_missing_column():
    (check,) = check_file("insights.tsv", b"CustomerName\tMonth\tPaidAvailableUnits\tMonthlyActiveUsers\n")
    assert check.kind is None
    assert str(check.problem) == (
        "insights.tsv looks like a Partner Center Insights Office 365 license usage but has no "
        "WorkloadName column (line 1 has: CustomerName, Month, PaidAvailableUnits, "
        "MonthlyActiveUsers)."
    )
    assert (check.problem.reason, check.problem.line, [e.label for e in check.problem.expected]) == (
        "looks like a Partner Center Insights Office 365 license usage but has no WorkloadName column",
        1,
        ["Partner Center Insights Office 365 license usage"],
    )


def test_empty_and_broken_files_are_unreadable():
    assert kinds("empty.csv", b"") == [
        ("empty.csv", None, False, "empty.csv is empty: expected a CSV, TSV, XLSX or JSON export with a header row.")
    ]
    (check,) = check_file("usage.json", b'{"Value": [')
    assert (check.table, check.kind, check.label, check.headers) == ("usage.json", None, "unreadable", [])
    assert str(check.problem).startswith("usage.json is not valid JSON")
    (check,) = check_file("book.xlsx", b"PK\x03\x04 not really a workbook")
    assert (check.kind, check.label) == (None, "unreadable")
    # the zip check runs first now, as it does on import: the same sentence either way
    assert str(check.problem) == "book.xlsx looks like an XLSX workbook but is not a readable zip file."


def test_workbook_one_check_per_sheet():
    data = workbook(
        {
            "Insights": [INSIGHTS_O365, insights_o365_row(CONTOSO, NAME, "Exchange", "2026-10-01", 120, 96)],
            "Notes": [["Hello", "World"], ["a", "b"]],
            "Users": [USER_DETAIL, user("anna@contoso.se", licensed=("Exchange",))],
        }
    )
    checks = kinds("adoption.xlsx", data)
    assert [c[:3] for c in checks] == [
        ("adoption.xlsx[Insights]", "insights_o365", False),
        ("adoption.xlsx[Notes]", None, False),
        ("adoption.xlsx[Users]", "user_detail", True),
    ]
    assert checks[1][3].startswith(
        "adoption.xlsx[Notes] was not recognised from its header row (line 1 has: Hello, World)"
    )


def test_accepted_types_and_ticket_fields():
    assert ACCEPTED_TYPES == ["csv", "tsv", "txt", "xlsx", "json"]
    assert list(TICKET_FIELDS) == ["name", "type", "created", "status"]


# ---- guessing the columns of a helpdesk export


@pytest.mark.parametrize(
    "headers, expected",
    [
        (["Ärende", "Kund", "Kategori", "Skapad", "Status"], ("Kund", "Kategori", "Skapad", "Status")),
        (
            ["Ärendenummer", "Kundnamn", "Ärendetyp", "Skapad av", "Skapad datum", "Senast ändrad", "Status"],
            ("Kundnamn", "Ärendetyp", "Skapad datum", "Status"),
        ),
        (
            ["Nr", "Företag", "Typ av ärende", "Registrerad", "Tillstånd"],
            ("Företag", "Typ av ärende", "Registrerad", "Tillstånd"),
        ),
        (["Tiketti", "Asiakas", "Tyyppi", "Luotu", "Tila"], ("Asiakas", "Tyyppi", "Luotu", "Tila")),
        (
            ["Tiketin numero", "Asiakas", "Pyyntötyyppi", "Luontipäivä", "Tila", "Muokattu"],
            ("Asiakas", "Pyyntötyyppi", "Luontipäivä", "Tila"),
        ),
        (["Tunnus", "Yritys", "Luokka", "Avattu", "Tila", "Tilaaja"], ("Yritys", "Luokka", "Avattu", "Tila")),
        (
            ["Ref", "Client Company", "Request Category", "Date Logged", "Ticket State", "Last Updated"],
            ("Client Company", "Request Category", "Date Logged", "Ticket State"),
        ),
        (["Nr", "Updated", "Organisation", "Typ", "Skapad datum"], ("Organisation", "Typ", "Skapad datum", None)),
        (["Id", "Account Manager", "Account Name", "Type", "Opened"], ("Account Name", "Type", "Opened", None)),
        (
            ["Customer No", "Customer", "Kind", "Created By", "Created On (UTC)", "Status"],
            ("Customer", "Kind", "Created On (UTC)", "Status"),
        ),
    ],
)
def test_guess_ticket_columns(headers, expected):
    assert guess_ticket_columns(headers) == dict(zip(TICKET_FIELDS, expected))


def test_guess_prefers_recognised_aliases():
    assert guess_ticket_columns(
        ["Ticket ID", "Customer ID", "Customer Name", "Category", "Created By", "Date Created", "State"]
    ) == {"name": "Customer Name", "type": "Category", "created": "Date Created", "status": "State"}


def test_guess_leaves_a_field_empty_rather_than_reuse_a_column():
    assert guess_ticket_columns(["Subject", "Description", "Priority"]) == dict.fromkeys(TICKET_FIELDS)
    assert guess_ticket_columns(["Status"]) == {"name": None, "type": None, "created": None, "status": "Status"}

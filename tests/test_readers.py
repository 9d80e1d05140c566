"""Each reader on real-looking exports: kind detected from headers, rows normalised, quirks handled."""

import datetime as dt

import pytest

from adoption.export import template_csv
from adoption.ingest.readers import read_file
from adoption.model import AdoptionError
from export_fixtures import (
    API_DEPLOYMENT,
    CONTOSO,
    FABRIKAM,
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
    read_one,
    records_csv,
    rejects_of,
    rows_of,
    subscription_api_row,
    user,
    user_detail,
    value_json,
    workbook,
)

FIGURES = (
    "line",
    "tenant_id",
    "customer_name",
    "period",
    "workload",
    "licenses_sold",
    "licenses_assigned",
    "active_users",
)
DUPLICATE = "skipped as marked duplicate (IsDuplicateRowForPGA)"


# ---- 1. Partner Center Insights Office 365 license usage


def insights_o365_rows():
    return [
        insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-10-01", 120, 96),
        insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-10-01", 120, 96, duplicate="1"),
        insights_o365_row(CONTOSO, "Contoso Göteborg AB", "OneDrive", "2026-10-01", 120, 51),
        insights_o365_row(FABRIKAM, "Fabrikam Oy", "Microsoft Teams", "2026-10-01", 40, 31),
    ]


def test_insights_o365_tsv():
    parsed = read_one("insights_o365.tsv", delimited(INSIGHTS_O365, insights_o365_rows(), sep="\t"))
    assert (parsed.kind, parsed.category, parsed.rows_read) == ("insights_o365", "licenses", 4)
    assert rows_of(parsed, *FIGURES) == [
        (2, CONTOSO, "Contoso Göteborg AB", "2026-10", "Exchange", 120, None, 96),
        (4, CONTOSO, "Contoso Göteborg AB", "2026-10", "SharePoint", 120, None, 51),
        (5, FABRIKAM, "Fabrikam Oy", "2026-10", "Teams", 40, None, 31),
    ]
    assert rejects_of(parsed) == [(3, DUPLICATE)]


def test_insights_o365_keeps_the_workload_name_the_file_used():
    parsed = read_one("insights_o365.tsv", delimited(INSIGHTS_O365, insights_o365_rows(), sep="\t"))
    assert rows_of(parsed, "workload_source", "segment", "market") == [
        ("Exchange", "SMB", "Sweden"),
        ("OneDrive", "SMB", "Sweden"),
        ("Microsoft Teams", "SMB", "Sweden"),
    ]


def test_insights_o365_csv_with_older_mpnid_header_and_true_duplicates():
    header = ["MPNId" if h == "PartnerID" else h for h in INSIGHTS_O365]
    rows = insights_o365_rows()
    rows[1][-1] = "True"
    rows[2][-1] = "false"
    parsed = read_one("insights_o365.csv", delimited(header, rows))
    assert parsed.kind == "insights_o365"
    assert [r[0] for r in rows_of(parsed, *FIGURES)] == [2, 4, 5]
    assert rejects_of(parsed) == [(3, DUPLICATE)]


def test_insights_o365_reports_bad_figures_with_line_and_reason():
    rows = insights_o365_rows()
    rows[0][INSIGHTS_O365.index("PaidAvailableUnits")] = "many"
    rows[2][INSIGHTS_O365.index("MonthlyActiveUsers")] = "-3"
    rows[3][INSIGHTS_O365.index("Month")] = ""
    parsed = read_one("insights_o365.tsv", delimited(INSIGHTS_O365, rows, sep="\t"))
    assert parsed.rows.height == 0
    assert rejects_of(parsed) == [
        (2, 'PaidAvailableUnits "many" is not a number'),
        (3, DUPLICATE),
        (4, 'MonthlyActiveUsers "-3" is negative'),
        (5, "Month is empty"),
    ]


# ---- 2. Partner Center Insights Dynamics 365 / Power BI license usage


def test_insights_seats_per_sku_names_pass_through():
    rows = [
        insights_seats_row(CONTOSO, "Contoso Göteborg AB", "Dynamics 365 Sales Professional", "2026-10-01", 25, 20, 12),
        insights_seats_row(CONTOSO, "Contoso Göteborg AB", "Power BI Pro", "2026-10-01", 60, 58, 41),
        insights_seats_row(
            FABRIKAM, "Fabrikam Oy", "Dynamics 365 Business Central Essentials", "2026-09-01", 10, 10, 9
        ),
    ]
    parsed = read_one("d365_powerbi.tsv", delimited(INSIGHTS_SEATS, rows, sep="\t"))
    assert parsed.kind == "insights_seats"
    assert rows_of(parsed, *FIGURES) == [
        (2, CONTOSO, "Contoso Göteborg AB", "2026-10", "Dynamics 365 Sales Professional", 25, 20, 12),
        (3, CONTOSO, "Contoso Göteborg AB", "2026-10", "Power BI Pro", 60, 58, 41),
        (4, FABRIKAM, "Fabrikam Oy", "2026-09", "Dynamics 365 Business Central Essentials", 10, 10, 9),
    ]
    assert rejects_of(parsed) == []


def test_insights_seats_sku_that_looks_like_a_workload_is_not_renamed():
    rows = [insights_seats_row(CONTOSO, "Contoso Göteborg AB", "Exchange Online (Plan 1)", "2026-10-01", 5, 5, 5)]
    parsed = read_one("seats.csv", delimited(INSIGHTS_SEATS, rows))
    assert rows_of(parsed, "workload") == [("Exchange Online (Plan 1)",)]


# ---- 3. Partner Center analytics API license deployment


def deployment_records():
    return [
        api_deployment_record(CONTOSO, "Contoso Göteborg AB", "Microsoft 365 Business Standard", 120, 110),
        api_deployment_record(FABRIKAM, "Fabrikam Oy", "Microsoft 365 E3", 40, 22),
    ]


def test_api_deployment_json_value_document():
    parsed = read_one("license_deployment.json", value_json(deployment_records()))
    assert parsed.kind == "api_deployment"
    assert rows_of(parsed, *FIGURES) == [
        (1, CONTOSO, "Contoso Göteborg AB", "2026-10", "Microsoft 365 Business Standard", 120, 110, None),
        (2, FABRIKAM, "Fabrikam Oy", "2026-10", "Microsoft 365 E3", 40, 22, None),
    ]


def test_api_deployment_csv_of_the_same_fields():
    parsed = read_one("license_deployment.csv", records_csv(deployment_records()))
    assert parsed.kind == "api_deployment"
    assert rows_of(parsed, *FIGURES) == [
        (2, CONTOSO, "Contoso Göteborg AB", "2026-10", "Microsoft 365 Business Standard", 120, 110, None),
        (3, FABRIKAM, "Fabrikam Oy", "2026-10", "Microsoft 365 E3", 40, 22, None),
    ]


def test_api_deployment_with_customer_id_instead_of_tenant_id():
    records = deployment_records()
    for record in records:
        record["customerId"] = record.pop("customerTenantId").upper()
    parsed = read_one("license_deployment.json", value_json(records))
    assert rows_of(parsed, "tenant_id") == [(CONTOSO,), (FABRIKAM,)]


def test_api_deployment_older_deployment_percent():
    records = [{k: v for k, v in r.items() if k != "licensesDeployed"} for r in deployment_records()]
    records[0]["deploymentPercent"] = 87.5
    records[1]["deploymentPercent"] = "55,5 %"
    parsed = read_one("license_deployment.json", value_json(records))
    # 120 * 87.5% = 105; 40 * 55.5% = 22.2 -> 22
    assert rows_of(parsed, "licenses_sold", "licenses_assigned") == [(120, 105), (40, 22)]


def test_api_deployment_missing_sold_is_rejected_by_record_number():
    records = deployment_records()
    records[1]["licensesSold"] = None
    parsed = read_one("license_deployment.json", value_json(records))
    assert rejects_of(parsed) == [(2, "licensesSold is empty")]


# ---- 4. Partner Center analytics API license usage


def usage_records(active_key="licensesActive"):
    return [
        api_usage_record(CONTOSO, "Contoso Göteborg AB", "EXO", "Exchange", 96, 110, active_key=active_key),
        api_usage_record(CONTOSO, "Contoso Göteborg AB", "SPO", "SharePoint", 40, 110, active_key=active_key),
        api_usage_record(CONTOSO, "Contoso Göteborg AB", "TEAMS", "Microsoft Teams", 77, 110, active_key=active_key),
    ]


USAGE_ROWS = [
    (CONTOSO, "2026-10", "Exchange", None, 110, 96),
    (CONTOSO, "2026-10", "SharePoint", None, 110, 40),
    (CONTOSO, "2026-10", "Teams", None, 110, 77),
]
USAGE_COLUMNS = ("tenant_id", "period", "workload", "licenses_sold", "licenses_assigned", "active_users")


def test_api_usage_json_licenses_active():
    parsed = read_one("license_usage.json", value_json(usage_records()))
    assert parsed.kind == "api_usage"
    assert rows_of(parsed, *USAGE_COLUMNS) == USAGE_ROWS
    assert rows_of(parsed, "workload_source") == [("EXO",), ("SPO",), ("TEAMS",)]


def test_api_usage_json_license_active_as_the_docs_spell_it():
    parsed = read_one("license_usage.json", value_json(usage_records(active_key="licenseActive")))
    assert parsed.kind == "api_usage"
    assert rows_of(parsed, *USAGE_COLUMNS) == USAGE_ROWS


def test_api_usage_json_mixing_both_spellings():
    records = usage_records()
    records[1]["licenseActive"] = records[1].pop("licensesActive")
    parsed = read_one("license_usage.json", value_json(records))
    assert rows_of(parsed, *USAGE_COLUMNS) == USAGE_ROWS
    assert rejects_of(parsed) == []


def test_api_usage_csv():
    parsed = read_one("license_usage.csv", records_csv(usage_records()))
    assert parsed.kind == "api_usage"
    assert rows_of(parsed, "line", *USAGE_COLUMNS) == [(i + 2, *row) for i, row in enumerate(USAGE_ROWS)]


def test_api_usage_older_usage_percent():
    records = [{k: v for k, v in r.items() if k != "licensesActive"} for r in usage_records()]
    for record, percent in zip(records, ["87.3", "36,4 %", 70]):
        record["usagePercent"] = percent
    parsed = read_one("license_usage.json", value_json(records))
    # 110 * 87.3% = 96.03 -> 96; 110 * 36.4% = 40.04 -> 40; 110 * 70% = 77
    assert rows_of(parsed, "licenses_assigned", "active_users") == [(110, 96), (110, 40), (110, 77)]


# ---- 5. Microsoft 365 Office 365 active user detail

REFRESH = "2026-10-31"
LICENSED_ALL = ("Exchange", "OneDrive", "SharePoint", "Teams")


def user_detail_counts(rows, customer="Contoso Göteborg AB"):
    parsed = read_one("O365ActiveUserDetail10_31_2026.csv", user_detail(rows), customer=customer)
    assert parsed.kind == "user_detail"
    return {
        w: (a, act, d)
        for w, a, act, d in rows_of(parsed, "workload", "licenses_assigned", "active_users", "deleted_active")
    }


def test_user_detail_window_is_refresh_date_minus_27_days_through_refresh_date():
    counts = user_detail_counts(
        [
            user("anna@contoso.se", licensed=("Exchange",), active={"Exchange": "2026-10-31"}),  # refresh date
            user("bo@contoso.se", licensed=("Exchange",), active={"Exchange": "2026-10-04"}),  # minus 27: counts
            user("cecilia@contoso.se", licensed=("Exchange",), active={"Exchange": "2026-10-03"}),  # minus 28: no
            user("dan@contoso.se", licensed=("Exchange",)),  # never active
        ]
    )
    assert counts["Exchange"] == (4, 2, 0)


def test_user_detail_window_across_a_month_boundary():
    counts = user_detail_counts(
        [
            user("anna@contoso.se", refresh="2026-03-01", licensed=("Teams",), active={"Teams": "2026-02-02"}),
            user("bo@contoso.se", refresh="2026-03-01", licensed=("Teams",), active={"Teams": "2026-02-01"}),
        ]
    )
    # 2026-03-01 minus 27 days is 2026-02-02
    assert counts["Teams"] == (2, 1, 0)


def test_user_detail_deleted_users_count_as_active_not_assigned():
    counts = user_detail_counts(
        [
            user("anna@contoso.se", licensed=("Exchange",), active={"Exchange": "2026-10-30"}),
            user(
                "old.employee@contoso.se",
                deleted=True,
                deleted_date="2026-10-15",
                licensed=("Exchange",),
                active={"Exchange": "2026-10-12"},
            ),
            user(
                "older.employee@contoso.se",
                deleted=True,
                deleted_date="2026-08-01",
                licensed=("Exchange",),
                active={"Exchange": "2026-07-30"},
            ),
        ]
    )
    assert counts["Exchange"] == (1, 2, 1)


def test_user_detail_unlicensed_active_user_counts_as_active():
    counts = user_detail_counts(
        [
            user("anna@contoso.se", licensed=("Yammer",), active={"Yammer": "2026-10-20"}),
            user("guest@contoso.se", licensed=(), active={"Yammer": "2026-10-21"}),
        ]
    )
    assert counts["Yammer"] == (1, 2, 0)


def test_user_detail_sharepoint_and_onedrive_are_a_union_per_user_never_a_sum():
    counts = user_detail_counts(
        [
            # licensed and active in both: counted once
            user(
                "anna@contoso.se",
                licensed=("OneDrive", "SharePoint"),
                active={"OneDrive": "2026-10-30", "SharePoint": "2026-10-29"},
            ),
            # OneDrive only
            user("bo@contoso.se", licensed=("OneDrive",), active={"OneDrive": "2026-10-15"}),
            # SharePoint license, active only in OneDrive
            user("cecilia@contoso.se", licensed=("SharePoint",), active={"OneDrive": "2026-10-10"}),
            # licensed for both, active in neither within the window
            user("dan@contoso.se", licensed=("OneDrive", "SharePoint"), active={"SharePoint": "2026-09-01"}),
        ]
    )
    assert counts["SharePoint"] == (4, 3, 0)
    assert "OneDrive" not in counts


def test_user_detail_gives_one_row_per_canonical_workload():
    parsed = read_one(
        "O365ActiveUserDetail.csv",
        user_detail(
            [
                user(
                    "anna@contoso.se", licensed=LICENSED_ALL, active={"Exchange": "2026-10-30", "Teams": "2026-10-30"}
                ),
            ]
        ),
        customer="  Contoso   Göteborg AB ",
    )
    assert sorted(rows_of(parsed, "customer_name", "tenant_id", "period", "workload")) == [
        (
            "Contoso Göteborg AB",
            None,
            "2026-10",
            w,
        )
        for w in ["Exchange", "SharePoint", "Skype for Business", "Teams", "Yammer"]
    ]


def test_user_detail_concealed_names_are_fine():
    counts = user_detail_counts(
        [
            user("8F3A1C2B9D4E5F60718293A4B5C6D7E8", licensed=("Teams",), active={"Teams": "2026-10-31"}),
            user("0A1B2C3D4E5F60718293A4B5C6D7E8F9", licensed=("Teams",)),
        ]
    )
    assert counts["Teams"] == (2, 1, 0)


def test_user_detail_without_a_customer_is_an_error_naming_the_file():
    data = user_detail([user("anna@contoso.se", licensed=("Exchange",))])
    with pytest.raises(AdoptionError) as error:
        read_file("O365ActiveUserDetail.csv", data)
    assert str(error.value) == (
        "O365ActiveUserDetail.csv is a Microsoft 365 Office 365 active user detail for one customer but names none: "
        "say which customer it belongs to."
    )


def test_user_detail_bad_boolean_is_rejected():
    rows = [user("anna@contoso.se", licensed=("Exchange",)), user("bo@contoso.se", licensed=("Exchange",))]
    rows[1][3] = "Maybe"
    parsed = read_one("users.csv", user_detail(rows), customer="Contoso Göteborg AB")
    assert rejects_of(parsed) == [(3, 'Is Deleted "Maybe" is not True or False')]


# ---- 6. Subscriptions


def test_subscriptions_partner_center_api_fields():
    header = ["customerTenantId", "customerName"] + SUBSCRIPTIONS_API
    rows = [
        [CONTOSO, "Contoso Göteborg AB"]
        + subscription_api_row("a1", "CFQ7TTC0LH18", "Microsoft 365 Business Basic", 25, "active"),
        [CONTOSO, "Contoso Göteborg AB"]
        + subscription_api_row("a2", "CFQ7TTC0LH18", "Microsoft 365 Business Basic", 10, "suspended"),
        [CONTOSO, "Contoso Göteborg AB"]
        + subscription_api_row("a3", "CFQ7TTC0LDPB", "Microsoft 365 Business Standard", 25, "active", trial="true"),
    ]
    parsed = read_one("subscriptions.csv", delimited(header, rows))
    assert (parsed.kind, parsed.category) == ("subscriptions", "subscriptions")
    assert rows_of(
        parsed, "line", "tenant_id", "subscription_id", "offer_id", "offer_name", "status", "is_trial", "quantity"
    ) == [
        (2, CONTOSO, "a1", "CFQ7TTC0LH18", "Microsoft 365 Business Basic", "active", False, 25),
        (3, CONTOSO, "a2", "CFQ7TTC0LH18", "Microsoft 365 Business Basic", "suspended", False, 10),
        (4, CONTOSO, "a3", "CFQ7TTC0LDPB", "Microsoft 365 Business Standard", "active", True, 25),
    ]


def test_subscriptions_api_json_for_one_customer_needs_the_customer():
    records = [
        dict(
            zip(
                SUBSCRIPTIONS_API,
                subscription_api_row("a1", "CFQ7TTC0LH18", "Microsoft 365 Business Basic", 25, "active"),
            )
        )
    ]
    data = value_json(records)
    with pytest.raises(AdoptionError, match=r"^subscriptions\.json is a subscription list for one customer"):
        read_file("subscriptions.json", data)
    parsed = read_one("subscriptions.json", data, customer="Fabrikam Oy")
    assert rows_of(parsed, "customer_name", "offer_id", "quantity", "is_trial") == [
        ("Fabrikam Oy", "CFQ7TTC0LH18", 25, False)
    ]


def test_subscriptions_portal_export():
    rows = [
        ["3c9a1f0e-1111-4a4a-9b9b-000000000001", "Microsoft 365 Business Standard", "25", "Active", "Nordlicht IT AB"],
        ["3c9a1f0e-1111-4a4a-9b9b-000000000002", "Microsoft 365 Business Standard", "10", "Expired", "Nordlicht IT AB"],
        ["3c9a1f0e-1111-4a4a-9b9b-000000000003", "Microsoft Teams Essentials Trial", "25", "Active", ""],
    ]
    parsed = read_one("Subscriptions.csv", delimited(SUBSCRIPTIONS_PORTAL, rows, eol="\r\n"), customer="Fabrikam Oy")
    assert parsed.kind == "subscriptions"
    assert rows_of(parsed, "line", "customer_name", "tenant_id", "offer_name", "status", "is_trial", "quantity") == [
        (2, "Fabrikam Oy", None, "Microsoft 365 Business Standard", "active", False, 25),
        (3, "Fabrikam Oy", None, "Microsoft 365 Business Standard", "expired", False, 10),
        (4, "Fabrikam Oy", None, "Microsoft Teams Essentials Trial", "active", True, 25),
    ]


# ---- 7. Helpdesk ticket exports

TICKET_COLUMNS = ("line", "customer_name", "ticket_type", "created", "status")


def test_tickets_zendesk():
    data = delimited(
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
        ],
    )
    parsed = read_one("zendesk_tickets.csv", data)
    assert parsed.kind == "tickets"
    assert rows_of(parsed, *TICKET_COLUMNS) == [
        (2, "Contoso Göteborg AB", "question", dt.date(2026, 10, 20), "solved"),
        (3, "Fabrikam Oy", "incident", dt.date(2026, 10, 21), "open"),
    ]


def test_tickets_freshdesk():
    data = delimited(
        [
            "Ticket ID",
            "Subject",
            "Status",
            "Priority",
            "Source",
            "Type",
            "Agent",
            "Group",
            "Created time",
            "Company Name",
        ],
        [
            [
                "88",
                "Teams meeting recording?",
                "Resolved",
                "Low",
                "Email",
                "Question",
                "Eva",
                "Support",
                "2026-10-19 14:02:11",
                "Fabrikam Oy",
            ],
            [
                "89",
                "Add a shared mailbox",
                "Open",
                "Medium",
                "Portal",
                "Feature Request",
                "Eva",
                "Support",
                "2026-10-20 09:00:00",
                "Fabrikam Oy",
            ],
        ],
    )
    parsed = read_one("freshdesk.csv", data)
    assert rows_of(parsed, *TICKET_COLUMNS) == [
        (2, "Fabrikam Oy", "Question", dt.date(2026, 10, 19), "Resolved"),
        (3, "Fabrikam Oy", "Feature Request", dt.date(2026, 10, 20), "Open"),
    ]


def test_tickets_servicenow():
    data = delimited(
        [
            "number",
            "opened_at",
            "short_description",
            "caller_id",
            "priority",
            "state",
            "category",
            "assignment_group",
            "company",
        ],
        [
            [
                "INC0010021",
                "2026-10-18 10:11:12",
                "How to use OneDrive sync",
                "Anna Berg",
                "4 - Low",
                "7 - Closed",
                "Inquiry / Help",
                "Service Desk",
                "Northwind Traders",
            ],
            [
                "INC0010022",
                "2026-10-22 16:40:00",
                "VPN down",
                "Bo Ek",
                "1 - Critical",
                "2 - In Progress",
                "Network",
                "Network",
                "Northwind Traders",
            ],
        ],
    )
    parsed = read_one("incident.csv", data)
    assert rows_of(parsed, *TICKET_COLUMNS) == [
        (2, "Northwind Traders", "Inquiry / Help", dt.date(2026, 10, 18), "7 - Closed"),
        (3, "Northwind Traders", "Network", dt.date(2026, 10, 22), "2 - In Progress"),
    ]


def test_tickets_connectwise_type_and_subtype():
    data = delimited(
        ["id", "summary", "Company Name", "Board", "Type", "SubType", "Status", "dateEntered"],
        [
            [
                "5301",
                "Excel pivot question",
                "Contoso Göteborg AB",
                "Help Desk",
                "Service Request",
                "How-To",
                "Closed",
                "2026-10-25T07:30:00Z",
            ],
        ],
    )
    parsed = read_one("connectwise.csv", data)
    assert rows_of(parsed, *TICKET_COLUMNS) == [
        (2, "Contoso Göteborg AB", "Service Request / How-To", dt.date(2026, 10, 25), "Closed"),
    ]


def test_tickets_autotask_with_us_date_time():
    data = delimited(
        ["Ticket Number", "Title", "Account", "Issue Type", "Sub-Issue Type", "Create Date/Time", "Status", "Queue"],
        [
            [
                "T20261026.0004",
                "Outlook rules",
                "Contoso Göteborg AB",
                "Microsoft 365",
                "User Question",
                "10/26/2026 9:14 AM",
                "Complete",
                "Level I Support",
            ],
        ],
    )
    parsed = read_one("autotask.csv", data)
    assert rows_of(parsed, *TICKET_COLUMNS) == [
        (2, "Contoso Göteborg AB", "Microsoft 365 / User Question", dt.date(2026, 10, 26), "Complete"),
    ]


def test_tickets_without_a_created_date_are_rejected():
    data = delimited(
        ["id", "organization", "type", "created_at", "status"],
        [
            [1, "Contoso Göteborg AB", "question", "", "open"],
            [2, "", "question", "2026-10-20", "open"],
            [3, "Contoso Göteborg AB", "question", "sometime", "open"],
        ],
    )
    parsed = read_one("zendesk.csv", data)
    assert parsed.rows.height == 0
    assert rejects_of(parsed) == [
        (2, "created_at is empty"),
        (3, "organization is empty"),
        (4, 'created_at "sometime" is not a date'),
    ]


# ---- 8. The canonical template


def test_template_round_trips_through_the_reader():
    parsed = read_one("template.csv", template_csv().encode("utf-8"))
    assert parsed.kind == "canonical"
    assert rows_of(parsed, *FIGURES, "segment", "market") == [
        (
            2,
            "6f1c1d2e-8a4b-4c3d-9e2f-1a2b3c4d5e6f",
            "Contoso Göteborg AB",
            "2026-10",
            "Exchange",
            120,
            110,
            96,
            "SMB",
            "Sweden",
        ),
        (3, None, "Fabrikam Oy", "2026-10", "Teams", 40, None, 31, "SMB", "Finland"),
    ]
    assert rejects_of(parsed) == []


def test_template_header_is_the_documented_one():
    assert template_csv().splitlines()[0] == (
        "customer_id,customer_name,period,workload,licenses_sold,licenses_assigned,active_users,segment,market"
    )


def test_canonical_customer_id_that_is_a_name_is_the_name():
    data = delimited(
        ["customer_id", "period", "workload", "licenses_sold", "licenses_assigned", "active_users"],
        [
            ["Northwind Traders", "2026-10", "SPO", "50", "45", "30"],
        ],
    )
    parsed = read_one("mine.csv", data)
    assert rows_of(parsed, *FIGURES) == [(2, None, "Northwind Traders", "2026-10", "SharePoint", 50, 45, 30)]


# ---- XLSX workbooks


def test_xlsx_reads_every_recognised_sheet_and_skips_the_rest():
    data = workbook(
        {
            "Read me": [["Exported from Partner Center"], ["Nordlicht IT AB"]],
            "Insights": [INSIGHTS_O365]
            + [
                insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-10-01", 120, 96),
                insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-10-01", 120, 96, duplicate=1),
            ],
            "Deployment": [API_DEPLOYMENT] + [[r[h] for h in API_DEPLOYMENT] for r in deployment_records()],
        }
    )
    parsed = read_file("adoption.xlsx", data)
    assert [(p.name, p.kind) for p in parsed] == [
        ("adoption.xlsx[Insights]", "insights_o365"),
        ("adoption.xlsx[Deployment]", "api_deployment"),
    ]
    assert rows_of(parsed[0], *FIGURES) == [(2, CONTOSO, "Contoso Göteborg AB", "2026-10", "Exchange", 120, None, 96)]
    assert rejects_of(parsed[0]) == [(3, DUPLICATE)]
    assert rows_of(parsed[1], "workload", "licenses_sold", "licenses_assigned") == [
        ("Microsoft 365 Business Standard", 120, 110),
        ("Microsoft 365 E3", 40, 22),
    ]


def test_xlsx_sheet_for_one_customer_needs_the_customer():
    data = workbook(
        {
            "Insights": [
                INSIGHTS_O365,
                insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-10-01", 120, 96),
            ],
            "Users": [USER_DETAIL, user("anna@contoso.se", licensed=("Exchange",), active={"Exchange": "2026-10-30"})],
        }
    )
    with pytest.raises(AdoptionError) as error:
        read_file("adoption.xlsx", data)
    assert str(error.value) == (
        "adoption.xlsx[Users] is a Microsoft 365 Office 365 active user detail for one "
        "customer but names none: say which customer it belongs to."
    )
    parsed = read_file("adoption.xlsx", data, customer="Contoso Göteborg AB")
    assert [(p.name, p.kind) for p in parsed] == [
        ("adoption.xlsx[Insights]", "insights_o365"),
        ("adoption.xlsx[Users]", "user_detail"),
    ]
    assert ("Exchange", 1, 1) in rows_of(parsed[1], "workload", "licenses_assigned", "active_users")


def test_xlsx_with_real_date_cells():
    data = workbook(
        {
            "Sheet1": [
                ["customer_name", "period", "workload", "licenses_sold", "licenses_assigned", "active_users"],
                ["Fabrikam Oy", dt.datetime(2026, 10, 1), "Teams", 40, 35, 31],
            ]
        }
    )
    parsed = read_one("mine.xlsx", data)
    assert rows_of(parsed, "period", "workload", "licenses_sold", "licenses_assigned", "active_users") == [
        ("2026-10", "Teams", 40, 35, 31)
    ]


def test_xlsx_with_no_recognised_sheet_names_the_file():
    data = workbook({"Notes": [["Hello", "World"], ["a", "b"]]})
    with pytest.raises(AdoptionError, match=r"^mine\.xlsx\[Notes\] was not recognised from its header row"):
        read_file("mine.xlsx", data)


# ---- detection by content, not name


def test_kind_comes_from_headers_not_the_file_name():
    parsed = read_one(
        "license_usage.json",
        delimited(
            INSIGHTS_SEATS,
            [insights_seats_row(CONTOSO, "Contoso Göteborg AB", "Power BI Pro", "2026-10-01", 5, 5, 5)],
            sep="\t",
        ),
    )
    assert parsed.kind == "insights_seats"


def test_unrecognised_headers_name_the_file_and_what_was_expected():
    with pytest.raises(AdoptionError) as error:
        read_file("invoice.csv", b"Invoice number,Amount,Currency\n1001,200,SEK\n")
    message = str(error.value)
    assert message.startswith(
        "invoice.csv was not recognised from its header row "
        "(line 1 has: Invoice number, Amount, Currency); expected one of: "
    )
    assert "Partner Center Insights Office 365 license usage (WorkloadName, Month, PaidAvailableUnits" in message
    assert "\n" not in message


def test_nearly_recognised_headers_say_which_column_is_missing():
    header = [h for h in INSIGHTS_O365 if h != "MonthlyActiveUsers"]
    with pytest.raises(AdoptionError) as error:
        read_file("insights.tsv", delimited(header, []))
    assert str(error.value).startswith(
        "insights.tsv looks like a Partner Center Insights Office 365 license usage but has no MonthlyActiveUsers column"
    )


def test_every_kind_has_a_normaliser_and_licenses_lead_with_their_source_kind():
    from adoption.ingest.kinds import KIND_BY_NAME
    from adoption.ingest.readers import NORMALISERS
    from adoption.model import LICENSE_SCHEMA

    assert set(NORMALISERS) == set(KIND_BY_NAME)
    assert list(LICENSE_SCHEMA)[0] == "source_kind"

"""The three rules at their thresholds (just inside and just outside), with evidence, priority and
actions exactly, and the thresholds changed through Settings."""

import datetime as dt

import pytest

from adoption.ingest.customers import build_portfolio
from adoption.ingest.readers import read_file
from adoption.recommend import PLAYBOOKS, RECOMMENDATION_COLUMNS, Settings, recommendations
from export_fixtures import CONTOSO, FABRIKAM, INSIGHTS_O365, delimited, insights_o365_row

CANONICAL = ["customer_id", "customer_name", "period", "workload", "licenses_sold", "licenses_assigned", "active_users"]
TICKETS = ["id", "organization", "type", "created_at", "status"]
LOW = PLAYBOOKS["low_adoption"]["actions"]
SUPPORT = (
    "Offer training (in person or online) to raise overall skill; promote self-service support options: "
    "a support site with self-help beside the contact details."
)
UPSELL = "Offer more or higher licenses and courses; training still raises productivity and cuts support needs."


def licenses(*rows, customer=(CONTOSO, "Contoso Göteborg AB"), period="2026-10"):
    """rows: (workload, sold, assigned, active)."""
    return ("licenses.csv", delimited(CANONICAL, [[*customer, period, *row] for row in rows]))


def tickets(*rows):
    """rows: (organization, type, created date, how many)."""
    lines, number = [], 1000
    for organization, kind, created, count in rows:
        for _ in range(count):
            number += 1
            lines.append([number, organization, kind, f"{created}T09:30:00Z", "solved"])
    return ("zendesk.csv", delimited(TICKETS, lines))


def recommend(*files, settings=None, as_of=None):
    parsed = [p for name, data in files for p in read_file(name, data)]
    table = recommendations(build_portfolio(parsed), settings=settings, as_of=as_of)
    return table.select(RECOMMENDATION_COLUMNS).rows()


def low_actions(weak: str) -> str:
    return (
        f"Share case studies and customer stories about specific scenarios for {weak}; "
        f"send tutorials, blogs and videos that show {weak} in daily work."
    )


def test_low_adoption_actions_template():
    assert LOW.format(weak="Teams") == low_actions("Teams")


# ---- low_adoption


def test_deployment_just_below_60_is_low_adoption():
    assert recommend(licenses(("Exchange", 1000, 599, 599))) == [
        (
            CONTOSO,
            "Contoso Göteborg AB",
            "low_adoption",
            401,
            "Exchange deployment 59.9% (599 of 1000 assigned)",
            low_actions("Exchange"),
        ),
    ]


def test_deployment_of_exactly_60_is_not_low_adoption():
    assert recommend(licenses(("Exchange", 1000, 600, 600))) == []


def test_usage_just_below_40_is_low_adoption():
    assert recommend(licenses(("Teams", 1000, 1000, 399))) == [
        (
            CONTOSO,
            "Contoso Göteborg AB",
            "low_adoption",
            601,
            "Teams usage 39.9% (399 active of 1000)",
            low_actions("Teams"),
        ),
    ]


def test_usage_of_exactly_40_is_not_low_adoption():
    assert recommend(licenses(("Teams", 1000, 1000, 400))) == []


def test_low_usage_of_sold_where_assigned_is_unknown():
    data = delimited(
        INSIGHTS_O365, [insights_o365_row(FABRIKAM, "Fabrikam Oy", "SharePoint", "2026-10-01", 40, 15)], sep="\t"
    )
    assert recommend(("insights.tsv", data)) == [
        (
            FABRIKAM,
            "Fabrikam Oy",
            "low_adoption",
            25,
            "SharePoint usage 37.5% (15 active of 40)",
            low_actions("SharePoint"),
        ),
    ]


def test_both_deployment_and_usage_low_on_one_row():
    assert recommend(licenses(("Exchange", 100, 50, 10))) == [
        (
            CONTOSO,
            "Contoso Göteborg AB",
            "low_adoption",
            90,
            "Exchange deployment 50.0% (50 of 100 assigned), Exchange usage 20.0% (10 active of 50)",
            low_actions("Exchange"),
        ),
    ]


def test_four_licenses_are_not_judged():
    assert recommend(licenses(("Exchange", 4, 4, 0))) == []


def test_five_licenses_are_judged():
    assert recommend(licenses(("Exchange", 5, 5, 0))) == [
        (
            CONTOSO,
            "Contoso Göteborg AB",
            "low_adoption",
            5,
            "Exchange usage 0.0% (0 active of 5)",
            low_actions("Exchange"),
        ),
    ]


def test_five_assigned_of_four_sold_are_judged():
    assert [r[2:4] for r in recommend(licenses(("Exchange", 4, 5, 0)))] == [("low_adoption", 5)]


def test_weakest_three_workloads_shown_by_unused_licenses():
    rows = recommend(
        licenses(
            ("Exchange", 100, 100, 30),
            ("Teams", 100, 100, 10),
            ("SharePoint", 100, 100, 20),
            ("Yammer", 100, 100, 35),
            ("Skype for Business", 100, 100, 90),
        )
    )
    assert rows == [
        # the priority is the customer's unused licenses counted once: 100 - the largest workload's 90 active
        # (Skype for Business is not judged, but its users hold the same licenses)
        (
            CONTOSO,
            "Contoso Göteborg AB",
            "low_adoption",
            100 - 90,
            "Teams usage 10.0% (10 active of 100); SharePoint usage 20.0% (20 active of 100); "
            "Exchange usage 30.0% (30 active of 100); and 1 more",
            low_actions("Teams, SharePoint, Exchange"),
        ),
    ]


def test_only_the_latest_period_is_judged():
    older = licenses(("Exchange", 100, 100, 10), period="2026-09")
    newer = licenses(("Exchange", 100, 95, 70), period="2026-10")
    assert recommend(("sep.csv", older[1]), ("oct.csv", newer[1])) == []


# ---- upsell


def test_upsell_at_exactly_90_and_80():
    assert recommend(licenses(("Exchange", 1000, 900, 720))) == [
        (
            CONTOSO,
            "Contoso Göteborg AB",
            "upsell",
            900,
            "lowest Deployment 90.0%, lowest Usage 80.0% across 1 workloads/products; 900 licensed users",
            UPSELL,
        ),
    ]


def test_no_upsell_at_deployment_89_9():
    assert recommend(licenses(("Exchange", 1000, 899, 720))) == []


def test_no_upsell_at_usage_79_9():
    assert recommend(licenses(("Exchange", 1000, 900, 719))) == []


def test_upsell_needs_every_row_high():
    assert recommend(licenses(("Exchange", 100, 100, 95), ("Teams", 1000, 899, 899))) == []


def test_upsell_over_several_rows_reports_the_lowest():
    assert recommend(licenses(("Exchange", 100, 100, 95), ("Teams", 200, 190, 160))) == [
        (
            CONTOSO,
            "Contoso Göteborg AB",
            "upsell",
            190,
            "lowest Deployment 95.0%, lowest Usage 84.2% across 2 workloads/products; 190 licensed users",
            UPSELL,
        ),
    ]


def test_upsell_on_usage_of_sold_alone():
    data = delimited(
        INSIGHTS_O365, [insights_o365_row(FABRIKAM, "Fabrikam Oy", "Exchange", "2026-10-01", 120, 96)], sep="\t"
    )
    assert recommend(("insights.tsv", data)) == [
        (
            FABRIKAM,
            "Fabrikam Oy",
            "upsell",
            120,
            "lowest Usage 80.0% across 1 workloads/products; 120 licensed users",
            UPSELL,
        ),
    ]


def test_no_upsell_without_any_figure():
    assert recommend(licenses(("Exchange", 100, "", ""))) == []


def test_low_adoption_excludes_upsell():
    problems = [r[2] for r in recommend(licenses(("Exchange", 100, 100, 100), ("Teams", 100, 59, 59)))]
    assert problems == ["low_adoption"]


def test_rows_under_five_licenses_do_not_block_upsell():
    assert [r[2:4] for r in recommend(licenses(("Exchange", 100, 100, 90), ("Yammer", 4, 1, 0)))] == [("upsell", 100)]


# ---- high_support_load

STEADY = ("Exchange", 1000, 1000, 700)  # neither low adoption nor upsell


def test_exactly_5_help_tickets_per_100_licensed_users():
    files = licenses(STEADY), tickets(("Contoso Göteborg AB", "question", "2026-10-31", 50))
    assert recommend(*files) == [
        (
            CONTOSO,
            "Contoso Göteborg AB",
            "high_support_load",
            1000,
            "50 help/how-to tickets in the 30 days to 2026-10-31 = 5.0 per 100 licensed users (1000)",
            SUPPORT,
        ),
    ]


def test_4_9_help_tickets_per_100_licensed_users_is_not_high():
    assert recommend(licenses(STEADY), tickets(("Contoso Göteborg AB", "question", "2026-10-31", 49))) == []


def test_licensed_users_fall_back_to_sold_without_assigned():
    data = delimited(
        INSIGHTS_O365, [insights_o365_row(FABRIKAM, "Fabrikam Oy", "Exchange", "2026-10-01", 200, 120)], sep="\t"
    )
    assert recommend(("insights.tsv", data), tickets(("Fabrikam Oy", "question", "2026-10-20", 10))) == [
        (
            FABRIKAM,
            "Fabrikam Oy",
            "high_support_load",
            200,
            "10 help/how-to tickets in the 30 days to 2026-10-20 = 5.0 per 100 licensed users (200)",
            SUPPORT,
        ),
    ]


def test_licensed_users_are_the_largest_assigned_figure():
    files = (
        licenses(STEADY, ("Teams", 1200, 800, 600)),  # largest sold 1200, largest assigned 1000
        tickets(("Contoso Göteborg AB", "How-to", "2026-10-31", 50)),
    )
    assert [r[2:5] for r in recommend(*files)] == [
        (
            "high_support_load",
            1000,
            "50 help/how-to tickets in the 30 days to 2026-10-31 = 5.0 per 100 licensed users (1000)",
        ),
    ]


def test_window_includes_as_of_minus_29_days():
    files = (
        licenses(STEADY),
        tickets(
            ("Contoso Göteborg AB", "question", "2026-10-31", 49), ("Contoso Göteborg AB", "question", "2026-10-02", 1)
        ),
    )
    assert [r[2:4] for r in recommend(*files)] == [("high_support_load", 1000)]


def test_window_excludes_as_of_minus_30_days():
    files = (
        licenses(STEADY),
        tickets(
            ("Contoso Göteborg AB", "question", "2026-10-31", 49), ("Contoso Göteborg AB", "question", "2026-10-01", 1)
        ),
    )
    assert recommend(*files) == []


def test_window_ends_on_the_newest_ticket_of_any_customer():
    files = (
        licenses(STEADY),
        tickets(("Contoso Göteborg AB", "question", "2026-10-01", 50), ("Fabrikam Oy", "incident", "2026-10-31", 1)),
    )
    assert recommend(*files) == []


def test_as_of_sets_the_window():
    files = (
        licenses(STEADY),
        tickets(("Contoso Göteborg AB", "question", "2026-10-01", 50), ("Fabrikam Oy", "incident", "2026-10-31", 1)),
    )
    assert recommend(*files, as_of=dt.date(2026, 10, 30)) == [
        (
            CONTOSO,
            "Contoso Göteborg AB",
            "high_support_load",
            1000,
            "50 help/how-to tickets in the 30 days to 2026-10-30 = 5.0 per 100 licensed users (1000)",
            SUPPORT,
        ),
    ]


def test_tickets_after_as_of_do_not_count():
    files = licenses(STEADY), tickets(("Contoso Göteborg AB", "question", "2026-10-31", 50))
    assert recommend(*files, as_of=dt.date(2026, 10, 30)) == []


def test_ten_help_tickets_without_license_data():
    assert recommend(tickets(("Northwind Traders", "question", "2026-10-31", 10))) == [
        (
            "Northwind Traders",
            "Northwind Traders",
            "high_support_load",
            10,
            "10 help/how-to tickets in the 30 days to 2026-10-31; no license data",
            SUPPORT,
        ),
    ]


def test_nine_help_tickets_without_license_data_are_not_high():
    assert recommend(tickets(("Northwind Traders", "question", "2026-10-31", 9))) == []


@pytest.mark.parametrize(
    "kind", ["question", "Question", "How-to", "Service Request / How To", "Inquiry / Help", "help", "User INQUIRY"]
)
def test_help_words_match(kind):
    assert [r[2] for r in recommend(tickets(("Northwind Traders", kind, "2026-10-31", 10)))] == ["high_support_load"]


@pytest.mark.parametrize("kind", ["incident", "Problem", "Feature Request", "task", "Howto"])
def test_other_ticket_types_do_not_count(kind):
    assert recommend(tickets(("Northwind Traders", kind, "2026-10-31", 10))) == []


def test_help_and_other_tickets_are_counted_apart():
    files = (
        licenses(STEADY),
        tickets(
            ("Contoso Göteborg AB", "question", "2026-10-31", 49), ("Contoso Göteborg AB", "incident", "2026-10-31", 20)
        ),
    )
    assert recommend(*files) == []


def test_support_load_and_low_adoption_together_highest_priority_first():
    files = (
        licenses(("Exchange", 1000, 1000, 300)),
        tickets(
            ("Contoso Göteborg AB", "question", "2026-10-31", 50), ("Northwind Traders", "question", "2026-10-31", 12)
        ),
    )
    assert [r[1:4] for r in recommend(*files)] == [
        ("Contoso Göteborg AB", "high_support_load", 1000),
        ("Contoso Göteborg AB", "low_adoption", 700),
        ("Northwind Traders", "high_support_load", 12),
    ]


def test_support_load_and_upsell_together():
    files = licenses(("Exchange", 100, 100, 90)), tickets(("Contoso Göteborg AB", "question", "2026-10-31", 5))
    assert [r[2:4] for r in recommend(*files)] == [("high_support_load", 100), ("upsell", 100)]


# ---- Settings


def test_settings_low_deployment_threshold():
    assert recommend(licenses(("Exchange", 1000, 599, 599)), settings=Settings(low_deployment_pct=59.9)) == []
    assert [
        r[2] for r in recommend(licenses(("Exchange", 1000, 599, 599)), settings=Settings(low_deployment_pct=60.0))
    ] == ["low_adoption"]


def test_settings_low_usage_threshold():
    assert [r[2] for r in recommend(licenses(("Teams", 1000, 1000, 499)), settings=Settings(low_usage_pct=50))] == [
        "low_adoption"
    ]


def test_settings_min_licenses():
    assert [r[2:4] for r in recommend(licenses(("Exchange", 2, 2, 0)), settings=Settings(min_licenses=2))] == [
        ("low_adoption", 2)
    ]
    assert recommend(licenses(("Exchange", 5, 5, 0)), settings=Settings(min_licenses=6)) == []


def test_settings_upsell_thresholds():
    custom = Settings(upsell_deployment_pct=80, upsell_usage_pct=70)
    assert [r[2] for r in recommend(licenses(("Exchange", 1000, 800, 560)), settings=custom)] == ["upsell"]
    assert recommend(licenses(("Exchange", 1000, 800, 559)), settings=custom) == []


def test_settings_support_thresholds_and_window():
    files = (
        licenses(STEADY),
        tickets(
            ("Contoso Göteborg AB", "question", "2026-10-31", 40), ("Contoso Göteborg AB", "question", "2026-10-01", 1)
        ),
    )
    assert recommend(*files) == []
    assert [r[4] for r in recommend(*files, settings=Settings(help_tickets_per_100_users=4.0))] == [
        "40 help/how-to tickets in the 30 days to 2026-10-31 = 4.0 per 100 licensed users (1000)"
    ]
    assert [
        r[4] for r in recommend(*files, settings=Settings(help_tickets_per_100_users=4.1, support_window_days=31))
    ] == ["41 help/how-to tickets in the 31 days to 2026-10-31 = 4.1 per 100 licensed users (1000)"]


def test_settings_tickets_without_licenses_and_help_words():
    files = [tickets(("Northwind Traders", "incident", "2026-10-31", 3))]
    assert recommend(*files) == []
    custom = Settings(help_tickets_without_licenses=3, help_words=("incident",))
    assert [r[2:5] for r in recommend(*files, settings=custom)] == [
        ("high_support_load", 3, "3 help/how-to tickets in the 30 days to 2026-10-31; no license data")
    ]


def test_customers_of_one_name_and_priority_are_ordered_by_tenant_id():
    ids = [f"{n:08x}-0000-4000-8000-{n:012x}" for n in range(3000, 0, -7)]  # written in descending order
    rows = [[tenant, "Contoso AB", "2026-10", "Exchange", 100, 50, 50] for tenant in ids]
    found = recommend(("licenses.csv", delimited(CANONICAL, rows)))
    assert [row[0] for row in found] == sorted(ids)


def test_evidence_and_actions_in_swedish():
    """The same rows and priorities, worded in Swedish with Swedish numbers (no-break space thousands, decimal
    comma, a no-break space before %); English (the tests above) is the command line's wording."""
    parsed = [
        p
        for name, data in [
            licenses(
                ("Exchange", 12000, 12000, 3000),
                ("Teams", 12000, 12000, 1000),
                ("SharePoint", 12000, 12000, 2000),
                ("Yammer", 12000, 12000, 3500),
            ),
            licenses(("Exchange", 1000, 900, 720), customer=(FABRIKAM, "Fabrikam Oy")),
        ]
        for p in read_file(name, data)
    ]
    portfolio = build_portfolio(parsed)
    english = recommendations(portfolio)
    swedish = recommendations(portfolio, language="sv")
    assert swedish.drop("evidence", "actions").equals(english.drop("evidence", "actions"))
    nbsp = "\u00a0"
    assert swedish.select("problem", "priority", "evidence", "actions").rows() == [
        (
            "low_adoption",
            12000 - 3500,
            f"Teams: användning 8,3{nbsp}% (1{nbsp}000 aktiva av 12{nbsp}000); "
            f"SharePoint: användning 16,7{nbsp}% (2{nbsp}000 aktiva av 12{nbsp}000); "
            f"Exchange: användning 25,0{nbsp}% (3{nbsp}000 aktiva av 12{nbsp}000); och 1 till",
            "Dela kundcase och kundberättelser om konkreta scenarier för Teams, SharePoint, Exchange; skicka guider, "
            "bloggar och videor som visar Teams, SharePoint, Exchange i det dagliga arbetet.",
        ),
        (
            "upsell",
            900,
            f"lägsta distribution 90,0{nbsp}%, lägsta användning 80,0{nbsp}%; antal arbetsbelastningar/produkter: 1; "
            "900 licensierade användare",
            "Erbjud fler licenser eller licenser på högre nivå, och kurser; utbildning höjer ändå produktiviteten "
            "och minskar supportbehovet.",
        ),
    ]

"""The account manager's week from the command line on a small crafted portfolio (app_fixtures, in a
real DuckDB store): `call-list`, `contacted` and `snooze` (a snoozed customer leaves the list and
returns on its date; the actions are logged as the Next steps buttons log them), `what-if --set`,
`tickets`; exact output, formula-safe cells, one-sentence errors with exit 2."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import app_fixtures as fx
from adoption.call_list import CONTACTED, SNOOZED, snooze_note
from adoption.cli import run
from adoption.store import Store
from store_fixtures import TENANTS, insights_tsv, zendesk_export
from test_app_pages import app

CONTOSO, FABRIKAM, NORTHWIND = (TENANTS[n] for n in ("Contoso Ltd", "Fabrikam AB", "Northwind Traders"))
CALL_HEADER = "customer_id,customer_name,problems,priority,money,last_contacted,snoozed_until"

# Help/how-to tickets (Zendesk type "question") in the 30 days to the newest ticket, 2026-10-28 (from
# 2026-09-29): Fabrikam 5 (Teams 3, Outlook 1, a printer 1), Contoso 1 (Outlook). Not counted: the
# incident, and Fabrikam's OneDrive question of 2026-09-01 (before the window).
TICKETS = [
    (201, "Fabrikam AB", "question", "Hur bokar jag ett Teams-möte med extern gäst?", "2026-10-03", "solved"),
    (202, "Fabrikam AB", "question", "Hvordan opretter jeg en kanal i Teams?", "2026-10-10", "solved"),
    (203, "Fabrikam AB", "question", "Hur bokar jag ett Teams-möte med extern gäst?", "2026-10-17", "open"),
    (204, "Fabrikam AB", "question", "Miten lisään allekirjoituksen Outlookiin?", "2026-10-24", "open"),
    (205, "Fabrikam AB", "question", "Printer on floor 2 is offline", "2026-10-25", "open"),
    (206, "Fabrikam AB", "incident", "Outlook keeps asking for password", "2026-10-20", "open"),
    (207, "Fabrikam AB", "question", "Where are my OneDrive files after the move?", "2026-09-01", "solved"),
    (208, "Contoso Ltd", "question", "How do I share my calendar with a colleague?", "2026-10-28", "open"),
    (209, "Contoso Ltd", "incident", "Mail bounces to external domain", "2026-10-28", "open"),
]


@pytest.fixture
def store(store_at):
    """Adatum (no problem), Contoso (low adoption), Fabrikam (upsell, high support load), Northwind
    (upsell), and Contoso Pharma AB (no tenant id, no problem: 12 of 30 active is 40%); on both backends."""
    path = store_at
    fx.fill(
        path,
        "default",
        ("insights.tsv", fx.portfolio_tsv()),
        ("pharma.tsv", fx.one_customer_tsv("Contoso Pharma AB")),
        ("tickets.csv", zendesk_export(TICKETS)),
    )
    return str(path)


def cli(capsys, *argv):
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def actions(path: str) -> list[tuple]:
    with Store.open(path, read_only=True) as opened:
        log = opened.actions("default")
    return log.select("customer_key", "date", "kind", "note").rows()


def test_call_list_from_a_store_ranked_by_licenses(store, capsys):
    # Northwind upsell: 60 licensed users; Contoso low adoption: 50 unused (200 sold, the largest
    # workload Teams has 150 active); Fabrikam 50 licensed users; ties by name. Office 365 workload
    # rows name no product, so no money.
    assert cli(capsys, "call-list", "--store", store, "--today", "2026-11-02") == (
        0,
        f"{CALL_HEADER}\n"
        f"{NORTHWIND},Northwind Traders,upsell,60,,,\n"
        f"{CONTOSO},Contoso Ltd,low_adoption,50,,,\n"
        f"{FABRIKAM},Fabrikam AB,high_support_load;upsell,50,,,\n",
        "",
    )


def test_a_snoozed_customer_leaves_the_call_list_and_returns_on_its_date(store, capsys):
    code, out, err = cli(
        capsys, "snooze", "Contoso Ltd", "--until", "2026-11-16", "--today", "2026-11-02", "--store", store
    )
    assert (code, err) == (0, "")
    assert out == (
        "logged: Contoso Ltd snoozed until 2026-11-16 (workspace default); back on the call list then, or "
        "sooner if a problem appears that it has not now (now: low adoption).\n"
    )
    # as the Next steps page logs it: the date is the snooze's end, the note the problems it saw
    assert actions(store) == [(CONTOSO, dt.date(2026, 11, 16), SNOOZED, snooze_note(["low_adoption"]))]
    without = f"{CALL_HEADER}\n{NORTHWIND},Northwind Traders,upsell,60,,,\n{FABRIKAM},Fabrikam AB,high_support_load;upsell,50,,,\n"
    assert cli(capsys, "call-list", "--store", store, "--today", "2026-11-02")[1] == without
    assert cli(capsys, "call-list", "--store", store, "--today", "2026-11-15")[1] == without
    assert cli(capsys, "call-list", "--store", store, "--today", "2026-11-16")[1] == (
        f"{CALL_HEADER}\n"
        f"{NORTHWIND},Northwind Traders,upsell,60,,,\n"
        f"{CONTOSO},Contoso Ltd,low_adoption,50,,,2026-11-16\n"
        f"{FABRIKAM},Fabrikam AB,high_support_load;upsell,50,,,\n"
    )


def test_contacted_is_logged_and_shown_by_tenant_id_in_any_case(store, capsys):
    code, out, err = cli(capsys, "contacted", FABRIKAM.upper(), "--on", "2026-11-02", "--store", store)
    assert (code, out, err) == (0, "logged: Fabrikam AB contacted on 2026-11-02 (workspace default).\n", "")
    assert actions(store) == [(FABRIKAM, dt.date(2026, 11, 2), CONTACTED, "")]
    code, out, err = cli(capsys, "call-list", "--store", store, "--today", "2026-11-03", "--format", "json")
    assert json.loads(out)[2] == {
        "customer_id": FABRIKAM,
        "customer_name": "Fabrikam AB",
        "problems": ["high_support_load", "upsell"],
        "priority": 50,
        "money": None,
        "last_contacted": "2026-11-02",
        "snoozed_until": None,
    }


def test_a_unique_part_of_a_name_names_a_customer_and_an_ambiguous_one_is_refused(store, capsys):
    assert cli(capsys, "contacted", "northwind", "--on", "2026-11-02", "--store", store)[1] == (
        "logged: Northwind Traders contacted on 2026-11-02 (workspace default).\n"
    )
    assert cli(capsys, "contacted", "contoso", "--store", store) == (
        2,
        "",
        f"adoption: 'contoso' could be 2 customers (Contoso Ltd ({CONTOSO}), Contoso Pharma AB); "
        "give the tenant id or the full name.\n",
    )
    assert cli(capsys, "snooze", "Tailspin", "--until", "2099-01-01", "--store", store) == (
        2,
        "",
        "adoption: no customer's tenant id or name matches 'Tailspin'.\n",
    )
    assert cli(capsys, "contacted", "contoso pharma ab", "--on", "2026-11-03", "--store", store)[0] == 0
    assert [kind for _, _, kind, _ in actions(store)] == [CONTACTED, CONTACTED]  # nothing logged on refusal


def test_a_snooze_must_end_after_today_and_the_sample_is_not_written(store, capsys):
    assert cli(capsys, "snooze", "Contoso Ltd", "--until", "2026-11-02", "--today", "2026-11-02", "--store", store) == (
        2,
        "",
        "adoption: snooze until a day after today (2026-11-02), not 2026-11-02.\n",
    )
    code, _, err = cli(capsys, "contacted", "Contoso Ltd", "--store", store, "--workspace", "sample")
    assert code == 2 and err.startswith("adoption: workspace sample holds the bundled sample") and err.count("\n") == 1
    assert actions(store) == []


def test_call_list_from_files_is_formula_safe_and_reports_rejected_rows(tmp_path, capsys):
    rows = [
        ('=HYPERLINK("http://x.example","Click") AB', "Exchange", "2026-10", 100, 10),
        ('=HYPERLINK("http://x.example","Click") AB', "Teams", "2026-10", 100, 20),
        ("Tailspin AB", "Exchange", "2026-10", 40, 10),
        ("Tailspin AB", "Teams", "2026-10", "forty", 10),
    ]
    path = tmp_path / "insights.tsv"
    path.write_bytes(insights_tsv(rows))
    code, out, err = cli(capsys, "call-list", str(path), "--today", "2026-11-02")
    assert code == 0
    assert out == (
        f"{CALL_HEADER}\n"
        # without a tenant id, a customer's id is its name (as in `recommend`)
        '"\'=HYPERLINK(""http://x.example"",""Click"") AB","\'=HYPERLINK(""http://x.example"",""Click"") AB",'
        "low_adoption,80,,,\n"
        "Tailspin AB,Tailspin AB,low_adoption,30,,,\n"
    )
    assert err == f'{path}:5: PaidAvailableUnits "forty" is not a number\n'


def test_contacted_escapes_control_characters_in_the_name(tmp_path, capsys):
    path = tmp_path / "s.duckdb"
    fx.fill(path, "default", ("one.tsv", fx.one_customer_tsv("Röd\x1b[31m AB")))
    code, out, _ = cli(capsys, "contacted", "röd", "--on", "2026-11-02", "--store", str(path))
    assert (code, out) == (0, "logged: Röd\\x1b[31m AB contacted on 2026-11-02 (workspace default).\n")


WHAT_IF_HEADER = "group,before,after,entering,leaving,customers_entering,customers_leaving"


def test_what_if_counts_and_names_every_problem_and_band(store, capsys):
    # Adatum's Teams 55% and Contoso Pharma's 40% are below 60: both enter low adoption (1 -> 3);
    # Adatum's Usage % points (now from 60%) fall and it moves from watch to at risk (Contoso Pharma,
    # at 40% no Usage points already, stays there). Nothing else moves.
    assert cli(capsys, "what-if", "--store", store, "--set", "low_usage_pct=60") == (
        0,
        f"{WHAT_IF_HEADER}\n"
        'Low adoption,1,3,2,0,Adatum Corp;Contoso Pharma AB,""\n'
        'Slipping,0,0,0,0,"",""\n'
        'High support load,1,1,0,0,"",""\n'
        'Upsell room,2,2,0,0,"",""\n'
        'Health: healthy,1,1,0,0,"",""\n'
        'Health: watch,2,1,0,1,"",Adatum Corp\n'
        'Health: at risk,2,3,1,0,Adatum Corp,""\n',
        "",
    )


def test_what_if_json_and_several_settings(store, capsys):
    # upsell from 95% Usage: Fabrikam (lowest 90%) leaves, Northwind (95%) stays; Contoso Pharma AB's
    # 40% is now low adoption too
    code, out, _ = cli(
        capsys,
        "what-if",
        "--store",
        store,
        "--set",
        "upsell_usage_pct=95",
        "--set",
        "low_usage_pct=41",
        "--format",
        "json",
    )
    moved = {row["group"]: row for row in json.loads(out) if row["entering"] or row["leaving"]}
    assert code == 0 and moved["Upsell room"] == {
        "group": "Upsell room",
        "before": 2,
        "after": 1,
        "entering": 0,
        "leaving": 1,
        "customers_entering": [],
        "customers_leaving": ["Fabrikam AB"],
    }
    assert moved["Low adoption"]["customers_entering"] == ["Contoso Pharma AB"]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("low_usage_pct=abc", "low_usage_pct must be a number from 0 to 100, not 'abc'."),
        ("low_usage_pct=150", "low_usage_pct must be from 0 to 100, not 150."),
        ("support_window_days=7.5", "support_window_days must be a whole number from 1 to 365, not '7.5'."),
        ("low_usage_pct=nan", "low_usage_pct must be from 0 to 100, not nan."),
    ],
)
def test_what_if_refuses_a_bad_value_in_one_sentence(store, capsys, setting, message):
    assert cli(capsys, "what-if", "--store", store, "--set", setting) == (2, "", f"adoption: {message}\n")


def test_what_if_refuses_an_unknown_setting(store, capsys):
    code, out, err = cli(capsys, "what-if", "--store", store, "--set", "colour=red")
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert err.startswith("adoption: 'colour=red' is not NAME=VALUE with a known NAME; the settings are min_licenses, ")


TICKETS_HEADER = "customer_id,customer_name,workload,help_tickets,top_topics"


def test_tickets_per_customer_and_workload_with_top_topics(store, capsys):
    assert cli(capsys, "tickets", "--store", store) == (
        0,
        f"{TICKETS_HEADER}\n"
        f"{CONTOSO},Contoso Ltd,Outlook/Exchange,1,How do I share my calendar with a colleague? (1)\n"
        f"{FABRIKAM},Fabrikam AB,Teams,3,Hur bokar jag ett Teams-möte med extern gäst? (2);"
        "Hvordan opretter jeg en kanal i Teams? (1)\n"
        f"{FABRIKAM},Fabrikam AB,Outlook/Exchange,1,Miten lisään allekirjoituksen Outlookiin? (1)\n"
        f"{FABRIKAM},Fabrikam AB,Other,1,Printer on floor 2 is offline (1)\n",
        "",
    )


def test_tickets_json_window_and_topic_count(store, capsys):
    # a window ending 2026-10-12 (from 2026-09-13): Fabrikam's first two questions only
    code, out, _ = cli(
        capsys, "tickets", "--store", store, "--as-of", "2026-10-12", "--topics", "1", "--format", "json"
    )
    assert json.loads(out) == [
        {
            "customer_id": FABRIKAM,
            "customer_name": "Fabrikam AB",
            "workload": "Teams",
            "help_tickets": 2,
            "top_topics": ["Hur bokar jag ett Teams-möte med extern gäst? (1)"],
        }
    ]


def test_tickets_without_a_helpdesk_export_is_the_header_only(tmp_path, capsys):
    path = tmp_path / "insights.tsv"
    path.write_bytes(fx.portfolio_tsv())
    assert cli(capsys, "tickets", str(path)) == (0, f"{TICKETS_HEADER}\n", "")


def test_an_action_needs_an_existing_store(tmp_path, capsys):
    missing = tmp_path / "typo.duckdb"
    assert cli(capsys, "contacted", "Contoso Ltd", "--store", str(missing)) == (
        2,
        "",
        f"adoption: there is no store at {missing}; store the exports first (store import) or give --store.\n",
    )
    assert not missing.exists()


def call_list_on_the_page(at) -> list[tuple]:
    table = next(d.value for d in at.dataframe if "last_contacted" in d.value.columns)
    return list(zip(table["customer_name"], table["priority"]))


def test_the_page_and_the_cli_show_the_same_call_list_and_share_the_snooze(filled, capsys):
    listed = [
        (r["customer_name"], int(r["priority"]))
        for r in json.loads(cli(capsys, "call-list", "--store", str(filled), "--format", "json")[1])
    ]
    assert (
        call_list_on_the_page(app("next_steps"))
        == listed
        == [
            ("Northwind Traders", 60),
            ("Contoso Ltd", 50),
            ("Fabrikam AB", 50),
        ]
    )
    assert cli(capsys, "snooze", "Northwind Traders", "--until", "2099-01-01", "--store", str(filled))[0] == 0
    assert call_list_on_the_page(app("next_steps")) == [("Contoso Ltd", 50), ("Fabrikam AB", 50)]


def test_an_unreadable_price_list_is_one_sentence(store, tmp_path, capsys):
    missing = tmp_path / "prices.csv"
    assert cli(capsys, "call-list", "--store", store, "--prices", str(missing)) == (
        2,
        "",
        f"adoption: the price list {missing} cannot be read (No such file or directory).\n",
    )

"""The account manager's week from the command line on the bundled sample (data/, imported into a
real store as the app imports it): the call list and a snooze on it, and the what-if counts, money
and ticket figures checked against what a person counts from the `metrics` and `customers` output,
data/prices.csv and the raw helpdesk export."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from adoption.cli import run
from adoption.sample import DATA_DIR, manifest
from adoption.settings import Settings
from adoption.store import Store

CALL_HEADER = "customer_id,customer_name,problems,priority,money,last_contacted,snoozed_until"
OSTGOTA = "f79f5129-54f8-46ce-9773-eed92c67b951"
TOP_TEN = [
    f"{OSTGOTA},Östgöta Bygg & Måleri AB,low_adoption;slipping,3394,44398,,",
    "b9406161-76cc-4fa7-b25f-25d5e558692c,Jönköpings Ståltjänst AB,low_adoption;slipping,2475,9013,,",
    "eca86ca4-a88b-4512-b49c-187ac7c3b2cf,Nordkalotten Gruv AB,low_adoption,1911,14144,,",
    "4ebccb2c-fddb-4a46-8dbf-1d86e30b9d97,Fjordlys Teknikk ASA,upsell,1800,36018,,",
    "d409e111-eb2c-49fe-a99f-ae3a9ca87645,Malmö Hamnlogistik AB,upsell,1606,31842,,",
    "e58da711-c9be-41e0-9a12-c10fe97c1f70,Ångermanlands Elinstallationer AB,upsell,1346,35569,,",
    "e5501d91-1a16-4c35-a4a6-3d1b613a8664,Sundsvalls Mekaniska Verkstad AB,low_adoption,1279,24116,,",
    "6f0fc0a8-f9b7-4c75-9d1d-4798e9304923,Kotkan Saha Oy,low_adoption,1138,8437,,",
    "14167f9d-9f01-41e0-8069-3847c4a701a8,Järvelän kunta,low_adoption;slipping,1060,7381,,",
    "f89c5668-b9a0-4b08-8cf6-8093574f89b0,Norrdala kommun,low_adoption,995,3324,,",
]


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> str:
    """The sample's files, each one upload, in workspace "default" of a fresh store."""
    path = tmp_path_factory.mktemp("sample") / "store.duckdb"
    with Store.open(path) as store:
        for entry in manifest()["files"]:
            file = DATA_DIR / entry["path"]
            result = store.import_file(file.name, file.read_bytes(), customer=entry.get("customer"))
            assert result.upload_id is not None, result.message
    return str(path)


@pytest.fixture
def store(sample_store, tmp_path) -> str:
    """A copy of the sample store for a test that logs actions."""
    copy = tmp_path / "store.duckdb"
    copy.write_bytes(open(sample_store, "rb").read())
    return str(copy)


def out_of(capsys, *argv) -> str:
    assert run(list(argv)) == 0
    return capsys.readouterr().out


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_call_list_of_the_sample(sample_store, capsys):
    out = out_of(capsys, "call-list", "--store", sample_store, "--today", "2026-11-02")
    assert out == "\n".join([CALL_HEADER, *TOP_TEN]) + "\n"


def test_the_money_of_the_first_call_is_its_unassigned_licenses_at_list_price(sample_store, capsys):
    """Östgöta's 44,398 EUR a month: (sold - assigned) x the EUR price of each product data/prices.csv
    names, over its latest rows as `metrics` prints them."""
    prices = {row["product"].lower(): float(row["EUR"]) for row in csv.DictReader(open(DATA_DIR / "prices.csv"))}
    rows = [r for r in rows_of(out_of(capsys, "metrics", "--store", sample_store)) if r["customer_id"] == OSTGOTA]
    by_hand = sum(
        max(int(r["licenses_sold"]) - int(r["licenses_assigned"]), 0) * prices[r["workload"].lower()]
        for r in rows
        if r["workload"].lower() in prices
    )
    assert round(by_hand) == 44398


def test_a_snoozed_customer_leaves_the_sample_call_list_and_returns_on_its_date(store, capsys):
    eleven = out_of(capsys, "call-list", "--store", store, "--today", "2026-11-02", "--size", "11").splitlines()
    out = out_of(capsys, "snooze", "Östgöta Bygg", "--until", "2026-11-09", "--today", "2026-11-02", "--store", store)
    assert out.startswith("logged: Östgöta Bygg & Måleri AB snoozed until 2026-11-09 (workspace default)")
    for today in ("2026-11-02", "2026-11-08"):  # the eleventh customer moves up
        assert out_of(capsys, "call-list", "--store", store, "--today", today).splitlines() == [
            CALL_HEADER,
            *eleven[2:],
        ]
    back = out_of(capsys, "call-list", "--store", store, "--today", "2026-11-09").splitlines()
    assert back == [CALL_HEADER, TOP_TEN[0] + "2026-11-09", *TOP_TEN[1:]]


def test_what_if_a_higher_healthy_band_moves_the_customers_scored_75_to_79(sample_store, capsys):
    scores = rows_of(out_of(capsys, "customers", "--store", sample_store))
    by_hand = sorted(r["customer_name"] for r in scores if 75 <= int(r["health_score"]) < 80)
    assert len(by_hand) == 8
    moves = {
        r["group"]: r
        for r in rows_of(out_of(capsys, "what-if", "--store", sample_store, "--set", "health_healthy_from=80"))
    }
    assert (moves["Health: healthy"]["before"], moves["Health: healthy"]["after"]) == ("104", "96")
    assert moves["Health: healthy"]["customers_leaving"].split(";") == by_hand
    assert moves["Health: watch"]["customers_entering"].split(";") == by_hand
    assert [moves[g]["entering"] + moves[g]["leaving"] for g in ("Low adoption", "Slipping", "Health: at risk")] == [
        "00",
        "00",
        "00",
    ]


def test_what_if_a_higher_low_usage_threshold_counted_by_hand_from_the_metrics(sample_store, capsys):
    """Low adoption: on the customer's latest period, a judged row (5 or more licenses, not Skype) with
    Deployment % below 60 or Usage % below the threshold; counted from `metrics` output."""
    rows = rows_of(out_of(capsys, "metrics", "--store", sample_store))
    latest = {}
    for r in rows:
        latest[r["customer_name"]] = max(latest.get(r["customer_name"], ""), r["period"])

    def low(threshold: float) -> set[str]:
        def number(text: str) -> float:
            return float(text) if text else float("inf")

        return {
            r["customer_name"]
            for r in rows
            if r["period"] == latest[r["customer_name"]]
            and r["workload"] not in Settings().unjudged_workloads
            and max(int(r["licenses_sold"] or 0), int(r["licenses_assigned"] or 0)) >= 5
            and (number(r["deployment_pct"]) < 60 or number(r["usage_pct"]) < threshold)
        }

    assert (len(low(40)), len(low(45))) == (48, 54)
    out = out_of(capsys, "what-if", "--store", sample_store, "--set", "low_usage_pct=45")
    moved = next(r for r in rows_of(out) if r["group"] == "Low adoption")
    assert (moved["before"], moved["after"], moved["leaving"]) == ("48", "54", "0")
    assert moved["customers_entering"].split(";") == sorted(low(45) - low(40))


def test_tickets_per_workload_add_up_to_the_help_tickets_in_the_raw_export(sample_store, capsys):
    """Uppsala Läkarhus: its `question` tickets in the 30 days to the newest ticket, counted in the raw
    Zendesk CSV, are the 8 the tickets command splits into Teams and SharePoint/OneDrive."""
    raw = list(csv.DictReader(open(DATA_DIR / "zendesk_tickets.csv", encoding="utf-8")))
    newest = max(dt.date.fromisoformat(r["created_at"][:10]) for r in raw)
    start = newest - dt.timedelta(days=29)
    by_hand = [
        r
        for r in raw
        if r["organization"] == "Uppsala Läkarhus AB"
        and r["type"] == "question"
        and start <= dt.date.fromisoformat(r["created_at"][:10]) <= newest
    ]
    shown = [
        r
        for r in rows_of(out_of(capsys, "tickets", "--store", sample_store))
        if r["customer_name"] == "Uppsala Läkarhus AB"
    ]
    assert [(r["workload"], r["help_tickets"]) for r in shown] == [("Teams", "6"), ("SharePoint/OneDrive", "2")]
    assert len(by_hand) == 8
    assert shown[0]["top_topics"] == (
        "Hvordan opretter jeg en kanal i Teams? (3);Can we co-author Excel files in Teams? (2);"
        "Hur bokar jag ett Teams-möte med extern gäst? (1)"
    )


def test_the_call_list_ranked_by_money(sample_store, capsys):
    out = out_of(
        capsys, "call-list", "--store", sample_store, "--today", "2026-11-02", "--rank", "money", "--size", "3"
    )
    assert out.splitlines() == [
        CALL_HEADER,
        TOP_TEN[0],
        "4ebccb2c-fddb-4a46-8dbf-1d86e30b9d97,Fjordlys Teknikk ASA,upsell,1800,36018,,",
        "e58da711-c9be-41e0-9a12-c10fe97c1f70,Ångermanlands Elinstallationer AB,upsell,1346,35569,,",
    ]

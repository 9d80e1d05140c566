"""This week's call list: ranked by licenses/users or money, a snoozed customer leaves it until its date
or until a new problem appears; contacted and snoozed are actions in the real store (AppTest)."""

from __future__ import annotations

import datetime as dt

import polars as pl

import app_fixtures as fx
from adoption.call_list import SNOOZED, call_list, snooze_note
from adoption.store import Store
from test_app_pages import app, run

TODAY = dt.date(2026, 11, 2)
RECS = pl.DataFrame(
    {
        "key": ["a", "b", "b", "c"],
        "customer_name": ["Alfa AB", "Beta AB", "Beta AB", "Gamma Oy"],
        "problem": ["low_adoption", "low_adoption", "slipping", "upsell"],
        "priority": [50, 40, 30, 60],
        "money": [900, 100, 200, None],
    }
)
NO_ACTIONS = pl.DataFrame(
    schema={"action_id": pl.Int64, "customer_key": pl.String, "date": pl.Date, "kind": pl.String, "note": pl.String}
)


def snooze(key: str, until: dt.date, problems: list[str], action_id: int = 1) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "action_id": [action_id],
            "customer_key": [key],
            "date": [until],
            "kind": [SNOOZED],
            "note": [snooze_note(problems)],
        }
    )


def names(frame: pl.DataFrame) -> list[str]:
    return frame["customer_name"].to_list()


def test_ranked_by_users_or_money():
    assert names(call_list(RECS, NO_ACTIONS, TODAY)) == ["Gamma Oy", "Alfa AB", "Beta AB"]
    assert names(call_list(RECS, NO_ACTIONS, TODAY, by="money")) == ["Alfa AB", "Beta AB", "Gamma Oy"]


def test_a_snoozed_customer_leaves_until_its_date():
    actions = snooze("a", TODAY + dt.timedelta(days=7), ["low_adoption"])
    assert names(call_list(RECS, actions, TODAY)) == ["Gamma Oy", "Beta AB"]
    assert names(call_list(RECS, actions, TODAY + dt.timedelta(days=7))) == ["Gamma Oy", "Alfa AB", "Beta AB"]


def test_a_new_problem_ends_the_snooze():
    actions = snooze("b", TODAY + dt.timedelta(days=30), ["low_adoption"])  # slipping came after the snooze
    assert "Beta AB" in names(call_list(RECS, actions, TODAY))
    actions = snooze("b", TODAY + dt.timedelta(days=30), ["low_adoption", "slipping"])
    assert "Beta AB" not in names(call_list(RECS, actions, TODAY))


def test_snoozing_on_the_next_steps_page_keeps_it_in_the_store(filled):
    at = app("next_steps")
    calls = at.dataframe[1].value
    assert list(calls["customer_name"]) == ["Northwind Traders", "Contoso Ltd", "Fabrikam AB"]
    picker = next(s for s in at.selectbox if s.label == "Customer called")
    picker.set_value(fx.NORTHWIND)
    run(next(b for b in at.button if b.label == "Snooze").click())
    assert list(app("next_steps").dataframe[1].value["customer_name"]) == ["Contoso Ltd", "Fabrikam AB"]
    with Store.open(filled) as store:
        logged = store.actions("default")
    assert logged.select("customer_key", "kind", "note").rows() == [(fx.NORTHWIND, "Snoozed", "problems: upsell")]

"""What-if on the crafted app portfolio (app_fixtures): the customers that would enter or leave each
problem and health band under proposed settings, before they are applied; and on the Settings page."""

from __future__ import annotations

import app_fixtures as fx
from adoption.ingest.customers import build_portfolio
from adoption.ingest.readers import read_file
from adoption.metrics import license_table
from adoption.recommend import Settings
from adoption.store import Store
from adoption.what_if import what_if
from test_app_pages import app, run


def loaded():
    portfolio = build_portfolio(read_file("insights.tsv", fx.portfolio_tsv()) + read_file("t.csv", fx.tickets_csv()))
    return portfolio, license_table(portfolio)


def test_a_higher_low_usage_threshold_brings_adatum_into_low_adoption():
    portfolio, table = loaded()
    moves = what_if(portfolio, table, Settings(), Settings(low_usage_pct=60.0))
    # Adatum's Teams 55% is below 60: it enters low adoption; its health (usage now scored from 60%) falls
    assert moves.filter(moves["group"] == "Low adoption").rows() == [("Low adoption", 1, 0, "Adatum Corp", "")]


def test_the_same_settings_change_nothing():
    portfolio, table = loaded()
    assert what_if(portfolio, table, Settings(), Settings()).height == 0


def test_the_settings_page_previews_without_applying(filled):
    at = app("settings")
    next(n for n in at.number_input if n.label == "Low adoption: Usage % below").set_value(60.0)
    run(next(b for b in at.button if b.label == "Preview the change").click())
    table = at.dataframe[0].value
    assert ("Low adoption", 1, 0, "Adatum Corp") in list(
        zip(table["group"], table["entering"], table["leaving"], table["customers_entering"])
    )
    with Store.open(filled) as store:
        assert store.settings("default") == Settings()  # not applied

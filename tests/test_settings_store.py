"""Settings kept per workspace in the store (migration 10): the Store's API on a real DuckDB file, reopened;
and through the app (AppTest), a setting, the currency or a price list applied in one session is in force in
a new one, while the sample's settings stay the defaults."""

from __future__ import annotations

import dataclasses

import duckdb

import app_fixtures as fx
from adoption.money import DEFAULT_PRICES
from adoption.settings import Settings, settings_from_json, settings_json
from adoption.store import Store
from adoption.store.schema import SCHEMA_VERSION, migrate, schema_version
from app_fixtures import fill
from test_app_pages import app, go, run

MY_PRICES = b"product,next_tier,SEK\nMicrosoft 365 E3,,400\n"


def test_a_workspace_without_saved_settings_has_the_defaults(store_at):
    with Store.open(store_at) as store:
        assert store.settings("default") == Settings()
        assert store.price_list("default") is None


def test_saved_settings_survive_reopening_and_stay_in_their_workspace(store_at):
    path = store_at
    chosen = Settings(low_usage_pct=55.0, unjudged_workloads=(), currency="SEK", slipping_periods=4)
    with Store.open(path) as store:
        store.save_settings(chosen, "user:ann@example.com")
    with Store.open(path) as store:
        assert store.settings("user:ann@example.com") == chosen
        assert store.settings("team") == Settings()
        store.save_settings(Settings(), "user:ann@example.com")  # back to defaults
        assert store.settings("user:ann@example.com") == Settings()
    with Store.open(path) as store, store._db.cursor() as cursor:  # only what differs from the defaults is written
        assert cursor.run("SELECT workspace, settings FROM workspace_settings") == [("user:ann@example.com", "{}")]


def test_a_price_list_is_kept_beside_the_settings_and_can_be_dropped(store_at):
    path = store_at
    with Store.open(path) as store:
        store.save_settings(Settings(currency="SEK"), "team")
        store.save_price_list("våra priser.csv", MY_PRICES, "team")
    with Store.open(path) as store:
        assert store.price_list("team") == ("våra priser.csv", MY_PRICES)
        assert store.settings("team").currency == "SEK"  # saving prices left the settings alone
        store.save_settings(Settings(currency="NOK"), "team")
        assert store.price_list("team") == ("våra priser.csv", MY_PRICES)  # and the other way round
        store.save_price_list(None, None, "team")
        assert store.price_list("team") is None
        assert store.price_list("default") is None


def test_settings_written_by_another_version_keep_what_this_one_knows():
    text = '{"low_usage_pct": 50, "unjudged_workloads": ["Yammer"], "retired_field": 1, "min_licenses": "ten"}'
    assert settings_from_json(text) == Settings(low_usage_pct=50.0, unjudged_workloads=("Yammer",))
    assert settings_from_json("not json") == Settings()
    assert settings_from_json(settings_json(Settings(help_words=("fråga",)))) == Settings(help_words=("fråga",))


def test_a_store_at_version_8_gains_the_settings_table_with_its_uploads(tmp_path):
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as connection:
        assert migrate(connection, target=8) == 8
    fill(path, "default", ("insights.tsv", fx.portfolio_tsv()))
    with Store.open(path) as store:
        store.save_settings(Settings(low_usage_pct=45.0))
        assert store.settings().low_usage_pct == 45.0
        assert store.uploads().height == 1
    with duckdb.connect(str(path)) as connection:
        assert schema_version(connection) == SCHEMA_VERSION >= 10


# ---- the app ------------------------------------------------------------------------------------


def usage_threshold(at) -> float:
    return next(n for n in at.number_input if n.label == "Low adoption: Usage % below").value


def test_settings_applied_are_in_force_in_a_new_session(filled):
    at = app("settings")
    next(n for n in at.number_input if n.label == "Low adoption: Usage % below").set_value(60.0)
    run(next(b for b in at.button if b.label == "Apply").click())
    assert [t.value for t in at.toast] == [
        r"Settings applied and saved for this workspace\: every page now judges with them\."
    ]
    with Store.open(filled) as store:
        assert store.settings("default") == Settings(low_usage_pct=60.0)
    fresh = app("settings")  # a reload: a new session
    assert usage_threshold(fresh) == 60.0
    go(fresh, "next_steps")
    assert [m.value for m in fresh.metric] == ["2", "0", "1", "2"]  # Adatum (Teams 55%) joins low adoption
    run(next(b for b in go(fresh, "settings").button if b.label == "Back to defaults").click())
    assert usage_threshold(app("settings")) == 40.0


def test_the_sample_keeps_the_default_settings(store_path):
    fill(store_path, "sample", ("insights.tsv", fx.portfolio_tsv()), ("tickets.csv", fx.tickets_csv()))
    at = app("settings")
    assert at.session_state["data"] == "sample"
    next(n for n in at.number_input if n.label == "Low adoption: Usage % below").set_value(60.0)
    run(next(b for b in at.button if b.label == "Apply").click())
    assert [t.value for t in at.toast] == [
        r"Settings applied for this session \(the sample's own settings are the defaults\)\: every page now judges"
        r" with them\."
    ]
    assert usage_threshold(at) == 60.0  # in force for this session
    assert usage_threshold(app("settings")) == 40.0  # a new session: the defaults
    with Store.open(store_path) as store:
        assert store.settings("sample") == Settings()


def test_the_currency_and_an_uploaded_price_list_are_kept_for_the_workspace(filled, downloads):
    at = app("settings")
    run(at.selectbox(key="currency-pick").set_value("SEK"))
    assert [t.value for t in at.toast] == [r"Money is now shown in SEK \(saved for this workspace\)\."]
    at.file_uploader(key="prices-upload-0").set_value([("våra priser.csv", MY_PRICES, "text/csv")])
    run(at)
    assert [t.value for t in at.toast] == [r"Prices from våra priser\.csv are now used for this workspace\."]
    fresh = app("settings")
    assert fresh.selectbox(key="currency-pick").value == "SEK"
    assert r"In use\: våra priser\.csv \(uploaded\)\." in [c.value for c in fresh.caption]
    assert downloads("prices.csv") == MY_PRICES.decode()
    with Store.open(filled) as store:
        assert store.settings("default") == dataclasses.replace(Settings(), currency="SEK")
    run(next(b for b in fresh.button if b.label == "Back to the default price list").click())
    again = app("settings")
    assert "In use: the default price list." in [c.value for c in again.caption]
    assert downloads("prices.csv") == DEFAULT_PRICES.read_text()

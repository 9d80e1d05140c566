"""adoption/chart_language: a builder's spec in Swedish (exact words and numbers), English left as built."""

from __future__ import annotations

import json

import polars as pl

from adoption import charts
from adoption.chart_language import localise

NBSP = "\u00a0"
ROWS = pl.DataFrame(
    {
        "workload": ["Exchange", "Exchange"],
        "metric": ["Deployment %", "Usage %"],
        "value": [93.8, 105.0],
        "band": ["healthy", "over 100%"],
    }
)
MEDIANS = pl.DataFrame({"workload": ["Exchange"], "metric": ["Usage %"], "median": [80.0]})


def bars() -> dict:
    return charts.percent_bars(ROWS, MEDIANS, "Distribution % och användning %", "").to_dict()


def test_english_is_left_as_the_builder_made_it():
    assert localise(bars(), "en") == bars()


def test_swedish_words_numbers_and_locale():
    spec = localise(bars(), "sv")
    texts = [r["text"] for rows in spec["datasets"].values() for r in rows if "text" in r]
    assert texts == [f"Distribution 93,8{NBSP}%", f"Användning 105,0{NBSP}%"]
    found = json.dumps(spec, ensure_ascii=False)
    assert '"title": "Procent"' in found and '"title": "Nivå"' in found and '"title": "Percent"' not in found
    assert '"domain": [0, 160.0]' in found  # 105 + 30 as built, and 25 more for the longer Swedish labels
    assert spec["config"]["locale"]["number"] == {
        "decimal": ",",
        "thousands": NBSP,
        "grouping": [3],
        "currency": ["", " kr"],
    }
    assert spec["config"]["locale"]["time"]["shortMonths"][9] == "Okt"


def test_heatmap_cell_labels_in_swedish():
    cells = [{"label": "45.2%"}, {"label": "+3.0"}, {"label": "-2.5"}, {"label": "n/a"}, {"label": "Teams"}]
    spec = {"datasets": {"d": cells}}
    assert [r["label"] for r in localise(spec, "sv")["datasets"]["d"]] == [
        f"45,2{NBSP}%",
        "+3,0",  # a change in points: no percent sign
        "-2,5",
        "saknas",
        "Teams",
    ]

"""The report's two charts: adoption.charts' builders (the ones the Customer page shows), their
words translated and their numbers formatted for the report's language, rendered to PNG by
vl-convert on the server with the language's number format (d3 locale "sv-SE": 1 234,5).

The builders write a few English words into the spec (axis and legend titles, the band and figure
names in the legend, the bars' "Usage 45.2%" labels); `localise` rewrites exactly those in the
spec's JSON, so the builders stay the single place of the charts' look."""

from __future__ import annotations

import json

import polars as pl
import vl_convert as vlc

from adoption import charts
from adoption import customer_view as cv
from adoption.i18n import gettext_for, percent, vega_locale
from adoption.recommend import Settings


def _words(language: str) -> dict[str, str]:
    """English words the builders put in a spec -> this language's."""
    _ = gettext_for(language)
    return {
        "Licenses / users": _("Licenses / users"),
        "Percent": _("Percent"),
        "Band": _("Level"),
        "low": _("low"),
        "fair": _("fair"),
        "healthy": _("healthy"),
        "over 100%": _("over 100%"),
        "Sold": _("Bought"),
        "Assigned": _("Assigned"),
        "Active": _("Active"),
        "Deployment %": _("Deployment"),
        "Usage %": _("Usage"),
    }


def localise(spec: dict, language: str) -> dict:
    """`spec` with the builders' English titles, legend labels and bar labels in `language`."""
    words = _words(language)
    label_map = "(" + json.dumps(words, ensure_ascii=False) + ")[datum.label] || datum.label"

    def walk(node):
        if isinstance(node, dict):
            out = {}
            for k, v in node.items():
                if k == "title" and isinstance(v, str):
                    out[k] = words.get(v, v)
                elif k == "legend" and isinstance(v, dict):
                    out[k] = {**walk(v), "labelExpr": label_map}
                else:
                    out[k] = walk(v)
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    found = walk(spec)
    for name, records in found.get("datasets", {}).items():
        found["datasets"][name] = [
            {**r, "text": f"{words.get(r['metric'], r['metric'])} {percent(r['value'], language)}"}
            if "text" in r and "metric" in r and r.get("value") is not None
            else r
            for r in records
        ]
    return found


def png(chart, language: str, step: int | None = None, scale: float = 2.0) -> bytes:
    """A builder's chart, localised and rendered (a column-wide chart at adoption.charts.EXPORT_WIDTH),
    `step` pixels per workload when given (the page's bars are roomier than a printed page needs)."""
    spec = localise(chart.to_dict(), language)
    if spec.get("width") == "container":
        spec["width"] = charts.EXPORT_WIDTH
    if step:
        spec["height"] = {"step": step}
    return vlc.vegalite_to_png(spec, scale=scale, format_locale=vega_locale(language))


def render(
    rows: pl.DataFrame, portfolio_latest: pl.DataFrame, settings: Settings, language: str, titles: dict[str, str]
) -> dict[str, bytes]:
    """PNG of the percent bars (with the median of all customers) and of the license bars of one
    customer's latest rows (adoption.customer_view.latest)."""
    _ = gettext_for(language)
    percent_chart = charts.percent_bars(
        cv.percent_long(rows, settings),
        cv.portfolio_medians(portfolio_latest, rows.get_column("workload").to_list()),
        titles["percent"],
        _("Black tick: the median of all our customers; dashed line: 100%"),
    )
    bars = charts.figures_bars(cv.figures_long(rows), titles["licenses"])
    return {"percent": png(percent_chart, language, step=13), "licenses": png(bars, language, step=7)}

"""The report's two charts: adoption.charts' builders (the ones the Customer page shows), their
words translated and their numbers formatted for the report's language, rendered to PNG by
vl-convert on the server with the language's number format (d3 locale "sv-SE": 1 234,5).

The builders write a few English words into the spec (axis and legend titles, the band and figure
names in the legend, the bars' "Usage 45.2%" labels); `localise` rewrites exactly those as the app's
charts do (adoption.chart_language), with the report's own wording of a few, so the builders stay the
single place of the charts' look."""

from __future__ import annotations

import polars as pl
import vl_convert as vlc

from adoption import chart_language, charts
from adoption import customer_view as cv
from adoption.i18n import gettext_for, vega_locale
from adoption.recommend import Settings


def _words(language: str) -> dict[str, str]:
    """The report's own wording of some of the builders' words (it speaks to the customer, who bought the
    licenses); every other word as the app's charts have it (adoption.chart_language)."""
    _ = gettext_for(language)
    return {
        "Band": _("Level"),
        "Sold": _("Bought"),
        "Deployment %": _("Deployment"),
        "Usage %": _("Usage"),
    }


def localise(spec: dict, language: str) -> dict:
    """`spec` with the builders' English titles, legend labels and bar labels in `language`, in the report's words."""
    return chart_language.localise(spec, language, _words(language))


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

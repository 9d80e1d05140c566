"""Bar charts: one customer's licenses sold, assigned and active per workload; its Deployment % and Usage %
against the portfolio median; a count per month (help/how-to tickets)."""

from __future__ import annotations

import altair as alt
import polars as pl

from adoption.charts.colours import BAND_COLOURS, FIGURE_COLOURS, NOT_JUDGED_BAR
from adoption.charts.look import FONT, finish
from adoption.i18n import N_


def figures_bars(rows: pl.DataFrame, title: str, subtitle: str = "") -> alt.TopLevelMixin:
    """Sold, assigned and active per workload/product, side by side (rows: workload, figure, value)."""
    order = list(FIGURE_COLOURS)
    chart = (
        alt.Chart(rows)
        .mark_bar(cornerRadiusEnd=2)
        .encode(
            y=alt.Y("workload:N", title=None, sort=None),
            yOffset=alt.YOffset("figure:N", sort=order),
            x=alt.X("value:Q", title=N_("Licenses / users"), axis=alt.Axis(format=",.0f")),
            color=alt.Color(
                "figure:N",
                title=None,
                sort=order,
                legend=alt.Legend(orient="bottom", direction="horizontal"),
                scale=alt.Scale(domain=order, range=list(FIGURE_COLOURS.values())),
            ),
            tooltip=[
                alt.Tooltip("workload:N", title=N_("Workload")),
                alt.Tooltip("figure:N", title=N_("Figure")),
                alt.Tooltip("value:Q", title=N_("Count"), format=",.0f"),
            ],
        )
        .properties(width="container", height=alt.Step(14))
    )
    return finish(chart, title, subtitle)


LABEL_ROOM = 30  # points of the 0-120+ axis a bar label ("Deployment 92.2%") takes at an 800 px window


def percent_bars(rows: pl.DataFrame, medians: pl.DataFrame, title: str, subtitle: str = "") -> alt.TopLevelMixin:
    """Deployment % and Usage % per workload, one view (so it fits any column): the two bars of a
    workload side by side, coloured by band and labelled, the portfolio median as a black tick. A label starts
    right of its bar, or right of its median tick when the tick would be under the label (at most
    LABEL_ROOM points right of the bar's end), so the two never touch; a tick further right is left alone.

    rows: workload, metric (title), value, band; medians: workload, metric, median.
    """
    order = [m for m in ("Deployment %", "Usage %") if m in set(rows.get_column("metric").to_list())] or ["Usage %"]
    labelled = rows.join(medians, on=["workload", "metric"], how="left").with_columns(
        text=pl.format("{} {}%", pl.col("metric").str.replace(" %", ""), pl.col("value")),
        label_at=pl.when(pl.col("median").is_between(pl.col("value"), pl.col("value") + LABEL_ROOM, closed="right"))
        .then(pl.col("median"))
        .otherwise(pl.col("value")),
    )
    y = alt.Y("workload:N", title=None, sort=None, axis=alt.Axis(labelLimit=220))
    offset = alt.YOffset("metric:N", sort=order, scale=alt.Scale(domain=order, paddingOuter=0.2))
    top = max([120.0, *[v + 30 for v in labelled.get_column("label_at").drop_nulls().to_list()]])
    # a workload the rules leave out (customer_view.NOT_JUDGED_BAND) is grey, as in the heatmap, never "low"
    unjudged = {"not judged": NOT_JUDGED_BAR} if "not judged" in set(rows.get_column("band").to_list()) else {}
    bands = BAND_COLOURS | unjudged
    scale = alt.Scale(domain=[0, top], nice=False)
    x = alt.X("value:Q", title=N_("Percent"), scale=scale)
    bars = (
        alt.Chart(labelled)
        .mark_bar(cornerRadiusEnd=2)
        .encode(
            y=y,
            yOffset=offset,
            x=x,
            color=alt.Color(
                "band:N",
                title=N_("Band"),
                scale=alt.Scale(domain=list(bands), range=list(bands.values())),
                legend=alt.Legend(orient="bottom", direction="horizontal"),
            ),
            tooltip=[
                alt.Tooltip("workload:N", title=N_("Workload")),
                alt.Tooltip("metric:N", title=N_("Metric")),
                alt.Tooltip("value:Q", title=N_("Value"), format=".1f"),
            ],
        )
    )
    labels = (
        alt.Chart(labelled)
        .mark_text(align="left", dx=6, fontSize=11, font=FONT, color="#1B1F24")  # clear of the 2 px tick
        .encode(y=y, yOffset=offset, x=alt.X("label_at:Q", title=N_("Percent"), scale=scale), text="text:N")
    )
    ticks = (
        alt.Chart(medians.rename({"median": "value"}))
        .mark_tick(color="#1B1F24", thickness=2, size=12)
        .encode(
            y=y,
            yOffset=offset,
            x=x,
            tooltip=[
                alt.Tooltip("workload:N", title=N_("Workload")),
                alt.Tooltip("metric:N", title=N_("Metric")),
                alt.Tooltip("value:Q", title=N_("Portfolio median"), format=".1f"),
            ],
        )
    )
    hundred = alt.Chart(pl.DataFrame({"value": [100.0]})).mark_rule(strokeDash=[4, 3], color="#5F6B7A").encode(x=x)
    chart = alt.layer(bars, ticks, labels, hundred).properties(width="container", height=alt.Step(40))
    return finish(chart, title, subtitle)


def monthly_bars(
    rows: pl.DataFrame, title: str, subtitle: str = "", y_title: str = N_("Help/how-to tickets")
) -> alt.TopLevelMixin:
    """A count per month (rows: month_date, value)."""
    chart = (
        alt.Chart(rows)
        .mark_bar(color="#0F6CBD", cornerRadiusEnd=2)
        .encode(
            x=alt.X("month_date:O", title=None, timeUnit="yearmonth", axis=alt.Axis(format="%b %Y", labelAngle=0)),
            y=alt.Y("value:Q", title=y_title, axis=alt.Axis(tickMinStep=1, format="d")),  # whole tickets
            tooltip=[
                alt.Tooltip("month_date:T", title=N_("Month"), timeUnit="yearmonth", format="%B %Y"),
                alt.Tooltip("value:Q", title=y_title, format=",.0f"),
            ],
        )
        .properties(width=alt.Step(44), height=200)
    )
    return finish(chart, title, subtitle)

"""The trend: a metric per workload over the months, with the actions a person logged as dashed rules."""

from __future__ import annotations

import altair as alt
import polars as pl

from adoption.charts.colours import workload_colours
from adoption.charts.look import METRIC_TITLES, finish
from adoption.i18n import N_


def trend(rows: pl.DataFrame, metric: str, actions: pl.DataFrame, title: str, subtitle: str = "") -> alt.TopLevelMixin:
    """A metric per workload over periods (rows: period_date, workload, value) with logged actions
    (date, label) as dashed vertical rules."""
    names = rows.get_column("workload").unique().to_list() if rows.height else []
    encoding = dict(
        x=alt.X("period_date:T", title=None, axis=alt.Axis(format="%b %Y", tickCount="month")),
        y=alt.Y("value:Q", title=METRIC_TITLES[metric], scale=alt.Scale(domainMin=0)),
        color=alt.Color("workload:N", title=None, scale=workload_colours(names)),
    )
    bases = sorted(rows.get_column("basis").unique().to_list()) if rows.height else []
    shapes = ["triangle-up" if b == "of licenses sold" else "circle" for b in bases]
    lines = alt.Chart(rows).mark_line(strokeWidth=2).encode(**encoding)
    points = (
        alt.Chart(rows)
        .mark_point(size=60, filled=True)
        .encode(
            **encoding,
            shape=alt.Shape(
                "basis:N",
                title=N_("Measured"),
                scale=alt.Scale(domain=bases, range=shapes),
                legend=alt.Legend() if len(bases) > 1 else None,
            ),
            tooltip=[
                alt.Tooltip("period_date:T", title=N_("Month"), format="%B %Y"),
                alt.Tooltip("workload:N", title=N_("Workload")),
                alt.Tooltip("value:Q", title=METRIC_TITLES[metric], format=".1f"),
                alt.Tooltip("basis:N", title=N_("Measured")),
            ],
        )
    )
    layers = [lines, points]
    if actions.height:
        rules = (
            alt.Chart(actions)
            .mark_rule(strokeDash=[5, 4], color="#5F6B7A")
            .encode(
                x="date:T",
                tooltip=[
                    alt.Tooltip("date:T", title=N_("Date"), format="%Y-%m-%d"),
                    alt.Tooltip("label:N", title=N_("Action")),
                ],
            )
        )
        layers.append(rules)
    return finish(alt.layer(*layers).properties(width="container", height=260), title, subtitle)

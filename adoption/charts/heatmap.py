"""The Portfolio heatmap: customers (rows) by workloads or products, coloured by adoption or by the change
since the previous period, each cell labelled in the ink its fill needs; a click selects a customer."""

from __future__ import annotations

import altair as alt
import polars as pl

from adoption.charts.colours import (
    MUTED_INK,
    NOT_JUDGED,
    _adoption_stops,
    _change_stops,
    adoption_scale,
    cell_fill,
    change_reach,
    ink_on,
    scale_stops,
)
from adoption.charts.look import CHANGE_TITLES, FONT, METRIC_TITLES, look
from adoption.i18n import N_
from adoption.recommend import Settings

CELL_SELECTION = "cell"
HEADER_LINE = 12  # px between the lines of a heatmap column header
HEADER_RAISE = f"2 + (length(split(datum.label, ' ')) - 1) * {HEADER_LINE}"  # a header's last line just above the cells


def heatmap(
    cells: pl.DataFrame,
    metric: str,
    customer_order: list[str],
    workload_order: list[str],
    title: str,
    subtitle: str = "",
    change: bool = False,
    settings: Settings = Settings(),
) -> alt.TopLevelMixin:
    """Customers (rows, in the given order) by workloads; a click selects a cell's customer `key`.

    `cells` columns: key, customer_label, workload, value, label, sold, assigned, active, flags, judged.
    """
    selection = alt.selection_point(name=CELL_SELECTION, fields=["key"], on="click", clear="dblclick")
    grey = {"test": "datum.value === null || datum.judged === false", "value": NOT_JUDGED}  # no figure, or not judged
    judged = cells.get_column("judged") if "judged" in cells.columns else pl.Series([True] * cells.height)
    if change:
        reach = change_reach(cells.get_column("value"))
        domain, colours = _change_stops(reach)
        colour = alt.Color(
            "value:Q",
            title=CHANGE_TITLES[metric],
            condition=grey,
            scale=alt.Scale(domain=domain, range=colours, clamp=True, interpolate="rgb"),
            legend=alt.Legend(values=[-reach, 0, reach], orient="bottom", direction="horizontal"),
        )
    else:
        domain, colours = _adoption_stops(metric, settings)
        colour = alt.Color(
            "value:Q",
            title=METRIC_TITLES[metric],
            condition=grey,
            scale=adoption_scale(metric, settings),
            legend=alt.Legend(
                type="symbol",
                values=[0, *scale_stops(metric, settings), 100, 150],
                symbolType="square",
                symbolSize=180,
                labelExpr="datum.label + '%'",
                orient="bottom",
                direction="horizontal",
            ),
        )
    # each label's colour from its cell's luminance: the fill computed as Vega draws it (cell_fill)
    fills = [
        cell_fill(value, domain, colours) if is_judged else None
        for value, is_judged in zip(cells.get_column("value").to_list(), judged.to_list())
    ]
    cells = cells.with_columns(ink=pl.Series([ink_on(fill) if fill else MUTED_INK for fill in fills], dtype=pl.String))
    y = alt.Y("customer_label:N", sort=customer_order, title=None, axis=alt.Axis(labelLimit=220))
    # headers wrap at spaces ("Dynamics 365 Sales Enterprise" on four lines) instead of overlapping; Vega stacks a
    # top axis label's lines downwards, into the cells, so each label sits higher by its extra lines
    x = alt.X(
        "workload:N",
        sort=workload_order,
        title=None,
        axis=alt.Axis(
            orient="top",
            labelAngle=0,
            labelLimit=120,
            labelExpr="split(datum.label, ' ')",
            labelLineHeight=HEADER_LINE,
            labelPadding={"condition": {"test": "true", "expr": HEADER_RAISE}, "value": 2},
        ),
    )
    tooltip = [
        alt.Tooltip("customer_label:N", title=N_("Customer")),
        alt.Tooltip("workload:N", title=N_("Workload")),
        alt.Tooltip("label:N", title=CHANGE_TITLES[metric] if change else METRIC_TITLES[metric]),
        alt.Tooltip("sold:Q", title=N_("Sold"), format=",.0f"),
        alt.Tooltip("assigned:Q", title=N_("Assigned"), format=",.0f"),
        alt.Tooltip("active:Q", title=N_("Active"), format=",.0f"),
        alt.Tooltip("flags:N", title=N_("Notes")),
    ]
    # Built in one call per part, not chained: each of Altair's chained calls (encode, mark_*, add_params, layer,
    # resolve_scale, properties) deep-copies the chart so far, ~20 ms of every Portfolio rerun (the spec is the one
    # the chained calls gave, compared when this changed; tests/test_charts.py checks its parts).
    rects = alt.Chart(
        # invalid=None: a cell without a figure is drawn (in the legend's grey), not dropped as invalid
        mark=alt.MarkDef(type="rect", stroke="white", strokeWidth=1.5, cornerRadius=2, invalid=None),
        encoding=alt.FacetedEncoding(
            x=x,
            y=y,
            color=colour,
            opacity=alt.OpacityValue(0.35, condition={"param": CELL_SELECTION, "value": 1.0}),
            tooltip=tooltip,
        ),
        params=[selection.param],
    )
    text = alt.Chart(
        mark=alt.MarkDef(type="text", fontSize=11, font=FONT, aria=False),
        encoding=alt.FacetedEncoding(x=x, y=y, text=alt.Text("label:N"), color=alt.Color("ink:N", scale=None)),
    )
    return alt.LayerChart(
        data=cells,
        layer=[rects, text],
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(color="independent")),  # the text colour is literal, not a scale
        width="container",
        height=alt.Step(26),
        **look(title, subtitle),
    )

"""Altair chart builders, one per chart the app shows, and their PNG/SVG rendering (vl-convert,
offline, on the server). Colours live here once: one per workload, and the adoption bands
(low, fair, healthy, over 100%) shared by every chart."""

from __future__ import annotations

import altair as alt
import polars as pl
import vl_convert as vlc

from adoption.i18n import N_
from adoption.recommend import Settings
from adoption.views import METRICS, thresholds, workload_order

WORKLOAD_COLOURS = {
    "Exchange": "#0F6CBD",
    "SharePoint": "#038387",
    "Teams": "#5B5FC7",
    "Skype for Business": "#00A2AD",
    "Yammer": "#C239B3",
}
PRODUCT_PALETTE = ["#8764B8", "#CA5010", "#498205", "#8E562E", "#4F6BED", "#986F0B", "#69797E", "#E3008C"]
FIGURE_COLOURS = {"Sold": "#B9C3CF", "Assigned": "#5B8DD6", "Active": "#0F6CBD"}
# Adoption bands: the same four colours on every chart and in the legend text of the pages.
BAND_COLOURS = {"low": "#C4314B", "fair": "#E9A23B", "healthy": "#2E8540", "over 100%": "#7A3E9D"}
METRIC_TITLES = METRICS  # "Usage %", "Deployment %": named once, in adoption.views
CHANGE_TITLES = {
    "usage_pct": N_("Change in Usage % (points)"),
    "deployment_pct": N_("Change in Deployment % (points)"),
}
FONT = "Segoe UI, Helvetica Neue, Arial, sans-serif"
CELL_SELECTION = "cell"
HEADER_LINE = 12  # px between the lines of a heatmap column header
HEADER_RAISE = f"2 + (length(split(datum.label, ' ')) - 1) * {HEADER_LINE}"  # a header's last line just above the cells
NOT_JUDGED = "#EEF1F5"
NOT_JUDGED_BAR = "#A7B0BA"  # the same meaning on a bar chart, dark enough to see against white  # no figure, or a workload that is not judged (retired): grey, with the reason in the tooltip


def workload_colours(names: list[str]) -> alt.Scale:
    """Canonical workloads keep their colour everywhere; products take the palette in order."""
    domain = workload_order(names)
    products = [n for n in domain if n not in WORKLOAD_COLOURS]
    colours = [WORKLOAD_COLOURS.get(n) or PRODUCT_PALETTE[products.index(n) % len(PRODUCT_PALETTE)] for n in domain]
    return alt.Scale(domain=domain, range=colours)


def scale_stops(metric: str, settings: Settings = Settings()) -> tuple[float, float]:
    """Where the scale turns from red to amber (low) and reaches green (healthy): the same
    thresholds as adoption.views.band, kept below 100 so the over-100% purple stays distinct."""
    low, good = thresholds(metric, settings)
    good = min(good, 99.9)
    return min(low, good), good


def adoption_scale(metric: str, settings: Settings = Settings()) -> alt.Scale:
    """Diverging: red below the low threshold, amber to green at the healthy one and up to 100%,
    purple above 100%; interpolated in RGB, as cell_fill computes it."""
    domain, colours = _adoption_stops(metric, settings)
    return alt.Scale(domain=domain, range=colours, clamp=True, interpolate="rgb")


def _adoption_stops(metric: str, settings: Settings) -> tuple[list[float], list[str]]:
    low, good = scale_stops(metric, settings)
    colours = [
        BAND_COLOURS["low"],
        BAND_COLOURS["fair"],
        "#7DBB6A",
        BAND_COLOURS["healthy"],
        "#B58AD0",
        BAND_COLOURS["over 100%"],
    ]
    return [0, low, good, 100, 100.05, 200], colours


# Change since the previous period: red (fell) through pale grey (no change) to blue (rose).
CHANGE_COLOURS = ["#B2182B", "#EF8A62", "#F4F4F4", "#67A9CF", "#2166AC"]
DARK_INK, LIGHT_INK, MUTED_INK = "#1B1F24", "#FFFFFF", "#5F6B7A"


def change_reach(values: pl.Series) -> float:
    """The change scale's reach either side of 0: the largest change shown, rounded up to 5 points (at least
    5), so the scale follows the data's range and stays symmetric around 0."""
    largest = values.drop_nulls().abs().max()
    return float(max(5, -(-float(largest or 0) // 5) * 5))


def _change_stops(reach: float) -> tuple[list[float], list[str]]:
    return [-reach, -reach / 2, 0, reach / 2, reach], CHANGE_COLOURS


def cell_fill(value: float | None, domain: list[float], colours: list[str]) -> str | None:
    """The colour a continuous scale (piecewise linear in RGB, clamped) gives `value`, as Vega draws it
    ("rgb(r, g, b)", each rounded); None for no value."""
    if value is None:
        return None
    value = min(max(value, domain[0]), domain[-1])
    upper = next((i for i, stop in enumerate(domain) if value <= stop), len(domain) - 1)
    lower = max(upper - 1, 0)
    span = domain[upper] - domain[lower]
    t = (value - domain[lower]) / span if span else 0.0
    a, b = _rgb(colours[lower]), _rgb(colours[upper])
    return "rgb({}, {}, {})".format(*(_round(x + (y - x) * t) for x, y in zip(a, b)))


def _round(x: float) -> int:
    return int(x + 0.5)  # JavaScript's Math.round, which Vega uses (Python's round() rounds halves to even)


def _rgb(colour: str) -> tuple[int, ...]:
    if colour.startswith("rgb("):
        return tuple(int(part) for part in colour[4:-1].split(","))
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of "#RRGGBB" or "rgb(r, g, b)"."""
    linear = [c / 255 / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in _rgb(colour)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ink_on(fill: str) -> str:
    """The label colour for a cell: white or near-black, whichever contrasts more with the cell's fill."""
    return LIGHT_INK if contrast(LIGHT_INK, fill) > contrast(DARK_INK, fill) else DARK_INK


def _finish(chart: alt.TopLevelMixin, title: str, subtitle: str = "") -> alt.TopLevelMixin:
    return (
        chart.properties(
            title=alt.TitleParams(
                title,
                subtitle=subtitle or alt.Undefined,
                anchor="start",
                fontSize=15,
                subtitleColor="#5F6B7A",
                font=FONT,
                subtitleFont=FONT,
            ),
        )
        .configure_axis(
            labelFont=FONT,
            titleFont=FONT,
            labelColor="#1B1F24",
            titleColor="#5F6B7A",
            gridColor="#E8ECF1",
            domainColor="#C8D0DA",
            tickColor="#C8D0DA",
            labelLimit=260,
        )
        .configure_legend(labelFont=FONT, titleFont=FONT, orient="bottom")
        .configure_view(strokeWidth=0)
        .configure(background="white", padding=12)
        .properties(usermeta={"embedOptions": {"actions": False}})
    )  # the page's own PNG/SVG buttons, no Vega menu


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
    judged = cells.get_column("judged") if "judged" in cells.columns else pl.Series([True] * cells.height)
    if change:
        reach = change_reach(cells.get_column("value"))
        domain, colours = _change_stops(reach)
        colour = alt.Color(
            "value:Q",
            title=CHANGE_TITLES[metric],
            scale=alt.Scale(domain=domain, range=colours, clamp=True, interpolate="rgb"),
            legend=alt.Legend(values=[-reach, 0, reach], orient="bottom", direction="horizontal"),
        )
    else:
        domain, colours = _adoption_stops(metric, settings)
        colour = alt.Color(
            "value:Q",
            title=METRIC_TITLES[metric],
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
    base = alt.Chart(cells).encode(x=x, y=y)
    tooltip = [
        alt.Tooltip("customer_label:N", title=N_("Customer")),
        alt.Tooltip("workload:N", title=N_("Workload")),
        alt.Tooltip("label:N", title=CHANGE_TITLES[metric] if change else METRIC_TITLES[metric]),
        alt.Tooltip("sold:Q", title=N_("Sold"), format=",.0f"),
        alt.Tooltip("assigned:Q", title=N_("Assigned"), format=",.0f"),
        alt.Tooltip("active:Q", title=N_("Active"), format=",.0f"),
        alt.Tooltip("flags:N", title=N_("Notes")),
    ]
    rects = (
        # invalid=None: a cell without a figure is drawn (in the legend's grey), not dropped as invalid
        base.mark_rect(stroke="white", strokeWidth=1.5, cornerRadius=2, invalid=None)
        .encode(
            color=alt.condition("datum.value === null || datum.judged === false", alt.value(NOT_JUDGED), colour),
            opacity=alt.condition(selection, alt.value(1.0), alt.value(0.35)),
            tooltip=tooltip,
        )
        .add_params(selection)
    )
    text = base.mark_text(fontSize=11, font=FONT, aria=False).encode(
        text="label:N", color=alt.Color("ink:N", scale=None)
    )
    layers = alt.layer(rects, text).resolve_scale(color="independent")  # the text colour is literal, not a scale
    return _finish(layers.properties(width="container", height=alt.Step(26)), title, subtitle)


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
    return _finish(chart, title, subtitle)


def percent_bars(rows: pl.DataFrame, medians: pl.DataFrame, title: str, subtitle: str = "") -> alt.TopLevelMixin:
    """Deployment % and Usage % per workload, one view (so it fits any column): the two bars of a
    workload side by side, coloured by band and labelled, the portfolio median as a black tick.

    rows: workload, metric (title), value, band; medians: workload, metric, median.
    """
    order = [m for m in ("Deployment %", "Usage %") if m in set(rows.get_column("metric").to_list())] or ["Usage %"]
    labelled = rows.with_columns(text=pl.format("{} {}%", pl.col("metric").str.replace(" %", ""), pl.col("value")))
    y = alt.Y("workload:N", title=None, sort=None, axis=alt.Axis(labelLimit=220))
    offset = alt.YOffset("metric:N", sort=order, scale=alt.Scale(domain=order, paddingOuter=0.2))
    top = max([120.0, *[v + 30 for v in rows.get_column("value").drop_nulls().to_list()]])
    # a workload the rules leave out (customer_view.NOT_JUDGED_BAND) is grey, as in the heatmap, never "low"
    unjudged = {"not judged": NOT_JUDGED_BAR} if "not judged" in set(rows.get_column("band").to_list()) else {}
    bands = BAND_COLOURS | unjudged
    x = alt.X("value:Q", title=N_("Percent"), scale=alt.Scale(domain=[0, top], nice=False))
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
        .mark_text(align="left", dx=4, fontSize=11, font=FONT, color="#1B1F24")
        .encode(y=y, yOffset=offset, x=x, text="text:N")
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
    return _finish(chart, title, subtitle)


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
    return _finish(alt.layer(*layers).properties(width="container", height=260), title, subtitle)


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
    return _finish(chart, title, subtitle)


EXPORT_WIDTH = 760  # px: a chart that fills its column on the page is this wide in a file


def for_export(chart: alt.TopLevelMixin) -> dict:
    spec = chart.to_dict()
    if spec.get("width") == "container":
        spec["width"] = EXPORT_WIDTH
    return spec


def to_png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    """The chart as specified (data inlined; a column-wide chart at EXPORT_WIDTH), rendered to PNG on the server, offline."""
    return vlc.vegalite_to_png(for_export(chart), scale=scale)


def to_svg(chart: alt.TopLevelMixin) -> str:
    return vlc.vegalite_to_svg(for_export(chart))

"""Altair chart builders, one per chart the app and the customer report show, and their PNG/SVG rendering
(vl-convert, offline, on the server), by family: colours (one per workload, the adoption bands, the cell
label ink; defined once here), look (the common title and theme, rendering), heatmap, bars, trend."""

from adoption.charts.bars import figures_bars, monthly_bars, percent_bars
from adoption.charts.colours import (
    BAND_COLOURS,
    CHANGE_COLOURS,
    FIGURE_COLOURS,
    NOT_JUDGED,
    NOT_JUDGED_BAR,
    PRODUCT_PALETTE,
    WORKLOAD_COLOURS,
    adoption_scale,
    cell_fill,
    change_reach,
    contrast,
    ink_on,
    luminance,
    scale_stops,
    workload_colours,
)
from adoption.charts.heatmap import CELL_SELECTION, heatmap
from adoption.charts.look import (
    CHANGE_TITLES,
    EXPORT_WIDTH,
    FONT,
    METRIC_TITLES,
    SUBTITLE_LINE,
    finish,
    for_export,
    subtitle_lines,
    to_png,
    to_svg,
)
from adoption.charts.trend import trend

__all__ = [
    "BAND_COLOURS",
    "CELL_SELECTION",
    "CHANGE_COLOURS",
    "CHANGE_TITLES",
    "EXPORT_WIDTH",
    "FIGURE_COLOURS",
    "FONT",
    "METRIC_TITLES",
    "NOT_JUDGED",
    "NOT_JUDGED_BAR",
    "PRODUCT_PALETTE",
    "SUBTITLE_LINE",
    "WORKLOAD_COLOURS",
    "adoption_scale",
    "cell_fill",
    "change_reach",
    "contrast",
    "figures_bars",
    "finish",
    "for_export",
    "heatmap",
    "ink_on",
    "luminance",
    "monthly_bars",
    "percent_bars",
    "scale_stops",
    "subtitle_lines",
    "to_png",
    "to_svg",
    "trend",
    "workload_colours",
]

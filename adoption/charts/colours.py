"""Colours, once for every chart: one per workload (products take a palette in order), the figures (sold,
assigned, active), the adoption bands and their diverging scale, the change scale, and the ink a heatmap
cell's label needs (the cell's fill computed as Vega draws it, then WCAG contrast)."""

from __future__ import annotations

import altair as alt
import polars as pl

from adoption.recommend import Settings
from adoption.views import thresholds, workload_order

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

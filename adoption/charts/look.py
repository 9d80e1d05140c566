"""The charts' common look (title and subtitle, fonts, axis and legend colours, no Vega menu: the page's own
PNG/SVG buttons) and their PNG/SVG rendering on the server, offline (vl-convert)."""

from __future__ import annotations

import textwrap

import altair as alt
import vl_convert as vlc

from adoption.i18n import N_
from adoption.views import METRICS

METRIC_TITLES = METRICS  # "Usage %", "Deployment %": named once, in adoption.views
CHANGE_TITLES = {
    "usage_pct": N_("Change in Usage % (points)"),
    "deployment_pct": N_("Change in Deployment % (points)"),
}
FONT = "Segoe UI, Helvetica Neue, Arial, sans-serif"
MUTED = "#5F6B7A"
# The config, set with the title in one call (each of Altair's configure_* calls copied the chart). It is what
# the charts have always drawn with: the axis, legend and view settings the old code chained before a last
# configure() were replaced by it and never arrived, and applying them now (Segoe UI/Arial axis labels) makes the
# heatmap's "Exchange" and "SharePoint" headers touch at an 800 px window.
CONFIG = alt.Config(background="white", padding=12)


SUBTITLE_LINE = 64  # characters: a subtitle line fits the narrowest chart (the heatmap at an 800 px window)


def subtitle_lines(subtitle: str) -> str | list[str]:
    """`subtitle` as it fits every window: one line when short, else lines of at most SUBTITLE_LINE characters
    broken between its " · " clauses where it has them (a clause too long for a line is broken between words).
    Vega cuts a title that is wider than its chart and never wraps one itself."""
    if len(subtitle) <= SUBTITLE_LINE:
        return subtitle
    lines: list[str] = []
    for clause in subtitle.split(" · "):
        if lines and len(lines[-1]) + len(" · ") + len(clause) <= SUBTITLE_LINE:
            lines[-1] += " · " + clause
        else:
            lines += textwrap.wrap(clause, SUBTITLE_LINE, break_long_words=False) or [clause]
    return lines


def look(title: str, subtitle: str = "") -> dict:
    """The top-level properties of the common look: the title, its subtitle (subtitle_lines), the config and no
    Vega menu (the page's own PNG/SVG buttons); finish() sets them, or a chart built in one call takes them."""
    return {
        "title": alt.TitleParams(
            title,
            subtitle=subtitle_lines(subtitle) if subtitle else alt.Undefined,
            anchor="start",
            fontSize=15,
            subtitleColor=MUTED,
            font=FONT,
            subtitleFont=FONT,
        ),
        "config": CONFIG,
        "usermeta": {"embedOptions": {"actions": False}},
    }


def finish(chart: alt.TopLevelMixin, title: str, subtitle: str = "") -> alt.TopLevelMixin:
    """`chart` with its title, its subtitle (subtitle_lines) and the common look."""
    return chart.properties(**look(title, subtitle))


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

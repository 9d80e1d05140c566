"""Small rendering pieces the pages share: KPI tiles, a chart with its PNG/SVG downloads, a table
with its formula-safe CSV download, and download file names that say what and when. Data text is
always rendered as text (st.text, st.dataframe, st.metric labels we write), never as HTML."""

from __future__ import annotations

import re

import altair as alt
import polars as pl
import streamlit as st
import vl_convert as vlc
from slugify import slugify

from adoption.chart_language import localise
from adoption.charts import for_export, to_png, to_svg
from adoption.export import headed, to_excel_csv, to_xlsx
from adoption.text_safety import unlinkable, visible
from ui import lang
from ui.lang import _

# Altair validates every intermediate object against the Vega-Lite schema as a chart is built (its "debug mode"),
# ~20 ms of each Portfolio rerun; the finished chart is still validated once when it is drawn (to_dict).
alt.utils.schemapi.disable_debug_mode()


def file_stem(*parts: str | None) -> str:
    """`goteborgs-akeri-ab-2026-10`: ASCII words joined by dashes (python-slugify transliterates
    Nordic letters: å -> a, ø -> o, æ -> ae), nothing a file system dislikes."""
    words = [slugify(str(p)) for p in parts if p]
    return "-".join(w for w in words if w) or "adoption"


TILE_WIDTH = 200  # px: "1,234,567" at the metric's font size, with its label


number, percent = lang.number, lang.percent  # 1,234 and 85.5% / 1 234 and 85,5 % in the chosen language


# Streamlit's chart toolbar has a "Download as PNG" of its own; every chart here has the page's PNG button
# (rendered on the server, the same file whatever the window), so the toolbar's is hidden: one PNG per chart.
ONE_PNG_BUTTON = '<style>[data-testid="stElementToolbar"] button[aria-label="Download as PNG"] {display: none;}</style>'


def show_chart(chart: alt.TopLevelMixin, **options) -> object:
    """A chart with its own theme (theme=None), so the page shows what the PNG/SVG downloads contain, in the
    chosen language (adoption.chart_language). Drawn from its spec, not validated against the Vega-Lite schema
    again on each run (tests/test_charts.py validates every builder's); st.altair_chart would, at about a
    third of a chart's server time. The style hiding the toolbar's PNG button is the frame's (ui.shell), once
    per page: one element more per chart was browser work for nothing."""
    return st.vega_lite_chart(localise(chart.to_dict(validate=False), lang.language()), theme=None, **options)


def kpi_tiles(totals: dict, customers: bool = True, unassigned_value: str | None = None) -> None:
    """Customers, licenses sold/assigned/active, Deployment %, Usage %, unused licenses."""
    tiles = [(_("Customers"), number(totals.get("customers")), None)] if customers else []
    tiles += [
        (_("Licenses sold"), number(totals.get("licenses_sold")), _("Paid licenses, from all partners and direct")),
        (
            _("Assigned"),
            number(totals.get("licenses_assigned")),
            _("Licenses assigned to users (where the data has it)"),
        ),
        (_("Active users"), number(totals.get("active_users")), _("Users active in the last 28 days")),
        (_("Deployment %"), percent(totals.get("deployment_pct")), _("Assigned / sold, over rows that have both")),
        (
            _("Usage %"),
            percent(totals.get("usage_pct")),
            _("Active / assigned (or sold where assigned is unknown)"),
        ),
        (_("Unused licenses"), number(totals.get("unused_licenses")), _("Sold or assigned but not active")),
    ]
    if unassigned_value is not None:
        tiles.append(
            (
                _("Unassigned, per month"),
                unassigned_value,
                _(
                    "Paid licenses not assigned to anyone, at the "
                    "price list's prices (Settings); products the price list names"
                ),
            )
        )
    # Tiles of a fixed width in a wrapping row: fewer per row on a narrow window, never a value cut to "17…".
    with st.container(horizontal=True, wrap=True, gap="small"):
        for label, value, help_text in tiles:
            # a money value with its currency ("246,808 EUR") is wider than a count: about 20 px a character
            st.metric(label, value, help=help_text, border=True, width=max(TILE_WIDTH, 20 * len(value) + 48))


def chart_downloads(chart: alt.TopLevelMixin, stem: str, key: str) -> None:
    """PNG and SVG of exactly this chart (in the chosen language), rendered on the server when clicked."""
    language = lang.language()
    with st.container(horizontal=True, gap="small"):
        st.download_button(
            "PNG",
            data=lambda: _png(chart, language),
            file_name=f"{stem}.png",
            mime="image/png",
            key=f"{key}-png",
            icon=":material/image:",
            on_click="ignore",
        )
        st.download_button(
            "SVG",
            data=lambda: _svg(chart, language),
            file_name=f"{stem}.svg",
            mime="image/svg+xml",
            key=f"{key}-svg",
            icon=":material/draw:",
            on_click="ignore",
        )


def _png(chart: alt.TopLevelMixin, language: str) -> bytes:
    if language == "en":
        return to_png(chart)
    return vlc.vegalite_to_png(localise(for_export(chart), language), scale=2.0)


def _svg(chart: alt.TopLevelMixin, language: str) -> str:
    if language == "en":
        return to_svg(chart)
    return vlc.vegalite_to_svg(localise(for_export(chart), language))


def csv_download(
    frame: pl.DataFrame, stem: str, key: str, label: str = "CSV", headers: dict[str, str] | None = None
) -> None:  # label and headers: translated
    """The table exactly as shown, as formula-safe CSV (UTF-8 with a BOM, so Excel with a Swedish locale
    reads å, ä, ö) and as XLSX, its headers in the chosen language (adoption.export.headed; `headers`: a page's
    own for a column whose name depends on a choice)."""
    frame = headed(frame, lang.language(), headers)
    with st.container(horizontal=True, gap="small"):
        st.download_button(
            md_text(label),
            data=lambda: to_excel_csv(frame),
            file_name=f"{stem}.csv",
            mime="text/csv",
            key=key,
            icon=":material/download:",
            on_click="ignore",
        )
        st.download_button(
            "XLSX",
            data=lambda: to_xlsx(frame),
            file_name=f"{stem}.xlsx",
            key=f"{key}-xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            icon=":material/table_view:",
            on_click="ignore",
        )


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=])")


def md_text(text: object) -> str:
    """Untrusted text made safe for Streamlit's markdown (titles, captions, alerts): line breaks and
    tabs become spaces, other control and bidi-override characters show as escapes
    (adoption.text_safety.visible), a word joiner defeats automatic links (`www.`, `https://`,
    `a@b.c`), and every markdown, directive and math character is backslash-escaped, so a name
    renders as the characters it has."""
    one_line = re.sub(r"[\r\n\t]", " ", str(text))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", unlinkable(visible(one_line)))

"""Charts in the chosen language, for the app and the customer report: adoption.charts' builders write
English words into a spec (axis, legend and tooltip titles, the legend's band and figure names, the cells' "45.2%" labels); for
Swedish, `localise` rewrites exactly those through the catalogue and puts the d3 number and time locale
(vl-convert's own copy of d3's sv-SE definitions) in the spec's config, so the browser's axes, tooltips
and the PNG/SVG downloads write 1 234,5 and "Okt 2026". English specs are left as the builders make them,
but for `words`: a caller's own wording of some of the builders' words (the report says "Bought" for Sold)."""

from __future__ import annotations

import json
import re

import vl_convert as vlc

from adoption import i18n
from adoption.charts import BAND_COLOURS, FIGURE_COLOURS, METRIC_TITLES
from adoption.customer_view import BASES, NOT_JUDGED_BAND

_FIGURE_LABEL = re.compile(r"^([+-]?)(\d+\.\d+)(%?)$")  # a cell's "45.2%", or a change's "+3.0" / "-2.5"


def _legend_words(_) -> dict[str, str]:
    """Legend labels the builders use (bands, figures, metrics, a trend's basis) -> this language's."""
    words = [*BAND_COLOURS, NOT_JUDGED_BAND, *FIGURE_COLOURS, *METRIC_TITLES.values(), *BASES]
    return {w: _(w) for w in words if _(w) != w}


def _label(value: object, language: str) -> object:
    """A cell's "45.2%" / "+3.0" / "n/a" label in `language` (45,2 %, +3,0, saknas)."""
    if not isinstance(value, str):
        return value
    if value == "n/a":
        return i18n.gettext_for(language)("n/a")
    match = _FIGURE_LABEL.match(value)
    if not match:
        return value
    return match[1] + match[2].replace(".", ",") + (i18n.NBSP + "%" if match[3] else "")


def _record(record: dict, language: str, _, words: dict[str, str]) -> dict:
    """A dataset row with its shown words in `language`: a heatmap cell's `label`, a percent bar's `text`
    ("Usage 45.2%", written by percent_bars from `metric` and `value`)."""
    out = {k: (_label(v, language) if k == "label" and language != "en" else v) for k, v in record.items()}
    if "text" in record and "metric" in record and record.get("value") is not None:
        metric = record["metric"]  # a variable: Babel would extract a literal inside `_()`
        short = words.get(metric) or _(metric).replace(" %", "")  # "Användning" / "Distribution", as the tiles
        out["text"] = f"{short} {i18n.percent(record['value'], language)}"
    return out


def _wider(x: dict) -> dict:
    """The percent bars' x axis with room for the longer Swedish bar labels ("Användning 105,0 %" is half
    again as long as "Usage 105.0%"): 25 points more beyond the builder's fixed domain."""
    domain = x.get("scale", {}).get("domain")
    if isinstance(domain, list) and len(domain) == 2:
        return {**x, "scale": {**x["scale"], "domain": [domain[0], domain[1] + 25]}}
    return x


def localise(spec: dict, language: str, words: dict[str, str] | None = None) -> dict:
    """`spec` (a builder's chart.to_dict()) in `language`, with `words` (English word -> the caller's own
    wording) before the catalogue's; English without `words` returns it unchanged."""
    words = words or {}
    if language == "en" and not words:
        return spec
    _ = i18n.gettext_for(language)

    def word(text: str) -> str:
        return words.get(text) or _(text)

    label_map = "(" + json.dumps(_legend_words(_) | words, ensure_ascii=False) + ")[datum.label] || datum.label"

    def walk(node):
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if key == "title" and isinstance(value, str):
                    out[key] = word(value)
                elif key == "x" and isinstance(value, dict) and value.get("title") == "Percent" and language != "en":
                    out[key] = _wider(walk(value))
                elif key == "legend" and isinstance(value, dict):
                    out[key] = {**walk(value), "labelExpr": label_map}
                else:
                    out[key] = walk(value)
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    found = walk(spec)
    for name, records in found.get("datasets", {}).items():
        found["datasets"][name] = [_record(record, language, _, words) for record in records]
    if language != "en":
        config = found.setdefault("config", {})
        config["locale"] = {
            "number": vlc.get_format_locale(i18n.vega_locale(language)),
            "time": vlc.get_time_format_locale(i18n.vega_locale(language)),
        }
    return found

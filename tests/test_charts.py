"""The Altair builders as Vega-Lite specs (selection, scales, colours, exactly the data given) and
their server-side PNG/SVG rendering, with hostile customer names escaped in the SVG."""

import datetime as dt
import re

import polars as pl
import pytest

from adoption import charts, views
from adoption import customer_view as cv
from adoption.ingest.customers import build_portfolio
from adoption.ingest.readers import read_file
from adoption.metrics import license_table
from adoption.recommend import Settings, recommendations
from export_fixtures import CONTOSO, INSIGHTS_O365, delimited, insights_o365_row

HEADER = ["customer_id", "customer_name", "period", "workload", "licenses_sold", "licenses_assigned", "active_users"]
HOSTILE = "<script>alert(1)</script>"


def tenant(i: int) -> str:
    return f"{i:08x}-0000-4000-8000-{i:012x}"


def portfolio_export(n: int = 25) -> bytes:
    rows = []
    for i in range(1, n + 1):
        name = HOSTILE if i == 1 else f"Kund {i:02d} AB"
        rows += [
            [tenant(i), name, "2026-10", "Exchange", 100, 90, 30 + i],
            [tenant(i), name, "2026-10", "Teams", 100, 90, 20 + 4 * i],
        ]
    rows.append([tenant(2), "Kund 02 AB", "2026-10", "Yammer", 10, 10, ""])
    return delimited(HEADER, rows)


@pytest.fixture(scope="module")
def loaded():
    portfolio = build_portfolio(read_file("portfolio.csv", portfolio_export()))
    table = license_table(portfolio)
    return table, recommendations(portfolio, table=table)


def page_cells(loaded, page=1, size=10, metric="usage_pct"):
    table, recs = loaded
    summary = views.customer_summary(table, recs, metric)
    shown = views.page_of(views.customer_labels(views.sort_summary(summary, "Name")), page, size)
    return shown, views.heatmap_cells(table, shown, metric)


def heatmap_of(loaded, metric="usage_pct", change=False, **kw):
    shown, cells = page_cells(loaded, metric=metric, **kw)
    labels = shown.get_column("customer_label").to_list()
    return (
        labels,
        cells,
        charts.heatmap(
            cells,
            metric,
            labels,
            views.workload_order(cells["workload"].to_list()),
            "Portfolio Usage %",
            "latest period",
            change=change,
        ),
    )


def data_of(spec: dict) -> list[list[dict]]:
    return list(spec["datasets"].values())


def encoding(spec: dict, mark: str) -> dict:
    (layer,) = [layer for layer in spec["layer"] if layer["mark"]["type"] == mark]
    return layer["encoding"]


# ---- heatmap


def test_heatmap_point_selection_named_cell_on_key(loaded):
    spec = heatmap_of(loaded)[2].to_dict()
    (param,) = spec["params"]
    assert param["name"] == charts.CELL_SELECTION == "cell"
    assert param["select"] == {"type": "point", "fields": ["key"], "on": "click", "clear": "dblclick"}
    assert encoding(spec, "rect")["opacity"] == {"condition": {"param": "cell", "value": 1.0}, "value": 0.35}


def test_heatmap_colour_scale_is_the_adoption_scale(loaded):
    colour = encoding(heatmap_of(loaded)[2].to_dict(), "rect")["color"]
    assert colour["scale"] == charts.adoption_scale("usage_pct").to_dict()
    assert colour["scale"] == {
        "domain": [0, 40.0, 80, 100, 100.05, 200],
        "range": ["#C4314B", "#E9A23B", "#7DBB6A", "#2E8540", "#B58AD0", "#7A3E9D"],
        "clamp": True,
        "interpolate": "rgb",  # as charts.cell_fill computes it, so each label's ink follows its cell
    }
    # no figure, or a workload that is not judged (retired): the grey the caption names
    assert colour["condition"] == {"test": "datum.value === null || datum.judged === false", "value": "#EEF1F5"}
    assert colour["title"] == "Usage %"


def test_heatmap_deployment_scale_starts_red_below_its_own_threshold(loaded):
    colour = encoding(heatmap_of(loaded, metric="deployment_pct")[2].to_dict(), "rect")["color"]
    assert colour["scale"]["domain"] == [0, 60.0, 90.0, 100, 100.05, 200]  # healthy from the upsell threshold
    assert colour["title"] == "Deployment %"


def test_band_colours_are_the_scales_ends():
    scale = charts.adoption_scale("usage_pct").to_dict()
    bands = pl.DataFrame({"usage_pct": [10.0, 50.0, 95.0, 150.0]}).select(views.band("usage_pct"))
    assert list(charts.BAND_COLOURS) == bands.to_series().to_list()  # every band views.band() gives has a colour
    assert scale["range"][0] == charts.BAND_COLOURS["low"]
    assert scale["range"][3] == charts.BAND_COLOURS["healthy"]
    assert scale["range"][-1] == charts.BAND_COLOURS["over 100%"]


def test_heatmap_holds_only_the_page_given(loaded):
    labels, cells, chart = heatmap_of(loaded, page=2, size=10)
    spec = chart.to_dict()
    (records,) = data_of(spec)
    assert len(labels) == 10
    assert len(records) == cells.height == 20
    assert sorted({r["customer_label"] for r in records}) == sorted(labels)
    assert labels == [f"Kund {i:02d} AB" for i in range(11, 21)]
    assert encoding(spec, "rect")["y"]["sort"] == labels
    assert encoding(spec, "rect")["x"]["sort"] == ["Exchange", "Teams"]


def test_heatmap_last_page_is_never_empty(loaded):
    labels, cells, chart = heatmap_of(loaded, page=7, size=10)
    (records,) = data_of(chart.to_dict())
    assert labels == [f"Kund {i:02d} AB" for i in range(21, 26)]
    assert len(records) == 10


def test_heatmap_records_carry_value_label_and_key(loaded):
    _, _, chart = heatmap_of(loaded, page=1, size=2)
    (records,) = data_of(chart.to_dict())
    assert sorted((r["customer_label"], r["workload"], r["value"], r["label"], r["key"]) for r in records) == [
        (HOSTILE, "Exchange", 34.4, "34.4%", tenant(1)),
        (HOSTILE, "Teams", 26.7, "26.7%", tenant(1)),
        ("Kund 02 AB", "Exchange", 35.6, "35.6%", tenant(2)),
        ("Kund 02 AB", "Teams", 31.1, "31.1%", tenant(2)),
        ("Kund 02 AB", "Yammer", None, "n/a", tenant(2)),
    ]


def test_heatmap_change_scale_follows_the_data_symmetric_around_zero():
    cells = crafted_cells([-12.3, 7.0, None, 0.4])
    colour = encoding(change_heatmap(cells).to_dict(), "rect")["color"]
    # the largest change is 12.3 points: the scale reaches 15 either side (5-point steps), 0 in the middle
    assert colour["scale"] == {
        "domain": [-15.0, -7.5, 0, 7.5, 15.0],
        "range": ["#B2182B", "#EF8A62", "#F4F4F4", "#67A9CF", "#2166AC"],
        "clamp": True,
        "interpolate": "rgb",
    }
    assert colour["legend"]["values"] == [-15.0, 0, 15.0]
    assert colour["title"] == "Change in Usage % (points)"
    assert charts.change_reach(pl.Series([0.5, -2.0])) == 5  # never narrower than 5 points
    assert charts.change_reach(pl.Series([None], dtype=pl.Float64)) == 5
    assert charts.change_reach(pl.Series([31.0, -4.0])) == 35


def crafted_cells(values: list[float | None], judged: list[bool] | None = None) -> pl.DataFrame:
    n = len(values)
    return pl.DataFrame(
        {
            "key": [f"k{i}" for i in range(n)],
            "customer_label": [f"Kund {i:02d} AB" for i in range(n)],
            "workload": ["Teams"] * n,
            "value": values,
            "label": ["n/a" if v is None else f"{v}%" for v in values],
            "sold": [100] * n,
            "assigned": [90] * n,
            "active": [50] * n,
            "flags": [""] * n,
            "judged": judged or [True] * n,
        },
        schema_overrides={"value": pl.Float64},
    )


def change_heatmap(cells):
    labels = cells.get_column("customer_label").to_list()
    return charts.heatmap(views.change_cells(cells), "usage_pct", labels, ["Teams"], "Change", change=True)


def drawn(svg: str) -> tuple[dict[str, str], dict[str, str]]:
    """customer -> the fill Vega drew its cell with, and customer -> the colour of its label (SVG from vl-convert)."""
    fills = {
        re.search(r"customer_label: ([^;]+);", m.group(1)).group(1): m.group(2)
        for m in re.finditer(r'<path aria-label="([^"]*)"[^>]*aria-roledescription="rect mark"[^>]*fill="([^"]+)"', svg)
    }
    inks = dict(
        (label, fill) for fill, label in re.findall(r'<text[^>]*font-size="11px" fill="([^"]+)">([^<]*)</text>', svg)
    )
    return fills, inks


def readable(ink: str, fill: str) -> bool:
    """The label's colour contrasts with its cell at least as much as the other ink would, and at least 3:1."""
    if ink == "#5F6B7A":  # muted: no figure or not judged, on the grey
        return fill == "#EEF1F5" and charts.contrast(ink, fill) >= 4.5
    other = "#1B1F24" if ink == "#FFFFFF" else "#FFFFFF"
    return charts.contrast(ink, fill) >= max(3.0, charts.contrast(other, fill))


def test_every_label_is_readable_on_its_cell_pale_or_dark():
    # the adoption scale: deep red (5%), amber (40%), pale green (75%), green (100%), purple (150%), n/a,
    # and a workload not judged
    values = [5.0, 40.0, 75.0, 100.0, 150.0, None, 55.0]
    cells = crafted_cells(values, judged=[True] * 6 + [False])
    labels = cells.get_column("customer_label").to_list()
    svg = charts.to_svg(charts.heatmap(cells, "usage_pct", labels, ["Teams"], "Usage"))
    fills, inks = drawn(svg)
    domain, colours = [0, 40.0, 80.0, 100, 100.05, 200], charts.adoption_scale("usage_pct").to_dict()["range"]
    for label, value, is_judged in zip(labels, values, [True] * 6 + [False]):
        expected = charts.cell_fill(value, domain, colours) if is_judged and value is not None else "#EEF1F5"
        assert fills[label] == expected, label  # Python's fill is the one Vega drew
    text = dict(zip(cells.get_column("label").to_list(), labels))
    for shown, label in text.items():
        ink = inks[shown]
        assert readable(ink, fills[label]), (shown, ink, fills[label])
    assert inks["5.0%"] == "#FFFFFF" and inks["40.0%"] == "#1B1F24" and inks["75.0%"] == "#1B1F24"
    assert inks["150.0%"] == "#FFFFFF"  # deep purple
    assert inks["n/a"] == "#5F6B7A" and inks["55.0%"] == "#5F6B7A"  # muted on the grey


def test_change_labels_follow_their_cells_luminance():
    cells = crafted_cells([-12.0, -3.0, 0.0, 6.0, 12.0])
    fills, inks = drawn(charts.to_svg(change_heatmap(cells)))
    assert fills["Kund 02 AB"] == "rgb(244, 244, 244)"  # no change: the pale middle
    assert inks == {"-12.0": "#FFFFFF", "-3.0": "#1B1F24", "0.0": "#1B1F24", "+6.0": "#1B1F24", "+12.0": "#FFFFFF"}
    for label, fill in fills.items():
        ink = inks[views.change_cells(cells).filter(pl.col("customer_label") == label)["label"].item()]
        assert readable(ink, fill), (label, ink, fill)


def test_a_cell_without_a_figure_is_drawn_in_the_legends_grey():
    cells = crafted_cells([50.0, None])
    fills, _ = drawn(charts.to_svg(charts.heatmap(cells, "usage_pct", ["Kund 00 AB", "Kund 01 AB"], ["Teams"], "U")))
    # 50% between amber #E9A23B (40%) and #7DBB6A (80%), a quarter of the way: (206, 168.25, 70.75)
    assert fills == {"Kund 00 AB": "rgb(206, 168, 71)", "Kund 01 AB": "#EEF1F5"}  # not dropped as invalid


def test_workload_colours_fixed_for_workloads_palette_for_products():
    scale = charts.workload_colours(["Power BI Pro", "Teams", "Exchange", "Dynamics 365 Sales"]).to_dict()
    assert scale == {
        "domain": ["Exchange", "Teams", "Dynamics 365 Sales", "Power BI Pro"],
        "range": ["#0F6CBD", "#5B5FC7", "#8764B8", "#CA5010"],
    }
    assert charts.workload_colours(["Teams"]).to_dict()["range"] == [charts.WORKLOAD_COLOURS["Teams"]]


# ---- the customer's charts


@pytest.fixture(scope="module")
def contoso():
    tsv = delimited(
        INSIGHTS_O365,
        [
            insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-09-01", 120, 60),
            insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Microsoft Teams", "2026-09-01", 120, 30),
        ],
        sep="\t",
    )
    csv = delimited(
        HEADER,
        [
            [CONTOSO, "Contoso Göteborg AB", "2026-10", "Exchange", 120, 100, 90],
            [CONTOSO, "Contoso Göteborg AB", "2026-10", "Teams", 120, 100, 130],
        ],
    )
    return license_table(build_portfolio(read_file("insights.tsv", tsv) + read_file("licenses.csv", csv)))


def test_figures_bars_colours_and_data(contoso):
    spec = charts.figures_bars(cv.figures_long(cv.latest(contoso)), "Licenses", "latest").to_dict()
    assert spec["encoding"]["color"]["scale"] == {
        "domain": ["Sold", "Assigned", "Active"],
        "range": ["#B9C3CF", "#5B8DD6", "#0F6CBD"],
    }
    (records,) = data_of(spec)
    assert [(r["workload"], r["figure"], r["value"]) for r in records] == [
        ("Exchange", "Sold", 120),
        ("Teams", "Sold", 120),
        ("Exchange", "Assigned", 100),
        ("Teams", "Assigned", 100),
        ("Exchange", "Active", 90),
        ("Teams", "Active", 130),
    ]


def test_percent_bars_one_column_wide_view_with_band_colours_labels_and_medians(contoso):
    latest = cv.latest(contoso)
    spec = charts.percent_bars(
        cv.percent_long(latest), cv.portfolio_medians(latest, ["Exchange", "Teams"]), "Deployment % and Usage %"
    ).to_dict()
    assert spec["width"] == "container"  # one view, so it fits its column at any window width
    bars, ticks, labels, hundred = spec["layer"]
    assert bars["encoding"]["yOffset"]["scale"]["domain"] == ["Deployment %", "Usage %"]
    assert bars["encoding"]["color"]["scale"] == {
        "domain": list(charts.BAND_COLOURS),
        "range": list(charts.BAND_COLOURS.values()),
    }
    (records,) = [d for name, d in spec["datasets"].items() if name in labels["data"]["name"]]
    assert sorted(r["text"] for r in records) == ["Deployment 83.3%", "Deployment 83.3%", "Usage 130.0%", "Usage 90.0%"]
    assert ticks["mark"]["type"] == "tick" and hundred["mark"]["type"] == "rule"


def test_percent_bars_only_usage_when_deployment_is_unknown(contoso):
    september = contoso.filter(pl.col("period") == "2026-09")
    spec = charts.percent_bars(
        cv.percent_long(september), cv.portfolio_medians(september, ["Exchange", "Teams"]), "Usage"
    ).to_dict()
    assert spec["layer"][0]["encoding"]["yOffset"]["scale"]["domain"] == ["Usage %"]


def test_a_column_wide_chart_has_a_fixed_width_in_its_png():
    chart = charts.monthly_bars(pl.DataFrame({"month_date": [dt.date(2026, 9, 1)], "value": [3]}), "t")
    assert charts.to_png(chart)[:8] == b"\x89PNG\r\n\x1a\n"
    spec = charts.percent_bars(
        pl.DataFrame({"workload": ["Teams"], "metric": ["Usage %"], "value": [50.0], "band": ["fair"]}),
        pl.DataFrame(schema={"workload": pl.String, "metric": pl.String, "median": pl.Float64}),
        "t",
    )
    # the plot is EXPORT_WIDTH wide; axis labels, the legend and the padding come on top (not a 0 or 200 px default)
    width = int(re.search(r'<svg[^>]* width="(\d+)"', charts.to_svg(spec)).group(1))
    assert charts.EXPORT_WIDTH < width < charts.EXPORT_WIDTH + 200


def test_trend_marks_usage_of_sold_as_triangles(contoso):
    spec = charts.trend(
        cv.trend_rows(contoso, "usage_pct"),
        "usage_pct",
        pl.DataFrame(schema={"date": pl.Date, "label": pl.String}),
        "Usage % by month",
    ).to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["line", "point"]
    shape = spec["layer"][1]["encoding"]["shape"]
    assert shape["scale"] == {
        "domain": ["of licenses assigned", "of licenses sold"],
        "range": ["circle", "triangle-up"],
    }
    assert shape["legend"] == {}
    assert spec["layer"][0]["encoding"]["color"]["scale"] == {
        "domain": ["Exchange", "Teams"],
        "range": ["#0F6CBD", "#5B5FC7"],
    }


def test_trend_one_basis_has_no_shape_legend(contoso):
    rows = cv.trend_rows(contoso.filter(pl.col("period") == "2026-10"), "usage_pct")
    spec = charts.trend(rows, "usage_pct", pl.DataFrame(schema={"date": pl.Date, "label": pl.String}), "t").to_dict()
    shape = spec["layer"][1]["encoding"]["shape"]
    assert shape["legend"] is None
    assert shape["scale"] == {"domain": ["of licenses assigned"], "range": ["circle"]}


def test_trend_logged_actions_are_dashed_rules(contoso):
    actions = pl.DataFrame({"date": [dt.date(2026, 9, 15)], "label": ["Training (online): Teams basics"]})
    spec = charts.trend(cv.trend_rows(contoso, "usage_pct"), "usage_pct", actions, "t").to_dict()
    rule = spec["layer"][2]
    assert rule["mark"] == {"type": "rule", "color": "#5F6B7A", "strokeDash": [5, 4]}
    assert rule["encoding"]["x"] == {"field": "date", "type": "temporal"}
    records = spec["datasets"][rule["data"]["name"]]
    assert [r["label"] for r in records] == ["Training (online): Teams basics"]


def test_monthly_bars_discrete_months():
    rows = pl.DataFrame({"month_date": [dt.date(2026, 9, 1), dt.date(2026, 10, 1)], "value": [3, 7]})
    spec = charts.monthly_bars(rows, "Help/how-to tickets per month").to_dict()
    assert spec["encoding"]["x"]["type"] == "ordinal"
    assert spec["encoding"]["x"]["timeUnit"] == "yearmonth"
    assert [r["value"] for r in data_of(spec)[0]] == [3, 7]
    # whole tickets on the axis (no 0.5), and a bar per month of a fixed step, not one stretched over the width
    assert spec["encoding"]["y"]["axis"] == {"format": "d", "tickMinStep": 1}
    assert spec["width"] == {"step": 44}


# ---- rendering


def test_to_png_is_a_png(loaded):
    png = charts.to_png(heatmap_of(loaded, page=1, size=3)[2])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 1000


def test_to_svg_escapes_a_hostile_label(loaded):
    svg = charts.to_svg(heatmap_of(loaded, page=1, size=3)[2])
    assert svg.lstrip().startswith("<svg")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "<script" not in svg
    assert "Kund 02 AB" in svg


def test_every_customer_chart_renders(contoso):
    latest = cv.latest(contoso)
    actions = pl.DataFrame({"date": [dt.date(2026, 9, 15)], "label": ["Training"]})
    built = [
        charts.figures_bars(cv.figures_long(latest), HOSTILE),
        charts.percent_bars(cv.percent_long(latest), cv.portfolio_medians(latest, ["Exchange", "Teams"]), "p"),
        charts.trend(cv.trend_rows(contoso, "usage_pct"), "usage_pct", actions, "t"),
        charts.monthly_bars(pl.DataFrame({"month_date": [dt.date(2026, 10, 1)], "value": [4]}), "m"),
    ]
    for chart in built:
        svg = charts.to_svg(chart)
        assert svg.lstrip().startswith("<svg")
        assert "<script" not in svg


def test_heatmap_scale_follows_the_rule_settings():
    strict = Settings(low_usage_pct=50.0, upsell_usage_pct=85.0)
    assert charts.adoption_scale("usage_pct", strict).to_dict()["domain"] == [0, 50.0, 85.0, 100, 100.05, 200]
    assert charts.scale_stops("usage_pct", Settings(upsell_usage_pct=120.0)) == (40.0, 99.9)  # purple stays apart


def test_product_headers_wrap_upwards_and_end_just_above_the_cells():
    names = ["Exchange", "Skype for Business", "Dynamics 365 Business Central Essentials", "Power BI Pro"]
    cells = pl.concat([crafted_cells([50.0]).with_columns(workload=pl.lit(name)) for name in names])
    chart = charts.heatmap(cells, "usage_pct", ["Kund 00 AB"], names, "Products and SKUs")
    axis = encoding(chart.to_dict(), "rect")["x"]["axis"]
    assert axis["labelExpr"] == "split(datum.label, ' ')"
    headers = {}
    for attributes, body in re.findall(
        r"<text([^>]*)>((?:<tspan[^>]*>[^<]*</tspan>)+|[^<]*)</text>", charts.to_svg(chart)
    ):
        y = float(re.search(r"translate\([^,]+,([-\d.]+)\)", attributes).group(1))
        lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", body) or [body]
        if " ".join(lines) in names:
            headers[" ".join(lines)] = (y, len(lines))
    assert sorted(headers) == sorted(names)
    # Vega stacks a label's lines downwards from its y (12 px apart): every header's last line sits on one
    # baseline above the cells (y < 0), so a four-line header does not run into the first row
    baselines = {name: y + 12 * (lines - 1) for name, (y, lines) in headers.items()}
    assert len(set(baselines.values())) == 1 and baselines["Exchange"] < 0, baselines
    assert headers["Dynamics 365 Business Central Essentials"][1] == 5


def test_a_workload_not_judged_has_a_grey_bar_not_a_low_one():
    rows = pl.DataFrame(
        {
            "workload": ["Exchange", "Skype for Business"],
            "deployment_pct": [92.2, 92.2],
            "usage_pct": [26.5, 2.9],
        }
    )
    long = cv.percent_long(rows)
    assert long.filter(pl.col("metric") == "Usage %").select("workload", "band").rows() == [
        ("Exchange", "low"),
        ("Skype for Business", "not judged"),
    ]
    colour = charts.percent_bars(long, cv.portfolio_medians(rows, []), "p").to_dict()["layer"][0]["encoding"]["color"]
    assert colour["scale"]["domain"][-1] == "not judged" and colour["scale"]["range"][-1] == "#A7B0BA"


def test_a_bar_label_starts_right_of_its_median_tick_when_the_tick_would_be_under_it():
    # Jönköpings Ståltjänst's Deployment 92.2% against a portfolio median just above it (the tick would be under
    # the label: it starts after the tick), and Usage 26.5% against a median of 62.0%, 35.5 points on (more than
    # the label takes: it stays by its bar)
    rows = pl.DataFrame(
        {
            "workload": ["Exchange", "Exchange"],
            "metric": ["Deployment %", "Usage %"],
            "value": [92.2, 26.5],
            "band": ["healthy", "low"],
        }
    )
    medians = pl.DataFrame(
        {"workload": ["Exchange", "Exchange"], "metric": ["Deployment %", "Usage %"], "median": [93.0, 62.0]}
    )
    spec = charts.percent_bars(rows, medians, "Deployment % and Usage %").to_dict()
    _bars, _ticks, labels, _hundred = spec["layer"]
    assert labels["encoding"]["x"]["field"] == "label_at"
    (records,) = [d for name, d in spec["datasets"].items() if name in labels["data"]["name"]]
    assert [(r["text"], r["label_at"]) for r in records] == [("Deployment 92.2%", 93.0), ("Usage 26.5%", 26.5)]
    svg = charts.to_svg(charts.percent_bars(rows, medians.with_columns(median=pl.Series([80.0, 20.0])), "t"))
    assert "Deployment 92.2%" in svg and "Usage 26.5%" in svg  # medians left of the bars: labels after the bars


def test_a_long_subtitle_is_broken_into_lines_between_its_clauses_so_it_fits_an_800_px_window():
    heatmap = "latest period · customers 1–40 of 150, worst adoption first · click a cell to open the customer"
    assert charts.subtitle_lines(heatmap) == [
        "latest period · customers 1–40 of 150, worst adoption first",
        "click a cell to open the customer",
    ]
    assert charts.subtitle_lines("Latest period per workload or product") == "Latest period per workload or product"
    trend = (
        "Dashed lines: actions you logged · triangles: Usage % of licenses sold (that month's data has no "
        "assigned figure), so a step between triangles and circles is a change of basis"
    )
    assert charts.subtitle_lines(trend) == [
        "Dashed lines: actions you logged",
        "triangles: Usage % of licenses sold (that month's data has no",
        "assigned figure), so a step between triangles and circles is a",
        "change of basis",
    ]
    assert all(len(line) <= charts.SUBTITLE_LINE for line in charts.subtitle_lines(trend))

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


def test_heatmap_change_mode_diverges_around_zero(loaded):
    colour = encoding(heatmap_of(loaded, change=True)[2].to_dict(), "rect")["color"]
    assert colour["scale"] == {"scheme": "redblue", "domain": [-30, 30], "clamp": True, "domainMid": 0}
    assert colour["title"] == "Change in Usage % (points)"


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

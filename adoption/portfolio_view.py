"""The Portfolio page's view model (no Streamlit): the period choices, how many pages of customers there are
and which page a link asks for, the heatmap's cells for the customers of one page (adoption, or the change
since each customer's previous period), the heatmap's title, subtitle and legend caption, and the Customers
table's columns. The page reads widgets and renders what these return."""

from __future__ import annotations

import polars as pl

from adoption import i18n, views
from adoption.health import BANDS
from adoption.i18n import N_
from adoption.recommend import PROBLEM_LABELS, Settings

PAGE_SIZE = 40  # customers per heatmap page
LATEST = "latest"  # the period choice meaning each customer's own latest period
MODES = {"adoption": N_("Adoption"), "change": N_("Change since previous period")}


def period_choices(periods: list[str]) -> list[str]:
    """`latest`, then the stored periods, latest first (the Period picker's options)."""
    return [LATEST, *periods[::-1]]


def period_label(choice: str, language: str = "en") -> str:
    _ = i18n.gettext_for(language)
    return _("Latest per customer") if choice == LATEST else choice


def chosen_period(choice: str) -> str | None:
    """The period the choice names; None for each customer's own latest period (views.rows_for_period)."""
    return None if choice == LATEST else choice


def page_count(customers: int, size: int = PAGE_SIZE) -> int:
    """Pages of `size` customers; at least one."""
    return max(1, -(-customers // size))


def shown_page(page: int, customers: int, size: int = PAGE_SIZE) -> int:
    """The page a link asks for, kept within the pages there are (a link from before a filter narrowed the
    list opens its last page)."""
    return min(max(page, 1), page_count(customers, size))


def page_cells(
    table: pl.DataFrame,
    rows: pl.DataFrame,
    shown: pl.DataFrame,
    *,
    mode: str,
    columns: str,
    period: str | None,
    metric: str,
    settings: Settings,
    workloads: tuple[str, ...] = (),
) -> pl.DataFrame:
    """The heatmap's cells for the `shown` customers (one page): `rows` (the period's, filtered) coloured by
    `metric`, or in change mode the change in points since each customer's previous period, computed from
    the shown customers' history in `table` only (one page's worth of work, not the portfolio's)."""
    keys = shown["key"].implode()
    if mode == "change":
        history = table.filter(pl.col("key").is_in(keys))
        cell_rows = views.change_rows(views.column_set(history, columns), period, metric)
    else:
        cell_rows = views.column_set(rows, columns)
    cells = views.heatmap_cells(cell_rows.filter(pl.col("key").is_in(keys)), shown, metric, settings)
    if workloads:
        cells = cells.filter(pl.col("workload").is_in(list(workloads)))
    return views.change_cells(cells) if mode == "change" else cells


def heatmap_title(metric: str, mode: str, language: str = "en") -> str:
    _ = i18n.gettext_for(language)
    label = _(views.METRICS[metric])
    return (_("Portfolio change in {metric}") if mode == "change" else _("Portfolio {metric}")).format(metric=label)


def heatmap_subtitle(
    period: str | None, page: int, shown: int, customers: int, sort: str, size: int = PAGE_SIZE, language: str = "en"
) -> str:
    """`latest period · customers 41–80 of 150, worst adoption first · click a cell to open the customer`."""
    _ = i18n.gettext_for(language)
    first = (page - 1) * size + 1
    last = (page - 1) * size + shown
    return _("{period} · customers {first}–{last} of {customers}, {sort} · click a cell to open the customer").format(
        period=period or _("latest period"),
        first=i18n.number(first, language),
        last=i18n.number(last, language),
        customers=i18n.number(customers, language),
        sort=_(sort).lower(),
    )


def legend_caption(
    mode: str, period: str | None, metric: str, low: float, good: float, settings: Settings, language: str = "en"
) -> str:
    """What the heatmap's colours mean (`low` and `good`: where its scale turns amber and green)."""
    _ = i18n.gettext_for(language)
    if mode == "change":
        return _("Blue: improved since the customer's previous period; red: slipped. Points, not percent.") + (
            " " + _("Each customer's latest period is compared with its own previous one.") if period is None else " "
        )
    unjudged = settings.unjudged_workloads

    def pct(value: float) -> str:
        return f"{value:g}".replace(".", ",") if language == "sv" else f"{value:g}"

    return (
        _(
            "Red: below {low}% (low) · amber to light green: {low}–{good}% · green: {good}–100% (healthy) · "
            "purple: above 100% (the customer page says why) · grey: no figure, or a workload that is not judged"
        ).format(low=pct(low), good=pct(good))
        + (" (" + _("{workloads}: retired; Settings").format(workloads=", ".join(unjudged)) + ")" if unjudged else "")
        + " · "
        + _("empty: not reported")
    )


def customers_table(ordered: pl.DataFrame, language: str = "en") -> pl.DataFrame:
    """The Customers table's columns, in order, with problems and health bands by their labels (in `language`)."""
    _ = i18n.gettext_for(language)
    return ordered.select(
        "customer_name",
        "health_score",
        pl.col("health_band").replace({b: _(b) for b in BANDS}),
        pl.col("trend").str.replace(".", ",", literal=True) if language == "sv" else "trend",  # ▼ -17,2
        "customer_id",
        pl.col("segment").fill_null(""),
        pl.col("market").replace(i18n.countries(language)).fill_null(""),  # Sweden / Sverige
        "seats",
        "licenses_sold",
        "active_users",
        "unused_licenses",
        "worst",
        pl.col("problems").list.eval(pl.element().replace_strict({k: _(v) for k, v in PROBLEM_LABELS.items()})),
    )

"""What the customer report says, in one language: the customer's licenses counted once (the Customer
page's tiles, adoption.customer_figures), one row per workload with Deployment % and Usage % (its
latest rows, adoption.customer_view), what the figures mean in plain words, and the offer with links
(data/resources.csv): training for the workloads their people ask about (adoption.ticket_topics),
case studies, tutorials and videos where adoption is low or slipping (adoption.recommend's problems
and thresholds), and the upsell. Nothing here recomputes a figure; it calls the functions the pages
call. Customer names stay plain text: the PDF writes them as text, the HTML template escapes them."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from adoption import customer_view as cv
from adoption.customer_figures import portfolio_totals
from adoption.i18n import gettext_for, month, ngettext_for, number, percent
from adoption.recommend import Settings, judged_rows
from adoption.report.resources import Link, links, metric_workload
from adoption.text_safety import visible
from adoption.ticket_topics import OTHER, support_by_workload
from adoption.trends import slipping_workloads

LINKS_PER_OFFER = 5


@dataclass(frozen=True)
class Offer:
    title: str
    text: str
    links: list[Link]


@dataclass(frozen=True)
class Report:
    """Everything a rendering (PDF, e-mail) shows, already worded and formatted in `language`."""

    language: str
    customer_key: str
    customer_name: str  # untrusted text with controls made visible; never markup
    customer_id: str
    period: str  # "oktober 2026"
    title: str
    intro: str
    tiles: list[tuple[str, str]]  # (label, value)
    table_header: list[str]
    table_rows: list[list[str]]
    meaning: list[str]
    offers: list[Offer]
    closing: str
    charts: dict[str, bytes] = field(default_factory=dict)  # name -> PNG
    chart_titles: dict[str, str] = field(default_factory=dict)


def build(computed, key: str, language: str, settings: Settings = Settings(), with_charts: bool = True) -> Report:
    """The report of customer `key` from a workspace's computed frames (adoption.store.derived.Computed,
    or the app's cached copy of them: portfolio, table, latest, recommendations, as_of)."""
    _ = gettext_for(language)
    customer = computed.portfolio.customers.filter(pl.col("key") == key).row(0, named=True)
    rows = cv.latest(computed.table.filter(pl.col("key") == key))
    totals = portfolio_totals(rows)
    problems = set(computed.recommendations.filter(pl.col("key") == key).get_column("problem").to_list())
    order = {w: i for i, w in enumerate(rows.get_column("workload").to_list())}
    judged = judged_rows(computed.table.filter(pl.col("key") == key), settings).sort(
        pl.col("workload").replace_strict(order, default=len(order), return_dtype=pl.Int32)
    )
    bands = cv.percent_long(judged, settings)
    period = month(rows.get_column("period").max(), language) if rows.height else ""
    name = visible(customer["customer_name"])

    report_charts: dict[str, bytes] = {}
    chart_titles = {
        "percent": _("Deployment % and Usage % per workload"),
        "licenses": _("Licenses bought, assigned and in use"),
    }
    if with_charts and rows.height:
        from adoption.report import charts as report_charts_module

        report_charts = report_charts_module.render(rows, computed.latest, settings, language, chart_titles)

    return Report(
        language=language,
        customer_key=key,
        customer_name=name,
        customer_id=visible(customer["customer_id"] or ""),
        period=period,
        title=_("Your Microsoft 365 adoption"),
        intro=_intro(totals, period, language),
        tiles=[
            (_("Licenses"), number(max(totals["licenses_sold"] or 0, totals["licenses_assigned"] or 0), language)),
            (_("Assigned"), number(totals["licenses_assigned"], language)),
            (_("Active users"), number(totals["active_users"], language)),
            (_("Deployment"), percent(totals["deployment_pct"], language)),
            (_("Usage"), percent(totals["usage_pct"], language)),
        ],
        table_header=[_("Workload / product"), _("Bought"), _("Assigned"), _("Active"), _("Deployment"), _("Usage")],
        table_rows=[
            [
                visible(r["workload"]),
                number(r["licenses_sold"], language),
                number(r["licenses_assigned"], language),
                number(r["active_users"], language),
                percent(r["deployment_pct"], language),
                percent(r["usage_pct"], language),
            ]
            for r in rows.iter_rows(named=True)
        ],
        meaning=_meaning(judged, bands, language) or [_("We have no license figures for you yet.")],
        offers=_offers(computed, key, problems, bands, settings, language),
        closing=_(
            "Deployment % is the share of the licenses you pay for that are assigned to a person; "
            "Usage % is the share of those people who used the service in the last 28 days. "
            "Reply to this message and we will plan the next step together."
        ),
        charts=report_charts,
        chart_titles=chart_titles,
    )


def _intro(totals: dict, period: str, language: str) -> str:
    _ = gettext_for(language)
    if totals["licenses_sold"] is None and totals["licenses_assigned"] is None:
        return _("This report shows how your organisation uses Microsoft 365.")
    values = {
        "period": period,
        "licensed": number(max(totals["licenses_sold"] or 0, totals["licenses_assigned"] or 0), language),
        "assigned": number(totals["licenses_assigned"], language),
        "active": number(totals["active_users"], language),
    }
    if totals["licenses_assigned"] is None:
        return _(
            "In {period} you had {licensed} licenses and {active} people used them: here is what that means "
            "and how we can help you get more from them."
        ).format(**values)
    return _(
        "In {period} you had {licensed} licenses. {assigned} were assigned to people and {active} people "
        "used them: here is what that means and how we can help you get more from them."
    ).format(**values)


def _meaning(judged: pl.DataFrame, bands: pl.DataFrame, language: str) -> list[str]:
    """One plain sentence per judged workload, from its bands (adoption.views.band's thresholds)."""
    _ = gettext_for(language)
    band_of = {(r["workload"], r["metric"]): r["band"] for r in bands.iter_rows(named=True)}
    said = []
    for r in judged.iter_rows(named=True):
        w = visible(r["workload"])
        deployment, usage = band_of.get((w, "Deployment %")), band_of.get((w, "Usage %"))
        values = {
            "workload": w,
            "unassigned": number(max((r["licenses_sold"] or 0) - (r["licenses_assigned"] or 0), 0), language),
            "sold": number(r["licenses_sold"], language),
            "active": number(r["active_users"], language),
            "base": number(
                r["licenses_assigned"] if r["licenses_assigned"] is not None else r["licenses_sold"], language
            ),
            "deployment": percent(r["deployment_pct"], language),
            "usage": percent(r["usage_pct"], language),
        }
        if deployment == "low":
            said.append(
                _(
                    "{workload}: {unassigned} of your {sold} licenses are not assigned to anyone yet (Deployment {deployment})."
                ).format(**values)
            )
        if usage == "low":
            said.append(
                _(
                    "{workload}: {active} of {base} licenses are in use (Usage {usage}): most of your people have not started yet."
                ).format(**values)
            )
        elif usage == "fair":
            said.append(
                _("{workload}: {active} of {base} licenses are in use (Usage {usage}): there is room to grow.").format(
                    **values
                )
            )
        elif usage == "healthy":
            said.append(
                _("{workload}: {active} of {base} licenses are in use (Usage {usage}): well done.").format(**values)
            )
        elif usage == "over 100%":
            said.append(
                _(
                    "{workload}: more people use it than hold a license (Usage {usage}); we can check your subscriptions together."
                ).format(**values)
            )
    return said


def _offers(
    computed, key: str, problems: set[str], bands: pl.DataFrame, settings: Settings, language: str
) -> list[Offer]:
    _, ngettext = gettext_for(language), ngettext_for(language)
    offers = []
    tickets = computed.portfolio.tickets.filter(pl.col("key") == key)
    asked = support_by_workload(tickets, settings, computed.as_of).filter(pl.col("workload") != OTHER)
    if asked.height:
        named = ", ".join(
            ngettext("{workload} ({n} question)", "{workload} ({n} questions)", n).format(
                workload=w, n=number(n, language)
            )
            for w, n in asked.select("workload", "help_tickets").iter_rows()
        )
        offers.append(
            Offer(
                _("Training for the tools your people ask about"),
                _(
                    "In the last {days} days your people asked us how to use {named}. A short training, in person or online, answers those questions once for everyone."
                ).format(days=settings.support_window_days, named=named),
                links(
                    [metric_workload(w) for w in asked.get_column("workload").to_list()],
                    ("training", "tutorial"),
                    language,
                )[:LINKS_PER_OFFER],
            )
        )
    weak = bands.filter(pl.col("band") == "low").get_column("workload").unique(maintain_order=True).to_list()
    slipping = (
        slipping_workloads(computed.table.filter(pl.col("key") == key), settings).get_column("workload").to_list()
    )
    weak += [w for w in slipping if w not in weak]
    if weak and ({"low_adoption", "slipping"} & problems):
        offers.append(
            Offer(
                _("Get more from {workloads}").format(workloads=", ".join(weak)),
                _(
                    "Stories from companies like yours, short tutorials and videos show what {workloads} can do in daily work. We are happy to run a session with your team."
                ).format(workloads=", ".join(weak)),
                links(weak, ("case_study", "tutorial", "video"), language)[:LINKS_PER_OFFER],
            )
        )
    if "upsell" in problems:
        offers.append(
            Offer(
                _("Ready for the next step"),
                _(
                    "Your people use what you have bought. More licenses, a higher plan or Microsoft 365 Copilot can take you further, and training keeps raising productivity."
                ),
                links(["*"], ("upsell",), language),
            )
        )
    if not offers:
        offers.append(
            Offer(
                _("Keep it up"),
                _("Your licenses are in good use. Training still raises productivity and cuts support needs."),
                links(["*"], ("training",), language),
            )
        )
    return offers

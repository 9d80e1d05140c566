"""One customer's insights (no Streamlit): its figures and percentages in the shapes the charts
take, the portfolio medians to compare with, the plain-language explanation of usage above 100%,
its help/how-to ticket load and a printable one-page action plan."""

from __future__ import annotations

import datetime as dt
import functools

import jinja2
import polars as pl

from adoption import i18n
from adoption.i18n import N_
from adoption.recommend import PLAYBOOKS, RETIRED_WORKLOADS, Settings, help_tickets, per_100, recent_help_tickets
from adoption.settings import judged_workload
from adoption.views import band, rows_for_period, workload_order

NOT_JUDGED_BAND = N_("not judged")  # a bar of a workload the rules leave out (Skype for Business): grey

CAUSES = {
    "turnover": N_(
        "staff turnover: {users} still active in the 28-day window, so a license "
        "was used by the leaver and by the new user"
    ),
    "inactive_duplicate_subscription": N_(
        "a second subscription of the same offer is suspended, expired, disabled "
        "or deleted: its users' activity counts, its licenses do not"
    ),
    "trial_subscription": N_("a trial subscription: its users' activity counts, its licenses do not"),
    "yammer": N_("Yammer (Viva Engage) is often used far beyond the licensed users"),
}
BASES = (N_("of licenses sold"), N_("of licenses assigned"), N_("assigned of sold"))  # what a trend point measures
POSSIBLE_CAUSES = N_(
    "The data loaded does not show why. The known causes are staff turnover, a second subscription "
    "of the same product in grace, disabled or deprovisioned state, a trial subscription, and "
    "Yammer used beyond its licenses. Uploading the customer's subscription list or active user "
    "detail report can tell them apart."
)


def latest(rows: pl.DataFrame) -> pl.DataFrame:
    """The customer's latest rows, workloads in their usual order."""
    latest_rows = rows_for_period(rows, None)
    order = workload_order(latest_rows.get_column("workload").to_list())
    return latest_rows.sort(
        pl.col("workload").replace_strict({w: i for i, w in enumerate(order)}, return_dtype=pl.Int32)
    )


def figures_long(rows: pl.DataFrame) -> pl.DataFrame:
    """workload, figure (Sold/Assigned/Active), value: one bar each."""
    return (
        rows.select("workload", Sold="licenses_sold", Assigned="licenses_assigned", Active="active_users")
        .unpivot(index="workload", variable_name="figure", value_name="value")
        .drop_nulls("value")
    )


def percent_long(rows: pl.DataFrame, settings: Settings = Settings()) -> pl.DataFrame:
    """workload, metric (Deployment %/Usage %), value, band ("not judged" for a workload the rules leave out)."""
    judged = judged_workload(settings)
    parts = [
        rows.select(
            "workload",
            metric=pl.lit(title),
            value=pl.col(column),
            band=pl.when(judged).then(band(column, settings)).otherwise(pl.lit(NOT_JUDGED_BAND)),
        )
        for column, title in (("deployment_pct", "Deployment %"), ("usage_pct", "Usage %"))
    ]
    return pl.concat(parts).drop_nulls("value")


def portfolio_medians(portfolio_latest: pl.DataFrame, workloads: list[str]) -> pl.DataFrame:
    """workload, metric, median of every customer's latest value."""
    shown = portfolio_latest.filter(pl.col("workload").is_in(workloads))
    parts = [
        shown.group_by("workload").agg(metric=pl.lit(title), median=pl.col(column).median())
        for column, title in (("deployment_pct", "Deployment %"), ("usage_pct", "Usage %"))
    ]
    return pl.concat(parts).drop_nulls("median")


def over_100_explanations(rows: pl.DataFrame, language: str = "en") -> list[tuple[str, str]]:
    """(headline, explanation) for every row with usage above 100%, naming what the data supports."""
    _, ngettext = i18n.gettext_for(language), i18n.ngettext_for(language)
    found = []
    for row in rows.filter(pl.col("flags").list.contains("usage_over_100")).iter_rows(named=True):
        flags = row["flags"]
        n = row.get("deleted_active") or 0
        users = ngettext("{n} deleted user was", "{n} deleted users were", n).format(n=i18n.number(n, language))
        causes = [_(CAUSES[c]).format(users=users) for c in CAUSES if c in flags]
        usage = row["usage_pct"] if language == "en" else i18n.number(row["usage_pct"], language, 1)  # 110.0 / 110,0
        headline = _("{workload}: Usage {usage}% in {period}").format(
            workload=row["workload"], usage=usage, period=row["period"]
        )
        explanation = _("Likely cause: {causes}.").format(causes="; ".join(causes)) if causes else _(POSSIBLE_CAUSES)
        found.append((headline, explanation))
    return found


def unjudged_notes(rows: pl.DataFrame, settings: Settings = Settings(), language: str = "en") -> list[tuple[str, str]]:
    """(workload, why) for each workload among `rows` that the rules do not judge (retired, or chosen in Settings)."""
    _ = i18n.gettext_for(language)
    present = [w for w in settings.unjudged_workloads if w in rows.get_column("workload").to_list()]
    return [(w, _(RETIRED_WORKLOADS.get(w, N_("left out in Settings")))) for w in present]


def monthly_help_tickets(tickets: pl.DataFrame, settings: Settings = Settings()) -> pl.DataFrame:
    """month_date, value: help/how-to tickets per month."""
    return (
        help_tickets(tickets, settings)
        .group_by(month_date=pl.col("created").dt.truncate("1mo"))
        .agg(value=pl.len())
        .sort("month_date")
    )


def support_load(
    tickets: pl.DataFrame, licensed: int | None, as_of: dt.date | None, settings: Settings = Settings()
) -> dict:
    """Help/how-to tickets in the window ending `as_of`, and per 100 licensed users (`licensed`
    from adoption.recommend.licensed_users, so the figure is the one the rule judged)."""
    if as_of is None:
        return {"tickets": 0, "per_100": None, "window_days": settings.support_window_days, "as_of": None}
    count = recent_help_tickets(tickets, settings, as_of).height
    rate = pl.select(per_100(pl.lit(count), pl.lit(licensed, dtype=pl.Int64))).item()  # as the Next steps evidence
    return {"tickets": count, "per_100": rate, "window_days": settings.support_window_days, "as_of": as_of}


def trend_rows(rows: pl.DataFrame, metric: str) -> pl.DataFrame:
    """period_date, workload, value, basis over every period; `basis` says whether Usage % was taken
    of assigned or (no assigned figure that month) of sold licenses, so a change of basis shows."""
    of_sold = pl.col("flags").list.contains("usage_of_sold").fill_null(False)
    return (
        rows.select(
            period_date=(pl.col("period") + "-01").str.to_date(),
            workload="workload",
            value=pl.col(metric),
            basis=pl.when(pl.lit(metric == "usage_pct") & of_sold)
            .then(pl.lit(BASES[0]))
            .otherwise(pl.lit(BASES[1] if metric == "usage_pct" else BASES[2])),
        )
        .drop_nulls("value")
        .sort("period_date", "workload")
    )


def action_plan(
    table: pl.DataFrame,
    customers: pl.DataFrame,
    recommendations: pl.DataFrame,
    key: str,
    as_of: dt.date | str | None,
    language: str = "en",
) -> str:
    """The printable plan of customer `key` (the Customer and Next steps pages offer the same one): its
    latest rows of the metric table, its id and name from the portfolio's customers, its next steps
    (worded in `language`: the recommendations' own evidence and actions, the template's words from the catalogue)."""
    customer = customers.filter(pl.col("key") == key).row(0, named=True)
    return action_plan_html(
        customer["customer_name"],
        customer["customer_id"] or "",
        latest(table.filter(pl.col("key") == key)),
        recommendations.filter(pl.col("key") == key),
        str(as_of or ""),
        language,
    )


def action_plan_html(
    name: str, customer_id: str, rows: pl.DataFrame, recs: pl.DataFrame, as_of: str, language: str = "en"
) -> str:
    """A one-page printable plan (templates/action_plan.html, Jinja2's i18n extension over adoption.i18n's
    catalogue); Jinja2's autoescape escapes every piece of data (names are untrusted text)."""
    steps = [
        {**PLAYBOOKS[r["problem"]], "evidence": r["evidence"], "actions": r["actions"]}
        for r in recs.iter_rows(named=True)
    ]
    return (
        _templates(language)
        .get_template("action_plan.html")
        .render(
            name=name,
            customer_id=customer_id,
            rows=list(rows.iter_rows(named=True)),
            steps=steps,
            as_of=as_of,
            language=language,
        )
    )


@functools.cache
def _templates(language: str) -> jinja2.Environment:
    """English numbers as the plan always wrote them (1,234 and 85.5%); Swedish ones in CLDR form (adoption.i18n)."""
    env = i18n.jinja_environment(language)
    env.globals["word"] = i18n.gettext_for(language)  # a word kept as it is ("Usage %"; `_` would %-format it)
    if language == "en":
        env.filters.update(
            num=lambda value: "" if value is None else f"{value:,}",
            pct=lambda value: "" if value is None else f"{value:.1f}%",
        )
    else:
        env.filters.update(
            num=lambda value: i18n.number(value, language, missing=""),
            pct=lambda value: i18n.percent(value, language, missing=""),
        )
    return env

"""Every threshold and weight of the rules, the health score and the slipping trend, in one frozen
Settings object (the Settings page edits it; the store keeps it per workspace as JSON: settings_json,
settings_from_json), and which workloads are judged."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

import polars as pl

from adoption.i18n import N_


@dataclass(frozen=True)
class Settings:
    """Every threshold of the rules; change them here (or pass another Settings)."""

    min_licenses: int = 5
    low_deployment_pct: float = 60.0
    low_usage_pct: float = 40.0
    upsell_deployment_pct: float = 90.0
    upsell_usage_pct: float = 80.0
    help_tickets_per_100_users: float = 5.0
    help_tickets_without_licenses: int = 10
    support_window_days: int = 30
    help_words: tuple[str, ...] = ("question", "how-to", "how to", "inquiry", "help")
    weakest_shown: int = 3
    # Shown (greyed, with a note) but left out of verdicts, sorting and advice.
    unjudged_workloads: tuple[str, ...] = ("Skype for Business",)
    # Slipping: a judged workload's Usage % fell at least this many points against `slipping_periods`
    # stored months earlier.
    slipping_points: float = 15.0
    slipping_periods: int = 3
    # Health score: the points each component can give (they are scaled to 100 over the known ones)
    # and where the bands start.
    health_deployment_points: float = 25.0
    health_usage_points: float = 40.0
    health_trend_points: float = 15.0
    health_support_points: float = 20.0
    # Money at stake: the currency column of the price list (adoption.money).
    currency: str = "EUR"
    health_healthy_from: float = 75.0
    health_watch_from: float = 50.0


@dataclass(frozen=True)
class Editable:
    """A number setting as the Settings page asks for it (and `what-if --set` checks it): its question, the
    range it must stay in, the form's section (0 the rules, 1 slipping and health) and column (0 left, 1 right)."""

    name: str
    label: str
    low: float
    high: float
    section: int
    column: int


EDITABLE: tuple[Editable, ...] = (
    Editable("min_licenses", N_("Judge rows with at least this many licenses"), 0, 100_000, 0, 0),
    Editable("low_deployment_pct", N_("Low adoption: Deployment % below"), 0, 100, 0, 0),
    Editable("low_usage_pct", N_("Low adoption: Usage % below"), 0, 100, 0, 0),
    Editable(
        "help_tickets_without_licenses",
        N_("High support load without license data: tickets, at least"),
        1,
        100_000,
        0,
        0,
    ),
    Editable("upsell_deployment_pct", N_("Upsell: every Deployment % at least"), 0, 200, 0, 1),
    Editable("upsell_usage_pct", N_("Upsell: every Usage % at least"), 0, 200, 0, 1),
    Editable(
        "help_tickets_per_100_users", N_("High support load: help tickets per 100 users, at least"), 0, 1000, 0, 1
    ),
    Editable("support_window_days", N_("Ticket window (days)"), 1, 365, 0, 1),
    Editable("slipping_points", N_("Slipping: Usage % fell at least (points)"), 1, 100, 1, 0),
    Editable("slipping_periods", N_("... against this many stored months earlier"), 1, 24, 1, 0),
    Editable("health_healthy_from", N_("Health: healthy from"), 0, 100, 1, 0),
    Editable("health_watch_from", N_("Health: watch from (below: at risk)"), 0, 100, 1, 0),
    Editable("health_deployment_points", N_("Health points: Deployment %"), 0, 100, 1, 1),
    Editable("health_usage_points", N_("Health points: Usage %"), 0, 100, 1, 1),
    Editable("health_trend_points", N_("Health points: trend"), 0, 100, 1, 1),
    Editable("health_support_points", N_("Health points: support load"), 0, 100, 1, 1),
)


# Workloads a report may still list although Microsoft retired them: why they are not judged by default.
RETIRED_WORKLOADS = {
    "Skype for Business": N_("Skype for Business Online was retired on 31 July 2021; Teams replaced it"),
}


def judged_workload(settings: Settings) -> pl.Expr:
    """Whether a row's workload is judged (not in settings.unjudged_workloads)."""
    return ~pl.col("workload").is_in(list(settings.unjudged_workloads))


def settings_json(settings: Settings) -> str:
    """Only what differs from the defaults, so a default changed in a later version reaches the workspaces
    that never chose otherwise."""
    defaults = Settings()
    return json.dumps(
        {
            field.name: getattr(settings, field.name)
            for field in dataclasses.fields(Settings)
            if getattr(settings, field.name) != getattr(defaults, field.name)
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def settings_from_json(text: str | None) -> Settings:
    """The Settings kept as settings_json wrote them; a name this version does not know, or a value of
    the wrong type (a file written by another version), is left at its default."""
    try:
        stored = json.loads(text or "{}")
    except json.JSONDecodeError:
        return Settings()
    defaults = Settings()
    kept = {}
    for field in dataclasses.fields(Settings):
        if not isinstance(stored, dict) or field.name not in stored:
            continue
        default, value = getattr(defaults, field.name), stored[field.name]
        if isinstance(default, tuple) and isinstance(value, list) and all(isinstance(v, str) for v in value):
            kept[field.name] = tuple(value)
        elif isinstance(default, float) and isinstance(value, int | float) and not isinstance(value, bool):
            kept[field.name] = float(value)
        elif type(value) is type(default):
            kept[field.name] = value
    return dataclasses.replace(defaults, **kept)

"""The playbooks of Next steps (domain.md): each problem's label, title, what to consider and the actions, and the
sentences of its evidence, as N_-marked templates with named placeholders; `fill_template` fills one with
Polars expressions (the values are data, never templates). adoption.recommend picks the customers."""

from __future__ import annotations

from string import Formatter

import polars as pl

from adoption.i18n import N_

PROBLEMS = ("low_adoption", "slipping", "high_support_load", "upsell")
PROBLEM_LABELS = {
    "low_adoption": N_("Low adoption"),
    "slipping": N_("Slipping"),
    "high_support_load": N_("High support load"),
    "upsell": N_("Upsell room"),
}
RECOMMENDATION_COLUMNS = ["customer_id", "customer_name", "problem", "priority", "evidence", "actions"]

PLAYBOOKS = {
    "low_adoption": {
        "title": N_("Low adoption, many unused licenses"),
        "consider": N_("The customer may not see the value or how it fits their daily work."),
        "actions": N_(
            "Share case studies and customer stories about specific scenarios for {weak}; "
            "send tutorials, blogs and videos that show {weak} in daily work."
        ),
    },
    "high_support_load": {
        "title": N_("Many help and how-to requests"),
        "consider": N_("Users may be new to the software, the version or the task."),
        "actions": N_(
            "Offer training (in person or online) to raise overall skill; promote self-service "
            "support options: a support site with self-help beside the contact details."
        ),
    },
    "slipping": {
        "title": N_("Usage is slipping"),
        "consider": N_(
            "Something changed: a reorganisation, a migration, a champion who left, or the novelty wore off."
        ),
        "actions": N_(
            "Call to ask what changed; send tutorials and videos that show {weak} in daily work again, and "
            "offer a short refresher training."
        ),
    },
    "upsell": {
        "title": N_("High adoption: room to upsell"),
        "consider": N_("The customer is using what they bought."),
        "actions": N_(
            "Offer more or higher licenses and courses; training still raises productivity and cuts support needs."
        ),
    },
}

# The evidence sentences (placeholders are filled with data: numbers in the language's format, names as they are).
EVIDENCE = {
    "deployment": N_("{workload} deployment {deployment} ({assigned} of {sold} assigned)"),
    "usage": N_("{workload} usage {usage} ({active} active of {licensed})"),
    "more": N_("; and {more} more"),
    "lowest_deployment": N_("lowest Deployment {deployment}"),
    "lowest_usage": N_("lowest Usage {usage}"),
    "upsell": N_("{lowest} across {workloads} workloads/products; {licensed} licensed users"),
    "support": N_(
        "{tickets} help/how-to tickets in the {days} days to {date} = {rate} per 100 licensed users ({licensed})"
    ),
    "support_unlicensed": N_("{tickets} help/how-to tickets in the {days} days to {date}; no license data"),
    "by_workload": N_(" By workload: {note}."),
    "slipping": N_(
        "{workload} usage fell from {usage_from} ({period_from}) to {usage_to} ({period_to}), {change} points"
    ),
}


def fill_template(template: str, **values: pl.Expr) -> pl.Expr:
    """`{name}` placeholders replaced by expressions (the values are data, never templates)."""
    pieces: list[pl.Expr] = []
    for literal, name, _, _ in Formatter().parse(template):
        pieces.append(pl.lit(literal))
        if name:
            pieces.append(values[name])
    return pl.concat_str(pieces)

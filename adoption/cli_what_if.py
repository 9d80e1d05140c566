"""`python -m adoption what-if FILE...|--store PATH --set NAME=VALUE ...`: before thresholds or weights
are changed, which customers would enter or leave each problem and health band (adoption.what_if),
with the counts before and after. The current settings are the workspace's saved ones with --store, else
the defaults (adoption.settings)."""

from __future__ import annotations

import argparse

from adoption.cli import _date, portfolio_for, report_rejected, settings_for, write
from adoption.metrics import license_table
from adoption.recommend import default_as_of
from adoption.what_if import LIMITS, LIST_SETTINGS, moves, proposed_settings


def add_what_if_command(commands: argparse._SubParsersAction, inputs) -> None:
    what_if = commands.add_parser(
        "what-if", help="who would enter or leave each problem and health band with other settings"
    )
    inputs(what_if)
    what_if.add_argument(
        "--set",
        dest="changes",
        action="append",
        required=True,
        metavar="NAME=VALUE",
        help=f"a proposed setting (repeat for several): {', '.join([*LIMITS, *LIST_SETTINGS])}; lists `;`-separated",
    )
    what_if.add_argument(
        "--as-of", type=_date, metavar="DATE", help="end of the ticket window (default: newest ticket)"
    )
    what_if.set_defaults(handler=print_what_if)


def print_what_if(args: argparse.Namespace) -> int:
    current = settings_for(args)  # the workspace's saved settings with --store, as the Settings page has them
    proposed = proposed_settings(current, args.changes)  # a bad --set is reported before any file is read
    portfolio = portfolio_for(args)
    report_rejected(portfolio)
    as_of = args.as_of or default_as_of(portfolio.tickets)
    write(moves(portfolio, license_table(portfolio), current, proposed, as_of), args.format)
    return 0

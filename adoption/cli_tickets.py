"""`python -m adoption tickets FILE...|--store PATH`: help/how-to tickets per customer and workload
in the support window (adoption.ticket_topics: subjects and tags classified into workloads), with
the most frequent subjects of each, as the Customer page shows them for one customer."""

from __future__ import annotations

import argparse

import polars as pl

from adoption.cli import _date, portfolio_for, report_rejected, settings_for, write
from adoption.model import AdoptionError
from adoption.recommend import default_as_of, recent_help_tickets
from adoption.settings import Settings
from adoption.ticket_topics import workload_topics

TICKET_COLUMNS = ["customer_id", "customer_name", "workload", "help_tickets", "top_topics"]


def add_tickets_command(commands: argparse._SubParsersAction, inputs) -> None:
    tickets = commands.add_parser("tickets", help="help/how-to tickets per customer and workload, and top topics")
    inputs(tickets)
    tickets.add_argument(
        "--as-of", type=_date, metavar="DATE", help="end of the ticket window (default: newest ticket)"
    )
    tickets.add_argument(
        "--topics", type=int, default=3, metavar="N", help="most frequent subjects per row (default: 3)"
    )
    tickets.set_defaults(handler=print_tickets)


def tickets_by_workload(
    tickets: pl.DataFrame, customers: pl.DataFrame, as_of, topics: int, settings: Settings = Settings()
) -> pl.DataFrame:
    """TICKET_COLUMNS for the help/how-to tickets in the window ending `as_of` (adoption.ticket_topics):
    customers by name, each customer's workloads in workload_counts' order."""
    if as_of is None or tickets.height == 0:
        return pl.DataFrame(schema={c: pl.String for c in TICKET_COLUMNS} | {"help_tickets": pl.Int64})
    found = workload_topics(recent_help_tickets(tickets, settings, as_of), topics)
    return (
        found.join(customers.select("key", "customer_id", "customer_name"), on="key", how="left", maintain_order="left")
        .with_row_index("order")
        .sort("customer_name", "order")
        .select(TICKET_COLUMNS)
    )


def print_tickets(args: argparse.Namespace) -> int:
    if args.topics < 0:
        raise AdoptionError(f"--topics {args.topics} is below 0; give how many subjects to show per row.")
    portfolio = portfolio_for(args)
    report_rejected(portfolio)
    as_of = args.as_of or default_as_of(portfolio.tickets)
    write(
        tickets_by_workload(portfolio.tickets, portfolio.customers, as_of, args.topics, settings_for(args)), args.format
    )
    return 0

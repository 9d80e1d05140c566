"""The account manager's week from the command line: `call-list` (this week's call list, as the Next
steps page shows it: adoption.call_list), `contacted` and `snooze` (logged in the store's action log
exactly as the page's buttons log them), and the registration of `what-if` and `tickets`
(adoption.cli_what_if, adoption.cli_tickets). Hooked into adoption.cli by add_week_commands."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import polars as pl

from adoption.call_list import CALL_COLUMNS, CONTACTED, SNOOZED, call_list, snooze_note
from adoption.cli import _date, money_options, portfolio_for, prices_for, report_rejected, settings_for, write
from adoption.metrics import latest_per_workload, license_table
from adoption.model import AdoptionError, Portfolio
from adoption.money import at_stake, values
from adoption.recommend import PROBLEM_LABELS, recommendations
from adoption.store import Store, default_store_path, is_url
from adoption.store.cli import store_options, writable_workspace
from adoption.text_safety import visible

CALL_LIST_COLUMNS = ["customer_id", "customer_name", *CALL_COLUMNS[2:]]
RANKS = {"licenses": "priority", "money": "money"}  # --rank -> adoption.call_list.call_list(by=...)
NO_ACTIONS = pl.DataFrame(
    schema={"action_id": pl.Int64, "customer_key": pl.String, "date": pl.Date, "kind": pl.String, "note": pl.String}
)


def add_week_commands(commands: argparse._SubParsersAction, inputs) -> None:
    """`inputs(parser)` adds the FILE.../--store/--workspace/--customer/--format options of adoption.cli."""
    from adoption.cli_tickets import add_tickets_command
    from adoption.cli_what_if import add_what_if_command

    calls = commands.add_parser("call-list", help="this week's call list: whom to call first, contacted and snoozed")
    inputs(calls)
    calls.add_argument("--rank", choices=list(RANKS), default="licenses", help="licenses/users or money at stake")
    calls.add_argument("--as-of", type=_date, metavar="DATE", help="end of the ticket window (default: newest ticket)")
    calls.add_argument("--today", type=_date, metavar="DATE", help="the day snoozes are judged on (default: today)")
    calls.add_argument("--size", type=int, default=10, metavar="N", help="how many customers (default: 10)")
    money_options(calls)
    calls.set_defaults(handler=print_call_list)

    def logging_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("customer", metavar="CUSTOMER", help="tenant id or name (or a unique part of the name)")
        store_options(sub)

    contacted = commands.add_parser("contacted", help="log that a customer was contacted (call list)")
    logging_options(contacted)
    contacted.add_argument("--on", type=_date, metavar="DATE", help="the day of the contact (default: today)")
    contacted.set_defaults(handler=log_contacted)
    snooze = commands.add_parser("snooze", help="take a customer off the call list until a date")
    logging_options(snooze)
    snooze.add_argument("--until", type=_date, metavar="DATE", required=True, help="back on the list on this date")
    snooze.add_argument("--today", type=_date, metavar="DATE", help="the day taken as today (default: today)")
    snooze.add_argument("--as-of", type=_date, metavar="DATE", help="end of the ticket window (default: newest ticket)")
    snooze.set_defaults(handler=log_snooze)
    add_what_if_command(commands, inputs)
    add_tickets_command(commands, inputs)


def ranked_problems(portfolio: Portfolio, args: argparse.Namespace) -> pl.DataFrame:
    """The recommendations with their money at stake (adoption.money.at_stake), as Next steps has them."""
    settings = settings_for(args)
    table = license_table(portfolio)
    recs = recommendations(portfolio, settings, as_of=args.as_of, table=table)
    return at_stake(recs, values(latest_per_workload(table), prices_for(args, settings)[0]))


def print_call_list(args: argparse.Namespace) -> int:
    if args.size < 1:
        raise AdoptionError(f"--size {args.size} lists nobody; give 1 or more.")
    portfolio = portfolio_for(args)
    report_rejected(portfolio)
    actions = NO_ACTIONS
    if args.store:
        with Store.open(args.store, read_only=True) as store:
            actions = store.actions(args.workspace)
    today = args.today or dt.date.today()
    calls = call_list(ranked_problems(portfolio, args), actions, today, by=RANKS[args.rank], size=args.size)
    found = calls.join(portfolio.customers.select("key", "customer_id"), on="key", how="left", maintain_order="left")
    dated = found.select(CALL_LIST_COLUMNS).with_columns(pl.col("last_contacted", "snoozed_until").cast(pl.String))
    write(dated, args.format)
    return 0


def find_customer(customers: pl.DataFrame, given: str) -> tuple[str, str]:
    """(key, name) of the one customer whose tenant id or name is `given` (case-insensitive), else whose
    name contains it; none or several is an AdoptionError naming them."""
    wanted = given.strip().lower()  # as polars' to_lowercase
    if not wanted:
        raise AdoptionError("name a customer: its tenant id or its name.")
    name = pl.col("customer_name").str.to_lowercase()
    exactly = (pl.col("customer_id").str.to_lowercase() == wanted) | (name == wanted)
    for match in (exactly, name.str.contains(wanted, literal=True)):
        found = customers.filter(match.fill_null(False)).sort("customer_name")
        if found.height == 1:
            return found.row(0, named=True)["key"], found.row(0, named=True)["customer_name"]
        if found.height > 1:
            pairs = found.select("customer_name", "customer_id").rows()
            shown = [f"{n} ({i})" if i and i != n else n for n, i in pairs]  # no tenant id: the id is the name
            listed = ", ".join(shown[:5]) + (f" and {len(shown) - 5:,} more" if len(shown) > 5 else "")
            raise AdoptionError(
                f"{given!r} could be {found.height:,} customers ({listed}); give the tenant id or the full name."
            )
    raise AdoptionError(f"no customer's tenant id or name matches {given!r}.")


def _existing_store(args: argparse.Namespace) -> Path | str:
    """The store an action is logged in: it must exist (a mistyped path would otherwise make a new one;
    a PostgreSQL URL names a database that must exist anyway)."""
    given = args.store or default_store_path()
    if is_url(given):
        return given
    path = Path(given)
    if not path.is_file():
        raise AdoptionError(f"there is no store at {path}; store the exports first (store import) or give --store.")
    return path


def _store_customer(store: Store, args: argparse.Namespace) -> tuple[Portfolio, str, str]:
    portfolio = store.portfolio(args.workspace)
    if portfolio.customers.height == 0:
        raise AdoptionError(f"workspace {args.workspace} of the store at {store.shown} has no customers.")
    return portfolio, *find_customer(portfolio.customers, args.customer)


def log_contacted(args: argparse.Namespace) -> int:
    workspace, on = writable_workspace(args), args.on or dt.date.today()
    with Store.open(_existing_store(args)) as store:
        _, key, name = _store_customer(store, args)
        store.log_action(key, on, CONTACTED, "", workspace)
    print(visible(f"logged: {name} contacted on {on} (workspace {workspace})."))
    return 0


def log_snooze(args: argparse.Namespace) -> int:
    workspace, today = writable_workspace(args), args.today or dt.date.today()
    if args.until <= today:
        raise AdoptionError(f"snooze until a day after today ({today}), not {args.until}.")
    with Store.open(_existing_store(args)) as store:
        portfolio, key, name = _store_customer(store, args)
        problems = recommendations(portfolio, store.settings(workspace), as_of=args.as_of)
        seen = problems.filter(pl.col("key") == key).get_column("problem").to_list()
        store.log_action(key, args.until, SNOOZED, snooze_note(seen), workspace)
    labels = ", ".join(PROBLEM_LABELS[p].lower() for p in sorted(seen)) or "none"
    print(
        visible(
            f"logged: {name} snoozed until {args.until} (workspace {workspace}); back on the call list then, or "
            f"sooner if a problem appears that it has not now (now: {labels})."
        )
    )
    return 0

"""The command line: `python -m adoption metrics|customers|recommend FILE...` (a stable contract for
scripts and monthly batch runs) and `store ...` for the persistent history."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence

import polars as pl

from adoption.export import to_csv
from adoption.ingest.customers import load_files
from adoption.metrics import for_figures, metrics_table
from adoption.model import AdoptionError, Portfolio
from adoption.money import CURRENCIES, price_list, price_list_file
from adoption.settings import Settings
from adoption.text_safety import visible, visible_expr

# The commands that read exports: a run of one of them builds only their parsers and imports what it
# uses (the store, reports and week commands import DuckDB, Jinja2 and more: ~0.1 s a run).
FILE_COMMANDS = ("metrics", "customers", "recommend")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-10-31") from None


def build_parser(only_file_commands: bool = False) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m adoption", description=" ".join(__doc__.split()))
    commands = parser.add_subparsers(dest="command", required=True)

    def inputs(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("files", nargs="*", metavar="FILE", help="exports to read (CSV, TSV, TXT, XLSX, JSON)")
        sub.add_argument(
            "--customer",
            metavar="NAME",
            help="the customer of files that name none (active user detail, one customer's subscriptions)",
        )
        sub.add_argument("--format", choices=["csv", "json"], default="csv")
        sub.add_argument(
            "--store",
            metavar="PATH",
            help="compute from this store (a DuckDB file or a postgresql:// URL) instead of files",
        )
        sub.add_argument(
            "--workspace", metavar="W", default="default", help="with --store: the workspace to read (default: default)"
        )

    metrics = commands.add_parser("metrics", help="one row per customer, workload and period")
    inputs(metrics)
    metrics.add_argument("--all-periods", action="store_true", help="every period, not only the latest")
    customers = commands.add_parser("customers", help="one row per customer: its licenses counted once")
    inputs(customers)
    money_options(customers)
    recommend = commands.add_parser("recommend", help="one row per customer and problem")
    inputs(recommend)
    recommend.add_argument(
        "--as-of", type=_date, metavar="DATE", help="end of the 30-day ticket window (default: newest ticket)"
    )
    if only_file_commands:
        return parser
    from adoption.cli_week import add_week_commands  # it imports this module's helpers
    from adoption.report.batch import add_report_command
    from adoption.store.cli import add_store_commands

    add_store_commands(commands)
    add_week_commands(commands, inputs)
    add_report_command(commands)
    return parser


def report_rejected(portfolio: Portfolio) -> None:
    # one line each, no terminal controls; written at once, built as a column (a line at a time in Python
    # cost ~0.1 s per 26,000 lines)
    parts = [pl.col("source_file"), pl.lit(":"), pl.col("line").cast(pl.String), pl.lit(": "), pl.col("reason")]
    lines = portfolio.rejected.select(visible_expr(pl.concat_str([p.fill_null("None") for p in parts])))
    sys.stderr.write("".join(line + "\n" for line in lines.to_series()))


def write(frame: pl.DataFrame, fmt: str, list_columns: Sequence[str] = ()) -> None:
    if fmt == "json":
        records = frame.with_columns(
            pl.col(c).str.split(";").list.eval(pl.element().filter(pl.element() != ""))
            for c in list_columns
            if frame.schema[c] == pl.String
        ).to_dicts()
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(to_csv(frame))


def portfolio_for(args: argparse.Namespace) -> Portfolio:
    if getattr(args, "store", None):
        from adoption.store import Store

        with Store.open(args.store, read_only=True) as store:
            stored = store.portfolio(args.workspace)
            others = [] if stored.licenses.height or not store.is_empty(args.workspace) else store.workspaces()
        if others:
            named = ", ".join(others[:5]) + (f" and {len(others) - 5:,} more" if len(others) > 5 else "")
            raise AdoptionError(
                f"workspace {args.workspace} of the store at {args.store} is empty; the store has data "
                f"only in other workspaces ({named}): choose one with --workspace."
            )
        if not args.files:
            return stored
        raise AdoptionError("give either --store or files, not both.")
    if not args.files:
        raise AdoptionError("name at least one export file (or --store PATH).")
    return load_files(args.files, customer=args.customer)


def money_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--currency", choices=CURRENCIES, help="the price list's currency column (default: the workspace's, else EUR)"
    )
    sub.add_argument(
        "--prices", metavar="CSV", help="a price list (default: the workspace's uploaded one, else data/prices.csv)"
    )


def settings_for(args: argparse.Namespace) -> Settings:
    """The settings the app judges this workspace by: with --store the workspace's saved ones (the Settings
    page keeps them in the store), else the defaults."""
    if not getattr(args, "store", None):
        return Settings()
    from adoption.store import Store

    with Store.open(args.store, read_only=True) as store:
        return store.settings(args.workspace)


def prices_for(args: argparse.Namespace, settings: Settings) -> tuple[pl.DataFrame, str]:
    """The price list and its currency, as the app values this workspace: --prices and --currency where given,
    else with --store the workspace's uploaded list and currency, else data/prices.csv in the settings' currency."""
    currency = args.currency or settings.currency
    if args.prices is None and getattr(args, "store", None):
        from adoption.store import Store

        with Store.open(args.store, read_only=True) as store:
            uploaded = store.price_list(args.workspace)
        if uploaded is not None:
            return price_list(uploaded[1], currency, uploaded[0]), currency
    return price_list_file(args.prices, currency), currency


def run(argv: Sequence[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(only_file_commands=bool(given) and given[0] in FILE_COMMANDS).parse_args(given)
    try:
        if hasattr(args, "handler"):
            return args.handler(args)
        portfolio = portfolio_for(args)
        report_rejected(portfolio)
        # every command below reads only the columns the metric table needs: the rows' others go first (the
        # `customers` peak ~70 MB lower on the bench file)
        portfolio = for_figures(portfolio)
        if args.command == "metrics":
            write(metrics_table(portfolio, all_periods=args.all_periods), args.format, ["flags"])
        elif args.command == "customers":
            from adoption.health import health_scores
            from adoption.metrics import latest_per_workload
            from adoption.money import values
            from adoption.recommend import default_as_of, recommendations
            from adoption.trends import recent_table
            from adoption.views import CUSTOMER_COLUMNS, customer_table

            settings = settings_for(args)
            prices, currency = prices_for(args, settings)
            table = recent_table(portfolio, settings)  # the rows the latest figures and the windows read
            health = health_scores(table, portfolio.tickets, default_as_of(portfolio.tickets), settings)
            worth = values(latest_per_workload(table), prices)
            found = customer_table(
                portfolio.customers, table, recommendations(portfolio, settings, table=table), health, worth, currency
            )
            write(
                found.select(CUSTOMER_COLUMNS).with_columns(pl.col("problems").list.join(";")),
                args.format,
                ["problems"],
            )
        else:
            from adoption.recommend import RECOMMENDATION_COLUMNS, recommendations
            from adoption.trends import recent_table

            settings = settings_for(args)
            recs = recommendations(portfolio, settings, as_of=args.as_of, table=recent_table(portfolio, settings))
            write(recs.select(RECOMMENDATION_COLUMNS), args.format)
        return 0
    except AdoptionError as error:
        print(f"adoption: {visible(error)}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


def main() -> None:
    """`python -m adoption`: run, then end the process at once. By then every answer is written and every store
    closed (run's `with` blocks), so the interpreter's clean-up of Polars and DuckDB (~0.1 s a run, measured on
    `customers` of the bench file) would save nothing."""
    code = run()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # the reader went away (`| head`): what it read is all it wanted
        pass
    os._exit(code)

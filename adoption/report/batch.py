"""`python -m adoption report`: the monthly run. One PDF and one .eml draft per selected customer (all
customers with license figures, or those with one problem) plus index.csv, written to a folder;
with `--send` and a confirmation, the same reports are e-mailed to the contacts CSV's addresses
through the SMTP server of `.streamlit/secrets.toml` (adoption.report.mail) and each send is logged.

    python -m adoption report --store PATH [--workspace W] [--problem P] [--language sv|en] OUT_DIR
        [--contacts CSV] [--send [--confirm N]] [--secrets PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import polars as pl

from adoption.export import to_csv
from adoption.i18n import LANGUAGES
from adoption.model import AdoptionError
from adoption.recommend import PROBLEMS, Settings
from adoption.report import content, eml, mail, pdf
from adoption.text_safety import visible

INDEX_COLUMNS = ["customer_id", "customer_name", "problems", "language", "pdf", "eml", "email", "sent"]


def add_report_command(commands) -> None:
    sub = commands.add_parser("report", help="a customer report (PDF and .eml draft) per customer, and an index")
    sub.add_argument("out_dir", metavar="OUT_DIR", help="the folder to write to (created when missing)")
    sub.add_argument(
        "--store", metavar="PATH", required=True, help="the store to read (a DuckDB file or a postgresql:// URL)"
    )
    sub.add_argument("--workspace", metavar="W", default="default", help="the workspace to read (default: default)")
    sub.add_argument("--problem", choices=PROBLEMS, help="only customers with this problem (default: every customer)")
    sub.add_argument("--language", choices=list(LANGUAGES), default="en", help="the reports' language (default: en)")
    sub.add_argument("--contacts", metavar="CSV", help="customer,email: the address of each customer's report")
    sub.add_argument("--send", action="store_true", help="e-mail the reports (asks for a confirmation first)")
    sub.add_argument(
        "--confirm", type=int, metavar="N", help="with --send, unattended: send only if exactly N e-mails go out"
    )
    sub.add_argument("--secrets", metavar="PATH", default=str(mail.SECRETS_FILE), help="where the [smtp] settings are")
    sub.set_defaults(handler=run)


def selected(computed, problem: str | None) -> pl.DataFrame:
    """key, customer_id, customer_name, problems (";"-joined) of the customers to report on, by name."""
    problems = computed.recommendations.group_by("key").agg(problems=pl.col("problem").str.join(";"))
    keys = computed.latest.select("key").unique()
    if problem:
        keys = computed.recommendations.filter(pl.col("problem") == problem).select("key").unique()
    return (
        computed.portfolio.customers.join(keys, on="key")
        .join(problems, on="key", how="left")
        .select("key", "customer_id", "customer_name", pl.col("problems").fill_null(""))
        .sort("customer_name", "key")
    )


def _stem(report: content.Report, key: str, taken: set[str]) -> str:
    stem = eml.file_stem(report)
    if stem in taken:  # two customers whose names read the same in ASCII
        stem = f"{stem}-{hashlib.sha256(key.encode()).hexdigest()[:6]}"
    taken.add(stem)
    return stem


def write_reports(
    computed, customers: pl.DataFrame, language: str, out_dir: Path, settings: Settings, recipients: dict[str, str]
) -> tuple[pl.DataFrame, list[mail.Outgoing]]:
    """Writes each customer's PDF and .eml into `out_dir`; the index rows and the messages to send."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rows, outgoing, taken = [], [], set()
    for customer in customers.iter_rows(named=True):
        report = content.build(computed, customer["key"], language, settings)
        document = pdf.render(report)
        stem = _stem(report, customer["key"], taken)
        address = recipients.get(customer["key"], "")
        (out_dir / f"{stem}.pdf").write_bytes(document)
        (out_dir / f"{stem}.eml").write_bytes(eml.eml(report, document, recipient=address))
        if address:
            message = eml.message(report, document, draft=False)
            outgoing.append(mail.Outgoing(customer["key"], customer["customer_name"], address, language, message))
        rows.append(
            {
                **{k: customer[k] for k in ("customer_id", "customer_name", "problems")},
                "language": language,
                "pdf": f"{stem}.pdf",
                "eml": f"{stem}.eml",
                "email": address,
                "sent": "",
            }
        )
    return pl.DataFrame(rows, schema=dict.fromkeys(INDEX_COLUMNS, pl.String)), outgoing


def _confirmed(count: int, settings: mail.SmtpSettings, expected: int | None) -> bool:
    if expected is not None:
        if expected != count:
            print(
                f"adoption: --confirm {expected} but {count} e-mails would be sent; nothing was sent.", file=sys.stderr
            )
        return expected == count
    print(
        f"Send {count} e-mails from {settings.sender} through {settings.host}:{settings.port}? Type 'send {count}' to confirm: ",
        end="",
        file=sys.stderr,
        flush=True,
    )
    return sys.stdin.readline().strip() == f"send {count}"


def run(args: argparse.Namespace) -> int:
    from adoption.store import Store
    from adoption.store.derived import computed as computed_frames

    smtp = mail.smtp_settings(Path(args.secrets)) if args.send else None
    if args.send and smtp is None:
        raise AdoptionError(f"--send needs an [smtp] table in {args.secrets} (see .streamlit/secrets.toml.example).")
    if args.send and not args.contacts:
        raise AdoptionError("--send needs --contacts CSV (customer,email): whom to send each report to.")
    with Store.open(args.store, read_only=True) as store:
        settings = store.settings(args.workspace)  # as the app judges the workspace (its Settings page)
        frames = computed_frames(store, args.workspace, settings)
    customers = selected(frames, args.problem)
    contacts = mail.read_contacts(Path(args.contacts).read_bytes(), args.contacts) if args.contacts else None
    recipients = dict(mail.recipients(frames.portfolio.customers, contacts).iter_rows()) if contacts is not None else {}
    out_dir = Path(args.out_dir)
    index, outgoing = write_reports(frames, customers, args.language, out_dir, settings, recipients)
    print(f"{index.height} reports ({LANGUAGES[args.language]}) written to {visible(out_dir)}", file=sys.stderr)
    if args.send and outgoing:
        if not _confirmed(len(outgoing), smtp, args.confirm):
            print("Nothing was sent.", file=sys.stderr)
        else:
            with Store.open(args.store) as store:
                results = mail.send(outgoing, smtp, store, args.workspace)
            status = {item.key: error or "sent" for item, error in results}
            keys = customers.get_column("key")
            index = index.with_columns(sent=pl.Series([status.get(k, "") for k in keys], dtype=pl.String))
            refused = [visible(f"{item.email}: {error}") for item, error in results if error]
            print(f"{len(results) - len(refused)} of {len(outgoing)} e-mails sent.", file=sys.stderr)
            for line in refused:
                print(f"adoption: {line}", file=sys.stderr)
    (out_dir / "index.csv").write_text(to_csv(index), encoding="utf-8")
    return 0

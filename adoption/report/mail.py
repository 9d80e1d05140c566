"""Sending customer reports by e-mail through the partner's SMTP server (smtplib), configured in the
`[smtp]` table of `.streamlit/secrets.toml` (host, port, starttls, user, password, from; optional
ca_file for a private certificate authority), and the contacts to send to (a CSV of customer and
email). Nothing here decides to send: the command line and the app ask for an explicit confirmation
per batch first. Each message that the server accepts is logged on the customer in the store's
action log ("Contacted", with the address and language), so the call list and the trend show it."""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path

import polars as pl

from adoption.i18n import LANGUAGES
from adoption.model import AdoptionError
from adoption.text_safety import visible

SECRETS_FILE = Path(".streamlit") / "secrets.toml"
SENT_KIND = "Contacted"  # adoption.call_list counts it as contact


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    starttls: bool = True
    user: str = ""
    password: str = ""
    sender: str = ""
    ca_file: str = ""  # a private CA's certificates (PEM); the system's otherwise
    timeout: float = 30.0

    @classmethod
    def from_mapping(cls, table: Mapping) -> SmtpSettings:
        """From the `[smtp]` table (st.secrets["smtp"] or the parsed secrets.toml)."""
        if not table.get("host") or not table.get("from"):
            raise AdoptionError("The [smtp] settings need at least host and from (the sender's address).")
        try:
            port = int(table.get("port", 587))
        except (TypeError, ValueError):
            raise AdoptionError(f"[smtp] port must be a number, not {table.get('port')!r}.") from None
        return cls(
            host=str(table["host"]),
            port=port,
            starttls=bool(table.get("starttls", True)),
            user=str(table.get("user", "")),
            password=str(table.get("password", "")),
            sender=str(table["from"]),
            ca_file=str(table.get("ca_file", "")),
        )


def smtp_settings(path: Path = SECRETS_FILE) -> SmtpSettings | None:
    """The `[smtp]` table of a secrets.toml, or None when the file or the table is absent."""
    if not path.exists():
        return None
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("smtp")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise AdoptionError(f"{path} is not valid TOML ({error}).") from None
    return SmtpSettings.from_mapping(table) if table else None


def read_contacts(data: bytes, name: str = "contacts.csv") -> pl.DataFrame:
    """customer, email: who receives each customer's report. `customer` is a tenant id or a name
    (matched ignoring case and repeated spaces); rows without a valid address are refused, by line."""
    try:
        frame = pl.read_csv(data, infer_schema=False)
    except pl.exceptions.PolarsError as error:
        raise AdoptionError(f"{name} is not a readable CSV ({str(error).splitlines()[0]}).") from None
    if not {"customer", "email"} <= set(frame.columns):
        raise AdoptionError(f"{name} needs the columns customer and email.")
    frame = frame.select(pl.col("customer", "email").str.strip_chars()).with_row_index("line", offset=2)
    for line, customer, email in frame.iter_rows():
        address = parseaddr(email or "")[1]
        if not customer or "@" not in address or address != email.strip("<>"):
            raise AdoptionError(f"{name}, line {line}: needs a customer and one e-mail address ({visible(email)!s}).")
    return frame.drop("line")


def _name_key(column: str) -> pl.Expr:
    return pl.col(column).str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()


def recipients(customers: pl.DataFrame, contacts: pl.DataFrame) -> pl.DataFrame:
    """key, email for the customers a contact names (by tenant id, else by name); first contact wins."""
    by_id = customers.join(
        contacts, left_on=pl.col("customer_id").str.to_lowercase(), right_on=pl.col("customer").str.to_lowercase()
    )
    by_name = customers.with_columns(_n=_name_key("customer_name")).join(
        contacts.with_columns(_n=_name_key("customer")), on="_n"
    )
    return pl.concat([by_id.select("key", "email"), by_name.select("key", "email")]).unique(
        "key", keep="first", maintain_order=True
    )


@dataclass(frozen=True)
class Outgoing:
    key: str
    customer_name: str
    email: str
    language: str
    message: EmailMessage


def send(
    outgoing: list[Outgoing], settings: SmtpSettings, store, workspace: str, today: dt.date | None = None
) -> list[tuple[Outgoing, str]]:
    """Sends each message over one SMTP connection; (message, "" or the server's refusal) for each.
    Every accepted message is logged on its customer in `store` (an open, writable adoption.store.Store)."""
    results = []
    context = ssl.create_default_context(cafile=settings.ca_file or None)
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as server:
            if settings.starttls:
                server.starttls(context=context)
            if settings.user:
                server.login(settings.user, settings.password)
            for item in outgoing:
                del item.message["To"], item.message["From"], item.message["X-Unsent"]
                item.message["From"], item.message["To"] = settings.sender, item.email
                try:
                    server.send_message(item.message)
                except smtplib.SMTPException as error:
                    results.append((item, f"refused: {error}"))
                    continue
                store.log_action(
                    item.key,
                    today or dt.date.today(),
                    SENT_KIND,
                    f"Customer report e-mailed to {item.email} ({LANGUAGES[item.language]})",
                    workspace=workspace,
                )
                results.append((item, ""))
    except (OSError, smtplib.SMTPException, ssl.SSLError) as error:
        raise AdoptionError(
            f"Could not send through {settings.host}:{settings.port} ({error}); "
            f"{sum(1 for _, e in results if not e)} of {len(outgoing)} e-mails were sent before that."
        ) from None
    return results

"""What the Upload page needs to know about a file before storing it: its kind (from the header
row only, so a large export is not parsed twice), whether the user must name its customer, and,
for a helpdesk export whose headers are not recognised, the columns to map."""

from __future__ import annotations

from dataclasses import dataclass

from adoption.kinds import KIND_BY_NAME, detect
from adoption.model import AdoptionError
from adoption.readers import names_no_customer
from adoption.textio import header_key, peek_headers

ACCEPTED_TYPES = ["csv", "tsv", "txt", "xlsx", "json"]
# The fields a helpdesk export must (or may) map, with the question the form asks.
TICKET_FIELDS = {"name": "Customer (organization, company, account)", "type": "Type or category",
                 "created": "Created date", "status": "Status (optional)"}


@dataclass(frozen=True)
class UploadCheck:
    table: str
    kind: str | None  # None: not recognised
    label: str
    needs_customer: bool
    headers: list[str]
    problem: str | None = None


def check_file(name: str, data: bytes) -> list[UploadCheck]:
    """One check per table (workbook sheet); an unreadable file gives one check with its problem."""
    try:
        tables = peek_headers(name, data)
    except AdoptionError as error:
        return [UploadCheck(name, None, "unreadable", False, [], str(error))]
    checks = []
    for table, headers in tables:
        try:
            kind, found = detect(table, headers)
        except AdoptionError as error:
            checks.append(UploadCheck(table, None, "not recognised", False, headers, str(error)))
            continue
        checks.append(UploadCheck(table, kind.name, kind.label, names_no_customer(kind, found), headers))
    return checks


def guess_ticket_columns(headers: list[str]) -> dict[str, str | None]:
    """For the mapping form: each ticket field's most likely column (by alias, else by a word in it)."""
    kind = KIND_BY_NAME["tickets"]
    found = kind.match([header_key(h) for h in headers])
    words = {"name": ("customer", "company", "org", "account", "client", "kund"),
             "type": ("type", "categ", "kind", "typ"), "created": ("creat", "open", "date", "datum"),
             "status": ("status", "state")}
    guesses: dict[str, str | None] = {}
    for field in TICKET_FIELDS:
        if field in found:
            guesses[field] = headers[found[field][0]]
        else:
            guesses[field] = next((h for h in headers if any(w in h.lower() for w in words[field])), None)
    return guesses

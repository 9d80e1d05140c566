"""What the Upload page needs to know about a file before storing it: its kind (from the header
row only, so a large export is not parsed twice), whether the user must name its customer, and,
for a helpdesk export whose headers are not recognised, the columns to map."""

from __future__ import annotations

import re
from dataclasses import dataclass

from adoption.i18n import N_
from adoption.ingest.kinds import KIND_BY_NAME, detect
from adoption.ingest.limits import check_upload
from adoption.ingest.readers import names_no_customer
from adoption.ingest.text import header_key, peek_headers
from adoption.model import AdoptionError, FileProblem

ACCEPTED_TYPES = ["csv", "tsv", "txt", "xlsx", "json"]
# The fields a helpdesk export must (or may) map, with the question the form asks.
TICKET_FIELDS = {
    "name": N_("Customer (organization, company, account)"),
    "type": N_("Type or category"),
    "created": N_("Created date"),
    "status": N_("Status (optional)"),
}


@dataclass(frozen=True)
class UploadCheck:
    table: str
    kind: str | None  # None: not recognised
    label: str
    needs_customer: bool
    headers: list[str]
    problem: FileProblem | None = None  # its fields (file, line, column, reason, expected) for the page


# Characters no export's header row holds: control characters (tab aside) and the replacement character
# that undecodable bytes become.
NOT_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffd]")


def not_an_export(name: str, headers: list[str]) -> FileProblem | None:
    """A file that is plainly no export (another type by its name, or binary data where the header row should
    be), said as such rather than as headers not recognised."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix and suffix not in ACCEPTED_TYPES:
        reason, line = f"is a .{suffix} file, not an export: expected CSV, TSV, TXT, XLSX or JSON", None
    elif NOT_TEXT.search("".join(headers)):
        reason, line = "is not text: line 1 holds binary data where a header row should be", 1
    else:
        return None
    return FileProblem(f"{name} {reason}.", file=name, reason=reason, line=line)


def check_file(name: str, data: bytes) -> list[UploadCheck]:
    """One check per table (workbook sheet); an unreadable file gives one check with its problem.
    The size limit and the zip-bomb check come first: a workbook is unpacked only once they pass."""
    try:
        check_upload(name, data)
        tables = peek_headers(name, data)
    except AdoptionError as error:
        return [UploadCheck(name, None, "unreadable", False, [], FileProblem.of(name, error))]
    checks = []
    for table, headers in tables:
        try:
            kind, found = detect(table, headers)
        except AdoptionError as error:
            problem = not_an_export(name, headers) or FileProblem.of(table, error)
            checks.append(UploadCheck(table, None, "not recognised", False, headers, problem))
            continue
        checks.append(UploadCheck(table, kind.name, kind.label, names_no_customer(kind, found), headers))
    return checks


# Words that suggest each ticket field in English, Swedish and Finnish helpdesk exports, most telling first.
TICKET_WORDS = {
    "name": (
        "customer",
        "company",
        "organization",
        "organisation",
        "account",
        "client",
        "kund",
        "företag",
        "foretag",
        "beställare",
        "asiakas",
        "yritys",
        "organisaatio",
        "org",
    ),
    "type": ("type", "category", "ärendetyp", "kategori", "kategoria", "tyyppi", "luokka", "typ", "categ", "kind"),
    "created": (
        "created",
        "creat",
        "opened",
        "skapad",
        "skapat",
        "registrerad",
        "inkom",
        "öppnad",
        "luotu",
        "luonti",
        "avattu",
        "vastaanotettu",
        "open",
        "datum",
        "päivämäärä",
        "date",
    ),
    "status": ("status", "state", "tillstånd", "tila"),
}
# Words in a header that make it another field than the one guessed: who created it, when it changed
# or closed, or an id where a name is wanted.
NOT_THE_FIELD = {
    "name": ("id", "nr", "no", "number", "nummer", "numero", "manager", "contact", "kontakt", "yhteyshenkilö"),
    "type": (),
    "created": (
        "by",
        "av",
        "updated",
        "modified",
        "closed",
        "resolved",
        "due",
        "last",
        "ändrad",
        "stängd",
        "löst",
        "senast",
        "muokattu",
        "suljettu",
        "ratkaistu",
        "tekijä",
        "luoja",
    ),
    "status": (),
}


def guess_ticket_columns(headers: list[str]) -> dict[str, str | None]:
    """For the mapping form: each ticket field's most likely column: a recognised alias, else a header
    that is one of the field's words, else one containing it (most telling word first), each column
    used once."""
    kind = KIND_BY_NAME["tickets"]
    found = kind.match([header_key(h) for h in headers])
    guesses: dict[str, str | None] = {field: headers[found[field][0]] for field in TICKET_FIELDS if field in found}
    for field in TICKET_FIELDS:
        if field in guesses:
            continue
        taken = set(guesses.values())
        ranked = []
        for position, header in enumerate(headers):
            text = header.strip().lower()
            tokens = re.findall(r"\w+", text)
            if header in taken or any(t in NOT_THE_FIELD[field] for t in tokens):
                continue
            for rank, word in enumerate(TICKET_WORDS[field]):
                if text == word or word in tokens or word in text:
                    exact = 0 if text == word else 1 if word in tokens else 2
                    ranked.append((exact, rank, position, header))
                    break
        guesses[field] = min(ranked)[3] if ranked else None
    return {field: guesses[field] for field in TICKET_FIELDS}

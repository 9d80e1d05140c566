"""Real-looking exports for the store tests: Partner Center Insights O365 usage TSVs; and a script another
process runs to hold a store file open for writing."""

from __future__ import annotations

HEADER = [
    "PGAPartnerID",
    "CustomerTenantId",
    "WorkloadName",
    "Month",
    "PaidAvailableUnits",
    "MonthlyActiveUsers",
    "CustomerName",
    "CustomerMarket",
    "CustomerSegment",
    "IsDuplicateRowForPGA",
]
TENANTS = {
    "Contoso Ltd": "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
    "Fabrikam AB": "1a2b3c4d-5e6f-4a8b-9c0d-e1f2a3b4c5d6",
    "Northwind Traders": "2b3c4d5e-6f70-4b9c-8d1e-f2a3b4c5d6e7",
}


def insights_tsv(rows: list[tuple[str, str, str, int, int]]) -> bytes:
    """rows: (customer, workload, month YYYY-MM, sold, active)."""
    lines = ["\t".join(HEADER)]
    for customer, workload, month, sold, active in rows:
        tenant = TENANTS.get(customer, "")
        lines.append(
            "\t".join(["4711", tenant, workload, f"{month}-01", str(sold), str(active), customer, "Sweden", "SMB", "0"])
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def month_rows(month: str, customers=("Contoso Ltd", "Fabrikam AB"), sold: int = 50, active: int = 30):
    return [(c, w, month, sold, active) for c in customers for w in ("Exchange", "Teams")]


def portal_subscriptions(rows: list[tuple[str, str, int, str]]) -> bytes:
    """The portal's per-customer export: (id, subscription, quantity, status)."""
    lines = ["Subscription ID,Subscription,Quantity,Status,Reseller"]
    lines += [f"{sid},{offer},{quantity},{status}," for sid, offer, quantity, status in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def zendesk_tickets(rows: list[tuple[int, str, str, str, str]]) -> bytes:
    """(id, organization, type, created_at, status)."""
    lines = ["id,organization,type,created_at,status"] + [",".join(map(str, row)) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


ZENDESK = ["id", "organization", "type", "subject", "created_at", "status"]
FRESHDESK = [
    "Ticket ID",
    "Subject",
    "Status",
    "Priority",
    "Source",
    "Type",
    "Agent",
    "Group",
    "Created time",
    "Due by Time",
    "Resolved time",
    "Company",
]


def csv_of(header: list[str], rows: list[list[object]]) -> bytes:
    quote = lambda v: f'"{v}"' if "," in str(v) else str(v)  # noqa: E731 - a cell as a helpdesk writes it
    return ("\n".join([",".join(header)] + [",".join(quote(v) for v in row) for row in rows]) + "\n").encode("utf-8")


def zendesk_export(rows: list[tuple[int, str, str, str, str, str]]) -> bytes:
    """Zendesk's CSV export: (id, organization, type, subject, created YYYY-MM-DD, status)."""
    return csv_of(
        ZENDESK,
        [[i, org, kind, subject, f"{created}T09:30:00Z", status] for i, org, kind, subject, created, status in rows],
    )


def freshdesk_export(rows: list[tuple[int, str, str, str, str, str]]) -> bytes:
    """Freshdesk's ticket export: (ticket id, company, type, subject, created YYYY-MM-DD, status)."""
    return csv_of(
        FRESHDESK,
        [
            [
                i,
                subject,
                status,
                "Low",
                "Email",
                kind,
                "Anna Berg",
                "Support",
                f"{created} 08:15:22",
                f"{created} 17:00:00",
                "",
                company,
            ]
            for i, company, kind, subject, created, status in rows
        ],
    )


# `python -c HOLD_FOR_WRITING STORE`: opens the file read-write, begins a transaction, prints "holding" and keeps
# the file until its standard input closes.
HOLD_FOR_WRITING = """
import sys, duckdb
connection = duckdb.connect(sys.argv[1])
connection.execute("BEGIN TRANSACTION")
print("holding", flush=True)
sys.stdin.read()
"""

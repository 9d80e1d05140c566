"""Real-looking exports for the store tests: Partner Center Insights O365 usage TSVs."""

from __future__ import annotations

HEADER = ["PGAPartnerID", "CustomerTenantId", "WorkloadName", "Month", "PaidAvailableUnits", "MonthlyActiveUsers",
          "CustomerName", "CustomerMarket", "CustomerSegment", "IsDuplicateRowForPGA"]
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
        lines.append("\t".join(["4711", tenant, workload, f"{month}-01", str(sold), str(active), customer,
                                "Sweden", "SMB", "0"]))
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

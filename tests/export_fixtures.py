"""Real-looking exports for the reader, metric, rule and CLI tests, built as bytes.

Headers are the ones in ../shared/domain.md (Partner Center Insights, the analytics API, the
Microsoft 365 active user detail, subscriptions and five helpdesk tools).
"""

from __future__ import annotations

import io
import json

from adoption.ingest.readers import read_file

CONTOSO = "6f1c1d2e-8a4b-4c3d-9e2f-1a2b3c4d5e6f"
FABRIKAM = "1a2b3c4d-5e6f-4a8b-9c0d-e1f2a3b4c5d6"
NORTHWIND = "2b3c4d5e-6f70-4b9c-8d1e-f2a3b4c5d6e7"

INSIGHTS_O365 = [
    "PGAPartnerID",
    "CustomerTenantId",
    "CustomerTpid",
    "WorkloadName",
    "Month",
    "PaidAvailableUnits",
    "MonthlyActiveUsers",
    "CustomerName",
    "CustomerMarket",
    "CustomerSegment",
    "IndustryName",
    "VerticalName",
    "EOU",
    "PartnerID",
    "PartnerName",
    "PartnerLocation",
    "PartnerAttributionType",
    "IsDuplicateRowForPGA",
]

INSIGHTS_SEATS = [
    "SubscriptionId",
    "SubscriptionStartDate",
    "SubscriptionEndDate",
    "SubscriptionStatus",
    "Month",
    "SKU",
    "SKUId",
    "FreeVsPaidSKU",
    "SalesModel",
    "DetailedSalesModel",
    "CustomerName",
    "CustomerTenantId",
    "CustomerTpid",
    "CustomerSegment",
    "CustomerMarket",
    "MPNID",
    "PartnerName",
    "PartnerLocation",
    "PartnerAttachType",
    "AvailableSeats",
    "AssignedSeats",
    "ActiveSeats",
    "DeploymentOpportunity",
    "ActiveUsagePercent",
]

API_DEPLOYMENT = [
    "processedDateTime",
    "serviceCode",
    "serviceName",
    "channel",
    "customerTenantId",
    "customerName",
    "productId",
    "productName",
    "licensesDeployed",
    "licensesSold",
]

API_USAGE = [
    "processedDateTime",
    "serviceCode",
    "serviceName",
    "channel",
    "customerTenantId",
    "customerName",
    "productId",
    "productName",
    "workloadCode",
    "workloadName",
    "licensesActive",
    "licensesQualified",
]

USER_DETAIL = [
    "Report Refresh Date",
    "User Principal Name",
    "Display Name",
    "Is Deleted",
    "Deleted Date",
    "Has Exchange License",
    "Has OneDrive License",
    "Has SharePoint License",
    "Has Skype For Business License",
    "Has Yammer License",
    "Has Teams License",
    "Exchange Last Activity Date",
    "OneDrive Last Activity Date",
    "SharePoint Last Activity Date",
    "Skype For Business Last Activity Date",
    "Yammer Last Activity Date",
    "Teams Last Activity Date",
    "Exchange License Assign Date",
    "OneDrive License Assign Date",
    "SharePoint License Assign Date",
    "Skype For Business License Assign Date",
    "Yammer License Assign Date",
    "Teams License Assign Date",
    "Assigned Products",
]

SUBSCRIPTIONS_API = [
    "id",
    "offerId",
    "offerName",
    "friendlyName",
    "quantity",
    "unitType",
    "creationDate",
    "effectiveStartDate",
    "commitmentEndDate",
    "status",
    "autoRenewEnabled",
    "billingCycle",
    "isTrial",
    "termDuration",
]
SUBSCRIPTIONS_PORTAL = ["Subscription ID", "Subscription", "Quantity", "Status", "Reseller"]


# The canonical CSV template's first seven columns (adoption.export.TEMPLATE_COLUMNS has segment and market too).
CANONICAL = ["customer_id", "customer_name", "period", "workload", "licenses_sold", "licenses_assigned", "active_users"]


def delimited(
    header: list[str], rows: list[list[object]], sep: str = ",", eol: str = "\n", encoding: str = "utf-8"
) -> bytes:
    """A delimited export; cells containing the separator or quotes are quoted as Excel does."""

    def cell(value: object) -> str:
        text = "" if value is None else str(value)
        if sep in text or '"' in text or "\n" in text:
            return '"' + text.replace('"', '""') + '"'
        return text

    lines = [sep.join(cell(h) for h in header)] + [sep.join(cell(v) for v in row) for row in rows]
    return (eol.join(lines) + eol).encode(encoding)


def by_header(header: list[str], values: dict[str, object]) -> list[object]:
    """A row for `header` from {header: value}; unknown headers are a mistake in the test."""
    unknown = set(values) - set(header)
    assert not unknown, unknown
    return [values.get(h, "") for h in header]


def insights_o365_row(tenant: str, name: str, workload: str, month: str, sold, active, duplicate="0") -> list:
    return by_header(
        INSIGHTS_O365,
        {
            "PGAPartnerID": "4711001",
            "CustomerTenantId": tenant,
            "CustomerTpid": "88120044",
            "WorkloadName": workload,
            "Month": month,
            "PaidAvailableUnits": sold,
            "MonthlyActiveUsers": active,
            "CustomerName": name,
            "CustomerMarket": "Sweden",
            "CustomerSegment": "SMB",
            "IndustryName": "Manufacturing",
            "VerticalName": "Discrete Manufacturing",
            "EOU": "Nordics",
            "PartnerID": "4711002",
            "PartnerName": "Nordlicht IT AB",
            "PartnerLocation": "Sweden",
            "PartnerAttributionType": "CSP",
            "IsDuplicateRowForPGA": duplicate,
        },
    )


def insights_seats_row(
    tenant: str,
    name: str,
    sku: str,
    month: str,
    available,
    assigned,
    active,
    subscription: str = "b1f3a2c4-0000-4000-8000-000000000001",
) -> list:
    return by_header(
        INSIGHTS_SEATS,
        {
            "SubscriptionId": subscription,
            "SubscriptionStartDate": "2025-11-01",
            "SubscriptionEndDate": "2026-10-31",
            "SubscriptionStatus": "Active",
            "Month": month,
            "SKU": sku,
            "SKUId": "f30db892-07e9-47e9-837c-80727f46fd3d",
            "FreeVsPaidSKU": "Paid",
            "SalesModel": "CSP",
            "DetailedSalesModel": "CSP Indirect",
            "CustomerName": name,
            "CustomerTenantId": tenant,
            "CustomerTpid": "88120044",
            "CustomerSegment": "SMB",
            "CustomerMarket": "Sweden",
            "MPNID": "4711002",
            "PartnerName": "Nordlicht IT AB",
            "PartnerLocation": "Sweden",
            "PartnerAttachType": "Transact",
            "AvailableSeats": available,
            "AssignedSeats": assigned,
            "ActiveSeats": active,
            "DeploymentOpportunity": "",
            "ActiveUsagePercent": "",
        },
    )


def api_deployment_record(
    tenant: str, name: str, product: str, sold, deployed, processed: str = "2026-10-31T06:12:44Z"
) -> dict:
    return {
        "processedDateTime": processed,
        "serviceCode": "O365",
        "serviceName": "Office 365",
        "channel": "Reseller",
        "customerTenantId": tenant,
        "customerName": name,
        "productId": "796b6b5f-613c-4e24-a17c-eba730d49c02",
        "productName": product,
        "licensesDeployed": deployed,
        "licensesSold": sold,
    }


def api_usage_record(
    tenant: str,
    name: str,
    code: str,
    workload: str,
    active,
    qualified,
    processed: str = "2026-10-31T06:12:44Z",
    active_key: str = "licensesActive",
) -> dict:
    return {
        "processedDateTime": processed,
        "serviceCode": "O365",
        "serviceName": "Office 365",
        "channel": "Reseller",
        "customerTenantId": tenant,
        "customerName": name,
        "productId": "796b6b5f-613c-4e24-a17c-eba730d49c02",
        "productName": "Microsoft 365 Business Standard",
        "workloadCode": code,
        "workloadName": workload,
        active_key: active,
        "licensesQualified": qualified,
    }


def value_json(records: list[dict]) -> bytes:
    return json.dumps({"Value": records, "TotalCount": len(records)}, ensure_ascii=False, indent=2).encode("utf-8")


def records_csv(records: list[dict], **kw) -> bytes:
    header = list(records[0])
    return delimited(header, [[r.get(h) for h in header] for r in records], **kw)


def user(
    upn: str,
    refresh: str = "2026-10-31",
    deleted: bool = False,
    licensed=(),
    active: dict | None = None,
    deleted_date: str = "",
) -> list:
    """A user detail row: `licensed` names workloads (Exchange, OneDrive, SharePoint, Skype For Business,
    Yammer, Teams) whose license the user holds; `active` maps workload -> last activity date."""
    values: dict[str, object] = {
        "Report Refresh Date": refresh,
        "User Principal Name": upn,
        "Display Name": upn.split("@")[0].title(),
        "Is Deleted": "True" if deleted else "False",
        "Deleted Date": deleted_date,
        "Assigned Products": "MICROSOFT 365 BUSINESS STANDARD" if licensed else "",
    }
    for workload in ("Exchange", "OneDrive", "SharePoint", "Skype For Business", "Yammer", "Teams"):
        values[f"Has {workload} License"] = "True" if workload in licensed else "False"
        values[f"{workload} Last Activity Date"] = (active or {}).get(workload, "")
        values[f"{workload} License Assign Date"] = "2025-03-01" if workload in licensed else ""
    return by_header(USER_DETAIL, values)


def user_detail(rows: list[list]) -> bytes:
    """As the admin center downloads it: UTF-8 with a BOM, comma separated, CRLF."""
    return b"\xef\xbb\xbf" + delimited(USER_DETAIL, rows, eol="\r\n")


def subscription_api_row(sid: str, offer_id: str, offer_name: str, quantity, status: str, trial: str = "false") -> list:
    return by_header(
        SUBSCRIPTIONS_API,
        {
            "id": sid,
            "offerId": offer_id,
            "offerName": offer_name,
            "friendlyName": offer_name,
            "quantity": quantity,
            "unitType": "Licenses",
            "creationDate": "2025-11-01T10:00:00Z",
            "effectiveStartDate": "2025-11-01T00:00:00Z",
            "commitmentEndDate": "2026-10-31T00:00:00Z",
            "status": status,
            "autoRenewEnabled": "true",
            "billingCycle": "monthly",
            "isTrial": trial,
            "termDuration": "P1Y",
        },
    )


def workbook(sheets: dict[str, list[list]]) -> bytes:
    """An XLSX workbook with these sheets (title -> rows, the first row the header), written by openpyxl."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_one(name: str, data: bytes, **kw):
    """The single ParsedFile a one-table file gives."""
    parsed = read_file(name, data, **kw)
    assert len(parsed) == 1, [p.name for p in parsed]
    return parsed[0]


def rows_of(parsed, *columns: str) -> list[tuple]:
    return parsed.rows.select(columns).rows()


def rejects_of(parsed) -> list[tuple]:
    return parsed.rejected.select("line", "reason").rows()

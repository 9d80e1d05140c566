"""The export kinds the package recognises: for each, its fields, the header aliases that name
them (compared with adoption.ingest.text.header_key), and how to tell the kind from its headers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from adoption.i18n import N_
from adoption.ingest.text import header_key
from adoption.model import ExpectedExport, FileProblem

# The report's own spelling of each workload in its headers ("Has Skype For Business License").
USER_DETAIL_SPELLING = {
    "exchange": "Exchange",
    "sharepoint": "SharePoint",
    "onedrive": "OneDrive",
    "teams": "Teams",
    "skypeforbusiness": "Skype For Business",
    "yammer": "Yammer",
}
USER_DETAIL_WORKLOADS = {
    "Exchange": ["exchange"],
    "SharePoint": ["sharepoint", "onedrive"],
    "Teams": ["teams"],
    "Skype for Business": ["skypeforbusiness"],
    "Yammer": ["yammer"],
}

TENANT = ["customertenantid", "tenantid", "customerid", "tenant"]
NAME = ["customername", "customer", "companyname", "tenantname", "organizationname"]
# The analytics API's usage and deployment files name the date and the customer alike.
API_CUSTOMER_FIELDS = {
    "date": ["processedDateTime", "processeddate", "date"],
    "tenant": ["customerTenantId", "customerid"],
    "name": ["customerName"],
}
TICKET_CUSTOMER = [
    "organization",
    "organizationname",
    "organisation",
    "company",
    "companyname",
    "account",
    "accountname",
    "customer",
    "customername",
    "client",
    "clientname",
    "requesterorganization",
]
TICKET_TYPE = [
    "type",
    "tickettype",
    "category",
    "subcategory",
    "issuetype",
    "subissuetype",
    "subtype",
    "requesttype",
    "problemtype",
    "issue",
    "servicetype",
]
TICKET_CREATED = [
    "created_at",
    "created",
    "createddate",
    "createdon",
    "openedat",
    "opened",
    "openeddate",
    "dateentered",
    "createdatetime",
    "createdate",
    "datecreated",
    "createdtime",
    "datetimecreated",
    "opendate",
    "dateopened",
]
TICKET_STATUS = ["status", "statusname", "state", "ticketstatus"]
TICKET_ID = ["id", "ticketid", "ticketnumber", "ticketno", "ticketnbr", "ticket", "number", "issuekey", "casenumber"]
TICKET_SUBJECT = ["subject", "title", "summary", "shortdescription", "ticketsubject", "tickettitle"]
# Which helpdesk wrote a ticket export, told by header names its tool uses (see ../shared/domain.md);
# the first rule whose headers are all present names it.
HELPDESKS = [
    ("zendesk", {"organization", "createdat"}),
    ("freshdesk", {"ticketid", "createdtime"}),
    ("freshdesk", {"company", "createdtime"}),
    ("servicenow", {"number", "openedat"}),
    ("connectwise", {"dateentered"}),
    ("autotask", {"createdatetime"}),
]


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    category: str
    fields: dict[str, list[str]]
    required: list[list[str]]  # each inner list: at least one of these fields must be present

    def match(self, keys: list[str]) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for name, aliases in self.fields.items():
            positions = [i for alias in aliases for i, key in enumerate(keys) if key == header_key(alias)]
            positions = list(dict.fromkeys(positions))
            if positions:  # every match: JSON records may spell one field two ways (licensesActive, licenseActive)
                found[name] = positions
        return found

    def missing(self, found: dict[str, list[int]]) -> list[list[str]]:
        return [group for group in self.required if not any(f in found for f in group)]


def _user_detail_fields() -> dict[str, list[str]]:
    fields = {"refresh": ["Report Refresh Date"], "upn": ["User Principal Name", "upn"], "deleted": ["Is Deleted"]}
    for names in USER_DETAIL_WORKLOADS.values():
        for name in names:
            spelled = USER_DETAIL_SPELLING[name]
            fields[f"has_{name}"] = [f"Has {spelled} License"]
            fields[f"last_{name}"] = [f"{spelled} Last Activity Date", f"{name}lastactivitydateutc"]
    return fields


KINDS: list[Kind] = [
    Kind(
        "user_detail",
        N_("Microsoft 365 Office 365 active user detail"),
        "licenses",
        _user_detail_fields(),
        [["refresh"], ["upn"], ["deleted"], [f"has_{n}" for ns in USER_DETAIL_WORKLOADS.values() for n in ns]],
    ),
    Kind(
        "insights_o365",
        N_("Partner Center Insights Office 365 license usage"),
        "licenses",
        {
            "tenant": ["CustomerTenantId"],
            "name": ["CustomerName"],
            "workload": ["WorkloadName", "workload"],
            "month": ["Month"],
            "sold": ["PaidAvailableUnits"],
            "active": ["MonthlyActiveUsers"],
            "duplicate": ["isduplicaterowforpga"],
            "market": ["customermarket"],
            "segment": ["customersegment"],
        },
        [["workload"], ["month"], ["sold"], ["active"], ["tenant", "name"]],
    ),
    Kind(
        "insights_seats",
        N_("Partner Center Insights Dynamics 365 / Power BI license usage"),
        "licenses",
        {
            "tenant": ["CustomerTenantId"],
            "name": ["CustomerName"],
            "sku": ["SKU", "skuname"],
            "month": ["Month"],
            "sold": ["AvailableSeats"],
            "assigned": ["AssignedSeats"],
            "active": ["ActiveSeats"],
            "market": ["customermarket"],
            "segment": ["customersegment"],
        },
        [["sku"], ["month"], ["sold"], ["assigned"], ["active"], ["tenant", "name"]],
    ),
    Kind(
        "api_usage",
        N_("Partner Center analytics license usage"),
        "licenses",
        {
            **API_CUSTOMER_FIELDS,
            "workload": ["workloadCode", "workloadname", "workload"],
            "assigned": ["licensesQualified", "licensequalified"],
            "active": ["licensesActive", "licenseactive"],
            "usage_pct": ["usagepercent", "usagepct"],
        },
        [["date"], ["workload"], ["assigned"], ["active", "usage_pct"], ["tenant", "name"]],
    ),
    Kind(
        "api_deployment",
        N_("Partner Center analytics license deployment"),
        "licenses",
        {
            **API_CUSTOMER_FIELDS,
            "product": ["productName", "product", "productid"],
            "sold": ["licensesSold", "licensesold"],
            "assigned": ["licensesDeployed", "licensedeployed"],
            "deploy_pct": ["deploymentpercent", "deploymentpct"],
        },
        [["date"], ["product"], ["sold"], ["assigned", "deploy_pct"], ["tenant", "name"]],
    ),
    Kind(
        "canonical",
        N_("Adoption Insights CSV template"),
        "licenses",
        {
            "id": ["customer_id"],
            "tenant": ["tenant_id", "customertenantid"],
            "name": ["customer_name"],
            "period": ["period"],
            "workload": ["workload", "product"],
            "sold": ["licenses_sold"],
            "assigned": ["licenses_assigned"],
            "active": ["active_users"],
            "segment": ["segment"],
            "market": ["market"],
        },
        [["period"], ["workload"], ["id", "tenant", "name"], ["sold", "assigned", "active"]],
    ),
    Kind(
        "subscriptions",
        N_("subscription list"),
        "subscriptions",
        {
            "tenant": TENANT,
            "name": NAME,
            "id": ["subscriptionid", "id"],
            "offer_id": ["offerId"],
            "offer_name": ["offerName", "subscription", "subscriptionname", "offer", "friendlyname"],
            "status": ["status", "subscriptionstatus"],
            "trial": ["istrial", "trial"],
            "quantity": ["quantity", "seats"],
        },
        [["offer_id", "offer_name"], ["status"], ["quantity"]],
    ),
    Kind(
        "tickets",
        N_("helpdesk ticket export"),
        "tickets",
        {
            "name": TICKET_CUSTOMER,
            "type": TICKET_TYPE,
            "created": TICKET_CREATED,
            "status": TICKET_STATUS,
            "id": TICKET_ID,
            "subject": TICKET_SUBJECT,
        },
        [["name"], ["type"], ["created"]],
    ),
]
KIND_BY_NAME = {kind.name: kind for kind in KINDS}


def helpdesk_of(headers: list[str]) -> str:
    """The helpdesk a ticket export came from, by its header style; for a tool not listed, a
    signature of its header set (order-insensitive), so its exports still match each other."""
    keys = {header_key(h) for h in headers} - {""}
    for name, needed in HELPDESKS:
        if needed <= keys:
            return name
    return "headers:" + hashlib.sha256(",".join(sorted(keys)).encode()).hexdigest()[:12]


def expected_export(kind: Kind) -> ExpectedExport:
    """The kind's label and the columns it needs: of each required group its first field, by the first alias
    (which is the export's own spelling)."""
    return ExpectedExport(kind.label, tuple(kind.fields[group[0]][0] for group in kind.required))


def describe(kind: Kind) -> str:
    expected = expected_export(kind)
    return f"{expected.label} ({', '.join(expected.columns)})"


def detect(file_name: str, headers: list[str]) -> tuple[Kind, dict[str, list[int]]]:
    """The first kind whose required fields are all present, or a plain-language error."""
    keys = [header_key(h) for h in headers]
    best: tuple[float, Kind, list[list[str]]] | None = None
    for kind in KINDS:
        found = kind.match(keys)
        missing = kind.missing(found)
        if not missing:
            return kind, found
        score = 1 - len(missing) / len(kind.required)
        if best is None or score > best[0]:
            best = (score, kind, missing)
    found = tuple(h for h in headers[:8] if h.strip())
    shown = ", ".join(found)[:200] or "no headers"
    if best and best[0] >= 0.6:
        _, kind, missing = best
        lacking = kind.fields[missing[0][0]][0]
        reason = f"looks like a {kind.label} but has no {lacking} column"
        raise FileProblem(
            f"{file_name} {reason} (line 1 has: {shown}).",
            file=file_name,
            reason=reason,
            line=1,
            found=found,
            expected=(expected_export(kind),),
        )
    reason = "was not recognised from its header row"
    raise FileProblem(
        f"{file_name} {reason} (line 1 has: {shown}); expected one of: {'; '.join(describe(k) for k in KINDS)}.",
        file=file_name,
        reason=reason,
        line=1,
        found=found,
        expected=tuple(expected_export(k) for k in KINDS),
    )

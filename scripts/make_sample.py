"""Write the bundled sample portfolio into a directory (normally data/): `python scripts/make_sample.py data`.

About 150 fictional Nordic customers of one fictional partner ("Norrsken Moln AB") over 12 months
(2025-11 .. 2026-10), as the exports a partner really downloads (headers from /work/shared/domain.md):

- insights_o365_license_usage.tsv    Partner Center Insights Office 365 license usage (a few rows flagged
                                      IsDuplicateRowForPGA = 1, which the reader skips)
- insights_d365_powerbi_seats.tsv    Partner Center Insights Dynamics 365 / Power BI seats (a subset)
- analytics_license_deployment.json  Partner Center analytics API license deployment, latest month
- analytics_license_usage.json       Partner Center analytics API license usage, latest month (some records
                                      spell licenseActive, as the docs' own example does)
- goteborgs_akeri_active_user_detail.csv  one tenant's Microsoft 365 active user detail (UTF-8 with BOM)
- subscriptions.csv                  Partner Center subscription fields plus the customer's tenant and name
- zendesk_tickets.csv                the partner's helpdesk, the 90 days up to the as-of date
- sample.json                        the manifest adoption.sample reads (as_of = the newest ticket's date)

The named customers in scripts/sample_names.py carry the stories: usage above 100% explained by turnover,
an inactive duplicate subscription, a trial, or Yammer; above 100% with nothing to explain it; many
how-to tickets; upsell; low adoption; improving and slipping trends. Everything comes from one seeded
random generator and fixed dates, so two runs write byte-identical files. Offer ids are only shaped
like the NCE catalogue's.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import uuid
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_names import MARKET_COUNTS, MARKETS, NAMED, TICKET_SUBJECTS  # noqa: E402
from sample_tenant import user_detail  # noqa: E402

SEED = 20261030
MONTHS = [dt.date(2025 + (10 + i) // 12, (10 + i) % 12 + 1, 1) for i in range(12)]  # 2025-11 .. 2026-10
LAST = len(MONTHS) - 1
AS_OF = dt.date(2026, 10, 30)  # the newest ticket is forced onto this day
PROCESSED = "2026-10-29T03:14:07Z"  # the analytics API's processedDateTime
PARTNER = {"PartnerID": "4871203", "PartnerName": "Norrsken Moln AB", "PartnerLocation": "Sweden"}
WORKLOADS = {  # Insights WorkloadName -> (analytics workloadCode, share of licensed users typically active)
    "Exchange Online": ("EXO", 1.0),
    "Microsoft Teams": ("TEAMS", 0.96),
    "SharePoint Online": ("SPO", 0.8),
    "OneDrive for Business": ("ODB", 0.86),
    "Yammer": ("YAM", 0.6),
    "Skype for Business Online": ("SFB", 0.06),
}
OFFERS = {  # short name -> (offerId, offerName)
    "BB": ("CFQ7TTC0LH18:0001", "Microsoft 365 Business Basic"),
    "BS": ("CFQ7TTC0LDPB:0001", "Microsoft 365 Business Standard"),
    "BP": ("CFQ7TTC0LCHC:0002", "Microsoft 365 Business Premium"),
    "E1": ("CFQ7TTC0LF8R:0001", "Office 365 E1"),
    "E3": ("CFQ7TTC0LF8Q:0001", "Office 365 E3"),
    "M3": ("CFQ7TTC0LFLX:0001", "Microsoft 365 E3"),
    "M5": ("CFQ7TTC0LFLZ:0002", "Microsoft 365 E5"),
    "F3": ("CFQ7TTC0LGZT:0001", "Microsoft 365 F3"),
}
SEAT_SKUS = [
    "Power BI Pro",
    "Power BI Premium Per User",
    "Dynamics 365 Business Central Essentials",
    "Dynamics 365 Sales Enterprise",
    "Dynamics 365 Customer Service Enterprise",
]
# Usage of assigned licenses at the first and the last month, per story (the generated customers
# get the first six at random).
CURVES = {
    "average": (0.5, 0.72),
    "steady": (0.72, 0.86),
    "upsell": (0.9, 0.96),
    "improving": (0.3, 0.86),
    "slipping": (0.84, 0.26),
    "low": (0.2, 0.36),
    "turnover": (0.86, 0.9),
    "duplicate": (0.84, 0.88),
    "trial": (0.8, 0.86),
    "yammer": (0.78, 0.82),
    "unexplained": (0.8, 0.84),
    "support": (0.58, 0.64),
    "support_new": (0.3, 0.66),
}
# Stories kept free of what would blur them: Skype rows, stray trials, inactive duplicate subscriptions.
CLEAN_STORIES = {"upsell", "turnover", "duplicate", "trial", "yammer", "unexplained"}
# Usage above 100% on purpose: story -> {workload: {month index: active users as a share of the row's
# usage base (licenses sold in Insights-only months, assigned in the latest month)}}.
OVER_100 = {
    "duplicate": {"Exchange Online": {LAST: 1.07}, "Microsoft Teams": {LAST: 1.04}},
    "trial": {"Exchange Online": {LAST: 1.08}, "Microsoft Teams": {LAST: 1.09}},
    "yammer": {"Yammer": {LAST - 2: 1.12, LAST - 1: 1.2, LAST: 1.34}},
    "unexplained": {"Microsoft Teams": {LAST - 1: 1.02, LAST: 1.04}},
}


def guid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def customers(rng: random.Random) -> list[dict]:
    """The named customers first, then generated ones: unique place + trade names per market."""
    people = [
        dict(name=n, market=m, segment=s, industry=i, story=st, seats=seats)
        for n, (m, s, i, st, seats) in NAMED.items()
    ]
    for market, count in MARKET_COUNTS.items():
        forms, places, trades = MARKETS[market]
        combos = rng.sample([(p, t) for p in places for t in trades], count)
        for place, (trade, industry) in combos:
            segment = rng.choices(["SMB", "Corporate", "Enterprise"], [62, 28, 10])[0]
            seats = {
                "SMB": rng.randint(6, 90),
                "Corporate": rng.randint(90, 600),
                "Enterprise": rng.randint(600, 3500),
            }[segment]
            story = rng.choices(list(CURVES)[:6], [28, 20, 15, 12, 10, 15])[0]
            people.append(
                dict(
                    name=f"{place} {trade} {rng.choice(forms)}",
                    market=market,
                    segment=segment,
                    industry=industry,
                    story=story,
                    seats=seats,
                )
            )
    for c in people:
        c.update(tenant=guid(rng), tpid=str(rng.randint(10_000_000, 99_999_999)), growth=rng.uniform(-0.08, 0.2))
        named = c["name"] in NAMED
        c["start"] = 8 if c["story"] == "support_new" else (0 if named or rng.random() > 0.1 else rng.randint(2, 9))
        c["deploy"] = (
            0.93 + 0.07 * rng.random()
            if c["story"] == "upsell"
            else 0.35 + 0.23 * rng.random()
            if c["story"] == "low" and rng.random() < 0.6
            else 0.76 + 0.22 * rng.random()
        )
        c["yammer"] = c["story"] in ("yammer", "turnover") or (
            c["story"] != "upsell" and rng.random() < (0.2 if c["segment"] == "SMB" else 0.6)
        )
        c["skype"] = c["story"] not in CLEAN_STORIES and rng.random() < 0.08
        c["yammer_share"] = rng.uniform(0.35, 0.9)
        c["products"] = products(rng, c)
        if c["story"] == "turnover":  # the user detail file's 60 licensed users of 64 sold (sample_names)
            c["deploy"] = 60 / 64
    return people


def products(rng: random.Random, c: dict) -> list[tuple[str, int]]:
    """(offer short name, seats) adding up to the customer's seats."""
    seats, segment = c["seats"], c["segment"]
    if segment == "SMB":
        main = rng.choices(["BB", "BS", "BP"], [25, 45, 30])[0]
        split = [(main, 1.0)] if rng.random() < 0.75 or main == "BB" else [(main, 0.8), ("BB", 0.2)]
    elif segment == "Corporate":
        split = [("BP", 1.0)] if seats <= 300 else [("E3", 0.7), ("E1", 0.3)]
    else:
        split = [("M3", 0.7), ("F3", 0.2), ("M5", 0.1)]
    if c["story"] == "duplicate":
        split = [("BS", 1.0)]
    counts = [(offer, round(seats * share)) for offer, share in split]
    counts[0] = (counts[0][0], seats - sum(n for _, n in counts[1:]))
    return counts


def usage_share(c: dict, month: int, workload: str, rng: random.Random) -> float:
    first, last = CURVES[c["story"]]
    progress = month / LAST
    if c["story"] == "slipping":  # holds up for months, then falls fast: the last quarter is what to call out
        progress = progress**2
    share = first + (last - first) * progress
    share *= 0.86 if MONTHS[month].month == 7 else 0.95 if MONTHS[month].month == 12 else 1.0  # holidays
    factor = c["yammer_share"] if workload == "Yammer" else WORKLOADS[workload][1]
    if c["story"] == "upsell" and workload in ("SharePoint Online", "OneDrive for Business"):
        factor = 0.95
    return min(max(share * factor + rng.uniform(-0.025, 0.025), 0.01), 0.97)


def license_rows(rng: random.Random, people: list[dict], tenant_counts: dict[str, int]):
    """Insights rows for every month, analytics usage and deployment records for the latest one."""
    insights, usage, deployment = [], [], []
    for c in people:
        workloads = [
            w for w in WORKLOADS if (w != "Yammer" or c["yammer"]) and (w != "Skype for Business Online" or c["skype"])
        ]
        for m in range(c["start"], len(MONTHS)):
            sold = round(c["seats"] / (1 + c["growth"]) * (1 + c["growth"] * m / LAST)) if m < LAST else c["seats"]
            assigned = round(sold * c["deploy"])
            for w in workloads:
                active = round(assigned * usage_share(c, m, w, rng))
                if (over := OVER_100.get(c["story"], {}).get(w, {}).get(m)) is not None:
                    active = round((assigned if m == LAST else sold) * over)
                if c["story"] == "turnover" and m == LAST:
                    active = tenant_counts[w]
                insights.append(
                    {
                        "PGAPartnerID": PARTNER["PartnerID"],
                        "CustomerTenantId": c["tenant"],
                        "CustomerTpid": c["tpid"],
                        "WorkloadName": w,
                        "Month": MONTHS[m].isoformat(),
                        "PaidAvailableUnits": sold,
                        "MonthlyActiveUsers": active,
                        "CustomerName": c["name"],
                        "CustomerMarket": c["market"],
                        "CustomerSegment": c["segment"],
                        "IndustryName": c["industry"],
                        "VerticalName": c["industry"],
                        "EOU": "Nordics",
                        **PARTNER,
                        "PartnerAttributionType": "Transacting",
                        "IsDuplicateRowForPGA": 0,
                    }
                )
                if m == LAST:
                    record = {
                        "processedDateTime": PROCESSED,
                        "serviceCode": "O365",
                        "serviceName": "Office 365",
                        "channel": "Reseller",
                        "customerTenantId": c["tenant"],
                        "customerName": c["name"],
                        "productId": OFFERS[c["products"][0][0]][0],
                        "productName": OFFERS[c["products"][0][0]][1],
                        "workloadCode": WORKLOADS[w][0],
                        "workloadName": w,
                    }
                    spelling = (
                        "licenseActive" if rng.random() < 0.25 else "licensesActive"
                    )  # the docs' example spelling
                    usage.append({**record, spelling: active, "licensesQualified": assigned})
        for offer, seats in c["products"]:
            deployed = min(seats, round(seats * (c["deploy"] + rng.uniform(-0.02, 0.02))))
            deployment.append(
                {
                    "processedDateTime": PROCESSED,
                    "serviceCode": "O365",
                    "serviceName": "Office 365",
                    "channel": "Reseller",
                    "customerTenantId": c["tenant"],
                    "customerName": c["name"],
                    "productId": OFFERS[offer][0],
                    "productName": OFFERS[offer][1],
                    "licensesDeployed": deployed,
                    "licensesSold": seats,
                }
            )
    duplicates = sorted(rng.sample(range(len(insights)), 7), reverse=True)
    for index in duplicates:  # the same row under the partner's parent PGA organisation
        insights.insert(index + 1, {**insights[index], "PGAPartnerID": "4100877", "IsDuplicateRowForPGA": 1})
    return insights, usage, deployment


def seat_rows(rng: random.Random, people: list[dict]) -> list[dict]:
    """Dynamics 365 / Power BI seats for about a fifth of the customers, one row per subscription and month."""
    rows = []
    for c in people:
        if c["segment"] == "SMB" or rng.random() > 0.45 or c["story"] in CLEAN_STORIES - {"upsell"}:
            continue
        for sku in rng.sample(SEAT_SKUS, rng.choice([1, 1, 2])):
            seats, sub, sku_id = max(5, round(c["seats"] * rng.uniform(0.05, 0.3))), guid(rng), guid(rng)
            deploy = rng.uniform(0.92, 1.0) if c["story"] == "upsell" else rng.uniform(0.55, 1.0)
            use = rng.uniform(0.84, 0.95) if c["story"] == "upsell" else rng.uniform(0.35, 0.92)
            for m in range(c["start"], len(MONTHS)):
                assigned = round(seats * deploy)
                active = min(assigned, round(assigned * (use + rng.uniform(-0.03, 0.03))))
                rows.append(
                    {
                        "SubscriptionId": sub,
                        "SubscriptionStartDate": "2025-01-01",
                        "SubscriptionEndDate": "2026-12-31",
                        "SubscriptionStatus": "Active",
                        "Month": MONTHS[m].isoformat(),
                        "SKU": sku,
                        "SKUId": sku_id,
                        "FreeVsPaidSKU": "Paid",
                        "SalesModel": "CSP",
                        "DetailedSalesModel": "CSP Indirect Reseller",
                        "CustomerName": c["name"],
                        "CustomerTenantId": c["tenant"],
                        "CustomerTpid": c["tpid"],
                        "CustomerSegment": c["segment"],
                        "CustomerMarket": c["market"],
                        "MPNID": PARTNER["PartnerID"],
                        "PartnerName": PARTNER["PartnerName"],
                        "PartnerLocation": PARTNER["PartnerLocation"],
                        "PartnerAttachType": "Transacting",
                        "AvailableSeats": seats,
                        "AssignedSeats": assigned,
                        "ActiveSeats": active,
                        "DeploymentOpportunity": seats - assigned,
                        "ActiveUsagePercent": f"{100 * active / assigned:.1f}" if assigned else "0.0",
                    }
                )
    return rows


def subscription_rows(rng: random.Random, people: list[dict]) -> list[dict]:
    """Partner Center subscriptions: the products, plus inactive duplicates and trials (on purpose for
    the named customers, now and then for others, where no usage above 100% makes them matter)."""
    rows = []

    def add(c: dict, offer: str, quantity: int, status: str = "active", trial: bool = False) -> None:
        created = (
            dt.date(2026, 10, 1) + dt.timedelta(days=rng.randint(0, 14))
            if trial
            else dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
        )
        ends = (
            created + dt.timedelta(days=30)
            if trial
            else dt.date(2026, 11, 1)
            + dt.timedelta(days=rng.randint(0, 300) if status == "active" else -rng.randint(10, 120))
        )
        offer_id, offer_name = OFFERS[offer]
        rows.append(
            {
                "customerTenantId": c["tenant"],
                "customerName": c["name"],
                "id": guid(rng),
                "offerId": offer_id,
                "offerName": offer_name + (" (Trial)" if trial else ""),
                "friendlyName": offer_name,
                "quantity": quantity,
                "unitType": "Licenses",
                "creationDate": f"{created.isoformat()}T09:00:00Z",
                "effectiveStartDate": created.isoformat(),
                "commitmentEndDate": ends.isoformat(),
                "status": status,
                "autoRenewEnabled": str(not trial and status == "active").lower(),
                "billingCycle": "none" if trial else rng.choice(["monthly", "annual"]),
                "isTrial": str(trial).lower(),
                "termDuration": "P1M" if trial else rng.choice(["P1M", "P1Y", "P1Y"]),
            }
        )

    for c in people:
        for offer, seats in c["products"]:
            add(c, offer, seats)
        if c["story"] == "duplicate":
            add(c, "BS", 20, status="suspended")
        elif c["story"] == "trial":
            add(c, "M5", 25, trial=True)
        elif c["story"] not in CLEAN_STORIES:
            if rng.random() < 0.06:
                add(
                    c,
                    c["products"][0][0],
                    max(1, c["seats"] // 10),
                    status=rng.choice(["expired", "disabled", "suspended"]),
                )
            if rng.random() < 0.05:
                add(c, "M5", 25, trial=True)
    return rows


def ticket_rows(rng: random.Random, people: list[dict]) -> list[dict]:
    """Zendesk tickets over the 90 days to AS_OF; the support stories get many how-to questions in the
    last 30 days, everyone else stays under the 5-per-100-licensed-users line there."""
    tickets = []
    for c in people:
        licensed = round(c["seats"] * c["deploy"])
        count = min(14, rng.randint(0, 2 + c["seats"] // 120))
        found = [(rng.randint(0, 89), rng.choices(list(TICKET_SUBJECTS), [30, 45, 5, 20])[0]) for _ in range(count)]
        questions = {"support": 8, "support_new": 9}.get(c["story"], 0)
        found += [(rng.randint(0, 29), "question") for _ in range(questions)]
        if not questions:  # keep background customers under the threshold in the last 30 days
            allowed = int(0.04 * licensed)
            for i, (days, kind) in enumerate(found):
                if days < 30 and kind == "question":
                    allowed -= 1
                    if allowed < 0:
                        found[i] = (days, "incident")
        for days, kind in found:
            tickets.append((AS_OF - dt.timedelta(days=days), rng.randint(7 * 3600, 17 * 3600), c["name"], kind))
    tickets.append((AS_OF, 15 * 3600 + 42 * 60, "Køge Bugt Rådgivning ApS", "question"))
    rows = []
    for number, (day, seconds, name, kind) in enumerate(sorted(tickets), start=48211):
        age = (AS_OF - day).days
        status = (
            rng.choice(["new", "open", "pending"])
            if age < 5
            else rng.choice(["solved", "closed", "closed", "pending", "hold"])
        )
        rows.append(
            {
                "id": number,
                "organization": name,
                "type": kind,
                "subject": rng.choice(TICKET_SUBJECTS[kind]),
                "created_at": f"{day.isoformat()}T{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}Z",
                "status": status,
            }
        )
    return rows


def write_json(path: Path, records: list[dict]) -> None:
    body = ",\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    path.write_text('{"Value": [\n' + body + "\n]}\n", encoding="utf-8", newline="\n")


def main(out: Path) -> None:
    rng = random.Random(SEED)
    out.mkdir(parents=True, exist_ok=True)
    people = customers(rng)
    tenant_frame, tenant_counts = user_detail(random.Random(SEED + 1), "goteborgsakeri.se")
    insights, usage, deployment = license_rows(rng, people, tenant_counts)
    pl.DataFrame(insights).write_csv(out / "insights_o365_license_usage.tsv", separator="\t")
    pl.DataFrame(seat_rows(rng, people)).write_csv(out / "insights_d365_powerbi_seats.tsv", separator="\t")
    write_json(out / "analytics_license_deployment.json", deployment)
    write_json(out / "analytics_license_usage.json", usage)
    tenant_frame.write_csv(out / "goteborgs_akeri_active_user_detail.csv", include_bom=True)
    pl.DataFrame(subscription_rows(rng, people)).write_csv(out / "subscriptions.csv")
    tickets = pl.DataFrame(ticket_rows(rng, people))
    tickets.write_csv(out / "zendesk_tickets.csv")
    manifest = {
        "as_of": tickets.get_column("created_at").max()[:10],
        "files": [
            {"path": "insights_o365_license_usage.tsv"},
            {"path": "insights_d365_powerbi_seats.tsv"},
            {"path": "analytics_license_deployment.json"},
            {"path": "analytics_license_usage.json"},
            {"path": "goteborgs_akeri_active_user_detail.csv", "customer": "Göteborgs Åkeri AB"},
            {"path": "subscriptions.csv"},
            {"path": "zendesk_tickets.csv"},
        ],
    }
    (out / "sample.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python scripts/make_sample.py OUTPUT_DIR")
    main(Path(sys.argv[1]))

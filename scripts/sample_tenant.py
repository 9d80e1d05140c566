"""One tenant's Microsoft 365 "Office 365 active user detail" report for the sample (Göteborgs Åkeri AB):
60 licensed users, 6 who left in October but were active before their account was deleted (so usage
goes above 100%: turnover), 3 unlicensed accounts. Refresh date 2026-10-28, window 2026-10-01 .. 28."""

from __future__ import annotations

import datetime as dt
import random

import polars as pl
from sample_names import FIRST_NAMES, LAST_NAMES

REFRESH = dt.date(2026, 10, 28)
WINDOW_START = REFRESH - dt.timedelta(days=27)
SERVICES = ["Exchange", "OneDrive", "SharePoint", "Skype For Business", "Yammer", "Teams"]
INSIGHTS_NAME = {
    "Exchange": "Exchange Online",
    "OneDrive": "OneDrive for Business",
    "SharePoint": "SharePoint Online",
    "Yammer": "Yammer",
    "Teams": "Microsoft Teams",
}
# How many of the 60 current and of the 6 deleted users were active in the window, per service.
ACTIVE = {
    "Exchange": (57, 6),
    "OneDrive": (47, 5),
    "SharePoint": (44, 3),
    "Skype For Business": (0, 0),
    "Yammer": (25, 1),
    "Teams": (56, 6),
}
FOLD = str.maketrans("åäöéøæÅÄÖÉØÆ", "aaoeoeAAOEOE")


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def user_detail(rng: random.Random, domain: str) -> tuple[pl.DataFrame, dict[str, int]]:
    """(the report as a frame of text cells, active users per Insights workload name)."""
    names = rng.sample([f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES], 69)
    current, deleted, unlicensed = names[:60], names[60:66], names[66:]
    active = {s: set(rng.sample(current, n)) | set(rng.sample(deleted, d)) for s, (n, d) in ACTIVE.items()}
    rows = []
    for name in names:
        licensed, gone = name not in unlicensed, name in deleted
        deleted_on = _day(rng, dt.date(2026, 10, 6), dt.date(2026, 10, 24)) if gone else None
        assigned = _day(rng, dt.date(2022, 1, 10), dt.date(2026, 5, 31))
        row = {
            "Report Refresh Date": REFRESH.isoformat(),
            "User Principal Name": name.lower().translate(FOLD).replace(" ", ".") + "@" + domain,
            "Display Name": name,
            "Is Deleted": str(gone),
            "Deleted Date": deleted_on.isoformat() if gone else "",
        }
        for service in SERVICES:
            row[f"Has {service} License"] = str(licensed and service != "Skype For Business")
        for service in SERVICES:
            if name in active[service]:
                last = _day(rng, WINDOW_START, (deleted_on - dt.timedelta(days=1)) if gone else REFRESH)
            elif licensed and service != "Skype For Business" and rng.random() < 0.6:
                last = _day(rng, dt.date(2026, 3, 1), WINDOW_START - dt.timedelta(days=1))
            else:
                last = None
            row[f"{service} Last Activity Date"] = last.isoformat() if last else ""
        for service in SERVICES:
            has = row[f"Has {service} License"] == "True"
            row[f"{service} License Assign Date"] = assigned.isoformat() if has else ""
        row["Assigned Products"] = "MICROSOFT 365 BUSINESS STANDARD" if licensed else ""
        rows.append(row)
    counts = {INSIGHTS_NAME[s]: len(active[s]) for s in INSIGHTS_NAME}
    return pl.DataFrame(rows), counts

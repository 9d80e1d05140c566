"""A store for the customer report tests: the crafted portfolio of app_fixtures (Contoso low
adoption, Fabrikam upsell and high support load) with a Zendesk export whose subjects name
workloads (Fabrikam: 3 Teams questions and 1 Outlook question in October 2026)."""

from __future__ import annotations

from pathlib import Path

import app_fixtures as fx
from adoption.store import Store
from adoption.store.derived import computed
from store_fixtures import zendesk_export

TICKETS = [
    (201, "Fabrikam AB", "question", "How do I add a channel in Teams?", "2026-10-05", "solved"),
    (202, "Fabrikam AB", "question", "Teams meeting recording missing", "2026-10-12", "solved"),
    (203, "Fabrikam AB", "question", "Share a file in a Teams chat", "2026-10-19", "open"),
    (204, "Fabrikam AB", "question", "Outlook signature for the whole company", "2026-10-26", "open"),
    (205, "Contoso Ltd", "incident", "Printer on floor 2 offline", "2026-10-28", "open"),
]


def report_store(path: Path, extra: tuple[tuple[str, bytes], ...] = ()) -> Path:
    fx.fill(path, "default", ("insights.tsv", fx.portfolio_tsv()), ("tickets.csv", zendesk_export(TICKETS)), *extra)
    return path


def frames(path: Path):
    with Store.open(path, read_only=True) as store:
        return computed(store, "default")

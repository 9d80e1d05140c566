"""A small crafted portfolio for the app tests (AppTest and the browser), as real-looking exports.

Latest period 2026-10 (Usage % = active / sold, Insights has no assigned figure):

    customer            seats  Exchange        Teams          unused  problem  (unused: seats - the larger active)
    Adatum Corp           100  60/100 = 60%    55/100 = 55%       40  none (no tenant id: keyed by name)
    Contoso Ltd           200  40/200 = 20%    150/200 = 75%      50  low adoption (Exchange)
    Fabrikam AB            50  45/50  = 90%    48/50  = 96%        2  upsell, high support load (4 help tickets)
    Northwind Traders      60  75/60  = 125%   57/60  = 95%        0  upsell; Exchange above 100%

so each sort gives another order: name A C F N, seats C A N F, unused C A F N, worst usage C A F N
(20, 55, 90, 95) but worst Deployment % (unknown everywhere) falls back to the name.

2026-09 is there too, so the customer page has a trend.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from adoption.store import Store
from devtools import serve
from export_fixtures import USER_DETAIL, user, user_detail  # noqa: F401  (re-exported for the tests)
from store_fixtures import TENANTS, insights_tsv, zendesk_tickets

CONTOSO, FABRIKAM, NORTHWIND = (TENANTS[n] for n in ("Contoso Ltd", "Fabrikam AB", "Northwind Traders"))

LATEST = [
    ("Adatum Corp", "Exchange", "2026-10", 100, 60),
    ("Adatum Corp", "Teams", "2026-10", 100, 55),
    ("Contoso Ltd", "Exchange", "2026-10", 200, 40),
    ("Contoso Ltd", "Teams", "2026-10", 200, 150),
    ("Fabrikam AB", "Exchange", "2026-10", 50, 45),
    ("Fabrikam AB", "Teams", "2026-10", 50, 48),
    ("Northwind Traders", "Exchange", "2026-10", 60, 75),
    ("Northwind Traders", "Teams", "2026-10", 60, 57),
]
PREVIOUS = [
    ("Contoso Ltd", "Exchange", "2026-09", 200, 30),
    ("Contoso Ltd", "Teams", "2026-09", 200, 140),
    ("Fabrikam AB", "Exchange", "2026-09", 50, 40),
    ("Fabrikam AB", "Teams", "2026-09", 50, 44),
    ("Adatum Corp", "Exchange", "2026-09", 100, 58),
    ("Adatum Corp", "Teams", "2026-09", 100, 50),
    ("Northwind Traders", "Exchange", "2026-09", 60, 50),
    ("Northwind Traders", "Teams", "2026-09", 60, 54),
]


def portfolio_tsv() -> bytes:
    """Partner Center Insights Office 365 license usage, 2026-09 and 2026-10, four customers."""
    return insights_tsv(PREVIOUS + LATEST)


def tickets_csv() -> bytes:
    """Zendesk: 4 how-to questions for Fabrikam in October (8 per 100 of 50 licensed), one incident for Contoso."""
    return zendesk_tickets(
        [
            (101, "Fabrikam AB", "question", "2026-10-03", "solved"),
            (102, "Fabrikam AB", "question", "2026-10-10", "solved"),
            (103, "Fabrikam AB", "question", "2026-10-17", "open"),
            (104, "Fabrikam AB", "question", "2026-10-24", "open"),
            (105, "Contoso Ltd", "incident", "2026-10-28", "open"),
        ]
    )


def one_customer_tsv(name: str, month: str = "2026-10", sold: int = 30, active: int = 12) -> bytes:
    """An Insights TSV for one customer without a tenant id (key from its name)."""
    return insights_tsv([(name, "Exchange", month, sold, active), (name, "Teams", month, sold, active)])


def user_detail_csv() -> bytes:
    """A Microsoft 365 Office 365 active user detail (one tenant, names no customer): 3 Exchange users, 2 active."""
    return user_detail(
        [
            user("anna@tailspin.se", licensed=("Exchange",), active={"Exchange": "2026-10-30"}),
            user("bo@tailspin.se", licensed=("Exchange",), active={"Exchange": "2026-10-20"}),
            user("cecilia@tailspin.se", licensed=("Exchange",)),
        ]
    )


def odd_helpdesk_csv() -> bytes:
    """A helpdesk export whose headers no known tool uses: the app asks which column is which."""
    return (
        "Kundnamn,Ärendekategori,Skapad,Läge\n"
        "Fabrikam AB,question,2026-10-05,open\n"
        "Fabrikam AB,question,2026-10-06,closed\n"
        "Contoso Ltd,incident,2026-10-07,open\n"
    ).encode()


def fill(path: Path, workspace: str, *files: tuple[str, bytes]) -> None:
    with Store.open(path) as store:
        for name, data in files:
            result = store.import_file(name, data, workspace=workspace)
            assert result.upload_id is not None, result.message


def served(tmp: Path, *files: tuple[str, bytes]) -> Iterator[str]:
    """A real app server (devtools/serve.py) on a new store whose "sample" workspace holds `files` (the sample
    the app shows first: crafted files, never data/): its URL, for a browser test's fixture to yield from."""
    if not Path(serve.CHROMIUM).exists():
        pytest.skip(f"{serve.CHROMIUM} is missing (make test installs Debian's chromium)")
    fill(tmp / "store.duckdb", "sample", *files)
    process, url = serve.start(tmp / "store.duckdb", tmp / "streamlit.log")
    try:
        yield url
    finally:
        serve.stop(process)

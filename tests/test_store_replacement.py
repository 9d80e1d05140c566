"""What a newer upload replaces: subscriptions by customer snapshot, tickets by customer and date range."""

import datetime as dt

from adoption.store import Store
from store_fixtures import portal_subscriptions, zendesk_tickets


def test_a_newer_subscription_snapshot_replaces_the_customers_previous_one(tmp_path):
    with Store.open(tmp_path / "s.duckdb") as store:
        store.import_file("contoso-oct.csv", portal_subscriptions([("A1", "Microsoft 365 Business Standard", 25, "Active"),
                                                                  ("B2", "Teams Essentials Trial", 10, "Active")]),
                          customer="Contoso Ltd")
        store.import_file("fabrikam-oct.csv", portal_subscriptions([("F1", "Microsoft 365 E3", 40, "Active")]),
                          customer="Fabrikam AB")
        newer = store.import_file("contoso-nov.csv", portal_subscriptions([("A1", "Microsoft 365 Business Standard", 30, "Active")]),
                                  customer="contoso  ltd")
        assert (newer.replaced, newer.message) == (
            2, "contoso-nov.csv: stored 1 row for 1 customer as upload 3; replaced 2 subscription rows.")
        subscriptions = store.portfolio().subscriptions.sort("customer_name")
        assert subscriptions.select("customer_name", "subscription_id", "quantity").rows() == [
            ("Fabrikam AB", "F1", 40), ("contoso ltd", "A1", 30)]


def test_an_overlapping_ticket_export_replaces_only_its_customers_and_dates(tmp_path):
    first = zendesk_tickets([(101, "Contoso Ltd", "question", "2026-10-01", "solved"),
                             (102, "Contoso Ltd", "incident", "2026-10-12", "open"),
                             (103, "Fabrikam AB", "question", "2026-10-14", "open")])
    overlapping = zendesk_tickets([(102, "Contoso Ltd", "incident", "2026-10-12", "solved"),
                                   (104, "Contoso Ltd", "question", "2026-10-30", "new")])
    with Store.open(tmp_path / "s.duckdb") as store:
        store.import_file("tickets-1.csv", first)
        again = store.import_file("tickets-2.csv", overlapping)
        assert (again.replaced, again.message) == (
            1, "tickets-2.csv: stored 2 rows for 1 customer as upload 2; replaced 1 ticket row.")
        tickets = store.portfolio().tickets.sort("created")
        assert tickets.select("customer_name", "created", "status").rows() == [
            ("Contoso Ltd", dt.date(2026, 10, 1), "solved"), ("Contoso Ltd", dt.date(2026, 10, 12), "solved"),
            ("Fabrikam AB", dt.date(2026, 10, 14), "open"), ("Contoso Ltd", dt.date(2026, 10, 30), "new")]

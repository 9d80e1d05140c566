"""What a newer upload replaces: subscriptions by customer snapshot, tickets by helpdesk and ticket id."""

import datetime as dt

from adoption.store import Store
from store_fixtures import portal_subscriptions, zendesk_tickets


def test_a_newer_subscription_snapshot_replaces_the_customers_previous_one(store_at):
    with Store.open(store_at) as store:
        store.import_file(
            "contoso-oct.csv",
            portal_subscriptions(
                [
                    ("A1", "Microsoft 365 Business Standard", 25, "Active"),
                    ("B2", "Teams Essentials Trial", 10, "Active"),
                ]
            ),
            customer="Contoso Ltd",
        )
        store.import_file(
            "fabrikam-oct.csv", portal_subscriptions([("F1", "Microsoft 365 E3", 40, "Active")]), customer="Fabrikam AB"
        )
        newer = store.import_file(
            "contoso-nov.csv",
            portal_subscriptions([("A1", "Microsoft 365 Business Standard", 30, "Active")]),
            customer="contoso  ltd",
        )
        assert (newer.replaced, newer.message) == (
            2,
            "contoso-nov.csv: stored 1 row for 1 customer as upload 3; replaced 2 subscription rows.",
        )
        subscriptions = store.portfolio().subscriptions.sort("customer_name")
        assert subscriptions.select("customer_name", "subscription_id", "quantity").rows() == [
            ("Fabrikam AB", "F1", 40),
            ("contoso ltd", "A1", 30),
        ]


def test_an_overlapping_ticket_export_updates_only_the_tickets_it_holds_again(store_at):
    first = zendesk_tickets(
        [
            (101, "Contoso Ltd", "question", "2026-10-01", "solved"),
            (102, "Contoso Ltd", "incident", "2026-10-12", "open"),
            (103, "Fabrikam AB", "question", "2026-10-14", "open"),
        ]
    )
    overlapping = zendesk_tickets(
        [
            (102, "Contoso Ltd", "incident", "2026-10-12", "solved"),
            (104, "Contoso Ltd", "question", "2026-10-30", "new"),
        ]
    )
    with Store.open(store_at) as store:
        store.import_file("tickets-1.csv", first)
        again = store.import_file("tickets-2.csv", overlapping)
        assert (again.replaced, again.message) == (
            1,
            "tickets-2.csv: stored 2 rows for 1 customer as upload 2; replaced 1 ticket row.",
        )
        tickets = store.portfolio().tickets.sort("created")
        assert tickets.select("customer_name", "created", "status").rows() == [
            ("Contoso Ltd", dt.date(2026, 10, 1), "solved"),
            ("Contoso Ltd", dt.date(2026, 10, 12), "solved"),
            ("Fabrikam AB", dt.date(2026, 10, 14), "open"),
            ("Contoso Ltd", dt.date(2026, 10, 30), "new"),
        ]


def test_removing_a_correction_brings_back_what_it_replaced(store_at):
    from store_fixtures import insights_tsv, month_rows

    def october_sold(store):
        return sorted(
            store.portfolio().licenses.filter(period="2026-10").get_column("licenses_sold").unique().to_list()
        )

    with Store.open(store_at) as store:
        first = store.import_file("oct.tsv", insights_tsv(month_rows("2026-10", sold=50)))
        second = store.import_file("oct-v2.tsv", insights_tsv(month_rows("2026-10", sold=70)))
        third = store.import_file("oct-v3.tsv", insights_tsv(month_rows("2026-10", sold=90)))
        assert (october_sold(store), store.portfolio().licenses.height) == ([90], 4)
        store.remove_upload(second.upload_id)
        assert (october_sold(store), store.portfolio().licenses.height) == ([90], 4)
        store.remove_upload(third.upload_id)
        assert (october_sold(store), store.portfolio().licenses.height) == ([50], 4)
        assert store.uploads().get_column("upload_id").to_list() == [first.upload_id]


def test_removing_a_ticket_export_brings_back_the_overlapped_tickets(store_at):
    with Store.open(store_at) as store:
        store.import_file("tickets-1.csv", zendesk_tickets([(1, "Contoso Ltd", "question", "2026-10-05", "open")]))
        newer = store.import_file(
            "tickets-2.csv",
            zendesk_tickets(
                [
                    (1, "Contoso Ltd", "question", "2026-10-05", "solved"),
                    (2, "Contoso Ltd", "question", "2026-10-09", "new"),
                ]
            ),
        )
        assert store.portfolio().tickets.get_column("status").to_list() == ["solved", "new"]
        store.remove_upload(newer.upload_id)
        assert store.portfolio().tickets.get_column("status").to_list() == ["open"]

"""A ticket is one ticket in one helpdesk: two helpdesks' exports add up, the same ticket in a later
export updates it, and a later export never hides tickets it does not hold."""

import datetime as dt

import duckdb
import polars as pl

from adoption.cli import run
from adoption.store import Store
from adoption.store.schema import SCHEMA_VERSION, migrate, schema_version
from store_fixtures import freshdesk_export, zendesk_export, zendesk_tickets

ZENDESK_SEP_OCT = zendesk_export(
    [
        (3101, "Contoso Ltd", "question", "How do I share a calendar?", "2026-09-22", "solved"),
        (3102, "Contoso Ltd", "incident", "Mail bounces", "2026-09-29", "solved"),
        (3107, "Contoso Ltd", "question", "Teams meeting recording", "2026-10-06", "open"),
        (3110, "Fabrikam AB", "question", "OneDrive sync", "2026-10-02", "pending"),
    ]
)
FRESHDESK_OVERLAPPING = freshdesk_export(
    [
        (88, "Contoso Ltd", "Question", "Password reset", "2026-09-25", "Resolved"),
        (91, "Contoso Ltd", "Incident", "Printer offline", "2026-10-03", "Open"),
        (92, "Fabrikam AB", "Question", "Shared mailbox access", "2026-10-04", "Open"),
    ]
)


def per_customer(store: Store) -> list[tuple]:
    tickets = store.portfolio().tickets
    return tickets.group_by("customer_name", "helpdesk").len().sort(pl.all()).rows()


def test_zendesk_and_freshdesk_for_the_same_customers_add_up(store_at):
    with Store.open(store_at) as store:
        store.import_file("zendesk.csv", ZENDESK_SEP_OCT)
        fresh = store.import_file("freshdesk.csv", FRESHDESK_OVERLAPPING)
        assert (fresh.replaced, fresh.message) == (0, "freshdesk.csv: stored 3 rows for 2 customers as upload 2.")
        assert per_customer(store) == [
            ("Contoso Ltd", "freshdesk", 2),
            ("Contoso Ltd", "zendesk", 3),
            ("Fabrikam AB", "freshdesk", 1),
            ("Fabrikam AB", "zendesk", 1),
        ]
        assert store.remove_upload(1) is True
        assert per_customer(store) == [("Contoso Ltd", "freshdesk", 2), ("Fabrikam AB", "freshdesk", 1)]


def test_removing_the_second_helpdesk_leaves_exactly_the_first(store_at):
    with Store.open(store_at) as store:
        store.import_file("zendesk.csv", ZENDESK_SEP_OCT)
        fresh = store.import_file("freshdesk.csv", FRESHDESK_OVERLAPPING)
        store.remove_upload(fresh.upload_id)
        tickets = store.portfolio().tickets.sort("ticket_id")
        assert tickets.select("helpdesk", "ticket_id", "customer_name", "status").rows() == [
            ("zendesk", "3101", "Contoso Ltd", "solved"),
            ("zendesk", "3102", "Contoso Ltd", "solved"),
            ("zendesk", "3107", "Contoso Ltd", "open"),
            ("zendesk", "3110", "Fabrikam AB", "pending"),
        ]


def test_the_same_zendesk_ticket_in_a_later_export_is_updated(store_at):
    later = zendesk_export([(3107, "Contoso Ltd", "question", "Teams meeting recording", "2026-10-06", "solved")])
    with Store.open(store_at) as store:
        store.import_file("zendesk-oct-10.csv", ZENDESK_SEP_OCT)
        again = store.import_file("zendesk-oct-20.csv", later)
        assert (again.replaced, again.message) == (
            1,
            "zendesk-oct-20.csv: stored 1 row for 1 customer as upload 2; replaced 1 ticket row.",
        )
        tickets = store.portfolio().tickets
        assert tickets.height == 4
        assert tickets.filter(ticket_id="3107").select("status", "source_file").rows() == [
            ("solved", "zendesk-oct-20.csv")
        ]
        store.remove_upload(again.upload_id)
        assert store.portfolio().tickets.filter(ticket_id="3107").get_column("status").to_list() == ["open"]


def test_an_october_export_with_one_old_open_ticket_keeps_september(store_at):
    september = zendesk_export(
        [
            (4001, "Contoso Ltd", "question", "Add a user", "2026-09-02", "solved"),
            (4002, "Contoso Ltd", "question", "Teams on mobile", "2026-09-03", "open"),
            (4003, "Contoso Ltd", "question", "Shared calendar", "2026-09-15", "solved"),
            (4004, "Contoso Ltd", "incident", "VPN down", "2026-09-28", "solved"),
        ]
    )
    october = zendesk_export(
        [
            (4002, "Contoso Ltd", "question", "Teams on mobile", "2026-09-03", "pending"),  # still open from September
            (4010, "Contoso Ltd", "question", "Rename a team", "2026-10-07", "new"),
            (4011, "Contoso Ltd", "question", "Guest access", "2026-10-21", "open"),
        ]
    )
    with Store.open(store_at) as store:
        store.import_file("zendesk-sep.csv", september)
        store.import_file("zendesk-oct.csv", october)
        tickets = store.portfolio().tickets.sort("created")
        assert tickets.select("ticket_id", "created", "status").rows() == [
            ("4001", dt.date(2026, 9, 2), "solved"),
            ("4002", dt.date(2026, 9, 3), "pending"),
            ("4003", dt.date(2026, 9, 15), "solved"),
            ("4004", dt.date(2026, 9, 28), "solved"),
            ("4010", dt.date(2026, 10, 7), "new"),
            ("4011", dt.date(2026, 10, 21), "open"),
        ]


def test_without_an_id_column_a_ticket_is_its_customer_created_time_and_subject(store_at):
    header = "organization,type,subject,created_at,status\n"
    first = (
        header + "Contoso Ltd,question,Password reset,2026-10-05T09:12:00Z,open\n"
        "Contoso Ltd,question,Password reset,2026-10-05T14:40:00Z,open\n"  # the same subject later that day: another
        "Contoso Ltd,question,Share a folder,2026-10-05T09:12:00Z,open\n"
    ).encode()
    later = (
        header + "contoso  ltd,question,Password reset,2026-10-05T09:12:00Z,solved\n"
        "Contoso Ltd,question,Licence for new hire,2026-10-09T10:00:00Z,new\n"
    ).encode()
    with Store.open(store_at) as store:
        store.import_file("no-ids-1.csv", first)
        again = store.import_file("no-ids-2.csv", later)
        assert again.message == "no-ids-2.csv: stored 2 rows for 1 customer as upload 2; replaced 1 ticket row."
        tickets = store.portfolio().tickets.sort("line", "source_file")
        assert tickets.select("source_file", "subject", "status").rows() == [
            ("no-ids-2.csv", "Password reset", "solved"),
            ("no-ids-1.csv", "Password reset", "open"),
            ("no-ids-2.csv", "Licence for new hire", "new"),
            ("no-ids-1.csv", "Share a folder", "open"),
        ]
        assert tickets.get_column("ticket_id").null_count() == 4


def test_the_same_ticket_twice_in_one_file_counts_once_and_is_reported(store_at):
    data = zendesk_export(
        [
            (5001, "Contoso Ltd", "question", "Teams setup", "2026-10-01", "open"),
            (5002, "Fabrikam AB", "question", "Mail rules", "2026-10-02", "open"),
            (5001, "Contoso Ltd", "question", "Teams setup", "2026-10-01", "solved"),
        ]
    )
    with Store.open(store_at) as store:
        result = store.import_file("zendesk.csv", data)
        assert (result.rows_accepted, result.rows_rejected) == (2, 1)
        assert store.rejected_rows(result.upload_id).select("line", "column", "reason").rows() == [
            (2, "id", 'id "5001" appears again on line 4, which is kept')
        ]
        assert store.portfolio().tickets.sort("ticket_id").select("ticket_id", "status").rows() == [
            ("5001", "solved"),
            ("5002", "open"),
        ]


def test_a_schema_5_store_migrates_and_keeps_its_tickets(tmp_path):
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as connection:
        assert migrate(connection, target=5) == 5
        connection.execute(
            "INSERT INTO uploads VALUES (nextval('upload_ids'), 'default', 'old.csv', 'abc', 'tickets', '', 1, 2, 0, "
            "TIMESTAMP '2026-10-01 09:00:00');"
            "INSERT INTO tickets (workspace, upload_id, source_file, line, customer_name, ticket_type, created, status, "
            "customer_ref) VALUES ('default', 1, 'old.csv', 2, 'Contoso Ltd', 'question', DATE '2026-09-10', 'open', "
            "'name:contoso ltd'), ('default', 1, 'old.csv', 3, 'Contoso Ltd', 'question', DATE '2026-09-20', 'solved', "
            "'name:contoso ltd')"
        ).fetchall()
    with Store.open(path) as store:
        assert store.portfolio().tickets.select("created", "status", "helpdesk").rows() == [
            (dt.date(2026, 9, 10), "open", None),
            (dt.date(2026, 9, 20), "solved", None),
        ]
        store.import_file("zendesk.csv", zendesk_tickets([(9, "Contoso Ltd", "question", "2026-09-15", "open")]))
        assert store.portfolio().tickets.get_column("created").sort().to_list() == [
            dt.date(2026, 9, 10),
            dt.date(2026, 9, 15),
            dt.date(2026, 9, 20),
        ]
    with duckdb.connect(str(path)) as connection:
        assert schema_version(connection) == SCHEMA_VERSION  # migrated to the latest


def test_the_cli_stores_both_helpdesks(store_at, tmp_path, capsys):
    (tmp_path / "zendesk.csv").write_bytes(ZENDESK_SEP_OCT)
    (tmp_path / "freshdesk.csv").write_bytes(FRESHDESK_OVERLAPPING)
    store_path = store_at
    code = run(
        ["store", "import", "--store", str(store_path), str(tmp_path / "zendesk.csv"), str(tmp_path / "freshdesk.csv")]
    )
    assert (code, capsys.readouterr().out) == (
        0,
        "zendesk.csv: stored 4 rows for 2 customers as upload 1.\n"
        "freshdesk.csv: stored 3 rows for 2 customers as upload 2.\n",
    )
    with Store.open(store_path, read_only=True) as store:
        assert per_customer(store) == [
            ("Contoso Ltd", "freshdesk", 2),
            ("Contoso Ltd", "zendesk", 3),
            ("Fabrikam AB", "freshdesk", 1),
            ("Fabrikam AB", "zendesk", 1),
        ]

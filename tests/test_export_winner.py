"""Which export's license figures count for a period is decided by the data: the export that reaches
a later period (or, for the analytics API, was processed later) wins; between equals the later
upload wins; the message names the upload whose figures were replaced or kept."""

import polars as pl

from adoption.metrics import license_table
from adoption.store import Store
from export_fixtures import CONTOSO, api_deployment_record, records_csv
from store_fixtures import insights_tsv, month_rows

NEWER = [f"2025-{m}" for m in ("11", "12")] + [f"2026-{m:02d}" for m in range(1, 11)]  # 2025-11 .. 2026-10
OLDER = ["2025-10"] + NEWER[:-1]  # 2025-10 .. 2026-09


def twelve_months(months: list[str], sold: int) -> bytes:
    return insights_tsv([row for month in months for row in month_rows(month, sold=sold)])


def sold_per_period(store: Store) -> dict[str, list[int]]:
    table = license_table(store.portfolio())
    return dict(table.group_by("period").agg(pl.col("licenses_sold").unique().sort()).sort("period").rows())


def test_a_backfilled_older_export_keeps_the_newer_figures(store_at):
    with Store.open(store_at) as store:
        store.import_file("usage-2026-10.tsv", twelve_months(NEWER, sold=60))
        backfill = store.import_file("usage-2026-09.tsv", twelve_months(OLDER, sold=50))
        assert (backfill.replaced, backfill.message) == (
            44,
            (
                "usage-2026-09.tsv: stored 48 rows for 2 customers as upload 2; kept upload 1's figures for 2025-11 to "
                "2026-09: it reaches a later period (2026-10)."
            ),
        )
        assert sold_per_period(store) == {"2025-10": [50], **{month: [60] for month in NEWER}}
        assert store.portfolio().licenses.height == 52


def test_removing_the_newer_export_brings_the_backfill_back(store_at):
    with Store.open(store_at) as store:
        newer = store.import_file("usage-2026-10.tsv", twelve_months(NEWER, sold=60))
        store.import_file("usage-2026-09.tsv", twelve_months(OLDER, sold=50))
        store.remove_upload(newer.upload_id)
        assert sold_per_period(store) == {month: [50] for month in OLDER}
        assert store.portfolio().licenses.height == 48


def test_the_newer_export_uploaded_second_replaces_the_older(store_at):
    with Store.open(store_at) as store:
        older = store.import_file("usage-2026-09.tsv", twelve_months(OLDER, sold=50))
        newer = store.import_file("usage-2026-10.tsv", twelve_months(NEWER, sold=60))
        assert newer.message == (
            "usage-2026-10.tsv: stored 48 rows for 2 customers as upload 2; replaced upload 1's "
            "figures for 2025-11 to 2026-09 (44 license rows; the figures differed)."
        )
        assert sold_per_period(store) == {"2025-10": [50], **{month: [60] for month in NEWER}}
        store.remove_upload(newer.upload_id)
        assert sold_per_period(store) == {month: [50] for month in OLDER}
        assert store.uploads().get_column("upload_id").to_list() == [older.upload_id]


def test_between_equal_exports_the_later_upload_wins_and_says_whether_figures_differed(store_at):
    with Store.open(store_at) as store:
        store.import_file("sep.tsv", insights_tsv(month_rows("2026-08") + month_rows("2026-09")))
        fixed = store.import_file("sep-fixed.tsv", insights_tsv(month_rows("2026-09", sold=55)))
        assert fixed.message == (
            "sep-fixed.tsv: stored 4 rows for 2 customers as upload 2; replaced upload 1's "
            "figures for 2026-09 (4 license rows; the figures differed)."
        )
        same = store.import_file("sep-again.tsv", insights_tsv(month_rows("2026-09", sold=55)).replace(b"\n", b"\r\n"))
        assert same.message == (
            "sep-again.tsv: stored 4 rows for 2 customers as upload 3; replaced upload 2's "
            "figures for 2026-09 (4 license rows; the figures were the same)."
        )
        assert sold_per_period(store) == {"2026-08": [50], "2026-09": [55]}
        store.remove_upload(same.upload_id)
        assert sold_per_period(store) == {"2026-08": [50], "2026-09": [55]}
        store.remove_upload(fixed.upload_id)
        assert sold_per_period(store) == {"2026-08": [50], "2026-09": [50]}


def test_removing_the_middle_upload_recomputes_the_winner_among_the_rest(store_at):
    with Store.open(store_at) as store:
        store.import_file("to-oct.tsv", insights_tsv(month_rows("2026-09", sold=50) + month_rows("2026-10", sold=50)))
        september = store.import_file("to-sep.tsv", insights_tsv(month_rows("2026-09", sold=40)))  # reaches less: loses
        november = store.import_file("to-nov.tsv", insights_tsv(month_rows("2026-09", sold=70) + month_rows("2026-11")))
        assert november.message == (
            "to-nov.tsv: stored 8 rows for 2 customers as upload 3; replaced upload 1's "
            "figures for 2026-09 (4 license rows; the figures differed)."
        )
        assert sold_per_period(store)["2026-09"] == [70]
        store.remove_upload(november.upload_id)
        assert sold_per_period(store)["2026-09"] == [50]  # upload 1 reaches 2026-10, upload 2 only 2026-09
        store.remove_upload(1)
        assert sold_per_period(store) == {"2026-09": [40]}
        assert september.message == (
            "to-sep.tsv: stored 4 rows for 2 customers as upload 2; kept upload 1's figures "
            "for 2026-09: it reaches a later period (2026-10)."
        )


def test_of_two_analytics_exports_for_one_month_the_later_processed_wins(store_at):
    def deployment(processed: str, deployed: int) -> bytes:
        return records_csv(
            [
                api_deployment_record(
                    CONTOSO, "Contoso Göteborg AB", "Microsoft 365 E3", 120, deployed, processed=processed
                )
            ]
        )

    with Store.open(store_at) as store:
        store.import_file("deployment-oct-28.csv", deployment("2026-10-28T05:40:11Z", 110))
        early = store.import_file("deployment-oct-03.csv", deployment("2026-10-03T05:41:02Z", 90))
        assert early.message == (
            "deployment-oct-03.csv: stored 1 row for 1 customer as upload 2; kept upload 1's "
            "figures for 2026-10: it was processed later (2026-10-28)."
        )
        assigned = license_table(store.portfolio()).select("period", "licenses_assigned").rows()
        assert assigned == [("2026-10", 110)]
        store.remove_upload(1)
        assert license_table(store.portfolio()).select("period", "licenses_assigned").rows() == [("2026-10", 90)]

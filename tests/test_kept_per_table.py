"""adoption.metrics.kept_per_table: a table's latest rows are worked out once while that table lives, for
each table separately, and let go with the table."""

import gc

import polars as pl

from adoption.metrics import kept_per_table


def test_worked_out_once_per_table_and_let_go_with_it():
    calls = []

    @kept_per_table
    def latest(table: pl.DataFrame) -> pl.DataFrame:
        calls.append(table.height)
        return table.filter(pl.col("period") == pl.col("period").max())

    first = pl.DataFrame({"period": ["2026-09", "2026-10"]})
    second = pl.DataFrame({"period": ["2026-08"]})
    assert latest(first) is latest(first)
    assert latest(second).to_dict(as_series=False) == {"period": ["2026-08"]}
    assert calls == [2, 1]
    assert len(latest.kept) == 2
    del first
    gc.collect()
    assert len(latest.kept) == 1


def test_kept_per_table_and_arguments():
    calls = []

    @kept_per_table
    def at_least(table: pl.DataFrame, smallest: int) -> pl.DataFrame:
        calls.append(smallest)
        return table.filter(pl.col("seats") >= (smallest[0] if isinstance(smallest, list) else smallest))

    table = pl.DataFrame({"seats": [3, 8, 20]})
    assert at_least(table, 5) is at_least(table, 5)
    assert at_least(table, 10).get_column("seats").to_list() == [20]
    assert at_least(table, 5).get_column("seats").to_list() == [8, 20]
    assert calls == [5, 10]
    assert at_least(table, [5]) is not at_least(table, [5])  # an argument Python cannot hash: not kept
    del table
    gc.collect()
    assert at_least.kept == {}


def test_judged_rows_are_the_customers_latest_period_from_the_latest_rows_per_workload():
    from adoption.recommend import judged_rows
    from adoption.settings import Settings

    table = pl.DataFrame(
        {
            "key": ["a", "a", "a", "b", "b"],
            "period": ["2026-09", "2026-10", "2026-09", "2026-10", "2026-10"],
            "workload": ["Teams", "Teams", "Yammer", "Exchange", "Teams"],
            "licenses_sold": [10, 12, 10, 40, 1],
            "licenses_assigned": [9, 11, 9, 30, 1],
            "active_users": [5, 6, 2, 20, 1],
            "usage_pct": [55.6, 54.5, 22.2, 66.7, 100.0],
        }
    )
    rows = judged_rows(table, Settings(min_licenses=5))
    assert rows is judged_rows(table, Settings(min_licenses=5))
    # a's Yammer was last reported a month before a's latest period: not judged now; b's single seat is too small
    assert rows.select("key", "period", "workload").rows() == [("a", "2026-10", "Teams"), ("b", "2026-10", "Exchange")]
    assert judged_rows(table, Settings(min_licenses=1)).height == 3


def test_only_the_most_recently_used_arguments_are_kept_per_table():
    from adoption.metrics import KEPT_ARGUMENTS

    calls = []

    @kept_per_table
    def at_least(table: pl.DataFrame, smallest: int) -> pl.DataFrame:
        calls.append(smallest)
        return table.filter(pl.col("seats") >= smallest)

    table, other = pl.DataFrame({"seats": [3, 8, 20]}), pl.DataFrame({"seats": [1]})
    at_least(other, 0)
    for smallest in range(KEPT_ARGUMENTS):
        at_least(table, smallest)
    at_least(table, 0)  # used again: now the most recent
    at_least(table, 99)  # one more: the least recently used (1) goes, the other table's is kept
    assert sorted(args for (_, args) in at_least.kept) == [(0,), (0,), *[(n,) for n in range(2, KEPT_ARGUMENTS)], (99,)]
    calls.clear()
    at_least(table, 0), at_least(table, 1), at_least(other, 0)
    assert calls == [1]

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

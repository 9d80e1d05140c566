"""`python -m adoption`: see adoption.cli (the allocator setting first: see adoption.POLARS_ALLOCATOR)."""

from adoption import tune_allocator

tune_allocator()

from adoption.cli import main  # noqa: E402  (after the allocator setting, which Polars reads on import)

main()

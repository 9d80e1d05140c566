"""`python -m adoption`: see adoption.cli.

Polars' allocator (jemalloc, configured through `_RJEM_MALLOC_CONF`, read when Polars loads) keeps
freed memory for ten seconds by default, so a run that reads a big export and then works on the
result holds both at its peak: returned after 20 ms instead, `metrics` of a 179 MB export peaks
~130 MB lower at the same speed (bench/run.py; returning it at once costs ~0.4 s)."""

import os

os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:20,muzzy_decay_ms:0")

from adoption.cli import main  # noqa: E402  (after the allocator setting, which Polars reads on import)

main()

"""Adoption Insights: read Microsoft cloud license and usage exports, compute Deployment % and
Usage % per customer and workload, and recommend next steps.

Pure Python (no Streamlit). The app's pages, the CLI and the charts all call this package, so
each fact (a metric, a threshold, a playbook) is defined once, here.
"""

import os

# Polars' allocator (jemalloc, configured through this variable, read once when Polars loads) keeps freed
# memory for ten seconds by default, so a process that reads a big export and then works on the result
# holds both at its peak. Returned after 20 ms instead: `metrics` of the 179 MB bench export peaks ~130 MB
# lower at the same speed, the app server ~100 MB lower during that upload (bench/; at once costs ~0.4 s).
POLARS_ALLOCATOR = {"_RJEM_MALLOC_CONF": "dirty_decay_ms:20,muzzy_decay_ms:0"}


def tune_allocator() -> None:
    """Set POLARS_ALLOCATOR unless the environment sets it; in effect only before Polars is imported."""
    for name, value in POLARS_ALLOCATOR.items():
        os.environ.setdefault(name, value)

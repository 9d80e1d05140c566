"""The portfolio page against a stored portfolio, through Streamlit's AppTest (no browser).

    ADOPTION_STORE=bench/out/bench_store.duckdb .venv/bin/python bench/app_render.py

Prints one JSON object: first_render_s (the first run of app.py in a fresh process, which opens
the portfolio page and loads the store) and filter_change_s (the rerun after choosing one
workload in the page's workload filter), in seconds. bench/run.py calls this per repeat; it is a
script, not a test."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402


def main() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    started = time.perf_counter()
    at.run()
    first = time.perf_counter() - started
    if at.exception:
        raise SystemExit(f"the app raised: {[e.value for e in at.exception]}")
    result = {"first_render_s": first}
    try:
        widget = at.multiselect(key="workload")
    except KeyError:
        widget = None  # the page has no workload filter (any more): only the first render is timed
    if widget is not None:
        choice = [option for option in widget.options if option == "Teams"] or widget.options[:1]
        started = time.perf_counter()
        widget.set_value(choice).run()
        result["filter_change_s"] = time.perf_counter() - started
        if at.exception:
            raise SystemExit(f"the app raised after the filter change: {[e.value for e in at.exception]}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()

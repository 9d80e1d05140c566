"""The app's pages against a stored portfolio, through Streamlit's AppTest (no browser), in one process
the way one app server serves them (issue 14's app targets).

    ADOPTION_STORE=bench/out/bench_store.duckdb .venv/bin/python bench/app_render.py [--customer KEY] [--root DIR]

--profile prints a pyinstrument profile of each timed script run to stderr (where the time goes).
--root DIR times another checkout's app (the code before a change; run it with DIR as the working
directory), with this script, so before and after are measured the same way.

Prints one JSON object of seconds (server time: AppTest runs the page script in this process) and MB:

    cold_render_s              the first run of app.py in a fresh process: opens the store and computes the
                               workspace's frames (what start-up cache warming moves before the first visit)
    portfolio_first_render_s   a new session's first run of app.py, the store already loaded
    customer_first_render_s    a new session's first run of pages/customer.py?customer=KEY
    next_steps_first_render_s  a new session's first run of pages/next_steps.py
    filter_change_s            the Portfolio rerun after choosing one workload in the workload filter
    sort_change_s              the Portfolio rerun after choosing another sort
    page_change_s              the Portfolio rerun after going to the heatmap's page 2
    *_cpu_s                    the CPU time (process_time, every thread) of the three changes above: on a
                               shared machine steadier than their wall time
    peak_rss_mb                this process's peak resident memory (getrusage), the store loaded and
                               every page above run

bench/run.py calls this per repeat; it is a script, not a test."""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent  # the checkout whose app is timed (--root changes it)

TIMEOUT = 600
PAUSE = 1.5  # seconds between two timed steps, as between a person's clicks: the store's connection closes after
# 1 s idle (adoption/store/connection.py LINGER), so each step pays a reopen as it would in use, and never the
# 0.3 s YIELD a connection held 2 s without a pause gives another process (back-to-back reruns would hit it)


PROFILE = False  # --profile


def profiled_script_runs() -> None:
    """Wrap each page script run (on AppTest's script thread, where a profiler started here would not see it)
    in a pyinstrument profiler that prints to stderr."""
    from pyinstrument import Profiler
    from streamlit.runtime.scriptrunner import script_runner

    plain = script_runner.exec_func_with_error_handling

    def profiled(func, ctx):
        profiler = Profiler(interval=0.002)
        profiler.start()
        try:
            return plain(func, ctx)
        finally:
            profiler.stop()
            print(profiler.output_text(color=False, show_all=False), file=sys.stderr)

    script_runner.exec_func_with_error_handling = profiled


CPU: dict[
    str, float
] = {}  # what -> CPU seconds of the process during that run (steadier than wall on a shared machine)


def timed_run(at: AppTest, what: str) -> float:
    if PROFILE:
        print(f"==== {what}", file=sys.stderr)
    time.sleep(PAUSE)
    started, cpu = time.perf_counter(), time.process_time()
    at.run()
    took = time.perf_counter() - started
    CPU[what] = time.process_time() - cpu
    if at.exception:
        raise SystemExit(f"the app raised on {what}: {[e.value for e in at.exception]}")
    return took


def page(script: str, **query: str) -> AppTest:
    """A new session opened on `script` (as a deep link would): app.py is the entry point of every page."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params.update(query)
    if script != "app.py":
        at.switch_page(script)
    return at


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customer", help="the customer key the Customer page opens (default: the first listed)")
    parser.add_argument("--root", type=Path, help="the checkout whose app.py and pages are timed")
    parser.add_argument("--profile", action="store_true", help="print a pyinstrument profile of each run to stderr")
    args = parser.parse_args()
    global ROOT, PROFILE
    PROFILE = args.profile
    if PROFILE:
        profiled_script_runs()
    ROOT = (args.root or ROOT).resolve()
    sys.path.insert(0, str(ROOT))  # the pages import adoption and ui from their own checkout
    result: dict[str, float] = {}

    portfolio = page("app.py")
    result["cold_render_s"] = timed_run(portfolio, "the cold first render")
    portfolio = page("app.py")
    result["portfolio_first_render_s"] = timed_run(portfolio, "the Portfolio")

    # the Portfolio table's first customer; on the bench file a customer's key is its tenant id
    customer = args.customer or str(portfolio.dataframe[0].value["customer_id"].iloc[0])
    customer_page = page("pages/customer.py", customer=customer)
    result["customer_first_render_s"] = timed_run(customer_page, "the Customer page")
    if customer_page.error or not customer_page.header:
        raise SystemExit(f"the Customer page did not open {customer}: {[e.value for e in customer_page.error]}")
    result["next_steps_first_render_s"] = timed_run(page("pages/next_steps.py"), "Next steps")

    workloads = portfolio.multiselect(key="workload")
    choice = [option for option in workloads.options if option == "Teams"] or workloads.options[:1]
    workloads.set_value(choice)
    result["filter_change_s"] = timed_run(portfolio, "the filter change")
    workloads.set_value([])
    timed_run(portfolio, "clearing the filter")
    sort = portfolio.selectbox(key="sort")
    sort.select(next(option for option in sort.options if option != sort.value))
    result["sort_change_s"] = timed_run(portfolio, "the sort change")
    portfolio.session_state["page"] = 2
    result["page_change_s"] = timed_run(portfolio, "the page change")

    for key, what in (
        ("sort_change_cpu_s", "the sort change"),
        ("page_change_cpu_s", "the page change"),
        ("filter_change_cpu_s", "the filter change"),
    ):
        result[key] = CPU[what]
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps(result))


if __name__ == "__main__":
    main()

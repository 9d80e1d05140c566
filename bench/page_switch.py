"""How long a person waits for a page in the browser: a real server (devtools/serve.py) on a copy of the
bundled sample, Debian's Chromium, and the time from the navigation (or a click on a sidebar page link) to
the page's content being visible (its title, its main element, every chart drawn, the script run over:
the app's script state back to "not running" and no element left from the page before).

    .venv/bin/python bench/page_switch.py [--rounds 3] [--width 1440] [--phases]

Measured: the first page after the server started (the store was filled and its frames computed by an
earlier run, as after a restart), a fresh session's first page (a new browser context), and each switch
between the six pages, `--rounds` times round the pages (median and worst printed). `--phases` splits each
switch (medians) by the app's websocket messages: the browser until it asks the server (click to request),
the server's script runs (request to the last message; the browser draws as messages come), and the browser
drawing what is left (last message to content visible); and gives the CPU seconds the server process used
and the time the page's main thread was busy, click to content visible (on a shared machine steadier than
the wall times). A benchmark to run by hand, never a test: the figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devtools import serve  # noqa: E402

# (sidebar link, title of the page, what shows its content); the Customer page is opened from the Portfolio's
# Customers table (a row click: its first customer), as an account manager does; its sidebar link opens an
# empty picker.
PAGES = [
    ("Portfolio", "Portfolio", "[data-testid='stVegaLiteChart'] svg, [data-testid='stVegaLiteChart'] canvas"),
    ("Customer", "Customer insights", "[data-testid='stVegaLiteChart'] svg, [data-testid='stVegaLiteChart'] canvas"),
    ("Next steps", "Next steps", "[data-testid='stDataFrame']"),
    ("Upload", "Upload exports", "[data-testid='stFileUploader']"),
    ("Data", "Stored data", "[data-testid='stDataFrame']"),
    ("Settings", "Settings", "[data-testid='stForm']"),
]
# Content visible: the page's title, its script run over (Streamlit's own marker, which its end-to-end tests
# wait on; its "Running" status widget shows only after a delay, too late to tell), nothing stale from the page
# before, the page's main element, and every chart drawn.
VISIBLE = """([title, selector]) => {
  const h1 = document.querySelector('[data-testid="stMain"] h1');
  if (!h1 || h1.innerText.trim() !== title) return false;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.dataset.testScriptState !== 'notRunning') return false;
  if (document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]')) return false;
  if (!document.querySelector('[data-testid="stMain"] ' + selector.split(', ').join(', [data-testid="stMain"] '))) return false;
  return [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].every(c => c.querySelector('svg, canvas'));
}"""
TIMEOUT_MS = 120_000
# --phases: the time (ms since the mark set just before a click) of each websocket message the app sends and
# receives, recorded in the page
MESSAGES = """(() => {
  window.__marks = {start: performance.now(), sent: [], received: []};
  const Socket = window.WebSocket;
  const send = Socket.prototype.send;
  Socket.prototype.send = function (data) {
    window.__marks.sent.push(performance.now() - window.__marks.start);
    return send.call(this, data);
  };
  window.WebSocket = class extends Socket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => window.__marks.received.push(performance.now() - window.__marks.start));
    }
  };
})()"""
MARK = "() => { window.__marks = {start: performance.now(), sent: [], received: []}; }"
PHASES = ("click to request", "server runs", "last message to visible", "server CPU", "browser main thread busy")


def cpu_seconds(pid: int) -> float:
    """The CPU time (user + system, every thread) process `pid` has used (Linux's /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def busy_seconds(cdp) -> float:
    """How long the page's main thread has run tasks (Chromium's Performance domain, TaskDuration)."""
    return next(m["value"] for m in cdp.send("Performance.getMetrics")["metrics"] if m["name"] == "TaskDuration")


def prepared_store(directory: Path) -> Path:
    """A store holding the sample with its computed frames, as a server finds it after a restart."""
    from adoption.recommend import Settings
    from adoption.store import Store, ensure_sample
    from adoption.store.derived import computed

    path = directory / "store.duckdb"
    with Store.open(path) as store:
        ensure_sample(store)
        computed(store, "sample", Settings())
    return path


def wait_visible(page, title: str, selector: str) -> None:
    try:
        page.wait_for_function(VISIBLE, arg=[title, selector], timeout=TIMEOUT_MS, polling=20)
    except Exception as error:
        shot = Path(tempfile.gettempdir()) / "page-switch-timeout.png"
        page.screenshot(path=str(shot))
        raise SystemExit(f"{title} did not show {selector} within {TIMEOUT_MS / 1000:.0f} s (see {shot})") from error


def load(browser, url: str, width: int) -> tuple[object, float]:
    """A new session (browser context) opening the Portfolio: (page, seconds to its content)."""
    context = browser.new_context(viewport={"width": width, "height": 1000})
    context.add_init_script(MESSAGES)
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url + "/")
    wait_visible(page, *PAGES[0][1:])
    return page, time.perf_counter() - start


def switch(page, link: str, title: str, selector: str, server_pid: int) -> tuple[float, tuple[float, ...]]:
    """Seconds from the click to the page's content, and the PHASES' seconds: CPU seconds, unlike the wall
    time, hardly depend on what else the machine runs."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    server_cpu, browser_busy = cpu_seconds(server_pid), busy_seconds(cdp)
    if link == "Customer":
        grid = page.get_by_test_id("stDataFrame").first
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        page.evaluate(MARK)
        start = time.perf_counter()
        page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)  # the first row's selection box
    else:
        target = page.get_by_test_id("stSidebar").get_by_role("link", name=link, exact=True)
        target.wait_for()
        page.evaluate(MARK)
        start = time.perf_counter()
        target.click()
    wait_visible(page, title, selector)
    took = time.perf_counter() - start
    server_cpu, browser_busy = cpu_seconds(server_pid) - server_cpu, busy_seconds(cdp) - browser_busy
    cdp.detach()
    marks = page.evaluate("() => window.__marks")
    sent = marks["sent"][0] / 1000 if marks["sent"] else 0.0
    last = marks["received"][-1] / 1000 if marks["received"] else sent
    return took, (sent, last - sent, max(took - last, 0.0), server_cpu, browser_busy)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--cold", action="store_true", help="do not warm the server at start-up (as before)")
    parser.add_argument("--phases", action="store_true", help="split each switch: browser, server, browser")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="page-switch-"))
    store = prepared_store(tmp)
    started = time.perf_counter()
    server, url = serve.start(store, tmp / "streamlit.log", seconds=180, warmed=not args.cold)
    up = time.perf_counter() - started
    switches: dict[str, list[float]] = {title: [] for _, title, _ in PAGES}
    phases: dict[str, list[tuple[float, ...]]] = {title: [] for _, title, _ in PAGES}
    try:
        with serve.chromium() as browser:
            first_page, first = load(browser, url, args.width)
            fresh_page, fresh = load(browser, url, args.width)
            fresh_page.context.close()
            for _ in range(args.rounds):
                for link, title, selector in PAGES[1:] + PAGES[:1]:
                    took, split = switch(first_page, link, title, selector, server.pid)
                    switches[title].append(took)
                    phases[title].append(split)
    finally:
        serve.stop(server)
    warmed = "not warmed" if args.cold else "warmed"
    print(
        f"server up and {warmed}: {up:.2f} s; width {args.width} px; {args.rounds} rounds; load {os.getloadavg()[0]:.1f}\n"
    )
    print("| load | seconds |\n| --- | ---: |")
    print(f"| first page after server start (Portfolio) | {first:.2f} |")
    print(f"| fresh session (Portfolio) | {fresh:.2f} |")
    print("\n| switch to | median s | worst s |\n| --- | ---: | ---: |")  # Customer: a Customers table row click
    for title, times in switches.items():
        print(f"| {title} | {statistics.median(times):.2f} | {max(times):.2f} |")
    if args.phases:
        print(f"\n| switch to (medians, s) | {' | '.join(PHASES)} |\n| --- |{' ---: |' * len(PHASES)}")
        for title, splits in phases.items():
            print(f"| {title} | {' | '.join(f'{statistics.median(part):.2f}' for part in zip(*splits))} |")
    worst = max(max(t) for t in switches.values())
    print(f"\nworst page switch {worst:.2f} s ({'under' if worst < 1 else 'NOT under'} 1 s)")


if __name__ == "__main__":
    main()

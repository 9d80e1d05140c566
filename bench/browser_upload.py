"""A large upload in a real browser (issue 14: a 170 MB upload shows the success line in under 5 s after
the file is chosen), and the app server's memory: Debian's Chromium through Playwright against a real
`streamlit run app.py` (devtools/serve.py) on a fresh store.

    .venv/bin/python bench/browser_upload.py [FILE.tsv]     (default bench/out/insights_20000.tsv)

Prints one JSON object:

    upload_to_success_s       from choosing the file on the Upload page (Playwright's set_input_files) to the
                              success line ("FILE: stored N rows ...") being visible
    server_peak_rss_mb        the server process's peak resident memory (VmHWM) after the upload
    portfolio_after_upload_s  then a click on Portfolio in the sidebar until the heatmap is drawn (the uploaded
                              data's: the sidebar says "1 file ·")
    server_peak_rss_after_portfolio_mb  the server's peak once the Portfolio of the uploaded data is shown
    restart_portfolio_s       a new server on that store (started and warmed as devtools/serve.py does), then
                              opening / until the heatmap is drawn
    restart_next_steps_s      then a click on Next steps in the sidebar until its call list is drawn
    restarted_server_peak_rss_mb  that server's peak: the app server with the store loaded (issue 14: under 1 GB)

A script, not a test; the store and the server's log go to a temporary folder."""

from __future__ import annotations

import json
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devtools import serve  # noqa: E402

TIMEOUT_MS = 600_000


def peak_rss_mb(pid: int) -> float:
    """VmHWM of a process (its peak resident set so far), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    return float("nan")


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "out" / "insights_20000.tsv"
    if not source.exists():
        raise SystemExit(f"{source} is missing: bench/run.py (or bench/make_insights.py) writes it")
    result: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="browser-upload-") as folder:
        process, url = serve.start(Path(folder) / "store.duckdb", Path(folder) / "server.log")
        try:
            with serve.chromium() as browser:
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                page.set_default_timeout(TIMEOUT_MS)
                page.goto(url + "/upload")
                chooser = page.locator('[data-testid="stFileUploader"] input[type="file"]')
                chooser.wait_for(state="attached")
                success = page.get_by_test_id("stAlertContentSuccess").get_by_test_id("stMarkdownContainer")
                started = time.perf_counter()
                chooser.set_input_files(str(source))
                success.wait_for()
                result["upload_to_success_s"] = time.perf_counter() - started
                line = success.inner_text()
                if not re.match(rf"{re.escape(source.name)}: stored [\d,]+ rows", line):
                    raise SystemExit(f"unexpected success line: {line}")
                result["server_peak_rss_mb"] = peak_rss_mb(process.pid)
                started = time.perf_counter()
                page.get_by_test_id("stSidebar").get_by_role("link", name="Portfolio", exact=True).click()
                page.get_by_test_id("stVegaLiteChart").first.wait_for()
                result["portfolio_after_upload_s"] = time.perf_counter() - started
                shown = page.get_by_test_id("stSidebar").get_by_test_id("stCaptionContainer").first.inner_text()
                if not shown.startswith("1 file ·"):  # the Portfolio of the upload, not the bundled sample
                    raise SystemExit(f"the Portfolio after the upload does not show it: the sidebar says {shown!r}")
                result["server_peak_rss_after_portfolio_mb"] = peak_rss_mb(process.pid)
        finally:
            serve.stop(process)
        process, url = serve.start(Path(folder) / "store.duckdb", Path(folder) / "server-again.log")
        try:
            with serve.chromium() as browser:
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                page.set_default_timeout(TIMEOUT_MS)
                started = time.perf_counter()
                page.goto(url + "/")
                page.get_by_test_id("stVegaLiteChart").first.wait_for()
                result["restart_portfolio_s"] = time.perf_counter() - started
                started = time.perf_counter()
                page.get_by_test_id("stSidebar").get_by_role("link", name="Next steps", exact=True).click()
                page.get_by_role("heading", name="This week's call list").wait_for()
                result["restart_next_steps_s"] = time.perf_counter() - started
                result["restarted_server_peak_rss_mb"] = peak_rss_mb(process.pid)
        finally:
            serve.stop(process)
    print(json.dumps(result))


if __name__ == "__main__":
    main()

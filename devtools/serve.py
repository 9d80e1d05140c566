"""A real `streamlit run app.py`: on a free port for the browser tests (tests/test_browser*.py), the soak
(bench/soak.py), the page-switch benchmark and the screenshots (scripts/screenshots.py): start it, wait
for its health check, warm it, stop it; and in the foreground for `make run` (`python -m devtools.serve`).

Warming: Streamlit has no start-up hook for a script, so once the server answers, `warm` asks its script
health check (`/_stcore/script-health-check`, on in .streamlit/config.toml), which runs app.py once in the
server process as a first visitor would: the imports, the store, the workspace's computed frames and the
Portfolio's caches are ready before a person opens the page. Independent of the `adoption` package."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from adoption import POLARS_ALLOCATOR

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(
    store: Path,
    log: Path,
    *args: str,
    env: dict[str, str] | None = None,
    seconds: float = 60,
    warmed: bool = True,
) -> tuple[subprocess.Popen, str]:
    """(process, url) of a server on `store` (ADOPTION_STORE), its output in `log`, warmed unless `warmed` is
    False; `args` are more `streamlit run` options (e.g. "--secrets.files", PATH). Raises RuntimeError when
    it does not come up."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        *args,
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**POLARS_ALLOCATOR, **os.environ, **(env or {}), "ADOPTION_STORE": str(store)},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process, log, seconds)
        if warmed:
            warm(url, max(seconds, 120))
    except BaseException:
        stop(process)
        raise
    return process, url


def wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.25)
    raise RuntimeError(f"streamlit did not answer on {url} within {seconds} s:\n{log.read_text()}")


def warm(url: str, seconds: float = 120) -> bool:
    """Run app.py once in the server (its script health check), so the first page a person opens finds the
    caches filled; False (and the server is left as it is) when the check fails or is switched off."""
    try:
        with urllib.request.urlopen(url + "/_stcore/script-health-check", timeout=seconds) as response:
            return response.read() == b"ok"
    except OSError:
        return False


def run(port: int) -> int:
    """`make run`: the app on `port` in the foreground (its output on this terminal), warmed once it answers."""
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, env={**POLARS_ALLOCATOR, **os.environ})
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.25)
        started = time.monotonic()
        if process.poll() is None and warm(url):
            print(f"  Warmed the app's caches in {time.monotonic() - started:.1f} s.", flush=True)
        return process.wait()
    except KeyboardInterrupt:
        stop(process)
        return 0


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def chromium() -> Iterator:
    """Debian's Chromium, driven by Playwright, with the flags this closed network needs; closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


if __name__ == "__main__":
    sys.exit(run(int(sys.argv[1]) if len(sys.argv) > 1 else 8501))

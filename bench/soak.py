"""Soak test (not in CI): N simulated sessions browse and upload against a real `streamlit run` on
loopback for M minutes; reports errors (must be 0) and the server's memory growth.

    .venv/bin/python bench/soak.py --sessions 4 --minutes 2

Each session (its own browser context in Debian's Chromium) loops: open the Portfolio, change a
filter (the "Show" switch, then a customer search), open a customer page by deep link, upload a small
generated Insights export on the Upload page. An error is any Streamlit exception element
(`[data-testid="stException"]`), an error alert after an upload, a JavaScript page error, a page crash,
an HTTP response >= 400, a failed request (other than those the browser aborts when navigating away)
or a step that does not finish within 60 s. The server runs on a copy of data/adoption.duckdb (or a
new store with the bundled sample) in a temporary directory; its RSS, with its children's, is read
from /proc at start, every 5 s and at the end. Exit status 1 when there was any error.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from adoption.store import Store, ensure_sample  # noqa: E402
from devtools import serve  # noqa: E402
from devtools.serve import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

STEP_TIMEOUT_MS = 60_000
HEADER = [
    "PGAPartnerID",
    "CustomerTenantId",
    "WorkloadName",
    "Month",
    "PaidAvailableUnits",
    "MonthlyActiveUsers",
    "CustomerName",
    "CustomerMarket",
    "CustomerSegment",
    "IsDuplicateRowForPGA",
]


# ---- the server and its memory


def rss_kib(pid: int) -> int:
    """VmRSS of `pid` and all its descendants, in KiB (0 for processes that are gone)."""
    total, pending, seen = 0, [pid], set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def prepare_store(directory: Path) -> tuple[Path, list[str]]:
    """A store the server may write to, and customer keys of the workspace the app shows first."""
    store_path = directory / "store.duckdb"
    original = ROOT / "data" / "adoption.duckdb"
    if original.exists():
        shutil.copy(original, store_path)
    with Store.open(store_path) as store:
        ensure_sample(store)
        keys = store.portfolio("sample").customers.get_column("key").to_list()
    return store_path, keys


# ---- sessions


@dataclass
class Tally:
    steps: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    aborted_requests: int = 0
    blocked_requests: int = 0  # off loopback (Material Symbols from fonts.gstatic.com): refused, not errors
    base_path_probes: int = 0  # Streamlit's client looks for /<page>/_stcore/... first on a deep link (404)
    warm: set[int] = field(default_factory=set)

    def step(self, name: str) -> None:
        self.steps[name] = self.steps.get(name, 0) + 1


def export(session: int, iteration: int) -> bytes:
    """A small Insights license usage TSV, different every time (so it is stored, not deduplicated)."""
    rng = random.Random(session * 100_000 + iteration)
    lines = ["\t".join(HEADER)]
    for customer in range(3):
        tenant = f"5eed{session:04x}-{iteration:04x}-4000-8000-{customer:012x}"
        name = f"Soak {session}-{customer} AB"
        for workload in ("Exchange", "SharePoint", "Teams"):
            sold = rng.randint(10, 500)
            lines.append(
                "\t".join(
                    [
                        "4711",
                        tenant,
                        workload,
                        "2026-10-01",
                        str(sold),
                        str(rng.randint(0, sold)),
                        name,
                        "Sweden",
                        "SMB",
                        "0",
                    ]
                )
            )
    return ("\n".join(lines) + "\n").encode("utf-8")


async def settle(page) -> None:
    """The script run is over (no running indicator, no skeleton) and the page has drawn."""
    await page.wait_for_function(
        "() => document.querySelector('h1') && !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-testid=\"stSkeleton\"]')",
        timeout=STEP_TIMEOUT_MS,
    )
    await page.wait_for_timeout(200)


async def check_page(page, tally: Tally, where: str) -> None:
    exceptions = page.get_by_test_id("stException")
    for index in range(await exceptions.count()):
        text = " ".join((await exceptions.nth(index).inner_text()).split())[:300]
        tally.errors.append(f"{where}: Streamlit exception: {text}")


async def session(browser, url: str, number: int, keys: list[str], deadline: float, tally: Tally) -> None:
    context = await browser.new_context(viewport={"width": 1440, "height": 1000})
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = await context.new_page()
    name = f"session {number}"
    page.on("pageerror", lambda error: tally.errors.append(f"{name}: page error: {error}"))
    page.on("crash", lambda _: tally.errors.append(f"{name}: page crashed"))

    def responded(response) -> None:
        if (
            response.status == 404
            and urllib.parse.urlsplit(response.url).path.endswith(("/_stcore/health", "/_stcore/host-config"))
            and not response.url.startswith(url + "/_stcore/")
        ):
            tally.base_path_probes += 1
        elif response.status >= 400:
            tally.errors.append(f"{name}: HTTP {response.status} {response.url}")

    async def off_loopback(route) -> None:
        tally.blocked_requests += 1
        await route.abort("blockedbyclient")

    page.on("response", responded)
    await context.route(lambda request_url: not request_url.startswith(url), off_loopback)

    def failed(request) -> None:
        if not request.url.startswith(url):
            return  # refused by the route above, counted there
        if "ERR_ABORTED" in (request.failure or ""):
            tally.aborted_requests += 1  # the browser drops a pending load when the page moves on
        else:
            tally.errors.append(f"{name}: request failed: {request.failure} {request.url}")

    page.on("requestfailed", failed)
    rng = random.Random(number)
    iteration = 0
    while time.monotonic() < deadline:
        iteration += 1
        step = "start"
        try:
            step = "portfolio"
            await page.goto(url + "/")
            await settle(page)
            await check_page(page, tally, f"{name} {step}")
            tally.step(step)

            step = "filter"
            show = rng.choice(["Change since previous period", "Adoption"])
            await page.get_by_text(show, exact=True).first.click()
            await settle(page)
            filters = page.get_by_test_id("stExpander").filter(has_text="Filters")
            if not await page.get_by_label("Search customer").is_visible():
                await filters.locator("summary").click()
            search = page.get_by_label("Search customer")
            await search.fill(rng.choice(["a", "ab", "o", "soak", ""]))
            await search.press("Enter")
            await settle(page)
            await check_page(page, tally, f"{name} {step}")
            tally.step(step)

            step = "customer"  # after an upload the app shows "My data": this session's own customers
            key = (
                rng.choice(keys)
                if iteration == 1
                else f"5eed{number:04x}-{rng.randrange(1, iteration):04x}-4000-8000-{rng.randrange(3):012x}"
            )
            await page.goto(url + "/customer?customer=" + urllib.parse.quote(key, safe=""))
            await settle(page)
            await page.locator("h2").first.wait_for()
            await check_page(page, tally, f"{name} {step}")
            tally.step(step)

            step = "upload"
            await page.get_by_test_id("stSidebar").get_by_role("link", name="Upload", exact=True).click()
            await page.wait_for_function("() => document.querySelector('h1')?.innerText === 'Upload exports'")
            await settle(page)
            file_name = f"soak-{number}-{iteration}.tsv"
            await page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
                {"name": file_name, "mimeType": "text/tab-separated-values", "buffer": export(number, iteration)}
            )
            outcome = (
                page.get_by_test_id("stAlertContentSuccess")
                .or_(page.get_by_test_id("stAlertContentError"))
                .or_(page.get_by_test_id("stAlertContentInfo"))
                .filter(has_text=file_name)
            )
            await outcome.first.wait_for()
            await settle(page)
            text = " ".join((await outcome.first.inner_text()).split())
            if "stored" not in text:
                tally.errors.append(f"{name} {step}: {text[:300]}")
            await check_page(page, tally, f"{name} {step}")
            tally.step(step)
            tally.warm.add(number)
        except Exception as error:  # a timeout or a closed page: count it and go on with a fresh page
            tally.errors.append(
                f"{name} {step} (iteration {iteration}): {type(error).__name__}: {str(error).splitlines()[0][:300]}"
            )
            if page.is_closed():
                page = await context.new_page()
    await context.close()


async def cli_imports(store_path: Path, every: float, deadline: float, tally: Tally, directory: Path) -> None:
    """`python -m adoption store import` of a new small export every `every` seconds, next to the running app
    (the scheduled import of the README): each must exit 0 and say it stored the file."""
    number = 0
    while time.monotonic() + every < deadline:
        await asyncio.sleep(every)
        number += 1
        path = directory / f"cli-import-{number}.tsv"
        path.write_bytes(export(900 + number, number))
        process = await asyncio.create_subprocess_exec(
            # into a workspace of its own, so the sessions' "My data" / sample views stay as the script expects
            sys.executable,
            "-m",
            "adoption",
            "store",
            "import",
            str(path),
            "--store",
            str(store_path),
            "--workspace",
            "scheduled",
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await process.communicate()
        tally.step("cli import")
        if process.returncode != 0 or b"stored" not in out or b"Traceback" in err:
            tally.errors.append(f"cli import {number}: exit {process.returncode}: {(out + err).decode()[:300]}")


async def drive(
    url: str,
    sessions: int,
    minutes: float,
    keys: list[str],
    server_pid: int,
    store_path: Path | None = None,
    import_every: float = 0,
) -> tuple[Tally, list[int]]:
    from playwright.async_api import async_playwright

    tally = Tally()
    samples = [rss_kib(server_pid)]
    deadline = time.monotonic() + minutes * 60

    async def sample_memory() -> None:
        while time.monotonic() < deadline:
            await asyncio.sleep(5)
            samples.append(rss_kib(server_pid))
            if len(tally.warm) == sessions and not warm:
                warm.append(samples[-1])  # every session has done one full round: caches and modules loaded

    warm: list[int] = []

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        importer = [cli_imports(store_path, import_every, deadline, tally, store_path.parent)] if import_every else []
        await asyncio.gather(
            sample_memory(),
            *importer,
            *(session(browser, url, n, keys, deadline, tally) for n in range(1, sessions + 1)),
        )
        await browser.close()
    return tally, samples, (warm or samples[-1:])[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=4, help="simulated sessions at once (default 4)")
    parser.add_argument("--minutes", type=float, default=2, help="how long to run (default 2)")
    parser.add_argument(
        "--cli-import-every",
        type=float,
        default=0,
        metavar="SECONDS",
        help="also run `python -m adoption store import` of a new file this often (default: never)",
    )
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="adoption-soak-") as tmp:
        store_path, keys = prepare_store(Path(tmp))
        log_path = Path(tmp) / "streamlit.log"
        try:
            process, url = serve.start(store_path, log_path)
        except RuntimeError as error:
            raise SystemExit(str(error)) from None
        try:
            started = time.monotonic()
            tally, samples, warm = asyncio.run(
                drive(url, args.sessions, args.minutes, keys, process.pid, store_path, args.cli_import_every)
            )
            samples.append(rss_kib(process.pid))
            elapsed = time.monotonic() - started
            alive = process.poll() is None
        finally:
            serve.stop(process)
        log = log_path.read_text(errors="replace")
        tracebacks = log.count("Traceback (most recent call last)")
        if tracebacks:
            block = log[log.index("Traceback") :].splitlines()
            end = next((i for i, line in enumerate(block[1:], 1) if line and not line.startswith(" ")), len(block) - 1)
            tally.errors.append(
                f"server log: {tracebacks} traceback(s); the first ends:\n    "
                + "\n    ".join(block[max(1, end - 14) : end + 1])
            )
        if not alive:
            tally.errors.append("the server exited during the run")
    start, end, peak = samples[0], samples[-1], max(samples)
    print(f"soak: {args.sessions} sessions for {elapsed / 60:.1f} min against {url} (store: temporary copy)")
    print("steps completed: " + ", ".join(f"{k} {v}" for k, v in tally.steps.items()))
    print(
        f"not errors: {tally.aborted_requests} requests aborted by navigation, {tally.blocked_requests} off-loopback "
        f"requests refused (icon font), {tally.base_path_probes} Streamlit base-path probes (404 on /<page>/_stcore/)"
    )
    print(
        f"server RSS (with children): at start {start / 1024:,.1f} MiB, after every session's first round "
        f"{warm / 1024:,.1f} MiB, peak {peak / 1024:,.1f} MiB, end {end / 1024:,.1f} MiB over {len(samples)} samples"
    )
    print(
        f"memory growth after warm-up: {(end - warm) / 1024:+,.1f} MiB ({(end - warm) / max(warm, 1):+.0%}); "
        f"since start {(end - start) / 1024:+,.1f} MiB"
    )
    print(f"errors: {len(tally.errors)}")
    for error in tally.errors[:50]:
        print(f"  {error}")
    if len(tally.errors) > 50:
        print(f"  ... and {len(tally.errors) - 50} more")
    return 1 if tally.errors else 0


if __name__ == "__main__":
    sys.exit(main())

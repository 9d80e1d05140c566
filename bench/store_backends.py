"""The 20,000-customer import and the app's first renders on both store backends, side by side.

    .venv/bin/python bench/store_backends.py [--customers 20000] [--repeat 1]

Writes bench/out/insights_<N>.tsv with bench/make_insights.py when missing (as bench/run.py does),
starts a throwaway PostgreSQL cluster (devtools/postgres.py, fsync on: durable like DuckDB's file),
then per repeat and backend, each in a fresh process: `python -m adoption store import FILE --store S`
into a new store (a new DuckDB file, a new PostgreSQL database; wall time and peak RSS by os.wait4),
then bench/app_render.py with ADOPTION_STORE=S (AppTest: the first run of app.py, then a new session's
Portfolio, Customer and Next steps first renders). Prints a Markdown table (medians) and the load average.
The PostgreSQL server runs on this machine, so its CPU is shared with the app's and counted in neither RSS."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.run import PYTHON, ensure_file, measure  # noqa: E402
from devtools import postgres  # noqa: E402

RENDERS = ["cold_render_s", "portfolio_first_render_s", "customer_first_render_s", "next_steps_first_render_s"]


def one_round(source: Path, store: str, folder: Path) -> dict[str, float]:
    wall, peak, status = measure(
        [PYTHON, "-m", "adoption", "store", "import", str(source), "--store", store],
        folder / "import.out",
        folder / "import.err",
    )
    if status:
        raise SystemExit(f"store import into {store} failed:\n{(folder / 'import.err').read_text()[-2000:]}")
    done = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "app_render.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "ADOPTION_STORE": store},
    )
    if done.returncode:
        raise SystemExit(f"app_render on {store} failed:\n{done.stderr[-2000:]}")
    render = json.loads(done.stdout.strip().splitlines()[-1])
    return {"import_s": wall, "import_peak_mb": peak, **{key: render[key] for key in RENDERS}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    source = ensure_file(args.customers)
    cluster = postgres.start(durable=True)
    results: dict[str, list[dict[str, float]]] = {"DuckDB": [], "PostgreSQL": []}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            for round_ in range(args.repeat):
                for backend in results:
                    store = str(folder / f"store-{round_}.duckdb") if backend == "DuckDB" else cluster.database()
                    results[backend].append(one_round(source, store, folder))
                    print(f"round {round_ + 1} {backend}: {results[backend][-1]}", file=sys.stderr, flush=True)
    finally:
        cluster.stop()
    median = {b: {k: statistics.median(r[k] for r in runs) for k in runs[0]} for b, runs in results.items()}
    print(f"{source.name}, {args.repeat} run(s) each, load average {os.getloadavg()[0]:.1f} at the end")
    print(
        "| backend | store import | import peak RSS | app cold start | Portfolio first render | Customer first render |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for backend, m in median.items():
        print(
            f"| {backend} | {m['import_s']:.2f} s | {m['import_peak_mb']:,.0f} MB | {m['cold_render_s']:.2f} s | "
            f"{m['portfolio_first_render_s']:.2f} s | {m['customer_first_render_s']:.2f} s |"
        )
    print(json.dumps(median), file=sys.stderr)


if __name__ == "__main__":
    main()

"""The scale benchmark (issue 5), run by hand with `make bench`; not a timed test.

    .venv/bin/python bench/run.py [--customers 20000] [--repeat 3] [--file FILE.tsv] [--only metrics,polars]
                                  [--app | --no-app] [--markdown bench/out/results.md] [--baseline DIR]

Writes bench/out/insights_<N>.tsv with bench/make_insights.py when it is missing, then runs each
job below in a fresh subprocess, round robin, --repeat times, measuring wall time, peak RSS and CPU
time, user + system (os.wait4's rusage of that one child; CPU time moves far less than wall time with
other work on a shared machine, so it compares runs made under different loads):

    metrics  python -m adoption metrics FILE                 (the package, with validation)
    customers python -m adoption customers FILE              (the package, one row per customer)
    validating bench/validating_duckdb.py FILE               (DuckDB, declared types, store_rejects=true)
    polars   bench/minimal_polars.py FILE                    (the minimal one-screen Polars script)
    duckdb   bench/minimal_duckdb.py FILE                    (the minimal DuckDB query)
    pandas   bench/plain_pandas.py FILE                      (the job written plainly in pandas)
    import   python -m adoption store import FILE --store S  (a fresh store each run)
    rows     bench/store_import.py FILE --store S --rows-only (the import without the app's frames)

With --baseline DIR (another checkout, e.g. `git worktree add /tmp/before fmt`) the package's jobs
(metrics, customers, import) also run from DIR, in the same rounds, as "before" (name@before), so a
change is measured against the code before it under the same load on a shared machine.

and prints medians, peaks and the ratios the targets are stated in (a wall-time ratio to the validating
reference also as the median of each round's ratio, which the machine's drift between rounds moves less;
a target counts as met when both hold), checks the references print
the same table as `metrics`, and (with --app, when app.py exists) times the app's pages on the
imported store through measure_portfolio_page() (bench/app_render.py, a fresh process per repeat):
first renders under 1 s, filter/sort/page changes under 0.3 s, the process under 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable


@dataclass
class Job:
    name: str
    label: str
    argv: list[str]
    before: object = None  # a callable run before each measured run (e.g. remove the store)
    cwd: Path = ROOT  # where the job runs: this checkout, or the --baseline one
    walls: list[float] = field(default_factory=list)
    peaks_mb: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)  # user + system seconds of the process
    failures: int = 0

    @property
    def wall(self) -> float:
        return statistics.median(self.walls) if self.walls else float("nan")

    @property
    def peak(self) -> float:
        return statistics.median(self.peaks_mb) if self.peaks_mb else float("nan")

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus) if self.cpus else float("nan")


def measure(argv: list[str], stdout: Path, stderr: Path, cwd: Path = ROOT) -> tuple[float, float, int, float]:
    """(wall seconds, peak RSS in MB, exit status, CPU seconds: user + system) of one fresh subprocess."""
    with open(stdout, "wb") as out, open(stderr, "wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in KiB on Linux; CPU time, unlike wall time, hardly moves with other work on the machine
    return wall, usage.ru_maxrss / 1024, process.returncode, usage.ru_utime + usage.ru_stime


def ensure_file(customers: int) -> Path:
    path = OUT / f"insights_{customers}.tsv"
    if not path.exists():
        print(f"generating {path.relative_to(ROOT)} ...", flush=True)
        subprocess.run(
            [PYTHON, str(ROOT / "bench" / "make_insights.py"), str(path), "--customers", str(customers)],
            check=True,
            cwd=ROOT,
        )
    return path


def jobs_for(source: Path, store: Path) -> list[Job]:
    def fresh_store() -> None:
        for leftover in (store, store.with_name(store.name + ".wal")):
            leftover.unlink(missing_ok=True)

    bench = ROOT / "bench"
    return [
        Job("metrics", "python -m adoption metrics", [PYTHON, "-m", "adoption", "metrics", str(source)]),
        Job("customers", "python -m adoption customers", [PYTHON, "-m", "adoption", "customers", str(source)]),
        Job(
            "validating",
            "validating DuckDB reference (typed, store_rejects)",
            [PYTHON, str(bench / "validating_duckdb.py"), str(source)],
        ),
        Job("polars", "minimal Polars script", [PYTHON, str(bench / "minimal_polars.py"), str(source)]),
        Job("duckdb", "minimal DuckDB query", [PYTHON, str(bench / "minimal_duckdb.py"), str(source)]),
        Job("pandas", "plain pandas", [PYTHON, str(bench / "plain_pandas.py"), str(source)]),
        Job(
            "import",
            "store import (fresh store)",
            [PYTHON, "-m", "adoption", "store", "import", str(source), "--store", str(store)],
            before=fresh_store,
        ),
        Job(
            "rows",
            "store import's rows only (read, checked, written; no app frames)",
            [PYTHON, str(bench / "store_import.py"), str(source), "--store", str(store), "--rows-only"],
            before=fresh_store,
        ),
    ]


BASELINE_JOBS = (
    "metrics",
    "customers",
    "import",
)  # the package's own jobs, which --baseline runs from another checkout


def normalised_lines(path: Path) -> list[str]:
    """CSV lines with an empty quoted cell written as an empty cell (Polars writes "" for '')."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line[:-2] if line.endswith(',""') else line for line in lines]


def measure_portfolio_page(
    store: Path, repeat: int, baseline: Path | None = None, source: Path | None = None
) -> dict[str, float] | None:
    """The app measures against a stored portfolio (medians): the first render of Portfolio, Customer and
    Next steps, a filter, a sort and a page change on the Portfolio, in seconds, and the process's peak
    RSS in MB (bench/app_render.py says what each is), or None when the app is not there.

    Runs bench/app_render.py (streamlit.testing.v1.AppTest) in a fresh subprocess per repeat
    with ADOPTION_STORE pointing at `store`; that script prints one JSON object of timings. With
    `baseline` (another checkout) the same script also times that checkout's app in the same rounds,
    reported as KEY@before, on its own store of `source` (imported by that checkout when missing)."""
    script = ROOT / "bench" / "app_render.py"
    if not (ROOT / "app.py").exists() or not script.exists():  # app.py is the portfolio page
        return None
    checkouts = {"": (ROOT, store)}
    if baseline:  # its own store, imported by its own code (a store newer code migrated may be one it refuses)
        before_store = store.with_name(store.stem + "_before.duckdb")
        if not before_store.exists():
            subprocess.run(
                [PYTHON, "-m", "adoption", "store", "import", str(source), "--store", str(before_store)],
                check=True,
                cwd=baseline,
                capture_output=True,
            )
        checkouts["@before"] = (baseline.resolve(), before_store)
    runs: dict[str, list[dict[str, float]]] = {suffix: [] for suffix in checkouts}
    for round_ in range(1, repeat + 1):
        for suffix, (root, its_store) in checkouts.items():
            done = subprocess.run(
                [PYTHON, str(script), "--root", str(root)],
                cwd=root,
                capture_output=True,
                text=True,
                env={**os.environ, "ADOPTION_STORE": str(its_store)},
            )
            if done.returncode != 0:
                print(f"app measure{suffix} failed:\n{done.stderr[-2000:]}", file=sys.stderr)
                return None
            runs[suffix].append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(f"round {round_}: app{suffix} {runs[suffix][-1]}", flush=True)
    return {
        key + suffix: statistics.median(run[key] for run in done_runs)
        for suffix, done_runs in runs.items()
        for key in done_runs[0]
    }


# issue 14's app targets: (bench/app_render.py's key, limit, unit)
APP_TARGETS = (
    ("portfolio_first_render_s", 1.0, "s"),
    ("customer_first_render_s", 1.0, "s"),
    ("next_steps_first_render_s", 1.0, "s"),
    ("filter_change_s", 0.3, "s"),
    ("sort_change_s", 0.3, "s"),
    ("page_change_s", 0.3, "s"),
    ("peak_rss_mb", 1024, "MB"),
)


def app_label(key: str) -> str:
    name, _, before = key.partition("@")
    return name.removesuffix("_s").removesuffix("_mb").replace("_", " ") + (" (before)" if before else "")


def ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def paired(job: Job, reference: Job) -> float:
    """The median over rounds of job's wall time / the reference's in the same round: on a shared machine whose
    speed drifts between rounds, steadier than the ratio of the two medians (each round runs both minutes apart
    at most)."""
    rounds = [ratio(a, b) for a, b in zip(job.walls, reference.walls, strict=False)]
    return statistics.median(rounds) if rounds else float("nan")


def report(jobs: dict[str, Job], source: Path, repeat: int, app: dict[str, float] | None) -> str:
    size_mb = source.stat().st_size / 1e6
    with open(source, "rb") as handle:
        rows = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 24), b"")) - 1
    lines = [
        f"File: {source.name}, {rows:,} rows, {size_mb:.0f} MB. Machine: {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, {platform.system()} "
        f"{platform.machine()}, Python {platform.python_version()}. Median of {repeat} runs, each a fresh process.",
        "",
        "| job | wall (median) | wall (min-max) | peak RSS (median) | CPU user+sys (median) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for job in jobs.values():
        if not job.walls:
            continue
        spread = f"{min(job.walls):.2f}-{max(job.walls):.2f} s"
        failed = f" ({job.failures} failed)" if job.failures else ""
        lines.append(f"| {job.label}{failed} | {job.wall:.2f} s | {spread} | {job.peak:,.0f} MB | {job.cpu:.2f} s |")
    if app:
        for key, value in app.items():
            if key.partition("@")[0].endswith("_s"):
                lines.append(f"| app: {app_label(key)} | {value:.2f} s | | | |")
            else:
                lines.append(f"| app: {app_label(key)} | | | {value:,.0f} MB | |")
    lines.append("")
    got = {name: job for name, job in jobs.items() if job.walls}
    targets = []
    if {"metrics", "polars", "duckdb"} <= set(got):
        fast = min(got["polars"], got["duckdb"], key=lambda j: j.wall)
        small = min(got["polars"], got["duckdb"], key=lambda j: j.peak)
        targets.append(
            (
                "metrics wall / faster minimal (" + fast.name + ")",
                ratio(got["metrics"].wall, fast.wall),
                "<= 1.25",
                ratio(got["metrics"].wall, fast.wall) <= 1.25,
            )
        )
        targets.append(
            (
                "metrics peak / smaller minimal (" + small.name + ")",
                ratio(got["metrics"].peak, small.peak),
                "<= 2",
                ratio(got["metrics"].peak, small.peak) <= 2,
            )
        )
    if {"metrics", "pandas"} <= set(got):
        value = ratio(got["pandas"].wall, got["metrics"].wall)
        targets.append(("pandas wall / metrics wall", value, ">= 1.5", value >= 1.5))
    if "validating" in got:
        reference = got["validating"]
        for name in ("metrics", "customers"):
            if name in got:
                value, per_round = ratio(got[name].wall, reference.wall), paired(got[name], reference)
                met = value <= 1.25 and per_round <= 1.25
                targets.append((f"{name} wall / validating DuckDB", value, "<= 1.25", met))
                targets.append((f"{name} wall / validating DuckDB, per round (median)", per_round, "<= 1.25", met))
                value = ratio(got[name].peak, reference.peak)
                targets.append((f"{name} peak / validating DuckDB", value, "<= 1.25", value <= 1.25))
                value = ratio(got[name].cpu, reference.cpu)
                targets.append((f"{name} CPU / validating DuckDB", value, "", None))
        if "import" in got:
            value, per_round = ratio(got["import"].wall, reference.wall), paired(got["import"], reference)
            met = value <= 2 and per_round <= 2
            targets.append(("store import wall / validating DuckDB", value, "<= 2", met))
            targets.append(("store import wall / validating DuckDB, per round (median)", per_round, "<= 2", met))
            value = ratio(got["import"].cpu, reference.cpu)
            targets.append(("store import CPU / validating DuckDB", value, "", None))
        if "rows" in got:  # no target of its own: what the import would take with its frames left to the app
            value, per_round = ratio(got["rows"].wall, reference.wall), paired(got["rows"], reference)
            targets.append(("store import's rows only wall / validating DuckDB (no target)", value, "", None))
            targets.append(("store import's rows only, per round (median)", per_round, "", None))
    for name in BASELINE_JOBS:
        if name in got and f"{name}@before" in got:
            old, new = got[f"{name}@before"], got[name]
            targets.append((f"{name} wall before / after", ratio(old.wall, new.wall), "(speed-up)", None))
            targets.append((f"{name} peak before / after", ratio(old.peak, new.peak), "(saving)", None))
            targets.append((f"{name} CPU before / after", ratio(old.cpu, new.cpu), "(saving)", None))
            if "validating" in got:
                value = ratio(old.wall, got["validating"].wall)
                targets.append(
                    (
                        f"{name} (before) wall / validating DuckDB",
                        value,
                        "<= 1.25" if name != "import" else "<= 2",
                        None,
                    )
                )
    if "import" in got:
        targets.append(("store import peak (MB)", got["import"].peak, "< 1,024", got["import"].peak < 1024))
    if {"import", "polars", "duckdb"} <= set(got):
        fast = min(got["polars"], got["duckdb"], key=lambda j: j.wall)
        value = ratio(got["import"].wall, fast.wall)
        targets.append(("store import wall / faster minimal (" + fast.name + ")", value, "< 3", value < 3))
    if app:
        for key, limit, unit in APP_TARGETS:
            if key in app:
                targets.append((f"app: {app_label(key)} ({unit})", app[key], f"< {limit:,}", app[key] < limit))
    if targets:
        lines += ["| ratio | value | target | met |", "| --- | ---: | ---: | :---: |"]
        lines += [
            f"| {name} | {value:.2f} | {target} | {'' if met is None else 'yes' if met else 'no'} |"
            for name, value, target, met in targets
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--file", type=Path, help="an Insights TSV to use instead of the generated one")
    parser.add_argument(
        "--only", help="comma-separated jobs: metrics,customers,validating,polars,duckdb,pandas,import,rows"
    )
    parser.add_argument(
        "--app",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also time the portfolio page (when app.py and bench/app_render.py exist)",
    )
    parser.add_argument("--markdown", type=Path, default=OUT / "results.md", help="where to write the table")
    parser.add_argument("--baseline", type=Path, help="another checkout whose metrics, customers, import also run")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    source = (args.file or ensure_file(args.customers)).resolve()
    store = OUT / "bench_store.duckdb"
    jobs = {job.name: job for job in jobs_for(source, store)}
    if args.only:
        jobs = {name: jobs[name] for name in args.only.split(",")}
    if args.baseline:
        for job in [j for j in jobs.values() if j.name in BASELINE_JOBS]:
            name = f"{job.name}@before"
            jobs[name] = Job(name, f"{job.label} (before)", job.argv, job.before, args.baseline.resolve())
    for round_ in range(1, args.repeat + 1):
        for job in jobs.values():
            if callable(job.before):
                job.before()
            wall, peak, status, cpu = measure(job.argv, OUT / f"{job.name}.out", OUT / f"{job.name}.err", job.cwd)
            if status != 0:
                job.failures += 1
                print(f"  {job.name}: exit {status}, see {OUT / (job.name + '.err')}", file=sys.stderr)
            job.walls.append(wall)
            job.peaks_mb.append(peak)
            job.cpus.append(cpu)
            print(f"round {round_}: {job.name:8s} {wall:6.2f} s {peak:7.0f} MB {cpu:6.2f} s CPU", flush=True)
    if "metrics" in jobs:
        expected = normalised_lines(OUT / "metrics.out")
        for name in ("validating", "polars", "duckdb", "pandas"):
            if name in jobs:
                same = normalised_lines(OUT / f"{name}.out") == expected
                print(
                    f"{name} prints the same table as metrics ({len(expected) - 1:,} rows): {'yes' if same else 'NO'}"
                )
    app = None
    if args.app:
        if "import" not in jobs:
            subprocess.run(jobs_for(source, store)[-1].argv, check=True, cwd=ROOT, capture_output=True)
        app = measure_portfolio_page(store, args.repeat, args.baseline, source)
        if app is None:
            print("portfolio page: not measured (needs app.py and bench/app_render.py)")
    table = report(jobs, source, args.repeat, app)
    print()
    print(table)
    args.markdown.write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

"""The zip-bomb benchmark (issue 11, point 1), run by hand; not a timed test.

    .venv/bin/python bench/zip_bomb.py [--gb 1.5] [--root DIR] [--timeout 120]

Writes bench/out/bomb_<GB>gb.xlsx when missing (tests/bomb_fixtures.py: a real workbook whose sheet
inflates to GB gigabytes while its zip headers declare 1,000 bytes), then in a fresh subprocess per
path, with the package imported from DIR (default: this checkout; give an exported older tree to
measure before a change), times the refusal and measures the extra peak memory (VmHWM after,
reset through /proc/self/clear_refs, minus VmRSS before, with the file's bytes already in memory):

    read_file   adoption.ingest.readers.read_file (CLI, Store.import_file, the Upload page's import)
    check_file  adoption.ingest.precheck.check_file (the Upload page's pre-check)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CHILD = r"""
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from adoption.ingest.readers import read_file
from adoption.ingest.precheck import check_file

def status(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024

data = Path(sys.argv[3]).read_bytes()
Path("/proc/self/clear_refs").write_text("5")
before = status("VmRSS")
start = time.perf_counter()
try:
    if sys.argv[2] == "read_file":
        read_file("bomb.xlsx", data)
        outcome = "read (not refused)"
    else:
        checks = check_file("bomb.xlsx", data)
        outcome = checks[0].problem or f"not refused: {checks[0].label}"
except Exception as error:
    outcome = f"{type(error).__name__}: {error}"
print(json.dumps({"seconds": time.perf_counter() - start, "extra_mb": (status("VmHWM") - before) / 2**20,
                  "outcome": outcome}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gb", type=float, default=1.5, help="what the sheet really inflates to (default 1.5)")
    parser.add_argument("--root", type=Path, default=ROOT, help="import adoption from this tree (default: this one)")
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    bomb = HERE / "out" / f"bomb_{args.gb:g}gb.xlsx"
    if not bomb.exists():
        sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]
        from bomb_fixtures import understated_workbook

        bomb.parent.mkdir(exist_ok=True)
        started = time.perf_counter()
        understated_workbook(int(args.gb * 2**30), bomb)
        print(f"wrote {bomb} in {time.perf_counter() - started:.1f} s")
    print(
        f"{bomb.name}: {bomb.stat().st_size / 2**20:.1f} MB on disk, inflates to {args.gb:g} GB, declares 1,000 bytes;"
        f" code from {args.root}"
    )
    for path in ("read_file", "check_file"):
        try:
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(args.root), path, str(bomb)],
                capture_output=True,
                text=True,
                timeout=args.timeout,
            )
        except subprocess.TimeoutExpired:
            print(f"  {path:<10}  not done after {args.timeout:g} s")
            continue
        if done.returncode:
            print(f"  {path:<10}  the process died (exit {done.returncode}): {done.stderr.strip()[-300:]}")
            continue
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"  {path:<10}  {result['seconds']:6.2f} s  {result['extra_mb']:8.0f} MB extra peak  {result['outcome']}")


if __name__ == "__main__":
    main()

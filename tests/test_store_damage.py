"""A damaged store (4 KiB overwritten at various offsets, or the file truncated) on real copies of
the sample store: every CLI command, as a real process, ends in exit code 0 or 2 with exactly one
`adoption:` sentence and never a traceback; a store import that says "stored" did commit; the
Store API only ever raises StoreError; the app shows the sentence as an error. An empty file (what
a failed creation leaves) is taken over."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from adoption.store import Store, StoreError, ensure_sample
from adoption.store.files import HEADER_BYTES
from store_fixtures import insights_tsv, month_rows

REPO = Path(__file__).resolve().parent.parent
BLOCK = 4096
DAMAGED = re.compile(
    r"The store at \S+ is damaged \([^()]+\) and cannot be read; restore it from a backup or move it "
    r"away to start a new one\."
)
COMMANDS = {
    "list": ["store", "list", "--workspace", "sample"],
    "import": ["store", "import", "{file}"],
    "metrics": ["metrics", "--workspace", "sample"],
    "customers": ["customers", "--workspace", "sample"],
}


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> Path:
    """The bundled sample in a store of its own, with its computed frames, closed and checkpointed."""
    path = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    with Store.open(path) as store:
        ensure_sample(store)
        from adoption.store.derived import computed

        computed(store, "sample")
    assert not path.with_name(path.name + ".wal").exists()
    return path


def damaged_copies(source: Path, folder: Path) -> dict[str, Path]:
    size = source.stat().st_size
    overwrite = {
        "start": 0,
        "file header": BLOCK,
        "database header 1": 2 * BLOCK,
        "first block": HEADER_BYTES,
        "second block": HEADER_BYTES + 256 * 1024,
        "middle": size // 2 // BLOCK * BLOCK,
        "near the end": size - 2 * BLOCK,
        "end": size - BLOCK,
        "unaligned": size // 3 + 123,
    }
    truncate = {"to nothing": 0, "to half": size // 2, "to the header": HEADER_BYTES, "to 4 KiB": BLOCK}
    copies = {}
    for name, offset in overwrite.items():
        copies[f"4 KiB overwritten at {name}"] = path = folder / f"overwritten-{offset}.duckdb"
        shutil.copy(source, path)
        with path.open("r+b") as handle:
            handle.seek(offset)
            handle.write(random.Random(offset).randbytes(BLOCK))
    for name, length in truncate.items():
        copies[f"truncated {name}"] = path = folder / f"truncated-{length}.duckdb"
        shutil.copy(source, path)
        with path.open("r+b") as handle:
            handle.truncate(length)
    return copies


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "adoption", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "ADOPTION_STORE_WAIT": "1"},
    )


def test_every_cli_command_on_a_damaged_store_is_one_sentence_never_a_traceback(sample_store, tmp_path):
    export = tmp_path / "oct.tsv"
    export.write_bytes(insights_tsv(month_rows("2026-10")))
    runs = []
    for label, original in damaged_copies(sample_store, tmp_path).items():
        for command, args in COMMANDS.items():
            path = original.with_name(f"{original.stem}-{command}.duckdb")
            shutil.copy(original, path)
            runs.append((label, command, path, [a.format(file=export) for a in args] + ["--store", str(path)]))
    with ThreadPoolExecutor(4) as pool:
        done = list(pool.map(lambda run: cli(*run[3]), runs))
    outcomes = {}
    for (label, command, path, _), result in zip(runs, done):
        where = f"{label}, {command}: {result.stderr[-500:]}"
        assert "Traceback" not in result.stderr and result.returncode in (0, 2), where
        sentences = [line for line in result.stderr.splitlines() if line.startswith("adoption:")]
        assert len(sentences) == (result.returncode == 2), where
        if sentences:
            assert result.stderr.splitlines()[-1] == sentences[0] and "is the disk full" not in sentences[0], where
        if command == "import" and "as upload" in result.stdout:  # said only once committed
            number = int(re.search(r"as upload (\d+)\.", result.stdout).group(1))
            try:
                with Store.open(path, read_only=True) as store:
                    assert number in store.uploads().get_column("upload_id").to_list(), where
            except StoreError:
                pass  # damaged where it was not read by the import; the upload was committed all the same
        outcomes[label, command] = (result.returncode, sentences[0][10:] if sentences else "")
    # Where DuckDB checks what it reads, the damage is named as such (not as a disk problem).
    for label in (
        "4 KiB overwritten at file header",
        "4 KiB overwritten at database header 1",
        "4 KiB overwritten at first block",
        "truncated to half",
        "truncated to the header",
    ):
        for command in COMMANDS:
            code, sentence = outcomes[label, command]
            assert code == 2 and DAMAGED.fullmatch(sentence), (label, command, sentence)
    assert outcomes["truncated to half", "metrics"][1].startswith(f"The store at {tmp_path}")
    assert "ends early" in outcomes["truncated to half", "metrics"][1]
    # An emptied file holds nothing: reading says so, an import starts a new store there.
    assert outcomes["truncated to nothing", "list"] == (
        2,
        f"There is no store at {tmp_path}/truncated-0-list.duckdb yet (the file there holds no data).",
    )
    assert outcomes["truncated to nothing", "import"] == (0, "")
    print(
        f"{len(runs)} runs on {len(runs) // len(COMMANDS)} damaged files: "
        f"{sum(code == 2 for code, _ in outcomes.values())} refused in one sentence, 0 tracebacks"
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fraction=st.floats(0, 1, exclude_max=True), truncate=st.booleans())
def test_the_store_api_raises_only_store_errors_on_damage_anywhere(sample_store, tmp_path, fraction, truncate):
    path = tmp_path / f"damaged-{random.random()}.duckdb"
    shutil.copy(sample_store, path)
    offset = int(fraction * sample_store.stat().st_size)
    with path.open("r+b") as handle:
        if truncate:
            handle.truncate(offset)
        else:
            handle.seek(offset)
            handle.write(random.Random(offset).randbytes(BLOCK))
    try:
        with Store.open(path) as store:
            store.version("sample"), store.uploads("sample"), store.portfolio("sample"), store.actions("sample")
            from adoption.store.derived import computed

            computed(store, "sample")
            store.import_file("oct.tsv", insights_tsv(month_rows("2026-10")))
    except StoreError as error:
        text = str(error)
        assert "\n" not in text and text.endswith(".") and "is the disk full" not in text, text
    finally:
        path.unlink(missing_ok=True)
        path.with_name(path.name + ".wal").unlink(missing_ok=True)


def test_the_app_on_a_damaged_store_shows_one_error_not_a_traceback(sample_store, tmp_path, monkeypatch):
    path = tmp_path / "store.duckdb"
    shutil.copy(sample_store, path)
    with path.open("r+b") as handle:
        handle.truncate(sample_store.stat().st_size // 2)
    monkeypatch.setenv("ADOPTION_STORE", str(path))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) == 1 and DAMAGED.fullmatch(at.error[0].value.replace("\\", "")), at.error[0].value


CREATE_UNDER_LIMIT = """
import resource, signal, sys
from adoption.store import Store, StoreError
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    Store.open(sys.argv[1]).close()
    print("created")
except StoreError as error:
    print(f"error: {error}")
"""


@pytest.mark.parametrize("limit", [0, 1000, BLOCK, 2 * BLOCK])
def test_a_store_that_failed_to_be_created_does_not_block_the_next_start(tmp_path, limit):
    path = tmp_path / "adoption.duckdb"
    done = subprocess.run(
        [sys.executable, "-c", CREATE_UNDER_LIMIT, str(path), str(limit)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (
        done.stdout == f"error: The store at {path} could not be written (is the disk full?); nothing was changed.\n"
    ), done
    path.parent.joinpath("adoption.duckdb").touch()  # as an earlier version left it: a 0-byte file
    with Store.open(path) as store:
        store.import_file("oct.tsv", insights_tsv(month_rows("2026-10")))
        assert (store.version(), store.uploads().get_column("upload_id").to_list()) == (1, [1])


def test_an_empty_file_is_no_store_yet_for_readers_and_is_taken_over_by_a_writer(tmp_path):
    path = tmp_path / "adoption.duckdb"
    path.touch()
    with pytest.raises(StoreError, match=r"^There is no store at .* yet \(the file there holds no data\)\.$"):
        Store.open(path, read_only=True)
    with Store.open(path) as store:
        assert (store.read_only, store.is_empty()) == (False, True)
    assert path.stat().st_size >= HEADER_BYTES

"""`python -m adoption store ...` and `--store` on metrics, through adoption.cli.run and a real store file;
plus filling the sample workspace."""

import json
from pathlib import Path

from adoption.cli import run
from adoption.store import Store, ensure_sample
from adoption.store.postgres import Target
from store_fixtures import insights_tsv, month_rows, portal_subscriptions


def test_store_import_list_remove_and_metrics(store_at, tmp_path, capsys):
    store, oct_file = str(store_at), tmp_path / "oct.tsv"
    oct_file.write_bytes(insights_tsv(month_rows("2026-10", customers=["Contoso Ltd"])))
    assert run(["store", "import", str(oct_file), str(oct_file), str(tmp_path / "missing.tsv"), "--store", store]) == 2
    out, err = capsys.readouterr()
    assert (
        out
        == "oct.tsv: stored 2 rows for 1 customer as upload 1.\noct.tsv is already stored (upload 1); nothing changed.\n"
    )
    assert err == f"adoption: {tmp_path / 'missing.tsv'} does not exist or is not a file.\n"
    assert run(["store", "list", "--store", store]) == 0
    header, row = capsys.readouterr().out.splitlines()
    assert (header, row.split(",")[:9]) == (
        "upload_id,file_name,sha256,kind,periods,customers,rows_accepted,rows_rejected,rows_skipped,uploaded_at",
        ["1", "oct.tsv", row.split(",")[2], "insights_o365", "2026-10", "1", "2", "0", "0"],
    )
    assert run(["metrics", "--store", store]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0,Contoso Ltd,2026-10,Exchange,50,,30,,60.0,usage_of_sold",
        "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0,Contoso Ltd,2026-10,Teams,50,,30,,60.0,usage_of_sold",
    ]
    assert run(["store", "remove", "1", "--store", store]) == 0
    assert capsys.readouterr().out == "removed upload 1 (oct.tsv) and every row it brought.\n"
    assert run(["store", "remove", "1", "--store", store]) == 2
    assert capsys.readouterr().err == "adoption: there is no upload 1 in workspace default.\n"


def test_store_commands_keep_to_their_workspace_and_need_a_customer(store_at, tmp_path, capsys):
    store, subs = str(store_at), tmp_path / "subs.csv"
    subs.write_bytes(portal_subscriptions([("A1", "Microsoft 365 E3", 5, "Active")]))
    assert run(["store", "import", str(subs), "--store", store, "--workspace", "team:north"]) == 2
    assert "names none: say which customer it belongs to" in capsys.readouterr().err
    assert (
        run(["store", "import", str(subs), "--customer", "Contoso", "--store", store, "--workspace", "team:north"]) == 0
    )
    assert capsys.readouterr().out == "subs.csv: stored 1 row for 1 customer as upload 1.\n"
    assert run(["store", "list", "--store", store]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == []
    assert run(["store", "remove", "1", "--store", store]) == 2


def test_a_foreign_store_file_is_a_plain_cli_error(tmp_path, capsys):
    path = tmp_path / "notes.duckdb"
    path.write_text("not a database\n")
    assert run(["store", "list", "--store", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"adoption: {path} is not an Adoption Insights store (not a DuckDB database); "
        "it was left untouched. Move it away or choose another store path.\n"
    )


def test_ensure_sample_fills_the_sample_workspace_once(store_at, tmp_path):
    (tmp_path / "usage.tsv").write_bytes(insights_tsv(month_rows("2026-10")))
    (tmp_path / "subs.csv").write_bytes(portal_subscriptions([("A1", "Microsoft 365 E3", 5, "Active")]))
    (tmp_path / "sample.json").write_text(
        json.dumps(
            {"as_of": "2026-10-31", "files": [{"path": "usage.tsv"}, {"path": "subs.csv", "customer": "Contoso Ltd"}]}
        )
    )
    with Store.open(store_at) as store:
        ensure_sample(store, tmp_path)
        ensure_sample(store, tmp_path)
        assert store.uploads("sample").get_column("file_name").to_list() == ["usage.tsv", "subs.csv"]
        assert (store.version("sample"), store.is_empty("default")) == (2, True)


def test_upload_numbers_count_within_the_workspace_and_reveal_nothing_of_others(store_at, tmp_path, capsys):
    store = str(store_at)
    files = {}
    for month in ("2026-08", "2026-09", "2026-10"):
        files[month] = tmp_path / f"{month}.tsv"
        files[month].write_bytes(insights_tsv(month_rows(month)))
    assert (
        run(
            [
                "store",
                "import",
                str(files["2026-08"]),
                str(files["2026-09"]),
                "--store",
                store,
                "--workspace",
                "user:ann@example.com",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert run(["store", "import", str(files["2026-10"]), "--store", store, "--workspace", "user:bob@example.com"]) == 0
    assert capsys.readouterr().out == "2026-10.tsv: stored 4 rows for 2 customers as upload 1.\n"  # not upload 3
    assert run(["store", "list", "--store", store, "--workspace", "user:bob@example.com"]) == 0
    assert [line.split(",")[:2] for line in capsys.readouterr().out.splitlines()[1:]] == [["1", "2026-10.tsv"]]
    assert run(["store", "remove", "2", "--store", store, "--workspace", "user:bob@example.com"]) == 2
    assert capsys.readouterr().err == "adoption: there is no upload 2 in workspace user:bob@example.com.\n"
    assert run(["store", "remove", "1", "--store", store, "--workspace", "user:ann@example.com"]) == 0
    capsys.readouterr()
    assert run(["store", "import", str(files["2026-10"]), "--store", store, "--workspace", "user:ann@example.com"]) == 0
    assert (
        capsys.readouterr().out == "2026-10.tsv: stored 4 rows for 2 customers as upload 3.\n"
    )  # 1 is not given again
    with Store.open(store, read_only=True) as opened:
        assert opened.uploads("user:ann@example.com").get_column("upload_id").to_list() == [2, 3]
        assert opened.uploads("user:bob@example.com").get_column("upload_id").to_list() == [1]


def test_the_sample_workspace_cannot_be_written_from_the_cli(store_at, tmp_path, capsys):
    store, export = str(store_at), tmp_path / "oct.tsv"
    export.write_bytes(insights_tsv(month_rows("2026-10")))
    refusal = (
        "adoption: workspace sample holds the bundled sample, which the app keeps; it cannot be changed from the "
        "command line (choose another --workspace).\n"
    )
    for command in (["store", "import", str(export)], ["store", "remove", "1"]):
        assert run([*command, "--store", store, "--workspace", "sample"]) == 2
        assert capsys.readouterr() == ("", refusal)
    assert (
        run(["store", "list", "--store", store, "--workspace", "sample"]) == 2
    )  # reading is allowed; there is no store
    shown = store if isinstance(store_at, Path) else Target(store).shown  # a URL is named without its password
    assert capsys.readouterr().err == f"adoption: There is no store at {shown}.\n"
    if isinstance(store_at, Path):
        assert not store_at.exists()  # not even created
    else:
        with Store.open(store_at) as opened:
            assert opened.workspaces() == []


def test_reading_an_empty_workspace_says_where_the_data_is(store_at, tmp_path, capsys):
    store, export = str(store_at), tmp_path / "oct.tsv"
    export.write_bytes(insights_tsv(month_rows("2026-10")))
    assert run(["store", "import", str(export), "--store", store, "--workspace", "team"]) == 0
    assert run(["store", "import", str(export), "--store", store, "--workspace", "user:ann@example.com"]) == 0
    capsys.readouterr()
    for command in ("metrics", "customers", "recommend"):
        assert run([command, "--store", store]) == 2
        assert capsys.readouterr() == (
            "",
            f"adoption: workspace default of the store at {store} is empty; the store "
            "has data only in other workspaces (team, user:ann@example.com): choose "
            "one with --workspace.\n",
        )
        assert run([command, "--store", store, "--workspace", "team"]) == 0
        assert command == "recommend" or "Contoso Ltd" in capsys.readouterr().out  # no problems at 60% usage
    capsys.readouterr()
    assert run(["metrics", "--store", str(tmp_path / "new.duckdb")]) == 2  # no store at all: says so, as before
    assert capsys.readouterr().err == f"adoption: There is no store at {tmp_path / 'new.duckdb'}.\n"
    Store.open(tmp_path / "new.duckdb").close()
    assert run(["metrics", "--store", str(tmp_path / "new.duckdb")]) == 0  # an empty store: the header, no complaint
    assert capsys.readouterr().out.count("\n") == 1

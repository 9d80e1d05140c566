"""The CLI contract: `python -m adoption metrics|recommend FILE...`, its exact CSV and JSON output,
formula-safe cells, and its errors (one plain sentence, no traceback; rejected rows as FILE:LINE)."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from adoption.cli import run
from export_fixtures import (
    CONTOSO,
    FABRIKAM,
    INSIGHTS_O365,
    SUBSCRIPTIONS_PORTAL,
    delimited,
    insights_o365_row,
    user,
    user_detail,
)

REPO = Path(__file__).resolve().parent.parent
METRICS_HEADER = (
    "customer_id,customer_name,period,workload,licenses_sold,licenses_assigned,active_users,"
    "deployment_pct,usage_pct,flags"
)
RECOMMEND_HEADER = "customer_id,customer_name,problem,priority,evidence,actions"
CANONICAL = ["customer_id", "customer_name", "period", "workload", "licenses_sold", "licenses_assigned", "active_users"]
SUPPORT = (
    "Offer training (in person or online) to raise overall skill; promote self-service support options: "
    "a support site with self-help beside the contact details."
)


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def cli(capsys, *argv):
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def cells(out: str) -> list[list[str]]:
    """CSV output as cells (an empty flags cell may be written as `""`, which is the same empty cell)."""
    return list(csv.reader(io.StringIO(out)))


def insights(tmp_path) -> str:
    return write(
        tmp_path,
        "insights.tsv",
        delimited(
            INSIGHTS_O365,
            [
                insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-09-01", 120, 90),
                insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-10-01", 120, 96),
                insights_o365_row(CONTOSO, "Contoso Göteborg AB", "OneDrive", "2026-10-01", 120, 30),
                insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Yammer", "2026-10-01", 120, 150),
            ],
            sep="\t",
        ),
    )


def canonical(tmp_path, rows, name="mine.csv") -> str:
    return write(tmp_path, name, delimited(CANONICAL, rows))


# ---- metrics


def test_metrics_csv(tmp_path, capsys):
    code, out, err = cli(capsys, "metrics", insights(tmp_path))
    assert (code, err) == (0, "")
    assert out == (
        f"{METRICS_HEADER}\n"
        f"{CONTOSO},Contoso Göteborg AB,2026-10,Exchange,120,,96,,80.0,usage_of_sold\n"
        f"{CONTOSO},Contoso Göteborg AB,2026-10,SharePoint,120,,30,,25.0,usage_of_sold\n"
        f"{CONTOSO},Contoso Göteborg AB,2026-10,Yammer,120,,150,,125.0,usage_of_sold;usage_over_100;yammer\n"
    )


def test_metrics_all_periods(tmp_path, capsys):
    code, out, _ = cli(capsys, "metrics", insights(tmp_path), "--all-periods")
    assert code == 0
    assert [line.split(",")[2:4] for line in out.splitlines()[1:]] == [
        ["2026-09", "Exchange"],
        ["2026-10", "Exchange"],
        ["2026-10", "SharePoint"],
        ["2026-10", "Yammer"],
    ]


def test_metrics_json(tmp_path, capsys):
    path = canonical(tmp_path, [[FABRIKAM, "Fabrikam Oy", "2026-10", "Teams", 40, 35, 31]])
    code, out, err = cli(capsys, "metrics", insights(tmp_path), path, "--format", "json")
    assert (code, err) == (0, "")
    records = json.loads(out)
    assert records[0] == {
        "customer_id": CONTOSO,
        "customer_name": "Contoso Göteborg AB",
        "period": "2026-10",
        "workload": "Exchange",
        "licenses_sold": 120,
        "licenses_assigned": None,
        "active_users": 96,
        "deployment_pct": None,
        "usage_pct": 80.0,
        "flags": ["usage_of_sold"],
    }
    assert records[2]["flags"] == ["usage_of_sold", "usage_over_100", "yammer"]
    assert records[3] == {
        "customer_id": FABRIKAM,
        "customer_name": "Fabrikam Oy",
        "period": "2026-10",
        "workload": "Teams",
        "licenses_sold": 40,
        "licenses_assigned": 35,
        "active_users": 31,
        "deployment_pct": 87.5,
        "usage_pct": 88.6,
        "flags": [],
    }
    assert len(records) == 4
    assert "Göteborg" in out


def test_metrics_customer_for_a_file_that_names_none(tmp_path, capsys):
    path = write(
        tmp_path,
        "O365ActiveUserDetail.csv",
        user_detail(
            [
                user("anna@contoso.se", licensed=("Exchange", "Teams"), active={"Exchange": "2026-10-31"}),
                user("bo@contoso.se", licensed=("Exchange",), active={"Exchange": "2026-10-04"}),
                user("left@contoso.se", deleted=True, licensed=("Exchange",), active={"Exchange": "2026-10-20"}),
            ]
        ),
    )
    code, out, err = cli(capsys, "metrics", path, "--customer", "Contoso Göteborg AB")
    assert (code, err) == (0, "")
    assert cells(out) == [
        METRICS_HEADER.split(","),
        [
            "Contoso Göteborg AB",
            "Contoso Göteborg AB",
            "2026-10",
            "Exchange",
            "",
            "2",
            "3",
            "",
            "150.0",
            "usage_over_100;turnover",
        ],
        ["Contoso Göteborg AB", "Contoso Göteborg AB", "2026-10", "SharePoint", "", "0", "0", "", "", ""],
        ["Contoso Göteborg AB", "Contoso Göteborg AB", "2026-10", "Skype for Business", "", "0", "0", "", "", ""],
        ["Contoso Göteborg AB", "Contoso Göteborg AB", "2026-10", "Teams", "", "1", "0", "", "0.0", ""],
        ["Contoso Göteborg AB", "Contoso Göteborg AB", "2026-10", "Yammer", "", "0", "0", "", "", ""],
    ]


def test_metrics_customer_joins_a_named_file_by_name(tmp_path, capsys):
    users = write(
        tmp_path,
        "users.csv",
        user_detail([user("anna@contoso.se", licensed=("Teams",), active={"Teams": "2026-10-31"})]),
    )
    code, out, _ = cli(capsys, "metrics", insights(tmp_path), users, "--customer", "contoso  göteborg ab")
    assert code == 0
    assert [CONTOSO, "Contoso Göteborg AB", "2026-10", "Teams", "", "1", "1", "", "100.0", ""] in cells(out)


def test_metrics_without_customer_for_user_detail_is_an_error(tmp_path, capsys):
    path = write(tmp_path, "users.csv", user_detail([user("anna@contoso.se", licensed=("Teams",))]))
    code, out, err = cli(capsys, "metrics", path)
    assert (code, out) == (2, "")
    assert err == (
        f"adoption: {path} is a Microsoft 365 Office 365 active user detail for one customer but names "
        "none: say which customer it belongs to.\n"
    )


# ---- recommend


def recommend_files(tmp_path):
    licenses = canonical(
        tmp_path,
        [
            [CONTOSO, "Contoso Göteborg AB", "2026-10", "Exchange", 100, 100, 90],
            ["", "Fabrikam Oy", "2026-10", "Teams", 40, 20, 20],
        ],
    )
    tickets = write(
        tmp_path,
        "zendesk.csv",
        delimited(
            ["id", "organization", "type", "created_at", "status"],
            [
                [1, "Contoso Göteborg AB", "question", "2026-10-31T08:00:00Z", "open"],
                [2, "Contoso Göteborg AB", "question", "2026-10-20T08:00:00Z", "solved"],
                [3, "contoso göteborg AB", "question", "2026-10-10T08:00:00Z", "solved"],
                [4, "Contoso Göteborg AB", "How-to", "2026-10-05T08:00:00Z", "solved"],
                [5, "Contoso Göteborg AB", "question", "2026-10-02T08:00:00Z", "solved"],
                [6, "Contoso Göteborg AB", "incident", "2026-10-31T08:00:00Z", "open"],
            ],
        ),
    )
    return licenses, tickets


def test_recommend_csv(tmp_path, capsys):
    code, out, err = cli(capsys, "recommend", *recommend_files(tmp_path))
    assert (code, err) == (0, "")
    assert out == (
        f"{RECOMMEND_HEADER}\n"
        f"{CONTOSO},Contoso Göteborg AB,high_support_load,100,"
        f"5 help/how-to tickets in the 30 days to 2026-10-31 = 5.0 per 100 licensed users (100),{SUPPORT}\n"
        f"{CONTOSO},Contoso Göteborg AB,upsell,100,"
        f'"lowest Deployment 100.0%, lowest Usage 90.0% across 1 workloads/products; 100 licensed users",'
        "Offer more or higher licenses and courses; training still raises productivity and cuts support needs.\n"
        "Fabrikam Oy,Fabrikam Oy,low_adoption,20,Teams deployment 50.0% (20 of 40 assigned),"
        '"Share case studies and customer stories about specific scenarios for Teams; '
        'send tutorials, blogs and videos that show Teams in daily work."\n'
    )


def test_recommend_as_of(tmp_path, capsys):
    code, out, _ = cli(capsys, "recommend", *recommend_files(tmp_path), "--as-of", "2026-10-30")
    assert code == 0
    # 2026-10-02 .. 2026-10-30 holds 4 help tickets: 4.0 per 100, under 5
    assert [line.split(",")[2] for line in out.splitlines()[1:]] == ["upsell", "low_adoption"]


def test_recommend_as_of_must_be_a_date(tmp_path, capsys):
    code = None
    with pytest.raises(SystemExit) as exit_:
        run(["recommend", *recommend_files(tmp_path), "--as-of", "31.10.2026"])
    _, err = capsys.readouterr()
    assert exit_.value.code == 2
    assert err.splitlines()[-1] == (
        "python -m adoption recommend: error: argument --as-of: '31.10.2026' is not a date like 2026-10-31"
    )
    assert code is None


def test_recommend_json(tmp_path, capsys):
    code, out, _ = cli(capsys, "recommend", *recommend_files(tmp_path), "--format", "json")
    assert code == 0
    records = json.loads(out)
    assert [list(r) for r in records] == [
        ["customer_id", "customer_name", "problem", "priority", "evidence", "actions"]
    ] * 3
    assert records[2] == {
        "customer_id": "Fabrikam Oy",
        "customer_name": "Fabrikam Oy",
        "problem": "low_adoption",
        "priority": 20,
        "evidence": "Teams deployment 50.0% (20 of 40 assigned)",
        "actions": "Share case studies and customer stories about specific scenarios for Teams; "
        "send tutorials, blogs and videos that show Teams in daily work.",
    }


def test_recommend_customer_with_no_problem_is_absent(tmp_path, capsys):
    path = canonical(tmp_path, [[CONTOSO, "Contoso Göteborg AB", "2026-10", "Exchange", 100, 80, 60]])
    assert cli(capsys, "recommend", path) == (0, RECOMMEND_HEADER + "\n", "")


# ---- formula-safe CSV

FORMULA = "=cmd|' /C calc'!A0"


def test_metrics_csv_formula_safe_customer_name(tmp_path, capsys):
    path = canonical(
        tmp_path,
        [
            ["", FORMULA, "2026-10", "Exchange", 10, 10, 9],
            ["", "@SUM(A1)", "2026-10", "Exchange", 10, 10, 9],
            ["", "+46 Konsult AB", "2026-10", "-Project Online", 10, 10, 9],
        ],
    )
    code, out, _ = cli(capsys, "metrics", path)
    assert code == 0
    assert [line.removesuffix('""') for line in out.splitlines()] == [
        METRICS_HEADER,
        "'+46 Konsult AB,'+46 Konsult AB,2026-10,'-Project Online,10,10,9,100.0,90.0,",
        f"'{FORMULA},'{FORMULA},2026-10,Exchange,10,10,9,100.0,90.0,",
        "'@SUM(A1),'@SUM(A1),2026-10,Exchange,10,10,9,100.0,90.0,",
    ]


def test_recommend_csv_formula_safe_evidence(tmp_path, capsys):
    path = canonical(tmp_path, [["", FORMULA, "2026-10", '=HYPERLINK("http://x")', 10, 10, 0]])
    code, out, _ = cli(capsys, "recommend", path)
    assert code == 0
    assert out.splitlines()[1].startswith(
        f'\'{FORMULA},\'{FORMULA},low_adoption,10,"\'=HYPERLINK(""http://x"") usage 0.0% (0 active of 10)",'
    )


def test_json_keeps_the_name_as_it_is(tmp_path, capsys):
    path = canonical(tmp_path, [["", FORMULA, "2026-10", "Exchange", 10, 10, 9]])
    _, out, _ = cli(capsys, "metrics", path, "--format", "json")
    assert json.loads(out)[0]["customer_name"] == FORMULA


# ---- errors


def assert_one_sentence(err: str, path: str):
    assert err.count("\n") == 1 and err.endswith(".\n"), err
    assert err.startswith(f"adoption: {path} ")
    assert "Traceback" not in err


def test_missing_file(tmp_path, capsys):
    path = str(tmp_path / "missing.csv")
    code, out, err = cli(capsys, "metrics", path)
    assert (code, out) == (2, "")
    assert err == f"adoption: {path} does not exist or is not a file.\n"


def test_unrecognised_file(tmp_path, capsys):
    path = write(tmp_path, "invoice.csv", b"Invoice number;Amount;Currency\r\n1001;200,50;SEK\r\n")
    code, out, err = cli(capsys, "metrics", insights(tmp_path), path)
    assert (code, out) == (2, "")
    assert_one_sentence(err, path)
    assert err.startswith(
        f"adoption: {path} was not recognised from its header row "
        "(line 1 has: Invoice number, Amount, Currency); expected one of: "
    )


def test_empty_file(tmp_path, capsys):
    path = write(tmp_path, "empty.csv", b"")
    code, out, err = cli(capsys, "recommend", path)
    assert (code, out) == (2, "")
    assert err == f"adoption: {path} is empty: expected a CSV, TSV, XLSX or JSON export with a header row.\n"


@pytest.mark.parametrize(
    "name, data",
    [
        ("broken.xlsx", b"PK\x03\x04" + b"\x00garbage" * 50),
        ("broken.json", b'{"Value": [{"customerName": "Contoso", '),
        ("binary.csv", bytes(range(256)) * 4),
        ("picture.png", b"\x89PNG\r\n\x1a\n" + b"\x00\x01" * 300),
    ],
)
def test_unreadable_files(tmp_path, capsys, name, data):
    path = write(tmp_path, name, data)
    code, out, err = cli(capsys, "metrics", path)
    assert (code, out) == (2, "")
    assert_one_sentence(err, path)


def test_no_files(capsys):
    assert cli(capsys, "metrics") == (2, "", "adoption: name at least one export file (or --store PATH).\n")


def test_rejected_rows_are_reported_and_the_rest_kept(tmp_path, capsys):
    rows = [
        insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-10-01", 120, 96),
        insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-10-01", 120, 96, duplicate="1"),
        insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Teams", "2026-10-01", "12O", 30),
        insights_o365_row("", "", "Teams", "2026-10-01", 10, 3),
    ]
    path = write(tmp_path, "insights.tsv", delimited(INSIGHTS_O365, rows, sep="\t", eol="\r\n"))
    code, out, err = cli(capsys, "metrics", path)
    assert code == 0
    assert out == f"{METRICS_HEADER}\n{CONTOSO},Contoso Göteborg AB,2026-10,Exchange,120,,96,,80.0,usage_of_sold\n"
    assert err.splitlines() == [
        f"{path}:3: skipped as marked duplicate (IsDuplicateRowForPGA)",
        f'{path}:4: PaidAvailableUnits "12O" is not a number',
        f"{path}:5: CustomerTenantId is empty",
    ]


def test_rejected_rows_of_several_files(tmp_path, capsys):
    subs = write(
        tmp_path,
        "subs.csv",
        delimited(
            SUBSCRIPTIONS_PORTAL,
            [
                ["s1", "Microsoft 365 Business Standard", "25", "Active", ""],
                ["s2", "Microsoft 365 Business Standard", "many", "Active", ""],
            ],
        ),
    )
    tickets = write(
        tmp_path,
        "tickets.csv",
        delimited(["organization", "type", "created_at"], [["Contoso Göteborg AB", "question", "2026-13-45"]]),
    )
    code, _, err = cli(capsys, "recommend", subs, tickets, "--customer", "Contoso Göteborg AB")
    assert code == 0
    assert err.splitlines() == [
        f'{subs}:3: Quantity "many" is not a number',
        f'{tickets}:2: created_at "2026-13-45" is not a date',
    ]


# ---- the real command


def test_python_dash_m_adoption(tmp_path):
    path = insights(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "adoption", "metrics", path, "--format", "csv"],
        cwd=REPO,
        capture_output=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout.decode("utf-8").splitlines()[:2] == [
        METRICS_HEADER,
        f"{CONTOSO},Contoso Göteborg AB,2026-10,Exchange,120,,96,,80.0,usage_of_sold",
    ]


def test_python_dash_m_adoption_error(tmp_path):
    path = write(tmp_path, "notes.txt", "Möte med kunden på fredag\nInga siffror här\n".encode("cp1252"))
    done = subprocess.run(
        [sys.executable, "-m", "adoption", "recommend", path], cwd=REPO, capture_output=True, timeout=120
    )
    err = done.stderr.decode("utf-8")
    assert (done.returncode, done.stdout) == (2, b"")
    assert_one_sentence(err, path)


def test_metrics_output_is_itself_a_template_file(tmp_path, capsys):
    path = canonical(tmp_path, [["", "Fabrikam  Oy", "2026-10", "ODB", 40, 35, 31]])
    code, first, _ = cli(capsys, "metrics", insights(tmp_path), path)
    assert code == 0
    again = write(tmp_path, "metrics.csv", first.encode("utf-8"))
    assert cli(capsys, "metrics", again) == (0, first, "")
    assert first.splitlines()[-1].removesuffix('""') == "Fabrikam Oy,Fabrikam Oy,2026-10,SharePoint,40,35,31,87.5,88.6,"


def test_rejected_rows_of_a_workbook_sheet(tmp_path, capsys):
    from test_readers import workbook

    path = write(
        tmp_path,
        "adoption.xlsx",
        workbook(
            {
                "Oktober": [
                    CANONICAL,
                    ["", "Fabrikam Oy", "2026-10", "Teams", 40, 35, 31],
                    ["", "Fabrikam Oy", "2026-10", "Exchange", -4, 3, 1],
                ]
            }
        ),
    )
    code, out, err = cli(capsys, "metrics", path)
    assert code == 0
    assert len(out.splitlines()) == 2
    assert err == f'{path}[Oktober]:3: licenses_sold "-4" is negative\n'


# ---- stderr shows file names and cells as text (issue 11, point 2)


def test_a_newline_in_a_file_name_cannot_forge_a_rejected_line(tmp_path, capsys):
    rows = [["", "Fabrikam Oy", "2026-10", "Teams", 40, 35, 31], ["", "Fabrikam Oy", "2026-10", "Exchange", -4, 3, 1]]
    path = canonical(tmp_path, rows, name="x.csv:2: all is well\nforged.csv")
    code, out, err = cli(capsys, "metrics", path)
    assert code == 0
    escaped = path.replace("\n", "\\n")
    assert err == f'{escaped}:3: licenses_sold "-4" is negative\n'


def test_esc_and_bidi_overrides_in_file_names_and_cells_are_escaped_on_stderr(tmp_path, capsys):
    rows = [["", "Fabrikam Oy", "2026-10", "Teams", "\x1b[2J\x1b[31m", 35, 31]]
    path = canonical(tmp_path, rows, name="\x1b]0;owned\x07\u202eusc.exe")
    code, out, err = cli(capsys, "metrics", path)
    escaped = path.replace("\x1b", "\\x1b").replace("\x07", "\\x07").replace("\u202e", "\\u202e")
    assert err == f'{escaped}:2: licenses_sold "\\x1b[2J\\x1b[31m" is not a number\n'
    assert not set("\x1b\x07\u202e") & set(err)


def test_an_error_naming_a_file_is_escaped_on_stderr(tmp_path, capsys):
    path = write(tmp_path, "empty\x1b[2J\n.csv", b"")
    code, out, err = cli(capsys, "metrics", path)
    assert code == 2 and err.count("\n") == 1 and "\x1b" not in err
    assert err.startswith("adoption: ") and "empty\\x1b[2J\\n.csv" in err


def test_store_import_escapes_file_names_on_stderr_and_stdout(tmp_path, capsys):
    bad = write(tmp_path, "bad\x1b[31m\n.csv", b"")
    good = canonical(tmp_path, [["", "Fabrikam Oy", "2026-10", "Teams", 40, 35, 31]], name="ok\u202e\n.csv")
    code = run(["store", "import", bad, good, "--store", str(tmp_path / "s.duckdb")])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.count("\n") == 1 and "bad\\x1b[31m\\n.csv" in err and "\x1b" not in err
    assert (
        out.count("\n") == 1 and out.startswith("ok\\u202e\\n.csv: stored 1 row for 1 customer") and "\u202e" not in out
    )

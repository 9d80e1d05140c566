"""The Upload page's messages through AppTest, built from structured fields (adoption.model.FileProblem) and
not from a message string: a bad file's reason in the page, where it is, the exports expected by their own
header names, sizes in bytes under 1 KB, and rows the export marks as duplicates skipped, not rejected."""

from __future__ import annotations

import pytest

import app_fixtures as fx
from adoption.store import Store
from export_fixtures import CONTOSO, INSIGHTS_O365, delimited, insights_o365_row
from test_app_pages import app, run, upload, values
from ui.widgets import md_text

EXPECTED = [
    (
        "Microsoft 365 Office 365 active user detail",
        "Report Refresh Date, User Principal Name, Is Deleted, Has Exchange License",
    ),
    (
        "Partner Center Insights Office 365 license usage",
        "WorkloadName, Month, PaidAvailableUnits, MonthlyActiveUsers, CustomerTenantId",
    ),
    (
        "Partner Center Insights Dynamics 365 / Power BI license usage",
        "SKU, Month, AvailableSeats, AssignedSeats, ActiveSeats, CustomerTenantId",
    ),
    (
        "Partner Center analytics license usage",
        "processedDateTime, workloadCode, licensesQualified, licensesActive, customerTenantId",
    ),
    (
        "Partner Center analytics license deployment",
        "processedDateTime, productName, licensesSold, licensesDeployed, customerTenantId",
    ),
    ("Adoption Insights CSV template", "period, workload, customer_id, licenses_sold"),
    ("subscription list", "offerId, status, quantity"),
    ("helpdesk ticket export", "organization, type, created_at"),
]


def markdown(at) -> list[str]:
    return [m.value for m in at.main.markdown]


def nothing_stored(store_path) -> bool:
    with Store.open(store_path) as store:
        return store.uploads().height == 0


def test_an_unrecognised_file_says_where_and_lists_the_exports_by_their_own_header_names(store_path):
    at = upload(app("upload"), ("notes.csv", b"Name,Email,Phone\nAnna,anna@contoso.se,+46 31 123 45\n"))
    assert r"**notes\.csv** · 52 bytes" in markdown(at)
    assert values(at.error) == [md_text("notes.csv was not recognised from its header row.")]
    assert values(at.main.caption)[-1] == md_text("Line 1 has: Name, Email, Phone")
    assert at.expander[0].label == "Which exports the app recognises, and the columns it looks for"
    assert at.dataframe[0].value.values.tolist() == [list(row) for row in EXPECTED]
    assert nothing_stored(store_path)


@pytest.mark.parametrize(
    "name, data, error, where",
    [
        (
            "garbage.csv",
            b"\x00\x01\x02 not an export at all \xff\xfe",
            "garbage.csv is not text: line 1 holds binary data where a header row should be.",
            "Line 1",
        ),
        (
            "slides.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
            "slides.pdf is a .pdf file, not an export: expected CSV, TSV, TXT, XLSX or JSON.",
            None,
        ),
        (
            "usage.json",
            b'{"Value": [{"customerTenantId": "x",}',
            "usage.json is not valid JSON (Expecting property name enclosed in double quotes): "
            'expected a Partner Center analytics document like {"Value": [...]}.',
            "Line 1, column 37",
        ),
    ],
)
def test_a_garbage_file_shows_its_reason_in_the_page(store_path, name, data, error, where):
    at = upload(app("upload"), (name, data))
    assert values(at.error) == [md_text(error)]
    assert [c for c in values(at.main.caption) if c.startswith("Line")] == ([md_text(where)] if where else [])
    assert not at.expander and nothing_stored(store_path)  # no list of exports, no mapping form for these


def test_a_file_missing_one_column_names_it_and_the_export_it_looks_like(store_path):
    at = upload(app("upload"), ("insights.tsv", b"CustomerName\tMonth\tPaidAvailableUnits\tMonthlyActiveUsers\n"))
    assert values(at.error) == [
        md_text(
            "insights.tsv looks like a Partner Center Insights Office 365 license usage but has no WorkloadName column."
        )
    ]
    assert at.dataframe[0].value.values.tolist() == [list(EXPECTED[1])]


def test_rows_the_export_marks_as_duplicates_are_skipped_and_listed_not_rejected(store_path):
    rows = [
        insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-10-01", 120, 96),
        insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-10-01", 120, 96, duplicate="1"),
        insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Teams", "2026-10-01", 120, 101, duplicate="True"),
    ]
    at = upload(app("upload"), ("insights.tsv", delimited(INSIGHTS_O365, rows, sep="\t")))
    assert values(at.success) == [
        md_text("insights.tsv: stored 1 row (2 skipped as marked duplicate) for 1 customer as upload 1.")
    ]
    assert at.expander[-1].label == "2 rows skipped as marked duplicate, with the reason for each"
    listed = at.dataframe[0].value
    assert listed["line"].tolist() == [3, 4] and set(listed["column"]) == {"IsDuplicateRowForPGA"}
    with Store.open(store_path) as store:
        assert store.uploads().select("rows_accepted", "rows_rejected", "rows_skipped").row(0) == (1, 0, 2)


def test_a_file_over_1_kb_shows_kilobytes(store_path):
    data = fx.portfolio_tsv()
    at = upload(app("upload"), ("insights.tsv", data))
    assert f"**insights\\.tsv** · {len(data) / 1e3:,.1f} KB" in markdown(at)


def test_the_portfolio_after_an_upload_is_the_one_the_stored_rows_give(store_path, tmp_path, monkeypatch):
    """Right after an upload that is the workspace's only one, its frames are computed from the rows just parsed
    (ui.state keeps them for it) instead of reading the rows back; the same file stored by `store import` and
    opened as a server would after a restart (its rows read back) gives the same Portfolio."""
    data = fx.portfolio_tsv()
    at = upload(app("upload"), ("insights.tsv", data))
    assert values(at.sidebar.caption)[0].startswith("1 file · ")
    at.switch_page("app.py")
    uploaded = run(at)

    elsewhere = tmp_path / "elsewhere.duckdb"
    with Store.open(elsewhere) as store:
        store.import_file("insights.tsv", data)
    monkeypatch.setenv("ADOPTION_STORE", str(elsewhere))
    stored = app("portfolio")

    assert values(uploaded.sidebar.caption)[0] == values(stored.sidebar.caption)[0]
    assert [(m.label, m.value) for m in uploaded.metric] == [(m.label, m.value) for m in stored.metric]
    assert uploaded.dataframe[0].value.equals(stored.dataframe[0].value)
    assert uploaded.dataframe[0].value.shape[0] == 4

"""The import's words in Swedish (adoption.reasons): every reason the readers write for a rejected row, made from
real-looking bad files, is translated for display with its data (column, cell, line) unchanged; the stored and
command-line English stays as it was. A reason no template matches would show in English: this test fails first."""

from __future__ import annotations

import polars as pl
import pytest

from adoption import reasons
from adoption.ingest.readers import read_file
from adoption.model import MARKED_DUPLICATE, FileProblem
from adoption.upload_view import expected_table, headline
from export_fixtures import (
    CONTOSO,
    INSIGHTS_O365,
    delimited,
    insights_o365_row,
    user,
    user_detail,
)

CANONICAL = ["customer_id", "customer_name", "period", "workload", "licenses_sold", "licenses_assigned", "active_users"]
NBSP = "\u00a0"


def rejects(name: str, data: bytes, **kw) -> list[tuple[int, str]]:
    return [row for parsed in read_file(name, data, **kw) for row in parsed.rejected.select("line", "reason").rows()]


def swedish(english: list[str]) -> list[str]:
    return pl.DataFrame({"reason": english}).select(reasons.translated("reason", "sv"))["reason"].to_list()


@pytest.fixture(scope="module")
def every_reason() -> list[tuple[int, str]]:
    """Rejected rows of each kind the readers know, as they are stored (English)."""
    canonical = delimited(
        CANONICAL,
        [
            ["", "", "2026-10", "Exchange", 10, 10, 5],  # no customer
            [CONTOSO, "Contoso AB", "2026-10", "Exchange", "tio", 10, 5],
            [CONTOSO, "Contoso AB", "2026-10", "Teams", -5, 10, 5],
            [CONTOSO, "Contoso AB", "2026-10", "Yammer", "1e30", 10, 5],
            [CONTOSO, "Contoso AB", "2026-10", "SharePoint", "10,5", 10, 5],
            [CONTOSO, "Contoso AB", "31 oktober", "Exchange", 10, 10, 5],
            [CONTOSO, "Contoso AB", "2099-01", "Exchange", 10, 10, 5],
            [CONTOSO, "Contoso AB", "1999-12", "Exchange", 10, 10, 5],
            [CONTOSO, "Contoso AB", "2026-10", "Exchange", None, None, None],
        ],
        sep=";",
    )
    ragged = b"customer_id,customer_name,period,workload,licenses_sold,licenses_assigned,active_users\n"
    ragged += b",Fabrikam Oy,2026-10,Teams,40,,31\n,Fabrikam Oy,2026-10,Exchange,40,,31,extra\n"
    ragged += b',"Fabrikam 100 AB,2026-10,SharePoint,40,,31\n,Fabrikam Oy,2026-10,Yammer,40,,31\n'
    users = user_detail(
        [
            user("anna@contoso.se", licensed=("Exchange",), active={"Exchange": "2026-10-30"}),
            [*user("bo@contoso.se", licensed=("Exchange",))[:3], "kanske", *user("bo@contoso.se")[4:]],
        ]
    )
    insights = delimited(
        INSIGHTS_O365,
        [
            insights_o365_row(CONTOSO, "Contoso AB", "Exchange", "2026-10-01", 100, 80),
            insights_o365_row(CONTOSO, "Contoso AB", "Exchange", "2026-10-01", 100, 80, duplicate="1"),
        ],
        sep="\t",
    )
    tickets = delimited(
        ["id", "organization", "type", "created_at", "status"],
        [
            [7, "Contoso AB", "question", "2026-10-01T09:00:00Z", "open"],
            [7, "Contoso AB", "question", "2026-10-02", "open"],
        ],
    )
    no_ids = delimited(
        ["organization", "type", "created_at", "subject"],
        [["Contoso AB", "question", "2026-10-01", "Teams?"], ["Contoso AB", "question", "2026-10-01", "Teams?"]],
    )
    return [
        *rejects("licenses.csv", canonical),
        *rejects("ragged.csv", ragged),
        *rejects("O365ActiveUserDetail.csv", users, customer="Contoso AB"),
        *rejects("insights.tsv", insights),
        *rejects("zendesk.csv", tickets),
        *rejects("tickets.csv", no_ids),
    ]


def test_every_reason_the_readers_write_is_translated(every_reason):
    english = [reason for _line, reason in every_reason]
    assert english == [
        "customer_name is empty",
        'licenses_sold "tio" is not a number',
        'licenses_sold "-5" is negative',
        'licenses_sold "1e30" is implausibly large',
        'licenses_sold "10,5" is not a whole number',
        'period "31 oktober" is not a date',
        'period "2099-01" is more than a year in the future',
        'period "1999-12" is before 2000',
        "no figures on this row",
        "the row has 8 cells but the header has 7",
        'customer_name starts a quote that never closes: "Fabrikam 100 AB',
        'Is Deleted "kanske" is not True or False',
        MARKED_DUPLICATE,
        'id "7" appears again on line 3, which is kept',
        "the same customer, created time and subject appear again on line 3, which is kept",
    ]
    assert swedish(english) == [
        "customer_name är tom",
        'licenses_sold "tio" är inte ett tal',
        'licenses_sold "-5" är negativt',
        'licenses_sold "1e30" är orimligt stort',
        'licenses_sold "10,5" är inte ett heltal',
        'period "31 oktober" är inte ett datum',
        'period "2099-01" ligger mer än ett år framåt i tiden',
        'period "1999-12" är före år 2000',
        "inga siffror på raden",
        "raden har 8 celler men rubrikraden har 7",
        'customer_name börjar med ett citattecken som aldrig avslutas: "Fabrikam 100 AB',
        'Is Deleted "kanske" är varken True eller False',
        "hoppades över, markerad som dubblett (IsDuplicateRowForPGA)",
        'id "7" finns igen på rad 3, som behålls',
        "samma kund, tidpunkt och ämne finns igen på rad 3, som behålls",
    ]
    unchanged = pl.DataFrame({"reason": english}).select(reasons.translated("reason", "en"))["reason"].to_list()
    assert unchanged == english  # English as stored


def test_a_hostile_column_or_cell_stays_as_it_is():
    english = ['=HYPERLINK("x") "is empty" is not a number', 'Antal "a" is negative" is negative']
    assert swedish(english) == ['=HYPERLINK("x") "is empty" är inte ett tal', 'Antal "a" is negative" är negativt']
    assert swedish(["something the readers never write"]) == ["something the readers never write"]


def test_a_file_not_recognised_in_swedish():
    with pytest.raises(FileProblem) as raised:
        read_file("contacts.csv", b"Name,Email,Phone\nAnna,anna@contoso.se,070\n")
    assert headline(raised.value) == "contacts.csv was not recognised from its header row."
    assert headline(raised.value, "sv") == "contacts.csv känns inte igen på rubrikraden."
    exports = expected_table(raised.value, "sv")["export"].to_list()
    assert "Partner Center Insights: licensanvändning för Office 365" in exports
    assert "CSV-mall för Adoption Insights" in exports


def test_a_file_that_looks_like_an_export_but_lacks_a_column():
    header = [h for h in INSIGHTS_O365 if h != "PaidAvailableUnits"]
    with pytest.raises(FileProblem) as raised:
        read_file("insights.tsv", delimited(header, [], sep="\t"))
    assert headline(raised.value) == (
        "insights.tsv looks like a Partner Center Insights Office 365 license usage but has no PaidAvailableUnits column."
    )
    assert headline(raised.value, "sv") == (
        "insights.tsv liknar Partner Center Insights: licensanvändning för Office 365 men saknar kolumnen "
        "PaidAvailableUnits."
    )


def test_the_upload_page_in_swedish_says_what_was_stored_and_why_rows_were_rejected(store_path):
    from test_app_pages import app, upload, values
    from ui.widgets import md_text

    rows = [
        insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-10-01", 1200, 960),
        insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-10-01", 1200, 960, duplicate="1"),
        insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Teams", "2026-10-01", "tolv", 101),
    ]
    at = upload(app("upload", query={"lang": "sv"}), ("insights.tsv", delimited(INSIGHTS_O365, rows, sep="\t")))
    assert values(at.success) == [
        md_text(
            "insights.tsv: sparade 1 rad (1 hoppades över som markerad dubblett, 1 avvisad) för 1 kund "
            "som uppladdning 1."
        )
    ]
    listed = at.dataframe[0].value
    assert list(listed.columns) == ["line", "column", "reason"]
    assert listed.values.tolist() == [
        [3, "IsDuplicateRowForPGA", "hoppades över, markerad som dubblett (IsDuplicateRowForPGA)"],
        [4, "PaidAvailableUnits", 'PaidAvailableUnits "tolv" är inte ett tal'],
    ]
    again = upload(app("upload", query={"lang": "sv"}), ("copy.tsv", delimited(INSIGHTS_O365, rows, sep="\t")))
    assert values(again.info)[0] == md_text("insights.tsv finns redan (uppladdning 1); inget ändrades.")
    english = upload(app("upload"), ("copy.tsv", delimited(INSIGHTS_O365, rows, sep="\t")))
    assert values(english.info)[0] == md_text("insights.tsv is already stored (upload 1); nothing changed.")


@pytest.mark.parametrize(
    "name, data, swedish_sentence",
    [
        ("empty.csv", b"", "empty.csv är tom: en CSV-, TSV-, XLSX- eller JSON-export med en rubrikrad väntades."),
        (
            "records.json",
            b'{"Value": 5}',
            'records.json är JSON men ingen lista med poster: {"Value": [{...}, ...]} väntades.',
        ),
        (
            "wide.csv",
            (",".join(f"c{i}" for i in range(5000)) + "\n").encode(),
            "wide.csv har en rubrikrad med 5,000 kolumner: en export med högst några dussin väntades.",
        ),
    ],
)
def test_a_refused_file_in_swedish(name, data, swedish_sentence):
    from adoption.model import AdoptionError

    with pytest.raises(AdoptionError) as raised:
        read_file(name, data)
    assert reasons.sentence(str(raised.value), "sv") == swedish_sentence
    assert reasons.sentence(str(raised.value), "en") == str(raised.value)


def test_the_upload_page_says_why_a_file_is_refused_in_swedish(store_path):
    from test_app_pages import app, upload, values
    from ui.widgets import md_text

    at = upload(app("upload", query={"lang": "sv"}), ("empty.csv", b""))
    assert values(at.error) == [
        md_text("empty.csv är tom: en CSV-, TSV-, XLSX- eller JSON-export med en rubrikrad väntades.")
    ]

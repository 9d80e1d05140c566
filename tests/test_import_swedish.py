"""The import's words in Swedish (adoption.reasons): every reason the readers write for a rejected row, made from
real-looking bad files, is translated for display with its data (column, cell, line) unchanged; the stored and
command-line English stays as it was. A reason no template matches would show in English: this test fails first."""

from __future__ import annotations

import ast
import io
import re
import struct
import zipfile
from pathlib import Path
from string import Formatter

import polars as pl
import pytest

from adoption import i18n, reasons
from adoption.ingest.customers import load_files
from adoption.ingest.readers import read_file
from adoption.model import MARKED_DUPLICATE, AdoptionError, FileProblem
from adoption.money import price_list, price_list_file
from adoption.report.mail import read_contacts
from adoption.upload_view import expected_table, headline
from export_fixtures import (
    CONTOSO,
    INSIGHTS_O365,
    delimited,
    insights_o365_row,
    user,
    user_detail,
    workbook,
)

ROOT = Path(__file__).resolve().parent.parent

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


def _lying_workbook(inflates_to: int, declared: int = 1_000, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip whose one part really inflates to `inflates_to` bytes while its central directory says `declared`
    (a zip bomb's trick), or a part compressed with `method`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * inflates_to)
    data = bytearray(buffer.getvalue())
    central = data.index(b"PK\x01\x02")
    data[central + 24 : central + 28] = struct.pack("<I", declared)
    return bytes(data)


def _damaged_workbook() -> bytes:
    """A zip whose second part's local header is overwritten (its central directory entry still points there)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
    data = bytearray(buffer.getvalue())
    second = data.index(b"PK\x03\x04", 4)
    data[second : second + 4] = b"XXXX"
    return bytes(data)


def _refusal(action, *args, **kwargs) -> str:
    with pytest.raises(AdoptionError) as raised:
        action(*args, **kwargs)
    return str(raised.value)


INSIGHTS_LACKING = [h for h in INSIGHTS_O365 if h != "PaidAvailableUnits"]


@pytest.mark.parametrize(
    "make, english, swedish_sentence",
    [
        (
            lambda: read_file("odd.xlsx", _lying_workbook(1_000, 1_000, zipfile.ZIP_BZIP2)),
            "odd.xlsx has a part compressed in a way Excel does not write (method 12): "
            "expected an XLSX workbook saved by Excel.",
            "odd.xlsx har en del som är komprimerad på ett sätt som Excel inte använder (metod 12): "
            "en XLSX-arbetsbok sparad i Excel väntades.",
        ),
        (
            lambda: read_file("damaged.xlsx", _damaged_workbook()),
            "damaged.xlsx looks like an XLSX workbook but its part 'xl/workbook.xml' is damaged.",
            "damaged.xlsx ser ut som en XLSX-arbetsbok men dess del 'xl/workbook.xml' är skadad.",
        ),
        (
            lambda: read_file("long.csv", b"a" * 200_001 + b"\n1\n"),
            "long.csv has a header line of over 200,000 characters: expected a CSV or TSV export.",
            "long.csv har en rubrikrad på över 200,000 tecken: en CSV- eller TSV-export väntades.",
        ),
        (
            lambda: read_file("mac.csv", b"customer_id,period\rworkload\n1,2026-10\n"),
            "mac.csv has a header line that cannot be split into columns (lone carriage returns or NUL bytes?): "
            "expected a CSV or TSV export.",
            "mac.csv har en rubrikrad som inte kan delas upp i kolumner (ensamma radretur- eller NUL-tecken?): "
            "en CSV- eller TSV-export väntades.",
        ),
        (
            lambda: read_file("cut.json", b'{"Value": ['),
            "cut.json is not valid JSON (line 1, column 12: Expecting value): expected a Partner Center analytics "
            'document like {"Value": [...]}.',
            "cut.json är inte giltig JSON (rad 1, kolumn 12: Expecting value): ett analysdokument från Partner "
            'Center som {"Value": [...]} väntades.',
        ),
        (
            lambda: read_file(
                "book.xlsx", workbook({"Licenses": [INSIGHTS_LACKING], "Notes": [["Note"], ["call Anna"]]})
            ),
            "book.xlsx has no sheet with recognised headers: book.xlsx[Licenses] looks like a Partner Center Insights "
            f"Office 365 license usage but has no PaidAvailableUnits column (line 1 has: {', '.join(INSIGHTS_LACKING[:8])}).",
            "book.xlsx har inget blad med rubriker som känns igen: book.xlsx[Licenses] liknar Partner Center "
            "Insights: licensanvändning för Office 365 men saknar kolumnen PaidAvailableUnits (rad 1 har: "
            f"{', '.join(INSIGHTS_LACKING[:8])}).",
        ),
        (
            lambda: load_files([str(Path(__file__).parent / "no such export.csv")]),
            f"{Path(__file__).parent / 'no such export.csv'} does not exist or is not a file.",
            f"{Path(__file__).parent / 'no such export.csv'} finns inte eller är ingen fil.",
        ),
        (
            lambda: price_list(b'product,EUR\n"Microsoft 365 E3,33\n', "EUR", "prices.csv"),
            'prices.csv is not a readable CSV price list (could not parse `"Microsoft 365 E3,33).',
            'prices.csv är ingen läsbar prislista i CSV-format (could not parse `"Microsoft 365 E3,33).',
        ),
        (
            lambda: price_list(b"product,USD\nMicrosoft 365 E3,36\n", "SEK", "prices.csv"),
            "prices.csv has no column SEK: a price list needs product, next_tier and one column per currency "
            "(EUR, SEK, NOK, DKK).",
            "prices.csv saknar kolumnen SEK: en prislista behöver kolumnerna product och next_tier och en kolumn "
            "per valuta (EUR, SEK, NOK, DKK).",
        ),
        (
            lambda: price_list_file(str(Path(__file__).parent / "no such prices.csv")),
            f"the price list {Path(__file__).parent / 'no such prices.csv'} cannot be read (No such file or directory).",
            f"prislistan {Path(__file__).parent / 'no such prices.csv'} kan inte läsas (No such file or directory).",
        ),
        (
            lambda: read_contacts(b'customer,email\n"Contoso AB,anna@contoso.se\n', "contacts.csv"),
            'contacts.csv is not a readable CSV (could not parse `"Contoso AB,anna@contoso.se).',
            'contacts.csv är ingen läsbar CSV-fil (could not parse `"Contoso AB,anna@contoso.se).',
        ),
        (
            lambda: read_contacts(b"Kund,E-post\nContoso AB,anna@contoso.se\n", "contacts.csv"),
            "contacts.csv needs the columns customer and email.",
            "contacts.csv behöver kolumnerna customer och email.",
        ),
        (
            lambda: read_contacts("customer,email\nContoso AB,Anna på Contoso\n".encode(), "contacts.csv"),
            "contacts.csv, line 2: needs a customer and one e-mail address (Anna på Contoso).",
            "contacts.csv, rad 2: behöver en kund och en e-postadress (Anna på Contoso).",
        ),
    ],
)
def test_every_refused_file_sentence_in_swedish(make, english, swedish_sentence):
    assert _refusal(make) == english
    assert reasons.sentence(english, "sv") == swedish_sentence
    assert reasons.sentence(english, "en") == english


def test_a_workbook_that_inflates_past_its_headers_in_swedish(monkeypatch):
    """A zip bomb's central directory claims small parts: the stream is counted as it inflates (limits._Budget)."""
    monkeypatch.setenv("ADOPTION_MAX_FILE_MB", "1")
    english = _refusal(read_file, "bomb.xlsx", _lying_workbook(2_000_000))
    assert english == "bomb.xlsx unpacks to more than the 1 MB allowed per file."
    assert reasons.sentence(english, "sv") == "bomb.xlsx blir större än de 1 MB som tillåts per fil när den packas upp."
    monkeypatch.setenv("ADOPTION_MAX_FILE_MB", "500")
    english = _refusal(read_file, "bomb.xlsx", _lying_workbook(12_000_000))
    ratio = re.fullmatch(
        r"bomb\.xlsx compresses more than (1,0\d\d) to 1, over the 200 to 1 allowed in a workbook\.", english
    )
    assert ratio, english  # zlib's exact output size may differ by a few bytes between builds
    assert reasons.sentence(english, "sv") == (
        f"bomb.xlsx är komprimerad mer än {ratio[1]} till 1, mer än de 200 till 1 som tillåts i en arbetsbok."
    )


def test_a_workbook_with_no_sheet_recognised_in_swedish():
    english = _refusal(read_file, "book.xlsx", workbook({"Contacts": [["Name", "Email"], ["Anna", "anna@contoso.se"]]}))
    assert english.startswith("book.xlsx[Contacts] was not recognised from its header row (line 1 has: Name, Email); ")
    two = workbook({"Contacts": [["Name", "Email"]], "Notes": [["Note"], ["call Anna"]]})
    english = _refusal(read_file, "book.xlsx", two)
    assert english.startswith(
        "book.xlsx has no sheet with recognised headers: book.xlsx[Contacts] was not recognised from its header row "
        "(line 1 has: Name, Email); expected one of: Microsoft 365 Office 365 active user detail (Report Refresh Date"
    )
    swedish_sentence = reasons.sentence(english, "sv")
    assert swedish_sentence.startswith(
        "book.xlsx har inget blad med rubriker som känns igen: book.xlsx[Contacts] känns inte igen på rubrikraden "
        "(rad 1 har: Name, Email); en av dessa väntades: Microsoft 365: aktiva användare i Office 365, detaljer "
        "(Report Refresh Date"
    )
    assert "Partner Center Insights: licensanvändning för Office 365 (WorkloadName" in swedish_sentence


def test_a_file_that_cannot_be_opened_in_swedish(tmp_path):
    """Only a path the command line names gets here (an upload is bytes); the sentence from text.py's own code."""
    from adoption.ingest.text import read_tables

    folder = tmp_path / "exports.csv"
    folder.mkdir()
    english = _refusal(read_tables, "exports.csv", folder)
    assert english == "exports.csv cannot be opened: Is a directory."
    assert reasons.sentence(english, "sv") == "exports.csv kan inte öppnas: Is a directory."


# Where the sentences about a file are raised: every module of adoption/ingest, the price list and the contacts file.
SOURCES = {
    **{path: None for path in sorted((ROOT / "adoption" / "ingest").glob("*.py"))},
    ROOT / "adoption" / "money.py": None,
    ROOT / "adoption" / "report" / "mail.py": "read_contacts",
}
REFUSALS = {"AdoptionError", "FileProblem", "CustomerNeeded", "StoreError"}
HOLE = "\0"  # a placeholder: what a sentence says there is data (a name, a size, a line)


def _skeleton(node: ast.expr, reason: str | None = None) -> str | None:
    """A string or f-string's literal words with each formatted value a HOLE (`{reason}`: `reason`'s words where
    given); None if it is neither."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if not isinstance(node, ast.JoinedStr):
        return None
    parts = []
    for part in node.values:
        if isinstance(part, ast.Constant):
            parts.append(part.value)
        else:
            named = getattr(part.value, "id", None)
            parts.append(reason if named == "reason" and reason is not None else HOLE)
    return "".join(parts)


def _template_skeleton(template: str) -> str:
    return "".join(
        literal + (HOLE if name is not None else "") for literal, name, _s, _c in Formatter().parse(template)
    )


def _raised_sentences() -> tuple[set[str], set[str]]:
    """(the first argument of every AdoptionError/FileProblem the sources make, with a `{reason}` in it read as the
    nearest `reason = ...` above it in its function; the reasons assigned)."""
    sentences, file_reasons = set(), set()
    for path, only in SOURCES.items():
        functions = [n for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.FunctionDef)]
        for function in (f for f in functions if only in (None, f.name)):
            assigned = sorted(
                (node.lineno, _skeleton(value))
                for node in ast.walk(function)
                if isinstance(node, ast.Assign)
                for target, value in _pairs(node.targets[0], node.value)
                if getattr(target, "id", None) == "reason" and _skeleton(value) is not None
            )
            file_reasons |= {reason for _line, reason in assigned}
            for node in ast.walk(function):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) in REFUSALS and node.args:
                    above = [reason for line, reason in assigned if line < node.lineno]
                    sentences.add(_skeleton(node.args[0], above[-1] if above else None))
    return sentences, file_reasons


def _pairs(target: ast.expr, value: ast.expr):
    if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple):
        return list(zip(target.elts, value.elts))
    return [(target, value)]


def test_every_sentence_the_source_raises_about_a_file_has_a_swedish_template():
    sentences, file_reasons = _raised_sentences()
    assert len(sentences) >= 30 and None not in sentences  # each one a literal sentence
    # precheck's `{name} {reason}.`: the Upload page shows it from its fields (upload_view.headline: FILE_REASONS)
    composed = {HOLE + " " + _template_skeleton(r) + "." for r in reasons.FILE_REASONS}
    missing = sentences - composed - {_template_skeleton(t) for t in reasons.SENTENCES}
    assert missing == set(), "add these to adoption.reasons.SENTENCES and the catalogue"
    missing = file_reasons - {_template_skeleton(t) for t in reasons.FILE_REASONS}
    assert missing == set(), "add these to adoption.reasons.FILE_REASONS and the catalogue"
    swedish = i18n.gettext_for("sv")
    untranslated = [t for t in (*reasons.SENTENCES, *reasons.FILE_REASONS) if swedish(t) == t]
    assert untranslated == []

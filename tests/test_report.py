"""The customer report: its words and figures (from the Customer page's functions) in English and
Swedish, the PDF's text (pypdf), the .eml's parts, untrusted names, the resource list, and that
every string of the report has a Swedish translation in the catalogue."""

from __future__ import annotations

import email
import email.policy
import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from pypdf import PdfReader

import app_fixtures as fx
from adoption import i18n
from adoption.model import AdoptionError
from adoption.report import content, eml, pdf, resources
from report_fixtures import frames, report_store
from store_fixtures import insights_tsv

ROOT = Path(__file__).resolve().parent.parent
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def computed(tmp_path_factory):
    return frames(report_store(tmp_path_factory.mktemp("report") / "store.duckdb"))


def key_of(computed, name: str) -> str:
    customers = computed.portfolio.customers
    return customers.filter(customers["customer_name"] == name)["key"].item()


def pdf_text(data: bytes) -> str:
    """The PDF's text, lines joined, every run of spaces (no-break ones too: fpdf2 keeps them together
    on a line but writes a plain space inside paragraphs) as one space."""
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    return re.sub(r"\s+", " ", " ".join(pages))


def test_numbers_dates_and_percentages_follow_the_language():
    assert i18n.number(1234567.5, "sv", 1) == f"1{NBSP}234{NBSP}567,5"
    assert i18n.number(1234567.5, "en", 1) == "1,234,567.5"
    assert i18n.percent(85.5, "sv") == f"85,5{NBSP}%"
    assert i18n.percent(85.5, "en") == "85.5%"
    assert i18n.percent(None, "sv") == "–"
    assert i18n.month("2026-10", "sv") == "oktober 2026"
    assert i18n.month("2026-10", "en") == "October 2026"
    assert [i18n.from_locale(t) for t in ("sv-SE", "sv", "SV_fi", "en-GB", "nb-NO", None)] == [
        "sv",
        "sv",
        "sv",
        "en",
        "en",
        "en",
    ]
    with pytest.raises(ValueError, match="unknown language 'de'"):
        i18n.number(1, "de")


def test_english_report_of_a_low_adoption_customer(computed):
    report = content.build(computed, key_of(computed, "Contoso Ltd"), "en", with_charts=False)
    assert report.customer_name == "Contoso Ltd"
    assert report.period == "October 2026"
    assert report.intro.startswith("In October 2026 you had 200 licenses and 150 people used them:")
    assert report.tiles == [
        ("Licenses", "200"),
        ("Assigned", "–"),
        ("Active users", "150"),
        ("Deployment", "–"),
        ("Usage", "75.0%"),
    ]
    assert report.table_rows == [
        ["Exchange", "200", "–", "40", "–", "20.0%"],
        ["Teams", "200", "–", "150", "–", "75.0%"],
    ]
    assert report.meaning == [
        "Exchange: 40 of 200 licenses are in use (Usage 20.0%): most of your people have not started yet.",
        "Teams: 150 of 200 licenses are in use (Usage 75.0%): there is room to grow.",
    ]
    assert [offer.title for offer in report.offers] == ["Get more from Exchange"]  # an incident is no how-to question
    assert [(link.kind, link.url) for link in report.offers[0].links] == [
        ("tutorial", "https://learn.microsoft.com/en-us/training/browse/?products=m365&terms=outlook"),
        ("case_study", "https://www.microsoft.com/en-us/customers"),
        ("video", "https://www.youtube.com/@Microsoft365"),
    ]


def test_swedish_report_offers_training_for_what_people_ask_and_the_upsell(computed):
    report = content.build(computed, key_of(computed, "Fabrikam AB"), "sv", with_charts=False)
    assert report.title == "Er användning av Microsoft 365"
    assert report.period == "oktober 2026"
    assert report.tiles[-1] == ("Användning", f"96,0{NBSP}%")
    assert report.table_rows == [
        ["Exchange", "50", "–", "45", "–", f"90,0{NBSP}%"],
        ["Teams", "50", "–", "48", "–", f"96,0{NBSP}%"],
    ]
    assert report.meaning[0] == f"Exchange: 45 av 50 licenser används (användning 90,0{NBSP}%): bra jobbat."
    training, upsell = report.offers
    assert training.title == "Utbildning i verktygen era medarbetare frågar om"
    assert "hur man använder Teams (3 frågor), Outlook/Exchange (1 fråga)." in training.text
    assert [link.url for link in training.links] == [
        "https://support.microsoft.com/sv-se/teams",
        "https://learn.microsoft.com/sv-se/training/browse/?products=ms-teams",
        "https://support.microsoft.com/sv-se/outlook",
        "https://learn.microsoft.com/sv-se/training/browse/?products=m365&terms=outlook",
    ]
    assert upsell.title == "Redo för nästa steg"
    assert [link.title for link in upsell.links] == [
        "Jämför Microsoft 365-planer för företag",
        "Microsoft 365 Copilot för företag",
    ]


@pytest.mark.parametrize(
    "language, expected",
    [
        (
            "en",
            [
                "Customer report · October 2026",
                "Your Microsoft 365 adoption",
                "Contoso Ltd",
                "Exchange 200 – 40 – 20.0%",
                "Teams 200 – 150 – 75.0%",
                "Deployment % and Usage % per workload",  # the chart's title is in the PNG; the alt text is not
                "What this means",
                "Exchange: 40 of 200 licenses are in use (Usage 20.0%): most of your people have not started yet.",
                "What we offer Get more from Exchange",
                "→ Microsoft customer stories",
            ],
        ),
        (
            "sv",
            [
                "Kundrapport · oktober 2026",
                "Er användning av Microsoft 365",
                "Contoso Ltd",
                "Exchange 200 – 40 – 20,0 %",
                "Vad det betyder",
                "Exchange: 40 av 200 licenser används (användning 20,0 %): de flesta av era medarbetare "
                "har inte kommit igång ännu.",
                "Vad vi erbjuder Få ut mer av Exchange",
                "→ Kundberättelser från Microsoft",
            ],
        ),
    ],
)
def test_pdf_text_in_both_languages(computed, language, expected):
    report = content.build(computed, key_of(computed, "Contoso Ltd"), language)
    data = pdf.render(report)
    reader = PdfReader(io.BytesIO(data))
    assert 1 <= len(reader.pages) <= 2
    text = pdf_text(data)
    for piece in expected:
        if piece.startswith("Deployment % and"):
            assert piece not in text  # drawn inside the chart image
            continue
        assert piece in text, piece
    uris = {str(a.get_object()["/A"]["/URI"]) for page in reader.pages for a in page.get("/Annots") or []}
    assert f"https://www.microsoft.com/{'en-us' if language == 'en' else 'sv-se'}/customers" in uris  # clickable
    assert all(uri.startswith("https://") for uri in uris)
    assert len(reader.pages[0].images) == 2  # the two charts


@pytest.mark.parametrize("language", ["en", "sv"])
def test_eml_is_an_unsent_draft_with_the_report_inline(computed, language):
    report = content.build(computed, key_of(computed, "Fabrikam AB"), language)
    document = pdf.render(report)
    message = email.message_from_bytes(eml.eml(report, document), policy=email.policy.default)
    assert message["X-Unsent"] == "1"
    assert message["To"] is None
    period = "October 2026" if language == "en" else "oktober 2026"
    title = "Your Microsoft 365 adoption" if language == "en" else "Er användning av Microsoft 365"
    assert message["Subject"] == f"{title}: Fabrikam AB, {period}"
    html = message.get_body(("html",)).get_content()
    plain = message.get_body(("plain",)).get_content()
    assert title in html and title in plain
    assert ("What we offer" if language == "en" else "Vad vi erbjuder") in html
    assert ("Ready for the next step" if language == "en" else "Redo för nästa steg") in plain
    cids = re.findall(r'src="cid:([^"]+)"', html)
    assert len(cids) == 2
    images = {part["Content-ID"].strip("<>"): part for part in message.walk() if part.get_content_type() == "image/png"}
    assert set(images) == set(cids)
    assert all(part.get_content().startswith(b"\x89PNG") for part in images.values())
    attachments = [part for part in message.iter_attachments() if part.get_content_type() == "application/pdf"]
    assert [a.get_filename() for a in attachments] == [f"fabrikam-ab-{period.lower().replace(' ', '-')}-{language}.pdf"]
    assert attachments[0].get_content() == document


def test_hostile_names_are_text_everywhere(tmp_path):
    name = "<b>Evil</b> **Corp** =HYPERLINK(1) 中文\u202e"
    path = report_store(tmp_path / "s.duckdb", (("evil.tsv", insights_tsv([(name, "Exchange", "2026-10", 20, 2)])),))
    computed = frames(path)
    key = computed.portfolio.customers.filter(computed.portfolio.customers["customer_name"] == name)["key"].item()
    report = content.build(computed, key, "en")
    assert report.customer_name == "<b>Evil</b> **Corp** =HYPERLINK(1) 中文\\u202e"  # the override shown, not obeyed
    message = email.message_from_bytes(eml.eml(report, None), policy=email.policy.default)
    html = message.get_body(("html",)).get_content()
    assert "&lt;b&gt;Evil&lt;/b&gt; **Corp**" in html and "<b>Evil" not in html
    assert "\n" not in message["Subject"] and "<b>Evil</b> **Corp**" in message["Subject"]
    text = pdf_text(pdf.render(report))
    cjk = "中文" if pdf.fonts()[2] else "\ufffd\ufffd"  # a CJK fallback font when installed, else a visible mark
    assert f"<b>Evil</b> **Corp** =HYPERLINK(1) {cjk}\\u202e" in text


def test_resource_list_errors_name_the_line(tmp_path):
    bad = tmp_path / "resources.csv"
    bad.write_text(
        "workload,kind,title_en,title_sv,url\n"
        "Teams,training,Teams help,,https://support.microsoft.com/teams\n"
        "Teams,webinar,Teams webinar,,https://example.com\n",
        encoding="utf-8",
    )
    with pytest.raises(AdoptionError, match=r"resources.csv, line 3: needs a workload, a kind \(training"):
        resources.resources(bad)
    good = tmp_path / "good.csv"
    good.write_text(
        "workload,kind,title_en,title_sv,url\nTeams,training,Teams help,,https://support.microsoft.com/{locale}/teams\n",
        encoding="utf-8",
    )
    assert resources.links(["Teams"], ("training",), "sv", good) == [
        resources.Link(
            "training", "Teams help", "https://support.microsoft.com/sv-se/teams"
        )  # no Swedish title: English
    ]


def _extracted() -> set[str | tuple[str, str]]:
    """Every message of the code and templates babel.cfg names (the report, the package's words for the pages,
    app.py, pages/ and ui/), as `make messages` extracts them (`-k N_`: labels the package marks for the pages; `-k Nn_:1,2`: plural pairs)."""
    method_map = [
        ("adoption/**.py", "python"),
        ("ui/**.py", "python"),
        ("pages/**.py", "python"),
        ("app.py", "python"),
        ("adoption/templates/customer_report.html", "jinja2.ext:babel_extract"),
        ("adoption/templates/action_plan.html", "jinja2.ext:babel_extract"),
    ]
    options = {
        "adoption/templates/customer_report.html": {"extensions": "jinja2.ext.i18n"},
        "adoption/templates/action_plan.html": {"extensions": "jinja2.ext.i18n"},
    }
    keywords = {**DEFAULT_KEYWORDS, "N_": None, "Nn_": (1, 2)}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=method_map, options_map=options, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def test_every_report_and_page_string_has_a_swedish_translation():
    extracted = _extracted()
    assert "Your Microsoft 365 adoption" in extracted and "What we offer" in extracted  # code and template
    assert {"Customer insights", "Worst adoption first", "Low adoption", "Sign in"} <= extracted  # pages, N_, ui
    assert len(extracted) >= 200
    pages = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
    assert [p.name for p in pages if "from ui.lang import _" not in p.read_text(encoding="utf-8")] == []
    with i18n.catalogue_path("sv").open("rb") as po:
        catalogue = read_po(po, locale="sv")
    translated = {}
    for m in catalogue:
        if m.id and not m.fuzzy:
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            if all(strings):
                translated[m.id] = strings
    missing = sorted(str(m) for m in extracted if m not in translated)
    assert missing == []
    for msgid, strings in translated.items():  # every {placeholder} kept in the translation
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        wanted = set(re.findall(r"\{(\w+)\}", " ".join(ids)))
        for string in strings:
            assert set(re.findall(r"\{(\w+)\}", string)) == wanted, msgid


def test_contoso_is_the_only_low_adoption_customer_of_the_crafted_portfolio(computed):
    low = computed.recommendations.filter(computed.recommendations["problem"] == "low_adoption")
    assert low["customer_name"].to_list() == ["Contoso Ltd"]
    assert fx.CONTOSO == key_of(computed, "Contoso Ltd")

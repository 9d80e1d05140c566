"""No English on a Swedish page: every page of the app in Swedish (AppTest, `?lang=sv`) on the bundled sample, every
text a person can read collected from the page (titles, captions, alerts, labels, options, help texts, metric
values, button and download labels, table headers and table text cells, in the sidebar too), and each one checked:

* against the English source strings: a text that is an English msgid of the catalogue (or fills one of its
  `{placeholder}` templates) whose Swedish differs is English shown untranslated;
* for English words: a text (with the sample's own data taken out: customer, workload and product names, file
  names) holding "the", "and", "of", "with" ... as words is English that never reached the catalogue.

Streamlit's own widget texts (the file uploader's "Drag and drop", the table toolbar) are drawn by the browser
from Streamlit's frontend and are not in the page's elements; the report says what Streamlit 1.67 offers there."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow as pa
import pytest
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest
from test_report import _extracted

from adoption import i18n
from test_app_pages import APP, script

ENGLISH_WORDS = re.compile(
    r"\b(the|and|of|with|is|are|to|for|your|this|these|not|no|yet|by|from|upload|uploads|customers?|licen[cs]es?|"
    r"rows?|tickets?|usage|deployment|active|users?|choose|select|download|open|show|settings?|month|"
    r"problems?|slipping|upsell|health|low|high|help|what|which|how|when|where)\b",
    re.IGNORECASE,
)
# Words that are Swedish too, or data, or Microsoft's product words shown as Microsoft spells them.
NOT_ENGLISH = {"per", "problem", "trend"}
SAMPLE_PAGES = {
    "portfolio": {},
    "customer": {"customer": "0f032267-6f2d-4244-ad85-daf6bf35a591"},
    "customer-with-tickets": {"customer": "b9406161-76cc-4fa7-b25f-25d5e558692c"},
    "next_steps": {},
    "upload": {},
    "data": {},
    "settings": {},
}
SKIPPED_FIELDS = {
    "id",
    "key",
    "form_id",
    "spec",
    "data",
    "arrow_data",
    "css",
    "uuid",
    "icon",
    "url",
    "page_script_hash",
    "type",
    "mime",
    "file_name",
    "default",
    "format",
    "vega_lite_chart",
    "selection_mode",
    "styles",
    "display_values",
    "query_param_key",
    "page",
    "query_string",
}


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    """A store holding only the bundled sample (the app fills it on first open, as it does for a new user)."""
    import os

    path = tmp_path_factory.mktemp("sv") / "store.duckdb"
    before = os.environ.get("ADOPTION_STORE")
    os.environ["ADOPTION_STORE"] = str(path)
    yield path
    if before is None:
        del os.environ["ADOPTION_STORE"]
    else:
        os.environ["ADOPTION_STORE"] = before


@pytest.fixture(scope="module")
def english() -> tuple[set[str], list[re.Pattern]]:
    return english_strings()


def english_strings() -> tuple[set[str], list[re.Pattern]]:
    """The English msgids the Swedish catalogue translates differently: exact strings and placeholder templates."""
    with i18n.catalogue_path("sv").open("rb") as po:
        catalogue = read_po(po, locale="sv")
    extracted = {m if isinstance(m, str) else m[0] for m in _extracted()}
    exact, templates = set(), []
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not message.id or ids[0] not in extracted:
            continue
        for msgid in ids:
            if msgid in strings or len(msgid) < 4:  # the same in Swedish ("Teams", "SHA-256"), or too short to tell
                continue
            if re.search(r"\{\w+\}", msgid):
                pieces = re.split(r"\{\w+\}", msgid)
                if sum(len(p.strip()) for p in pieces) >= 8:  # enough words of its own to recognise
                    templates.append(re.compile("^" + ".+".join(re.escape(p) for p in pieces) + "$", re.DOTALL))
            else:
                exact.add(msgid.strip())
    return exact, templates


def page(name: str, language: str = "sv") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params.update({"lang": language, **SAMPLE_PAGES[name]})
    base = name.split("-")[0]
    if base != "portfolio":
        at.switch_page(script(base))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def unescaped(text: str) -> str:
    """Markdown's backslash escapes (md_text) and the word joiner taken out: the text as a person reads it."""
    return re.sub(r"\\(.)", r"\1", text.replace("\u2060", "")).strip()


def texts_of(message, found: list[str]) -> None:
    """Every string field of a proto message (recursively), JSON column configs by their labels and help."""
    for field, value in message.ListFields():
        if field.name in SKIPPED_FIELDS:
            continue
        values = (
            list(value)
            if getattr(field, "is_repeated", False)
            or isinstance(value, list | tuple)
            or type(value).__name__.startswith("Repeated")
            else [value]
        )
        for item in values:
            if isinstance(item, str):
                if field.name == "columns" and item.startswith("{"):
                    for config in json.loads(item).values():
                        found += [config.get("label") or "", config.get("help") or ""]
                else:
                    found.append(item)
            elif hasattr(item, "ListFields"):
                texts_of(item, found)


def table_cells(element) -> list[str]:
    """A table's text cells (and its Swedish display values, where it has them)."""
    arrow = element.proto.arrow_data
    cells = []
    for blob in (arrow.data, arrow.styler.display_values):
        if blob:
            table = pa.ipc.open_stream(blob).read_all()
            for column in table.columns:
                if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
                    cells += [c for c in column.to_pylist() if c]
    return cells


def visible_texts(at: AppTest) -> list[str]:
    found: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields") and node.type != "html":  # html: our own <style>
            texts_of(proto, found)
            if node.type in ("arrow_data_frame", "dataframe"):
                found.extend(table_cells(node))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return [unescaped(t) for t in found if t and t.strip()]


def sample_data(at: AppTest) -> list[str]:
    """The sample's own names (customers, workloads, products, files, ticket subjects): data, not words of the app."""
    from adoption.store import Store

    with Store.open(Path(__import__("os").environ["ADOPTION_STORE"])) as store:
        portfolio = store.portfolio("sample")
        uploads = store.uploads("sample")
    names = portfolio.customers["customer_name"].to_list() + uploads["file_name"].to_list() + [str(store.path)]
    names += portfolio.licenses["workload"].unique().to_list() + portfolio.tickets["subject"].unique().to_list()
    return [n for n in names if n]


def export_headers() -> list[str]:
    """Every column name the readers know, as exports spell them ("Month", "Is Deleted"): data, shown as it is."""
    from adoption.ingest.kinds import KINDS

    return [spelling for kind in KINDS for spellings in kind.fields.values() for spelling in spellings]


def english_found(at: AppTest, english, files: tuple = ()) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """(texts that are English msgids or fill an English template, texts holding English words); the sample's
    names, the export column names and the headers of `files` (name, bytes) are data."""
    exact, templates = english
    headers = [h for _name, body in files for h in body.decode().split("\n")[0].replace("\t", ",").split(",")]
    data = sorted({*sample_data(at), *export_headers(), *headers}, key=len, reverse=True)
    untranslated, english_words = [], []
    for text in visible_texts(at):
        if text in data:
            continue
        if text in exact or any(t.match(text) for t in templates):
            untranslated.append(text)
            continue
        plain = text
        for name in data:
            plain = plain.replace(name, " ")
        words = [w for w in ENGLISH_WORDS.findall(plain) if w.lower() not in NOT_ENGLISH]
        if words:
            english_words.append((text, words))
    return untranslated, english_words


@pytest.mark.parametrize("name", list(SAMPLE_PAGES))
def test_no_english_on_a_swedish_page(sample_store, english, name):
    untranslated, english_words = english_found(page(name), english)
    assert untranslated == []
    assert english_words == []


def test_the_check_finds_english_on_an_english_page(sample_store, english):
    """The net catches: the same page in English is full of English by both checks."""
    untranslated, english_words = english_found(page("next_steps", "en"), english)
    assert {"Next steps", "Rank by", "Printable action plan"} <= set(untranslated)
    assert any(text.startswith("Share case studies") for text in untranslated)  # a rule's sentence in the table
    assert english_words  # and the word net catches some of its own


def test_no_english_after_uploads_and_on_an_upload_chosen(sample_store, english):
    """The Upload page after a file it does not recognise, one that lacks a column and one with rejected and
    skipped rows; the Data page with an upload chosen (its rejected rows). Last: the upload is then the session's
    own data."""
    from export_fixtures import CONTOSO, INSIGHTS_O365, delimited, insights_o365_row
    from test_app_pages import run, upload

    rows = [
        insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-10-01", 1200, 960),
        insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Exchange", "2026-10-01", 1200, 960, duplicate="1"),
        insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Teams", "2026-10-01", "tolv", 101),
        insights_o365_row(CONTOSO, "Contoso Göteborg AB", "Yammer", "31 oktober", 100, 10),
    ]
    lacking = [h for h in INSIGHTS_O365 if h != "MonthlyActiveUsers"]
    files = (
        ("contacts.csv", b"Name,Email,Phone\nAnna,anna@contoso.se,070\n"),
        ("insights-lacking.tsv", delimited(lacking, [], sep="\t")),
        ("insights.tsv", delimited(INSIGHTS_O365, rows, sep="\t")),
    )
    at = upload(page("upload"), *files)
    assert len(at.success) == 1 and len(at.error) == 2
    untranslated, english_words = english_found(at, english, files)
    assert untranslated == []
    assert english_words == []
    data = page("data")
    chosen = run(data.selectbox[0].set_value(1))  # the upload above: its rejected and skipped rows
    assert len(chosen.dataframe) == 2
    untranslated, english_words = english_found(chosen, english)
    assert untranslated == []
    assert english_words == []

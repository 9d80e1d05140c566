"""The customer report in Debian's Chromium against a real server: on the Customer page of a sample
customer, download the PDF and the .eml draft in English, switch the report language to Swedish and
download both again; check what each file says."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest
from pypdf import PdfReader

import app_fixtures as fx
from test_browser import settle

pytestmark = pytest.mark.browser


def download(page, label: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").filter(has_text=label).click()
    found = info.value
    return found.suggested_filename, Path(found.path()).read_bytes()


def pdf_text(path_bytes: bytes, tmp_path: Path) -> str:
    target = tmp_path / "report.pdf"
    target.write_bytes(path_bytes)
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(target).pages)


def test_download_the_customer_report_in_english_and_swedish(server, page, tmp_path):
    page.goto(server + f"/customer?customer={fx.CONTOSO}")
    page.locator("h2").first.wait_for()
    settle(page)
    page.get_by_text("Customer report", exact=True).scroll_into_view_if_needed()

    name, data = download(page, "Report (PDF, English)")
    assert name == "customer-report-contoso-ltd-2026-10-en.pdf"
    text = pdf_text(data, tmp_path)
    assert "Your Microsoft 365 adoption" in text and "Contoso Ltd" in text
    assert "Exchange: 40 of 200 licenses are in use (Usage 20.0%)" in text and "Get more from Exchange" in text

    name, data = download(page, "E-mail draft (.eml, English)")
    assert name == "customer-report-contoso-ltd-2026-10-en.eml"
    draft = email.message_from_bytes(data, policy=email.policy.default)
    assert draft["X-Unsent"] == "1"
    assert draft["Subject"] == "Your Microsoft 365 adoption: Contoso Ltd, October 2026"
    assert "What we offer" in draft.get_body(("html",)).get_content()

    page.get_by_test_id("stMain").get_by_text("Svenska", exact=True).click()  # the report's, not the sidebar's language
    page.get_by_test_id("stDownloadButton").filter(has_text="Report (PDF, Svenska)").wait_for()  # the new run's button
    settle(page)
    name, data = download(page, "Report (PDF, Svenska)")
    assert name == "customer-report-contoso-ltd-2026-10-sv.pdf"
    text = pdf_text(data, tmp_path)
    assert "Er användning av Microsoft 365" in text and "användning 20,0 %" in text and "Få ut mer av Exchange" in text

    name, data = download(page, "E-mail draft (.eml, Svenska)")
    assert name == "customer-report-contoso-ltd-2026-10-sv.eml"
    draft = email.message_from_bytes(data, policy=email.policy.default)
    assert draft["Subject"] == "Er användning av Microsoft 365: Contoso Ltd, oktober 2026"
    html = draft.get_body(("html",)).get_content()
    assert "Vad vi erbjuder" in html and html.count('src="cid:') == 2
    page.screenshot(path=str(tmp_path / "customer-report.png"), full_page=False)

"""The customer report in the app (AppTest): the Customer page's PDF and .eml downloads in English
and Swedish, and the Next steps batch send, which appears only with [smtp] in the secrets and sends
(to a real aiosmtpd server on loopback) only after its confirmation is ticked."""

from __future__ import annotations

import email
import email.policy
import io

from pypdf import PdfReader

import app_fixtures as fx
from adoption.store import Store
from test_app_pages import app, run
from test_report_batch import Inbox, free_port

CONTACTS = f"customer,email\n{fx.CONTOSO},it@contoso.example\nFabrikam AB,anna@fabrikam.example\n".encode()


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def test_customer_page_downloads_the_report_in_english_then_swedish(filled, downloads):
    at = app("customer", {"customer": fx.CONTOSO})
    assert {"Report (PDF, English)", "E-mail draft (.eml, English)"} <= {b.proto.label for b in at.download_button}
    assert at.segmented_control(key="report_language").value == "en"
    english = pdf_text(downloads.names["customer-report-contoso-ltd-2026-10-en.pdf"]())
    assert "Your Microsoft 365 adoption" in english and "Contoso Ltd" in english
    assert "Exchange: 40 of 200 licenses are in use (Usage 20.0%)" in english
    at = run(at.segmented_control(key="report_language").set_value("sv"))
    assert {"Report (PDF, Svenska)", "E-mail draft (.eml, Svenska)"} <= {b.proto.label for b in at.download_button}
    swedish = pdf_text(downloads.names["customer-report-contoso-ltd-2026-10-sv.pdf"]())
    assert "Er användning av Microsoft 365" in swedish and "användning 20,0 %" in swedish
    draft = email.message_from_bytes(
        downloads.names["customer-report-contoso-ltd-2026-10-sv.eml"](), policy=email.policy.default
    )
    assert draft["X-Unsent"] == "1"
    assert draft["Subject"] == "Er användning av Microsoft 365: Contoso Ltd, oktober 2026"
    assert "Vad vi erbjuder" in draft.get_body(("html",)).get_content()


def test_no_batch_send_without_smtp_settings(filled):
    at = app("next_steps")
    assert "Send customer reports" not in [s.value for s in at.subheader]


def test_batch_send_sends_only_after_the_confirmation_and_logs_it(filled):
    from aiosmtpd.controller import Controller

    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        smtp = {"host": "127.0.0.1", "port": port, "starttls": False, "from": "am@partner.example"}
        at = app("next_steps", secrets={"smtp": smtp})
        assert "Send customer reports" in [s.value for s in at.subheader]
        run(at.selectbox(key="send_problem").set_value("low_adoption"))
        at.file_uploader(key="send_contacts").set_value([("contacts.csv", CONTACTS, "text/csv")])
        at = run(at)
        send = next(b for b in at.button if b.label == "Send 1 e-mail")
        assert send.disabled
        assert inbox.received == []
        at = run(at.checkbox(key="send_confirm_0_low_adoption_en_1").check())
        at = run(next(b for b in at.button if b.label == "Send 1 e-mail").click())
        assert [s.value for s in at.success] == ["1 of 1 e-mails sent and logged."]
    finally:
        controller.stop()
    assert [to for to, _ in inbox.received] == [["it@contoso.example"]]
    assert inbox.received[0][1]["Subject"] == "Your Microsoft 365 adoption: Contoso Ltd, October 2026"
    with Store.open(filled, read_only=True) as store:
        actions = store.actions("default")
    assert actions.select("customer_key", "kind", "note").rows() == [
        (fx.CONTOSO, "Contacted", "Customer report e-mailed to it@contoso.example (English)")
    ]
    assert next(b for b in at.button if b.label == "Send 1 e-mail").disabled  # the next batch needs a new tick

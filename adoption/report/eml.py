"""The customer report as an e-mail (Python's email package): an HTML body from
templates/customer_report.html (Jinja2 with autoescape and the i18n extension, so every piece of
data is escaped and every word comes from the gettext catalogue), a plain-text alternative, the
charts as inline images referenced by Content-ID, and the PDF attached.

As a draft (`draft=True`, the download) it carries `X-Unsent: 1`, which Outlook reads as "open as a
new message to edit and send"; the recipient may be empty for the account manager to fill in.
Sent through SMTP (adoption.report.mail) the same message goes without that header."""

from __future__ import annotations

import functools
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import jinja2
from slugify import slugify

from adoption.i18n import gettext_for, jinja_environment
from adoption.report.content import Report


@functools.cache
def _environment(language: str) -> jinja2.Environment:
    return jinja_environment(language)


def html(report: Report, cids: dict[str, str]) -> str:
    """The report as HTML; `cids`: chart name -> Content-ID (without angle brackets)."""
    return _environment(report.language).get_template("customer_report.html").render(report=report, cids=cids)


def plain_text(report: Report) -> str:
    _ = gettext_for(report.language)
    lines = [_("Hello,"), "", f"{report.title}: {report.customer_name} ({report.period})", "", report.intro, ""]
    lines += [f"{label}: {value}" for label, value in report.tiles] + [""]
    lines += [" | ".join(row) for row in [report.table_header, *report.table_rows]] + ["", _("What this means")]
    lines += [f"- {sentence}" for sentence in report.meaning] + ["", _("What we offer")]
    for offer in report.offers:
        lines += ["", offer.title, offer.text] + [f"  {link.title}: {link.url}" for link in offer.links]
    return "\n".join([*lines, "", report.closing, "", _("Kind regards,"), ""])


def subject(report: Report) -> str:
    _ = gettext_for(report.language)
    return _("{title}: {customer}, {period}").format(
        title=report.title, customer=report.customer_name, period=report.period
    )


def file_stem(report: Report) -> str:
    """`ostgota-bygg-maleri-ab-2026-10-sv`-like: ASCII words (python-slugify), safe as a file name."""
    return slugify(f"{report.customer_name} {report.period} {report.language}") or "customer-report"


def message(
    report: Report, pdf: bytes | None, sender: str = "", recipient: str = "", draft: bool = True
) -> EmailMessage:
    """The report as one e-mail: HTML with inline charts, a text alternative and the PDF attached."""
    msg = EmailMessage()
    msg["Subject"] = subject(report)
    if sender:
        msg["From"] = sender
    if recipient:
        msg["To"] = recipient
    msg["Date"] = formatdate(localtime=True)
    msg["Content-Language"] = report.language
    if draft:
        msg["X-Unsent"] = "1"
    cids = {name: make_msgid(idstring=name, domain="adoption.report")[1:-1] for name in report.charts}
    msg.set_content(plain_text(report))
    msg.add_alternative(html(report, cids), subtype="html")
    body = msg.get_payload()[1]
    for name, png in report.charts.items():
        body.add_related(png, "image", "png", cid=f"<{cids[name]}>", disposition="inline", filename=f"{name}.png")
    if pdf is not None:
        msg.add_attachment(pdf, maintype="application", subtype="pdf", filename=f"{file_stem(report)}.pdf")
    return msg


def eml(report: Report, pdf: bytes | None, sender: str = "", recipient: str = "") -> bytes:
    """The draft as .eml bytes (CRLF line ends, as Outlook expects)."""
    from email.policy import SMTP

    return message(report, pdf, sender, recipient, draft=True).as_bytes(policy=SMTP)

"""`python -m adoption report`: the monthly batch on the bundled sample's low-adoption customers, its
index, and sending through a real SMTP server the test starts on loopback (aiosmtpd), plain and
with STARTTLS and a login; nothing goes out without the batch's confirmation, and every accepted
message is logged on its customer."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
import socket
import ssl
import sys
from pathlib import Path

import polars as pl
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pypdf import PdfReader

import app_fixtures as fx
from adoption.cli import run
from adoption.store import Store, ensure_sample
from adoption.store.derived import computed
from report_fixtures import report_store


class Inbox:
    def __init__(self):
        self.received: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((envelope.rcpt_tos, message))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_signed(tmp: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 (and its key), which the client trusts through ca_file."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(__import__("ipaddress").ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / "cert.pem", tmp / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


@pytest.fixture
def store(tmp_path):
    return report_store(tmp_path / "store.duckdb")


@pytest.fixture
def contacts(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text(
        f"customer,email\n{fx.CONTOSO},it@contoso.example\nfabrikam ab,anna@fabrikam.example\n", encoding="utf-8"
    )
    return path


@pytest.fixture
def smtp(tmp_path):
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nstarttls = false\nfrom = "am@partner.example"\n', encoding="utf-8"
    )
    yield inbox, secrets
    controller.stop()


def test_the_batch_writes_a_report_for_each_low_adoption_customer_of_the_sample(tmp_path, capsys):
    path = tmp_path / "sample.duckdb"
    with Store.open(path) as store:
        ensure_sample(store)
        recs = computed(store, "sample").recommendations
    low = sorted(recs.filter(pl.col("problem") == "low_adoption")["customer_name"].to_list())
    out = tmp_path / "out"
    code = run(
        [
            "report",
            "--store",
            str(path),
            "--workspace",
            "sample",
            "--problem",
            "low_adoption",
            "--language",
            "sv",
            str(out),
        ]
    )
    assert code == 0
    assert capsys.readouterr().err == f"{len(low)} reports (Svenska) written to {out}\n"
    index = pl.read_csv(out / "index.csv", infer_schema=False)
    assert sorted(index["customer_name"].to_list()) == low and len(low) == 48
    assert set(index["language"]) == {"sv"} and all("low_adoption" in p for p in index["problems"])
    assert sorted(p.name for p in out.iterdir()) == sorted([*index["pdf"], *index["eml"], "index.csv"])
    first = index.row(0, named=True)
    text = " ".join(p.extract_text() for p in PdfReader(out / first["pdf"]).pages)
    assert first["customer_name"] in text and "Vad vi erbjuder" in text and "Få ut mer av" in text
    draft = email.message_from_bytes((out / first["eml"]).read_bytes(), policy=email.policy.default)
    assert draft["X-Unsent"] == "1" and first["customer_name"] in draft["Subject"]


def test_the_index_is_formula_safe_and_names_are_files_of_ascii_words(tmp_path, store):
    fx.fill(store, "default", ("more.tsv", fx.one_customer_tsv('=HYPERLINK("x") Ltd')))
    out = tmp_path / "out"
    assert run(["report", "--store", str(store), str(out)]) == 0
    index = pl.read_csv(out / "index.csv", infer_schema=False)
    assert index["customer_name"].to_list() == [
        '\'=HYPERLINK("x") Ltd',
        "Adatum Corp",
        "Contoso Ltd",
        "Fabrikam AB",
        "Northwind Traders",
    ]
    assert index["pdf"].to_list()[:2] == ["hyperlink-x-ltd-october-2026-en.pdf", "adatum-corp-october-2026-en.pdf"]


def test_sending_asks_first_and_sends_nothing_without_the_confirmation(
    tmp_path, store, contacts, smtp, capsys, monkeypatch
):
    inbox, secrets = smtp
    args = ["report", "--store", str(store), "--contacts", str(contacts), "--send", "--secrets", str(secrets)]
    assert run([*args, "--confirm", "3", str(tmp_path / "a")]) == 0
    assert "--confirm 3 but 2 e-mails would be sent; nothing was sent." in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.StringIO("yes\n"))
    assert run([*args, str(tmp_path / "b")]) == 0
    err = capsys.readouterr().err
    assert "Send 2 e-mails from am@partner.example through 127.0.0.1:" in err and "Nothing was sent." in err
    assert inbox.received == []
    with Store.open(store, read_only=True) as s:
        assert s.actions("default").height == 0
    assert set(pl.read_csv(tmp_path / "b" / "index.csv", infer_schema=False)["sent"].fill_null("")) == {""}


def test_a_confirmed_batch_is_received_and_logged_on_each_customer(
    tmp_path, store, contacts, smtp, capsys, monkeypatch
):
    inbox, secrets = smtp
    monkeypatch.setattr(sys, "stdin", io.StringIO("send 2\n"))
    out = tmp_path / "out"
    args = ["report", "--store", str(store), "--contacts", str(contacts), "--send", "--secrets", str(secrets)]
    assert run([*args, "--language", "sv", str(out)]) == 0
    assert "2 of 2 e-mails sent." in capsys.readouterr().err
    by_recipient = {tuple(to): message for to, message in inbox.received}
    assert set(by_recipient) == {("it@contoso.example",), ("anna@fabrikam.example",)}
    contoso = by_recipient[("it@contoso.example",)]
    assert contoso["Subject"] == "Er användning av Microsoft 365: Contoso Ltd, oktober 2026"
    assert contoso["From"] == "am@partner.example" and contoso["To"] == "it@contoso.example"
    assert contoso["X-Unsent"] is None  # a sent message, not a draft
    assert "Få ut mer av Exchange" in contoso.get_body(("html",)).get_content()
    attachment = next(contoso.iter_attachments())
    assert attachment.get_filename() == "contoso-ltd-oktober-2026-sv.pdf"
    with Store.open(store, read_only=True) as s:
        actions = s.actions("default").sort("customer_key")
    assert actions.select("customer_key", "kind", "note").rows() == sorted(
        [
            (fx.CONTOSO, "Contacted", "Customer report e-mailed to it@contoso.example (Svenska)"),
            (fx.FABRIKAM, "Contacted", "Customer report e-mailed to anna@fabrikam.example (Svenska)"),
        ]
    )
    index = pl.read_csv(out / "index.csv", infer_schema=False)
    assert dict(zip(index["customer_name"], index["sent"].fill_null(""))) == {
        "Adatum Corp": "",
        "Contoso Ltd": "sent",
        "Fabrikam AB": "sent",
        "Northwind Traders": "",
    }


def test_starttls_with_a_login(tmp_path, store, contacts):
    cert, key = self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=(auth_data.login, auth_data.password) == (b"am@partner.example", b"s3cret"))

    inbox, port = Inbox(), free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        authenticator=authenticator,
        auth_require_tls=True,
    )
    controller.start()
    try:
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(
            f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nstarttls = true\nuser = "am@partner.example"\n'
            f'password = "s3cret"\nfrom = "am@partner.example"\nca_file = "{cert}"\n',
            encoding="utf-8",
        )
        args = ["report", "--store", str(store), "--problem", "low_adoption", "--contacts", str(contacts)]
        assert run([*args, "--send", "--confirm", "1", "--secrets", str(secrets), str(tmp_path / "out")]) == 0
    finally:
        controller.stop()
    assert logins == [(b"am@partner.example", b"s3cret")]
    assert [to for to, _ in inbox.received] == [["it@contoso.example"]]


def test_send_needs_smtp_settings_and_contacts(tmp_path, store, contacts, capsys):
    missing = tmp_path / "none.toml"
    assert run(["report", "--store", str(store), "--send", "--secrets", str(missing), str(tmp_path / "o")]) == 2
    assert capsys.readouterr().err == (
        f"adoption: --send needs an [smtp] table in {missing} (see .streamlit/secrets.toml.example).\n"
    )
    bad = tmp_path / "contacts.csv"
    bad.write_text("customer,email\nContoso Ltd,not an address\n", encoding="utf-8")
    assert run(["report", "--store", str(store), "--contacts", str(bad), str(tmp_path / "o")]) == 2
    assert "contacts.csv, line 2: needs a customer and one e-mail address (not an address)." in capsys.readouterr().err

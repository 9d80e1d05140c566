"""The customer report in the app: the Customer page's PDF and .eml downloads (built when clicked,
by adoption.report) and the Next steps page's batch send, shown only when `.streamlit/secrets.toml`
has an [smtp] table, which sends nothing until the account manager ticks the confirmation for
exactly that batch."""

from __future__ import annotations

import polars as pl
import streamlit as st

from adoption import reasons
from adoption.i18n import LANGUAGES
from adoption.model import AdoptionError
from adoption.recommend import PROBLEM_LABELS, PROBLEMS
from adoption.report import batch, content, eml, mail, pdf
from ui import lang, state
from ui.lang import _
from ui.widgets import file_stem, md_text


def smtp_settings() -> mail.SmtpSettings | None:
    """The [smtp] table of the secrets, or None (no secrets file, no table, or an incomplete one)."""
    try:
        table = st.secrets.get("smtp")
    except Exception:  # no secrets file at all
        return None
    try:
        return mail.SmtpSettings.from_mapping(table) if table else None
    except AdoptionError:
        return None


def downloads(data, key: str, stem: str) -> None:
    """A language choice and the PDF and .eml downloads of customer `key`'s report."""
    st.subheader(_("Customer report"))
    st.caption(
        _("For the customer: their licenses, Deployment % and Usage % with charts, what it means and your offer.")
    )
    language = st.segmented_control(
        _("Report language"),
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        default=lang.language(),  # the pages' language, which may be changed for this report
        required=True,
        key="report_language",
    )
    rules = state.settings()
    smtp = smtp_settings()

    def report() -> content.Report:
        return content.build(data, key, language, rules)

    def pdf_bytes() -> bytes:
        return pdf.render(report())

    def eml_bytes() -> bytes:
        built = report()
        return eml.eml(built, pdf.render(built), sender=smtp.sender if smtp else "")

    name = file_stem("customer-report", stem, language)
    row = st.container(horizontal=True, gap="small")
    row.download_button(
        _("Report (PDF, {language})").format(language=md_text(LANGUAGES[language])),
        data=pdf_bytes,
        file_name=f"{name}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
    )
    row.download_button(
        _("E-mail draft (.eml, {language})").format(language=md_text(LANGUAGES[language])),
        data=eml_bytes,
        file_name=f"{name}.eml",
        mime="message/rfc822",
        icon=":material/drafts:",
        on_click="ignore",
    )


def batch_send(data) -> None:
    """E-mail the reports of one problem's customers to a contacts CSV's addresses, after a confirmation."""
    smtp = smtp_settings()
    if smtp is None:
        return
    st.subheader(_("Send customer reports"))
    st.caption(
        md_text(_("Through {server} from {sender}.").format(server=f"{smtp.host}:{smtp.port}", sender=smtp.sender))
        + " "
        + _("Each send is logged as contact on the customer.")
    )
    if "send_result" in st.session_state:
        sent, total, refused = st.session_state.pop("send_result")
        st.success(
            _("{sent} of {total} e-mails sent and logged.").format(sent=lang.number(sent), total=lang.number(total)),
            icon=":material/mark_email_read:",
        )
        for line in refused:
            st.warning(md_text(line))
    left, right = st.columns(2)
    word = lang.words()
    problem = left.selectbox(
        _("Customers with"), PROBLEMS, format_func=lambda p: word(PROBLEM_LABELS[p]), key="send_problem"
    )
    language = right.segmented_control(
        _("Language"),
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        default=lang.language(),
        required=True,
        key="send_language",
    )
    upload = st.file_uploader(_("Contacts (CSV with columns customer and email)"), type=["csv"], key="send_contacts")
    if upload is None:
        return
    try:
        contacts = mail.read_contacts(upload.getvalue(), upload.name)
    except AdoptionError as error:
        st.error(md_text(reasons.sentence(str(error), lang.language())), icon=":material/error:")
        return
    chosen = batch.selected(data, problem)
    to = mail.recipients(chosen, contacts)
    if to.height == 0:
        st.info(
            _("None of the {n} customers with this problem is in the contacts file.").format(
                n=lang.number(chosen.height)
            )
        )
        return
    named = chosen.join(to, on="key").select("customer_name", "email")
    st.dataframe(named, hide_index=True, column_config={"customer_name": _("Customer"), "email": _("To")})
    if chosen.height > to.height:
        st.caption(
            _("{missing} of {n} customers have no contact and get no e-mail.").format(
                missing=lang.number(chosen.height - to.height), n=lang.number(chosen.height)
            )
        )
    # a new batch (problem, language, count) or a batch just sent needs a new tick
    batch_id = f"{st.session_state.get('send_round', 0)}_{problem}_{language}_{to.height}"
    count = lang.number(to.height)
    confirm = st.checkbox(
        lang.ngettext("Send this {n} e-mail now", "Send these {n} e-mails now", to.height).format(n=count),
        key=f"send_confirm_{batch_id}",
    )
    if st.button(
        lang.ngettext("Send {n} e-mail", "Send {n} e-mails", to.height).format(n=count),
        type="primary",
        disabled=not confirm,
        icon=":material/send:",
    ):
        recipients = dict(to.iter_rows())
        outgoing = []
        with st.spinner(_("Writing and sending the reports…")):
            for customer in chosen.filter(pl.col("key").is_in(list(recipients))).iter_rows(named=True):
                built = content.build(data, customer["key"], language, state.settings())
                message = eml.message(built, pdf.render(built), draft=False)
                outgoing.append(
                    mail.Outgoing(
                        customer["key"], customer["customer_name"], recipients[customer["key"]], language, message
                    )
                )
            results = state.safe(mail.send, outgoing, smtp, state.store(), state.target_workspace())
        st.session_state["send_round"] = st.session_state.get("send_round", 0) + 1
        if results is not None:
            sent = sum(1 for _item, error in results if not error)
            refused = [f"{item.email}: {error}" for item, error in results if error]
            st.session_state["send_result"] = (sent, len(outgoing), refused)
            st.rerun()  # the next batch starts with its confirmation unticked

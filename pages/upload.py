"""Upload: several exports at once; for each, what it was recognised as, the rows kept and the rows
rejected with their line numbers, a customer picker for one-tenant files and a column-mapping form
for helpdesk exports whose headers are not recognised."""

import hashlib

import streamlit as st

from adoption import reasons
from adoption.export import template_csv
from adoption.i18n import N_, Message
from adoption.ingest.precheck import TICKET_FIELDS, check_file, guess_ticket_columns
from adoption.stored_view import rejected_summary
from adoption.upload_view import expected_table, headline, size_text, where
from ui import lang, state
from ui.lang import _
from ui.shell import frame
from ui.widgets import md_text

sidebar_summary = frame(_("Upload"), summary_later=True)  # drawn last: a new upload's frames take seconds
language = lang.language()

NEW_CUSTOMER = "\u2795 " + _("A customer not in the list…")
NONE = N_("(none)")  # the optional status column's "no such column"

limit_mb = state.upload_limit_mb()
st.title(_("Upload exports"))
st.write(
    _(
        "Drop the exports you already get: Partner Center Insights license usage, analytics API deployment or "
        "usage files, Microsoft 365 active user detail, subscription lists, your helpdesk's ticket export, or the "
        "CSV template below. The kind of each file is recognised from its header row."
    )
)
st.caption(
    _(
        "CSV, TSV, TXT, XLSX or JSON, up to {limit} MB per file. The same file uploaded twice is stored once; "
        "a newer export for a month already stored replaces that month's figures."
    ).format(limit=lang.number(limit_mb))
)
st.download_button(
    _("Canonical CSV template"),
    data=template_csv(),
    file_name="adoption-template.csv",
    mime="text/csv",
    icon=":material/download:",
    on_click="ignore",
)
if state.store().read_only:
    st.warning(_("The store is read-only, so uploads cannot be saved right now."), icon=":material/lock:")

# Any file is taken (no `type=`): the uploader would refuse another type with its reason only on hover;
# the check below says in the page why a file is not an export.
files = st.file_uploader(_("Exports"), accept_multiple_files=True, key="uploads")
done: dict = st.session_state.setdefault("imported", {})


def store_file(name: str, data: bytes, sha: str, **how) -> None:
    """Store one file with a progress indicator and remember the outcome for this session; the page then runs
    again, which switches the sidebar to the uploaded data and shows the outcome."""
    bar = st.progress(
        0.05, text=md_text(_("Received {name} ({size})…").format(name=name, size=size_text(len(data), language)))
    )
    result = state.safe(
        state.import_upload,
        name,
        data,
        sha256=sha,
        progress=lambda done, stage: bar.progress(done, text=md_text(worded(stage))),
        **how,
    )
    if not result:
        bar.empty()
    else:
        done[sha] = result
        st.session_state["switch_to_mine"] = True
        st.rerun()


def worded(stage) -> str:
    """A stage of the import (an adoption.i18n.Message from the store) in the page's language."""
    return stage.text(language) if isinstance(stage, Message) else str(stage)


def show_result(result, name: str) -> None:
    if result.duplicate:
        st.info(md_text(result.text(language)), icon=":material/content_copy:")
    else:
        st.success(md_text(result.text(language)), icon=":material/check_circle:")
    if (result.rows_rejected or result.rows_skipped) and result.upload_id is not None:
        rejected = state.store().rejected_rows(result.upload_id, state.target_workspace())
        with st.expander(
            md_text(_("{summary}, with the reason for each").format(summary=rejected_summary(rejected, language))),
            icon=":material/rule:",
        ):
            lang.dataframe(
                rejected.select("line", "column", reasons.translated("reason", language)),
                hide_index=True,
                column_config={
                    "line": st.column_config.NumberColumn(_("Line"), help=_("The header is line 1")),
                    "column": _("Column"),
                    "reason": _("Reason"),
                },
            )


def customer_picker(name: str, sha: str) -> str | None:
    known = sorted(state.loaded(state.target_workspace()).portfolio.customers["customer_name"].drop_nulls().to_list())
    choice = st.selectbox(
        md_text(_("Which customer is {name} for?").format(name=name)),
        [*known, NEW_CUSTOMER],
        index=None,
        key=f"cust-{sha}",
        placeholder=_("This report covers one tenant and names none: choose its customer"),
    )
    if choice == NEW_CUSTOMER:
        return st.text_input(_("Customer name"), key=f"newcust-{sha}").strip() or None
    return choice


def mapping_form(name: str, sha: str, data: bytes, headers: list[str]) -> None:
    guesses = guess_ticket_columns(headers)
    with st.form(f"map-{sha}", border=False):
        st.write(_("Is this a helpdesk ticket export? Say which column holds what:"))
        columns = st.columns(len(TICKET_FIELDS))
        chosen = {}
        for column, (field, question) in zip(columns, TICKET_FIELDS.items()):
            options = headers if field != "status" else [NONE, *headers]
            default = guesses.get(field)
            index = options.index(default) if default in options else (0 if field == "status" else None)
            chosen[field] = column.selectbox(
                _(question),
                options,
                index=index,
                key=f"map-{sha}-{field}",
                format_func=lambda header, word=lang.words(): word(NONE) if header == NONE else header,
            )
        if st.form_submit_button(_("Read as helpdesk tickets"), icon=":material/table_view:"):
            column_map = {f: h for f, h in chosen.items() if h and h != NONE}
            store_file(name, data, sha, kind="tickets", column_map=column_map)


checked: dict = st.session_state.setdefault("upload_checks", {})  # file_id -> (sha256, checks): once per file
seen: dict[str, str] = {}  # sha256 -> name of the first file in this batch with those bytes
for upload in files or []:
    data = upload.getvalue()
    if upload.file_id not in checked:
        checked[upload.file_id] = (hashlib.sha256(data).hexdigest(), check_file(upload.name, data))
    sha, checks = checked[upload.file_id]
    with st.container(border=True):
        st.markdown(f"**{md_text(upload.name)}** · {size_text(len(data), language)}")
        if sha in seen:
            st.info(
                md_text(_("Same content as {name}: stored once.").format(name=seen[sha])),
                icon=":material/content_copy:",
            )
            continue
        seen[sha] = upload.name
        if sha in done:
            show_result(done[sha], upload.name)
            continue
        recognised = [c for c in checks if c.kind]
        if not recognised:
            problem = checks[0].problem
            st.error(md_text(headline(problem, language)), icon=":material/error:")
            if where(problem, language):
                st.caption(md_text(where(problem, language)))
            if problem.expected:
                with st.expander(_("Which exports the app recognises, and the columns it looks for")):
                    st.dataframe(
                        expected_table(problem, language),
                        hide_index=True,
                        column_config={
                            "export": _("Export"),
                            "columns": _("Columns it needs (as the export names them)"),
                        },
                    )
            if checks[0].headers and problem.expected:
                mapping_form(upload.name, sha, data, checks[0].headers)
            continue
        st.caption(
            md_text(_("Recognised as: {kinds}").format(kinds="; ".join(dict.fromkeys(_(c.label) for c in recognised))))
        )
        customer = None
        if any(c.needs_customer for c in recognised):
            customer = customer_picker(upload.name, sha)
            if not customer:
                continue
        store_file(upload.name, data, sha, customer=customer)

if not files:
    st.info(
        _("Nothing uploaded in this session yet. Until you upload, the Portfolio shows the bundled sample."),
        icon=":material/info:",
    )
    st.page_link("pages/data.py", label=_("See what is stored"), icon=":material/database:")

sidebar_summary()

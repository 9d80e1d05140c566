"""Data: what the store holds for the workspace shown (files, kinds, periods, customers, rows), the
rows each upload rejected, and removing one upload with everything it brought."""

import streamlit as st

from adoption import reasons
from adoption.stored_view import rejected_summary, uploads_shown
from adoption.text_safety import visible
from ui import lang, state
from ui.lang import _
from ui.shell import frame
from ui.widgets import TILE_WIDTH, csv_download, file_stem, md_text

frame(_("Data"))
language = lang.language()

data = state.loaded()
the_store = state.store()
st.title(_("Stored data"))
st.caption(
    md_text(
        _("Store: {path} · workspace shown: {workspace}").format(
            path=the_store.shown,
            workspace=_("the bundled sample") if data.workspace == state.SAMPLE else data.workspace,
        )
    )
)
uploads = the_store.uploads(data.workspace)
if uploads.height == 0:
    st.info(
        _(
            "Nothing stored here yet. Upload exports on the Upload page; every accepted file is kept with where it "
            "came from, so next month's export adds to the history."
        ),
        icon=":material/database:",
    )
    st.page_link("pages/upload.py", label=_("Upload exports"), icon=":material/upload_file:")
    st.stop()

with st.container(horizontal=True, wrap=True, gap="small"):  # fixed-width tiles: fewer per row when narrow
    for label, value, why in (
        (_("Files"), uploads.height, None),
        (_("Customers"), data.customers, None),
        (_("Rows kept"), uploads["rows_accepted"].sum(), None),
        (_("Rows rejected"), uploads["rows_rejected"].sum(), None),
        (
            _("Marked duplicate"),
            uploads["rows_skipped"].sum(),
            _("Rows the export itself marks as duplicates (IsDuplicateRowForPGA): skipped, listed per upload below"),
        ),
    ):
        st.metric(md_text(label), lang.number(value), help=md_text(why) if why else None, border=True, width=TILE_WIDTH)
lang.dataframe(
    uploads_shown(uploads, language),
    hide_index=True,
    column_config={
        "upload_id": lang.pgettext("an upload", "Upload"),
        "file_name": _("File"),
        "kind": st.column_config.TextColumn(_("Kind"), width="medium"),
        "periods": st.column_config.TextColumn(_("Periods"), width="medium"),
        "customers": st.column_config.NumberColumn(_("Customers"), format=lang.whole_numbers()),
        "rows_accepted": st.column_config.NumberColumn(_("Rows kept"), format=lang.whole_numbers()),
        "rows_rejected": st.column_config.NumberColumn(_("Rows rejected"), format=lang.whole_numbers()),
        "rows_skipped": st.column_config.NumberColumn(_("Skipped as marked duplicate"), format=lang.whole_numbers()),
        "uploaded_at": st.column_config.DatetimeColumn(_("Uploaded"), format="YYYY-MM-DD HH:mm"),
    },
)
csv_download(uploads, file_stem(lang.file_word("uploads"), data.workspace), "uploads-csv", _("CSV of this list"))

upload_labels = dict(
    zip(
        uploads["upload_id"].to_list(),
        [f"{i}: {visible(n)}" for i, n in zip(uploads["upload_id"].to_list(), uploads["file_name"].to_list())],
    )
)
chosen = st.selectbox(
    lang.pgettext("an upload", "Upload"),
    list(upload_labels),
    format_func=upload_labels.get,
    index=None,
    placeholder=_("Choose an upload"),
)
if chosen is not None:
    rejected = the_store.rejected_rows(chosen, data.workspace)
    if rejected.height:
        st.write(md_text(rejected_summary(rejected, language) + _(" (the header is line 1):")))
        # the readers' English reasons in the chosen language, in the table and its download
        rejected = rejected.with_columns(reasons.translated("reason", language))
        lang.dataframe(
            rejected.select("source_file", "line", "column", "reason"),
            hide_index=True,
            column_config={"source_file": _("File"), "line": _("Line"), "column": _("Column"), "reason": _("Reason")},
        )
        csv_download(
            rejected, file_stem(lang.file_word("rejected"), str(chosen)), "rejected-csv", _("CSV of these rows")
        )
    else:
        st.caption(_("This upload had no rejected or skipped rows."))
    if data.workspace == state.SAMPLE:
        st.caption(_("The bundled sample cannot be changed here."))
    elif not the_store.read_only:
        confirm = st.checkbox(
            _("Yes, remove upload {upload} and every row it brought").format(upload=chosen), key=f"confirm-{chosen}"
        )
        if st.button(_("Remove upload"), type="primary", disabled=not confirm, icon=":material/delete:"):
            if state.safe(the_store.remove_upload, chosen, data.workspace):
                st.toast(_("Removed upload {upload}.").format(upload=chosen))
                st.rerun()

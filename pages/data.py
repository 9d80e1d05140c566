"""Data: what the store holds for the workspace shown (files, kinds, periods, customers, rows), the
rows each upload rejected, and removing one upload with everything it brought."""

import streamlit as st

from adoption.text_safety import visible
from adoption.views import uploads_shown
from ui import state
from ui.shell import frame
from ui.widgets import TILE_WIDTH, csv_download, file_stem, md_text

frame("Data")

data = state.loaded()
the_store = state.store()
st.title("Stored data")
st.caption(
    md_text(
        f"Store: {the_store.path} · workspace shown: "
        f"{'the bundled sample' if data.workspace == state.SAMPLE else data.workspace}"
    )
)
uploads = the_store.uploads(data.workspace)
if uploads.height == 0:
    st.info(
        "Nothing stored here yet. Upload exports on the Upload page; every accepted file is kept with where it came "
        "from, so next month's export adds to the history.",
        icon=":material/database:",
    )
    st.page_link("pages/upload.py", label="Upload exports", icon=":material/upload_file:")
    st.stop()

with st.container(horizontal=True, wrap=True, gap="small"):  # tiles wrap on a narrow window, never "9,…"
    for label, value in (
        ("Files", uploads.height),
        ("Customers", data.customers),
        ("Rows kept", uploads["rows_accepted"].sum()),
        ("Rows rejected", uploads["rows_rejected"].sum()),
    ):
        st.metric(label, f"{value:,}", border=True, width=TILE_WIDTH)
st.dataframe(
    uploads_shown(uploads),
    hide_index=True,
    column_config={
        "upload_id": "Upload",
        "file_name": "File",
        "kind": st.column_config.TextColumn("Kind", width="medium"),
        "periods": st.column_config.TextColumn("Periods", width="medium"),
        "customers": st.column_config.NumberColumn("Customers", format="localized"),
        "rows_accepted": st.column_config.NumberColumn("Rows kept", format="localized"),
        "rows_rejected": st.column_config.NumberColumn("Rows rejected", format="localized"),
        "uploaded_at": st.column_config.DatetimeColumn("Uploaded", format="YYYY-MM-DD HH:mm"),
    },
)
csv_download(uploads, file_stem("uploads", data.workspace), "uploads-csv", "CSV of this list")

upload_labels = dict(
    zip(
        uploads["upload_id"].to_list(),
        [f"{i}: {visible(n)}" for i, n in zip(uploads["upload_id"].to_list(), uploads["file_name"].to_list())],
    )
)
chosen = st.selectbox(
    "Upload", list(upload_labels), format_func=upload_labels.get, index=None, placeholder="Choose an upload"
)
if chosen is not None:
    rejected = the_store.rejected_rows(chosen, data.workspace)
    if rejected.height:
        st.write(f"{rejected.height:,} rejected rows (the header is line 1):")
        st.dataframe(rejected.select("source_file", "line", "column", "reason"), hide_index=True)
        csv_download(rejected, file_stem("rejected", str(chosen)), "rejected-csv", "CSV of the rejected rows")
    else:
        st.caption("This upload had no rejected rows.")
    if data.workspace == state.SAMPLE:
        st.caption("The bundled sample cannot be changed here.")
    elif not the_store.read_only:
        confirm = st.checkbox(f"Yes, remove upload {chosen} and every row it brought", key=f"confirm-{chosen}")
        if st.button("Remove upload", type="primary", disabled=not confirm, icon=":material/delete:"):
            if state.safe(the_store.remove_upload, chosen, data.workspace):
                st.toast(f"Removed upload {chosen}.")
                st.rerun()

"""Next steps: customers with low adoption, high support load or upsell room, ranked by what is at
stake, each with its evidence and the playbook's actions."""

import polars as pl
import streamlit as st

from adoption.customer_view import action_plan
from adoption.recommend import PLAYBOOKS, PROBLEM_LABELS, PROBLEMS
from adoption.text_safety import visible
from ui import state
from ui.shell import frame
from ui.widgets import csv_download, file_stem, md_text

frame("Next steps")


ROW_HEIGHT, ROWS_SHOWN = 35, 20  # st.dataframe's row height; up to 20 rows without scrolling the table

data = state.loaded()
st.title("Next steps")
st.caption(md_text(f"Judged on each customer's latest period; support load on help/how-to tickets in the "
                   f"{state.settings().support_window_days} days to {data.as_of or 'the newest ticket'}."))
recs = data.recommendations
if recs.height == 0:
    st.info("Nothing to act on yet: upload license and ticket exports (or switch to the sample) to get a ranked list.",
            icon=":material/checklist:")
    st.stop()

left, right = st.columns([3, 1])
problems = left.pills("Problem", list(PROBLEMS), selection_mode="multi", format_func=PROBLEM_LABELS.get, key="problems",
                      bind="query-params")
only_new = right.toggle("New this month only", key="new", bind="query-params")
shown = recs
if problems:
    shown = shown.filter(pl.col("problem").is_in(problems))
if only_new:
    shown = shown.filter(pl.col("new"))

counts = {p: shown.filter(pl.col("problem") == p).height for p in PROBLEMS}
for column, problem in zip(st.columns(3), PROBLEMS):
    column.metric(PROBLEM_LABELS[problem], f"{counts[problem]:,}", help=PLAYBOOKS[problem]["consider"], border=True)

table = shown.select(
    "customer_name", problem=pl.col("problem").replace_strict(PROBLEM_LABELS), new="new", priority="priority",
    evidence="evidence", actions="actions", key="key", problem_id="problem",
)
event = st.dataframe(
    table.drop("key", "problem_id"), hide_index=True, on_select="rerun", selection_mode="single-row", key="ranked",
    height=min(ROW_HEIGHT * (table.height + 1) + 3, ROW_HEIGHT * (ROWS_SHOWN + 1) + 3),
    column_config={
        "customer_name": st.column_config.TextColumn("Customer", width="medium", pinned=True),
        "problem": "Problem", "new": st.column_config.CheckboxColumn("New", help="Appeared since the previous period"),
        "priority": st.column_config.NumberColumn("Priority", help="Unused licenses (low adoption) or licensed users "
                                                  "at stake", format="localized"),
        "evidence": st.column_config.TextColumn("Evidence", width="large"),
        "actions": st.column_config.TextColumn("Actions", width="large"),
    },
)
selected = event.selection.rows if event else []
if not selected:
    st.caption(f"{table.height:,} rows. Select a row (click, or arrow keys and space) to read its evidence and "
               "actions in full and open the customer.")
else:
    row = table.row(selected[0], named=True)
    with st.container(border=True):
        st.subheader(md_text(row["customer_name"]), anchor=False)
        st.caption(md_text(f"{row['problem']} · priority {row['priority']:,}" + (" · new this month" if row["new"] else "")))
        st.write("Evidence:")
        st.text(row["evidence"])
        st.write(md_text(PLAYBOOKS[row["problem_id"]]["title"]) + ":")
        st.text(row["actions"])
        if st.button("Open the customer", type="primary", icon=":material/apartment:", key="open-customer"):
            st.switch_page("pages/customer.py", query_params={"customer": row["key"]})

export = shown.select("customer_id", "customer_name", "problem", "priority", "new", "evidence", "actions")
csv_download(export, file_stem("next-steps", str(data.as_of or "")), "next-steps-csv", "CSV of this list")

st.subheader("Printable action plan")
names = dict(zip(shown["key"].to_list(), shown["customer_name"].to_list()))
key = st.selectbox("Customer", list(names), format_func=lambda k: visible(names[k]), index=None, placeholder="Choose a customer")
if key:
    plan = action_plan(data.table, data.portfolio.customers, recs, key, data.as_of)
    st.download_button("Download action plan (HTML, prints on one page)", data=plan, mime="text/html",
                       file_name=f"{file_stem('action-plan', names[key], str(data.as_of or ''))}.html",
                       icon=":material/print:", on_click="ignore")

"""Next steps: customers with low adoption, high support load or upsell room, ranked by what is at
stake, each with its evidence and the playbook's actions."""

import datetime as dt

import polars as pl
import streamlit as st

from adoption.call_list import CONTACTED, SNOOZED, call_list, snooze_note
from adoption.customer_view import action_plan
from adoption.money import at_stake
from adoption.recommend import PLAYBOOKS, PROBLEM_LABELS, PROBLEMS
from adoption.text_safety import visible
from ui import customer_report, lang, open_customer, state
from ui.lang import _
from ui.shell import frame
from ui.widgets import TILE_WIDTH, csv_download, file_stem, md_text

frame(_("Next steps"))
language = lang.language()
word = lang.words()  # for format_func


ROW_HEIGHT, ROWS_SHOWN = 35, 20  # st.dataframe's row height; up to 20 rows without scrolling the table

data = state.loaded()
st.title(_("Next steps"))
st.caption(
    md_text(
        _(
            "Judged on each customer's latest period; support load on help/how-to tickets in the {days} days to {date}."
        ).format(days=state.settings().support_window_days, date=data.as_of or _("the newest ticket"))
    )
)
recs = lang.recommendations(data)  # evidence and actions in the chosen language
if recs.height == 0:
    st.info(
        _("Nothing to act on yet: upload license and ticket exports (or switch to the sample) to get a ranked list."),
        icon=":material/checklist:",
    )
    st.stop()

left = right = st.container(horizontal=True, wrap=True, gap="medium")  # wraps on a narrow window
problems = left.pills(
    _("Problem"),
    list(PROBLEMS),
    selection_mode="multi",
    format_func=lambda problem: word(PROBLEM_LABELS[problem]),
    key="problems",
    bind="query-params",
)
only_new = right.toggle(_("New this month only"), key="new", bind="query-params")
recs = at_stake(recs, state.customer_worth())
currency = state.settings().currency
rank = right.segmented_control(
    _("Rank by"),
    ["priority", "money"],
    key="rank",
    default="priority",
    required=True,
    width="content",
    format_func={
        "priority": _("Licenses / users"),
        "money": _("Money ({currency})").format(currency=currency),
    }.get,
    bind="query-params",
)
shown = recs if rank == "priority" else recs.sort(["money", "priority"], descending=True, nulls_last=True)
if problems:
    shown = shown.filter(pl.col("problem").is_in(problems))
if only_new:
    shown = shown.filter(pl.col("new"))

counts = {p: shown.filter(pl.col("problem") == p).height for p in PROBLEMS}
tiles = st.container(horizontal=True, wrap=True, gap="small")  # fewer per row on a narrow window, labels whole
for problem in PROBLEMS:
    tiles.metric(
        _(PROBLEM_LABELS[problem]),
        lang.number(counts[problem]),
        help=word(PLAYBOOKS[problem]["consider"]),
        border=True,
        width=TILE_WIDTH,
    )

table = shown.select(
    "customer_name",
    problem=pl.col("problem").replace_strict({k: _(v) for k, v in PROBLEM_LABELS.items()}),
    new="new",
    priority="priority",
    money="money",
    evidence="evidence",
    actions="actions",
    key="key",
    problem_id="problem",
)
event = lang.dataframe(
    table.drop("key", "problem_id"),
    hide_index=True,
    on_select="rerun",
    selection_mode="single-row",
    key="ranked",
    height=min(ROW_HEIGHT * (table.height + 1) + 3, ROW_HEIGHT * (ROWS_SHOWN + 1) + 3),
    column_config={
        "customer_name": st.column_config.TextColumn(_("Customer"), width="medium", pinned=True),
        "problem": _("Problem"),
        "new": st.column_config.CheckboxColumn(_("New"), help=_("Appeared since the previous period")),
        "priority": st.column_config.NumberColumn(
            _("Priority"), help=_("Unused licenses (low adoption) or licensed users at stake"), format="localized"
        ),
        "money": st.column_config.NumberColumn(
            _("{currency} / month").format(currency=currency),
            format="localized",
            help=_("Unassigned licenses, or for upsell the upgrade room, at the price list's prices (Settings)"),
        ),
        "evidence": st.column_config.TextColumn(_("Evidence"), width="large"),
        "actions": st.column_config.TextColumn(_("Actions"), width="large"),
    },
)
selected = event.selection.rows if event else []
if not selected:
    st.caption(
        _(
            "{rows} rows. Select a row (a click, or Tab into the table, arrow keys, then Shift+Space) to read its "
            "evidence and actions in full and open the customer (Tab to the button, Enter)."
        ).format(rows=lang.number(table.height))
    )
else:
    row = table.row(selected[0], named=True)
    with st.container(border=True):
        st.subheader(md_text(row["customer_name"]), anchor=False)
        st.caption(
            md_text(
                _("{problem} · priority {priority}").format(
                    problem=row["problem"], priority=lang.number(row["priority"])
                )
                + (" · " + _("new this month") if row["new"] else "")
            )
        )
        st.write(_("Evidence:"))
        st.text(row["evidence"])
        st.write(md_text(word(PLAYBOOKS[row["problem_id"]]["title"])) + ":")
        st.text(row["actions"])
        st.button(  # opens the customer from its callback: this page does not run again first
            _("Open the customer"),
            type="primary",
            icon=":material/apartment:",
            key="open-customer",
            on_click=open_customer.open_customer,
            args=(row["key"],),
        )

export = shown.select("customer_id", "customer_name", "problem", "priority", "money", "new", "evidence", "actions")
if language != "en":  # the problems by their labels, as the table shows them (English keeps the command line's names)
    export = export.with_columns(pl.col("problem").replace_strict({k: _(v) for k, v in PROBLEM_LABELS.items()}))
csv_download(
    export,
    file_stem(lang.file_word("next-steps"), str(data.as_of or "")),
    "next-steps-csv",
    _("CSV of this list"),
    headers={"money": _("{currency} / month").format(currency=currency)},
)

st.subheader(_("Printable action plan"))
names = dict(zip(shown["key"].to_list(), shown["customer_name"].to_list()))
key = st.selectbox(
    _("Customer"),
    list(names),
    format_func=lambda k: visible(names[k]),
    index=None,
    placeholder=_("Choose a customer"),
)
if key:
    plan = action_plan(data.table, data.portfolio.customers, recs, key, data.as_of, language)
    st.download_button(
        _("Download action plan (HTML, prints on one page)"),
        data=plan,
        mime="text/html",
        file_name=f"{file_stem(lang.file_word('action-plan'), names[key], str(data.as_of or ''))}.html",
        icon=":material/print:",
        on_click="ignore",
    )

st.subheader(_("This week's call list"))
log = state.store().actions(state.target_workspace())
calls = call_list(recs, log, dt.date.today(), by=rank)
if calls.height == 0:
    st.success(_("Nobody to call: every customer with a problem is snoozed."), icon=":material/check_circle:")
else:
    lang.dataframe(
        calls.drop("key").with_columns(
            pl.col("problems").list.eval(pl.element().replace_strict({k: _(v) for k, v in PROBLEM_LABELS.items()})),
            pl.col("last_contacted", "snoozed_until").cast(pl.String).fill_null(""),
        ),
        hide_index=True,
        column_config={
            "customer_name": _("Customer"),
            "problems": st.column_config.ListColumn(_("Problems")),
            "priority": st.column_config.NumberColumn(_("Priority"), format="localized"),
            "money": st.column_config.NumberColumn(
                _("{currency} / month").format(currency=currency), format="localized"
            ),
            "last_contacted": _("Last contacted"),
            "snoozed_until": _("Snoozed until"),
        },
    )
    names_to_call = dict(zip(calls["key"].to_list(), calls["customer_name"].to_list()))
    with st.form("call", clear_on_submit=True, border=False):
        who = st.selectbox(_("Customer called"), list(names_to_call), format_func=lambda k: visible(names_to_call[k]))
        until = st.date_input(
            _("Snooze until"), value=dt.date.today() + dt.timedelta(days=14), format=lang.date_format()
        )
        contacted = snoozed = st.container(horizontal=True, gap="small")
        if contacted.form_submit_button(_("Contacted today"), icon=":material/call:"):
            if state.safe(state.store().log_action, who, dt.date.today(), CONTACTED, "", state.target_workspace()):
                st.toast(_("Logged: contacted today."), icon=":material/check_circle:")
                st.rerun()
        if snoozed.form_submit_button(_("Snooze"), icon=":material/snooze:"):
            seen = recs.filter(pl.col("key") == who)["problem"].to_list()
            if state.safe(state.store().log_action, who, until, SNOOZED, snooze_note(seen), state.target_workspace()):
                st.toast(
                    _("Snoozed: back on the list on that date, or sooner if a new problem appears."),
                    icon=":material/snooze:",
                )
                st.rerun()

customer_report.batch_send(data)  # only with [smtp] in .streamlit/secrets.toml

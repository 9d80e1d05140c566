"""Opening a customer from a selection (a Customers table row, a heatmap cell) or a button (Next steps' "Open
the customer"): the widget's callback switches to the Customer page itself, so the page holding the table,
chart or button is not run again first (that rerun, the whole Portfolio, was about half of the wait after a
click: bench/page_switch.py --phases)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

CUSTOMER_PAGE = "pages/customer.py"


def open_customer(customer_key: str) -> None:
    st.switch_page(CUSTOMER_PAGE, query_params={"customer": customer_key})


def on_row(widget_key: str, customer_keys: Sequence[str]) -> Callable[[], None]:
    """An `on_select` callback for a single-row table keyed `widget_key` whose rows are `customer_keys`, in
    the order shown (bound when the table is drawn, so a row opens the customer the person saw in it)."""

    def opened() -> None:
        rows = st.session_state[widget_key].selection.rows
        if rows:
            open_customer(customer_keys[rows[0]])

    return opened


def on_cell(widget_key: str, selection: str) -> Callable[[], None]:
    """An `on_select` callback for a chart keyed `widget_key` whose point selection `selection` is on the
    customer `key` field."""

    def opened() -> None:
        picked = st.session_state[widget_key].selection.get(selection) or [{}]
        if picked[0].get("key"):
            open_customer(picked[0]["key"])

    return opened

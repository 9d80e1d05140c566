"""The frame around every page, `frame()`, which app.py and every file in pages/ call first: the page
config, the sign-in gate (when sign-in is configured), the navigation (st.page_link; Streamlit's own is
off, `client.showSidebarNavigation = false`) and the sidebar that says which data is loaded and switches
between the bundled sample and the user's own data.

Why each page calls it, not a router: a `pages/` folder beside app.py makes Streamlit 1.67 run every
session as an old-style multipage app (`PagesManager.uses_pages_directory`, `_mpa_v1`) until some script
calls st.navigation, so a deep link as a fresh server's first request would run the page alone, without a
router's frame. Without st.navigation anywhere, every request runs that way, the same way."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from adoption.i18n import N_
from adoption.model import AdoptionError
from adoption.stored_view import data_summary
from ui import lang, long_lived, state
from ui.lang import _
from ui.widgets import ONE_PNG_BUTTON, md_text

# (script, label, icon): app.py is the Portfolio, at "/"; each page's URL is its file name ("/next_steps").
PAGES = [
    ("app.py", N_("Portfolio"), ":material/grid_view:"),
    ("pages/customer.py", N_("Customer"), ":material/apartment:"),
    ("pages/next_steps.py", N_("Next steps"), ":material/checklist:"),
    ("pages/upload.py", N_("Upload"), ":material/upload_file:"),
    ("pages/data.py", N_("Data"), ":material/database:"),
    ("pages/settings.py", N_("Settings"), ":material/tune:"),
]


def frame(title: str, summary_later: bool = False) -> Callable[[], None]:
    """Everything around a page (`title` already in the chosen language), called first by each: stops the script when sign-in is needed, or when
    the store cannot be read (one sentence, no traceback). Returns what draws the sidebar's summary of the data
    loaded (files, customers, periods): drawn here, unless `summary_later`, where the page calls it last, so that
    what it draws first (the Upload page's success line) is not held up by computing a new upload's frames."""
    st.set_page_config(page_title=f"{title} · Adoption Insights", page_icon=":material/insights:", layout="wide")
    long_lived.freeze_what_is_loaded()  # Streamlit's full collection after each run then skips the libraries
    st.html(ONE_PNG_BUTTON)  # a style only, taking no space: every chart has the page's PNG button, not the toolbar's
    state.begin_run()
    _page_errors_as_one_sentence()
    if not sign_in_gate():
        st.stop()
    try:
        with _as_one_widget_on_every_page():
            navigation()
            summary = sidebar()
    except AdoptionError as error:  # the store is busy, damaged or unwritable: one sentence
        st.error(md_text(error), icon=":material/database:")
        st.stop()

    def draw_summary() -> None:
        try:
            with _as_one_widget_on_every_page(), summary.container():
                data_summary_caption()
        except AdoptionError as error:
            st.error(md_text(error), icon=":material/database:")
            st.stop()

    if not summary_later:
        draw_summary()
    return draw_summary


def _one_sentence(error: Exception) -> bool | None:
    """Streamlit's on_script_error handler: an AdoptionError the page's own code raises after the frame (the
    store busy or damaged mid-page) is shown as its one sentence, instead of Streamlit's error box; True
    tells Streamlit not to show it again. Anything else is Streamlit's to show."""
    if not isinstance(error, AdoptionError):
        return None
    st.error(md_text(error), icon=":material/database:")
    return True


def _page_errors_as_one_sentence() -> None:
    """Install _one_sentence for this session's script runs. `streamlit run` has no option for it (st.App's
    on_script_error is the public form), so it goes on the run context, which Streamlit reads when a script
    raises; a handler the server was started with is left in place."""
    ctx = get_script_run_ctx()
    if ctx is not None and ctx.on_script_error in (None, _one_sentence):
        ctx.on_script_error = _one_sentence


@contextlib.contextmanager
def _as_one_widget_on_every_page() -> Iterator[None]:
    """Streamlit keys a widget by the page that draws it; the frame's widgets (the sidebar's data source)
    must be the same widget on every page, as they were under a router, so they are drawn as app.py's."""
    ctx = get_script_run_ctx()
    if ctx is None:
        yield
        return
    with ctx.run_with_active_hash(ctx.pages_manager.main_script_hash):
        yield


def navigation() -> None:
    with st.sidebar.container(key="navigation"):
        for script, label, icon in PAGES:
            st.page_link(script, label=_(label), icon=icon)


def sign_in_gate() -> bool:
    """True when the pages may run: sign-in is off, or the user is signed in."""
    if not state.auth_enabled() or st.user.is_logged_in:
        return True
    st.title("Adoption Insights")
    st.write(_("Sign in to see your customers. Each account manager sees only their own workspace."))
    st.button(_("Sign in"), type="primary", icon=":material/login:", on_click=st.login)
    return False


def _default_source() -> str:
    the_store = state.store()
    return "mine" if not the_store.is_empty(state.own_workspace()) else "sample"


def sidebar():
    """The sidebar; returns the empty slot where data_summary_caption goes."""
    with st.sidebar:
        lang.choice()
        options = ["sample", "mine"] + (["team"] if "Team data" in state.writable_workspaces() else [])
        if "data" not in st.session_state:
            st.session_state["data"] = _default_source()
        if st.session_state.pop("switch_to_mine", False) and st.session_state["data"] == "sample":
            st.session_state["data"] = "mine"  # after an upload, show what was uploaded
        st.segmented_control(
            _("Data"),
            options,
            key="data",
            format_func=lambda source, word=lang.words(): word(state.SOURCE_LABELS[source]),
            required=True,
            bind="query-params",
            help=_("The bundled sample portfolio, or the exports you uploaded"),
        )
        summary = st.empty()
        the_store = state.store()
        if the_store.read_only:
            st.warning(_("The store is read-only: you can look, but uploads cannot be saved."), icon=":material/lock:")
        email = state.user_email()
        if email:
            st.caption(_("Signed in as {email}").format(email=md_text(email)))
            st.button(_("Sign out"), on_click=st.logout, icon=":material/logout:")
    return summary


def data_summary_caption() -> None:
    """`2 files · 4 customers · 2026-09 to 2026-10`: what the workspace shown holds (its frames computed here
    when they are not yet, with the "Computing adoption…" spinner in their place)."""
    data = state.loaded()
    uploads = state.store().uploads(data.workspace)
    st.caption(
        md_text(
            data_summary(uploads.height, data.customers, data.customers_with_licenses, data.periods, lang.language())
        )
    )

"""The app's shared state, cached: the store (one Store object per process, which keeps no file
open between calls, so `store import` from the command line can write while the app runs), who is
signed in and which workspace they see, and the computed tables of that workspace, recomputed only
when the store's version for it changes (read on every rerun, so another program's import shows on
the next one). Pages call these helpers; only this module and ui.widgets know Streamlit
and the store together."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass

import polars as pl
import streamlit as st

from adoption import reasons
from adoption.health import health_scores
from adoption.i18n import N_
from adoption.ingest.limits import max_file_bytes
from adoption.model import AdoptionError, ParsedFile
from adoption.money import price_list, values
from adoption.recommend import Settings
from adoption.store import Store, default_store_path, ensure_sample
from adoption.store.derived import Computed, computed
from adoption.views import customer_summary, rows_for_period
from ui import lang
from ui.widgets import md_text

SAMPLE = "sample"
SOURCE_LABELS = {"sample": N_("Sample"), "mine": N_("My data"), "team": N_("Team")}  # the sidebar's Data choice


@dataclass(frozen=True)
class Loaded(Computed):
    """Everything one workspace's pages read (adoption.store.derived.Computed), computed once per store
    version: the frames and which workspace and version they are of."""

    workspace: str
    version: int


# The cached functions' own spinners are off: a decorator's text is fixed at import, in English. store() and
# loaded() show the same words in the page's language around the calls that may miss the cache (st.spinner shows
# nothing for a call that returns within half a second, so a cache hit shows no spinner).
@st.cache_resource(show_spinner=False)
def _open_store(path: str) -> Store:
    store = Store.open(path)
    ensure_sample(store)
    return store


def store_path() -> str:
    """$ADOPTION_STORE, else `store_path` in .streamlit/secrets.toml, else data/adoption.duckdb."""
    if os.environ.get("ADOPTION_STORE"):
        return os.environ["ADOPTION_STORE"]
    try:
        configured = st.secrets.get("store_path")
    except Exception:  # no secrets file
        configured = None
    return str(configured or default_store_path())


def store() -> Store:
    """The process's store (created and filled with the sample on first run); when it cannot be
    opened (in use, foreign file, no permission) the page says why in one sentence and stops."""
    try:
        with st.spinner(lang._("Opening the store…")):
            return _open_store(store_path())
    except AdoptionError as error:
        st.error(md_text(error), icon=":material/database:")
        st.stop()


def auth_enabled() -> bool:
    """Sign-in is on when `.streamlit/secrets.toml` has an [auth] section (see README)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: single local user
        return False


def team_members() -> list[str]:
    try:
        return [m.lower() for m in st.secrets.get("workspaces", {}).get("team_members", [])]
    except Exception:
        return []


def user_email() -> str | None:
    """The signed-in user's e-mail (or OIDC subject); None when sign-in is off or nobody is signed in."""
    if not auth_enabled() or not st.user.is_logged_in:
        return None
    value = st.user.get("email") or st.user.get("sub")
    return str(value) if value else None


def own_workspace() -> str:
    """Where this user's uploads go: `default` for a single local user, `user:<email>` when signed in."""
    email = user_email()
    return f"user:{email.lower()}" if email else "default"


def writable_workspaces() -> dict[str, str]:
    """label -> workspace the user may upload to and read."""
    choices = {"My data": own_workspace()}
    email = user_email()
    if email and email.lower() in team_members():
        choices["Team data"] = "team"
    return choices


def current_workspace() -> str:
    """The workspace the pages show: the sample, the user's own, or the shared team one."""
    source = st.session_state.get("data", "sample")
    if source == "sample":
        return SAMPLE
    if source == "team" and "Team data" in writable_workspaces():
        return "team"
    return own_workspace()


_RUN_MEMO = "_store_reads_this_run"  # session_state key: what this script run has read from the store


def begin_run() -> None:
    """Start a script run with nothing read yet (ui.shell.frame calls it first on every page; a write through
    this module calls it too). The store's version and settings are then read once per run instead of by each
    helper (~12 queries of each Portfolio rerun): still on every rerun, so another program's import shows."""
    st.session_state[_RUN_MEMO] = {}


def _once_per_run(key: tuple, read):
    memo = st.session_state.setdefault(_RUN_MEMO, {})
    if key not in memo:
        memo[key] = read()
    return memo[key]


def version(workspace: str) -> int:
    """The store's version of `workspace` (adoption.store.Store.version), read once per script run."""
    return _once_per_run(("version", workspace), lambda: store().version(workspace))


def settings() -> Settings:
    """The thresholds in force: the workspace's, kept in the store (the Settings page changes them). The
    sample's are the defaults; changed while the sample is shown, they last for the session."""
    workspace = current_workspace()
    if workspace == SAMPLE:
        return st.session_state.get("sample_settings", Settings())
    return _once_per_run(("settings", workspace), lambda: store().settings(workspace))


def apply_settings(new: Settings) -> str:
    """Put `new` in force for the workspace shown (saved in the store; the sample's for this session only)
    and say where, for the confirmation."""
    workspace = current_workspace()
    if workspace == SAMPLE:
        st.session_state["sample_settings"] = new
        return "for this session (the sample's own settings are the defaults)"
    store().save_settings(new, workspace)
    begin_run()  # what this run read before is no longer so
    return "and saved for this workspace"


def price_list_in_use() -> tuple[str, bytes] | None:
    """(file name, bytes) of the price list uploaded for the workspace shown (for the sample, this
    session's); None: the default list (adoption.money.DEFAULT_PRICES)."""
    workspace = current_workspace()
    if workspace == SAMPLE:
        return st.session_state.get("sample_prices")
    return store().price_list(workspace)


def use_price_list(name: str | None, data: bytes | None) -> bool:
    """Keep an uploaded price list for the workspace shown (None, None: back to the default list)."""
    workspace = current_workspace()
    if workspace == SAMPLE:
        st.session_state["sample_prices"] = (name, data) if data is not None else None
    else:
        store().save_price_list(name, data, workspace)
        begin_run()
    return True


# (store path, workspace, version) -> the parsed files of the upload that made that version as the workspace's
# only upload (ImportResult.alone): its frames are then computed from those rows instead of reading them back
# (adoption.store.derived.computed's `just_imported`). The latest such upload only; _load takes it out.
_JUST_IMPORTED: dict[tuple[str, str, int], list[ParsedFile]] = {}


@st.cache_resource(max_entries=8, show_spinner=False)
def _load(path: str, workspace: str, version: int, rules: Settings) -> Loaded:
    parsed = _JUST_IMPORTED.pop((path, workspace, version), None)
    if parsed:  # after an upload: the write's buffers go back (DuckDB keeps them while its connection is open; the
        _open_store(path).close()  # connection reopens on demand, and only an idle one is closed) before computing
    frames = computed(_open_store(path), workspace, rules, just_imported=(version, parsed) if parsed else None)
    return Loaded(
        **{field.name: getattr(frames, field.name) for field in dataclasses.fields(Computed)},
        workspace=workspace,
        version=version,
    )


def loaded(workspace: str | None = None) -> Loaded:
    """A workspace's tables, the current one by default (cached on the store's version for it)."""
    workspace = workspace or current_workspace()
    the_store = store()
    with st.spinner(lang._("Computing adoption…")):
        return _load(str(the_store.path), workspace, version(workspace), settings())


@st.cache_resource(max_entries=64, show_spinner=False)
def view_frames(
    path: str, workspace: str, version: int, rules: Settings, period: str | None, metric: str
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rows of `period`, one summary row per customer) of a workspace's frames, cached (portfolio_view's, by key)."""
    data = _load(path, workspace, version, rules)
    rows = data.latest if period is None else rows_for_period(data.table, period)
    return rows, customer_summary(rows, data.recommendations, metric, rules, health(path, workspace, version, rules))


@st.cache_resource(max_entries=8, show_spinner=False)
def health(path: str, workspace: str, version: int, rules: Settings) -> pl.DataFrame:
    """Every customer's health score (adoption.health), once per store version and rule settings."""
    data = _load(path, workspace, version, rules)
    return health_scores(data.table, data.portfolio.tickets, data.as_of, rules)


@st.cache_resource(max_entries=16, show_spinner=False)
def _worth(path: str, workspace: str, version: int, rules: Settings, prices: bytes | None) -> pl.DataFrame:
    data = _load(path, workspace, version, rules)
    return values(data.latest, price_list(prices, rules.currency))


def customer_worth() -> pl.DataFrame:
    """Per customer, the monthly value of its unassigned licenses and upgrade room (adoption.money), with the
    workspace's price list (Settings) or the default one; an unreadable price list falls back to the default."""
    the_store, workspace = store(), current_workspace()
    uploaded = price_list_in_use()
    try:
        return _worth(str(the_store.path), workspace, version(workspace), settings(), uploaded and uploaded[1])
    except AdoptionError as error:
        st.warning(md_text(reasons.sentence(str(error), lang.language())), icon=":material/payments:")
        return _worth(str(the_store.path), workspace, version(workspace), settings(), None)


def customer_health() -> pl.DataFrame:
    """The current workspace's health scores."""
    the_store, workspace = store(), current_workspace()
    return health(str(the_store.path), workspace, version(workspace), settings())


def portfolio_view(period: str | None, metric: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rows, one summary row per customer: every workload and product, so the tiles count all of a
    customer's licenses whichever columns the heatmap shows) of the current workspace, cached per
    choice so a filter or sort change only filters the summary."""
    the_store, workspace = store(), current_workspace()
    return view_frames(str(the_store.path), workspace, version(workspace), settings(), period, metric)


def target_workspace() -> str:
    """Where uploads, removals and logged actions go: the workspace shown, or the user's own when the sample is shown."""
    workspace = current_workspace()
    return own_workspace() if workspace == SAMPLE else workspace


def import_upload(
    name: str,
    data: bytes,
    customer: str | None = None,
    kind: str | None = None,
    column_map: dict[str, str] | None = None,
    progress=None,
    sha256: str | None = None,
):
    """Store one upload in the user's writable workspace (ImportResult), or raise AdoptionError. When it is the
    workspace's only upload, its parsed rows are kept for computing the workspace's frames (_load)."""
    the_store, workspace, parsed = store(), target_workspace(), []
    result = the_store.import_file(
        name,
        data,
        customer=customer,
        kind=kind,
        column_map=column_map,
        workspace=workspace,
        progress=progress,
        parsed_into=parsed,
        sha256=sha256,
    )
    begin_run()
    _JUST_IMPORTED.clear()
    if result.alone and result.version is not None and parsed:
        _JUST_IMPORTED[(str(the_store.path), workspace, result.version)] = parsed
    return result


def upload_limit_mb() -> int:
    """The effective per-file limit: the smaller of the browser upload limit and the package's."""
    return min(max_file_bytes() // (1024 * 1024), int(st.get_option("server.maxUploadSize")))


def show_sample() -> None:
    """Callback: show the bundled sample (the sidebar's Data choice)."""
    st.session_state["data"] = "sample"


def safe(action, *args, **kwargs):
    """Run `action`; a plain-language AdoptionError is shown as an error, never a traceback."""
    try:
        return action(*args, **kwargs)
    except AdoptionError as error:
        st.error(md_text(reasons.sentence(str(error), lang.language())), icon=":material/error:")  # in its words
        return None

"""The language the pages speak (Svenska or English), chosen in the sidebar and kept in the URL
(`?lang=sv`), defaulting from the browser's language (`st.context.locale`); and `_`, `ngettext`,
`number`, `percent` for the pages, in that language. The catalogues, number formats and the
browser-tag rule are adoption.i18n's; this module only knows where the choice lives.

Pages mark their words with `_("...")` (Babel extracts them, `make messages`); words the package gives
the pages as keys and labels (`N_` in adoption) are translated here at the edge with `_(label)`, so
CSV and command-line output stay English."""

from __future__ import annotations

import polars as pl
import streamlit as st

from adoption import i18n, recommend

KEY = "lang"


def language() -> str:
    """ "sv" or "en": the sidebar's choice, else the URL's `lang`, else the browser's language."""
    chosen = st.session_state.get(KEY)
    if chosen not in i18n.LANGUAGES:
        asked = st.query_params.get(KEY)
        chosen = asked if asked in i18n.LANGUAGES else i18n.from_locale(_browser_locale())
        st.session_state[KEY] = chosen
    return chosen


def _browser_locale() -> str | None:
    try:
        return st.context.locale
    except Exception:  # no browser (AppTest without a context): English
        return None


def _(message: str) -> str:
    """`message` in the chosen language (English: itself)."""
    return i18n.gettext_for(language())(message)


def pgettext(context: str, message: str) -> str:
    """`message` in the chosen language where the same English word needs another translation by its
    `context` ("Upload" the page: "Ladda upp"; an upload, the noun: "Uppladdning")."""
    return i18n.translations(language()).pgettext(context, message)


def words():
    """`_` fixed to the chosen language, for a widget's format_func: Streamlit may call it outside the
    script run (AppTest does), where the session's choice cannot be read."""
    return i18n.gettext_for(language())


def ngettext(singular: str, plural: str, n: int) -> str:
    return i18n.ngettext_for(language())(singular, plural, n)


def number(value: float | int | None, decimals: int = 0) -> str:
    """1,234 / 1 234 in the chosen language; "n/a" / "saknas" when there is no figure."""
    return i18n.number(value, language(), decimals, missing=_("n/a"))


def percent(value: float | None) -> str:
    """85.5% / 85,5 % in the chosen language."""
    return i18n.percent(value, language(), 1, missing=_("n/a"))


def choice() -> None:
    """The sidebar's language choice (Svenska / English), kept in the URL (`?lang=sv`) once it differs from
    the browser's language, so a reload, a copied link and the next page keep it. Written by hand, not with
    bind="query-params": the session value is known before the widget (each page's title needs it), and a
    bound widget whose value was set that way did not put a click into the URL (Streamlit 1.67)."""
    language()
    value = st.segmented_control(
        "Språk / Language",
        list(i18n.LANGUAGES),
        key=KEY,
        format_func=i18n.LANGUAGES.get,
        required=True,
    )
    if st.query_params.get(KEY) != value and (KEY in st.query_params or value != i18n.from_locale(_browser_locale())):
        st.query_params[KEY] = value


def money(value: float | None, currency: str) -> str:
    """12,345 SEK / 12 345 SEK: whole units, the currency after the figure (adoption.money.money's form)."""
    return _("n/a") if value is None else f"{number(value)} {currency}"


STYLED_ROWS = 1_000  # Swedish number display in tables up to this many rows (pandas' Styler costs ~0.25 s here)


def dataframe(frame: pl.DataFrame, column_config: dict | None = None, percent: tuple[str, ...] = (), **options):
    """st.dataframe, its numbers in the chosen language whatever the browser's locale. Streamlit 1.67's number
    formats cannot be given a locale ("localized" is the browser's; printf knows only "," and "_" as thousands
    separators), but it shows a pandas Styler's display values and still sorts by the numbers: so in Swedish, a
    table of up to STYLED_ROWS rows goes as a Styler with Babel's CLDR forms (`1 234`, `45,2`, `45,2 %` for the
    `percent` columns) and its NumberColumns lose their own format (which would win over the Styler's). English,
    and longer Swedish tables, as before (the browser's locale)."""
    config = dict(column_config or {})
    if language() == "en" or frame.height > STYLED_ROWS:
        return st.dataframe(frame, column_config=config, **options)
    numbers = [name for name, dtype in frame.schema.items() if dtype.is_numeric()]
    for name in numbers:
        column = config.get(name)
        if isinstance(column, dict) and column.get("type_config", {}).get("type") == "number":
            config[name] = {**column, "type_config": {**column["type_config"], "format": None}}
    formats = {
        name: _formatter(frame.schema[name].is_integer(), name in percent)
        for name in numbers
        if not _is_progress(config.get(name))
    }
    return st.dataframe(frame.to_pandas().style.format(formats, na_rep=""), column_config=config, **options)


def _is_progress(column) -> bool:
    return isinstance(column, dict) and column.get("type_config", {}).get("type") == "progress"


def _formatter(whole: bool, percent_sign: bool):
    chosen = language()

    def shown(value) -> str:
        if value is None or value != value:  # missing, NaN
            return ""
        text = i18n.number(value, chosen, 0 if whole else 1)
        return text + (i18n.NBSP + "%" if percent_sign else "")

    return shown


def date_format() -> str:
    """A date input's format: Streamlit's default (2026/12/16) in English, ISO 8601 in Swedish (2026-12-16, as
    Swedes write dates)."""
    return "YYYY/MM/DD" if language() == "en" else "YYYY-MM-DD"


def whole_numbers() -> str:
    """A table's number format: Streamlit's "localized" groups digits by the browser's locale (st.dataframe
    takes no locale of its own), which is what the English pages have always used."""
    return "localized"


def percent_format() -> str:
    """A table's percent column: "45.2%" in English; in Swedish the browser's locale ("45,2" with a
    Swedish browser; the column's header says %), as st.dataframe cannot be given a decimal comma."""
    return "%.1f%%" if language() == "en" else "localized"


def recommendations(data) -> pl.DataFrame:
    """The workspace's Next steps (`data`: ui.state.loaded()) with their evidence and actions in the chosen
    language: English as stored; another language worded again by adoption.recommend (same rules, same rows,
    numbers in its format), once per store version, rules and language."""
    from ui import state  # ui.state imports this module (through ui.widgets)

    if language() == "en":
        return data.recommendations
    return _worded(state.store_path(), data.workspace, data.version, state.settings(), language(), data)


@st.cache_resource(max_entries=8, show_spinner=False)
def _worded(path: str, workspace: str, version: int, settings, language: str, _data) -> pl.DataFrame:
    worded = recommend.recommendations(_data.portfolio, settings, _data.as_of, table=_data.table, language=language)
    stored = _data.recommendations
    return (
        stored.drop("evidence", "actions")
        .join(
            worded.select("key", "problem", "evidence", "actions"),
            on=["key", "problem"],
            how="left",
            maintain_order="left",
        )
        .select(stored.columns)
    )


def file_word(word: str) -> str:
    """A fixed word of a download's file name in the chosen language ("action-plan" / "åtgärdsplan"; file_stem
    makes it ASCII: "atgardsplan"). Each is written out below, so the catalogue has it (context "file name")."""
    words = {
        "portfolio": pgettext("file name", "portfolio"),
        "customers": pgettext("file name", "customers"),
        "customer": pgettext("file name", "customer"),
        "rows": pgettext("file name", "rows"),
        "change": pgettext("file name", "change"),
        "usage": pgettext("file name", "usage"),
        "deployment": pgettext("file name", "deployment"),
        "licenses": pgettext("file name", "licenses"),
        "percent": pgettext("file name", "percent"),
        "trend": pgettext("file name", "trend"),
        "tickets": pgettext("file name", "tickets"),
        "action-plan": pgettext("file name", "action-plan"),
        "uploads": pgettext("file name", "uploads"),
        "rejected": pgettext("file name", "rejected"),
        "next-steps": pgettext("file name", "next-steps"),
    }
    return words[word]

"""Languages (English and Swedish) for what the package writes for people: message catalogues and
number, percent and month formats, in one place (the customer report uses it; the app's pages can).

Translations are standard gettext catalogues: `adoption/locale/<lang>/LC_MESSAGES/messages.po`,
extracted from the code and templates with Babel (`make messages`, configured in
`adoption/locale/babel.cfg`). The `.po` file is the only copy kept in git: it is compiled in memory
with Babel's own compiler when first used (`babel.messages.mofile.write_mo`), so there is no
build step and no binary `.mo` that can fall behind its source. English is the source language
(msgids), so English needs no catalogue.

Numbers follow Unicode CLDR through Babel: Swedish groups thousands with a no-break space and
writes a decimal comma (`1 234,5`), and puts a no-break space before the percent sign (`85,5 %`).
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
LANGUAGES = {"en": "English", "sv": "Svenska"}
DEFAULT_LANGUAGE = "en"
_CLDR = {"en": "en_GB", "sv": "sv_SE"}  # en_GB: 1,234.5 and day-month dates, as the app writes them
NBSP = "\u00a0"


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; use one of {', '.join(LANGUAGES)}")
    return language


def from_locale(tag: str | None) -> str:
    """The language for a browser's language tag ("sv-SE", "sv", "en-GB"): Swedish for Swedish,
    English for anything else or nothing."""
    primary = (tag or "").replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGUAGES else DEFAULT_LANGUAGE


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The language's catalogue compiled in memory (fuzzy entries are left out, as msgfmt does);
    English (the msgids) is the identity."""
    if check_language(language) == "en":
        return gettext.NullTranslations()
    with catalogue_path(language).open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def N_(message: str) -> str:
    """Marks a word the package gives the pages (a label of a key) for translation without translating it:
    Babel extracts it (`make messages` passes `-k N_`), the page translates it at the edge with `_(label)`,
    and CSV and command-line output keep the English."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a singular/plural pair for translation without translating it (`make messages` passes `-k Nn_:1,2`):
    `Message.counted(Nn_("{n} row", "{n} rows"), n)`."""
    return singular, plural


@dataclass(frozen=True)
class Message:
    """A sentence for people, kept as its template and parameters so each reader gets it in their language
    (structured rather than a finished string): `template` is `N_`-marked where it is written, with `{name}`
    placeholders; `plural` and `n` pick the plural form. Parameters are data: text is kept as it is, whole
    numbers are written in the language's form (1,234 / 1 234), a Message is worded in the same language.
    str() is the English (the command line's and the store's wording)."""

    template: str
    params: Mapping[str, object] = field(default_factory=dict)
    plural: str | None = None
    n: int | None = None

    @classmethod
    def counted(cls, forms: tuple[str, str], n: int, **params: object) -> Message:
        return cls(forms[0], {"n": n, **params}, forms[1], n)

    def text(self, language: str = "en") -> str:
        if self.plural is None:
            template = gettext_for(language)(self.template)
        else:
            template = ngettext_for(language)(self.template, self.plural, self.n or 0)
        return template.format(**{name: _worded(value, language) for name, value in self.params.items()})

    def __str__(self) -> str:
        return self.text("en")


def _worded(value: object, language: str) -> str:
    if isinstance(value, Message):
        return value.text(language)
    if isinstance(value, list | tuple):  # parts joined without a word of their own
        return "".join(_worded(part, language) for part in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return number(value, language)
    return str(value)


def gettext_for(language: str):
    """`_` for one language: `_("Usage %")` -> "Användning %"."""
    return translations(language).gettext


def ngettext_for(language: str):
    """`ngettext` for one language: the singular or plural form by count."""
    return translations(language).ngettext


def jinja_environment(language: str):
    """A new Jinja2 environment for the package's templates (adoption/templates/: autoescaped, strict about
    undefined names) with gettext in `language`; each caller caches its own and adds its filters."""
    import jinja2  # only the action plan and the report's e-mail render templates

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("adoption", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(gettext_for(language), ngettext_for(language), newstyle=True)  # type: ignore[attr-defined]
    return env


def number(value: float | int | None, language: str, decimals: int = 0, missing: str = "–") -> str:
    """1,234 / 1 234 (no-break space), with `decimals` fixed decimals (1,234.5 / 1 234,5)."""
    if value is None:
        return missing
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_CLDR[check_language(language)])


def percent(value: float | None, language: str, decimals: int = 1, missing: str = "–") -> str:
    """A figure already in percent: 85.5% / 85,5 % (Swedish puts a no-break space before the sign)."""
    if value is None:
        return missing
    sign = NBSP + "%" if language == "sv" else "%"
    return number(value, language, decimals) + sign


def month(period: str | dt.date | None, language: str) -> str:
    """ "2026-10" -> "October 2026" / "oktober 2026"."""
    if period is None:
        return ""
    day = period if isinstance(period, dt.date) else dt.date.fromisoformat(str(period)[:7] + "-01")
    return format_date(day, "LLLL y", locale=_CLDR[check_language(language)])


def day(date: dt.date | None, language: str) -> str:
    """2026-10-31 -> "31 October 2026" / "31 oktober 2026"."""
    return "" if date is None else format_date(date, "d MMMM y", locale=_CLDR[check_language(language)])


@functools.cache
def countries(language: str) -> dict[str, str]:
    """The English country names the app shows markets by (adoption.ingest.markets: CLDR's, through Babel) -> the
    same country in `language` ("Sweden" -> "Sverige"); empty for English."""
    from babel import Locale

    if check_language(language) == "en":
        return {}
    english, own = Locale.parse("en").territories, Locale.parse(_CLDR[language]).territories
    return {name: own[code] for code, name in english.items() if code in own and own[code] != name}


def vega_locale(language: str) -> str:
    """The d3 format locale vl-convert renders chart axes with ("sv-SE": 1 234,5)."""
    return {"en": "en-GB", "sv": "sv-SE"}[check_language(language)]


def number_expr(expr: pl.Expr, language: str) -> pl.Expr:
    """A number column as text in the language, for sentences built with expressions: English as Polars writes
    it (`1234`, `59.9`: the command line's wording); Swedish grouped with a no-break space, a decimal comma and
    the sign as it is (`1 234`, `59,9`, `-16,9`), as `number` writes it with Babel (CLDR)."""
    text = expr.cast(pl.String)
    if check_language(language) == "en":
        return text
    grouped = text.str.extract(r"(\d+)", 1).str.reverse().str.extract_all(r"\d{1,3}").list.join(NBSP).str.reverse()
    sign = pl.when(text.str.starts_with("-")).then(pl.lit("-")).otherwise(pl.lit(""))
    fraction = (pl.lit(",") + text.str.extract(r"\.(\d+)$", 1)).fill_null("")
    return pl.when(text.is_not_null()).then(pl.concat_str([sign, grouped, fraction]))


def percent_expr(expr: pl.Expr, language: str) -> pl.Expr:
    """A percent column as text: `59.9%` / `59,9 %` (as `percent` writes it)."""
    return number_expr(expr, language) + ("%" if language == "en" else NBSP + "%")

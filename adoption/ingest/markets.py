"""Markets as one vocabulary: a country code (`SE`) or a country's name in English or a Nordic
language (`Sweden`, `Sverige`, `Ruotsi`) becomes one English country name, from the Unicode CLDR
data Babel ships; anything else is kept as written, and an empty market is unknown."""

from __future__ import annotations

from functools import cache

import polars as pl
from babel import Locale

# Languages whose country names a partner's exports may use (Nordic Excel saves, German tenants).
NAME_LANGUAGES = ("en", "sv", "nb", "nn", "da", "fi", "is", "de")
ALIASES = {"uk": "GB", "usa": "US", "great britain": "GB", "england": "GB"}


@cache
def market_names() -> dict[str, str]:
    """Lower-case code or name -> the English country name."""
    english = {code: name for code, name in Locale("en").territories.items() if len(code) == 2 and code.isalpha()}
    names = {alias: english[code] for alias, code in ALIASES.items()}
    for language in NAME_LANGUAGES:
        for code, name in Locale(language).territories.items():
            if code in english:
                names.setdefault(name.lower(), english[code])
    names.update({code.lower(): name for code, name in english.items()})
    return names


def market_name(expr: pl.Expr) -> pl.Expr:
    """The English country name of a market cell; unknown (null) where it is empty."""
    text = expr.str.strip_chars()
    named = text.str.to_lowercase().replace_strict(market_names(), default=text, return_dtype=pl.String)
    return pl.when(text.str.len_chars() > 0).then(named)


def blank_text(expr: pl.Expr) -> pl.Expr:
    """An empty or blank text cell is unknown (null), never the text "None"."""
    text = expr.str.strip_chars()
    return pl.when(text.str.len_chars() > 0).then(expr)

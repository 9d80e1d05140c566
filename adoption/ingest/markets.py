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
def _english() -> dict[str, str]:
    """Country code (`SE`) -> its English name."""
    return {code: name for code, name in Locale("en").territories.items() if len(code) == 2 and code.isalpha()}


@cache
def english_names() -> dict[str, str]:
    """Lower-case code, English name or alias -> the English country name (what most exports use)."""
    english = _english()
    names = {alias: english[code] for alias, code in ALIASES.items()}
    names.update({name.lower(): name for name in english.values()})
    names.update({code.lower(): name for code, name in english.items()})
    return names


@cache
def market_names() -> dict[str, str]:
    """english_names, and a country's name in any of NAME_LANGUAGES -> the English country name (~0.15 s
    to load, so only when a market is not in english_names)."""
    english, names = _english(), dict(english_names())
    for language in NAME_LANGUAGES:
        for code, name in Locale(language).territories.items():
            if code in english:
                names.setdefault(name.lower(), english[code])
    return names


def market_name(expr: pl.Expr) -> pl.Expr:
    """The English country name of a market cell; unknown (null) where it is empty."""
    text = expr.str.strip_chars()

    def named(cells: pl.Series) -> pl.Series:
        keys = cells.str.to_lowercase()
        names = english_names()
        if not keys.filter(keys.str.len_chars() > 0).is_in(list(names)).all():
            names = market_names()
        return keys.replace_strict(names, default=cells, return_dtype=pl.String)

    return pl.when(text.str.len_chars() > 0).then(text.map_batches(named, return_dtype=pl.String))


def blank_text(expr: pl.Expr) -> pl.Expr:
    """An empty or blank text cell is unknown (null), never the text "None"."""
    text = expr.str.strip_chars()
    return pl.when(text.str.len_chars() > 0).then(expr)

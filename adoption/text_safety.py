"""Untrusted text (file names, customer names, cells, headers, messages that quote them) made safe
to show, in one place for the command line and the app.

- `visible(text)`: control characters that a terminal or a browser acts on instead of showing are
  shown as Python-style escapes: C0 and C1 controls and DEL (`\\x1b`, `\\n`), the bidirectional
  embeddings, overrides and isolates U+202A-U+202E and U+2066-U+2069, and the line and paragraph
  separators U+2028/U+2029 (`\\u202e`). A right-to-left override in a name then cannot reverse
  the app's own words after it, ESC cannot drive the terminal, and a newline in a file name cannot
  start a forged `FILE:LINE: reason` line. Ordinary letters of any script, including Arabic and
  Hebrew, and the implicit marks LRM/RLM are left alone.
- `unlinkable(text)`: a WORD JOINER (U+2060, invisible, zero width) after `www` before a dot,
  between `:` and `/` and after `@`, where GitHub-flavoured markdown starts an automatic link.
  Backslash escapes do not stop those links: remark-gfm (Streamlit's markdown) finds them in the
  text after escapes are resolved.

Both use str.translate / one regular expression (no loop over characters in Python).
"""

from __future__ import annotations

import re

import polars as pl

_CONTROLS = [*range(0x00, 0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029]
_SHORT = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
ESCAPES = {code: _SHORT.get(code, f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}") for code in _CONTROLS}
WORD_JOINER = "\u2060"
_AUTOLINK_START = re.compile(r"(?i)(www)(?=\.)|(:)(?=/)|(@)")


def visible(text: object) -> str:
    """`text` with every control and bidirectional formatting character shown as its escape."""
    return str(text).translate(ESCAPES)


# The same characters as a Polars (Rust regex) class, to find the few cells that need visible().
CONTROL_CLASS = "[" + "".join(f"\\x{{{code:04x}}}" for code in _CONTROLS) + "]"


def visible_expr(expr: pl.Expr) -> pl.Expr:
    """visible() of each cell, worked out in Python only for the cells that have such a character."""
    needs = pl.when(expr.str.contains(CONTROL_CLASS)).then(expr)
    return pl.coalesce(needs.map_elements(visible, return_dtype=pl.String), expr)


def unlinkable(text: str) -> str:
    """`text` with an invisible word joiner where markdown would start an automatic link."""
    return _AUTOLINK_START.sub(lambda m: m.group(0) + WORD_JOINER, text)

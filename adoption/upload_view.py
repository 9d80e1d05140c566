"""What the Upload page says about a file, from structured fields rather than a message string: its size in
words, a problem's headline and where it is (line, column), the header row found and the exports expected,
with the columns each needs spelled as the export spells them."""

from __future__ import annotations

import polars as pl

from adoption import i18n, reasons
from adoption.model import FileProblem


def size_text(size: int, language: str = "en") -> str:
    """`512 bytes`, `1.2 KB`, `3.4 MB` (powers of 1,000, as Streamlit's file uploader shows sizes)."""
    if size < 1_000:
        ngettext = i18n.ngettext_for(language)
        return ngettext("{n} byte", "{n} bytes", size).format(n=i18n.number(size, language))
    text = f"{size / 1e3:,.1f} KB" if size < 1e6 else f"{size / 1e6:,.1f} MB"
    return text if language == "en" else text.replace(",", i18n.NBSP).replace(".", ",")  # 1 234,5 MB


def headline(problem: FileProblem, language: str = "en") -> str:
    """The problem in one sentence without the list of exports expected (the page lists those apart); its
    reason in `language` (adoption.reasons)."""
    if problem.reason == str(problem):  # raised without fields: its sentence is all there is
        return reasons.sentence(problem.reason, language)
    return f"{problem.file} {reasons.file_reason(problem.reason, language)}."


def where(problem: FileProblem, language: str = "en") -> str | None:
    """`Line 1, column 8`, `Line 1 has: Name, Email, Phone` (the header row found), or None where the problem
    is the whole file's."""
    if problem.line is None:
        return None
    _ = i18n.gettext_for(language)
    line = i18n.number(problem.line, language)
    text = _("Line {line}, column {column}").format(line=line, column=problem.column) if problem.column else None
    text = text or _("Line {line}").format(line=line)
    return text + (_(" has: {columns}").format(columns=", ".join(problem.found)) if problem.found else "")


def expected_table(problem: FileProblem, language: str = "en") -> pl.DataFrame:
    """One row per export the app would have recognised (its name in `language`), with the columns it needs
    (`, `-joined, spelled as the export spells them)."""
    _ = i18n.gettext_for(language)
    return pl.DataFrame(
        {"export": [_(e.label) for e in problem.expected], "columns": [", ".join(e.columns) for e in problem.expected]},
        schema={"export": pl.String, "columns": pl.String},
    )

"""The import's words shown in the pages' language: why a row was rejected (stored, in English, as the readers
wrote it) and why a file was refused (a FileProblem's reason), translated for display, while the store, the
command line and CSV keep the English.

A stored reason is a sentence (the store keeps no template and parameters), so each English template below,
marked `N_` for the catalogue, is also read back: its literal words must match and its `{placeholders}` (column
names, cell values, line numbers: data) are taken from the sentence and put into the translation unchanged. A
reason that matches no template is shown as it is (in English). tests/test_import_swedish.py makes every reason
the readers write from real-looking bad files and checks each one is translated, so the readers' wording
(adoption/ingest/cells.py, readers.py, user_detail.py, quoting.py, text.py, kinds.py, precheck.py) and these
templates cannot drift apart unnoticed."""

from __future__ import annotations

import re
from string import Formatter

import polars as pl

from adoption import i18n
from adoption.i18n import N_

# adoption.ingest.cells.quoted: `Column "value" complaint`; the complaint is translated, column and value kept.
COMPLAINTS = (
    N_("is not a number"),
    N_("is negative"),
    N_("is implausibly large"),
    N_("is not a whole number"),
    N_("is not a date"),
    N_("is more than a year in the future"),
    N_("is before 2000"),
    N_("is not True or False"),
)
QUOTED = N_('{column} "{value}" {complaint}')

ROW_REASONS = (
    N_('{column} "{value}" appears again on line {line}, which is kept'),
    N_("the same customer, created time and subject appear again on line {line}, which is kept"),
    N_("{column} starts a quote that never closes: {cell}"),
    N_("the row has {cells} cells but the header has {width}"),
    N_("no figures on this row"),
    N_("skipped as marked duplicate (IsDuplicateRowForPGA)"),  # adoption.model.MARKED_DUPLICATE
    QUOTED,
    N_("{column} is empty"),
)

# A FileProblem's reason (after the file's name; the Upload page puts the name first).
FILE_REASONS = (
    N_("was not recognised from its header row"),
    N_("looks like a {kind} but has no {column} column"),
    N_("is a .{suffix} file, not an export: expected CSV, TSV, TXT, XLSX or JSON"),
    N_("is not text: line 1 holds binary data where a header row should be"),
    N_('is not valid JSON ({error}): expected a Partner Center analytics document like {{"Value": [...]}}'),
)


# A workbook whose sheets are all refused: its sentence ends with the first sheet's own sentence, translated too.
NO_SHEET = N_("{name} has no sheet with recognised headers: {error}")

# Whole sentences of an AdoptionError about a file (adoption/ingest/*.py; money.price_list, an uploaded price list;
# report.mail.read_contacts, an uploaded contacts file), as the pages and their error boxes show them.
# tests/test_import_swedish.py reads the source of those raises and fails on a sentence no template here matches.
SENTENCES = (
    # The first template that matches is taken: these two before `{name} compresses {ratio} to 1, ...`.
    N_("{name} unpacks to more than the {limit} allowed per file."),
    N_("{name} compresses more than {ratio} to 1, over the {limit} to 1 allowed in a workbook."),
    N_("{name} is {size}, over the {limit} limit per file."),
    N_("{name} looks like an XLSX workbook but is not a readable zip file."),
    N_("{name} holds {parts} parts, over the {limit} allowed in a workbook."),
    N_("{name} unpacks to {size}, over the {limit} limit per file."),
    N_("{name} compresses {ratio} to 1, over the {limit} to 1 allowed in a workbook."),
    N_("{name} is empty: expected a CSV, TSV, XLSX or JSON export with a header row."),
    N_("{name} is an Excel workbook with no sheet that has a header row."),
    N_("{name} looks like an Excel workbook but cannot be opened ({error})."),
    N_('{name} is JSON nested too deeply: expected {{"Value": [{{...}}, ...]}}.'),
    N_('{name} is JSON but not a list of records: expected {{"Value": [{{...}}, ...]}}.'),
    N_("{name} has a header row of {columns} columns: expected an export with a few dozen at most."),
    N_("{name}: choose a column for {fields}."),
    N_("{name} is a {kind} for one customer but names none: say which customer it belongs to."),
    N_("{name} looks like an XLSX workbook but its part {part} is damaged."),
    N_(
        "{name} has a part compressed in a way Excel does not write (method {method}): "
        "expected an XLSX workbook saved by Excel."
    ),
    N_("{name} cannot be opened: {error}."),
    N_("{name} has a header line of over {limit} characters: expected a CSV or TSV export."),
    N_(
        "{name} has a header line that cannot be split into columns (lone carriage returns or NUL bytes?): "
        "expected a CSV or TSV export."
    ),
    N_(
        "{name} is not valid JSON (line {line}, column {column}: {error}): "
        'expected a Partner Center analytics document like {{"Value": [...]}}.'
    ),
    N_("{name} looks like a {kind} but has no {column} column (line 1 has: {found})."),
    N_("{name} was not recognised from its header row (line 1 has: {found}); expected one of: {expected}."),
    NO_SHEET,
    N_("{name} does not exist or is not a file."),
    N_("{name} could not be read ({error_type}: {error})."),
    N_("{name} is not a readable CSV price list ({error})."),
    N_(
        "{name} has no column {columns}: a price list needs product, next_tier "
        "and one column per currency ({currencies})."
    ),
    N_("the price list {name} cannot be read ({error})."),
    N_("{name} is not a readable CSV ({error})."),
    N_("{name} needs the columns customer and email."),
    N_("{name}, line {line}: needs a customer and one e-mail address ({email})."),
)


def _pattern(template: str) -> str:
    """The template as a regular expression: its words literally, each placeholder a named group."""
    pieces = []
    for literal, name, _spec, _conversion in Formatter().parse(template):
        pieces.append(re.escape(literal))
        if name:
            pieces.append(f"(?P<{name}>.*)" if name != "complaint" else f"(?P<complaint>{'|'.join(COMPLAINTS)})")
    return "^" + "".join(pieces) + "$"


def _filled(template: str, parts: pl.Expr, language: str) -> pl.Expr:
    """`template` in `language` with the placeholders taken from `parts` (the struct of the matched groups)."""
    translated = i18n.gettext_for(language)(template)
    pieces: list[pl.Expr] = []
    for literal, name, _spec, _conversion in Formatter().parse(translated):
        pieces.append(pl.lit(literal))
        if name == "complaint":
            pieces.append(parts.struct.field(name).replace({c: i18n.gettext_for(language)(c) for c in COMPLAINTS}))
        elif name:
            pieces.append(parts.struct.field(name))
    return pl.concat_str(pieces)


def translated(column: str, language: str, templates: tuple[str, ...] = ROW_REASONS) -> pl.Expr:
    """The text column `column` (English sentences) in `language`, under its own name; English, and a sentence no
    template matches, as it is."""
    reason = pl.col(column)
    if i18n.check_language(language) == "en":
        return reason
    result: pl.Expr | None = None
    for template in templates:
        pattern = _pattern(template)
        fields = [name for _l, name, _s, _c in Formatter().parse(template) if name]
        hit = reason.str.contains(pattern)
        value = (
            _filled(template, reason.str.extract_groups(pattern), language)
            if fields
            else pl.lit(i18n.gettext_for(language)(template))
        )
        result = pl.when(hit).then(value) if result is None else result.when(hit).then(value)
    return result.otherwise(reason).alias(column) if result is not None else reason


def file_reason(reason: str, language: str, templates: tuple[str, ...] = FILE_REASONS) -> str:
    """A FileProblem's reason in `language` (a kind named in it by its translated label)."""
    if language == "en":
        return reason
    from adoption.stored_view import KIND_LABELS  # the kinds' labels (adoption.ingest.kinds)

    text = pl.DataFrame({"reason": [reason]}).select(translated("reason", language, templates)).item()
    for label in KIND_LABELS.values():
        text = text.replace(label, i18n.gettext_for(language)(label))
    return text


def sentence(text: str, language: str) -> str:
    """An AdoptionError's whole sentence about a file in `language` (SENTENCES); any other as it is."""
    if language != "en" and (found := re.match(_pattern(NO_SHEET), text, re.DOTALL)):
        gettext = i18n.gettext_for(language)
        return gettext(NO_SHEET).format(name=found["name"], error=sentence(found["error"], language))
    return file_reason(text, language, SENTENCES)

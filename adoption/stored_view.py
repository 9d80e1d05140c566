"""What the store holds, in words for the Data page and the sidebar: an upload's kinds by their labels, its
periods as one span, and the sidebar's one-line summary of the data shown."""

from __future__ import annotations

import polars as pl

from adoption import i18n
from adoption.ingest.kinds import KINDS
from adoption.model import is_marked_duplicate

KIND_LABELS = {kind.name: kind.label for kind in KINDS}


def counted(n: int, noun: str) -> str:
    """`1 file`, `2 files`, `1,234 customers`."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def period_span(periods: list[str], language: str = "en") -> str:
    """`2026-10`, `2025-11 to 2026-10` (periods sorted), or `no periods yet` (the sidebar's caption)."""
    _ = i18n.gettext_for(language)
    if not periods:
        return _("no periods yet")
    return periods[0] if len(periods) == 1 else _("{first} to {last}").format(first=periods[0], last=periods[-1])


def uploads_shown(uploads: pl.DataFrame, language: str = "en") -> pl.DataFrame:
    """The Data page's list of uploads (Store.uploads without sha256; `kind` and `periods` are lists): the
    kinds by their labels, `; `-joined; the periods (sorted) as one span with its number of months."""
    months = pl.col("periods")
    first, last = months.list.first(), months.list.last()
    _ = i18n.gettext_for(language)
    span = _("{first} to {last} ({months} months)").format(
        first="{}", last="{}", months="{}"
    )  # pl.format's placeholders, in the language's order
    return uploads.drop("sha256").with_columns(
        kind=pl.col("kind")
        .list.eval(pl.element().replace({name: _(label) for name, label in KIND_LABELS.items()}))
        .list.join("; "),
        periods=pl.when(months.list.len() == 0)
        .then(pl.lit(""))
        .when(months.list.len() == 1)
        .then(first)
        .otherwise(pl.format(span, first, last, months.list.len())),
    )


def data_summary(
    files: int, customers: int, customers_with_licenses: int, periods: list[str], language: str = "en"
) -> str:
    """The sidebar's caption: `3 files · 5 customers (4 with license data, 1 with tickets or subscriptions
    only) · 2025-11 to 2026-10` (in Swedish: `3 filer · 5 kunder (...) · 2025-11 till 2026-10`)."""
    _, ngettext = i18n.gettext_for(language), i18n.ngettext_for(language)

    def n(value: int) -> str:
        return i18n.number(value, language)

    who = ngettext("{n} customer", "{n} customers", customers).format(n=n(customers))
    if customers_with_licenses != customers:  # the Portfolio counts only those with license data
        who += " " + _("({licensed} with license data, {others} with tickets or subscriptions only)").format(
            licensed=n(customers_with_licenses), others=n(customers - customers_with_licenses)
        )
    files_text = ngettext("{n} file", "{n} files", files).format(n=n(files))
    return f"{files_text} · {who} · {period_span(periods, language)}"


def rejected_summary(rejected: pl.DataFrame, language: str = "en") -> str:
    """How an upload's rejects list (REJECT_SCHEMA) splits: `2 rows skipped as marked duplicate and 1 rejected
    row`; rows the export marks as duplicates are skipped, not rejected, and both stay listed."""
    skipped = rejected.filter(is_marked_duplicate()).height
    refused = rejected.height - skipped
    _, ngettext = i18n.gettext_for(language), i18n.ngettext_for(language)
    parts = [
        ngettext("{n} row skipped as marked duplicate", "{n} rows skipped as marked duplicate", skipped).format(
            n=i18n.number(skipped, language)
        )
    ] * bool(skipped)
    parts += [
        ngettext("{n} rejected row", "{n} rejected rows", refused).format(n=i18n.number(refused, language))
    ] * bool(refused)
    return _(" and ").join(parts)

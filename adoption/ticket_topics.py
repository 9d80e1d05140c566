"""Tickets by workload: which workload a help/how-to ticket asks about, from its subject (and its
tags, when an export carries a `tags` column).

The word lists live in data/ticket_keywords.csv (columns workload, language, keyword, kind), one
keyword a line, so a partner can add the words their customers use without touching code:

* `kind` is `product` for a product name (the same in every language, language `all`: "teams",
  "outlook", "onedrive", common misspellings such as "outlok") or `word` for an ordinary word in
  one language (en, sv, nb, da, fi: "kanal", "postkasse", "kansio", "allekirjoitu").
* A keyword matches case-insensitively at the start of a word, so inflected and compound forms
  count: "kalender" matches "kalendern", "outlook" matches "Outlookiin", "möte" matches
  "Teams-möte". A space in a keyword also matches a hyphen or several spaces ("one drive" matches
  "One-Drive"). Finnish stems are written short where the word changes ("allekirjoitu" for
  allekirjoitus/allekirjoituksen, "kokou" for kokous/kokouksen).

When several workloads match, the first in this order wins:

1. a product name beats an ordinary word ("Booking a meeting room in Outlook" is Outlook/Exchange
   although "meeting" is a Teams word; "Hvordan deler jeg en mappe i OneDrive?" is OneDrive);
2. within the same kind, WORKLOADS order: Yammer/Viva Engage, Teams, Outlook/Exchange,
   SharePoint/OneDrive. Yammer is named only when it is meant; Teams is the hub in which files,
   chats and meetings appear ("Can we co-author Excel files in Teams?", "Teams meeting missing
   from the Outlook calendar" are Teams questions); Outlook before SharePoint because the sharing
   and file words are the most general ("share my calendar", "shared mailbox", "attachment file").

Anything else is "Other" (printers, VPN, MFA phones, new employees, licences).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

import polars as pl

from adoption import i18n
from adoption.playbooks import fill_template
from adoption.settings import Settings

KEYWORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "ticket_keywords.csv"
# Each topic's workload as the metric table names it (Microsoft's names); the order is the order they are tried.
METRIC_WORKLOADS = {
    "Yammer/Viva Engage": "Yammer",
    "Teams": "Teams",
    "Outlook/Exchange": "Exchange",
    "SharePoint/OneDrive": "SharePoint",
}
WORKLOADS = tuple(METRIC_WORKLOADS)
OTHER = i18n.N_("Other")
KINDS = ("product", "word")  # the order in which kinds are tried


@functools.cache
def keywords(path: Path = KEYWORDS_FILE) -> pl.DataFrame:
    """The keyword list (workload, language, keyword, kind), read once; keywords lower-cased and trimmed."""
    frame = pl.read_csv(
        path, schema={"workload": pl.String, "language": pl.String, "keyword": pl.String, "kind": pl.String}
    )
    frame = frame.with_columns(
        pl.col("keyword").str.strip_chars().str.to_lowercase(), pl.col("kind").str.strip_chars().fill_null("word")
    )
    unknown = set(frame.get_column("workload").drop_nulls()) - set(WORKLOADS)
    if unknown:
        raise ValueError(f"{path.name}: unknown workload {sorted(unknown)[0]!r}; use one of {', '.join(WORKLOADS)}")
    return frame.filter(pl.col("keyword").str.len_chars() > 0)


def _pattern(words: list[str]) -> str:
    """One regex: any of `words` at a word start, case-insensitive; spaces also match hyphens."""
    pieces = sorted({r"[\s\-]+".join(re.escape(part) for part in w.split()) for w in words}, key=lambda p: (-len(p), p))
    return r"(?i)\b(?:" + "|".join(pieces) + ")"


@functools.cache
def _rules(path: Path = KEYWORDS_FILE) -> tuple[tuple[str, str], ...]:
    """(workload, pattern) in priority order: products by WORKLOADS order, then words by WORKLOADS order."""
    table = keywords(path)
    rules = []
    for kind in KINDS:
        for workload in WORKLOADS:
            words = table.filter((pl.col("kind") == kind) & (pl.col("workload") == workload)).get_column("keyword")
            if words.len():
                rules.append((workload, _pattern(words.to_list())))
    return tuple(rules)


def workload_of(text: pl.Expr, path: Path = KEYWORDS_FILE) -> pl.Expr:
    """The workload a text asks about (first matching rule), else "Other"."""
    result: pl.Expr | pl.When | pl.Then | None = None
    for workload, pattern in _rules(path):
        hit = text.str.contains(pattern).fill_null(False)
        result = pl.when(hit).then(pl.lit(workload)) if result is None else result.when(hit).then(pl.lit(workload))
    return pl.lit(OTHER) if result is None else result.otherwise(pl.lit(OTHER))


def classify(tickets: pl.DataFrame) -> pl.DataFrame:
    """`tickets` with a `topic_workload` column from the subject (and `tags`, when present)."""
    parts = [pl.col("subject").cast(pl.String)]
    if "tags" in tickets.columns:
        parts.append(pl.col("tags").cast(pl.String))
    text = pl.concat_str(parts, separator=" ", ignore_nulls=True)
    return tickets.with_columns(topic_workload=workload_of(text))


def _order() -> pl.Expr:
    return (pl.col("workload") == OTHER).cast(pl.Int8)


def workload_counts(help_tickets: pl.DataFrame) -> pl.DataFrame:
    """key, workload, help_tickets for tickets already chosen (help/how-to, in the window); per
    customer most first, "Other" last, then by name."""
    counted = (
        classify(help_tickets)
        .group_by("key", pl.col("topic_workload").alias("workload"))
        .agg(help_tickets=pl.len().cast(pl.Int64))
    )
    return counted.sort(
        [pl.col("key"), _order(), pl.col("help_tickets"), pl.col("workload")], descending=[False, False, True, False]
    )


def support_by_workload(tickets: pl.DataFrame, settings: Settings, as_of: dt.date | None) -> pl.DataFrame:
    """key, workload, help_tickets: help/how-to tickets in the support window ending `as_of`, per
    customer and workload (workloads without tickets are absent)."""
    from adoption.recommend import recent_help_tickets  # adoption.recommend imports this module

    if as_of is None or tickets.height == 0:
        return pl.DataFrame(schema={"key": pl.String, "workload": pl.String, "help_tickets": pl.Int64})
    return workload_counts(recent_help_tickets(tickets, settings, as_of))


def training_note(help_tickets: pl.DataFrame, language: str = "en") -> pl.DataFrame:
    """key, note: the workloads people ask about, e.g. "Teams: 14 how-to tickets - offer Teams training;
    Outlook/Exchange: 5 - offer Outlook/Exchange training; Other: 3" (in `language`: adoption.i18n).
    Customers whose tickets name no workload (all "Other") get no note."""
    _, ngettext = i18n.gettext_for(language), i18n.ngettext_for(language)
    counts = workload_counts(help_tickets)
    first = pl.int_range(pl.len()).over("key") == 0
    unit = (
        pl.when(first)
        .then(
            pl.when(pl.col("help_tickets") == 1)
            .then(pl.lit(ngettext(" how-to ticket", " how-to tickets", 1)))
            .otherwise(pl.lit(ngettext(" how-to ticket", " how-to tickets", 2)))
        )
        .otherwise(pl.lit(""))
    )
    offer = (
        pl.when(pl.col("workload") != OTHER)
        .then(fill_template(_(" - offer {workload} training"), workload=pl.col("workload")))
        .otherwise(pl.lit(""))
    )
    workload = pl.col("workload").replace({OTHER: _(OTHER)}) if language != "en" else pl.col("workload")
    count = i18n.number_expr(pl.col("help_tickets"), language)
    piece = pl.concat_str([workload, pl.lit(": "), count, unit, offer])
    return (
        counts.with_columns(piece=piece)
        .group_by("key", maintain_order=True)
        .agg(
            note=pl.col("piece").str.join("; "),
            named=(pl.col("workload") != OTHER).any(),
        )
        .filter("named")
        .select("key", "note")
    )


def top_topics(tickets: pl.DataFrame, n: int = 5) -> pl.DataFrame:
    """subject, count: the `n` most frequent subjects (trimmed; ties by subject), e.g. of one
    customer's help/how-to tickets in the window."""
    subjects = tickets.select(subject=pl.col("subject").cast(pl.String).str.strip_chars()).filter(
        pl.col("subject").str.len_chars() > 0
    )
    return (
        subjects.group_by("subject")
        .agg(count=pl.len().cast(pl.Int64))
        .sort(["count", "subject"], descending=[True, False])
        .head(n)
    )


def workload_topics(help_tickets: pl.DataFrame, topics: int = 3) -> pl.DataFrame:
    """key, workload, help_tickets, top_topics for tickets already chosen (help/how-to, in the window):
    workload_counts' rows and order, with the `topics` most frequent subjects of each (trimmed) as
    "subject (count)", most first, ties by subject."""
    classified = classify(help_tickets).rename({"topic_workload": "workload"})
    subjects = (
        classified.with_columns(pl.col("subject").cast(pl.String).str.strip_chars())
        .filter(pl.col("subject").str.len_chars() > 0)
        .group_by("key", "workload", "subject")
        .agg(count=pl.len())
        .sort(["count", "subject"], descending=[True, False])
        .group_by("key", "workload", maintain_order=True)
        .agg(top_topics=pl.format("{} ({})", "subject", "count").head(topics))
    )
    return (
        workload_counts(help_tickets)
        .join(subjects, on=["key", "workload"], how="left", maintain_order="left")
        .with_columns(pl.col("top_topics").fill_null([]))
    )

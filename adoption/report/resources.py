"""Links to offer per workload: training, tutorials, case studies, videos and the upsell, read from
data/resources.csv (columns workload, kind, title_en, title_sv, url; `*` as workload for every
customer; `{locale}` in a url becomes en-us or sv-se), so a partner edits the CSV, not code.
The defaults point at Microsoft Learn, Microsoft Support, adoption.microsoft.com and Microsoft's
customer stories."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from adoption.model import AdoptionError
from adoption.ticket_topics import METRIC_WORKLOADS

RESOURCES_FILE = Path(__file__).resolve().parent.parent.parent / "data" / "resources.csv"
KINDS = ("training", "tutorial", "case_study", "video", "upsell")
COLUMNS = ("workload", "kind", "title_en", "title_sv", "url")
URL_LOCALES = {"en": "en-us", "sv": "sv-se"}
ANY = "*"


@dataclass(frozen=True)
class Link:
    kind: str
    title: str
    url: str


@functools.cache
def resources(path: Path = RESOURCES_FILE) -> pl.DataFrame:
    """The resource list, checked: known kinds, http(s) links, no empty title (file and line named)."""
    try:
        frame = pl.read_csv(path, infer_schema=False)
    except (OSError, pl.exceptions.PolarsError) as error:
        raise AdoptionError(f"{path.name} is not a readable CSV ({str(error).splitlines()[0]}).") from None
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise AdoptionError(f"{path.name} has no column {', '.join(missing)}; it needs {', '.join(COLUMNS)}.")
    frame = frame.select(pl.col(c).str.strip_chars() for c in COLUMNS).with_row_index("line", offset=2)
    bad = frame.filter(
        ~pl.col("kind").is_in(KINDS).fill_null(False)
        | ~pl.col("url").str.contains(r"^https?://\S+$").fill_null(False)
        | pl.col("title_en").fill_null("").eq("")
        | pl.col("workload").fill_null("").eq("")
    )
    if bad.height:
        row = bad.row(0, named=True)
        raise AdoptionError(
            f"{path.name}, line {row['line']}: needs a workload, a kind ({', '.join(KINDS)}), "
            f"an English title and an http(s) url."
        )
    return frame


def links(workloads: list[str], kinds: tuple[str, ...], language: str, path: Path = RESOURCES_FILE) -> list[Link]:
    """The links of `kinds` for `workloads` (their own rows, else the `*` rows once), in CSV order,
    titled in `language` (English where the Swedish title is empty), each url once."""
    table = resources(path).filter(pl.col("kind").is_in(kinds))
    own = table.filter(pl.col("workload").is_in(workloads))
    named = set(own.get_column("workload").to_list())
    chosen = own if named >= set(workloads) and workloads else pl.concat([own, table.filter(pl.col("workload") == ANY)])
    title = pl.coalesce(pl.col(f"title_{language}").replace("", None), "title_en") if language != "en" else "title_en"
    found = chosen.sort("line").select(
        "kind", title=title, url=pl.col("url").str.replace_all("{locale}", URL_LOCALES[language], literal=True)
    )
    return [Link(**row) for row in found.unique("url", keep="first", maintain_order=True).iter_rows(named=True)]


def metric_workload(topic: str) -> str:
    """The metric table's name of a ticket topic's workload ("Outlook/Exchange" -> "Exchange")."""
    return METRIC_WORKLOADS.get(topic, topic)

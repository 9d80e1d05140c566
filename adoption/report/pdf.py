"""The customer report as a PDF (fpdf2, rendered on the server): a header with the customer's name,
five tiles, the table per workload, the two charts (PNG from vl-convert), what the figures mean and
the offer with clickable links; one or two A4 pages.

Text is written as text, never parsed as markup (fpdf2's markdown is off), so a customer name such
as `**<b>x</b>**` prints as typed. Fonts: DejaVu Sans (Debian's fonts-dejavu-core, which
`make test` installs when missing) covers Latin, Greek, Cyrillic, Arabic and Hebrew letters and
more; DroidSansFallback (fonts-droid-fallback), when installed, adds Chinese, Japanese and Korean.
A character no font has is printed as U+FFFD (a visible replacement mark) instead of an invisible
gap, and the rest of the name stays readable. Arabic and Hebrew are not shaped (no HarfBuzz)."""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import TYPE_CHECKING

from adoption.i18n import gettext_for
from adoption.model import AdoptionError
from adoption.report.content import Report

if TYPE_CHECKING:  # fpdf2 and fontTools are imported when a PDF is made: ~0.5 s the Customer page's first
    from fpdf import FPDF  # render no longer pays (it imports this module for its download buttons)

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"), Path("/usr/local/share/fonts"))
REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"
FALLBACKS = (Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),)
INK, MUTED, ACCENT, LINE = (27, 31, 36), (95, 107, 122), (15, 108, 189), (232, 236, 241)
REPLACEMENT = "\ufffd"


@functools.cache
def fonts() -> tuple[Path, Path, tuple[Path, ...]]:
    """(regular, bold, fallbacks) font files; a plain error when DejaVu Sans is not installed."""
    for folder in FONT_DIRS:
        if (folder / REGULAR).exists() and (folder / BOLD).exists():
            return folder / REGULAR, folder / BOLD, tuple(p for p in FALLBACKS if p.exists())
    raise AdoptionError(
        "The PDF needs the DejaVu Sans fonts (Debian: apt-get install fonts-dejavu-core); "
        "the e-mail draft works without them."
    )


@functools.cache
def _covered() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    regular, _, fallbacks = fonts()
    codes: set[int] = set()
    for path in (regular, *fallbacks):
        codes.update(TTFont(path, lazy=True).getBestCmap())
    return frozenset(codes)


def printable(text: str) -> str:
    """`text` with every character that no loaded font draws replaced by U+FFFD."""
    covered = _covered()
    return "".join(ch if ord(ch) in covered or ch in "\n" else REPLACEMENT for ch in str(text))


@functools.cache
def _document_class() -> type[FPDF]:
    """FPDF with the report's footer (a class made on first use, so importing this module needs no fpdf2)."""
    from fpdf import FPDF

    class _Document(FPDF):
        footer_text = ""

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("DejaVu", size=7.5)
            self.set_text_color(*MUTED)
            self.cell(0, 5, self.footer_text, align="L")
            self.cell(0, 5, f"{self.page_no()} / {{nb}}", align="R")

    return _Document


def render(report: Report) -> bytes:
    """The report as PDF bytes."""
    from fpdf.enums import XPos, YPos

    _ = gettext_for(report.language)
    regular, bold, fallbacks = fonts()
    pdf = _document_class()(format="A4")
    pdf.set_margins(16, 14, 16)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_font("DejaVu", "", regular)
    pdf.add_font("DejaVu", "B", bold)
    for i, path in enumerate(fallbacks):
        pdf.add_font(f"Fallback{i}", "", path)
    if fallbacks:
        pdf.set_fallback_fonts([f"Fallback{i}" for i in range(len(fallbacks))])
    name = printable(report.customer_name)
    pdf.set_title(f"{report.title}: {name}")
    pdf.set_lang(report.language)
    pdf.set_creator("Adoption Insights")
    pdf.footer_text = printable(f"{name} · {report.period}")
    pdf.add_page()
    width = pdf.epw

    def text(size: float, value: str, style: str = "", colour=INK, height: float | None = None, gap: float = 0) -> None:
        pdf.set_font("DejaVu", style, size)
        pdf.set_text_color(*colour)
        pdf.multi_cell(width, height or size * 0.5, printable(value), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if gap:
            pdf.ln(gap)

    text(9, f"{_('Customer report')} · {report.period}", colour=MUTED)
    text(18, report.title, "B", gap=1)
    text(13, name, "B", colour=ACCENT, height=6.5)
    if report.customer_id:
        text(7.5, report.customer_id, colour=MUTED)
    pdf.ln(3)
    text(10, report.intro, height=5, gap=3)

    tile_w, top = width / len(report.tiles), pdf.get_y()
    for i, (label, value) in enumerate(report.tiles):
        x = pdf.l_margin + i * tile_w
        pdf.set_draw_color(*LINE)
        pdf.rect(x + 1, top, tile_w - 2, 16)
        pdf.set_xy(x + 1, top + 2)
        pdf.set_font("DejaVu", "B", 13)
        pdf.set_text_color(*INK)
        pdf.cell(tile_w - 2, 7, printable(value), align="C")
        pdf.set_xy(x + 1, top + 9.5)
        pdf.set_font("DejaVu", "", 8)
        pdf.set_text_color(*MUTED)
        pdf.cell(tile_w - 2, 4, printable(label), align="C")
    pdf.set_xy(pdf.l_margin, top + 20)

    pdf.set_font("DejaVu", "", 8.5)
    pdf.set_text_color(*INK)
    pdf.set_draw_color(*LINE)
    with pdf.table(
        col_widths=(58, 22, 24, 20, 27, 27),
        text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
        borders_layout="HORIZONTAL_LINES",
        line_height=5,
        headings_style=_heading_style(),
        markdown=False,
    ) as table:
        for cells in [report.table_header, *report.table_rows]:
            row = table.row()
            for cell in cells:
                row.cell(printable(cell))
    pdf.ln(4)

    for name_ in ("percent", "licenses"):
        if name_ in report.charts:
            _image(pdf, report.charts[name_], width)

    _section(pdf, _("What this means"))
    for sentence in report.meaning:
        text(9.5, "•  " + sentence, height=4.8, gap=1)
    _section(pdf, _("What we offer"), room=_height(pdf, width, report.offers[0]) if report.offers else 0)
    for offer in report.offers:
        if pdf.get_y() + _height(pdf, width, offer) > pdf.h - pdf.b_margin:
            pdf.add_page()  # an offer stays on one page
        text(10.5, offer.title, "B", height=5.5)
        text(9.5, offer.text, height=4.8, gap=1)
        for link in offer.links:
            pdf.set_font("DejaVu", "", 9.5)
            pdf.set_text_color(*ACCENT)
            pdf.set_x(pdf.l_margin + 4)
            pdf.multi_cell(
                width - 4,
                4.8,
                printable("→ " + link.title),
                link=link.url,
                align="L",
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
        pdf.ln(2)
    pdf.ln(1)
    text(8.5, report.closing, colour=MUTED, height=4.3)
    return bytes(pdf.output())


def _height(pdf: FPDF, width: float, offer) -> float:
    """The height in mm an offer (title, text, links) takes."""
    pdf.set_font("DejaVu", "", 9.5)
    lines = len(pdf.multi_cell(width, 4.8, printable(offer.text), dry_run=True, output="LINES"))
    return 5.5 * 2 + 4.8 * (lines + len(offer.links)) + 3


def _heading_style():
    from fpdf.fonts import FontFace

    return FontFace(emphasis="BOLD", color=MUTED)


def _section(pdf: FPDF, title: str, room: float = 25) -> None:
    """A heading, on a new page unless `room` mm of what follows fit below it."""
    from fpdf.enums import XPos, YPos

    if pdf.get_y() + 9 + room > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", 12.5)
    pdf.set_text_color(*INK)
    pdf.cell(0, 7, printable(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _image(pdf: FPDF, png: bytes, width: float) -> None:
    """A chart at the page's width (never taller than 110 mm), on the next page when it does not fit."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        ratio = image.height / image.width
    w = min(width, 110 / ratio)
    if pdf.get_y() + w * ratio > pdf.h - 16:
        pdf.add_page()
    pdf.image(io.BytesIO(png), x=pdf.l_margin, w=w)
    pdf.ln(3)

"""A report as a list of simple blocks, written out as a standalone HTML page or as a PDF.

The round report and the checklist report only decide *what* goes in (headings, sentences, tables,
charts); this module decides how it looks. Every text is treated as plain text: escaped in HTML,
written as-is in the PDF. Charts are plotly figures: interactive in the HTML (plotly.js inlined once,
so the file opens without a network) and static images in the PDF (rendered by kaleido through
:mod:`dia_scan.output.images`). No streamlit here.

Longer than most because the HTML and the PDF writer must treat every block the same way; keeping both
beside the blocks keeps them in step.
"""

from __future__ import annotations

import html
import io
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from dia_scan.output.charts import PLOTLY_CONFIG

#: The media type of each file a report can be downloaded as.
MIME_TYPES = {
    "html": "text/html",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


# -- blocks --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 2 = section, 3 = subsection


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: Literal["body", "meta", "box", "note"] = "body"  # note: typed text, line breaks kept


@dataclass(frozen=True)
class Bullets:
    items: Sequence[str]
    numbered: bool = False
    details: Sequence[str] = ()  # an optional second, smaller line per item


@dataclass(frozen=True)
class Table:
    frame: pd.DataFrame


@dataclass(frozen=True)
class Chart:
    figure: go.Figure
    reading: str  # the plain-language reading; also the alternative text
    width: int = 1000  # pixels of the static image
    height: int = 620
    static: bool = True  # False: only in the HTML (the PDF has the table instead)


@dataclass(frozen=True)
class Facts:
    rows: Sequence[tuple[str, str]]


Block = Heading | Paragraph | Bullets | Table | Chart | Facts


@dataclass
class Document:
    title: str
    subtitle: str
    blocks: list[Block] = field(default_factory=list)
    footer: str = "Gemaakt met DiA Scan"

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(blocks)
        return self

    @property
    def charts(self) -> list[Chart]:
        return [b for b in self.blocks if isinstance(b, Chart)]


def cell_text(value) -> str:
    """A table cell as text: empty for missing values, whole numbers without ".0"."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# -- HTML ----------------------------------------------------------------------------------------

_CSS = """
:root { --ink: #1a1a1a; --muted: #4d4d4d; --line: #c8c8c8; --accent: #0072B2; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 12pt; color: var(--ink);
       margin: 0 auto; padding: 1.5em 1.5em 3em; max-width: 60em; line-height: 1.5; }
h1 { font-size: 22pt; line-height: 1.2; margin: 0.2em 0; }
h2 { font-size: 16pt; margin-top: 1.8em; border-bottom: 2px solid var(--accent); padding-bottom: 0.1em; }
h3 { font-size: 13pt; margin-top: 1.3em; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
.subtitle { color: var(--muted); font-size: 13pt; margin: 0 0 1em; }
.meta { color: var(--muted); font-size: 11pt; }
.box { background: #eef5fb; border-left: 4px solid var(--accent); padding: 0.6em 0.9em; }
.note { white-space: pre-wrap; }
nav { border: 1px solid var(--line); padding: 0.5em 1em; margin: 1em 0; }
nav ol { margin: 0.3em 0; padding-left: 1.4em; columns: 2; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0 1em; font-size: 11pt; }
th, td { border: 1px solid var(--line); padding: 4px 7px; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.facts th { width: 14em; }
li { margin: 0.25em 0; }
li .detail { display: block; color: var(--muted); font-size: 11pt; }
figure { margin: 0.8em 0 1.2em; break-inside: avoid; page-break-inside: avoid; }
figcaption { color: var(--muted); font-size: 11pt; }
.chart { width: 100%; }
tr, li { break-inside: avoid; page-break-inside: avoid; }
footer { margin-top: 3em; color: var(--muted); font-size: 10pt; }
@media print {
  @page { size: A4; margin: 15mm; }
  body { padding: 0; max-width: none; font-size: 10.5pt; }
  nav, .modebar-container { display: none !important; }
  h2 { break-before: auto; }
  a { color: var(--ink); text-decoration: none; }
}
"""


def _e(value) -> str:
    return html.escape("" if value is None else str(value))


def _is_number(value) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool) and cell_text(value) != ""


def _html_table(frame: pd.DataFrame, css_class: str = "") -> str:
    head = "".join(f"<th scope='col'>{_e(c)}</th>" for c in frame.columns)
    rows = []
    for record in frame.itertuples(index=False):
        cells = "".join(
            f"<td class='num'>{_e(cell_text(v))}</td>" if _is_number(v) else f"<td>{_e(cell_text(v))}</td>"
            for v in record
        )
        rows.append(f"<tr>{cells}</tr>")
    cls = f" class='{css_class}'" if css_class else ""
    return f"<table{cls}><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def to_html(doc: Document, *, generated_on: str = "") -> str:
    """A standalone page: plotly.js is inlined with the first chart, nothing is loaded from outside."""
    sections = [b for b in doc.blocks if isinstance(b, Heading) and b.level == 2]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(doc.title)}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{_e(doc.title)}</h1><p class='subtitle'>{_e(doc.subtitle)}</p></header>",
    ]
    if len(sections) > 3:
        links = "".join(f"<li><a href='#s{i}'>{_e(h.text)}</a></li>" for i, h in enumerate(sections, 1))
        parts.append(f"<nav aria-label='Inhoud'><strong>Inhoud</strong><ol>{links}</ol></nav>")
    section_number = 0
    plotly_included = False
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Heading):
            if block.level == 2:
                section_number += 1
                parts.append(f"<h2 id='s{section_number}'>{_e(block.text)}</h2>")
            else:
                parts.append(f"<h{block.level}>{_e(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            css = {"body": "", "meta": "meta", "box": "box", "note": "note"}[block.style]
            parts.append(f"<p class='{css}'>{_e(block.text)}</p>" if css else f"<p>{_e(block.text)}</p>")
        elif isinstance(block, Bullets):
            tag = "ol" if block.numbered else "ul"
            details = list(block.details) + [""] * (len(block.items) - len(block.details))
            items = "".join(
                f"<li class='note'>{_e(item)}"
                + (f"<span class='detail'>{_e(detail)}</span>" if detail else "")
                + "</li>"
                for item, detail in zip(block.items, details, strict=False)
            )
            parts.append(f"<{tag}>{items}</{tag}>")
        elif isinstance(block, Table):
            parts.append(_html_table(block.frame))
        elif isinstance(block, Facts):
            rows = "".join(f"<tr><th scope='row'>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in block.rows)
            parts.append(f"<table class='facts'><tbody>{rows}</tbody></table>")
        elif isinstance(block, Chart):
            figure = go.Figure(block.figure)
            figure.update_layout(width=None, autosize=True)
            div = figure.to_html(
                full_html=False,
                include_plotlyjs=not plotly_included,  # inlined once: the file works offline
                include_mathjax=False,
                config=PLOTLY_CONFIG | {"responsive": True},
                div_id=f"chart-{index}",
                default_width="100%",
            )
            plotly_included = True
            parts.append(
                f"<figure role='group' aria-label='{_e(block.reading)}'><div class='chart'>{div}</div>"
                f"<figcaption><strong>Zo leest u de grafiek.</strong> {_e(block.reading)}</figcaption></figure>"
            )
    footer = doc.footer + (f" op {generated_on}" if generated_on else "") + "."
    parts.append(f"<footer>{_e(footer)}</footer></body></html>")
    return "\n".join(parts)


# -- PDF -----------------------------------------------------------------------------------------

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
FONT = "DejaVu"
ACCENT = (0, 114, 178)
MUTED = (77, 77, 77)


class ReportError(Exception):
    """A report could not be made; the message is plain Dutch and says what to do."""


def font_paths() -> dict[str, Path]:
    paths = {style: FONT_DIR / name for style, name in FONT_FILES.items()}
    missing = [p for p in paths.values() if not p.exists()]
    if missing:
        raise ReportError(
            "Het lettertype DejaVu ontbreekt op de server, daarom kan er geen PDF worden gemaakt. "
            "Vraag de beheerder om het pakket fonts-dejavu-core te installeren."
        )
    return paths


def _column_widths(
    pdf, frame: pd.DataFrame, total: float, padding: float, numeric: Sequence[bool]
) -> list[float]:
    """Widths that never break a word: each column gets at least its longest word, and the room left
    goes to the columns with long texts."""
    least, natural = [], []
    for i, column in enumerate(frame.columns):
        texts = [cell_text(v) for v in frame.iloc[:, i].tolist()]
        words = [w for t in texts for w in t.split()] or [""]
        head = [1.1 * pdf.get_string_width(w) for w in str(column).split() or [""]]  # bold is wider
        least.append(max(head + [pdf.get_string_width(w) for w in words]) + 2 * padding + 1)
        natural.append(
            max([1.1 * pdf.get_string_width(str(column))] + [pdf.get_string_width(t) for t in texts])
            + 2 * padding
            + 1
        )
    if sum(least) >= total:
        return [w * total / sum(least) for w in least]
    if sum(natural) <= total:
        # the room left goes to the widest text column, so numbers stay next to their label
        texts = [i for i in range(len(natural)) if not numeric[i]] or list(range(len(natural)))
        widest = max(texts, key=lambda i: natural[i])
        return [w + (total - sum(natural) if i == widest else 0) for i, w in enumerate(natural)]
    extra = [n - m for n, m in zip(natural, least, strict=True)]
    room = total - sum(least)
    return [m + room * e / sum(extra) for m, e in zip(least, extra, strict=True)]


def _room_after(rest: Sequence[Block], width: float) -> float:
    """Space to keep free under a heading, so it never ends up alone at the foot of a page: room for
    what follows it up to the first table, list or chart (a subheading and an introduction count too)."""
    room = 0.0
    paragraphs = 0
    for block in rest:
        if isinstance(block, Chart):
            if block.static:
                return room + min(width * block.height / block.width, 170) + 10
            continue
        if isinstance(block, Heading):
            room += 15
            continue
        if isinstance(block, Paragraph) and paragraphs == 0:
            paragraphs += 1
            room += 12
            continue
        return room + 25
    return room + 10


def to_pdf(doc: Document, images: Sequence[bytes], *, generated_on: str = "") -> bytes:
    """The document as an A4 PDF. ``images`` holds a PNG for every static chart, in order."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    fonts = font_paths()
    footer_text = doc.footer + (f" op {generated_on}" if generated_on else "")
    title = doc.title

    class _PDF(FPDF):
        def header(self) -> None:
            if self.page_no() == 1:
                return
            self.set_font(FONT, "", 8)
            self.set_text_color(*MUTED)
            self.cell(0, 5, title, new_x="LMARGIN", new_y="NEXT", align="L")
            self.ln(2)
            self.set_text_color(0, 0, 0)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(FONT, "", 8)
            self.set_text_color(*MUTED)
            self.cell(0, 5, footer_text, align="L")
            self.set_x(self.l_margin)
            self.cell(0, 5, f"Pagina {self.page_no()} van {{nb}}", align="R")
            self.set_text_color(0, 0, 0)

    pdf = _PDF(orientation="portrait", unit="mm", format="A4")
    for style, path in fonts.items():
        pdf.add_font(FONT, style, str(path))
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_title(doc.title)
    pdf.set_lang("nl")
    pdf.set_creator("DiA Scan")
    pdf.add_page()
    width = pdf.epw

    pdf.set_font(FONT, "B", 20)
    pdf.multi_cell(width, 9, doc.title, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_font(FONT, "", 12)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(width, 6, doc.subtitle, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)

    static = iter(images)
    heading_face = FontFace(family=FONT, emphasis="BOLD", fill_color=(238, 238, 238))
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Heading):
            size, gap = (15, 6) if block.level == 2 else (12, 3)
            if pdf.will_page_break(gap + 12 + _room_after(doc.blocks[index + 1 :], width)):
                pdf.add_page()
            pdf.ln(gap)
            pdf.start_section(block.text, level=block.level - 2)
            pdf.set_font(FONT, "B", size)
            if block.level == 2:
                pdf.set_text_color(*ACCENT)
            pdf.multi_cell(width, size * 0.5, block.text, new_x="LMARGIN", new_y="NEXT", align="L")
            pdf.set_text_color(0, 0, 0)
            if block.level == 2:
                pdf.set_draw_color(*ACCENT)
                pdf.line(pdf.l_margin, pdf.get_y() + 0.5, pdf.l_margin + width, pdf.get_y() + 0.5)
            pdf.ln(2)
        elif isinstance(block, Paragraph):
            if block.style == "meta":
                pdf.set_font(FONT, "", 9)
                pdf.set_text_color(*MUTED)
            elif block.style == "box":
                pdf.set_font(FONT, "", 10)
                pdf.set_fill_color(238, 245, 251)
            else:
                pdf.set_font(FONT, "", 10)
            pdf.multi_cell(
                width,
                5,
                block.text,
                new_x="LMARGIN",
                new_y="NEXT",
                fill=block.style == "box",
                padding=2 if block.style == "box" else 0,
            )
            pdf.set_text_color(0, 0, 0)
            pdf.ln(1.5)
        elif isinstance(block, Bullets):
            details = list(block.details) + [""] * (len(block.items) - len(block.details))
            for number, (item, detail) in enumerate(zip(block.items, details, strict=False), start=1):
                marker = f"{number}." if block.numbered else "•"
                pdf.set_font(FONT, "", 10)
                pdf.set_x(pdf.l_margin)
                pdf.cell(7, 5, marker)
                pdf.multi_cell(width - 7, 5, item, new_x="LMARGIN", new_y="NEXT", align="L")
                if detail:
                    pdf.set_font(FONT, "", 9)
                    pdf.set_text_color(*MUTED)
                    pdf.set_x(pdf.l_margin + 7)
                    pdf.multi_cell(width - 7, 4.5, detail, new_x="LMARGIN", new_y="NEXT", align="L")
                    pdf.set_text_color(0, 0, 0)
                pdf.ln(1)
            pdf.ln(1.5)
        elif isinstance(block, Table | Facts):
            pdf.set_font(FONT, "", 9)
            if isinstance(block, Facts):
                frame = pd.DataFrame(list(block.rows), columns=["onderdeel", "waarde"])
                col_widths, headings = [0.3 * width, 0.7 * width], False
            else:
                frame = block.frame
                headings = True
            if frame.empty:
                continue
            numeric = [
                all(_is_number(v) or cell_text(v) == "" for v in frame.iloc[:, i].tolist())
                for i in range(frame.shape[1])
            ]
            if headings:
                col_widths = _column_widths(pdf, frame, width, 1.2, numeric)
            with pdf.table(
                col_widths=col_widths,
                width=width,
                line_height=4.6,
                first_row_as_headings=headings,
                headings_style=heading_face,
                repeat_headings=1,
                borders_layout="HORIZONTAL_LINES",
                padding=1.2,
            ) as table:
                if headings:
                    row = table.row()
                    for column, is_num in zip(frame.columns, numeric, strict=True):
                        row.cell(str(column), align="RIGHT" if is_num else "LEFT")
                for record in frame.itertuples(index=False):
                    row = table.row()
                    for value, is_num in zip(record, numeric, strict=True):
                        row.cell(cell_text(value), align="RIGHT" if is_num and headings else "LEFT")
            pdf.ln(3)
        elif isinstance(block, Chart):
            if not block.static:
                continue
            png = next(static)
            shown_width = width
            shown_height = shown_width * block.height / block.width
            if shown_height > 170:
                shown_height = 170
                shown_width = shown_height * block.width / block.height
            if pdf.will_page_break(shown_height + 12):
                pdf.add_page()
            x = pdf.l_margin + (width - shown_width) / 2
            pdf.image(io.BytesIO(png), x=x, w=shown_width, h=shown_height, alt_text=block.reading)
            pdf.set_font(FONT, "I", 9)
            pdf.set_text_color(*MUTED)
            pdf.multi_cell(
                width,
                4.5,
                f"Zo leest u de grafiek. {block.reading}",
                new_x="LMARGIN",
                new_y="NEXT",
                align="L",
            )
            pdf.set_text_color(0, 0, 0)
            pdf.ln(3)
    return bytes(pdf.output())

"""The briefing as a PowerPoint file: 16:9, Thai everywhere, native (editable) charts.

Charts are python-pptx chart objects (clustered column / bar, line) whose data is embedded in the
file, so a presenter can edit the numbers and restyle them in PowerPoint; each service keeps its
colour from data/reference/services.csv.

Font: every run and every chart text carries the same typeface as both its Latin (a:latin) and its
complex-script (a:cs) font, with lang th-TH. PowerPoint takes Thai glyphs from the a:cs font, so
setting only the Latin name (python-pptx's font.name) leaves Thai in a fallback font. The typeface is
'TH Sarabun New', the Thai government's standard font, installed on government PCs; on Linux the
fonts-thai-tlwg package maps that name to Laksaman (its free clone), so LibreOffice renders it too.
A PPTX cannot name a fallback chain: on a PC without TH Sarabun New, Office substitutes its own Thai
font (Leelawadee / Tahoma), which still shapes Thai correctly. Change FONT to use another face.

Sizes are for the back of a seminar room: body text (leads, bullets, quotes, the numbers' labels and
notes) at least BODY_PT, tables at least TABLE_PT, titles larger. What does not fit a box at those sizes
(judged by text_height, which errs on the tall side) is left to the speaker notes, which hold every
bullet and every definition; tests render each slide with LibreOffice and check that no text leaves its
box.
"""

from __future__ import annotations

import functools
import io
import math
import re
import subprocess
import unicodedata

from lxml import etree
from PIL import ImageFont
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE,
                             XL_TICK_LABEL_POSITION)
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from egov import i18n
from egov.briefing_model import ACCENT, EXCEL_FORMATS, Briefing, Chart, Slide, clip

FONT = "TH Sarabun New"
LANG_TAG = {"th": "th-TH", "en": "en-US"}
INK = "1F2A33"
MUTED = "5B6770"
GRID = "E6E9EC"
SAMPLE_FILL, SAMPLE_INK = "FFF3CD", "6B4E00"
W, H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
BODY_PT = 18  # the smallest body text
TABLE_PT = 14  # the smallest table text
FOOT_PT = 14  # the page line (as-of date, page number)
TITLE_PT = 34
BODY_BOTTOM = Inches(6.85)


# ---- fonts ---------------------------------------------------------------------------------------------

def set_font(rPr, typeface: str = FONT, lang: str = "th") -> None:
    """Give a run's (or a default run's) properties the typeface as Latin and complex-script font."""
    for tag in ("a:latin", "a:ea", "a:cs"):
        for el in rPr.findall(qn(tag)):
            rPr.remove(el)
    latin = rPr.get_or_add_latin()
    latin.set("typeface", typeface)
    cs = etree.SubElement(rPr, qn("a:cs"))
    cs.set("typeface", typeface)
    latin.addnext(cs)  # schema order: latin, ea, cs, sym, hlink...
    rPr.set("lang", LANG_TAG.get(lang, "th-TH"))


def _style(font, size: float, bold: bool = False, colour: str = INK, italic: bool = False,
           lang: str = "th") -> None:
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    font.color.rgb = RGBColor.from_string(colour.lstrip("#"))
    set_font(font._rPr, lang=lang)


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


LINE = 1.72  # a line of Laksaman / TH Sarabun New is (ascent + descent) = 1.66 x the point size, plus a margin
WIDTH_MARGIN = 1.05  # widths measured 5% wider than the font says (kerning, LibreOffice's rounding)


@functools.cache
def _metric_font(bold: bool):
    """The font the slides are drawn in (fontconfig's match for FONT), loaded at 100 px to measure text
    widths; None when it cannot be found (then text_height estimates from the character count)."""
    try:
        path = subprocess.run(["fc-match", "-f", "%{file}", FONT + (":bold" if bold else "")], capture_output=True,
                              text=True, timeout=10).stdout.strip()
        return ImageFont.truetype(path, 100) if path else None
    except (OSError, subprocess.SubprocessError):
        return None


def text_lines(text: str, size: float, width_pt: float, bold: bool = False) -> int:
    """How many lines text of a point size takes in width_pt when wrapped at spaces (what LibreOffice and
    PowerPoint do too; they may also break a Thai run between words, which only makes fewer lines)."""
    font = _metric_font(bold)
    if font is None:
        chars = sum(1 for c in text if unicodedata.category(c) != "Mn")
        return max(1, -(-chars // max(8, int(width_pt / (0.5 * size) * 0.85))))
    scale = size / 100 * WIDTH_MARGIN
    lines = 0
    for para in str(text).split("\n"):
        n, used = 1, 0.0
        for word in re.split(r"(\s+)", para):
            if not word:
                continue
            w = font.getlength(word) * scale
            if used + w <= width_pt or word.isspace():
                used += w
            elif w <= width_pt:
                n, used = n + 1, w
            else:  # longer than a line: broken anywhere
                for ch in word:
                    cw = font.getlength(ch) * scale
                    if used + cw > width_pt:
                        n, used = n + 1, 0.0
                    used += cw
        lines += n
    return lines


TABLE_LINE = 1.5
INSETS = Inches(0.18)  # a text box's top and bottom insets (see _text) and a little room


def lines_height(text: str, size: float, width, bold: bool = False) -> int:
    """The height (EMU) of the lines of text of a point size wrapped in width (EMU)."""
    return int(Pt(text_lines(text, size, Emu(width).pt, bold) * size * LINE))


def text_height(text: str, size: float, width, bold: bool = False) -> int:
    """The height (EMU) a text box needs for text of a point size wrapped in width (EMU), with its insets."""
    return lines_height(text, size, width, bold) + INSETS


def _para_h(p, width) -> int:
    """A paragraph's (text, size, options) height in a box of width (EMU), its space before included."""
    return lines_height(p[0], p[1], width - Inches(0.16), p[2].get("bold", False)) + Pt(p[2].get("space", 0))


def _fit(paragraphs: list, width, height) -> tuple[list, list]:
    """The paragraphs (text, size, options) that fit in height, in order; and those left over."""
    used, kept = INSETS, []
    for i, p in enumerate(paragraphs):
        h = _para_h(p, width)
        if used + h > height:
            return kept, paragraphs[i:]
        used += h
        kept.append(p)
    return kept, []


# ---- text boxes ----------------------------------------------------------------------------------------

def _text(slide, x, y, w, h, paragraphs, lang: str, anchor=MSO_ANCHOR.TOP, fill: str | None = None):
    """A text box. paragraphs: [(text, size, {bold, colour, italic, align, space})]."""
    box = slide.shapes.add_textbox(x, y, w, h)
    tf = box.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = anchor
    tf.margin_left = tf.margin_right = Inches(0.08)
    tf.margin_top = Inches(0.1)  # room for Thai marks stacked above the first line (they rise past the ascent)
    tf.margin_bottom = Inches(0.08)  # and for marks below the last line
    if fill:
        box.fill.solid()
        box.fill.fore_color.rgb = _rgb(fill)
    for i, (text, size, opt) in enumerate(paragraphs):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = opt.get("align", PP_ALIGN.LEFT)
        if opt.get("space"):
            p.space_before = Pt(opt["space"])
        run = p.add_run()
        run.text = text
        _style(run.font, size, opt.get("bold", False), opt.get("colour", INK), opt.get("italic", False), lang)
    return box


def _rect(slide, x, y, w, h, colour: str):
    shp = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, x, y, w, h)
    shp.fill.solid()
    shp.fill.fore_color.rgb = _rgb(colour)
    shp.line.fill.background()
    shp.shadow.inherit = False
    return shp


# ---- charts --------------------------------------------------------------------------------------------

CHART_TYPES = {"bar": XL_CHART_TYPE.COLUMN_CLUSTERED, "hbar": XL_CHART_TYPE.BAR_CLUSTERED,
               "line": XL_CHART_TYPE.LINE_MARKERS}


def _skip_labels(axis, every: int) -> None:
    """c:tickLblSkip / c:tickMarkSkip on a category axis (python-pptx has no property for them)."""
    ax = axis._element
    for tag in ("c:tickLblSkip", "c:tickMarkSkip"):
        for el in ax.findall(qn(tag)):
            ax.remove(el)
    anchor = ax.find(qn("c:noMultiLvlLbl"))
    for tag in ("c:tickLblSkip", "c:tickMarkSkip"):
        el = etree.Element(qn(tag))
        el.set("val", str(every))
        if anchor is not None:
            anchor.addprevious(el)
        else:
            ax.append(el)


def _step(raw: float) -> float:
    """A round axis step at least raw: 1, 2, 2.5 or 5 times a power of ten."""
    if raw <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(raw))
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


def add_chart(slide, spec: Chart, x, y, w, h, lang: str = "th"):
    """A native chart from a briefing Chart spec; returns the python-pptx chart."""
    data = CategoryChartData(number_format=EXCEL_FORMATS.get(spec.fmt, "General"))
    cats = list(spec.categories)
    if spec.kind == "line":
        # a month label needs about 1.3 inches: the others are left blank (LibreOffice ignores
        # tickLblSkip on a text axis and would turn every label on its side)
        every = max(spec.label_every, -(-len(cats) // max(1, int(Emu(w).inches / 1.3))))
        cats = [c if (len(cats) - 1 - i) % every == 0 else " " for i, c in enumerate(cats)]  # the latest shown
    data.categories = cats
    for s in spec.series:
        data.add_series(s.name, [None if v is None else float(v) for v in s.values])
    chart = slide.shapes.add_chart(CHART_TYPES[spec.kind], x, y, w, h, data).chart
    _style(chart.font, 16, lang=lang)
    chart.has_title = True
    tf = chart.chart_title.text_frame
    tf.text = spec.title
    for p in tf.paragraphs:
        for r in p.runs:
            _style(r.font, 18, True, INK, lang=lang)
    visible = [s for s in spec.series if not s.markers_only]
    chart.has_legend = len(spec.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.RIGHT if spec.kind == "line" else XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        _style(chart.legend.font, 18, lang=lang)

    va, ca = chart.value_axis, chart.category_axis
    va.has_major_gridlines = True
    va.major_gridlines.format.line.color.rgb = _rgb(GRID)
    va.format.line.fill.background()
    va.tick_labels.number_format = EXCEL_FORMATS.get(spec.fmt, "General")
    va.tick_labels.number_format_is_linked = False
    _style(va.tick_labels.font, 16, colour=MUTED, lang=lang)
    whiskers = any(s.high for s in spec.series)
    if whiskers:  # the axis holds the ranges, not only the values
        ends = [float(v) for s in visible for v in [*s.values, *(s.high or []), *(s.low or [])] if v is not None]
        lo, hi = min(ends + [0.0]), max(ends + [0.0])
        step = _step((hi - lo) / 5)
        va.minimum_scale = spec.y_min if spec.y_min is not None else math.floor(lo / step) * step
        va.maximum_scale = math.ceil(hi / step) * step
        va.major_unit = step
    if spec.y_min is not None:
        va.minimum_scale = spec.y_min
    if spec.y_max is not None:
        va.maximum_scale = spec.y_max
    if spec.major is not None:
        va.major_unit = spec.major
    if spec.axis_title:
        va.has_title = True
        va.axis_title.text_frame.text = spec.axis_title
        for r in va.axis_title.text_frame.paragraphs[0].runs:
            _style(r.font, 16, colour=MUTED, lang=lang)
    ca.format.line.color.rgb = _rgb("BFC5CA")
    narrow = Emu(w).inches < 6
    _style(ca.tick_labels.font, {"bar": 16 if narrow else 18, "hbar": 15, "line": 16}[spec.kind], lang=lang)
    if spec.kind == "hbar":
        ca.reverse_order = True  # first category on top
        va.visible = False  # the bars carry their values; without the axis every category label fits
    ca.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # below negative bars too
    _skip_labels(ca, 1)  # every label (no automatic thinning; a line chart's are thinned above)
    if spec.kind == "line":
        # the plot keeps most of the height (LibreOffice turns month labels on their side, and its automatic
        # layout then leaves the lines a sliver)
        plot_area = chart._chartSpace.find(qn("c:chart")).find(qn("c:plotArea"))
        layout = plot_area.find(qn("c:layout"))
        if layout is None:
            layout = etree.SubElement(plot_area, qn("c:layout"))
            plot_area.insert(0, layout)
        layout.append(etree.fromstring(
            '<c:manualLayout xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart">'
            '<c:layoutTarget val="inner"/><c:xMode val="edge"/><c:yMode val="edge"/>'
            '<c:x val="0.08"/><c:y val="0.16"/><c:w val="0.66"/><c:h val="0.6"/></c:manualLayout>'))

    plot = chart.plots[0]
    if spec.kind in ("bar", "hbar"):
        plot.gap_width = 60 if len(visible) > 1 else (40 if spec.kind == "hbar" else 80)
        plot.overlap = -10 if len(visible) > 1 else 0
    if spec.data_labels and spec.kind != "line" and not whiskers:  # a label would sit on the whisker
        plot.has_data_labels = True
        dl = plot.data_labels
        dl.number_format = EXCEL_FORMATS.get(spec.fmt, "General")
        dl.number_format_is_linked = False
        dl.position = XL_LABEL_POSITION.OUTSIDE_END
        _style(dl.font, 16 if len(visible) > 2 else 18, True, INK, lang=lang)

    for ser, s in zip(plot.series, spec.series):
        if spec.kind == "line":
            ser.smooth = False
            if s.markers_only:
                ser.format.line.fill.background()
                ser.marker.style = XL_MARKER_STYLE.TRIANGLE
                ser.marker.size = 12
                ser.marker.format.fill.solid()
                ser.marker.format.fill.fore_color.rgb = _rgb(s.colour)
                ser.marker.format.line.fill.background()
                # the events' names are listed beside the chart (labels here would collide with the title)
            else:
                ser.format.line.color.rgb = _rgb(s.colour)
                ser.format.line.width = Pt(3)
                ser.marker.style = XL_MARKER_STYLE.NONE
        else:
            ser.format.fill.solid()
            ser.format.fill.fore_color.rgb = _rgb(s.colour)
            for i, c in enumerate(s.point_colours or []):
                pt = ser.points[i]
                pt.format.fill.solid()
                pt.format.fill.fore_color.rgb = _rgb(c)
            if s.high:
                _error_bars(ser, s)
    return chart


def _num_lit(values: list[float]) -> str:
    pts = "".join(f'<c:pt idx="{i}"><c:v>{v:.6g}</c:v></c:pt>' for i, v in enumerate(values))
    return f'<c:numLit><c:formatCode>General</c:formatCode><c:ptCount val="{len(values)}"/>{pts}</c:numLit>'


def _error_bars(ser, s) -> None:
    """Custom error bars (c:errBars) from a series' low / high ends: python-pptx has no API for them."""
    vals = [0.0 if v is None else float(v) for v in s.values]
    plus = [max(0.0, (float(h) if h is not None else v) - v) for h, v in zip(s.high, vals)]
    minus = [max(0.0, v - (float(lo) if lo is not None else v)) for lo, v in zip(s.low or vals, vals)]
    xml = (f'<c:errBars xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
           f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
           f'<c:errDir val="y"/><c:errBarType val="both"/><c:errValType val="cust"/><c:noEndCap val="0"/>'
           f'<c:plus>{_num_lit(plus)}</c:plus><c:minus>{_num_lit(minus)}</c:minus>'
           f'<c:spPr><a:ln w="28575"><a:solidFill><a:srgbClr val="39434C"/></a:solidFill></a:ln></c:spPr>'
           f'</c:errBars>')
    el = etree.fromstring(xml)
    anchor = ser._element.find(qn("c:cat"))
    if anchor is None:
        anchor = ser._element.find(qn("c:val"))
    anchor.addprevious(el)


# ---- slides --------------------------------------------------------------------------------------------

def _sample_banner(slide, b: Briefing) -> None:
    if b.sample:
        _text(slide, 0, 0, W, Inches(0.4), [(b.sample_text, 14, {"bold": True, "colour": SAMPLE_INK,
                                                                 "align": PP_ALIGN.CENTER})],
              b.lang, anchor=MSO_ANCHOR.MIDDLE, fill=SAMPLE_FILL)


def _footer(slide, b: Briefing, n: int, total: int, left: str = "") -> None:
    if left:
        _text(slide, MARGIN, Inches(6.95), Inches(7.6), Inches(0.45), [(left, FOOT_PT, {"colour": MUTED})], b.lang,
              anchor=MSO_ANCHOR.BOTTOM)
    _text(slide, Inches(8.2), Inches(6.95), W - MARGIN - Inches(8.2), Inches(0.45),
          [(f"{b.as_of} · {i18n.t('br.page', b.lang, n=n, total=total)}", FOOT_PT,
            {"colour": MUTED, "align": PP_ALIGN.RIGHT})], b.lang, anchor=MSO_ANCHOR.BOTTOM)


def _stats(slide, s: Slide, y, lang: str) -> int:
    """The big numbers in a row; returns the height they take."""
    n = len(s.stats)
    gap = Inches(0.2)
    width = (W - 2 * MARGIN - gap * (n - 1)) / n
    inner = width - Inches(0.3)
    value = 30
    while value > 20 and any(text_lines(st.value, value, Emu(inner).pt, bold=True) > 1 for st in s.stats):
        value -= 2  # every big number on one line, the same size across the row
    # a number's note on the slide only when every note fits one line (the chart beside shows the rest;
    # the speaker notes hold them all)
    notes = all(text_lines(st.note, BODY_PT, Emu(inner).pt) <= 1 for st in s.stats)
    note_h = max((lines_height(st.note, BODY_PT, inner) for st in s.stats if st.note and notes), default=0)
    label_h = max(lines_height(st.label, BODY_PT, inner, bold=True) for st in s.stats)
    height = label_h + Pt(value * LINE) + note_h + INSETS
    for i, st in enumerate(s.stats):
        x = MARGIN + i * (width + gap)
        _rect(slide, x, y + Inches(0.05), Inches(0.08), height - Inches(0.1), st.colour)
        paras = [(st.label, BODY_PT, {"bold": True, "colour": st.colour}),
                 (st.value, value, {"bold": True, "colour": INK})]
        if st.note and notes:
            paras.append((st.note, BODY_PT, {"colour": MUTED}))
        _text(slide, x + Inches(0.1), y, width - Inches(0.1), height, paras, lang)
    return height


TABLE_WIDTHS = {2: [0.5, 0.5], 3: [0.44, 0.24, 0.32], 4: [0.2, 0.26, 0.3, 0.24]}


def _table(slide, tbl, x, y, w, max_h, lang: str, size: float = TABLE_PT):
    """A table at `size` with as many rows as fit max_h (the rest are in the speaker notes)."""
    cols = len(tbl.columns)
    widths = TABLE_WIDTHS.get(cols, [1 / cols] * cols)

    def row_h(cells, bold):
        # a table row's line: LibreOffice and PowerPoint set table text tighter than a text box's (1.3-1.4 x)
        return max(int(Pt(text_lines(str(c), size, Emu(int(w * fr) - Inches(0.12)).pt, bold) * size * TABLE_LINE))
                   for c, fr in zip(cells, widths)) + Inches(0.07)

    heights = [row_h(tbl.columns, True)]
    rows = []
    for r in tbl.rows:
        h = row_h(r, False)
        if sum(heights) + h > max_h:
            break
        heights.append(h)
        rows.append(r)
    shape = slide.shapes.add_table(len(rows) + 1, cols, x, y, w, sum(heights))
    table = shape.table
    for j, fr in enumerate(widths):
        table.columns[j].width = Emu(int(w * fr))
    for i in range(len(rows) + 1):
        table.rows[i].height = Emu(heights[i])
        for j in range(cols):
            cell = table.cell(i, j)
            text = tbl.columns[j] if i == 0 else rows[i - 1][j]
            cell.margin_left = cell.margin_right = Inches(0.06)
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(ACCENT if i == 0 else ("F4F6F7" if i % 2 == 0 else "FFFFFF"))
            tf = cell.text_frame
            tf.word_wrap = True
            tf.text = str(text)
            for p in tf.paragraphs:
                for r in p.runs:
                    _style(r.font, size, i == 0, "FFFFFF" if i == 0 else INK, lang=lang)
    return shape, sum(heights)


def _cover(prs, b: Briefing, s: Slide, total: int) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _rect(slide, 0, 0, W, Inches(3.4), ACCENT)
    _sample_banner(slide, b)
    size = 44
    while size > 30 and text_lines(s.title, size, Emu(W - 2 * MARGIN - Inches(0.16)).pt, bold=True) > 2:
        size -= 2
    _text(slide, MARGIN, Inches(0.5), W - 2 * MARGIN, Inches(1.85), [(s.title, size, {"bold": True, "colour": "FFFFFF"})],
          b.lang, anchor=MSO_ANCHOR.BOTTOM)
    _text(slide, MARGIN, Inches(2.4), W - 2 * MARGIN, Inches(0.9), [(b.subtitle, 22, {"colour": "FFFFFF"})], b.lang)
    _text(slide, MARGIN, Inches(3.5), W - 2 * MARGIN, text_height(s.lead, 22, W - 2 * MARGIN - Inches(0.16), True),
          [(s.lead, 22, {"bold": True})], b.lang)
    y = Inches(4.15)
    label_w = Inches(2.5)  # the service's name in its own column: a long name never runs into its description
    for st in s.stats:
        _rect(slide, MARGIN, y + Inches(0.14), Inches(0.26), Inches(0.26), st.colour)
        _text(slide, MARGIN + Inches(0.4), y, label_w, Inches(0.52), [(st.label, 22, {"bold": True, "colour": st.colour})],
              b.lang)
        if st.value:
            x = MARGIN + Inches(0.4) + label_w
            _text(slide, x, y, W - MARGIN - x, Inches(0.52), [(st.value, 22, {})], b.lang)
        y += Inches(0.52)
    if s.message:
        _text(slide, MARGIN, Inches(6.25), W - 2 * MARGIN, Inches(0.55), [(s.message, 20, {"bold": True,
                                                                                         "colour": "B8322F"})], b.lang)
    _text(slide, MARGIN, Inches(6.85), Inches(7.6), Inches(0.55), [(b.org, 20, {"bold": True, "colour": ACCENT})], b.lang)
    _text(slide, Inches(8.2), Inches(6.85), W - MARGIN - Inches(8.2), Inches(0.55),
          [(f"{b.prepared} · {i18n.t('br.page', b.lang, n=1, total=total)}", FOOT_PT,
            {"colour": MUTED, "align": PP_ALIGN.RIGHT})], b.lang, anchor=MSO_ANCHOR.BOTTOM)
    slide.notes_slide.notes_text_frame.text = "\n".join([s.title, b.subtitle, s.lead, *s.notes])


def _slide(prs, b: Briefing, s: Slide, n: int, total: int) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _sample_banner(slide, b)
    lang = b.lang
    width = W - 2 * MARGIN
    size = TITLE_PT
    while size > 26 and text_lines(s.title, size, Emu(width - Inches(0.16)).pt, bold=True) > 1:
        size -= 2  # a long title (an event's name) shrinks to one line
    title_h = max(Inches(0.8), text_height(s.title, size, width - Inches(0.16), bold=True) + Inches(0.08))
    _text(slide, MARGIN, Inches(0.42), width, title_h, [(s.title, size, {"bold": True, "colour": ACCENT})],
          lang, anchor=MSO_ANCHOR.BOTTOM)
    y = Inches(0.42) + title_h + Inches(0.02)
    if s.lead:
        lh = text_height(s.lead, 20, width - Inches(0.16)) + Inches(0.08)
        _text(slide, MARGIN, y, width, lh, [(s.lead, 20, {})], lang)
        y += lh + Inches(0.04)
    if s.stats:
        y += _stats(slide, s, y, lang) + Inches(0.06)
    side = bool(s.bullets or s.quotes or s.table)
    paras = [("• " + t, BODY_PT, {"space": 4}) for t in s.bullets]
    paras += [(f"“{q}”", BODY_PT, {"italic": True, "colour": ACCENT, "space": 6}) for q in s.quotes]
    left_out: list = []
    body_h = BODY_BOTTOM - y
    if s.chart and s.table:
        # chart on the left, the table on the right with the bullets that fit above it
        chart_w = Inches(5.4)
        add_chart(slide, s.chart, MARGIN, y, chart_w, body_h, lang)
        x = MARGIN + chart_w + Inches(0.3)
        w = W - MARGIN - x
        kept, left_out = _fit(paras, w, min(body_h / 2, body_h))
        ty = y
        if kept:
            th = sum(_para_h(p, w) for p in kept) + INSETS
            _text(slide, x, ty, w, th, kept, lang)
            ty += th + Inches(0.05)
        _table(slide, s.table, x, ty, w, BODY_BOTTOM - ty, lang)
    else:
        chart_w = (Inches(7.6) if s.chart and s.chart.kind == "line" else Inches(7.0)) if side else width
        if s.chart:
            add_chart(slide, s.chart, MARGIN, y, chart_w, body_h, lang)
        elif s.message:
            mh = text_height(s.message, 22, chart_w - Inches(0.16))
            _text(slide, MARGIN, y, chart_w, mh, [(s.message, 22, {"colour": MUTED})], lang)
        if side:
            x = MARGIN + chart_w + Inches(0.3) if (s.chart or s.message) else MARGIN
            w = W - MARGIN - x
            kept, left_out = _fit(paras, w, body_h)
            ty = y
            if kept:
                th = sum(_para_h(p, w) for p in kept) + INSETS
                _text(slide, x, ty, w, th, kept, lang)
                ty += th + Inches(0.1)
            if s.table and BODY_BOTTOM - ty > Inches(0.8):
                _table(slide, s.table, x, ty, w, BODY_BOTTOM - ty, lang)
    _footer(slide, b, n, total)
    numbers = [f"{st.label}: {st.value}" + (f" ({st.note})" if st.note else "") for st in s.stats]
    rows = [" · ".join(f"{c}: {v}" for c, v in zip(s.table.columns, r)) for r in s.table.rows] if s.table else []
    slide.notes_slide.notes_text_frame.text = "\n".join([s.title, s.lead, *numbers, *s.bullets,
                                                         *(f"“{q}”" for q in s.quotes), *rows, *s.notes])


def build_pptx(b: Briefing) -> bytes:
    """The briefing as .pptx bytes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = W, H
    cp = prs.core_properties
    # a document property holds at most 255 characters (python-pptx refuses more): an event's title or a
    # long list of provinces is cut
    cp.title = clip(b.title, 255)
    cp.subject = clip(b.subtitle, 255)
    cp.author = clip(b.org, 255)
    cp.language = LANG_TAG.get(b.lang, "th-TH")
    cp.keywords = "EGA; GIN; G-Cloud; MailGoThai; GovMon"
    total = len(b.slides)
    for n, s in enumerate(b.slides, start=1):
        if s.key == "cover":
            _cover(prs, b, s, total)
        else:
            _slide(prs, b, s, n, total)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()

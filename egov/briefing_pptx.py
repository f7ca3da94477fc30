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
"""

from __future__ import annotations

import io

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE,
                             XL_TICK_LABEL_POSITION)
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from egov.briefing import ACCENT, EXCEL_FORMATS, Briefing, Chart, Slide

FONT = "TH Sarabun New"
LANG_TAG = {"th": "th-TH", "en": "en-US"}
INK = "1F2A33"
MUTED = "5B6770"
GRID = "E6E9EC"
SAMPLE_FILL, SAMPLE_INK = "FFF3CD", "6B4E00"
W, H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
STATS_H = Inches(1.25)
BODY_BOTTOM = Inches(6.45)


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


def text_height(text: str, size: float, width, em: float = 0.44) -> int:
    """A conservative height (EMU) for text of a point size wrapped in width (EMU): Thai marks above and
    below the line take no width; a TH Sarabun New line is about 1.55 x the point size."""
    import unicodedata

    chars = sum(1 for c in text if not unicodedata.combining(c) and unicodedata.category(c) != "Mn")
    per_line = max(8, int(Emu(width).pt / (em * size)))
    lines = max(1, -(-chars // per_line))
    return int(Pt(lines * size * 1.6 + 4))


# ---- text boxes ----------------------------------------------------------------------------------------

def _text(slide, x, y, w, h, paragraphs, lang: str, anchor=MSO_ANCHOR.TOP, fill: str | None = None):
    """A text box. paragraphs: [(text, size, {bold, colour, italic, align, space})]."""
    box = slide.shapes.add_textbox(x, y, w, h)
    tf = box.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = anchor
    tf.margin_left = tf.margin_right = Inches(0.08)
    tf.margin_top = tf.margin_bottom = Inches(0.04)
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
    from pptx.enum.shapes import MSO_SHAPE

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


def add_chart(slide, spec: Chart, x, y, w, h, lang: str = "th"):
    """A native chart from a briefing Chart spec; returns the python-pptx chart."""
    data = CategoryChartData(number_format=EXCEL_FORMATS.get(spec.fmt, "General"))
    data.categories = spec.categories
    for s in spec.series:
        data.add_series(s.name, [None if v is None else float(v) for v in s.values])
    chart = slide.shapes.add_chart(CHART_TYPES[spec.kind], x, y, w, h, data).chart
    _style(chart.font, 14, lang=lang)
    chart.has_title = True
    tf = chart.chart_title.text_frame
    tf.text = spec.title
    for p in tf.paragraphs:
        for r in p.runs:
            _style(r.font, 18, True, INK, lang=lang)
    visible = [s for s in spec.series if not s.markers_only]
    chart.has_legend = len(spec.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM if spec.kind == "line" else XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        _style(chart.legend.font, 14, lang=lang)

    va, ca = chart.value_axis, chart.category_axis
    va.has_major_gridlines = True
    va.major_gridlines.format.line.color.rgb = _rgb(GRID)
    va.format.line.fill.background()
    va.tick_labels.number_format = EXCEL_FORMATS.get(spec.fmt, "General")
    va.tick_labels.number_format_is_linked = False
    _style(va.tick_labels.font, 13, colour=MUTED, lang=lang)
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
            _style(r.font, 13, colour=MUTED, lang=lang)
    ca.format.line.color.rgb = _rgb("BFC5CA")
    _style(ca.tick_labels.font, {"bar": 14, "hbar": 12, "line": 13}[spec.kind], lang=lang)
    if spec.kind == "hbar":
        ca.reverse_order = True  # first category on top
        va.visible = False  # the bars carry their values; without the axis every category label fits
    ca.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # below negative bars too
    _skip_labels(ca, spec.label_every)  # 1 = every label (no automatic thinning)

    plot = chart.plots[0]
    if spec.kind in ("bar", "hbar"):
        plot.gap_width = 60 if len(visible) > 1 else (40 if spec.kind == "hbar" else 80)
        plot.overlap = -10 if len(visible) > 1 else 0
    if spec.data_labels and spec.kind != "line":
        plot.has_data_labels = True
        dl = plot.data_labels
        dl.number_format = EXCEL_FORMATS.get(spec.fmt, "General")
        dl.number_format_is_linked = False
        dl.position = XL_LABEL_POSITION.OUTSIDE_END
        _style(dl.font, 13 if len(visible) > 2 else 15, True, INK, lang=lang)

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
    return chart


# ---- slides --------------------------------------------------------------------------------------------

def _sample_banner(slide, b: Briefing) -> None:
    if b.sample:
        _text(slide, 0, 0, W, Inches(0.36), [(b.sample_text, 13, {"bold": True, "colour": SAMPLE_INK,
                                                                           "align": PP_ALIGN.CENTER})],
              b.lang, anchor=MSO_ANCHOR.MIDDLE, fill=SAMPLE_FILL)


def _footer(slide, b: Briefing, s: Slide, n: int, total: int) -> None:
    from egov import i18n

    notes = [x for x in s.notes if x]
    if notes:
        _text(slide, MARGIN, Inches(6.5), Inches(9.3), Inches(0.9),
              [(x, 10, {"colour": MUTED}) for x in notes[:2]], b.lang, anchor=MSO_ANCHOR.BOTTOM)
    _text(slide, Inches(9.9), Inches(6.9), Inches(2.95), Inches(0.5),
          [(f"{b.as_of} · {i18n.t('br.page', b.lang, n=n, total=total)}", 12,
            {"colour": MUTED, "align": PP_ALIGN.RIGHT})], b.lang, anchor=MSO_ANCHOR.BOTTOM)


def _stats(slide, s: Slide, y, lang: str) -> None:
    n = len(s.stats)
    gap = Inches(0.18)
    width = (W - 2 * MARGIN - gap * (n - 1)) / n
    inner = width - Inches(0.26)
    for i, st in enumerate(s.stats):
        x = MARGIN + i * (width + gap)
        _rect(slide, x, y + Inches(0.05), Inches(0.08), STATS_H - Inches(0.1), st.colour)
        size = 26  # the big number on one line
        while size > 16 and text_height(st.value, size, inner, em=0.55) > Pt(size * 1.6 + 4):
            size -= 2
        paras = [(st.label, 14, {"bold": True, "colour": st.colour}), (st.value, size, {"bold": True, "colour": INK})]
        if st.note:
            paras.append((st.note, 10.5, {"colour": MUTED}))
        _text(slide, x + Inches(0.1), y, width - Inches(0.1), STATS_H, paras, lang)


TABLE_WIDTHS = {2: [0.5, 0.5], 3: [0.46, 0.24, 0.30], 4: [0.17, 0.22, 0.39, 0.22]}


def _table(slide, tbl, x, y, w, lang: str, size: float = 13):
    rows, cols = len(tbl.rows) + 1, len(tbl.columns)
    widths = TABLE_WIDTHS.get(cols, [1 / cols] * cols)
    heights = [max(text_height(str(c), size, int(w * fr) - Inches(0.1), em=0.6 if i == 0 else 0.52)
                   for c, fr in zip(r, widths)) + Inches(0.04)
               for i, r in enumerate([tbl.columns, *tbl.rows])]
    shape = slide.shapes.add_table(rows, cols, x, y, w, sum(heights))
    table = shape.table
    for j, fr in enumerate(widths):
        table.columns[j].width = Emu(int(w * fr))
    for i in range(rows):
        table.rows[i].height = Emu(heights[i])
        for j in range(cols):
            cell = table.cell(i, j)
            text = tbl.columns[j] if i == 0 else tbl.rows[i - 1][j]
            cell.margin_left = cell.margin_right = Inches(0.05)
            cell.margin_top = cell.margin_bottom = Inches(0.02)
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
    from egov import i18n

    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _rect(slide, 0, 0, W, Inches(3.3), ACCENT)
    _sample_banner(slide, b)
    _text(slide, MARGIN, Inches(0.75), W - 2 * MARGIN, Inches(1.5), [(s.title, 40, {"bold": True, "colour": "FFFFFF"})],
          b.lang, anchor=MSO_ANCHOR.BOTTOM)
    _text(slide, MARGIN, Inches(2.3), W - 2 * MARGIN, Inches(0.8), [(b.subtitle, 24, {"colour": "FFFFFF"})], b.lang)
    _text(slide, MARGIN, Inches(3.55), W - 2 * MARGIN, Inches(0.6), [(s.lead, 22, {"bold": True})], b.lang)
    y = Inches(4.2)
    for st in s.stats:
        _rect(slide, MARGIN, y + Inches(0.12), Inches(0.24), Inches(0.24), st.colour)
        box = _text(slide, MARGIN + Inches(0.38), y, W - 2 * MARGIN, Inches(0.45), [(st.label, 20, {"bold": True,
                                                                                                  "colour": st.colour})],
                    b.lang)
        run = box.text_frame.paragraphs[0].add_run()
        run.text = "  " + st.value
        _style(run.font, 20, colour=INK, lang=b.lang)
        y += Inches(0.45)
    if s.message:
        _text(slide, MARGIN, Inches(6.1), W - 2 * MARGIN, Inches(0.5), [(s.message, 20, {"bold": True,
                                                                                       "colour": "B8322F"})], b.lang)
    _text(slide, MARGIN, Inches(6.75), Inches(8), Inches(0.5), [(b.org, 16, {"bold": True, "colour": ACCENT})], b.lang)
    _text(slide, Inches(8.3), Inches(6.75), Inches(4.55), Inches(0.5),
          [(f"{b.prepared} · {i18n.t('br.page', b.lang, n=1, total=total)}", 12,
            {"colour": MUTED, "align": PP_ALIGN.RIGHT})], b.lang)
    slide.notes_slide.notes_text_frame.text = "\n".join([s.title, b.subtitle, s.lead, *s.notes])


def _slide(prs, b: Briefing, s: Slide, n: int, total: int) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _sample_banner(slide, b)
    lang = b.lang
    size = 36
    while size > 22 and text_height(s.title, size, W - 2 * MARGIN - Inches(0.2), em=0.6) > Pt(size * 1.6 + 4):
        size -= 2  # a long title (an event's name) shrinks to one line
    _text(slide, MARGIN, Inches(0.42), W - 2 * MARGIN, Inches(0.75), [(s.title, size, {"bold": True, "colour": ACCENT})],
          lang, anchor=MSO_ANCHOR.BOTTOM)
    if s.lead:
        _text(slide, MARGIN, Inches(1.15), W - 2 * MARGIN, Inches(0.55), [(s.lead, 21, {})], lang)
    y = Inches(1.8)
    if s.stats:
        _stats(slide, s, y, lang)
        y += STATS_H + Inches(0.05)
    side = bool(s.bullets or s.quotes or s.table)
    chart_w = Inches(7.0) if side else W - 2 * MARGIN
    n_items = len(s.bullets) + len(s.quotes)
    size = 17 if n_items <= 3 else (15 if n_items <= 4 else 14)
    paras = [("• " + t, size, {"space": 3}) for t in s.bullets]
    paras += [(f"“{q}”", size, {"italic": True, "colour": ACCENT, "space": 5}) for q in s.quotes]
    if s.chart and s.table:
        # chart with the bullets under it on the left, the table on the right
        chart_w = Inches(6.0)
        th = sum(text_height(p[0], p[1], chart_w - Inches(0.16)) + Pt(p[2]["space"]) for p in paras)
        th = min(th, Inches(1.6))
        add_chart(slide, s.chart, MARGIN, y, chart_w, BODY_BOTTOM - y - th, lang)
        if paras:
            _text(slide, MARGIN, BODY_BOTTOM - th, chart_w, th, paras, lang)
        x = MARGIN + chart_w + Inches(0.3)
        _table(slide, s.table, x, y + Inches(0.1), W - MARGIN - x, lang, size=12.5)
    else:
        if s.chart:
            add_chart(slide, s.chart, MARGIN, y, chart_w, BODY_BOTTOM - y, lang)
        elif s.message:
            _text(slide, MARGIN, y, chart_w, Inches(1.0), [(s.message, 22, {"colour": MUTED})], lang)
        if side:
            x = MARGIN + chart_w + Inches(0.25) if (s.chart or s.message) else MARGIN
            w = W - MARGIN - x
            ty = y
            if paras:
                th = sum(text_height(p[0], p[1], w - Inches(0.16)) + Pt(p[2]["space"]) for p in paras)
                _text(slide, x, ty, w, min(th, BODY_BOTTOM - ty), paras, lang)
                ty += th + Inches(0.1)
            if s.table:
                _table(slide, s.table, x, ty, w, lang, size=12)
    _footer(slide, b, s, n, total)
    slide.notes_slide.notes_text_frame.text = "\n".join([s.title, s.lead, *s.bullets, *s.notes])


def build_pptx(b: Briefing) -> bytes:
    """The briefing as .pptx bytes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = W, H
    cp = prs.core_properties
    cp.title = b.title
    cp.subject = b.subtitle
    cp.author = b.org
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



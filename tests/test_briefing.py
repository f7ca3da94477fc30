"""บรรยายสรุป Briefing: the story, the PowerPoint (native charts, Thai fonts), the PDF (Thai text) and the page.

Runs on the real small sample warehouse (tests/conftest.py). Expected numbers are read straight from
the warehouse's fact table, not through the code under test.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import duckdb
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.oxml.ns import qn
from pptx.util import Pt
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("GIN", "GCLOUD", "MAILGOTHAI", "GOVMON")
SHORT = {"GIN": "GIN", "GCLOUD": "G-Cloud", "MAILGOTHAI": "MailGoThai", "GOVMON": "GovMon"}


# ---- what the warehouse says, read independently -----------------------------------------------------

@pytest.fixture(scope="module")
def facts(sample_db) -> dict:
    """A province with events and feedback, its Thai name, the as-of month and per service the agencies
    adopted at that month and the eligible agencies, straight from the warehouse."""
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        as_of = con.execute("SELECT max(month) FROM mart_adoption_monthly").fetchone()[0]
        code = con.execute(
            """SELECT e.province_code FROM events e
               JOIN (SELECT province_code, count(*) AS n FROM feedback GROUP BY 1) f USING (province_code)
               GROUP BY e.province_code, f.n ORDER BY count(DISTINCT e.event_id) DESC, f.n DESC, 1 LIMIT 1""",
        ).fetchone()[0]
        name_th, name_en = con.execute("SELECT name_th, name_en FROM provinces WHERE province_code = ?",
                                       [code]).fetchone()
        eligible = con.execute("SELECT count(*) FROM agencies WHERE province_code = ?", [code]).fetchone()[0]
        adopted = dict(con.execute(
            """SELECT service_code, count(*) FILTER (WHERE adopted) FROM fct_agency_service_month
               WHERE month = ? AND province_code = ? GROUP BY 1""", [as_of, code]).fetchall())
        event = con.execute("SELECT event_id FROM events WHERE province_code = ? ORDER BY event_date DESC LIMIT 1",
                            [code]).fetchone()[0]
        colours = dict(con.execute("SELECT service_code, colour FROM services").fetchall())
    finally:
        con.close()
    return {"code": code, "name_th": name_th, "name_en": name_en, "as_of": as_of, "eligible": eligible,
            "adopted": {s: int(adopted.get(s, 0)) for s in SERVICES}, "event": event, "colours": colours}


@pytest.fixture(scope="module")
def story_inputs(sample_db, facts):
    import os

    from egov import briefing, filters

    old = os.environ.get("EGOV_DB")
    os.environ["EGOV_DB"] = str(sample_db)
    try:
        yield briefing.load_inputs(filters.Filters(), facts["code"], facts["event"])
    finally:
        if old is None:
            os.environ.pop("EGOV_DB", None)
        else:
            os.environ["EGOV_DB"] = old


@pytest.fixture(scope="module")
def story(story_inputs):
    from egov import briefing

    return briefing.build(story_inputs, "th")


@pytest.fixture(scope="module")
def pptx_bytes(story) -> bytes:
    from egov.briefing_pptx import build_pptx

    return build_pptx(story)


@pytest.fixture(scope="module")
def pdf_bytes(story, artifacts) -> bytes:
    from egov.briefing_pdf import build_pdf

    data = build_pdf(story)
    (artifacts / "briefing_story.pdf").write_bytes(data)
    return data


def strip_marks(text: str) -> str:
    """Thai without its combining marks (tone marks, vowels above and below) and with spaces collapsed:
    PDF text extractors drop or reorder marks, so comparisons are made on this form."""
    return " ".join("".join(c for c in text if unicodedata.category(c) != "Mn").split())


# ---- the story --------------------------------------------------------------------------------------------

def test_story_has_the_screens_and_the_numbers(story, facts):
    keys = [s.key for s in story.slides]
    assert keys == ["cover", "glance", "trend", "event", "savings", "feedback", "next"]
    assert facts["name_th"] in story.title
    glance = story.slides[1]
    values = {st.label: st.value for st in glance.stats}
    for s in SERVICES:
        assert f"{facts['adopted'][s]} / {facts['eligible']}" in values[SHORT[s]]
    # Buddhist-Era month of the data, and sample data said on the story
    assert str(facts["as_of"].year + 543) in story.as_of
    assert story.sample and "ข้อมูลตัวอย่าง" in story.sample_text


def test_story_labels_are_all_defined(story, story_inputs):
    from egov import briefing

    en = briefing.build(story_inputs, "en")
    for b in (story, en):
        missing = [x for x in b.texts() if re.fullmatch(r"[a-z_]+(\.[a-z_0-9]+)+", x)]
        assert not missing, f"label keys shown as text: {missing}"
    assert en.title.startswith("e-Government service adoption in ")
    assert en.as_of.endswith(str(story_inputs.as_of.year))  # CE in English


def test_story_of_a_province_without_agencies(story_inputs):
    from dataclasses import replace

    from egov import briefing

    empty = replace(story_inputs, agencies=0, event=None)
    b = briefing.build(empty, "th")
    assert not b.has_data
    assert [s.key for s in b.slides] == ["cover"]
    assert "ยังไม่มีข้อมูลหน่วยงาน" in b.slides[0].message


def test_story_with_agencies_but_nothing_else(story_inputs):
    """No trend, events, savings, feedback, agency list or opportunity: every screen says so in words, and
    the PowerPoint and the HTML still build."""
    from dataclasses import replace

    import pandas as pd

    from egov import briefing
    from egov.briefing_pdf import render_html
    from egov.briefing_pptx import build_pptx

    bare = replace(story_inputs, trend=pd.DataFrame(), events=story_inputs.events.iloc[0:0], event=None,
                   savings_year=pd.DataFrame(), savings_period=pd.DataFrame(), satisfaction=pd.DataFrame(),
                   issues=pd.DataFrame(), comments=pd.DataFrame(), agency_status=pd.DataFrame(), opportunity=None)
    b = briefing.build(bare, "th")
    by_key = {s.key: s for s in b.slides}
    assert list(by_key) == ["cover", "glance", "trend", "savings", "feedback", "next"]
    assert by_key["trend"].chart is None and by_key["trend"].message
    assert by_key["savings"].chart is None and by_key["savings"].message
    assert by_key["feedback"].chart is None and by_key["feedback"].message
    assert Presentation(io.BytesIO(build_pptx(b))).slides
    assert "<section" in render_html(b)


def test_quotes_are_distinct_and_mix_praise_and_problems():
    import pandas as pd

    from egov.briefing_slides import quotes as _quotes

    df = pd.DataFrame({
        "comment": ["ช้า", "ช้า", "ดีมาก", "ต้องการอบรม", "ดีมาก", "ขอบคุณ"],
        "satisfaction": [2, 2, 5, 3, 5, 4],
        "satisfied": [False, False, True, False, True, True],  # satisfied(satisfaction), as the reads give it
        "issue": ["bandwidth", "bandwidth", "none", "training", None, "none"],
    })
    q = _quotes(df, 4)
    assert q == ["ช้า", "ดีมาก", "ต้องการอบรม", "ขอบคุณ"]


# ---- PowerPoint ------------------------------------------------------------------------------------------

def _texts(prs) -> list[str]:
    out = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
            if shape.has_table:
                out += [c.text for r in shape.table.rows for c in r.cells]
    return out


def _charts(prs) -> list:
    return [shape.chart for slide in prs.slides for shape in slide.shapes if shape.has_chart]


def test_pptx_has_thai_text_and_exact_counts(pptx_bytes, facts, story, artifacts):
    (artifacts / "briefing_story.pptx").write_bytes(pptx_bytes)
    prs = Presentation(io.BytesIO(pptx_bytes))
    assert len(prs.slides) == len(story.slides)
    text = "\n".join(_texts(prs))
    assert facts["name_th"] in text
    for s in SERVICES:
        assert f"{facts['adopted'][s]} / {facts['eligible']} หน่วยงาน" in text
    assert f"ธ.ค. {facts['as_of'].year + 543}" in text or str(facts["as_of"].year + 543) in text
    assert text.count("ข้อมูลตัวอย่าง") >= len(story.slides)  # sample data said on every slide


def test_pptx_charts_are_native_with_service_colours(pptx_bytes, facts):
    prs = Presentation(io.BytesIO(pptx_bytes))
    charts = _charts(prs)
    assert len(charts) >= 5
    glance = charts[0]
    assert glance.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    cats = list(glance.plots[0].categories)
    assert cats[0] == f"จังหวัด{facts['name_th']}" or cats[0] == facts["name_th"]
    assert cats[-1] == "ทั้งประเทศ"
    series = {s.name: s for s in glance.plots[0].series}
    assert list(series) == [SHORT[s] for s in SERVICES]
    for s in SERVICES:
        ser = series[SHORT[s]]
        assert ser.values[0] == pytest.approx(facts["adopted"][s] / facts["eligible"])
        assert str(ser.format.fill.fore_color.rgb) == facts["colours"][s].lstrip("#").upper()
    kinds = {c.chart_type for c in charts}
    lines = {XL_CHART_TYPE.LINE, XL_CHART_TYPE.LINE_MARKERS}  # read back from the XML: LINE when series hide markers
    assert kinds & lines and XL_CHART_TYPE.BAR_CLUSTERED in kinds
    trend = next(c for c in charts if c.chart_type in lines)
    months = list(trend.plots[0].categories)
    assert months[-1] == f"ธ.ค. {facts['as_of'].year + 543}"  # Buddhist Era on the axis
    line_names = [s.name for s in trend.plots[0].series]
    assert line_names[:4] == [SHORT[s] for s in SERVICES] and line_names[-1] == "กิจกรรม"


def test_pptx_sets_the_complex_script_font_everywhere(pptx_bytes):
    from egov.briefing_pptx import FONT

    prs = Presentation(io.BytesIO(pptx_bytes))
    runs = 0
    for slide in prs.slides:
        for r in slide._element.iter(qn("a:r")):
            rpr = r.find(qn("a:rPr"))
            assert rpr is not None, r.findtext(qn("a:t"))
            cs, latin = rpr.find(qn("a:cs")), rpr.find(qn("a:latin"))
            assert cs is not None and cs.get("typeface") == FONT, r.findtext(qn("a:t"))
            assert latin is not None and latin.get("typeface") == FONT
            runs += 1
    assert runs > 50
    for chart in _charts(prs):
        space = chart._chartSpace
        defaults = list(space.iter(qn("a:defRPr")))
        assert defaults and all(d.find(qn("a:cs")) is not None for d in defaults if d.find(qn("a:latin")) is not None)
        top = space.find(qn("c:txPr")).find(".//" + qn("a:defRPr"))
        assert top.find(qn("a:cs")).get("typeface") == FONT


# ---- PDF -------------------------------------------------------------------------------------------------

def test_pdf_has_the_thai_province_and_the_numbers(pdf_bytes, facts, story):
    assert pdf_bytes[:5] == b"%PDF-"
    reader = PdfReader(io.BytesIO(pdf_bytes))
    assert len(reader.pages) == len(story.slides)
    text = strip_marks("\n".join(p.extract_text() or "" for p in reader.pages))
    assert strip_marks(f"จังหวัด{facts['name_th']}") in text
    gin = f"{facts['adopted']['GIN']} / {facts['eligible']}"
    assert gin in text
    fonts = {str(f.get_object().get("/BaseFont")) for p in reader.pages
             for f in (p.get("/Resources", {}).get("/Font", {}) or {}).values()}
    assert any("Laksaman" in f for f in fonts), fonts


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")
def test_pdf_thai_extracts_exactly_with_poppler(pdf_bytes, facts, tmp_path):
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(pdf_bytes)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert f"ภาพรวมจังหวัด{facts['name_th']}" in text
    assert "ข้อมูลตัวอย่าง (สังเคราะห์เพื่อสาธิต)" in text  # tone marks intact: shaped Thai
    for s in SERVICES:
        assert f"{facts['adopted'][s]} / {facts['eligible']} หน่วยงาน" in text


def test_pdf_html_fetches_nothing(story):
    from egov.briefing_pdf import render_html

    doc = render_html(story)
    assert "Content-Security-Policy" in doc
    for pattern in (r"\bsrc\s*=", r"\bhref\s*=", r"url\(", r"@import", r"<script"):
        assert not re.search(pattern, doc, re.I), pattern
    assert doc.count("<svg") == sum(1 for s in story.slides if s.chart)


# ---- the page --------------------------------------------------------------------------------------------

def _app():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    at.switch_page("pages/briefing.py").run()
    return at


def _html(at) -> str:
    """What the page drew as HTML (st.html: no markdown) and as markdown."""
    return "\n".join([e.proto.body for e in at.get("html")] + [m.value for m in at.markdown])


def test_page_asks_for_a_province(use_sample_db):
    at = _app()
    assert not at.exception
    assert any("เลือกจังหวัด" in i.value for i in at.info)
    assert at.toggle(key="br_present").value is False  # presenter mode starts off


def test_page_presents_every_screen(use_sample_db, facts):
    at = _app()
    at.selectbox(key="br_province").set_value(facts["code"]).run()
    assert not at.exception and not at.error
    assert f"จังหวัด{facts['name_th']}" in _html(at)
    assert at.toggle(key="br_present").value is True  # choosing a province turns presenter mode on
    n = len(at.segmented_control(key="br_screen").options)
    assert n == 6
    seen_charts = 0
    for i in range(1, n):
        at.button(key="br_next").click().run()
        assert not at.exception and not at.error, i
        assert at.session_state["br_screen"] == i
        assert "ข้อมูลตัวอย่าง" in _html(at)  # sample data says so on every screen
        seen_charts += len(at.get("plotly_chart"))
    assert seen_charts == n - 1
    assert at.button(key="br_next").disabled


def test_page_glance_chart_and_event(use_sample_db, facts):
    import json

    at = _app()
    at.selectbox(key="br_province").set_value(facts["code"]).run()
    at.button(key="br_next").click().run()
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = [d["name"] for d in spec["data"]]
    assert names == [SHORT[s] for s in SERVICES]
    gin = spec["data"][0]
    assert gin["y"][0] == pytest.approx(facts["adopted"]["GIN"] / facts["eligible"])
    assert "ทั้งประเทศ" in gin["x"]
    # choosing an event adds its screen and starts again at the cover
    at.selectbox(key="br_event").set_value(facts["event"]).run()
    assert not at.exception and not at.error
    assert at.session_state["br_screen"] == 0
    assert len(at.segmented_control(key="br_screen").options) == 7


def test_page_for_a_province_with_no_data(sample_db, tmp_path, monkeypatch, facts):
    """A province with no agencies in the warehouse: said in words, no downloads, no traceback."""
    db = tmp_path / "no_province.duckdb"
    shutil.copy(sample_db, db)
    con = duckdb.connect(str(db))
    other = "10" if facts["code"] != "10" else "65"
    con.execute("UPDATE agencies SET province_code = ? WHERE province_code = ?", [other, facts["code"]])
    con.close()
    monkeypatch.setenv("EGOV_DB", str(db))
    at = _app()
    at.selectbox(key="br_province").set_value(facts["code"]).run()
    assert not at.exception and not at.error
    assert any("ยังไม่มีข้อมูลหน่วยงาน" in i.value for i in at.info)
    assert not at.get("download_button")
    assert not at.get("plotly_chart")


# ---- PowerPoint: sizes, legends, and every slide rendered by LibreOffice -------------------------------------

def test_pptx_text_sizes_read_from_the_back_of_the_room(pptx_bytes):
    """Body text >= 18 pt, tables >= 14 pt, titles larger than the body; the only smaller text is the sample
    banner and the page line (14 pt)."""
    from egov.briefing_pptx import BODY_PT, FOOT_PT, TABLE_PT

    prs = Presentation(io.BytesIO(pptx_bytes))
    small = []
    for n, slide in enumerate(prs.slides, start=1):
        title_pt = None
        for shape in slide.shapes:
            if shape.has_table:
                for row in shape.table.rows:
                    for cell in row.cells:
                        for r in (r for p in cell.text_frame.paragraphs for r in p.runs):
                            if r.font.size.pt < TABLE_PT:
                                small.append((n, "table", r.text, r.font.size.pt))
            elif shape.has_text_frame:
                for p in shape.text_frame.paragraphs:
                    for r in p.runs:
                        pt = r.font.size.pt
                        footer = "ข้อมูลตัวอย่าง" in r.text or "หน้า " in r.text
                        if pt < (FOOT_PT if footer else BODY_PT):
                            small.append((n, "text", r.text[:40], pt))
                        if title_pt is None and r.font.bold and shape.top < Pt(90).emu * 0 + 1_300_000 and pt >= 26:
                            title_pt = pt
        assert title_pt and title_pt > BODY_PT + 6, f"slide {n}: no title larger than the body text"
    assert not small, f"text smaller than its minimum: {small[:10]}"


def test_pptx_legends_use_each_services_colour(pptx_bytes, facts):
    prs = Presentation(io.BytesIO(pptx_bytes))
    charts = _charts(prs)
    colours = {SHORT[s]: facts["colours"][s].lstrip("#").upper() for s in SERVICES}
    legended = [c for c in charts if c.has_legend]
    assert legended
    for c in legended:
        for ser in c.plots[0].series:
            if ser.name in colours:
                assert str(ser.format.fill.fore_color.rgb if c.chart_type != XL_CHART_TYPE.LINE
                           else ser.format.line.color.rgb) == colours[ser.name], (c.chart_title.text_frame.text, ser.name)
            else:  # the only other legend entry: the events' markers on the trend
                assert ser.name == "กิจกรรม"
    # the savings chart: one bar per service in its own colour, the range as whiskers, no legend
    savings = next(c for c in charts if "ล้านบาท" in c.chart_title.text_frame.text)
    assert not savings.has_legend and len(savings.plots[0].series) == 1
    ser = savings.plots[0].series[0]
    assert [str(ser.points[i].format.fill.fore_color.rgb) for i in range(4)] == [colours[SHORT[s]] for s in SERVICES]
    assert ser._element.find(qn("c:errBars")) is not None


def _soffice_pdf(pptx: Path, out: Path) -> Path:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.fail("LibreOffice (soffice) is not installed: apt-get install libreoffice-impress", pytrace=False)
    profile = out / "lo_profile"
    subprocess.run([exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(pptx)], capture_output=True, timeout=240, check=False)
    pdf = out / (pptx.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice did not convert {pptx.name}"
    return pdf


def _pngs(pdf: Path, prefix: Path, dpi: int) -> list[Path]:
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True, timeout=120)
    return sorted(prefix.parent.glob(prefix.name + "-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


# Distinct colours, far apart (L1 distance >= 150 between any two): each text box (or table) on a slide gets
# one, so that what LibreOffice draws can be told apart box by box.
PALETTE = [(255, 0, 0), (0, 150, 0), (0, 0, 255), (230, 0, 230), (0, 160, 170), (170, 110, 0), (110, 0, 200),
           (255, 130, 0), (0, 80, 30), (140, 0, 50), (0, 110, 255), (110, 110, 0), (200, 0, 120), (0, 200, 90),
           (80, 40, 0), (50, 0, 110), (0, 60, 120), (190, 60, 60), (60, 140, 200), (120, 160, 0)]


def overflow_problems(pptx_bytes: bytes, work: Path, dpi: int = 100) -> tuple[list[str], int]:
    """Render the deck with LibreOffice after giving every text box (and every table) a colour of its own and
    removing everything else; any pixel of a box's colour outside that box's rectangle is text that overflows
    it. Returns (problems, slides checked)."""
    import numpy as np
    from PIL import Image
    from pptx.dml.color import RGBColor

    prs = Presentation(io.BytesIO(pptx_bytes))
    boxes = []  # (slide index, colour, (left, top, right, bottom) in EMU, text)
    for si, slide in enumerate(prs.slides):
        palette = iter(PALETTE)
        for shape in list(slide.shapes):
            if shape.has_text_frame and shape.text_frame.text.strip():
                frames = [shape.text_frame]
                if shape.fill.type is not None:
                    shape.fill.background()
            elif shape.has_table:  # every row a box of its own: text spilling into the next row is found
                top = shape.top
                for r in shape.table.rows:
                    colour = next(palette)
                    for c in r.cells:
                        c.fill.background()
                        for p in c.text_frame.paragraphs:
                            for run in p.runs:
                                run.font.color.rgb = RGBColor(*colour)
                    boxes.append((si, colour, (shape.left, top, shape.left + shape.width, top + r.height),
                                  " | ".join(c.text_frame.text for c in r.cells)[:50]))
                    top += r.height
                continue
            else:  # charts, coloured bars: not text boxes
                shape._element.getparent().remove(shape._element)
                continue
            colour = next(palette)
            for tf in frames:
                for p in tf.paragraphs:
                    for r in p.runs:
                        r.font.color.rgb = RGBColor(*colour)
            boxes.append((si, colour, (shape.left, shape.top, shape.left + shape.width, shape.top + shape.height),
                          " ".join(tf.text for tf in frames)[:50]))
    path = work / "recoloured.pptx"
    prs.save(path)
    pngs = _pngs(_soffice_pdf(path, work), work / "recoloured", dpi)
    images = [np.asarray(Image.open(p).convert("RGB")).astype(int) for p in pngs]
    px = dpi / 914400
    problems = []
    nearest = {}
    for si, img in enumerate(images):  # each pixel given to the nearest colour of its slide, when close to it
        used = np.array([c for i, c, *_ in boxes if i == si] or [(0, 0, 0)])
        dist = np.abs(img[:, :, None, :] - used[None, None, :, :]).sum(axis=3)
        nearest[si] = (used, dist.argmin(axis=2), dist.min(axis=2) < 45)
    for si, colour, (l, t, r, b), text in boxes:
        used, which, close = nearest[si]
        k = next(i for i, c in enumerate(used) if tuple(c) == colour)
        mask = close & (which == k)
        ys, xs = np.nonzero(mask)
        if not len(xs):
            problems.append(f"slide {si + 1}: the text {text!r} was not drawn")
            continue
        tol = 2
        outside = (xs < l * px - tol) | (xs > r * px + tol) | (ys < t * px - tol) | (ys > b * px + tol)
        if outside.any():
            problems.append(f"slide {si + 1}: {int(outside.sum())} px of {text!r} outside its box "
                            f"(text reaches x {xs.min()}-{xs.max()}, y {ys.min()}-{ys.max()}; box "
                            f"x {l * px:.0f}-{r * px:.0f}, y {t * px:.0f}-{b * px:.0f})")
    return problems, len(images)


def test_overflow_check_fails_on_text_that_overflows(tmp_path):
    """The check itself: a box holding more text than fits is found; one that fits is not."""
    from pptx.util import Inches

    from egov.briefing_pptx import _text

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _text(slide, Inches(0.5), Inches(0.5), Inches(3), Inches(0.6), [("พอดีกล่อง", 18, {})], "th")
    _text(slide, Inches(0.5), Inches(2), Inches(3), Inches(0.6),
          [("ข้อความยาวเกินกล่อง " * 12, 18, {})], "th")
    # a table whose first row is too low for its text: the text runs into the next row
    table = slide.shapes.add_table(2, 2, Inches(5), Inches(4), Inches(3), Inches(0.6)).table
    table.rows[0].height = table.rows[1].height = Inches(0.3)
    table.cell(0, 0).text = "หน่วยงาน " * 8
    table.cell(1, 0).text = "แถวที่สอง"
    out = io.BytesIO()
    prs.save(out)
    problems, n = overflow_problems(out.getvalue(), tmp_path)
    assert n == 1
    # the long box, and the table's first row (LibreOffice grows it) which pushes the second out of place
    assert len(problems) == 3, problems
    assert "ข้อความยาวเกินกล่อง" in problems[0] and "หน่วยงาน" in problems[1] and "แถวที่สอง" in problems[2], problems


@pytest.mark.slow  # LibreOffice renders each deck: about 20 s a deck
@pytest.mark.parametrize("which", ["event_th", "province_en", "region_th"])
def test_every_pptx_slide_rendered_and_no_text_overflows(which, story, story_inputs, use_sample_db, tmp_path,
                                                         artifacts):
    """Every slide of three decks rendered to PNG by LibreOffice (artifacts/briefing_pptx/), and no text box
    or table drawn beyond its rectangle."""
    from dataclasses import replace

    from egov import briefing, filters
    from egov.briefing_pptx import build_pptx

    if which == "event_th":
        b = story
    elif which == "province_en":
        b = briefing.build(replace(story_inputs, event=None), "en")
    else:
        b = briefing.build(briefing.load_inputs(filters.Filters(), "r:north"), "th")
    data = build_pptx(b)
    deck = tmp_path / f"briefing_{which}.pptx"
    deck.write_bytes(data)
    out = artifacts / "briefing_pptx"
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob(f"{which}-*.png"):
        old.unlink()
    pngs = _pngs(_soffice_pdf(deck, tmp_path), out / which, 60)
    assert len(pngs) == len(b.slides), f"LibreOffice drew {len(pngs)} of {len(b.slides)} slides"
    problems, n = overflow_problems(data, tmp_path)
    assert n == len(b.slides)
    assert not problems, "\n".join(problems)


# ---- PDF ticks ---------------------------------------------------------------------------------------------

def test_pdf_ticks_have_the_precision_their_step_needs():
    """Ticks 2.5 apart print as +2.5 / 0 / -2.5 / -5.0, never '+2, 0, -2, -5' (rounded, so two can print alike)."""
    from egov.briefing_model import Chart, Series
    from egov.briefing_pdf import _tick_label, svg_bar

    assert [_tick_label(v, "pp", 2.5) for v in (2.5, 0.0, -2.5, -5.0)] == ["+2.5", "0", "-2.5", "-5.0"]
    assert [_tick_label(v, "pct", 0.25) for v in (0.0, 0.25, 1.0)] == ["0%", "25%", "100%"]
    assert [_tick_label(v, "pct", 0.125) for v in (0.125, 0.25)] == ["12.5%", "25.0%"]
    assert [_tick_label(v, "mbaht", 2.5) for v in (0.0, 2.5, 12.5)] == ["0.0", "2.5", "12.5"]
    assert _tick_label(1000.0, "int", 500.0) == "1,000"
    svg = svg_bar(Chart("bar", "t", ["GIN", "GovMon"], [Series("e", [2.6, -5.9], "#000000")], fmt="pp", major=2.5))
    ticks = re.findall(r'text-anchor="end">([^<]+)</text>', svg)
    assert ticks == ["-5.0", "-2.5", "0", "+2.5"], ticks
    assert len(set(ticks)) == len(ticks)


def test_pdf_event_chart_draws_the_range_as_a_whisker():
    from egov.briefing_model import Chart, Series
    from egov.briefing_pdf import svg_bar

    svg = svg_bar(Chart("bar", "t", ["GIN"], [Series("e", [4.0], "#0B7A55", low=[-14.8], high=[22.8])], fmt="pp"))
    assert svg.count("<path") == 1 and 'stroke-width="1.6"' in svg
    ticks = [float(x) for x in re.findall(r'text-anchor="end">([^<]+)</text>', svg)]
    assert min(ticks) <= -10 and max(ticks) >= 20  # the axis holds the range, not only the value

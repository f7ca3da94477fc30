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

    from egov import briefing, queries

    old = os.environ.get("EGOV_DB")
    os.environ["EGOV_DB"] = str(sample_db)
    try:
        yield briefing.load_inputs(queries.Filters(), facts["code"], facts["event"])
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

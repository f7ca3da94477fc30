"""Data values reach the screen as text (docs/SECURITY.md, "Data values on screen").

- egov.safe_text.md: what CommonMark makes of an escaped value is the value itself, never a link, an image
  or HTML, and GitHub-style autolinks cannot start in it (hypothesis, and the hostile payloads).
- every chart function of egov.charts, fed labels holding <a href>, <img> and <span style>, keeps none of
  them as markup anywhere in the figure (traces, ticks, legend, hover, customdata, subplot titles).
- export.sheet_name: a 31-character sheet name ending in an apostrophe, emoji counted as Excel counts them.
- every page, run by AppTest on the hostile warehouse (tests/hostile_warehouse.py, loaded by the real ETL):
  no error, and no markdown-rendering element (markdown, caption, headers, alerts, metric labels and help,
  expander and tab labels, widget labels) holds a link, an image, HTML or an autolink.
"""

from __future__ import annotations

import html
import importlib
import io
import pkgutil
import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

import egov.charts
from egov import export, i18n
from egov.charts import bars, deck, heatmaps, maps, trends
from egov.briefing_model import Chart, Series
from egov.safe_text import WORD_JOINER, md
from egov.safe_text import html as html_text
from tests import hostile_warehouse as hw
from tests.apptest_helpers import charts as chart_specs
from tests.apptest_helpers import sql

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1:9"  # nothing is fetched here: AppTest and plotly's JSON draw nothing
P = hw.payload("x", HOST)
MARKUP = ("<a ", "<a>", "<img", "<span style=\"font-size", "<span style='font-size")
PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
AUTOLINK = re.compile(r"(?i)https?:|www\.|[\w.+-]@[\w-]")  # GFM autolink literals (after escapes are read)
UNSAFE_TOKENS = {"link_open", "image", "html_inline", "html_block", "autolink"}


def rendered_tokens(text: str) -> list:
    """Every token CommonMark makes of text, inline children included."""
    out = []
    for tok in PARSER.parse(text):
        out.append(tok)
        out.extend(tok.children or [])
    return out


def markdown_problems(text: str) -> list[str]:
    """What a markdown-rendering Streamlit element would make of text beyond plain text."""
    toks = rendered_tokens(text)
    bad = [t.type for t in toks if t.type in UNSAFE_TOKENS]
    plain = "".join(t.content for t in toks if t.type in ("text", "code_inline"))
    links = AUTOLINK.findall(plain)
    return bad + [f"autolink at {x!r}" for x in links]


# ---- the helper ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [
    P, "[text](http://127.0.0.1:9/x)", "![](//127.1:8765/x)", "<img src=x onerror=alert(1)>", "www.example.com",
    "ops@example.com", ":red[big] :material/home: $\\href{http://x}{y}$", "**b** `c` ~~s~~ <!-- c --> &lt;a&gt;",
    "a | b\n---|---\n1 | 2", "line\n\n![i](//h/x)", "# head", "1. item", "- item", "> quote", "\\![x](//h/y)",
    "พิษณุโลก (จ.) 1,234.5 ก.ค. 57", "",
])
def test_md_is_literal_text(value):
    escaped = md(value)
    assert markdown_problems(escaped) == []
    shown = PARSER.renderInline(escaped).replace(WORD_JOINER, "")
    assert shown == html.escape(re.sub(r"[\r\n]+", " ", value), quote=True).replace("&#x27;", "'")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2060")
               | st.sampled_from(list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \n")), max_size=60))
def test_md_of_any_text_renders_as_that_text(value):
    escaped = md(value)
    assert markdown_problems(escaped) == []
    shown = PARSER.renderInline(escaped).replace(WORD_JOINER, "")
    want = html.escape(re.sub(r"[\r\n\v\f\x85\u2028\u2029]+", " ", value), quote=True).replace("&#x27;", "'")
    # CommonMark trims a paragraph's leading and trailing spaces and makes NUL a replacement character
    assert shown.strip(" \t") == want.strip(" \t")


def test_html_text_has_no_markup_and_no_line_breaks():
    out = html_text(P + "\n\n![i](//h/x)")
    assert "<" not in out and ">" not in out and "\n" not in out
    assert html.unescape(out) == P + " ![i](//h/x)"


# ---- charts ----------------------------------------------------------------------------------------------

COLOURS = {"GIN": "#0B7A55", "MAILGOTHAI": "#E8890C"}
GEO = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"iso_code": "TH-65"},
     "geometry": {"type": "Polygon", "coordinates": [[[100, 16], [101, 16], [101, 17], [100, 16]]]}}]}
MONTHS = pd.to_datetime(["2014-01-01", "2014-02-01"])
EVENTS = pd.DataFrame({"event_date": pd.to_datetime(["2014-01-10", "2014-02-05"]), "province_th": [P, "p"],
                       "province_en": [P, "p"], "title": [P, None], "type_th": [None, P], "type_en": [None, P],
                       "event_type": [P, "roadshow"], "attendees": [10, 20], "agencies_attended": [1, 2]})


def _labelled(**cols) -> pd.DataFrame:
    return pd.DataFrame({"label": [P, f"{P} 2"], **cols})


CHARTS = {
    "adoption_trend": lambda: trends.adoption_trend(
        pd.DataFrame({"month": MONTHS, "service_code": [P, "GIN"], "adopted": [1, 2], "eligible": [4, 4],
                      "adoption_rate": [0.25, 0.5]}), EVENTS, COLOURS, "th"),
    "hbar": lambda: bars.hbar(_labelled(value=[1, 2], text=[P, "2"]), "label", "value", "th", text="text"),
    "choropleth": lambda: maps.choropleth(
        pd.DataFrame({"iso_code": ["TH-65"], "name_th": [P], "value": [0.5], "text": [P]}), GEO, "value", "th",
        "#1B4F8A", P, "text", all_iso=["TH-65", "TH-64"], selected_iso="TH-65"),
    "area_comparison": lambda: bars.area_comparison(
        pd.DataFrame({"area": ["province", "region"], "service_code": [P, P], "adoption_rate": [0.5, 0.4],
                      "adopted": [1, 2], "eligible": [2, 5]}), COLOURS, "th", {"province": P, "region": P}),
    "heatmap": lambda: heatmaps.heatmap(
        pd.DataFrame({"label": [P, P], "service_code": ["GIN", P], "adopted": [1, 1], "eligible": [2, 2],
                      "adoption_rate": [0.5, 0.5]}), COLOURS, "th", "label"),
    "briefing_figure": lambda: deck.briefing_figure(Chart(
        "line", P, [P, "b"], [Series(P, [1, 2], "#123456"),
                              Series(P, [None, 3], "#654321", markers_only=True, labels=[None, P])])),
    "briefing_figure_hbar": lambda: deck.briefing_figure(Chart("hbar", P, [P, "b"], [Series(P, [1, 2], "#123456")])),
    "briefing_figure_bar": lambda: deck.briefing_figure(Chart("bar", P, [P, "b"], [Series(P, [1, 2], "#123456")])),
    "category_stack": lambda: bars.category_stack(
        _labelled(issue=[P, "training"], n=[1, 2]), "issue", bars.ISSUE_COLOURS, {P: P, "training": P}, "th"),
    "service_stack": lambda: bars.service_stack(_labelled(service_code=["GIN", P], n=[1, 2]), COLOURS, "th"),
    "opportunity_bars": lambda: bars.opportunity_bars(
        _labelled(potential_savings_mid_thb=[1.0, 2.0], text=[P, "b"]), "th"),
    "savings_range": lambda: bars.savings_range(
        _labelled(savings_low_thb=[1.0, 2.0], savings_mid_thb=[2.0, 3.0], savings_high_thb=[3.0, 4.0]), "label", "th"),
    "roadshow_timeline": lambda: trends.roadshow_timeline(EVENTS, "th"),
    "roadshow_impact": lambda: bars.roadshow_impact(
        pd.DataFrame({"service_code": [P], "rate_before": [0.1], "rate_after": [0.2], "change_visited": [0.1],
                      "change_others": [0.05], "impact_pp": [5.0]}), COLOURS, "th"),
    "roadshow_map": lambda: maps.roadshow_map(
        pd.DataFrame({"iso_code": ["TH-65"], "name_en": [P], "events": [2], "text": [P]}), GEO, "en", ["TH-65"]),
    "agency_usage": lambda: trends.agency_usage(
        pd.DataFrame({"month": MONTHS, "service_code": [P, P], "adopted": [True, True], "primary_value": [1.0, 0.0],
                      "active": [True, False], "idle_months": [0, 1], "primary_metric": [P, P],
                      "active_threshold": [0.5, 0.5]}), COLOURS, "th"),
    "satisfaction_bars": lambda: bars.satisfaction_bars(
        pd.DataFrame({"service_code": [P, "GIN"], "mean": [4.1, 3.0], "share_satisfied": [0.8, 0.5], "n": [20, 3],
                      "too_few": [False, True]}), COLOURS, "th"),
}
# charts that draw only numbers, months, weekdays and the page's own labels
NO_DATA_TEXT = {"ticket_volume", "resolve_hours", "weekday_hour_heatmap", "month_axis", "fiscal_axis", "vlines", "config"}
# not charts: the parts the charts are built from
HELPERS = {"layout", "mix", "name_or", "month_ticks", "few_month_ticks"}
CHART_MODULES = [importlib.import_module(f"egov.charts.{m.name}") for m in pkgutil.iter_modules(egov.charts.__path__)]


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _strings(v)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            yield from _strings(v)
    elif isinstance(obj, np.ndarray) and obj.dtype == object:
        yield from _strings(obj.tolist())


def test_every_chart_function_is_checked():
    public = {n for mod in CHART_MODULES for n, f in vars(mod).items() if callable(f) and not n.startswith("_")
              and getattr(f, "__module__", "") == mod.__name__}
    assert len(CHART_MODULES) >= 7
    assert public - set(CHARTS) - NO_DATA_TEXT - HELPERS - {n.rsplit("_", 1)[0] for n in CHARTS} == set()


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_labels_from_data_are_text(name):
    fig = CHARTS[name]()
    texts = list(_strings(fig.to_dict()))
    raw = sorted({m for s in texts for m in MARKUP if m in s})
    assert raw == [], f"{name}: markup from the data kept as markup: {raw}"
    assert any("&lt;a href=//127.0.0.1:9/x/ha&gt;" in s for s in texts), f"{name}: the hostile label is not shown"
    assert fig.to_json()  # plotly validates and serialises it


# ---- sheet names -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, sheet", [
    ("impact_" + "R" * 23 + "'_65", "impact_" + "R" * 23),  # the 31st character an apostrophe
    ("'quoted'", "quoted"), ("a/b:c*d?e[f]g\\h", "a_b_c_d_e_f_g_h"), ("History", "History_"), ("", "data"),
    ("😀" * 20, "😀" * 15),  # Excel counts UTF-16 units: 15 emoji are 30
    ("พิษณุโลก " * 5, "พิษณุโลก_พิษณุโลก_พิษณุโลก_พิษณ"),  # 31 code points
])
def test_sheet_name(name, sheet):
    assert export.sheet_name(name) == sheet


def test_xlsx_of_a_sheet_name_cut_at_an_apostrophe_opens():
    df = pd.DataFrame({"a": [P]})
    data = export.to_xlsx_bytes(df, export.file_stem(f"impact_{hw.default_event(HOST)}_65"))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["impact_" + "R" * 23]
    assert book.active["A2"].value == P


# ---- every page on the hostile warehouse -------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("hostile") / "adoption.duckdb"
    report = hw.build(db, HOST)
    assert report.published and not report.rejects
    return db


@pytest.fixture
def use_hostile_db(hostile_db, monkeypatch) -> Path:
    monkeypatch.setenv("EGOV_DB", str(hostile_db))
    return hostile_db


def test_the_loader_kept_every_payload(hostile_db):
    """The real ETL accepted the hostile text as written: the warehouse holds the payloads."""
    one = lambda q, *params: sql(hostile_db, q, list(params))[0][0]  # noqa: E731
    assert one("SELECT title FROM events WHERE event_id = ?", hw.default_event(HOST)) == hw.payload("ti", HOST)
    for table, col, tag in (("agencies", "agency_name", "an"), ("agencies", "department", "de"),
                            ("agencies", "agency_id", "ai"), ("events", "event_type", "ty"),
                            ("feedback", "issue_text", "is"), ("feedback", "comment", "co"),
                            ("feedback", "response_id", "re"), ("tickets", "category", "ca"),
                            ("tickets", "channel", "ch"), ("tickets", "ticket_id", "tk")):
        assert one(f"SELECT count(*) FROM {table} WHERE contains({col}, ?)", hw.payload(tag, HOST)) > 0, (table, col)
    # an issue outside the vocabulary is 'other', its text kept beside it (issue 11)
    assert one("SELECT count(DISTINCT issue) FROM feedback WHERE issue_text IS NOT NULL") == 1
    assert one("SELECT min(issue) FROM feedback WHERE issue_text IS NOT NULL") == "other"


def _app(page: str, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    at.switch_page(page).run()
    return at


def _markdown_bodies(at: AppTest) -> list[tuple[str, str, bool]]:
    """(element, text, renders HTML) for every text Streamlit renders as markdown."""
    out = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success"):
        for el in at.get(kind):
            out.append((kind, el.value if isinstance(el.value, str) else el.proto.body,
                        bool(getattr(el.proto, "allow_html", False))))
    for el in at.metric:
        out += [("metric label", el.label, False), ("metric help", el.proto.help, False)]
    for el in at.expander:
        out.append(("expander", el.label, False))
    for el in at.tabs:
        out.append(("tab", el.label, False))
    for kind in ("text_input", "selectbox", "toggle", "button", "segmented_control", "radio"):
        for el in at.get(kind):
            if getattr(el.proto, "label", None):
                out.append((f"{kind} label", el.proto.label, False))
            if getattr(el.proto, "help", None):
                out.append((f"{kind} help", el.proto.help, False))
    return out


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "img", "script", "iframe", "link") or any(v and "90px" in v for _, v in attrs):
            self.found.append(f"<{tag} {attrs}>")


def html_problems(text: str) -> list[str]:
    """Elements a value would bring into HTML we render (links, images, the 90-pixel span)."""
    parser = _Tags()
    parser.feed(text)
    return parser.found


def page_problems(at: AppTest) -> list[str]:
    problems = [f"exception: {e.value}" for e in at.exception] + [f"error: {e.value}" for e in at.error]
    for kind, text, allow_html in _markdown_bodies(at):
        if allow_html:  # our own HTML around html()-escaped values: no markup from the data
            found = html_problems(text)
        else:
            found = markdown_problems(text)
        if found:
            problems.append(f"{kind}: {found} in {text[:160]!r}")
    for i, spec in enumerate(chart_specs(at)):
        raw = sorted({m for s in _strings(spec) for m in MARKUP if m in s})
        if raw:
            problems.append(f"chart #{i + 1}: markup from the data {raw}")
    return problems


PAGES = {
    "overview": ("pages/overview.py", {}),
    "provinces": ("pages/provinces.py", {"p": "65"}),
    "ministries": ("pages/ministries.py", {"ministry": "MOI", "dept": f"0 {hw.payload('de', HOST)}"}),
    "underuse": ("pages/underuse.py", {}),
    "agency": ("pages/agency.py", {"agency": f"A00|{hw.payload('ai', HOST)}"}),
    "agency_en": ("pages/agency.py", {"lang": "en", "agency": f"A00|{hw.payload('ai', HOST)}"}),
    "agency_list": ("pages/agency.py", {}),
    "feedback": ("pages/feedback.py", {}),
    "savings": ("pages/savings.py", {}),
    "roadshows": ("pages/roadshows.py", {}),
    "roadshows_sukhothai": ("pages/roadshows.py", {"prov": "64"}),  # its default event has no "|" in its id
    "briefing": ("pages/briefing.py", {"p": "65", "ev": hw.default_event(HOST)}),
    "roadshows_en": ("pages/roadshows.py", {"lang": "en", "prov": "64"}),
    "feedback_en": ("pages/feedback.py", {"lang": "en"}),
    "briefing_en": ("pages/briefing.py", {"lang": "en", "p": "65", "ev": hw.default_event(HOST)}),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_shows_data_as_text(use_hostile_db, name):
    page, params = PAGES[name]
    at = _app(page, params)
    assert page_problems(at) == []


def test_agency_profile_of_a_hostile_agency(use_hostile_db):
    """The profile of an agency whose id, name, department, comments and tickets are payloads: found by its
    id from the URL, its name a header of text, its comments in the table as the characters they hold."""
    at = _app("pages/agency.py", {"agency": f"A00|{hw.payload('ai', HOST)}"})
    assert [h.value for h in at.header] == [md(f"00 {hw.payload('an', HOST)}")]
    comments = next(df.value for df in at.dataframe if "ข้อเสนอแนะ" in df.value.columns)
    assert len(comments) and all(c.endswith(hw.payload("co", HOST)) for c in comments["ข้อเสนอแนะ"])
    assert page_problems(at) == []


def test_roadshows_default_event_with_a_bar_in_its_id(use_hostile_db):
    """The default event (the newest with an estimate) has "|" in its id: its details are drawn, the title
    and the id as text, its impact table offered as an XLSX whose sheet name was cut at an apostrophe."""
    at = _app("pages/roadshows.py")
    assert page_problems(at) == []
    event = hw.default_event(HOST)
    assert at.selectbox(key="rs_event").value == f"{event}|65"
    subheaders = [s.value for s in at.subheader]
    assert any(s.startswith(md(hw.payload("ti", HOST)) + " · ") for s in subheaders), subheaders
    assert any(f" · {md(event)} · " in c.value for c in at.caption)
    at.selectbox(key="rs_event").set_value(f"EV2|{hw.payload('ev', HOST)}|64").run()
    assert page_problems(at) == []
    assert any(c.value.startswith(md(hw.payload("ty", HOST)) + " · ") for c in at.caption)


def test_typed_searches_are_shown_as_text(use_hostile_db):
    typed = "![i](//127.0.0.1:9/q/mi) http://127.0.0.1:9/q/au"
    at = _app("pages/feedback.py")
    at.text_input(key="fb_q").input(typed).run()
    assert page_problems(at) == []
    assert i18n.t("fb.no_match", q=md(typed)) in [i.value for i in at.info]
    at = _app("pages/ministries.py", {"ministry": "MOI"})
    at.text_input(key="mi_agencies_q").input(typed).run()
    assert page_problems(at) == []
    at.text_input(key="mi_agencies_q").input("an: ![i]").run()  # found: the count names the search
    assert page_problems(at) == []
    assert any(md("an: ![i]") in c.value for c in at.caption)

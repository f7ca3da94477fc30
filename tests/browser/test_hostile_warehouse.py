"""A hostile warehouse walked page by page in Chromium: nothing from the data runs in the viewer's browser.

The warehouse (tests/hostile_warehouse.py) is loaded by the real ETL from input files whose every free-text
field (agency ids, names and departments; event ids, titles and types; response ids, issues and comments;
ticket ids, categories and channels) holds a markdown image and link, an HTML image and link, a 90-pixel
span and a bare URL, all pointing at a listener this module starts on 127.0.0.1. A dashboard on that
warehouse is opened page by page with the gestures a person makes: the province and its profile, a
ministry and a department, searches typed into the agency lists and the comment search, every savings tab,
the Roadshows page's default event (its id holds "|") and another event, the downloads of the event's
impact table, the briefing of that event screen by screen and its PPTX and PDF. On every page:

- the listener received no request (an image or anything else the page or the server fetched);
- no element of the page (plotly's SVG included) has a link, image or style attribute pointing at the
  listener, and no style sets the payload's 90-pixel font;
- the values are there, shown as the characters they hold (titles in headers, labels in charts);
- nothing left the machine and the server logged no traceback.
"""

from __future__ import annotations

import http.server
import io
import threading
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from egov import i18n
from tests import hostile_warehouse as hw

from .conftest import CHARTS_JS, Server, chart_problems, dashboard_server, main_text, screenshot, wait_idle

pytestmark = pytest.mark.browser

MAIN = "[data-testid='stMain']"
PHITSANULOK = "พิษณุโลก"


class Listener(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        self.hits: list[str] = []
        self.lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(h):  # noqa: N805 - the handler's own self is the server's
                with self.lock:
                    self.hits.append(h.path)
                h.send_response(404)
                h.send_header("Content-Length", "0")
                h.end_headers()

            do_POST = do_HEAD = do_GET  # noqa: N815

            def log_message(h, *args):  # noqa: N805
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.server_address[1]}"

    def count(self) -> int:
        with self.lock:
            return len(self.hits)

    def since(self, n: int) -> list[str]:
        with self.lock:
            return self.hits[n:]


@pytest.fixture(scope="module")
def listener():
    srv = Listener()
    threading.Thread(target=srv.serve_forever, name="hostile-listener", daemon=True).start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def hostile_db(listener, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("hostile_warehouse") / "adoption.duckdb"
    report = hw.build(db, listener.host)
    assert report.published and not report.rejects, report
    return db


@pytest.fixture(scope="module")
def hostile_server(hostile_db, artifacts, refusing_proxy) -> Server:
    with dashboard_server(hostile_db, artifacts / "streamlit-hostile.log", refusing_proxy,
                          "the dashboard on the hostile warehouse", drop=("EGOV_AUTH",)) as srv:
        yield srv


@pytest.fixture
def hpage(context, hostile_server, listener, offline):
    """A fresh tab on the hostile dashboard; afterwards: no request reached the listener or left the
    machine, and the server logged no traceback."""
    hits, blocked, log = listener.count(), offline.count(), len(hostile_server.log_text())
    pg = context.new_page()
    yield pg
    pg.close()
    problems = []
    if listener.count() > hits:
        problems.append(f"requests reached the listener: {listener.since(hits)[:20]}")
    if offline.count() > blocked:
        problems.append(f"requests to outside this machine (blocked): {offline.all[blocked:][:20]}")
    new_log = hostile_server.log_text()[log:]
    if "Traceback (most recent call last)" in new_log:
        problems.append("the server logged a traceback:\n" + new_log[new_log.find("Traceback"):][:4000])
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


# ---- what a page must not hold ------------------------------------------------------------------------

_LEAKS_JS = """(host) => {
  const urlAttrs = new Set(['href', 'xlink:href', 'src', 'srcset', 'action', 'formaction', 'poster', 'data',
                            'background', 'style']);
  const out = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = a.value || '';
      const tag = el.tagName.toLowerCase();
      if (urlAttrs.has(a.name) && v.includes(host)) out.push(`<${tag} ${a.name}="${v.slice(0, 120)}">`);
      else if (a.name === 'style' && /font-size:\\s*90px/i.test(v)) out.push(`<${tag} style="${v}">`);
    }
  }
  return out;
}"""


def leaks(page, listener) -> list[str]:
    """Links, images and styles from the data in the page, and requests that reached the listener."""
    wait_idle(page)
    page.wait_for_timeout(300)  # an image request would have been made by now
    found = page.evaluate(_LEAKS_JS, listener.host)
    found += [f"exception: {e[:300]!r}" for e in page.locator("[data-testid='stException']").all_inner_texts()]
    found += [f"error box: {e[:300]!r}" for e in page.locator(f"{MAIN} [data-testid='stAlertContentError']")
              .all_inner_texts()]
    found += chart_problems(page.evaluate(CHARTS_JS))
    return found


def shown(host: str, tag: str) -> str:
    """The start of a payload that every markdown element shows as written (no URL scheme in it)."""
    return hw.payload(tag, host).split(" <img")[0]  # "ti: ![i](//…/ti/mi) [l](//…/ti/ml)"


_CHART_TEXT_JS = ("() => [...document.querySelectorAll(\"[data-testid='stPlotlyChart'] .main-svg text\")]"
                  ".map(e => e.textContent)")


def chart_text(page) -> str:
    """The text plotly drew (ticks, legend, labels), as the viewer reads it."""
    return "\n".join(page.evaluate(_CHART_TEXT_JS))


def walk(page, listener, url: str, artifacts, name: str) -> None:
    page.goto(url)
    page.locator(f"{MAIN} h1").first.wait_for(timeout=60_000)  # the page's title: its script is running
    wait_idle(page, timeout=60_000)
    assert leaks(page, listener) == []
    screenshot(page, f"hostile_{name}", artifacts)


def pick(page, label: str, has_text: str) -> None:
    """Open the selectbox labelled `label` in the main area, type has_text and click the option holding it."""
    box = page.locator(MAIN).get_by_role("combobox", name=label, exact=True)
    assert box.count() == 1, f"no single selectbox labelled {label!r}"
    options = page.get_by_role("option")
    for _ in range(3):  # a click during a rerun's redraw can land on the old box: open it again
        box.click()
        box.fill(has_text)  # the list shows a few options at a time: filter it first
        try:
            options.first.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            wait_idle(page)
    texts = options.all_inner_texts()
    match = [i for i, x in enumerate(texts) if has_text in x]
    assert match, f"no option of {label!r} holds {has_text!r}: {texts[:10]}"
    options.nth(match[0]).click()
    wait_idle(page)


def type_into(page, label: str, text: str) -> None:
    box = page.locator(MAIN).get_by_role("textbox", name=label, exact=True)
    assert box.count() == 1, f"no single text box labelled {label!r}"
    box.fill(text)
    box.press("Enter")
    wait_idle(page)


def t(key: str, **kw) -> str:
    return i18n.t(key, "th", **kw)


# ---- the pages ---------------------------------------------------------------------------------------------

def test_overview(hpage, hostile_server, listener, artifacts):
    walk(hpage, listener, hostile_server.url, artifacts, "overview")


def test_provinces_profile_and_agency_search(hpage, hostile_server, listener, artifacts):
    walk(hpage, listener, hostile_server.url + "/provinces", artifacts, "provinces")
    pick(hpage, t("pv.choose"), PHITSANULOK)
    assert leaks(hpage, listener) == []
    assert "อื่น ๆ" in chart_text(hpage)  # the issues chart: a free-text issue is 'other' (issue 11)
    type_into(hpage, t("ag.search"), "an: ![i]")
    assert leaks(hpage, listener) == []
    assert "an: ![i]" in main_text(hpage)  # the count names the search, as typed
    screenshot(hpage, "hostile_provinces_profile", artifacts)


def test_ministries_department_drill_down(hpage, hostile_server, listener, artifacts):
    walk(hpage, listener, hostile_server.url + "/ministries", artifacts, "ministries")
    pick(hpage, t("mi.choose"), "กระทรวงมหาดไทย")
    assert leaks(hpage, listener) == []
    assert "de: ![i](" in chart_text(hpage)  # the departments' heatmap rows
    pick(hpage, t("mi.choose_dept"), "0 de:")
    assert leaks(hpage, listener) == []
    type_into(hpage, t("ag.search"), "[l](//" + listener.host)
    assert leaks(hpage, listener) == []
    screenshot(hpage, "hostile_ministries_department", artifacts)


def test_underuse_list_search(hpage, hostile_server, listener, artifacts):
    walk(hpage, listener, hostile_server.url + "/underuse", artifacts, "underuse")
    type_into(hpage, t("ag.search"), "an:")
    assert leaks(hpage, listener) == []


def test_feedback_comment_search(hpage, hostile_server, listener, artifacts):
    walk(hpage, listener, hostile_server.url + "/feedback", artifacts, "feedback")
    charts = chart_text(hpage)
    assert "อื่น ๆ" in charts and "ca: ![i](" in charts  # free-text issues as 'other', ticket categories as text
    type_into(hpage, t("fb.search"), "co:")
    assert leaks(hpage, listener) == []
    assert "“co:”" in main_text(hpage)
    type_into(hpage, t("fb.search"), f"![i](//{listener.host}/q/mi) http://{listener.host}/q/au")
    assert leaks(hpage, listener) == []
    assert f"![i](//{listener.host}/q/mi)" in main_text(hpage)  # the search, shown as typed
    screenshot(hpage, "hostile_feedback_search", artifacts)


def test_savings_tabs(hpage, hostile_server, listener, artifacts):
    walk(hpage, listener, hostile_server.url + "/savings", artifacts, "savings")
    for tab in (t("sv.by_province"), t("sv.by_ministry")):
        hpage.locator(MAIN).get_by_role("tab", name=tab).click()
        assert leaks(hpage, listener) == []


def test_roadshows_events_and_downloads(hpage, hostile_server, listener, artifacts, tmp_path):
    host = listener.host
    walk(hpage, listener, hostile_server.url + "/roadshows", artifacts, "roadshows")
    text = main_text(hpage)
    assert shown(host, "ti") in text, "the default event's title is not shown as written"
    assert "R" * 23 + "'|ev: ![i](" in text, "the default event's id is not shown as written"
    assert "ty: ![i](" in chart_text(hpage)  # the timeline's lane of an event type outside the vocabulary

    # the impact table of the default event: CSV and XLSX (its sheet name was cut at an apostrophe)
    row = hpage.locator(f"{MAIN} .st-key-egov_dl_rs_impact_table")
    for label, suffix in ((t("dl.csv"), ".csv"), (t("dl.xlsx"), ".xlsx")):
        with hpage.expect_download(timeout=60_000) as info:
            row.locator("[data-testid='stDownloadButton']").filter(has_text=label).click()
        dl = info.value
        assert dl.failure() is None, f"{label}: {dl.failure()}"
        out = tmp_path / f"impact{suffix}"
        dl.save_as(out)
        if suffix == ".xlsx":
            book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
            assert book.sheetnames == ["impact_" + "R" * 23, t("dl.period_sheet")]
    assert leaks(hpage, listener) == []

    # another event, chosen from the list
    pick(hpage, t("rs.choose"), "10 ก.ย. 2556")
    assert leaks(hpage, listener) == []
    assert shown(host, "ty") in main_text(hpage)  # its type (outside the vocabulary) in the caption
    screenshot(hpage, "hostile_roadshows_event", artifacts)


def test_roadshows_shared_link_of_a_province(hpage, hostile_server, listener, artifacts):
    """A link filtered to Sukhothai: its default event, EV3, has no "|" in its id, so the page draws it
    (before the fix, its title in the header made every viewer's browser fetch the listener's image)."""
    walk(hpage, listener, hostile_server.url + "/roadshows?prov=64", artifacts, "roadshows_sukhothai")
    text = main_text(hpage)
    assert shown(listener.host, "ti") in text and "EV3 ev: ![i](" in text


def test_briefing_screens_and_packs(hpage, hostile_server, listener, artifacts, tmp_path):
    walk(hpage, listener, hostile_server.url + "/briefing", artifacts, "briefing_start")
    pick(hpage, t("br.choose"), PHITSANULOK)
    # choosing a province turns presenter mode on (only the slide): its ✕ gives the controls back
    leave = hpage.locator(".st-key-br_exit_btn").get_by_role("button")
    if leave.count() and leave.first.is_visible():
        leave.first.click()
        wait_idle(hpage)
    pick(hpage, t("br.event"), "8 พ.ค. 2557")
    screens, problems = 0, {}
    next_button = hpage.locator(f"{MAIN} [data-testid='stButton'] button").filter(has_text=t("br.next"))
    while True:
        screens += 1
        found = leaks(hpage, listener)
        if found:
            problems[screens] = found
        screenshot(hpage, f"hostile_briefing_{screens}", artifacts)
        if not next_button.count() or next_button.first.is_disabled() or screens >= 20:
            break
        next_button.first.click()
        wait_idle(hpage)
    assert problems == {}
    assert screens >= 3
    for kind in ("pptx", "pdf"):
        button = hpage.locator(f"{MAIN} [data-testid='stDownloadButton']").filter(has_text=t(f"br.{kind}"))
        with hpage.expect_download(timeout=120_000) as info:
            button.first.click()
        dl = info.value
        assert dl.failure() is None, f"{kind}: {dl.failure()}"
        out = tmp_path / dl.suggested_filename
        dl.save_as(out)
        assert out.stat().st_size > 1000
    assert leaks(hpage, listener) == []


def test_data_page(hpage, hostile_server, listener, artifacts):
    walk(hpage, listener, hostile_server.url + "/data", artifacts, "data")

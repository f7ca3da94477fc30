"""The Data page's upload in Chromium: a person picks a file, presses check, and reads beside the confirm
button what the load would change (etl.impact), in Thai and then in English; and a file whose bytes are
markdown reaches the screen as text, fetching nothing.

Both only check (nothing is published), so the session's sample warehouse stays as it is.
"""

from __future__ import annotations

import datetime as dt
import http.server
import random
import socket
import threading

import duckdb
import pytest

from egov import i18n
from tests.browser.conftest import main_text, open_app, screenshot, wait_idle

SIDEBAR = "[data-testid='stSidebar']"
FLAGS = ".st-key-dt_impact_flags"


def _months_later(d: dt.date, n: int) -> dt.date:
    k = d.year * 12 + d.month - 1 + n
    return dt.date(k // 12, k % 12 + 1, 1)


def _choose_and_check(page, path, lang: str) -> None:
    page.get_by_role("tab", name=i18n.t("dt.tab_upload", lang)).click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
    wait_idle(page)
    page.get_by_role("button", name=i18n.t("dt.check", lang)).click()
    wait_idle(page, 120_000)


@pytest.fixture
def ahead_file(sample_db, tmp_path):
    """One agency's GIN traffic six months after the sample's as-of month: a valid file (long before
    today) that moves the as-of month by 6, past etl.impact.AS_OF_MONTHS."""
    with duckdb.connect(str(sample_db), read_only=True) as con:
        (as_of,) = con.execute("SELECT max(month) FROM mart_adoption_monthly").fetchone()
        (agency,) = con.execute("SELECT min(agency_id) FROM usage_monthly WHERE service_code = 'GIN'").fetchone()
    month = _months_later(as_of, 6)
    path = tmp_path / "usage_ahead.csv"
    path.write_text(f"month,agency_id,service,metric,value\n{month:%Y-%m},{agency},GIN,traffic_gb,50\n",
                    encoding="utf-8")
    return path, as_of, month


def test_upload_flag_beside_confirm_in_thai_and_english(page, server, ahead_file, artifacts):
    path, as_of, month = ahead_file
    open_app(page, server.url, "/data")
    _choose_and_check(page, path, "th")

    expected_th = i18n.t("im.flag_as_of", "th", before=i18n.fmt_month(as_of, "th"), after=i18n.fmt_month(month, "th"),
                         n="+6", limit="3")
    assert expected_th == f"ข้อมูล ณ เดือนจะเลื่อนจาก {i18n.fmt_month(as_of, 'th')} เป็น {i18n.fmt_month(month, 'th')} " \
                          "(+6 เดือน เกินเกณฑ์ 3 เดือน)"
    flags = page.locator(FLAGS)
    text = flags.inner_text()
    assert i18n.t("im.flagged", "th") in text and expected_th in text
    assert str(as_of.year + 543) in text  # Buddhist Era in Thai
    # beside the confirm button: the same row, to its right
    button = page.get_by_role("button", name=i18n.t("dt.confirm", "th")).bounding_box()
    box = flags.bounding_box()
    assert box["x"] >= button["x"] + button["width"], (button, box)
    assert box["y"] <= button["y"] + button["height"] / 2 <= box["y"] + box["height"], (button, box)
    # the before/after table heading and the as-of line are on the page too
    shown = main_text(page)
    assert i18n.t("im.title", "th") in shown
    assert i18n.t("im.as_of", "th", before=i18n.fmt_month(as_of, "th"), after=i18n.fmt_month(month, "th")) in shown
    screenshot(page, "upload_impact_th", artifacts)

    # English is one click away, and the check still stands
    page.locator(SIDEBAR).get_by_role("radio", name="English", exact=True).click()
    wait_idle(page)
    page.get_by_role("tab", name=i18n.t("dt.tab_upload", "en")).click()
    text = page.locator(FLAGS).inner_text()
    assert f"The as-of month moves from {as_of:%b %Y} to {month:%b %Y} (+6 months; more than 3)" in text
    assert i18n.t("im.flagged", "en") in text
    assert page.get_by_role("button", name="Confirm and load").is_visible()
    screenshot(page, "upload_impact_en", artifacts)


# ---- a file's bytes never render as markdown ---------------------------------------------------------

class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the stdlib's name
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/gif")
        self.end_headers()
        self.wfile.write(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    """A local HTTP server on a four-digit port (so the markdown fits the ETL's 40-character quote)."""
    for port in random.sample(range(2000, 10000), 200):
        try:
            srv = http.server.ThreadingHTTPServer(("127.0.0.1", port), type("H", (_Counter,), {"hits": []}))
            break
        except OSError:
            continue
    else:
        pytest.fail("no free four-digit port")
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv
    srv.shutdown()
    srv.server_close()


def test_markdown_in_an_uploaded_file_fetches_nothing(page, server, listener, tmp_path):
    port = listener.server_address[1]
    assert 2000 <= port < 10000
    image = f"![a\xe9](//127.0.0.1:{port})"  # é after a Latin letter: refused as Windows-1252, quoted
    path = tmp_path / "usage_cp874.csv"
    path.write_bytes("เดือน,รหัสหน่วยงาน,บริการ,ตัวชี้วัด,ค่า\n".encode("cp874")
                     + f"2557-01,A1,GIN,traffic_gb,{image}\n".encode("cp1252"))
    open_app(page, server.url, "/data")
    _choose_and_check(page, path, "th")
    page.wait_for_timeout(1000)  # time for an image to be fetched, were it drawn
    assert listener.RequestHandlerClass.hits == []
    assert page.locator("[data-testid='stMain'] img[src*='127.0.0.1']").count() == 0
    code = page.locator("[data-testid='stMain'] [data-testid='stCode']").inner_text()
    assert image in code and "usage_cp874.csv: line 2 is not Thai Windows (cp874) text" in code
    with socket.create_connection(("127.0.0.1", port)) as s:  # the listener does answer: the test can fail
        s.sendall(b"GET /probe HTTP/1.0\r\n\r\n")
        s.recv(100)
    assert listener.RequestHandlerClass.hits == ["/probe"]

"""Browser-test fixtures: one `streamlit run dashboard.py` and one Chromium for the whole session, offline.

- `server`: the dashboard on the real sample warehouse (EGOV_DB=sample_db), on a free 127.0.0.1 port,
  health-polled, killed at the end; its log is artifacts/streamlit.log.
- `offline`: every request that leaves this machine is blocked and counted, from the pages (a route on
  the browser context, WebSockets too, service workers blocked) and from the server process and anything
  it starts that honours HTTP(S)_PROXY (kaleido's Chromium, requests, urllib): a local proxy answers 403
  and records the request. Every browser test fails when the
  count grew during it, or when the server logged a new traceback (the dashboard turns exceptions into a
  short message on the page and logs the traceback).
- `page`: a fresh tab (a fresh Streamlit session) in the shared browser context.
- helpers: wait_idle(page), open_app(page, url), nav_links(page), goto_page(page, title),
  screenshot(page, name), main_text(page), CHARTS_JS + chart_problems(...), ui_text_problems(page, lang).

Nothing is skipped: no Chromium, no Thai font or no Playwright is a failure that says to run
`make browser-deps`.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import socketserver
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from bench.server import NotHealthy, stop, wait_healthy

ROOT = Path(__file__).resolve().parents[2]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update",
                 "--disable-sync", "--no-first-run",
                 # Chromium's own service traffic (updater, sign-in, autofill) has nowhere to go, even on a
                 # networked CI machine; pages only ever reach 127.0.0.1, which needs no name lookup
                 "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1"]
VIEWPORT = {"width": 1400, "height": 900}
DEPS_HINT = "run `make browser-deps` (apt-get install chromium fonts-thai-tlwg fonts-noto-color-emoji poppler-utils)"

APP = "[data-testid='stApp']"
CONNECTED = f"{APP}[data-test-connection-state='CONNECTED']"
NOT_RUNNING = f"{APP}[data-test-script-state='notRunning']"
NAV_LINK = "[data-testid='stSidebarNav'] a[data-testid='stSidebarNavLink']"
THAI = re.compile(r"[\u0E00-\u0E7F]")
TRACE = bool(os.environ.get("BROWSER_TEST_TRACE"))  # print how long each wait took (pytest -s)

# The page has settled: connected, script finished, nothing stale, every plotly chart drawn, every map's
# style and sources loaded, and the main area unchanged for STABLE_MS (Streamlit draws some elements,
# plotly charts among them, a few hundred milliseconds after the script state says notRunning).
STABLE_MS = 300
_SETTLED_JS = """(stableMs) => {
  const app = document.querySelector("[data-testid='stApp']");
  const w = window.__egovIdle || (window.__egovIdle = {sig: null, since: 0});
  const busy = () => { w.sig = null; return false; };
  if (!app || app.getAttribute('data-test-connection-state') !== 'CONNECTED'
      || app.getAttribute('data-test-script-state') !== 'notRunning') return busy();
  if (document.querySelector("[data-stale='true'], [data-testid='stSkeleton'], [data-testid='stSpinner']"))
    return busy();
  for (const el of document.querySelectorAll("[data-testid='stPlotlyChart']")) {
    const gd = el.querySelector('.js-plotly-plot');
    if (!gd || !gd._fullLayout || !gd.querySelector('.main-svg')) return busy();
    for (const id of (gd._fullLayout._subplots && gd._fullLayout._subplots.map) || []) {
      const sub = gd._fullLayout[id] && gd._fullLayout[id]._subplot;
      if (!sub || !sub.map || !sub.map.loaded()) return busy();
    }
  }
  const main = document.querySelector("[data-testid='stMain']");
  const sig = [document.querySelectorAll("[data-testid='stElementContainer']").length,
               document.querySelectorAll("[data-testid='stPlotlyChart'] .main-svg").length,
               main ? main.innerText.length : -1, location.href].join('|');
  const now = performance.now();
  if (w.sig !== sig) { w.sig = sig; w.since = now; return false; }
  return now - w.since >= stableMs;
}"""


# ---- what left the machine --------------------------------------------------------------------------

@dataclass
class Offline:
    """Requests to anything but this machine, in the order they were blocked: 'browser: <url>' from
    Chromium's pages (and their websockets), 'server: <request line>' from the streamlit process."""

    records: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, source: str, what: str) -> None:
        with self.lock:
            self.records.append(f"{source}: {what}")

    @property
    def all(self) -> list[str]:
        with self.lock:
            return list(self.records)

    def count(self) -> int:
        with self.lock:
            return len(self.records)


def is_local(url: str) -> bool:
    if url.startswith(("data:", "blob:", "about:")):
        return True
    return (urlparse(url).hostname or "") in LOCAL_HOSTS


class _RefusingProxy(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def _start_proxy(offline: Offline) -> _RefusingProxy:
    class Handler(socketserver.StreamRequestHandler):
        def handle(self):
            line = self.rfile.readline(8192).decode("latin-1").strip()
            if line:
                offline.add("server", line)
            self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    proxy = _RefusingProxy(("127.0.0.1", 0), Handler)
    threading.Thread(target=proxy.serve_forever, name="refusing-proxy", daemon=True).start()
    return proxy


@pytest.fixture(scope="session")
def offline() -> Offline:
    return Offline()


@pytest.fixture(scope="session")
def refusing_proxy(offline):
    proxy = _start_proxy(offline)
    yield f"http://127.0.0.1:{proxy.server_address[1]}"
    proxy.shutdown()
    proxy.server_close()


# ---- the dashboard server ------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    log: Path
    proc: subprocess.Popen

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""



def proxy_env(refusing_proxy: str) -> dict[str, str]:
    """Every outside request of a server process sent to the proxy that refuses and counts it."""
    no = "127.0.0.1,localhost,::1"
    return {"HTTP_PROXY": refusing_proxy, "HTTPS_PROXY": refusing_proxy, "ALL_PROXY": refusing_proxy,
            "http_proxy": refusing_proxy, "https_proxy": refusing_proxy, "all_proxy": refusing_proxy,
            "NO_PROXY": no, "no_proxy": no}


@contextlib.contextmanager
def dashboard_server(db: Path, log: Path, refusing_proxy: str, what: str = "`streamlit run dashboard.py`",
                     env: dict[str, str] | None = None, drop: tuple[str, ...] = ()):
    """`streamlit run dashboard.py` on the warehouse db, on a free 127.0.0.1 port, its output in log; env
    added to (and drop taken from) the environment; stopped on leaving."""
    port = _free_port()
    e = {**os.environ, "EGOV_DB": str(db), "PYTHONUNBUFFERED": "1", **proxy_env(refusing_proxy), **(env or {})}
    for name in drop:
        e.pop(name, None)
    # The project's .streamlit/config.toml decides telemetry and the server address check: not overridden
    # here, so the test notices when it stops doing so. The file watcher is off: a test server must not
    # reload half-edited files.
    cmd = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
           "--server.runOnSave", "false"]
    with open(log, "w", encoding="utf-8") as fh:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=e, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    srv = Server(url=f"http://127.0.0.1:{port}", log=log, proc=proc)
    try:
        try:
            wait_healthy(proc, srv.url, 60)
        except NotHealthy as exc:
            pytest.fail(f"{what}: {exc}:\n{srv.log_text()[-3000:]}")
        yield srv
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def server(sample_db, artifacts, refusing_proxy) -> Server:
    with dashboard_server(sample_db, artifacts / "streamlit.log", refusing_proxy) as srv:
        started = time.monotonic()
        try:
            yield srv
        finally:
            _record_cpu(srv.proc, artifacts, time.monotonic() - started)


def _record_cpu(proc: subprocess.Popen, artifacts: Path, wall: float) -> None:
    """artifacts/browser-timing.txt: how long the server was up and how much CPU it used (Linux), to tell a
    slow dashboard from a slow machine."""
    try:
        fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        cpu = sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # its own and its children's
        (artifacts / "browser-timing.txt").write_text(
            f"server up {wall:.1f} s, server CPU {cpu:.1f} s, {os.cpu_count()} CPUs\n", encoding="utf-8")
    except (OSError, ValueError, IndexError):
        pass


# ---- the browser ---------------------------------------------------------------------------------

def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.access(path, os.X_OK):
        pytest.fail(f"Chromium not found ({path}): {DEPS_HINT}", pytrace=False)
    return path


def _check_thai_font() -> None:
    try:
        out = subprocess.run(["fc-list"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.fail(f"fc-list failed ({exc}): {DEPS_HINT}", pytrace=False)
    if "laksaman" not in out.lower():
        pytest.fail(f"the Thai font Laksaman (fonts-thai-tlwg) is not installed: {DEPS_HINT}", pytrace=False)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    _check_thai_font()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - requirements-dev.txt has it
        pytest.fail(f"playwright is not installed ({exc}): pip install -r requirements-dev.txt", pytrace=False)
    pw = sync_playwright().start()
    try:
        # No proxy for this Chromium: its own service traffic is the browser's, not the dashboard's (and the
        # resolver rules above stop it). Everything the pages ask for goes through the route on the context.
        b = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
    except Exception as exc:  # noqa: BLE001 - any launch failure is a setup failure to report
        pw.stop()
        pytest.fail(f"Chromium at {path} did not start ({exc}): {DEPS_HINT}", pytrace=False)
    yield b
    b.close()
    pw.stop()


@pytest.fixture(scope="session")
def context(browser, offline, artifacts):
    # service workers blocked, so that every request of a page passes the route below
    ctx = browser.new_context(viewport=VIEWPORT, locale="th-TH", timezone_id="Asia/Bangkok",
                              accept_downloads=True, service_workers="block")
    ctx.set_default_timeout(30_000)

    def route(r):
        url = r.request.url
        if is_local(url):
            r.continue_()
        else:
            offline.add("browser", url)
            r.abort("blockedbyclient")

    def ws_route(ws):
        offline.add("browser", ws.url)
        ws.close()

    ctx.route("**/*", route)
    ctx.route_web_socket(lambda url: not is_local(url), ws_route)
    yield ctx
    ctx.close()
    (artifacts / "external_requests.txt").write_text("\n".join(offline.all) + "\n", encoding="utf-8")


@pytest.fixture
def page(context, server):
    pg = context.new_page()
    yield pg
    pg.close()


@pytest.fixture
def new_page(context, server):
    """Another tab (another Streamlit session), for reopening a shared link."""
    pages = []

    def make():
        pages.append(context.new_page())
        return pages[-1]

    yield make
    for pg in pages:
        pg.close()


@pytest.fixture(autouse=True)
def _offline_and_quiet(request, offline):
    """Every browser test: nothing left the machine during it, and the server logged no new traceback."""
    if "server" not in request.fixturenames:
        yield
        return
    srv = request.getfixturevalue("server")
    before, log_before = offline.count(), len(srv.log_text())
    yield
    problems = []
    if offline.count() > before:
        problems.append("requests to outside this machine (blocked): " + "; ".join(offline.all[before:][:20]))
    new_log = srv.log_text()[log_before:]
    if "Traceback (most recent call last)" in new_log:
        tail = new_log[new_log.find("Traceback (most recent call last)"):]
        problems.append("the server logged a traceback (artifacts/streamlit.log):\n" + tail[:4000])
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


# ---- helpers -------------------------------------------------------------------------------------

def wait_idle(page, timeout: float = 30_000) -> None:
    """Wait until the app is connected, its script has finished, and every chart and map is drawn."""
    t0 = time.monotonic()
    page.wait_for_timeout(150)  # let a just-triggered rerun start (widgets debounce)
    page.wait_for_selector(CONNECTED, state="attached", timeout=timeout)
    page.evaluate("() => { window.__egovIdle = null }")
    page.wait_for_function(_SETTLED_JS, arg=STABLE_MS, timeout=timeout, polling=100)
    if TRACE:
        print(f"[browser] idle after {time.monotonic() - t0:.2f} s: {page.url}")


def open_app(page, base_url: str, path: str = "") -> None:
    page.goto(base_url + path)
    wait_idle(page)


def nav_links(page) -> list[dict]:
    """The sidebar navigation: [{'title': 'ภาพรวม', 'href': ..., 'slug': ''}, ...]."""
    links = page.eval_on_selector_all(
        NAV_LINK, "els => els.map(a => { const s = a.querySelector('span[label]');"
                  " return {title: s ? s.getAttribute('label') : a.innerText.trim(), href: a.href} })")
    for link in links:
        link["slug"] = urlparse(link["href"]).path.strip("/")
    return links


def goto_page(page, title: str) -> None:
    """Click the sidebar link titled `title` and wait until that page has rendered. When the sidebar is
    hidden (the briefing's presenter mode), open the link's address instead, keeping the query string."""
    link = page.locator(f"{NAV_LINK}:has(span[label='{title}'])")
    assert link.count() == 1, f"no single navigation link titled {title!r}: {[x['title'] for x in nav_links(page)]}"
    if link.get_attribute("aria-current") == "page":
        pass  # already there
    elif link.is_visible():
        link.click()
        page.wait_for_function(
            "t => { const a = [...document.querySelectorAll(\"[data-testid='stSidebarNav'] a\")]"
            ".find(a => a.getAttribute('aria-current') === 'page');"
            " return a && a.querySelector(`span[label='${t}']`) }", arg=title)
    else:
        query = urlparse(page.url).query
        page.goto(link.get_attribute("href") + (f"?{query}" if query else ""))
    wait_idle(page)


def main_text(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


# Per plotly chart: its traces and what was drawn for them. SVG charts draw g.trace / heatmap images;
# maps (choroplethmap, WebGL) are asked for the features the map really rendered per layer type.
CHARTS_JS = """() => [...document.querySelectorAll("[data-testid='stPlotlyChart']")].map((el, i) => {
  const gd = el.querySelector('.js-plotly-plot');
  if (!gd) return {i, missing: true};
  const full = gd._fullData || [];
  const r = {i, traces: full.length, visible: full.filter(t => t.visible === true).length,
             types: [...new Set(full.map(t => t.type))],
             svg: gd.querySelectorAll('.main-svg g.trace, .main-svg g.hm image, .main-svg .imagelayer image').length,
             marks: gd.querySelectorAll('.main-svg g.trace path.point, .main-svg g.trace path.js-line, '
                                        + '.main-svg g.trace path.bartrace, .main-svg g.points path, '
                                        + '.main-svg g.hm image, .main-svg g.trace path.surface').length,
             maps: []};
  for (const id of (gd._fullLayout._subplots && gd._fullLayout._subplots.map) || []) {
    const map = gd._fullLayout[id]._subplot.map;
    const feats = map.queryRenderedFeatures();
    const canvas = map.getCanvas();
    r.maps.push({id, fills: feats.filter(f => f.layer.type === 'fill').length,
                 lines: feats.filter(f => f.layer.type === 'line').length,
                 circles: feats.filter(f => f.layer.type === 'circle' || f.layer.type === 'symbol').length,
                 sources: Object.keys(map.getStyle().sources || {}).length,
                 width: canvas.width, height: canvas.height});
  }
  return r;
})"""


def chart_problems(charts: list[dict]) -> list[str]:
    """What is wrong with the plotly charts CHARTS_JS described: not drawn, no visible trace, empty maps."""
    problems = []
    for c in charts:
        where = f"chart #{c['i'] + 1}"
        if c.get("missing"):
            problems.append(f"{where}: no plotly plot in its container")
            continue
        where += f" ({', '.join(c['types'])})"
        if not c["visible"]:
            problems.append(f"{where}: no visible trace")
        if c["maps"]:
            for m in c["maps"]:
                if not m["width"] or not m["height"]:
                    problems.append(f"{where}: map canvas has no size")
                if m["fills"] < 1 and m["lines"] < 1 and m.get("circles", 0) < 1:
                    problems.append(f"{where}: the map rendered nothing ({m})")
        elif c["svg"] < 1 or c["marks"] < 1:
            problems.append(f"{where}: nothing drawn (trace groups {c['svg']}, marks {c['marks']})")
    return problems


def _label_key_pattern() -> re.Pattern:
    """A label key shown as such (egov.i18n.t returns the key when it has no label): 'sv.metric'."""
    from egov import i18n

    prefixes = sorted({k.split(".")[0] for k in i18n.LABELS if "." in k}, key=len, reverse=True)
    alternatives = "|".join(map(re.escape, prefixes))
    return re.compile(r"(?<![\w.])(?:" + alternatives + r")\.[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*(?![\w.])")


_NOT_A_VALUE = {"th": re.compile(r"(?<![A-Za-z])(?:nan|NaN|NaT|None|undefined|null)(?![A-Za-z])"),
                "en": re.compile(r"(?<![A-Za-z])(?:nan|NaN|NaT|undefined)(?![A-Za-z])")}


def ui_text_problems(page, lang: str = "th") -> list[str]:
    """Words a user should never see: label keys without a label, and nan/None/NaT where a value should be
    (in the main area, the sidebar and every chart's text). 'None' and 'null' are English words, so only
    looked for on Thai pages."""
    texts = page.evaluate("""() => [
      ...[...document.querySelectorAll("[data-testid='stMain'], [data-testid='stSidebarUserContent']")]
          .map(e => e.innerText),
      ...[...document.querySelectorAll("[data-testid='stPlotlyChart'] .main-svg text")].map(e => e.textContent)]""")
    text = "\n".join(texts)
    problems = []
    keys = sorted(set(_label_key_pattern().findall(text)))
    if keys:
        problems.append(f"label keys shown instead of labels: {keys[:10]}")
    pattern = _NOT_A_VALUE["en" if lang == "en" else "th"]
    values = pattern.findall(text)
    if values:
        i = pattern.search(text).start()
        problems.append(f"missing values shown as {sorted(set(values))}: …{text[max(0, i - 80):i + 40]!r}")
    return problems


def screenshot(page, name: str, artifacts: Path | None = None) -> Path:
    """The whole main area (Streamlit scrolls inside stMain, so the viewport grows to fit) as artifacts/<name>.png."""
    out = (artifacts or ROOT / "tests" / "artifacts") / f"{name}.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    height = page.evaluate("() => Math.max(...[...document.querySelectorAll(\"[data-testid='stMain'], "
                           "[data-testid='stSidebarContent']\")].map(e => e.scrollHeight), window.innerHeight)")
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 20, 12_000)})
    try:
        page.wait_for_timeout(150)  # layout only: the width, and so every chart, is unchanged
        page.screenshot(path=str(out))
    finally:
        page.set_viewport_size(size)
    return out


@pytest.fixture
def header_pages(browser, offline):
    """make(headers) -> a page of a new browser context (its own sessions) sending the headers on every
    request and on the websocket (a proxy's identity headers, a password sign-in's fresh session);
    outside requests blocked and counted."""
    contexts = []

    def make(headers: dict[str, str]):
        ctx = browser.new_context(viewport=VIEWPORT, locale="th-TH", timezone_id="Asia/Bangkok",
                                  service_workers="block", extra_http_headers=headers)
        ctx.set_default_timeout(30_000)

        def route(r):
            if is_local(r.request.url):
                r.continue_()
            else:
                offline.add("browser", r.request.url)
                r.abort("blockedbyclient")

        ctx.route("**/*", route)
        contexts.append(ctx)
        return ctx.new_page()

    before = offline.count()
    yield make
    for ctx in contexts:
        ctx.close()
    assert offline.count() == before, offline.all[before:]


def map_point(page, iso: str) -> dict:
    """Where a person clicks a province on the drawn map: the screen point of the vertex mean of its largest
    ring ({x, y}), and how many features are drawn there (hits)."""
    return page.evaluate("""(iso) => {
      const gd = [...document.querySelectorAll('.js-plotly-plot')].find(g => g._fullLayout._subplots.map.length);
      const trace = gd._fullData.find(t => [...t.locations].includes(iso));
      const feat = trace.geojson.features.find(f => f.properties.iso_code === iso);
      const polys = feat.geometry.type === 'Polygon' ? [feat.geometry.coordinates] : feat.geometry.coordinates;
      const ring = polys.map(p => p[0]).sort((a, b) => b.length - a.length)[0];
      const lon = ring.reduce((s, c) => s + c[0], 0) / ring.length;
      const lat = ring.reduce((s, c) => s + c[1], 0) / ring.length;
      const map = gd._fullLayout.map._subplot.map;
      const px = map.project([lon, lat]);
      const box = map.getCanvas().getBoundingClientRect();
      return {x: box.left + px.x, y: box.top + px.y, hits: map.queryRenderedFeatures([px.x, px.y]).length};
    }""", iso)

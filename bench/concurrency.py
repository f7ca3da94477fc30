"""`python -m bench concurrency [--client browser|ws]`: many people on one dashboard server at once.

One `streamlit run dashboard.py` (bench/server.py) on a warehouse (--db, default: the small sample, built
once under bench/results/concurrency/) and N sessions (default 30) that join over --ramp seconds and then
all interact at once, each for --seconds (default 60), with a think time between actions.

--client browser (default): one headless Chromium (Debian's, the browser tests' flags, run under `nice`
so that it does not starve the server) with one context per session. On a small machine the browser is
the bottleneck, not the server: 30 renderers drawing plotly charts and maps in software need far more
CPU than the server does (docs/PERFORMANCE.md, Concurrency).

--client ws: no browser. Each session speaks Streamlit's websocket protocol (a BackMsg rerun request,
ForwardMsgs back until script_finished), so what is timed is the server's share alone: `open` connects a
new session with filters in the query string, `nav` reruns it on another page.

Each browser session, with its own seeded random choices:

  open     opens a page by URL with filters in the query string (province, service, period): a new session
  nav      clicks another page in the sidebar navigation
  period   moves one end of the period slider by a month (arrow key)
  province adds a province in the sidebar multiselect
  service  adds a service in the sidebar multiselect
  lang     switches ไทย / English
  clear    the sidebar's clear-filters button

Every interaction is timed from the action to idle as the page bench defines it (bench/browser.py:
connected, script not running, status widget gone, charts drawn, the main area unchanged for 300 ms;
the time is when that state began, on the page's clock). Errors: an exception or the dashboard's
"could not be shown" message on the page, a websocket that left CONNECTED, an interaction that did
not finish within --timeout, uncaught page errors, and tracebacks in the server's log.

Prints interactions, errors, p50/p95/max overall and per kind, the server's peak memory (VmHWM) and CPU,
and appends one JSON line to bench/results/concurrency.jsonl.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import statistics
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlencode, urlparse

import duckdb

from bench.browser import INIT_JS, STABLE_MS, idle_js
from bench.server import Server
from tests.browser.conftest import CHROMIUM_ARGS, VIEWPORT, is_local

RESULTS = Path(__file__).resolve().parent / "results"
WORK = RESULTS / "concurrency"
CLIENT_NICE = 10
# the pages a --client ws session moves between (url paths of dashboard.py's PAGES; data is the admin's page)
WS_PAGES = ["", "provinces", "ministries", "underuse", "feedback", "savings", "roadshows", "briefing", "data"]
POLL_MS = 100  # 30 pages polling every 40 ms would cost the shared CPU more than the measurement is worth

# bench/browser.py's idle, less one condition: a st.dataframe below the fold draws its canvas only when
# scrolled into view, so "every dataframe has its canvas" is never true for a user who does not scroll.
IDLE_JS = idle_js(every_table=False)

# Counts websocket disconnects: the app leaving CONNECTED after having been CONNECTED (per document).
DISCONNECT_JS = """(() => {
  window.__benchDisconnects = 0; let was = null;
  const obs = new MutationObserver(ms => { for (const m of ms) {
    const s = m.target.getAttribute && m.target.getAttribute('data-test-connection-state');
    if (s === null || s === undefined) continue;
    if (was === 'CONNECTED' && s !== 'CONNECTED') window.__benchDisconnects++;
    was = s; } });
  obs.observe(document, {subtree: true, attributes: true, attributeFilter: ['data-test-connection-state']});
})();"""

# What an interaction left on the page that a user would call an error.
ERRORS_JS = """() => {
  const out = [];
  for (const e of document.querySelectorAll("[data-testid='stException']"))
    out.push('exception: ' + e.innerText.slice(0, 200));
  for (const e of document.querySelectorAll("[data-testid='stAlertContainer'], [data-testid='stAlert']")) {
    const t = e.innerText;
    if (/could not be shown|ไม่สามารถแสดงส่วนนี้ได้/.test(t)) out.push('message: ' + t.slice(0, 200));
  }
  return [...new Set(out)];
}"""

SIDEBAR = "[data-testid='stSidebarUserContent']"
NAV_LINK = "[data-testid='stSidebarNav'] a[data-testid='stSidebarNavLink']"
ACTIONS = {"open": 0.12, "nav": 0.30, "period": 0.18, "province": 0.14, "service": 0.12, "lang": 0.06, "clear": 0.08}


@dataclass
class Interaction:
    session: int
    kind: str
    page: str
    start_s: float  # since the bench started
    ms: float | None  # None when it failed
    error: str | None = None


def _pct(xs: list[float], p: float) -> float | None:
    if not xs:
        return None
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * len(xs) + 0.5) - 1))]


def _stats(xs: list[float]) -> dict:
    return {"n": len(xs), "p50_ms": _pct(xs, 50), "p95_ms": _pct(xs, 95), "max_ms": max(xs) if xs else None,
            "mean_ms": round(statistics.fmean(xs), 1) if xs else None}


def small_warehouse() -> Path:
    """The small sample's warehouse, built once."""
    from etl import sample
    from etl.load import run

    db = WORK / "small.duckdb"
    if not db.exists():
        src = WORK / "sample-small-7"
        if not (src / "README_SAMPLE.txt").exists():
            sample.generate(src, seed=7, scale="small")
        run([src], db, sample=True)
    return db


def random_query(r: random.Random, f: dict) -> str:
    """A query string of random filters: provinces, a service, a period, sometimes English."""
    q = {}
    if r.random() < 0.6:
        q["prov"] = ",".join(r.sample(f["provinces"], r.randint(1, 3)))
    if r.random() < 0.5:
        q["svc"] = r.choice(f["services"])
    if r.random() < 0.5 and len(f["months"]) > 2:
        a, b = sorted(r.sample(range(len(f["months"])), 2))
        q["from"], q["to"] = f["months"][a], f["months"][b]
    if r.random() < 0.15:
        q["lang"] = "en"
    return urlencode(q, safe=",")


class Session:
    def __init__(self, i: int, ctx, base: str, slugs: list[str], filters: dict, t0: float, timeout_ms: float,
                 think_s: float, seed: int):
        self.i, self.ctx, self.base, self.slugs, self.filters = i, ctx, base, slugs, filters
        self.t0, self.timeout_ms, self.think_s = t0, timeout_ms, think_s
        self.rng = random.Random(seed * 1000 + i)
        self.log: list[Interaction] = []
        self.page = None
        self.page_errors: list[str] = []
        self.disconnects = 0
        self.skipped = False  # the last action found nothing to do: the next one opens a page

    # -- timing ------------------------------------------------------------------------------------

    async def _idle_since(self, min_runs: int) -> float:
        await self.page.evaluate("() => { window.__benchIdle = null }")
        h = await self.page.wait_for_function(IDLE_JS, arg=[STABLE_MS, min_runs], timeout=self.timeout_ms,
                                              polling=POLL_MS)
        return float(await h.json_value())

    async def _state(self) -> tuple[float, int, int]:
        return tuple(await self.page.evaluate(
            "() => [performance.now(), window.__benchRuns || 0, window.__benchDisconnects || 0]"))

    async def _timed(self, kind: str, act, navigates: bool = False) -> None:
        start = time.monotonic() - self.t0
        slug = urlparse(self.page.url).path.strip("/") if self.page else ""
        try:
            if navigates:
                if self.page is not None:
                    self.disconnects += (await self._state())[2]
                await act()
                t_act, runs = 0.0, 1  # the new document's clock starts at navigation
            else:
                t_act, runs, _ = await self._state()
                done = await act()  # False: nothing to do; a float: the page's clock at the decisive key or click
                if done is False:
                    self.skipped = True  # nothing to do on this page (no such widget, nothing left to choose)
                    return
                if not isinstance(done, bool):
                    t_act = done
                runs += 1
            since = await self._idle_since(runs)
            problems = await self.page.evaluate(ERRORS_JS)
            _, _, disc = await self._state()
            slug = urlparse(self.page.url).path.strip("/")
            err = "; ".join(problems) if problems else None
            if disc > 0 and not err:
                err = f"websocket disconnected {disc}x"
            self.log.append(Interaction(self.i, kind, slug, round(start, 2), round(since - t_act, 1), err))
        except Exception as exc:  # noqa: BLE001 - a timeout or a vanished element is a result, not a crash
            msg = " ".join(str(exc).split())[:200]
            self.log.append(Interaction(self.i, kind, slug, round(start, 2), None, f"{type(exc).__name__}: {msg}"))
            if self.page is not None:  # start afresh: the page may be in any state
                try:
                    await self.page.close()
                except Exception:  # noqa: BLE001
                    pass
                self.page = None

    # -- actions ------------------------------------------------------------------------------------

    def _query(self) -> str:
        return random_query(self.rng, self.filters)

    async def _new_page(self):
        if self.page is not None:
            await self.page.close()
        self.page = await self.ctx.new_page()
        self.page.on("pageerror", lambda e: self.page_errors.append(str(e)[:200]))

    async def open(self) -> None:
        slug = self.rng.choice(self.slugs)
        url = f"{self.base}/{slug}?{self._query()}"

        async def act():
            await self._new_page()
            await self.page.goto(url, wait_until="commit", timeout=self.timeout_ms)

        await self._timed("open", act, navigates=True)

    async def nav(self) -> None:
        async def act():
            links = self.page.locator(f"{NAV_LINK}:not([aria-current='page'])")
            visible = [k for k in range(await links.count()) if await links.nth(k).is_visible()]
            if not visible:  # the briefing's presenter mode hides the sidebar
                return False
            t = await self.page.evaluate("() => performance.now()")
            await links.nth(self.rng.choice(visible)).click()
            return t

        await self._timed("nav", act)

    async def period(self) -> None:
        async def act():
            thumbs = self.page.locator(f"{SIDEBAR} [data-testid='stSlider'] input[type='range']")
            if await thumbs.count() != 2 or not await self.page.locator(SIDEBAR).is_visible():
                return False
            vals = [await thumbs.nth(k).evaluate("e => [+e.value, +e.min, +e.max]") for k in range(2)]
            (lo, mn, _), (hi, _, mx) = vals
            moves = [(0, "ArrowRight")] if lo + 1 < hi else []
            moves += [(0, "ArrowLeft")] if lo > mn else []
            moves += [(1, "ArrowLeft")] if hi - 1 > lo else []
            moves += [(1, "ArrowRight")] if hi < mx else []
            if not moves:
                return False
            k, key = self.rng.choice(moves)
            await thumbs.nth(k).focus()
            t = await self.page.evaluate("() => performance.now()")
            await thumbs.nth(k).press(key)
            return t

        await self._timed("period", act)

    async def multiselect(self, kind: str, index: int) -> None:
        async def act():
            boxes = self.page.locator(f"{SIDEBAR} [data-testid='stMultiSelect']")
            if await boxes.count() <= index or not await boxes.nth(index).is_visible():
                return False
            box = boxes.nth(index)
            options = self.page.locator("[role='option']")
            for wait_ms in (3_000, 10_000):  # the first click after another widget sometimes only focuses
                await box.locator("input").click()
                try:
                    await options.first.wait_for(state="visible", timeout=wait_ms)
                    break
                except Exception:  # noqa: BLE001
                    await self.page.keyboard.press("Escape")
            else:
                return False  # nothing left to choose
            texts = await options.all_inner_texts()
            choices = [k for k, tx in enumerate(texts[:9]) if tx.strip() not in ("Select all", "เลือกทั้งหมด")]
            if not choices:
                await self.page.keyboard.press("Escape")
                return False
            # typed and chosen with Enter, as a user with a keyboard does (a click on an option can land on
            # the popover's edge while it is still being laid out)
            await box.locator("input").fill(texts[self.rng.choice(choices)].strip())
            await options.first.wait_for(state="visible", timeout=10_000)
            t = await self.page.evaluate("() => performance.now()")
            await self.page.keyboard.press("Enter")
            return t

        await self._timed(kind, act)
        if self.page is not None:
            try:
                await self.page.keyboard.press("Escape")
            except Exception:  # noqa: BLE001
                pass

    async def click(self, kind: str, selector: str) -> None:
        async def act():
            el = self.page.locator(selector)
            if not await el.count() or not await el.first.is_visible():
                return False
            t = await self.page.evaluate("() => performance.now()")
            await el.first.click()
            return t

        await self._timed(kind, act)

    async def run(self, delay: float, seconds: float) -> None:
        kinds, weights = list(ACTIONS), list(ACTIONS.values())
        await asyncio.sleep(delay)
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            if self.page is None or self.skipped:
                self.skipped = False
                await self.open()
                await asyncio.sleep(self.think_s * self.rng.uniform(0.5, 1.5))
                continue
            kind = self.rng.choices(kinds, weights)[0]
            if kind == "open":
                await self.open()
            elif kind == "nav":
                await self.nav()
            elif kind == "period":
                await self.period()
            elif kind == "province":
                await self.multiselect("province", 1)
            elif kind == "service":
                await self.multiselect("service", 3)
            elif kind == "lang":
                await self.click("lang", f"{SIDEBAR} [data-testid='stButtonGroup'] >> nth=0 >> "
                                         "button[aria-checked='false']")
            else:
                await self.click("clear", f"{SIDEBAR} [data-testid='stButton'] button")
            await asyncio.sleep(self.think_s * self.rng.uniform(0.5, 1.5))
        if self.page is not None:
            self.disconnects += (await self._state())[2]


class WsSession:
    """A Streamlit session spoken to over its websocket, no browser: the server's share of each
    interaction (from the rerun request to script_finished), with the client's cost taken out. `open`
    connects a new session with filters in the query string; `nav` reruns the session on another page."""

    def __init__(self, i: int, base: str, slugs: list[str], filters: dict, t0: float, timeout_s: float,
                 think_s: float, seed: int):
        self.i, self.base, self.slugs, self.t0 = i, base, slugs, t0
        self.timeout_s, self.think_s = timeout_s, think_s
        self.rng = random.Random(seed * 1000 + i)
        self.log: list[Interaction] = []
        self.page_errors: list[str] = []
        self.disconnects = 0
        self.ws = None
        self.query = ""
        self.slug = ""
        self.filters = filters

    async def _rerun(self, kind: str, slug: str) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ClientState_pb2 import ClientState
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        start = time.monotonic()
        problems: list[str] = []
        try:
            msg = BackMsg(rerun_script=ClientState(query_string=self.query, page_name=slug, page_script_hash=""))
            await self.ws.send(msg.SerializeToString())
            while True:
                raw = await asyncio.wait_for(self.ws.recv(), timeout=self.timeout_s - (time.monotonic() - start))
                fwd = ForwardMsg.FromString(raw)
                what = fwd.WhichOneof("type")
                if what == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                    el = fwd.delta.new_element
                    kind_el = el.WhichOneof("type")
                    if kind_el == "exception":
                        problems.append(f"exception: {el.exception.type}: {el.exception.message[:150]}")
                    elif kind_el == "alert" and re.search("could not be shown|ไม่สามารถแสดงส่วนนี้ได้", el.alert.body):
                        problems.append("message: " + el.alert.body[:150])
                elif what == "page_not_found":
                    problems.append(f"page not found: {slug}")
                elif what == "script_finished":
                    if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        continue  # the page's own st.rerun(): the interaction goes on
                    break
            self.slug = slug
            self.log.append(Interaction(self.i, kind, slug, round(start - self.t0, 2),
                                        round(1000 * (time.monotonic() - start), 1),
                                        "; ".join(sorted(set(problems))) or None))
        except Exception as exc:  # noqa: BLE001 - a timeout or a closed socket is a result
            if "ConnectionClosed" in type(exc).__name__:
                self.disconnects += 1
            self.log.append(Interaction(self.i, kind, slug, round(start - self.t0, 2), None,
                                        f"{type(exc).__name__}: {' '.join(str(exc).split())[:150]}"))
            await self.close()

    async def close(self) -> None:
        if self.ws is not None:
            try:
                await self.ws.close()
            except Exception:  # noqa: BLE001
                pass
            self.ws = None

    async def open(self) -> None:
        import websockets

        await self.close()
        self.query = random_query(self.rng, self.filters)  # the same kind of filters as the browser sessions
        url = self.base.replace("http://", "ws://") + "/_stcore/stream"
        start = time.monotonic()
        try:
            self.ws = await websockets.connect(url, subprotocols=["streamlit"], origin=self.base, max_size=None,
                                               open_timeout=self.timeout_s)
        except Exception as exc:  # noqa: BLE001
            self.log.append(Interaction(self.i, "open", "", round(start - self.t0, 2), None,
                                        f"{type(exc).__name__}: {str(exc)[:150]}"))
            return
        await self._rerun("open", self.rng.choice(self.slugs))

    async def run(self, delay: float, seconds: float) -> None:
        await asyncio.sleep(delay)
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            if self.ws is None or self.rng.random() < 0.3:
                await self.open()
            else:
                await self._rerun("nav", self.rng.choice([s for s in self.slugs if s != self.slug] or self.slugs))
            await asyncio.sleep(self.think_s * self.rng.uniform(0.5, 1.5))
        await self.close()


async def _drive_ws(base: str, sessions: int, seconds: float, ramp: float, think_s: float, timeout_ms: float,
                    seed: int, filters: dict, slugs: list[str]) -> tuple[list[WsSession], list[str], list[str]]:
    t0 = time.monotonic()
    runs = [WsSession(i, base, slugs, filters, t0, timeout_ms / 1000, think_s, seed) for i in range(sessions)]
    await asyncio.gather(*(s.run(ramp * i / sessions, seconds) for i, s in enumerate(runs)))
    return runs, slugs, []


def _filters(db: Path) -> dict:
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH '{db}' AS wh (READ_ONLY)")
        return {
            "provinces": [r[0] for r in con.execute("SELECT province_code FROM wh.provinces ORDER BY 1").fetchall()],
            "services": [r[0] for r in con.execute("SELECT service_code FROM wh.services ORDER BY 1").fetchall()],
            "months": [r[0].strftime("%Y-%m")
                       for r in con.execute("SELECT month FROM wh.dim_month ORDER BY 1").fetchall()],
            "usage_rows": con.execute("SELECT count(*) FROM wh.usage_monthly").fetchone()[0],
        }
    finally:
        con.close()


def _niced_chromium() -> str:
    """Chromium started under `nice`: on a small machine the browser (30 pages drawing charts and maps in
    software) would otherwise take the CPU the server under test needs."""
    real = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    wrapper = WORK / "chromium-niced.sh"
    wrapper.write_text(f'#!/bin/sh\nexec nice -n {CLIENT_NICE} "{real}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    return str(wrapper)


async def _drive(base: str, sessions: int, seconds: float, ramp: float, think_s: float, timeout_ms: float,
                 seed: int, filters: dict) -> tuple[list[Session], list[str], list[str]]:
    from playwright.async_api import async_playwright

    path = _niced_chromium()
    external: list[str] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        try:
            # the navigation's pages, from one page load
            probe_ctx = await browser.new_context(viewport=VIEWPORT, service_workers="block")
            probe = await probe_ctx.new_page()
            await probe.goto(base)
            await probe.wait_for_selector(NAV_LINK, timeout=timeout_ms)
            hrefs = await probe.eval_on_selector_all(NAV_LINK, "els => els.map(a => a.href)")
            slugs = [urlparse(h).path.strip("/") for h in hrefs]
            await probe_ctx.close()
            t0 = time.monotonic()
            runs = []
            for i in range(sessions):
                ctx = await browser.new_context(viewport=VIEWPORT, locale="th-TH", timezone_id="Asia/Bangkok",
                                                service_workers="block")
                ctx.set_default_timeout(timeout_ms)
                await ctx.add_init_script(INIT_JS)
                await ctx.add_init_script(DISCONNECT_JS)
                # the resolver rules in CHROMIUM_ARGS already stop anything non-local; count what was tried
                ctx.on("request", lambda r: None if is_local(r.url) else external.append(r.url))
                runs.append(Session(i, ctx, base, slugs, filters, t0, timeout_ms, think_s, seed))
            await asyncio.gather(*(s.run(ramp * i / sessions, seconds) for i, s in enumerate(runs)))
            for s in runs:
                await s.ctx.close()
        finally:
            await browser.close()
    return runs, slugs, external


def _tracebacks(log: str) -> list[str]:
    """The last line (the exception) of each traceback in the server's log, counted."""
    out = []
    for block in log.split("Traceback (most recent call last):")[1:]:
        lines = [ln for ln in block.splitlines() if ln and not ln.startswith((" ", "\t"))]
        out.append(lines[0][:200] if lines else "?")
    return out


def _publisher(live: Path, every: float, stop: threading.Event, published: list) -> None:
    """Republish `live` every `every` seconds as `python -m etl load` does (copy beside it, os.replace):
    each time the file's identity changes and every server-side cache key with it."""
    from etl.publish import next_warehouse

    while not stop.wait(every):
        with next_warehouse(live) as nxt:
            nxt.commit = True
        published.append(time.monotonic())


def main(db: str | None, sessions: int, seconds: float, ramp: float, think_s: float, timeout_s: float, seed: int,
         label: str | None, client: str = "browser", publish_every: float = 0) -> int:
    WORK.mkdir(parents=True, exist_ok=True)
    db_path = Path(db).resolve() if db else small_warehouse()
    if not db_path.is_file():
        print(f"error: {db_path}: no warehouse")
        return 2
    filters = _filters(db_path)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    log_path = WORK / f"streamlit-{stamp}.log"
    load_before = os.getloadavg()
    served, stop, published = db_path, threading.Event(), []
    if publish_every:  # a copy, republished by the ETL's atomic publish while the sessions run
        served = WORK / f"live-{stamp}.duckdb"
        shutil.copyfile(db_path, served)
    server = Server("live", served, log_path)
    publisher = threading.Thread(target=_publisher, args=(served, publish_every, stop, published), daemon=True)
    try:
        cpu0 = server.cpu_s()
        t0 = time.monotonic()
        if publish_every:
            publisher.start()
        if client == "ws":
            runs, slugs, external = asyncio.run(_drive_ws(server.url, sessions, seconds, ramp, think_s,
                                                          timeout_s * 1000, seed, filters, WS_PAGES))
        else:
            runs, slugs, external = asyncio.run(_drive(server.url, sessions, seconds, ramp, think_s, timeout_s * 1000,
                                                       seed, filters))
        wall = time.monotonic() - t0
        peak_mb, rss_mb, cpu = server.peak_mb(), server.rss_mb(), server.cpu_s() - cpu0
    finally:
        stop.set()
        if publisher.is_alive():
            publisher.join()
        server.stop()
        if served != db_path:
            served.unlink(missing_ok=True)
            served.with_name(f".{served.name}.lock").unlink(missing_ok=True)
    load_after = os.getloadavg()
    log_text = log_path.read_text(encoding="utf-8", errors="replace")
    traces = _tracebacks(log_text)
    inter = [x for s in runs for x in s.log]
    ok = [x.ms for x in inter if x.ms is not None]
    errors = [x for x in inter if x.error]
    page_errors = [e for s in runs for e in s.page_errors]
    disconnects = sum(s.disconnects for s in runs)
    by_kind = {k: _stats([x.ms for x in inter if x.kind == k and x.ms is not None]) for k in ACTIONS}
    by_page = {p: _stats([x.ms for x in inter if x.page == p and x.ms is not None])
               for p in sorted({x.page for x in inter})}
    err_kinds: dict[str, int] = {}
    for x in errors:
        key = re.sub(r"\d+(\.\d+)?", "N", x.error)[:120]
        err_kinds[key] = err_kinds.get(key, 0) + 1
    trace_kinds: dict[str, int] = {}
    for tr in traces:
        trace_kinds[tr] = trace_kinds.get(tr, 0) + 1
    result = {
        "when": stamp, "label": label, "client": client, "publish_every_s": publish_every,
        "publishes": len(published), "db": str(db_path), "usage_rows": filters["usage_rows"],
        "sessions": sessions, "seconds": seconds, "ramp_s": ramp, "think_s": think_s, "client_nice": CLIENT_NICE,
        "wall_s": round(wall, 1), "seed": seed,
        "interactions": len(inter), "ok": len(ok), "errors": len(errors), "error_kinds": err_kinds,
        "server_tracebacks": len(traces), "traceback_kinds": trace_kinds, "page_errors": len(page_errors),
        "websocket_disconnects": disconnects, "external_requests": len(external),
        "all": _stats(ok), "by_kind": by_kind, "by_page": by_page,
        "server_peak_mb": round(peak_mb, 1), "server_rss_end_mb": round(rss_mb, 1), "server_cpu_s": round(cpu, 1),
        "server_cpu_ms_per_interaction": round(1000 * cpu / len(ok), 1) if ok else None,
        "loadavg_before": [round(x, 2) for x in load_before], "loadavg_after": [round(x, 2) for x in load_after],
        "cpus": os.cpu_count(), "machine": platform.machine(), "python": platform.python_version(),
        "duckdb": duckdb.__version__, "server_log": str(log_path),
    }
    with open(RESULTS / "concurrency.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps(result, ensure_ascii=False) + "\n")
    with open(WORK / f"interactions-{stamp}.jsonl", "w", encoding="utf-8") as fh:
        for x in inter:
            fh.write(json.dumps(asdict(x), ensure_ascii=False) + "\n")

    def fmt(s: dict) -> str:
        if not s["n"]:
            return "      -"
        return f"{s['n']:>5} {s['p50_ms'] / 1000:>7.2f} {s['p95_ms'] / 1000:>7.2f} {s['max_ms'] / 1000:>7.2f}"

    print(f"{sessions} {client} sessions x {seconds:.0f} s (joining over {ramp:.0f} s) on {db_path} "
          f"({filters['usage_rows']:,} usage rows); "
          f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f}; {os.cpu_count()} CPUs")
    print(f"{'':<12} {'n':>5} {'p50 s':>7} {'p95 s':>7} {'max s':>7}")
    print(f"{'all':<12} {fmt(result['all'])}")
    for k, s in by_kind.items():
        print(f"{k:<12} {fmt(s)}")
    print(f"\ninteractions {len(inter)}, errors {len(errors)}, server tracebacks {len(traces)}, page errors "
          f"{len(page_errors)}, websocket disconnects {disconnects}, external requests {len(external)}")
    for k, n in sorted(err_kinds.items(), key=lambda kv: -kv[1])[:10]:
        print(f"  {n:>4} x {k}")
    for k, n in sorted(trace_kinds.items(), key=lambda kv: -kv[1])[:10]:
        print(f"  {n:>4} x server: {k}")
    if publish_every:
        print(f"the warehouse was republished {len(published)} times during the run (every {publish_every:g} s)")
    print(f"server peak memory (VmHWM) {peak_mb:,.0f} MB, CPU {cpu:,.1f} s "
          f"({result['server_cpu_ms_per_interaction']} ms per interaction); log {log_path}")
    print(f"appended to {RESULTS / 'concurrency.jsonl'}")
    return 0

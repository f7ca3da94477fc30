"""Headless Chromium driving a Streamlit server, and "idle" measured inside the page.

Idle, precisely: the app is connected, its script state is notRunning, Streamlit's status widget
(the "Running..." indicator) is gone, nothing is stale, no skeleton or spinner, every plotly chart has
its SVG (and every map its style) drawn, every visible st.dataframe has its canvas, and the main area has not
changed for STABLE_MS. The time recorded is when that final state *began* (performance.now() of the
first poll that saw it), not when the STABLE_MS window ended:

  page load     = that moment, on the page's clock (0 = navigation start)
  filter change = that moment minus performance.now() just before the click that changes the filter,
                  and only after at least one script run has started since (counted by a
                  MutationObserver on the script state, so a fast rerun cannot be missed).

Chromium is Debian's /usr/bin/chromium with the browser tests' flags, which leave it no name resolution
but 127.0.0.1 and localhost: requests to anything else fail, and are counted (a benchmark that needs the
network is a broken benchmark).
"""

from __future__ import annotations

import os
import shutil

from tests.browser.conftest import CHROMIUM_ARGS, VIEWPORT, is_local

STABLE_MS = 300
POLL_MS = 40

# Counts script runs (data-test-script-state becoming 'running') from the first byte of every document.
INIT_JS = """(() => {
  window.__benchRuns = 0;
  const obs = new MutationObserver(ms => { for (const m of ms)
    if (m.target.getAttribute && m.target.getAttribute('data-test-script-state') === 'running')
      window.__benchRuns++; });
  obs.observe(document, {subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
})();"""

_IDLE_JS = """([stableMs, minRuns]) => {
  const w = window.__benchIdle || (window.__benchIdle = {sig: null, since: 0});
  const busy = () => { w.sig = null; return false; };
  if ((window.__benchRuns || 0) < minRuns) return busy();
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute('data-test-connection-state') !== 'CONNECTED'
      || app.getAttribute('data-test-script-state') !== 'notRunning') return busy();
  if (document.querySelector("[data-testid^='stStatusWidgetRunning'], [data-testid='stStatusWidgetNewYearsIcon'], "
      + "[data-stale='true'], [data-testid='stSkeleton'], [data-testid='stSpinner']")) return busy();
  for (const el of document.querySelectorAll("[data-testid='stPlotlyChart']")) {
    const gd = el.querySelector('.js-plotly-plot');
    if (!gd || !gd._fullLayout || !gd.querySelector('.main-svg')) return busy();
    for (const id of (gd._fullLayout._subplots && gd._fullLayout._subplots.map) || []) {
      const sub = gd._fullLayout[id] && gd._fullLayout[id]._subplot;
      if (!sub || !sub.map || !sub.map.loaded()) return busy();
    }
  }
{tables}  const main = document.querySelector("[data-testid='stMain']");
  const sig = [document.querySelectorAll("[data-testid='stElementContainer']").length,
               document.querySelectorAll("[data-testid='stPlotlyChart'] .main-svg").length,
{table_sig}               main ? main.innerText.length : -1, location.href].join('|');
  const now = performance.now();
  if (w.sig !== sig) { w.sig = sig; w.since = now; return false; }
  return now - w.since >= stableMs ? w.since : false;
}"""


def idle_js(every_table: bool = True) -> str:
    """The idle condition as a page function. every_table=False drops "every visible st.dataframe has drawn
    its canvas": a table below the fold draws only when scrolled to, which a session that never scrolls
    (bench/concurrency.py) would wait for forever."""
    return (_IDLE_JS.replace("{tables}", _TABLES if every_table else "")
            .replace("{table_sig}", _TABLE_SIG if every_table else ""))


_TABLES = """  for (const el of document.querySelectorAll("[data-testid='stDataFrame']"))  // hidden ones (a closed
    if (el.checkVisibility() && !el.querySelector('canvas')) return busy();    // expander) draw nothing
"""
_TABLE_SIG = """               document.querySelectorAll("[data-testid='stDataFrame'] canvas").length,
"""
IDLE_JS = idle_js()


class Browser:
    """One headless Chromium and one context (fresh tab = fresh Streamlit session)."""

    def __init__(self):
        from playwright.sync_api import sync_playwright

        path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
        self.blocked: list[str] = []
        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        self.ctx = self._browser.new_context(viewport=VIEWPORT, locale="en-US", timezone_id="Asia/Bangkok",
                                             service_workers="block")
        self.ctx.set_default_timeout(60_000)
        self.ctx.add_init_script(INIT_JS)

        # External requests fail at name resolution (CHROMIUM_ARGS' --host-resolver-rules) and are counted
        # here; no route() is installed, since routing turns Chromium's HTTP cache off.
        self.ctx.on("request", lambda r: None if is_local(r.url) else self.blocked.append(r.url))

    def close(self) -> None:
        self.ctx.close()
        self._browser.close()
        self._pw.stop()


def wait_idle(page, min_runs: int = 0, timeout_ms: float = 300_000) -> float:
    """performance.now() (ms) at which the page became idle (see the module's docstring)."""
    page.evaluate("() => { window.__benchIdle = null }")
    handle = page.wait_for_function(IDLE_JS, arg=[STABLE_MS, min_runs], timeout=timeout_ms, polling=POLL_MS)
    return float(handle.json_value())


def load(page, url: str) -> float:
    """Open url in the tab; seconds from navigation start to idle."""
    page.goto(url, wait_until="commit")
    page.wait_for_selector("[data-testid='stApp']", state="attached", timeout=120_000)
    return wait_idle(page) / 1000


def pick(page, label: str, option: str, where: str = "stSidebar") -> float:
    """Choose `option` in the multiselect or selectbox labelled `label` in the sidebar (or where="stMain")
    (typing to filter, as tests/browser/test_flows.py does, then clicking the option); seconds from the
    click to idle."""
    box = page.locator(f"[data-testid='{where}']").get_by_role("combobox", name=label, exact=True)
    box.click()
    box.fill(option)
    choice = page.get_by_role("option", name=option, exact=True)
    choice.wait_for(state="visible")
    runs = page.evaluate("() => window.__benchRuns")
    t0 = page.evaluate("() => performance.now()")
    choice.click()
    t1 = wait_idle(page, min_runs=runs + 1)
    page.keyboard.press("Escape")
    return (t1 - t0) / 1000


def _stat(pid: int) -> tuple[int, float] | None:
    """(ppid, CPU seconds of the process and its reaped children) from /proc/PID/stat."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[1]), sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def client_cpu_s(exclude: set[int]) -> float:
    """CPU seconds used so far by this process's descendants (Chromium and Playwright's driver), minus
    the subtrees rooted at `exclude` (the Streamlit servers): what the browser spent, which a shared
    machine distorts less than wall time. Closed tabs' renderers count once Chromium has reaped them."""
    stats = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            s = _stat(int(name))
            if s:
                stats[int(name)] = s
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in stats.items():
        children.setdefault(ppid, []).append(pid)
    total, todo = 0.0, list(children.get(os.getpid(), []))
    while todo:
        pid = todo.pop()
        if pid in exclude:
            continue
        total += stats[pid][1]
        todo.extend(children.get(pid, []))
    return total

"""The briefing as a presenter uses it, in Chromium: presenter mode off until an area is chosen, only the
slide in presenter mode, a clicker's keys stepping through the screens, the screen kept in the URL across
a reload, and every screen of the Sukhothai (64) and Phitsanulok (65) briefings, with and without an
event, in Thai and English, fitting 1280x720, 1366x768 and 1920x1080 with nothing scrolled or clipped.

Screenshots of every screen are written to artifacts/briefing_fit/.
"""

from __future__ import annotations

import re

from urllib.parse import parse_qs, urlparse

import duckdb
import pytest

from .conftest import open_app, wait_idle

SIDEBAR = "[data-testid='stSidebar']"
MAIN = "[data-testid='stMain']"

SIZES = [(1280, 720), (1366, 768), (1920, 1080)]
SCREEN_COUNT = "[data-testid='stMain'] .br-foot"

# Everything in the slide must lie inside the window, and no box that hides its overflow may hold more
# than it shows (a clipped bullet list, a cut title, a stat that spills); the page itself must not scroll.
FIT_JS = """() => {
  const problems = [];
  const W = innerWidth, H = innerHeight;
  const main = document.querySelector("[data-testid='stMain']");
  if (document.documentElement.scrollHeight > H + 1) problems.push('the document scrolls: ' + document.documentElement.scrollHeight);
  if (main && main.scrollHeight > main.clientHeight + 1) problems.push('the main area scrolls: ' + main.scrollHeight + ' > ' + main.clientHeight);
  const slide = document.querySelector('.st-key-br_slide');
  if (!slide) return ['no slide'];
  const name = el => (el.className && el.className.baseVal === undefined ? String(el.className).split(' ').filter(c => c.startsWith('br') || c.startsWith('st-key')).join('.') : '') || el.tagName;
  for (const el of [slide, ...slide.querySelectorAll('*')]) {
    if (el.closest('.js-plotly-plot') && !el.classList.contains('js-plotly-plot')) continue;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    const cs = getComputedStyle(el);
    const text = (el.childNodes.length && [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()));
    if (text && (r.bottom > H + 0.5 || r.right > W + 0.5 || r.top < -0.5)) problems.push('outside the window: ' + name(el) + ' ' + JSON.stringify(el.textContent.slice(0, 60)) + ' bottom ' + Math.round(r.bottom));
    const hidesY = cs.overflowY !== 'visible', hidesX = cs.overflowX !== 'visible';
    if (hidesY && el.scrollHeight > el.clientHeight + 2) problems.push('clipped (height ' + el.scrollHeight + ' > ' + el.clientHeight + '): ' + name(el) + ' ' + JSON.stringify(el.textContent.slice(0, 60)));
    if (hidesX && el.scrollWidth > el.clientWidth + 2) problems.push('clipped (width ' + el.scrollWidth + ' > ' + el.clientWidth + '): ' + name(el) + ' ' + JSON.stringify(el.textContent.slice(0, 60)));
  }
  const foot = slide.querySelector('.br-foot');
  if (!foot) problems.push('no footer line');
  return problems;
}"""


@pytest.fixture(scope="module")
def events(sample_db) -> dict[str, str]:
    """The latest event of Sukhothai and of Phitsanulok, straight from the warehouse."""
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        return dict(con.execute(
            """SELECT province_code, arg_max(event_id, event_date) FROM events
               WHERE province_code IN ('64', '65') GROUP BY 1""").fetchall())
    finally:
        con.close()


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def sidebar_shown(page) -> bool:
    bar = page.locator(SIDEBAR)
    return bool(bar.count()) and bar.first.is_visible()


def page_label(page) -> str:
    return page.locator(SCREEN_COUNT).inner_text().rsplit("·", 1)[-1].strip()


def press(page, key: str) -> None:
    page.keyboard.press(key)
    wait_idle(page)


def presenter_toggle(page, label: str):
    return page.locator(f"{MAIN} [data-testid='stCheckbox']").filter(has_text=label)


# ---- presenter mode and the clicker ------------------------------------------------------------------

def test_presenter_mode_starts_off_and_turns_on_with_a_province(page, server):
    open_app(page, server.url, "/briefing")
    assert sidebar_shown(page), "the briefing hides the menu before anything is chosen"
    toggle = presenter_toggle(page, "โหมดนำเสนอ")
    toggle.wait_for()
    assert toggle.count() == 1 and not toggle.locator("input").is_checked(), "presenter mode is on before a province"
    assert "pm" not in query(page)

    box = page.locator(MAIN).get_by_role("combobox", name="จังหวัด", exact=True)
    box.click()
    box.fill("สุโขทัย")
    page.get_by_role("option", name="สุโขทัย", exact=True).click()
    wait_idle(page)
    assert query(page).get("p") == "64" and query(page).get("pm") == "1", page.url
    # only the slide: no sidebar, no header, no selectors, download buttons or screen tabs
    assert not sidebar_shown(page)
    for what in ("[data-testid='stSelectbox']", "[data-testid='stDownloadButton']", "[data-testid='stButtonGroup']",
                 "header[data-testid='stHeader']"):
        assert not any(e.is_visible() for e in page.locator(what).all()), f"{what} is visible in presenter mode"
    exit_button = page.locator(".st-key-br_exit_btn").get_by_role("button", name=re.compile("✕"))
    assert exit_button.is_visible()
    box_ = exit_button.bounding_box()
    assert box_["width"] < 120 and box_["height"] < 50, f"the control that leaves presenter mode is not small: {box_}"
    assert "จังหวัดสุโขทัย" in page.locator(".st-key-br_slide").inner_text()

    exit_button.click()
    wait_idle(page)
    assert sidebar_shown(page) and "pm" not in query(page)
    assert page.locator(f"{MAIN} [data-testid='stDownloadButton']").first.is_visible()


def test_clicker_keys_step_and_a_reload_stays(page, server):
    open_app(page, server.url, "/briefing?p=65&pm=1")
    assert not sidebar_shown(page), "?pm=1 does not start presenter mode"
    assert page_label(page) == "หน้า 1 / 6" and query(page)["s"] == "1"
    for key, expected in (("PageDown", 2), ("ArrowRight", 3), ("Space", 4), ("PageUp", 3), ("ArrowLeft", 2),
                          ("PageDown", 3)):
        press(page, key)
        assert page_label(page) == f"หน้า {expected} / 6", f"after {key}: {page_label(page)}"
        assert query(page)["s"] == str(expected), f"after {key} the URL says {page.url}"
    page.reload()
    wait_idle(page)
    assert page_label(page) == "หน้า 3 / 6", "a reload went back to another screen"
    assert "แนวโน้ม" in page.locator(".st-key-br_slide .br-title").inner_text()
    assert not sidebar_shown(page), "a reload left presenter mode"
    # the ends: no step before the cover or after the last screen
    for _ in range(5):
        press(page, "ArrowLeft")
    assert page_label(page) == "หน้า 1 / 6"
    for _ in range(8):
        press(page, "PageDown")
    assert page_label(page) == "หน้า 6 / 6"
    press(page, "Escape")
    assert sidebar_shown(page), "Esc does not leave presenter mode"


# ---- every screen fits -----------------------------------------------------------------------------

def _walk(page, name: str, artifacts) -> tuple[int, dict]:
    """Step through every screen with PageDown, measuring each; (screens, problems per screen)."""
    out = artifacts / "briefing_fit"
    out.mkdir(parents=True, exist_ok=True)
    problems, n = {}, 0
    while True:
        n += 1
        found = page.evaluate(FIT_JS)
        if found:
            problems[n] = found
        page.screenshot(path=str(out / f"{name}_{n}.png"))
        before = page_label(page)
        if n >= 10:
            break
        press(page, "PageDown")
        if page_label(page) == before:
            break
    return n, problems


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("province,with_event", [("64", True), ("64", False), ("65", True), ("65", False)])
def test_every_thai_screen_fits(page, server, events, artifacts, size, province, with_event):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    ev = f"&ev={events[province]}" if with_event else ""
    open_app(page, server.url, f"/briefing?p={province}{ev}&pm=1")
    n, problems = _walk(page, f"th_{province}{'_event' if with_event else ''}_{size[0]}x{size[1]}", artifacts)
    assert n == (7 if with_event else 6), f"{n} screens"
    assert not problems, f"screens that do not fit {size}: {problems}"


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("province,with_event", [("64", True), ("65", False)])
def test_every_english_screen_fits(page, server, events, artifacts, size, province, with_event):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    ev = f"&ev={events[province]}" if with_event else ""
    # the language first, then the province (the event comes from the link): choosing it starts presenting
    open_app(page, server.url, f"/briefing?{ev.lstrip('&')}")
    page.locator(SIDEBAR).get_by_role("radio", name="English", exact=True).click()
    wait_idle(page)
    box = page.locator(MAIN).get_by_role("combobox", name="Province", exact=True)
    box.click()
    name = {"64": "Sukhothai", "65": "Phitsanulok"}[province]
    box.fill(name)
    page.get_by_role("option", name=name, exact=True).click()
    wait_idle(page)
    assert not sidebar_shown(page)
    assert query(page).get("ev") == (events[province] if with_event else None), page.url
    assert page_label(page).startswith("Page "), page_label(page)
    n, problems = _walk(page, f"en_{province}{'_event' if with_event else ''}_{size[0]}x{size[1]}", artifacts)
    assert n == (7 if with_event else 6), f"{n} screens"
    assert not problems, f"screens that do not fit {size}: {problems}"


@pytest.mark.parametrize("area,title", [("r:north", "ภาคเหนือ"), ("all", "ทั้งประเทศ")])
def test_regional_and_national_briefings_fit(page, server, artifacts, area, title):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_app(page, server.url, f"/briefing?p={area}&pm=1")
    assert title in page.locator(".st-key-br_slide .br-title").inner_text()
    n, problems = _walk(page, f"th_{area.replace(':', '-')}_1280x720", artifacts)
    assert n == 6, f"{n} screens"
    assert not problems, f"screens that do not fit: {problems}"


def test_switching_language_keeps_the_chosen_province(page, server):
    """A presenter who chooses Sukhothai, leaves presenter mode and switches to English still has Sukhothai,
    named in English in the chooser (and the URL still names it), and back in Thai too."""
    open_app(page, server.url, "/briefing")
    box = page.locator(MAIN).get_by_role("combobox", name="จังหวัด", exact=True)
    box.click()
    box.fill("สุโขทัย")
    page.get_by_role("option", name="สุโขทัย", exact=True).click()
    wait_idle(page)
    page.locator(".st-key-br_exit_btn").get_by_role("button", name=re.compile("✕")).click()
    wait_idle(page)
    page.locator(SIDEBAR).get_by_role("radio", name="English", exact=True).click()
    wait_idle(page)
    assert query(page).get("p") == "64" and query(page).get("lang") == "en", page.url
    assert "Sukhothai" in page.locator(".st-key-br_slide").inner_text()
    chooser = page.locator(MAIN).get_by_role("combobox", name="Province", exact=True)
    assert chooser.input_value() == "Sukhothai"
    page.locator(SIDEBAR).get_by_role("radio", name="ไทย", exact=True).click()
    wait_idle(page)
    assert query(page).get("p") == "64", page.url
    assert "จังหวัดสุโขทัย" in page.locator(".st-key-br_slide").inner_text()

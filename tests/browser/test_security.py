"""Sign-in behind a reverse proxy, in a real browser: the dashboard runs in proxy mode (EGOV_AUTH), the
browser sends the headers a proxy would set (Playwright's extra_http_headers, on the page and on its
websocket), and a user limited to one province sees no other province's agencies, whatever the link
asks for; without the header, or as an unknown user, nobody gets in."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import duckdb
import pytest

from .conftest import NAV_LINK, dashboard_server, main_text, nav_links, wait_idle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def scope_facts(sample_db):
    """The analyst's province (the sample's province with the most agencies), and what must never show:
    other provinces' agency codes and the agency names found only there."""
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        code, name_th = con.execute("SELECT a.province_code, p.name_th FROM agencies a JOIN provinces p "
                                    "USING (province_code) GROUP BY 1, 2 ORDER BY count(*) DESC, 1 LIMIT 1").fetchone()
        other = con.execute("SELECT province_code FROM agencies WHERE province_code <> ? GROUP BY 1 "
                            "ORDER BY count(*) DESC, 1 LIMIT 1", [code]).fetchone()[0]
        rows = con.execute("SELECT agency_id, agency_name, province_code, department FROM agencies").fetchall()
    finally:
        con.close()
    inside = {n for _, n, p, _ in rows if p == code}
    harmless = inside | {d for *_, d in rows if d}
    ids = {a for a, _, p, _ in rows if p != code}
    names = {n for _, n, p, _ in rows if p != code and n not in harmless and not any(n in x for x in inside)}
    return {"code": code, "name_th": name_th, "other": other, "ids": ids, "names": names}


@pytest.fixture(scope="module")
def proxy_server(sample_db, artifacts, refusing_proxy, scope_facts, tmp_path_factory):
    conf = tmp_path_factory.mktemp("auth") / "auth.toml"
    conf.write_text(f'''mode = "proxy"
[proxy]
user_header = "X-Forwarded-User"
groups_header = "X-Forwarded-Groups"
trusted_proxies = ["127.0.0.1"]  # the browser stands in for a proxy on this machine
[users."somchai"]
role = "analyst"
provinces = ["{scope_facts['code']}"]
[groups."egov-admins"]
role = "administrator"
''', encoding="utf-8")
    with dashboard_server(sample_db, artifacts / "streamlit-proxy-mode.log", refusing_proxy, "the proxy-mode dashboard",
                          # the real peer, not X-Forwarded-For's client (docs/SECURITY.md)
                          env={"EGOV_AUTH": str(conf), "FORWARDED_ALLOW_IPS": ""}) as srv:
        yield srv
    assert "Traceback (most recent call last)" not in srv.log_text(), srv.log_text()[-4000:]


def shown(page, tmp_path: Path, min_tables: int = 0) -> str:
    """The page's text and its tables. A table is drawn on a canvas, so every table's CSV download (the
    same frame the page shows) is read back, with every expander opened and every tab shown in turn.
    min_tables: at least that many must be read (a page still drawing would otherwise pass for a page
    that shows nothing)."""
    main = "[data-testid='stMain']"
    if min_tables:
        page.locator(f"{main} [data-testid='stDownloadButton']").first.wait_for(state="attached", timeout=60_000)
        wait_idle(page)
    texts, read = [main_text(page)], 0
    tabs = page.locator(f"{main} button[role='tab']").all() or [None]
    for tab in tabs:
        if tab is not None:
            tab.click()
            page.wait_for_timeout(200)
        summaries = page.locator(f"{main} [data-testid='stExpander'] details > summary")
        opened = 0
        for k in range(summaries.count()):
            summary = summaries.nth(k)
            if summary.evaluate("s => !s.parentElement.open && !s.closest('[inert]') && s.offsetParent !== null"):
                summary.click()
                opened += 1
        if opened:
            page.wait_for_timeout(500)
            wait_idle(page)
        buttons = page.locator(f"{main} [data-testid='stDownloadButton']").filter(has_text="CSV")
        for i in range(buttons.count()):
            if not buttons.nth(i).is_visible() or buttons.nth(i).evaluate("b => !!b.closest('[inert]')"):
                continue
            with page.expect_download() as info:
                buttons.nth(i).click()
            out = tmp_path / f"{read}_{info.value.suggested_filename}"
            info.value.save_as(out)
            texts.append(out.read_text(encoding="utf-8-sig"))
            read += 1
    assert read >= min_tables, f"{read} table(s) read, expected at least {min_tables}"
    return "\n".join(texts)


def leaks(text: str, facts: dict) -> list[str]:
    found = {a for a in facts["ids"] if re.search(rf"(?<![A-Za-z0-9]){re.escape(a)}(?![0-9])", text)}
    found |= {n for n in facts["names"] if n in text}
    return sorted(found)[:20]


def test_proxy_user_keeps_to_their_province_in_the_browser(proxy_server, header_pages, scope_facts, tmp_path):
    page = header_pages({"X-Forwarded-User": "somchai"})
    other = scope_facts["other"]
    page.goto(f"{proxy_server.url}/provinces?p={other}&prov={other},{scope_facts['code']}")
    wait_idle(page)
    sidebar = page.locator("[data-testid='stSidebar']").inner_text()
    assert "somchai" in sidebar and "นักวิเคราะห์" in sidebar
    assert "data" not in [link["slug"] for link in nav_links(page)]  # no Data page for an analyst
    assert not leaks(shown(page, tmp_path), scope_facts)
    # the province chooser offers only the analyst's province; choosing it shows its agencies
    page.goto(f"{proxy_server.url}/provinces?p={scope_facts['code']}")
    wait_idle(page)
    text = shown(page, tmp_path)
    assert scope_facts["name_th"] in text and not leaks(text, scope_facts)
    for slug in ("", "ministries", "underuse", "feedback", "roadshows", "data"):  # /data: a page they may see
        page.goto(f"{proxy_server.url}/{slug}?prov={other}")  # the filter asks for another province only
        wait_idle(page)
        assert not leaks(shown(page, tmp_path), scope_facts), slug
        page.goto(f"{proxy_server.url}/{slug}")  # no filter: everything the analyst may see
        wait_idle(page)
        tables = 1 if slug == "underuse" else 0  # a page sure to show a table (its action list) outside expanders
        assert not leaks(shown(page, tmp_path, tables), scope_facts), slug
        assert page.locator("[data-testid='stFileUploader']").count() == 0


def test_proxy_without_a_known_user_lets_nobody_in(proxy_server, header_pages, scope_facts):
    for headers in ({}, {"X-Forwarded-User": "stranger"}, {"X-Forwarded-User": "' OR 1=1 --"}):
        page = header_pages(headers)
        page.goto(f"{proxy_server.url}/provinces?p={scope_facts['other']}")
        wait_idle(page)
        text = main_text(page)
        assert "ไม่มีสิทธิ์" in text, (headers, text[:300])
        assert page.locator(NAV_LINK).count() == 0 and not leaks(text, scope_facts)
        assert page.locator("[data-testid='stDataFrame']").count() == 0


def test_proxy_group_makes_an_administrator(proxy_server, header_pages):
    page = header_pages({"X-Forwarded-User": "anong", "X-Forwarded-Groups": "staff,egov-admins"})
    page.goto(f"{proxy_server.url}/")
    wait_idle(page)
    assert "data" in [link["slug"] for link in nav_links(page)]
    assert "anong" in page.locator("[data-testid='stSidebar']").inner_text()


def test_the_leak_detector_sees_what_an_administrator_sees(proxy_server, header_pages, scope_facts, tmp_path):
    """The control: an administrator (every province) does see other provinces' agencies on the
    Underuse page, so the scoped test above would notice a leak there."""
    page = header_pages({"X-Forwarded-User": "anong", "X-Forwarded-Groups": "egov-admins"})
    page.goto(f"{proxy_server.url}/underuse")
    wait_idle(page)
    assert leaks(shown(page, tmp_path, min_tables=1), scope_facts)


# ---- password mode: a deep link survives the sign-in ---------------------------------------------------

@pytest.fixture(scope="module")
def password_server(sample_db, artifacts, refusing_proxy, tmp_path_factory):
    from egov import auth

    conf = tmp_path_factory.mktemp("auth-pw") / "auth.toml"
    conf.write_text(f'mode = "password"\n[users."malee"]\nrole = "executive"\nname = "มาลี"\n'
                    f'password = "{auth.hash_password("deep-link-pw", n=2 ** 12)}"\n', encoding="utf-8")
    with dashboard_server(sample_db, artifacts / "streamlit-password-mode.log", refusing_proxy,
                          "the password-mode dashboard", env={"EGOV_AUTH": str(conf)}) as srv:
        yield srv
    assert "Traceback (most recent call last)" not in srv.log_text(), srv.log_text()[-4000:]


def sign_in(page, name: str, password: str) -> None:
    """Type the name and password into the sign-in form and press its button, as a person does."""
    page.get_by_label("ชื่อผู้ใช้").fill(name)
    page.get_by_label("รหัสผ่าน", exact=True).fill(password)
    page.locator("[data-testid='stFormSubmitButton'] button").click()
    # signed in (the navigation appears and the sign-in form is gone) or refused (an error under the form)
    page.wait_for_function("""() => (document.querySelector("[data-testid='stSidebarNav']")
                                     && !document.querySelector("[data-testid='stForm']"))
                                    || document.querySelector("[data-testid='stAlertContentError']")""")
    wait_idle(page)


@pytest.mark.parametrize("path, lands_on", [
    ("/provinces?p={code}", "provinces"),
    ("/roadshows?prov={code}", "roadshows"),
])
def test_a_deep_link_lands_on_its_page_after_sign_in(password_server, header_pages, scope_facts, path, lands_on):
    """/provinces?p=50 opened before signing in: the sign-in form at that address, then, once signed in,
    that page with its parameters (not "Page not found", not the overview)."""
    code = scope_facts["code"]
    page = header_pages({})
    page.goto(password_server.url + path.format(code=code))
    wait_idle(page)
    assert "ลงชื่อเข้าใช้" in main_text(page) and page.locator(NAV_LINK).count() == 0
    assert urlparse(page.url).path == f"/{lands_on}"
    sign_in(page, "malee", "deep-link-pw")
    assert "Page not found" not in page.content() and "ไม่พบหน้า" not in main_text(page)
    url = urlparse(page.url)
    assert url.path == f"/{lands_on}", page.url
    current = page.locator(f"{NAV_LINK}[aria-current='page']")
    assert urlparse(current.get_attribute("href")).path == f"/{lands_on}"
    if lands_on == "provinces":
        assert f"p={code}" in url.query
        assert f"ข้อมูลจังหวัด{scope_facts['name_th']}" in main_text(page)  # the profile of the province asked for
    else:
        assert f"prov={code}" in url.query
        chosen = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").all_inner_texts()
        assert any(scope_facts["name_th"] in c for c in chosen), chosen  # the province filter from the link
    assert "มาลี" in page.locator("[data-testid='stSidebar']").inner_text()


def test_a_wrong_password_keeps_the_deep_link(password_server, header_pages, scope_facts):
    code = scope_facts["code"]
    page = header_pages({})
    page.goto(f"{password_server.url}/provinces?p={code}")
    wait_idle(page)
    sign_in(page, "malee", "wrong")
    assert "ไม่ถูกต้อง" in main_text(page) and urlparse(page.url).path == "/provinces"
    sign_in(page, "malee", "deep-link-pw")
    assert urlparse(page.url).path == "/provinces" and f"ข้อมูลจังหวัด{scope_facts['name_th']}" in main_text(page)

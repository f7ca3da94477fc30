"""A drill-down's agency list one page at a time: a search box, "แสดง 51–100 จาก 11,419 หน่วยงาน", a page
selector, the page's table, and downloads of the whole list made only when clicked.

A ministry can hold 11,419 agencies (Interior, at 10 M usage rows): reading, pivoting, sending and
drawing them all on every run was slow and no one reads such a table. The search and the paging run in
SQL (agencies.agency_status with needle / limit / offset, agencies.agency_count_matching), inside the
user's province scope like every read.

State, in st.session_state under the list's key: "<key>_q" the search box, "<key>_page" the page (the
st.pagination widget), "<key>_list" which list it is. A new search goes back to page 1, and so does
another list (another ministry, department or province); a filter change that leaves fewer pages moves
to the last page there is.
"""

from __future__ import annotations

import functools
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from egov import export, filters, i18n, read_cache, shell
from egov.display import agencies as agencies_tables
from egov.reads import agencies, feedback
from egov.safe_text import md
from etl.normalize import thai_digits

PAGE_SIZE = agencies.AGENCY_PAGE_SIZE
PROFILE = "agency"  # the agency profile's URL path (dashboard.py) and its query parameter


def profile_links(ids: pd.Series) -> pd.Series:
    """Relative links to the agencies' profiles (pages/agency.py) that keep the URL's language and global
    filters: a click opens the profile in the same view, and the link can be shared."""
    qp = st.query_params.to_dict()
    keep = {k: v for k, v in qp.items() if k in shell.GLOBAL_PARAMS and v}
    return ids.map(lambda a: f"{PROFILE}?{urlencode({**keep, PROFILE: a})}")


def with_profile_links(df: pd.DataFrame, column: str, lang: str) -> tuple[pd.DataFrame, dict]:
    """df with the agency ids in `column` turned into profile links (shown as the id) and the column's
    st.dataframe config. Only the rows drawn on the page get links: the downloads keep the plain ids."""
    links = df.assign(**{column: profile_links(df[column])})
    # the link's text is its agency id, taken back out of the (URL-encoded) link
    config = {column: st.column_config.LinkColumn(column, display_text=rf"[?&]{PROFILE}=([^&]*)$",
                                                  help=i18n.t("ap.open", lang))}
    return links, config


def _first_page(page_key: str) -> None:
    st.session_state[page_key] = 1


def page_number(key: str, pages: int, which: tuple) -> int:
    """The page to show, 1..pages: the page chosen, page 1 for another list (which), the last page when
    the chosen one is past the end. Kept in st.session_state[key] (the page selector's state)."""
    ss = st.session_state
    list_key = f"{key}_list"
    page = ss.get(key, 1)
    if ss.get(list_key, which) != which:
        page = 1
    ss[list_key] = which
    if not isinstance(page, int) or isinstance(page, bool) or page < 1:
        page = 1
    page = min(page, pages)
    if ss.get(key, 1) != page:  # a reset or a clamp: the selector shows it (Streamlit logs once that a
        ss[key] = page          # widget with a default had its value set through session state)
    return page


def _search(key: str, lang: str) -> str:
    """The search box of list `key`, as typed and made comparable (feedback.normalize_search)."""
    t = functools.partial(i18n.t, lang=lang)
    text = st.text_input(t("ag.search"), key=f"{key}_q", placeholder=t("ag.search_placeholder"),
                         help=t("ag.search_help"), max_chars=feedback.SEARCH_MAX_CHARS, on_change=_first_page,
                         args=(f"{key}_page",), persist_state="session")
    return feedback.normalize_search(text)


def _bar(key: str, lang: str, total: int, which: tuple, needle: str, unit: str = "") -> int:
    """The count and the page selector on one line above the table; returns the page to show. unit:
    "" counts agencies, "rows_" rows."""
    t = functools.partial(i18n.t, lang=lang)
    page_key = f"{key}_page"
    pages = -(-total // PAGE_SIZE)
    page = page_number(page_key, pages, which)
    first, last = (page - 1) * PAGE_SIZE + 1, min(page * PAGE_SIZE, total)
    shown = dict(first=i18n.fmt_int(first), last=i18n.fmt_int(last), total=i18n.fmt_int(total))
    bar = st.container(horizontal=True, horizontal_alignment="distribute", vertical_alignment="center",
                       key=f"{key}_bar")
    bar.caption(t(f"ag.{unit}showing_match", q=md(needle), **shown) if needle else t(f"ag.{unit}showing", **shown))
    if pages > 1:
        bar.pagination(pages, key=page_key, persist_state="session")
    return page


def _nothing(lang: str, needle: str) -> None:
    st.info(i18n.t("ag.no_match", lang, q=md(needle)) if needle else i18n.t("empty.section", lang))


def _downloads_note(lang: str, total: int, unit: str = "") -> None:
    if total > PAGE_SIZE:
        st.caption(i18n.t(f"ag.{unit}downloads", lang, total=i18n.fmt_int(total)))


def agency_table(f: filters.Filters, lang: str, key: str, name: str, province: str | None = None,
                 ministry: str | None = None, department: str | None = None) -> None:
    """The agencies of one province / ministry / department under the filters, PAGE_SIZE at a time,
    with their service statuses (agencies_tables.agency_display), searchable by name or id; the CSV and XLSX
    downloads hold every agency matching the search, made on click."""
    needle = _search(key, lang)
    where = dict(province=province, ministry=ministry, department=department, needle=needle)
    total = agencies.agency_count_matching(f, **where)
    if total == 0:
        return _nothing(lang, needle)
    page = _bar(key, lang, total, (province, ministry, department), needle)
    rows = agencies.agency_status(f, **where, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    full = read_cache.deferred(lambda: agencies_tables.agency_display(agencies.agency_status(f, **where), lang))
    shown, links = with_profile_links(agencies_tables.agency_display(rows, lang), i18n.t("agency_id", lang), lang)
    export.table(shown, name, lang, key=key, full=full, column_config=links,
                 height=420 if len(rows) > 10 else "auto")
    _downloads_note(lang, total)


def frame_table(df: pd.DataFrame, lang: str, key: str, name: str, search: list[str], which: tuple = (),
                link: str | None = None, **table_options) -> None:
    """A list already read whole (the Underuse page's action list, one row per agency and service),
    PAGE_SIZE rows at a time and searchable in the columns `search` (agency name and id), the same way as
    agency_table; the downloads hold every row matching the search. link: the column of agency ids that
    link to each agency's profile. Drawing and formatting 40,000 rows
    (100 M usage rows) on every run cost more than everything else on the page."""
    needle = _search(key, lang)
    if needle:
        low = needle.lower()
        digits = thai_digits(low)
        hit = pd.Series(False, index=df.index)
        for col in search:
            text = df[col].astype("string").str.lower()
            hit |= (text.str.contains(low, regex=False) | text.str.contains(digits, regex=False)).fillna(False)
        df = df[hit]
    total = len(df)
    if total == 0:
        return _nothing(lang, needle)
    page = _bar(key, lang, total, which, needle, "rows_")
    rows = df.iloc[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    full = (lambda: df) if total > PAGE_SIZE else None
    if link:
        rows, links = with_profile_links(rows, link, lang)
        table_options["column_config"] = {**(table_options.get("column_config") or {}), **links}
        full = lambda: df  # noqa: E731 - the downloads hold the ids, not the links
    export.table(rows, name, lang, key=key, full=full,
                 height=420 if len(rows) > 10 else "auto", **table_options)
    _downloads_note(lang, total, "rows_")

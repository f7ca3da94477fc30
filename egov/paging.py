"""A drill-down's agency list one page at a time: a search box, "แสดง 51–100 จาก 11,419 หน่วยงาน", a page
selector, the page's table, and downloads of the whole list made only when clicked.

A ministry can hold 11,419 agencies (Interior, at 10 M usage rows): reading, pivoting, sending and
drawing them all on every run was slow and no one reads such a table. The search and the paging run in
SQL (queries.agency_status with needle / limit / offset, queries.agency_count_matching), inside the
user's province scope like every read.

State, in st.session_state under the list's key: "<key>_q" the search box, "<key>_page" the page (the
st.pagination widget), "<key>_list" which list it is. A new search goes back to page 1, and so does
another list (another ministry, department or province); a filter change that leaves fewer pages moves
to the last page there is.
"""

from __future__ import annotations

import functools

import streamlit as st

from egov import export, i18n, queries

PAGE_SIZE = queries.AGENCY_PAGE_SIZE


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


def agency_table(f: queries.Filters, lang: str, key: str, name: str, province: str | None = None,
                 ministry: str | None = None, department: str | None = None) -> None:
    """The agencies of one province / ministry / department under the filters, PAGE_SIZE at a time,
    with their service statuses (queries.agency_display), searchable by name or id; the CSV and XLSX
    downloads hold every agency matching the search, made on click."""
    t = functools.partial(i18n.t, lang=lang)
    q_key, page_key = f"{key}_q", f"{key}_page"
    text = st.text_input(t("ag.search"), key=q_key, placeholder=t("ag.search_placeholder"), help=t("ag.search_help"),
                         max_chars=queries.SEARCH_MAX_CHARS, on_change=_first_page, args=(page_key,),
                         persist_state="session")
    needle = queries.normalize_search(text)
    where = dict(province=province, ministry=ministry, department=department, needle=needle)
    total = queries.agency_count_matching(f, **where)
    if total == 0:
        st.info(t("ag.no_match", q=needle) if needle else t("empty.section"))
        return
    pages = -(-total // PAGE_SIZE)
    page = page_number(page_key, pages, (province, ministry, department))
    rows = queries.agency_status(f, **where, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    first, last = (page - 1) * PAGE_SIZE + 1, (page - 1) * PAGE_SIZE + len(rows)
    shown = dict(first=i18n.fmt_int(first), last=i18n.fmt_int(last), total=i18n.fmt_int(total))
    # the count and the page selector on one line above the table, the downloads under it
    bar = st.container(horizontal=True, horizontal_alignment="distribute", vertical_alignment="center",
                       key=f"{key}_bar")
    bar.caption(t("ag.showing_match", q=needle, **shown) if needle else t("ag.showing", **shown))
    if pages > 1:
        bar.pagination(pages, key=page_key, persist_state="session")
    full = queries.deferred(lambda: queries.agency_display(queries.agency_status(f, **where), lang))
    export.table(queries.agency_display(rows, lang), name, lang, key=key, full=full,
                 height=420 if len(rows) > 10 else "auto")
    if pages > 1:
        st.caption(t("ag.downloads", total=i18n.fmt_int(total)))

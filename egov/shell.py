"""The sidebar (language and global filters), shareable links, and the scaffolding every page uses.

State lives in st.session_state under fixed widget keys, rendered by the entry script on every run,
so it is kept across pages. It is mirrored to st.query_params as codes (?lang=en&prov=65,64&from=2013-01,
or ?per=fy2014 for a named period of egov.fiscal), language-independent, so a copied link reopens the same
view; the first run of a session reads them back. Pages call page_start() and get the Filters, the language and the resolved period.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from egov import app_style, auth, db, filters, fiscal, i18n, signin
from egov.filters import Filters
from egov.i18n import LANG_KEY, current_lang, t
from egov.reads import adoption, reference

log = logging.getLogger(__name__)

# widget key -> query parameter
LIST_PARAMS = {"f_reg": "reg", "f_prov": "prov", "f_min": "min", "f_svc": "svc", "f_lvl": "lvl"}
RS_KEY, RS_PARAM = "f_rs", "rs"
PERIOD_KEY, FROM_PARAM, TO_PARAM = "f_period", "from", "to"
PRESET_KEY, PRESET_PARAM = "f_preset", "per"  # a named period (egov.fiscal): ?per=fy2014, instead of from/to
GLOBAL_PARAMS = {LANG_KEY, RS_PARAM, FROM_PARAM, TO_PARAM, PRESET_PARAM, *LIST_PARAMS.values()}
_SEED = "_egov_seed"  # the query parameters of the session's first run, applied once options are known
_URL0 = "_egov_url0"  # the same, kept for the pages' own parameters (page_select)
_PAGE_PARAMS = "_egov_page_params"  # query parameters owned by the current page


@dataclass(frozen=True)
class PageDef:
    """One page of the navigation: adding a page is one PageDef line in dashboard.py."""

    path: str
    slug: str
    icon: str
    th: str
    en: str
    default: bool = False

    def title(self, lang: str) -> str:
        return self.en if lang == "en" else self.th


@dataclass
class Opened:
    """What a page gets from page_open(): its language, and t() in it."""

    lang: str

    def t(self, key: str, **kwargs) -> str:
        return t(key, self.lang, **kwargs)


@dataclass(kw_only=True)
class Page(Opened):
    """What a page gets from page_start()."""

    f: Filters
    period: filters.Period
    empty: bool
    status: dict = field(default_factory=dict)


# ---- language and query parameters -------------------------------------------------------------

def _split(value: str | None) -> list[str]:
    return [v for v in (value or "").split(",") if v]


def _month(value: str | None) -> dt.date | None:
    try:
        y, m = (int(x) for x in (value or "").split("-")[:2])
        return dt.date(y, m, 1)
    except (TypeError, ValueError):
        return None


def init() -> str:
    """First thing in every run: on a session's first run, keep the URL's parameters for the sidebar
    and set the language from it. Returns the current language."""
    if _SEED not in st.session_state:
        qp = st.query_params
        st.session_state[_SEED] = {k: qp.get(k) for k in qp.keys()}
        st.session_state[_URL0] = dict(st.session_state[_SEED])
        lang = qp.get(LANG_KEY)
        st.session_state[LANG_KEY] = lang if lang in i18n.LANGS else i18n.DEFAULT_LANG
    elif st.session_state.get(LANG_KEY) not in i18n.LANGS:
        st.session_state[LANG_KEY] = i18n.DEFAULT_LANG
    return current_lang()


def _sync_query_params(wanted: dict[str, str]) -> None:
    """Make st.query_params hold exactly the global parameters in wanted plus the current page's own."""
    keep = set(st.session_state.get(_PAGE_PARAMS, ()))
    current = st.query_params.to_dict()
    for k in list(current):
        if k not in wanted and k not in keep:
            del st.query_params[k]
    for k, v in wanted.items():
        if current.get(k) != v:
            st.query_params[k] = v


# ---- the sidebar ---------------------------------------------------------------------------------

def _options() -> dict:
    prov = auth.in_scope(reference.provinces())  # choices only; egov.read_cache enforces the scope itself
    return {
        "months": reference.months(),
        "regions": reference.regions(),
        "provinces": prov,
        "ministries": reference.ministries(),
        "services": reference.services(),
        "levels": reference.levels(),
    }


def _apply_seed(opts: dict) -> None:
    seed = st.session_state.pop(_SEED, None)
    st.session_state[_SEED] = {}  # applied: later runs of the session do not read the URL again
    if not seed:
        return
    ss = st.session_state
    rs = seed.get(RS_PARAM)
    if rs in filters.REGION_COLUMNS:
        ss[RS_KEY] = rs
    months = opts["months"]
    if months and seed.get(PRESET_PARAM) in fiscal.presets(months):
        ss[PRESET_KEY] = seed.get(PRESET_PARAM)  # the period follows it in sidebar()
    elif months:
        start, end = _month(seed.get(FROM_PARAM)), _month(seed.get(TO_PARAM))
        start = start if start in months else months[0]
        end = end if end in months else months[-1]
        if start <= end:
            ss[PERIOD_KEY] = (start, end)
        ss.pop(PRESET_KEY, None)  # a set period is no preset: _settle_period names it (custom or everything)
    for key, param in LIST_PARAMS.items():
        if seed.get(param):
            ss[key] = _split(seed.get(param))  # validated against the options in _sanitize


def _choices(opts: dict, rs: str, regions: list[str]) -> dict[str, list[str]]:
    reg = opts["regions"]
    prov = opts["provinces"]
    if regions:
        prov = prov[prov[filters.REGION_COLUMNS[rs]].isin(regions)]
    return {
        "f_reg": list(reg.loc[reg["system"] == rs, "region_code"]),
        "f_prov": list(prov["province_code"]),
        "f_min": list(opts["ministries"]["ministry_code"]),
        "f_svc": list(opts["services"]["service_code"]),
        "f_lvl": list(opts["levels"]),
    }


def _sanitize(key: str, valid: list[str]) -> None:
    ss = st.session_state
    if key in ss:
        ok = set(valid)
        ss[key] = [v for v in ss[key] if v in ok]


def _reset(months: list[dt.date]) -> None:
    for key in LIST_PARAMS:
        st.session_state[key] = []
    st.session_state[RS_KEY] = "region4"
    if months:
        st.session_state[PERIOD_KEY] = (months[0], months[-1])
        st.session_state[PRESET_KEY] = fiscal.ALL


def _slider_moved(months: list[dt.date]) -> None:
    """A hand-set period is no preset any more ("everything" when it is the whole range)."""
    per = st.session_state.get(PERIOD_KEY)
    whole = isinstance(per, (tuple, list)) and tuple(per) == (months[0], months[-1])
    st.session_state[PRESET_KEY] = fiscal.ALL if whole else fiscal.CUSTOM


def _settle_period(months: list[dt.date]) -> str:
    """Before the period widgets are drawn: the period follows the chosen preset (so "fiscal year to
    date" moves with a new load), or stays as set by hand; returns the preset shown."""
    ss = st.session_state
    codes = fiscal.presets(months)
    pre = ss.get(PRESET_KEY)
    per = ss.get(PERIOD_KEY)
    if pre in codes:
        ss[PERIOD_KEY] = fiscal.resolve(pre, months)
    elif isinstance(per, (tuple, list)) and len(per) == 2 and per[0] in months and per[1] in months:
        # written back every run, like the multiselects in _sanitize: the value read here was decoded
        # with the last run's month labels, which a language switch changes
        ss[PERIOD_KEY] = tuple(per)
    else:
        ss[PERIOD_KEY] = (months[0], months[-1])
    if pre not in codes:
        pre = fiscal.ALL if ss[PERIOD_KEY] == (months[0], months[-1]) else fiscal.CUSTOM
    ss[PRESET_KEY] = pre
    return pre


def _labels(df: pd.DataFrame, code: str, lang: str, col: str | None = None) -> dict[str, str]:
    return dict(zip(df[code], df[col or i18n.name_col(lang)]))


def sidebar() -> Filters:
    """Draw the language switch and the filters in the sidebar, mirror them to the URL, return them."""
    lang = current_lang()
    opts = _options()
    _apply_seed(opts)
    ss = st.session_state
    if ss.get(RS_KEY) not in filters.REGION_COLUMNS:
        ss[RS_KEY] = "region4"
    months = opts["months"]
    preset = _settle_period(months) if months else fiscal.ALL

    sb = st.sidebar
    sb.segmented_control(t("lang.label", lang), list(i18n.LANGS), key=LANG_KEY, required=True,
                         format_func=lambda v: {"th": "ไทย", "en": "English"}[v])
    sb.subheader(t("filters.header", lang))
    if len(months) > 1:
        sb.selectbox(t("filters.preset", lang), [fiscal.CUSTOM, *fiscal.presets(months)], key=PRESET_KEY,
                     format_func=lambda c: fiscal.preset_label(c, months, lang), help=t("fy.note", lang))
        # value= makes it a RANGE slider for Streamlit's own (de)serialiser: without it the browser's two
        # thumbs come back as Streamlit's single-value default (the first month), on a drag and on every
        # other widget's rerun alike, and the two-month check above put back the whole range.
        sb.select_slider(t("filters.period", lang), options=months, value=(months[0], months[-1]),
                         key=PERIOD_KEY, format_func=lambda m: i18n.fmt_month(m, lang),
                         on_change=_slider_moved, args=(months,))
    sb.segmented_control(t("filters.region_system", lang), list(filters.REGION_COLUMNS), key=RS_KEY, required=True,
                         format_func=lambda v: t(f"filters.{v}_short", lang),
                         help=f"{t('filters.region4', lang)} · {t('filters.region6', lang)}")
    rs = ss[RS_KEY]
    _sanitize("f_reg", _choices(opts, rs, [])["f_reg"])
    choices = _choices(opts, rs, ss.get("f_reg", []))
    for key in ("f_prov", "f_min", "f_svc", "f_lvl"):
        _sanitize(key, choices[key])

    reg = opts["regions"][opts["regions"]["system"] == rs]
    all_ = t("filters.all", lang)
    sb.multiselect(t("filters.regions", lang), choices["f_reg"], key="f_reg", placeholder=all_,
                   format_func=_labels(reg, "region_code", lang).get)
    prov_names = _labels(opts["provinces"], "province_code", lang)
    sb.multiselect(t("filters.provinces", lang), sorted(choices["f_prov"], key=lambda c: prov_names[c]),
                   key="f_prov", placeholder=all_, format_func=prov_names.get)
    min_names = {r.ministry_code: f"{getattr(r, i18n.name_col(lang))}" for r in opts["ministries"].itertuples()}
    sb.multiselect(t("filters.ministries", lang), choices["f_min"], key="f_min", placeholder=all_,
                   format_func=min_names.get)
    sb.multiselect(t("filters.services", lang), choices["f_svc"], key="f_svc", placeholder=all_,
                   format_func=i18n.service_label)
    lvl = reference.vocabulary("level")
    lvl_names = {**_labels(lvl, "code", lang), "unknown": t("unknown", lang)}
    sb.multiselect(t("filters.levels", lang), choices["f_lvl"], key="f_lvl", placeholder=all_,
                   format_func=lambda c: lvl_names.get(c, c))
    sb.button(t("filters.clear", lang), on_click=_reset, args=(months,), width="stretch")
    sb.caption(t("filters.link", lang))

    f = current_filters(months)
    wanted = {LANG_KEY: lang} if lang != i18n.DEFAULT_LANG else {}
    if rs != "region4":
        wanted[RS_PARAM] = rs
    if preset not in (fiscal.ALL, fiscal.CUSTOM):
        wanted[PRESET_PARAM] = preset
    else:
        if f.start:
            wanted[FROM_PARAM] = f.start.strftime("%Y-%m")
        if f.end:
            wanted[TO_PARAM] = f.end.strftime("%Y-%m")
    for key, param in LIST_PARAMS.items():
        if ss.get(key):
            wanted[param] = ",".join(ss[key])
    _sync_query_params(wanted)
    return f


def current_filters(months: list[dt.date] | None = None) -> Filters:
    """The Filters the sidebar holds (defaults when it has not been drawn)."""
    ss = st.session_state
    months = reference.months() if months is None else months
    start = end = None
    per = ss.get(PERIOD_KEY)
    if months and isinstance(per, (tuple, list)) and len(per) == 2:
        start = per[0] if per[0] != months[0] else None
        end = per[1] if per[1] != months[-1] else None
    return Filters(
        start=start, end=end,
        region_system=ss.get(RS_KEY) if ss.get(RS_KEY) in filters.REGION_COLUMNS else "region4",
        regions=tuple(ss.get("f_reg", ())), provinces=tuple(ss.get("f_prov", ())),
        ministries=tuple(ss.get("f_min", ())), services=tuple(ss.get("f_svc", ())),
        levels=tuple(ss.get("f_lvl", ())),
    )


# ---- the app and its pages -----------------------------------------------------------------------

def run(pages: list[PageDef]) -> None:
    """The entry script's body: language, the user (egov.auth: sign-in when configured), the navigation
    of the pages the user's role sees, sidebar, then the chosen page."""
    lang = init()
    user = signin.gate(lang, [p.slug for p in pages])  # a deep link waits at its own address
    if user is None:  # the sign-in or the no-access message was drawn
        return
    pages = signin.pages_for(user, pages)
    default = next((p.slug for p in pages if p.default), pages[0].slug if pages else "")
    nav = st.navigation([st.Page(p.path, title=p.title(lang), icon=p.icon, url_path=p.slug,
                                 default=p.slug == default) for p in pages])
    signin.sidebar(user, lang)
    if db.warehouse_key() is None:
        st.error(t("app.no_warehouse", lang, path=db.db_path()))
        return
    # a page's own URL parameters are dropped when another page is shown
    slug = nav.url_path or default
    if st.session_state.get("_egov_page", slug) != slug:
        st.session_state[_PAGE_PARAMS] = ()
    st.session_state["_egov_page"] = slug
    app_style.style()
    with guard(lang):
        sidebar()
    with guard(lang):
        nav.run()


def ensure_entry_ran() -> None:
    """A page must run inside the entry script. Streamlit runs a page file on its own (its old
    pages/-directory mode) when the first request after a server start asks for a page other than
    the main one; st.navigation switches that mode off, so it is still on only when dashboard.py did
    not run. Switch it off as st.navigation would have, and rerun through dashboard.py."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a Streamlit without it never runs pages on their own
        return
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


@contextlib.contextmanager
def guard(lang: str):
    """Show a failure as a short message instead of a traceback; Streamlit's stop/rerun pass through."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - the user sees words, the log keeps the traceback
        log.exception("dashboard section failed")
        st.error(t("app.error", lang, error=type(exc).__name__))


def page_open(key: str, params: tuple[str, ...] = ()) -> Opened:
    """What every page does first: run inside the entry script, check the user may see the page, and own
    its query parameters (params, kept in the URL beside the global ones). page_start does it; a page that
    draws its own title (the briefing) calls it alone."""
    ensure_entry_ran()
    signin.check_page(key)
    st.session_state[_PAGE_PARAMS] = tuple(params)
    return Opened(lang=current_lang())


def url_param(name: str) -> str | None:
    """A query parameter of the URL the session was opened with (the sidebar may have tidied the URL
    since), else of the current one."""
    return st.session_state.get(_URL0, {}).get(name, st.query_params.get(name))


def page_start(key: str, params: tuple[str, ...] = ()) -> Page:
    """Title, sample-data banner, as-of line; the page's Filters. params: query parameters the page
    owns (kept in the URL beside the global ones)."""
    lang = page_open(key, params).lang
    st.title(t(f"page.{key}", lang))
    status = reference.warehouse_status()
    if status["sample"]:
        st.warning(t("app.sample", lang))
    f = current_filters()
    p = filters.period(f)
    empty = adoption.is_empty(f)
    if not empty:
        st.caption(t("app.asof", lang, month=i18n.fmt_month(p.as_of, lang), start=i18n.fmt_month(p.start, lang),
                     end=i18n.fmt_month(p.end, lang)))
    else:
        empty_state(lang)
    return Page(f=f, lang=lang, period=p, empty=empty, status=status)


def empty_state(lang: str, key: str = "empty.filter") -> None:
    st.info(t(key, lang))


def delta(change, lang: str, kind: str = "int") -> dict:
    """st.metric keyword arguments for a change (kind "int": a count, "pp": a share in percentage points):
    the signed change with a green up or red down arrow; a change that rounds to zero as a grey '0' /
    '0.0 จุด' with no arrow; no delta at all for None or a missing value."""
    text = i18n.DASH if change is None else i18n.fmt_change(change, lang, kind)
    if text == i18n.DASH:
        return {"delta": None}
    if i18n.change_is_zero(change, kind):
        return {"delta": text, "delta_color": "off", "delta_arrow": "off"}
    return {"delta": text}


def page_select(label: str, options: list, key: str, param: str, format_func=str, default=None,
                sidebar: bool = False, **kwargs):
    """A selectbox whose value is also kept in the URL (?param=value) and restored from it."""
    ss = st.session_state
    valid = {str(o): o for o in options}
    if key not in ss:
        ss[key] = valid.get(url_param(param), default if default in options else (options[0] if options else None))
    elif ss[key] not in options:
        ss[key] = default if default in options else (options[0] if options else None)
    # The browser keeps a selectbox's choice as its label: when the labels change (the language) the choice
    # is sent back to it in the new ones, or its stale label would be read as no choice at the next click.
    labels, seen = tuple(map(format_func, options)), f"_{key}_labels"
    if ss.get(seen, labels) != labels:
        ss[key] = ss[key]
    ss[seen] = labels
    host = st.sidebar if sidebar else st
    value = host.selectbox(label, options, key=key, format_func=format_func, persist_state="session", **kwargs)
    if value is None or value == default:
        if param in st.query_params:
            del st.query_params[param]
    elif st.query_params.get(param) != str(value):
        st.query_params[param] = str(value)
    return value


def map_click(chart_key: str) -> str | None:
    """The location of a new click on the plotly map drawn with key=chart_key and on_select="rerun"
    (read at the top of the run the click caused, before the widgets it drives are drawn); None when
    there is no new click."""
    state = st.session_state.get(chart_key) or {}
    points = (state.get("selection") or {}).get("points") or []
    location = points[0].get("location") if points else None
    last = f"_{chart_key}_last"
    new = location if location and location != st.session_state.get(last) else None
    st.session_state[last] = location
    return new


def apply_click(changes: dict[str, str]) -> None:
    """Set global filters from a click on a chart, the way a shared link sets them: changes (query
    parameter -> value, e.g. {"prov": "65"}) over the current link's global parameters become the seed
    that sidebar() applies, validated, at the start of the next run, before its widgets are drawn. A
    period (from/to) replaces a named one (per)."""
    seed = {k: v for k, v in st.query_params.to_dict().items() if k in GLOBAL_PARAMS}
    if FROM_PARAM in changes or TO_PARAM in changes:
        seed.pop(PRESET_PARAM, None)
    seed.update(changes)
    st.session_state[_SEED] = seed


def click_filter(chart_key: str, read: Callable[[dict], dict[str, str] | None]) -> Callable[[], None]:
    """The on_select callback of st.plotly_chart(key=chart_key, on_select=...): the clicked point (as
    Streamlit reports it: customdata, location, ...) read into query parameters by read, then
    apply_click. A cleared selection, or a point read gives None for, changes nothing."""
    def on_select() -> None:
        points = ((st.session_state.get(chart_key) or {}).get("selection") or {}).get("points") or []
        changes = read(points[0]) if points else None
        if changes:
            apply_click(changes)
    return on_select


def fiscal_savings(by_year: pd.DataFrame, as_of: dt.date, lang: str, compact: bool = False) -> None:
    """Savings of this fiscal year (to the period's as-of month), the last one and since the data began
    (fiscal.savings_rows): the mid case with its low - high range, as three figures or, compact, a table
    of three rows (a half-width column has no room for three figures)."""
    rows = fiscal.savings_rows(by_year, as_of, lang)
    if compact:
        st.table(pd.DataFrame({t("sv.mid", lang): [i18n.fmt_baht(v, lang) for v in rows["mid"]],
                               t("sv.range", lang): [i18n.fmt_baht_range(a, b, lang)
                                                     for a, b in zip(rows["low"], rows["high"])]},
                              index=pd.Index(rows["label"], name=t("fy.column", lang))))
    else:
        for col, r in zip(st.columns(len(rows)), rows.itertuples()):
            col.metric(r.label, i18n.fmt_baht(r.mid, lang), help=r.long)
            col.caption(t("sv.range", lang) + ": " + i18n.fmt_baht_range(r.low, r.high, lang))
    st.caption(t("sv.fy_note", lang, month=i18n.fmt_month(as_of, lang)) + t("fy.note", lang))

"""ภาพรวม Overview: adoption per service, savings, satisfaction, the national trend with roadshows,
top and bottom provinces, data freshness."""

import streamlit as st

from egov import assumptions, export, fiscal, i18n, shell
from egov.charts import bars, style, trends
from egov.display import adoption as adoption_tables, savings as savings_tables
from egov.i18n import definition as d
from egov.reads import adoption, feedback, reference, roadshows, savings
from egov.safe_text import html

page = shell.page_start("overview")
if page.empty:
    st.stop()
f, lang, p, t = page.f, page.lang, page.period, page.t
colours = reference.service_colours()
services = reference.services()
names_th = dict(zip(services["service_code"], services["name_th"]))  # service_about's Thai name



def _month_click(point: dict) -> dict | None:
    """A trend point (customdata: its month, YYYY-MM) -> the period of that month; roadshow markers carry none."""
    month = point.get("customdata")
    return {shell.FROM_PARAM: month, shell.TO_PARAM: month} if isinstance(month, str) else None


def _province_click(point: dict) -> dict | None:
    code = point.get("customdata")
    return {shell.LIST_PARAMS["f_prov"]: code} if isinstance(code, str) else None


# Tighter type and spacing, on this page only (the style element goes when another page is shown)
FIRST_SCREEN_STYLE = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 1.4rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2rem; padding: 0 0 0.25rem; }
[data-testid="stMainBlockContainer"] [data-testid="stAlert"] > div { padding: 0.45rem 0.9rem; }
.st-key-ov_first [data-testid="stVerticalBlock"] { gap: 0.3rem; }
.st-key-ov_first [data-testid="stMetricValue"] { font-size: 1.7rem; line-height: 1.25; }
.st-key-ov_first [data-testid="stMetricLabel"] p { font-size: 0.85rem; }
.st-key-ov_first [data-testid="stMetric"] > div { display: flex; flex-wrap: wrap; align-items: center;
  column-gap: 0.5rem; }
.st-key-ov_first [data-testid="stMetric"] > div > :first-child { flex: 0 0 100%; }
.st-key-ov_first .ov-svc { padding-left: 8px; line-height: 1.3; margin-bottom: 0.75rem; }
.st-key-ov_first .ov-svc b { font-size: 1.2rem; display: block; }
.st-key-ov_first .ov-svc span { font-size: 0.8rem; color: #5B6770; display: block; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; }
.st-key-ov_first .ov-sat { font-size: 0.85rem; line-height: 1.4; }
</style>"""

# The executive's first screen (1366x768 and up, without scrolling): each service's adoption with its
# change, this fiscal year's savings range, satisfaction. Charts and tables follow below.
st.html(FIRST_SCREEN_STYLE)
first = st.container(key="ov_first")

# ---- adoption per service --------------------------------------------------------------------------
summary = adoption.service_summary(f)
prev = p.prev is not None
cols = first.columns(max(len(summary), 1))
for i, (col, r) in enumerate(zip(cols, summary.itertuples())):
    with col.container(border=True, key=f"ov_svc_{i}"):
        colour = colours.get(r.service_code, style.NEUTRAL)
        about = html(i18n.service_about(r.service_code, names_th[r.service_code], lang))
        st.markdown(f"<div class='ov-svc' style='border-left:6px solid {colour}'>"
                    f"<b style='color:{style.TEXT}'>{html(i18n.service_label(r.service_code))}</b>"
                    f"<span title='{about}'>{about}</span></div>", unsafe_allow_html=True)
        st.metric(t("m.adoption_rate"), i18n.fmt_pct(r.adoption_rate), help=d("adoption_rate", lang),
                  **shell.delta(r.adoption_change if prev else None, lang, "pp"))
        st.metric(t("m.adopted"), i18n.fmt_int(r.adopted), help=d("adopted", lang),
                  **shell.delta(r.adopted_change if prev else None, lang))
        st.caption(t("ov.of_eligible", n=i18n.fmt_int(r.eligible)) + " · "
                   + t("ov.active", rate=i18n.fmt_pct(r.active_rate)))
if prev:
    first.caption(t("ov.change_note", month=i18n.fmt_month(p.prev, lang)))

# ---- savings of the fiscal year, and satisfaction --------------------------------------------------
left, right = first.columns(2)
with left.container(border=True, key="ov_fy_savings"):
    by_year = savings.savings_by_fiscal_year(f, assumptions.override())
    rows = fiscal.savings_rows(by_year, p.as_of, lang)
    this = rows.iloc[0]
    st.metric(t("ov.fy_savings", fy=this["label"]), i18n.fmt_baht_range(this["low"], this["high"], lang),
              help=f"{this['long']} · {d('savings', lang)} "
                   + t("sv.fy_note", month=i18n.fmt_month(p.as_of, lang)) + t("fy.note"))
    st.caption(t("ov.fy_mid", mid=i18n.fmt_baht(this["mid"], lang)))
    with st.expander(t("ov.assumptions")):
        st.caption(t("ov.assumptions_note"))
        export.table(savings_tables.assumptions_table(lang), "cost_assumptions", lang, key="ov_assumptions")

with right.container(border=True, key="ov_satisfaction"):
    st.markdown(f"**{t('ov.satisfaction')}**")
    sat = feedback.satisfaction_by_service(f)
    total = sat[sat["service_code"] == "ALL"].iloc[0]
    if total["n"] == 0:
        st.metric(t("m.satisfaction"), i18n.DASH)
        st.caption(t("no_responses"))
    else:
        c1, c2 = st.columns(2)
        c1.metric(t("m.satisfaction"), f"{i18n.fmt_num(total['mean'], lang, 2)} / 5", help=d("satisfaction_mean", lang))
        c2.metric(t("m.satisfied_share"), i18n.fmt_pct(total["share_satisfied"]), help=d("satisfaction_share", lang))
        st.caption(t("ov.responses", n=i18n.fmt_int(total["n"]), blank=i18n.fmt_int(total["no_service"])))
        if total["too_few"]:
            st.warning(t("too_few", n=int(total["n"])))
        per = sat[sat["service_code"] != "ALL"]
        st.markdown("<div class='ov-sat'>" + "<br>".join(
            f"<span><span style='color:{colours.get(r.service_code, style.NEUTRAL)}'>■</span> "
            f"<b>{html(i18n.service_label(r.service_code))}</b> "
            + (html(t("too_few", n=r.n)) if r.too_few else
               f"{i18n.fmt_num(r.mean, lang, 2)} · {i18n.fmt_pct(r.share_satisfied)} (n = {i18n.fmt_int(r.n)})")
            + "</span>" for r in per.itertuples()) + "</div>", unsafe_allow_html=True)

# ---- savings over the period, and per fiscal year ---------------------------------------------------
st.subheader(t("ov.savings"))
c1, c2 = st.columns(2)
with c1:
    sav = savings.savings_by_service(f, assumptions.override())
    low, mid, high = (sav[c].sum() for c in ("savings_low_thb", "savings_mid_thb", "savings_high_thb"))
    st.metric(t("m.savings_mid"), i18n.fmt_baht(mid, lang), help=d("savings", lang))
    st.caption(t("ov.savings_period", start=i18n.fmt_month(p.start, lang), end=i18n.fmt_month(p.end, lang)))
    st.caption(t("ov.savings_range", low=i18n.fmt_baht(low, lang), high=i18n.fmt_baht(high, lang)))
with c2:
    shell.fiscal_savings(by_year, p.as_of, lang, compact=True)

# ---- trend -----------------------------------------------------------------------------------------
st.subheader(t("ov.trend_filtered") if f.geographic or f.ministries or f.levels else t("ov.trend"))
trend = adoption.adoption_trend(f)
ev = roadshows.events(f, types=("roadshow",))
if trend.empty:
    shell.empty_state(lang, "empty.section")
else:
    # a period of two fiscal years or more is read by fiscal year: its starts (1 October) mark the axis
    by_fy = fiscal.fiscal_year(p.end) - fiscal.fiscal_year(p.start) >= 2
    # a click on a month's point sets the period to that month (shell.click_filter)
    st.plotly_chart(trends.adoption_trend(trend, ev, colours, lang, fiscal_ticks=by_fy),
                    config=style.config("adoption_trend"), key="ov_trend", selection_mode=("points",),
                    on_select=shell.click_filter("ov_trend", _month_click))
    st.caption(t("ov.trend_note") + " · " + (t("ov.fy_ticks") + " · " if by_fy else "")
               + (d("adoption_rate", lang) or "") + " · " + t("xf.trend_hint"))

# ---- top and bottom provinces ----------------------------------------------------------------------
prov = adoption.province_measures(f)
if len(prov) >= 2:
    ranked = adoption_tables.province_ranking_table(prov, lang)
    n = min(5, len(prov) // 2) if len(prov) < 10 else 5
    c1, c2 = st.columns(2)
    for col, title, part, key in ((c1, t("ov.top"), ranked.head(n), "ov_top"),
                                  (c2, t("ov.bottom"), ranked.tail(n).iloc[::-1], "ov_bottom")):
        with col:
            st.markdown(f"**{title}**")
            # one axis for both (scale_to): the bars compare across them; a click filters by that province
            st.plotly_chart(bars.hbar(part, "label", "adoption_rate", lang, text="text", colour=style.PRIMARY,
                                        scale_to=ranked, key="province_code"),
                            config=style.config(title), key=key, selection_mode=("points",),
                            on_select=shell.click_filter(key, _province_click))
    st.caption(d("coverage", lang))
    st.caption(t("xf.hint"))

# ---- tables and freshness --------------------------------------------------------------------------
with st.expander(t("ov.table")):
    export.table(adoption_tables.service_summary_table(f, lang, assumptions.override()), "adoption_by_service", lang, key="ov_summary")
status = page.status
st.caption(t("app.freshness", month=i18n.fmt_month(status["latest_month"], lang),
                     loaded=i18n.fmt_datetime(status["last_load"], lang)))

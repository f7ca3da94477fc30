"""ภาพรวม Overview: adoption per service, savings, satisfaction, the national trend with roadshows,
top and bottom provinces, data freshness."""

import streamlit as st

from egov import assumptions, charts, export, filters, fiscal, i18n, queries
from egov.i18n import definition as d
from egov.safe_text import html, md

page = filters.page_start("overview")
if page.empty:
    st.stop()
f, lang, p, t = page.f, page.lang, page.period, page.t
colours = queries.service_colours()
svc = queries.services().set_index("service_code")

# ---- adoption per service --------------------------------------------------------------------------
st.subheader(t("ov.services"))
summary = queries.service_summary(f)
prev = p.prev is not None
cols = st.columns(max(len(summary), 1))
for col, r in zip(cols, summary.itertuples()):
    with col.container(border=True):
        colour = colours.get(r.service_code, charts.NEUTRAL)
        st.markdown(f"<div style='border-left:6px solid {colour};padding-left:8px;min-height:5.4em;"
                    f"margin-bottom:0.75rem'>"
                    f"<b style='font-size:1.3rem;color:{charts.TEXT}'>{html(i18n.service_label(r.service_code))}</b><br>"
                    f"<span style='font-size:0.8rem;color:#5B6770;line-height:1.2'>"
                    f"{html(i18n.service_about(r.service_code, svc.loc[r.service_code, 'name_th'], lang))}</span></div>",
                    unsafe_allow_html=True)
        st.metric(t("m.adopted"), i18n.fmt_int(r.adopted), help=d("adopted", lang),
                  **filters.delta(r.adopted_change if prev else None, lang))
        st.metric(t("m.adoption_rate"), i18n.fmt_pct(r.adoption_rate), help=d("adoption_rate", lang),
                  **filters.delta(r.adoption_change if prev else None, lang, "pp"))
        st.metric(t("m.active_rate"), i18n.fmt_pct(r.active_rate), help=d("active_rate", lang))
        st.caption(t("ov.of_eligible", n=i18n.fmt_int(r.eligible)))
if prev:
    st.caption(t("ov.change_note", month=i18n.fmt_month(p.prev, lang)))

# ---- savings and satisfaction ----------------------------------------------------------------------
left, right = st.columns(2)
with left.container(border=True):
    st.subheader(t("ov.savings"))
    sav = queries.savings_by_service(f, assumptions.override())
    low, mid, high = (sav[c].sum() for c in ("savings_low_thb", "savings_mid_thb", "savings_high_thb"))
    st.metric(t("m.savings_mid"), i18n.fmt_baht(mid, lang), help=d("savings", lang))
    st.caption(t("ov.savings_period", start=i18n.fmt_month(p.start, lang), end=i18n.fmt_month(p.end, lang)))
    st.caption(t("ov.savings_range", low=i18n.fmt_baht(low, lang), high=i18n.fmt_baht(high, lang)))
    filters.fiscal_savings(queries.savings_by_fiscal_year(f, assumptions.override()), p.as_of, lang, compact=True)
    with st.expander(t("ov.assumptions")):
        st.caption(t("ov.assumptions_note"))
        export.table(queries.assumptions_table(lang), "cost_assumptions", lang, key="ov_assumptions")

with right.container(border=True):
    st.subheader(t("ov.satisfaction"))
    sat = queries.satisfaction_by_service(f)
    total = sat[sat["service_code"] == "ALL"].iloc[0]
    if total["n"] == 0:
        st.info(t("no_responses"))
    else:
        c1, c2 = st.columns(2)
        c1.metric(t("m.satisfaction"), f"{i18n.fmt_num(total['mean'], lang, 2)} / 5", help=d("satisfaction_mean", lang))
        c2.metric(t("m.satisfied_share"), i18n.fmt_pct(total["share_satisfied"]), help=d("satisfaction_share", lang))
        st.caption(t("ov.responses", n=i18n.fmt_int(total["n"]), blank=i18n.fmt_int(total["no_service"])))
        if total["too_few"]:
            st.warning(t("too_few", n=int(total["n"])))
        per = sat[sat["service_code"] != "ALL"]
        st.markdown("  \n".join(
            f"<span style='color:{colours.get(r.service_code, charts.NEUTRAL)}'>■</span> "
            f"**{md(i18n.service_label(r.service_code))}**: "
            + (t("too_few", n=r.n) if r.too_few else
               f"{i18n.fmt_num(r.mean, lang, 2)} · {i18n.fmt_pct(r.share_satisfied)} (n = {i18n.fmt_int(r.n)})")
            for r in per.itertuples()), unsafe_allow_html=True)

# ---- trend -----------------------------------------------------------------------------------------
st.subheader(t("ov.trend_filtered") if f.geographic or f.ministries or f.levels else t("ov.trend"))
trend = queries.adoption_trend(f)
ev = queries.events(f, types=("roadshow",))
if trend.empty:
    filters.empty_state(lang, "empty.section")
else:
    # a period of two fiscal years or more is read by fiscal year: its starts (1 October) mark the axis
    by_fy = fiscal.fiscal_year(p.end) - fiscal.fiscal_year(p.start) >= 2
    st.plotly_chart(charts.adoption_trend(trend, ev, colours, lang, fiscal_ticks=by_fy),
                    config=charts.config("adoption_trend"), key="ov_trend")
    st.caption(t("ov.trend_note") + " · " + (t("ov.fy_ticks") + " · " if by_fy else "")
               + (d("adoption_rate", lang) or ""))

# ---- top and bottom provinces ----------------------------------------------------------------------
prov = queries.province_measures(f)
if len(prov) >= 2:
    ranked = queries.province_ranking_table(prov, lang)
    n = min(5, len(prov) // 2) if len(prov) < 10 else 5
    c1, c2 = st.columns(2)
    for col, title, part in ((c1, t("ov.top"), ranked.head(n)), (c2, t("ov.bottom"), ranked.tail(n).iloc[::-1])):
        with col:
            st.markdown(f"**{title}**")
            st.plotly_chart(charts.hbar(part, "label", "adoption_rate", lang, text="text", colour=charts.PRIMARY,
                                        scale_to=ranked),  # one axis for both: the bars compare across them
                            config=charts.config(title), key=f"ov_{title}")
    st.caption(d("coverage", lang))

# ---- tables and freshness --------------------------------------------------------------------------
with st.expander(t("ov.table")):
    export.table(queries.service_summary_table(f, lang, assumptions.override()), "adoption_by_service", lang, key="ov_summary")
status = page.status
st.caption(t("app.freshness", month=i18n.fmt_month(status["latest_month"], lang),
                     loaded=i18n.fmt_datetime(status["last_load"], lang)))

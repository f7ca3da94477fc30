"""การใช้งานต่ำและโอกาส Underuse and opportunity: services adopted but sitting idle as an action list
(with counts by service and province), and provinces ranked by where the next roadshow would do most
good, with the open problems there."""

import streamlit as st

from egov import export, i18n, paging, shell
from egov.charts import bars, style
from egov.display import agencies as agencies_tables, opportunity as opportunity_tables
from egov.i18n import definition as d
from egov.reads import adoption, agencies, opportunity, reference
from egov.safe_text import html

page = shell.page_start("underuse")
if page.empty:
    st.stop()
f, lang, p, t = page.f, page.lang, page.period, page.t
colours = reference.service_colours()


# ---- underused agencies per service ----------------------------------------------------------------
st.subheader(t("un.by_service", month=i18n.fmt_month(p.as_of, lang)))
under = agencies.underused_agencies(f)
summary = adoption.service_summary(f)
counts = agencies_tables.underused_counts(under)
cols = st.columns(max(len(summary), 1))
for col, r in zip(cols, summary.itertuples()):
    with col.container(border=True):
        colour = colours.get(r.service_code, style.NEUTRAL)
        n = int(counts.get(r.service_code, 0))
        st.markdown(f"<div style='border-left:6px solid {colour};padding-left:8px'>"
                    f"<b style='font-size:1.2rem;color:{style.TEXT}'>{html(i18n.service_label(r.service_code))}</b></div>",
                    unsafe_allow_html=True)
        st.metric(t("m.underused"), i18n.fmt_int(n), help=d("underused", lang))
        share = n / r.adopted if r.adopted else None
        st.caption(t("un.of_adopted", n=i18n.fmt_int(r.adopted), pct=i18n.fmt_pct(share, lang)))
st.caption(d("underused", lang) or "")

# ---- the action list ---------------------------------------------------------------------------------
st.subheader(t("un.list"))
if under.empty:
    shell.empty_state(lang, "un.none")
else:
    st.caption(t("un.list_note", last_active=t("un.last_active"), dash=i18n.DASH, never=t("un.never"))
               + " · " + (d("idle_months", lang) or ""))
    listing = agencies_tables.underused_display(under, lang)
    paging.frame_table(listing, lang, "un_list", "underused_agencies", search=[t("agency_id"), t("agency")],
                       link=t("agency_id"),
                       column_config=export.whole_numbers(listing), months=agencies_tables.underused_months(lang))

    st.subheader(t("un.by_province"))
    long, wide = agencies_tables.underused_by_province(under, lang)
    top_n = 15
    shown = long[long["province_code"].isin(list(dict.fromkeys(long["province_code"]))[:top_n])]
    left, right = st.columns(2)
    with left:
        st.plotly_chart(bars.service_stack(shown, colours, lang), key="un_by_province",
                        config=style.config("underused_by_province"))
        if len(wide) > top_n:
            st.caption(t("un.more", n=top_n, total=len(wide)))
    with right:
        export.table(wide, "underused_by_province", lang, key="un_by_province_table",
                     height=380 if len(wide) > 10 else "auto", column_config=export.whole_numbers(wide))

# ---- opportunity -------------------------------------------------------------------------------------
st.divider()
st.subheader(t("op.title"))
opp = opportunity.opportunity(f)
if opp.empty:
    shell.empty_state(lang, "op.none")
    st.stop()
st.caption(t("op.asof", month=i18n.fmt_month(opp["month"].iloc[0], lang)) + " · " + (d("opportunity", lang) or ""))
issues = opportunity.opportunity_issues(f)
top10 = opportunity_tables.top_bars(opp, lang, 10)
left, right = st.columns(2)
with left:
    st.markdown(f"**{t('op.chart', n=len(top10))}**")
    st.plotly_chart(bars.opportunity_bars(top10, lang), key="op_chart", config=style.config("opportunity_top10"))
with right:
    st.markdown(f"**{t('op.problems_chart', n=len(top10))}**")
    there, names = opportunity_tables.problems_by_province(issues, top10, lang)
    if there.empty:
        st.info(t("op.no_problems", n=len(top10)))
    else:
        st.plotly_chart(bars.category_stack(there, "issue", bars.ISSUE_COLOURS, names, lang, value="responses",
                                              legend_rows=len(names)),
                        key="op_problems", config=style.config("opportunity_problems"))
table = opportunity_tables.opportunity_display(opp, issues, lang, f.region_system)
export.table(table, "opportunity", lang, key="op_table", height=420 if len(table) > 10 else "auto",
             column_config=export.whole_numbers(table),
             show=[table.columns[i] for i in (0, 1, 2, 4, 5, 6, 7, 8)])
st.caption(" · ".join(x for x in (d("not_adopted", lang), d("open_issues", lang), d("open_tickets", lang)) if x))

"""โรดโชว์ Roadshows: EGA's events on a timeline and a map, attendance, the impact estimate of each
event (mart_roadshow_impact) and the feedback collected there."""

import streamlit as st

from egov import export, i18n, metrics, shell
from egov.charts import bars, maps, style, trends
from egov.display import feedback as feedback_tables, roadshows as roadshows_tables
from egov.display.common import text_or
from egov.i18n import definition as d
from egov.reads import reference, roadshows
from egov.safe_text import md

page = shell.page_start("roadshows", params=("event",))
if page.empty:
    st.stop()
f, lang, p, t = page.f, page.lang, page.period, page.t
colours = reference.service_colours()


ev = roadshows.events(f)
if ev.empty:
    shell.empty_state(lang, "rs.none")
    st.stop()

# ---- attendance ----------------------------------------------------------------------------------------
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("rs.events"), i18n.fmt_int(ev["event_id"].nunique()), help=t("rs.events_help"))
c2.metric(t("rs.visits"), i18n.fmt_int(len(ev)))
c3.metric(t("rs.attendees"), i18n.fmt_int(ev["attendees"].sum()))
c4.metric(t("rs.agencies"), i18n.fmt_int(ev["agencies_attended"].sum()))

# ---- timeline and map ------------------------------------------------------------------------------------
st.subheader(t("rs.timeline"))
st.plotly_chart(trends.roadshow_timeline(ev, lang), key="rs_timeline", config=style.config("roadshow_timeline"))
st.caption(t("rs.timeline_note"))

left, right = st.columns([3, 2])
by_prov = roadshows_tables.map_text(roadshows.roadshow_by_province(ev), lang)
with left:
    st.subheader(t("rs.map"))
    geo = reference.province_geojson()
    if geo is None:
        shell.empty_state(lang, "empty.section")
    else:
        st.plotly_chart(maps.roadshow_map(by_prov, geo, lang, all_iso=list(reference.provinces()["iso_code"])),
                        key="rs_map", config=style.config("roadshow_map"))
with right:
    st.subheader(t("pv.ranking"))
    ranking = roadshows_tables.ranking_display(by_prov, lang)
    export.table(ranking, "roadshow_provinces", lang, key="rs_provinces", height=500,
                 column_config=export.whole_numbers(ranking))

# ---- every event: impact and feedback ----------------------------------------------------------------
st.subheader(t("rs.table"))
impact = roadshows.roadshow_impact(f)
fb = roadshows.event_feedback(f)
table = roadshows_tables.roadshow_display(ev, impact, fb, lang)
export.table(table, "roadshow_events", lang, key="rs_events", height=400, column_config=export.whole_numbers(table))
st.caption(t("rs.table_note") + " · " + (d("roadshow_impact", lang) or ""))

# ---- one event ---------------------------------------------------------------------------------------------
st.divider()
keys, labels, default = roadshows_tables.event_choices(ev, impact, lang)
choice = shell.page_select(t("rs.choose"), keys, key="rs_event", param="event", default=default,
                             format_func=lambda k: labels.get(k, k))
event_id, province = choice.rsplit("|", 1)  # an event id may hold "|"; a province code never does
row = ev[(ev["event_id"] == event_id) & (ev["province_code"] == province)].iloc[0]
st.subheader(t("rs.detail", title=md(text_or(row["title"], event_id)),
               province=md(row["province_en" if lang == "en" else "province_th"]),
               date=i18n.fmt_date(row["event_date"], lang)))
st.caption(f"{md(text_or(row['type_en' if lang == 'en' else 'type_th'], row['event_type']))} · {md(event_id)} · "
           f"{t('pv.attendees')} {i18n.fmt_int(row['attendees'])} · {t('pv.agencies_attended')} "
           f"{i18n.fmt_int(row['agencies_attended'])}")

imp_col, fb_col = st.columns(2)
with imp_col:
    st.markdown(f"**{t('rs.impact')}**")
    one = impact[(impact["event_id"] == event_id) & (impact["province_code"] == province)]
    if one["impact_pp"].notna().any():
        st.plotly_chart(bars.roadshow_impact(one, colours, lang), key="rs_impact",
                        config=style.config(f"impact_{event_id}_{province}"))
        st.caption(t("rs.estimate"))
        st.caption(d("roadshow_impact", lang) or "")
        detail = roadshows_tables.impact_display(one, lang)
        export.table(detail, f"impact_{event_id}_{province}", lang, key="rs_impact_table")
    else:
        st.info(t("rs.no_impact"))
with fb_col:
    st.markdown(f"**{t('rs.feedback')}**")
    s = fb[(fb["event_id"] == event_id) & (fb["province_code"] == province)]
    n = int(s["n"].iloc[0]) if len(s) else 0
    if n == 0:
        st.info(t("rs.no_feedback"))
    else:
        s = s.iloc[0]
        m1, m2, m3 = st.columns(3)
        m1.metric(t("m.satisfaction"), f"{i18n.fmt_num(s['mean'], lang, 2)} / 5", help=d("satisfaction_mean", lang))
        m2.metric(t("m.satisfied_share"), i18n.fmt_pct(s["share_satisfied"]), help=d("satisfaction_share", lang))
        m3.metric(t("m.responses"), i18n.fmt_int(n))
        if n < metrics.MIN_RESPONSES:
            st.warning(t("too_few", n=n) + " · " + (d("too_few", lang) or ""))
        issues = roadshows.event_issues(f)
        issues = issues[(issues["event_id"] == event_id) & (issues["province_code"] == province)]
        if len(issues):
            st.markdown(f"**{t('rs.issues')}**")
            issues = feedback_tables.issue_bars(issues, lang)
            st.plotly_chart(bars.hbar(issues, "label", "responses", lang, text="text", pct=False),
                            key="rs_issues", config=style.config(f"issues_{event_id}_{province}"))

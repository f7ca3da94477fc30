"""ความคิดเห็นและการสนับสนุน Feedback and support: satisfaction by service, province and event; the problems
raised; the comments, searchable; the 24x7 contact center's tickets (volume, time to resolve, backlog,
load by weekday and hour)."""

import streamlit as st

from egov import export, i18n, read_cache, shell
from egov.charts import bars, heatmaps, style, trends
from egov.display import feedback as feedback_tables, tickets as tickets_tables
from egov.i18n import definition as d
from egov.reads import feedback, loads, reference, tickets
from egov.safe_text import md

page = shell.page_start("feedback")
if page.empty:
    st.stop()
f, lang, p, t = page.f, page.lang, page.period, page.t
colours = reference.service_colours()
ROWS = 9  # the tables' height: this many rows, then they scroll (export.fit)


# ---- satisfaction --------------------------------------------------------------------------------
st.subheader(t("fb.satisfaction"))
sat = feedback.satisfaction_by_service(f)
total = sat[sat["service_code"] == "ALL"].iloc[0]
if total["n"] == 0:
    shell.empty_state(lang, "empty.section")
else:
    c1, c2, c3 = st.columns(3)
    c1.metric(t("m.satisfaction"), f"{i18n.fmt_num(total['mean'], lang, 2)} / 5", help=d("satisfaction_mean", lang))
    c2.metric(t("m.satisfied_share"), i18n.fmt_pct(total["share_satisfied"]), help=d("satisfaction_share", lang))
    c3.metric(t("m.responses"), i18n.fmt_int(total["n"]), help=d("too_few", lang))
    if total["too_few"]:
        st.warning(t("too_few", n=int(total["n"])))

    left, right = st.columns([2, 3], gap="large")
    with left:
        st.markdown(f"**{t('fb.by_service')}**")
        per = sat[sat["service_code"].notna() & (sat["service_code"] != "ALL") & (sat["n"] > 0)]
        if per.empty:
            shell.empty_state(lang, "empty.section")
        else:
            st.plotly_chart(bars.satisfaction_bars(per, colours, lang), key="fb_sat_service",
                            config=style.config("satisfaction_by_service"))
            if per["too_few"].any():
                st.caption(t("fb.sat_note"))
    with right:
        tab_prov, tab_event, tab_service = st.tabs([t("fb.tab_province"), t("fb.tab_event"), t("fb.tab_service")])
        with tab_prov:
            by_prov = feedback.satisfaction_by_province(f)
            table = feedback_tables.satisfaction_province_display(by_prov, lang)
            export.table(table, "satisfaction_by_province", lang, key="fb_sat_prov",
                         height=export.fit(table, ROWS),
                         column_config=export.counts(table, t("m.responses")))
        with tab_event:
            by_event = feedback.satisfaction_by_event(f)
            if by_event.empty:
                st.info(t("fb.no_events"))
            else:
                table = feedback_tables.satisfaction_event_display(by_event, lang)
                export.table(table, "satisfaction_by_event", lang, key="fb_sat_event",
                             height=export.fit(table, ROWS),
                             show=[c for c in table.columns if c != t("fb.event_id")],
                             column_config=export.counts(table, t("m.responses")))
        with tab_service:
            table = feedback_tables.satisfaction_service_display(sat[sat["n"] > 0], lang)
            export.table(table, "satisfaction_by_service", lang, key="fb_sat_svc",
                         column_config=export.counts(table, t("m.responses")))
    st.caption(" · ".join(x for x in (d("satisfaction_mean", lang), d("too_few", lang)) if x))

    # ---- problems raised -----------------------------------------------------------------------------
    st.subheader(t("fb.issues"))
    issues = feedback.feedback_issues(f)
    totals = feedback.feedback_issue_totals(f)
    if issues.empty:
        st.info(t("fb.no_issues"))
    else:
        issues = feedback_tables.issue_bars(issues, lang, responses=totals["n"])
        st.plotly_chart(bars.hbar(issues, "label", "responses", lang, text="text", pct=False, colour=style.PRIMARY),
                        key="fb_issues", config=style.config("feedback_issues"))
        st.caption(t("fb.issues_note", n=i18n.fmt_int(totals["n"]), none=i18n.fmt_int(totals["none"]),
                     blank=i18n.fmt_int(totals["blank"])) + " · " + (d("issue_share", lang) or ""))
        with st.expander(t("fb.issues")):
            table = feedback_tables.issues_display(issues, totals["n"], lang)
            export.table(table, "feedback_issues", lang, key="fb_issues_table",
                         column_config=export.counts(table, t("m.responses")))

# ---- comments ------------------------------------------------------------------------------------
st.subheader(t("fb.comments"))
text = st.text_input(t("fb.search"), key="fb_q", placeholder=t("fb.search_placeholder"), help=t("fb.search_help"),
                     max_chars=feedback.SEARCH_MAX_CHARS, persist_state="session")
needle = feedback.normalize_search(text)
found = feedback.comment_search(f, needle)
if found.empty:
    st.info(t("fb.no_match", q=md(needle)) if needle else t("fb.no_comments"))
else:
    n_found = int(found["matches"].iloc[0])
    note = t("fb.matches", n=i18n.fmt_int(n_found), q=md(needle)) if needle else t("fb.latest", n=i18n.fmt_int(n_found))
    every = None
    if n_found > len(found):
        note += " · " + t("fb.shown", shown=i18n.fmt_int(len(found)), n=i18n.fmt_int(n_found))
        # the downloads hold every matching comment, read when a button is clicked
        every = read_cache.deferred(lambda: feedback_tables.comments_display(feedback.comment_search(f, needle, limit=None), lang))
    st.caption(note)
    export.table(feedback_tables.comments_display(found, lang), "comments", lang, key="fb_comments",
                 height=export.fit(found, ROWS),
                 column_config={t("fb.comment"): st.column_config.TextColumn(width="large")}, full=every)

# ---- contact center ------------------------------------------------------------------------------
st.subheader(t("fb.tickets"))
st.caption(t("fb.tickets_note"))
ts = tickets.ticket_summary(f).iloc[0]
if ts["opened"] == 0 and ts["closed"] == 0 and ts["backlog_end"] == 0:
    st.info(t("fb.no_tickets"))
    st.stop()

m1, m2, m3, m4, m5 = st.columns(5)
m1.metric(t("fb.m_opened"), i18n.fmt_int(ts["opened"]), help=d("tickets_opened", lang))
m2.metric(t("fb.m_closed"), i18n.fmt_int(ts["closed"]), help=d("tickets_closed", lang))
m3.metric(t("fb.m_median"), tickets_tables.hours_text(ts["median_hours"], lang),
          help=d("hours_to_close_median", lang))
m4.metric(t("fb.m_mean"), tickets_tables.hours_text(ts["mean_hours"], lang), help=d("hours_to_close_mean", lang))
m5.metric(t("fb.m_backlog"), i18n.fmt_int(ts["backlog_end"]),
          help=t("fb.m_backlog_help", month=i18n.fmt_month(p.end, lang)) + " · " + (d("backlog", lang) or ""))

monthly = tickets.ticket_monthly(f)
# the latest month of the ticket data (the extract's edge): some of its tickets are not closed yet
partial = tickets_tables.partial_month(monthly, loads.freshness())
left, right = st.columns(2, gap="large")
with left:
    st.markdown(f"**{t('fb.volume')}**")
    st.plotly_chart(trends.ticket_volume(monthly, lang, partial=partial), key="fb_volume",
                    config=style.config("tickets_per_month"))
    if partial is not None:
        st.caption(t("fb.partial_note", month=i18n.fmt_month(partial, lang)))
    st.caption(d("backlog", lang) or "")
with right:
    st.markdown(f"**{t('fb.resolve')}**")
    st.plotly_chart(trends.resolve_hours(monthly, lang), key="fb_resolve", config=style.config("time_to_resolve"))
    st.caption(t("fb.resolve_note") + " · " + (d("hours_to_close", lang) or ""))

left, right = st.columns(2, gap="large")  # the same grid as the row above: every heading starts on it
with left:
    st.markdown(f"**{t('fb.heatmap')}**")
    st.plotly_chart(heatmaps.weekday_hour_heatmap(tickets.ticket_hourly(f), lang), key="fb_heatmap",
                    config=style.config("tickets_weekday_hour"))
    st.caption(t("fb.heatmap_note") + " · " + (d("ticket_load", lang) or ""))
with right:
    st.markdown(f"**{t('fb.categories')}**")
    cats = tickets_tables.category_bars(tickets.ticket_breakdown(f, "category"), lang)
    if cats.empty:
        shell.empty_state(lang, "empty.section")
    else:
        st.plotly_chart(bars.hbar(cats, "label", "opened", lang, text="text", pct=False, colour=style.PRIMARY),
                        key="fb_categories", config=style.config("ticket_categories"))

with st.expander(t("fb.tables")):
    tab_m, tab_c, tab_ch = st.tabs([t("month"), t("fb.category"), t("fb.channel")])
    ticket_counts = (t("fb.t_opened"), t("fb.t_closed"), t("fb.t_backlog"))
    for tab, table, stem in (
        (tab_m, tickets_tables.ticket_monthly_display(monthly, lang), "tickets_by_month"),
        (tab_c, tickets_tables.ticket_breakdown_display(tickets.ticket_breakdown(f, "category"), "category", lang),
         "tickets_by_category"),
        (tab_ch, tickets_tables.ticket_breakdown_display(tickets.ticket_breakdown(f, "channel"), "channel", lang),
         "tickets_by_channel"),
    ):
        with tab:
            export.table(table, stem, lang, key=f"fb_{stem}", column_config=export.counts(table, *ticket_counts))

"""ข้อมูลหน่วยงาน Agency profile: one agency (?agency=ID, a shareable link from any agency list) with its
services, each service's usage against its threshold and its idle months, its tickets, its feedback, the
events it attended and the savings attributed to it. Without an agency, the list of agencies to choose from.

The profile is the whole agency whatever the sidebar's area, ministry and service filters; the period
applies to the flows (usage months, tickets, feedback, events, savings). The user's province scope holds
(egov/reads/agency_profile.py): an agency of another province is not found."""

import streamlit as st

from egov import assumptions, export, filters, i18n, paging, shell
from egov.charts import bars, style, trends
from egov.display import agency_profile as agency_profile_tables, savings as savings_tables
from egov.i18n import definition as d
from egov.reads import agency_profile, reference, savings
from egov.safe_text import md

PARAM = paging.PROFILE  # ?agency=ID
KEY = "ap_agency"

page = shell.page_start("agency", params=(PARAM,))
if page.empty:
    st.stop()
lang, p, t = page.lang, page.period, page.t
ss = st.session_state
if KEY not in ss:  # the session's first visit: the link's agency (the sidebar may have tidied the URL already)
    ss[KEY] = shell.url_param(PARAM) or st.query_params.get(PARAM) or ""


def back() -> None:
    ss[KEY] = ""


agency_id = str(ss[KEY]).strip()
if not agency_id:
    if PARAM in st.query_params:
        del st.query_params[PARAM]
    st.caption(t("ap.choose"))
    paging.agency_table(page.f, lang, "ap_list", "agencies")
    st.stop()
if st.query_params.get(PARAM) != agency_id:
    st.query_params[PARAM] = agency_id

# the profile: the period only (the whole agency whatever the area and ministry filters); the reads
# narrow it to the user's provinces
f = filters.Filters(start=page.f.start, end=page.f.end)
info = agency_profile.agency(f, agency_id)
st.button(t("ap.back"), on_click=back, key="ap_back")
if info.empty:
    st.warning(t("ap.not_found"))  # the asked-for id is not repeated: it is anything a link says
    st.stop()
a = info.iloc[0]
en = lang == "en"
level = dict(zip(reference.vocabulary("level")["code"], reference.vocabulary("level")[i18n.name_col(lang)]))
st.header(md(a["agency_name"]))
st.caption(f"{md(a['agency_id'])} · " + t(
    "ap.where", ministry=md(a["ministry_en" if en else "ministry_th"] or a["ministry_code"]),
    department=md(a["department"] or t("mi.no_department")), province=md(a["province_en" if en else "province_th"]),
    level=md(level.get(a["level"], t("unknown")))))
st.caption(t("ap.scope_note"))

subs = agency_profile.agency_subscriptions(f, agency_id)
usage = agency_profile.agency_usage(f, agency_id)
tickets = agency_profile.agency_tickets(f, agency_id)
feedback = agency_profile.agency_feedback(f, agency_id)
events = agency_profile.agency_events(f, agency_id)
saved = agency_profile.agency_savings(f, agency_id, assumptions.current())

# ---- headline numbers ------------------------------------------------------------------------------
m1, m2, m3, m4 = st.columns([2, 1, 1, 1])
total = savings.savings_total(saved, min_count=1).iloc[0]
m1.metric(t("ap.m_savings"), i18n.fmt_baht(total["savings_mid_thb"], lang),
          help=f"{t('ap.savings_range')}: {i18n.fmt_baht_range(total['savings_low_thb'], total['savings_high_thb'], lang)}"
          f" · {d('agency_savings', lang)}")
m2.metric(t("ap.n_tickets"), i18n.fmt_int(len(tickets)))
m3.metric(t("ap.n_feedback"), i18n.fmt_int(len(feedback)))
m4.metric(t("ap.n_events"), i18n.fmt_int(len(events)), help=d("events_attended", lang))

# ---- services --------------------------------------------------------------------------------------
st.subheader(t("ap.services"))
if subs.empty:
    st.info(t("ap.no_services"))
else:
    export.table(agency_profile_tables.services_display(subs, usage, p.as_of, lang), f"services_{agency_id}", lang, key="ap_services")
    st.caption(t("ap.status") + ": " + i18n.fmt_month(p.as_of, lang) + " · " + (d("underused", lang) or ""))

# ---- usage against the threshold -------------------------------------------------------------------
st.subheader(t("ap.usage"))
if usage.empty:
    st.info(t("ap.no_usage"))
else:
    st.plotly_chart(trends.agency_usage(usage, reference.service_colours(), lang), key="ap_usage",
                    config=style.config(f"usage_{agency_id}"))
    st.caption(t("ap.usage_note") + " · " + (d("active", lang) or ""))
    st.markdown(f"**{t('ap.idle')}**")
    export.table(agency_profile_tables.idle_display(usage, lang), f"idle_{agency_id}", lang, key="ap_idle")
    st.caption(d("idle_months", lang) or "")

# ---- savings ---------------------------------------------------------------------------------------
st.subheader(t("ap.savings"))
if saved.empty:
    st.info(t("ap.no_savings"))
else:
    shown = savings_tables.with_labels(saved, "service_code", lang)
    colours = reference.service_colours()
    st.plotly_chart(bars.savings_range(shown, "label", lang, [colours.get(c, style.NEUTRAL) for c in
                                                                  shown["service_code"]]),
                    key="ap_savings", config=style.config(f"savings_{agency_id}"))
    export.table(agency_profile_tables.savings_display(saved, lang), f"savings_{agency_id}", lang, key="ap_savings_table")
    st.caption(d("agency_savings", lang) or "")

# ---- tickets, feedback, events ---------------------------------------------------------------------
st.subheader(t("ap.tickets"))
if tickets.empty:
    st.info(t("ap.no_tickets"))
else:
    export.table(agency_profile_tables.tickets_display(tickets, lang), f"tickets_{agency_id}", lang, key="ap_tickets",
                 height=export.fit(tickets, 8))

st.subheader(t("ap.feedback"))
if feedback.empty:
    st.info(t("ap.no_feedback"))
else:
    sat = agency_profile.agency_satisfaction(f, agency_id).iloc[0]
    st.caption(t("ap.sat", mean=i18n.fmt_num(sat["mean"], lang, 2), n=i18n.fmt_int(sat["n"]))
               + (f" · {t('fb.too_few_short')}" if sat["too_few"] else ""))
    export.table(agency_profile_tables.feedback_display(feedback, lang), f"feedback_{agency_id}", lang, key="ap_feedback",
                 height=export.fit(feedback, 8))

st.subheader(t("ap.events"))
if events.empty:
    st.info(t("ap.no_events"))
else:
    export.table(agency_profile_tables.events_display(events, lang), f"events_{agency_id}", lang, key="ap_events")
    st.caption(d("events_attended", lang) or "")

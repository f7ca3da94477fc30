"""จังหวัด Provinces: an offline choropleth of the 77 provinces, a ranking, and one province's profile
compared with its region and the nation."""

import streamlit as st

from egov import auth, export, i18n, paging, shell
from egov.charts import bars, maps, style
from egov.display import adoption as adoption_tables, feedback as feedback_tables, roadshows as roadshows_tables
from egov.i18n import definition as d
from egov.reads import adoption, feedback, reference, roadshows
from egov.safe_text import md

page = shell.page_start("provinces", params=("measure", "service", "p"))
if page.empty:
    st.stop()
f, lang, t = page.f, page.lang, page.t
colours = reference.service_colours()
name = i18n.name_col(lang)

# ---- measure, service, province ------------------------------------------------------------------
c1, c2, c3 = st.columns(3)
with c2:  # drawn first (the layout keeps it second): the measure's name depends on it
    svc_options = [""] + [c for c in reference.services()["service_code"] if not f.services or c in f.services]
    service = shell.page_select(t("pv.service"), svc_options, key="pv_service", param="service", default="",
                                  format_func=lambda c: i18n.service_label(c) if c else t("all_services"))
# over all the selected services the rate is service coverage (agency x service pairs), not a service's rate
pooled = not service and len(f.services) != 1
with c1:
    measure = shell.page_select(t("pv.measure"), list(adoption_tables.MEASURES), key="pv_measure", param="measure",
                                  format_func=lambda m: t(adoption_tables.pooled_label(m, pooled)[0]), default="adoption_rate")
_, col, kind, _ = adoption_tables.MEASURES[measure]
label_key, def_key = adoption_tables.pooled_label(measure, pooled)
prov = adoption.province_measures(f, service or None)
if prov.empty:
    shell.empty_state(lang)
    st.stop()
ranked = adoption_tables.province_ranking_table(prov, lang, measure)
all_prov = reference.provinces()
names = dict(zip(all_prov["province_code"], all_prov[name]))
options = [""] + adoption_tables.province_choices(ranked, lang)

iso_codes = dict(zip(all_prov["iso_code"], all_prov["province_code"]))


def _map_click(point: dict) -> dict | None:
    """A province of the measure's layer (it carries customdata; the grey outside layer does not)."""
    code = iso_codes.get(point.get("location")) if point.get("customdata") else None
    return {shell.LIST_PARAMS["f_prov"]: code} if code else None


clicked = iso_codes.get(shell.map_click("pv_map"))
if clicked in options:  # a click on the map chooses the province
    st.session_state["pv_province"] = clicked
with c3:
    code = shell.page_select(t("pv.choose"), options, key="pv_province", param="p", default="",
                               format_func=lambda c: names.get(c, c) if c else t("pv.none_chosen"))

# ---- map and ranking -----------------------------------------------------------------------------
left, right = st.columns([3, 2])
with left:
    st.subheader(t("pv.map", measure=t(label_key)))
    geo = reference.province_geojson()
    if geo is None:
        shell.empty_state(lang, "empty.section")
    else:
        fig = maps.choropleth(
            ranked, geo, col, lang, colours.get(service, style.PRIMARY), t(label_key), "text",
            all_iso=list(all_prov["iso_code"]),
            selected_iso=dict(zip(all_prov["province_code"], all_prov["iso_code"])).get(code) if code else None,
            pct=kind == "pct",
        )
        # a click chooses the province's profile (map_click above) and filters by it (the sidebar shows it)
        st.plotly_chart(fig, key="pv_map", selection_mode="points", config=style.config("province_map"),
                        on_select=shell.click_filter("pv_map", _map_click))
        st.caption(t("pv.map_hint", choose=t("pv.choose")))  # the one hint: under the map it acts on
with right:
    st.subheader(t("pv.ranking"))
    table = adoption_tables.ranking_display(prov, lang, measure, f.region_system, pooled)
    export.table(table, f"province_ranking_{measure}", lang, key="pv_rank", height=560,
                 show=[table.columns[0], table.columns[1], table.columns[3]])
if def_key:
    st.caption(d(def_key, lang))

# ---- one province --------------------------------------------------------------------------------
if not code:  # the caption under the map says how to choose one
    st.stop()
st.divider()

row = prov[prov["province_code"] == code].iloc[0]
regions = reference.regions()
regions = regions[regions["system"] == f.region_system]
region_name = dict(zip(regions["region_code"], regions[name])).get(row[f.region_column], "")
st.header(t("pv.profile", name=md(names[code])))
st.caption(f"{t('region')}: {md(region_name)}")

m1, m2, m3, m4 = st.columns(4)
m1.metric(t("n_agencies"), i18n.fmt_int(adoption.agency_count(f.replace(regions=(), provinces=(code,)))),
          help=d("eligible", lang))
m2.metric(t("pv.services_adopted"), f"{i18n.fmt_int(row['adopted'])} / {i18n.fmt_int(row['eligible'])}",
          help=d("adopted", lang))
rate_key, rate_def = adoption_tables.pooled_label("adoption_rate", pooled)
m3.metric(t(rate_key), i18n.fmt_pct(row["adoption_rate"]), help=d(rate_def, lang),
          **shell.delta(row["adoption_change"] if page.period.prev else None, lang, "pp"))
m4.metric(t("m.events"), i18n.fmt_int(row["events"]))

st.subheader(t("pv.compare"))
comp = adoption.area_comparison(f, code)
if comp.empty:
    shell.empty_state(lang, "empty.section")
else:
    area_names = {"province": names[code], "region": region_name, "nation": t("nation")}
    st.plotly_chart(bars.area_comparison(comp[~comp["suppressed"]], colours, lang, area_names), key="pv_compare",
                    config=style.config(f"compare_{code}"))
    if comp["suppressed"].any():  # benchmarks resting on a few agencies of provinces this user may not see
        st.caption(t("benchmark.hidden_chart", k=auth.benchmark_min(),
                     items=adoption_tables.hidden_benchmarks(comp, lang)))

fb_col, ev_col = st.columns(2)
with fb_col:
    st.subheader(t("pv.feedback"))
    sat = feedback.area_satisfaction(f, code)
    if sat.loc[sat["area"] == "province", "n"].iloc[0] == 0:
        st.info(t("pv.no_feedback"))
    sat_table = feedback_tables.satisfaction_display(sat, lang, {"province": names[code], "region": region_name,
                                                         "nation": t("nation")})
    export.table(sat_table, f"satisfaction_{code}", lang, key="pv_sat")
    issues = feedback.feedback_issues(f, code)
    if len(issues):
        st.markdown(f"**{t('pv.issues')}**")
        issues = feedback_tables.issue_bars(issues, lang)
        st.plotly_chart(bars.hbar(issues, "label", "responses", lang, text="text", pct=False),
                        key="pv_issues", config=style.config(f"issues_{code}"))
with ev_col:
    st.subheader(t("pv.events"))
    ev = roadshows.events(f, code)
    if ev.empty:
        st.info(t("pv.no_events"))
    else:
        export.table(roadshows_tables.events_display(ev, lang), f"events_{code}", lang, key="pv_events")

st.subheader(t("pv.agencies"))
paging.agency_table(f, lang, "pv_agencies", f"agencies_{code}", province=code)

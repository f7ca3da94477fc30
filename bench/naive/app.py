"""The naive twin of three dashboard pages (overview, provinces, underuse), for `python -m bench pages`.

`streamlit run bench/naive/app.py` with EGOV_DB set: the warehouse's raw tables (usage whole, agencies,
subscriptions, feedback, ...) are read into pandas once (st.cache_resource); every rerun filters and
groups them in pandas (bench/naive/compute.py) and draws the same charts (egov.charts) and tables
(egov.export.table) as our pages. English only; filters: provinces, ministries, services.
"""

import os
import sys
from pathlib import Path

import pandas as pd
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.naive import compute as c  # noqa: E402
from egov import export, i18n  # noqa: E402
from egov.charts import bars, maps, style, trends  # noqa: E402

LANG = "en"
st.set_page_config(page_title="naive", layout="wide", initial_sidebar_state="expanded")


@st.cache_resource(show_spinner=False)
def tables():
    return c.load(os.environ["EGOV_DB"])


def sidebar(t) -> c.F:
    sb = st.sidebar
    prov = t["provinces"].set_index("province_code")["name_en"]
    mins = t["ministries"].set_index("ministry_code")["name_en"]
    p = sb.multiselect("Provinces", sorted(prov.index, key=prov.get), key="f_prov", format_func=prov.get,
                       placeholder="All")
    m = sb.multiselect("Ministries", list(mins.index), key="f_min", format_func=mins.get, placeholder="All")
    s = sb.multiselect("Services", list(t["services"]["service_code"]), key="f_svc",
                       format_func=i18n.service_label, placeholder="All")
    return c.F(tuple(sorted(p)), tuple(sorted(m)), tuple(sorted(s)))


def colours(t) -> dict:
    return dict(zip(t["services"]["service_code"], t["services"]["colour"]))


def ranked(prov: pd.DataFrame, col: str = "adoption_rate") -> pd.DataFrame:
    d = prov.sort_values([col, "name_en"], ascending=[False, True], na_position="last").reset_index(drop=True)
    d["label"] = d["name_en"]
    d["text"] = (d[col].map(lambda v: i18n.fmt_pct(v, LANG)) + " · " + d["adopted"].map(i18n.fmt_int) + "/"
                 + d["eligible"].map(i18n.fmt_int))
    return d


def overview():
    t = tables()
    f = sidebar(t)
    st.title("Overview")
    fx = c.facts(t, f)
    col = colours(t)
    summary = c.service_summary(t, f, fx)
    st.subheader("Adoption by service")
    for box, r in zip(st.columns(max(len(summary), 1)), summary.itertuples()):
        with box.container(border=True):
            st.markdown(f"**{i18n.service_label(r.service_code)}**")
            st.metric("Adopted", i18n.fmt_int(r.adopted), i18n.fmt_int(getattr(r, "adopted_change", 0)))
            st.metric("Adoption rate", i18n.fmt_pct(r.adoption_rate))
            st.metric("Active rate", i18n.fmt_pct(r.active_rate))
    left, right = st.columns(2)
    sav = c.savings_by_service(t, f, fx)
    left.metric("Savings (mid)", i18n.fmt_baht(sav["savings_mid"].sum(), LANG))
    sat = c.satisfaction_by_service(t, f)
    total = sat[sat["service_code"] == "ALL"].iloc[0]
    right.metric("Satisfaction", f"{i18n.fmt_num(total['mean'], LANG, 2)} / 5")
    st.subheader("National adoption trend")
    trend = c.adoption_trend(t, f, fx)
    ev = t["events"][t["events"]["event_type"] == "roadshow"].merge(
        t["provinces"][["province_code", "name_th", "name_en"]].rename(
            columns={"name_th": "province_th", "name_en": "province_en"}), on="province_code")
    if f.provinces:
        ev = ev[ev["province_code"].isin(f.provinces)]
    ev = ev.assign(type_th="โรดโชว์", type_en="Roadshow")
    st.plotly_chart(trends.adoption_trend(trend, ev, col, LANG), key="ov_trend")
    prov = c.province_measures(t, f, fx)
    if len(prov) >= 2:
        r = ranked(prov)
        n = min(5, len(prov) // 2) if len(prov) < 10 else 5
        c1, c2 = st.columns(2)
        for box, title, part in ((c1, "Top 5", r.head(n)), (c2, "Bottom 5", r.tail(n).iloc[::-1])):
            with box:
                st.markdown(f"**{title}**")
                st.plotly_chart(bars.hbar(part, "label", "adoption_rate", LANG, text="text", colour=style.PRIMARY),
                                key=f"ov_{title}")
    with st.expander("Table"):
        s = summary.merge(sav, on="service_code", how="left")
        export.table(s[["service_code", "eligible", "adopted", "active", "underused", "adoption_rate",
                        "savings_low", "savings_mid", "savings_high"]], "adoption_by_service", LANG, key="ov_summary")


def provinces():
    t = tables()
    f = sidebar(t)
    st.title("Provinces")
    fx = c.facts(t, f)
    prov = c.province_measures(t, f, fx)
    r = ranked(prov)
    left, right = st.columns([3, 2])
    with left:
        st.subheader("Adoption rate by province")
        from egov.reads.reference import province_geojson

        fig = maps.choropleth(r, province_geojson(), "adoption_rate", LANG, style.PRIMARY, "Adoption rate", "text",
                                all_iso=list(t["provinces"]["iso_code"]), selected_iso=None, pct=True)
        st.plotly_chart(fig, key="pv_map", on_select="rerun", selection_mode="points")
    with right:
        st.subheader("Province ranking")
        table = pd.DataFrame({"Rank": range(1, len(r) + 1), "Province": r["name_en"], "Region": r["region4"],
                              "Adoption rate (%)": (r["adoption_rate"] * 100).round(1), "Eligible": r["eligible"],
                              "Adopted": r["adopted"]})
        export.table(table, "province_ranking", LANG, key="pv_rank", height=560,
                     show=["Rank", "Province", "Adoption rate (%)"])


def underuse():
    t = tables()
    f = sidebar(t)
    st.title("Underuse and opportunity")
    fx = c.facts(t, f)
    col = colours(t)
    under = c.underused_agencies(t, f, fx)
    summary = c.service_summary(t, f, fx)
    counts = under["service_code"].value_counts()
    for box, r in zip(st.columns(max(len(summary), 1)), summary.itertuples()):
        with box.container(border=True):
            st.markdown(f"**{i18n.service_label(r.service_code)}**")
            st.metric("Underused", i18n.fmt_int(int(counts.get(r.service_code, 0))))
    st.subheader("Action list")
    if under.empty:
        st.info("None")
    else:
        pn = t["provinces"].set_index("province_code")["name_en"]
        listing = pd.DataFrame({"Agency": under["agency_name"], "Province": under["province_code"].map(pn),
                                "Service": under["service_code"].map(i18n.service_label),
                                "Idle months": under["idle_months"], "Units": under["units"],
                                "Idle since": pd.to_datetime(under["idle_since"]).dt.strftime("%Y-%m"),
                                "Last active": pd.to_datetime(under["last_active"]).dt.strftime("%Y-%m")
                                .fillna("never")})
        export.table(listing, "underused_agencies", LANG, key="un_list", height=420)
        st.subheader("Underused by province and service")
        wide = under.groupby(["province_code", "service_code"]).size().unstack(fill_value=0)
        wide["total"] = wide.sum(axis=1)
        wide = wide.assign(name=wide.index.map(pn)).sort_values(["total", "name"], ascending=[False, True])
        svc = [s for s in t["services"]["service_code"] if s in wide.columns]
        long = wide.reset_index().melt(id_vars=["province_code", "name", "total"], value_vars=svc,
                                       var_name="service_code", value_name="n").rename(columns={"name": "label"})
        long = long[long["n"] > 0]
        shown = long[long["province_code"].isin(list(wide.index)[:15])]
        left, right = st.columns(2)
        with left:
            st.plotly_chart(bars.service_stack(shown, col, LANG), key="un_by_province")
        with right:
            export.table(wide.reset_index(drop=True), "underused_by_province", LANG, key="un_by_province_table",
                         height=380)
    st.divider()
    st.subheader("Where to go next")
    opp = c.opportunity(t, f, fx)
    issues = c.opportunity_issues(t, f)
    top10 = opp.head(10).assign(label=lambda x: x["name_en"],
                                text=lambda x: [i18n.fmt_baht(v, LANG) for v in x["potential_savings_mid_thb"]])
    left, right = st.columns(2)
    with left:
        st.plotly_chart(bars.opportunity_bars(top10, LANG), key="op_chart")
    with right:
        there = issues[issues["province_code"].isin(top10["province_code"])]
        if len(there):
            names = dict(zip(there["issue"], there["name_en"].fillna(there["issue"])))
            there = there.assign(label=there["province_code"].map(dict(zip(top10["province_code"], top10["label"]))))
            st.plotly_chart(bars.category_stack(there, "issue", bars.ISSUE_COLOURS, names, LANG, value="responses",
                                                  legend_rows=len(names)), key="op_problems")
    export.table(opp[["rank", "name_en", "eligible", "not_adopted", "potential_savings_mid_thb", "open_issues",
                      "open_tickets"]], "opportunity", LANG, key="op_table", height=420)


PAGES = {"overview": overview, "provinces": provinces, "underuse": underuse}

st.navigation([st.Page(fn, title=slug.title(), url_path=slug, default=slug == "overview")
               for slug, fn in PAGES.items()]).run()

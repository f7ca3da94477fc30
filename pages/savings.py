"""ประหยัดงบประมาณ Savings: what the services save agencies, always as a range (low - mid - high) by
service, province and ministry, recomputed with the savings macros (reads.savings.priced) under assumptions
the user can edit for the session (and reset), with the method in plain words."""

import streamlit as st

from egov import assumptions, export, i18n, shell
from egov.charts import bars, style
from egov.display import savings as savings_tables
from egov.i18n import definition as d
from egov.reads import reference, savings
from egov.safe_text import md

page = shell.page_start("savings")
if page.empty:
    st.stop()
f, lang, p, t = page.f, page.lang, page.period, page.t
colours = reference.service_colours()
assumptions.start_session()

units = savings.savings_unit_months(f)

# ---- totals --------------------------------------------------------------------------------------------
st.subheader(t("sv.totals", start=i18n.fmt_month(p.start, lang), end=i18n.fmt_month(p.end, lang)))
totals_box = st.container()
fiscal_box = st.container()  # savings per fiscal year, under the same assumptions (filled below)
st.info(t("sv.assumption_banner"))

# ---- method and assumptions (drawn before the totals are computed, shown after them) ------------------
with st.container(border=True):
    st.subheader(t("sv.method"))
    st.markdown(d("savings", lang) or "")
    st.markdown(d("staff_hours_saved", lang) or "")
    st.markdown(f"**{t('sv.assumptions')}**")
    st.caption(t("sv.assumptions_help"))
    frame = assumptions.editor_frame(lang)
    number = {c: st.column_config.NumberColumn(t(f"{k}_short"), help=t(k), min_value=0, step=1, format="localized",
                                               required=True, width=125)
              for c, k in zip(assumptions.NUMBERS, ("sv.cost_low", "sv.cost_mid", "sv.cost_high",
                                                    "sv.hours_saved", "sv.staff_cost"))}
    assumptions.take_edit(st.data_editor(
        frame, key=assumptions.editor_key(), hide_index=True, disabled=["service", "unit", "source"],
        column_config={"service": st.column_config.TextColumn(t("service"), width=100),
                       "unit": st.column_config.TextColumn(t("un.unit"), width=110),
                       "source": st.column_config.TextColumn(t("sv.source"), width="large"), **number},
    ))
    chosen = assumptions.current()
    edited_now = assumptions.edited(chosen)
    for code in assumptions.out_of_order(chosen):
        st.warning(t("sv.order_warning", service=md(i18n.service_label(code))))
    with st.expander(t("sv.sources")):
        for code, src in frame["source"].items():
            st.markdown(f"**{md(i18n.service_label(code))}**: {md(src)}")
    st.button(t("sv.reset"), key="sv_reset", on_click=assumptions.reset, disabled=not edited_now, type="secondary")
    export.download_buttons(savings_tables.assumptions_display(chosen, lang), "savings_assumptions", lang,
                            key="sv_assumptions")
    # a worked example with the first service's current assumptions, computed as the totals are
    code, a, ex = assumptions.example(chosen)
    st.caption(t("sv.example", service=md(i18n.service_label(code)), units="10",
                 unit=md(a["unit_en" if lang == "en" else "unit_th"]),
                 cost=i18n.fmt_int(a["cost_mid_thb_per_unit_year"]),
                 hours=i18n.fmt_num(a["staff_hours_saved_per_unit_year"], lang, 0),
                 rate=i18n.fmt_int(a["staff_cost_thb_per_hour"]),
                 total=i18n.fmt_baht(ex["savings_mid_thb"], lang)))

with totals_box:
    if units.empty:
        shell.empty_state(lang, "sv.none")
        st.stop()
    total = savings.savings_by(units, chosen).iloc[0]
    c1, c2, c3 = st.columns(3)
    for col, case in zip((c1, c2, c3), ("low", "mid", "high")):  # the unit in the label: long values fit
        col.metric(t("sv.metric", case=t(f"sv.{case}")), i18n.fmt_baht(total[f"savings_{case}_thb"], lang, unit=False),
                   help=d("savings", lang))
    note = t("ov.savings_range", low=i18n.fmt_baht(total["savings_low_thb"], lang),
             high=i18n.fmt_baht(total["savings_high_thb"], lang))
    note += " · " + t("sv.staff_hours") + f" {i18n.fmt_int(total['staff_hours_saved'])}"
    st.caption(note)
    if edited_now:
        loaded = savings.savings_total(savings.savings_by_service(f)).iloc[0]  # under the loaded assumptions
        st.warning(t("sv.edited", default=i18n.fmt_baht(loaded["savings_mid_thb"], lang)))

with fiscal_box:
    st.subheader(t("sv.fy_header"))
    by_year = savings.savings_by_fiscal_year(f, chosen if edited_now else None)
    shell.fiscal_savings(by_year, p.as_of, lang)
    if len(by_year):
        years = savings_tables.fiscal_year_bars(by_year, lang)
        st.plotly_chart(bars.savings_range(years, "label", lang), key="sv_chart_fiscal_year",
                        config=style.config("savings_fiscal_year"))
        with st.expander(t("sv.fy_table")):
            table = savings_tables.fiscal_year_display(years, lang)
            export.table(table, "savings_fiscal_year", lang, key="sv_table_fiscal_year",
                         column_config=export.whole_numbers(table))

# ---- by service, province and ministry ---------------------------------------------------------------
tabs = st.tabs([t("sv.by_service"), t("sv.by_province"), t("sv.by_ministry")])
for tab, by, top in zip(tabs, ("service_code", "province_code", "ministry_code"), (None, 15, 20)):
    with tab:
        df = savings.savings_by(units, chosen, by)
        df = savings_tables.with_labels(df, by, lang)
        shown = df if top is None else df.head(top)
        bar_colours = ([colours.get(c, style.NEUTRAL) for c in shown[by]] if by == "service_code"
                       else style.PRIMARY)
        st.plotly_chart(bars.savings_range(shown, "label", lang, bar_colours), key=f"sv_chart_{by}",
                        config=style.config(f"savings_{by}"))
        caption = t("sv.chart_note")
        if top is not None and len(df) > top:
            caption += " · " + t("sv.top", n=top, total=len(df))
        st.caption(caption)
        table = savings_tables.savings_display(df, by, lang)
        export.table(table, f"savings_{by.removesuffix('_code')}", lang, key=f"sv_table_{by}",
                     column_config=export.whole_numbers(table), height=420 if len(table) > 12 else "auto")

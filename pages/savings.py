"""ประหยัดงบประมาณ Savings: what the services save agencies, always as a range (low - mid - high) by
service, province and ministry, recomputed with the savings macros (reads.savings.priced) under assumptions the user can
edit for the session (and reset), with the method in plain words."""

import pandas as pd
import streamlit as st

from egov import export, fiscal, i18n, shell
from egov.charts import bars, style
from egov.assumptions import NUMBERS, SESSION_KEY as ASSUMPTIONS  # read by every page that shows savings
from egov.display import savings as savings_tables
from egov.i18n import definition as d
from egov.reads import reference, savings
from egov.safe_text import md

VERSION = "sv_editor_version"  # bumped by the reset, so the editor starts afresh
BASE = "sv_assumptions_base"  # the warehouse's assumptions the session's were taken from

page = shell.page_start("savings")
if page.empty:
    st.stop()
f, lang, p, t = page.f, page.lang, page.period, page.t
colours = reference.service_colours()
ss = st.session_state

default = savings.default_assumptions()
base = default[NUMBERS].astype("float64")
held = ss.get(ASSUMPTIONS)
if (not isinstance(held, pd.DataFrame) or list(held.index) != list(base.index)
        or (held.equals(ss.get(BASE)) and not base.equals(ss.get(BASE)))):  # unedited, and a new load changed them
    ss[ASSUMPTIONS] = base
ss[BASE] = base
ss.setdefault(VERSION, 0)


def numbers(df: pd.DataFrame) -> dict:
    """Thousands separators in whole-number columns (export.table formats the decimal ones)."""
    return {c: st.column_config.NumberColumn(format="localized") for c in df.columns
            if pd.api.types.is_integer_dtype(df[c])}


def _reset() -> None:
    ss[ASSUMPTIONS] = savings.default_assumptions()[NUMBERS].astype("float64")
    ss[VERSION] = ss.get(VERSION, 0) + 1


def _assumptions() -> pd.DataFrame:
    a = default.copy()
    a[NUMBERS] = ss[ASSUMPTIONS][NUMBERS]
    return a


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
    unit_col = "unit_en" if lang == "en" else "unit_th"
    frame = pd.DataFrame({"service": [i18n.service_label(c) for c in default.index], "unit": default[unit_col]},
                         index=default.index)
    sources = pd.Series([i18n.assumption_source(c, src, lang) for c, src in default["source"].items()],
                        index=default.index, name="source")
    frame = frame.join(ss[ASSUMPTIONS][NUMBERS]).join(sources)
    number = {c: st.column_config.NumberColumn(t(f"{k}_short"), help=t(k), min_value=0, step=1, format="localized",
                                               required=True, width=125)
              for c, k in zip(NUMBERS, ("sv.cost_low", "sv.cost_mid", "sv.cost_high", "sv.hours_saved",
                                        "sv.staff_cost"))}
    edited = st.data_editor(
        frame, key=f"sv_editor_{ss[VERSION]}", hide_index=True, disabled=["service", "unit", "source"],
        column_config={"service": st.column_config.TextColumn(t("service"), width=100),
                       "unit": st.column_config.TextColumn(t("un.unit"), width=110),
                       "source": st.column_config.TextColumn(t("sv.source"), width="large"), **number},
    )
    new = edited[NUMBERS].apply(pd.to_numeric, errors="coerce").astype("float64")
    new = new.where(new.notna() & (new >= 0), ss[ASSUMPTIONS][NUMBERS])  # a cleared or negative cell keeps its value
    if not new.equals(ss[ASSUMPTIONS][NUMBERS]):
        ss[ASSUMPTIONS] = new
    assumptions = _assumptions()
    edited_now = not assumptions[NUMBERS].equals(default[NUMBERS].astype("float64"))
    for code, r in assumptions.iterrows():
        if not (r["cost_low_thb_per_unit_year"] <= r["cost_mid_thb_per_unit_year"] <= r["cost_high_thb_per_unit_year"]):
            st.warning(t("sv.order_warning", service=md(i18n.service_label(code))))
    with st.expander(t("sv.sources")):
        for code, src in sources.items():
            st.markdown(f"**{md(i18n.service_label(code))}**: {md(src)}")
    st.button(t("sv.reset"), key="sv_reset", on_click=_reset, disabled=not edited_now, type="secondary")
    export.download_buttons(savings_tables.assumptions_display(assumptions, lang), "savings_assumptions", lang,
                            key="sv_assumptions")
    # a worked example with the first service's current assumptions, computed by the savings macros themselves
    code = assumptions.index[0]
    a = assumptions.loc[code]
    ex = savings.priced(pd.DataFrame({"service_code": [code], "unit_months": [10 * 12]}), assumptions)
    st.caption(t("sv.example", service=md(i18n.service_label(code)), units="10", unit=md(a[unit_col]),
                 cost=i18n.fmt_int(a["cost_mid_thb_per_unit_year"]),
                 hours=i18n.fmt_num(a["staff_hours_saved_per_unit_year"], lang, 0),
                 rate=i18n.fmt_int(a["staff_cost_thb_per_hour"]),
                 total=i18n.fmt_baht(ex["savings_mid_thb"].iloc[0], lang)))

with totals_box:
    if units.empty:
        shell.empty_state(lang, "sv.none")
        st.stop()
    total = savings.savings_by(units, assumptions).iloc[0]
    c1, c2, c3 = st.columns(3)
    for col, case in zip((c1, c2, c3), ("low", "mid", "high")):  # the unit in the label: long values fit
        col.metric(t("sv.metric", case=t(f"sv.{case}")), i18n.fmt_baht(total[f"savings_{case}_thb"], lang, unit=False),
                   help=d("savings", lang))
    note = t("ov.savings_range", low=i18n.fmt_baht(total["savings_low_thb"], lang),
             high=i18n.fmt_baht(total["savings_high_thb"], lang))
    note += " · " + t("sv.staff_hours") + f" {i18n.fmt_int(total['staff_hours_saved'])}"
    st.caption(note)
    if edited_now:
        st.warning(t("sv.edited", default=i18n.fmt_baht(units["mart_mid_thb"].sum(), lang)))

with fiscal_box:
    st.subheader(t("sv.fy_header"))
    by_year = savings.savings_by_fiscal_year(f, assumptions if edited_now else None)
    shell.fiscal_savings(by_year, p.as_of, lang)
    if len(by_year):
        years = by_year.assign(label=[fiscal.short_label(y, lang) if n == 12 else t("fy.partial", fy=fiscal.short_label(y, lang), n=n)
                                      for y, n in zip(by_year["fiscal_year"], by_year["months"])])
        st.plotly_chart(bars.savings_range(years, "label", lang), key="sv_chart_fiscal_year",
                        config=style.config("savings_fiscal_year"))
        with st.expander(t("sv.fy_table")):
            table = pd.DataFrame({
                t("fy.column"): years["fiscal_year"].map(lambda y: fiscal.label(y, lang)),
                t("fy.months"): years["months"].astype(int),
                t("sv.unit_months"): years["unit_months"].round(0).astype("int64"),
                **{t("sv.metric", case=t(f"sv.{c}")): years[f"savings_{c}_thb"].round(0) for c in ("low", "mid", "high")},
            })
            export.table(table, "savings_fiscal_year", lang, key="sv_table_fiscal_year", column_config=numbers(table))

# ---- by service, province and ministry ---------------------------------------------------------------
tabs = st.tabs([t("sv.by_service"), t("sv.by_province"), t("sv.by_ministry")])
for tab, by, top in zip(tabs, ("service_code", "province_code", "ministry_code"), (None, 15, 20)):
    with tab:
        df = savings.savings_by(units, assumptions, by)
        df = df.assign(label=savings_tables.savings_labels(df, by, lang))
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
                     column_config=numbers(table), height=420 if len(table) > 12 else "auto")

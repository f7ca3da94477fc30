"""กระทรวง Ministries: ministry x service adoption heatmap; drill into departments and agencies."""

import streamlit as st

from egov import export, i18n, paging, shell
from egov.charts import heatmaps, style
from egov.display import adoption as adoption_tables
from egov.i18n import definition as d
from egov.reads import adoption, reference
from egov.safe_text import md

page = shell.page_start("ministries", params=("ministry", "dept"))
if page.empty:
    st.stop()
f, lang, t = page.f, page.lang, page.t
colours = reference.service_colours()
name = i18n.name_col(lang)



def _cell_click(point: dict) -> dict | None:
    cell = point.get("customdata")
    if not (isinstance(cell, list) and len(cell) == 2):
        return None
    return {shell.LIST_PARAMS["f_min"]: cell[0], shell.LIST_PARAMS["f_svc"]: cell[1]}


st.subheader(t("mi.heatmap"))
ms = adoption.ministry_service(f)
if ms.empty:
    shell.empty_state(lang)
    st.stop()
ms = adoption_tables.ministry_rows(ms, lang)
# a click on a cell filters by its ministry and service (shell.click_filter)
st.plotly_chart(heatmaps.heatmap(ms, colours, lang, "label", row_key="ministry_code"), key="mi_heatmap",
                config=style.config("ministry_heatmap"), selection_mode=("points",),
                on_select=shell.click_filter("mi_heatmap", _cell_click))
st.caption((d("adoption_rate", lang) or "") + " · " + t("xf.cell_hint"))
with st.expander(t("mi.table")):
    export.table(adoption_tables.rate_matrix_display(ms, "label", t("ministry"), lang), "ministry_service", lang, key="mi_table")

# ---- drill down ----------------------------------------------------------------------------------
st.divider()
ministry_names = dict(zip(ms["ministry_code"], ms[name]))
ministry = shell.page_select(t("mi.choose"), [""] + list(dict.fromkeys(ms["ministry_code"])), key="mi_ministry",
                               param="ministry", default="",
                               format_func=lambda c: ministry_names.get(c, c) if c else t("mi.none_chosen"))
if not ministry:
    st.stop()

st.subheader(t("mi.departments", name=md(ministry_names[ministry])))
dept = adoption.department_service(f, ministry)
if dept.empty:
    shell.empty_state(lang, "empty.section")
    st.stop()
dept = adoption_tables.department_rows(dept, lang)
st.plotly_chart(heatmaps.heatmap(dept, colours, lang, "label"), key="mi_dept_heatmap",
                config=style.config(f"departments_{ministry}"))
export.table(adoption_tables.rate_matrix_display(dept, "label", t("department"), lang), f"departments_{ministry}", lang,
             key="mi_dept_table")

departments = list(dict.fromkeys(dept["department"]))
choice = shell.page_select(t("mi.choose_dept"), ["*"] + departments, key="mi_department", param="dept",
                             default="*", format_func=lambda v: t("mi.all_depts") if v == "*" else (
                                 v or t("mi.no_department")))
st.subheader(t("mi.agencies"))
paging.agency_table(f, lang, "mi_agencies", f"agencies_{ministry}", ministry=ministry,
                    department=None if choice == "*" else choice)

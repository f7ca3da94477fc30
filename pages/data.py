"""ข้อมูล Data: freshness per source, the load history, rejected rows with their reasons, an upload that
runs the ETL's check and loads only on confirm, and the definition of every metric shown anywhere.

The warehouse is described as a whole: the sidebar filters do not apply here (the page says so)."""

import datetime as dt

import streamlit as st

from egov import db, export, i18n, shell, upload
from egov.display import definitions as definitions_tables, loads as loads_tables
from egov.i18n import definition as d
from egov.reads import loads as load_reads

page = shell.page_start("data", params=("rfile",))  # says so when the filters match nothing; ignores them
lang, t = page.lang, page.t
ss = st.session_state


st.caption(t("dt.global_note"))

done = ss.pop("_dt_published", None)
if done:
    st.success(t("dt.published", loaded=i18n.fmt_int(done["loaded"]), files=i18n.fmt_int(done["files"]),
                 rejected=i18n.fmt_int(done["rejected"])))

tab_fresh, tab_loads, tab_rejects, tab_upload, tab_defs = st.tabs(
    [t("dt.tab_fresh"), t("dt.tab_loads"), t("dt.tab_rejects"), t("dt.tab_upload"), t("dt.tab_defs")])

# ---- freshness -----------------------------------------------------------------------------------
with tab_fresh:
    today = dt.date.today()
    st.caption(t("dt.fresh_intro", today=i18n.fmt_date(today, lang)))
    fresh, stale = loads_tables.freshness_display(load_reads.freshness(), today, lang)
    if stale:
        st.warning(t("dt.stale_warn", n=loads_tables.FRESH_MONTHS, sources=", ".join(stale)))
    export.table(fresh, "data_freshness", lang, key="dt_fresh", column_config=export.counts(fresh, t("dt.rows")))
    st.caption(t("dt.fresh_rule", n=loads_tables.FRESH_MONTHS) + " · " + (d("freshness", lang) or ""))

# ---- load history --------------------------------------------------------------------------------
with tab_loads:
    loads = load_reads.etl_loads()
    if loads.empty:
        st.info(t("dt.no_loads"))
    else:
        m1, m2, m3, m4 = st.columns(4)
        m1.metric(t("dt.m_loads"), i18n.fmt_int(len(loads)))
        m2.metric(t("dt.m_files"), i18n.fmt_int(loads["file"].nunique()))
        m3.metric(t("dt.m_rows_loaded"), i18n.fmt_int(loads["rows_loaded"].sum()))
        m4.metric(t("dt.m_rows_rejected"), i18n.fmt_int(loads["rows_rejected"].sum()), help=d("rows_rejected", lang))
        st.caption(t("dt.m_last", when=i18n.fmt_datetime(loads["finished_at"].max(), lang)))
        table = loads_tables.loads_display(loads, lang)
        export.table(table, "load_history", lang, key="dt_loads", height=export.fit(table),
                     column_config=export.counts(table, t("dt.read"), t("dt.loaded"), t("dt.rejected")))

# ---- rejected rows -------------------------------------------------------------------------------
with tab_rejects:
    st.caption(t("dt.rejects_intro"))
    files = load_reads.etl_reject_files()
    if files.empty:
        st.info(t("dt.no_rejects"))
    else:
        per_file = dict(zip(files["file"], files["rejects"]))
        chosen = shell.page_select(
            t("dt.choose_file"), [""] + list(files["file"]), key="dt_reject_file", param="rfile", default="",
            format_func=lambda v: t("dt.file_option", file=v, n=i18n.fmt_int(per_file[v])) if v else t("dt.all_files"))
        rej = load_reads.etl_rejects(chosen or None)
        total = int(rej["total"].iloc[0]) if len(rej) else 0
        note = t("dt.rejects_count", n=i18n.fmt_int(total))
        if total > len(rej):
            note += " · " + t("dt.rejects_capped", shown=i18n.fmt_int(len(rej)), n=i18n.fmt_int(total))
        st.caption(note)
        table = loads_tables.rejects_display(rej, lang)
        export.table(table, "rejected_rows" + (f"_{chosen}" if chosen else ""), lang, key="dt_rejects",
                     height=export.fit(table))
    st.caption(d("rows_rejected", lang) or "")

# ---- upload --------------------------------------------------------------------------------------
# The buttons only ask (on_click stores the request in the session); the work runs below, in place, with
# its spinner. A click is never lost to a rerun of the script.


def _ask(action: str) -> None:
    ss["_dt_action"] = action


def _failed(title_key: str, error: str) -> None:
    """A refusal: our words as the alert, the ETL's message (which quotes the file) as plain text, never
    markdown, so that a file's bytes cannot draw links or images or fetch anything."""
    st.error(t(title_key))
    st.code(error, language=None, wrap_lines=True)


with tab_upload:
    st.markdown(t("dt.upload_intro", mb=upload.MAX_MB))
    gen = ss.setdefault("_dt_upload_gen", 0)  # a new uploader (empty) after each load
    uploaded = st.file_uploader(t("dt.upload"), type=["csv", "xlsx"], accept_multiple_files=True,
                                key=f"dt_upload_{gen}", max_upload_size=upload.MAX_MB)
    fingerprint = tuple((u.file_id, u.name, u.size) for u in uploaded or [])
    state = ss.get("_dt_check")
    if state and state["fp"] != fingerprint:  # other files chosen: the old check no longer holds
        upload.discard(state["staged"])
        ss.pop("_dt_check", None)
        state = None
    action = ss.pop("_dt_action", None)

    if uploaded:
        st.button(t("dt.check"), key="dt_check", type="primary" if state is None else "secondary",
                  on_click=_ask, args=("check",))
    if action == "check" and uploaded:
        if state:
            upload.discard(state["staged"])
        with st.spinner(t("dt.checking")):
            staged, outcome = upload.check_files(uploaded, db.db_path())
        state = ss["_dt_check"] = {"fp": fingerprint, "staged": staged, "outcome": outcome}

    if state:
        outcome = state["outcome"]
        if not outcome.ok:
            if outcome.busy:
                st.error(t("dt.busy"))
            else:
                _failed("dt.check_failed", outcome.error)
        else:
            st.markdown(f"**{t('dt.check_title')}**")
            tot = outcome.totals()
            st.caption(t("dt.check_summary", read=i18n.fmt_int(tot["read"]), loaded=i18n.fmt_int(tot["loaded"]),
                         rejected=i18n.fmt_int(tot["rejected"])))
            table = upload.files_table(outcome, lang)
            export.table(table, "upload_check", lang, key="dt_check_files",
                         column_config=export.counts(table, t("dt.read"), t("dt.loaded"), t("dt.rejected")))
            if outcome.report.rejects:
                st.caption(t("dt.rejects_count", n=i18n.fmt_int(len(outcome.report.rejects))))
                export.table(upload.rejects_table(outcome, lang), "upload_check_rejects", lang,
                             key="dt_check_rejects")
            if outcome.impact is not None:  # what confirming would change on screen (etl/impact.py)
                st.markdown(f"**{t('im.title')}**")
                st.caption(upload.impact_as_of(outcome, lang) + " · " + t("im.services_note"))
                svc = upload.impact_services_table(outcome, lang)
                export.table(svc, "upload_impact_services", lang, key="dt_impact_services",
                             column_config=export.counts(svc, *(t(k) for k in (
                                 "im.adopted_before", "im.adopted_after", "im.active_before", "im.active_after"))))
                moved = upload.impact_rows_table(outcome, lang)
                if len(moved):
                    st.caption(t("im.rows_title"))
                    export.table(moved, "upload_impact_rows", lang, key="dt_impact_rows", height=export.fit(moved),
                                 column_config=export.counts(moved, t("im.added"), t("im.replaced")))
                values = upload.impact_values_table(outcome, lang)
                if len(values):
                    st.caption(t("im.values_title"))
                    export.table(values, "upload_impact_values", lang, key="dt_impact_values",
                                 height=export.fit(values))
            if outcome.nothing_new:
                st.info(t("dt.nothing_new"))
            elif action == "confirm":
                with st.spinner(t("dt.publishing")):
                    result = upload.publish(state["staged"], db.db_path())
                if result.ok:
                    upload.discard(state["staged"])
                    ss.pop("_dt_check", None)
                    ss["_dt_published"] = result.totals()
                    ss["_dt_upload_gen"] = gen + 1
                    st.rerun()  # every section (and page) now reads the new warehouse
                if result.busy:
                    st.error(t("dt.busy"))
                else:
                    _failed("dt.publish_failed", result.error)
            else:
                st.caption(t("dt.confirm_note"))
                flags = upload.impact_flags(outcome, lang)
                button, beside = st.columns([1, 3], vertical_alignment="center") if flags else (st.container(), None)
                button.button(t("dt.confirm"), key="dt_confirm", type="primary", on_click=_ask, args=("confirm",))
                if flags:  # our words and numbers only: no value of the file reaches this markdown
                    with beside.container(key="dt_impact_flags"):
                        st.warning(t("im.flagged") + "\n\n" + "\n".join(f"- {f}" for f in flags))

# ---- definitions ---------------------------------------------------------------------------------
with tab_defs:
    st.caption(t("dt.defs_intro"))
    for entry in definitions_tables.definition_entries(lang):
        st.markdown(f"**{entry['term']}** — {entry['text']}")
        st.caption(f"{t('dt.where')}: `{entry['where']}`")
    with st.expander(t("dt.defs_table")):
        export.table(definitions_tables.definitions_display(lang), "metric_definitions", lang, key="dt_defs")

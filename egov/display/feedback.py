"""Display tables of the feedback page and the area satisfaction (localized headers; every one
downloadable)."""

from __future__ import annotations

import functools

import pandas as pd

from egov import auth, i18n
from egov.display.common import day_col, pct

def satisfaction_display(sat: pd.DataFrame, lang: str, area_names: dict[str, str]) -> pd.DataFrame:
    """area_satisfaction() as a table; too few responses said in words."""
    t = functools.partial(i18n.t, lang=lang)
    return pd.DataFrame({
        t("pv.who"): sat["area"].map(area_names),
        t("m.satisfaction_long"): sat["mean"].round(2),
        t("m.satisfied_share") + " (%)": pct(sat["share_satisfied"]),
        t("m.responses"): sat["n"],
        t("note"): sat.apply(lambda r: t("benchmark.hidden", k=auth.benchmark_min()) if r.get("suppressed") is True
                             else t("too_few", n=int(r["n"])) if r["too_few"] and r["n"] else "", axis=1),
    })


def _sat_columns(df: pd.DataFrame, lang: str) -> dict:
    t = functools.partial(i18n.t, lang=lang)
    return {
        t("m.satisfaction_long"): df["mean"].astype("float64").round(2),
        t("m.satisfied_share") + " (%)": pct(df["share_satisfied"]),
        t("m.responses"): df["n"],
        t("note"): df.apply(lambda r: t("too_few", n=int(r["n"])) if r["too_few"] else "", axis=1),
    }


def satisfaction_service_display(sat: pd.DataFrame, lang: str) -> pd.DataFrame:
    """satisfaction_by_service() as a table: one row per service, then the total."""
    t = functools.partial(i18n.t, lang=lang)
    label = sat["service_code"].map(lambda c: t("fb.no_service") if pd.isna(c) else (
        t("all_services") if c == "ALL" else i18n.service_label(c)))
    return pd.DataFrame({t("service"): label, **_sat_columns(sat, lang)})


def satisfaction_province_display(sat: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = functools.partial(i18n.t, lang=lang)
    return pd.DataFrame({t("province"): sat[i18n.name_col(lang)], **_sat_columns(sat, lang)})


def satisfaction_event_display(sat: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = functools.partial(i18n.t, lang=lang)
    en = lang == "en"
    return pd.DataFrame({
        t("date"): day_col(sat["event_date"]),
        t("fb.event"): sat["title"].fillna(sat["event_id"]),
        t("pv.event_type"): sat["type_en" if en else "type_th"].fillna(sat["event_type"]).fillna(""),
        t("province"): sat["province_en" if en else "province_th"],
        t("fb.event_id"): sat["event_id"],
        **_sat_columns(sat, lang),
    })


def issue_names(issues: pd.DataFrame, lang: str) -> pd.Series:
    """The problem of each row (feedback_issues(), event_issues(), opportunity_issues()) in words: its name
    in lang, else its code."""
    return issues[i18n.name_col(lang)].fillna(issues["issue"])


def issue_bars(issues: pd.DataFrame, lang: str, responses=None) -> pd.DataFrame:
    """Rows of problems raised for charts.hbar: label (issue_names) and text, the responses naming each
    problem, with their share of responses (all responses of the filter) when it is given."""
    if responses is None:
        text = issues["responses"].map(i18n.fmt_int)
    else:
        share = issues["responses"] / responses
        text = [f"{i18n.fmt_int(n)} · {i18n.fmt_pct(s, lang, 0)}" for n, s in zip(issues["responses"], share)]
    return issues.assign(label=issue_names(issues, lang), text=text)


def issues_display(issues: pd.DataFrame, responses: int, lang: str) -> pd.DataFrame:
    """feedback_issues() as a table: the problem in words, responses naming it, share of all responses."""
    t = functools.partial(i18n.t, lang=lang)
    share = issues["responses"] / responses if responses else float("nan")
    return pd.DataFrame({
        t("fb.issue"): issue_names(issues, lang),
        t("m.responses"): issues["responses"],
        t("fb.share_of_responses"): (share * 100).round(1),
    })


def comments_display(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = functools.partial(i18n.t, lang=lang)
    en = lang == "en"
    return pd.DataFrame({
        t("date"): day_col(df["response_date"]),
        t("province"): df["province_en" if en else "province_th"],
        t("service"): df["service_code"].map(lambda c: "" if pd.isna(c) else i18n.service_label(c)),
        t("fb.score"): df["satisfaction"].astype("Int64"),
        t("fb.issue"): df["issue_en" if en else "issue_th"].fillna(df["issue"]).fillna(""),
        t("fb.comment"): df["comment"],
    })

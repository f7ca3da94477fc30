"""Display tables of events and roadshows (localized headers)."""

from __future__ import annotations

import functools

import pandas as pd

from egov import i18n, metrics
from egov.display.common import day_col, pct, text_or


def map_text(by_prov: pd.DataFrame, lang: str) -> pd.DataFrame:
    """roadshow_by_province() with the map's hover text (events and people) in column text."""
    t = functools.partial(i18n.t, lang=lang)
    return by_prov.assign(text=[t("rs.map_text", events=i18n.fmt_int(e), people=i18n.fmt_int(a))
                                for e, a in zip(by_prov["events"], by_prov["attendees"])])


def ranking_display(by_prov: pd.DataFrame, lang: str) -> pd.DataFrame:
    """roadshow_by_province() as a ranking: most events first, then most attendees."""
    t = functools.partial(i18n.t, lang=lang)
    ranking = by_prov.sort_values(["events", "attendees"], ascending=False)
    return pd.DataFrame({t("province"): ranking[i18n.name_col(lang)], t("rs.events"): ranking["events"],
                         t("rs.attendees"): ranking["attendees"], t("rs.agencies"): ranking["agencies_attended"]})


def event_choices(ev: pd.DataFrame, impact: pd.DataFrame, lang: str) -> tuple[list[str], dict[str, str], str]:
    """The one-event chooser: keys "event_id|province_code" latest first, their labels (date · title ·
    province) and the default, the latest visit with an impact estimate (else the latest)."""
    latest = ev.iloc[::-1]
    keys = [f"{r.event_id}|{r.province_code}" for r in latest.itertuples()]
    labels = {f"{r.event_id}|{r.province_code}": f"{i18n.fmt_date(r.event_date, lang)} · "
              f"{text_or(r.title, r.event_id)} · {getattr(r, 'province_en' if lang == 'en' else 'province_th')}"
              for r in latest.itertuples()}
    estimated = set(impact.loc[impact["impact_pp"].notna(), "event_id"] + "|"
                    + impact.loc[impact["impact_pp"].notna(), "province_code"])
    return keys, labels, next((k for k in keys if k in estimated), keys[0])

def events_display(ev: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = functools.partial(i18n.t, lang=lang)
    en = lang == "en"
    return pd.DataFrame({
        t("date"): day_col(ev["event_date"]),
        t("pv.event_type"): ev["type_en" if en else "type_th"].fillna(ev["event_type"]),
        t("pv.title"): ev["title"].fillna(""),
        t("province"): ev["province_en" if en else "province_th"],
        t("pv.attendees"): ev["attendees"],
        t("pv.agencies_attended"): ev["agencies_attended"],
    })


def impact_display(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """roadshow_impact() rows of one event and province as a table: per service the adoption rate 3 months
    before and 6 after in the visited province (%), its change and the change in provinces not visited
    (percentage points), and the impact estimate (pp)."""
    t = functools.partial(i18n.t, lang=lang)
    return pd.DataFrame({
        t("service"): df["service_code"].map(i18n.service_label).to_numpy(),
        t("rs.before") + " (%)": pct(df["rate_before"]).to_numpy(),
        t("rs.after") + " (%)": pct(df["rate_after"]).to_numpy(),
        t("rs.change_visited") + f" ({t('unit.pp')})": (df["change_visited"] * 100).round(1).to_numpy(),
        t("rs.change_others") + f" ({t('unit.pp')})": (df["change_others"] * 100).round(1).to_numpy(),
        t("rs.impact_short") + f" ({t('unit.pp')})": df["impact_pp"].round(1).to_numpy(),
    })


def roadshow_display(ev: pd.DataFrame, impact: pd.DataFrame, fb: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per event and province: date, event, type, province, attendance, the impact estimate per
    service (percentage points) and the feedback collected there."""
    t = functools.partial(i18n.t, lang=lang)
    en = lang == "en"
    key = ["event_id", "province_code"]
    out = pd.DataFrame({
        t("date"): day_col(ev["event_date"]).to_numpy(),
        t("rs.event_id"): ev["event_id"].to_numpy(),
        t("pv.title"): ev["title"].fillna("").to_numpy(),
        t("pv.event_type"): ev["type_en" if en else "type_th"].fillna(ev["event_type"]).to_numpy(),
        t("province"): ev["province_en" if en else "province_th"].to_numpy(),
        t("pv.attendees"): ev["attendees"].to_numpy(),
        t("pv.agencies_attended"): ev["agencies_attended"].to_numpy(),
    })
    idx = pd.MultiIndex.from_frame(ev[key])
    for code in dict.fromkeys(impact["service_code"]):
        d = impact[impact["service_code"] == code].set_index(key)["impact_pp"]
        # a number, NaN when not estimated (export.table draws a dash, the downloads an empty cell)
        d = pd.to_numeric(d.reindex(idx), errors="coerce").astype("float64")
        out[f"{t('rs.impact_short')} {i18n.service_label(code)} ({t('unit.pp')})"] = d.round(1).to_numpy()
    f2 = fb.set_index(key).reindex(idx)
    n = f2["n"].fillna(0).astype("int64")
    out[t("m.responses")] = n.to_numpy()
    out[t("m.satisfaction_long")] = f2["mean"].astype("float64").round(2).to_numpy()
    out[t("m.satisfied_share") + " (%)"] = pct(f2["share_satisfied"]).to_numpy()
    out[t("note")] = [t("no_responses") if k == 0 else (t("too_few", n=int(k)) if k < metrics.MIN_RESPONSES else "")
                      for k in n]
    return out

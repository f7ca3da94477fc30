"""The briefing's slides, one function each, from the Inputs egov/briefing.py read. Pure: no reads.

Every sentence comes from a rule of egov/briefing_story.py or is a plain statement of a number.
"""

from __future__ import annotations

import pandas as pd

from egov import briefing_story as say
from egov import i18n, metrics
from egov.reads import savings as savings_reads
from egov.briefing_model import (ACCENT, MAX_AGENCY_ROWS, MAX_ISSUES, MAX_QUOTES, NEUTRAL, TITLE_CHARS, Briefing, Chart,
                           Inputs, Series, Slide, Stat, Table, _missing, _num, _pct, _vocab, clip)

MAX_EVENT_ROWS = 5  # events listed beside the trend chart
MAX_VISIT_ROWS = 5  # provinces listed as the next ones to visit (several provinces, a region, the nation)


def _t(lang: str):
    return lambda key, **kw: i18n.t(key, lang, **kw)


def _area_name(inp: Inputs, area: str, lang: str) -> str:
    names = inp.compare_names.get(area) or {}
    return str(names.get(i18n.name_col(lang)) or names.get("name_th") or area)


def cover(inp: Inputs, lang: str, b: Briefing) -> Slide:
    t = _t(lang)
    name = i18n.name_col(lang)
    services = [Stat(i18n.service_label(r.service_code),
                     "" if str(getattr(r, name)) == i18n.service_label(r.service_code) else str(getattr(r, name)),
                     colour=str(r.colour))
                for r in inp.services.itertuples()]
    return Slide("cover", t("br.cover.short"), b.title, lead=t("br.cover.lead"), stats=services,
                 notes=[t("br.scope")])


def glance(inp: Inputs, lang: str, place: str, region_name: str, colours: dict) -> Slide:
    t = _t(lang)
    s = inp.summary
    comp = inp.comparison
    st = inp.agency_status
    k = int((st["services_adopted"] > 0).sum()) if len(st) else 0
    lead = t("br.glance.lead", n=i18n.fmt_int(inp.agencies), k=i18n.fmt_int(k),
             pct=_pct(metrics.adoption_rate(k, inp.agencies), lang))

    def rate(area, code):
        d = comp[(comp["area"] == area) & (comp["service_code"] == code)] if len(comp) else comp
        return _num(d["adoption_rate"].iloc[0]) if len(d) else None

    # the yardstick the area is held against: a province's region, else the nation (none for the nation)
    ref = "region" if inp.kind == "province" else ("nation" if inp.kind != "nation" else None)
    ref_name = region_name if ref == "region" else t("nation")
    stats, bullets = [], []
    name_unit = "unit_en" if lang == "en" else "unit_th"
    units = inp.services.set_index("service_code")[name_unit] if len(inp.services) else {}
    for r in s.itertuples():
        if inp.kind == "province":
            note = t("br.glance.stat_note", rate=_pct(r.adoption_rate, lang), region_name=region_name,
                     region=_pct(rate("region", r.service_code), lang), nation=_pct(rate("nation", r.service_code), lang))
        elif ref:
            note = t("br.glance.stat_note_nation", rate=_pct(r.adoption_rate, lang),
                     nation=_pct(rate("nation", r.service_code), lang))
        else:
            note = t("br.glance.stat_note_rate", rate=_pct(r.adoption_rate, lang))
        stats.append(Stat(label=i18n.service_label(r.service_code),
                          value=t("br.glance.stat", adopted=i18n.fmt_int(r.adopted), eligible=i18n.fmt_int(r.eligible)),
                          note=note, colour=colours.get(r.service_code, ACCENT)))
    gaps = []
    for r in s.itertuples():
        other = rate(ref, r.service_code) if ref else None
        if other is not None and not _missing(r.adoption_rate):
            gaps.append((float(r.adoption_rate) - other, r.service_code))
    for gap, code in sorted(gaps, key=lambda g: -abs(g[0]))[:2]:
        if abs(gap) >= 0.0005:  # shown as 0.0 pp otherwise: not a gap to talk about
            key = "br.glance.above" if gap > 0 else "br.glance.below"
            bullets.append(t(key, service=i18n.service_label(code), area=ref_name,
                             pp=i18n.fmt_pp(abs(gap), lang).lstrip("+")))
    for r in s.itertuples():
        if not _missing(r.units) and r.units:
            bullets.append(t("br.glance.units", service=i18n.service_label(r.service_code),
                             units=i18n.fmt_int(r.units), unit=units.get(r.service_code, "")))

    chart = None
    if len(comp):
        areas = [a for a in inp.compare_names if a in set(comp["area"])]
        names = {a: (place if a == "province" else _area_name(inp, a, lang)) for a in areas}
        codes = [c for c in inp.services["service_code"] if c in set(comp["service_code"])]
        title = t("br.glance.chart") if inp.kind == "province" else t(f"br.glance.chart_{inp.kind}")
        chart = Chart("bar", title, [names[a] for a in areas],
                      [Series(i18n.service_label(c), [rate(a, c) for a in areas], colours.get(c, NEUTRAL))
                       for c in codes], fmt="pct", y_min=0, y_max=1.1, major=0.25)
    notes = [x for x in (i18n.definition("adopted", lang), i18n.definition("adoption_rate", lang)) if x]
    notes.append(t("br.asof", month=i18n.fmt_month(inp.as_of, lang)))
    return Slide("glance", t("br.glance.short"), t("br.glance.title", place=place), lead=lead, stats=stats,
                 chart=chart, bullets=bullets, notes=notes)


def trend(inp: Inputs, lang: str, colours: dict) -> Slide:
    t = _t(lang)
    tr = inp.trend
    months = sorted(pd.to_datetime(tr["month"]).unique()) if len(tr) else []
    cats = [i18n.fmt_month(m, lang) for m in months]
    series = []
    codes = [c for c in inp.services["service_code"] if len(tr) and c in set(tr["service_code"])]
    for c in codes:
        d = tr[tr["service_code"] == c].assign(m=lambda x: pd.to_datetime(x["month"])).set_index("m")
        series.append(Series(i18n.service_label(c), [_num(d["adoption_rate"].get(m)) for m in months],
                             colours.get(c, NEUTRAL)))
    ev = inp.events
    bullets = []
    several = inp.kind != "province"
    if len(ev) and months:
        first, last = months[0], months[-1]
        ev = ev.assign(m=pd.to_datetime(ev["event_date"]).dt.to_period("M").dt.to_timestamp())
        ev = ev[(ev["m"] >= first) & (ev["m"] <= last)]
        chosen = inp.event["event_id"] if inp.event else None
        labels: dict = {}
        for r in ev.itertuples():
            typ = _vocab(inp.event_types, r.event_type, lang)
            labels.setdefault(r.m, []).append(("★ " if r.event_id == chosen else "") + typ)
        # the latest events, newest last (a region or the nation has many)
        for r in list(ev.itertuples())[-MAX_EVENT_ROWS:]:
            typ = _vocab(inp.event_types, r.event_type, lang)
            where = (f" · {getattr(r, 'province_en' if lang == 'en' else 'province_th')}"
                     if several and hasattr(r, "province_th") else "")
            bullets.append(("★ " if r.event_id == chosen else "") + t(
                "br.trend.event", date=i18n.fmt_date(r.event_date, lang), type=typ + where,
                title=clip(str(r.title or ""), 60), people=i18n.fmt_int(r.attendees)))
        if len(ev) > MAX_EVENT_ROWS:
            bullets.insert(0, t("br.trend.events_count", n=i18n.fmt_int(len(ev)), k=i18n.fmt_int(MAX_EVENT_ROWS)))
        if labels:
            series.append(Series(t("br.events"), [1.06 if m in labels else None for m in months], NEUTRAL,
                                 markers_only=True,
                                 labels=None if several else
                                 [" / ".join(labels[m]) if m in labels else None for m in months]))
    if not bullets:
        bullets.append(t("br.trend.no_events"))
    s = inp.summary
    month = i18n.fmt_month(inp.as_of, lang)
    stats = []
    changes = [(r.service_code, r.adoption_change) for r in s.itertuples()] if (len(s) and inp.prev is not None) else []
    _, lead = say.change_sentence(changes, month, lang)
    if changes and any(not _missing(v) for _, v in changes):
        for r in s.itertuples():
            stats.append(Stat(i18n.service_label(r.service_code), i18n.fmt_pp(r.adoption_change, lang),
                              t("br.trend.change"), colours.get(r.service_code, ACCENT)))
    chart = None
    if cats:
        chart = Chart("line", t("br.trend.chart"), cats, series, fmt="pct", y_min=0, y_max=1.1, major=0.25,
                      label_every=max(1, -(-len(cats) // 6)), data_labels=False)
    notes = [t("br.trend.note")] + [x for x in (i18n.definition("adoption_rate", lang),) if x]
    return Slide("trend", t("br.trend.short"), t("br.trend.title"), lead=lead, stats=stats, chart=chart,
                 bullets=bullets, notes=notes, message="" if chart else t("empty.section"))


def event(inp: Inputs, lang: str, colours: dict, ev_type: str) -> Slide:
    t = _t(lang)
    e = inp.event
    title = clip(str(e.get("title") or ev_type), TITLE_CHARS)
    lead = t("br.event.lead", type=ev_type, date=i18n.fmt_date(e["event_date"], lang),
             people=i18n.fmt_int(e.get("attendees")), agencies=i18n.fmt_int(e.get("agencies_attended")))
    fb = inp.event_feedback
    sat = metrics.satisfaction_summary(len(fb), fb["satisfaction"].sum() if len(fb) else 0,
                                       int(fb["satisfied"].sum()) if len(fb) else 0)
    case, sat_text = say.satisfaction_sentence(sat, lang)
    stats = [Stat(t("br.event.attendees"), i18n.fmt_int(e.get("attendees"))),
             Stat(t("br.event.agencies"), i18n.fmt_int(e.get("agencies_attended"))),
             Stat(t("br.event.satisfaction"),
                  i18n.fmt_num(sat["mean"], lang, 2) if case == "ok" else i18n.DASH,
                  (f"n = {i18n.fmt_int(sat['n'])} · " + _pct(sat["share_satisfied"], lang)) if case == "ok"
                  else (t("too_few", n=sat["n"]) if case == "too_few" else t("no_responses")))]
    about = say.event_services(str(e.get("title") or ""), inp.service_names or
                               {c: [c] for c in inp.services["service_code"]})
    imp = inp.event_impact.set_index("service_code") if len(inp.event_impact) else pd.DataFrame()
    eligible = inp.summary.set_index("service_code")["eligible"] if len(inp.summary) else pd.Series(dtype=float)
    nation = inp.comparison[inp.comparison["area"] == "nation"].set_index("service_code")["eligible"] \
        if len(inp.comparison) and "eligible" in inp.comparison else pd.Series(dtype=float)
    bullets = [t("br.event.about", services=say.join_names([i18n.service_label(c) for c in about], lang))]
    ests = {}
    for c in about:
        row = imp.loc[c] if c in imp.index else None
        n = int(eligible.get(c, 0) or 0)
        n_others = max(int(nation.get(c, 0) or 0) - n, 0)
        ests[c] = None if row is None else say.impact_estimate(row["rate_before"], row["rate_after"],
                                                               row["change_others"], n, n_others)
        bullets.append(say.impact_sentence(c, ests[c], lang)[1])
    shown = [c for c in about if ests[c] is not None]
    chart, message = None, ""
    if shown:
        chart = Chart("bar", t("br.event.chart"), [i18n.service_label(c) for c in shown],
                      [Series(t("br.event.chart"), [round(ests[c]["pp"], 1) for c in shown], ACCENT,
                              point_colours=[colours.get(c, NEUTRAL) for c in shown],
                              low=[round(ests[c]["low"], 1) for c in shown],
                              high=[round(ests[c]["high"], 1) for c in shown])], fmt="pp")
    else:
        message = t("br.event.no_impact")
    if len(fb):
        iss = fb[fb["issue"].notna() & (fb["issue"] != "none")]["issue"].value_counts().head(3)
        if len(iss):
            bullets.append(t("br.event.issues", issues=", ".join(
                f"{_vocab(inp.issue_names, k, lang)} ({v})" for k, v in iss.items())))
    notes = [x for x in (i18n.definition("roadshow_impact", lang),) if x] + [t("br.event.interval_note")]
    return Slide("event", t("br.event.short"), t("br.event.title", title=title), lead=lead, stats=stats,
                 chart=chart, bullets=bullets, quotes=quotes(fb, 1), notes=notes, message=message)


def savings(inp: Inputs, lang: str, colours: dict, place: str) -> Slide:
    t = _t(lang)
    sy = inp.savings_year
    year = savings_reads.savings_total(sy).iloc[0]
    low, mid, high = (year[f"savings_{case}_thb"] for case in ("low", "mid", "high"))
    notes = [t("br.savings.assume_note")] + [x for x in (i18n.definition("savings", lang),) if x]
    if not len(sy) or high <= 0:
        return Slide("savings", t("br.savings.short"), t("br.savings.title"), lead=t("br.savings.none"),
                     notes=notes, message=t("br.savings.none"))
    lead = t("br.savings.lead", place=place, range=i18n.fmt_baht_range(low, high, lang))
    stats = [Stat(t("br.savings.low"), i18n.fmt_baht(low, lang)),
             Stat(t("br.savings.mid"), i18n.fmt_baht(mid, lang)),
             Stat(t("br.savings.high"), i18n.fmt_baht(high, lang))]
    sp = inp.savings_period
    bullets = []
    if len(sp):
        bullets.append(t("br.savings.total", start=i18n.fmt_month(inp.start, lang), end=i18n.fmt_month(inp.end, lang),
                         mid=i18n.fmt_baht(savings_reads.savings_total(sp).iloc[0]["savings_mid_thb"], lang)))
    codes = list(sy["service_code"])

    def m(col):
        return [round(float(v) / 1e6, 2) for v in sy[col]]

    # one bar per service in its own colour: the mid case, the low-high range as a whisker (no legend needed)
    chart = Chart("bar", t("br.savings.chart"), [i18n.service_label(c) for c in codes], [
        Series(t("br.savings.s_mid"), m("savings_mid_thb"), NEUTRAL,
               point_colours=[colours.get(c, NEUTRAL) for c in codes],
               low=m("savings_low_thb"), high=m("savings_high_thb"))], fmt="mbaht", y_min=0)
    a = inp.assumptions
    unit_col = "unit_en" if lang == "en" else "unit_th"
    summary = inp.summary.set_index("service_code") if len(inp.summary) else pd.DataFrame()
    rows = []
    for r in a.itertuples():
        units = summary["units"].get(r.service_code) if len(summary) else None
        rows.append([
            i18n.service_label(r.service_code),
            f"{i18n.fmt_int(units)} {getattr(r, unit_col)}" if not _missing(units) else i18n.DASH,
            " / ".join(i18n.fmt_int(getattr(r, f"cost_{s}_thb_per_unit_year")) for s in ("low", "mid", "high")),
            f"{i18n.fmt_num(r.staff_hours_saved_per_unit_year, lang, 0)} × {i18n.fmt_int(r.staff_cost_thb_per_hour)}",
        ])
    table = Table([t("br.savings.col_service"), t("br.savings.col_units"), t("br.savings.col_cost"),
                   t("br.savings.col_staff")], rows) if rows else None
    return Slide("savings", t("br.savings.short"), t("br.savings.title"), lead=lead, stats=stats, chart=chart,
                 bullets=bullets, table=table, notes=notes)


def quotes(df: pd.DataFrame, n: int = MAX_QUOTES) -> list[str]:
    """A few distinct comments, newest first, alternating praise (satisfied, the reads' column from the
    satisfied() macro, and no problem named) and problems."""
    if not len(df) or "comment" not in df:
        return []
    d = df[df["comment"].notna() & (df["comment"].astype(str).str.strip() != "")]
    good = d[d["satisfied"].astype(bool) & (d["issue"].isna() | (d["issue"] == "none"))]["comment"]
    bad = d[d["issue"].notna() & (d["issue"] != "none")]["comment"]
    rest = d["comment"]

    def cut(c: str) -> str:
        return clip(c, 120)

    pools = [list(dict.fromkeys(map(cut, p))) for p in (bad, good, rest)]
    out: list[str] = []
    turn = 0
    while len(out) < n:
        for k in (turn % 2, (turn + 1) % 2, 2):
            while pools[k] and pools[k][0] in out:
                pools[k].pop(0)
            if pools[k]:
                out.append(pools[k].pop(0))
                break
        else:
            break
        turn += 1
    return out


def feedback(inp: Inputs, lang: str) -> Slide:
    t = _t(lang)
    sat = inp.satisfaction.set_index("area") if len(inp.satisfaction) else pd.DataFrame()
    notes = [x for x in (i18n.definition("satisfaction_mean", lang), i18n.definition("satisfaction_share", lang)) if x]
    if not len(sat) or "province" not in sat.index or int(sat.loc["province", "n"]) == 0:
        _, none = say.satisfaction_sentence({"n": 0}, lang)
        return Slide("feedback", t("br.feedback.short"), t("br.feedback.title"), lead=none, notes=notes, message=none)
    p = sat.loc["province"]
    n = int(p["n"])
    case, lead = say.satisfaction_sentence(p.to_dict(), lang)

    def compare(col, fmt):
        if "region" in sat.index:
            return t("br.feedback.compare", region=fmt(sat[col].get("region")), nation=fmt(sat[col].get("nation")))
        return t("br.feedback.compare_nation", nation=fmt(sat[col].get("nation"))) if "nation" in sat.index else ""

    if case == "ok":
        stats = [Stat(t("m.satisfaction"), i18n.fmt_num(p["mean"], lang, 2),
                      compare("mean", lambda v: i18n.fmt_num(v, lang, 2))),
                 Stat(t("m.satisfied_share"), _pct(p["share_satisfied"], lang),
                      compare("share_satisfied", lambda v: _pct(v, lang))),
                 Stat(t("m.responses"), i18n.fmt_int(n))]
    else:  # too few to judge: no mean or share as a big number
        stats = [Stat(t("m.responses"), i18n.fmt_int(n), t("too_few", n=n))]
    iss = inp.issues.head(MAX_ISSUES) if len(inp.issues) else inp.issues
    chart, message = None, ""
    if len(iss):
        labels = [clip(str(r[i18n.name_col(lang)]) if not _missing(r[i18n.name_col(lang)]) else str(r["issue"]), 40)
                  for _, r in iss.iterrows()]
        chart = Chart("hbar", t("br.feedback.chart"), labels,
                      [Series(t("m.responses"), [int(v) for v in iss["responses"]], ACCENT)], fmt="int", y_min=0)
    else:
        message = t("br.feedback.no_issues")
    return Slide("feedback", t("br.feedback.short"), t("br.feedback.title"), lead=lead, stats=stats, chart=chart,
                 quotes=quotes(inp.comments, 3), notes=notes, message=message)


def next_steps(inp: Inputs, lang: str, colours: dict) -> Slide:
    t = _t(lang)
    s = inp.summary
    not_adopted = {r.service_code: int(r.eligible - r.adopted) for r in s.itertuples()}
    underused = {r.service_code: int(r.underused or 0) for r in s.itertuples()}
    lead = t("br.next.lead", pairs=i18n.fmt_int(sum(not_adopted.values())),
             underused=i18n.fmt_int(sum(underused.values())))
    codes = list(not_adopted)
    # categories are the two gaps, series the services: the legend names each service in its own colour
    chart = Chart("bar", t("br.next.chart"), [t("br.next.s_not"), t("br.next.s_under")], [
        Series(i18n.service_label(c), [not_adopted[c], underused[c]], colours.get(c, NEUTRAL)) for c in codes
    ], fmt="int", y_min=0) if codes else None
    bullets = []
    comp = inp.comparison
    ref = "region" if inp.kind == "province" else "nation"
    gaps = []
    for r in s.itertuples():
        reg = comp[(comp["area"] == ref) & (comp["service_code"] == r.service_code)] if len(comp) else comp
        gap = float(r.adoption_rate) - float(reg["adoption_rate"].iloc[0]) if len(reg) else 0.0
        gaps.append((gap, -not_adopted[r.service_code], r.service_code))
    if gaps:
        focus = min(gaps)[2]
        if not_adopted[focus] == 0:
            focus = max(not_adopted, key=not_adopted.get)
        if not_adopted[focus]:
            bullets.append(t("br.next.focus", service=i18n.service_label(focus), n=i18n.fmt_int(not_adopted[focus]),
                             eligible=i18n.fmt_int(s.set_index("service_code").loc[focus, "eligible"])))
        most = max(not_adopted, key=not_adopted.get)
        if most != focus and not_adopted[most]:
            bullets.append(t("br.next.most", service=i18n.service_label(most), n=i18n.fmt_int(not_adopted[most])))
    idle = [f"{i18n.service_label(c)} {i18n.fmt_int(n)}" for c, n in underused.items() if n]
    if idle:
        bullets.append(t("br.next.idle", items=", ".join(idle)))
    o = inp.opportunity
    if o:
        bullets.append(t("br.next.rank", rank=i18n.fmt_int(o.get("rank")), total=i18n.fmt_int(o.get("n_ranked")),
                         savings=i18n.fmt_baht(o.get("potential_savings_mid_thb"), lang)))
        bullets.append(t("br.next.open", issues=i18n.fmt_int(o.get("open_issues")),
                         tickets=i18n.fmt_int(o.get("open_tickets"))))
    table = None
    ops = inp.opportunities
    if inp.kind != "province" and len(ops):
        # several provinces: the ones to visit first, by the opportunity rank
        bullets.append(t("br.next.open", issues=i18n.fmt_int(ops["open_issues"].sum()),
                         tickets=i18n.fmt_int(ops["open_tickets"].sum())))
        names = inp.province_names
        rows = [[str((names.get(r.province_code) or {}).get(i18n.name_col(lang), r.province_code)), i18n.fmt_int(r.rank),
                 i18n.fmt_int(r.not_adopted), i18n.fmt_baht(r.potential_savings_mid_thb, lang)]
                for r in ops.head(MAX_VISIT_ROWS).itertuples()]
        table = Table([t("br.next.col_province"), t("br.next.col_rank"), t("br.next.col_not"),
                       t("br.next.col_savings")], rows)
    st = inp.agency_status
    svc_cols = [c for c in inp.services["service_code"] if c in st.columns] if len(st) else []
    if table is None and len(st):
        fewest = st[st["services_adopted"] < len(svc_cols)].sort_values(["services_adopted", "agency_name"]).head(
            MAX_AGENCY_ROWS)
        if len(fewest):
            rows = []
            for _, r in fewest.iterrows():
                has = [i18n.service_label(c) for c in svc_cols if r[c] != "none"]
                rows.append([clip(str(r["agency_name"]), 48), ", ".join(has) or i18n.DASH,
                             ", ".join(i18n.service_label(c) for c in svc_cols if r[c] == "none")])
            table = Table([t("br.next.col_agency"), t("br.next.col_has"), t("br.next.col_missing")], rows)
        else:
            bullets.append(t("br.next.all_done"))
    notes = [x for x in (i18n.definition("underused", lang), i18n.definition("opportunity", lang)) if x]
    return Slide("next", t("br.next.short"), t("br.next.title"), lead=lead, chart=chart,
                 bullets=bullets, table=table, notes=notes)

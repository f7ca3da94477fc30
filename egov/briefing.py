"""บรรยายสรุป Briefing: one province's story (optionally around one event) as a list of slides.

Two steps, so the story can be tested without a warehouse and drawn three ways from one source:

    inputs = load_inputs(filters, "65", event_id=None)   # the only step that reads (egov.queries)
    story = build(inputs, "th")                           # pure: numbers -> Briefing (slides)

The Briefing is plain data (titles, big numbers, chart specs, bullets, quotes, tables, notes), drawn by
pages/briefing.py (Streamlit + plotly, presenter mode), egov/briefing_pptx.py (PowerPoint with native,
editable charts) and egov/briefing_pdf.py (HTML with inline SVG, printed by headless Chromium).

Scope: the province (or Bangkok) in the selected period, every ministry, level and service. Snapshot
numbers are at the as-of month (the latest month of data in the period); savings are the 12 months
ending there (and the whole period as a total); feedback is the whole period.

Screens: cover; 1 the province at a glance (adoption of the four services vs its region and the
nation); 2 the adoption trend with events marked; 3 the chosen event (only when one is chosen: its
effect estimate and the feedback collected there); 4 savings as a range with the assumptions named;
5 what agencies said (satisfaction, top problems, a few comments); 6 where to go next (services not
adopted, underused ones, the agencies using the fewest services, the province's opportunity rank).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from egov import i18n, metrics

NEUTRAL = "#5B6770"
ACCENT = "#1B4F8A"  # the app's primary colour
BANGKOK = "10"
TREND_MONTHS = 36
MAX_QUOTES = 4
MAX_AGENCY_ROWS = 5
MAX_ISSUES = 6


# ---- the story's shape -----------------------------------------------------------------------------

@dataclass
class Series:
    name: str
    values: list  # one per category; None = no value (a gap)
    colour: str  # "#RRGGBB"
    point_colours: list[str] | None = None  # per category, overriding colour
    markers_only: bool = False  # a line chart series drawn as markers (events), no line
    labels: list[str | None] | None = None  # per-point labels (event names on the markers)


@dataclass
class Chart:
    kind: str  # "bar" (vertical, clustered), "hbar" (horizontal, first category on top) or "line"
    title: str
    categories: list[str]
    series: list[Series]
    fmt: str = "int"  # "pct" (0-1), "pp" (percentage points), "int", "mbaht" (THB million), "num"
    y_min: float | None = None
    y_max: float | None = None
    major: float | None = None  # the value axis' major unit
    label_every: int = 1  # show every n-th category label (long monthly axes)
    data_labels: bool = True
    axis_title: str = ""


@dataclass
class Stat:
    label: str
    value: str
    note: str = ""
    colour: str = ACCENT


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]


@dataclass
class Slide:
    key: str
    short: str  # the navigation label
    title: str
    lead: str = ""
    stats: list[Stat] = field(default_factory=list)
    chart: Chart | None = None
    bullets: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    table: Table | None = None
    notes: list[str] = field(default_factory=list)
    message: str = ""  # said instead of a chart when there is nothing to draw


@dataclass
class Briefing:
    lang: str
    province_code: str
    place: str  # "จังหวัดพิษณุโลก", "กรุงเทพมหานคร", "Phitsanulok"
    region_name: str
    title: str
    subtitle: str
    org: str
    as_of: str  # "ข้อมูล ณ สิ้นเดือน ธ.ค. 2559"
    prepared: str  # "จัดทำเมื่อ 25 พ.ย. 2568"
    sample: bool
    sample_text: str
    slides: list[Slide]
    event_id: str | None = None
    has_data: bool = True
    file_stem: str = "briefing"

    def texts(self) -> list[str]:
        """Every string of the story (for tests and search)."""
        out = [self.title, self.subtitle, self.org, self.as_of, self.prepared, self.sample_text]
        for s in self.slides:
            out += [s.title, s.lead, s.message, *s.bullets, *s.quotes, *s.notes]
            out += [x for st in s.stats for x in (st.label, st.value, st.note)]
            if s.table:
                out += s.table.columns + [c for r in s.table.rows for c in r]
            if s.chart:
                out += [s.chart.title, *s.chart.categories, *(x.name for x in s.chart.series)]
        return [x for x in out if x]


# ---- inputs: every number the story needs -----------------------------------------------------------

@dataclass
class Inputs:
    province_code: str
    province: dict  # name_th, name_en, region code
    region: dict  # name_th, name_en
    as_of: dt.date | None
    start: dt.date
    end: dt.date
    prev: dt.date | None
    sample: bool
    agencies: int
    services: pd.DataFrame  # service_code, name_th, name_en, unit_th, unit_en, colour (service order)
    summary: pd.DataFrame = field(default_factory=pd.DataFrame)  # queries.service_summary, the province
    comparison: pd.DataFrame = field(default_factory=pd.DataFrame)  # queries.area_comparison
    trend: pd.DataFrame = field(default_factory=pd.DataFrame)  # queries.adoption_trend over the window
    events: pd.DataFrame = field(default_factory=pd.DataFrame)  # queries.events in the province, period
    event: dict | None = None  # the chosen event's row
    event_feedback: pd.DataFrame = field(default_factory=pd.DataFrame)
    event_impact: pd.DataFrame = field(default_factory=pd.DataFrame)
    savings_year: pd.DataFrame = field(default_factory=pd.DataFrame)  # savings_by_service, last 12 months
    savings_period: pd.DataFrame = field(default_factory=pd.DataFrame)  # savings_by_service, the period
    year_start: dt.date | None = None
    assumptions: pd.DataFrame = field(default_factory=pd.DataFrame)  # queries.cost_assumptions
    satisfaction: pd.DataFrame = field(default_factory=pd.DataFrame)  # queries.area_satisfaction
    issues: pd.DataFrame = field(default_factory=pd.DataFrame)  # queries.feedback_issues
    issue_names: pd.DataFrame = field(default_factory=pd.DataFrame)  # vocabulary feedback_issue
    event_types: pd.DataFrame = field(default_factory=pd.DataFrame)  # vocabulary event_type
    comments: pd.DataFrame = field(default_factory=pd.DataFrame)  # queries.briefing_comments
    agency_status: pd.DataFrame = field(default_factory=pd.DataFrame)  # queries.agency_status
    opportunity: dict | None = None  # mart_opportunity row + n_ranked
    today: dt.date = field(default_factory=dt.date.today)


def scope(f) -> "queries.Filters":  # noqa: F821 - imported lazily
    """The briefing's filters: the sidebar's period and region system; every ministry, level, service."""
    from egov import queries

    return queries.Filters(start=f.start, end=f.end, region_system=f.region_system)


def province_events(f, province: str) -> pd.DataFrame:
    """The events in the province over the briefing's period (for the event selector)."""
    from egov import queries

    return queries.events(scope(f), province)


def load_inputs(f, province: str, event_id: str | None = None, today: dt.date | None = None,
                assumptions=None) -> Inputs:
    """Read everything the story of one province needs (egov.queries only; cached there). Savings use
    `assumptions` when given (the session's edited ones), else the loaded ones."""
    from egov import queries

    base = scope(f)
    pf = queries.Filters(**{**base.__dict__, "provinces": (province,)})
    p = queries.period(base)
    provs = queries.provinces().set_index("province_code")
    prow = provs.loc[province].to_dict() if province in provs.index else {"name_th": province, "name_en": province}
    regs = queries.regions()
    reg = regs[(regs["system"] == base.region_system) & (regs["region_code"] == prow.get(base.region_column))]
    region = reg.iloc[0].to_dict() if len(reg) else {"name_th": "", "name_en": ""}
    services = queries.services()
    status = queries.warehouse_status()
    n = queries.agency_count(pf) if province in provs.index else 0
    inp = Inputs(province_code=province, province=prow, region=region, as_of=p.as_of, start=p.start, end=p.end,
                 prev=p.prev, sample=bool(status.get("sample")), agencies=n, services=services,
                 today=today or dt.date.today())
    if n == 0 or p.as_of is None:
        return inp
    months = queries.months()
    inp.summary = queries.service_summary(pf)
    inp.comparison = queries.area_comparison(base, province)
    inp.events = queries.events(base, province)
    ev = inp.events[inp.events["event_id"] == event_id] if event_id else inp.events.iloc[0:0]
    inp.event = ev.iloc[0].to_dict() if len(ev) else None

    window = max(p.start, queries.add_months(p.as_of, -(TREND_MONTHS - 1)))
    if inp.event is not None:
        ev_month = pd.Timestamp(inp.event["event_date"]).date().replace(day=1)
        window = min(window, max(p.start, queries.add_months(ev_month, -6)))
    inp.trend = queries.adoption_trend(queries.Filters(**{**pf.__dict__, "start": window, "end": p.as_of}))

    inp.year_start = max(months[0], queries.add_months(p.as_of, -11))
    inp.savings_year = queries.savings_by_service(queries.Filters(**{**pf.__dict__, "start": inp.year_start,
                                                                     "end": p.as_of}), assumptions)
    inp.savings_period = queries.savings_by_service(pf, assumptions)
    inp.assumptions = queries.cost_assumptions() if assumptions is None else assumptions.reset_index()
    inp.satisfaction = queries.area_satisfaction(base, province)
    inp.issues = queries.feedback_issues(base, province)
    inp.issue_names = queries.vocabulary("feedback_issue")
    inp.event_types = queries.vocabulary("event_type")
    inp.comments = queries.briefing_comments(base, province)
    inp.agency_status = queries.agency_status(base, province=province)
    opp = queries.briefing_opportunity(province)
    inp.opportunity = opp.iloc[0].to_dict() if len(opp) else None
    if inp.event is not None:
        inp.event_feedback = queries.briefing_event_feedback(province, event_id)
        inp.event_impact = queries.briefing_event_impact(province, event_id)
    return inp


# ---- small helpers ------------------------------------------------------------------------------------

def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and x != x) or x is pd.NA or x is pd.NaT


def _num(x) -> float | None:
    return None if _missing(x) else float(x)


def mix(hex_colour: str, weight: float) -> str:
    """hex_colour mixed with white; weight 1 = the colour itself."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return "#{:02X}{:02X}{:02X}".format(*(round(255 + (c - 255) * weight) for c in (r, g, b)))


def place_name(code: str, name_th: str, name_en: str, lang: str) -> str:
    """'จังหวัดพิษณุโลก' / 'กรุงเทพมหานคร' (Bangkok is not a จังหวัด) / 'Phitsanulok'."""
    if lang == "en":
        return name_en
    return name_th if code == BANGKOK else i18n.t("br.province", lang, name=name_th)


def _vocab(df: pd.DataFrame, code, lang: str) -> str:
    if _missing(code):
        return ""
    if len(df):
        hit = df[df["code"] == code]
        if len(hit):
            return str(hit.iloc[0][i18n.name_col(lang)])
    return str(code)


def _pct(x, lang) -> str:
    return i18n.fmt_pct(x, lang, 0)


# ---- the slides ---------------------------------------------------------------------------------------

def build(inp: Inputs, lang: str = "th") -> Briefing:
    """The story of one province as slides. Pure: no reads, no Streamlit."""
    t = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731
    name = i18n.name_col(lang)
    place = place_name(inp.province_code, inp.province.get("name_th", ""), inp.province.get("name_en", ""), lang)
    region_name = str(inp.region.get(name) or "")
    colours = dict(zip(inp.services["service_code"], inp.services["colour"])) if len(inp.services) else {}
    event = inp.event
    ev_type = _vocab(inp.event_types, event.get("event_type"), lang) if event else ""
    subtitle = (t("br.cover.event", title=str(event.get("title") or ev_type), date=i18n.fmt_date(event["event_date"], lang))
                if event else t("br.asof", month=i18n.fmt_month(inp.as_of, lang)))
    b = Briefing(
        lang=lang, province_code=inp.province_code, place=place, region_name=region_name,
        title=t("br.cover.title", place=place), subtitle=subtitle, org=t("br.org"),
        as_of=t("br.asof", month=i18n.fmt_month(inp.as_of, lang)),
        prepared=t("br.prepared", date=i18n.fmt_date(inp.today, lang)),
        sample=inp.sample, sample_text=t("app.sample") if inp.sample else "", slides=[],
        event_id=str(event["event_id"]) if event else None,
        has_data=inp.agencies > 0 and inp.as_of is not None,
        file_stem=f"briefing_{inp.province_code}" + (f"_{event['event_id']}" if event else "")
                  + (f"_{inp.as_of:%Y%m}" if inp.as_of else ""),
    )
    b.slides.append(_cover(inp, lang, b))
    if not b.has_data:
        b.slides[0].message = t("br.no_data", place=place)
        return b
    b.slides.append(_glance(inp, lang, place, region_name, colours))
    b.slides.append(_trend(inp, lang, colours))
    if event:
        b.slides.append(_event(inp, lang, colours, ev_type))
    b.slides.append(_savings(inp, lang, colours, place))
    b.slides.append(_feedback(inp, lang, region_name))
    b.slides.append(_next(inp, lang, colours))
    return b


def _cover(inp: Inputs, lang: str, b: Briefing) -> Slide:
    t = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731
    name = i18n.name_col(lang)
    services = [Stat(i18n.service_label(r.service_code),
                     "" if str(getattr(r, name)) == i18n.service_label(r.service_code) else str(getattr(r, name)),
                     colour=str(r.colour))
                for r in inp.services.itertuples()]
    return Slide("cover", t("br.cover.short"), b.title, lead=t("br.cover.lead"), stats=services,
                 notes=[t("br.scope")])


def _glance(inp: Inputs, lang: str, place: str, region_name: str, colours: dict) -> Slide:
    t = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731
    s = inp.summary
    comp = inp.comparison
    st = inp.agency_status
    k = int((st["services_adopted"] > 0).sum()) if len(st) else 0
    lead = t("br.glance.lead", n=i18n.fmt_int(inp.agencies), k=i18n.fmt_int(k),
             pct=_pct(metrics.adoption_rate(k, inp.agencies), lang))

    def rate(area, code):
        d = comp[(comp["area"] == area) & (comp["service_code"] == code)] if len(comp) else comp
        return _num(d["adoption_rate"].iloc[0]) if len(d) else None

    stats, bullets = [], []
    name_unit = "unit_en" if lang == "en" else "unit_th"
    units = inp.services.set_index("service_code")[name_unit] if len(inp.services) else {}
    for r in s.itertuples():
        stats.append(Stat(
            label=i18n.service_label(r.service_code),
            value=t("br.glance.stat", adopted=i18n.fmt_int(r.adopted), eligible=i18n.fmt_int(r.eligible)),
            note=t("br.glance.stat_note", rate=_pct(r.adoption_rate, lang), region_name=region_name,
                   region=_pct(rate("region", r.service_code), lang), nation=_pct(rate("nation", r.service_code), lang)),
            colour=colours.get(r.service_code, ACCENT)))
    # the biggest gaps to the region, said in words
    gaps = []
    for r in s.itertuples():
        reg = rate("region", r.service_code)
        if reg is not None and not _missing(r.adoption_rate):
            gaps.append((float(r.adoption_rate) - reg, r.service_code))
    for gap, code in sorted(gaps, key=lambda g: -abs(g[0]))[:2]:
        if abs(gap) >= 0.005:
            key = "br.glance.above" if gap > 0 else "br.glance.below"
            bullets.append(t(key, service=i18n.service_label(code), pp=i18n.fmt_pp(abs(gap), lang).lstrip("+")))
    for r in s.itertuples():
        if not _missing(r.units) and r.units:
            bullets.append(t("br.glance.units", service=i18n.service_label(r.service_code),
                             units=i18n.fmt_int(r.units), unit=units.get(r.service_code, "")))

    chart = None
    if len(comp):
        areas = [a for a in ("province", "region", "nation") if a in set(comp["area"])]
        area_names = {"province": place, "region": region_name, "nation": t("nation")}
        codes = [c for c in inp.services["service_code"] if c in set(comp["service_code"])]
        chart = Chart("bar", t("br.glance.chart"), [area_names[a] for a in areas],
                      [Series(i18n.service_label(c), [rate(a, c) for a in areas], colours.get(c, NEUTRAL))
                       for c in codes], fmt="pct", y_min=0, y_max=1.1, major=0.25)
    notes = [x for x in (i18n.definition("adopted", lang), i18n.definition("adoption_rate", lang)) if x]
    notes.append(t("br.asof", month=i18n.fmt_month(inp.as_of, lang)))
    return Slide("glance", t("br.glance.short"), t("br.glance.title", place=place), lead=lead, stats=stats,
                 chart=chart, bullets=bullets, notes=notes)


def _trend(inp: Inputs, lang: str, colours: dict) -> Slide:
    t = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731
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
    if len(ev) and months:
        first, last = months[0], months[-1]
        ev = ev.assign(m=pd.to_datetime(ev["event_date"]).dt.to_period("M").dt.to_timestamp())
        ev = ev[(ev["m"] >= first) & (ev["m"] <= last)]
        chosen = inp.event["event_id"] if inp.event else None
        labels: dict = {}
        for r in ev.itertuples():
            typ = _vocab(inp.event_types, r.event_type, lang)
            labels.setdefault(r.m, []).append(("★ " if r.event_id == chosen else "") + typ)
            bullets.append(("★ " if r.event_id == chosen else "") + t(
                "br.trend.event", date=i18n.fmt_date(r.event_date, lang), type=typ, title=str(r.title or ""),
                people=i18n.fmt_int(r.attendees)))
        if labels:
            series.append(Series(t("br.events"), [1.06 if m in labels else None for m in months], NEUTRAL,
                                 markers_only=True,
                                 labels=[" / ".join(labels[m]) if m in labels else None for m in months]))
    if not bullets:
        bullets.append(t("br.trend.no_events"))
    s = inp.summary
    stats, lead = [], t("br.trend.lead_short", month=i18n.fmt_month(inp.as_of, lang))
    if inp.prev is not None and len(s) and s["adoption_change"].notna().any():
        for r in s.itertuples():
            stats.append(Stat(i18n.service_label(r.service_code), i18n.fmt_pp(r.adoption_change, lang),
                              t("br.trend.change"), colours.get(r.service_code, ACCENT)))
        best = s.loc[s["adoption_change"].idxmax()]
        lead = (t("br.trend.lead_up", month=i18n.fmt_month(inp.as_of, lang), service=i18n.service_label(best["service_code"]),
                  pp=i18n.fmt_pp(best["adoption_change"], lang))
                if best["adoption_change"] > 0 else t("br.trend.lead_flat", month=i18n.fmt_month(inp.as_of, lang)))
    chart = None
    if cats:
        chart = Chart("line", t("br.trend.chart"), cats, series, fmt="pct", y_min=0, y_max=1.1, major=0.25,
                      label_every=max(1, -(-len(cats) // 6)), data_labels=False)
    notes = [t("br.trend.note")] + [x for x in (i18n.definition("adoption_rate", lang),) if x]
    return Slide("trend", t("br.trend.short"), t("br.trend.title"), lead=lead, stats=stats, chart=chart,
                 bullets=bullets[:6], notes=notes, message="" if chart else t("empty.section"))


def _event(inp: Inputs, lang: str, colours: dict, ev_type: str) -> Slide:
    t = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731
    e = inp.event
    title = str(e.get("title") or ev_type)
    lead = t("br.event.lead", type=ev_type, date=i18n.fmt_date(e["event_date"], lang),
             people=i18n.fmt_int(e.get("attendees")), agencies=i18n.fmt_int(e.get("agencies_attended")))
    fb = inp.event_feedback
    sat = metrics.satisfaction_summary(len(fb), fb["satisfaction"].sum() if len(fb) else 0,
                                       int((fb["satisfaction"] >= 4).sum()) if len(fb) else 0)
    stats = [Stat(t("br.event.attendees"), i18n.fmt_int(e.get("attendees"))),
             Stat(t("br.event.agencies"), i18n.fmt_int(e.get("agencies_attended"))),
             Stat(t("br.event.satisfaction"),
                  i18n.fmt_num(sat["mean"], lang, 2) if sat["n"] else i18n.DASH,
                  (t("too_few", n=sat["n"]) if sat["too_few"] else f"n = {i18n.fmt_int(sat['n'])} · "
                   + _pct(sat["share_satisfied"], lang)) if sat["n"] else t("no_responses"))]
    imp = inp.event_impact
    if len(imp):  # an event too recent for 6 months of data after it has no estimate yet
        imp = imp[imp["impact_pp"].notna()]
    chart, bullets, message = None, [], ""
    if len(imp):
        codes = list(imp["service_code"])
        chart = Chart("bar", t("br.event.chart"), [i18n.service_label(c) for c in codes],
                      [Series(t("br.event.chart"), [_num(v) for v in imp["impact_pp"]], ACCENT,
                              point_colours=[colours.get(c, NEUTRAL) for c in codes])], fmt="pp")
        for r in imp.itertuples():
            bullets.append(t("br.event.before_after", service=i18n.service_label(r.service_code),
                             before=_pct(r.rate_before, lang), after=_pct(r.rate_after, lang),
                             others=i18n.fmt_pp(r.change_others, lang)))
    else:
        message = t("br.event.no_impact")
    if len(fb):
        iss = fb[fb["issue"].notna() & (fb["issue"] != "none")]["issue"].value_counts().head(3)
        if len(iss):
            bullets.append(t("br.event.issues", issues=", ".join(
                f"{_vocab(inp.issue_names, k, lang)} ({v})" for k, v in iss.items())))
    notes = [x for x in (i18n.definition("roadshow_impact", lang),) if x]
    return Slide("event", t("br.event.short"), t("br.event.title", title=title), lead=lead, stats=stats,
                 chart=chart, bullets=bullets, quotes=_quotes(fb, 2), notes=notes, message=message)


def _savings(inp: Inputs, lang: str, colours: dict, place: str) -> Slide:
    t = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731
    sy = inp.savings_year
    cols = ("savings_low_thb", "savings_mid_thb", "savings_high_thb")
    low, mid, high = ((float(sy[c].sum()) if len(sy) else 0.0) for c in cols)
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
                         mid=i18n.fmt_baht(sp["savings_mid_thb"].sum(), lang)))
    codes = list(sy["service_code"])
    weights = (0.35, 1.0, 0.65)
    chart = Chart("bar", t("br.savings.chart"), [i18n.service_label(c) for c in codes], [
        Series(t(f"br.savings.s_{s}"), [round(float(v) / 1e6, 2) for v in sy[col]], mix(NEUTRAL, w),
               point_colours=[mix(colours.get(c, NEUTRAL), w) for c in codes])
        for s, col, w in zip(("low", "mid", "high"), cols, weights)], fmt="mbaht", y_min=0)
    # the assumptions, named
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


def _quotes(df: pd.DataFrame, n: int = MAX_QUOTES) -> list[str]:
    """A few distinct comments, newest first, alternating praise and problems."""
    if not len(df) or "comment" not in df:
        return []
    d = df[df["comment"].notna() & (df["comment"].astype(str).str.strip() != "")]
    good = d[(d["satisfaction"] >= 4) & (d["issue"].isna() | (d["issue"] == "none"))]["comment"]
    bad = d[d["issue"].notna() & (d["issue"] != "none")]["comment"]
    rest = d["comment"]

    def clip(c: str) -> str:
        c = " ".join(str(c).split())
        return c if len(c) <= 140 else c[:137] + "…"

    pools = [list(dict.fromkeys(map(clip, p))) for p in (bad, good, rest)]
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


def _feedback(inp: Inputs, lang: str, region_name: str) -> Slide:
    t = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731
    sat = inp.satisfaction.set_index("area") if len(inp.satisfaction) else pd.DataFrame()
    notes = [x for x in (i18n.definition("satisfaction_mean", lang), i18n.definition("satisfaction_share", lang)) if x]
    if not len(sat) or "province" not in sat.index or int(sat.loc["province", "n"]) == 0:
        return Slide("feedback", t("br.feedback.short"), t("br.feedback.title"), lead=t("br.feedback.none"),
                     notes=notes, message=t("br.feedback.none"))
    p = sat.loc["province"]
    n = int(p["n"])
    lead = t("br.feedback.lead", mean=i18n.fmt_num(p["mean"], lang, 2), share=_pct(p["share_satisfied"], lang),
             n=i18n.fmt_int(n))
    if bool(p["too_few"]):
        lead += " — " + t("too_few", n=n)
    stats = [Stat(t("m.satisfaction"), i18n.fmt_num(p["mean"], lang, 2),
                  t("br.feedback.compare", region=i18n.fmt_num(sat["mean"].get("region"), lang, 2),
                    nation=i18n.fmt_num(sat["mean"].get("nation"), lang, 2))),
             Stat(t("m.satisfied_share"), _pct(p["share_satisfied"], lang),
                  t("br.feedback.compare", region=_pct(sat["share_satisfied"].get("region"), lang),
                    nation=_pct(sat["share_satisfied"].get("nation"), lang))),
             Stat(t("m.responses"), i18n.fmt_int(n), t("too_few", n=n) if p["too_few"] else "")]
    iss = inp.issues.head(MAX_ISSUES) if len(inp.issues) else inp.issues
    chart, message = None, ""
    if len(iss):
        labels = [str(r[i18n.name_col(lang)]) if not _missing(r[i18n.name_col(lang)]) else str(r["issue"])
                  for _, r in iss.iterrows()]
        chart = Chart("hbar", t("br.feedback.chart"), labels,
                      [Series(t("m.responses"), [int(v) for v in iss["responses"]], ACCENT)], fmt="int", y_min=0)
    else:
        message = t("br.feedback.no_issues")
    return Slide("feedback", t("br.feedback.short"), t("br.feedback.title"), lead=lead, stats=stats, chart=chart,
                 quotes=_quotes(inp.comments), notes=notes, message=message)


def _next(inp: Inputs, lang: str, colours: dict) -> Slide:
    t = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731
    s = inp.summary
    not_adopted = {r.service_code: int(r.eligible - r.adopted) for r in s.itertuples()}
    underused = {r.service_code: int(r.underused or 0) for r in s.itertuples()}
    lead = t("br.next.lead", pairs=i18n.fmt_int(sum(not_adopted.values())),
             underused=i18n.fmt_int(sum(underused.values())))
    codes = list(not_adopted)
    chart = Chart("bar", t("br.next.chart"), [i18n.service_label(c) for c in codes], [
        Series(t("br.next.s_not"), [not_adopted[c] for c in codes], NEUTRAL,
               point_colours=[colours.get(c, NEUTRAL) for c in codes]),
        Series(t("br.next.s_under"), [underused[c] for c in codes], mix(NEUTRAL, 0.4),
               point_colours=[mix(colours.get(c, NEUTRAL), 0.4) for c in codes]),
    ], fmt="int", y_min=0) if codes else None
    bullets = []
    # the service to push: the largest shortfall against the region, else the most agencies not adopted
    comp = inp.comparison
    gaps = []
    for r in s.itertuples():
        reg = comp[(comp["area"] == "region") & (comp["service_code"] == r.service_code)] if len(comp) else comp
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
    st = inp.agency_status
    svc_cols = [c for c in inp.services["service_code"] if c in st.columns] if len(st) else []
    if len(st):
        fewest = st[st["services_adopted"] < len(svc_cols)].sort_values(["services_adopted", "agency_name"]).head(
            MAX_AGENCY_ROWS)
        if len(fewest):
            rows = []
            for _, r in fewest.iterrows():
                has = [i18n.service_label(c) for c in svc_cols if r[c] != "none"]
                rows.append([str(r["agency_name"]), ", ".join(has) or i18n.DASH,
                             ", ".join(i18n.service_label(c) for c in svc_cols if r[c] == "none")])
            table = Table([t("br.next.col_agency"), t("br.next.col_has"), t("br.next.col_missing")], rows)
        else:
            bullets.append(t("br.next.all_done"))
    notes = [x for x in (i18n.definition("underused", lang), i18n.definition("opportunity", lang)) if x]
    return Slide("next", t("br.next.short"), t("br.next.title"), lead=lead, chart=chart,
                 bullets=bullets, table=table, notes=notes)


# ---- number formats shared by the renderers ---------------------------------------------------------------

def fmt_value(v, fmt: str, lang: str = "th") -> str:
    """A chart value as its data label: 0.25 -> '25%', 3.4 (pp) -> '+3.4', 1.25 (mbaht) -> '1.3'."""
    if _missing(v):
        return ""
    if fmt == "pct":
        return f"{float(v) * 100:.0f}%"
    if fmt == "pp":
        return f"{float(v):+.1f}"
    if fmt == "mbaht":
        return f"{float(v):,.1f}"
    if fmt == "num":
        return f"{float(v):,.2f}"
    return f"{round(float(v)):,}"


# Excel / PowerPoint number formats for the same
EXCEL_FORMATS = {"pct": "0%", "pp": "+0.0;-0.0;0", "mbaht": "#,##0.0", "num": "#,##0.00", "int": "#,##0"}

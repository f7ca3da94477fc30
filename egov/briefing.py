"""บรรยายสรุป Briefing: the story of an area (a province, several provinces, a region or the nation),
optionally around one event in a province, as a list of slides.

Three steps, so the story can be tested without a warehouse and drawn three ways from one source, with no
Streamlit session needed (a command line can run them as they are):

    inputs = load_inputs(filters, "65", event_id=None)   # the only step that reads (egov/reads/)
    story = build(inputs, "th")                           # pure: numbers -> Briefing (slides)
    pptx = briefing_pptx.build_pptx(story)                # bytes; briefing_pdf.build_pdf(story) likewise

The area is a province code ("65"), several ("64,65"), a region of the filters' region system
("r:north") or the nation ("all"): see Area.parse. The Briefing is plain data (titles, big numbers,
chart specs, bullets, quotes, tables, notes), drawn by pages/briefing.py (Streamlit + plotly, presenter
mode), egov/briefing_pptx.py (PowerPoint with native, editable charts) and egov/briefing_pdf.py (HTML
with inline SVG, printed by headless Chromium). The slides are made in egov/briefing_slides.py; every
sentence comes from a rule of egov/briefing_story.py; the Briefing's shape is egov/briefing_model.py.

Scope: the area in the selected period, every ministry, level and service. Snapshot numbers are at the
as-of month (the latest month of data in the period); savings are the 12 months ending there (and the
whole period as a total); feedback is the whole period.

Screens: cover; 1 the area at a glance (adoption of the four services vs its region and the nation; a
region or several provinces vs the nation; the nation vs its regions); 2 the adoption trend with events
marked; 3 the chosen event (a province only, when one is chosen: its effect on the services it was
about, with its uncertainty, and the feedback collected there); 4 savings as a range with the
assumptions named; 5 what agencies said (satisfaction, top problems, a few comments); 6 where to go next
(services not adopted, underused ones, the agencies using the fewest services, the opportunity rank).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from egov import briefing_slides as bs
from egov import filters, i18n
from egov.briefing_model import TITLE_CHARS, TREND_MONTHS, Briefing, Inputs, _vocab, clip, place_name
from egov.reads import adoption, agencies, feedback, opportunity, reference, roadshows, savings
from etl import reference as etl_reference  # the reference files themselves (the services' aliases)


# ---- the area ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Area:
    """What a briefing covers: provinces (one: a province briefing; several: a group), a region of the
    filters' region system, or the nation (neither). Its URL form is `key`."""

    provinces: tuple[str, ...] = ()
    region: str = ""

    @property
    def kind(self) -> str:
        if self.provinces:
            return "province" if len(self.provinces) == 1 else "provinces"
        return "region" if self.region else "nation"

    @property
    def key(self) -> str:
        if self.provinces:
            return ",".join(self.provinces)
        return f"r:{self.region}" if self.region else NATION_KEY

    @classmethod
    def parse(cls, value) -> "Area":
        """'65' -> a province; '64,65' -> two provinces; 'r:north' -> a region; 'all' -> the nation."""
        if isinstance(value, Area):
            return value
        text = str(value or "").strip()
        if text == NATION_KEY:
            return cls()
        if text.startswith("r:"):
            return cls(region=text[2:])
        codes = tuple(dict.fromkeys(c.strip() for c in text.split(",") if c.strip()))
        return cls(provinces=codes)


NATION_KEY = "all"


def scope(f) -> filters.Filters:
    """The briefing's filters: the sidebar's period and region system; every ministry, level, service."""
    return filters.Filters(start=f.start, end=f.end, region_system=f.region_system)


def area_filters(f, area) -> filters.Filters:
    """The briefing's filters narrowed to an area (Area or its key)."""
    a = Area.parse(area)
    base = scope(f)
    if a.provinces:
        return base.replace(provinces=a.provinces)
    return base.replace(regions=(a.region,)) if a.region else base


def province_events(f, province: str) -> pd.DataFrame:
    """The events in the province over the briefing's period (for the event selector)."""
    return roadshows.events(scope(f), province)


def area_choices(provinces: pd.DataFrame, region_system: str, lang: str,
                 every_area: bool) -> tuple[list[str], dict[str, str]]:
    """The area chooser's options and their names: "" (none chosen), the provinces (reference rows the
    user may see) by name, then, for a user who may see every province (every_area), the regions of
    region_system and the nation."""
    name_col = i18n.name_col(lang)
    names = dict(zip(provinces["province_code"], provinces[name_col]))
    options = [""] + sorted(names, key=lambda c: names[c])
    if every_area:
        regs = reference.regions()
        regs = regs[regs["system"] == region_system]
        names.update({f"r:{r.region_code}": i18n.t("br.area_region", lang, name=getattr(r, name_col))
                      for r in regs.itertuples()})
        names[NATION_KEY] = i18n.t("br.area_nation", lang)
        options += [f"r:{c}" for c in regs["region_code"]] + [NATION_KEY]
    return options, names


def event_choices(events: pd.DataFrame, lang: str) -> dict[str, str]:
    """province_events() as the event chooser's labels (event_id -> date · type · title)."""
    types = reference.vocabulary("event_type").set_index("code")[i18n.name_col(lang)]
    return {r.event_id: f"{i18n.fmt_date(r.event_date, lang)} · {types.get(r.event_type, r.event_type)} · "
                        f"{clip(r.title or '', 80)}" for r in events.itertuples()}


def _service_names(services: pd.DataFrame) -> dict[str, list[str]]:
    """Every spelling of each service (names and the reference's aliases): to find them in event titles."""
    ref = etl_reference.services().set_index("service_code")
    out = {}
    for r in services.itertuples():
        aliases = str(ref["aliases"].get(r.service_code, "") or "") if "aliases" in ref else ""
        out[r.service_code] = [r.service_code, i18n.service_label(r.service_code), str(r.name_th), str(r.name_en),
                               *(a for a in aliases.split("|") if a.strip())]
    return out


def load_inputs(f, area, event_id: str | None = None, today: dt.date | None = None,
                assumptions=None) -> Inputs:
    """Read everything the story of an area needs (egov/reads/ only; cached there). `area`: an Area or
    its key ("65", "64,65", "r:north", "all"). `event_id` applies to a province only. Savings use
    `assumptions` when given (the session's edited ones), else the loaded ones."""
    a = Area.parse(area)
    base = scope(f)
    af = area_filters(f, a)
    p = filters.period(base)
    provs = reference.provinces().set_index("province_code")
    regs = reference.regions()
    regs = regs[regs["system"] == base.region_system].set_index("region_code")
    known = [c for c in a.provinces if c in provs.index]
    if a.kind == "province":
        code = a.provinces[0]
        prow = provs.loc[code].to_dict() if code in provs.index else {"name_th": code, "name_en": code}
        region_code = prow.get(base.region_column)
        region = regs.loc[region_code].to_dict() if region_code in regs.index else {"name_th": "", "name_en": ""}
    elif a.kind == "provinces":
        prow = {"name_th": ", ".join(str(provs.loc[c, "name_th"]) for c in known) or a.key,
                "name_en": ", ".join(str(provs.loc[c, "name_en"]) for c in known) or a.key}
        region = {"name_th": "", "name_en": ""}
    elif a.kind == "region":
        prow = regs.loc[a.region].to_dict() if a.region in regs.index else {"name_th": a.region, "name_en": a.region}
        region = {"name_th": "", "name_en": ""}
    else:
        prow = {"name_th": i18n.t("br.nation", "th"), "name_en": i18n.t("br.nation", "en")}
        region = {"name_th": "", "name_en": ""}
    services = reference.services()
    status = reference.warehouse_status()
    valid = (a.kind == "nation" or known or (a.kind == "region" and a.region in regs.index))
    n = adoption.agency_count(af) if valid else 0
    inp = Inputs(province_code=a.key, province=prow, region=region, as_of=p.as_of, start=p.start, end=p.end,
                 prev=p.prev, sample=bool(status.get("sample")), agencies=n, services=services, kind=a.kind,
                 today=today or dt.date.today())
    if n == 0 or p.as_of is None:
        return inp
    months = reference.months()
    inp.summary = adoption.service_summary(af)
    if a.kind == "province":
        code = a.provinces[0]
        inp.comparison = adoption.area_comparison(base, code)
        inp.compare_names = {"province": prow, "region": region,
                             "nation": {"name_th": i18n.t("nation", "th"), "name_en": i18n.t("nation", "en")}}
        inp.events = roadshows.events(base, code)
        inp.satisfaction = feedback.area_satisfaction(base, code)
        inp.issues = feedback.feedback_issues(base, code)
        inp.comments = feedback.briefing_comments(base, code)
        inp.agency_status = agencies.agency_status(base, province=code)
        opp = opportunity.briefing_opportunity(code)
        inp.opportunity = opp.iloc[0].to_dict() if len(opp) else None
    else:
        nation = {"name_th": i18n.t("nation", "th"), "name_en": i18n.t("nation", "en")}
        parts = [("province", af, prow)]
        if a.kind == "nation":  # the nation against its regions
            parts = [("province", base, nation)] + [
                (f"region:{rc}", base.replace(regions=(rc,)), {"name_th": r.name_th, "name_en": r.name_en})
                for rc, r in regs.iterrows()]
        else:
            parts.append(("nation", base, nation))
        frames = []
        for key, g, names in parts:
            d = adoption.service_summary(g)[["service_code", "eligible", "adopted", "adoption_rate"]].copy()
            d.insert(0, "area", key)
            frames.append(d[d["eligible"] > 0])
            inp.compare_names[key] = names
        inp.comparison = pd.concat(frames, ignore_index=True)
        inp.events = roadshows.events(af)
        sat = []
        for key, g in (("province", af), ("nation", base)):
            row = feedback.satisfaction_by_service(g)
            row = row[row["service_code"] == "ALL"].drop(columns=["service_code"])
            row.insert(0, "area", key)
            sat.append(row)
        inp.satisfaction = pd.concat(sat, ignore_index=True)
        inp.issues = feedback.feedback_issues(af)
        inp.comments = feedback.briefing_comments(af, None)
        inp.agency_status = agencies.agency_status(af)
        codes = tuple(known) if a.provinces else tuple(
            provs.index[provs[base.region_column] == a.region]) if a.region else tuple(provs.index)
        inp.opportunities = opportunity.briefing_opportunities(codes)
        inp.province_names = {c: {"name_th": provs.loc[c, "name_th"], "name_en": provs.loc[c, "name_en"]}
                              for c in codes}
    chosen = inp.events[inp.events["event_id"] == event_id] if (event_id and a.kind == "province") else None
    inp.event = chosen.iloc[0].to_dict() if chosen is not None and len(chosen) else None

    window = max(p.start, filters.add_months(p.as_of, -(TREND_MONTHS - 1)))
    if inp.event is not None:
        ev_month = pd.Timestamp(inp.event["event_date"]).date().replace(day=1)
        window = min(window, max(p.start, filters.add_months(ev_month, -6)))
    inp.trend = adoption.adoption_trend(af.replace(start=window, end=p.as_of))

    inp.year_start = max(months[0], filters.window_start(p.as_of))
    inp.savings_year = savings.savings_by_service(af.replace(start=inp.year_start, end=p.as_of), assumptions)
    inp.savings_period = savings.savings_by_service(af, assumptions)
    inp.assumptions = reference.cost_assumptions() if assumptions is None else assumptions.reset_index()
    inp.issue_names = reference.vocabulary("feedback_issue")
    inp.event_types = reference.vocabulary("event_type")
    if inp.event is not None:
        code = a.provinces[0]
        inp.event_feedback = roadshows.briefing_event_feedback(code, event_id)
        inp.event_impact = roadshows.briefing_event_impact(code, event_id)
        inp.service_names = _service_names(services)
    return inp


def build(inp: Inputs, lang: str = "th") -> Briefing:
    """The story of the area as slides. Pure: no reads, no Streamlit."""
    t = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731
    name = i18n.name_col(lang)
    place = place_name(inp.province_code, inp.province.get("name_th", ""), inp.province.get("name_en", ""), lang,
                       inp.kind)
    region_name = str(inp.region.get(name) or "")
    colours = dict(zip(inp.services["service_code"], inp.services["colour"])) if len(inp.services) else {}
    event = inp.event
    ev_type = _vocab(inp.event_types, event.get("event_type"), lang) if event else ""
    subtitle = (t("br.cover.event", title=clip(str(event.get("title") or ev_type), TITLE_CHARS),
                  date=i18n.fmt_date(event["event_date"], lang))
                if event else t("br.asof", month=i18n.fmt_month(inp.as_of, lang)))
    stem = re.sub(r"[^0-9A-Za-z_-]+", "-", inp.province_code.replace(",", "-").replace(":", "-"))
    ev_stem = re.sub(r"[^0-9A-Za-z_-]+", "-", str(event["event_id"]))[:40] if event else ""
    b = Briefing(
        lang=lang, province_code=inp.province_code, place=place, region_name=region_name,
        title=t("br.cover.title", place=place), subtitle=subtitle, org=t("br.org"),
        as_of=t("br.asof", month=i18n.fmt_month(inp.as_of, lang)),
        prepared=t("br.prepared", date=i18n.fmt_date(inp.today, lang)),
        sample=inp.sample, sample_text=t("app.sample") if inp.sample else "", slides=[],
        event_id=str(event["event_id"]) if event else None,
        has_data=inp.agencies > 0 and inp.as_of is not None,
        file_stem=f"briefing_{stem}" + (f"_{ev_stem}" if event else "")
                  + (f"_{inp.as_of:%Y%m}" if inp.as_of else ""),
        kind=inp.kind,
    )
    b.slides.append(bs.cover(inp, lang, b))
    if not b.has_data:
        b.slides[0].message = t("br.no_data", place=place)
        return b
    b.slides.append(bs.glance(inp, lang, place, region_name, colours))
    b.slides.append(bs.trend(inp, lang, colours))
    if event:
        b.slides.append(bs.event(inp, lang, colours, ev_type))
    b.slides.append(bs.savings(inp, lang, colours, place))
    b.slides.append(bs.feedback(inp, lang))
    b.slides.append(bs.next_steps(inp, lang, colours))
    return b

"""The shape of a บรรยายสรุป Briefing: plain data (titles, big numbers, chart specs, bullets, quotes, tables,
notes) that egov/briefing.py reads the Inputs for, egov/briefing_slides.py fills and the renderers draw
(pages/briefing.py, egov/briefing_pptx.py, egov/briefing_pdf.py), and the small helpers they share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from egov import i18n

NEUTRAL = "#5B6770"
ACCENT = "#1B4F8A"  # the app's primary colour
BANGKOK = "10"
TREND_MONTHS = 36
MAX_QUOTES = 4
MAX_AGENCY_ROWS = 5
MAX_ISSUES = 6
TITLE_CHARS = 90  # an event title longer than this is cut on slides and in file properties


# ---- the story's shape -----------------------------------------------------------------------------

@dataclass
class Series:
    name: str
    values: list  # one per category; None = no value (a gap)
    colour: str  # "#RRGGBB"
    point_colours: list[str] | None = None  # per category, overriding colour
    markers_only: bool = False  # a line chart series drawn as markers (events), no line
    labels: list[str | None] | None = None  # per-point labels (event names on the markers)
    low: list | None = None  # per category, the lower end of the value's range (whisker), chart units
    high: list | None = None  # per category, the upper end


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
    kind: str = "province"  # Area.kind

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
    province_code: str  # the area's key (Area.key): "65", "64,65", "r:north", "all"
    province: dict  # name_th, name_en of the area (a province's, a region's, the nation's, or joined names)
    region: dict  # name_th, name_en of a province's region (empty for the other areas)
    as_of: dt.date | None
    start: dt.date
    end: dt.date
    prev: dt.date | None
    sample: bool
    agencies: int
    services: pd.DataFrame  # service_code, name_th, name_en, unit_th, unit_en, colour (service order)
    kind: str = "province"  # Area.kind
    summary: pd.DataFrame = field(default_factory=pd.DataFrame)  # adoption.service_summary, the area
    comparison: pd.DataFrame = field(default_factory=pd.DataFrame)  # area, service_code, eligible, adoption_rate
    compare_names: dict = field(default_factory=dict)  # comparison area -> {name_th, name_en}, in chart order
    trend: pd.DataFrame = field(default_factory=pd.DataFrame)  # adoption.adoption_trend over the window
    events: pd.DataFrame = field(default_factory=pd.DataFrame)  # roadshows.events in the area, period
    event: dict | None = None  # the chosen event's row
    event_feedback: pd.DataFrame = field(default_factory=pd.DataFrame)
    event_impact: pd.DataFrame = field(default_factory=pd.DataFrame)
    service_names: dict = field(default_factory=dict)  # service_code -> names and aliases (event titles)
    savings_year: pd.DataFrame = field(default_factory=pd.DataFrame)  # savings_by_service, last 12 months
    savings_period: pd.DataFrame = field(default_factory=pd.DataFrame)  # savings_by_service, the period
    year_start: dt.date | None = None
    assumptions: pd.DataFrame = field(default_factory=pd.DataFrame)  # reference.cost_assumptions
    satisfaction: pd.DataFrame = field(default_factory=pd.DataFrame)  # area ('province' = the subject), n, ...
    issues: pd.DataFrame = field(default_factory=pd.DataFrame)  # feedback.feedback_issues
    issue_names: pd.DataFrame = field(default_factory=pd.DataFrame)  # vocabulary feedback_issue
    event_types: pd.DataFrame = field(default_factory=pd.DataFrame)  # vocabulary event_type
    comments: pd.DataFrame = field(default_factory=pd.DataFrame)  # feedback.briefing_comments
    agency_status: pd.DataFrame = field(default_factory=pd.DataFrame)  # agencies.agency_status
    opportunity: dict | None = None  # a province's mart_opportunity row + n_ranked
    opportunities: pd.DataFrame = field(default_factory=pd.DataFrame)  # several provinces' rows, best first
    province_names: dict = field(default_factory=dict)  # province_code -> {name_th, name_en}
    today: dt.date = field(default_factory=dt.date.today)


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


def place_name(code: str, name_th: str, name_en: str, lang: str, kind: str = "province") -> str:
    """'จังหวัดพิษณุโลก' / 'กรุงเทพมหานคร' (Bangkok is not a จังหวัด) / 'Phitsanulok'; other areas by
    their names ('ภาคเหนือ', 'ทั้งประเทศ', 'สุโขทัย, พิษณุโลก')."""
    if lang == "en":
        return name_en
    if kind != "province" or code == BANGKOK:
        return name_th
    return i18n.t("br.province", lang, name=name_th)


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


def clip(text: str, n: int) -> str:
    """text cut to n characters with an ellipsis (an event's title can be a paragraph)."""
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


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

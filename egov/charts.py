"""DataFrame -> plotly Figure. Pure functions: they choose columns, never reshape data or read files.

Every chart uses one colour per service (services.colour, passed in as a dict) and a Thai-capable
font. Every text that comes from the data (names, titles, free-text issues, categories, event types) goes
through esc() / esc_all() before it becomes a category, tick, legend entry, hover or label: plotly draws
<a href>, <span style> and <b> in text, and a value from a file must show as the characters it holds.
Dates on axes follow the reader's era: Buddhist Era in Thai, CE in English. Maps are plotly Choroplethmap
with map_style "white-bg": WebGL, no tiles, nothing fetched from the network.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from egov import i18n
from egov.i18n import t
from egov.safe_text import plot as esc
from egov.safe_text import plot_all as esc_all

FONT = 'Laksaman, "TH Sarabun New", Sarabun, sans-serif'
NEUTRAL = "#5B6770"
TEXT = "#1F2A33"  # text beside a service's colour bar: the service colours are for marks, some are under 4.5:1
PRIMARY = "#1B4F8A"  # the theme's primary colour, for measures pooled over services
GRID = "#E6E9EC"
OUTSIDE = "#E9ECEF"
PLOT_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
THAILAND_CENTER = {"lat": 12.9, "lon": 100.9}
# A second cue beside colour on the service lines (WCAG 1.4.1): the services' own order picks the dash.
DASHES = ("solid", "dash", "dot", "dashdot")


def config(filename: str) -> dict:
    """st.plotly_chart config: the PNG download button named after the chart."""
    return {**PLOT_CONFIG, "toImageButtonOptions": {**PLOT_CONFIG["toImageButtonOptions"], "filename": filename}}


_AXIS = {"gridcolor": GRID, "linecolor": GRID, "zeroline": False, "tickfont": {"color": "#3A4750"}}


def _layout(fig: go.Figure, height: int = 380, legend: bool = True) -> go.Figure:
    # Set as properties: fig.update_layout / update_xaxes go through plotly's relayout path, which cost
    # about 10 ms of CPU per chart (a third of some pages' runs); this costs about 3.
    lay = fig.layout
    lay.font = {"family": FONT, "size": 15, "color": TEXT}
    lay.hoverlabel = {"font": {"family": FONT, "size": 15}}
    lay.height = height
    lay.margin = {"l": 10, "r": 10, "t": 40 if legend else 20, "b": 10}
    lay.plot_bgcolor = lay.paper_bgcolor = "white"
    lay.showlegend = legend
    lay.legend = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0}
    fig.for_each_xaxis(lambda ax: ax.update(_AXIS))
    fig.for_each_yaxis(lambda ax: ax.update(_AXIS))
    return fig


def _month_ticks(months: pd.Series, lang: str, max_ticks: int = 9) -> tuple[list, list]:
    ms = sorted(pd.to_datetime(pd.Series(months).dropna().unique()))
    if not ms:
        return [], []
    step = 1
    for s in (1, 2, 3, 6, 12, 24):
        step = s
        if len(ms) / s <= max_ticks:
            break
    # anchor ticks on January (and multiples of the step within the year)
    picks = [m for m in ms if (m.month - 1) % step == 0] if step <= 12 else [m for m in ms if m.month == 1]
    picks = picks or ms[:: max(1, len(ms) // max_ticks)]
    if step >= 24:
        picks = picks[::2]
    return picks, [i18n.fmt_month(m, lang) for m in picks]


def _name_or(name, code):
    """A vocabulary's name, or the code as written when it has none (a value outside the vocabulary)."""
    return name if isinstance(name, str) and name else code


def month_axis(fig: go.Figure, months: pd.Series, lang: str) -> go.Figure:
    """Ticks labelled 'ม.ค. 2557' (Thai) or 'Jan 2014' (English) on a date x axis."""
    vals, text = _month_ticks(months, lang)
    fig.update_xaxes(tickmode="array", tickvals=vals, ticktext=text, title=None)
    return fig


def fiscal_axis(fig: go.Figure, months: pd.Series, lang: str) -> go.Figure:
    """Ticks at the start of each Thai fiscal year (1 October) in the data, labelled 'ปีงบฯ 2557' / 'FY2014'
    (egov.fiscal), with a grid line there: the year budgets and savings are read by."""
    from egov import fiscal

    ms = sorted(pd.to_datetime(pd.Series(months).dropna().unique()))
    starts = sorted({pd.Timestamp(fiscal.start(fiscal.fiscal_year(m.date()))) for m in ms})
    starts = [s for s in starts if ms and ms[0] <= s <= ms[-1]]
    step = max(1, -(-len(starts) // 9))  # at most 9 labels
    fig.update_xaxes(tickmode="array", tickvals=starts[::step], showgrid=True, title=None,
                     ticktext=[fiscal.short_label(fiscal.fiscal_year(s.date()), lang) for s in starts[::step]])
    return fig


def vlines(fig: go.Figure, xs: list, line: dict) -> go.Figure:
    """Vertical lines at xs across the plot, behind the data, added in one layout update: add_vline and
    add_shape re-validate every shape already there, which made 25 roadshow markers cost a third of a
    CPU second on every run of the Overview page."""
    fig.update_layout(shapes=list(fig.layout.shapes) + [
        {"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1, "layer": "below",
         "line": line} for x in xs])
    return fig


def adoption_trend(df: pd.DataFrame, events: pd.DataFrame, colours: dict, lang: str,
                   value: str = "adoption_rate", fiscal_ticks: bool = False) -> go.Figure:
    """Adoption rate per month, one line per service, with events as dotted vertical markers; fiscal_ticks:
    the x axis marks the start of each fiscal year instead of months.

    df: month, service_code, adopted, eligible, <value>; events: event_date, province_th/en,
    title, type_th/en (one row per event and province)."""
    fig = go.Figure()
    order = {c: i for i, c in enumerate(colours)}  # the services' own order
    for code in sorted(df["service_code"].unique(), key=lambda c: order.get(c, len(order))):
        d = df[df["service_code"] == code]
        hover = [f"{i18n.fmt_month(m, lang)}<br>{esc(i18n.service_label(code))}: <b>{i18n.fmt_pct(r, lang)}</b>"
                 f" ({i18n.fmt_int(a)}/{i18n.fmt_int(e)})"
                 for m, r, a, e in zip(d["month"], d[value], d["adopted"], d["eligible"])]
        # markers: plotly selects (a click, for the cross-filter) only traces that draw points;
        # customdata: the month the click chooses
        fig.add_trace(go.Scatter(
            x=d["month"], y=d[value], mode="lines+markers", name=esc(i18n.service_label(code)),
            line={"color": colours.get(code, NEUTRAL), "width": 3,
                  "dash": DASHES[order.get(code, len(order)) % len(DASHES)]}, marker={"size": 5},
            customdata=[pd.Timestamp(m).strftime("%Y-%m") for m in d["month"]],
            unselected={"marker": {"opacity": 1}}, hovertext=hover, hoverinfo="text",
        ))
    top = float(df[value].max()) if len(df) else 1.0
    top = max(top, 0.05)
    if events is not None and len(events):
        ev = events.assign(m=pd.to_datetime(events["event_date"]).dt.to_period("M").dt.to_timestamp())
        prov = "province_en" if lang == "en" else "province_th"
        typ = "type_en" if lang == "en" else "type_th"
        xs, texts = [], []
        for m, g in ev.groupby("m"):
            xs.append(m)
            lines = [f"{i18n.fmt_date(r.event_date, lang)} · {esc(_name_or(getattr(r, typ), r.event_type))} · "
                     f"{esc(getattr(r, prov))}"
                     for r in g.itertuples()]
            more = len(lines) - 6
            texts.append("<br>".join(lines[:6] + ([f"… +{more}"] if more > 0 else [])))
        vlines(fig, xs, {"color": "#9AA5AE", "width": 1, "dash": "dot"})
        fig.add_trace(go.Scatter(
            x=xs, y=[top * 1.06] * len(xs), mode="markers", name=t("events.marker", lang),
            marker={"symbol": "triangle-down", "size": 11, "color": NEUTRAL}, hovertext=texts, hoverinfo="text",
        ))
    fig.update_yaxes(tickformat=".0%", range=[0, min(1.0, top * 1.12) if top * 1.12 < 1 else top * 1.12],
                     title=None)
    (fiscal_axis if fiscal_ticks else month_axis)(fig, df["month"], lang)
    return _layout(fig, 400)


def hbar(df: pd.DataFrame, label: str, value: str, lang: str, colour: str = NEUTRAL, text: str | None = None,
         height: int | None = None, pct: bool = True, scale_to: pd.DataFrame | None = None,
         key: str | None = None) -> go.Figure:
    """Horizontal bars, first row on top. text: a column of preformatted labels. scale_to: the rows the
    axis is scaled to (default df): charts read side by side, given the same rows, share one axis. key: a
    column of codes each bar carries (customdata), for a click to read."""
    labels = esc_all(df[text]) if text else None
    fig = go.Figure(go.Bar(
        y=esc_all(df[label]), x=df[value], orientation="h", marker={"color": colour},
        customdata=list(df[key]) if key else None,
        text=labels, textposition="outside", cliponaxis=False,
        hovertext=labels, hoverinfo="text+y" if text else "x+y",
    ))
    fig.update_yaxes(autorange="reversed", title=None)
    scale = df if scale_to is None else scale_to
    top = float(scale[value].max()) if len(scale) and scale[value].max() > 0 else 1
    longest = max((len(str(s)) for s in scale[text]), default=0) if text else 0
    fig.update_xaxes(tickformat=".0%" if pct else ",", title=None, range=[0, top * (1.1 + 0.045 * longest)])
    if pct:  # no ticks past 100% in the room left for the labels
        step = 0.25 if top > 0.5 else 0.1
        fig.update_xaxes(tickmode="array", tickvals=[i * step for i in range(int(1 / step) + 1) if i * step <= top * 1.05])
    return _layout(fig, height or 60 + 36 * max(len(df), 1), legend=False)


def _scale(colour: str) -> list:
    return [[0.0, "#F4F6F7"], [0.15, _mix(colour, 0.25)], [0.6, _mix(colour, 0.7)], [1.0, colour]]


def _mix(hex_colour: str, weight: float) -> str:
    """hex_colour mixed with white; weight 1 = the colour itself."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    mix = [round(255 + (c - 255) * weight) for c in (r, g, b)]
    return "#{:02X}{:02X}{:02X}".format(*mix)


def choropleth(df: pd.DataFrame, geojson: dict, value: str, lang: str, colour: str, measure_label: str,
               text: str, all_iso: list[str] | None = None, selected_iso: str | None = None,
               pct: bool = False, height: int = 640) -> go.Figure:
    """Provinces coloured by value (df: iso_code, name_th/name_en, value, preformatted text column).

    Provinces outside the filter (all_iso minus df) are drawn in grey. The selected province gets a
    dark outline. No tiles: map_style 'white-bg'."""
    name = i18n.name_col(lang)
    fig = go.Figure()
    if all_iso:
        rest = sorted(set(all_iso) - set(df["iso_code"]))
        if rest:
            fig.add_trace(go.Choroplethmap(
                geojson=geojson, featureidkey="properties.iso_code", locations=rest, z=[0] * len(rest),
                colorscale=[[0, OUTSIDE], [1, OUTSIDE]], showscale=False, marker={"line": {"width": 0.6,
                                                                                          "color": "white"}},
                hovertemplate=f"%{{location}}<br>{t('pv.outside', lang)}<extra></extra>", name="",
            ))
    zmax = float(df[value].max()) if len(df) and pd.notna(df[value].max()) else 1.0
    zmin = min(0.0, float(df[value].min())) if len(df) and pd.notna(df[value].min()) else 0.0
    fig.add_trace(go.Choroplethmap(
        geojson=geojson, featureidkey="properties.iso_code", locations=df["iso_code"], z=df[value],
        zmin=zmin, zmax=zmax if zmax > zmin else zmin + 1, colorscale=_scale(colour),
        marker={"line": {"width": 0.8, "color": "white"}, "opacity": 0.95},
        customdata=list(zip(esc_all(df[name]), esc_all(df[text]))),
        hovertemplate="<b>%{customdata[0]}</b><br>" + esc(measure_label) + ": %{customdata[1]}<extra></extra>",
        colorbar={"title": {"text": ""}, "thickness": 14, "len": 0.6, "tickformat": ".0%" if pct else "~s",
                  "x": 0.98},
        name="",
    ))
    if selected_iso and selected_iso in set(df["iso_code"]) | set(all_iso or []):
        fig.add_trace(go.Choroplethmap(
            geojson=geojson, featureidkey="properties.iso_code", locations=[selected_iso], z=[1],
            colorscale=[[0, "rgba(31,42,51,0.18)"], [1, "rgba(31,42,51,0.18)"]], showscale=False,
            marker={"line": {"width": 3, "color": "#1F2A33"}}, hoverinfo="skip", name="",
        ))
    fig.update_layout(map={"style": "white-bg", "center": THAILAND_CENTER, "zoom": 4.75},
                      clickmode="event+select", dragmode=False)
    return _layout(fig, height, legend=False)


def area_comparison(df: pd.DataFrame, colours: dict, lang: str, area_names: dict[str, str]) -> go.Figure:
    """Adoption rate per service for a province, its region and the nation: one panel per service,
    the service's colour, lighter for the wider areas. df: area, service_code, adoption_rate, adopted, eligible."""
    codes = list(dict.fromkeys(df["service_code"]))
    fig = make_subplots(rows=1, cols=max(len(codes), 1), shared_yaxes=True, horizontal_spacing=0.03,
                        subplot_titles=[esc(i18n.service_label(c)) for c in codes])
    weights = {"province": 1.0, "region": 0.6, "nation": 0.35}
    for i, code in enumerate(codes, start=1):
        d = df[df["service_code"] == code]
        fig.add_trace(go.Bar(
            x=[esc(area_names.get(a, a)) for a in d["area"]], y=d["adoption_rate"],
            marker={"color": [_mix(colours.get(code, NEUTRAL), weights.get(a, 1)) for a in d["area"]],
                    "line": {"color": colours.get(code, NEUTRAL), "width": 1}},
            text=[i18n.fmt_pct(r, lang, 0) for r in d["adoption_rate"]], textposition="outside", cliponaxis=False,
            hovertext=[f"{esc(area_names.get(a, a))} · {esc(i18n.service_label(code))}: {i18n.fmt_pct(r, lang)}"
                       f" ({i18n.fmt_int(ad)}/{i18n.fmt_int(e)})"
                       for a, r, ad, e in zip(d["area"], d["adoption_rate"], d["adopted"], d["eligible"])],
            hoverinfo="text", showlegend=False,
        ), row=1, col=i)
    fig.update_yaxes(tickformat=".0%", range=[0, 1.15], title=None)
    fig.update_xaxes(tickfont={"size": 13})
    return _layout(fig, 340, legend=False)


def heatmap(df: pd.DataFrame, colours: dict, lang: str, row_label: str, value: str = "adoption_rate",
            height: int | None = None, row_key: str | None = None) -> go.Figure:
    """Rows x services heatmap of a rate with 'rate (adopted/eligible)' in each cell.

    df: <row_label>, service_code, adopted, eligible, <value> (long form). row_key: a column of row codes;
    each cell then carries [row code, service code] for a click to read."""
    rows = list(dict.fromkeys(df[row_label]))
    codes = list(dict.fromkeys(df["service_code"]))
    z, text, hover = [], [], []
    idx = df.set_index([row_label, "service_code"])
    for r in rows:
        zr, tr, hr = [], [], []
        for c in codes:
            if (r, c) in idx.index:
                rec = idx.loc[(r, c)]
                v = rec[value]
                zr.append(None if pd.isna(v) else float(v))
                tr.append(f"{i18n.fmt_pct(v, lang, 0)} ({i18n.fmt_int(rec['adopted'])}/{i18n.fmt_int(rec['eligible'])})")
                hr.append(f"{esc(r)} · {esc(i18n.service_label(c))}: {i18n.fmt_pct(v, lang)}"
                          f" ({i18n.fmt_int(rec['adopted'])}/{i18n.fmt_int(rec['eligible'])})")
            else:
                zr.append(None)
                tr.append("")
                hr.append("")
        z.append(zr)
        text.append(tr)
        hover.append(hr)
    ticktext = [f"<span style='color:{colours.get(c, NEUTRAL)}'><b>{esc(i18n.service_label(c))}</b></span>"
                for c in codes]
    fig = go.Figure(go.Heatmap(
        z=z, x=esc_all(codes), y=esc_all(rows), text=text, texttemplate="%{text}", textfont={"size": 14},
        hovertext=hover, hoverinfo="skip" if row_key else "text",
        colorscale=[[0, "#F7F9FA"], [0.5, "#9EC5E8"], [1, "#1B4F8A"]], zmin=0, zmax=1, xgap=3, ygap=3,
        colorbar={"tickformat": ".0%", "thickness": 14, "len": 0.8},
    ))
    if row_key:
        # plotly cannot select a heatmap cell: an invisible square marker on each cell takes the click
        # (and the hover), carrying the cell's codes
        keys = dict(zip(df[row_label], df[row_key]))
        cells = [(r, c, hover[i][j]) for i, r in enumerate(rows) for j, c in enumerate(codes) if hover[i][j]]
        fig.add_trace(go.Scatter(
            x=esc_all([c for _, c, _ in cells]), y=esc_all([r for r, _, _ in cells]), mode="markers",
            marker={"symbol": "square", "size": 34, "opacity": 0}, selected={"marker": {"opacity": 0}},
            unselected={"marker": {"opacity": 0}}, customdata=[[keys[r], c] for r, c, _ in cells],
            hovertext=[h for _, _, h in cells], hoverinfo="text", showlegend=False,
        ))
    fig.update_xaxes(side="top", tickmode="array", tickvals=esc_all(codes), ticktext=ticktext, showgrid=False)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    return _layout(fig, height or 90 + 42 * len(rows), legend=False)


# --- briefing
# The บรรยายสรุป Briefing page draws the story's chart specs (egov.briefing.Chart) at projector size.

BRIEFING_TICKFORMAT = {"pct": ".0%", "pp": "+.0f", "int": ",d", "mbaht": ",.1f", "num": ",.2f"}


def briefing_figure(chart, height: int | None = 470) -> go.Figure:
    """A briefing Chart spec (kind bar / hbar / line, categories, series with colours) as a plotly figure
    in large type; event markers (markers_only series) as dotted verticals with their names; a series with
    low / high ends drawn with whiskers. height None: as tall as its container (the page's slide)."""
    from egov.briefing import fmt_value

    fig = go.Figure()
    cats = esc_all(chart.categories)
    plain = [s for s in chart.series if not s.markers_only]
    for s in plain:
        text = [fmt_value(v, chart.fmt) for v in s.values] if chart.data_labels else None
        colour = s.point_colours or s.colour
        if chart.kind == "hbar":
            fig.add_trace(go.Bar(y=cats, x=s.values, orientation="h", name=esc(s.name), marker={"color": colour},
                                 text=text, textposition="outside", cliponaxis=False,
                                 textfont={"size": 20, "color": "#111"}, hoverinfo="x+y"))
        elif chart.kind == "bar" and s.high:
            # a value with its range: the whisker shows the range, the label sits above the whisker
            fig.add_trace(go.Bar(x=cats, y=s.values, name=esc(s.name), marker={"color": colour}, hoverinfo="x+y+name",
                                 error_y={"type": "data", "symmetric": False, "color": "#39434C", "thickness": 2,
                                          "width": 10,
                                          "array": [(h - v) if None not in (h, v) else 0 for h, v in zip(s.high, s.values)],
                                          "arrayminus": [(v - lo) if None not in (lo, v) else 0
                                                         for lo, v in zip(s.low or s.values, s.values)]}))
            for c, v, h in zip(cats, s.values, s.high):
                if v is not None and chart.data_labels:
                    fig.add_annotation(x=c, y=max(h if h is not None else v, v), text=fmt_value(v, chart.fmt),
                                       showarrow=False, yanchor="bottom", yshift=2,
                                       font={"size": 19, "color": "#111"})
        elif chart.kind == "bar":
            fig.add_trace(go.Bar(x=cats, y=s.values, name=esc(s.name), marker={"color": colour}, text=text,
                                 textposition="outside", cliponaxis=False, textfont={"size": 19, "color": "#111"},
                                 hoverinfo="x+y+name"))
        else:
            fig.add_trace(go.Scatter(x=cats, y=s.values, mode="lines", name=esc(s.name), connectgaps=False,
                                     line={"color": s.colour, "width": 4}, hoverinfo="x+y+name"))
    for s in chart.series:
        if not s.markers_only:
            continue
        xs = [c for c, v in zip(cats, s.values) if v is not None]
        labels = [esc(lb) for lb, v in zip(s.labels or [None] * len(cats), s.values) if v is not None]
        vlines(fig, xs, {"color": "#9AA5AE", "width": 1.5, "dash": "dot"})
        fig.add_trace(go.Scatter(x=xs, y=[v for v in s.values if v is not None], mode="markers+text", name=esc(s.name),
                                 text=[lb or "" for lb in labels], textposition="middle right", cliponaxis=False,
                                 textfont={"size": 16, "color": NEUTRAL},
                                 marker={"symbol": "triangle-down", "size": 16, "color": s.colour},
                                 hovertext=labels, hoverinfo="text+x"))
    value_axis = fig.update_xaxes if chart.kind == "hbar" else fig.update_yaxes
    rng = None
    if chart.y_max is not None:
        rng = [chart.y_min or 0, chart.y_max]
    elif plain and (chart.y_min is not None or any(s.high for s in plain)):
        ends = [v for s in plain for v in [*s.values, *(s.high or []), *(s.low or [])] if v is not None]
        top, bottom = max(ends + [0]), min(ends + [0])
        span = (top - bottom) or 1
        rng = [chart.y_min if chart.y_min is not None else bottom - 0.08 * span, top + 0.18 * span]
    value_axis(tickformat=BRIEFING_TICKFORMAT.get(chart.fmt, ""), range=rng, title=None,
               dtick=chart.major, tickfont={"size": 16}, zeroline=chart.fmt == "pp", zerolinecolor="#9AA5AE")
    if chart.kind == "hbar":
        fig.update_yaxes(autorange="reversed", tickfont={"size": 19}, title=None)
    else:
        ticks = cats[:: max(chart.label_every, 1)]
        fig.update_xaxes(tickmode="array", tickvals=ticks, ticktext=ticks, tickfont={"size": 18 if chart.kind == "bar"
                                                                                     else 16}, title=None)
    _layout(fig, height, legend=len(chart.series) > 1)
    few = chart.kind == "bar" and len(cats) <= 2 and len(plain) == 1  # one or two fat bars look like a wall
    fig.update_layout(font={"family": FONT, "size": 18, "color": "#111"}, barmode="group", bargap=0.6 if few else 0.25,
                      legend={"font": {"size": 18}}, hoverlabel={"font": {"family": FONT, "size": 18}},
                      margin={"l": 10, "r": 30, "t": 50 if len(chart.series) > 1 else 20, "b": 16})
    return fig


# --- underuse
# Charts of the การใช้งานต่ำและโอกาส Underuse and opportunity page.

def category_stack(df: pd.DataFrame, category: str, colours: dict, names: dict, lang: str, label: str = "label",
                   value: str = "n", height: int | None = None, legend_rows: int = 1) -> go.Figure:
    """Horizontal bars stacked by a category (colours and names: dicts keyed by the category's codes, in
    the order to stack), rows in the frame's order, first on top. df (long): <label>, <category>, <value>."""
    rows = esc_all(dict.fromkeys(df[label]))
    fig = go.Figure()
    order = {c: i for i, c in enumerate(colours)}
    for code in sorted(df[category].unique(), key=lambda c: (order.get(c, len(order)), str(c))):
        d = df[df[category] == code]
        name = esc(names.get(code, code))
        ys = esc_all(d[label])
        fig.add_trace(go.Bar(
            y=ys, x=d[value], orientation="h", name=name, marker={"color": colours.get(code, NEUTRAL)},
            hovertext=[f"{r} · {name}: {i18n.fmt_int(v)}" for r, v in zip(ys, d[value])], hoverinfo="text",
        ))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(categoryorder="array", categoryarray=rows, autorange="reversed", title=None)
    most = float(df.groupby(label)[value].sum().max()) if len(df) else 1.0
    fig.update_xaxes(tickformat=",d", title=None, dtick=1 if most <= 8 else None)
    fig = _layout(fig, height or 70 + 22 * legend_rows + 28 * max(len(rows), 1))
    fig.update_layout(legend={"traceorder": "normal"}, margin={"t": 20 + 26 * legend_rows})
    return fig


def service_stack(df: pd.DataFrame, colours: dict, lang: str, label: str = "label", value: str = "n",
                  height: int | None = None) -> go.Figure:
    """category_stack() by service: one colour per service, services in their own order."""
    return category_stack(df, "service_code", colours, {c: i18n.service_label(c) for c in colours}, lang,
                          label=label, value=value, height=height)


# Feedback problem categories (vocabularies 'feedback_issue'): muted colours, none a service's colour.
ISSUE_COLOURS = {"router_underused": "#5B6770", "misunderstanding": "#8E7CC3", "training": "#C9A227",
                 "bandwidth": "#4A90A4", "support": "#D17A8B", "budget": "#7A9A3A"}


def opportunity_bars(df: pd.DataFrame, lang: str, label: str = "label", value: str = "potential_savings_mid_thb",
                     text: str = "text") -> go.Figure:
    """Provinces ranked by opportunity: hbar() with the baht written on each bar and no axis ticks."""
    fig = hbar(df, label, value, lang, colour=PRIMARY, text=text, pct=False)
    fig.update_xaxes(showticklabels=False, showgrid=False)
    return fig


# --- savings
# Charts of the ประหยัดงบประมาณ Savings page.

def savings_range(df: pd.DataFrame, label: str, lang: str, colours: list[str] | str = PRIMARY,
                  height: int | None = None) -> go.Figure:
    """Savings as ranges: per row a bar from the low to the high case with a marker at the mid case,
    first row on top, in millions of baht. df: <label>, savings_low_thb, savings_mid_thb, savings_high_thb;
    colours: one per row, or one for all."""
    cols = list(colours) if isinstance(colours, (list, tuple)) else [colours] * len(df)
    lo, mid, hi = (pd.to_numeric(df[f"savings_{s}_thb"]).astype("float64") / 1e6 for s in ("low", "mid", "high"))
    names = esc_all(df[label])
    hover = [f"<b>{n}</b><br>{t('sv.mid', lang)}: {i18n.fmt_baht(m * 1e6, lang)}<br>"
             f"{t('sv.range', lang)}: {i18n.fmt_baht_range(a * 1e6, b * 1e6, lang)}"
             for n, a, m, b in zip(names, lo, mid, hi)]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        y=names, x=hi - lo, base=lo, orientation="h", name=t("sv.range", lang),
        marker={"color": [_mix(c, 0.35) for c in cols], "line": {"color": cols, "width": 1}},
        hovertext=hover, hoverinfo="text", width=0.55,
    ))
    fig.add_trace(go.Scatter(
        y=names, x=mid, mode="markers", name=t("sv.mid", lang),
        marker={"symbol": "diamond", "size": 13, "color": cols, "line": {"color": "white", "width": 1}},
        hovertext=hover, hoverinfo="text",
    ))
    fig.add_trace(go.Scatter(  # the mid case written after the bar's end
        y=names, x=hi, mode="text", text=[f"  {i18n.fmt_num(m, lang, 1)}" for m in mid],
        textposition="middle right", textfont={"size": 14, "color": "#1F2A33"}, hoverinfo="skip", showlegend=False,
        cliponaxis=False,
    ))
    top = float(hi.max()) if len(df) and pd.notna(hi.max()) and hi.max() > 0 else 1.0
    fig.update_yaxes(autorange="reversed", title=None, categoryorder="array", categoryarray=names)
    fig.update_xaxes(title=t("sv.axis", lang), tickformat=",.0f" if top >= 10 else ",.1f", range=[0, top * 1.16])
    return _layout(fig, height or 110 + 44 * max(len(df), 1), legend=True)


# --- roadshows
# Charts of the โรดโชว์ Roadshows page.

EVENT_TYPE_COLOURS = {"roadshow": "#6A4C93", "seminar": "#00838F", "site_visit": "#9C6B30", "training": "#7A8B99"}


def roadshow_timeline(ev: pd.DataFrame, lang: str, height: int = 360) -> go.Figure:
    """Events by date: one row per event type, coloured by type, sized by attendees. ev: events()
    (event_date, event_type, type_th/en, title, province_th/en, attendees, agencies_attended)."""
    typ = "type_en" if lang == "en" else "type_th"
    prov = "province_en" if lang == "en" else "province_th"
    fig = go.Figure()
    biggest = float(pd.to_numeric(ev["attendees"]).max()) if len(ev) and ev["attendees"].notna().any() else 1.0
    lanes = []
    for code in list(EVENT_TYPE_COLOURS) + sorted(set(ev["event_type"]) - set(EVENT_TYPE_COLOURS)):
        d = ev[ev["event_type"] == code]
        if d.empty:
            continue
        name = esc(d[typ].dropna().iloc[0] if d[typ].notna().any() else code)
        lanes.append(name)
        people = pd.to_numeric(d["attendees"]).fillna(0).astype("float64")
        fig.add_trace(go.Scatter(
            x=pd.to_datetime(d["event_date"]), y=[name] * len(d), mode="markers", name=name,
            marker={"color": EVENT_TYPE_COLOURS.get(code, NEUTRAL), "size": people, "sizemode": "area",
                    "sizeref": 2.0 * max(biggest, 1.0) / (34 ** 2), "sizemin": 5, "opacity": 0.75,
                    "line": {"color": "white", "width": 1}},
            hovertext=[f"<b>{i18n.fmt_date(r.event_date, lang)}</b> · {esc(getattr(r, prov))}<br>"
                       f"{esc(r.title) if isinstance(r.title, str) else ''}<br>"
                       f"{t('pv.attendees', lang)}: {i18n.fmt_int(r.attendees)} · "
                       f"{t('pv.agencies_attended', lang)}: {i18n.fmt_int(r.agencies_attended)}"
                       for r in d.itertuples()],
            hoverinfo="text",
        ))
    months = pd.to_datetime(ev["event_date"]).dt.to_period("M").dt.to_timestamp()
    month_axis(fig, months, lang)
    fig.update_yaxes(categoryorder="array", categoryarray=lanes[::-1], title=None)
    return _layout(fig, height)


def roadshow_impact(df: pd.DataFrame, colours: dict, lang: str, height: int = 320) -> go.Figure:
    """The impact estimate of one event in one province, per service, in percentage points (bars in the
    service's colour, a zero line). df: service_code, rate_before, rate_after, change_visited,
    change_others, impact_pp (rows with impact_pp NULL are left out)."""
    d = df[df["impact_pp"].notna()]
    labels = [esc(i18n.service_label(c)) for c in d["service_code"]]
    hover = [f"<b>{esc(i18n.service_label(r.service_code))}</b><br>"
             + t("rs.hover_visited", lang, before=i18n.fmt_pct(r.rate_before, lang),
                 after=i18n.fmt_pct(r.rate_after, lang), change=i18n.fmt_pp(r.change_visited, lang))
             + "<br>" + t("rs.hover_others", lang, change=i18n.fmt_pp(r.change_others, lang))
             for r in d.itertuples()]
    fig = go.Figure(go.Bar(
        x=labels, y=d["impact_pp"], marker={"color": [colours.get(c, NEUTRAL) for c in d["service_code"]]},
        text=[i18n.fmt_pp(v / 100, lang) for v in d["impact_pp"]], textposition="outside", cliponaxis=False,
        hovertext=hover, hoverinfo="text",
    ))
    span = float(d["impact_pp"].abs().max()) if len(d) else 1.0
    span = max(span, 1.0) * 1.3
    fig.add_hline(y=0, line={"color": "#9AA5AE", "width": 1})
    fig.update_yaxes(range=[-span, span], title=t("rs.pp_axis", lang), ticksuffix="")
    return _layout(fig, height, legend=False)


def roadshow_map(df: pd.DataFrame, geojson: dict, lang: str, all_iso: list[str], height: int = 560) -> go.Figure:
    """Provinces coloured by the number of events: choropleth() with whole-number colour-bar ticks.
    df: iso_code, name_th/name_en, events, text."""
    fig = choropleth(df, geojson, "events", lang, PRIMARY, t("rs.map_measure", lang), "text", all_iso=all_iso,
                     height=height)
    top = int(df["events"].max()) if len(df) else 1
    for trace in fig.data:
        if trace.showscale is not False:  # the measured provinces (the others are drawn without a scale)
            trace.colorbar.update(tickformat=",d", dtick=max(1, round(top / 5)))
    return fig



# --- feedback
# Charts of the ความคิดเห็นและการสนับสนุน Feedback and support page (pages/feedback.py).

TICKET_OPENED = "#9EC5E8"
TICKET_BACKLOG = "#C0392B"
PARTIAL_FILL = "rgba(91,103,112,0.22)"  # the latest, incomplete month (NEUTRAL, light)


def _few_month_ticks(fig: go.Figure, months: pd.Series, lang: str) -> go.Figure:
    """month_axis with fewer, horizontal ticks, for charts half the page wide."""
    vals, text = _month_ticks(months, lang, max_ticks=5)
    fig.update_xaxes(tickmode="array", tickvals=vals, ticktext=text, tickangle=0, title=None)
    return fig


def satisfaction_bars(df: pd.DataFrame, colours: dict, lang: str, height: int = 320) -> go.Figure:
    """Mean satisfaction (1-5) per service, in the service's colour; a service with too few responses
    (df.too_few) is drawn faded and says so. df: service_code, mean, share_satisfied, n, too_few."""
    labels = [esc(i18n.service_label(c)) for c in df["service_code"]]
    col = [_mix(colours.get(c, NEUTRAL), 0.3 if few else 1.0) for c, few in zip(df["service_code"], df["too_few"])]
    text = [i18n.fmt_num(m, lang, 2) for m in df["mean"]]
    ticks = [f"<b>{lb}</b><br>n = {i18n.fmt_int(n)}" + (f"<br>{t('fb.too_few_short', lang)}" if few else "")
             for lb, n, few in zip(labels, df["n"], df["too_few"])]
    hover = [t("fb.sat_hover", lang, service=lb, mean=i18n.fmt_num(m, lang, 2), share=i18n.fmt_pct(s, lang),
               n=i18n.fmt_int(n)) for lb, m, s, n in zip(labels, df["mean"], df["share_satisfied"], df["n"])]
    fig = go.Figure(go.Bar(x=labels, y=df["mean"], marker={"color": col, "line": {"color": [
        colours.get(c, NEUTRAL) for c in df["service_code"]], "width": 1.5}}, text=text, textposition="outside",
        constraintext="none", textfont={"size": 14}, cliponaxis=False, hovertext=hover, hoverinfo="text"))
    fig.update_yaxes(range=[0, 5.6], tickvals=[1, 2, 3, 4, 5], title=t("fb.sat_axis", lang))
    # the two- or three-line labels (service, n = …) stand clear of the axis line
    fig.update_xaxes(title=None, tickmode="array", tickvals=labels, ticktext=ticks, tickfont={"size": 13},
                     ticklabelstandoff=10)
    return _layout(fig, height, legend=False)


def ticket_volume(df: pd.DataFrame, lang: str, height: int = 360, partial=None) -> go.Figure:
    """Tickets opened per month (bars), closed (line) and the backlog at month end (line).
    df: month, opened, closed, backlog_end. partial: the latest month of the ticket data, when the chart
    reaches it: some of its tickets may still be open (the backlog jumps, closures drop), so it is
    shaded and named in the legend and its hover says so. The data are shown as they are."""
    fig = go.Figure()
    months = [i18n.fmt_month(m, lang) for m in df["month"]]
    partial = pd.Timestamp(partial) if partial is not None else None
    cut = [partial is not None and pd.Timestamp(m) >= partial for m in df["month"]]
    for col, key, kind, colour in (("opened", "fb.s_opened", "bar", TICKET_OPENED),
                                   ("closed", "fb.s_closed", "line", PRIMARY),
                                   ("backlog_end", "fb.s_backlog", "line", TICKET_BACKLOG)):
        name = t(key, lang)
        hover = [f"{m}<br>{name}: <b>{i18n.fmt_int(v)}</b>" + (f"<br><i>{t('fb.s_partial', lang)}</i>" if c else "")
                 for m, v, c in zip(months, df[col], cut)]
        if kind == "bar":  # the incomplete month's bar hatched
            pattern = {"shape": ["/" if c else "" for c in cut], "fgcolor": NEUTRAL, "size": 6} if any(cut) else None
            fig.add_trace(go.Bar(x=df["month"], y=df[col], name=name, marker={"color": colour, "pattern": pattern},
                                 hovertext=hover, hoverinfo="text"))
        else:
            fig.add_trace(go.Scatter(x=df["month"], y=df[col], name=name, mode="lines",
                                     line={"color": colour, "width": 2.5 if col == "backlog_end" else 1.8},
                                     hovertext=hover, hoverinfo="text"))
    if any(cut):
        last = pd.Timestamp(df["month"].max())
        fig.add_vrect(x0=partial - pd.Timedelta(days=16), x1=last + pd.Timedelta(days=16), layer="below",
                      fillcolor=PARTIAL_FILL, line={"width": 0}, name=t("fb.s_partial", lang), showlegend=True)
    fig.update_layout(bargap=0.15, legend={"entrywidth": 0.5, "entrywidthmode": "fraction"})  # 2 x 2 entries
    fig.update_yaxes(title=None, rangemode="tozero")
    _few_month_ticks(fig, df["month"], lang)
    return _layout(fig, height)


def resolve_hours(df: pd.DataFrame, lang: str, height: int = 360) -> go.Figure:
    """Median and mean hours to resolve per month of closing. df: month, median_hours, mean_hours."""
    fig = go.Figure()
    months = [i18n.fmt_month(m, lang) for m in df["month"]]
    sparse = df["median_hours"].notna().mean() < 0.8 if len(df) else False  # isolated months need markers
    for col, key, colour, dash in (("median_hours", "fb.s_median", PRIMARY, "solid"),
                                   ("mean_hours", "fb.s_mean", NEUTRAL, "dot")):
        name = t(key, lang)
        hover = [f"{m}<br>{name}: <b>{t('fb.hours', lang, h=i18n.fmt_num(v, lang))}</b>"
                 for m, v in zip(months, df[col])]
        fig.add_trace(go.Scatter(x=df["month"], y=df[col], name=name, mode="lines+markers" if sparse else "lines",
                                 line={"color": colour, "width": 2.2, "dash": dash}, marker={"size": 5},
                                 hovertext=hover, hoverinfo="text", connectgaps=False))
    fig.update_yaxes(title=None, rangemode="tozero", ticksuffix=" " + ("h" if lang == "en" else "ชม."))
    _few_month_ticks(fig, df["month"], lang)
    return _layout(fig, height)


def weekday_hour_heatmap(df: pd.DataFrame, lang: str, height: int = 330) -> go.Figure:
    """Tickets per weekday (rows, Monday on top) and hour (columns 0-23). df: weekday, hour, tickets."""
    days = list(range(1, 8))
    hours = list(range(24))
    grid = df.pivot(index="weekday", columns="hour", values="tickets").reindex(index=days, columns=hours).fillna(0)
    names = [t(f"weekday.{d}", lang) for d in days]
    hover = [[t("fb.heatmap_hover", lang, day=names[i], hour=f"{h:02d}", n=i18n.fmt_int(grid.iloc[i, h]))
              for h in hours] for i in range(len(days))]
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy(), x=[f"{h:02d}" for h in hours], y=names, hovertext=hover, hoverinfo="text",
        colorscale=[[0, "#F7F9FA"], [0.5, "#9EC5E8"], [1, PRIMARY]], xgap=2, ygap=2,
        colorbar={"thickness": 12, "len": 0.9, "tickformat": ","},
    ))
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(showgrid=False, title=t("fb.hour_axis", lang), tickmode="array",
                     tickvals=[f"{h:02d}" for h in hours[::2]])
    return _layout(fig, height, legend=False)


# --- agency profile
# The หน่วยงาน Agency page: one agency's usage of each service against the service's threshold.

IDLE_MARK = "#C0392B"  # months adopted and not active


def agency_usage(df: pd.DataFrame, colours: dict, lang: str) -> go.Figure:
    """One panel per service: the primary metric month by month (a line in the service's colour), the
    threshold it must exceed to count as active (a dashed grey line), and the months adopted but not
    active marked with a red cross. df: reads.agency_profile.agency_usage() (month, service_code, adopted,
    primary_value, active, idle_months, primary_metric, active_threshold)."""
    order = {c: i for i, c in enumerate(colours)}
    codes = sorted(df["service_code"].unique(), key=lambda c: order.get(c, len(order))) if len(df) else []
    n = max(len(codes), 1)
    fig = make_subplots(rows=n, cols=1, shared_xaxes=True, vertical_spacing=0.07 if n > 1 else 0,
                        subplot_titles=[esc(f"{i18n.service_label(c)} · {df.loc[df.service_code == c, 'primary_metric'].iloc[0]}")
                                        for c in codes] or None)
    for i, code in enumerate(codes, start=1):
        d = df[df["service_code"] == code]
        colour = colours.get(code, NEUTRAL)
        thr = float(d["active_threshold"].iloc[0])
        value = pd.to_numeric(d["primary_value"]).astype("float64")
        hover = [f"{i18n.fmt_month(m, lang)}<br>{esc(i18n.service_label(code))}: <b>"
                 f"{i18n.DASH if pd.isna(v) else i18n.fmt_num(v, lang, 1)}</b><br>"
                 f"{t('ap.threshold', lang)}: {i18n.fmt_num(thr, lang, 1)}"
                 + (f"<br>{t('ap.idle_hover', lang, n=i18n.fmt_int(k))}" if a and not act else "")
                 for m, v, a, act, k in zip(d["month"], value, d["adopted"], d["active"], d["idle_months"])]
        fig.add_trace(go.Scatter(x=d["month"], y=value, mode="lines+markers", name=esc(i18n.service_label(code)),
                                 line={"color": colour, "width": 2.5}, marker={"size": 4, "color": colour},
                                 hovertext=hover, hoverinfo="text", showlegend=False), row=i, col=1)
        fig.add_trace(go.Scatter(x=[d["month"].min(), d["month"].max()], y=[thr, thr], mode="lines",
                                 name=t("ap.threshold", lang), line={"color": NEUTRAL, "width": 1.5, "dash": "dash"},
                                 hoverinfo="skip", showlegend=i == 1), row=i, col=1)
        idle = d[d["adopted"] & ~d["active"]]
        fig.add_trace(go.Scatter(x=idle["month"], y=[thr] * len(idle), mode="markers", name=t("ap.idle_mark", lang),
                                 marker={"symbol": "x", "size": 8, "color": IDLE_MARK},
                                 hovertext=[hover[j] for j in range(len(d)) if d["adopted"].iloc[j]
                                            and not d["active"].iloc[j]],
                                 hoverinfo="text", showlegend=i == 1 and len(idle) > 0), row=i, col=1)
        fig.update_yaxes(title=None, rangemode="tozero", row=i, col=1)
    if len(df):
        vals, text = _month_ticks(df["month"], lang)
        fig.update_xaxes(tickmode="array", tickvals=vals, ticktext=text, title=None)
    fig = _layout(fig, 90 + 170 * n)
    # the legend above the first panel's title, not over it
    fig.layout.margin.t = 70
    fig.layout.legend.update(yref="container", y=1, yanchor="top")
    for ann in fig.layout.annotations:  # the panel titles, left-aligned and in the page's font
        ann.update(x=0, xanchor="left", font={"family": FONT, "size": 15})
    return fig

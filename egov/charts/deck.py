"""The บรรยายสรุป Briefing page draws the story's chart specs (egov.briefing_model.Chart) at projector size."""

from __future__ import annotations

import plotly.graph_objects as go

from egov.briefing_model import fmt_value
from egov.charts.axes import vlines
from egov.charts.style import FONT, NEUTRAL, layout
from egov.safe_text import plot as esc
from egov.safe_text import plot_all as esc_all


BRIEFING_TICKFORMAT = {"pct": ".0%", "pp": "+.0f", "int": ",d", "mbaht": ",.1f", "num": ",.2f"}


def briefing_figure(chart, height: int | None = 470) -> go.Figure:
    """A briefing Chart spec (kind bar / hbar / line, categories, series with colours) as a plotly figure
    in large type; event markers (markers_only series) as dotted verticals with their names; a series with
    low / high ends drawn with whiskers. height None: as tall as its container (the page's slide)."""
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
    layout(fig, height, legend=len(chart.series) > 1)
    few = chart.kind == "bar" and len(cats) <= 2 and len(plain) == 1  # one or two fat bars look like a wall
    fig.update_layout(font={"family": FONT, "size": 18, "color": "#111"}, barmode="group", bargap=0.6 if few else 0.25,
                      legend={"font": {"size": 18}}, hoverlabel={"font": {"family": FONT, "size": 18}},
                      margin={"l": 10, "r": 30, "t": 50 if len(chart.series) > 1 else 20, "b": 16})
    return fig

"""Bar charts: ranked bars, area comparisons, stacks by category or service, savings ranges,
satisfaction per service, a roadshow's estimated effect."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from egov import i18n
from egov.charts.style import NEUTRAL, PRIMARY, layout, mix
from egov.i18n import t
from egov.safe_text import plot as esc
from egov.safe_text import plot_all as esc_all


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
    return layout(fig, height or 60 + 36 * max(len(df), 1), legend=False)


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
            marker={"color": [mix(colours.get(code, NEUTRAL), weights.get(a, 1)) for a in d["area"]],
                    "line": {"color": colours.get(code, NEUTRAL), "width": 1}},
            text=[i18n.fmt_pct(r, lang, 0) for r in d["adoption_rate"]], textposition="outside", cliponaxis=False,
            hovertext=[f"{esc(area_names.get(a, a))} · {esc(i18n.service_label(code))}: {i18n.fmt_pct(r, lang)}"
                       f" ({i18n.fmt_int(ad)}/{i18n.fmt_int(e)})"
                       for a, r, ad, e in zip(d["area"], d["adoption_rate"], d["adopted"], d["eligible"])],
            hoverinfo="text", showlegend=False,
        ), row=1, col=i)
    fig.update_yaxes(tickformat=".0%", range=[0, 1.15], title=None)
    fig.update_xaxes(tickfont={"size": 13})
    return layout(fig, 340, legend=False)


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
    fig = layout(fig, height or 70 + 22 * legend_rows + 28 * max(len(rows), 1))
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
        marker={"color": [mix(c, 0.35) for c in cols], "line": {"color": cols, "width": 1}},
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
    return layout(fig, height or 110 + 44 * max(len(df), 1), legend=True)


def satisfaction_bars(df: pd.DataFrame, colours: dict, lang: str, height: int = 320) -> go.Figure:
    """Mean satisfaction (1-5) per service, in the service's colour; a service with too few responses
    (df.too_few) is drawn faded and says so. df: service_code, mean, share_satisfied, n, too_few."""
    labels = [esc(i18n.service_label(c)) for c in df["service_code"]]
    col = [mix(colours.get(c, NEUTRAL), 0.3 if few else 1.0) for c, few in zip(df["service_code"], df["too_few"])]
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
    return layout(fig, height, legend=False)


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
    return layout(fig, height, legend=False)

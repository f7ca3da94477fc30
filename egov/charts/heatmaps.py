"""Heatmaps: adoption rate of rows (ministries, departments) x services, tickets by weekday x hour."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from egov import i18n
from egov.charts.style import NEUTRAL, PRIMARY, layout
from egov.i18n import t
from egov.safe_text import plot as esc
from egov.safe_text import plot_all as esc_all


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
    return layout(fig, height or 90 + 42 * len(rows), legend=False)


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
    return layout(fig, height, legend=False)

"""Province maps: plotly Choroplethmap with map_style "white-bg" (WebGL, no tiles, nothing fetched from
the network)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from egov import i18n
from egov.charts.style import OUTSIDE, PRIMARY, layout, mix
from egov.i18n import t
from egov.safe_text import plot as esc
from egov.safe_text import plot_all as esc_all


THAILAND_CENTER = {"lat": 12.9, "lon": 100.9}


def _scale(colour: str) -> list:
    return [[0.0, "#F4F6F7"], [0.15, mix(colour, 0.25)], [0.6, mix(colour, 0.7)], [1.0, colour]]


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
    return layout(fig, height, legend=False)


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

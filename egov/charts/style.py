"""Colours, type and the common layout of every chart; the st.plotly_chart config."""

from __future__ import annotations

import plotly.graph_objects as go


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
# A second cue beside colour on the service lines (WCAG 1.4.1): the services' own order picks the dash.
DASHES = ("solid", "dash", "dot", "dashdot")


def config(filename: str) -> dict:
    """st.plotly_chart config: the PNG download button named after the chart."""
    return {**PLOT_CONFIG, "toImageButtonOptions": {**PLOT_CONFIG["toImageButtonOptions"], "filename": filename}}


_AXIS = {"gridcolor": GRID, "linecolor": GRID, "zeroline": False, "tickfont": {"color": "#3A4750"}}


def layout(fig: go.Figure, height: int = 380, legend: bool = True) -> go.Figure:
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


def name_or(name, code):
    """A vocabulary's name, or the code as written when it has none (a value outside the vocabulary)."""
    return name if isinstance(name, str) and name else code


def mix(hex_colour: str, weight: float) -> str:
    """hex_colour mixed with white; weight 1 = the colour itself."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    rgb = [round(255 + (c - 255) * weight) for c in (r, g, b)]
    return "#{:02X}{:02X}{:02X}".format(*rgb)

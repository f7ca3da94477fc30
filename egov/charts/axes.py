"""Date axes: months in the reader's era (Buddhist Era in Thai), Thai fiscal years, vertical markers."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from egov import fiscal, i18n


def month_ticks(months: pd.Series, lang: str, max_ticks: int = 9) -> tuple[list, list]:
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


def month_axis(fig: go.Figure, months: pd.Series, lang: str) -> go.Figure:
    """Ticks labelled 'ม.ค. 2557' (Thai) or 'Jan 2014' (English) on a date x axis."""
    vals, text = month_ticks(months, lang)
    fig.update_xaxes(tickmode="array", tickvals=vals, ticktext=text, title=None)
    return fig


def few_month_ticks(fig: go.Figure, months: pd.Series, lang: str) -> go.Figure:
    """month_axis with fewer, horizontal ticks, for charts half the page wide."""
    vals, text = month_ticks(months, lang, max_ticks=5)
    fig.update_xaxes(tickmode="array", tickvals=vals, ticktext=text, tickangle=0, title=None)
    return fig


def fiscal_axis(fig: go.Figure, months: pd.Series, lang: str) -> go.Figure:
    """Ticks at the start of each Thai fiscal year (1 October) in the data, labelled 'ปีงบฯ 2557' / 'FY2014'
    (egov.fiscal), with a grid line there: the year budgets and savings are read by."""
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

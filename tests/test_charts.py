"""egov.charts: what a figure carries, independent of any page."""

from __future__ import annotations

import datetime as dt

import pandas as pd

import plotly.graph_objects as go

from egov.charts import axes, trends


def test_trend_marks_every_event_month_with_one_line_behind_the_data():
    months = pd.date_range("2014-01-01", periods=6, freq="MS")
    df = pd.DataFrame({"month": list(months) * 2, "service_code": ["GIN"] * 6 + ["GCLOUD"] * 6,
                       "adoption_rate": [0.1 * i for i in range(12)], "adopted": range(12), "eligible": [20] * 12})
    events = pd.DataFrame({
        "event_date": [dt.date(2014, 2, 3), dt.date(2014, 2, 20), dt.date(2014, 5, 9)],
        "event_type": ["roadshow"] * 3, "type_th": ["โรดโชว์"] * 3, "type_en": ["Roadshow"] * 3,
        "province_th": ["ชลบุรี", "ระยอง", "สุโขทัย"], "province_en": ["Chon Buri", "Rayong", "Sukhothai"],
        "title": ["a", "b", "c"]})
    fig = trends.adoption_trend(df, events, {"GIN": "#111111", "GCLOUD": "#222222"}, "th")
    lines = fig.layout.shapes
    # two events in February share one line; one in May
    assert [pd.Timestamp(s.x0) for s in lines] == [pd.Timestamp("2014-02-01"), pd.Timestamp("2014-05-01")]
    assert all(s.x0 == s.x1 and (s.y0, s.y1, s.yref, s.layer) == (0, 1, "paper", "below") for s in lines)
    assert {s.line.dash for s in lines} == {"dot"}
    markers = fig.data[-1]
    assert list(markers.x) == [pd.Timestamp("2014-02-01"), pd.Timestamp("2014-05-01")]
    assert "ชลบุรี" in markers.hovertext[0] and "ระยอง" in markers.hovertext[0]
    # each service's line has its own dash as well as its colour (a reader who cannot tell the colours)
    assert [(s.name, s.line.dash) for s in fig.data[:2]] == [("GIN", "solid"), ("G-Cloud", "dash")]


def test_vlines_keep_the_shapes_already_there():
    fig = axes.vlines(go.Figure(), [1], {"color": "#000"})
    axes.vlines(fig, [2, 3], {"color": "#111"})
    assert [(s.x0, s.line.color) for s in fig.layout.shapes] == [(1, "#000"), (2, "#111"), (3, "#111")]

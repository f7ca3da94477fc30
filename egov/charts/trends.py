"""Charts over time: adoption per service, the roadshow timeline, support tickets month by month,
one agency's usage against its thresholds."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from egov import i18n
from egov.charts.axes import month_ticks, few_month_ticks, fiscal_axis, month_axis, vlines
from egov.charts.style import DASHES, FONT, NEUTRAL, PRIMARY, layout, name_or
from egov.i18n import t
from egov.safe_text import plot as esc


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
            lines = [f"{i18n.fmt_date(r.event_date, lang)} · {esc(name_or(getattr(r, typ), r.event_type))} · "
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
    return layout(fig, 400)


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
    return layout(fig, height)


TICKET_OPENED = "#9EC5E8"


TICKET_BACKLOG = "#C0392B"


PARTIAL_FILL = "rgba(91,103,112,0.22)"  # the latest, incomplete month (NEUTRAL, light)


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
    few_month_ticks(fig, df["month"], lang)
    return layout(fig, height)


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
    few_month_ticks(fig, df["month"], lang)
    return layout(fig, height)


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
        vals, text = month_ticks(df["month"], lang)
        fig.update_xaxes(tickmode="array", tickvals=vals, ticktext=text, title=None)
    fig = layout(fig, 90 + 170 * n)
    # the legend above the first panel's title, not over it
    fig.layout.margin.t = 70
    fig.layout.legend.update(yref="container", y=1, yanchor="top")
    for ann in fig.layout.annotations:  # the panel titles, left-aligned and in the page's font
        ann.update(x=0, xanchor="left", font={"family": FONT, "size": 15})
    return fig

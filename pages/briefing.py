"""บรรยายสรุป Briefing: presenter mode for one province (optionally one event in it).

The province's story (egov/briefing.py) in a few screens, in large type for a projector, with the
sidebar hidden (CSS; turn presenter mode off to get the menu and filters back), and downloadable as
PowerPoint (native charts) and PDF. The period and region system come from the sidebar's filters;
every ministry, level and service is included.
"""

import streamlit as st

from egov import assumptions, auth, briefing, briefing_pdf, briefing_pptx, charts, filters, i18n, queries
from egov import safe_text

PARAMS = ("p", "ev")  # the page's own URL parameters: province, event
SCREEN_KEY = "br_screen"

lang = filters.current_lang()
auth.check_page("briefing")
st.session_state[getattr(filters, "_PAGE_PARAMS", "_egov_page_params")] = PARAMS


def t(key: str, **kwargs) -> str:
    return i18n.t(key, lang, **kwargs)


def esc(text) -> str:
    return safe_text.html(text)


STYLE = """
<style>
.br-title { font-size: clamp(2rem, 2.9vw, 2.6rem); font-weight: 700; color: #1B4F8A; line-height: 1.2; margin: 0.2rem 0 0; }
.br-lead { font-size: 1.55rem; color: #111; margin: 0.1rem 0 0.7rem; line-height: 1.35; }
.br-stats { display: flex; gap: 1.4rem; margin: 0 0 0.8rem; }
.br-stat { flex: 1 1 0; border-left: 8px solid; padding: 0 0 0 0.8rem; min-width: 0; }
.br-stat .l { font-size: 1.3rem; font-weight: 700; }
.br-stat .v { font-size: clamp(1.5rem, 2.1vw, 2.2rem); font-weight: 800; color: #111; line-height: 1.15; }
.br-stat .n { font-size: 1.05rem; color: #39434C; }
.br-chart-title { font-size: 1.45rem; font-weight: 700; color: #111; margin: 0.3rem 0 0; }
.br-side { font-size: 1.35rem; line-height: 1.45; color: #111; }
.br-side ul { padding-left: 1.3rem; margin: 0 0 0.8rem; }
.br-side li { margin-bottom: 0.35rem; }
.br-quote { font-size: 1.35rem; font-style: italic; color: #1B4F8A; border-left: 5px solid #C9D6E6;
            padding-left: 0.7rem; margin: 0 0 0.6rem; }
.br-table { width: 100%; border-collapse: collapse; font-size: 1.1rem; }
.br-table th { background: #1B4F8A; color: #fff; text-align: left; padding: 0.25rem 0.45rem; }
.br-table td { padding: 0.25rem 0.45rem; border-bottom: 1px solid #D5DADF; vertical-align: top; }
.br-message { font-size: 1.5rem; color: #39434C; padding: 1.5rem 0; }
.br-notes { font-size: 1rem; color: #39434C; margin-top: 0.6rem; }
.br-notes p { margin: 0 0 0.2rem; }
.br-foot { font-size: 1rem; color: #39434C; text-align: right; }
.br-sample { background: #FFF3CD; color: #5C4400; font-weight: 700; font-size: 1.05rem; text-align: center;
             padding: 0.2rem 0.6rem; border-radius: 4px; }
.br-band { background: #1B4F8A; color: #fff; padding: 2.4rem 2rem 1.6rem; border-radius: 6px; margin: 0.4rem 0 1.2rem; }
.br-band .br-title { color: #fff; font-size: 3.2rem; }
.br-band .sub { font-size: 1.6rem; margin-top: 0.4rem; }
.br-svc { font-size: 1.6rem; margin: 0.45rem 0; }
.br-svc i { display: inline-block; width: 1.1rem; height: 1.1rem; margin-right: 0.7rem; vertical-align: -0.1rem; }
.br-svc b { display: inline-block; min-width: 9rem; }
</style>
"""

PRESENTER_STYLE = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1rem; padding-left: 2.5rem; padding-right: 2.5rem; max-width: 100%; }
</style>
"""


# ---- controls ------------------------------------------------------------------------------------------

f = filters.current_filters()
provs = auth.in_scope(queries.provinces())  # the chooser offers the user's provinces; the queries enforce it
names = dict(zip(provs["province_code"], provs[i18n.name_col(lang)]))
options = [""] + sorted(names, key=lambda c: names[c])

st.html(STYLE)
c_prov, c_event, c_mode, c_pptx, c_pdf = st.columns([3, 4, 2, 2.1, 1.9], vertical_alignment="bottom")
with c_prov:
    code = filters.page_select(t("br.choose"), options, key="br_province", param="p", default="",
                               format_func=lambda c: names.get(c, c) if c else t("br.none_chosen"))
with c_mode:
    present = st.toggle(t("br.present"), value=True, key="br_present", help=t("br.present_help"))
if present:
    st.html(PRESENTER_STYLE)

if not code:
    st.title(t("page.briefing"))
    if queries.warehouse_status()["sample"]:
        st.warning(t("app.sample"), icon="🧪")
    st.info(t("br.prompt"), icon="🎤")
    st.caption(t("br.scope"))
    st.stop()

events = briefing.province_events(f, code)
types = queries.vocabulary("event_type").set_index("code")[i18n.name_col(lang)]
ev_labels = {r.event_id: f"{i18n.fmt_date(r.event_date, lang)} · {types.get(r.event_type, r.event_type)} · {r.title or ''}"
             for r in events.itertuples()}
with c_event:
    event_id = filters.page_select(t("br.event"), [""] + list(ev_labels), key="br_event", param="ev", default="",
                                   format_func=lambda e: ev_labels.get(e, e) if e else t("br.no_event"))

story = briefing.build(briefing.load_inputs(f, code, event_id or None, assumptions=assumptions.override()), lang)

if not story.has_data:
    if story.sample:
        st.markdown(f"<div class='br-sample'>{esc(story.sample_text)}</div>", unsafe_allow_html=True)
    st.markdown(f"<div class='br-title'>{esc(story.title)}</div>", unsafe_allow_html=True)
    st.info(safe_text.md(story.slides[0].message), icon="🔎")
    st.stop()

with c_pptx:
    st.download_button(t("br.pptx"), data=lambda: briefing_pptx.build_pptx(story), file_name=story.file_stem + ".pptx",
                       mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       icon="📊", on_click="ignore", width="stretch", key="br_dl_pptx")
with c_pdf:
    if briefing_pdf.available():
        st.download_button(t("br.pdf"), data=lambda: briefing_pdf.build_pdf(story), file_name=story.file_stem + ".pdf",
                           mime="application/pdf", icon="📄", on_click="ignore", width="stretch", key="br_dl_pdf")
    else:
        st.caption(t("br.pdf_missing"))

# ---- the screen ----------------------------------------------------------------------------------------

slides = story.slides
ident = (code, event_id, lang)
if st.session_state.get("_br_ident") != ident:  # a new story starts at its cover
    st.session_state["_br_ident"] = ident
    st.session_state[SCREEN_KEY] = 0
idx = st.session_state.get(SCREEN_KEY)
idx = idx if isinstance(idx, int) and 0 <= idx < len(slides) else 0
st.session_state[SCREEN_KEY] = idx
s = slides[idx]


def go(delta: int) -> None:
    st.session_state[SCREEN_KEY] = max(0, min(len(slides) - 1, st.session_state.get(SCREEN_KEY, 0) + delta))


# navigation on top: after a click the new screen starts where the eye is
c_prev, c_nav, c_next = st.columns([1, 6, 1], vertical_alignment="center")
c_prev.button(t("br.prev"), on_click=go, args=(-1,), disabled=idx == 0, width="stretch", key="br_prev")
c_nav.segmented_control(t("br.screens"), list(range(len(slides))), key=SCREEN_KEY, required=True,
                        format_func=lambda i: f"{i + 1} {slides[i].short}", label_visibility="collapsed")
c_next.button(t("br.next"), on_click=go, args=(1,), disabled=idx == len(slides) - 1, width="stretch",
              key="br_next")

if story.sample:  # on every screen
    st.markdown(f"<div class='br-sample'>{esc(story.sample_text)}</div>", unsafe_allow_html=True)


def stats_html(stats) -> str:
    return "<div class='br-stats'>" + "".join(
        f"<div class='br-stat' style='border-color:{esc(x.colour)}'><div class='l' style='color:{esc(x.colour)}'>"
        f"{esc(x.label)}</div><div class='v'>{esc(x.value)}</div>"
        + (f"<div class='n'>{esc(x.note)}</div>" if x.note else "") + "</div>" for x in stats) + "</div>"


def side_html(slide) -> str:
    parts = []
    if slide.bullets:
        parts.append("<ul>" + "".join(f"<li>{esc(b)}</li>" for b in slide.bullets) + "</ul>")
    parts += [f"<p class='br-quote'>“{esc(q)}”</p>" for q in slide.quotes]
    if slide.table:
        head = "".join(f"<th>{esc(c)}</th>" for c in slide.table.columns)
        rows = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in slide.table.rows)
        parts.append(f"<table class='br-table'><tr>{head}</tr>{rows}</table>")
    return "<div class='br-side'>" + "".join(parts) + "</div>"


if s.key == "cover":
    st.markdown(f"<div class='br-band'><div class='br-title'>{esc(s.title)}</div>"
                f"<div class='sub'>{esc(story.subtitle)}</div></div>"
                f"<div class='br-lead'><b>{esc(s.lead)}</b></div>"
                + "".join(f"<div class='br-svc'><i style='background:{esc(x.colour)}'></i>"
                          f"<b style='color:{esc(x.colour)}'>{esc(x.label)}</b>{esc(x.value)}</div>" for x in s.stats)
                + f"<div class='br-notes'><p><b>{esc(story.org)}</b></p>"
                + "".join(f"<p>{esc(n)}</p>" for n in s.notes) + "</div>", unsafe_allow_html=True)
else:
    st.markdown(f"<div class='br-title'>{esc(s.title)}</div>"
                + (f"<div class='br-lead'>{esc(s.lead)}</div>" if s.lead else "")
                + (stats_html(s.stats) if s.stats else ""), unsafe_allow_html=True)
    has_side = bool(s.bullets or s.quotes or s.table)
    main, side = st.columns([3, 2], gap="large") if has_side else (st.container(), None)
    with main:
        if s.chart:
            st.markdown(f"<div class='br-chart-title'>{esc(s.chart.title)}</div>", unsafe_allow_html=True)
            st.plotly_chart(charts.briefing_figure(s.chart, height=370 if s.stats else 480),
                            key=f"br_chart_{s.key}", config=charts.config(f"{story.file_stem}_{s.key}"))
        elif s.message:
            st.markdown(f"<div class='br-message'>{esc(s.message)}</div>", unsafe_allow_html=True)
    if side is not None:
        with side:
            st.markdown(side_html(s), unsafe_allow_html=True)
    if s.notes:
        st.markdown("<div class='br-notes'>" + "".join(f"<p>{esc(n)}</p>" for n in s.notes) + "</div>",
                    unsafe_allow_html=True)

st.markdown(f"<div class='br-foot'>{esc(story.place)} · {esc(story.as_of)} · {esc(story.prepared)} · "
            f"{esc(t('br.page', n=idx + 1, total=len(slides)))}</div>", unsafe_allow_html=True)

"""บรรยายสรุป Briefing: an area's story (a province, optionally one event in it; a region; the nation) in a
few screens sized to the window, and downloadable as PowerPoint (native charts) and PDF.

Presenter mode shows only the slide (a small ✕ in the corner, or Esc, leaves it). It starts off and turns
on when an area is chosen, or from the URL (?pm=1). A presentation clicker steps through the screens:
PageDown, → and Space advance, PageUp and ← go back (Streamlit button shortcuts, so they work with the
controls hidden). The screen is in the URL (?s=3) so a reload stays on it. The period and region system
come from the sidebar's filters; every ministry, level and service is included.

Every value from the data (names, titles, comments) reaches the page escaped (safe_text.html) inside st.html,
which renders no markdown.
"""

import streamlit as st

from egov import assumptions, auth, briefing, briefing_pdf, briefing_pptx, safe_text, shell
from egov.charts import deck, style
from egov.reads import reference
from egov.safe_text import html as esc

PARAMS = ("p", "ev", "s", "pm")  # the page's own URL parameters: area, event, screen (1-based), presenter mode
SCREEN_KEY = "br_screen"
PRESENT_KEY = "br_present"
AREA_KEY = "br_province"

opened = shell.page_open("briefing", PARAMS)  # the page draws its own title (on the prompt only)
lang, t = opened.lang, opened.t
ss = st.session_state


# Sizes follow the window's height (vh) so every screen fits 1280x720 to 1920x1080 without scrolling; the
# slide is a flex column whose body (chart and side) takes what the title, numbers and notes leave.
STYLE = """
<style>
[data-testid="stMainBlockContainer"] { max-width: 100%; padding-left: 2.5rem; padding-right: 2.5rem; }
div.st-key-br_slide.st-key-br_slide { flex: 0 0 auto; flex-wrap: nowrap; gap: 0.45vh; }
.st-key-br_slide > [data-testid='stLayoutWrapper']:has(> .st-key-br_body) { flex: 0 0 auto !important; height: 62vh;
                                                                            min-height: 20rem; }
.st-key-br_body { flex-wrap: nowrap; gap: 2vw; align-items: stretch; height: 100%; }
.st-key-br_body > [data-testid='stLayoutWrapper'] { min-width: 0; min-height: 0; }
.st-key-br_body > [data-testid='stLayoutWrapper']:has(> .st-key-br_main) { flex: 3 1 0 !important; }
.st-key-br_body > [data-testid='stLayoutWrapper']:has(> .st-key-br_side) { flex: 2 1 0 !important; overflow: hidden; }
.st-key-br_main { flex-wrap: nowrap; gap: 0; min-height: 0; }
.br-title { font-size: clamp(1.4rem, 4.6vh, 3rem); font-weight: 700; color: #1B4F8A; line-height: 1.7; margin: 0; }
.br-lead { font-size: clamp(1rem, 3vh, 1.9rem); color: #111; margin: 0.2vh 0 0; line-height: 1.3; }
.br-stats { display: flex; gap: 1.2vw; margin: 0.6vh 0 0; }
.br-stat { flex: 1 1 0; border-left: 0.45rem solid; padding: 0 0 0 0.7vw; min-width: 0; }
.br-stat .l { font-size: clamp(0.9rem, 2.4vh, 1.5rem); font-weight: 700; line-height: 1.25; }
.br-stat .v { font-size: clamp(1.1rem, 3.7vh, 2.5rem); font-weight: 800; color: #111; line-height: 1.15; white-space: nowrap; }
.br-stat .n { font-size: clamp(0.75rem, 1.9vh, 1.2rem); color: #39434C; line-height: 1.3; }
.br-chart-title { font-size: clamp(0.95rem, 2.6vh, 1.6rem); font-weight: 700; color: #111; margin: 0; line-height: 1.3; }
.br-side { font-size: clamp(0.85rem, 2.45vh, 1.6rem); line-height: 1.35; color: #111; }
.br-side.dense { font-size: clamp(0.8rem, 2.1vh, 1.4rem); }
.br-side ul { padding-left: 1.2em; margin: 0 0 0.5em; }
.br-side li { margin-bottom: 0.25em; font-size: inherit; line-height: inherit; }
.br-side p, .br-notes p { font-size: inherit; line-height: inherit; }
.br-quote { font-style: italic; color: #1B4F8A; border-left: 4px solid #C9D6E6; padding-left: 0.6em; margin: 0 0 0.4em; }
.br-table { width: 100%; border-collapse: collapse; font-size: 0.85em; }
.br-table th { background: #1B4F8A; color: #fff; text-align: left; padding: 0.15em 0.35em; }
.br-table td { padding: 0.15em 0.35em; border-bottom: 1px solid #D5DADF; vertical-align: top; }
.br-message { font-size: clamp(1rem, 3vh, 1.8rem); color: #39434C; padding: 2vh 0; }
.br-notes { font-size: clamp(0.7rem, 1.75vh, 1.1rem); color: #39434C; line-height: 1.3; }
.br-notes p { margin: 0; }
.br-foot { font-size: clamp(0.7rem, 1.75vh, 1.1rem); color: #39434C; text-align: right; line-height: 1.3; }
.br-sample { background: #FFF3CD; color: #5C4400; font-weight: 700; font-size: clamp(0.75rem, 1.9vh, 1.1rem);
             text-align: center; padding: 0.1rem 0.6rem; border-radius: 4px; }
.br-band { background: #1B4F8A; color: #fff; padding: 4vh 2rem 3vh; border-radius: 6px; margin: 0.5vh 0 2vh; }
.br-band .br-title { color: #fff; font-size: clamp(1.8rem, 6vh, 4rem); white-space: normal; }
.br-band .sub { font-size: clamp(1rem, 3.2vh, 2rem); margin-top: 1vh; }
.br-svc { font-size: clamp(1rem, 3.1vh, 2rem); margin: 1vh 0; display: flex; align-items: baseline; gap: 1rem; }
.br-svc i { flex: 0 0 auto; display: inline-block; width: 0.9em; height: 0.9em; align-self: center; }
.br-svc b { flex: 0 0 7.5em; }
.st-key-br_keys { display: none; }
</style>
"""

# presenter mode: only the slide; the sidebar, header, controls and screen tabs are hidden (their buttons
# stay mounted, so the clicker's keys still reach them)
PRESENTER_STYLE = """
<style>
[data-testid="stMainBlockContainer"] { max-width: 100%; padding-left: 2.5rem; padding-right: 2.5rem; }
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"], .st-key-br_controls, .st-key-br_nav, .st-key-br_prompt_title { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.8rem 2.2rem 0 !important; max-width: 100% !important; }
[data-testid="stMain"] { overflow: hidden; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] { gap: 0 !important; }
div.st-key-br_slide.st-key-br_slide { height: calc(100vh - 1.2rem); overflow: hidden; }
.st-key-br_slide > [data-testid='stLayoutWrapper']:has(> .st-key-br_body) { flex: 1 1 0 !important; height: auto;
                                                                            min-height: 0; }
.st-key-br_exit { position: fixed; top: 0.2rem; right: 0.4rem; z-index: 1000; width: auto !important; opacity: 0.55; }
.st-key-br_exit:hover { opacity: 1; }
.st-key-br_exit button { min-height: 1.6rem; padding: 0 0.5rem; font-size: 0.85rem; }
</style>
"""


def enter_presenter() -> None:
    """Choosing an area turns presenter mode on (the presenter's next step is to present it)."""
    if ss.get(AREA_KEY):
        ss[PRESENT_KEY] = True


def leave_presenter() -> None:
    ss[PRESENT_KEY] = False


# ---- controls ------------------------------------------------------------------------------------------

f = shell.current_filters()
provs = auth.in_scope(reference.provinces())  # the chooser offers the user's provinces; the queries enforce it
options, names = briefing.area_choices(provs, f.region_system, lang, every_area=auth.current_scope() is None)

if PRESENT_KEY not in ss:
    ss[PRESENT_KEY] = shell.url_param("pm") == "1"

st.html(STYLE)
controls = st.container(key="br_controls")
with controls:
    c_prov, c_event, c_mode, c_pptx, c_pdf = st.columns([3, 4, 2, 2.1, 1.9], vertical_alignment="bottom")
with c_prov:
    code = shell.page_select(t("br.choose"), options, key=AREA_KEY, param="p", default="",
                               format_func=lambda c: names.get(c, c) if c else t("br.none_chosen"),
                               on_change=enter_presenter)
if not code:
    ss[PRESENT_KEY] = False  # nothing to present: the menu and filters stay
with c_mode:
    present = st.toggle(t("br.present"), key=PRESENT_KEY, help=t("br.present_help"))
if present:
    st.query_params["pm"] = "1"
elif "pm" in st.query_params:
    del st.query_params["pm"]

if not code:
    with st.container(key="br_prompt_title"):
        st.title(t("page.briefing"))
    if reference.warehouse_status()["sample"]:
        st.warning(t("app.sample"), icon="🧪")
    st.info(t("br.prompt"), icon="🎤")
    st.caption(t("br.scope"))
    st.stop()

if present:
    st.html(PRESENTER_STYLE)
    with st.container(key="br_exit"):
        st.button("✕", key="br_exit_btn", on_click=leave_presenter, help=t("br.present_exit"), shortcut="Esc")

is_province = code in provs["province_code"].values
ev_labels = {}
if is_province:
    events = briefing.province_events(f, code)
    ev_labels = briefing.event_choices(events, lang)
with c_event:
    event_id = shell.page_select(t("br.event"), [""] + list(ev_labels), key="br_event", param="ev", default="",
                                   format_func=lambda e: ev_labels.get(e, e) if e else t("br.no_event"),
                                   disabled=not is_province)

story = briefing.build(briefing.load_inputs(f, code, event_id or None, assumptions=assumptions.override()), lang)

if not story.has_data:
    with st.container(key="br_slide"):
        if story.sample:
            st.html(f"<div class='br-sample'>{esc(story.sample_text)}</div>")
        st.html(f"<div class='br-title'>{esc(story.title)}</div>")
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
if "_br_ident" not in ss:  # the session's first story: the screen the URL names (1-based)
    ss["_br_ident"] = ident
    try:
        ss[SCREEN_KEY] = int(shell.url_param("s") or 1) - 1
    except ValueError:
        ss[SCREEN_KEY] = 0
elif ss["_br_ident"] != ident:  # another story starts at its cover
    ss["_br_ident"] = ident
    ss[SCREEN_KEY] = 0
idx = ss.get(SCREEN_KEY)
idx = idx if isinstance(idx, int) and 0 <= idx < len(slides) else 0
ss[SCREEN_KEY] = idx
if st.query_params.get("s") != str(idx + 1):
    st.query_params["s"] = str(idx + 1)
s = slides[idx]


def go(delta: int) -> None:
    ss[SCREEN_KEY] = max(0, min(len(slides) - 1, ss.get(SCREEN_KEY, 0) + delta))


# navigation on top (hidden in presenter mode); the clicker's other keys on buttons that are never shown
with st.container(key="br_nav"):
    c_prev, c_nav, c_next = st.columns([1.5, 5, 1.5], vertical_alignment="center")
    c_prev.button(t("br.prev"), on_click=go, args=(-1,), disabled=idx == 0, width="stretch", key="br_prev",
                  shortcut="PageUp")
    c_nav.segmented_control(t("br.screens"), list(range(len(slides))), key=SCREEN_KEY, required=True,
                            format_func=lambda i: f"{i + 1} {slides[i].short}", label_visibility="collapsed")
    c_next.button(t("br.next"), on_click=go, args=(1,), disabled=idx == len(slides) - 1, width="stretch",
                  key="br_next", shortcut="PageDown")
with st.container(key="br_keys"):
    st.button("→", on_click=go, args=(1,), key="br_key_right", shortcut="Right")
    st.button("␣", on_click=go, args=(1,), key="br_key_space", shortcut="Space")
    st.button("←", on_click=go, args=(-1,), key="br_key_left", shortcut="Left")


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
    words = sum(len(b) for b in slide.bullets + slide.quotes) + (200 if slide.table else 0)
    return f"<div class='br-side{' dense' if words > 420 else ''}'>" + "".join(parts) + "</div>"


foot = (f"<div class='br-foot'>{esc(story.place)} · {esc(story.as_of)} · {esc(story.prepared)} · "
        f"{esc(t('br.page', n=idx + 1, total=len(slides)))}</div>")
with st.container(key="br_slide"):
    if story.sample:  # on every screen
        st.html(f"<div class='br-sample'>{esc(story.sample_text)}</div>")
    if s.key == "cover":
        st.html(f"<div class='br-band'><div class='br-title'>{esc(s.title)}</div>"
                f"<div class='sub'>{esc(story.subtitle)}</div></div>"
                f"<div class='br-lead'><b>{esc(s.lead)}</b></div>"
                + "".join(f"<div class='br-svc'><i style='background:{esc(x.colour)}'></i>"
                          f"<b style='color:{esc(x.colour)}'>{esc(x.label)}</b><span>{esc(x.value)}</span></div>"
                          for x in s.stats))
        with st.container(key="br_body"):
            pass
        st.html(f"<div class='br-notes'><p><b>{esc(story.org)}</b></p>"
                + "".join(f"<p>{esc(n)}</p>" for n in s.notes) + "</div>" + foot)
    else:
        st.html(f"<div class='br-title' title='{esc(s.title)}'>{esc(s.title)}</div>"
                + (f"<div class='br-lead'>{esc(s.lead)}</div>" if s.lead else "")
                + (stats_html(s.stats) if s.stats else ""))
        has_side = bool(s.bullets or s.quotes or s.table)
        with st.container(key="br_body", horizontal=True):
            with st.container(key="br_main"):
                if s.chart:
                    st.html(f"<div class='br-chart-title'>{esc(s.chart.title)}</div>")
                    st.plotly_chart(deck.briefing_figure(s.chart, height=None), height="stretch",
                                    key=f"br_chart_{s.key}", config=style.config(f"{story.file_stem}_{s.key}"))
                elif s.message:
                    st.html(f"<div class='br-message'>{esc(s.message)}</div>")
            if has_side:
                with st.container(key="br_side"):
                    st.html(side_html(s))
        st.html("<div class='br-notes'>" + "".join(f"<p>{esc(n)}</p>" for n in s.notes[:2]) + "</div>" + foot)

"""The briefing as a PDF: an HTML page (egov/templates/briefing.html, charts as inline SVG drawn here)
printed by headless Chromium.

Why this path: Chromium shapes and word-wraps Thai correctly with no preprocessing (ReportLab wraps
mid-word, fpdf2 needs shaping and zero-width spaces), and inline SVG needs no network, no kaleido and
no JavaScript. The page carries a Content-Security-Policy that forbids every fetch, and Chromium runs
with background networking off and a throw-away profile.

    html = render_html(story)          # a complete, self-contained HTML document
    pdf = build_pdf(story)             # bytes; raises PdfError with the reason when Chromium fails

The Chromium binary is EGOV_CHROMIUM, else chromium / chromium-browser / google-chrome on PATH, else
/usr/bin/chromium. Thai text uses Laksaman (fonts-thai-tlwg, a free TH Sarabun New).
"""

from __future__ import annotations

import html
import math
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import jinja2
from markupsafe import Markup

from egov import i18n
from egov.briefing_model import ACCENT, Briefing, Chart, fmt_value

TEMPLATES = Path(__file__).parent / "templates"
TIMEOUT = 90
INK, MUTED, GRID, AXIS = "#1F2A33", "#5B6770", "#E6E9EC", "#BFC5CA"


# Headless Chromium still phones home at start-up (component updater, network time, Google accounts) even
# with --disable-background-networking, through any HTTP(S)_PROXY of the environment. Besides the flags
# that switch those services off, it gets no proxy and a host resolver that resolves nothing: the page is a
# local file, so nothing it needs is lost, and nothing can leave the machine.
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-extensions", "--disable-default-apps", "--disable-client-side-phishing-detection",
    "--disable-domain-reliability", "--disable-breakpad", "--no-pings", "--metrics-recording-only",
    "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter,Translate,"
    "AutofillServerCommunication,CertificateTransparencyComponentUpdater",
    "--no-first-run", "--no-default-browser-check", "--mute-audio", "--hide-scrollbars",
    "--no-proxy-server", "--host-resolver-rules=MAP * ~NOTFOUND",
)


class PdfError(RuntimeError):
    """The PDF could not be made (no Chromium, a timeout, or Chromium failed)."""


# ---- SVG charts ------------------------------------------------------------------------------------------

def _esc(s) -> str:
    return html.escape(str(s), quote=True)


def _nice_ticks(lo: float, hi: float, major: float | None = None, n: int = 5) -> list[float]:
    if hi <= lo:
        hi = lo + 1
    if not major:
        raw = (hi - lo) / n
        mag = 10 ** math.floor(math.log10(raw))
        major = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.ceil(lo / major - 1e-9) * major
    out, v = [], start
    while v <= hi + 1e-9:
        out.append(round(v, 10))
        v += major
    return out


def _range(c: Chart) -> tuple[float, float]:
    vals = [float(v) for s in c.series if not s.markers_only for v in [*s.values, *(s.low or []), *(s.high or [])]
            if v is not None]
    lo = min(vals + [0.0])
    hi = max(vals + [0.0])
    lo = c.y_min if c.y_min is not None else (lo * 1.2 if lo < 0 else 0.0)
    if c.y_max is not None:
        hi = c.y_max
    else:
        hi = hi * 1.18 if hi > 0 else 1.0
    return lo, hi


def _decimals(step: float) -> int:
    """The decimals a tick step needs to be printed exactly: 5 -> 0, 2.5 -> 1, 0.25 -> 2."""
    for d in range(0, 6):
        if abs(step * 10 ** d - round(step * 10 ** d)) < 1e-6:
            return d
    return 6


def _tick_label(v: float, fmt: str, step: float = 1.0) -> str:
    """A tick's label with the precision its step needs (ticks 2.5 apart: +2.5, 0, -2.5, -5.0), so that no
    two ticks print the same or a rounded value."""
    if fmt == "pct":
        d = _decimals(step * 100)
        return f"{v * 100:.{d}f}%"
    d = _decimals(step)
    if fmt == "pp":
        return f"{v:+.{d}f}" if abs(v) > 1e-12 else "0"
    return f"{v:,.{d}f}"


def _step(ticks: list[float]) -> float:
    return ticks[1] - ticks[0] if len(ticks) > 1 else 1.0


def svg_bar(c: Chart, w: int = 600, h: int = 320) -> str:
    left, right, top, bottom = 52, 8, 24, 30
    pw, ph = w - left - right, h - top - bottom
    lo, hi = _range(c)
    ticks = [v for v in _nice_ticks(lo, hi, c.major) if v <= hi + 1e-9 and (c.fmt != "pct" or v <= 1.0 + 1e-9)]

    def y(v: float) -> float:
        return top + ph * (hi - v) / (hi - lo)

    out = [f'<svg viewBox="0 0 {w} {h}" width="100%" role="img">']
    for v in ticks:
        out.append(f'<line x1="{left}" x2="{w - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="{GRID}"/>')
        out.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" font-size="13" fill="{MUTED}" text-anchor="end">'
                   f'{_esc(_tick_label(v, c.fmt, _step(ticks)))}</text>')
    series = [s for s in c.series if not s.markers_only]
    n_cat, n_ser = max(len(c.categories), 1), max(len(series), 1)
    group = pw / n_cat
    bar = group * (0.78 if n_ser > 1 else 0.55) / n_ser
    label_size = 13 if n_ser <= 2 else 11.5
    for i, cat in enumerate(c.categories):
        gx = left + i * group + (group - bar * n_ser) / 2
        for j, s in enumerate(series):
            v = s.values[i] if i < len(s.values) else None
            if v is None:
                continue
            colour = (s.point_colours[i] if s.point_colours and i < len(s.point_colours) else s.colour)
            x = gx + j * bar
            y0, y1 = y(max(0.0, lo)), y(float(v))
            top_y, height = min(y0, y1), abs(y1 - y0)
            out.append(f'<rect x="{x + 1:.1f}" y="{top_y:.1f}" width="{bar - 2:.1f}" height="{max(height, 0.5):.1f}" '
                       f'fill="{colour}"/>')
            hi_v = s.high[i] if s.high and i < len(s.high) else None
            lo_v = s.low[i] if s.low and i < len(s.low) else None
            if hi_v is not None and lo_v is not None:  # the value's range as a whisker
                cx, cap = x + bar / 2, min(bar / 4, 10)
                out.append(f'<path d="M{cx:.1f},{y(float(lo_v)):.1f} V{y(float(hi_v)):.1f} M{cx - cap:.1f},'
                           f'{y(float(hi_v)):.1f} H{cx + cap:.1f} M{cx - cap:.1f},{y(float(lo_v)):.1f} H{cx + cap:.1f}" '
                           f'stroke="{INK}" stroke-width="1.6" fill="none"/>')
            if c.data_labels:
                ly = y1 - 5 if float(v) >= 0 else y1 + 14
                if hi_v is not None:  # above the whisker
                    ly = y(max(float(hi_v), float(v))) - 5
                out.append(f'<text x="{x + bar / 2:.1f}" y="{ly:.1f}" font-size="{label_size}" font-weight="bold" '
                           f'fill="{INK}" text-anchor="middle">{_esc(fmt_value(v, c.fmt))}</text>')
        out.append(f'<text x="{left + i * group + group / 2:.1f}" y="{h - 9}" font-size="14" fill="{INK}" '
                   f'text-anchor="middle">{_esc(cat)}</text>')
    out.append(f'<line x1="{left}" x2="{w - right}" y1="{y(max(0.0, lo)):.1f}" y2="{y(max(0.0, lo)):.1f}" '
               f'stroke="{AXIS}"/>')
    out.append("</svg>")
    return "".join(out)


def svg_hbar(c: Chart, w: int = 600, h: int = 320) -> str:
    gutter = 220
    left, right, top, bottom = gutter, 46, 6, 6
    pw = w - left - right
    s = c.series[0] if c.series else None
    vals = [float(v) for v in (s.values if s else []) if v is not None]
    hi = max(vals + [1.0]) * 1.05
    n = max(len(c.categories), 1)
    row = min((h - top - bottom) / n, 52)
    h = int(top + bottom + row * n)
    out = [f'<svg viewBox="0 0 {w} {h}" width="100%" role="img">']
    for i, cat in enumerate(c.categories):
        v = s.values[i] if s and i < len(s.values) else None
        cy = top + i * row + row / 2
        label = str(cat) if len(str(cat)) <= 34 else str(cat)[:33] + "…"
        out.append(f'<text x="{left - 8}" y="{cy + 5:.1f}" font-size="14" fill="{INK}" text-anchor="end">'
                   f'{_esc(label)}</text>')
        if v is None:
            continue
        colour = s.point_colours[i] if s.point_colours and i < len(s.point_colours) else s.colour
        bw = pw * float(v) / hi
        out.append(f'<rect x="{left}" y="{cy - row * 0.32:.1f}" width="{max(bw, 0.5):.1f}" height="{row * 0.64:.1f}" '
                   f'fill="{colour}"/>')
        if c.data_labels:
            out.append(f'<text x="{left + bw + 5:.1f}" y="{cy + 5:.1f}" font-size="14" font-weight="bold" '
                       f'fill="{INK}">{_esc(fmt_value(v, c.fmt))}</text>')
    out.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{h - bottom}" stroke="{AXIS}"/>')
    out.append("</svg>")
    return "".join(out)


def svg_line(c: Chart, w: int = 600, h: int = 320) -> str:
    left, right, top, bottom = 48, 14, 30, 28
    pw, ph = w - left - right, h - top - bottom
    lo, hi = _range(c)
    ticks = [v for v in _nice_ticks(lo, hi, c.major) if v <= hi + 1e-9 and (c.fmt != "pct" or v <= 1.0 + 1e-9)]
    n = len(c.categories)

    def x(i: int) -> float:
        return left + (pw * i / (n - 1) if n > 1 else pw / 2)

    def y(v: float) -> float:
        return top + ph * (hi - v) / (hi - lo)

    out = [f'<svg viewBox="0 0 {w} {h}" width="100%" role="img">']
    for v in ticks:
        out.append(f'<line x1="{left}" x2="{w - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="{GRID}"/>')
        out.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" font-size="13" fill="{MUTED}" text-anchor="end">'
                   f'{_esc(_tick_label(v, c.fmt, _step(ticks)))}</text>')
    for i, cat in enumerate(c.categories):
        if i % max(c.label_every, 1) == 0:
            out.append(f'<line x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{h - bottom}" y2="{h - bottom + 4}" stroke="{AXIS}"/>')
            out.append(f'<text x="{x(i):.1f}" y="{h - 8}" font-size="13" fill="{INK}" text-anchor="middle">'
                       f'{_esc(cat)}</text>')
    # events first (behind the lines): a dotted vertical and a triangle with the event's name
    for s in c.series:
        if not s.markers_only:
            continue
        last_label_x = -1e9
        for i, v in enumerate(s.values):
            if v is None:
                continue
            out.append(f'<line x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{top - 6}" y2="{h - bottom}" stroke="#9AA5AE" '
                       f'stroke-dasharray="3,3"/>')
            ty = top - 8
            out.append(f'<path d="M{x(i) - 6:.1f},{ty - 8:.1f} L{x(i) + 6:.1f},{ty - 8:.1f} L{x(i):.1f},{ty + 2:.1f} Z" '
                       f'fill="{s.colour}"/>')
            label = (s.labels or [None] * len(s.values))[i]
            if label and x(i) - last_label_x > 70:
                anchor = "start" if x(i) < left + pw * 0.8 else "end"
                dx = 9 if anchor == "start" else -9
                out.append(f'<text x="{x(i) + dx:.1f}" y="{ty:.1f}" font-size="12" font-weight="bold" fill="{MUTED}" '
                           f'text-anchor="{anchor}">{_esc(label)}</text>')
                last_label_x = x(i)
    for s in c.series:
        if s.markers_only:
            continue
        d, pen = [], False
        for i, v in enumerate(s.values):
            if v is None:
                pen = False
                continue
            d.append(f'{"L" if pen else "M"}{x(i):.1f},{y(float(v)):.1f}')
            pen = True
        if d:
            out.append(f'<path d="{" ".join(d)}" fill="none" stroke="{s.colour}" stroke-width="3" '
                       f'stroke-linejoin="round"/>')
    out.append(f'<line x1="{left}" x2="{w - right}" y1="{h - bottom}" y2="{h - bottom}" stroke="{AXIS}"/>')
    out.append("</svg>")
    return "".join(out)


def svg_chart(c: Chart, w: int = 600, h: int = 320) -> str:
    return {"bar": svg_bar, "hbar": svg_hbar, "line": svg_line}[c.kind](c, w, h)


# ---- HTML ------------------------------------------------------------------------------------------------

def render_html(b: Briefing) -> str:
    """The briefing as one self-contained HTML document (A4 landscape pages)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)

    def svg(chart: Chart, has_side: bool) -> Markup:
        slide = next(s for s in b.slides if s.chart is chart)
        h = 340 if slide.stats else 450
        return Markup(svg_chart(chart, 600 if has_side else 1000, h if has_side else int(h * 0.95)))

    def page_label(n: int, total: int) -> str:
        return i18n.t("br.page", b.lang, n=n, total=total)

    return env.get_template("briefing.html").render(b=b, accent=ACCENT, svg=svg, page_label=page_label)


# ---- Chromium -------------------------------------------------------------------------------------------

def chromium_path() -> str | None:
    env = os.environ.get("EGOV_CHROMIUM")
    if env:
        return env if Path(env).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def available() -> bool:
    return chromium_path() is not None


def html_to_pdf(document: str, timeout: int = TIMEOUT) -> bytes:
    """Print an HTML document to PDF with headless Chromium (no header/footer, no network)."""
    exe = chromium_path()
    if exe is None:
        raise PdfError("Chromium not found (set EGOV_CHROMIUM or install chromium)")
    with tempfile.TemporaryDirectory(prefix="egov_brief_") as tmp:
        src, out = Path(tmp) / "briefing.html", Path(tmp) / "briefing.pdf"
        src.write_text(document, encoding="utf-8")
        cmd = [exe, *CHROMIUM_FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}", "--no-pdf-header-footer",
               f"--print-to-pdf={out}", src.as_uri()]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PdfError(f"Chromium did not finish within {timeout} s") from exc
        if not out.exists() or out.stat().st_size == 0:
            tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise PdfError(f"Chromium failed (exit {proc.returncode}): {' | '.join(tail)}")
        return out.read_bytes()


def build_pdf(b: Briefing, timeout: int = TIMEOUT) -> bytes:
    """The briefing as PDF bytes."""
    return html_to_pdf(render_html(b), timeout=timeout)

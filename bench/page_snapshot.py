"""Everything every page shows, as one deterministic JSON: the before/after proof of a restructuring.

    python -m bench.page_snapshot --db WAREHOUSE --out before.json      # on the old code
    python -m bench.page_snapshot --db WAREHOUSE2 --out after.json      # on the new code (the sample, loaded again)
    python -m bench.page_snapshot --diff before.json after.json         # page, language, filter, element: a -> b

Every page of dashboard.py's page list (read from its PageDef lines, not imported), headlessly with
Streamlit's AppTest, in Thai and English, under each filter state of FILTERS given as a user's link gives
them (URL query parameters), plus the pages' own link parameters in VARIANTS (one agency's profile, a
province's briefing ...). For each run it records, in page order, every element of the main area and the
sidebar: metrics (label, value, delta), tables (columns, column configuration, every cell), plotly
figures (the traces' data arrays and the figure's texts, not its styling), markdown, captions, HTML,
alerts, exceptions, widgets (label, options, value), tab and expander labels; the download buttons' file
names with a sha256 of each CSV/XLSX payload (the button's own data callable, called here); and the URL
the run ends on.

Relies on the pages and Streamlit's test API, not on egov's modules, apart from egov.i18n.fmt_date to
recognise today's date (replacements()); and on the warehouse's etl_loads table (fixed_loads()).
Sign-in: open mode (EGOV_AUTH pointed at a file that does not exist), whose one local user is an
administrator over every province, so every page is offered; see open_mode().
Normalised, because they depend on the run and not on the code (normalise()):
  - the warehouse's path and the repository's path (the Data page and tracebacks name them);
  - today's date (the Data page's freshness intro and the briefing's "prepared" line), as the pages
    write it in Thai and English, and as ISO;
  - an XLSX's docProps/core.xml (openpyxl stamps it with the time of writing): the hash covers every
    other member's bytes.
  - the load bookkeeping: the snapshot shows a copy of the warehouse whose etl_loads start and finish
    times are set to fixed ones, one minute apart in load order and one second long (fixed_loads()), so a
    warehouse loaded again from the same files (as new ETL code needs) shows the same "last load" and load
    history; --keep-load-times shows the warehouse as it is.
Checked: two snapshots of one warehouse are byte-identical, and so are snapshots of two warehouses loaded
from the sample (seed 7) in different folders. Not normalised: the Data page's freshness ages, counted
against today, move when the month does.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import datetime as dt
import difflib
import hashlib
import io
import json
import logging
import math
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard.py"

LANGS = ("th", "en")
# filter state -> the global query parameters a shared link carries (egov's sidebar reads them back)
FILTERS: dict[str, dict[str, str]] = {
    "none": {},
    "region": {"reg": "north"},
    "region6": {"rs": "region6", "reg": "east"},
    "province": {"prov": "65"},
    "ministry": {"min": "MOI"},
    "level": {"lvl": "local"},
    "service": {"svc": "GIN"},
    "period": {"per": "fy2015"},
    "combo": {"reg": "north", "min": "MOI", "svc": "GIN", "per": "fy2015"},
}
AGENCY = "AG01889"  # Phetchaburi PAO: four services, tickets, feedback at four events
# variant name -> (page slug, the page's own query parameters)
VARIANTS: dict[str, tuple[str, dict[str, str]]] = {
    "overview": ("overview", {}),
    "provinces": ("provinces", {}),
    "provinces_p65": ("provinces", {"p": "65"}),
    "ministries": ("ministries", {}),
    "ministries_moi": ("ministries", {"ministry": "MOI"}),
    "agency_list": ("agency", {}),
    "agency_profile": ("agency", {"agency": AGENCY}),
    "underuse": ("underuse", {}),
    "feedback": ("feedback", {}),
    "savings": ("savings", {}),
    "roadshows": ("roadshows", {}),
    **{f"briefing_p65_s{n}": ("briefing", {"p": "65", "s": str(n)}) for n in range(1, 7)},  # its six screens
    "data": ("data", {}),
}
PAYLOADS = (".csv", ".xlsx")  # downloads whose bytes are hashed; a PDF or PPTX is only named (slow to make)
TRACE_KEYS = ("type", "name", "x", "y", "z", "locations", "text", "customdata", "labels", "values", "ids",
              "parents", "hovertext", "hovertemplate", "texttemplate", "orientation")


# ---- the dashboard's pages ---------------------------------------------------------------------------

def page_list(app: Path = APP) -> dict[str, str]:
    """slug -> page file, from the PageDef("pages/x.py", "slug", ...) calls of dashboard.py."""
    out = {}
    for node in ast.walk(ast.parse(app.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "PageDef":
            path, slug = (a.value for a in node.args[:2])
            out[slug] = path
    return out


@contextlib.contextmanager
def open_mode():
    """Sign-in as the dashboard's open mode gives it: no configuration file, one local administrator over
    every province (every page in the navigation). The one place this script knows about sign-in."""
    old = os.environ.get("EGOV_AUTH")
    with tempfile.TemporaryDirectory() as d:
        os.environ["EGOV_AUTH"] = str(Path(d) / "no-auth.toml")
        try:
            yield
        finally:
            if old is None:
                os.environ.pop("EGOV_AUTH", None)
            else:
                os.environ["EGOV_AUTH"] = old


# ---- plain JSON values ---------------------------------------------------------------------------------

def plain(v: Any) -> Any:
    """A JSON value for a cell, an array item or a widget value: NaN/NaT/None -> None, dates as ISO."""
    import numpy as np
    import pandas as pd

    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, set, frozenset)) and not isinstance(v, str):
        items = [plain(x) for x in v]
        return sorted(items, key=json.dumps) if isinstance(v, (set, frozenset)) else items
    if isinstance(v, np.ndarray):
        return plain(v.tolist())
    if v is None or v is pd.NaT:
        return None
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float):
        return None if math.isnan(v) else ("inf" if v > 0 else "-inf") if math.isinf(v) else v
    if isinstance(v, (pd.Timestamp, dt.datetime, dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, (pd.Timedelta, dt.timedelta)):
        return str(v)
    if isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, bytes):
        return {"sha256": hashlib.sha256(v).hexdigest()}
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return str(v)


def frame(df) -> dict:
    """A table as shown: its columns, its index when it is not 0..n-1, every cell."""
    import pandas as pd

    out = {"columns": [plain(c) for c in df.columns],
           "rows": [[plain(x) for x in row] for row in df.itertuples(index=False, name=None)]}
    if not (isinstance(df.index, pd.RangeIndex) and df.index.start == 0 and df.index.step == 1):
        out["index"] = [plain(i) for i in df.index]
    return out


def _array(x) -> Any:
    """A plotly data array, including the typed form {"dtype", "bdata"[, "shape"]} plotly gives numpy."""
    import base64

    import numpy as np

    if isinstance(x, dict) and "bdata" in x:
        a = np.frombuffer(base64.b64decode(x["bdata"]), dtype=np.dtype(x["dtype"]))
        if "shape" in x:
            a = a.reshape([int(n) for n in str(x["shape"]).split(",")])
        return plain(a.tolist())
    if isinstance(x, list):
        return [_array(i) for i in x]
    return plain(x)


def _texts(layout: dict) -> dict:
    """The texts a figure's layout shows (titles, axis titles, annotations, legend title), not its styling."""
    def text(v):
        return v.get("text") if isinstance(v, dict) else v

    out = {}
    for k, v in layout.items():
        if k == "title" or k == "legend" and isinstance(v, dict) and "title" in v:
            out[k] = text(v["title"]) if k == "legend" else text(v)
        elif (k.startswith(("xaxis", "yaxis", "coloraxis")) and isinstance(v, dict)):
            t = v.get("title") if k[0] in "xy" else (v.get("colorbar") or {}).get("title")
            if t is not None:
                out[k] = text(t)
            if "ticktext" in v:
                out[k + ".ticktext"] = _array(v["ticktext"])
            if "tickvals" in v:
                out[k + ".tickvals"] = _array(v["tickvals"])
        elif k == "annotations":
            out[k] = [a.get("text") for a in v]
    return out


def figure(spec: str) -> dict:
    fig = json.loads(spec)
    traces = []
    for tr in fig.get("data", []):
        d = {k: _array(tr[k]) for k in TRACE_KEYS if k in tr}
        if "geojson" in tr:  # the map's shapes: one hash, not thousands of coordinates
            d["geojson_sha256"] = hashlib.sha256(json.dumps(tr["geojson"], sort_keys=True).encode()).hexdigest()
        if "marker" in tr and isinstance(tr["marker"], dict) and "colorbar" in tr["marker"]:
            cb = tr["marker"]["colorbar"]
            title = cb.get("title")
            d["colorbar_title"] = title.get("text") if isinstance(title, dict) else title
        traces.append(d)
    return {"data": traces, "texts": _texts(fig.get("layout", {}))}


# ---- one run's elements --------------------------------------------------------------------------------

TEXTS = {"markdown", "caption", "text", "title", "header", "subheader", "latex", "code", "info", "warning",
         "error", "success", "exception", "toast", "json", "divider", "page_link", "link_button"}
_ID_FIELDS = {"id", "formId", "form_id", "deferredFileId", "url", "fragmentId"}


def _html(body: str) -> Any:
    s = body.lstrip()
    if s.startswith("<style") and s.rstrip().endswith("</style>"):  # styling only: a hash, to see that it is there
        return {"style_sha256": hashlib.sha256(body.encode()).hexdigest()}
    return body


def element(node) -> dict:
    ty = node.type
    out: dict[str, Any] = {"type": ty}
    if ty == "metric":
        p = node.proto
        out.update(label=p.label, value=p.body, delta=p.delta or None, help=p.help or None)
    elif ty in ("dataframe", "arrow_data_frame", "table", "arrow_table"):
        out.update(frame(node.value))
        cfg = getattr(node.proto, "columns", "")
        if cfg:
            out["column_config"] = json.loads(cfg)
    elif ty == "plotly_chart":
        out.update(figure(node.proto.spec))
    elif ty == "html":
        out["body"] = _html(node.value)
    elif ty in TEXTS:
        out["value"] = plain(node.value)
        if ty == "exception":
            out["stack"] = list(node.proto.stack_trace)
    elif ty == "download_button":
        out["label"] = node.label
    elif hasattr(node, "label") and ty not in ("plotly_chart",):  # a widget: what it offers and holds
        out["label"] = node.label
        if hasattr(node.proto, "options"):
            out["options"] = list(node.options) if hasattr(node, "options") else list(node.proto.options)
        with contextlib.suppress(Exception):
            out["value"] = plain(node.value)
        if getattr(node.proto, "disabled", False):
            out["disabled"] = True
    else:  # anything else: its proto, less the ids that change from run to run
        from google.protobuf.json_format import MessageToDict

        with contextlib.suppress(Exception):
            d = MessageToDict(node.proto)
            out["proto"] = {k: v for k, v in d.items() if k not in _ID_FIELDS}
    return out


def elements(block, path: str = "") -> list[dict]:
    """The block's elements in page order, each with where it is (tab and expander labels on the way)."""
    out = []
    for child in block.children.values():
        if hasattr(child, "children") and not hasattr(child, "value"):
            label = getattr(child, "label", None)
            where = f"{path}/{child.type}:{label}" if label else path
            if label:
                out.append({"type": child.type, "label": label, "at": path})
            out.extend(elements(child, where))
        else:
            e = element(child)
            e["at"] = path
            out.append(e)
    return out


# ---- the downloads a run offers ------------------------------------------------------------------------

def payload_hash(name: str, data: bytes) -> dict:
    if name.endswith(".xlsx"):  # every member but docProps/core.xml, which holds the time of writing
        h = hashlib.sha256()
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for m in sorted(z.namelist()):
                if m != "docProps/core.xml":
                    h.update(m.encode() + b"\0" + z.read(m) + b"\0")
        return {"sha256": h.hexdigest(), "normalised": "docProps/core.xml left out"}
    text = data.decode("utf-8-sig", errors="replace")
    return {"sha256": hashlib.sha256(data).hexdigest(), "lines": text.count("\n"),
            "header": text.split("\n", 1)[0]}


class Downloads:
    """Records every st.download_button call of the runs, by wrapping Streamlit's own method."""

    def __init__(self):
        self.got: list[dict] = []

    def __enter__(self):
        from streamlit.delta_generator import DeltaGenerator

        self._original = original = DeltaGenerator.download_button
        got = self.got

        def record(dg, label, data, file_name=None, *args, **kwargs):
            d = {"label": label, "file_name": file_name}
            if file_name and file_name.endswith(PAYLOADS):
                try:
                    raw = data() if callable(data) else data
                    raw = raw.encode("utf-8") if isinstance(raw, str) else raw
                    d.update(payload_hash(file_name, bytes(raw)) if raw is not None else {"data": None})
                except Exception as e:  # the page shows the button; a failing payload is a finding, not a crash
                    d["error"] = f"{type(e).__name__}: {e}"
            got.append(d)
            return original(dg, label, data, file_name, *args, **kwargs)

        DeltaGenerator.download_button = record
        return self

    def __exit__(self, *exc):
        from streamlit.delta_generator import DeltaGenerator

        DeltaGenerator.download_button = self._original


# ---- normalising what depends on the run ---------------------------------------------------------------

LOADS_FROM = "2017-01-16 09:00:00"


@contextlib.contextmanager
def fixed_loads(db: Path):
    """A copy of the warehouse whose loads started at LOADS_FROM + (load_id - 1) minutes and took one second."""
    import shutil

    import duckdb

    with tempfile.TemporaryDirectory() as d:
        copy = Path(d) / db.name
        shutil.copyfile(db, copy)
        con = duckdb.connect(str(copy))
        try:
            con.execute("UPDATE etl_loads SET started_at = TIMESTAMP '%s' + (load_id - 1) * INTERVAL 1 MINUTE"
                        % LOADS_FROM)
            con.execute("UPDATE etl_loads SET finished_at = started_at + INTERVAL 1 SECOND")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        yield copy


def replacements(db: Path, today: dt.date) -> list[tuple[str, str]]:
    """(text, stands for) pairs, longest first: the paths, and today's date as the pages write it."""
    pairs = [(str(db.resolve()), "<DB>"), (str(db), "<DB>"), (str(db.resolve().parent), "<DB_DIR>"),
             (str(ROOT), "<ROOT>"), (today.isoformat(), "<TODAY>")]
    with contextlib.suppress(Exception):  # the dashboard's own date format, Thai (Buddhist Era) and English
        from egov import i18n

        pairs += [(i18n.fmt_date(today, lang), "<TODAY>") for lang in LANGS]
    return sorted({p for p in pairs if p[0]}, key=lambda p: -len(p[0]))


def normalise(v: Any, pairs: list[tuple[str, str]]) -> Any:
    if isinstance(v, str):
        for a, b in pairs:
            v = v.replace(a, b)
        return v
    if isinstance(v, list):
        return [normalise(x, pairs) for x in v]
    if isinstance(v, dict):
        return {k: normalise(x, pairs) for k, x in v.items()}
    return v


# ---- running the pages ---------------------------------------------------------------------------------

def run_one(page_file: str, params: dict[str, str], timeout: float) -> dict:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=timeout)
    # set up outside a script run, AppTest makes Streamlit warn "missing ScriptRunContext" on every run
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)
    for k, v in params.items():
        at.query_params[k] = v
    at.switch_page(page_file)
    with Downloads() as dl:
        at.run()
    qp = {k: (v if isinstance(v, str) else ",".join(v)) for k, v in at.query_params.items()}
    return {"main": elements(at.main), "sidebar": elements(at.sidebar), "downloads": dl.got,
            "url": dict(sorted(qp.items()))}


def snapshot(db: Path, variants=None, langs=LANGS, filters=None, timeout: float = 180,
             progress=None, keep_load_times: bool = False) -> dict:
    if keep_load_times:
        return _snapshot(db, db, variants, langs, filters, timeout, progress, keep_load_times)
    with fixed_loads(db) as copy:
        return _snapshot(db, copy, variants, langs, filters, timeout, progress, keep_load_times)


def _snapshot(given: Path, db: Path, variants, langs, filters, timeout, progress, keep_load_times) -> dict:
    pages = page_list()
    variants = variants or list(VARIANTS)
    filters = filters or list(FILTERS)
    pairs = replacements(db, dt.date.today()) + replacements(given, dt.date.today())
    runs: dict[str, Any] = {}
    os.environ["EGOV_DB"] = str(db)
    with open_mode():
        for v in variants:
            slug, own = VARIANTS[v]
            for lang in langs:
                for fname in filters:
                    params = {"lang": lang, **FILTERS[fname], **own}
                    t0 = time.perf_counter()
                    got = run_one(pages[slug], params, timeout)
                    runs[f"{v}|{lang}|{fname}"] = normalise(got, pairs)
                    if progress:
                        progress(f"{v} {lang} {fname}: {len(got['main'])} elements, "
                                 f"{time.perf_counter() - t0:.1f} s")
    return {"meta": {"filters": {f: FILTERS[f] for f in filters},
                     "variants": {v: {"page": VARIANTS[v][0], "params": VARIANTS[v][1]} for v in variants},
                     "langs": list(langs),
                     "normalised": ["warehouse path -> <DB>, its folder -> <DB_DIR>, repository -> <ROOT>",
                                    "today's date (ISO, and as the pages write it in th/en) -> <TODAY>",
                                    "XLSX hash leaves out docProps/core.xml (time of writing)"]
                                   + ([] if keep_load_times else
                                      [f"etl_loads started_at/finished_at fixed: {LOADS_FROM} + (load_id - 1) "
                                       "minutes, one second long"])},
            "runs": runs}


def dump(snap: dict) -> str:
    return json.dumps(snap, sort_keys=True, ensure_ascii=False, indent=1) + "\n"


# ---- differences ---------------------------------------------------------------------------------------

def _short(v: Any, n: int = 160) -> str:
    s = json.dumps(v, ensure_ascii=False, sort_keys=True)
    return s if len(s) <= n else s[: n - 1] + "…"


def _name(e: dict) -> str:
    label = e.get("label") or e.get("file_name") or ""
    return f"{e.get('type', 'download')}{' ' + repr(label) if label else ''}{' @' + e['at'] if e.get('at') else ''}"


def _fields(a: dict, b: dict, limit: int) -> list[str]:
    """What changed inside one element: a table cell by cell, a figure trace by trace, else field by field."""
    out = []
    if "rows" in a and "rows" in b:
        if a["columns"] != b["columns"]:
            out.append(f"columns: {_short(a['columns'])} -> {_short(b['columns'])}")
        if len(a["rows"]) != len(b["rows"]):
            out.append(f"rows: {len(a['rows'])} -> {len(b['rows'])}")
        cols = b["columns"]
        for i, (ra, rb) in enumerate(zip(a["rows"], b["rows"])):
            for j, (x, y) in enumerate(zip(ra, rb)):
                if x != y and len(out) < limit:
                    out.append(f"row {i}, {cols[j] if j < len(cols) else j}: {_short(x)} -> {_short(y)}")
        rest = {k for k in set(a) | set(b) if k not in ("rows", "columns")}
    elif "data" in a and "data" in b:
        if len(a["data"]) != len(b["data"]):
            out.append(f"traces: {len(a['data'])} -> {len(b['data'])}")
        for i, (ta, tb) in enumerate(zip(a["data"], b["data"])):
            for k in sorted(set(ta) | set(tb)):
                if ta.get(k) != tb.get(k):
                    out.append(f"trace {i} {k}: {_short(ta.get(k))} -> {_short(tb.get(k))}")
        rest = {k for k in set(a) | set(b) if k != "data"}
    else:
        rest = set(a) | set(b)
    for k in sorted(rest):
        if a.get(k) != b.get(k):
            out.append(f"{k}: {_short(a.get(k))} -> {_short(b.get(k))}")
    return out[:limit] + ([f"... and {len(out) - limit} more"] if len(out) > limit else [])


def _same(a: dict, b: dict) -> bool:
    return (a.get("type"), a.get("label")) == (b.get("type"), b.get("label"))


def _seq(title: str, a: list, b: list, limit: int) -> list[str]:
    ka, kb = [json.dumps(x, sort_keys=True) for x in a], [json.dumps(x, sort_keys=True) for x in b]
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        olds, news = a[i1:i2], b[j1:j2]
        # a changed element keeps its type and label: show what changed inside it
        while olds and news and _same(olds[0], news[0]):
            x, y = olds.pop(0), news.pop(0)
            out.append(f"  {title} #{i1} {_name(x)}:")
            out += [f"      {line}" for line in _fields(x, y, limit)]
            i1 += 1
        out += [f"  {title} - {_name(x)}: {_short(x)}" for x in olds]
        out += [f"  {title} + {_name(y)}: {_short(y)}" for y in news]
    return out


def diff(a: dict, b: dict, limit: int = 20) -> list[str]:
    lines = []
    if a.get("meta") != b.get("meta"):
        lines.append(f"meta: {_short(a.get('meta'), 400)} -> {_short(b.get('meta'), 400)}")
    ra, rb = a["runs"], b["runs"]
    for key in sorted(set(ra) | set(rb)):
        page, lang, filt = key.split("|")
        head = f"{page} [{lang}] filter={filt}"
        if key not in rb:
            lines.append(f"{head}: only in the first")
            continue
        if key not in ra:
            lines.append(f"{head}: only in the second")
            continue
        body = []
        for part in ("main", "sidebar", "downloads"):
            body += _seq(part, ra[key][part], rb[key][part], limit)
        if ra[key]["url"] != rb[key]["url"]:
            body.append(f"  url: {_short(ra[key]['url'])} -> {_short(rb[key]['url'])}")
        if body:
            lines += [head + ":"] + body
    return lines


def summary(lines: list[str], n: int) -> list[str]:
    """The last line of a diff: how many runs differ, by page variant."""
    heads = [line.split(" [", 1)[0] for line in lines if not line.startswith((" ", "meta:"))]
    by = {v: heads.count(v) for v in dict.fromkeys(heads)}
    return [f"{len(heads)} of {n} runs differ: " + ", ".join(f"{v} ({k})" for v, k in by.items())]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.page_snapshot", description=__doc__.split("\n")[0])
    p.add_argument("--db", help="the warehouse to show (the sample: python -m etl sample DIR; "
                                "python -m etl load DIR --sample --db FILE)")
    p.add_argument("--out", help="where to write the snapshot (JSON)")
    p.add_argument("--variants", nargs="+", choices=list(VARIANTS), help="only these pages/variants")
    p.add_argument("--langs", nargs="+", choices=list(LANGS), default=list(LANGS))
    p.add_argument("--filters", nargs="+", choices=list(FILTERS), help="only these filter states")
    p.add_argument("--timeout", type=float, default=180, help="seconds one page run may take")
    p.add_argument("--keep-load-times", action="store_true",
                   help="show the warehouse's own load times (by default a copy with fixed ones is shown)")
    p.add_argument("--diff", nargs=2, metavar=("A", "B"), help="print how snapshot B differs from A; exit 1 if it does")
    p.add_argument("--limit", type=int, default=20, help="with --diff: changes shown per element")
    args = p.parse_args(argv)
    if args.diff:
        a, b = (json.loads(Path(f).read_text(encoding="utf-8")) for f in args.diff)
        lines = diff(a, b, args.limit)
        print("\n".join(lines + summary(lines, len(a["runs"]))) if lines else f"no difference ({len(a['runs'])} runs)")
        return 1 if lines else 0
    if not (args.db and args.out):
        p.error("--db and --out (or --diff A B)")
    db = Path(args.db)
    if not db.exists():
        p.error(f"{db}: no such warehouse")
    t0 = time.perf_counter()
    snap = snapshot(db, args.variants, args.langs, args.filters, args.timeout,
                    progress=lambda s: print(s, file=sys.stderr, flush=True), keep_load_times=args.keep_load_times)
    Path(args.out).write_text(dump(snap), encoding="utf-8")
    print(f"{len(snap['runs'])} runs in {time.perf_counter() - t0:.0f} s -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

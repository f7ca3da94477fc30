"""Pages compose reads, display tables and charts (read with ast, no page is run):

- a page imports no pandas;
- a page calls no pandas method that reshapes a frame (RESHAPING: adding, relabelling, regrouping,
  re-sorting or re-typing columns); the display functions of egov/display/ do that, once;
- a page calls no pandas method that aggregates (AGGREGATING: sum, count, nunique, mean, max, min, ...):
  every total a page shows is defined once in egov/reads/ (roadshows.event_totals, loads.etl_load_totals,
  savings.savings_total ...), so the same number on two pages, or in the briefing, cannot drift apart;
- a page writes by subscript only to the session state and the URL (no `frame["col"] = ...`);
- no function is defined by two pages (by name or by the same body under another name), and no page
  defines a function whose name egov's modules already define (a wrapper copied beside its original).

Selecting rows (`df[df["x"] == v]`, `.iloc[0]`, `.head(n)`) and reading one value stay allowed: that is
choosing what to draw, not computing it. So do `.any()` / `.all()` (whether to draw a note) and the builtins
len, max, min and sum on plain numbers (how many rows to fit, a screen index, a reading time): layout, not
a number shown.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "pages").glob("*.py"))

# DataFrame/Series methods that make a frame of another shape or with other values. `join` and `replace`
# are also str methods: join counts when called on anything but a string literal, replace when called
# with positional arguments (Filters.replace takes keywords only).
RESHAPING = {
    "agg", "aggregate", "apply", "applymap", "assign", "astype", "concat", "cumsum", "drop", "drop_duplicates",
    "dropna", "explode", "fillna", "groupby", "map", "mask", "melt", "merge", "pivot", "pivot_table",
    "reindex", "rename", "reset_index", "round", "set_index", "sort_index", "sort_values", "stack",
    "to_frame", "transform", "unstack", "value_counts", "where",
}
# DataFrame/Series methods that reduce rows to a number (the cumulative ones and agg/aggregate/value_counts
# are in RESHAPING). `count` is also a str method: it counts when called on anything but a string literal.
AGGREGATING = {
    "count", "cummax", "cummin", "cumprod", "describe", "idxmax", "idxmin", "kurt", "max", "mean", "median", "min",
    "mode", "nunique", "prod", "product", "quantile", "sem", "size", "skew", "std", "sum", "var",
}
# the only names a page may write into with `x[key] = value`
WRITABLE = {"ss", "st.session_state", "st.query_params"}


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_name(node.value)}.{node.attr}"
    return ""


def violations(source: str) -> list[str]:
    """What in one page's source breaks the rules above (line: what)."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [f"{node.lineno}: import {a.name}" for a in node.names if a.name.split(".")[0] == "pandas"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "pandas":
            out.append(f"{node.lineno}: from {node.module} import")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method, on = node.func.attr, node.func.value
            literal = isinstance(on, ast.Constant) and isinstance(on.value, str)
            if (method in RESHAPING
                    or method in AGGREGATING and not (method == "count" and literal)
                    or method == "join" and not literal
                    or method == "replace" and node.args):
                out.append(f"{node.lineno}: .{method}()")
        elif isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for sub in ast.walk(target):
                    if isinstance(sub, ast.Subscript) and _name(sub.value) not in WRITABLE:
                        out.append(f"{node.lineno}: {ast.unparse(sub)} = ...")
    return sorted(out, key=lambda v: int(v.split(":")[0]))


def _functions(source: str) -> dict[str, str]:
    """name -> the function's body and arguments (ast.dump), for every def of the source."""
    return {n.name: ast.dump(ast.Module(body=[n.args, *n.body], type_ignores=[]))
            for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}


def copied(sources: dict[str, str], egov_names: set[str]) -> list[str]:
    """Functions defined by more than one page (same name, or same body), or by a page and egov."""
    out, by_name, by_body = [], {}, {}
    for page, source in sources.items():
        for name, body in _functions(source).items():
            by_name.setdefault(name, []).append(page)
            by_body.setdefault(body, []).append(f"{page}:{name}")
            if name in egov_names:
                out.append(f"{page}: {name}() is also defined in egov/")
    out += [f"{name}() in {', '.join(pages)}" for name, pages in by_name.items() if len(pages) > 1]
    out += [f"one body in {', '.join(where)}" for where in by_body.values()
            if len(where) > 1 and len({w.split(':')[0] for w in where}) > 1]
    return out


def _egov_public_functions() -> set[str]:
    names = set()
    for path in (ROOT / "egov").rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                names.add(node.name)
    return names


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_page_does_not_reshape(path):
    assert violations(path.read_text(encoding="utf-8")) == []


def test_no_helper_is_copied():
    sources = {p.name: p.read_text(encoding="utf-8") for p in PAGES}
    assert copied(sources, _egov_public_functions()) == []


# ---- the rules catch what they are meant to ----------------------------------------------------------

def test_rules_catch_reshaping():
    source = """
import pandas as pd
from pandas import DataFrame
import streamlit as st
ss = st.session_state
x = df.assign(label=df["name"].fillna(df["code"]))
y = df.sort_values("n")
by["text"] = [1, 2]
z = " · ".join(parts)
w = table.join(other)
f2 = f.replace(regions=())
v = s.replace("", "none")
ss["k"] = 1
st.session_state["k"] = 2
st.query_params["p"] = "1"
row = df[df["x"] == 1].iloc[0]
"""
    assert violations(source) == [
        "2: import pandas", "3: from pandas import", "6: .assign()", "6: .fillna()", "7: .sort_values()",
        "8: by['text'] = ...", "10: .join()", "12: .replace()",
    ]


def test_rules_catch_aggregating():
    # the metric tiles as the pages computed them before egov/reads/ defined their totals
    source = """
low, mid, high = (sav[c].sum() for c in ("savings_low_thb", "savings_mid_thb", "savings_high_thb"))
c1.metric(t("rs.events"), i18n.fmt_int(ev["event_id"].nunique()), help=t("rs.events_help"))
c4.metric(t("rs.agencies"), i18n.fmt_int(ev["agencies_attended"].sum()))
st.caption(t("dt.m_last", when=i18n.fmt_datetime(loads["finished_at"].max(), lang)))
sat = metrics.satisfaction_summary(len(feedback), int((feedback["satisfaction"] >= 4).sum()))
n = df["x"].count() + df.x.mean() + df["x"].min() + df.groupby("a")["x"].agg("median").size()
k = "a-b".count("-")
if per["too_few"].any() and s.notna().all():
    ss["screen"] = max(0, min(len(slides) - 1, 3)) + sum(len(b) for b in bullets)
"""
    assert violations(source) == [
        "2: .sum()", "3: .nunique()", "4: .sum()", "5: .max()", "6: .sum()",
        "7: .size()", "7: .min()", "7: .count()", "7: .mean()", "7: .agg()", "7: .groupby()",
    ]


def test_rules_catch_copies():
    one = "def numbers(df):\n    return {c: 1 for c in df}\n\ndef t(key):\n    return key\n"
    two = "def numbers(df):\n    return {c: 1 for c in df}\n\ndef other(df):\n    return {c: 1 for c in df}\n"
    assert copied({"a.py": one, "b.py": two}, {"t"}) == [
        "a.py: t() is also defined in egov/",
        "numbers() in a.py, b.py",
        "one body in a.py:numbers, b.py:numbers, b.py:other",
    ]

"""Every metric the dashboard shows has a definition, in Thai and English, pointing at the code that computes it.

The convention (pages and egov modules alike): a number's definition is looked up by key through
egov.i18n.definition (pages import it as `d`: `help=d("adoption_rate", lang)`), or read from
egov.definitions (definition(key) / METRICS[key]). i18n.definition quietly returns None for an unknown
key, so a typo would simply show no definition; these tests make it fail instead:

- statically: every key passed to those functions in dashboard.py, pages/*.py and egov/*.py;
- for the province map's measures (adoption_tables.MEASURES names each measure's definition key);
- at run time: every page of the navigation is run (AppTest, sample warehouse) and every key any code
  asked i18n.definition for must exist, including keys computed at run time;
- and every METRICS entry has a Thai and an English sentence (the ข้อมูล Data page shows the words
  before "คือ" / ":" as the metric's name) and a "where" that points at an existing file, and at an
  existing function, class or name in it ("egov/metrics.py:adoption_rate").
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from egov import i18n
from egov.definitions import METRICS
from egov.display import adoption as adoption_tables, definitions as definitions_tables

ROOT = Path(__file__).resolve().parents[1]
THAI = re.compile(r"[\u0E00-\u0E7F]")
SOURCES = [ROOT / "dashboard.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "egov").glob("*.py"))]

# The ways code asks for a definition by a literal key.
LOOKUPS = [
    re.compile(r"""\bdefinition\(\s*["']([^"']+)["']"""),  # i18n.definition("k"), definitions.definition("k")
    re.compile(r"""\bMETRICS\[\s*["']([^"']+)["']\s*\]"""),  # METRICS["k"]
    re.compile(r"""\bMETRICS\.get\(\s*["']([^"']+)["']"""),  # METRICS.get("k")
]
# Pages import `definition as d`; in those files d("k") is a lookup too.
ALIAS = re.compile(r"""from\s+egov\.i18n\s+import\s+[^\n]*\bdefinition\s+as\s+(\w+)""")


def used_keys(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    if path.name == "definitions.py":
        return set()
    patterns = list(LOOKUPS)
    for alias in ALIAS.findall(text):
        patterns.append(re.compile(rf"""(?<![\w.]){re.escape(alias)}\(\s*["']([^"']+)["']"""))
    return {k for p in patterns for k in p.findall(text)}


def test_the_scan_sees_the_lookups_it_is_meant_to_see(tmp_path):
    """Guard the guard: the patterns find the forms the code really uses."""
    path = tmp_path / "page.py"
    path.write_text('from egov.i18n import definition as d\nhelp=d("a_key", lang)\ni18n.definition("b_key")\n'
                    'METRICS["c_key"]\nMETRICS.get("e_key")\nx.d("not_a_lookup")\nodd("not_either")\n',
                    encoding="utf-8")
    assert used_keys(path) == {"a_key", "b_key", "c_key", "e_key"}


def test_every_metric_key_used_in_code_has_a_definition():
    used = {}
    for path in SOURCES:
        for key in used_keys(path):
            used.setdefault(key, []).append(str(path.relative_to(ROOT)))
    assert len(used) >= 10, f"the scan found too few definition lookups: {sorted(used)}"
    missing = {k: v for k, v in used.items() if k not in METRICS}
    assert not missing, f"metrics shown without a definition in egov/definitions.py: {missing}"


def test_every_measure_on_the_province_map_has_a_definition():

    for measure, spec in adoption_tables.MEASURES.items():
        assert len(spec) >= 4, f"adoption_tables.MEASURES[{measure!r}] names no definition key"
        key = spec[3]
        assert key in METRICS, f"adoption_tables.MEASURES[{measure!r}] is shown on the map; its definition {key!r} is missing"


def _page_paths() -> list[str]:
    text = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    paths = re.findall(r"""PageDef\(\s*["']([^"']+\.py)["']""", text)
    assert paths, "no PageDef(...) found in dashboard.py"
    return paths


@pytest.mark.parametrize("page", _page_paths())
def test_every_definition_asked_for_at_run_time_exists(use_sample_db, monkeypatch, page):
    """Run the page and record every key any code asks i18n.definition for (keys computed at run time too)."""
    from streamlit.testing.v1 import AppTest

    asked: list[str] = []
    real = i18n.definition

    def spy(key, lang=i18n.DEFAULT_LANG):
        asked.append(key)
        return real(key, lang)

    monkeypatch.setattr(i18n, "definition", spy)  # pages do `from egov.i18n import definition as d` on each run
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    missing = sorted({k for k in asked if k not in METRICS}, key=str)
    assert not missing, f"{page} shows metrics with no definition in egov/definitions.py: {missing}"


@pytest.mark.parametrize("key", sorted(METRICS))
def test_definition_is_complete(key):
    e = METRICS[key]
    th, en, where = e.get("th", ""), e.get("en", ""), e.get("where", "")
    assert th.strip() and THAI.search(th), f"{key}: no Thai definition"
    assert re.search(r"[A-Za-z]{3}", en), f"{key}: no English definition"
    # the definitions page names each metric by the words before "คือ" (Thai) / ":" (English)
    assert " คือ " in th and th.split(" คือ ", 1)[0].strip(), f"{key}: Thai should read '<term> คือ <definition>'"
    assert ": " in en and en.split(": ", 1)[0].strip(), f"{key}: English should read '<Term>: <definition>'"
    assert where.strip(), f"{key}: no 'where'"


def _names_in_python(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


@pytest.mark.parametrize("key", sorted(METRICS))
def test_definition_points_at_existing_code(key):
    where = METRICS[key]["where"]
    file, _, name = where.partition(":")
    path = ROOT / file
    assert path.is_file(), f"{key}: 'where' names a file that does not exist: {file}"
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".sql":
        assert re.search(r"\bCREATE\b", text, re.I), f"{key}: {file} creates nothing"
    if name:
        if path.suffix == ".py":
            assert name in _names_in_python(path), f"{key}: {file} defines no {name!r}"
        else:
            assert re.search(rf"\b{re.escape(name)}\b", text), f"{key}: {file} never mentions {name!r}"


def test_definitions_page_lists_every_metric():

    for lang in i18n.LANGS:
        entries = definitions_tables.definition_entries(lang)
        assert [e["key"] for e in entries] == list(METRICS)
        assert all(e["term"] and e["text"] and e["term"] != e["key"] for e in entries), lang

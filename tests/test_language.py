"""Thai mode has no English UI text left (issue 13, item 8): every page of the navigation run in Thai
(AppTest, on the real sample warehouse), and every text it gives a reader collected, including what a
browser hides until a click (collapsed expanders, other tabs, help tooltips, select options, table
headers, chart titles, axes, legends and hovers). Latin-letter words outside an allowlist fail.

Allowed: the names written in Latin letters in Thai too (the services, file formats, programs, units),
the statistical n, and words holding a digit (codes and ids from the data, such as EV2559-18)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from egov import i18n
from tests.test_app import APP

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*")
ALLOWED = {
    "GIN", "G-Cloud", "MailGoThai", "GovMon", "GCLOUD", "MAILGOTHAI", "GOVMON",  # the services and codes
    "CSV", "XLSX", "PNG", "PDF", "PPTX", "Excel", "PowerPoint",  # file formats and the programs for them
    "GB", "VM", "vCPU", "MPLS",  # units of the services' metrics and of the cost assumptions
    "n",  # the number of responses, as Thai statistics write it
    "MB",  # the upload's size limit
    "PageDown", "PageUp", "Esc",  # keys as printed on the keyboard (the briefing's presenter mode)
}
# every page of the navigation, as dashboard.py lists them: (file, Thai title)
PAGES = re.findall(r'PageDef\("([^"]+)", "[^"]+", "[^"]*", "([^"]+)"', (Path(APP)).read_text(encoding="utf-8"))
TEXT_FIELDS = {"label", "body", "help", "placeholder", "options", "caption", "default_text"}
PLOT_TEXT = {"text", "title", "name", "ticktext", "hovertext", "hovertemplate"}
LANGUAGE_SWITCH = "lang"  # its label and its "English" are the way to English, so they are in English too


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _proto_texts(proto) -> list[str]:
    out = []
    for field, value in proto.ListFields():
        if field.name in TEXT_FIELDS:
            out.extend([value] if isinstance(value, str) else [v for v in value if isinstance(v, str)])
    return out


def _plot_texts(obj, key: str = "") -> list[str]:
    if isinstance(obj, dict):
        return [s for k, v in obj.items() for s in _plot_texts(v, k)]
    if isinstance(obj, list):
        return [s for v in obj for s in _plot_texts(v, key)]
    return [obj] if isinstance(obj, str) and key in PLOT_TEXT else []


def ui_texts(at: AppTest) -> list[str]:
    """Every text the run gives a reader, main area and sidebar, data cells of tables left out (data)."""
    texts = []
    for node in _walk(at._tree):
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", "")
        if proto is None or getattr(proto, "id", "").endswith(f"-{LANGUAGE_SWITCH}") \
                or getattr(node, "key", None) == LANGUAGE_SWITCH:
            continue
        if kind == "plotly_chart":
            texts.extend(_plot_texts(json.loads(proto.spec)))
        elif kind in ("arrow_data_frame", "dataframe", "data_editor") or hasattr(proto, "columns"):
            labels = {k: v.get("label") for k, v in json.loads(getattr(proto, "columns", "") or "{}").items()}
            texts.extend(str(labels.get(str(c)) or c) for c in node.value.columns)
            texts.extend(_proto_texts(proto))
        elif hasattr(proto, "ListFields"):
            texts.extend(_proto_texts(proto))
    return texts


def data_words(db) -> set[str]:
    """Latin-letter words of the data itself, shown as they are in both languages: event titles, agency
    and department names, the loaded files' names."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("""SELECT title FROM events UNION ALL SELECT agency_name FROM agencies
                              UNION ALL SELECT department FROM agencies UNION ALL SELECT file FROM etl_loads
                              UNION ALL SELECT file FROM etl_rejects""").fetchall()
    finally:
        con.close()
    return {w for (v,) in rows if isinstance(v, str) for w in LATIN_WORD.findall(v)}


def english_words(texts: list[str], allowed: set[str] = frozenset()) -> dict[str, str]:
    """Latin-letter words outside ALLOWED and allowed (a word with a digit is a code), each with its
    first text."""
    out = {}
    for text in texts:
        text = re.sub(r"<style>.*?</style>", " ", text, flags=re.S)  # the app's CSS (st.html)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))  # markup drawn as what it shows
        text = re.sub(r"\\(.)", r"\1", text)  # markdown escapes (G\-Cloud is G-Cloud)
        text = re.sub(r"\bdocs/[\w.]+\.md\b", " ", text)  # a document's file name, for administrators
        text = re.sub(r"`[^`]*`", " ", text)  # code: where a definition is computed (the Data page)
        text = re.sub(r"%\{[^}]*\}", " ", text)  # plotly's placeholders in a hover template
        for m in LATIN_WORD.finditer(text):
            w = m.group()
            if w not in ALLOWED and w not in allowed and not any(ch.isdigit() for ch in w) and w not in out:
                out[w] = text[max(0, m.start() - 50):m.end() + 50].replace("\n", " ")
    return out


def test_the_check_finds_english_among_thai():
    found = english_words(["ต้นทุน (THB) ของ GIN และ G-Cloud · ศูนย์บริการ (Contact Center)", "EV2559-18 (n = 5)"])
    assert sorted(found) == ["Center", "Contact", "THB"]


def test_the_walk_covers_every_page_of_the_navigation():
    assert len(PAGES) >= 9 and PAGES[0] == ("pages/overview.py", "ภาพรวม")


@pytest.mark.parametrize(("page", "title"), PAGES)
def test_every_page_in_thai_shows_no_english_ui_text(use_sample_db, page, title):
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    texts = ui_texts(at)
    assert title in texts  # the walk saw the page (its title)
    found = english_words(texts, data_words(use_sample_db))
    assert not found, "\n".join(f"{w!r} in …{ctx}…" for w, ctx in found.items())


def _numbers(text: str) -> list[float]:
    return sorted(float(n.replace(",", "")) for n in re.findall(r"\d+(?:[.,]\d+)*", text))


def test_thai_assumption_sources_say_what_the_reference_file_says():
    """The Thai cost-assumption sources hold exactly the numbers of the English ones (a year in the
    Buddhist Era), so an edit of the reference file cannot leave the Thai text behind unnoticed."""
    from etl import reference

    ref = reference.cost_assumptions()
    assert set(ref["service_code"]) == set(i18n.ASSUMPTION_SOURCES_TH)
    for code, source in zip(ref["service_code"], ref["source"]):
        english = [n + 543 if 1900 <= n <= 2100 else n for n in _numbers(source)]
        assert sorted(english) == _numbers(i18n.ASSUMPTION_SOURCES_TH[code]), code
        assert i18n.assumption_source(code, source, "th") == i18n.ASSUMPTION_SOURCES_TH[code]
        assert i18n.assumption_source(code, source, "en") == source
        assert not english_words([i18n.ASSUMPTION_SOURCES_TH[code]]), code

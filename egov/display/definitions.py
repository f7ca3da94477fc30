"""The metric definitions (egov.definitions.METRICS) as entries and a table in the reader's language."""

from __future__ import annotations

import functools

import pandas as pd

from egov import i18n
from egov.definitions import METRICS

def definition_entries(lang: str) -> list[dict]:
    """Every metric of egov.definitions.METRICS in lang: key, term (the words before "คือ" / ":"),
    text (the rest) and where it is computed."""
    out = []
    for key, e in METRICS.items():
        full = (e.get("en") if lang == "en" else e.get("th")) or e.get("th") or e.get("en") or ""
        sep = ": " if lang == "en" else " คือ "
        term, _, rest = full.partition(sep)
        if not rest:
            term, rest = key, full
        out.append({"key": key, "term": term.strip(), "text": rest.strip(), "where": e.get("where", "")})
    return out


def definitions_display(lang: str) -> pd.DataFrame:
    t = functools.partial(i18n.t, lang=lang)
    rows = definition_entries(lang)
    return pd.DataFrame({
        t("dt.term"): [r["term"] for r in rows],
        t("dt.definition"): [r["text"] for r in rows],
        t("dt.where"): [r["where"] for r in rows],
        t("dt.key"): [r["key"] for r in rows],
    })

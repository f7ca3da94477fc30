"""The reader's language: label lookup (t), service and reason names, and number and date formatting.
Thai first: Buddhist-Era years, baht in ล้าน.

Pure functions of (value, lang), but for current_lang(), the session's choice. lang is "th" or "en". The
labels themselves (Thai beside English) are in egov/labels/, one module per subject.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from numbers import Number

import pandas as pd
import streamlit as st

from egov.definitions import METRICS
from egov.labels import LABELS
from egov.labels.common import SERVICE_ABOUT_EN
from egov.labels.data import REJECT_REASONS_TH, UNKNOWN_TH
from egov.labels.savings import ASSUMPTION_SOURCES_TH

LANGS = ("th", "en")
DEFAULT_LANG = "th"
LANG_KEY = "lang"  # the session's language: its st.session_state key (the sidebar's switch) and URL parameter
BE_OFFSET = 543  # Buddhist Era = Common Era + 543

TH_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
TH_MONTHS_FULL = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
                  "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DASH = "–"

# Short names of the services (brand names, the same in both languages); the full names come from
# the services table.
SERVICE_SHORT = {"GIN": "GIN", "GCLOUD": "G-Cloud", "MAILGOTHAI": "MailGoThai", "GOVMON": "GovMon"}

# Every label shown by the dashboard (key -> (Thai, English), placeholders in str.format) lives in
# egov/labels/, one module per subject.


def t(key: str, lang: str = DEFAULT_LANG, **kwargs) -> str:
    """The label for key in lang (Thai when lang is unknown); missing keys show the key itself."""
    pair = LABELS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**kwargs) if kwargs else text


def current_lang() -> str:
    """The language of the current session; the default when none is chosen (or outside a session)."""
    lang = st.session_state.get(LANG_KEY)
    return lang if lang in LANGS else DEFAULT_LANG


def name_col(lang: str) -> str:
    """The column holding a reference table's name in lang: name_th or name_en."""
    return "name_en" if lang == "en" else "name_th"


def service_about(code: str, name_th: str, lang: str = DEFAULT_LANG) -> str:
    """A subtitle saying what the service is: its Thai name in Thai, SERVICE_ABOUT_EN in English (the
    Thai name for a service it does not know)."""
    return SERVICE_ABOUT_EN.get(code, name_th) if lang == "en" else name_th


def assumption_source(code: str, source: str, lang: str = DEFAULT_LANG) -> str:
    """A service's cost-assumption source in the reader's language: the Thai text of a known service,
    otherwise the source as the reference file gives it."""
    if lang == "th" and code in ASSUMPTION_SOURCES_TH:
        return ASSUMPTION_SOURCES_TH[code]
    return source


def service_label(code: str, lang: str = DEFAULT_LANG) -> str:
    return SERVICE_SHORT.get(code, code)


# ---- numbers ---------------------------------------------------------------------------------------

def _missing(x) -> bool:
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    try:
        return isinstance(x, Number) and math.isnan(x)
    except TypeError:
        return False


def fmt_int(x, lang: str = DEFAULT_LANG) -> str:
    """1234 -> '1,234'."""
    return DASH if _missing(x) else f"{round(float(x)):,}"


def fmt_num(x, lang: str = DEFAULT_LANG, digits: int = 1) -> str:
    """A decimal with thousands separators: 4.16 -> '4.2'."""
    return DASH if _missing(x) else f"{float(x):,.{digits}f}"


def fmt_pct(x, lang: str = DEFAULT_LANG, digits: int = 1) -> str:
    """A share 0-1 as a percentage: 0.456 -> '45.6%'."""
    return DASH if _missing(x) else f"{float(x) * 100:.{digits}f}%"


def fmt_pp(x, lang: str = DEFAULT_LANG, digits: int = 1) -> str:
    """A change of a share in percentage points, signed: 0.032 -> '+3.2 จุด' / '+3.2 pp'."""
    if _missing(x):
        return DASH
    return t("pp", lang, value=f"{float(x) * 100:+.{digits}f}")


def fmt_signed_int(x, lang: str = DEFAULT_LANG) -> str:
    return DASH if _missing(x) else f"{round(float(x)):+,}"


def change_is_zero(x, kind: str = "int", digits: int = 1) -> bool:
    """Whether a change shows as zero once rounded as fmt_change writes it (missing is not zero)."""
    if _missing(x):
        return False
    return round(float(x) * 100, digits) == 0 if kind == "pp" else round(float(x)) == 0


def fmt_change(x, lang: str = DEFAULT_LANG, kind: str = "int", digits: int = 1) -> str:
    """A change for a metric's delta: kind "int" a count ('+7', '-3'), kind "pp" a change of a share in
    percentage points ('+1.2 จุด' / '+1.2 pp'). A change that rounds to zero has no sign: '0', '0.0 จุด'."""
    if _missing(x):
        return DASH
    if change_is_zero(x, kind, digits):
        return t("pp", lang, value=f"{0:.{digits}f}") if kind == "pp" else "0"
    return fmt_pp(x, lang, digits) if kind == "pp" else fmt_signed_int(x, lang)


def fmt_baht(x, lang: str = DEFAULT_LANG, digits: int = 1, unit: bool = True) -> str:
    """Baht: millions as ล้าน / million, smaller amounts in full.

    12_345_678 -> '12.3 ล้านบาท' / 'THB 12.3 million'; 850_000 -> '850,000 บาท' / 'THB 850,000'.
    unit=False leaves out บาท / THB (for ranges that carry the unit once).
    """
    if _missing(x):
        return DASH
    x = float(x)
    if abs(x) >= 1_000_000:
        num = f"{x / 1_000_000:,.{digits}f}"
        if lang == "en":
            return f"THB {num} million" if unit else f"{num} million"
        return f"{num} ล้านบาท" if unit else f"{num} ล้าน"
    num = f"{x:,.0f}"
    if lang == "en":
        return f"THB {num}" if unit else num
    return f"{num} บาท" if unit else num


def fmt_baht_range(low, high, lang: str = DEFAULT_LANG) -> str:
    """'10.2 – 35.1 ล้านบาท' / 'THB 10.2 – 35.1 million' (one unit when both are in millions)."""
    if _missing(low) or _missing(high):
        return DASH
    if abs(float(low)) >= 1_000_000 and abs(float(high)) >= 1_000_000:
        lo, hi = f"{float(low) / 1e6:,.1f}", f"{float(high) / 1e6:,.1f}"
        return f"THB {lo} – {hi} million" if lang == "en" else f"{lo} – {hi} ล้านบาท"
    return f"{fmt_baht(low, lang)} – {fmt_baht(high, lang)}"


# ---- dates -----------------------------------------------------------------------------------------

def _as_date(d) -> dt.date | dt.datetime | None:
    if _missing(d):
        return None
    if isinstance(d, pd.Timestamp):
        return d.to_pydatetime()
    if isinstance(d, (dt.date, dt.datetime)):
        return d
    if isinstance(d, str):
        return pd.Timestamp(d).to_pydatetime()
    return pd.Timestamp(d).to_pydatetime()


def year(d, lang: str = DEFAULT_LANG) -> int:
    """The year in the reader's era: Buddhist Era in Thai, CE in English."""
    return d.year + BE_OFFSET if lang != "en" else d.year


def fmt_month(d, lang: str = DEFAULT_LANG) -> str:
    """The month: 'ก.ค. 2557' in Thai (Buddhist Era), 'Jul 2014' in English."""
    d = _as_date(d)
    if d is None:
        return DASH
    if lang == "en":
        return f"{EN_MONTHS[d.month - 1]} {d.year}"
    return f"{TH_MONTHS[d.month - 1]} {d.year + BE_OFFSET}"


def fmt_date(d, lang: str = DEFAULT_LANG) -> str:
    """A day: '25 ก.ค. 2557' in Thai, '25 Jul 2014' in English."""
    d = _as_date(d)
    if d is None:
        return DASH
    if lang == "en":
        return f"{d.day} {EN_MONTHS[d.month - 1]} {d.year}"
    return f"{d.day} {TH_MONTHS[d.month - 1]} {d.year + BE_OFFSET}"


def fmt_datetime(d, lang: str = DEFAULT_LANG) -> str:
    """'25 ก.ค. 2557 14:05' / '25 Jul 2014 14:05'."""
    d = _as_date(d)
    if d is None:
        return DASH
    hm = f" {d.hour:02d}:{d.minute:02d}" if isinstance(d, dt.datetime) else ""
    return fmt_date(d, lang) + hm


# ---- definitions -----------------------------------------------------------------------------------

def definition(key: str, lang: str = DEFAULT_LANG) -> str | None:
    """The plain-words definition of a metric from egov.definitions.METRICS, if it is there."""
    entry = METRICS.get(key)
    if not entry:
        return None
    return entry.get("en" if lang == "en" else "th") or entry.get("th") or entry.get("en")




def reject_reason(reason, lang: str = DEFAULT_LANG) -> str:
    """The ETL's reason for a rejected value in the reader's language (the ETL writes English)."""
    if _missing(reason):
        return ""
    reason = str(reason)
    if lang == "en":
        return reason
    if reason in REJECT_REASONS_TH:
        return REJECT_REASONS_TH[reason]
    if reason.startswith("unknown ") and reason[8:] in UNKNOWN_TH:
        return f"ไม่รู้จัก{UNKNOWN_TH[reason[8:]]}นี้"
    if reason.startswith("duplicate key: same as line "):
        return f"รหัสซ้ำกับบรรทัดที่ {reason.rsplit(' ', 1)[-1]}"
    if m := re.fullmatch(r"duplicate key: same as (.+) line (\d+)", reason):  # another file of the batch
        return f"รหัสซ้ำกับ {m[1]} บรรทัดที่ {m[2]}"
    if m := re.fullmatch(r"more fields than the header: quote a value that holds (.+)", reason):
        held = "แท็บ" if m[1] == "a tab" else m[1]
        return f"มีช่องข้อมูลมากกว่าหัวตาราง: ค่าที่มี {held} อยู่ต้องครอบด้วยเครื่องหมายคำพูด (\")"
    return reason

"""Every value form of the input contract, read into one canonical value.

Pure functions: the lookup tables are built once per process from data/reference (cached), so the
loader can call them on tens of thousands of DISTINCT raw values. A value that cannot be understood
raises Invalid with a short English reason and, for names, the closest known name as a suggestion.
Every function takes None or a blank string to None.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache, lru_cache, partial

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Indel

from etl import reference


class Invalid(ValueError):
    """A value that cannot be read; reason is short English, suggestion like 'Phitsanulokk -> Phitsanulok?'."""

    def __init__(self, reason: str, suggestion: str | None = None):
        super().__init__(reason if suggestion is None else f"{reason} ({suggestion})")
        self.reason = reason
        self.suggestion = suggestion


# --- text -------------------------------------------------------------------------------------------

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_SPACE_RUN = re.compile(r"\s+")  # Python's \s covers NBSP, U+2000-U+200A, U+202F, U+205F, U+3000 ...
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def clean_text(s) -> str | None:
    """NFC, zero-width characters removed, every kind of space run made one space, stripped; '' -> None."""
    if s is None or (isinstance(s, float) and math.isnan(s)):
        return None
    s = unicodedata.normalize("NFC", str(s)).translate(_ZERO_WIDTH)
    return _SPACE_RUN.sub(" ", s).strip() or None


def thai_digits(s: str | None) -> str | None:
    """Thai digits ๐-๙ as Arabic digits 0-9."""
    return None if s is None else str(s).translate(_THAI_DIGITS)


# --- numbers ----------------------------------------------------------------------------------------

# Characters a number may carry anywhere and that mean nothing: every Unicode space (the same set as
# Python's str.isspace), zero-width characters and the thousands separator. One list feeds both the
# Python and the SQL pattern so parse_number and SQL_NUMBER cannot drift apart.
_NOISE_RANGES = [(0x09, 0x0D), (0x1C, 0x20), (0x85, 0x85), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200D),
                 (0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x2060), (0x3000, 0x3000), (0xFEFF, 0xFEFF)]
_PY_NOISE = re.compile("[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in _NOISE_RANGES) + "]")
_SQL_NOISE = "[" + "".join(f"\\x{{{a:04X}}}-\\x{{{b:04X}}}" for a, b in _NOISE_RANGES) + "]"
# ASCII digits only (float() would take any script's). A thousands separator only between groups of
# three, so '1,5' and '1,2,3' are no numbers rather than 15 and 123. An exponent is how a spreadsheet
# writes a small or large cell value ('5e-05').
_NUMBER = r"[+-]?(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_PY_NUMBER = re.compile(_NUMBER)
_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]+,(?:[0-9]{1,2}|[0-9]{4,})")  # '1,5': a decimal comma, or a slip
# Longer text is no number (a number that long would read as infinity): refused before any pattern runs.
MAX_NUMBER_BYTES = 300
MAX_INTEGER = 2**53  # counts beyond this are no counts, and would not fit the warehouse's BIGINT exactly


def parse_number(s) -> float | None:
    """'๑,๒๓๔.๕', ' -1 234 ', '+.5', '5e-05' -> float; blank -> None; anything else Invalid('not a number').
    The sign is kept: whether a column takes negative values is the contract's (etl.contract), not this."""
    if clean_text(s) is None:
        return None
    if len(str(s).encode("utf-8")) > MAX_NUMBER_BYTES:
        raise Invalid("not a number")
    t = _PY_NOISE.sub("", str(s).translate(_THAI_DIGITS))
    if not _PY_NUMBER.fullmatch(t):
        raise Invalid("not a number", _decimal_comma_hint(t))
    return float(t.replace(",", ""))


def _decimal_comma_hint(t: str) -> str | None:
    return f"{t} -> {t.replace(',', '.')}?" if _DECIMAL_COMMA.fullmatch(t) else None


def SQL_NUMBER(col: str) -> str:
    """DuckDB expression: the column read as parse_number reads it, as DOUBLE; NULL when not a number."""
    cleaned = (f"regexp_replace(translate(CAST({col} AS VARCHAR), '๐๑๒๓๔๕๖๗๘๙', '0123456789'), "
               f"'{_SQL_NOISE}', '', 'g')")
    # regexp_extract gives '' when the whole text is not a number, and TRY_CAST('' AS DOUBLE) is NULL
    slow = f"TRY_CAST(replace(regexp_extract({cleaned}, '^{_NUMBER}$'), ',', '') AS DOUBLE)"
    # Most cells are already plain numbers: one cheap match spares them the replace (17x faster on 10M rows)
    return (f"CASE WHEN strlen({col}) > {MAX_NUMBER_BYTES} THEN NULL "
            f"WHEN regexp_full_match({col}, '-?[0-9]+(\\.[0-9]+)?') THEN CAST({col} AS DOUBLE) ELSE {slow} END")


def parse_integer(s) -> int | None:
    """A count: a number with no fractional part ('1,200', '๓๕', '12.0'), never negative."""
    v = parse_number(s)
    if v is None:
        return None
    if v < 0:
        raise Invalid("must not be negative")
    if v > MAX_INTEGER:  # before is_integer: infinity is no whole number but too large
        raise Invalid("number too large")
    if not v.is_integer():
        raise Invalid("not a whole number")
    return int(v)


def SQL_DECIMAL_COMMA_HINT(col: str) -> str:
    """DuckDB expression: the suggestion parse_number gives for '1,5' ('1,5 -> 1.5?'), else NULL."""
    return (f"CASE WHEN regexp_full_match(trim({col}), '{_DECIMAL_COMMA.pattern}') "
            f"THEN trim({col}) || ' -> ' || replace(trim({col}), ',', '.') || '?' END")


# --- dates ------------------------------------------------------------------------------------------

MIN_DATE, MAX_DATE = date(1990, 1, 1), date(2100, 12, 31)  # MAX_DATE: the last date of an Excel serial read
# Nothing is dated after the current month: a typo such as 2600 for 2560 (BE) would otherwise move the
# dashboard's as-of month decades ahead. The margin covers a clock or a time zone a few days off.
FUTURE_MARGIN = timedelta(days=7)


def _today() -> date:
    return date.today()


def latest_day() -> date:
    """The last plausible day of data: the end of the current month, today taken FUTURE_MARGIN ahead."""
    d = _today() + FUTURE_MARGIN
    return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])

_EXCEL_EPOCH = datetime(1899, 12, 30)  # Excel's day 0, counting its phantom 29 Feb 1900
_SERIAL_MIN = (datetime.combine(MIN_DATE, time()) - _EXCEL_EPOCH).days  # 32874
_SERIAL_MAX = (datetime.combine(MAX_DATE, time()) - _EXCEL_EPOCH).days  # 73415
_BE_OFFSET = 543

# (full name, abbreviation, colloquial short form) per month
_THAI_MONTHS = [
    ("มกราคม", "ม.ค.", "มกรา"), ("กุมภาพันธ์", "ก.พ.", "กุมภา"), ("มีนาคม", "มี.ค.", "มีนา"),
    ("เมษายน", "เม.ย.", "เมษา"), ("พฤษภาคม", "พ.ค.", "พฤษภา"), ("มิถุนายน", "มิ.ย.", "มิถุนา"),
    ("กรกฎาคม", "ก.ค.", "กรกฎา"), ("สิงหาคม", "ส.ค.", "สิงหา"), ("กันยายน", "ก.ย.", "กันยา"),
    ("ตุลาคม", "ต.ค.", "ตุลา"), ("พฤศจิกายน", "พ.ย.", "พฤศจิกา"), ("ธันวาคม", "ธ.ค.", "ธันวา"),
]
_THAI_MISSPELT = {"กรกฏาคม": 7, "กรกฏา": 7, "กุมภาพันธ": 2}  # ฏ for ฎ is the commonest slip


_DOTS = re.compile(r"[.\s]")


def _thai_month_regex():
    words: dict[str, int] = dict(_THAI_MISSPELT)
    abbrevs: dict[str, int] = {}
    for i, (full, abbr, short) in enumerate(_THAI_MONTHS, 1):
        words[full] = words[short] = i
        abbrevs[abbr] = i
    alts = [(w, re.escape(w)) for w in words]
    # ก.ค. also as กค, ก.ค, ก. ค.: dots optional, a space only after a dot
    alts += [(a, r"(?:\.\s*)?".join(map(re.escape, a.strip(".").split("."))) + r"\.?") for a in abbrevs]
    alts.sort(key=lambda a: -len(a[0]))  # longest first: มกราคม before มกรา, มี.ค. before ม.ค.
    lookup = {_DOTS.sub("", k): v for k, v in {**words, **abbrevs}.items()}
    return re.compile("|".join(p for _, p in alts)), lookup


_THAI_MONTH_RE, _THAI_MONTH_NUM = _thai_month_regex()
_EN_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_EN_MONTH_RE = re.compile(
    r"(?<![a-z])(january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?(?![a-z])"
)
_TIME_RE = re.compile(
    r"(?:(?<=\d)t|\s*เวลา\s*|\s+|,\s*)"
    r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?"
    r"\s*(?:([ap])\.?m\.?|นาฬิกา|น\.?|hrs?\.?)?\s*(?:z|[+-]\d{2}:?\d{2})?$"
)
# Thai words for a clock: '15 นาฬิกา 25 นาที', '15 นาฬิกา 25 นาที 30 วินาที', '9 น.'
_THAI_CLOCK_RE = re.compile(r"(?:\s*เวลา\s*|\s+)(\d{1,2})\s*(?:นาฬิกา|น\.)(?:\s*(\d{1,2})\s*นาที)?"
                            r"(?:\s*(\d{1,2})\s*วินาที)?\s*$")
_BARE_TIME = re.compile(r"(?:เวลา\s*)?\d{1,2}(?:[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?|นาฬิกา|น\.?)?"
                        r"|\s*(?:นาฬิกา|น\.)(?:\s*\d{1,2}\s*นาที)?)")
_THAI_WEEKDAY = re.compile(r"^วัน(?:จันทร์|อังคาร|พุธ|พฤหัสบดี|พฤหัส|ศุกร์|เสาร์|อาทิตย์)\s*(?:ที่)?\s*|^วันที่\s*")
_EN_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+")
_ERA_BE = re.compile(r"พ\.?\s*ศ\.?|(?<![a-z])b\.?\s?e\.?(?![a-z])")
_ERA_CE = re.compile(r"ค\.?\s*ศ\.?|(?<![a-z])(?:a\.?\s?d|c\.?\s?e)\.?(?![a-z])")
_FILLER = re.compile(r"เดือน|ปี|(?<=\d)(?:st|nd|rd|th)(?![a-z])")


@dataclass(frozen=True)
class _Parts:
    year: int  # Gregorian
    month: int
    day: int | None  # None: a month without a day
    clock: time | None


def _year(tok: str, two_digit_era: str, latest: date) -> int:
    """A year token in CE. 4 digits: BE when >= 2400. 2 digits: the first plausible reading of BE 25yy,
    CE 20yy (in the order the context prefers) and CE 19yy, so '99' is 1999, never 2599 BE = 2056."""
    if len(tok) == 4:
        y = int(tok)
        return y - _BE_OFFSET if y >= 2400 else y
    if len(tok) == 2:
        be, ce = 2500 + int(tok) - _BE_OFFSET, 2000 + int(tok)
        readings = (be, ce) if two_digit_era == "be" else (ce, be)
        return next((y for y in (*readings, 1900 + int(tok)) if MIN_DATE.year <= y <= latest.year), readings[0])
    raise Invalid("not a date")


def _year_hint(tok: str | None, latest: date) -> str | None:
    """'2600 -> 2560?': the plausible year (in the era written) nearest to a four-digit year typed
    wrong: fewest digits dropped or added first (2600 keeps 2-6-0 of 2560), then fewest changed or swapped."""
    if tok is None or len(tok) != 4:
        return None
    offset = _BE_OFFSET if int(tok) >= 2400 else 0
    years = [str(y + offset) for y in range(MIN_DATE.year, latest.year + 1) if str(y + offset) != tok]
    best = min(years, key=lambda y: (Indel.distance(tok, y), OSA.distance(tok, y), abs(int(y) - int(tok))))
    return f"{tok} -> {best}?" if Indel.distance(tok, best) <= 2 else None


def _checked(y: int, m: int, d: int | None, latest: date, clock: time | None = None,
             year_tok: str | None = None) -> _Parts:
    if y < MIN_DATE.year:
        raise Invalid("date out of range")
    try:
        first = date(y, m, 1 if d is None else d)
    except ValueError:
        raise Invalid("no such date") from None
    if first > latest:  # a month counts from its first day: the current month is the latest one
        raise Invalid("date in the future", _year_hint(year_tok, latest))
    return _Parts(y, m, d, clock)


def _clock(h: str, mi: str, sec: str | None, ampm: str | None) -> time:
    hour = int(h)
    if ampm:
        if not 1 <= hour <= 12:
            raise Invalid("no such time")
        hour = hour % 12 + (12 if ampm == "p" else 0)
    try:
        return time(hour, int(mi), int(sec or 0))
    except ValueError:
        raise Invalid("no such time") from None


def _serial(t: str, latest: date) -> _Parts:
    days = float(t)
    if not _SERIAL_MIN <= int(days) <= _SERIAL_MAX:
        raise Invalid("date out of range")
    dt = _EXCEL_EPOCH + timedelta(seconds=round(days * 86400))
    return _checked(dt.year, dt.month, dt.day, latest, dt.time() if dt.time() != time() else None)


@lru_cache(maxsize=65536)
def _date_parts(s: str, latest: date) -> _Parts | None:
    t = clean_text(thai_digits(s))
    if t is None:
        return None
    t = t.casefold()
    if _BARE_TIME.fullmatch(t):  # '15.25 น.' alone: a datetime needs its day
        raise Invalid("time without a date")
    # Bare numbers: an Excel serial (5 digits, maybe a fraction), yyyymmdd or yyyymm
    if m := re.fullmatch(r"(\d+)(?:\.(\d+))?", t):
        whole, frac = m.groups()
        if len(whole) == 5:
            return _serial(t, latest)
        if frac is None and len(whole) == 8:
            return _checked(_year(whole[:4], "be", latest), int(whole[4:6]), int(whole[6:]), latest,
                            year_tok=whole[:4])
        if frac is None and len(whole) == 6:
            return _checked(_year(whole[:4], "be", latest), int(whole[4:]), None, latest, year_tok=whole[:4])
        if not (len(whole) == 4 and frac and len(frac) <= 2):  # 2557.07 is a month, read below
            raise Invalid("not a date")
    clock = None
    if m := _TIME_RE.search(t):
        clock = _clock(m[1], m[2], m[3], m[4])
        t = t[: m.start()]
    elif m := _THAI_CLOCK_RE.search(t):  # 15 นาฬิกา 25 นาที, 9 น.
        clock = _clock(m[1], m[2] or "0", m[3], None)
        t = t[: m.start()]
    t = _EN_WEEKDAY.sub("", _THAI_WEEKDAY.sub("", t.strip()))
    era = "ce" if _ERA_CE.search(t) else "be" if _ERA_BE.search(t) else None
    t = _ERA_CE.sub(" ", _ERA_BE.sub(" ", t))
    t = _THAI_MONTH_RE.sub(lambda m: f" T{_THAI_MONTH_NUM[_DOTS.sub('', m[0])]:02d} ", t)
    t = _EN_MONTH_RE.sub(lambda m: f" E{_EN_MONTHS.index(m[1][:3]) + 1:02d} ", t)
    t = _FILLER.sub(" ", t)
    toks = [x for x in re.split(r"[\s,/\-.]+", t) if x]
    if not toks or not all(re.fullmatch(r"\d+|[TE]\d\d", x) for x in toks):
        raise Invalid("not a date")
    shape = "".join("m" if x[0] in "TE" else "n" for x in toks)
    named = next((x for x in toks if x[0] in "TE"), "")
    # Two-digit years: with a Thai month or in numeric d/m/yy Thai offices mean BE 25yy; with an
    # English month name CE 20yy; an explicit พ.ศ. / ค.ศ. wins.
    era2 = era or ("ce" if named.startswith("E") else "be")
    if shape == "nnn":
        a, b, c = toks
        if len(a) == 4:
            y, mo, d = a, b, c
        elif len(a) <= 2 and len(c) in (2, 4):
            d, mo, y = a, b, c
        else:
            raise Invalid("not a date")
    elif shape == "nmn":
        a, mo, c = toks
        d, y = (c, a) if len(a) == 4 else (a, c)
    elif shape == "mnn":
        mo, d, y = toks
    elif shape == "nn":  # yyyy-mm or mm/yyyy
        a, b = toks
        if len(a) == 4:
            y, mo = a, b
        elif len(b) == 4:
            mo, y = a, b
        else:
            raise Invalid("not a date")
        d = None
    elif shape == "mn" or (shape == "nm" and len(toks[0]) == 4):  # ก.ค. 57, Jul-14, 2557 ก.ค.
        mo, y = toks if shape == "mn" else toks[::-1]
        d = None
    else:
        raise Invalid("not a date")
    mo = mo.lstrip("TE")
    if len(mo) > 2 or (d is not None and len(d) > 2):
        raise Invalid("not a date")
    return _checked(_year(y, era2, latest), int(mo), int(d) if d is not None else None, latest, clock, y)


def parse_date(s) -> date | None:
    """A day: ISO, d/m/yyyy, Thai or English month names, BE years, Excel serials, Thai digits; from
    1990 to the end of the current month (latest_day)."""
    p = _date_parts(s, latest_day()) if clean_text(s) is not None else None
    if p is None:
        return None
    if p.day is None:
        raise Invalid("not a date")
    return date(p.year, p.month, p.day)


def parse_datetime(s) -> datetime | None:
    """A parse_date form optionally followed by a time (14:35, 14.35 น., ISO 'T', Excel fraction)."""
    d = parse_date(s)
    if d is None:
        return None
    return datetime.combine(d, _date_parts(s, latest_day()).clock or time())


def parse_month(s) -> date | None:
    """First day of the month: any parse_date form, or 2557-07, 07/2014, ก.ค. 57, Jul 2014, Jul-14."""
    p = _date_parts(s, latest_day()) if clean_text(s) is not None else None
    return None if p is None else date(p.year, p.month, 1)


# --- satisfaction -----------------------------------------------------------------------------------

_SATISFACTION_WORDS = {
    "มากที่สุด": 5, "มาก": 4, "ปานกลาง": 3, "น้อย": 2, "น้อยที่สุด": 1,
    "verysatisfied": 5, "extremelysatisfied": 5, "satisfied": 4, "neutral": 3,
    "neithersatisfiednordissatisfied": 3, "dissatisfied": 2, "unsatisfied": 2,
    "verydissatisfied": 1, "veryunsatisfied": 1, "extremelydissatisfied": 1,
    "veryhigh": 5, "high": 4, "medium": 3, "moderate": 3, "low": 2, "verylow": 1,
}
_SATISFACTION_PREFIX = re.compile(r"^(?:คะแนน)?(?:ระดับ)?(?:ความ)?(?:พึง)?(?:พอใจ)?")
_SATISFACTION_NUMBER = r"-?\d+(?:\.\d+)?"  # the sign kept so '-1' is refused, not read as 1
_SATISFACTION_ERROR = "satisfaction must be 1-5 or มากที่สุด..น้อยที่สุด"


def parse_satisfaction(s) -> int | None:
    """1-5 ('4', '4.0', '๔'), the Thai scale มากที่สุด..น้อยที่สุด (also 'พึงพอใจมาก'), or '5 - มากที่สุด'."""
    t = clean_text(thai_digits(s))
    if t is None:
        return None
    numbers = re.findall(_SATISFACTION_NUMBER, t)
    words = _fold(re.sub(_SATISFACTION_NUMBER, " ", t))
    found = set()
    if len(numbers) > 1:
        raise Invalid(_SATISFACTION_ERROR)
    if numbers:
        v = float(numbers[0])
        if not (v.is_integer() and 1 <= v <= 5):
            raise Invalid(_SATISFACTION_ERROR)
        found.add(int(v))
    words = _SATISFACTION_PREFIX.sub("", words)  # 'ระดับ 4', 'พึงพอใจมาก': the prefix says nothing
    if words:
        v = _SATISFACTION_WORDS.get(words)
        if v is None:
            raise Invalid(_SATISFACTION_ERROR)
        found.add(v)
    if len(found) != 1:  # nothing at all, or '5 - น้อย' contradicting itself
        raise Invalid(_SATISFACTION_ERROR)
    return found.pop()


# --- names: provinces, ministries, services, vocabularies -------------------------------------------

# Python's \w does not cover Thai vowel and tone marks (category Mn): keep the whole Thai block, so
# น้อย and นอย stay apart, but drop ฯ (กรุงเทพฯ = กรุงเทพ).
_NOT_NAME = re.compile(r"[^\w\u0e00-\u0e7f]+|[_ฯ]+")


def _fold(s: str) -> str:
    """A name folded for lookup: case, spaces, punctuation, ฯ, อีเมล์/อีเมล and a split sara am ignored."""
    s = s.casefold().replace("\u0e4d\u0e32", "\u0e33").replace("เมล์", "เมล").replace("&", " and ")
    return _NOT_NAME.sub("", s)


_THAI = re.compile(r"[\u0e00-\u0e7f]")
_NOT_WORD = re.compile(r"[^\w\u0e00-\u0e7f]+|_+")
_PROVINCE_AFFIX = re.compile(r"^(?:จังหวัด|จว\.?|จ\.|changwat\b|province of\b)\s*"  # จว.: official records' จังหวัด
                             r"|\s*(?:\bprovince|\bchangwat|จังหวัด)$")
_MINISTRY_AFFIX = re.compile(r"^(?:กระทรวง|(?:the\s+)?ministry\s+of\s+(?:the\s+)?)|\s+ministry$")
_SERVICE_AFFIX = re.compile(r"^(?:(?:ระบบ|บริการ)\s*)+|\s*\b(?:services?|system)$")
_PARTS = re.compile(r"[()\[\]]|\s[-–/:]\s|:")


def _words(s: str) -> str:
    """Lower-case words with single spaces: 'Nong Bua Lam-Phu' -> 'nong bua lam phu'."""
    return _SPACE_RUN.sub(" ", _NOT_WORD.sub(" ", s.casefold())).strip()


class _Matcher:
    """Spellings of one kind of name -> code: a dict lookup first, fuzzy matching only on a miss."""

    def __init__(self, affix: re.Pattern | None = None):
        self.affix = affix  # words around a name that say nothing (จังหวัด, Ministry of, ระบบ)
        self.codes: dict[str, str] = {}  # folded spelling -> code
        self.shown: dict[str, str] = {}  # folded spelling -> canonical name, in the spelling's script
        self.conflicts: list[tuple[str, str, str]] = []  # (spelling, code kept, code refused)
        self.spellings: list[tuple[str, str]] = []  # (spelling as listed, its canonical name in that script)
        self._choices: list[str] | None = None
        self._words: dict[str, set[tuple[bool, str]]] | None = None
        self.names: dict[str, tuple[str, str]] = {}  # code -> (English name, Thai name)

    def key(self, text: str) -> str:
        t = text.casefold()
        if self.affix is not None:
            t = self.affix.sub("", t).strip() or t
        return _fold(t) or t  # '-' folds to nothing and is its own key

    def add(self, spelling: str, code: str, name_th: str, name_en: str) -> None:
        spelling = clean_text(spelling)
        if spelling is None:
            return
        k = self.key(spelling)
        if self.codes.setdefault(k, code) != code:
            self.conflicts.append((spelling, self.codes[k], code))
            return
        self.shown.setdefault(k, name_th if _THAI.search(spelling) else name_en)
        self.spellings.append((spelling, self.shown[k]))
        self.names.setdefault(code, (name_en, name_th))

    def find(self, text: str) -> str | None:
        k = self.key(text)
        if k in self.codes:
            return self.codes[k]
        if (whole := _fold(text)) in self.codes:  # what looked like an affix is the name: จ.บ. (Chanthaburi)
            return self.codes[whole]
        if "ฯ" in text and len(k) >= 3:  # an abbreviation like สุพรรณฯ: a prefix naming one code only
            hits = {c for sp, c in self.codes.items() if sp.startswith(k)}
            if len(hits) == 1:
                return hits.pop()
        # 'Chon Buri (Pattaya)', '65 - พิษณุโลก': the parts that are names must agree on one code
        parts = [p.strip() for p in _PARTS.split(text) if p and p.strip()]
        if len(parts) > 1:
            hits = {c for p in parts if (c := self.find(p))}
            if len(hits) == 1:
                return hits.pop()
        return None

    def suggest(self, text: str) -> str | None:
        k = self.key(text)
        if len(k) < 3:
            return None
        # Part of one name only, in whole words ('Lam Phu' of Nong Bua Lam Phu) or Thai letters (ลำภู of
        # หนองบัวลำภู): that name, before a fuzzy match finds a similar-looking other one (Lamphun).
        parts = self._part_of(text, k)
        if parts:  # in several names ('Nakhon', 'บุรี'): any one named would likely be wrong
            return f"{text} -> {parts.pop()}?" if len(parts) == 1 else None
        if self._choices is None:
            self._choices = [c for c in self.codes if not c.isdigit()]  # codes are no names to suggest
        best = process.extractOne(k, self._choices, scorer=fuzz.ratio, score_cutoff=80)
        return f"{text} -> {self.shown[best[0]]}?" if best else None

    def _part_of(self, text: str, k: str) -> set[str]:
        """The names (in the text's script) of the codes one of whose spellings holds the text as whole
        words (Latin) or as a run of letters (Thai)."""
        if self._words is None:
            self._words = {}
            for sp, _ in self.spellings:
                thai = bool(_THAI.search(sp))
                self._words.setdefault(self.codes[self.key(sp)], set()).add(
                    (thai, self.key(sp) if thai else f" {_words(sp)} "))
        thai = bool(_THAI.search(text))
        needle = k if thai else f" {_words(text)} "
        codes = [c for c, forms in self._words.items() if any(t == thai and needle in f for t, f in forms)]
        return {self.names[c][thai] for c in codes}


def _split(aliases: str) -> list[str]:
    return [a for a in aliases.split("|") if a.strip()]


@cache
def _matchers() -> dict[str, _Matcher]:
    provinces = _Matcher(_PROVINCE_AFFIX)
    for r in reference.provinces().itertuples():
        for sp in (r.province_code, r.iso_code, r.name_th, r.name_en, r.abbr_th, *_split(r.aliases)):
            provinces.add(sp, r.province_code, r.name_th, r.name_en)
    ministries = _Matcher(_MINISTRY_AFFIX)
    for r in reference.ministries().itertuples():
        for sp in (r.ministry_code, r.name_th, r.name_en, r.short_th, r.short_en, *_split(r.aliases)):
            ministries.add(sp, r.ministry_code, r.name_th, r.name_en)
    services = _Matcher(_SERVICE_AFFIX)
    for r in reference.services().itertuples():
        for sp in (r.service_code, r.name_en, r.name_th, *_split(r.aliases)):
            services.add(sp, r.service_code, r.name_th, r.name_en)
    metrics = _Matcher()
    for r in reference.metrics().itertuples():
        for sp in (r.metric, r.name_th, r.name_en, *_split(r.aliases)):
            metrics.add(sp, r.metric, r.name_th, r.metric)  # suggested as the code usage files carry
    found = {"province": provinces, "ministry": ministries, "service": services, "metric": metrics}
    vocab = reference.vocabularies()
    for name in vocab["vocabulary"].unique():
        m = found[name] = _Matcher(_POLITE if name == "feedback_issue" else None)
        for r in vocab[vocab["vocabulary"] == name].itertuples():
            for sp in (r.code, r.name_th, r.name_en, *_split(r.aliases)):
                m.add(sp, r.code, r.name_th, r.name_en)
    return found


_PROVINCE_CODE = re.compile(r"(?:th)?[\s-]?(\d{2})(?:\.0+)?")  # 65, ๖๕, TH-65, th65, 65.0 (from Excel)


@lru_cache(maxsize=65536)
def _resolve(what: str, text: str) -> tuple[str | None, str | None]:
    """(code, None) for a known name, (None, suggestion or None) for an unknown one."""
    m = _matchers()[what]
    if what == "province" and (c := _PROVINCE_CODE.fullmatch(thai_digits(text).casefold())):
        return (c[1], None) if c[1] in m.codes else (None, None)
    code = m.find(text)
    return (code, None) if code else (None, m.suggest(text))


def _match(what: str, s) -> str | None:
    t = clean_text(s)
    if t is None:
        return None
    code, suggestion = _resolve(what, t)
    if code is None:
        raise Invalid(f"unknown {what}", suggestion)
    return code


def match_province(s) -> str | None:
    """DOPA code ('65') from a Thai/English name, alias, DOPA code or ISO code; with or without จ./จังหวัด."""
    return _match("province", s)


def match_ministry(s) -> str | None:
    """ministry_code from a Thai/English name (with or without กระทรวง / Ministry of), short form or former name."""
    return _match("ministry", s)


def match_service(s) -> str | None:
    """GIN | GCLOUD | MAILGOTHAI | GOVMON from a code, name or alias in any case and spacing."""
    return _match("service", s)


def match_metric(s) -> str | None:
    """A usage metric of data/reference/metrics.csv ('traffic_gb') from its code or name in any case,
    spacing or underscores ('Traffic GB'), or its Thai name; which service it belongs to is checked with
    the row (etl.stage.usage_rules)."""
    return _match("metric", s)


# Open vocabularies: an answer outside them is kept, as OTHER[vocabulary] when there is one (its text
# then goes to a column of its own, etl.contract.Kind.kept_text), else as written.
OTHER = {"feedback_issue": "other"}
_NO_ANSWER = re.compile(r"[-–—_.\s/]+")  # '-', '—', '...': the form's way of saying nothing
_POLITE = re.compile(r"\s*(?:นะ)?\s*(?:ครับผม|ครับ|ค่ะ|คะ|ค่า|จ้ะ|จ้า)\s*$")  # ไม่มีครับ = ไม่มี


def match_vocab(vocabulary: str, s, strict: bool) -> str | None:
    """A code of vocabularies.csv; an unknown value is Invalid when strict, else OTHER[vocabulary] or
    kept as written (cleaned)."""
    t = clean_text(s)
    if t is None:
        return None
    if vocabulary not in _matchers():
        raise KeyError(f"no vocabulary {vocabulary!r} in vocabularies.csv")
    code = vocab_code(vocabulary, t)
    if code is not None:
        return code
    if strict:
        raise Invalid(f"unknown {vocabulary}", _resolve(vocabulary, t)[1])
    return OTHER.get(vocabulary, t)


def vocab_code(vocabulary: str, s) -> str | None:
    """The code of a vocabulary value, None when the value is blank or not in the vocabulary."""
    t = clean_text(s)
    if t is None:
        return None
    if vocabulary == "feedback_issue" and _NO_ANSWER.fullmatch(t):
        return "none"
    return _resolve(vocabulary, t)[0]


NORMALIZERS: dict[str, Callable[[str | None], object]] = {
    "date": parse_date,
    "datetime": parse_datetime,
    "month": parse_month,
    "integer": parse_integer,
    "satisfaction": parse_satisfaction,
    "province": match_province,
    "ministry": match_ministry,
    "service": match_service,
    "metric": match_metric,
    "level": partial(match_vocab, "level", strict=True),
    **{v: partial(match_vocab, v, strict=False) for v in ("event_type", "feedback_issue", "ticket_category",
                                                          "ticket_channel")},
}
OPEN_VOCABULARIES = ("event_type", "feedback_issue", "ticket_category", "ticket_channel")  # never refused

"""etl.normalize: every value form of the input contract, exact values, exact rejections, properties."""

from datetime import date, datetime, timedelta

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl import reference
from etl.contract import KINDS
from etl.normalize import (
    NORMALIZERS,
    SQL_DECIMAL_COMMA_HINT,
    SQL_NUMBER,
    Invalid,
    clean_text,
    match_ministry,
    match_province,
    match_service,
    match_vocab,
    parse_date,
    parse_datetime,
    parse_integer,
    parse_month,
    parse_number,
    parse_satisfaction,
    thai_digits,
)
from etl.normalize import latest_day

LATEST = latest_day()  # the end of the current month: nothing is dated after it

ZW, NBSP = "\u200b", "\u00a0"
TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
TH_LONG = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน",
           "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
TH_SHORT = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
EN_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
EN_LONG = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]


def rejects(fn, value, reason, suggestion=None):
    with pytest.raises(Invalid) as err:
        fn(value)
    assert err.value.reason == reason
    assert err.value.suggestion == suggestion


# --- text and numbers -------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("  กรุงเทพ  มหานคร ", "กรุงเทพ มหานคร"),
    (f"{ZW}Chon{NBSP}{NBSP}Buri\u3000", "Chon Buri"),
    ("a\u2060b\ufeffc\u200c\u200dd", "abcd"),
    ("a\tb\nc\u2003d", "a b c d"),
    ("e\u0301", "\u00e9"),  # NFC
    ("", None), ("   ", None), (f"{ZW}{NBSP}", None), (None, None),
])
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


def test_thai_digits():
    assert thai_digits("๐๑๒๓๔๕๖๗๘๙ ก.ค. ๒๕๕๗") == "0123456789 ก.ค. 2557"
    assert thai_digits(None) is None


@pytest.mark.parametrize("raw, expected", [
    ("1234", 1234.0), ("1,234", 1234.0), ("1,234,567.89", 1234567.89), ("๑,๒๓๔.๕", 1234.5),
    (" -12.5 ", -12.5), ("+7", 7.0), (".5", 0.5), ("3.", 3.0), (f"1{NBSP}234", 1234.0),
    (f"{ZW}42{ZW}", 42.0), ("1 000", 1000.0), ("0", 0.0), ("-0.25", -0.25),
    ("1e5", 100000.0), ("5e-05", 0.00005), ("1.5E+3", 1500.0), ("12,345", 12345.0), ("1,234,567", 1234567.0),
    ("", None), ("  ", None), (None, None), (ZW, None),
])
def test_parse_number(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "12a", "e5", "1e", "1.2.3", "--1", "฿100", "12%", ",", ".", "+", "0x10", "1/2",
                                 "1,2,3", "1,234,56", "12,3456,789", ",123", "1,234,", "1,,234"])
def test_parse_number_rejects(raw):
    rejects(parse_number, raw, "not a number")


@pytest.mark.parametrize("raw, suggestion", [("1,5", "1,5 -> 1.5?"), ("12,25", "12,25 -> 12.25?"),
                                             ("-0,5", "-0,5 -> -0.5?"), ("3,1416", "3,1416 -> 3.1416?")])
def test_parse_number_decimal_comma_is_refused_with_the_dot_suggested(raw, suggestion):
    rejects(parse_number, raw, "not a number", suggestion)


@pytest.mark.parametrize("raw, expected", [
    ("12", 12), ("1,200", 1200), ("๓๕", 35), ("12.0", 12), (f"{NBSP}7{ZW}", 7), ("0", 0), ("", None), (None, None),
])
def test_parse_integer(raw, expected):
    value = parse_integer(raw)
    assert value == expected and (value is None or type(value) is int)


def test_parse_integer_rejects():
    rejects(parse_integer, "1.5", "not a whole number")
    rejects(parse_integer, "-3", "must not be negative")
    rejects(parse_integer, "1,5", "not a number", "1,5 -> 1.5?")
    rejects(parse_integer, "1e400", "number too large")  # infinity
    rejects(parse_integer, "twelve", "not a number")


@given(st.integers(min_value=0, max_value=10**12))
def test_thai_digits_round_trip_integers(n):
    thai = str(n).translate(TO_THAI)
    assert parse_number(thai) == n and parse_integer(thai) == n
    assert parse_integer(f"{n:,}".translate(TO_THAI)) == n


@given(st.decimals(min_value=-10**9, max_value=10**9, places=3, allow_nan=False, allow_infinity=False))
def test_thai_digits_round_trip_decimals(d):
    assert parse_number(f"{d:,}".translate(TO_THAI)) == float(d)


# --- SQL_NUMBER agrees with parse_number ------------------------------------------------------------

@pytest.fixture(scope="module")
def duck():
    con = duckdb.connect()
    yield con
    con.close()


def py_number(s):
    try:
        return parse_number(s)
    except Invalid:
        return None


def sql_number(con, s):
    return con.execute(f"SELECT {SQL_NUMBER('v')} FROM (SELECT ?::VARCHAR AS v)", [s]).fetchone()[0]


NOISE = [" ", NBSP, ZW, "\u200c", "\u200d", "\u2060", "\ufeff", "\u2003", "\u3000", "\t", "\u202f"]


@st.composite
def messy_numbers(draw):
    """A real number written the way offices write it: separators, Thai digits, noise, a stray letter."""
    n = draw(st.decimals(min_value=-10**9, max_value=10**9, places=draw(st.integers(0, 4)),
                         allow_nan=False, allow_infinity=False))
    text = f"{n:,}" if draw(st.booleans()) else str(n)
    if draw(st.booleans()):
        text = text.translate(TO_THAI)
    chars = list(text)
    for _ in range(draw(st.integers(0, 4))):
        chars.insert(draw(st.integers(0, len(chars))), draw(st.sampled_from(NOISE + ["x", "e", ".", "+", ","])))
    return "".join(chars)


@settings(max_examples=300, deadline=None)
@given(st.one_of(messy_numbers(), st.text(alphabet="0123456789๐๑๒๓๔๕๖๗๘๙,.+-e x" + "".join(NOISE), max_size=16)))
def test_sql_number_agrees_with_parse_number(duck, s):
    assert sql_number(duck, s) == py_number(s)


DECIMAL_COMMAS = st.from_regex(r"[ +-]?[0-9๐-๙]{1,4}(,[0-9๐-๙]{0,5}){1,2}(\.[0-9]{0,2})? ?", fullmatch=True)


@settings(max_examples=300, deadline=None)
@given(st.one_of(DECIMAL_COMMAS, messy_numbers(), st.text(alphabet="0123456789,.+- " + "".join(NOISE), max_size=12)))
def test_a_decimal_comma_hint_is_only_ever_for_a_value_that_is_no_number(duck, s):
    """etl.stage computes the hint only where SQL_NUMBER gives NULL (not on every row): the same hints, as
    long as no text that reads as a number matches the hint's pattern."""
    number, hint = duck.execute(f"SELECT {SQL_NUMBER('v')}, {SQL_DECIMAL_COMMA_HINT('v')} FROM (SELECT ?::VARCHAR AS v)",
                                [s]).fetchone()
    assert hint is None or number is None


def test_sql_number_on_a_table(duck):
    values = ["1,234.5", "๑,๒๓๔", f"{ZW}-7{NBSP}", "abc", "", None, "1e5", "+.5", "12 345"]
    duck.execute("CREATE OR REPLACE TEMP TABLE t AS SELECT * FROM (SELECT unnest(?::VARCHAR[]) AS raw)", [values])
    got = dict(duck.execute(f"SELECT raw, {SQL_NUMBER('raw')} FROM t WHERE raw IS NOT NULL").fetchall())
    assert got == {v: py_number(v) for v in values if v is not None}


# --- dates ------------------------------------------------------------------------------------------

D = date(2014, 7, 25)


@pytest.mark.parametrize("raw", [
    "2014-07-25", "2014/07/25", "2014.07.25", "2557-07-25", "2014-7-25",
    "25/07/2014", "25/7/2014", "25-07-2014", "25.07.2014", "25/07/2557", "25-07-2557", "25/07/57",
    "25 ก.ค. 2557", "25 ก.ค.2557", "25ก.ค.2557", "25 กค 57", "25 ก.ค. 57", "25 ก.ค 2557", "25 ก. ค. 2557",
    "25 กรกฎาคม 2557", "25 กรกฏาคม 2557", "25 กรกฎา 57", "๒๕ ก.ค. ๒๕๕๗", "๒๕/๐๗/๒๕๕๗",
    "วันที่ 25 กรกฎาคม 2557", "วันศุกร์ที่ 25 กรกฎาคม พ.ศ. 2557", "25 ก.ค. พ.ศ.2557", "25 July 2014 AD",
    "25 Jul 2014", "25-Jul-2014", "25-Jul-14", "25 July 2014", "July 25, 2014", "Jul 25 2014", "25th July 2014",
    "Friday, 25 July 2014", "25 JUL 2014", "25 Jul. 2014", "25 July 2557",
    "41845", "41845.0", "41845.75", "20140725", "25570725",
    "2014-07-25T10:30:00", "2014-07-25 10:30", "2014-07-25T10:30:00.000Z", "25/07/2557 14.35 น.",
    f"{ZW}25{NBSP}ก.ค.{NBSP}2557{ZW}", f"25 ก.{ZW}ค. 2557",
])
def test_parse_date_forms(raw):
    assert parse_date(raw) == D


@pytest.mark.parametrize("raw, expected", [
    ("1 ม.ค. 2533", date(1990, 1, 1)), ("31 ธ.ค. 2568", date(2025, 12, 31)), ("1/1/1990", date(1990, 1, 1)),
    ("29/02/2559", date(2016, 2, 29)), ("1 มี.ค. 57", date(2014, 3, 1)), ("1 ม.ค. 57", date(2014, 1, 1)),
    ("5 พ.ค. 2558", date(2015, 5, 5)), ("5 พ.ย. 2558", date(2015, 11, 5)), ("3 เม.ย. 2556", date(2013, 4, 3)),
    ("3 มิ.ย. 2556", date(2013, 6, 3)), ("1 Sept 2015", date(2015, 9, 1)), ("December 31, 2019", date(2019, 12, 31)),
    ("10 Mar 14", date(2014, 3, 10)),  # a two-digit year with an English month is CE 20yy
    ("10 Mar 99", date(1999, 3, 10)),  # ... when that is no future year: the nearest plausible one
    ("10 มี.ค. 40", date(1997, 3, 10)),  # with a Thai month BE 25yy
    ("5/1/99", date(1999, 1, 5)),  # BE 2599 would be 2056
    ("25/07/14", date(2014, 7, 25)),  # BE 2514 would be 1971, before any data
    ("32874", date(1990, 1, 1)), ("45657", date(2024, 12, 31)),
    ("", None), ("  ", None), (None, None),
])
def test_parse_date_values(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw, reason", [
    ("31/02/2557", "no such date"), ("30 ก.พ. 2557", "no such date"), ("29/02/2558", "no such date"),
    ("25/13/2557", "no such date"), ("07/25/2014", "no such date"), ("0/7/2014", "no such date"),
    ("25/07/1989", "date out of range"), ("25/07/2400", "date out of range"),
    ("12345", "date out of range"), ("99999", "date out of range"), ("32873", "date out of range"),
    ("abc", "not a date"), ("2557", "not a date"), ("25/07", "not a date"), ("Jul 2014", "not a date"),
    ("25 ก.ค.", "not a date"), ("25 foo 2014", "not a date"), ("123", "not a date"), ("1-2-3", "not a date"),
    ("2014-07-25 25:00", "no such time"),
])
def test_parse_date_rejects(raw, reason):
    rejects(parse_date, raw, reason)


@pytest.mark.parametrize("raw, expected", [
    ("25 ก.ค. 2557 14.35 น.", datetime(2014, 7, 25, 14, 35)),
    ("25 ก.ค. 2557 เวลา 14:35 น.", datetime(2014, 7, 25, 14, 35)),
    ("25/07/2557 9:05", datetime(2014, 7, 25, 9, 5)),
    ("25/07/2557 09:05:07", datetime(2014, 7, 25, 9, 5, 7)),
    ("2014-07-25T14:35:10", datetime(2014, 7, 25, 14, 35, 10)),
    ("2014-07-25T14:35:10.123+07:00", datetime(2014, 7, 25, 14, 35, 10)),
    ("2014-07-25 14:35", datetime(2014, 7, 25, 14, 35)),
    ("Jul 25, 2014 2:30 pm", datetime(2014, 7, 25, 14, 30)),
    ("25 Jul 2014 12:05 AM", datetime(2014, 7, 25, 0, 5)),
    ("41845.5", datetime(2014, 7, 25, 12, 0)),
    ("41845.604166667", datetime(2014, 7, 25, 14, 30)),
    ("41845", datetime(2014, 7, 25)),
    ("25 ก.ค. 2557", datetime(2014, 7, 25)),
    ("๒๕ ก.ค. ๒๕๕๗ ๑๔.๓๕ น.", datetime(2014, 7, 25, 14, 35)),
    ("", None), (None, None),
])
def test_parse_datetime(raw, expected):
    assert parse_datetime(raw) == expected


def test_parse_datetime_rejects():
    rejects(parse_datetime, "25/07/2557 24:30", "no such time")
    rejects(parse_datetime, "25/07/2557 9:75", "no such time")
    rejects(parse_datetime, "25/07/2557 13:00 pm", "no such time")
    rejects(parse_datetime, "tomorrow", "not a date")


M = date(2014, 7, 1)


@pytest.mark.parametrize("raw", [
    "2557-07", "2014-07", "2014/07", "2557/7", "2557.07", "07/2014", "7/2557", "07-2557", "ก.ค. 57", "ก.ค. 2557",
    "กค 57", "กรกฎาคม 2557", "เดือนกรกฎาคม ปี 2557", "Jul 2014", "July 2014", "Jul-14", "jul-2014", "๒๕๕๗-๐๗",
    "41845", "41821", "201407", "255707", "2014-07-25", "25 ก.ค. 2557", "1/7/2557", f"ก.ค.{NBSP}57{ZW}",
])
def test_parse_month(raw):
    assert parse_month(raw) == M


@pytest.mark.parametrize("raw, reason", [
    ("2557-13", "no such date"), ("13/2014", "no such date"), ("07/57", "not a date"), ("2557", "not a date"),
    ("ก.ค.", "not a date"), ("Jul 1989", "date out of range"),
])
def test_parse_month_rejects(raw, reason):
    rejects(parse_month, raw, reason)


def test_parse_month_blank():
    assert parse_month("") is None and parse_month(None) is None


def _noisy(text, draw_positions):
    """Spaces as NBSP, zero-width characters slipped in anywhere."""
    chars = list(text.replace(" ", NBSP))
    for p in draw_positions:
        chars.insert(p % (len(chars) + 1), ZW)
    return "".join(chars)


DATE_FORMS = {
    "iso": lambda d: d.isoformat(),
    "dmy_ce": lambda d: f"{d.day}/{d.month}/{d.year}",
    "dmy_be": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year + 543}",
    "dmy_dash_be": lambda d: f"{d.day}-{d.month}-{d.year + 543}",
    "thai_long_be": lambda d: f"{d.day} {TH_LONG[d.month - 1]} {d.year + 543}",
    "thai_short_be": lambda d: f"{d.day} {TH_SHORT[d.month - 1]} {d.year + 543}",
    "thai_short_nodots": lambda d: f"{d.day} {TH_SHORT[d.month - 1].replace('.', '')} {d.year + 543}",
    "english_short": lambda d: f"{d.day} {EN_SHORT[d.month - 1]} {d.year}",
    "english_long_us": lambda d: f"{EN_LONG[d.month - 1]} {d.day}, {d.year}",
    "excel_serial": lambda d: str((d - date(1899, 12, 30)).days),
}


@settings(max_examples=300)
@given(
    st.dates(min_value=date(1990, 1, 1), max_value=LATEST),
    st.sampled_from(sorted(DATE_FORMS)),
    st.booleans(),
    st.lists(st.integers(0, 40), max_size=3),
)
def test_every_date_form_round_trips(d, form, thai, noise):
    text = DATE_FORMS[form](d)
    if thai:
        text = text.translate(TO_THAI)
    assert parse_date(text) == d
    assert parse_date(_noisy(text, noise)) == d
    assert parse_month(text) == d.replace(day=1)
    assert parse_datetime(text) == datetime(d.year, d.month, d.day)


@given(st.dates(min_value=date(1990, 1, 1), max_value=LATEST))
def test_two_digit_be_year_with_thai_month(d):
    yy = f"{(d.year + 543) % 100:02d}"
    assert parse_date(f"{d.day} {TH_SHORT[d.month - 1]} {yy}") == d
    assert parse_month(f"{TH_SHORT[d.month - 1]} {yy}") == d.replace(day=1)


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime.combine(LATEST, datetime.max.time())))
def test_datetime_round_trips(dt):
    dt = dt.replace(microsecond=0)
    assert parse_datetime(dt.isoformat()) == dt
    assert parse_datetime(f"{dt.day}/{dt.month}/{dt.year + 543} {dt:%H:%M:%S}") == dt
    assert parse_datetime(f"{dt.day} {TH_SHORT[dt.month - 1]} {dt.year + 543} {dt:%H.%M} น.") == dt.replace(second=0)
    serial = (dt - datetime(1899, 12, 30)) / timedelta(days=1)
    assert parse_datetime(repr(serial)) == dt


# --- satisfaction -----------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("มากที่สุด", 5), ("มาก", 4), ("ปานกลาง", 3), ("น้อย", 2), ("น้อยที่สุด", 1),
    ("พึงพอใจมากที่สุด", 5), ("พึงพอใจมาก", 4), ("ความพึงพอใจน้อย", 2), ("พอใจปานกลาง", 3),
    (" มาก ที่สุด ", 5), ("5 - มากที่สุด", 5), ("มากที่สุด (5)", 5), ("ระดับ 4", 4),
    ("1", 1), ("5", 5), ("4.0", 4), ("๕", 5), (f"{ZW}3{NBSP}", 3),
    ("Very satisfied", 5), ("satisfied", 4), ("Neutral", 3), ("dissatisfied", 2), ("Very dissatisfied", 1),
    ("", None), (None, None),
])
def test_parse_satisfaction(raw, expected):
    assert parse_satisfaction(raw) == expected


@pytest.mark.parametrize("raw", ["0", "6", "4.5", "-1", "10", "ดีมาก", "good", "5 - น้อย", "4/5", "พึงพอใจ"])
def test_parse_satisfaction_rejects(raw):
    rejects(parse_satisfaction, raw, "satisfaction must be 1-5 or มากที่สุด..น้อยที่สุด")


# --- provinces --------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, code", [
    ("กทม.", "10"), ("กทม", "10"), ("กรุงเทพฯ", "10"), ("กรุงเทพ ฯ", "10"), ("กรุงเทพมหานคร", "10"), ("Bangkok", "10"),
    ("BANGKOK", "10"), ("Bangkok Metropolis", "10"), ("Krung Thep", "10"),
    ("Korat", "30"), ("โคราช", "30"), ("Nakhon Ratchasima", "30"),
    ("Chonburi", "20"), ("Chon Buri", "20"), ("CHON-BURI", "20"), ("chon  buri", "20"), ("จ.ชลบุรี", "20"),
    ("จ. ชลบุรี", "20"), ("จังหวัดชลบุรี", "20"), ("Chon Buri Province", "20"), ("Changwat Chon Buri", "20"),
    ("65", "65"), ("๖๕", "65"), ("TH-65", "65"), ("th65", "65"), ("TH 65", "65"), ("65.0", "65"),
    ("Phitsanulok", "65"), ("พิษณุโลก", "65"),
    ("Ayutthaya", "14"), ("อยุธยา", "14"), ("Lopburi", "16"), ("Singburi", "17"), ("Buriram", "31"),
    ("Sisaket", "33"), ("Si Saket", "33"), ("Nongkhai", "43"), ("Phang Nga", "82"), ("Phang-nga", "82"),
    ("Prachinburi", "25"), ("Suphanburi", "72"), ("Khonkaen", "40"), ("Khon-Kaen", "40"), ("ขอนแก่น", "40"),
    ("สุพรรณฯ", "72"), ("Chon Buri (Pattaya)", "20"), ("65 - พิษณุโลก", "65"),
    ("หนองบัวล\u0e4d\u0e32ภู", "39"),  # sara am typed as two characters
    (f"{ZW}เชียง{ZW}ใหม่{NBSP}", "50"), ("Nan", "55"), ("น่าน", "55"),
    ("", None), (None, None),
])
def test_match_province(raw, code):
    assert match_province(raw) == code


@pytest.mark.parametrize("raw, suggestion", [
    ("Phitsanulokk", "Phitsanulok"), ("Chiangmaii", "Chiang Mai"), ("พิษณุโลค", "พิษณุโลก"),
    ("Nakhon Ratchasim", "Nakhon Ratchasima"),
])
def test_match_province_suggests(raw, suggestion):
    rejects(match_province, raw, "unknown province", f"{raw} -> {suggestion}?")


@pytest.mark.parametrize("raw", ["99", "TH-99", "Atlantis", "xyz", "Bangkok / Nonthaburi"])
def test_match_province_rejects_without_suggestion(raw):
    rejects(match_province, raw, "unknown province", None)


PROVINCES = reference.provinces()


@pytest.mark.parametrize("row", list(PROVINCES.itertuples()), ids=list(PROVINCES["name_en"]))
def test_every_province_spelling_maps_to_its_code(row):
    code = row.province_code
    spellings = [code, code.translate(TO_THAI), row.iso_code, row.iso_code.lower().replace("-", ""),
                 row.name_th, f"จ.{row.name_th}", f"จังหวัด {row.name_th}", row.name_en, row.name_en.upper(),
                 row.name_en.replace(" ", ""), f"{row.name_en} Province", *row.aliases.split("|")]
    for s in filter(None, spellings):
        assert match_province(s) == code, s


# --- ministries, services, vocabularies -------------------------------------------------------------

@pytest.mark.parametrize("raw, code", [
    ("กระทรวงเทคโนโลยีสารสนเทศและการสื่อสาร", "MDES"), ("เทคโนโลยีสารสนเทศและการสื่อสาร", "MDES"),
    ("Ministry of Information and Communication Technology", "MDES"), ("ICT", "MDES"), ("MICT", "MDES"),
    ("ICT Ministry", "MDES"), ("ทก.", "MDES"), ("กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", "MDES"),
    ("Ministry of Digital Economy and Society", "MDES"), ("กระทรวงดิจิทัลฯ", "MDES"),
    ("สำนักนายกรัฐมนตรี", "OPM"), ("Office of the Prime Minister", "OPM"), ("สำนักนายกฯ", "OPM"), ("นร.", "OPM"),
    ("มท.", "MOI"), ("มท", "MOI"), ("มหาดไทย", "MOI"), ("กระทรวงมหาดไทย", "MOI"), ("Ministry of the Interior", "MOI"),
    ("สธ.", "MOPH"), ("กระทรวง สาธารณสุข", "MOPH"), ("Ministry of Public Health", "MOPH"), ("moph", "MOPH"),
    ("Ministry of Agriculture & Cooperatives", "MOAC"), ("กระทรวงวิทยาศาสตร์และเทคโนโลยี", "MHESI"),
    ("Ministry of Higher Education, Science, Research and Innovation", "MHESI"), ("Ministry of Defense", "MOD"),
    ("", None), (None, None),
])
def test_match_ministry(raw, code):
    assert match_ministry(raw) == code


def test_match_ministry_rejects():
    rejects(match_ministry, "Ministry of Healt", "unknown ministry", "Ministry of Healt -> Ministry of Public Health?")
    rejects(match_ministry, "กระทรวงสาธารณะสุข", "unknown ministry", "กระทรวงสาธารณะสุข -> กระทรวงสาธารณสุข?")
    rejects(match_ministry, "Ministry of Magic", "unknown ministry", None)


@pytest.mark.parametrize("raw, code", [
    ("GIN", "GIN"), ("gin", "GIN"), (" G I N ", "GIN"), ("เครือข่ายสื่อสารข้อมูลเชื่อมโยงหน่วยงานภาครัฐ", "GIN"),
    ("G-Cloud", "GCLOUD"), ("g cloud", "GCLOUD"), ("GCLOUD", "GCLOUD"), ("gcloud", "GCLOUD"),
    ("G-Cloud service", "GCLOUD"),
    ("ระบบบริการคลาวด์ภาครัฐ", "GCLOUD"), ("คลาวด์ภาครัฐ", "GCLOUD"),
    ("MailGoThai", "MAILGOTHAI"), ("mail go thai", "MAILGOTHAI"), ("MAILGOTHAI", "MAILGOTHAI"),
    ("บริการอีเมล์กลางภาครัฐ", "MAILGOTHAI"), ("บริการอีเมลกลางภาครัฐ", "MAILGOTHAI"), ("อีเมล์กลางภาครัฐ", "MAILGOTHAI"),
    ("GovMon", "GOVMON"), ("Gov Mon", "GOVMON"), ("GOVMON", "GOVMON"), ("ระบบบริหารจัดการภัยคุกคามสารสนเทศภาครัฐ", "GOVMON"),
    (f"{ZW}Gov{NBSP}Mon", "GOVMON"), ("", None), (None, None),
])
def test_match_service(raw, code):
    assert match_service(raw) == code


def test_match_service_rejects():
    rejects(match_service, "Gcluod", "unknown service", "Gcluod -> G-Cloud?")
    rejects(match_service, "MailGoThia", "unknown service", "MailGoThia -> MailGoThai?")
    rejects(match_service, "Netflix", "unknown service", None)


@pytest.mark.parametrize("vocab, raw, code", [
    ("level", "central", "central"), ("level", "ส่วนกลาง", "central"), ("level", "Provincial", "provincial"),
    ("level", "ส่วนภูมิภาค", "provincial"), ("level", "อปท.", "local"), ("level", "LOCAL GOVERNMENT", "local"),
    ("event_type", "Road Show", "roadshow"), ("event_type", "โรดโชว์", "roadshow"),
    ("event_type", "site visit", "site_visit"),
    ("event_type", "site_visit", "site_visit"), ("event_type", "ฝึกอบรม", "training"),
    ("feedback_issue", "-", "none"), ("feedback_issue", "ไม่มีปัญหา", "none"),
    ("feedback_issue", "เราเตอร์ไม่ได้ใช้งาน", "router_underused"), ("ticket_category", "รหัสผ่าน", "account"),
    ("ticket_channel", "อีเมล์", "email"), ("ticket_channel", "E-mail", "email"),
    ("ticket_channel", "walk in", "walk_in"), ("ticket_channel", "1111", "phone"),
])
def test_match_vocab(vocab, raw, code):
    assert match_vocab(vocab, raw, strict=True) == code
    assert match_vocab(vocab, raw, strict=False) == code


def test_match_vocab_unknown():
    rejects(lambda v: match_vocab("level", v, strict=True), "Centrl", "unknown level", "Centrl -> Central?")
    rejects(lambda v: match_vocab("level", v, strict=True), "federal", "unknown level", None)
    assert match_vocab("event_type", f" Hackathon{NBSP}day ", strict=False) == "Hackathon day"
    assert match_vocab("event_type", "", strict=False) is None
    assert match_vocab("level", None, strict=True) is None


def test_normalizers_cover_every_contract_type():
    types = {c.type for k in KINDS.values() for c in k.columns} - {"id", "text", "number"}
    assert set(NORMALIZERS) == types
    assert NORMALIZERS["level"]("ส่วนท้องถิ่น") == "local"
    assert NORMALIZERS["event_type"]("Hackathon") == "Hackathon"
    with pytest.raises(Invalid):
        NORMALIZERS["level"]("federal")
    for fn in NORMALIZERS.values():
        assert fn(None) is None and fn("") is None and fn(f" {ZW}{NBSP} ") is None


FUZZ_ALPHABET = "0123456789๐๑๒๓๔๕๖๗๘๙/-.:,() Ttzapm+ก.ค.พ.ศ.มกราคมJulyDecวันที่เดือนปีฯจน" + ZW + NBSP


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(alphabet=FUZZ_ALPHABET, max_size=24), st.text(max_size=12)))
def test_normalizers_refuse_only_with_invalid(s):
    """Whatever the text, a normalizer returns a value or raises Invalid: never crashes the load."""
    for fn in NORMALIZERS.values():
        try:
            fn(s)
        except Invalid:
            pass


# Every normalizer of etl.normalize, with the type of what it gives back.
TYPED = {
    **{name: fn for name, fn in NORMALIZERS.items()},
    "number": parse_number,
    **{f"{v}_strict": (lambda s, v=v: match_vocab(v, s, strict=True))
       for v in reference.vocabularies()["vocabulary"].unique()},
}
RETURNS = {"date": date, "month": date, "datetime": datetime, "integer": int, "number": float, "satisfaction": int}
LONG_TEXT = st.one_of(
    st.text(max_size=400),  # any code point but surrogates
    st.text(alphabet="0123456789๐๑๒๓๔๕๖๗๘๙,.-+ ", min_size=200, max_size=5000),  # numbers past float and int
    st.text(alphabet=FUZZ_ALPHABET, min_size=20, max_size=300),
    st.from_regex(r"[0-9๐-๙]{1,5000}(\.[0-9]{0,400})?", fullmatch=True),
)


@settings(max_examples=300, deadline=None)
@given(LONG_TEXT)
def test_every_normalizer_gives_a_value_of_its_type_or_invalid(s):
    """Long, numeric and arbitrary text: a value of the column's type (dates in range, counts that fit
    BIGINT, finite numbers) or None or Invalid, nothing else, and text stays text."""
    for name, fn in TYPED.items():
        try:
            v = fn(s)
        except Invalid:
            continue
        if v is None:
            continue
        kind = RETURNS.get(name, str)
        assert isinstance(v, kind) and not (kind is date and isinstance(v, datetime)), (name, v)
        if kind in (date, datetime):
            assert date(1990, 1, 1) <= (v if kind is date else v.date()) <= LATEST
        if name in ("number", "integer", "satisfaction"):
            assert abs(v) < 1e300 and (name != "integer" or 0 <= v <= 2**53)
        if name == "month":
            assert v.day == 1
    cleaned = clean_text(s)
    assert cleaned is None or (cleaned == cleaned.strip() and "  " not in cleaned)
    assert thai_digits(s) is not None and len(thai_digits(s)) == len(s)


def test_numbers_too_long_or_too_large_are_refused():
    rejects(parse_number, "9" * 400, "not a number")  # would be infinity
    rejects(parse_integer, "9" * 30, "number too large")  # would not fit BIGINT
    assert parse_number("9" * 300) == float("9" * 300)
    assert parse_integer(str(2**53)) == 2**53


def test_sql_number_agrees_on_long_numbers(duck):
    for s in ["9" * 300, "9" * 301, "9" * 400, "1" + "0" * 299, " " * 299 + "1", "๙" * 100]:
        assert duck.execute(f"SELECT {SQL_NUMBER('x')} FROM (SELECT ?::VARCHAR AS x)", [s]).fetchall()[0][0] == \
            py_number(s), s

"""The Thai fiscal year (egov/fiscal.py): arithmetic, labels, the period presets, savings per fiscal year
(summed from the mart, never computed again), and the period every export names."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from egov import filters, fiscal, i18n
from egov.filters import add_months
from egov.reads import savings

days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31))
years = st.integers(min_value=1990, max_value=2090)


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    out = [first]
    while out[-1] < last:
        out.append(add_months(out[-1], 1))
    return out


# ---- arithmetic ------------------------------------------------------------------------------------

@pytest.mark.parametrize("day, fy", [
    (dt.date(2013, 9, 30), 2013), (dt.date(2013, 10, 1), 2014), (dt.date(2014, 1, 15), 2014),
    (dt.date(2014, 9, 30), 2014), (dt.date(2014, 10, 1), 2015), (dt.date(2013, 12, 31), 2014),
])
def test_fiscal_year_of_a_day(day, fy):
    assert fiscal.fiscal_year(day) == fy


def test_fiscal_2557_is_october_2013_to_september_2014():
    assert fiscal.be_year(2014) == 2557
    assert (fiscal.start(2014), fiscal.end(2014)) == (dt.date(2013, 10, 1), dt.date(2014, 9, 1))
    assert fiscal.quarter_months(2014, 1) == (dt.date(2013, 10, 1), dt.date(2013, 12, 1))
    assert fiscal.quarter_months(2014, 2) == (dt.date(2014, 1, 1), dt.date(2014, 3, 1))
    assert fiscal.quarter_months(2014, 4) == (dt.date(2014, 7, 1), dt.date(2014, 9, 1))
    with pytest.raises(ValueError, match="1-4"):
        fiscal.quarter_months(2014, 5)


@given(days)
def test_a_day_lies_in_its_fiscal_year_and_quarter(d):
    fy, q = fiscal.fiscal_year(d), fiscal.quarter(d)
    month = d.replace(day=1)
    assert fiscal.start(fy) <= month <= fiscal.end(fy)
    first, last = fiscal.quarter_months(fy, q)
    assert first <= month <= last
    assert 1 <= q <= 4


@given(years)
def test_a_fiscal_year_is_twelve_months_in_four_quarters(fy):
    months = month_range(fiscal.start(fy), fiscal.end(fy))
    assert len(months) == 12 and {fiscal.fiscal_year(m) for m in months} == {fy}
    quarters = [month_range(*fiscal.quarter_months(fy, q)) for q in (1, 2, 3, 4)]
    assert [m for q in quarters for m in q] == months  # the quarters tile the year in order
    assert fiscal.end(fy - 1) == add_months(fiscal.start(fy), -1)  # years tile time


# ---- labels ----------------------------------------------------------------------------------------

def test_labels():
    assert fiscal.label(2014, "th") == "ปีงบประมาณ พ.ศ. 2557"
    assert fiscal.label(2014, "en") == "FY2014 (Oct 2013 - Sep 2014)"
    assert fiscal.short_label(2014, "th") == "ปีงบฯ 2557"
    assert fiscal.short_label(2014, "en") == "FY2014"
    assert fiscal.quarter_label(2014, 1, "th") == "ไตรมาส 1 ปีงบประมาณ พ.ศ. 2557"
    assert fiscal.quarter_label(2014, 1, "en") == "Q1 FY2014 (Oct - Dec 2013)"
    assert fiscal.quarter_label(2014, 3, "en") == "Q3 FY2014 (Apr - Jun 2014)"


def test_describe_names_a_period_when_it_is_exactly_one():
    assert fiscal.describe(dt.date(2013, 10, 1), dt.date(2014, 9, 1), "th") == "ปีงบประมาณ พ.ศ. 2557"
    assert fiscal.describe(dt.date(2014, 1, 1), dt.date(2014, 3, 1), "en") == "Q2 FY2014 (Jan - Mar 2014)"
    assert fiscal.describe(dt.date(2014, 1, 1), dt.date(2014, 12, 1), "th") == "ปีปฏิทิน พ.ศ. 2557"
    assert fiscal.describe(dt.date(2014, 1, 1), dt.date(2014, 12, 1), "en") == "Calendar year 2014"
    assert fiscal.describe(dt.date(2013, 10, 1), dt.date(2014, 8, 1), "th") == "ต.ค. 2556 – ส.ค. 2557"
    assert fiscal.describe(dt.date(2013, 10, 1), dt.date(2014, 8, 1), "en") == "Oct 2013 - Aug 2014"


# ---- presets ---------------------------------------------------------------------------------------

MONTHS = month_range(dt.date(2012, 8, 1), dt.date(2014, 11, 1))  # Aug 2012 - Nov 2014


def test_presets_offered_for_the_data():
    codes = fiscal.presets(MONTHS)
    assert codes[:3] == ["all", "last12", "fytd"]
    assert [c for c in codes if c.startswith("fy2")] == ["fy2015", "fy2014", "fy2013", "fy2012"]
    assert [c for c in codes if c.startswith("cy")] == ["cy2014", "cy2013", "cy2012"]
    quarters = [c for c in codes if c.startswith("fq")]
    assert quarters[0] == "fq2015-1" and quarters[-1] == "fq2012-4" and len(quarters) == 10
    assert fiscal.presets([]) == []


@pytest.mark.parametrize("code, first, last", [
    ("all", dt.date(2012, 8, 1), dt.date(2014, 11, 1)),
    ("last12", dt.date(2013, 12, 1), dt.date(2014, 11, 1)),
    ("fytd", dt.date(2014, 10, 1), dt.date(2014, 11, 1)),
    ("fy2014", dt.date(2013, 10, 1), dt.date(2014, 9, 1)),
    ("fy2012", dt.date(2012, 8, 1), dt.date(2012, 9, 1)),  # clipped to the first month of data
    ("fq2014-2", dt.date(2014, 1, 1), dt.date(2014, 3, 1)),
    ("cy2013", dt.date(2013, 1, 1), dt.date(2013, 12, 1)),
    ("cy2014", dt.date(2014, 1, 1), dt.date(2014, 11, 1)),  # clipped to the latest month
])
def test_resolve(code, first, last):
    assert fiscal.resolve(code, MONTHS) == (first, last)


@pytest.mark.parametrize("code", ["fy2030", "cy1999", "fq2014-5", "fy14", "bogus", "", "custom", "fy2014 ", None])
def test_resolve_refuses_what_is_no_preset_with_data(code):
    assert fiscal.resolve(code, MONTHS) is None
    assert code not in fiscal.presets(MONTHS)


@given(st.lists(st.integers(min_value=0, max_value=300), min_size=1, max_size=40, unique=True))
def test_every_offered_preset_resolves_inside_the_data(offsets):
    months = sorted(add_months(dt.date(2000, 1, 1), k) for k in offsets)  # with gaps
    for code in fiscal.presets(months):
        first, last = fiscal.resolve(code, months)
        assert first in months and last in months and first <= last, code


def test_preset_labels():
    assert fiscal.preset_label("fy2014", MONTHS, "th") == "ปีงบประมาณ พ.ศ. 2557"
    assert fiscal.preset_label("fytd", MONTHS, "th") == "ปีงบประมาณ พ.ศ. 2558 ถึงปัจจุบัน (ต.ค. 2557 – พ.ย. 2557)"
    assert fiscal.preset_label("fytd", MONTHS, "en") == "FY2015 to date (Oct 2014 - Nov 2014)"
    assert fiscal.preset_label("last12", MONTHS, "en") == "Last 12 months (Dec 2013 - Nov 2014)"
    assert fiscal.preset_label("all", MONTHS, "th") == "ทั้งหมด (ส.ค. 2555 – พ.ย. 2557)"
    assert fiscal.preset_label("fq2014-2", MONTHS, "th") == "ไตรมาส 2 ปีงบประมาณ พ.ศ. 2557"
    assert fiscal.preset_label("cy2013", MONTHS, "th") == "ปีปฏิทิน พ.ศ. 2556"
    assert fiscal.preset_label("custom", MONTHS, "en") == i18n.t("fy.custom", "en")


# ---- savings per fiscal year -----------------------------------------------------------------------

BY_YEAR = pd.DataFrame({
    "fiscal_year": [2013, 2014, 2015],
    "first_month": [dt.date(2013, 1, 1), dt.date(2013, 10, 1), dt.date(2014, 10, 1)],
    "last_month": [dt.date(2013, 9, 1), dt.date(2014, 9, 1), dt.date(2014, 11, 1)],
    "months": [9, 12, 2], "unit_months": [90.0, 240.0, 50.0], "staff_hours_saved": [1.0, 2.0, 3.0],
    "savings_low_thb": [10.0, 20.0, 5.0], "savings_mid_thb": [30.0, 60.0, 15.0], "savings_high_thb": [50.0, 100.0, 25.0],
})


def test_savings_rows_this_last_cumulative():
    rows = fiscal.savings_rows(BY_YEAR, dt.date(2014, 11, 1), "th")
    assert list(rows["label"]) == ["ปีงบฯ 2558 ถึง พ.ย. 2557", "ปีงบฯ 2557", "สะสมถึง พ.ย. 2557"]
    assert list(rows["long"]) == ["ปีงบประมาณ พ.ศ. 2558", "ปีงบประมาณ พ.ศ. 2557", "ม.ค. 2556 – พ.ย. 2557"]
    assert list(rows["mid"]) == [15.0, 60.0, 105.0]
    assert list(rows["low"]) == [5.0, 20.0, 35.0] and list(rows["high"]) == [25.0, 100.0, 175.0]


def test_savings_rows_without_a_last_year():
    rows = fiscal.savings_rows(BY_YEAR.head(1), dt.date(2013, 9, 1), "en")
    assert list(rows["label"]) == ["FY2013 to Sep 2013", "FY2012", "Cumulative to Sep 2013"]
    assert rows["mid"].iloc[0] == 30.0 and pd.isna(rows["mid"].iloc[1]) and rows["mid"].iloc[2] == 30.0


def test_savings_by_fiscal_year_sums_the_mart(use_sample_db):
    """savings.savings_by_fiscal_year is the mart's own baht summed by fiscal year, to the as-of month, under
    the filters; under edited assumptions it is the savings macros (reads.savings.priced) on the same unit-months."""
    import duckdb


    con = duckdb.connect(str(use_sample_db), read_only=True)
    try:
        expect = con.execute(
            """SELECT year(month + INTERVAL 3 MONTH) AS fy, count(DISTINCT month), sum(unit_months),
                      sum(savings_low_thb), sum(savings_mid_thb), sum(savings_high_thb)
               FROM mart_savings_monthly WHERE province_code = '65' AND month <= DATE '2014-06-01'
               GROUP BY 1 ORDER BY 1""").fetchall()
        cost_part = [r[0] for r in con.execute(  # what doubling the mid cost per unit adds, per fiscal year
            """SELECT sum(m.unit_months * c.cost_mid_thb_per_unit_year / 12)
               FROM mart_savings_monthly m JOIN cost_assumptions c USING (service_code)
               WHERE province_code = '65' AND month <= DATE '2014-06-01'
               GROUP BY year(month + INTERVAL 3 MONTH) ORDER BY year(month + INTERVAL 3 MONTH)""").fetchall()]
    finally:
        con.close()
    f = filters.Filters(start=dt.date(2014, 1, 1), end=dt.date(2014, 6, 1), provinces=("65",))
    got = savings.savings_by_fiscal_year(f)
    assert list(got["fiscal_year"]) == [r[0] for r in expect]
    assert list(got["months"]) == [r[1] for r in expect]
    assert got["unit_months"].tolist() == pytest.approx([r[2] for r in expect])
    for i, case in enumerate(("low", "mid", "high")):
        assert got[f"savings_{case}_thb"].tolist() == pytest.approx([r[3 + i] for r in expect], rel=1e-12)
    assert got["last_month"].iloc[-1] == dt.date(2014, 6, 1)  # the period's as-of month, not the data's last

    a = savings.default_assumptions()
    doubled = a.assign(cost_mid_thb_per_unit_year=a["cost_mid_thb_per_unit_year"] * 2)
    again = savings.savings_by_fiscal_year(f, a)
    assert again["savings_mid_thb"].tolist() == pytest.approx(got["savings_mid_thb"].tolist(), rel=1e-9)
    more = savings.savings_by_fiscal_year(f, doubled)
    assert (more["savings_mid_thb"] - got["savings_mid_thb"]).tolist() == pytest.approx(cost_part, rel=1e-9)
    assert more["savings_low_thb"].tolist() == pytest.approx(got["savings_low_thb"].tolist(), rel=1e-9)


# ---- exports name their period ---------------------------------------------------------------------

def test_xlsx_has_the_period_sheet():
    from egov import export

    note = ("ช่วงเวลา", pd.DataFrame({"ช่วงเวลาของข้อมูล": ["ปีงบประมาณ พ.ศ. 2557"], "ตั้งแต่": ["ต.ค. 2556"],
                                       "ถึง": ["ก.ย. 2557"]}))
    data = export.to_xlsx_bytes(pd.DataFrame({"a": [1]}), "table", note)
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert wb.sheetnames == ["table", "ช่วงเวลา"]
    rows = list(wb["ช่วงเวลา"].iter_rows(values_only=True))
    assert rows == [("ช่วงเวลาของข้อมูล", "ตั้งแต่", "ถึง"), ("ปีงบประมาณ พ.ศ. 2557", "ต.ค. 2556", "ก.ย. 2557")]
    assert list(wb["table"].iter_rows(values_only=True)) == [("a",), (1,)]


def test_fiscal_axis_ticks_each_fiscal_year_start():
    import plotly.graph_objects as go

    from egov.charts import axes

    months = pd.Series(pd.date_range("2012-08-01", "2014-11-01", freq="MS"))
    fig = axes.fiscal_axis(go.Figure(), months, "th")
    assert [pd.Timestamp(v).date() for v in fig.layout.xaxis.tickvals] == [
        dt.date(2012, 10, 1), dt.date(2013, 10, 1), dt.date(2014, 10, 1)]
    assert fig.layout.xaxis.ticktext == ("ปีงบฯ 2556", "ปีงบฯ 2557", "ปีงบฯ 2558")
    long = pd.Series(pd.date_range("2001-01-01", "2020-12-01", freq="MS"))
    en = axes.fiscal_axis(go.Figure(), long, "en").layout.xaxis.ticktext
    assert len(en) <= 9 and en[0] == "FY2002" and all(x.startswith("FY") for x in en)

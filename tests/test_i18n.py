"""Thai / English formatting: Buddhist-Era dates, baht in ล้าน / million, complete label pairs."""

from __future__ import annotations

import datetime as dt
import pkgutil
import re
import string
import types

import pandas as pd
import pytest

from egov import i18n, labels
from egov.charts import axes
from egov.i18n import LABELS, fmt_baht, fmt_baht_range, fmt_date, fmt_datetime, fmt_month, fmt_pct, fmt_pp, t


@pytest.mark.parametrize("value, th, en", [
    (dt.date(2014, 7, 1), "ก.ค. 2557", "Jul 2014"),
    (dt.date(2011, 1, 15), "ม.ค. 2554", "Jan 2011"),
    (pd.Timestamp("2013-12-01"), "ธ.ค. 2556", "Dec 2013"),
    ("2012-05-01", "พ.ค. 2555", "May 2012"),
])
def test_month_is_buddhist_era_in_thai_and_ce_in_english(value, th, en):
    assert fmt_month(value, "th") == th
    assert fmt_month(value, "en") == en


def test_dates_and_times():
    assert fmt_date(dt.date(2014, 7, 25), "th") == "25 ก.ค. 2557"
    assert fmt_date(dt.date(2014, 7, 25), "en") == "25 Jul 2014"
    assert fmt_datetime(dt.datetime(2015, 1, 12, 9, 5), "th") == "12 ม.ค. 2558 09:05"
    assert fmt_datetime(dt.datetime(2015, 1, 12, 9, 5), "en") == "12 Jan 2015 09:05"
    for missing in (None, pd.NaT, float("nan")):
        assert fmt_month(missing) == fmt_date(missing) == i18n.DASH


def test_year_in_the_readers_era():
    assert i18n.year(dt.date(2016, 1, 1), "th") == 2559
    assert i18n.year(dt.date(2016, 1, 1), "en") == 2016


@pytest.mark.parametrize("value, th, en", [
    (12_345_678, "12.3 ล้านบาท", "THB 12.3 million"),
    (1_234_567_890, "1,234.6 ล้านบาท", "THB 1,234.6 million"),
    (850_000, "850,000 บาท", "THB 850,000"),
    (0, "0 บาท", "THB 0"),
    (None, i18n.DASH, i18n.DASH),
])
def test_baht(value, th, en):
    assert fmt_baht(value, "th") == th
    assert fmt_baht(value, "en") == en


def test_baht_range_carries_the_unit_once():
    assert fmt_baht_range(10_200_000, 35_100_000, "th") == "10.2 – 35.1 ล้านบาท"
    assert fmt_baht_range(10_200_000, 35_100_000, "en") == "THB 10.2 – 35.1 million"
    assert fmt_baht_range(500_000, 2_000_000, "th") == "500,000 บาท – 2.0 ล้านบาท"


def test_shares_and_points():
    assert fmt_pct(0.4567) == "45.7%"
    assert fmt_pct(float("nan")) == i18n.DASH
    assert fmt_pp(0.032, "th") == "+3.2 จุด"
    assert fmt_pp(-0.01, "en") == "-1.0 pp"
    assert i18n.fmt_int(1234567) == "1,234,567"
    assert i18n.fmt_signed_int(69) == "+69"


def _fields(s: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(s) if f}


def test_every_label_has_thai_and_english_with_the_same_placeholders():
    for key, (th, en) in LABELS.items():
        assert th.strip() and en.strip(), key
        assert _fields(th) == _fields(en), key
        assert re.search(r"[\u0E00-\u0E7F]", th) or key.startswith(("lang.", "pp")) or th == en, key


def test_every_labels_module_is_looked_up_and_a_key_is_defined_once():
    found = {m.name for m in pkgutil.iter_modules(labels.__path__)}
    assert {m.__name__.rsplit(".", 1)[1] for m in labels.SUBJECTS} == found
    assert len(LABELS) == sum(len(m.LABELS) for m in labels.SUBJECTS)
    assert t("dg.subject", "en", month="Dec 2016", place="Phitsanulok") == "Monthly digest, Dec 2016: Phitsanulok"
    one, two = types.SimpleNamespace(__name__="one", LABELS={"a": ("ก", "a")}), types.SimpleNamespace(
        __name__="egov.labels.two", LABELS={"b": ("ข", "b"), "a": ("ค", "c")})
    with pytest.raises(ValueError, match="'a' is defined twice .*egov.labels.two"):
        labels._merged([one, two])


def test_t_falls_back():
    assert t("page.overview", "en") == "Overview"
    assert t("page.overview", "th") == "ภาพรวม"
    assert t("page.overview", "fr") == "ภาพรวม"  # unknown language: Thai
    assert t("no.such.key") == "no.such.key"
    assert t("ov.of_eligible", "th", n="518") == "จาก 518 หน่วยงาน"


def test_definitions_come_from_egov_definitions():
    from egov.definitions import METRICS

    assert i18n.definition("adoption_rate", "th") == METRICS["adoption_rate"]["th"]
    assert i18n.definition("adoption_rate", "en") == METRICS["adoption_rate"]["en"]
    assert i18n.definition("no_such_metric") is None


def test_chart_month_ticks_follow_the_language():
    months = pd.Series(pd.date_range("2012-01-01", "2014-12-01", freq="MS"))
    vals, th = axes.month_ticks(months, "th")
    _, en = axes.month_ticks(months, "en")
    assert th[0] == "ม.ค. 2555" and en[0] == "Jan 2012"
    assert len(vals) <= 9 and all(v.month in (1, 7) for v in vals)

"""etl/sample.py: deterministic, realistic, messy sample data whose clean truth is known."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import numpy as np
import pandas as pd
import pytest

from etl import sample
from etl.contract import match_header

SEED = 7
CSV_KINDS = {
    "sample_agencies.csv": "agencies",
    "sample_subscriptions.csv": "subscriptions",
    **{f"sample_usage_{y}.csv": "usage" for y in range(2012, 2017)},
    "sample_feedback_online.csv": "feedback",
    "sample_tickets.csv": "tickets",
}
XLSX = "sample_roadshow_feedback.xlsx"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    d = tmp_path_factory.mktemp("sample_a")
    files = sample.generate(d, seed=SEED, scale="small")
    return d, files


@pytest.fixture(scope="module")
def truth():
    return sample.truth(SEED, "small")


def encoding_of(name: str) -> str:
    return {"sample_agencies.csv": "cp874", "sample_subscriptions.csv": "utf-8-sig"}.get(name, "utf-8")


def read_csv_rows(path) -> list[list[str]]:
    with open(path, encoding=encoding_of(path.name), newline="") as f:
        return list(csv.reader(f))


def xlsx_rows(path, sheet) -> list[tuple]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return list(wb[sheet].iter_rows(values_only=True))
    finally:
        wb.close()


def bad_rows_of(file: str, sheet=None) -> list[dict]:
    return [b for b in sample.BAD_ROWS if b["file"] == file and b["sheet"] == sheet]


def is_bad(row, header, bad: list[dict]) -> bool:
    """A written row is a BAD_ROWS row when it carries the bad value in the bad column."""
    columns = match_header([c or "" for c in header]).columns
    return any(row[columns.index(b["column"])] == b["value"] for b in bad)


def without_bad(rows: list, file: str, sheet=None) -> list:
    """Data rows with this file's BAD_ROWS taken out (they are extra rows, never truth rows)."""
    bad = bad_rows_of(file, sheet)
    return [r for r in rows[1:] if not is_bad(r, rows[0], bad)]


# --- files, determinism -----------------------------------------------------------------------------


def test_files_written_and_named(out):
    d, files = out
    names = sorted(p.name for p in files)
    assert names == sorted([*CSV_KINDS, XLSX, "README_SAMPLE.txt"])
    assert all(p.exists() and p.parent == d for p in files)
    assert all(n.startswith("sample_") for n in names if n != "README_SAMPLE.txt")
    readme = (d / "README_SAMPLE.txt").read_text(encoding="utf-8")
    assert "synthetic" in readme and "สังเคราะห์" in readme and "ข้อมูลสมมติ" in readme
    assert f"seed={SEED}" in readme and "scale=small" in readme and "etl/sample.py" in readme


@pytest.mark.slow  # two more samples generated: about 14 s
def test_same_seed_same_bytes_other_seed_other_bytes(out, truth, tmp_path):
    d, files = out
    again = sample.generate(tmp_path / "b", seed=SEED, scale="small")
    for a, b in zip(files, again):
        assert a.name == b.name
        assert a.read_bytes() == b.read_bytes(), f"{a.name} differs between two runs with the same seed"
    other = sample.generate(tmp_path / "c", seed=SEED + 1, scale="small")
    differs = {a.name for a, c in zip(files, other) if a.read_bytes() != c.read_bytes()}
    assert differs >= {"sample_subscriptions.csv", XLSX, "sample_tickets.csv", *[f"sample_usage_{y}.csv" for y in
                                                                                  range(2012, 2017)]}
    # the agency population does not depend on the seed (stable ids); only its messy rendering does
    assert sample.truth(SEED + 1, "small").agencies.equals(truth.agencies)


def test_every_header_is_recognised_as_its_kind(out):
    d, _ = out
    for name, kind in CSV_KINDS.items():
        header = read_csv_rows(d / name)[0]
        m = match_header(header)
        assert m is not None and m.kind == kind, (name, header)
    assert match_header(list(xlsx_rows(d / XLSX, "กิจกรรม")[0])).kind == "events"
    assert match_header(list(xlsx_rows(d / XLSX, "แบบสอบถาม")[0])).kind == "feedback"
    assert match_header([c or "" for c in xlsx_rows(d / XLSX, "คำอธิบาย")[0]]) is None  # a notes sheet


def test_thai_and_english_headers_and_one_bom(out):
    d, _ = out
    heads = {n: (d / n).read_bytes()[:3] for n in CSV_KINDS}
    assert [n for n, h in heads.items() if h == b"\xef\xbb\xbf"] == ["sample_subscriptions.csv"]
    assert read_csv_rows(d / "sample_agencies.csv")[0][1] == "รหัสหน่วยงาน"
    assert read_csv_rows(d / "sample_usage_2014.csv")[0][0] == "เดือน"
    assert read_csv_rows(d / "sample_tickets.csv")[0][0] == "Ticket ID"


def test_cp874_file_is_cp874_not_utf8(out):
    raw = (out[0] / "sample_agencies.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp874")
    assert text.startswith("ลำดับ,รหัสหน่วยงาน,ชื่อหน่วยงาน")
    assert "\r\n" in text  # a Windows export
    try:
        from etl.readers import detect_encoding
    except ImportError:
        return
    assert detect_encoding(out[0] / "sample_agencies.csv") == "cp874"


def test_xlsx_sheets_and_real_excel_dates(out):
    import openpyxl

    wb = openpyxl.load_workbook(out[0] / XLSX, read_only=True)
    assert wb.sheetnames == ["กิจกรรม", "แบบสอบถาม", "คำอธิบาย"]
    wb.close()
    events = xlsx_rows(out[0] / XLSX, "กิจกรรม")[1:]
    kinds = [type(r[1]) for r in events]
    assert kinds.count(dt.datetime) > 0.8 * len(events)  # real dates, the reader sees datetimes / serials
    assert str in kinds  # and a few typed as Thai text
    feedback = xlsx_rows(out[0] / XLSX, "แบบสอบถาม")[1:]
    sats = {type(r[6]) for r in feedback}
    assert sats == {int, str}  # numbers and Thai scale words


# --- row counts and shapes --------------------------------------------------------------------------


def test_row_counts_small(out, truth):
    d, _ = out
    n_bad = {n: sum(b["file"] == n for b in sample.BAD_ROWS) for n in CSV_KINDS}
    for name in CSV_KINDS:
        assert len(read_csv_rows(d / name)) - 1 == {
            "sample_agencies.csv": len(truth.agencies),
            "sample_subscriptions.csv": len(truth.subscriptions),
            "sample_tickets.csv": len(truth.tickets),
            "sample_feedback_online.csv": int(truth.feedback["event_id"].isna().sum()),
        }.get(name, len(read_csv_rows(d / name)) - 1 - n_bad[name]) + n_bad[name]
    usage_rows = sum(len(read_csv_rows(d / f"sample_usage_{y}.csv")) - 1 for y in range(2012, 2017)) - 1
    assert usage_rows == len(truth.usage)
    assert 1_900 <= len(truth.agencies) <= 2_100
    assert 300_000 <= len(truth.usage) <= 600_000
    assert 3_000 <= len(truth.subscriptions) <= 8_000
    assert 80 <= len(truth.events) <= 200
    assert 3_000 <= len(truth.feedback) <= 12_000
    assert 5_000 <= len(truth.tickets) <= 25_000


def test_agencies_cover_the_country_and_levels(truth):
    a = truth.agencies
    assert a["agency_id"].is_unique and a["agency_id"].str.fullmatch(r"AG\d{5}").all()
    assert a["agency_id"].iloc[0] == "AG00001"
    assert a["province_code"].nunique() == 77
    assert set(a["level"]) == {"central", "provincial", "local"}
    assert set(a.loc[a["level"] == "local", "ministry_code"]) == {"MOI"}
    assert {"สำนักงานสาธารณสุขจังหวัดพิษณุโลก", "สำนักงานพาณิชย์จังหวัดชลบุรี", "สำนักงานจังหวัดสุโขทัย",
            "องค์การบริหารส่วนจังหวัดพิษณุโลก", "เทศบาลนครพิษณุโลก"} <= set(a["agency_name"])
    provincial = a[a["level"] == "provincial"]
    assert provincial["province_code"].nunique() == 77
    # scales nest: the small population is a prefix of the medium one (same ids, same names)
    med = sample.agencies("medium")
    assert len(med) > 4_000
    assert med.head(len(a))["agency_id"].tolist() == a["agency_id"].tolist()


def test_subscriptions_believable(truth):
    s = truth.subscriptions
    assert s["start_date"].min() >= pd.Timestamp("2007-01-01")
    assert s.loc[s["service_code"] == "GCLOUD", "start_date"].min() >= pd.Timestamp("2012-05-01")
    assert (s["end_date"].isna() | (s["end_date"] > s["start_date"])).all()
    assert 0 < s["end_date"].notna().sum() < 0.1 * len(s)
    units = s.groupby("service_code")["units"].agg(["min", "max"])
    assert units.loc["GIN"].between(1, 3).all() and units.loc["GCLOUD"].between(1, 20).all()
    assert units.loc["MAILGOTHAI"].between(20, 2000).all() and units.loc["GOVMON"].between(5, 200).all()

    def share(service, day):
        day = pd.Timestamp(day)
        on = s[(s["service_code"] == service) & (s["start_date"] <= day) & (s["end_date"].isna() | (s["end_date"] > day))]
        return on["agency_id"].nunique() / len(truth.agencies)

    # GIN widespread and growing 2012-2013 (1,199 agencies in FY2012, over 2,000 by Nov 2013, scaled)
    assert 0.4 < share("GIN", "2012-09-30") < share("GIN", "2013-11-30") < share("GIN", "2016-12-31")
    assert share("GIN", "2013-11-30") / share("GIN", "2012-09-30") > 1.3
    assert share("GCLOUD", "2012-09-30") < 0.03 < share("GCLOUD", "2016-12-31")
    # MailGoThai strongest in Public Health
    mail = s[s["service_code"] == "MAILGOTHAI"].merge(truth.agencies, on="agency_id")
    by_ministry = mail.groupby("ministry_code")["agency_id"].nunique() / truth.agencies.groupby("ministry_code").size()
    big = truth.agencies["ministry_code"].value_counts()
    assert by_ministry["MOPH"] >= by_ministry[big[big >= 100].index].max()


def test_usage_metrics_and_months(truth):
    u = truth.usage
    assert u["month"].min() == pd.Timestamp("2012-01-01") and u["month"].max() == pd.Timestamp("2016-12-01")
    assert (u["month"].dt.day == 1).all()
    services = pd.read_csv(sample.REFERENCE / "services.csv").set_index("service_code")
    metrics = u.groupby("service_code", observed=True)["metric"].unique().map(set).to_dict()
    for svc in sample.SERVICES:
        assert metrics[svc] == {services.loc[svc, "primary_metric"], sample.SECONDARY[svc]}
    assert not u.duplicated(["month", "agency_id", "service_code", "metric"]).any()
    up = u[u["metric"] == "uptime_pct"]["value"]
    assert up.between(90, 100).all()


def test_idle_gin_share(truth):
    """10-15% of GIN subscribers carry traffic at or under the threshold for >= 3 consecutive months."""
    threshold = float(pd.read_csv(sample.REFERENCE / "services.csv").set_index("service_code").loc["GIN",
                                                                                                   "active_threshold"])
    g = truth.usage[truth.usage["metric"] == "traffic_gb"].sort_values(["agency_id", "month"])
    low = (g["value"] <= threshold).to_numpy()
    agency = g["agency_id"].astype(str).to_numpy()
    month = (g["month"].dt.year * 12 + g["month"].dt.month).to_numpy()
    run = np.zeros(len(g), dtype=int)
    for i in range(len(g)):
        if low[i]:
            same = i > 0 and agency[i] == agency[i - 1] and month[i] == month[i - 1] + 1 and low[i - 1]
            run[i] = run[i - 1] + 1 if same else 1
    idle = set(agency[run >= 3])
    share = len(idle) / len(set(agency))
    assert 0.10 <= share <= 0.15, share
    assert idle == set(truth.idle_gin["agency_id"])


def test_events_chon_buri_and_sukhothai_phitsanulok(out, truth):
    e = truth.events
    cb = e[(e["province_code"] == "20") & (e["event_date"].dt.year == 2014) & (e["event_date"].dt.month == 6)]
    assert len(cb) >= 1
    july = e[(e["event_date"].dt.year == 2014) & (e["event_date"].dt.month == 7)]
    spans = july.groupby("event_id")["province_code"].apply(set)
    assert {"64", "65"} in list(spans), "one event, one row per province, for Sukhothai and Phitsanulok"
    assert e["event_date"].dt.year.between(2013, 2016).all()
    assert e["province_code"].nunique() >= 40
    assert set(e["event_type"]) == {"roadshow", "seminar", "site_visit", "training"}
    assert e["title"].str.contains("EGA Roadshow ภาคเหนือ ครั้งที่").any()
    # and in the workbook as written
    rows = xlsx_rows(out[0] / XLSX, "กิจกรรม")[1:]
    event_id = spans[spans.map(lambda p: {"64", "65"} <= p)].index[0]
    assert sum(r[0] == event_id for r in rows) == 2


def _impact(t, date: str, provinces: list[str], months_after: int = 6) -> float:
    """Change in adoption (agency-service pairs) from 3 months before to 6 after, visited minus others."""
    s, a, ev = t.subscriptions, t.agencies, t.events
    d = pd.Timestamp(date)

    def rate(codes, day):
        ids = set(a.loc[a["province_code"].isin(codes), "agency_id"])
        on = s[s["agency_id"].isin(ids) & (s["start_date"] <= day) & (s["end_date"].isna() | (s["end_date"] > day))]
        return len(on.drop_duplicates(["agency_id", "service_code"])) / (4 * len(ids))

    busy = set(ev.loc[(ev["event_date"] - d).abs() < pd.Timedelta(days=183), "province_code"])
    others = [c for c in a["province_code"].unique() if c not in busy]
    before, after = d - pd.DateOffset(months=3), d + pd.DateOffset(months=months_after)
    return (rate(provinces, after) - rate(provinces, before)) - (rate(others, after) - rate(others, before))


def test_roadshows_raise_adoption_in_visited_provinces(truth):
    assert _impact(truth, "2014-06-19", ["20"]) > 0.01
    assert _impact(truth, "2014-07-24", ["64", "65"]) > 0.01
    # the rise comes 3-6 months after the visit, not at once
    for date, provinces in (("2014-06-19", ["20"]), ("2014-07-24", ["64", "65"])):
        assert _impact(truth, date, provinces, months_after=2) < _impact(truth, date, provinces)


def test_feedback_and_tickets(truth):
    f = truth.feedback
    assert f["response_id"].is_unique
    assert f["satisfaction"].between(1, 5).all()
    assert f["event_id"].notna().any() and f["event_id"].isna().any()
    assert {"router_underused", "misunderstanding", "training", "bandwidth", "support", "budget"} <= set(f["issue"])
    assert f["comment"].dropna().nunique() > 30
    assert f["comment"].str.contains("เราเตอร์ GIN ติดตั้งแล้วแต่ยังไม่ได้ใช้งาน", regex=False).any()
    t = truth.tickets
    assert t["ticket_id"].is_unique
    closed = t.dropna(subset=["closed_at"])
    assert (closed["closed_at"] > closed["opened_at"]).all()
    hours = (closed["closed_at"] - closed["opened_at"]).dt.total_seconds() / 3600
    assert hours.min() < 1 and hours.max() > 48  # hours to days
    assert 0 < t["closed_at"].isna().sum() < 0.05 * len(t)
    hour = t["opened_at"].dt.hour
    assert set(hour) == set(range(24))  # around the clock ...
    assert (hour.between(9, 16)).mean() > 0.6  # ... but mostly office hours
    weekday = t["opened_at"].dt.day_of_week
    assert 0.02 < (weekday >= 5).mean() < 0.15
    vocab = pd.read_csv(sample.REFERENCE / "vocabularies.csv")
    assert set(t["category"]) <= set(vocab.loc[vocab["vocabulary"] == "ticket_category", "code"])
    assert set(t["channel"]) <= set(vocab.loc[vocab["vocabulary"] == "ticket_channel", "code"])


# --- bad rows ---------------------------------------------------------------------------------------


def test_bad_rows_are_in_the_files(out):
    d, _ = out
    assert len(sample.BAD_ROWS) >= 5
    for b in sample.BAD_ROWS:
        assert {"file", "sheet", "kind", "column", "value", "reason", "row"} <= set(b)
        rows = xlsx_rows(d / b["file"], b["sheet"]) if b["sheet"] else read_csv_rows(d / b["file"])
        columns = match_header([c or "" for c in rows[0]]).columns
        assert match_header([c or "" for c in rows[0]]).kind == b["kind"]
        hits = [r for r in rows[1:] if is_bad(r, rows[0], [b])]
        assert len(hits) == 1, b
        for name, value in b["row"].items():  # the whole row as documented
            if name in columns:
                assert hits[0][columns.index(name)] in (value, None if value == "" else value), (b, name)
    values = {b["value"] for b in sample.BAD_ROWS}
    assert {"Phitsanulog", "31/02/2557", 7, "G-Drive", "AG99999"} <= values


# --- messify: rendering and the real parser ---------------------------------------------------------


def test_rendering_hand_computed_examples():
    d = dt.date(2014, 7, 25)
    assert sample.render_date(d, "be_slash") == "25/07/2557"
    assert sample.render_date(d, "be_abbr") == "25 ก.ค. 2557"
    assert sample.render_date(d, "be_full") == "25 กรกฎาคม 2557"
    assert sample.render_date(d, "be_thai") == "๒๕/๐๗/๒๕๕๗"
    assert sample.render_date(dt.date(2014, 6, 5), "be_short") == "5/6/2557"
    assert sample.render_month(dt.date(2014, 7, 1), "be") == "2557-07"
    assert sample.render_month(dt.date(2015, 1, 1), "be_abbr") == "ม.ค. 58"
    assert sample.render_number(1234.5, "thousands") == "1,234.5"
    assert sample.render_number(1200.0, "thai_thousands") == "๑,๒๐๐"
    assert sample.render_province("20", "jor") == "จ.ชลบุรี"
    assert sample.render_province("20", "en_joined") == "Chonburi"
    assert sample.render_province("10", "variant") in {"กทม.", "กรุงเทพฯ", "Bangkok", "BKK"}
    assert sample.render_ministry("MOPH", "short") == "สธ."
    assert sample.render_ministry("MDES", "former") == "กระทรวงเทคโนโลยีสารสนเทศและการสื่อสาร"
    assert sample.render_satisfaction(5, "word") == "มากที่สุด"
    assert sample.render_satisfaction(4, "thai") == "๔"


normalize = pytest.importorskip("etl.normalize")


def test_every_rendered_form_parses_back():
    d, m = dt.date(2014, 7, 25), dt.date(2014, 7, 1)
    for form in ("be_slash", "be_short", "be_abbr", "be_full", "be_thai", "iso", "ce_slash"):
        assert normalize.parse_date(sample.render_date(d, form)) == d, form
    for form in ("iso", "iso_day", "be", "be_abbr"):
        assert normalize.parse_month(sample.render_month(m, form)) == m, form
    t = dt.datetime(2014, 7, 25, 13, 5)
    for form in ("iso", "iso_min", "be_slash"):
        assert normalize.parse_datetime(sample.render_datetime(t, form)) == t, form
    for form in ("plain", "thousands", "thai", "thai_thousands", "padded", "nbsp"):
        assert normalize.parse_number(sample.render_number(12345.25, form)) == 12345.25, form
    forms = ("th", "jor", "jor_space", "changwat", "en", "en_joined", "en_upper", "variant", "dopa", "iso")
    for code in sample._provinces().index:
        for form in forms:
            assert normalize.match_province(sample.render_province(code, form)) == code, (code, form)
    for code in sample._reference()["ministries"].index:
        for form in ("th", "short", "en", "former", "bare"):
            assert normalize.match_ministry(sample.render_ministry(code, form)) == code, (code, form)
    for code in sample.SERVICES:
        for form in ("display", "upper", "lower", "th", "spaced", "code"):
            assert normalize.match_service(sample.render_service(code, form)) == code, (code, form)
    for v in range(1, 6):
        for form in ("digit", "thai", "word"):
            assert normalize.parse_satisfaction(sample.render_satisfaction(v, form)) == v


def test_files_encode_the_truth(out, truth):
    """Roundtrip through etl.normalize: what is written reads back as the intended clean values."""
    d, _ = out
    rows = without_bad(read_csv_rows(d / "sample_subscriptions.csv"), "sample_subscriptions.csv")
    s = truth.subscriptions
    assert len(rows) == len(s)
    assert [normalize.parse_date(r[2]) for r in rows] == [x.date() for x in s["start_date"]]
    assert [normalize.match_service(r[1]) for r in rows] == s["service_code"].tolist()
    assert [normalize.parse_integer(r[4]) for r in rows] == s["units"].tolist()
    ends = [normalize.parse_date(r[3]) for r in rows]
    assert ends == [None if pd.isna(x) else x.date() for x in s["end_date"]]

    rows = without_bad(read_csv_rows(d / "sample_agencies.csv"), "sample_agencies.csv")
    a = truth.agencies
    assert [r[1] for r in rows] == a["agency_id"].tolist()
    assert [normalize.match_province(r[5]) for r in rows] == a["province_code"].tolist()
    assert [normalize.match_ministry(r[3]) for r in rows] == a["ministry_code"].tolist()
    assert [normalize.clean_text(r[2]) for r in rows] == a["agency_name"].tolist()

    u = truth.usage
    for year in (2014, 2015):  # the messy years: 2557-07 and ก.ค. 58 months, separators, Thai digits
        rows = read_csv_rows(d / f"sample_usage_{year}.csv")[1:]
        part = u[u["month"].dt.year == year]
        assert len(rows) == len(part)
        assert {normalize.parse_month(r[0]) for r in rows} == {dt.date(year, m, 1) for m in range(1, 13)}
        got = np.array([normalize.parse_number(r[4]) for r in rows])
        assert np.allclose(got, part["value"].to_numpy())
        assert [normalize.match_service(r[2]) for r in rows[:2000]] == part["service_code"].astype(str).tolist()[:2000]

    fb = truth.feedback[truth.feedback["event_id"].notna()]
    rows = without_bad(xlsx_rows(d / XLSX, "แบบสอบถาม"), XLSX, "แบบสอบถาม")
    assert [normalize.parse_satisfaction(r[6]) for r in rows] == fb["satisfaction"].tolist()
    dates = [r[1].date() if isinstance(r[1], dt.datetime) else normalize.parse_date(r[1]) for r in rows]
    assert dates == [x.date() for x in fb["response_date"]]


def test_usage_plain_years_match_truth_exactly(out, truth):
    d, _ = out
    got = pd.read_csv(d / "sample_usage_2012.csv", dtype={"value": float})
    want = truth.usage[truth.usage["month"].dt.year == 2012]
    assert got["month"].tolist() == want["month"].dt.strftime("%Y-%m-%d").tolist()
    assert got["agency_id"].tolist() == want["agency_id"].astype(str).tolist()
    assert got["metric"].tolist() == want["metric"].astype(str).tolist()
    assert np.array_equal(got["value"].to_numpy(), want["value"].to_numpy())
    text = (d / "sample_usage_2012.csv").read_text(encoding="utf-8")
    assert not re.search(r",\d+\.0\n", text)  # counts are written as integers
    assert io.StringIO(text).readline() == "month,agency_id,service,metric,value\n"

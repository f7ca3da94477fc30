"""Page tests of การใช้งานต่ำและโอกาส Underuse, ประหยัดงบประมาณ Savings and โรดโชว์ Roadshows.

Each page renders with the real small sample warehouse (tests/conftest.py) in Thai and English and shows
numbers computed here independently with SQL on the warehouse; a filter matching nothing says so in
words; an edited savings assumption changes the totals and the reset restores them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from egov import export, filters, i18n
from egov.display import roadshows as roadshows_tables
from egov.reads import opportunity, roadshows

from tests.apptest_helpers import arr, charts, ok, sql

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard.py")
PAGES = ["pages/underuse.py", "pages/savings.py", "pages/roadshows.py"]
RAW_KEY = re.compile(r"^[a-z]+\.[a-z_]+\b")  # an i18n key shown instead of its label




def app(params: dict | None = None, page: str | None = None, state: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    for k, v in (state or {}).items():
        at.session_state[k] = v
    if page:
        at.switch_page(page)
    return at.run()




def metrics(at: AppTest) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in at.metric:
        out.setdefault(m.label, []).append(m.value)
    return out






def table(at: AppTest, first_column: str, *more: str) -> pd.DataFrame:
    """The first table on the page whose columns start with these headers."""
    want = [first_column, *more]
    for df in at.dataframe:
        v = df.value
        if list(v.columns[: len(want)]) == want:
            return v
    raise AssertionError(f"no table with columns {want}: {[list(d.value.columns[:3]) for d in at.dataframe]}")


def shown(at: AppTest, first_column: str, *more: str) -> pd.DataFrame:
    """The text the first table whose columns start with these headers shows in the browser: the pandas
    Styler's display values (export.table writes dates through them)."""
    from streamlit import dataframe_util

    want = [first_column, *more]
    el = next(df for df in at.dataframe if list(df.value.columns[: len(want)]) == want)
    return dataframe_util.convert_arrow_bytes_to_pandas_df(el.proto.arrow_data.styler.display_values)


def latest(db: Path):
    return sql(db, "SELECT max(month) FROM mart_adoption_monthly")[0][0]


@pytest.fixture(scope="module")
def empty_params(sample_db) -> dict:
    """A province, ministry and level with no agency at all in the sample warehouse."""
    prov, ministry, level = sql(sample_db, """
        SELECT p.province_code, m.ministry_code, l.level
        FROM provinces p, ministries m, (SELECT DISTINCT coalesce(level, 'unknown') AS level FROM agencies) l
        WHERE NOT EXISTS (SELECT 1 FROM agencies a WHERE a.province_code = p.province_code
                          AND a.ministry_code = m.ministry_code AND coalesce(a.level, 'unknown') = l.level)
          AND EXISTS (SELECT 1 FROM agencies a WHERE a.province_code = p.province_code)
          AND EXISTS (SELECT 1 FROM agencies a WHERE a.ministry_code = m.ministry_code)
        ORDER BY 1, 2, 3 LIMIT 1""")[0]
    return {"prov": prov, "min": ministry, "lvl": level}


# ---- every page ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_renders_with_data(use_sample_db, page, lang):
    at = app({"lang": lang}, page)
    ok(at)
    assert at.title[0].value == i18n.t(f"page.{Path(page).stem}", lang)
    assert charts(at), "a page with data draws charts"
    assert at.dataframe, "a page with data shows tables"
    # every table can be downloaded as CSV and XLSX
    assert len(at.download_button) == 2 * len(at.dataframe)
    # every label went through i18n: no raw key shown as a header, metric, heading or caption
    shown = [c for d in at.dataframe for c in map(str, d.value.columns)]
    shown += [m.label for m in at.metric] + [h.value for h in at.subheader] + [c.value for c in at.caption]
    assert not [s for s in shown if RAW_KEY.match(s)], [s for s in shown if RAW_KEY.match(s)]
    # Thai dates in the Buddhist Era, English in the Common Era
    asof = next(c.value for c in at.caption if c.value.startswith(i18n.t("app.asof", lang, month="", start="",
                                                                         end="")[:8]))
    assert ("2559" in asof) if lang == "th" else ("2016" in asof)


@pytest.mark.parametrize("page", PAGES)
def test_filter_matching_nothing_says_so(use_sample_db, empty_params, page):
    at = app(empty_params, page)
    ok(at)
    assert i18n.t("empty.filter", "th") in [i.value for i in at.info]
    assert not at.metric and not charts(at) and not at.dataframe


# ---- underuse and opportunity ----------------------------------------------------------------------

def test_underuse_counts_and_action_list(use_sample_db):
    db = use_sample_db
    at = app(page="pages/underuse.py")
    ok(at)
    month = latest(db)
    per_service = dict(sql(db, """SELECT service_code, count(*) FROM fct_agency_service_month
                                  WHERE month = ? AND underused GROUP BY 1""", [month]))
    assert per_service.get("GIN", 0) > 0, "the sample has idle GIN routers"
    order = [r[0] for r in sql(db, "SELECT service_code FROM services ORDER BY sort_order")]
    assert metrics(at)[i18n.t("m.underused")] == [f"{per_service.get(c, 0):,}" for c in order]

    listing = table(at, i18n.t("agency_id"), i18n.t("agency"))
    # each agency id is a link to the agency's profile (agency?agency=ID): read the ids back out of them
    ids = listing[i18n.t("agency_id")]
    assert ids.str.match(r"^agency\?agency=AG\d+$").all(), ids.head(3).tolist()
    listing[i18n.t("agency_id")] = ids.str.split("=").str[-1]
    assert len(listing) == sum(per_service.values())
    assert (listing[i18n.t("service")] == "GIN").sum() == per_service["GIN"]
    # most idle first, and each row's idle months and units as in the warehouse
    idle = listing[i18n.t("un.idle_months")].tolist()
    assert idle == sorted(idle, reverse=True)
    expected = {(a, i18n.service_label(s)): (m, u) for a, s, m, u in sql(db, """
        SELECT agency_id, service_code, idle_months, units FROM fct_agency_service_month
        WHERE month = ? AND underused""", [month])}
    got = {(r[0], r[4]): (r[5], r[6]) for r in listing.itertuples(index=False)}
    assert got == expected
    # last active month: the latest month the service was active for the agency (a date; missing when never)
    agency, service = sql(db, """SELECT agency_id, service_code FROM fct_agency_service_month
                                 WHERE month = ? AND underused ORDER BY idle_months, agency_id LIMIT 1""", [month])[0]
    (last,) = sql(db, """SELECT max(month) FROM fct_agency_service_month WHERE agency_id = ? AND service_code = ?
                         AND active AND month <= ?""", [agency, service, month])[0]
    row = listing[(listing[i18n.t("agency_id")] == agency)
                  & (listing[i18n.t("service")] == i18n.service_label(service))].iloc[0]
    shown_last = row[i18n.t("un.last_active")]
    assert pd.Timestamp(shown_last) == pd.Timestamp(last) if last else pd.isna(shown_last)

    # the count by province and service
    by_prov = table(at, i18n.t("province"), "GIN")
    assert by_prov[i18n.t("un.total")].sum() == sum(per_service.values())


def test_underuse_respects_filters(use_sample_db):
    db = use_sample_db
    month = latest(db)
    prov, n = sql(db, """SELECT province_code, count(*) FROM fct_agency_service_month WHERE month = ? AND underused
                         AND service_code = 'GIN' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1""", [month])[0]
    at = app({"prov": prov, "svc": "GIN"}, "pages/underuse.py")
    ok(at)
    assert metrics(at)[i18n.t("m.underused")] == [f"{n:,}"]
    assert len(table(at, i18n.t("agency_id"), i18n.t("agency"))) == n
    opp = table(at, i18n.t("rank"), i18n.t("province"))
    assert opp[i18n.t("province")].tolist() == [sql(db, "SELECT name_th FROM provinces WHERE province_code = ?",
                                                    [prov])[0][0]]


def test_opportunity_ranking_is_the_mart(use_sample_db):
    db = use_sample_db
    at = app(page="pages/underuse.py")
    ok(at)
    mart = sql(db, """SELECT o.rank, p.name_th, o.not_adopted, round(o.potential_savings_mid_thb), o.open_issues,
                             o.open_tickets
                      FROM mart_opportunity o JOIN provinces p USING (province_code)
                      WHERE o.eligible > 0 ORDER BY o.rank, p.name_en""")
    opp = table(at, i18n.t("rank"), i18n.t("province"))
    cols = [i18n.t("rank"), i18n.t("province"), i18n.t("op.not_adopted"), i18n.t("op.potential") + " (บาท)",
            i18n.t("op.open_issues"), i18n.t("op.open_tickets")]
    assert [tuple(r) for r in opp[cols].itertuples(index=False)] == [tuple(r) for r in mart]
    # the top-10 chart is the mart's first ten
    bars = next(c for c in charts(at) if c["data"][0].get("orientation") == "h" and len(c["data"]) == 1)
    assert arr(bars["data"][0]["y"]) == [r[1] for r in mart[:10]]
    # the problems by category add up to the mart's open issues
    problems = [c for c in opp.columns if c.startswith(i18n.t("op.problem") + ":")]
    assert (opp[problems].sum(axis=1) == opp[i18n.t("op.open_issues")]).all()


def test_opportunity_recomputed_under_filters_agrees_with_the_mart(use_sample_db):
    """With every service selected explicitly the filtered recomputation must give the mart's ranking."""
    db = use_sample_db
    every = tuple(r[0] for r in sql(db, "SELECT service_code FROM services"))
    got = opportunity.opportunity(filters.Filters(services=every))
    columns = ["province_code", "eligible", "not_adopted", "potential_savings_mid_thb", "open_tickets", "rank"]
    mart = pd.DataFrame(sql(db, f"SELECT {', '.join(columns)} FROM mart_opportunity WHERE eligible > 0 "
                                "ORDER BY province_code"), columns=columns)
    got = got.sort_values("province_code").reset_index(drop=True)[list(mart.columns)]
    pd.testing.assert_frame_equal(got, mart, check_dtype=False, rtol=1e-9)
    # one service only: the gap is that service's
    gin = opportunity.opportunity(filters.Filters(services=("GIN",)))
    expected = dict(sql(db, """SELECT province_code, sum(eligible - adopted) FROM mart_adoption_monthly
                               WHERE month = (SELECT max(month) FROM mart_adoption_monthly) AND service_code = 'GIN'
                               GROUP BY 1"""))
    assert dict(zip(gin["province_code"], gin["not_adopted"])) == {k: v for k, v in expected.items()
                                                                    if k in set(gin["province_code"])}


# ---- savings -------------------------------------------------------------------------------------------

def _totals(at: AppTest) -> tuple[str, str, str]:
    m = metrics(at)
    return tuple(m[i18n.t("sv.metric", case=i18n.t(f"sv.{case}"))][0] for case in ("low", "mid", "high"))


def baht(x) -> str:
    """How the savings metrics write an amount (the unit is in the label)."""
    return i18n.fmt_baht(x, "th", unit=False)


def test_savings_totals_and_breakdowns(use_sample_db):
    db = use_sample_db
    at = app(page="pages/savings.py")
    ok(at)
    low, mid, high = sql(db, "SELECT sum(savings_low_thb), sum(savings_mid_thb), sum(savings_high_thb) "
                             "FROM mart_savings_monthly")[0]
    assert _totals(at) == (baht(low), baht(mid), baht(high))
    # by service, in baht, as the mart has them
    by_service = table(at, i18n.t("service"), i18n.t("un.unit"), i18n.t("sv.unit_months"))
    rows = sql(db, """SELECT m.service_code, sum(unit_months), sum(savings_low_thb), sum(savings_mid_thb),
                             sum(savings_high_thb) FROM mart_savings_monthly m JOIN services s USING (service_code)
                      GROUP BY m.service_code, s.sort_order ORDER BY s.sort_order""")
    assert by_service[i18n.t("service")].tolist() == [i18n.service_label(r[0]) for r in rows]
    assert by_service[i18n.t("sv.unit_months")].tolist() == [r[1] for r in rows]
    assert by_service[i18n.t("sv.mid") + " (บาท)"].tolist() == pytest.approx([round(r[3]) for r in rows], abs=1)
    # by province and by ministry: every one, summing to the total
    by_prov = table(at, i18n.t("province"), i18n.t("sv.unit_months"))
    assert by_prov[i18n.t("sv.mid") + " (บาท)"].sum() == pytest.approx(mid, abs=len(by_prov))
    assert len(by_prov) == sql(db, "SELECT count(DISTINCT province_code) FROM mart_savings_monthly")[0][0]
    by_min = table(at, i18n.t("ministry"), i18n.t("sv.unit_months"))
    assert by_min[i18n.t("sv.high") + " (บาท)"].sum() == pytest.approx(high, abs=len(by_min))
    # the assumptions are shown with their source, and the method in plain words
    editor = at.data_editor[0].value
    # in Thai, the reference file's sources as Thai text (egov.i18n.ASSUMPTION_SOURCES_TH)
    assert editor["source"].str.startswith("สมมติฐาน รอ สรอ. ยืนยัน").all()
    assert dict(editor["source"]) == {c: i18n.ASSUMPTION_SOURCES_TH[c] for c in editor.index}
    from egov.definitions import METRICS

    assert any(METRICS["savings"]["th"] in m.value for m in at.markdown)


def test_savings_follow_the_filters(use_sample_db):
    db = use_sample_db
    at = app({"prov": "65", "svc": "GIN,GCLOUD", "from": "2014-01", "to": "2015-12"}, "pages/savings.py")
    ok(at)
    low, mid, high = sql(db, """SELECT sum(savings_low_thb), sum(savings_mid_thb), sum(savings_high_thb)
                                FROM mart_savings_monthly WHERE province_code = '65'
                                AND service_code IN ('GIN', 'GCLOUD')
                                AND month BETWEEN '2014-01-01' AND '2015-12-01'""")[0]
    assert _totals(at) == (baht(low), baht(mid), baht(high))


def test_edited_assumption_changes_savings_and_reset_restores(use_sample_db):
    db = use_sample_db
    at = app(page="pages/savings.py")
    ok(at)
    before = _totals(at)
    key = at.data_editor[0].key
    gin_row = at.data_editor[0].value.index.get_loc("GIN") if "GIN" in at.data_editor[0].value.index else 0
    (gin_um,) = sql(db, "SELECT sum(unit_months) FROM mart_savings_monthly WHERE service_code = 'GIN'")[0]
    (mid,) = sql(db, "SELECT sum(savings_mid_thb) FROM mart_savings_monthly")[0]
    (cost,) = sql(db, "SELECT cost_mid_thb_per_unit_year FROM cost_assumptions WHERE service_code = 'GIN'")[0]

    new_cost = cost * 2
    at.session_state[key] = {"edited_rows": {gin_row: {"cost_mid_thb_per_unit_year": new_cost}},
                             "added_rows": [], "deleted_rows": []}
    at.run()
    ok(at)
    expected_mid = mid + gin_um * (new_cost - cost) / 12
    after = _totals(at)
    assert after[1] == baht(expected_mid) != before[1]
    assert after[0] == before[0] and after[2] == before[2]  # only the mid case moved
    assert any(w.value == i18n.t("sv.edited", "th", default=i18n.fmt_baht(mid)) for w in at.warning)

    # kept for the session, and the Overview's savings use the edited assumptions too
    at.switch_page("pages/overview.py").run()
    ok(at)
    assert [m.value for m in at.metric if m.label == i18n.t("m.savings_mid", "th")] == [i18n.fmt_baht(expected_mid, "th")]
    at.switch_page("pages/savings.py").run()
    ok(at)
    assert _totals(at)[1] == baht(expected_mid)

    at.button(key="sv_reset").click().run()
    ok(at)
    assert _totals(at) == before
    assert not any(w.value.startswith(i18n.t("sv.edited", "th", default="")[:20]) for w in at.warning)


# ---- roadshows ---------------------------------------------------------------------------------------

def test_roadshow_numbers(use_sample_db):
    db = use_sample_db
    at = app(page="pages/roadshows.py")
    ok(at)
    events, visits, people, agencies = sql(db, "SELECT count(DISTINCT event_id), count(*), sum(attendees), "
                                               "sum(agencies_attended) FROM events")[0]
    m = metrics(at)
    assert m[i18n.t("rs.events")] == [f"{events:,}"]
    assert m[i18n.t("rs.visits")] == [f"{visits:,}"]
    assert m[i18n.t("rs.attendees")] == [f"{people:,}"]
    assert m[i18n.t("rs.agencies")] == [f"{agencies:,}"]

    # the timeline: every visit, coloured by type, sized by attendees
    timeline = charts(at)[0]
    assert sum(len(arr(d["x"])) for d in timeline["data"]) == visits
    assert all(label.split()[-1].startswith("25") for label in timeline["layout"]["xaxis"]["ticktext"])
    # the map: provinces visited, with the number of events
    maps = [c for c in charts(at) if c["data"] and c["data"][0]["type"] == "choroplethmap"]
    assert maps and maps[0]["layout"]["map"]["style"] == "white-bg"

    # the table: one row per event and province, its impact estimate and the feedback collected there
    rows = table(at, i18n.t("date"), i18n.t("rs.event_id"))
    assert len(rows) == visits
    # the dates stay dates, so a click on the header sorts them in time; they are shown as the app writes
    # a day in Thai ('8 ม.ค. 2556', Buddhist Era), not '2556-01-08', and downloaded as shown
    dates = rows[i18n.t("date")]
    assert pd.api.types.is_datetime64_any_dtype(dates)
    (first,) = sql(db, "SELECT min(event_date) FROM events")[0]
    text = shown(at, i18n.t("date"), i18n.t("rs.event_id"))[i18n.t("date")]
    assert list(text) == [i18n.fmt_date(d, "th") for d in dates]
    assert text.iloc[0] == f"{first.day} {i18n.TH_MONTHS[first.month - 1]} {first.year + 543}"
    assert list(export.dates_as_text(rows, "th")[i18n.t("date")]) == list(text)
    ev, prov, impact = sql(db, """SELECT event_id, province_code, impact_pp FROM mart_roadshow_impact
                                  WHERE service_code = 'GIN' AND impact_pp IS NOT NULL
                                  ORDER BY event_date, event_id LIMIT 1""")[0]
    name = sql(db, "SELECT name_th FROM provinces WHERE province_code = ?", [prov])[0][0]
    row = rows[(rows[i18n.t("rs.event_id")] == ev) & (rows[i18n.t("province")] == name)].iloc[0]
    assert row[f"{i18n.t('rs.impact_short')} GIN (จุด)"] == pytest.approx(round(impact, 1))
    n, mean = sql(db, "SELECT count(*), avg(satisfaction) FROM feedback WHERE event_id = ? AND province_code = ?",
                  [ev, prov])[0]
    assert row[i18n.t("m.responses")] == n
    assert row[i18n.t("m.satisfaction_long")] == pytest.approx(round(mean, 2))
    few = rows[(rows[i18n.t("m.responses")] > 0) & (rows[i18n.t("m.responses")] < 10)]
    assert (few[i18n.t("note")] == few[i18n.t("m.responses")].map(lambda k: i18n.t("too_few", n=k))).all()


def test_roadshow_dates_in_english(use_sample_db):
    at = app({"lang": "en"}, "pages/roadshows.py")
    ok(at)
    (first,) = sql(use_sample_db, "SELECT min(event_date) FROM events")[0]
    text = shown(at, i18n.t("date", "en"), i18n.t("rs.event_id", "en"))[i18n.t("date", "en")]
    assert text.iloc[0] == f"{first.day} {i18n.EN_MONTHS[first.month - 1]} {first.year}"


def test_roadshow_event_detail(use_sample_db):
    db = use_sample_db
    ev, prov, n = sql(db, """SELECT f.event_id, f.province_code, count(*) FROM feedback f
                             JOIN events e USING (event_id, province_code) GROUP BY 1, 2
                             HAVING count(*) < 10 ORDER BY 1, 2 LIMIT 1""")[0]
    at = app({"event": f"{ev}|{prov}"}, "pages/roadshows.py")
    ok(at)
    assert at.selectbox(key="rs_event").value == f"{ev}|{prov}"
    assert metrics(at)[i18n.t("m.responses")] == [str(n)]
    assert any(w.value.startswith(i18n.t("too_few", n=n)) for w in at.warning)
    impact = sql(db, """SELECT i.service_code, i.impact_pp FROM mart_roadshow_impact i JOIN services s
                        USING (service_code) WHERE event_id = ? AND province_code = ? ORDER BY s.sort_order""",
                 [ev, prov])
    if any(v is not None for _, v in impact):
        bars = next(c for c in charts(at) if c["data"][0]["type"] == "bar" and c["data"][0].get("orientation") != "h")
        assert arr(bars["data"][0]["y"]) == pytest.approx([v for _, v in impact if v is not None])
        assert any(c.value == i18n.t("rs.estimate") for c in at.caption)
    else:
        assert i18n.t("rs.no_impact") in [i.value for i in at.info]


def test_roadshows_in_a_province_without_events(use_sample_db):
    db = use_sample_db
    (prov,) = sql(db, """SELECT province_code FROM provinces p WHERE NOT EXISTS (SELECT 1 FROM events e
                         WHERE e.province_code = p.province_code) AND EXISTS (SELECT 1 FROM agencies a
                         WHERE a.province_code = p.province_code) ORDER BY 1 LIMIT 1""")[0]
    at = app({"prov": prov}, "pages/roadshows.py")
    ok(at)
    assert i18n.t("rs.none") in [i.value for i in at.info]
    assert not charts(at) and not at.dataframe


# ---- missing values and months, on the page and in the downloads ------------------------------------------

def downloads(monkeypatch) -> dict:
    """Every download button the next AppTest run draws, by file name: the bytes a click would give
    (the button's own deferred callable, called here)."""
    from streamlit.delta_generator import DeltaGenerator

    got: dict = {}
    original = DeltaGenerator.download_button

    def record(self, label, data, file_name=None, *args, **kwargs):
        got[file_name] = data() if callable(data) else data
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", record)
    return got


def named(files: dict, name: str) -> bytes:
    """The download called name once the period it covers is in its name: stem_YYYY-MM_YYYY-MM.ext."""
    import re

    stem, ext = name.rsplit(".", 1)
    hits = [k for k in files if re.fullmatch(re.escape(stem) + r"_\d{4}-\d{2}_\d{4}-\d{2}\." + ext, k or "")]
    assert len(hits) == 1, (name, sorted(files))
    return files[hits[0]]


def csv_cells(data: bytes) -> pd.DataFrame:
    import io

    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def xlsx_cells(data: bytes) -> pd.DataFrame:
    """The first sheet as written: header row, then cell values (None for an empty cell), nothing parsed."""
    import io

    import openpyxl

    rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    return pd.DataFrame(rows[1:], columns=rows[0], dtype=object)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_roadshow_missing_impact_is_a_dash_and_an_empty_download_cell(use_sample_db, monkeypatch, lang):
    """An event whose impact cannot be estimated (no 6 months after it yet) shows a dash in the table, as
    every missing value does, not Streamlit's "None"; the CSV and XLSX hold an empty cell there."""
    (missing,) = sql(use_sample_db, "SELECT count(*) FROM mart_roadshow_impact WHERE impact_pp IS NULL")[0]
    assert missing, "the sample has events too recent for an impact estimate"
    files = downloads(monkeypatch)
    at = app({"lang": lang}, "pages/roadshows.py")
    ok(at)
    t = lambda k: i18n.t(k, lang)  # noqa: E731
    el = next(df for df in at.dataframe if list(df.value.columns[:2]) == [t("date"), t("rs.event_id")])
    assert el.proto.placeholder == i18n.DASH  # what the grid draws in a cell with no value
    rows = el.value
    impact = [c for c in rows.columns if c.startswith(t("rs.impact_short") + " ")]
    assert impact and all(pd.api.types.is_float_dtype(rows[c]) for c in impact)  # numbers, not text
    gaps = rows[impact].isna()
    assert gaps.any().any()
    text = shown(at, t("date"), t("rs.event_id"))
    assert (text[impact][gaps] == i18n.DASH).sum().sum() == gaps.sum().sum()
    assert not text.isin(["None", "nan", "NaN", "<NA>"]).any().any()

    for name, cells in (("roadshow_events.csv", csv_cells), ("roadshow_events.xlsx", xlsx_cells)):
        got = cells(named(files, name))
        # the XLSX has, in Thai, each date's Buddhist-Era text beside its date cell
        assert list(got.columns) == list(rows.columns if name.endswith(".csv") else
                                         export.with_date_text(rows, lang).columns)
        values = got[impact].to_numpy()[gaps.to_numpy()]
        assert all(v in ("", None) for v in values), (name, set(map(repr, values)))
        assert not got.isin(["None", "nan", "NaN", "<NA>", i18n.DASH]).any().any(), name
        assert float(got[impact[0]][~gaps[impact[0]]].iloc[0]) == rows[impact[0]][~gaps[impact[0]]].iloc[0]


MONTH = {"th": re.compile(rf"^({'|'.join(map(re.escape, i18n.TH_MONTHS))}) 25\d\d$"),
         "en": re.compile(rf"^({'|'.join(i18n.EN_MONTHS)}) 20\d\d$")}


@pytest.mark.parametrize("lang", ["th", "en"])
def test_underuse_months_are_dates_shown_as_months(use_sample_db, monkeypatch, lang):
    """Idle since and last active are months: dates in the table (a click on the header sorts them in time),
    written 'มี.ค. 2557' (Buddhist Era) / 'Mar 2014' as every month in the app, never '2557-03'; a service
    never active has no last active month (a dash, explained under the table); the downloads hold the
    months as written on the page and an empty cell for never."""
    db = use_sample_db
    files = downloads(monkeypatch)
    at = app({"lang": lang}, "pages/underuse.py")
    ok(at)
    t = lambda k: i18n.t(k, lang)  # noqa: E731
    listing = table(at, t("agency_id"), t("agency"))
    el = next(df for df in at.dataframe if list(df.value.columns[:2]) == [t("agency_id"), t("agency")])
    assert el.proto.placeholder == i18n.DASH
    text = shown(at, t("agency_id"), t("agency"))
    months = [t("un.idle_since"), t("un.last_active")]
    for col in months:
        assert pd.api.types.is_datetime64_any_dtype(listing[col]), col
        v = listing[col].dropna()
        assert len(v) and (v.dt.day == 1).all()
        assert list(text[col]) == [i18n.fmt_month(x, lang) for x in listing[col]]
        assert all(MONTH[lang].match(s) for s in text[col] if s != i18n.DASH), set(text[col])
    never = listing[t("un.last_active")].isna()
    (n_never,) = sql(db, """SELECT count(*) FROM fct_agency_service_month u WHERE month = ? AND underused
                            AND NOT EXISTS (SELECT 1 FROM fct_agency_service_month x WHERE x.agency_id = u.agency_id
                            AND x.service_code = u.service_code AND x.active AND x.month <= u.month)""",
                     [latest(db)])[0]
    assert never.sum() == n_never and n_never > 0, "the sample has services never used"
    assert (text[t("un.last_active")][never] == i18n.DASH).all()
    assert any(i18n.DASH in c.value and t("un.never") in c.value for c in at.caption)
    # the idle run starts after the last active month
    both = listing[~never]
    assert (both[t("un.idle_since")] > both[t("un.last_active")]).all()

    got = csv_cells(named(files, "underused_agencies.csv"))
    for col in months:
        want = ["" if pd.isna(x) else i18n.fmt_month(x, lang) for x in listing[col]]
        assert [("" if v is None else v) for v in got[col]] == want, col
    # the XLSX: month cells (real dates, 'mmm yyyy'), and in Thai the months as written beside them
    got = xlsx_cells(named(files, "underused_agencies.xlsx"))
    for col in months:
        assert [None if pd.isna(x) else x.to_pydatetime() for x in listing[col]] == list(got[col]), col
        if lang == "th":
            want = [None if pd.isna(x) else i18n.fmt_month(x, lang) for x in listing[col]]
            assert list(got[i18n.t("dl.date_text", lang, col=col)]) == want, col
        else:
            assert i18n.t("dl.date_text", lang, col=col) not in got.columns


def test_roadshow_display_keeps_a_missing_impact_a_number(use_sample_db):
    """An impact the warehouse hands over as None (an object column) is NaN in a float column, not the
    text "None" nor an error, and an empty cell in the CSV."""
    f = filters.Filters()
    ev, impact, fb = roadshows.events(f), roadshows.roadshow_impact(f), roadshows.event_feedback(f)
    impact = impact.assign(impact_pp=impact["impact_pp"].astype(object).where(impact["impact_pp"].notna(), None))
    impact.loc[impact.index[0], "impact_pp"] = None
    table = roadshows_tables.roadshow_display(ev, impact, fb, "en")
    col = f"{i18n.t('rs.impact_short', 'en')} {i18n.service_label(impact['service_code'].iloc[0])} (pp)"
    assert pd.api.types.is_float_dtype(table[col]) and table[col].isna().any()
    got = csv_cells(export.to_csv_bytes(export.dates_as_text(table, "en")))
    assert got.loc[table[col].isna().to_numpy(), col].eq("").all()

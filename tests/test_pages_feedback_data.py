"""Page tests of ความคิดเห็นและการสนับสนุน Feedback and support and ข้อมูล Data, on the real small sample warehouse.

Every expected number is computed here straight from the warehouse (SQL, or Python over raw rows),
independently of egov/reads/. The upload test works on a copy of the warehouse in tmp_path.
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import tempfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from egov import i18n, upload
from egov.definitions import METRICS
from egov.safe_text import md

from tests.apptest_helpers import arr, charts, ok, sql

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard.py")
FEEDBACK, DATA = "pages/feedback.py", "pages/data.py"
PHRASE = "คู่มือภาษาไทย"  # in the sample's comments ("อยากให้มีคู่มือภาษาไทยและคลิปวิดีโอสอนการใช้งาน ...")
HOSTILE = "%' OR 1=1 --"




def app(page: str, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.switch_page(page)
    return at.run()




def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}






def trace(at: AppTest, name: str) -> dict:
    return next(d for c in charts(at) for d in c["data"] if d.get("name") == name)


def table(at: AppTest, first_column: str, *columns: str):
    """The first dataframe on the page whose first column is first_column and that has the other columns."""
    return next(df.value for df in at.dataframe
                if df.value.columns[0] == first_column and set(columns) <= set(df.value.columns))


def shown(at: AppTest, first_column: str, *columns: str):
    """The text the first table matching as table() does shows in the browser: the pandas Styler's
    display values (export.table writes dates through them)."""
    from streamlit import dataframe_util

    el = next(df for df in at.dataframe
              if df.value.columns[0] == first_column and set(columns) <= set(df.value.columns))
    return dataframe_util.convert_arrow_bytes_to_pandas_df(el.proto.arrow_data.styler.display_values)


def column_of(at: AppTest, heading: str):
    """The st.columns column whose bold heading is heading."""
    return next(c for c in at.columns if any(m.value == f"**{heading}**" for m in c.markdown))


def period_end(db: Path) -> dt.date:
    """The first day after the warehouse's last month (the default period's end)."""
    (m,) = sql(db, "SELECT max(month) FROM mart_adoption_monthly")[0]
    return (m.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def empty_filter(db: Path) -> dict:
    """URL parameters of a province + ministry with no agency at all."""
    prov, mins = sql(db, """SELECT p.province_code, m.ministry_code FROM provinces p CROSS JOIN ministries m
                            WHERE NOT EXISTS (SELECT 1 FROM agencies a WHERE a.province_code = p.province_code
                                              AND a.ministry_code = m.ministry_code)
                            ORDER BY 1, 2 LIMIT 1""")[0]
    return {"prov": prov, "min": mins}


# ---- feedback and support --------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["th", "en"])
def test_feedback_page_shows_the_warehouse_numbers(use_sample_db, lang):
    db = use_sample_db
    at = app(FEEDBACK, {"lang": lang})
    ok(at)
    t = lambda k, **kw: i18n.t(k, lang, **kw)  # noqa: E731
    assert at.title[0].value == t("page.feedback")
    m = metrics(at)

    # national satisfaction: mean 1-5, share 4-5, n
    n, mean, share = sql(db, "SELECT count(*), avg(satisfaction), avg((satisfaction >= 4)::INT) FROM feedback")[0]
    assert m[t("m.satisfaction")] == f"{mean:.2f} / 5"
    assert m[t("m.satisfied_share")] == f"{share * 100:.1f}%"
    assert m[t("m.responses")] == f"{n:,}"

    # per service, in the service's colour
    bars = next(c["data"][0] for c in charts(at) if c["data"][0]["type"] == "bar"
                and arr(c["data"][0]["x"]) == ["GIN", "G-Cloud", "MailGoThai", "GovMon"])
    per = dict(sql(db, "SELECT service_code, avg(satisfaction) FROM feedback WHERE service_code IS NOT NULL "
                       "GROUP BY 1"))
    assert arr(bars["y"]) == pytest.approx([per[c] for c in ("GIN", "GCLOUD", "MAILGOTHAI", "GOVMON")])
    colours = dict(sql(db, "SELECT service_code, colour FROM services"))
    assert bars["marker"]["line"]["color"] == [colours[c] for c in ("GIN", "GCLOUD", "MAILGOTHAI", "GOVMON")]

    # by province: every province with responses, its n, and too few marked in words
    prov = table(at, t("province"))
    name = "name_en" if lang == "en" else "name_th"
    expected = dict(sql(db, f"SELECT p.{name}, count(*) FROM feedback f JOIN provinces p USING (province_code) "
                            "GROUP BY 1"))
    assert dict(zip(prov[t("province")], prov[t("m.responses")])) == expected
    few = {k: v for k, v in expected.items() if v < 10}
    notes = dict(zip(prov[t("province")], prov[t("note")]))
    assert all(notes[k] == t("too_few", n=v) for k, v in few.items())
    assert all(notes[k] == "" for k, v in expected.items() if v >= 10)

    # by event: one row per event and province with responses
    (n_events,) = sql(db, "SELECT count(*) FROM (SELECT DISTINCT event_id, province_code FROM feedback "
                          "WHERE event_id IS NOT NULL)")[0]
    events = table(at, t("date"), t("fb.event"))
    assert len(events) == n_events
    # dates stay dates (a click on the header sorts them in time), shown as '8 ม.ค. 2556' / '8 Jan 2013'
    assert str(events[t("date")].dtype).startswith("datetime64")
    text = shown(at, t("date"), t("fb.event"))[t("date")]
    assert list(text) == [i18n.fmt_date(d, lang) for d in events[t("date")]]
    years = {d.split()[-1] for d in text if d != i18n.DASH}
    assert years and all(y.startswith("25" if lang == "th" else "20") for y in years)  # BE in Thai

    # problems raised, named from the vocabulary
    issues = next(c["data"][0] for c in charts(at) if c["data"][0].get("orientation") == "h"
                  and set(arr(c["data"][0]["y"])) & set(r[0] for r in sql(db, f"SELECT {name} FROM vocabularies "
                                                                            "WHERE vocabulary = 'feedback_issue'")))
    counted = dict(sql(db, f"""SELECT v.{name}, count(*) FROM feedback f JOIN vocabularies v
                               ON v.vocabulary = 'feedback_issue' AND v.code = f.issue
                               WHERE f.issue <> 'none' GROUP BY 1"""))
    assert dict(zip(arr(issues["y"]), arr(issues["x"]))) == counted

    # contact center: opened, closed, median and mean hours, backlog at the period's end
    end = period_end(db)
    opened, closed, backlog = sql(db, """SELECT count(*), count(*) FILTER (WHERE closed_at < ?),
                                         count(*) FILTER (WHERE opened_at < ? AND (closed_at IS NULL OR closed_at >= ?))
                                         FROM tickets""", [end, end, end])[0]
    durations = [(c - o).total_seconds() / 3600 for o, c in sql(
        db, "SELECT opened_at, closed_at FROM tickets WHERE closed_at < ?", [end])]
    hours = lambda v: t("fb.hours", h=f"{v:,.1f}")  # noqa: E731
    assert m[t("fb.m_opened")] == f"{opened:,}"
    assert m[t("fb.m_closed")] == f"{closed:,}"
    assert m[t("fb.m_median")] == hours(statistics.median(durations))
    assert m[t("fb.m_mean")] == hours(statistics.fmean(durations))
    assert m[t("fb.m_backlog")] == f"{backlog:,}"

    # tickets opened in a month, as the mart counts them
    month, in_month = sql(db, "SELECT month, sum(opened) FROM mart_tickets_monthly WHERE month = "
                              "(SELECT max(month) FILTER (WHERE month < ?) FROM mart_tickets_monthly) "
                              "GROUP BY 1", [end])[0]
    bars = trace(at, t("fb.s_opened"))
    by_month = dict(zip((x[:10] for x in arr(bars["x"])), arr(bars["y"])))
    assert by_month[month.isoformat()] == in_month
    assert sum(by_month.values()) == opened

    # the 24x7 load: weekday x hour, all 168 cells, as the hourly mart counts them
    heat = next(c["data"][0] for c in charts(at) if c["data"][0]["type"] == "heatmap")
    z = [arr(row) for row in arr(heat["z"])]
    assert len(z) == 7 and all(len(row) == 24 for row in z)
    assert sum(map(sum, z)) == opened
    (thu14,) = sql(db, "SELECT sum(tickets) FROM mart_tickets_hourly WHERE weekday = 4 AND hour = 14")[0]
    assert z[3][14] == thu14
    assert heat["y"] == [t(f"weekday.{d}") for d in range(1, 8)]

    # every table can be downloaded as CSV and XLSX
    assert len(at.download_button) == 2 * len(at.dataframe)


def test_ticket_chart_marks_the_latest_month_as_incomplete(use_sample_db):
    """The last month of the ticket data (some of its tickets not closed yet) is shaded and named in the
    legend, its bar hatched, a caption says why; its numbers are still drawn. A period ending earlier has
    no such mark."""
    db = use_sample_db
    (last,) = sql(db, "SELECT CAST(date_trunc('month', max(opened_at)) AS DATE) FROM tickets")[0]
    (in_last,) = sql(db, "SELECT count(*) FROM tickets WHERE date_trunc('month', opened_at) = ?", [last])[0]
    at = app(FEEDBACK)
    ok(at)
    chart = next(c for c in charts(at) if any(d.get("name") == i18n.t("fb.s_opened") for d in c["data"]))
    bands = [s for s in chart["layout"].get("shapes", []) if s.get("name") == i18n.t("fb.s_partial")]
    assert len(bands) == 1 and bands[0]["showlegend"]
    assert bands[0]["x0"][:10] < last.isoformat() < bands[0]["x1"][:10]
    bars = trace(at, i18n.t("fb.s_opened"))
    x = [v[:10] for v in arr(bars["x"])]
    assert x[-1] == last.isoformat() and arr(bars["y"])[-1] == in_last  # the data are not hidden
    assert bars["marker"]["pattern"]["shape"] == [""] * (len(x) - 1) + ["/"]
    note = i18n.t("fb.partial_note", month=i18n.fmt_month(last, "th"))
    assert note in [c.value for c in at.caption]

    earlier = last.replace(year=last.year - 1)
    at = app(FEEDBACK, {"to": earlier.strftime("%Y-%m")})
    ok(at)
    chart = next(c for c in charts(at) if any(d.get("name") == i18n.t("fb.s_opened") for d in c["data"]))
    assert not chart["layout"].get("shapes")
    assert not any(c.value.startswith(note[:12]) for c in at.caption)


def test_feedback_layout_spacing(use_sample_db):
    at = app(FEEDBACK)
    ok(at)
    # the satisfaction chart's 'n = …' labels stand clear of the axis line
    sat = next(c for c in charts(at) if c["data"][0]["type"] == "bar"
               and arr(c["data"][0]["x"]) == ["GIN", "G-Cloud", "MailGoThai", "GovMon"])
    assert sat["layout"]["xaxis"]["ticklabelstandoff"] >= 8
    # the ticket categories' heading starts on the same grid as the headings above it
    assert column_of(at, i18n.t("fb.categories")).weight == column_of(at, i18n.t("fb.resolve")).weight
    assert column_of(at, i18n.t("fb.heatmap")).weight == column_of(at, i18n.t("fb.volume")).weight


def test_comment_search_finds_a_thai_phrase(use_sample_db):
    db = use_sample_db
    comments = [r[0] for r in sql(db, "SELECT comment FROM feedback WHERE comment IS NOT NULL")]
    expected = sum(PHRASE in c for c in comments)
    assert expected > 0
    at = app(FEEDBACK)
    ok(at)
    at.text_input(key="fb_q").set_value(f"  {PHRASE}\u200b ").run()  # stray spaces and a zero-width space
    ok(at)
    found = table(at, i18n.t("date"), i18n.t("fb.comment"))
    assert len(found) == min(expected, 500)
    assert all(PHRASE in c for c in found[i18n.t("fb.comment")])
    assert any(c.value.startswith(i18n.t("fb.matches", n=f"{expected:,}", q=PHRASE)) for c in at.caption)
    dates = shown(at, i18n.t("date"), i18n.t("fb.comment"))[i18n.t("date")]
    assert all(d.split()[-1].startswith("25") for d in dates)  # Buddhist Era, as shown
    assert found[i18n.t("date")].is_monotonic_decreasing  # newest first, sorted as dates


@pytest.mark.parametrize("text", [HOSTILE, "'; DROP TABLE feedback; --", "%", "_", "\\"])
def test_comment_search_is_literal_and_safe(use_sample_db, text):
    db = use_sample_db
    (before,) = sql(db, "SELECT count(*) FROM feedback")[0]
    comments = [r[0] for r in sql(db, "SELECT comment FROM feedback WHERE comment IS NOT NULL")]
    at = app(FEEDBACK)
    at.text_input(key="fb_q").set_value(text).run()
    ok(at)
    expected = sum(text.lower() in c.lower() for c in comments)
    if expected == 0:
        assert i18n.t("fb.no_match", q=md(text)) in [i.value for i in at.info]  # shown as text
        assert not any(i18n.t("fb.comment") in df.value.columns for df in at.dataframe)
    else:  # a character really in some comments is found literally, never as a wildcard
        assert len(table(at, i18n.t("date"), i18n.t("fb.comment"))) == min(expected, 500)
    assert sql(db, "SELECT count(*) FROM feedback")[0][0] == before


def test_feedback_filter_matching_nothing_says_so(use_sample_db):
    at = app(FEEDBACK, empty_filter(use_sample_db))
    ok(at)
    assert [i.value for i in at.info] == [i18n.t("empty.filter")]
    assert not at.metric and not charts(at) and not at.dataframe


def test_feedback_sections_without_data_say_so(use_sample_db):
    """A period with agencies but before any feedback or ticket: each section says so in words."""
    db = use_sample_db
    (first_fb,) = sql(db, "SELECT least((SELECT min(response_date) FROM feedback), "
                          "(SELECT min(opened_at)::DATE FROM tickets))")[0]
    (first,) = sql(db, "SELECT min(month) FROM mart_adoption_monthly")[0]
    to = first_fb.replace(day=1) - dt.timedelta(days=1)
    assert to >= first
    at = app(FEEDBACK, {"from": first.strftime("%Y-%m"), "to": to.strftime("%Y-%m"), "lang": "en"})
    ok(at)
    infos = [i.value for i in at.info]
    assert i18n.t("empty.section", "en") in infos
    assert i18n.t("fb.no_comments", "en") in infos
    assert i18n.t("fb.no_tickets", "en") in infos
    assert not charts(at)


def test_feedback_respects_province_and_service(use_sample_db):
    db = use_sample_db
    at = app(FEEDBACK, {"prov": "65", "svc": "GIN"})
    ok(at)
    n, mean = sql(db, "SELECT count(*), avg(satisfaction) FROM feedback WHERE province_code = '65' "
                      "AND service_code = 'GIN'")[0]
    m = metrics(at)
    assert m[i18n.t("m.responses")] == f"{n:,}"
    assert m[i18n.t("m.satisfaction")] == f"{mean:.2f} / 5"
    if n < 10:
        assert i18n.t("too_few", n=n) in [w.value for w in at.warning]
    (opened,) = sql(db, "SELECT count(*) FROM tickets t JOIN agencies a USING (agency_id) "
                        "WHERE a.province_code = '65' AND t.service_code = 'GIN'")[0]
    assert m[i18n.t("fb.m_opened")] == f"{opened:,}"


# ---- data ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["th", "en"])
def test_data_page_shows_loads_rejects_freshness_and_definitions(use_sample_db, lang):
    db = use_sample_db
    at = app(DATA, {"lang": lang})
    ok(at)
    t = lambda k, **kw: i18n.t(k, lang, **kw)  # noqa: E731
    assert at.title[0].value == t("page.data")
    assert t("dt.global_note") in [c.value for c in at.caption]
    m = metrics(at)
    loads, rows_loaded, rows_rejected = sql(db, "SELECT count(*), sum(rows_loaded), sum(rows_rejected) "
                                                "FROM etl_loads")[0]
    assert m[t("dt.m_loads")] == f"{loads:,}"
    assert m[t("dt.m_rows_loaded")] == f"{rows_loaded:,}"
    assert m[t("dt.m_rows_rejected")] == f"{rows_rejected:,}"

    history = table(at, t("dt.load_id"))
    assert len(history) == loads
    assert list(history[t("dt.load_id")]) == [r[0] for r in sql(db, "SELECT load_id FROM etl_loads "
                                                                    "ORDER BY load_id DESC")]
    assert sum(history[t("dt.rejected")]) == rows_rejected
    started = [s.split()[2] for s in history[t("dt.started")]]  # '25 พ.ย. 2569 16:58' -> year
    assert all(y == str(dt.date.today().year + (543 if lang == "th" else 0)) for y in started)

    (n_rejects,) = sql(db, "SELECT count(*) FROM etl_rejects")[0]
    rejects = table(at, t("dt.file"), t("dt.reason"))
    assert len(rejects) == n_rejects
    assert set(rejects[t("dt.file")]) == {r[0] for r in sql(db, "SELECT DISTINCT file FROM etl_rejects")}
    # reasons in the reader's language: the sample's unknown province
    (raw,) = sql(db, "SELECT raw_value FROM etl_rejects WHERE reason = 'unknown province' LIMIT 1")[0]
    reason = dict(zip(rejects[t("dt.raw")], rejects[t("dt.reason")]))[raw]
    assert reason == ("unknown province" if lang == "en" else "ไม่รู้จักจังหวัดนี้")

    fresh = table(at, t("dt.source"))
    (usage_month,) = sql(db, "SELECT max(month) FROM usage_monthly")[0]
    latest = dict(zip(fresh[t("dt.source")], fresh[t("dt.latest")]))
    assert latest[t("kind.usage")] == i18n.fmt_month(usage_month, lang)
    (ticket_day,) = sql(db, "SELECT max(opened_at)::DATE FROM tickets")[0]
    assert latest[t("kind.tickets")] == i18n.fmt_date(ticket_day, lang)

    # the definitions: every metric, in the current language
    shown = " ".join(md.value for md in at.markdown)
    for key, e in METRICS.items():
        term = e["en"].split(": ", 1)[0] if lang == "en" else e["th"].split(" คือ ", 1)[0]
        assert f"**{term}**" in shown, key
    assert len(at.download_button) == 2 * len(at.dataframe)


def test_data_rejects_filter_by_file(use_sample_db):
    db = use_sample_db
    file, n = sql(db, "SELECT file, count(*) FROM etl_rejects GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1")[0]
    at = app(DATA)
    at.selectbox(key="dt_reject_file").set_value(file).run()
    ok(at)
    rejects = table(at, i18n.t("dt.file"))
    assert list(rejects[i18n.t("dt.file")]) == [file] * n
    assert at.query_params["rfile"] in (file, [file])  # a shareable link to one file's rejects
    # and the link reopens it
    at2 = app(DATA, {"rfile": file})
    ok(at2)
    assert len(table(at2, i18n.t("dt.file"))) == n


def test_data_page_is_global_and_says_so_under_an_empty_filter(use_sample_db):
    db = use_sample_db
    at = app(DATA, empty_filter(db))
    ok(at)
    assert i18n.t("empty.filter") in [i.value for i in at.info]
    assert i18n.t("dt.global_note") in [c.value for c in at.caption]
    (loads,) = sql(db, "SELECT count(*) FROM etl_loads")[0]
    assert len(table(at, i18n.t("dt.load_id"))) == loads


# ---- upload: check, see the rejects, confirm, the warehouse holds the new rows -------------------------

def _usage_csv(db: Path) -> tuple[bytes, list[tuple]]:
    """A small usage file for a month after the data: two good rows and one with a bad value."""
    agency, service, metric = sql(db, "SELECT agency_id, service_code, metric FROM usage_monthly "
                                      "ORDER BY month DESC, agency_id LIMIT 1")[0]
    (last,) = sql(db, "SELECT max(month) FROM usage_monthly")[0]
    month = (last.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    be = f"{month.year + 543}-{month.month:02d}"  # as a Thai office writes it: Buddhist Era
    from etl import reference

    metrics = reference.metrics()
    other = next(m for m, s in zip(metrics["metric"], metrics["service_code"]) if s == service and m != metric)
    text = ("เดือน,รหัสหน่วยงาน,บริการ,ตัวชี้วัด,ค่า\n"
            f"{be},{agency},{service},{metric},๑๒๓.๕\n"
            f"{be},{agency},{service},{other},7\n"
            f"{be},{agency},{service},{metric},ไม่ทราบ\n")  # refused for its value, so no duplicate key
    return text.encode("utf-8-sig"), [(month, agency, service, metric, 123.5), (month, agency, service, other, 7.0)]


def test_upload_checks_then_loads_only_on_confirm(sample_db, tmp_path, monkeypatch):
    db = tmp_path / "warehouse" / "adoption.duckdb"
    db.parent.mkdir()
    shutil.copyfile(sample_db, db)
    monkeypatch.setenv("EGOV_DB", str(db))
    content, rows = _usage_csv(db)
    month = rows[0][0]
    (loads,) = sql(db, "SELECT count(*) FROM etl_loads")[0]
    before = db.stat()

    folders = set(Path(tempfile.gettempdir()).glob(f"{upload.PREFIX}*"))

    at = app(DATA, {"lang": "en"})
    ok(at)
    assert not [b for b in at.button if b.key == "dt_check"]  # nothing to check before a file is chosen
    at.file_uploader[0].set_value(("ใหม่ usage.csv", content, "text/csv")).run()
    ok(at)
    at.button(key="dt_check").click().run()
    ok(at)
    report = table(at, i18n.t("dt.file", "en"), i18n.t("dt.kind", "en"), i18n.t("note", "en"))
    assert len(report) >= 1
    check = report[report[i18n.t("dt.kind", "en")] == i18n.t("kind.usage", "en")].iloc[0]
    assert check[i18n.t("dt.file", "en")] == "ใหม่ usage.csv"  # the user's own file name
    assert (check[i18n.t("dt.read", "en")], check[i18n.t("dt.loaded", "en")],
            check[i18n.t("dt.rejected", "en")]) == (3, 2, 1)
    rejected = next(df.value for df in at.dataframe if i18n.t("dt.reason", "en") in df.value.columns
                    and i18n.t("dt.line", "en") in df.value.columns and len(df.value) == 1)
    assert rejected.iloc[0][i18n.t("dt.line", "en")] == 4
    assert rejected.iloc[0][i18n.t("dt.raw", "en")] == "ไม่ทราบ"
    assert rejected.iloc[0][i18n.t("dt.reason", "en")] == "not a number"
    # the check wrote nothing
    after = db.stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (before.st_ino, before.st_mtime_ns, before.st_size)
    assert sql(db, "SELECT count(*) FROM usage_monthly WHERE month = ?", [month])[0][0] == 0

    at.button(key="dt_confirm").click().run()
    ok(at)
    assert at.success[0].value == i18n.t("dt.published", "en", loaded="2", files="1", rejected="1")
    got = sql(db, "SELECT month, agency_id, service_code, metric, value FROM usage_monthly WHERE month = ? "
                  "ORDER BY metric", [month])
    assert got == sorted(rows, key=lambda r: r[3])
    # the app reads the new warehouse at once: the load history and the rejects show the new load
    assert metrics(at)[i18n.t("dt.m_loads", "en")] == f"{loads + 1:,}"
    history = table(at, i18n.t("dt.load_id", "en"))
    assert history.iloc[0][i18n.t("dt.file", "en")] == "ใหม่ usage.csv"
    assert "ใหม่ usage.csv" in set(table(at, i18n.t("dt.file", "en"))[i18n.t("dt.file", "en")])
    (latest,) = sql(db, "SELECT max(month) FROM mart_adoption_monthly")[0]
    assert latest == month
    # the uploader starts empty again, and no upload folder is left behind
    assert not at.file_uploader[0].value
    assert set(Path(tempfile.gettempdir()).glob(f"{upload.PREFIX}*")) <= folders


def test_upload_of_an_unknown_file_is_refused_in_words(sample_db, tmp_path, monkeypatch):
    db = tmp_path / "adoption.duckdb"
    shutil.copyfile(sample_db, db)
    monkeypatch.setenv("EGOV_DB", str(db))
    before = db.read_bytes()
    folders = set(Path(tempfile.gettempdir()).glob(f"{upload.PREFIX}*"))
    at = app(DATA, {"lang": "en"})
    at.file_uploader[0].set_value(("budget.csv", b"foo,bar\n1,2\n", "text/csv")).run()
    at.button(key="dt_check").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors == [i18n.t("dt.check_failed", "en")]
    shown = [c.value for c in at.code]  # the ETL's message as plain text, never markdown
    assert len(shown) == 1 and "budget.csv" in shown[0] and "egov-upload-" not in shown[0]  # the user's name
    assert not [b for b in at.button if b.key == "dt_confirm"]
    assert db.read_bytes() == before
    assert set(Path(tempfile.gettempdir()).glob(f"{upload.PREFIX}*")) <= folders  # refused files are not kept


# ---- egov.upload on its own ------------------------------------------------------------------------

@pytest.mark.parametrize("name, safe", [
    ("ใหม่ usage.csv", "ใหม่ usage.csv"),  # Thai vowel and tone marks kept
    ("../../etc/ข้อมูล ก.ค. 2557.XLSX", "ข้อมูล ก.ค. 2557.xlsx"),  # no folder part
    ("C:\\exports\\tickets.csv", "tickets.csv"),
    ("=HYPERLINK(1)|x.csv", "HYPERLINK(1)_x.csv"),  # no formula start, no pipe
])
def test_upload_keeps_only_a_safe_file_name(name, safe):
    assert upload.safe_name(name) == safe


def test_upload_of_a_file_loaded_before_has_nothing_new(sample_db, sample_files, tmp_path):
    db = tmp_path / "adoption.duckdb"
    shutil.copyfile(sample_db, db)
    (clean,) = [r[0] for r in sql(db, "SELECT file FROM etl_loads WHERE rows_rejected = 0 AND kind = 'usage' "
                                      "ORDER BY load_id LIMIT 1")]
    path = sample_files / Path(clean).name
    staged, outcome = upload.check_files([(path.name, path.read_bytes())], db)
    try:
        assert outcome.ok and outcome.nothing_new
        assert upload.files_table(outcome, "th")[i18n.t("note")].iloc[0].startswith("ข้าม")
    finally:
        upload.discard(staged)
    assert staged is None or not staged.folder.exists()

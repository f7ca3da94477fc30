"""The agency profile page (pages/agency.py, ?agency=ID) against SQL on the core tables of the sample
warehouse, its reads (egov/reads/agency_profile.py) within the province scope, and the profile links of the
agency lists."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from egov import assumptions, auth, filters, i18n, metrics
from egov.reads import agency_profile, savings
from tests.apptest_helpers import charts, ok, sql

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard.py")
AGENCY = "AG01889"  # Phetchaburi PAO: four services, tickets, feedback at four events


def profile(params: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    at.switch_page("pages/agency.py")
    return at.run()


@pytest.fixture(scope="module")
def sample(sample_db):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EGOV_DB", str(sample_db))
        mp.setenv("EGOV_AUTH", str(sample_db.parent / "no-auth.toml"))  # open mode
        yield sample_db


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_profile_shows_the_agency_as_the_core_tables_hold_it(sample):
    at = profile({"agency": AGENCY})
    ok(at)
    name, prov = sql(sample, "SELECT a.agency_name, p.name_th FROM agencies a JOIN provinces p USING (province_code) "
                             "WHERE agency_id = ?", [AGENCY])[0]
    assert [h.value for h in at.header] == [name]
    assert any(c.value.startswith(f"{AGENCY} · ") and f"จังหวัด{prov}" in c.value for c in at.caption)
    assert at.query_params["agency"] == AGENCY

    # services: every subscription with its start date and units, in the services' order
    subs = sql(sample, "SELECT s.service_code, s.start_date, s.units FROM subscriptions s JOIN services v "
                       "USING (service_code) WHERE agency_id = ? ORDER BY v.sort_order, s.start_date", [AGENCY])
    services = at.dataframe[0].value
    assert list(services["บริการ"]) == [{"GCLOUD": "G-Cloud", "MAILGOTHAI": "MailGoThai", "GOVMON": "GovMon"}.get(c, c)
                                         for c, _, _ in subs]
    assert [d.date() for d in services["วันที่เริ่มใช้"]] == [d for _, d, _ in subs]
    assert list(services["จำนวนหน่วยบริการ"]) == [u for _, _, u in subs]

    # idle months per service: adopted months that were not active, from the raw subscriptions and usage
    # (the threshold from the services reference), for the months of the data (from the first subscription
    # start or usage month to the latest usage month)
    idle = dict(sql(sample, """
        WITH b AS (SELECT least((SELECT min(date_trunc('month', start_date)) FROM subscriptions),
                              (SELECT min(month) FROM usage_monthly)) AS lo, (SELECT max(month) FROM usage_monthly) AS hi),
        m AS (SELECT CAST(g AS DATE) AS month, last_day(CAST(g AS DATE)) AS month_end
              FROM b, generate_series(b.lo, b.hi, INTERVAL 1 MONTH) AS t(g)),
        ad AS (SELECT m.month, s.service_code FROM subscriptions s JOIN m ON s.start_date <= m.month_end
               AND coalesce(s.end_date, DATE '9999-12-31') > m.month_end WHERE s.agency_id = ? GROUP BY ALL),
        pv AS (SELECT u.month, u.service_code, sum(u.value) AS v FROM usage_monthly u JOIN services s
               ON s.service_code = u.service_code AND u.metric = s.primary_metric WHERE u.agency_id = ? GROUP BY ALL)
        SELECT ad.service_code, count(*) FILTER (WHERE NOT coalesce(pv.v > s.active_threshold, false))
        FROM ad JOIN services s USING (service_code) LEFT JOIN pv USING (month, service_code) GROUP BY ALL""",
                    [AGENCY, AGENCY]))
    table = at.dataframe[1].value
    shown = dict(zip(table["บริการ"], table["เดือนที่ไม่ได้ใช้งาน"]))
    assert shown == {{"GCLOUD": "G-Cloud", "MAILGOTHAI": "MailGoThai", "GOVMON": "GovMon"}.get(c, c): n
                     for c, n in idle.items()}
    assert shown["GIN"] == 12  # the sample's idle GIN router

    # tickets, feedback, events attended
    n_tickets = sql(sample, "SELECT count(*) FROM tickets WHERE agency_id = ?", [AGENCY])[0][0]
    n_feedback = sql(sample, "SELECT count(*) FROM feedback WHERE agency_id = ?", [AGENCY])[0][0]
    n_events = sql(sample, "SELECT count(DISTINCT event_id) FROM feedback WHERE agency_id = ? AND event_id IS NOT "
                           "NULL", [AGENCY])[0][0]
    assert (n_tickets, n_feedback, n_events) == (14, 13, 4)
    assert metric(at, "เรื่องที่แจ้ง") == "14" and metric(at, "ความคิดเห็น") == "13"
    assert metric(at, "กิจกรรมที่เข้าร่วม") == "4"
    ticket_ids = [r[0] for r in sql(sample, "SELECT ticket_id FROM tickets WHERE agency_id = ? "
                                            "ORDER BY opened_at DESC, ticket_id", [AGENCY])]
    assert list(at.dataframe[3].value["เลขที่เรื่อง"]) == ticket_ids
    comments = sorted(c or "" for (c,) in sql(sample, "SELECT comment FROM feedback WHERE agency_id = ?", [AGENCY]))
    assert sorted(at.dataframe[4].value["ข้อเสนอแนะ"]) == comments
    assert sorted(at.dataframe[5].value["รหัสกิจกรรม"]) == sorted(
        r[0] for r in sql(sample, "SELECT DISTINCT event_id FROM feedback WHERE agency_id = ? AND event_id IS NOT "
                                  "NULL", [AGENCY]))


def test_savings_are_the_savings_formula_on_the_agencys_unit_months(sample):
    """Unit-months from the raw subscriptions (units in force at each month's end), priced with the savings
    formula under the warehouse's assumptions: what the page shows, to the baht."""
    at = profile({"agency": AGENCY})
    ok(at)
    um = sql(sample, """
        WITH b AS (SELECT least((SELECT min(date_trunc('month', start_date)) FROM subscriptions),
                              (SELECT min(month) FROM usage_monthly)) AS lo, (SELECT max(month) FROM usage_monthly) AS hi),
        m AS (SELECT CAST(g AS DATE) AS month, last_day(CAST(g AS DATE)) AS month_end
              FROM b, generate_series(b.lo, b.hi, INTERVAL 1 MONTH) AS t(g))
        SELECT s.service_code, sum(s.units) FROM subscriptions s JOIN m ON s.start_date <= m.month_end
               AND coalesce(s.end_date, DATE '9999-12-31') > m.month_end
        WHERE s.agency_id = ? GROUP BY ALL""", [AGENCY])
    assert dict(um) == {"GIN": 72, "GCLOUD": 210, "MAILGOTHAI": 7670, "GOVMON": 930}
    cost = pd.DataFrame(sql(sample, "SELECT service_code, cost_low_thb_per_unit_year, cost_mid_thb_per_unit_year, "
                                    "cost_high_thb_per_unit_year, staff_hours_saved_per_unit_year, "
                                    "staff_cost_thb_per_hour FROM cost_assumptions"),
                        columns=list(metrics.ASSUMPTION_COLUMNS))
    want = pd.DataFrame(um, columns=["service_code", "unit_months"]).merge(cost, on="service_code")
    want["savings_mid_thb"] = (want["unit_months"] * want["cost_mid_thb_per_unit_year"] / 12
                               + want["unit_months"] / 12 * want["staff_hours_saved_per_unit_year"]
                               * want["staff_cost_thb_per_hour"])
    table = at.dataframe[2].value
    assert dict(zip(table["บริการ"], table["หน่วย-เดือน"])) == {"GIN": 72, "G-Cloud": 210, "MailGoThai": 7670,
                                                               "GovMon": 930}
    assert table["กรณีกลาง (บาท)"].sum() == pytest.approx(want["savings_mid_thb"].round(0).sum())
    assert metric(at, "ประหยัดงบประมาณ (กรณีกลาง)") == i18n.fmt_baht(want["savings_mid_thb"].sum(), "th")


def test_usage_chart_draws_the_threshold_of_the_services_reference(sample):
    at = profile({"agency": AGENCY, "lang": "en"})
    ok(at)
    assert [h.value for h in at.subheader][:2] == ["Services subscribed", "Monthly usage against the active threshold"]
    spec = charts(at)[0]
    thresholds = dict(sql(sample, "SELECT service_code, active_threshold FROM services"))
    lines = [tr for tr in spec["data"] if tr.get("line", {}).get("dash") == "dash"]
    assert [tr["y"][0] for tr in lines] == [thresholds[c] for c in ("GIN", "GCLOUD", "MAILGOTHAI", "GOVMON")]
    idle_marks = [tr for tr in spec["data"] if tr.get("marker", {}).get("symbol") == "x"]
    assert len(idle_marks[0]["x"]) == 12  # GIN's idle months


def test_no_agency_lists_agencies_with_profile_links(sample):
    at = profile({"lang": "en", "prov": "76"})
    ok(at)
    ids = at.dataframe[0].value["Agency ID"]
    first = sql(sample, "SELECT agency_id FROM agencies WHERE province_code = '76' ORDER BY ministry_code, "
                        "agency_id LIMIT 1")[0][0]
    assert ids.iloc[0] == f"agency?lang=en&prov=76&agency={first}"


def test_underuse_action_list_links_each_agency_to_its_profile(sample):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = "en"
    at.switch_page("pages/underuse.py").run()
    ok(at)
    listing = next(df.value for df in at.dataframe if "Idle months" in df.value.columns)
    first = listing["Agency ID"].iloc[0]
    assert first.startswith("agency?lang=en&agency=AG"), first
    agency_id = first.rsplit("=", 1)[1]
    # the row is that agency's: its name beside it, from the core table
    assert listing["Agency"].iloc[0] == sql(sample, "SELECT agency_name FROM agencies WHERE agency_id = ?",
                                            [agency_id])[0][0]


def test_unknown_agency_says_so(sample):
    at = profile({"agency": "[x](http://e.vil) AG01889"})
    ok(at)
    assert [w.value for w in at.warning if w.value != i18n.t("app.sample", "th")] == [i18n.t("ap.not_found", "th")]
    assert not at.dataframe and not at.header and "e.vil" not in str([m.value for m in at.markdown])


# ---- the province scope ----------------------------------------------------------------------------

SCOPE = ("20",)


def _busiest(db: Path, where: str) -> str:
    return sql(db, f"SELECT a.agency_id FROM agencies a JOIN subscriptions s USING (agency_id) WHERE {where} "
                   "GROUP BY ALL ORDER BY count(*) DESC, a.agency_id LIMIT 1")[0][0]


def test_scoped_user_sees_nothing_of_another_provinces_agency(synthetic_db, tmp_path, monkeypatch):
    other = _busiest(synthetic_db, "a.province_code = '65'")
    name = sql(synthetic_db, "SELECT agency_name FROM agencies WHERE agency_id = ?", [other])[0][0]
    # the control: an administrator sees it
    at = profile({"agency": other})
    ok(at)
    assert [h.value for h in at.header] == [name]
    # a Chon Buri analyst, by the same link, with the province filter asking for it too
    cfg = tmp_path / "auth.toml"
    cfg.write_text('mode = "open"\n[open]\nrole = "analyst"\nprovinces = ["20"]\n', encoding="utf-8")
    monkeypatch.setenv("EGOV_AUTH", str(cfg))
    at = profile({"agency": other, "prov": "65"})
    ok(at)
    assert not at.header and not at.dataframe and not at.get("plotly_chart") and not at.metric
    assert any("อยู่นอกจังหวัดที่คุณมีสิทธิ์ดู" in w.value for w in at.warning)
    # and their own province's agency is there
    own = _busiest(synthetic_db, "a.province_code = '20'")
    at = profile({"agency": own})
    ok(at)
    assert [h.value for h in at.header] == [sql(synthetic_db, "SELECT agency_name FROM agencies WHERE agency_id = ?",
                                                [own])[0][0]]


def test_every_agency_read_keeps_to_the_scope(synthetic_db, monkeypatch):
    analyst = auth.User("somchai", "somchai", "analyst", frozenset(SCOPE), "proxy")
    monkeypatch.setattr(auth, "current_user", lambda: analyst)
    other = _busiest(synthetic_db, "a.province_code = '65'")
    own = _busiest(synthetic_db, "a.province_code = '20'")
    reads = [agency_profile.agency, agency_profile.agency_subscriptions, agency_profile.agency_usage,
             agency_profile.agency_unit_months, agency_profile.agency_tickets, agency_profile.agency_feedback,
             agency_profile.agency_events]
    for f in (filters.Filters(), filters.Filters(provinces=("65",)), filters.Filters(regions=("north",))):
        for read in reads:
            assert read(f, other).empty, (read.__name__, f)
    for read in reads:
        assert not read(filters.Filters(), own).empty, read.__name__
    assert agency_profile.agency_savings(filters.Filters(), other, savings.default_assumptions()).empty


def test_agency_savings_add_up_to_the_savings_mart(sample):
    """Summed over every agency, the per-agency unit-months are the mart's (one definition of units)."""
    total = sql(sample, "SELECT sum(unit_months) FROM mart_savings_monthly")[0][0]
    per_agency = sql(sample, "SELECT sum(units) FROM fct_agency_service_month")[0][0]
    assert total == per_agency
    assert assumptions  # the page prices with assumptions.current(): the session's or the warehouse's

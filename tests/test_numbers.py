"""Numbers that mislead (issue 13, item 4), on the real sample warehouse: a province's agencies are
agencies, not agency x service pairs; the all-services rate is named service coverage and defined on
its own; the satisfaction n says how many responses named no service."""

from __future__ import annotations

import duckdb
import pytest

from egov import definitions, i18n
from egov.display import adoption as adoption_tables
from egov.filters import Filters
from egov.reads import adoption, feedback


@pytest.fixture
def db(use_sample_db):
    con = duckdb.connect(str(use_sample_db), read_only=True)
    yield con
    con.close()


def test_ranking_counts_agencies_and_pairs_apart(db):
    agencies = dict(db.execute("SELECT province_code, count(*) FROM agencies GROUP BY ALL").fetchall())
    n_services = db.execute("SELECT count(*) FROM services").fetchone()[0]
    prov = adoption.province_measures(Filters())
    row = prov.set_index("province_code").loc["65"]  # Phitsanulok
    assert (int(row["agencies"]), int(row["eligible"])) == (agencies["65"], agencies["65"] * n_services)
    assert dict(zip(prov["province_code"], prov["agencies"])) == {p: n for p, n in agencies.items()
                                                                   if p in set(prov["province_code"])}
    table = adoption_tables.ranking_display(prov, "en", "adoption_rate", "region4")
    ph = table.set_index("Province").loc["Phitsanulok"]
    assert (ph["Agencies"], ph["Agency × service pairs"]) == (agencies["65"], agencies["65"] * n_services)
    assert "Eligible agencies" not in table.columns
    assert "Service coverage (%)" in table.columns and "Adoption rate (%)" not in table.columns
    # one service: the pairs are the agencies, and the rate is that service's adoption rate
    gin = adoption.province_measures(Filters(), "GIN").set_index("province_code").loc["65"]
    assert int(gin["agencies"]) == int(gin["eligible"]) == agencies["65"]
    one = adoption_tables.ranking_display(adoption.province_measures(Filters(), "GIN"), "th", "adoption_rate", "region4",
                                  pooled=False)
    assert "อัตราการใช้บริการ (%)" in one.columns and "ความครอบคลุมบริการ (%)" not in one.columns


def test_service_coverage_is_defined_on_its_own():
    entry = definitions.METRICS["coverage"]
    assert entry["th"].startswith("ความครอบคลุมบริการ คือ ") and entry["en"].startswith("Service coverage: ")
    assert entry["th"] != definitions.METRICS["adoption_rate"]["th"]
    assert i18n.t("m.coverage", "th") == "ความครอบคลุมบริการ" != i18n.t("m.adoption_rate", "th")
    assert adoption_tables.pooled_label("adoption_rate", True) == ("m.coverage", "coverage")
    assert adoption_tables.pooled_label("adoption_rate", False) == ("m.adoption_rate", "adoption_rate")


def test_satisfaction_counts_the_responses_naming_no_service(db):
    total, blank = db.execute("SELECT count(*), count(*) FILTER (WHERE service_code IS NULL) "
                              "FROM feedback").fetchone()
    sat = feedback.satisfaction_by_service(Filters())
    row = sat[sat["service_code"] == "ALL"].iloc[0]
    assert (int(row["n"]), int(row["no_service"])) == (total, blank)
    assert blank > 0 and int(sat[sat["service_code"] != "ALL"]["n"].sum()) == total - blank


def _overview(lang: str):
    import json

    from streamlit.testing.v1 import AppTest

    from tests.test_app import APP

    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    at.switch_page("pages/overview.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at, [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_overview_as_a_reader_sees_it_in_english(db):
    at, figs = _overview("en")
    cards = {code: next(m.value for m in at.markdown if f">{i18n.service_label(code)}</b>" in m.value)
             for code in ("GIN", "GCLOUD", "MAILGOTHAI", "GOVMON")}
    # each card says what the service is instead of repeating its name ("G-Cloud / G-Cloud")
    assert "Government cloud service" in cards["GCLOUD"] and "Government central e-mail service" in cards["MAILGOTHAI"]
    assert all(c.count(i18n.service_label(code)) == 1 for code, c in cards.items())
    total, blank = db.execute("SELECT count(*), count(*) FILTER (WHERE service_code IS NULL) FROM feedback").fetchone()
    assert f"From {total:,} responses ({blank:,} named no service)" in [c.value for c in at.caption]
    # the top and bottom provinces: one axis for both charts, named service coverage and defined under them
    bars = [f for f in figs if f["data"] and f["data"][0].get("type") == "bar" and f["data"][0].get("orientation") == "h"
            and f["layout"]["xaxis"].get("tickformat") == ".0%"][:2]
    assert len(bars) == 2 and bars[0]["layout"]["xaxis"]["range"] == bars[1]["layout"]["xaxis"]["range"]
    assert "**Top 5 provinces by service coverage**" in [m.value for m in at.markdown]
    assert definitions.METRICS["coverage"]["en"] in [c.value for c in at.caption]


def test_overview_in_thai_counts_the_responses_naming_no_service(db):
    at, _ = _overview("th")
    total, blank = db.execute("SELECT count(*), count(*) FILTER (WHERE service_code IS NULL) FROM feedback").fetchone()
    assert f"จากผู้ตอบแบบสอบถาม {total:,} คน ({blank:,} คนไม่ได้ระบุบริการ)" in [c.value for c in at.caption]
    assert any(">GIN</b>" in m.value and "เครือข่ายสื่อสารข้อมูลเชื่อมโยงหน่วยงานภาครัฐ" in m.value for m in at.markdown)


def test_provinces_page_names_the_pooled_measure_service_coverage(use_sample_db):
    from streamlit.testing.v1 import AppTest

    from tests.test_app import APP

    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("pages/provinces.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    measure = at.selectbox(key="pv_measure")
    assert measure.value == "adoption_rate" and measure.options[0] == "ความครอบคลุมบริการ"
    assert "แผนที่ ความครอบคลุมบริการ รายจังหวัด" in [h.value for h in at.subheader]
    assert definitions.METRICS["coverage"]["th"] in [c.value for c in at.caption]
    at.selectbox(key="pv_service").select("GIN").run()  # one service: its adoption rate
    assert at.selectbox(key="pv_measure").options[0] == "อัตราการใช้บริการ"
    assert "แผนที่ อัตราการใช้บริการ รายจังหวัด" in [h.value for h in at.subheader]

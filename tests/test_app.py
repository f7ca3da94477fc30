"""Page tests: every page renders with data and shows the warehouse's numbers, says so in words when a
filter matches nothing, switches language, and keeps its view in the URL.

Runs against the synthetic test warehouse (tests/conftest.py synthetic_db); expected numbers are computed straight
from that warehouse with SQL, independently of egov/reads/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from egov import app_style, i18n, shell
from etl.load import run
from tests.apptest_helpers import arr, charts, ok, sql

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard.py")
PAGES = ["pages/overview.py", "pages/provinces.py", "pages/ministries.py"]
EMPTY = {"prov": "65", "min": "MOPH", "lvl": "local"}  # no local MOPH agency in Phitsanulok


def app(params: dict | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    if page:
        at.switch_page(page)
    return at.run()


def metrics(at: AppTest) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in at.metric:
        out.setdefault(m.label, []).append(m.value)
    return out


def blocks(node):
    """Every block (container, column, row) under node."""
    for child in getattr(node, "children", {}).values():
        if type(child).__name__ == "Block" or hasattr(child, "children"):
            yield child
            yield from blocks(child)


def latest(db: Path):
    return sql(db, "SELECT max(month) FROM mart_adoption_monthly")[0][0]


# ---- every page ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_data(synthetic_db, page, lang):
    at = app({"lang": lang}, page)
    ok(at)
    assert at.title[0].value == i18n.t(f"page.{Path(page).stem}", lang)
    assert any(i18n.t("app.sample", lang) == w.value for w in at.warning)
    assert charts(at), "a page with data draws charts"
    # every table on the page can be downloaded as CSV and XLSX, with buttons that look like buttons
    assert len(at.download_button) == 2 * len(at.dataframe)
    assert {b.proto.type for b in at.download_button} == {"secondary"}
    # each pair in its own row, which app_style.STYLE makes compact
    rows = [b for b in blocks(at.main) if b.type == "flex_container" and f"-{app_style.DOWNLOAD_ROW}_" in b.proto.id]
    assert len(rows) == len(at.dataframe)
    assert all(len([c for c in r.children.values() if c.type == "download_button"]) == 2 for r in rows)
    assert f'[class*="st-key-{app_style.DOWNLOAD_ROW}_"]' in app_style.STYLE and "min-height" in app_style.STYLE


@pytest.mark.parametrize("page", PAGES)
def test_filter_matching_nothing_says_so(synthetic_db, page):
    at = app(EMPTY, page)
    ok(at)
    assert [i.value for i in at.info] == [i18n.t("empty.filter", "th")]
    assert not at.metric and not charts(at) and not at.dataframe


def test_missing_warehouse_is_a_message(synthetic_db, tmp_path, monkeypatch):
    monkeypatch.setenv("EGOV_DB", str(tmp_path / "none.duckdb"))
    at = app()
    assert not at.exception
    assert "none.duckdb" in at.error[0].value


def test_sample_banner_only_for_sample_data(synthetic_db, synthetic_files, tmp_path, monkeypatch):
    real = tmp_path / "real.duckdb"
    run([synthetic_files], real)  # the same files, not loaded as sample data
    monkeypatch.setenv("EGOV_DB", str(real))
    at = app()
    ok(at)
    assert not any(i18n.t("app.sample", "th") == w.value for w in at.warning)


# ---- overview --------------------------------------------------------------------------------------

def test_overview_numbers(synthetic_db):
    at = app()
    ok(at)
    m = metrics(at)
    month = latest(synthetic_db)
    rows = sql(synthetic_db, """SELECT m.service_code, sum(adopted), sum(eligible), sum(active)
                           FROM mart_adoption_monthly m JOIN services s USING (service_code)
                           WHERE month = ? GROUP BY m.service_code, s.sort_order ORDER BY s.sort_order""", [month])
    assert m[i18n.t("m.adopted")] == [f"{a:,}" for _, a, _, _ in rows]
    assert m[i18n.t("m.adoption_rate")] == [f"{a / e * 100:.1f}%" for _, a, e, _ in rows]
    captions = [c.value for c in at.caption]
    for _, _, e, x in rows:  # the active rate, under each service's card
        assert any(i18n.t("ov.active", "th", rate=f"{x / e * 100:.1f}%") in c for c in captions)
    # change over 12 months, in agencies
    prev = sql(synthetic_db, """SELECT m.service_code, sum(adopted) FROM mart_adoption_monthly m
                           JOIN services s USING (service_code) WHERE month = ? - INTERVAL 12 MONTH
                           GROUP BY m.service_code, s.sort_order ORDER BY s.sort_order""", [month])
    deltas = [mt.delta for mt in at.metric if mt.label == i18n.t("m.adopted")]
    assert deltas == [f"{a - p:+,}" if a != p else "0" for (_, a, _, _), (_, p) in zip(rows, prev)]

    low, mid, high = sql(synthetic_db, "SELECT sum(savings_low_thb), sum(savings_mid_thb), sum(savings_high_thb) "
                                  "FROM mart_savings_monthly")[0]
    assert m[i18n.t("m.savings_mid")] == [i18n.fmt_baht(mid, "th")]
    assert any(i18n.fmt_baht(low, "th") in c.value and i18n.fmt_baht(high, "th") in c.value for c in at.caption)

    n, mean, share, blank = sql(synthetic_db, "SELECT count(*), avg(satisfaction), avg((satisfaction >= 4)::INT), "
                                         "count(*) FILTER (WHERE service_code IS NULL) FROM feedback")[0]
    assert m[i18n.t("m.satisfaction")] == [f"{mean:.2f} / 5"]
    assert m[i18n.t("m.satisfied_share")] == [f"{share * 100:.1f}%"]
    assert i18n.t("ov.responses", "th", n=f"{n:,}", blank=f"{blank:,}") in [c.value for c in at.caption]

    trend = charts(at)[0]
    lines = [d for d in trend["data"] if d.get("mode", "").startswith("lines")]  # markers: clickable points
    assert [d["name"] for d in lines] == ["GIN", "G-Cloud", "MailGoThai", "GovMon"]
    colours = dict(sql(synthetic_db, "SELECT service_code, colour FROM services"))
    assert [d["line"]["color"] for d in lines] == [colours[c] for c in ("GIN", "GCLOUD", "MAILGOTHAI", "GOVMON")]
    # events are marked; Thai ticks are in the Buddhist Era
    n_event_months = sql(synthetic_db, "SELECT count(DISTINCT date_trunc('month', event_date)) FROM events "
                                  "WHERE event_type = 'roadshow'")[0][0]
    markers = [d for d in trend["data"] if d.get("mode") == "markers"]
    assert len(arr(markers[0]["x"])) == n_event_months
    assert all(label.split()[-1].startswith("25") for label in trend["layout"]["xaxis"]["ticktext"])

    # top and bottom 5 provinces by adoption rate
    ranked = sql(synthetic_db, """SELECT p.name_th, sum(adopted) / sum(eligible) AS r FROM mart_adoption_monthly m
                             JOIN provinces p USING (province_code) WHERE month = ?
                             GROUP BY p.name_th, p.name_en ORDER BY r DESC, p.name_en""", [month])
    top = next(c for c in charts(at) if c["data"][0].get("orientation") == "h")
    assert arr(top["data"][0]["y"]) == [r[0] for r in ranked[:5]]


def test_overview_filtered_by_province_and_service(synthetic_db):
    at = app({"prov": "65,64", "svc": "GIN"})
    ok(at)
    month = latest(synthetic_db)
    a, e = sql(synthetic_db, """SELECT sum(adopted), sum(eligible) FROM mart_adoption_monthly WHERE month = ?
                           AND province_code IN ('64', '65') AND service_code = 'GIN'""", [month])[0]
    m = metrics(at)
    assert m[i18n.t("m.adopted")] == [f"{a:,}"]
    assert m[i18n.t("m.adoption_rate")] == [f"{a / e * 100:.1f}%"]


def test_zero_change_is_neutral(synthetic_db):
    """A change that is zero shows grey with no arrow ('0', '0.0 จุด'), never a green up arrow ('↑ +0');
    a real change keeps its coloured arrow."""
    from streamlit.proto.Metric_pb2 import Metric as MetricProto

    month = latest(synthetic_db)
    prov, svc = sql(synthetic_db, """SELECT province_code, service_code FROM mart_adoption_monthly GROUP BY ALL
                                HAVING sum(adopted) FILTER (WHERE month = ?)
                                     = sum(adopted) FILTER (WHERE month = ? - INTERVAL 12 MONTH)
                                   AND sum(eligible) FILTER (WHERE month = ?)
                                     = sum(eligible) FILTER (WHERE month = ? - INTERVAL 12 MONTH)
                                ORDER BY 1, 2 LIMIT 1""", [month] * 4)[0]
    at = app({"prov": prov, "svc": svc})
    ok(at)
    changes = {mt.label: mt for mt in at.metric if mt.label in (i18n.t("m.adopted"), i18n.t("m.adoption_rate"))}
    assert changes[i18n.t("m.adopted")].delta == "0"
    assert changes[i18n.t("m.adoption_rate")].delta == i18n.t("pp", "th", value="0.0")
    for mt in changes.values():
        assert mt.proto.direction == MetricProto.MetricDirection.NONE
        assert mt.proto.color == MetricProto.MetricColor.GRAY

    # what rounds to zero is zero, whatever its sign; a missing change shows no delta at all

    assert shell.delta(-0.0004, "th", "pp") == {"delta": "0.0 จุด", "delta_color": "off", "delta_arrow": "off"}
    assert shell.delta(0.4, "en") == {"delta": "0", "delta_color": "off", "delta_arrow": "off"}
    assert shell.delta(-0.012, "en", "pp") == {"delta": "-1.2 pp"}
    assert shell.delta(float("nan"), "th") == shell.delta(None, "th") == {"delta": None}

    at = app({"svc": "GIN"})  # the nation grew: a green up arrow
    ok(at)
    grew = next(mt for mt in at.metric if mt.label == i18n.t("m.adopted"))
    assert grew.delta.startswith("+")
    assert grew.proto.direction == MetricProto.MetricDirection.UP
    assert grew.proto.color == MetricProto.MetricColor.GREEN


def test_too_few_responses_is_said(synthetic_db):
    code, n = sql(synthetic_db, "SELECT province_code, count(*) FROM feedback GROUP BY 1 HAVING count(*) < 10 "
                           "ORDER BY 1 LIMIT 1")[0]
    at = app({"prov": code})
    ok(at)
    assert any(w.value == i18n.t("too_few", "th", n=n) for w in at.warning)


# ---- provinces ---------------------------------------------------------------------------------------

def test_province_profile(synthetic_db):
    at = app({"p": "65"}, "pages/provinces.py")
    ok(at)
    month = latest(synthetic_db)
    m = metrics(at)
    (n_agencies,) = sql(synthetic_db, "SELECT count(*) FROM agencies WHERE province_code = '65'")[0]
    a, e = sql(synthetic_db, "SELECT sum(adopted), sum(eligible) FROM mart_adoption_monthly "
                        "WHERE month = ? AND province_code = '65'", [month])[0]
    assert m[i18n.t("n_agencies")] == [str(n_agencies)]
    assert m[i18n.t("pv.services_adopted")] == [f"{a} / {e}"]
    # all services pooled: agency x service pairs, named service coverage (not one service's adoption rate)
    assert m[i18n.t("m.coverage")] == [f"{a / e * 100:.1f}%"] and i18n.t("m.adoption_rate") not in m
    assert at.selectbox(key="pv_province").value == "65"

    specs = charts(at)
    maps = [s for s in specs if s["data"] and s["data"][0]["type"] == "choroplethmap"]
    assert maps, "the map is drawn"
    layout = maps[0]["layout"]["map"]
    assert layout["style"] == "white-bg"  # no tiles: nothing fetched
    located = set().union(*(set(arr(d["locations"])) for d in maps[0]["data"]))
    assert len(located) == 77
    # the comparison: province, region (4-region system), nation, per service
    comp = next(s for s in specs if s["data"][0]["type"] == "bar" and len(s["data"]) == 4)
    region = sql(synthetic_db, "SELECT region4 FROM provinces WHERE province_code = '65'")[0][0]
    gin = sql(synthetic_db, """SELECT sum(adopted) FILTER (WHERE province_code = '65') / sum(eligible)
                              FILTER (WHERE province_code = '65'),
                          sum(adopted) FILTER (WHERE province_code IN (SELECT province_code FROM provinces
                              WHERE region4 = ?)) / sum(eligible) FILTER (WHERE province_code IN
                              (SELECT province_code FROM provinces WHERE region4 = ?)),
                          sum(adopted) / sum(eligible)
                          FROM mart_adoption_monthly WHERE month = ? AND service_code = 'GIN'""",
              [region, region, month])[0]
    assert arr(comp["data"][0]["y"]) == pytest.approx(list(gin))
    # the agencies of the province with their statuses, downloadable
    table = at.dataframe[-1].value
    assert len(table) == n_agencies


def test_province_hint_is_shown_once_and_points_up(synthetic_db):
    """The map's hint: one caption under the map, naming the chooser above it (it sits above the map)."""
    for lang in ("th", "en"):
        at = app({"lang": lang}, "pages/provinces.py")
        ok(at)
        hint = i18n.t("pv.map_hint", lang, choose=i18n.t("pv.choose", lang))
        texts = [c.value for c in at.caption] + [i.value for i in at.info]
        assert texts.count(hint) == 1 and hint in [c.value for c in at.caption]
        assert i18n.t("pv.choose", lang) in hint
        assert not any(w in x for x in texts for w in ("ด้านล่าง", "below"))
    at = app({"p": "65"}, "pages/provinces.py")  # with a province chosen: still once
    ok(at)
    assert [c.value for c in at.caption].count(i18n.t("pv.map_hint", choose=i18n.t("pv.choose"))) == 1


def test_province_ranking_table(synthetic_db):
    at = app({"measure": "events"}, "pages/provinces.py")
    ok(at)
    table = at.dataframe[0].value
    events = dict(sql(synthetic_db, "SELECT p.name_th, count(DISTINCT event_id) FROM events JOIN provinces p "
                               "USING (province_code) GROUP BY 1"))
    col = i18n.t("m.events", "th")
    assert len(table) == 77
    assert table[col].iloc[0] == max(events.values())
    assert dict(zip(table[i18n.t("province", "th")], table[col])) == {
        **{n: 0 for n in table[i18n.t("province", "th")]}, **events}


# ---- ministries --------------------------------------------------------------------------------------

def test_ministry_heatmap_and_drill_down(synthetic_db):
    at = app({"ministry": "MOF", "dept": "กรมบัญชีกลาง"}, "pages/ministries.py")
    ok(at)
    month = latest(synthetic_db)
    heat = charts(at)[0]["data"][0]
    rows = heat["y"]
    ministries = [r[0] for r in sql(synthetic_db, """SELECT mi.name_th FROM mart_adoption_monthly m
                  JOIN ministries mi USING (ministry_code) WHERE month = ? GROUP BY mi.name_th, mi.sort_order
                  HAVING sum(eligible) > 0 ORDER BY mi.sort_order""", [month])]
    assert rows == ministries
    a, e = sql(synthetic_db, "SELECT sum(adopted), sum(eligible) FROM mart_adoption_monthly WHERE month = ? "
                        "AND ministry_code = 'MOF' AND service_code = 'GIN'", [month])[0]
    assert heat["z"][rows.index("กระทรวงการคลัง")][heat["x"].index("GIN")] == pytest.approx(a / e)
    # drill: the agencies of one department, with one status column per service, 50 to a page
    table = at.dataframe[-1].value
    ids = [r[0] for r in sql(synthetic_db, "SELECT agency_id FROM agencies WHERE ministry_code = 'MOF' "
                                      "AND department = 'กรมบัญชีกลาง' ORDER BY province_code, agency_id")]
    page = ids[:50]
    links = list(table[i18n.t("agency_id")])  # each id a link to the agency's profile
    assert all(v.startswith("agency?") for v in links) and [v.rsplit("agency=", 1)[1] for v in links] == page
    assert f"แสดง 1–{len(page)} จาก {len(ids)} หน่วยงาน" in [c.value for c in at.caption]
    active = sql(synthetic_db, """SELECT count(*) FROM fct_agency_service_month f JOIN agencies a USING (agency_id)
                             WHERE f.month = ? AND a.ministry_code = 'MOF' AND a.department = 'กรมบัญชีกลาง'
                             AND f.service_code = 'GIN' AND f.active AND NOT f.underused
                             AND list_contains(?, a.agency_id)""", [month, page])[0][0]
    assert (table["GIN"] == i18n.t("status.active", "th")).sum() == active


# ---- language and links ----------------------------------------------------------------------------

def test_language_switch_changes_labels(synthetic_db):
    at = app()
    ok(at)
    assert at.title[0].value == "ภาพรวม"
    at.segmented_control(key="lang").set_value("en").run()
    ok(at)
    assert at.title[0].value == "Overview"
    assert i18n.t("m.adoption_rate", "en") in metrics(at)
    assert at.query_params["lang"] == ["en"] or at.query_params["lang"] == "en"
    assert any("Dec 2014" in c.value for c in at.caption)


def test_query_params_round_trip(synthetic_db):
    params = {"lang": "en", "rs": "region6", "reg": "central", "min": "MOI,MOPH", "svc": "GIN,GCLOUD",
              "lvl": "provincial", "from": "2013-01", "to": "2014-06"}
    at = app(params)
    ok(at)
    assert at.segmented_control(key="f_rs").value == "region6"
    assert at.multiselect(key="f_reg").value == ["central"]
    assert at.multiselect(key="f_min").value == ["MOI", "MOPH"]
    assert at.multiselect(key="f_svc").value == ["GIN", "GCLOUD"]
    assert at.multiselect(key="f_lvl").value == ["provincial"]
    start, end = at.select_slider(key="f_period").value
    assert (start.isoformat(), end.isoformat()) == ("2013-01-01", "2014-06-01")
    written = {k: at.query_params[k] for k in params}
    assert {k: v if isinstance(v, str) else ",".join(v) for k, v in written.items()} == params
    assert any("Jun 2014" in c.value for c in at.caption)  # the as-of month follows the period
    # a change goes back to the URL, a cleared filter leaves it
    at.multiselect(key="f_svc").unselect("GCLOUD").run()
    at.multiselect(key="f_min").set_value([]).run()
    ok(at)
    assert at.query_params["svc"] in ("GIN", ["GIN"])
    assert "min" not in at.query_params


def test_period_preset_round_trip(synthetic_db):
    """?per= names a period of egov.fiscal: the slider shows its months, the URL keeps it and not from/to;
    an unknown one is ignored. (Chosen by hand in tests/browser/test_sidebar.py.)"""
    import datetime as dt

    from egov import fiscal

    months = [r[0] for r in sql(synthetic_db, "SELECT DISTINCT month FROM mart_adoption_monthly ORDER BY 1")]
    at = app({"per": "fy2014", "svc": "GIN"})
    ok(at)
    assert at.selectbox(key="f_preset").value == "fy2014"
    assert at.select_slider(key="f_period").value == fiscal.resolve("fy2014", months)
    assert at.select_slider(key="f_period").value[0] == dt.date(2013, 10, 1)
    assert at.query_params["per"] in ("fy2014", ["fy2014"]) and "from" not in at.query_params
    at.multiselect(key="f_svc").set_value([]).run()  # another control: the preset stays
    ok(at)
    assert at.query_params["per"] in ("fy2014", ["fy2014"]) and "svc" not in at.query_params

    at = app({"per": "fy1999"})
    ok(at)
    assert at.selectbox(key="f_preset").value == "all" and "per" not in at.query_params
    assert at.select_slider(key="f_period").value == (months[0], months[-1])


def test_invalid_query_params_are_ignored(synthetic_db):
    at = app({"prov": "65,99,'; DROP TABLE agencies; --", "rs": "bogus", "from": "2999-01", "lang": "xx"})
    ok(at)
    assert at.multiselect(key="f_prov").value == ["65"]
    assert at.segmented_control(key="f_rs").value == "region4"
    assert at.title[0].value == "ภาพรวม"
    assert sql(synthetic_db, "SELECT count(*) FROM agencies")[0][0] > 0


def test_filters_kept_across_pages(synthetic_db):
    at = app({"prov": "65"})
    ok(at)
    at.switch_page("pages/ministries.py").run()
    ok(at)
    assert at.multiselect(key="f_prov").value == ["65"]
    assert at.query_params["prov"] in ("65", ["65"])
    (n,) = sql(synthetic_db, "SELECT count(*) FROM agencies WHERE province_code = '65'")[0]
    heat = charts(at)[0]["data"][0]
    assert sum(int(t.split("/")[1].rstrip(")")) for t in [row[0] for row in heat["text"]]) == n


def test_page_choice_survives_a_visit_elsewhere_and_every_run_has_the_sidebar(synthetic_db):
    at = app(page="pages/provinces.py")
    at.selectbox(key="pv_province").set_value("50").run()  # a widget run, not only a first run
    ok(at)
    assert at.query_params["p"] in ("50", ["50"]) and at.sidebar.multiselect
    at.switch_page("pages/ministries.py").run()
    ok(at)
    assert "p" not in at.query_params and at.sidebar.multiselect
    at.switch_page("pages/provinces.py").run()
    ok(at)
    assert at.selectbox(key="pv_province").value == "50"
    assert at.query_params["p"] in ("50", ["50"])


def test_page_parameters_are_dropped_on_another_page(synthetic_db):
    at = app({"p": "65"}, "pages/provinces.py")
    ok(at)
    assert at.query_params["p"] in ("65", ["65"])
    at.switch_page("pages/ministries.py").run()
    ok(at)
    assert "p" not in at.query_params


def test_definitions_exist_for_every_help_text():
    from egov.definitions import METRICS

    from egov.display.adoption import MEASURES

    used = {m[3] for m in MEASURES.values() if m[3]}
    for path in (ROOT / "pages").glob("*.py"):
        used |= set(re.findall(r'\bd\("([a-z_]+)"', path.read_text(encoding="utf-8")))
    assert used and used <= set(METRICS), used - set(METRICS)


def test_no_external_references_in_app_code():
    """Nothing the dashboard ships points at the internet (CDNs, tiles, web fonts, Google icons)."""
    mine = ["db", "read_cache", "filters", "shell", "i18n", "export", "app_style", "signin"]
    for path in [ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "egov" / f"{m}.py" for m in mine),
                 *(ROOT / "egov" / "reads").glob("*.py"), *(ROOT / "egov" / "display").glob("*.py"),
                 *(ROOT / "egov" / "charts").glob("*.py"), *(ROOT / "egov" / "labels").glob("*.py"),
                 ROOT / ".streamlit" / "config.toml"]:
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text, path
        assert not re.search(r"[\"']:material/", text), path
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    assert "gatherUsageStats = false" in config and 'serverAddress = "localhost"' in config


"""bench/page_snapshot.py, the before/after record of every page: one page under one filter on the sample
warehouse records the page's metrics, tables and downloads as the warehouse holds them, and a change
shows in the diff as page, language, filter, element: before -> after."""

from __future__ import annotations

import copy
import json

import pytest

from bench import page_snapshot as ps
from tests.apptest_helpers import sql

SERVICES = ["GIN", "G-Cloud", "MailGoThai", "GovMon"]


@pytest.fixture(scope="module")
def snap(sample_db):
    return ps.snapshot(sample_db, variants=["overview"], langs=["en"], filters=["province"])


def test_page_list_is_dashboards(snap):
    pages = ps.page_list()
    assert pages["overview"] == "pages/overview.py" and pages["briefing"] == "pages/briefing.py"
    assert {slug for slug, _ in ps.VARIANTS.values()} == set(pages)  # every page is snapshotted


def test_records_the_pages_metrics_and_tables(snap, sample_db):
    (key,) = snap["runs"]
    assert key == "overview|en|province"
    run = snap["runs"][key]
    assert run["url"] == {"lang": "en", "prov": "65"}
    assert {e["type"] for e in run["main"]} >= {"title", "metric", "dataframe", "plotly_chart", "caption"}
    assert not [e for e in run["main"] if e["type"] in ("exception", "error")]

    # the adoption cards: Phitsanulok's adopted agencies and rate at the latest month, with the 12-month change
    month = sql(sample_db, "SELECT max(month) FROM mart_adoption_monthly")[0][0]
    rows = sql(sample_db, """SELECT m.month, sum(adopted), sum(eligible) FROM mart_adoption_monthly m
                             JOIN services s USING (service_code) WHERE province_code = '65'
                             AND month IN (?, ? - INTERVAL 12 MONTH)
                             GROUP BY s.sort_order, m.service_code, m.month
                             ORDER BY s.sort_order, m.service_code, m.month""", [month, month])
    prev, now = rows[0::2], rows[1::2]
    metrics = [e for e in run["main"] if e["type"] == "metric"]
    adopted = [m for m in metrics if m["label"] == "Agencies adopted"]
    rate = [m for m in metrics if m["label"] == "Adoption rate"]
    assert [m["value"] for m in adopted] == [f"{a:,}" for _, a, _ in now]
    assert [m["delta"] for m in adopted] == [f"{a - p:+,}" if a != p else "0"
                                             for (_, a, _), (_, p, _) in zip(now, prev)]
    assert [m["value"] for m in rate] == [f"{a / e * 100:.1f}%" for _, a, e in now]

    # the summary table: every service, with its adopted count, cell by cell
    (table,) = [e for e in run["main"] if e["type"] == "dataframe" and "Adoption rate (%)" in e["columns"]]
    assert table["at"] == "/expander:Summary by service (table)"
    assert [r[0] for r in table["rows"]] == SERVICES
    adopted_col = table["columns"].index("Agencies adopted")
    assert [r[adopted_col] for r in table["rows"]] == [a for _, a, _ in now]

    # its downloads: named with the period, the CSV one line per service under a header, hashed
    csv = [d for d in run["downloads"]
           if d["file_name"].startswith("adoption_by_service_") and d["file_name"].endswith(".csv")]
    assert len(csv) == 1 and csv[0]["lines"] == len(SERVICES) + 1 and len(csv[0]["sha256"]) == 64
    assert csv[0]["header"].split(",")[0] == table["columns"][0]

    # the sidebar holds the link's province
    (prov,) = [e for e in run["sidebar"] if e.get("label") == "Provinces"]
    assert prov["value"] == ["65"]


def test_the_warehouse_path_is_normalised(sample_db, snap):
    text = ps.dump(snap)
    assert str(sample_db) not in text and str(ps.ROOT) not in text
    assert json.loads(text) == snap and ps.dump(json.loads(text)) == text  # sorted keys: the same bytes again


def test_diff_names_page_language_filter_and_element(snap):
    assert ps.diff(snap, snap) == []
    after = copy.deepcopy(snap)
    run = after["runs"]["overview|en|province"]
    (i, m) = next((i, e) for i, e in enumerate(run["main"]) if e["type"] == "metric")
    run["main"][i] = {**m, "value": "99.9%"}
    table = next(e for e in run["main"] if e["type"] == "dataframe")
    cell, table["rows"][0][0] = table["rows"][0][0], "changed"
    lines = ps.diff(snap, after)
    assert lines[0] == "overview [en] filter=province:"
    assert f"  main #{i} metric {m['label']!r}:" in lines
    assert f"      value: {json.dumps(m['value'])} -> \"99.9%\"" in lines
    assert f"      row 0, {table['columns'][0]}: {json.dumps(cell)} -> \"changed\"" in lines


def test_load_times_are_fixed_on_a_copy(sample_db):
    """A warehouse loaded again shows other load times: the snapshot shows a copy with fixed ones."""
    before = sql(sample_db, "SELECT load_id, started_at, finished_at FROM etl_loads ORDER BY load_id")
    snap = ps.snapshot(sample_db, variants=["data"], langs=["en"], filters=["none"])
    run = snap["runs"]["data|en|none"]
    last = len(before) - 1  # minutes after LOADS_FROM
    assert {"at": "/tab:Load history", "type": "caption",
            "value": f"Last load: 16 Jan 2017 09:{last:02d}"} in run["main"]
    assert sql(sample_db, "SELECT load_id, started_at, finished_at FROM etl_loads ORDER BY load_id") == before


def test_cli_diff_exits_1_on_a_difference(snap, tmp_path, capsys):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(ps.dump(snap), encoding="utf-8")
    b.write_text(ps.dump(snap), encoding="utf-8")
    assert ps.main(["--diff", str(a), str(b)]) == 0
    assert capsys.readouterr().out == "no difference (1 runs)\n"
    changed = copy.deepcopy(snap)
    changed["runs"]["overview|en|province"]["url"]["prov"] = "64"
    b.write_text(ps.dump(changed), encoding="utf-8")
    assert ps.main(["--diff", str(a), str(b)]) == 1
    assert capsys.readouterr().out.splitlines()[-3:] == [
        "overview [en] filter=province:",
        '  url: {"lang": "en", "prov": "65"} -> {"lang": "en", "prov": "64"}',
        "1 of 1 runs differ: overview (1)"]

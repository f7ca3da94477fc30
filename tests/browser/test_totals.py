"""The totals of the metric tiles, as a person reads them: the Roadshows page's attendance under a fiscal
year chosen in the sidebar, and the Data page's load history, against SQL on the sample warehouse (both
are reads of egov/reads/: roadshows.event_totals, loads.etl_load_totals)."""

from __future__ import annotations

import duckdb
import pytest

from egov import i18n

from .conftest import goto_page, open_app, screenshot
from .test_flows import metrics, pick, query

pytestmark = pytest.mark.browser


def sql(db, q: str, params=None):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(q, params or []).fetchall()
    finally:
        con.close()


def test_roadshow_and_load_totals_as_shown(page, server, sample_db, artifacts):
    open_app(page, server.url)
    goto_page(page, "โรดโชว์")
    pick(page, "เลือกช่วงเวลา", "ปีงบประมาณ พ.ศ. 2557")  # 1 October 2013 to 30 September 2014
    assert query(page.url).get("per") == ["fy2014"], page.url
    events, visits, attendees, agencies = sql(
        sample_db, "SELECT count(DISTINCT event_id), count(*), sum(attendees), sum(agencies_attended) FROM events "
                   "WHERE event_date >= '2013-10-01' AND event_date < '2014-10-01'")[0]
    assert events > 0
    shown = metrics(page)[:4]
    screenshot(page, "totals_roadshows", artifacts)
    assert shown == [i18n.fmt_int(v) for v in (events, visits, attendees, agencies)]

    goto_page(page, "ข้อมูล")
    page.get_by_role("tab", name="ประวัติการนำเข้า").click()
    loads, files, loaded, rejected = sql(
        sample_db, "SELECT count(*), count(DISTINCT file), sum(rows_loaded), sum(rows_rejected) FROM etl_loads")[0]
    assert loads > 0
    shown = [v for v in metrics(page) if v.strip()][:4]
    screenshot(page, "totals_data", artifacts)
    assert shown == [i18n.fmt_int(v) for v in (loads, files, loaded, rejected)]

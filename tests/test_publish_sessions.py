"""Dashboard sessions held open while a load publishes a new warehouse: no session errors at any moment,
and each session shows the new figures on its next interaction (egov.db keys its connection and every
cached query on the warehouse file's identity, which the publish's rename changes)."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from egov import i18n
from etl.load import run
from tests.apptest_helpers import ok, sql

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard.py")
PAGES = ["pages/overview.py", "pages/data.py"] * 2  # four sessions
NEW = 40  # responses in the published load, all "least satisfied"


def session(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page(page)
    return at.run()


def metric(at: AppTest, key: str) -> str:
    return next(m.value for m in at.metric if m.label == i18n.t(key))


def figures(at: AppTest) -> tuple[str, ...]:
    """The figures a session shows that the load changes."""
    if any(m.label == i18n.t("dt.m_loads") for m in at.metric):
        return metric(at, "dt.m_loads"), metric(at, "dt.m_rows_loaded")
    return metric(at, "m.satisfaction"), metric(at, "m.satisfied_share")


@pytest.mark.slow
def test_sessions_held_while_a_load_publishes(tmp_path, sample_db, monkeypatch):
    db = tmp_path / "adoption.duckdb"
    shutil.copyfile(sample_db, db)
    monkeypatch.setenv("EGOV_DB", str(db))
    sessions = [session(page) for page in PAGES]
    for at in sessions:
        ok(at)
    before = [figures(at) for at in sessions]
    loads, rows_loaded = sql(db, "SELECT count(*), sum(rows_loaded) FROM etl_loads")[0]
    assert before[1] == (i18n.fmt_int(loads), i18n.fmt_int(rows_loaded))

    # New responses in the latest month of the data, in a province and service the sample has.
    month, province = sql(db, "SELECT max(response_date), any_value(province_code) FROM feedback "
                              "WHERE response_date = (SELECT max(response_date) FROM feedback)")[0]
    new = tmp_path / "feedback_new.csv"
    new.write_text("response_id,date,province,service,satisfaction\n" + "".join(
        f"NEW-{i},{month.isoformat()},{province},GIN,1\n" for i in range(NEW)), encoding="utf-8")

    published, failed = [], []

    def load():
        try:
            published.append(run([new], db))
        except BaseException as e:  # noqa: BLE001 - reported below, in the test's thread
            failed.append(e)

    loader = threading.Thread(target=load)
    loader.start()
    during = 0
    while loader.is_alive():  # every session interacts again and again while the load builds and publishes
        for at in sessions:
            at.run()
            ok(at)
            during += 1
    loader.join()
    assert not failed and published[0].published

    after = []
    for at in sessions:  # the next interaction: a rerun, as a click or a widget change would make
        at.run()
        ok(at)
        after.append(figures(at))
    fresh = {page: figures(session(page)) for page in set(PAGES)}
    assert after == [fresh[page] for page in PAGES]  # what a session opened now sees
    assert after[1] == (i18n.fmt_int(loads + 1), i18n.fmt_int(rows_loaded + NEW))
    assert after[0] != before[0]  # the new responses moved the satisfaction figures
    print(f"\nsessions held during a publish: {len(sessions)}, interactions while the load ran: {during}, "
          "session errors: 0")

"""A drill-down's agency list one page at a time (egov/paging.py, agencies.agency_status with needle /
limit / offset, agencies.agency_count_matching): pages equal slices of the unpaged list, the caption says
which rows of how many, the search narrows literally (Thai text, SQL metacharacters as plain characters),
the page follows searches and filters, and the province scope still holds, in the downloads too.

Runs on the sample warehouse (tests/conftest.py); expected rows are read straight from the warehouse
file with SQL, independently of egov/reads/.
"""

from __future__ import annotations

import threading
from urllib.parse import parse_qs, urlparse
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from egov import auth, i18n, paging, read_cache
from egov.filters import Filters
from egov.reads import agencies
from egov.safe_text import md
from tests.apptest_helpers import ok, sql

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard.py")
MINISTRY = "MOI"  # 626 agencies in the small sample: 13 pages
SIZE = paging.PAGE_SIZE


@pytest.fixture(scope="module")
def db(sample_db):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EGOV_DB", str(sample_db))
        mp.setenv("EGOV_AUTH", str(sample_db.parent / "no-auth.toml"))  # open mode unless a test says otherwise
        yield sample_db


def ids(db: Path, where: str = "TRUE", params=None) -> list[str]:
    """The MOI agencies in the list's order (province, ministry, id), straight from the warehouse."""
    return [r[0] for r in sql(db, f"SELECT agency_id FROM agencies WHERE ministry_code = ? AND {where} "
                                  "ORDER BY province_code, ministry_code, agency_id", [MINISTRY] + (params or []))]


def app(params: dict | None = None, page: str = "pages/ministries.py") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.switch_page(page)
    return at.run()


def table_ids(at: AppTest) -> list[str]:
    """The agency ids of the list on screen: as they are, or read out of their profile links
    (agency?...&agency=ID, the drill-downs' lists)."""
    df = at.dataframe[-1].value
    assert df.columns[0] in (i18n.t("agency_id", "th"), i18n.t("agency_id", "en"))
    cells = list(df.iloc[:, 0])
    if not any(str(v).startswith(paging.PROFILE + "?") for v in cells):
        return cells
    links = [urlparse(v) for v in cells]
    assert {u.path for u in links} == {paging.PROFILE}, cells[:3]
    return [parse_qs(u.query)[paging.PROFILE][0] for u in links]


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


# ---- the queries ---------------------------------------------------------------------------------------

def test_pages_are_slices_of_the_whole_list(db):
    whole = agencies.agency_status(Filters(), ministry=MINISTRY)
    assert list(whole["agency_id"]) == ids(db) and len(whole) > 2 * SIZE
    assert agencies.agency_count_matching(Filters(), ministry=MINISTRY) == len(whole)
    for page in (1, 2):
        got = agencies.agency_status(Filters(), ministry=MINISTRY, limit=SIZE, offset=(page - 1) * SIZE)
        want = whole.iloc[(page - 1) * SIZE:page * SIZE].reset_index(drop=True)
        pd.testing.assert_frame_equal(got, want)  # same columns, order, types and values
    last = agencies.agency_status(Filters(), ministry=MINISTRY, limit=SIZE, offset=len(whole) // SIZE * SIZE)
    assert list(last["agency_id"]) == ids(db)[len(whole) // SIZE * SIZE:]


def test_search_is_literal_and_reads_thai(db):
    def found(needle):
        n = agencies.agency_count_matching(Filters(), ministry=MINISTRY, needle=needle)
        rows = agencies.agency_status(Filters(), ministry=MINISTRY, needle=needle)
        assert n == len(rows)
        return list(rows["agency_id"]) if n else []

    assert found("พิษณุโลก") == ids(db, "contains(agency_name, 'พิษณุโลก')") and len(found("พิษณุโลก")) == 8
    first = ids(db)[0]
    assert found(first.lower()) == [first]  # the id, ignoring case
    assert found(first.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))) == [first]  # Thai digits
    # SQL metacharacters are characters: LIKE would match every agency with '%', any one character with '_'
    assert found("%") == found("_") == found("'") == found("%' OR '1'='1") == []
    assert found(first[:3] + "_" + first[4:]) == []
    assert len(found("ที่ดิน")) > SIZE  # more than a page: paged like the whole list
    assert list(agencies.agency_status(Filters(), ministry=MINISTRY, needle="ที่ดิน", limit=SIZE, offset=SIZE)[
        "agency_id"]) == found("ที่ดิน")[SIZE:2 * SIZE]


def test_scope_holds_for_pages_counts_and_deferred_downloads(db, monkeypatch):
    analyst = auth.User("somchai", "somchai", "analyst", frozenset({"20"}), "proxy")
    who = {"u": analyst}
    monkeypatch.setattr(auth, "current_user", lambda: who["u"])
    mine = ids(db, "province_code = '20'")
    assert agencies.agency_count_matching(Filters(), ministry=MINISTRY) == len(mine) > 0
    assert list(agencies.agency_status(Filters(), ministry=MINISTRY, limit=SIZE)["agency_id"]) == mine[:SIZE]
    assert agencies.agency_count_matching(Filters(), province="65") == 0
    assert agencies.agency_status(Filters(provinces=("65",)), ministry=MINISTRY, limit=SIZE).empty
    # a download runs later in a thread of no session (there, current_user() is None: nothing); it keeps
    # the scope of the run that drew its button
    full = read_cache.deferred(lambda: agencies.agency_status(Filters(), ministry=MINISTRY))
    who["u"] = None
    out = {}
    th = threading.Thread(target=lambda: out.update(df=full()))
    th.start()
    th.join()
    assert list(out["df"]["agency_id"]) == mine
    assert agencies.agency_count_matching(Filters(), ministry=MINISTRY) == 0  # and nobody else has it


# ---- the page ------------------------------------------------------------------------------------------

def test_ministry_list_is_paged_with_its_count(db):
    at = app({"ministry": MINISTRY})
    ok(at)
    every = ids(db)
    n = f"{len(every):,}"
    assert f"แสดง 1–50 จาก {n} หน่วยงาน" in captions(at)
    assert table_ids(at) == every[:SIZE]
    pager = at.pagination(key="mi_agencies_page")
    assert pager.num_pages == -(-len(every) // SIZE) and pager.value == 1
    pager.set_value(2).run()
    ok(at)
    assert f"แสดง 51–100 จาก {n} หน่วยงาน" in captions(at)
    assert table_ids(at) == every[SIZE:2 * SIZE]
    assert at.session_state["mi_agencies_page"] == 2
    at.segmented_control(key="lang").set_value("en").run()
    ok(at)
    assert f"Showing 51–100 of {n} agencies" in captions(at)
    assert table_ids(at) == every[SIZE:2 * SIZE]


def test_search_goes_back_to_page_one_and_narrows(db):
    at = app({"ministry": MINISTRY})
    at.pagination(key="mi_agencies_page").set_value(3).run()
    at.text_input(key="mi_agencies_q").input("พิษณุโลก").run()
    ok(at)
    want = ids(db, "contains(agency_name, 'พิษณุโลก')")
    assert table_ids(at) == want and at.session_state["mi_agencies_page"] == 1
    assert f"แสดง 1–{len(want)} จาก {len(want)} หน่วยงานที่มี “พิษณุโลก”" in captions(at)
    assert not at.pagination  # one page: no page selector
    at.text_input(key="mi_agencies_q").input("50%_'").run()
    ok(at)
    assert [i.value for i in at.info] == [i18n.t("ag.no_match", q=md("50%_'"))]  # typed text shown as text
    at.text_input(key="mi_agencies_q").input("").run()
    assert table_ids(at) == ids(db)[:SIZE]


def test_filter_change_clamps_the_page(db):
    at = app({"ministry": MINISTRY})
    pages = at.pagination(key="mi_agencies_page").num_pages
    at.pagination(key="mi_agencies_page").set_value(pages).run()
    at.multiselect(key="f_lvl").set_value(["local"]).run()  # fewer agencies, fewer pages
    ok(at)
    local = ids(db, "level = 'local'")
    last = -(-len(local) // SIZE)
    assert last < pages and at.session_state["mi_agencies_page"] == last
    first = (last - 1) * SIZE + 1
    assert f"แสดง {first}–{len(local)} จาก {len(local)} หน่วยงาน" in captions(at)
    assert table_ids(at) == local[(last - 1) * SIZE:]


def test_province_profile_is_paged(db):
    at = app({"p": "10"}, "pages/provinces.py")
    ok(at)
    every = [r[0] for r in sql(db, "SELECT agency_id FROM agencies WHERE province_code = '10' "
                                   "ORDER BY ministry_code, agency_id")]
    assert len(every) > SIZE
    assert f"แสดง 1–50 จาก {len(every)} หน่วยงาน" in captions(at)
    assert table_ids(at) == every[:SIZE]
    at.pagination(key="pv_agencies_page").set_value(2).run()
    assert table_ids(at) == every[SIZE:2 * SIZE]


def test_scoped_analyst_pages_only_their_province(db, tmp_path, monkeypatch):
    p = tmp_path / "auth.toml"
    p.write_text('mode = "open"\n[open]\nrole = "analyst"\nprovinces = ["20"]\n', encoding="utf-8")
    monkeypatch.setenv("EGOV_AUTH", str(p))
    at = app({"ministry": MINISTRY})
    ok(at)
    mine = ids(db, "province_code = '20'")
    assert f"แสดง 1–{len(mine)} จาก {len(mine)} หน่วยงาน" in captions(at)
    assert table_ids(at) == mine


def _frame_app():
    import pandas as pd

    from egov import paging

    df = pd.DataFrame({"รหัสหน่วยงาน": [f"AG{i:05d}" for i in range(1, 121)],
                       "หน่วยงาน": [("สำนักงานที่ดิน 50%_' " if i % 40 == 0 else "เทศบาล ") + str(i)
                                    for i in range(1, 121)],
                       "idle": range(120)})
    paging.frame_table(df, "th", "fr", "frame", search=["รหัสหน่วยงาน", "หน่วยงาน"])


def test_frame_table_pages_and_searches_a_list_in_memory():
    at = AppTest.from_function(_frame_app, default_timeout=60).run()
    ok(at)
    assert table_ids(at) == [f"AG{i:05d}" for i in range(1, 51)]
    assert "แสดง 1–50 จาก 120 รายการ" in captions(at)
    at.pagination(key="fr_page").set_value(3).run()
    assert table_ids(at) == [f"AG{i:05d}" for i in range(101, 121)]
    assert "แสดง 101–120 จาก 120 รายการ" in captions(at)
    assert "ไฟล์ดาวน์โหลดมีครบทั้ง 120 รายการ ไม่ใช่เฉพาะหน้านี้" in captions(at)
    at.text_input(key="fr_q").input("ag๐๐๐๗").run()  # Thai digits and lower case find AG0007x
    assert table_ids(at) == [f"AG{i:05d}" for i in range(70, 80)] and at.session_state["fr_page"] == 1
    at.text_input(key="fr_q").input("50%_'").run()  # taken literally
    assert table_ids(at) == ["AG00040", "AG00080", "AG00120"]
    at.text_input(key="fr_q").input("ไม่มี").run()
    assert [i.value for i in at.info] == [i18n.t("ag.no_match", "th", q="ไม่มี")]

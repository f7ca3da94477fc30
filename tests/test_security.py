"""Security: the province scope holds in the query layer whatever the URL or the widgets ask for, roles
decide the pages, sign-in works, hostile values go nowhere, uploads are bounded, XSRF stays on.

Runs against the synthetic test warehouse (tests/conftest.py synthetic_db); the truth (which agency is in
which province) is read straight from the warehouse file with SQL, independently of egov/reads/.
"""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import importlib
import inspect
import json
import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from google.protobuf import text_format
from streamlit.testing.v1 import AppTest

from egov import auth, export, filters, i18n, read_cache, upload
from egov.reads import adoption, agencies, feedback, loads, reference
from etl import reference as reference_files
from tests.apptest_helpers import ok, sql

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard.py")
SCOPE = ("20",)  # Chon Buri
OTHER = "65"  # Phitsanulok: never to be seen by the Chon Buri analyst
ANALYTIC_PAGES = ["overview", "provinces", "ministries", "underuse", "feedback", "savings", "roadshows", "briefing"]

HOSTILE = [
    "' OR 1=1 --",
    "10'); DROP TABLE agencies; --",
    "=cmd|' /C calc'!A0",
    '"; DROP TABLE feedback; --',
    "65) OR (1=1",
    "x" * 5000,
    "จังหวัด\u200bพิษณุโลก ๖๕ 🏛️",
    "a\x00b",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "%27%20OR%201%3D1",
]
COCKTAIL = "|".join(h[:200] for h in HOSTILE)  # every payload in one value
GLOBAL_PARAMS = ["lang", "rs", "from", "to", "reg", "prov", "min", "svc", "lvl"]
PAGE_PARAMS = {"overview": [], "agency": ["agency"], "provinces": ["measure", "service", "p"], "ministries": ["ministry", "dept"],
               "underuse": [], "feedback": [], "savings": [], "roadshows": ["event"], "briefing": ["p", "ev"],
               "data": ["rfile"]}


def auth_file(tmp_path: Path, text: str, monkeypatch) -> Path:
    p = tmp_path / "auth.toml"
    p.write_text(text, encoding="utf-8")
    monkeypatch.setenv("EGOV_AUTH", str(p))
    return p


def scoped_analyst(tmp_path, monkeypatch, provinces=SCOPE) -> None:
    auth_file(tmp_path, f'mode = "open"\n[open]\nrole = "analyst"\nprovinces = {list(provinces)!r}\n'
              .replace("'", '"'), monkeypatch)


def app(params: dict | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    if page:
        at.switch_page(f"pages/{page}.py")
    return at.run()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---- what a page showed ------------------------------------------------------------------------------

def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def rendered(at: AppTest) -> str:
    """Everything the run put on screen, as text: tables (their values), charts (their JSON, non-ASCII
    kept), and every other element's message (markdown, metrics, captions, widget options...)."""
    out = []
    for node in _walk(at._tree):
        kind = getattr(node, "type", "")
        if kind in ("arrow_data_frame", "dataframe", "table"):
            out.append(node.value.to_csv(index=False))
        elif kind == "plotly_chart":
            out.append(json.dumps(json.loads(node.proto.spec), ensure_ascii=False))
        elif getattr(node, "proto", None) is not None and not hasattr(node, "children"):
            out.append(text_format.MessageToString(node.proto, as_utf8=True))
    return "\n".join(out)


class Truth:
    """Agencies, their names and the feedback responses of other provinces, from the warehouse itself."""

    def __init__(self, db: Path, scope=SCOPE):
        inside = set(scope)
        ag = sql(db, "SELECT agency_id, agency_name, province_code FROM agencies")
        allowed_text = {n for _, n, p in ag if p in inside}
        harmless = allowed_text | {d for (d,) in sql(db, "SELECT DISTINCT department FROM agencies "
                                                         "WHERE department IS NOT NULL")}
        harmless |= {n for row in sql(db, "SELECT name_th, name_en FROM ministries") for n in row}
        self.ids = {a for a, _, p in ag if p not in inside}
        # a name another province's agency shares with something the analyst may see is no evidence
        self.names = {n for _, n, p in ag if p not in inside and n not in harmless
                      and not any(n in ok_ for ok_ in allowed_text)}
        self.responses = {r for (r,) in sql(db, "SELECT response_id FROM feedback WHERE province_code <> ALL(?)",
                                            [list(inside)])}
        self.id_pattern = re.compile(r"(?<![A-Za-z0-9])(" + "|".join(map(re.escape, sorted(self.ids))) + r")(?![0-9])")

    def leaks(self, text: str) -> list[str]:
        found = set(self.id_pattern.findall(text))
        found |= {n for n in self.names if n in text}
        found |= {r for r in self.responses if r in text}
        return sorted(found)[:20]


@pytest.fixture(scope="module")
def truth(synthetic_db):
    t = Truth(synthetic_db)
    assert len(t.ids) > 500 and len(t.names) > 300 and t.responses  # the test has something to find
    return t


# ---- open mode, roles and sign-in --------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["th", "en"])
def test_open_mode_says_so_on_screen(synthetic_db, lang):
    at = app({"lang": lang})
    ok(at)
    assert i18n.t("auth.open_notice", lang) in [c.value for c in at.sidebar.caption]
    assert at.title[0].value == i18n.t("page.overview", lang)


def test_password_sign_in_then_scope_then_sign_out(synthetic_db, tmp_path, monkeypatch, truth, caplog):
    h = auth.hash_password("รหัส-ถูก")
    auth_file(tmp_path, f'mode = "password"\n[users.somchai]\nrole = "analyst"\nprovinces = ["20"]\n'
              f'password = "{h}"\n', monkeypatch)
    at = app({"prov": OTHER})  # a link asking for Phitsanulok
    ok(at)
    assert at.title[0].value == i18n.t("auth.title") and not at.metric and not at.dataframe
    # a wrong password: a message, no way in
    at.text_input(key="auth_username").input("somchai")
    at.text_input(key="auth_password").input("ผิด")
    at.button[0].click().run()
    assert [e.value for e in at.error] == [i18n.t("auth.failed")] and not at.metric
    at.text_input(key="auth_username").input("somchai")
    at.text_input(key="auth_password").input("รหัส-ถูก")
    at.button[0].click().run()
    ok(at)
    assert at.title[0].value == i18n.t("page.overview")
    assert at.multiselect(key="f_prov").options == ["ชลบุรี"] and at.multiselect(key="f_prov").value == []
    month = sql(synthetic_db, "SELECT max(month) FROM mart_adoption_monthly")[0][0]
    adopted = [a for (a,) in sql(synthetic_db, """SELECT sum(adopted) FROM mart_adoption_monthly m JOIN services s
                  USING (service_code) WHERE month = ? AND province_code = '20'
                  GROUP BY m.service_code, s.sort_order HAVING sum(eligible) > 0 ORDER BY s.sort_order""", [month])]
    assert [m.value for m in at.metric if m.label == i18n.t("m.adopted")] == [f"{a:,}" for a in adopted]
    assert not truth.leaks(rendered(at))
    assert "👤 somchai" in " ".join(c.value for c in at.sidebar.caption)
    at.sidebar.button(key="auth_logout").click().run()
    assert at.title[0].value == i18n.t("auth.title") and not at.metric


def test_oidc_user_is_looked_up_by_email(synthetic_db, tmp_path, monkeypatch):
    auth_file(tmp_path, 'mode = "oidc"\n[users."anong@ega.or.th"]\nrole = "presenter"\nprovinces = ["20"]\n',
              monkeypatch)
    at = AppTest.from_file(APP, default_timeout=120)
    at.user = {"is_logged_in": True, "email": "anong@ega.or.th", "email_verified": True, "name": "อนงค์"}
    at.run()
    ok(at)
    # the briefing is the presenter's first (and only) page; its chooser offers the presenter's province
    opts = at.selectbox(key="br_province").options
    assert len(opts) == 2 and opts[1] == "ชลบุรี"
    assert sorted(at._registered_pages and [Path(p["script_path"]).stem for p in at._registered_pages.values()]
                  or ["briefing"]) == ["briefing"]
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/data.py")
    for user, says in (({"is_logged_in": True, "email": "stranger@example.org", "email_verified": True},
                        "auth.no_access"),
                       ({"is_logged_in": True, "email": "anong@ega.or.th", "email_verified": False,
                         "name": "อนงค์"}, "auth.no_access"),
                       ({"is_logged_in": False}, "auth.oidc_prompt")):
        at = AppTest.from_file(APP, default_timeout=120)  # a new identity is a new session
        at.user = user
        at.run()
        assert not at.exception and i18n.t(says) in [e.value for e in [*at.error, *at.info]]
        assert not at.metric and not at.dataframe and not at.get("selectbox")


def test_presenter_cannot_reach_the_data_page(synthetic_db, tmp_path, monkeypatch, caplog):
    auth_file(tmp_path, 'mode = "open"\n[open]\nrole = "presenter"\n', monkeypatch)
    at = app()
    ok(at)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/data.py")
    # the data page run some other way stops itself, and the upload refuses even when called
    with caplog.at_level("WARNING", "egov.audit"):
        direct = AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=120).run()
    assert not direct.exception and i18n.t("auth.no_access") in [e.value for e in direct.error]
    assert not direct.get("file_uploader") and not direct.dataframe
    assert any("denied page data" in r.getMessage() for r in caplog.records)


def test_unusable_configuration_lets_nobody_in(synthetic_db, tmp_path, monkeypatch):
    auth_file(tmp_path, 'mode = "password"\n[users.x]\nrole = "analyst"\n', monkeypatch)  # no password
    at = app()
    assert not at.exception and [e.value for e in at.error] == [i18n.t("auth.config_error")]
    assert not at.metric and not at.dataframe and not at.sidebar.multiselect


# ---- the province scope holds in the query layer ------------------------------------------------------

SCOPE_VISITS = [
    ("overview", {"prov": OTHER}),
    ("overview", {}),
    ("provinces", {"p": OTHER, "prov": OTHER}),
    ("provinces", {"measure": "events"}),
    ("ministries", {"ministry": "MOI", "dept": "สำนักงานปลัดกระทรวงมหาดไทย"}),
    ("ministries", {"ministry": "MOF", "dept": "กรมบัญชีกลาง", "prov": "10"}),
    ("underuse", {"reg": "north"}),
    ("feedback", {"prov": f"{OTHER},20"}),
    ("savings", {}),
    ("roadshows", {"prov": OTHER}),
    ("briefing", {"p": OTHER}),
    ("briefing", {"p": "20"}),
]


@pytest.mark.parametrize("page, params", SCOPE_VISITS)
def test_scoped_analyst_sees_no_other_province(synthetic_db, tmp_path, monkeypatch, truth, page, params):
    """A Chon Buri analyst opening every page with links that ask for other provinces (or all of them)
    sees no agency, agency code or response of another province anywhere on the page."""
    scoped_analyst(tmp_path, monkeypatch)
    at = app(params, page)
    ok(at)
    assert not truth.leaks(rendered(at)), truth.leaks(rendered(at))
    if at.sidebar.multiselect:
        assert set(at.multiselect(key="f_prov").options) <= {"ชลบุรี"}


@pytest.mark.parametrize("page, params", [("provinces", {"p": OTHER}), ("underuse", {}),
                                          ("ministries", {"ministry": "MOI"})])
def test_the_leak_detector_finds_what_an_administrator_sees(synthetic_db, truth, page, params):
    """The control: the same pages in open mode (administrator, every province) do show other provinces'
    agencies, codes or responses, so the scoped tests above would notice a leak."""
    at = app(params, page)
    ok(at)
    assert truth.leaks(rendered(at))


@pytest.mark.parametrize("page, params", [
    ("overview", {"prov": OTHER}), ("provinces", {"p": OTHER, "prov": OTHER}), ("provinces", {}),
    ("ministries", {"ministry": "MOI"}), ("feedback", {}), ("underuse", {}), ("roadshows", {}),
    ("briefing", {"p": OTHER}),
])
def test_scope_holds_when_the_widgets_forget_it(synthetic_db, tmp_path, monkeypatch, truth, page, params):
    """The widgets' own narrowing switched off (the sidebar and the briefing offer every province, so the
    URL's province is taken): the query layer still shows nothing of another province."""
    scoped_analyst(tmp_path, monkeypatch)
    monkeypatch.setattr(auth, "in_scope", lambda df, column="province_code": df)
    at = app(params, page)
    ok(at)
    if "prov" in params:
        assert at.multiselect(key="f_prov").value == [OTHER]  # the widget really asks for Phitsanulok
    if page == "briefing":
        assert at.selectbox(key="br_province").value == OTHER
    assert not truth.leaks(rendered(at)), truth.leaks(rendered(at))


KNOWN_PARAMETERS = {"f", "province", "provinces", "ministry", "department", "event_id", "types", "by", "service", "limit",
                    "needle", "file", "name", "assumptions", "offset", "units"}


# every module of egov/reads/ but the agency profile's (one agency's reads: tests/test_agency_profile.py)
READ_MODULES = [importlib.import_module(f"egov.reads.{p.stem}") for p in sorted((ROOT / "egov" / "reads").glob("*.py"))
                if p.stem not in ("__init__", "agency_profile")]


def _cached_functions() -> dict:
    return {n: fn for mod in READ_MODULES for n, fn in vars(mod).items()
            if callable(fn) and hasattr(fn, "clear") and hasattr(fn, "__wrapped__") and n != "province_geojson"}


def test_every_query_parameter_is_known():
    """A new parameter of a cached query must be looked at here: one that names a province must be
    called `province` (the wrapper narrows it) or be a Filters."""
    fns = _cached_functions()
    assert len(fns) > 40
    params = {p for fn in fns.values() for p in inspect.signature(fn.__wrapped__).parameters}
    assert params <= KNOWN_PARAMETERS, params - KNOWN_PARAMETERS


def _call_args(fn, f: filters.Filters, province, event_id) -> dict:
    values = {"f": f, "province": province, "provinces": tuple(reference.provinces()["province_code"]), "ministry": "MOI", "department": None, "event_id": event_id,
              "types": (), "by": "category", "service": None, "limit": 100_000, "needle": "", "file": None,
              "name": "level", "assumptions": None,
              "units": pd.DataFrame({"service_code": ["GIN", "MAILGOTHAI"], "unit_months": [12, 120]})}
    sig = inspect.signature(fn.__wrapped__)
    return {p: values[p] for p in sig.parameters if p in values and (sig.parameters[p].default is
                                                                     inspect.Parameter.empty or p == "province")}


# whole-country reference tables (names of provinces, regions, services...) and row counts: no agency detail
REFERENCE = {"provinces", "regions", "services", "ministries", "vocabulary", "levels", "months", "cost_assumptions",
             "warehouse_status", "freshness"}


def test_every_query_function_keeps_to_the_scope(synthetic_db, monkeypatch, truth):
    """Every cached query, called as a page would with filters and province arguments asking for another
    province or for all: no row of another province, no agency of another province."""
    analyst = auth.User("somchai", "somchai", "analyst", frozenset(SCOPE), "proxy")
    monkeypatch.setattr(auth, "current_user", lambda: analyst)
    event_id, event_prov = sql(synthetic_db, "SELECT event_id, province_code FROM events WHERE province_code <> '20' "
                                        "ORDER BY event_id LIMIT 1")[0]
    other_agencies = truth.ids
    asks = [filters.Filters(), filters.Filters(provinces=(OTHER,)), filters.Filters(provinces=(OTHER, "20")),
            filters.Filters(regions=("north",)), filters.Filters(provinces=("10",), ministries=("MOF",))]
    called = set()
    for name, fn in _cached_functions().items():
        if name in read_cache.WAREHOUSE_LOG:
            with pytest.raises(auth.Denied):
                fn()
            called.add(name)
            continue
        for f in asks:
            for province in (OTHER, event_prov, "20"):
                out = fn(**_call_args(fn, f, province, event_id))
                called.add(name)
                frames = [out] if isinstance(out, pd.DataFrame) else []
                for df in frames:
                    if "province_code" in df.columns and name not in REFERENCE:
                        assert set(df["province_code"].dropna()) <= set(SCOPE), (name, f, province)
                    if "agency_id" in df.columns:
                        assert not set(df["agency_id"].dropna()) & other_agencies, (name, f, province)
                    assert not truth.leaks(df.to_csv(index=False)), (name, f, province)
    assert called == set(_cached_functions())
    # the agencies the analyst may see are all there: scoped, not emptied
    n20 = sql(synthetic_db, "SELECT count(*) FROM agencies WHERE province_code = '20'")[0][0]
    assert adoption.agency_count(filters.Filters()) == n20 == len(agencies.agency_status(filters.Filters()))
    assert adoption.agency_count(filters.Filters(provinces=(OTHER,))) == 0  # an empty intersection is empty


def test_scope_is_part_of_the_cache_key(synthetic_db, monkeypatch):
    users = {"all": auth.User("a", "a", "executive"), "20": auth.User("b", "b", "analyst", frozenset({"20"}))}
    who = {"u": users["all"]}
    monkeypatch.setattr(auth, "current_user", lambda: who["u"])
    total = adoption.agency_count(filters.Filters())
    who["u"] = users["20"]
    scoped = adoption.agency_count(filters.Filters())
    who["u"] = users["all"]
    assert adoption.agency_count(filters.Filters()) == total > scoped > 0


def test_filters_scoped():
    f = filters.Filters(provinces=("65", "20"))
    assert f.scoped(None) is f
    assert f.scoped(("20", "21")).provinces == ("20",)
    assert filters.Filters().scoped(("21", "20")).provinces == ("20", "21")
    assert f.scoped(("50",)).provinces == (read_cache.NO_PROVINCE,)
    assert f.scoped(()).provinces == (read_cache.NO_PROVINCE,)
    assert f.scoped(("20",)).scoped(("20",)) == f.scoped(("20",))
    assert read_cache.NO_PROVINCE not in set(reference_files.provinces().province_code)


def test_a_session_without_a_user_sees_nothing(monkeypatch):
    """Inside a server, a thread with no session (or a session nobody signed in to) gets scope ()."""
    monkeypatch.setattr(auth, "_in_session", lambda: False)
    monkeypatch.setattr(auth, "_in_server", lambda: True)
    assert auth.current_user() is None and auth.current_scope() == ()
    with pytest.raises(auth.Denied):
        auth.require("upload")


# ---- hostile values -------------------------------------------------------------------------------------

def _hostile_params(page: str, variant: int) -> dict:
    names = GLOBAL_PARAMS + PAGE_PARAMS[page]
    if variant == 0:
        return {n: COCKTAIL for n in names}
    return {n: HOSTILE[(i + variant) % len(HOSTILE)] for i, n in enumerate(names)}


@pytest.mark.parametrize("variant", [0, 1, 2])
@pytest.mark.parametrize("page", list(PAGE_PARAMS))
def test_hostile_url_parameters(synthetic_db, page, variant):
    """Every URL parameter egov/filters.py and the pages read, given injection attempts, formula cells,
    NUL bytes, very long and odd Unicode values: the page renders (no exception, no error, no traceback)
    and the warehouse is unchanged."""
    before = digest(synthetic_db)
    at = app(_hostile_params(page, variant), page)
    ok(at)
    text = rendered(at)
    assert "Traceback" not in text and "DROP TABLE" not in text
    assert digest(synthetic_db) == before
    assert sql(synthetic_db, "SELECT count(*) FROM agencies")[0][0] > 0


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_comment_search(synthetic_db, text):
    at = app(page="feedback")
    before = digest(synthetic_db)
    at.text_input(key="fb_q").input(text[:feedback.SEARCH_MAX_CHARS]).run()
    ok(at)
    assert digest(synthetic_db) == before


def test_hostile_values_in_every_query_argument(synthetic_db):
    """Every cached query with every Filters field and every text argument hostile: an empty answer (or
    a ValueError for a value checked against a whitelist), never SQL, and the warehouse unchanged."""
    before = digest(synthetic_db)
    for h in HOSTILE:
        f = filters.Filters(regions=(h,), provinces=(h, "20"), ministries=(h,), services=(h,), levels=(h,))
        for name, fn in _cached_functions().items():
            sig = inspect.signature(fn.__wrapped__)
            values = {"f": f, "province": h, "provinces": (h, "20"), "ministry": h, "department": h, "event_id": h, "types": (h,),
                      "by": h, "service": h, "limit": 10, "needle": h, "file": h, "name": h, "assumptions": None,
                      "units": pd.DataFrame({"service_code": [h], "unit_months": [12]})}
            kwargs = {p: values[p] for p in sig.parameters if p in values}
            if name == "ticket_breakdown":
                with pytest.raises(ValueError, match="unknown breakdown"):
                    fn(**kwargs)
                continue
            out = fn(**kwargs)
            if isinstance(out, pd.DataFrame) and "agency_id" in out.columns:
                assert out.empty, name
        with pytest.raises(ValueError):
            filters.Filters(region_system=h)
    assert feedback.comment_search(filters.Filters(), HOSTILE[0]).empty
    assert digest(synthetic_db) == before


# The only values formatted into SQL text in egov/: composed fragments (conditions, sub-queries,
# measure lists) and identifiers chosen from whitelists. A new one must be added here after checking
# that it cannot carry a user's value; user values travel as ? parameters.
_READS = {
    "and_(conds)", "and_(a_conds)", "and_(e_conds)", "and_(ev_conds)", "and_(fb_conds)", "and_(g_conds)",
    "and_(m_conds)", "and_(s_conds)", "and_(sv_conds)", "and_(t_conds)",  # "? " conditions of filters.where
    "_SNAPSHOT", "_TICKET_MEASURES", "_CELL_SUMS",  # fixed measure lists
    "sql", "src", "fb_sql",  # sub-queries composed the same way
    "rc",  # the region column: a Filters whitelist
    "by",  # ticket_breakdown: checked against TICKET_BREAKDOWNS first
    "cond", "extra",  # area_comparison / feedback_issues: fixed strings
    "sums",  # _area_satisfaction: a fixed list of sums (the scope travels as ? parameters)
    "select", "join", "loaded", "where", "loads", "kind", "latest", "monthly", "table",  # data page: fixed names
    "' UNION ALL '.join(parts)",
}
SQL_INTERPOLATIONS = {
    "db.py": {"ALIAS", "path"},  # the warehouse alias; the warehouse path from EGOV_DB (quotes doubled)
    "filters.py": {"a", "province_col", "service_col", "f.region_column"},  # where(): aliases / whitelisted columns
    "reads/agency_profile.py": {"where"},  # _scope: "a.agency_id = ?" and the "? " conditions of filters.where
    **{f"reads/{p.name}": _READS for p in (ROOT / "egov" / "reads").glob("*.py")
       if p.name not in ("__init__.py", "agency_profile.py")},
}


def _sql_interpolations(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant)).upper()
            if re.search(r"\b(SELECT|WHERE|FROM|JOIN|ATTACH|USE|AND|LIST_CONTAINS)\b", text):
                found |= {ast.unparse(v.value) for v in node.values if isinstance(v, ast.FormattedValue)}
    return found


def test_sql_is_never_built_from_user_values():
    for name, allowed in SQL_INTERPOLATIONS.items():
        found = _sql_interpolations(ROOT / "egov" / name)
        assert found <= allowed, f"egov/{name}: new values formatted into SQL: {sorted(found - allowed)}"
    # nothing else in the app talks to the database (or formats SQL): every read is a cached query
    for path in [*(ROOT / "egov").rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "dashboard.py"]:
        if path.name == "db.py" or path.parent.name == "reads":
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\bdb\.(query|cursor)\(|duckdb\.connect|\.execute\(", text), path
    # and every function of the read modules that reads is behind the scoped, cached wrapper
    for path in (ROOT / "egov" / "reads").glob("*.py"):
        module = path.name
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in [n for n in tree.body if isinstance(n, ast.FunctionDef)]:
            reads = any(isinstance(c, ast.Call) and ast.unparse(c.func) in ("db.query", "db.cursor")
                        for c in ast.walk(fn))
            decorated = any(ast.unparse(d) == "cached" for d in fn.decorator_list)
            assert not reads or decorated, f"{module}:{fn.name} reads the warehouse without @cached"


# ---- exports, uploads, XSRF ---------------------------------------------------------------------------

def test_exports_neutralize_hostile_cells():
    df = pd.DataFrame({"agency": HOSTILE + ["=HYPERLINK(\"x\")", "@SUM(1)", "+1", "-1+1"],
                       "n": range(len(HOSTILE) + 4)})
    out = export.neutralize(df)
    for raw, safe in zip(df["agency"], out["agency"]):
        assert not str(safe).startswith(export.FORMULA_START)
        assert safe == (("'" + raw) if raw.startswith(export.FORMULA_START) else raw)
    assert export.to_csv_bytes(df).count(b"'=cmd|") == 1
    import io

    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(df))).active
    assert not [c for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_streamlit_config_keeps_xsrf_on_and_bounds_uploads():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] == upload.MAX_MB
    assert config["server"].get("enableCORS", True) is True  # not switched off either
    source = (ROOT / "pages" / "data.py").read_text(encoding="utf-8")
    assert "max_upload_size=upload.MAX_MB" in source


def test_upload_refuses_a_file_over_the_limit(synthetic_db, monkeypatch):
    monkeypatch.setattr(upload, "MAX_MB", 1)
    before = digest(synthetic_db)
    staged, outcome = upload.check_files([("big.csv", b"agency_id,agency_name\n" + b"x" * (1024 * 1024 + 1))],
                                         synthetic_db)
    assert staged is None and "more than the 1 MB" in outcome.error
    assert digest(synthetic_db) == before


def test_upload_goes_only_through_the_etl_check(synthetic_db, monkeypatch, tmp_path):
    """The page's upload calls only upload.check_files (the ETL's run with publish=False) and, on confirm,
    upload.publish; a hostile file is refused or its rows rejected, in words, the warehouse unchanged."""
    source = (ROOT / "pages" / "data.py").read_text(encoding="utf-8")
    assert set(re.findall(r"upload\.(\w+)\(", source)) <= {"check_files", "publish", "discard", "files_table",
                                                           "rejects_table", "impact_as_of", "impact_services_table",
                                                           "impact_rows_table", "impact_values_table", "impact_flags"}
    assert "etl" not in re.findall(r"^(?:from|import) (\w+)", source, flags=re.M)
    calls = []
    real = upload.run
    monkeypatch.setattr(upload, "run", lambda paths, db, publish, **kw: calls.append(publish)
                        or real(paths, db, publish=publish, **kw))
    before = digest(synthetic_db)
    hostile = ("agency_id,agency_name,ministry,province,level,\"x\"\"; DROP TABLE agencies; --\"\n"
               + "\n".join(f"Z{i},\"{h[:300]}\",MOI,' OR 1=1 --,local,{h[:50]}" for i, h in enumerate(HOSTILE)))
    staged, outcome = upload.check_files([("agencies.csv", hostile.encode("utf-8"))], synthetic_db)
    assert calls == [False]
    assert outcome.error or outcome.totals()["rejected"] > 0
    upload.discard(staged)
    assert digest(synthetic_db) == before and sql(synthetic_db, "SELECT count(*) FROM agencies")[0][0] > 0


def test_uploads_need_the_administrator(synthetic_db, monkeypatch, caplog):
    monkeypatch.setattr(auth, "current_user", lambda: auth.User("p", "p", "presenter", frozenset({"20"})))
    with caplog.at_level("WARNING", "egov.audit"):
        staged, outcome = upload.check_files([("a.csv", b"agency_id\n1\n")], synthetic_db)
        assert staged is None and outcome.error == "not allowed"
        assert upload.publish(upload.Staged(Path("/nonexistent")), synthetic_db).error == "not allowed"
        with pytest.raises(auth.Denied):
            loads.etl_rejects()
    assert sum("denied upload to p" in r.getMessage() for r in caplog.records) == 2


def test_uploads_are_logged(synthetic_db, caplog):
    with caplog.at_level("INFO", "egov.audit"):
        staged, outcome = upload.check_files([("agencies.csv", "agency_id,agency_name\n".encode())], synthetic_db)
        upload.discard(staged)
    assert any(r.getMessage().startswith("upload") and "agencies.csv" in r.getMessage() for r in caplog.records)


def test_briefing_reads_are_scoped(synthetic_db, monkeypatch, truth):
    """egov.briefing.load_inputs (the slides, the PowerPoint and the PDF all come from it) for another
    province: nothing; for the analyst's own: the story."""
    from egov import briefing

    monkeypatch.setattr(auth, "current_user",
                        lambda: auth.User("s", "s", "analyst", frozenset(SCOPE), "password"))
    other = briefing.load_inputs(filters.Filters(), OTHER, today=dt.date(2015, 1, 1))
    assert other.agencies == 0 and other.summary is None or (other.summary is not None and other.summary.empty)
    own = briefing.load_inputs(filters.Filters(provinces=(OTHER,)), "20", today=dt.date(2015, 1, 1))
    assert own.agencies > 0
    assert not truth.leaks(own.agency_status.to_csv()) and not truth.leaks(own.comments.to_csv())

"""Region and nation benchmarks shown to a province-scoped user: suppressed when they rest on fewer than k
agencies (or responding agencies) outside the user's provinces, k from the auth file ([scope]
benchmark_min, default 5); shown, with exact values, otherwise; and the Provinces page says why.

Runs against the synthetic test warehouse, tests/synthetic_files.py (one agency per ministry and level in
most provinces). The truth is computed here with SQL straight from the warehouse file, independently of
egov/reads/.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from egov import auth, filters, i18n
from egov.display import feedback as feedback_tables
from egov.reads import adoption, feedback
from egov.safe_text import md
from tests.apptest_helpers import charts, ok, sql

ROOT = Path(__file__).resolve().parents[1]
HOME = "20"  # Chon Buri
F = filters.Filters(ministries=("MOI",), levels=("provincial",))  # one agency per province in the synthetic warehouse


@pytest.fixture
def as_user(synthetic_db, tmp_path, monkeypatch):
    """Sign in (open mode, a kiosk user) with the given provinces and, optionally, [scope] benchmark_min."""

    def become(provinces: tuple[str, ...] | None, k: int | None = None):
        conf = tmp_path / "auth.toml"
        text = 'mode = "open"\n[open]\nrole = "analyst"\n' if provinces else 'mode = "open"\n'
        if provinces:
            text += "provinces = [" + ", ".join(f'"{p}"' for p in provinces) + "]\n"
        if k is not None:
            text += f"[scope]\nbenchmark_min = {k}\n"
        conf.write_text(text, encoding="utf-8")
        monkeypatch.setenv("EGOV_AUTH", str(conf))
        user = auth.open_user(auth.load_config())
        monkeypatch.setattr(auth, "current_user", lambda: user)
        return user

    return become


def region_of(synthetic_db, code: str, column: str = "region4") -> list[str]:
    return [p for (p,) in sql(synthetic_db, f"SELECT province_code FROM provinces WHERE {column} = "
                                       f"(SELECT {column} FROM provinces WHERE province_code = ?) ORDER BY 1", [code])]


def adoption_truth(synthetic_db, provinces: list[str] | None) -> dict[str, tuple[int, int]]:
    """(adopted, eligible) per service at the last month, MOI provincial agencies, in these provinces (None: all)."""
    month = sql(synthetic_db, "SELECT max(month) FROM mart_adoption_monthly")[0][0]
    cond = "TRUE" if provinces is None else "list_contains(?, province_code)"
    rows = sql(synthetic_db, f"""SELECT service_code, sum(adopted), sum(eligible) FROM mart_adoption_monthly
                             WHERE month = ? AND ministry_code = 'MOI' AND coalesce(level, 'unknown') = 'provincial'
                             AND {cond} GROUP BY 1""", [month] + ([provinces] if provinces is not None else []))
    return {s: (int(a), int(e)) for s, a, e in rows if e}


def outside(synthetic_db, provinces: list[str], scope: tuple[str, ...]) -> int:
    """MOI provincial agencies in these provinces but outside the scope."""
    return sql(synthetic_db, "SELECT count(*) FROM agencies WHERE ministry_code = 'MOI' AND level = 'provincial' "
                        "AND list_contains(?, province_code) AND NOT list_contains(?, province_code)",
               [provinces, list(scope)])[0][0]


def left_out(synthetic_db) -> str:
    """A province of HOME's region, not HOME, whose MOI provincial agency answered the survey, from 1 to 4
    responding agencies: the one province a scope of the rest of the region does not cover."""
    counts = dict(sql(synthetic_db, """SELECT fb.province_code, count(DISTINCT fb.agency_id) FROM feedback fb
                                  JOIN agencies a USING (agency_id)
                                  WHERE a.ministry_code = 'MOI' AND a.level = 'provincial' GROUP BY 1"""))
    return next(p for p in region_of(synthetic_db, HOME) if p != HOME and 0 < counts.get(p, 0) < 5)


def rows(df, area: str):
    return df[df["area"] == area].set_index("service_code")


def test_the_synthetic_warehouse_has_the_case(synthetic_db):
    """One MOI provincial agency per province, so a region is a handful of agencies: the setting of the
    issue (a scoped user filtering ministry and level)."""
    region = region_of(synthetic_db, HOME)
    assert outside(synthetic_db, region, (HOME,)) >= 5
    assert outside(synthetic_db, region, tuple(p for p in region if p != region[-1])) == 1


def test_one_agency_of_another_province_is_not_shown_as_a_benchmark(synthetic_db, as_user):
    """The analyst's scope covers the whole region but one province: the region benchmark would be that
    one agency plus the analyst's own, so it is suppressed (values blank, flag set); the nation's, resting
    on dozens of agencies, is shown with its exact values; the analyst's province is always shown."""
    region = region_of(synthetic_db, HOME)
    scope = tuple(p for p in region if p != region[-1])
    as_user(scope)
    comp = adoption.area_comparison(F, HOME)
    reg, nat, prov = rows(comp, "region"), rows(comp, "nation"), rows(comp, "province")
    assert len(reg) and reg["suppressed"].all()
    assert reg[["eligible", "adopted", "active", "adoption_rate", "active_rate"]].isna().all().all()
    truth = adoption_truth(synthetic_db, None)
    assert not nat["suppressed"].any()
    assert {s: (int(r.adopted), int(r.eligible)) for s, r in nat.iterrows()} == truth
    assert not prov["suppressed"].any()
    assert {s: (int(r.adopted), int(r.eligible)) for s, r in prov.iterrows()} == adoption_truth(synthetic_db, [HOME])


def test_k_comes_from_the_auth_file(synthetic_db, as_user):
    """One province in scope: the region rests on n other agencies. Shown at k = n, suppressed at k = n + 1."""
    region = region_of(synthetic_db, HOME)
    n = outside(synthetic_db, region, (HOME,))
    as_user((HOME,), k=n)
    reg = rows(adoption.area_comparison(F, HOME), "region")
    assert not reg["suppressed"].any()
    assert {s: (int(r.adopted), int(r.eligible)) for s, r in reg.iterrows()} == adoption_truth(synthetic_db, region)
    as_user((HOME,), k=n + 1)
    assert rows(adoption.area_comparison(F, HOME), "region")["suppressed"].all()
    assert auth.benchmark_min() == n + 1


def test_no_scope_no_suppression(synthetic_db, as_user):
    """An administrator (every province) sees every benchmark, however few agencies it rests on."""
    as_user(None, k=10_000)
    comp = adoption.area_comparison(F, HOME)
    assert not comp["suppressed"].any() and comp["adoption_rate"].notna().all()
    sat = feedback.area_satisfaction(F, HOME)
    assert not sat["suppressed"].any()


def test_satisfaction_benchmark_resting_on_one_respondent_is_suppressed(synthetic_db, as_user):
    """The region's satisfaction outside the scope comes from the responding agencies of one province:
    suppressed (mean, share and n blank) when they are fewer than k; shown with exact values otherwise."""
    region = region_of(synthetic_db, HOME)
    last = left_out(synthetic_db)
    scope = tuple(p for p in region if p != last)
    respondents = sql(synthetic_db, """SELECT count(DISTINCT fb.agency_id) FROM feedback fb
                                       JOIN agencies a USING (agency_id) WHERE fb.province_code = ?
                                       AND a.ministry_code = 'MOI' AND a.level = 'provincial'""", [last])[0][0]
    assert 0 < respondents < 5
    as_user(scope)
    sat = feedback.area_satisfaction(F, HOME).set_index("area")
    assert bool(sat.loc["region", "suppressed"]) and not bool(sat.loc["nation", "suppressed"])
    assert all(math.isnan(sat.loc["region", c]) for c in ("mean", "share_satisfied", "n", "responses"))
    n, total = sql(synthetic_db, """SELECT count(*), sum(satisfaction) FROM feedback fb
                                    JOIN agencies a USING (agency_id)
                                    WHERE a.ministry_code = 'MOI' AND a.level = 'provincial'""")[0]
    assert int(sat.loc["nation", "n"]) == n and sat.loc["nation", "mean"] == pytest.approx(total / n)
    shown = feedback_tables.satisfaction_display(sat.reset_index(), "en", {"province": "P", "region": "R", "nation": "N"})
    assert shown.loc[1, "Note"] == i18n.t("benchmark.hidden", "en", k=5)
    as_user(scope, k=respondents)
    assert not feedback.area_satisfaction(F, HOME).set_index("area").loc["region", "suppressed"]


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_provinces_page_says_why(synthetic_db, tmp_path, monkeypatch, lang):
    """In the browser's place, AppTest: the page's comparison chart leaves the hidden benchmarks out and a
    caption says which and why, in Thai or English; the satisfaction table says it in its note column."""
    scope = [p for p in region_of(synthetic_db, HOME) if p != left_out(synthetic_db)]
    conf = tmp_path / "auth.toml"
    conf.write_text('mode = "open"\n[open]\nrole = "analyst"\nprovinces = [' + ", ".join(f'"{p}"' for p in scope)
                    + "]\n", encoding="utf-8")
    monkeypatch.setenv("EGOV_AUTH", str(conf))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for k, v in {"lang": lang, "min": "MOI", "lvl": "provincial", "p": HOME}.items():
        at.query_params[k] = v
    at.switch_page("pages/provinces.py")
    at.run()
    ok(at)
    captions = [c.value for c in at.caption]
    head = i18n.t("benchmark.hidden_chart", lang, k=5, items="\0").split("\0")[0]
    why = [c for c in captions if c.startswith(head)]
    services = [s for (s,) in sql(synthetic_db, "SELECT service_code FROM services ORDER BY sort_order")
                if s in adoption_truth(synthetic_db, [HOME])]
    assert why == [i18n.t("benchmark.hidden_chart", lang, k=5, items=f"{i18n.t('region', lang)}: "
                          + ", ".join(md(i18n.service_label(s)) for s in services))], captions  # as markdown source
    # the comparison chart: every service's bars are the province and the nation, no region bar
    region_name = sql(synthetic_db, "SELECT r.name_th, r.name_en FROM regions r JOIN provinces p ON r.region_code = "
                               "p.region4 WHERE r.system = 'region4' AND p.province_code = ?", [HOME])[0]
    compare = [c for c in charts(at) if any(len(tr.get("x") or []) and "ประเทศ" in str(tr.get("x")) or
                                            "Nation" in str(tr.get("x")) or "Whole country" in str(tr.get("x"))
                                            for tr in c["data"])]
    assert compare, [c["data"][0].get("x") for c in charts(at)]
    xs = [list(tr["x"]) for tr in compare[0]["data"]]
    assert xs and all(len(x) == 2 and region_name[lang == "en"] not in x for x in xs), xs
    # the satisfaction table's note
    table = [df for df in (d.value for d in at.dataframe) if i18n.t("note", lang) in df.columns]
    assert table and i18n.t("benchmark.hidden", lang, k=5) in list(table[0][i18n.t("note", lang)])

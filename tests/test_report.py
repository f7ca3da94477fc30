"""`python -m egov report`: the Briefing page's PPTX and PDF, made from the command line with no browser and
no Streamlit server, as an administrator's batch job would run it (a child process, the sample warehouse).

That the files are the page's own downloads, byte for byte, is tested in tests/browser/test_report.py
(the page is clicked in Chromium); here: the same story from the same functions, the file names, every
province, an event, the refusals, and that the province scope of a sign-in configuration does not apply
to the batch job.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[1]
PPTX_MIME_MAGIC = b"PK"


def egov(*args: str, db: Path | None, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    """python -m egov ... in a child process, as a user runs it (from another folder)."""
    e = {k: v for k, v in os.environ.items() if not k.startswith(("EGOV_", "STREAMLIT_"))}
    e["PYTHONPATH"] = str(ROOT)
    if db is not None:
        e["EGOV_DB"] = str(db)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "egov", *args], cwd="/", env=e, capture_output=True, text=True,
                          timeout=timeout)


def sql(db: Path, query: str, params=None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(query, params or []).fetchall()


_STAMP = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)")


def zip_parts(data: bytes, prefix: str = "") -> dict[str, bytes]:
    """A PPTX's parts by name, the chart workbooks embedded in it opened too, with the time each workbook was
    written blanked: equal parts are the same presentation (only the zip entries' times and the workbooks'
    creation times differ between two runs)."""
    import io
    import zipfile

    out = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            name, body = prefix + info.filename, z.read(info)
            if name.endswith(".xlsx"):
                out.update(zip_parts(body, name + "!"))
            else:
                out[name] = _STAMP.sub(rb"\1\3", body) if name.endswith("docProps/core.xml") and prefix else body
    return out


def pptx_texts(data: bytes) -> list[str]:
    """Every text of every slide, in order (frames, tables, chart titles and categories)."""
    import io

    from pptx import Presentation

    out = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for sh in slide.shapes:
            if sh.has_text_frame:
                out.append(sh.text_frame.text)
            if getattr(sh, "has_table", False) and sh.has_table:
                out.extend(c.text for r in sh.table.rows for c in r.cells)
            if getattr(sh, "has_chart", False) and sh.has_chart and sh.chart.has_title:
                out.append(sh.chart.chart_title.text_frame.text)
    return out


@pytest.fixture(scope="module")
def latest(sample_db) -> str:
    (m,) = sql(sample_db, "SELECT max(month) FROM mart_adoption_monthly")[0]
    return f"{m:%Y%m}"


@pytest.fixture(scope="module")
def phitsanulok(sample_db, tmp_path_factory, latest):
    """`report --province พิษณุโลก --lang th --format pdf,pptx --out DIR`, run once for the module."""
    out = tmp_path_factory.mktemp("report65")
    r = egov("report", "--province", "พิษณุโลก", "--lang", "th", "--format", "pdf,pptx", "--out", str(out),
             db=sample_db)
    return r, out


def test_report_writes_the_pptx_and_pdf_of_one_province(phitsanulok, latest):
    r, out = phitsanulok
    assert r.returncode == 0, r.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"briefing_65_{latest}.pdf", f"briefing_65_{latest}.pptx"]
    assert r.stdout.split() == [str(out / f"briefing_65_{latest}.pdf"), str(out / f"briefing_65_{latest}.pptx")]
    # outside a server Streamlit's cache warns once per cached query; the command keeps that quiet
    assert "No runtime found" not in r.stderr
    assert (out / names[0]).read_bytes()[:5] == b"%PDF-"
    assert (out / names[1]).read_bytes()[:2] == PPTX_MIME_MAGIC
    assert oct((out / names[1]).stat().st_mode & 0o777) != oct(0o600), "written private, as a temp file"


def test_report_pptx_is_the_story_the_page_builds(phitsanulok, use_sample_db, latest):
    """The same parts, byte for byte, as the page's composition: build(load_inputs(...)) -> build_pptx."""
    from egov import briefing, briefing_pptx, filters

    _, out = phitsanulok
    story = briefing.build(briefing.load_inputs(filters.Filters(), "65", None, assumptions=None), "th")
    cli, page = zip_parts((out / f"briefing_65_{latest}.pptx").read_bytes()), zip_parts(briefing_pptx.build_pptx(story))
    assert list(cli) == list(page) and len(cli) > 20
    assert [n for n in cli if cli[n] != page[n]] == []


def test_report_pptx_has_the_warehouse_numbers_in_thai(phitsanulok, sample_db, latest):
    _, out = phitsanulok
    text = "\n".join(pptx_texts((out / f"briefing_65_{latest}.pptx").read_bytes()))
    assert "จังหวัดพิษณุโลก" in text
    rows = sql(sample_db, """SELECT service_code, sum(adopted), sum(eligible) FROM mart_adoption_monthly
                             WHERE province_code = '65' AND month = (SELECT max(month) FROM mart_adoption_monthly)
                             GROUP BY ALL""")
    assert len(rows) == 4
    for code, adopted, eligible in rows:
        assert f"{adopted:,} / {eligible:,}" in text, (code, text[:600])


def test_report_pdf_text_is_thai_and_exact(phitsanulok, latest):
    _, out = phitsanulok
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out / f"briefing_65_{latest}.pdf"), "-"],
                          capture_output=True, text=True, timeout=60, check=True).stdout
    assert "จังหวัดพิษณุโลก" in re.sub(r"[\s\u200b]", "", text), text[:400]


def test_report_english(sample_db, tmp_path, latest):
    r = egov("report", "--province", "TH-65", "--lang", "en", "--format", "pptx", "--out", str(tmp_path), db=sample_db)
    assert r.returncode == 0, r.stderr
    text = "\n".join(pptx_texts((tmp_path / f"briefing_65_{latest}.pptx").read_bytes()))
    assert "Phitsanulok" in text and "Electronic Government Agency (EGA)" in text
    assert "สำนักงานรัฐบาลอิเล็กทรอนิกส์" not in text  # the labels are English (agency names stay as loaded)


def test_report_around_an_event(sample_db, tmp_path, latest):
    event_id, title = sql(sample_db, """SELECT event_id, title FROM events WHERE province_code = '65' AND title IS NOT NULL
                                         ORDER BY event_date DESC, event_id LIMIT 1""")[0]
    r = egov("report", "--province", "65", "--event", event_id, "--format", "pptx", "--out", str(tmp_path),
             db=sample_db)
    assert r.returncode == 0, r.stderr
    path = tmp_path / f"briefing_65_{event_id}_{latest}.pptx"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    text = "\n".join(pptx_texts(path.read_bytes()))
    assert title.strip() in text


@pytest.mark.slow  # a briefing for each of the 77 provinces: over a minute
def test_report_every_province(sample_db, tmp_path, latest):
    """--all-provinces: one briefing for each province that has agencies, named by its code."""
    r = egov("report", "--all-provinces", "--format", "pptx", "--out", str(tmp_path), db=sample_db)
    assert r.returncode == 0, r.stderr
    with_agencies = {c for (c,) in sql(sample_db, "SELECT DISTINCT province_code FROM agencies")}
    assert {p.name for p in tmp_path.iterdir()} == {f"briefing_{c}_{latest}.pptx" for c in with_agencies}
    assert len(with_agencies) == 77
    bangkok = "\n".join(pptx_texts((tmp_path / f"briefing_10_{latest}.pptx").read_bytes()))
    assert "กรุงเทพมหานคร" in bangkok


def test_report_of_a_fiscal_year(sample_db, tmp_path):
    """--period takes the sidebar's named periods: fiscal year 2559 (fy2016) ends in September 2016."""
    r = egov("report", "--province", "65", "--period", "fy2016", "--format", "pptx", "--out", str(tmp_path),
             db=sample_db)
    assert r.returncode == 0, r.stderr
    path = tmp_path / "briefing_65_201609.pptx"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    assert "ข้อมูล ณ สิ้นเดือน ก.ย. 2559" in "\n".join(pptx_texts(path.read_bytes()))


@pytest.mark.parametrize("args, message", [
    (["--province", "65", "--period", "fy1990"], "unknown period 'fy1990' for this warehouse"),
    (["--province", "Atlantis"], "unknown province 'Atlantis'"),
    (["--province", "65", "--event", "NO-SUCH-EVENT"], "event 'NO-SUCH-EVENT' is not an event of province 65"),
    (["--province", "65", "--format", "docx"], "unknown format 'docx': choose from pptx, pdf"),
    (["--all-provinces", "--event", "X"], "--event names one province's event: use it with one --province"),
    (["--province", "64,65", "--event", "X"], "--event names one province's event: use it with one --province"),
    (["--region", "atlantis"], "unknown region 'atlantis' of region4"),
    (["--province", "65", "--end", "2600-13"], "not a month: '2600-13'"),
])
def test_report_refuses_in_one_line(sample_db, tmp_path, args, message):
    r = egov("report", *args, "--out", str(tmp_path / "out"), db=sample_db)
    assert r.returncode == 2
    assert r.stderr.startswith(f"error: {message}"), r.stderr
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("args, stem, place", [
    (["--province", "64,65"], "briefing_64-65", "สุโขทัย"),
    (["--region", "north"], "briefing_r-north", "ภาคเหนือ"),
    (["--nation"], "briefing_all", "ทั้งประเทศ"),
])
def test_report_of_a_group_a_region_and_the_nation(sample_db, tmp_path, args, stem, place):
    """The briefing's other areas (issue 14 item 7) from the command line: one deck each, named by its area."""
    r = egov("report", *args, "--format", "pptx", "--out", str(tmp_path), db=sample_db)
    assert r.returncode == 0, r.stderr
    (path,) = tmp_path.iterdir()
    assert re.fullmatch(stem + r"_\d{6}\.pptx", path.name)
    assert place in "\n".join(pptx_texts(path.read_bytes()))


def test_report_without_a_warehouse(tmp_path):
    r = egov("report", "--province", "65", "--out", str(tmp_path), db=tmp_path / "none.duckdb")
    assert r.returncode == 2
    assert r.stderr.strip() == f"error: there is no warehouse at {tmp_path / 'none.duckdb'}: load data first with " \
                               "`python -m etl load`"


def test_report_is_an_administrators_job_whatever_the_sign_in(sample_db, tmp_path, latest):
    """A sign-in configuration limits dashboard users to their provinces; the batch job has no signed-in user
    and reads every province (egov.auth's library user), as docs/SECURITY.md says."""
    auth = tmp_path / "auth.toml"
    auth.write_text('mode = "password"\n[users."somchai"]\nrole = "presenter"\nprovinces = ["20"]\n'
                    'password = "scrypt$16384$8$1$00$00"\n', encoding="utf-8")
    out = tmp_path / "out"
    r = egov("report", "--province", "65", "--format", "pptx", "--out", str(out), db=sample_db,
             env={"EGOV_AUTH": str(auth)})
    assert r.returncode == 0, r.stderr
    text = "\n".join(pptx_texts((out / f"briefing_65_{latest}.pptx").read_bytes()))
    (n,) = sql(sample_db, "SELECT count(*) FROM agencies WHERE province_code = '65'")[0]
    assert f"{n:,}" in text and "จังหวัดพิษณุโลก" in text

"""The briefing `python -m egov report` writes is the one the Briefing page's download buttons give: the page
is opened in Chromium on a province (its link, ?p=65), each download button clicked, and the files compared
with the command's: the PPTX part by part (every slide, chart and embedded workbook, byte for byte but for
the workbooks' creation time), the PDF as its text (pdftotext) and page count.
"""

from __future__ import annotations

import re
import subprocess

from tests.test_report import egov, zip_parts

from .conftest import open_app, wait_idle

MAIN = "[data-testid='stMain']"


def _download(page, label: re.Pattern, tmp_path):
    buttons = page.locator(f"{MAIN} [data-testid='stDownloadButton']").filter(has_text=label)
    assert buttons.count(), f"no download button matching {label.pattern}"
    with page.expect_download(timeout=120_000) as info:
        buttons.first.click()
    dl = info.value
    assert dl.failure() is None, dl.failure()
    out = tmp_path / "page" / dl.suggested_filename
    out.parent.mkdir(exist_ok=True)
    dl.save_as(out)
    return out


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(path), "-"], capture_output=True, text=True,
                          timeout=60, check=True).stdout


def test_the_page_downloads_are_the_command_files(page, server, sample_db, tmp_path):
    open_app(page, server.url, "/briefing?p=65")
    wait_idle(page, timeout=60_000)
    pptx = _download(page, re.compile("pptx|powerpoint", re.I), tmp_path)
    pdf = _download(page, re.compile("pdf", re.I), tmp_path)

    r = egov("report", "--province", "65", "--lang", "th", "--format", "pdf,pptx", "--out", str(tmp_path / "cli"),
             db=sample_db)
    assert r.returncode == 0, r.stderr
    cli_pptx, cli_pdf = tmp_path / "cli" / pptx.name, tmp_path / "cli" / pdf.name
    assert cli_pptx.exists() and cli_pdf.exists(), (pptx.name, pdf.name, r.stdout)  # the same file names

    page_parts, cli_parts = zip_parts(pptx.read_bytes()), zip_parts(cli_pptx.read_bytes())
    assert list(page_parts) == list(cli_parts)
    assert [n for n in page_parts if page_parts[n] != cli_parts[n]] == []

    page_text, cli_text = _pdf_text(pdf), _pdf_text(cli_pdf)
    assert "พิษณุโลก" in page_text
    assert page_text == cli_text

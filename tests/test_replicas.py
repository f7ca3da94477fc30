"""Scaling out (docs/SCALING.md): two dashboard servers on one warehouse file, as two replicas behind a
load balancer would be. Both serve pages at the same time, and both show a newly published warehouse
without a restart (the ETL's os.replace changes the file's identity, which is part of egov.db's cache key).

The pages are run over Streamlit's own websocket protocol (what the browser sends: a rerun request; what
it gets: the elements, then script_finished), so no browser is needed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from bench.server import NotHealthy, stop, wait_healthy
from etl.publish import next_warehouse
from tests.browser.conftest import _free_port

websockets_sync = pytest.importorskip("websockets.sync.client")

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_BANNER = "ข้อมูลตัวอย่าง"  # app.sample: shown on every page while the warehouse holds sample data


def _start(db: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
           "--server.runOnSave", "false"]
    env = {**os.environ, "EGOV_DB": str(db), "PYTHONUNBUFFERED": "1"}
    env.pop("EGOV_AUTH", None)
    with open(log, "w", encoding="utf-8") as fh:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return proc, f"http://127.0.0.1:{port}"


def _wait_healthy(proc: subprocess.Popen, url: str, log: Path) -> None:
    try:
        wait_healthy(proc, url, 90)
    except NotHealthy as e:
        pytest.fail(f"{url}: {e}: {log.read_text()[-2000:]}")


def run_page(url: str, page: str = "", timeout: float = 120) -> tuple[list[str], list[str]]:
    """One new session's first run of `page`: (texts of the markdown/alert/metric elements, problems)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ClientState_pb2 import ClientState
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    texts, problems = [], []
    with websockets_sync.connect(url.replace("http://", "ws://") + "/_stcore/stream", subprotocols=["streamlit"],
                                 origin=url, max_size=None, open_timeout=timeout) as ws:
        ws.send(BackMsg(rerun_script=ClientState(page_name=page)).SerializeToString())
        deadline = time.monotonic() + timeout
        while True:
            fwd = ForwardMsg.FromString(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            what = fwd.WhichOneof("type")
            if what == "page_not_found":
                problems.append(f"page not found: {page}")
            elif what == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                el = fwd.delta.new_element
                kind = el.WhichOneof("type")
                if kind == "exception":
                    problems.append(f"{el.exception.type}: {el.exception.message}")
                elif kind == "alert":
                    texts.append(el.alert.body)
                    if el.alert.format == el.alert.ERROR:
                        problems.append(el.alert.body)
                elif kind == "markdown":
                    texts.append(el.markdown.body)
                elif kind == "metric":
                    texts.append(f"{el.metric.label} {el.metric.body}")
            elif what == "script_finished" and fwd.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return texts, problems


@pytest.fixture
def replicas(sample_db, tmp_path):
    live = tmp_path / "warehouse" / "adoption.duckdb"
    live.parent.mkdir()
    shutil.copyfile(sample_db, live)
    started = [(*_start(live, tmp_path / f"replica{i}.log"), tmp_path / f"replica{i}.log") for i in range(2)]
    try:
        for proc, url, log in started:
            _wait_healthy(proc, url, log)
        yield live, [url for _, url, _ in started], [log for _, _, log in started]
    finally:
        stop(*(proc for proc, _, _ in started), timeout=15)


@pytest.mark.slow  # two dashboard servers started: about 20 s
def test_two_replicas_serve_one_warehouse_and_both_see_a_publish(replicas):
    live, urls, logs = replicas
    for url in urls:
        for page in ("", "provinces"):
            texts, problems = run_page(url, page)
            assert not problems, (url, page, problems)
            assert any(SAMPLE_BANNER in t for t in texts), (url, page, texts[:5])
    inode = live.stat().st_ino

    # the ETL's atomic publish (a copy built beside the live file, then os.replace): here a warehouse that
    # no longer holds sample data, so every page drops the sample banner
    with next_warehouse(live) as nxt:
        con = duckdb.connect(str(nxt.path))
        con.execute("UPDATE warehouse_info SET value = 'false' WHERE key = 'sample'")
        con.close()
        nxt.commit = True
    assert live.stat().st_ino != inode

    for url in urls:
        texts, problems = run_page(url, "")
        assert not problems, (url, problems)
        assert texts and not any(SAMPLE_BANNER in t for t in texts), (url, texts[:5])
    for log in logs:
        assert "Traceback" not in log.read_text(encoding="utf-8", errors="replace")

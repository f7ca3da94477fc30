"""One Streamlit server for a bench pass: started on a free port, health-polled, its peak memory read
from /proc (VmHWM: the resident set's high-water mark), stopped.

mode: "live" (`streamlit run dashboard.py`), "record" / "replay" (the same through bench.replay),
"naive" (`streamlit run bench/naive/app.py`).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ["--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
         "--server.runOnSave", "false", "--browser.gatherUsageStats", "false"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NotHealthy(RuntimeError):
    """A dashboard server exited, or did not answer its health check in time."""


def wait_healthy(proc: subprocess.Popen, url: str, seconds: float = 60) -> None:
    """Wait until the streamlit server `proc` answers /_stcore/health with "ok"; NotHealthy when it exits
    first or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while True:
        if proc.poll() is not None:
            raise NotHealthy(f"exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200 and r.read().strip() == b"ok":
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise NotHealthy(f"no /_stcore/health answer within {seconds:.0f} s")
        time.sleep(0.2)


def stop(*procs: subprocess.Popen, timeout: float = 10) -> None:
    """Terminate the processes (all at once, so they shut down together), then kill any still running
    after timeout seconds."""
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


class Server:
    def __init__(self, mode: str, db: Path, log: Path, recording: Path | None = None):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        script = "bench/naive/app.py" if mode == "naive" else "dashboard.py"
        st_args = ["run", script, "--server.port", str(self.port), *FLAGS]
        if mode in ("record", "replay"):
            cmd = [sys.executable, "-m", "bench.replay", mode, str(recording), "--", *st_args]
        else:
            cmd = [sys.executable, "-m", "streamlit", *st_args]
        env = {**os.environ, "EGOV_DB": str(db), "PYTHONUNBUFFERED": "1"}
        self.log = log
        self._fh = open(log, "w", encoding="utf-8")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self._fh, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        try:
            wait_healthy(self.proc, self.url, 90)
        except NotHealthy as e:
            self.stop()
            raise RuntimeError(f"{' '.join(cmd)}: {e}: {log.read_text()[-2000:]}") from e

    def _status(self, field: str) -> int:
        """A field of /proc/PID/status in bytes (VmHWM, VmRSS)."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
        return 0

    def peak_mb(self) -> float:
        return self._status("VmHWM") / 1e6

    def rss_mb(self) -> float:
        return self._status("VmRSS") / 1e6

    def cpu_s(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def tracebacks(self) -> int:
        return self.log.read_text(encoding="utf-8", errors="replace").count("Traceback (most recent call last)")

    def stop(self) -> None:
        stop(self.proc, timeout=30)
        self._fh.close()

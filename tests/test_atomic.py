"""A load killed at any moment leaves the last good warehouse byte-identical and openable."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from etl.load import run

ROOT = Path(__file__).resolve().parent.parent
MESSY = Path(__file__).parent / "fixtures" / "messy"


def test_sigkill_midway_leaves_previous_warehouse(tmp_path, sample_files):
    db = tmp_path / "adoption.duckdb"
    command = [sys.executable, "-m", "etl", "load", str(sample_files), "--db"]
    t0 = time.perf_counter()  # how long a whole load takes here, so every kill lands inside one
    subprocess.run(command + [str(tmp_path / "timing.duckdb")], cwd=ROOT, check=True, capture_output=True)
    whole = time.perf_counter() - t0
    run([MESSY], db)
    before = db.read_bytes()
    rng = random.Random(2557)
    for trial in range(3):
        proc = subprocess.Popen(command + [str(db)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.15, 0.8) * whole)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL, f"trial {trial}: the load finished before it was killed"
        assert db.read_bytes() == before, f"trial {trial}: the live warehouse changed"
        con = duckdb.connect(str(db), read_only=True)
        assert con.execute("SELECT count(*) FROM agencies").fetchall() == [(6,)]
        con.close()
    # The lock died with the process; the next load runs, publishes and sweeps the dead builds.
    report = run([MESSY / "usage.csv"], db)
    assert report.published
    assert not [p for p in os.listdir(tmp_path) if ".build-" in p]

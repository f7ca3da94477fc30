"""A load killed at any moment leaves the last good warehouse byte-identical and openable; two loads at
once never corrupt anything (the second is refused with a clear message); a full disk fails the load
cleanly. Figures are printed (pytest -s) for docs/RELIABILITY.md."""

from __future__ import annotations

import fcntl
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from etl import marts
from etl.load import run

ROOT = Path(__file__).resolve().parent.parent
MESSY = Path(__file__).parent / "fixtures" / "messy"
STAGES = ("copy", "load", "marts", "checks", "publish")
CORE = ("agencies", "subscriptions", "usage_monthly", "feedback", "events", "tickets")
BUSY = "another load is running; try again when it has finished"

# The real CLI, with a line written to fd $MARKS at the start of each stage of etl.load.run (and
# "published" once the rename is done), so that a kill can be aimed at a stage and a lock seen held.
HARNESS = """
import os, sys
from contextlib import contextmanager
fd = int(os.environ["MARKS"])
def mark(stage):
    os.write(fd, (stage + "\\n").encode())
from etl import load, marts, publish
real_next, real_init, real_marts, real_checks, real_replace = (
    load.next_warehouse, load.init_schema, marts.build_marts, marts.run_checks, os.replace)
@contextmanager
def next_warehouse(db):
    mark("copy")
    with real_next(db) as nxt:
        yield nxt
def init_schema(con):
    mark("load")
    return real_init(con)
def build_marts(con):
    mark("marts")
    return real_marts(con)
def run_checks(con):
    mark("checks")
    failures = real_checks(con)
    mark("publish")
    return failures
def replace(a, b):
    real_replace(a, b)
    mark("published")
load.next_warehouse, load.init_schema, marts.build_marts, marts.run_checks = (
    next_warehouse, init_schema, build_marts, run_checks)
publish.os.replace = replace
from etl.cli import main
"""
# Python and the ETL's imports take longer than a small load: a fork server imports once (and never opens
# a database), then forks one child per load, which runs the CLI and is the process killed.
FORK_SERVER = HARNESS + """
import signal
children = set()
def ended(*_):
    # every child's end is marked at once, so no one waits for a mark that will never come; it is reaped
    # only when asked ("wait"), so its pid cannot be reused while the test may still signal it
    for pid in list(children):
        info = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        if info is not None:
            children.discard(pid)
            mark(f"exit {pid} {info.si_status if info.si_code == os.CLD_EXITED else -info.si_status}")
signal.signal(signal.SIGCHLD, ended)
for line in sys.stdin:
    command, *rest = line.rstrip("\\n").split("\\t")
    if command == "wait":
        os.waitpid(int(rest[0]), 0)
        continue
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGCHLD])  # children holds the pid before it can end
    pid = os.fork()
    if pid == 0:  # rest: the file for stderr, then the CLI's arguments
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGCHLD])
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        os.dup2(os.open(rest[0], os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 2)
        try:
            code = main(rest[1:])
        except SystemExit as e:
            code = e.code
        except BaseException:
            code = 1
        os._exit(code or 0)
    children.add(pid)
    mark(f"pid {pid}")
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGCHLD])
"""


class ForkServer:
    """CLI loads forked from one pre-imported process. start() returns the child's pid; its stage marks
    (and other children's) and its exit code arrive on one pipe."""

    def __init__(self):
        r, w = os.pipe()
        # one thread fewer to fork past (numpy's OpenBLAS pool); pyarrow's jemalloc has fork handlers
        env = {**os.environ, "MARKS": str(w), "OPENBLAS_NUM_THREADS": "1"}
        self.proc = subprocess.Popen([sys.executable, "-c", FORK_SERVER], cwd=ROOT, pass_fds=(w,), env=env,
                                     stdin=subprocess.PIPE, text=True)
        os.close(w)
        self.marks = os.fdopen(r, "r")
        self.seen: list[tuple[str, float]] = []
        self.exits: dict[int, int] = {}

    def _send(self, *fields: str) -> None:
        self.proc.stdin.write("\t".join(fields) + "\n")
        self.proc.stdin.flush()

    def _next(self) -> str:
        line = self.marks.readline().strip()
        assert line, "the fork server died"
        self.seen.append((line, time.perf_counter()))
        if line.startswith("exit "):
            self.exits[int(line.split()[1])] = int(line.split()[2])
        return line

    def start(self, args: list[str], stderr: Path | str = os.devnull) -> int:
        self.seen = []
        self._send("load", str(stderr), "load", *args)
        while not (line := self._next()).startswith("pid "):
            pass
        return int(line.split()[1])

    def wait_for(self, stage: str) -> bool:
        """Block until a child marks `stage` (True) or the server reports a child ended (False). The child
        may have marked it before the server wrote its pid, while start() was reading."""
        return stage in self.reached or self._next_of(stage) == stage

    def _next_of(self, stage: str) -> str:
        while (line := self._next()) != stage and not line.startswith("exit "):
            pass
        return line

    def finish(self, pid: int) -> int:
        while pid not in self.exits:
            self._next()
        self._send("wait", str(pid))  # reaps it
        return self.exits.pop(pid)

    @property
    def reached(self) -> list[str]:
        return [s for s, _ in self.seen if s in STAGES or s == "published"]

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()
        self.marks.close()


def counts(db: Path) -> dict[str, int]:
    """Rows per core table, read through a fresh read-only connection: proves the file opens."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH '{db}' AS w (READ_ONLY)")
        return {t: con.execute(f"SELECT count(*) FROM w.{t}").fetchall()[0][0] for t in CORE + ("etl_loads",)}
    finally:
        con.close()


def checks_pass(db: Path) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return marts.run_checks(con)
    finally:
        con.close()


def lock_is_free(db: Path) -> bool:
    with open(db.parent / f".{db.name}.lock", "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(f, fcntl.LOCK_UN)
        return True


def builds(db: Path) -> list[Path]:
    return list(db.parent.glob(f".{db.name}.build-*"))


@pytest.mark.slow
def test_sigkill_at_random_moments_leaves_the_last_good_warehouse(tmp_path):
    """24 loads killed with SIGKILL (of at most 40 started), aimed in turn at each stage (copy, load, marts,
    checks, publish) at a seeded random moment within it. After each the live warehouse is byte-identical
    to the last good one (or, when the kill came after the rename, the complete new one), opens, and the
    lock is free; each load sweeps the builds of the ones killed before it, and a last one publishes."""
    db = tmp_path / "adoption.duckdb"
    run([MESSY], db)
    args = [str(MESSY), "--db", str(db)]
    server = ForkServer()
    try:
        pid = server.start(args)  # how long each stage takes here, so a kill lands inside the stage it aims at
        assert server.finish(pid) == 0
        marks = [(s, t) for s, t in server.seen if not s.startswith("pid ")]
        starts, order = dict(marks), [s for s, _ in marks]
        span = {s: starts[order[order.index(s) + 1]] - starts[s] for s in STAGES}
        good, expected = db.read_bytes(), counts(db)
        rng = random.Random(2557)
        kills: dict[str, int] = dict.fromkeys(STAGES, 0)
        finished = trial = 0
        while sum(kills.values()) < 24 and trial < 40:  # a load aimed at its last moments may finish first
            trial += 1
            aim = STAGES[trial % len(STAGES)]
            pid = server.start(args, tmp_path / "stderr.txt")
            assert server.wait_for(aim), f"trial {trial}: the load ended before {aim}: " + (
                tmp_path / "stderr.txt").read_text()
            time.sleep(rng.uniform(0, 1) * span[aim])
            os.kill(pid, signal.SIGKILL)
            code = server.finish(pid)
            if code == -signal.SIGKILL:
                kills[server.reached[-1]] = kills.get(server.reached[-1], 0) + 1
            else:
                assert code == 0
                finished += 1
            if db.read_bytes() != good:  # only a load past its rename (the commit) may change the warehouse
                assert "publish" in server.reached, f"trial {trial} ({aim}): the live warehouse changed"
                expected["etl_loads"] += 6  # one row per file of the complete new warehouse
                good = db.read_bytes()
            assert counts(db) == expected, f"trial {trial} ({aim})"
            assert lock_is_free(db), f"trial {trial}: the lock outlived the process"
    finally:
        server.close()
    print(f"\nkills survived: {sum(kills.values())} of {trial} loads ({kills}; {finished} finished first)")
    assert sum(kills.values()) >= 20
    assert sum(1 for s in STAGES if kills[s]) >= 4  # timing on a busy machine may shift a stage's share
    # The next load runs, publishes and sweeps the dead builds.
    report = run([MESSY / "usage.csv"], db)
    assert report.published and not builds(db)
    assert checks_pass(db) == []


@pytest.mark.slow
def test_two_loads_at_once(tmp_path):
    """Three rounds of two CLI loads started together (forked a millisecond apart) on one warehouse, then
    one started while another holds the lock: a second load is refused at once with the clear message
    (exit 2), never both at work; the final warehouse passes the data checks with exact row counts."""
    reference = tmp_path / "reference.duckdb"
    run([MESSY], reference)
    db = tmp_path / "adoption.duckdb"
    run([MESSY], db)
    args = [str(MESSY), "--db", str(db)]
    outcomes, published = [], 1
    server = ForkServer()
    try:
        for round_ in range(3):
            errs = [tmp_path / f"err{round_}{i}.txt" for i in range(2)]
            pids = [server.start(args, err) for err in errs]
            codes = [server.finish(pid) for pid in pids]
            outcomes.append(tuple(codes))
            assert sorted(codes) in ([0, 0], [0, 2]), codes  # both 0: the first was done before the second began
            for code, err in zip(codes, errs):
                if code == 2:
                    assert err.read_text().splitlines()[-1] == f"error: {db}: {BUSY}"
            published += codes.count(0)
        holder = server.start(args)
        assert server.wait_for("load")  # holds the lock now
        second = server.start(args, tmp_path / "second.txt")
        assert server.finish(second) == 2
        assert (tmp_path / "second.txt").read_text().splitlines()[-1] == f"error: {db}: {BUSY}"
        assert server.finish(holder) == 0
        published += 1
    finally:
        server.close()
    print(f"\nconcurrent loads: exit codes of rounds started together {outcomes} (0 published, 2 refused: "
          "busy); one started under a held lock: refused")
    assert checks_pass(db) == []
    want = counts(reference)
    assert counts(db) == {**want, "etl_loads": want["etl_loads"] * published}
    assert not builds(db) and lock_is_free(db)


def _load_with_file_size_limit(db: Path, inputs: list[Path], limit: int) -> subprocess.CompletedProcess:
    """The CLI with RLIMIT_FSIZE: a write past `limit` bytes fails with EFBIG (Python ignores SIGXFSZ),
    as a full disk fails with ENOSPC."""
    def limited():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return subprocess.run([sys.executable, "-m", "etl", "load", *map(str, inputs), "--db", str(db)], cwd=ROOT,
                          capture_output=True, text=True, preexec_fn=limited)


def _one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if not line.startswith("[")]  # less the progress lines
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize("room", [-1, 64 * 1024], ids=["copy-fails", "build-fails"])
def test_full_disk_fails_cleanly(tmp_path, room):
    """No room to copy the live warehouse, or room for the copy but not for what the load adds."""
    db = tmp_path / "adoption.duckdb"
    run([MESSY / "agencies_th.csv"], db)
    before = db.read_bytes()
    p = _load_with_file_size_limit(db, [MESSY], len(before) + room)
    assert p.returncode == 2, p.stderr
    assert _one_error_line(p.stderr) == (f"error: {db}: the next warehouse could not be written beside it "
                                         "(File too large); nothing published, the warehouse is unchanged")
    assert db.read_bytes() == before and not builds(db) and lock_is_free(db)
    assert run([MESSY], db).published  # and the next load, with room, works


def test_full_tmpfs_fails_cleanly(tmp_path):
    """The same on a real full file system: a tmpfs with room for the warehouse, its copy and 128 KiB
    (root and mount(8) needed; skipped otherwise)."""
    run([MESSY / "agencies_th.csv"], tmp_path / "w.duckdb")
    mnt = tmp_path / "small_disk"
    mnt.mkdir()
    size = 2 * (tmp_path / "w.duckdb").stat().st_size + (128 << 10)
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mnt)], check=True,
                       capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("cannot mount a tmpfs here")
    try:
        db = mnt / "adoption.duckdb"
        shutil.copyfile(tmp_path / "w.duckdb", db)
        before = db.read_bytes()
        p = subprocess.run([sys.executable, "-m", "etl", "load", str(MESSY), "--db", str(db)], cwd=ROOT,
                           capture_output=True, text=True)
        assert p.returncode == 2, p.stderr
        assert _one_error_line(p.stderr) == (f"error: {db}: the next warehouse could not be written beside it "
                                             "(No space left on device); nothing published, the warehouse is "
                                             "unchanged")
        assert db.read_bytes() == before and not builds(db)
        assert counts(db)["agencies"] == 6
    finally:
        subprocess.run(["umount", str(mnt)], check=False, capture_output=True)


@pytest.mark.parametrize("error, why", [
    (duckdb.TransactionException('TransactionContext Error: Failed to commit: Could not write file "/x/.a.build-1/'
                                 'a.duckdb.wal": No space left on device'),
     "the next warehouse could not be written beside it (No space left on device)"),
    (duckdb.OutOfMemoryException("Out of Memory Error: Failed to allocate block of 262144 bytes\nPossible solutions"),
     "out of memory while building the next warehouse (Out of Memory Error: Failed to allocate block of 262144 "
     "bytes)"),
])
def test_write_and_memory_failures_are_one_line(tmp_path, monkeypatch, capsys, error, why):
    """Whichever DuckDB error class a refused write or exhausted memory surfaces as, in whichever stage."""
    from etl.cli import main

    db = tmp_path / "adoption.duckdb"
    run([MESSY / "agencies_th.csv"], db)
    before = db.read_bytes()

    def fail(con):
        try:
            raise error
        except duckdb.Error as e:  # as etl.marts wraps a failing model
            raise RuntimeError(f"mart 10_x.sql failed: {e}") from e

    monkeypatch.setattr(marts, "build_marts", fail)
    assert main(["load", str(MESSY / "usage.csv"), "--db", str(db)]) == 2
    assert _one_error_line(capsys.readouterr().err).startswith(f"error: {db}: {why}; nothing published")
    assert db.read_bytes() == before and not builds(db)

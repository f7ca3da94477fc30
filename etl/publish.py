"""Atomic publish: build the next warehouse beside the live one, then make it live with one rename.

A failed or killed load leaves the live file untouched (it is only ever copied, never opened for
writing), and a dashboard holding it read-only never sees half a load and never meets a lock.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class Busy(Exception):
    """Another load holds the warehouse."""


@dataclass
class Next:
    path: Path  # the warehouse being built
    scratch: Path  # a folder for transcoded files (and DuckDB's spilled temporary tables), deleted afterwards
    commit: bool = False  # set by the caller once the build is complete and checked


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def exclusive(lock_path: Path, busy: Exception):
    """Hold an flock on lock_path for the block; raise `busy` at once when another process holds it."""
    with open(lock_path, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            raise busy from e
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _build_dirs(live: Path) -> list[Path]:
    return [p for p in live.parent.glob(f".{live.name}.build-*") if p.is_dir()]


@contextmanager
def next_warehouse(live: Path):
    """Yield a Next; when the block ends with next.commit set, the build replaces `live`."""
    live = Path(live).absolute()
    live.parent.mkdir(parents=True, exist_ok=True)
    with exclusive(live.parent / f".{live.name}.lock",
                   Busy(f"{live}: another load is running; try again when it has finished")):
        for stale in _build_dirs(live):  # left by a killed load: we hold the lock, so none is running
            shutil.rmtree(stale, ignore_errors=True)
        build = Path(tempfile.mkdtemp(prefix=f".{live.name}.build-", dir=live.parent))
        nxt = Next(build / live.name, build)
        try:
            if live.exists():
                shutil.copyfile(live, nxt.path)
            yield nxt
            if nxt.commit:
                wal = nxt.path.with_name(nxt.path.name + ".wal")
                if wal.exists():
                    raise RuntimeError(f"{nxt.path}: write-ahead log left after close; not publishing")
                with open(nxt.path, "rb+") as f:
                    os.fsync(f.fileno())
                os.replace(nxt.path, live)
                fsync_dir(live.parent)
        finally:
            shutil.rmtree(build, ignore_errors=True)

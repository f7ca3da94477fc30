"""Atomic publish: build the next warehouse beside the live one, then make it live with one rename.

A failed or killed load leaves the live file untouched (it is only ever copied, never opened for
writing), and a dashboard holding it read-only never sees half a load and never meets a lock.

The copy is a copy-on-write clone where the filesystem has one (btrfs, XFS with reflink, bcachefs, ZFS 2.2:
FICLONE, as `cp --reflink=auto`): instant whatever the size, and the build's writes land in new blocks, so
the live file is as untouched as with a copy. Elsewhere (ext4, tmpfs, overlayfs) it is an in-kernel copy
(copy_file_range). See docs/SCALING.md.
"""

from __future__ import annotations

import errno
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
    copied_by: str | None = None  # "clone" or "copy" (clone_file), None when there was no live warehouse


FICLONE = 0x40049409  # _IOW(0x94, 9, int), linux/fs.h
_NO_CLONE = {errno.EOPNOTSUPP, errno.ENOTTY, errno.EXDEV, errno.EINVAL, errno.ENOSYS, errno.EPERM}


def clone_file(src: Path, dst: Path) -> str:
    """Copy src to a new file dst: a copy-on-write clone when the filesystem can ("clone"), else a copy
    ("copy"). dst then shares no writable state with src either way: writes to one never reach the other."""
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        try:
            fcntl.ioctl(fout.fileno(), FICLONE, fin.fileno())
            return "clone"
        except OSError as e:
            if e.errno not in _NO_CLONE:
                raise
        # in the kernel, no round trip through user space (what shutil.copyfile's sendfile also does)
        size, done = os.fstat(fin.fileno()).st_size, 0
        try:
            while done < size:
                n = os.copy_file_range(fin.fileno(), fout.fileno(), size - done, done, done)
                if n == 0:
                    break
                done += n
        except OSError as e:
            if e.errno not in _NO_CLONE:
                raise
            fout.seek(0)
            fout.truncate()
            fin.seek(0)
            shutil.copyfileobj(fin, fout, 1 << 22)
            return "copy"
        if done != size:
            raise OSError(errno.EIO, f"{src}: copied {done} of {size} bytes")
        return "copy"


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
                nxt.copied_by = clone_file(live, nxt.path)
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

"""One run at a time per output folder: an exclusive lock on ``OUT/.lock``.

``fcntl.flock`` locks belong to an open file: the system releases them when the file is closed
or its process ends, however it ends, so a killed run never leaves a folder locked. The same
kind of lock on ``OUT/.tables/RUN/.owner`` marks a run folder whose run is still alive, and a
shared one a published run folder that a reader is reading, so that no clean-up removes either
(:mod:`claimscope.run.store`).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)

#: The lock file of an output folder.
LOCK_FILE = ".lock"


def _try_lock(fd: int) -> bool:
    """Lock ``fd`` exclusively if no one else has it; whether it worked."""
    if fcntl is None:  # pragma: no cover - not POSIX
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def hold(path: Path) -> int:
    """Create ``path`` and lock it for as long as the returned descriptor is open.

    Raises:
        BlockingIOError: someone else holds it.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    if not _try_lock(fd):
        os.close(fd)
        raise BlockingIOError(f"{path} is locked by another process")
    return fd


def pin(path: Path) -> int | None:
    """Hold a shared lock on ``path`` for as long as the returned descriptor is open, so that no
    clean-up removes the folder it is in; None when that cannot be had now (a clean-up or a
    live run holds it, or the file is gone or was moved while it was opened).
    """
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
    try:
        here = os.stat(path)
    except OSError:
        here = None
    held = os.fstat(fd)
    if here is None or (here.st_dev, here.st_ino) != (held.st_dev, held.st_ino):
        os.close(fd)  # removed or moved away while it was being opened
        return None
    return fd


class OutputBusyError(RuntimeError):
    """Another run holds the lock of the output folder."""


class OutputLock:
    """An exclusive lock on an output folder (``fcntl.flock`` on ``OUT/.lock``).

    The system releases it when its process ends, however it ends, so a killed run never
    leaves the folder locked. The lock file is kept: removing it would let two runs lock two
    different files.

    Args:
        out_dir: The output folder (created if missing).
    """

    def __init__(self, out_dir: str | os.PathLike) -> None:
        self.out = Path(out_dir)
        self.path = self.out / LOCK_FILE
        self._fd: int | None = None

    def acquire(self, *, wait: bool = False) -> OutputLock:
        """Take the lock, or wait for it with ``wait``.

        Raises:
            OutputBusyError: another run holds it and ``wait`` is false.
            OSError: the folder or its lock file cannot be created.
        """
        if self._fd is not None:
            return self
        self.out.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if fcntl is None:  # pragma: no cover - not POSIX
                logger.warning("no fcntl here: runs into %s are not kept apart", self.out)
            if not _try_lock(fd):
                holder = self.holder()
                if not wait:
                    raise OutputBusyError(
                        f"{self.out} is in use by another claimscope run ({holder}); "
                        "wait until it ends, or let this run wait for it (--wait)"
                    )
                logger.warning("waiting for the other run on %s (%s) to end", self.out, holder)
                fcntl.flock(fd, fcntl.LOCK_EX)
            info = {"pid": os.getpid(), "host": socket.gethostname(), "since": _now()}
            os.ftruncate(fd, 0)
            os.write(fd, json.dumps(info).encode("utf-8"))
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return self

    def holder(self) -> str:
        """Who holds the lock, as its holder wrote it ("unknown" if unreadable)."""
        try:
            info = json.loads(self.path.read_text(encoding="utf-8"))
            return f"process {info['pid']} on {info['host']} since {info['since']}"
        except (OSError, ValueError, KeyError, TypeError):
            return "unknown process"

    def release(self) -> None:
        """Let the lock go (nothing if not held)."""
        if self._fd is not None:
            os.close(self._fd)  # closing the last descriptor releases the flock
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> OutputLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")

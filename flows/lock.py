"""One writer at a time: an exclusive lock file beside the warehouse.

DuckDB lets one process write a file; a second scheduled run starting while the first
is still loading must not fight it. The lock is an OS-level ``flock``: it is released
when the holder exits, even when the holder is killed, so a crash never leaves a stale
lock behind. The lock file records who holds it, for the message the loser prints.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path


class RunInProgressError(RuntimeError):
    """Another run holds the warehouse."""


@contextmanager
def run_lock(lock_path: Path, run_id: str, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold the warehouse's run lock; wait up to ``wait_seconds`` for it, then raise."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    handle = lock_path.open("a+")
    deadline = time.monotonic() + wait_seconds
    try:
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "unknown holder"
                    raise RunInProgressError(
                        f"another pipeline run is writing {lock_path.with_suffix('')} ({holder}); "
                        "this run exits without touching the warehouse"
                    ) from None
                time.sleep(0.5)
        handle.seek(0)
        handle.truncate()
        started = datetime.now(UTC).isoformat(timespec="seconds")
        handle.write(json.dumps({"run_id": run_id, "pid": os.getpid(), "started_at": started}))
        handle.flush()
        yield
    finally:
        handle.close()


def lock_holder(lock_path: Path) -> str | None:
    """Who holds the run lock now, or None when it is free (checked without keeping it)."""
    if not lock_path.exists():
        return None
    with lock_path.open("a+") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            return handle.read().strip() or "unknown holder"
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    return None

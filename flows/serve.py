"""Scheduled runs: serve the ``pipeline`` flow as a deployment on a cron schedule.

Schedules need a Prefect API server (the temporary one a plain run starts refuses them).
``make serve`` starts ``prefect server start`` on 127.0.0.1 with the project's own
PREFECT_HOME, waits for it to answer, then calls this. The deployment runs at most one
pipeline at a time (a concurrency limit of 1; the run lock backs it up).

Stopping is bounded: Prefect's runner shuts down gracefully on SIGTERM, cancelling
in-flight runs, but that can take over a minute. Here SIGTERM and SIGINT both start that
graceful shutdown and a timer ends the process, and every process it started, after
``SHUTDOWN_GRACE_SECONDS`` whatever is left. A pipeline run cut short loses nothing: on
SIGTERM it records itself failed and publishes the batches it committed; killed, it
leaves them in the build file for the next run to resume (flows/publish.py). Either way
the next run loads the files it had not reached and rebuilds the marts.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

from prefect.runner import Runner

from flows.pipeline import pipeline
from flows.settings import Settings

SHUTDOWN_GRACE_SECONDS = 8.0


def descendants(pid: int) -> list[int]:
    """Every live process below ``pid``, children first (from /proc; Linux)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(") ", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found: list[int] = []
    frontier = [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier and child not in found]
        found += children
        frontier = children
    return found


def stop_descendants(grace: float = 2.0) -> None:
    """SIGTERM every process this one started (flow runs start in their own process groups), then SIGKILL."""
    procs = descendants(os.getpid())
    for pid in procs:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in procs):
        time.sleep(0.1)
    for pid in descendants(os.getpid()) + procs:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _hard_exit() -> None:
    stop_descendants(grace=1.0)
    os._exit(0)


class BoundedShutdownRunner(Runner):
    """Prefect's runner, but a stop signal ends the process and its runs within ``SHUTDOWN_GRACE_SECONDS``."""

    def handle_sigterm(self, *args: Any, **kwargs: Any) -> None:
        timer = threading.Timer(SHUTDOWN_GRACE_SECONDS - 2.0, _hard_exit)
        timer.daemon = True
        timer.start()
        super().handle_sigterm(*args, **kwargs)


def serve(cron: str | None = None, interval: float | None = None) -> int:
    """Serve the pipeline deployment until stopped (a cron schedule, or every ``interval`` seconds)."""
    import asyncio

    settings = Settings.from_env()
    runner = BoundedShutdownRunner(name="scheduled", limit=1)
    if interval:
        runner.add_flow(pipeline, name="scheduled", interval=interval, concurrency_limit=1)
        print(f"serving deployment 'pipeline/scheduled' every {interval:g} s (Ctrl-C or SIGTERM to stop)", flush=True)
    else:
        schedule = cron or settings.schedule_cron
        runner.add_flow(pipeline, name="scheduled", cron=schedule, concurrency_limit=1)
        print(f"serving deployment 'pipeline/scheduled' on cron {schedule!r} (Ctrl-C or SIGTERM to stop)", flush=True)
    signal.signal(signal.SIGINT, runner.handle_sigterm)  # Ctrl-C: the same bounded shutdown
    try:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(runner.start())
    finally:
        stop_descendants()  # a run the runner could not stop in time must not outlive it
    print("served deployment stopped", flush=True)
    return 0

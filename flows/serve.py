"""Scheduled runs: serve the ``pipeline`` flow as a deployment on a cron schedule.

Schedules need a Prefect API server (the temporary one a plain run starts refuses them).
``make serve`` starts ``prefect server start`` on 127.0.0.1 with the project's own
PREFECT_HOME, waits for it to answer, then calls this. The deployment runs at most one
pipeline at a time (a concurrency limit of 1; the run lock backs it up).

Stopping is bounded: Prefect's runner shuts down gracefully on SIGTERM, cancelling
in-flight runs, but that can take over a minute. Here SIGTERM and SIGINT both start that
graceful shutdown and a timer ends the process after ``SHUTDOWN_GRACE_SECONDS`` whatever
is left. A pipeline run cut short this way loses nothing: its committed batches sit in
the build file, and the next run resumes them (flows/publish.py).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from typing import Any

from prefect.runner import Runner

from flows.pipeline import pipeline
from flows.settings import Settings

SHUTDOWN_GRACE_SECONDS = 8.0


class BoundedShutdownRunner(Runner):
    """Prefect's runner, but a stop signal ends the process within ``SHUTDOWN_GRACE_SECONDS``."""

    def handle_sigterm(self, *args: Any, **kwargs: Any) -> None:
        timer = threading.Timer(SHUTDOWN_GRACE_SECONDS, os._exit, args=(0,))
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
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(runner.start())
    print("served deployment stopped", flush=True)
    return 0

"""Scheduled runs: serve the ``pipeline`` flow as a deployment on a cron schedule.

Schedules need a Prefect API server (the temporary one a plain flow run starts refuses
them). ``make serve`` starts ``prefect server start`` on 127.0.0.1 with the project's
own PREFECT_HOME, waits for it to answer, then calls this. The deployment runs at most
one pipeline at a time (a concurrency limit of 1; the run lock backs it up).
"""

from __future__ import annotations

from flows.pipeline import pipeline
from flows.settings import Settings


def serve(cron: str | None = None, interval: float | None = None) -> int:
    """Serve the pipeline deployment until interrupted (a cron schedule, or every ``interval`` seconds)."""
    settings = Settings.from_env()
    if interval:
        print(f"serving deployment 'pipeline/scheduled' every {interval:g} s (Ctrl-C to stop)", flush=True)
        pipeline.serve(name="scheduled", interval=interval, global_limit=1)
    else:
        schedule = cron or settings.schedule_cron
        print(f"serving deployment 'pipeline/scheduled' on cron {schedule!r} (Ctrl-C to stop)", flush=True)
        pipeline.serve(name="scheduled", cron=schedule, global_limit=1)
    return 0

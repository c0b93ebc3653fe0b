"""Scheduled runs the way a user starts them: ``bin/serve.sh`` (``make serve``) and ``serve.sh stop``.

The server runs on a free loopback port with a PREFECT_HOME of the test's own (a copy of
the migrated database, like ``make setup`` leaves). The deployment must run on its own,
pick up a file added between runs, make ``flows run`` reuse its server, and stop, every
process of it, within seconds of ``serve.sh stop``. Deadlines bound every wait.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from flows.serve import descendants
from tests.conftest import HTML_FIXTURES, ROOT, SEEDS, copy_prefect_database


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float, what: str, logs: list[Path]):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(1)
    tails = "\n".join(f"--- {p.name}\n" + p.read_text(errors="replace")[-3000:] for p in logs if p.exists())
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}\n{tails}")


def runs(warehouse: Path) -> list[tuple]:
    if not warehouse.exists():
        return []
    with duckdb.connect(str(warehouse), read_only=True) as con:  # never locked: runs publish by rename
        return con.execute("select status, files_new from raw.runs order by started_at").fetchall()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is gone for our purpose
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return False


def test_serve_runs_on_schedule_is_reused_by_run_and_stop_leaves_no_process(prefect_harness, tmp_path, monkeypatch):
    from flows.pipeline import pipeline
    from tests.flows.test_crash_and_overlap import variant_folder

    port = free_port()
    home = tmp_path / "prefect"
    copy_prefect_database(home)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (src,) = SEEDS.glob("001_*.txt")
    shutil.copy(src, seeds / src.name)
    warehouse = tmp_path / "news.duckdb"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWS_"))}
    env.update(
        PREFECT_HOME=str(home),
        NEWS_SEEDS_DIR=str(seeds),
        NEWS_WAREHOUSE_PATH=str(warehouse),
        NEWS_DBT_TARGET_DIR=str(tmp_path / "target"),
        NEWS_DBT_LOG_DIR=str(tmp_path / "dbt-logs"),
        NEWS_DOCS="false",
        NEWS_FILES_PER_BATCH="2",  # small batches: a run stopped half-way has committed some
    )
    serve_log = tmp_path / "serve.log"
    logs = [serve_log, home / "server.log"]
    serve = subprocess.Popen(
        ["bash", str(ROOT / "bin" / "serve.sh"), str(port), "--interval", "10"],
        cwd=ROOT, env=env, stdout=serve_log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        first = wait_for(lambda: [r for r in runs(warehouse) if r[0] == "succeeded"], 400, "a scheduled run", logs)
        assert first[0][1] == 1, runs(warehouse)  # the seed file
        info = json.loads((home / "serve.json").read_text())
        assert info["url"] == f"http://127.0.0.1:{port}/api"

        shutil.copy(next(HTML_FIXTURES.glob("39d5c43beb60*.html")), seeds / "new page.html")
        later = wait_for(
            lambda: [r for r in runs(warehouse)[len(first) :] if r[0] == "succeeded" and r[1] == 1],
            300, "a scheduled run that picks up the new file", logs,
        )  # fmt: skip
        assert later
        with duckdb.connect(str(warehouse), read_only=True) as con:
            assert con.execute("select count(*) from marts.articles").fetchone()[0] == 2

        # a manual run reuses the served API instead of starting a temporary server
        (seeds / "third.txt").write_text("Headline here\n\n" + src.read_text(encoding="utf-8")[:3000] + "\nExtra line.")
        manual = subprocess.run([sys.executable, "-m", "flows", "run", "--wait", "300"], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=600)  # fmt: skip
        assert manual.returncode == 0, manual.stdout[-3000:] + manual.stderr[-3000:]
        assert f"127.0.0.1:{port}" in manual.stdout + manual.stderr
        assert not (home / "temporary-server.log").exists()

        # stop while a scheduled run is in flight: it must stop too, and lose nothing
        variant_folder(seeds, 12)
        pids = [int(p) for p in (home / "serve.pids").read_text().split()]
        build = tmp_path / ".build" / "news.duckdb"
        wait_for(lambda: build.exists() and descendants(pids[-1]), 300, "a scheduled run in flight", logs)
        time.sleep(2)
        everything = {serve.pid, *pids, *descendants(serve.pid), *(d for p in pids for d in descendants(p))}
        started = time.monotonic()
        stop = subprocess.run(["bash", str(ROOT / "bin" / "serve.sh"), "stop"], env=env, capture_output=True,
                              text=True, timeout=60)  # fmt: skip
        assert stop.returncode == 0 and "stopped" in stop.stdout
        wait_for(lambda: not [p for p in everything if alive(p)], 15, "every served process to end", logs)
        assert time.monotonic() - started < 15
        assert not (home / "serve.pids").exists() and not (home / "serve.json").exists()
        monkeypatch.setenv("NEWS_DBT_TARGET_DIR", str(tmp_path / "target"))
        summary = pipeline(seeds_dir=str(seeds), warehouse_path=str(warehouse), docs=False)
        assert summary.status == "succeeded"
        with duckdb.connect(str(warehouse), read_only=True) as con:
            assert (
                con.execute("select count(*) from marts.articles where article_status = 'current'").fetchone()[0] == 15
            )
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGKILL)
        subprocess.run(["bash", str(ROOT / "bin" / "serve.sh"), "stop"], env=env, capture_output=True, timeout=60)


def test_served_deployment_stops_on_ctrl_c(prefect_harness, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWS_"))}
    env.update(PREFECT_API_URL=prefect_harness, PREFECT_HOME=str(tmp_path / "prefect"),
               NEWS_SEEDS_DIR=str(tmp_path), NEWS_WAREHOUSE_PATH=str(tmp_path / "news.duckdb"))  # fmt: skip
    log = tmp_path / "served.log"
    served = subprocess.Popen([sys.executable, "-m", "flows", "serve", "--cron", "0 0 1 1 *"], cwd=ROOT, env=env,
                              stdout=log.open("w"), stderr=subprocess.STDOUT)  # fmt: skip
    try:
        wait_for(lambda: "serving deployment" in log.read_text(), 180, "the runner to start", [log])
        time.sleep(5)  # let the runner register the deployment and start polling
        started = time.monotonic()
        served.send_signal(signal.SIGINT)
        served.wait(timeout=60)
        assert time.monotonic() - started <= 10, log.read_text()[-2000:]
    finally:
        if served.poll() is None:
            served.kill()

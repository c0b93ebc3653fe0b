"""A scheduled run on a real local Prefect server, started by the test on a free loopback port.

The deployment must run on its own (no one triggers it) and pick up a file added
between runs. Runs take a few minutes of wall time at most, bounded by deadlines.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

from tests.conftest import HTML_FIXTURES, ROOT, SEEDS

PREFECT = Path(sys.executable).with_name("prefect")


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
        time.sleep(2)
    tails = "\n".join(f"--- {p.name}\n" + p.read_text(errors="replace")[-3000:] for p in logs if p.exists())
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}\n{tails}")


def runs(warehouse: Path) -> list[tuple]:
    if not warehouse.exists():
        return []
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            return con.execute("select status, files_new from raw.runs order by started_at").fetchall()
    except duckdb.Error:  # a run is writing right now
        return []


def test_deployment_runs_on_schedule_and_picks_up_a_new_file(tmp_path):
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (src,) = SEEDS.glob("001_*.txt")
    shutil.copy(src, seeds / src.name)
    warehouse = tmp_path / "news.duckdb"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWS_"))}
    env.update(
        PREFECT_HOME=str(tmp_path / "prefect"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_API_URL=api,
        NEWS_SEEDS_DIR=str(seeds),
        NEWS_WAREHOUSE_PATH=str(warehouse),
        NEWS_DBT_TARGET_DIR=str(tmp_path / "target"),
        NEWS_DBT_LOG_DIR=str(tmp_path / "dbt-logs"),
        NEWS_DOCS="false",
    )
    server_log, serve_log = tmp_path / "server.log", tmp_path / "serve.log"
    server = subprocess.Popen(
        [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=server_log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    served = None
    try:

        def healthy() -> bool:
            try:
                return urllib.request.urlopen(f"{api}/health", timeout=2).status == 200
            except OSError:
                return False

        wait_for(healthy, 120, "the Prefect server to answer", [server_log])
        served = subprocess.Popen(
            [sys.executable, "-m", "flows", "serve", "--interval", "10"],
            cwd=ROOT, env=env, stdout=serve_log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        first = wait_for(
            lambda: [r for r in runs(warehouse) if r[0] == "succeeded"], 240, "a scheduled run", [serve_log, server_log]
        )
        assert first[0][1] == 1, runs(warehouse)  # the seed file
        shutil.copy(next(HTML_FIXTURES.glob("39d5c43beb60*.html")), seeds / "new page.html")
        later = wait_for(
            lambda: [r for r in runs(warehouse)[len(first) :] if r[0] == "succeeded" and r[1] == 1],
            240, "a scheduled run that picks up the new file", [serve_log, server_log],
        )  # fmt: skip
        assert later
        with duckdb.connect(str(warehouse), read_only=True) as con:
            assert con.execute("select count(*) from marts.articles").fetchone()[0] == 2
    finally:
        for proc in (served, server):
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)

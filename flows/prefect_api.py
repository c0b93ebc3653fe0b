"""Where a run's Prefect API comes from, and a temporary server that starts reliably.

Prefect runs every flow against an API server. Left alone, Prefect starts a temporary
one per process with a 20 s allowance, which a first start (it migrates a new SQLite
database: 60-120 s on a busy 2-core machine) or a loaded machine overruns, and the run
dies before it began. So the pipeline chooses its API itself, in this order:

1. ``PREFECT_API_URL`` from the environment: the user's own server (or a test harness).
2. The project's local server that ``make serve`` started, when it answers: no start cost.
3. A temporary server of our own, started as a subprocess *before* the heavy imports so
   the two overlap, on the project's ``PREFECT_HOME`` database (migrated once by
   ``make setup``), with a generous allowance, and an error that says what to do.

None of this edits ``os.environ``: the API address reaches Prefect through its settings
context, and the server subprocess gets its own environment.
"""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path


class PrefectApiError(RuntimeError):
    """No Prefect API could be reached or started; the message says what to do."""


SERVED_FILE = "serve.json"  # written by bin/serve.sh: {"url": ..., "pids": [...]}


@dataclass(frozen=True)
class ApiChoice:
    url: str | None  # None: a temporary server still has to be started
    origin: str  # "environment", "project server" or "temporary server"


def healthy(api_url: str, timeout: float = 1.0) -> bool:
    """True when the Prefect API at ``api_url`` answers its health check."""
    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def served_api_url(prefect_home: Path) -> str | None:
    """The API of the server ``make serve`` runs for this project, if it is up."""
    try:
        info = json.loads((prefect_home / SERVED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    url = info.get("url") if isinstance(info, dict) else None
    if not isinstance(url, str):
        return None
    for _ in range(3):  # a busy server may be slow to answer: starting a second one on its database is worse
        if healthy(url, timeout=3.0):
            return url
        time.sleep(0.5)
    return None


def choose_api(environ: dict[str, str], prefect_home: Path) -> ApiChoice:
    """Which API this run uses (see the module docstring for the order)."""
    if environ.get("PREFECT_API_URL"):
        return ApiChoice(environ["PREFECT_API_URL"], "environment")
    served = served_api_url(prefect_home)
    if served:
        return ApiChoice(served, "project server")
    return ApiChoice(None, "temporary server")


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_environment(environ: dict[str, str], prefect_home: Path, database_url: str | None = None) -> dict[str, str]:
    """The temporary server's environment: the project's home and database, no telemetry, no UI."""
    env = {k: v for k, v in environ.items() if k != "PREFECT_API_URL"}
    env.update(
        PREFECT_HOME=str(prefect_home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PREFECT_UI_ENABLED="false",
        PREFECT__SERVER_EPHEMERAL="1",  # Prefect's own marker: no scheduler or other background services
        PREFECT__SERVER_FINAL="1",
    )
    if database_url:
        env["PREFECT_API_DATABASE_CONNECTION_URL"] = database_url
    return env


class TemporaryServer:
    """A Prefect API server subprocess for one run (or one test session).

    ``start`` returns at once so the caller can do its own slow imports while the server
    imports and migrates; ``wait_ready`` then waits up to ``timeout`` seconds.
    """

    def __init__(self, prefect_home: Path, environ: dict[str, str], timeout: float,
                 database_url: str | None = None) -> None:  # fmt: skip
        self.prefect_home = prefect_home
        self.timeout = timeout
        self.env = server_environment(environ, prefect_home, database_url)
        self.log_path = prefect_home / "temporary-server.log"
        self.port: int | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.started_at = 0.0

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def start(self) -> None:
        spec = find_spec("prefect")
        if spec is None or not spec.submodule_search_locations:
            raise PrefectApiError("Prefect is not installed in this environment: run `make setup`")
        app_dir = str(Path(next(iter(spec.submodule_search_locations))).parent)
        self.prefect_home.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        log = self.log_path.open("wb")
        self.started_at = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", app_dir, "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(self.port),
             "--log-level", "error", "--lifespan", "on"],
            env=self.env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        log.close()

    def wait_ready(self) -> str:
        """Wait until the server answers; raise PrefectApiError saying what to do otherwise."""
        assert self.process is not None, "start() first"
        deadline = self.started_at + self.timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise PrefectApiError(
                    f"the temporary Prefect server exited with code {self.process.returncode} before answering; "
                    f"its log is {self.log_path}:\n{self._log_tail()}"
                )
            if healthy(self.api_url, timeout=2.0):
                return self.api_url
            time.sleep(0.2)
        self.stop()
        raise PrefectApiError(
            f"the temporary Prefect server did not answer within {self.timeout:g} s (log: {self.log_path}). "
            "The machine may be very busy or the server's database still migrating. Either raise the allowance "
            "(NEWS_PREFECT_STARTUP_TIMEOUT, seconds), set the database up once with `make setup`, or keep a "
            "server running with `make serve` (runs then reuse it)."
        )

    def _log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


def drain_prefect_workers() -> None:
    """Send buffered logs and events before the API goes away (else they fail noisily at exit)."""
    import inspect

    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker
    from prefect.utilities.asyncutils import run_coro_as_sync

    async def drain() -> None:
        try:
            result = APILogWorker.instance().drain()
            if inspect.isawaitable(result):
                await result
        except RuntimeError:  # never started
            pass
        result = EventsWorker.drain_all()
        if inspect.isawaitable(result):
            await result

    with contextlib.suppress(Exception):  # best effort: the run itself is already recorded
        run_coro_as_sync(drain())


@contextmanager
def use_api(url: str) -> Iterator[None]:
    """Run the enclosed flows against ``url`` (through Prefect's settings, not the environment)."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: url}), _global_settings():
        try:
            yield
        finally:
            drain_prefect_workers()


@contextmanager
def _global_settings() -> Iterator[None]:
    """Threads Prefect starts itself (log and event workers) read the process-global settings context."""
    import prefect.context

    swap = getattr(prefect.context, "_temporary_global_settings_context", None)  # private: absent in some versions
    if swap is None:
        yield
        return
    with swap(prefect.context.get_settings_context()):
        yield


@contextmanager
def prefect_api(choice: ApiChoice, server: TemporaryServer | None) -> Iterator[str]:
    """Yield the API url to use, waiting for (and finally stopping) the temporary server if there is one."""
    if choice.url is not None:
        with use_api(choice.url):
            yield choice.url
        return
    assert server is not None
    try:
        url = server.wait_ready()
        with use_api(url):
            yield url
    finally:
        server.stop()

"""Shared fixtures: seed texts, the HTML fixtures, and one Prefect test harness per session."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

# Prefect reads these at import: no telemetry (there is no network), quiet logs.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"
HTML_FIXTURES = FIXTURES / "html"


# What a mart row is, without the columns that record when or by which run it was loaded.
MART_QUERIES = {
    "articles": "select * exclude (first_loaded_at) from {schema}.articles",
    "entities": "select * from {schema}.entities",
    "mentions": "select * from {schema}.mentions",
    "events": "select * from {schema}.events",
    "event_mentions": "select * from {schema}.event_mentions",
    "event_participants": "select * from {schema}.event_participants",
    "quotes": "select * from {schema}.quotes",
    "entity_cooccurrence": "select * from {schema}.entity_cooccurrence",
}


def mart_rows(con, schema: str = "marts") -> dict[str, list[str]]:
    """Every row of every mart (as sorted reprs), to compare two warehouses built two ways."""
    return {name: sorted(map(repr, con.execute(sql.format(schema=schema)).fetchall()))
            for name, sql in MART_QUERIES.items()}  # fmt: skip


@contextmanager
def dbt_output_in(base: Path) -> Iterator[None]:
    """dbt's target and log folders under ``base`` for the runs inside; the environment restored after."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWS_DBT_TARGET_DIR", str(base / "dbt_target"))
        patch.setenv("NEWS_DBT_LOG_DIR", str(base / "dbt_logs"))
        yield


def run_on_seeds(base: Path, extra_files: dict[str, str | Path] | None = None):
    """The real pipeline flow on a copy of the seeds in ``base`` plus ``extra_files`` (name ->
    text, or a file to copy); returns the warehouse path and the run's summary."""
    import shutil

    from flows.pipeline import pipeline

    seeds_dir = base / "seeds"
    shutil.copytree(SEEDS, seeds_dir)
    for name, content in (extra_files or {}).items():
        if isinstance(content, Path):
            shutil.copy(content, seeds_dir / name)
        else:
            (seeds_dir / name).write_text(content, encoding="utf-8")
    path = base / "warehouse" / "news.duckdb"
    with dbt_output_in(base):
        summary = pipeline(seeds_dir=str(seeds_dir), warehouse_path=str(path), docs=False)
    return path, summary


def seed_text(prefix: str) -> str:
    """The raw text of the seed file whose name starts with ``prefix`` (e.g. "003")."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def html_fixture(prefix: str) -> tuple[str, str]:
    """(HTML, ground-truth article body) of a fixture page."""
    (path,) = HTML_FIXTURES.glob(f"{prefix}*.html")
    truth = json.loads((HTML_FIXTURES / "ground_truth.json").read_text(encoding="utf-8"))
    return path.read_text(encoding="utf-8"), truth[path.stem]["articleBody"]


def copy_prefect_database(target_home: Path) -> None:
    """Start from the database ``make setup`` migrated: migrating a new one takes 60-120 s under load."""
    template = ROOT / ".prefect" / "prefect.db"
    if not template.exists():
        return  # the server migrates a new one itself, within its (long) allowance
    target_home.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(template) as source, sqlite3.connect(target_home / "prefect.db") as copy:
        source.backup(copy)  # safe while a served Prefect server uses the template


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory) -> Iterator[str]:
    """A Prefect API of the tests' own for the whole session; yields its URL.

    The same code path as the CLI's temporary server (flows/prefect_api.py), on a copy of
    the project's migrated database, so tests start as reliably as the main job does.
    Subprocess tests pass the URL on as PREFECT_API_URL.
    """
    from flows.prefect_api import ApiChoice, TemporaryServer, prefect_api

    home = tmp_path_factory.mktemp("prefect-home")
    copy_prefect_database(home)
    server = TemporaryServer(home, dict(os.environ), timeout=900)
    server.start()
    with prefect_api(ApiChoice(None, "temporary server"), server) as url:
        yield url

"""Shared fixtures: seed texts, the HTML fixtures, and one Prefect test harness per session."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

# Prefect reads these at import: no telemetry (there is no network), quiet logs.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"
HTML_FIXTURES = FIXTURES / "html"


def seed_text(prefix: str) -> str:
    """The raw text of the seed file whose name starts with ``prefix`` (e.g. "003")."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def html_fixture(prefix: str) -> tuple[str, str]:
    """(HTML, ground-truth article body) of a fixture page."""
    (path,) = HTML_FIXTURES.glob(f"{prefix}*.html")
    truth = json.loads((HTML_FIXTURES / "ground_truth.json").read_text(encoding="utf-8"))
    return path.read_text(encoding="utf-8"), truth[path.stem]["articleBody"]


@pytest.fixture(scope="session")
def prefect_harness():
    """A temporary Prefect API for the whole session (starting one costs ~10 s)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield

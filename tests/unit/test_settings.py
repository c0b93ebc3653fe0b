"""flows/settings.py: one typed settings object, read and validated from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from flows.settings import PROJECT_ROOT, Settings


@pytest.fixture
def clean_env(monkeypatch):
    import os

    for key in list(os.environ):
        if key.startswith("NEWS_") or key == "PREFECT_HOME":
            monkeypatch.delenv(key)
    return monkeypatch


def test_defaults_are_the_project_folders(clean_env):
    settings = Settings.from_env()
    assert settings.seeds_dir == PROJECT_ROOT / "seeds"
    assert settings.briefing_path == PROJECT_ROOT / "warehouse" / "news-briefing.html"
    assert settings.docs and settings.briefing and settings.task_runner == "local"


def test_environment_values_are_typed_and_paths_made_absolute(clean_env, tmp_path):
    clean_env.chdir(tmp_path)
    clean_env.setenv("NEWS_WAREHOUSE_PATH", "w/news.duckdb")
    clean_env.setenv("NEWS_NLP_PROCESSES", "3")
    clean_env.setenv("NEWS_DOCS", "false")
    clean_env.setenv("NEWS_BRIEFING", "0")
    clean_env.setenv("PREFECT_HOME", "~/pf")
    settings = Settings.from_env()
    assert settings.warehouse_path == tmp_path / "w" / "news.duckdb"
    assert settings.nlp_processes == 3 and settings.docs is False and settings.briefing is False
    assert settings.prefect_home == Path("~/pf").expanduser()


def test_overrides_win_and_none_means_not_given(clean_env, tmp_path):
    clean_env.setenv("NEWS_SEEDS_DIR", str(tmp_path / "env"))
    settings = Settings.from_env(seeds_dir=str(tmp_path / "arg"), warehouse_path=None)
    assert settings.seeds_dir == tmp_path / "arg"
    assert settings.warehouse_path == PROJECT_ROOT / "warehouse" / "news.duckdb"


@pytest.mark.parametrize(("name", "value"), [("NEWS_NLP_PROCESSES", "two"), ("NEWS_NLP_PROCESSES", "0"),
                                             ("NEWS_TASK_RUNNER", "ray")])  # fmt: skip
def test_a_bad_value_fails_at_start_and_names_the_setting(clean_env, name, value):
    clean_env.setenv(name, value)
    with pytest.raises(ValidationError, match=name.removeprefix("NEWS_").lower()):
        Settings.from_env()


def test_settings_are_immutable_and_changed_by_copy(clean_env, tmp_path):
    settings = Settings.from_env()
    with pytest.raises(ValidationError):
        settings.docs = False
    moved = settings.with_changes(warehouse_path=tmp_path / "b.duckdb")
    assert moved.warehouse_path == tmp_path / "b.duckdb" and settings.warehouse_path != moved.warehouse_path
    assert moved.seeds_dir == settings.seeds_dir


def test_dbt_thresholds_come_from_the_settings_as_vars(clean_env):
    import json

    from flows.transform import dbt_args

    clean_env.setenv("NEWS_DBT_VARS", '{"event_link_score": 0.4, "geocode_min_population": 5000}')
    settings = Settings.from_env()
    args = dbt_args(["build"], settings)
    passed = json.loads(args[args.index("--vars") + 1])
    assert passed["event_link_score"] == 0.4 and passed["geocode_min_population"] == 5000
    assert passed["warehouse_path"] == str(settings.warehouse_path)


def test_a_dbt_var_the_project_does_not_have_is_refused(clean_env):
    clean_env.setenv("NEWS_DBT_VARS", '{"event_link_scor": 0.4}')
    with pytest.raises(ValidationError, match="event_link_scor"):
        Settings.from_env()

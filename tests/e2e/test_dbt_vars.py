"""A threshold overridden in the settings (NEWS_DBT_VARS) reaches dbt and changes the marts,
while dbt's unit tests keep checking the logic at the thresholds they were written for."""

from __future__ import annotations

import shutil

import duckdb

from tests.conftest import SEEDS, dbt_output_in


def test_a_stricter_link_score_keeps_every_report_its_own_event(prefect_harness, tmp_path, monkeypatch):
    from flows.pipeline import pipeline

    seeds_dir = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds_dir)
    monkeypatch.setenv("NEWS_DBT_VARS", '{"event_link_score": 0.99}')
    path = tmp_path / "warehouse" / "news.duckdb"
    with dbt_output_in(tmp_path):
        summary = pipeline(seeds_dir=str(seeds_dir), warehouse_path=str(path), docs=False)
    assert summary.status == "succeeded" and summary.dbt_failures == []  # unit tests pinned their own vars
    with duckdb.connect(str(path), read_only=True) as con:
        events, reports = con.execute("select count(*), sum(num_articles) from marts.events").fetchone()
    assert events == reports  # nothing merged across articles: every event has one reporting article

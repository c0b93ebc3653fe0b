"""A threshold overridden in the settings (NEWS_DBT_VARS) reaches dbt and changes the marts,
while dbt's unit tests keep checking the logic at the thresholds they were written for."""

from __future__ import annotations

import duckdb

from tests.conftest import run_on_seeds


def test_a_stricter_link_score_keeps_every_report_its_own_event(prefect_harness, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWS_DBT_VARS", '{"event_link_score": 0.99}')
    path, summary = run_on_seeds(tmp_path)
    assert summary.status == "succeeded" and summary.dbt_failures == []  # unit tests pinned their own vars
    with duckdb.connect(str(path), read_only=True) as con:
        events, reports = con.execute("select count(*), sum(num_articles) from marts.events").fetchone()
    assert events == reports  # nothing merged across articles: every event has one reporting article

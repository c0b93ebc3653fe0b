"""The briefing page, opened in a real browser (Debian's chromium, headless, offline).

The real flow builds a warehouse from the seeds plus one file that cannot be read, and
writes the page beside it. Chromium opens it from file:// with networking off; the test
fails on any console error or network request, on an empty chart, and on any count that
differs from the marts. A screenshot is saved in the test's temporary directory.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import run_on_seeds

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is missing: `make browser` installs it (`make test` does that first)"
)
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip


@pytest.fixture(scope="module")
def built(prefect_harness, tmp_path_factory) -> tuple[Path, object]:
    unreadable = {"feed export.json": '{"items": [{"headline": "x"}], "count": 1}'}
    path, summary = run_on_seeds(tmp_path_factory.mktemp("briefing"), unreadable)
    assert summary.status == "succeeded"
    return path, summary


def query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def page(built, tmp_path_factory):
    """The briefing open in headless chromium, with everything it logged or requested."""
    from playwright.sync_api import sync_playwright

    _, summary = built
    seen: dict[str, list[str]] = {"errors": [], "requests": []}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)

        def refuse(route):  # networking off: anything but the file itself is refused and recorded
            seen["requests"].append(route.request.url)
            route.abort()

        context.route("http*://**/*", refuse)
        tab = context.new_page()
        tab.on("console", lambda m: seen["errors"].append(m.text) if m.type in ("error", "warning") else None)
        tab.on("pageerror", lambda e: seen["errors"].append(str(e)))
        tab.on("requestfailed", lambda r: seen["requests"].append(r.url))
        tab.goto(Path(summary.briefing).as_uri())
        tab.wait_for_selector("body[data-ready]")
        yield tab, seen, tmp_path_factory.mktemp("screenshots")
        browser.close()


def test_the_run_writes_the_page_beside_the_warehouse_and_links_it(built):
    path, summary = built
    assert Path(summary.briefing) == path.with_name("news-briefing.html")
    assert Path(summary.briefing).stat().st_size < 3_000_000
    from flows.summary import render_markdown

    assert Path(summary.briefing).as_uri() in render_markdown(summary)


def test_the_page_draws_without_errors_or_network(page):
    tab, seen, shots = page
    assert tab.get_attribute("body", "data-ready") == "1"
    tab.screenshot(path=str(shots / "briefing.png"), full_page=True)
    assert (shots / "briefing.png").stat().st_size > 10_000
    assert seen["errors"] == []
    assert seen["requests"] == []


def test_the_timeline_holds_every_event_with_its_tone(built, page):
    path, _ = built
    tab, _, _ = page
    events = dict(query(path, "select event_id, avg_tone from marts.events"))
    drawn = tab.eval_on_selector_all("#timeline g.event", "els => els.map(e => e.getAttribute('data-event-id'))")
    assert drawn and sorted(drawn) == sorted(events)
    red_silk = query(path, "select count(*) from marts.events where summary ilike '%Red Silk%'")[0][0]
    assert red_silk >= 2
    titles = tab.eval_on_selector_all("#timeline g.event > title", "els => els.map(e => e.textContent)")
    assert sum("Red Silk" in t for t in titles) == red_silk
    assert all("tone " in t for t in titles)
    # clicking a row lists its reporting articles
    first = drawn[0]
    tab.click(f'#timeline g.event[data-event-id="{first}"] .mark')
    reports = query(path, f"select count(*) from marts.event_mentions where event_id = '{first}'")[0][0]
    assert tab.locator("#event-details li").count() == reports


def test_the_network_holds_the_top_entities_and_red_silk_with_its_organisations(built, page):
    path, _ = built
    tab, _, shots = page
    top = [
        r[0] for r in query(path, "select entity_id from marts.entities where is_ranked order by entity_rank limit 40")
    ]
    drawn = tab.eval_on_selector_all("#network g.node", "els => els.map(e => e.getAttribute('data-entity-id'))")
    assert top and drawn == top
    assert tab.locator("#network line.edge").count() > 0
    ((red_silk, articles),) = query(
        path, "select entity_id, num_articles from marts.entities where canonical_name = 'Red Silk'"
    )
    tab.click(f'#network g.node[data-entity-id="{red_silk}"] circle')
    tab.locator("#entity-details").screenshot(path=str(shots / "red-silk.png"))
    assert tab.locator("#entity-details ul.entity-articles li").count() == articles
    neighbours = tab.eval_on_selector_all(
        "#network g.node:not(.dim)", "els => els.map(e => e.getAttribute('data-type'))"
    )
    assert "organization" in neighbours


def test_the_map_plots_every_geocoded_place_including_moscow_and_beijing(built, page):
    path, _ = built
    tab, _, _ = page
    places = query(path, "select canonical_name from marts.entities where latitude is not null")
    assert places
    assert tab.locator("#map circle.place").count() == len(places)
    titles = " ".join(tab.eval_on_selector_all("#map g.place > title", "els => els.map(e => e.textContent)"))
    assert "Moscow" in titles and "Beijing" in titles
    assert tab.locator("#map path").count() > 100  # the country outlines shipped with the package


def test_run_health_matches_the_marts(built, page):
    path, _ = built
    tab, _, _ = page
    for status, n in query(path, "select file_status, count(*) from marts.files group by all"):
        assert tab.inner_text(f'#files-by-status td[data-status="{status}"]') == str(n)
    failing = tab.inner_text("#failing-files")
    assert "feed export.json" in failing and "unknown_shape" in failing
    for mart, n in query(path, "select 'events', count(*) from marts.events union all "
                               "select 'articles', count(*) from marts.articles"):  # fmt: skip
        assert tab.inner_text(f'#rows-by-mart td[data-mart="{mart}"]').replace(",", "") == str(n)
    assert tab.locator("#last-runs tbody tr").count() == query(path, "select count(*) from marts.pipeline_runs")[0][0]

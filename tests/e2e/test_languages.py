"""Russian and Chinese articles join the English entities; other languages are recorded.

The real flow and dbt build one warehouse from the five seeds plus three articles written
for this test (tests/fixtures/languages): a Russian and a Chinese report on Red Silk, and
a German brief. The entities issue's "done when": their mentions land on the same rows as
the English seeds' (Red Silk, Svetlana Balanova, China Media Group).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.conftest import ROOT, run_on_seeds

LANGUAGES = ROOT / "tests" / "fixtures" / "languages"


@pytest.fixture(scope="module")
def warehouse(prefect_harness, tmp_path_factory) -> tuple[Path, object]:
    articles = {article.name: article for article in LANGUAGES.glob("*.json")}
    path, summary = run_on_seeds(tmp_path_factory.mktemp("languages"), articles)
    assert summary.status == "succeeded"
    return path, summary


def query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_each_language_is_read_by_its_annotator_and_the_rest_recorded(warehouse):
    path, summary = warehouse
    rows = dict(query(path, "select language, annotator from marts.articles where language != 'en'"))
    assert rows["ru"] == "natasha"
    assert rows["zh-cn"] == "jieba"
    assert rows["de"] == "none: language 'de' is not annotated"
    assert any("not annotated" in note and "'de'" in note for note in summary.notes)
    assert (
        query(path, "select count(*) from marts.mentions join marts.articles using (doc_id) where language = 'de'")[0][
            0
        ]
        == 0
    )


@pytest.mark.parametrize("entity", ["Red Silk", "Svetlana Balanova", "China Media Group"])
def test_russian_and_chinese_mentions_land_on_the_english_entity(warehouse, entity):
    path, _ = warehouse
    languages = query(
        path,
        f"""
        select distinct articles.language
        from marts.mentions
        inner join marts.entities using (entity_id)
        inner join marts.articles using (doc_id)
        where entities.canonical_name = '{entity}'
        """,
    )
    assert {lang for (lang,) in languages} >= {"en", "ru", "zh-cn"}
    assert len(query(path, f"select 1 from marts.entities where canonical_name = '{entity}'")) == 1


def test_russian_and_chinese_mentions_slice_the_stored_body(warehouse):
    path, _ = warehouse
    rows = query(
        path,
        """
        select documents.body, mentions.char_start, mentions.char_end, mentions.surface
        from marts.mentions
        inner join raw.documents as documents using (doc_id)
        where documents.language in ('ru', 'zh-cn')
        """,
    )
    assert len(rows) >= 15
    assert all(body[start:end] == surface for body, start, end, surface in rows)


def test_a_person_only_the_russian_article_names_in_full_keeps_a_latin_name(warehouse):
    path, _ = warehouse
    # Shen Haixiong: reference names in Russian and Chinese, the canonical is the English one
    names = query(path, "select canonical_name from marts.entities where canonical_name like 'Shen%'")
    assert names == [("Shen Haixiong",)]


def test_group_words_stay_out_of_the_ranking(warehouse):
    path, _ = warehouse
    groups = query(path, "select canonical_name from marts.entities where entity_type = 'group'")
    assert ("Chinese",) in groups  # kept, flagged
    top = query(path, "select entity_type from marts.entities where is_ranked order by entity_rank limit 20")
    assert len(top) == 20 and ("group",) not in top
    assert query(
        path, "select count(*) from marts.entities where entity_type = 'group' and entity_rank is not null"
    ) == [(0,)]


def test_every_place_is_on_the_map(warehouse):
    path, _ = warehouse
    places = query(
        path,
        """
        select canonical_name, geonames_id, country_code, latitude, longitude, geo_method
        from marts.entities where entity_type = 'place'
        """,
    )
    assert places and all(lat is not None and lon is not None for _, _, _, lat, lon, _ in places), places
    by_name = {name: row for name, *row in places}
    geonames_id, country, lat, lon, _ = by_name["Moscow"]
    assert (geonames_id, country, round(lat), round(lon)) == (524901, "RU", 56, 38)
    assert by_name["Harbin"][1] == "CN"  # named only by the Chinese article ("哈尔滨")


def test_tone_is_scored_in_english_and_a_reason_is_given_elsewhere(warehouse):
    path, _ = warehouse
    rows = query(path, "select language, tone, tone_method from marts.articles where article_status = 'current'")
    english = [(tone, method) for language, tone, method in rows if language == "en"]
    assert english and all(tone is not None and -1 <= tone <= 1 and method == "vader+news" for tone, method in english)
    others = {language: (tone, method) for language, tone, method in rows if language != "en"}
    assert others["ru"] == (None, "none: no sentiment lexicon for language 'ru'")
    assert all(tone is None and method.startswith("none: ") for tone, method in others.values())
    # an event's tone is the mean of its reporting sentences' tones
    ((events, mismatched),) = query(
        path,
        """
        select count(*), count(*) filter (where abs(e.avg_tone - m.mean_tone) > 1e-3)
        from marts.events e
        join (select event_id, avg(sentence_tone) as mean_tone from marts.event_mentions group by event_id) m
            using (event_id)
        where e.avg_tone is not null
        """,
    )
    assert events > 0 and mismatched == 0
    assert query(path, "select count(*) from marts.quotes where tone is not null")[0][0] > 0
    assert query(path, "select count(*) from marts.mentions where sentence_tone is not null")[0][0] > 0

"""flows/annotate/paraphrase.py: one key for the ways news names one organisation."""

from __future__ import annotations

import pytest

from flows.annotate.paraphrase import content_key, default_country_words, load_country_words


@pytest.fixture(scope="module")
def countries():
    return default_country_words()


@pytest.mark.parametrize(
    "names",
    [
        ["Brazilian Health Ministry", "Ministry of Health of Brazil", "Brazil's Ministry of Health",
         "the Ministry of Health of the Federative Republic of Brazil"],
        ["Kenyan Embassy in Oslo", "Embassy of Kenya in Oslo", "Kenya's embassy in Oslo"],
        ["U.S. Department of Energy", "US Energy Department", "Department of Energy of the United States"],
        ["German Football Association", "Football Association of Germany"],
    ],
)  # fmt: skip
def test_paraphrases_of_one_organisation_share_a_key(countries, names):
    keys = {content_key(n, countries) for n in names}
    assert len(keys) == 1 and "" not in keys


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Bank of Japan", "Japan Development Bank"),
        ("Brazilian Health Ministry", "Argentine Health Ministry"),
        ("Ministry of Culture", "Ministry of Culture of Peru"),
        ("Kenyan Embassy in Oslo", "Kenyan Embassy in Rome"),
    ],
)
def test_different_organisations_keep_different_keys(countries, a, b):
    assert content_key(a, countries) != content_key(b, countries)


def test_the_key_names_the_country_once_and_drops_function_words(countries):
    assert content_key("The Ministry of Culture of the Russian Federation", countries) == "culture ministry russia"
    assert content_key("of the", countries) == ""


def test_country_words_come_from_the_reference_seeds(tmp_path):
    (tmp_path / "reference_countries.csv").write_text(
        "canonical_name,entity_type,alias,language,alias_kind,wikidata_id,geonames_id\n"
        "Freedonia,place,Freedonia,en,canonical,,\nFreedonia,place,Republic of Freedonia,en,alias,,\n",
        encoding="utf-8",
    )
    (tmp_path / "reference_demonyms.csv").write_text("adjective,country\nFreedonian,Freedonia\n", encoding="utf-8")
    words = load_country_words(tmp_path)
    assert content_key("Freedonian Navy", words) == content_key("Navy of the Republic of Freedonia", words)
    assert content_key("Freedonian Navy", words) == "freedonia navy"

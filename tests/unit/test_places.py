"""flows/annotate/places.py: place names the small model mistypes or misses, typed by GeoNames
population and context, never turning a person who shares a town's name into a place."""

from __future__ import annotations

import pytest

from flows.settings import Settings


@pytest.fixture(scope="module")
def nlp():
    from flows.annotate.nlp import load_model

    return load_model(Settings().spacy_model)


def _types(nlp, body: str, dateline_place: str | None = None, dateline_end: int = 0) -> dict[str, str]:
    from flows.annotate.nlp import AnnotationInput, annotate

    (ann,) = annotate(nlp, [AnnotationInput("d", body, None, dateline_place, dateline_end, "en", 1.0)])
    return {m.surface: m.entity_type for m in ann.mentions}


def test_fold_ignores_case_and_accents():
    from flows.annotate.places import fold

    assert fold("BRASÍLIA") == fold("Brasilia") == fold("brasília") == "brasilia"
    assert fold("  São   Paulo ") == "sao paulo"


def test_the_rules_know_the_worlds_cities_with_their_population():
    from flows.annotate.places import default_place_rules

    rules = default_place_rules()
    assert rules.sure("Medellín") and rules.sure("MEDELLIN")  # about two million people
    assert rules.sure("Jordan")  # a country: always sure
    assert not rules.sure("Tarnów") and rules.with_cue("Tarnów")  # a town: needs a cue
    assert rules.place("Gazeta") is None


def test_a_big_city_the_model_reads_as_a_person_is_a_place(nlp):
    body = ("Officials said the new metro line in Medellín would open next year. Medellín has grown quickly, "
            "and planners in Kraków and Toulouse are watching.")  # fmt: skip
    types = _types(nlp, body)
    assert types.get("Medellín") == "place"
    assert types.get("Kraków") == "place"
    assert types.get("Toulouse") == "place"


def test_a_town_is_a_place_after_in_or_near_but_a_person_who_shares_its_name_stays_a_person(nlp):
    body = ("Flooding closed roads near Tarnów on Tuesday. Jackson said the river would crest overnight, "
            "and Mr Florence, a farmer, said his fields were under water.")  # fmt: skip
    types = _types(nlp, body)
    assert types.get("Tarnów") == "place"
    assert types.get("Jackson") != "place"  # the subject of "said"
    assert types.get("Florence") != "place"  # a title before the name


def test_a_surname_resolved_to_a_person_named_in_full_is_not_retyped(nlp):
    body = "Michael Jordan opened a clinic on Monday. Jordan told reporters it would treat 500 children a year."
    from flows.annotate.nlp import AnnotationInput, annotate

    (ann,) = annotate(nlp, [AnnotationInput("d", body, None, None, 0, "en", 1.0)])
    jordan = [m for m in ann.mentions if m.surface == "Jordan"]
    assert jordan and all(m.entity_type == "person" and m.canonical == "Michael Jordan" for m in jordan)


def test_the_datelines_place_is_a_place_named_as_the_normaliser_read_it(nlp):
    from flows.normalise.metadata import dateline_length, parse_dateline

    body = "ASUNCIÓN, June 9 (Southwire) - Paraguay's senate approved a river transport bill on Friday."
    line = parse_dateline(body)
    assert line is not None and line.place == "Asunción"
    from flows.annotate.nlp import AnnotationInput, annotate

    item = AnnotationInput("d", body, None, line.place, dateline_length(body), "en", 1.0)
    (ann,) = annotate(nlp, [item])
    first = min(ann.mentions, key=lambda m: m.char_start)
    assert (first.surface, first.entity_type, first.canonical) == ("ASUNCIÓN", "place", "Asunción")


def test_places_coordinated_after_a_cue_are_places_too(nlp):
    from flows.annotate.nlp import AnnotationInput, annotate

    body = "Teachers went on strike in Zomba and Blantyre, and buses stopped running between Lilongwe and Mzuzu."
    (ann,) = annotate(nlp, [AnnotationInput("d", body, None, None, 0, "en", 1.0)])
    places = {m.surface for m in ann.mentions if m.entity_type == "place"}
    assert {"Zomba", "Blantyre", "Lilongwe", "Mzuzu"} <= places


def test_a_names_last_word_says_whether_it_is_a_place_or_an_organisation():
    from flows.annotate.mentions import organisation_heads
    from flows.annotate.places import default_place_rules, typed_by_head

    body = "Okoro Road, Kotoka International Airport, Ngong Film Studio, Damon Hill, Lagos"
    names = ("Okoro Road", "Kotoka International Airport", "Ngong Film Studio", "Damon Hill", "Lagos")
    labels = ("PERSON", "ORG", "PERSON", "PERSON", "PERSON")
    spans = [(body.index(n), body.index(n) + len(n), label) for n, label in zip(names, labels, strict=True)]
    out = typed_by_head(body, spans, default_place_rules(), organisation_heads())
    assert [label for _, _, label in out] == ["FAC", "FAC", "ORG", "PERSON", "PERSON"]


def test_a_lower_case_place_must_be_a_place_name(nlp):
    from flows.annotate.mentions import make_mention
    from flows.annotate.places import default_place_rules, retype_places

    body = "we took the metro to new york"
    doc = nlp(body)
    metro = make_mention(body, 12, 17, "GPE", 0)
    city = make_mention(body, 21, 29, "GPE", 0)
    assert metro is not None and city is not None
    kept = retype_places(doc, [metro, city], default_place_rules(), frozenset({"say"}))
    assert [m.surface for m in kept] == ["new york"]

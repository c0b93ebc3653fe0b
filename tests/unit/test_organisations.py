"""flows/annotate/organisations.py: legal forms and upper-case abbreviations as organisations."""

from __future__ import annotations

import pytest

from flows.settings import Settings


@pytest.fixture(scope="module")
def nlp():
    from flows.annotate.nlp import load_model

    return load_model(Settings().spacy_model)


def _mentions(nlp, body: str) -> dict[str, str]:
    from flows.annotate.nlp import AnnotationInput, annotate

    (ann,) = annotate(nlp, [AnnotationInput("d", body, None, None, 0, "en", 1.0)])
    return {m.surface: m.label for m in ann.mentions}


def test_a_legal_form_after_a_name_is_part_of_an_organisations_name():
    from flows.annotate.organisations import default_organisation_rules, with_legal_forms

    body = "Shares in Harrow Quay plc rose, while Lindqvist Maskin AB and Tanjung Sawit Bhd. fell."
    spans = [(body.index(n), body.index(n) + len(n), label)
             for n, label in (("Harrow Quay", "PERSON"), ("Lindqvist Maskin", "PERSON"), ("Tanjung Sawit", "GPE"))]  # fmt: skip
    out = with_legal_forms(body, spans, default_organisation_rules())
    assert [(body[a:b], label) for a, b, label in out] == [
        ("Harrow Quay plc", "ORG"), ("Lindqvist Maskin AB", "ORG"), ("Tanjung Sawit Bhd.", "ORG")]  # fmt: skip


def test_a_legal_form_word_inside_a_longer_word_is_not_one():
    from flows.annotate.organisations import default_organisation_rules, with_legal_forms

    body = "Maria Sandoval Agrees to terms."
    assert with_legal_forms(body, [(0, 14, "PERSON")], default_organisation_rules()) == [(0, 14, "PERSON")]


def test_an_untagged_abbreviation_is_an_organisation(nlp):
    found = _mentions(nlp, "Commuters waited for hours after the SNCF and the KVB cancelled services, the ÖBB said.")
    assert found.get("SNCF") == "ORG" and found.get("KVB") == "ORG"


def test_common_abbreviations_numerals_and_shouting_are_not_organisations(nlp):
    from flows.annotate.organisations import abbreviation_spans, default_organisation_rules

    body = ("EXCLUSIVE: The CEO said GDP growth and AI spending lifted the company in Q3, "
            "as Henry VIII exhibits drew visitors.\n\nIt is SIX WEEKS until the vote, the FAO said.")  # fmt: skip
    doc = nlp(body)
    found = [
        body[a:b] for sent in doc.sents for a, b, _ in abbreviation_spans(sent, body, [], default_organisation_rules())
    ]
    assert found == ["FAO"]


def test_an_abbreviation_spelled_out_in_lower_case_is_no_name(nlp):
    found = _mentions(nlp, "The plant uses carbon capture and storage (CCUS) and sells to PTTEP, officials said.")
    assert "CCUS" not in found
    assert found.get("PTTEP") == "ORG"


def test_an_abbreviation_right_before_a_name_joins_it(nlp):
    from flows.annotate.organisations import joined_abbreviations

    body = "CSKA Moscow beat SKA Saint Petersburg."
    spans = [(0, 4, "ORG"), (5, 11, "GPE"), (17, 20, "ORG"), (21, 37, "GPE")]
    assert joined_abbreviations(body, spans) == [(0, 11, "ORG"), (17, 37, "ORG")]


def test_an_institutions_name_runs_on_over_and():
    from flows.annotate.organisations import extended_over_and

    body = ("The Ministry of Energy and Mineral Resources and the Grain Storage and Marketing Board met, "
            "as did Kestrel Bank and Orla Holdings, the Ministry of Health and WHO, and the Ministry of Trade and Kenya.")  # fmt: skip

    def span(name: str, label: str = "ORG") -> tuple[int, int, str]:
        at = body.index(name)
        return (at, at + len(name), label)

    spans = [span("Ministry of Energy"), span("Grain Storage"), span("Kestrel Bank"), span("Orla Holdings"),
             span("Ministry of Health"), span("WHO"), span("Ministry of Trade"), span("Kenya", "GPE")]  # fmt: skip
    out = [body[a:b] for a, b, _ in extended_over_and(body, spans)]
    assert out == ["Ministry of Energy and Mineral Resources", "Grain Storage and Marketing Board", "Kestrel Bank",
                   "Orla Holdings", "Ministry of Health", "WHO", "Ministry of Trade", "Kenya"]  # fmt: skip


def test_a_company_named_without_its_legal_form_is_still_the_company(nlp):
    from flows.annotate.mentions import make_mention
    from flows.annotate.organisations import company_short_names, default_organisation_rules

    body = "Tallinn Riverworks Oy won. Tallinn Riverworks said so."
    first = make_mention(body, 0, 21, "ORG", 0)
    second = make_mention(body, 27, 45, "PERSON", 1)
    assert first is not None and second is not None and second.surface == "Tallinn Riverworks"
    out = company_short_names([first, second], default_organisation_rules())
    assert [m.label for m in out] == ["ORG", "ORG"] and out[1].entity_type == "organization"


def test_english_words_two_letter_codes_and_capitals_in_capitals(nlp):
    from flows.annotate.nlp import dictionary_words
    from flows.annotate.organisations import abbreviation_spans, default_organisation_rules
    from flows.annotate.places import default_place_rules

    body = ("The next BIG step, the fund said, is a USB-C PD charger for NJ buyers. The African Union (AU) "
            "and the AU council met.\n\nNAIROBI — The KMTA said the plan would go ahead.")  # fmt: skip
    doc = nlp(body)
    found = [(body[a:b], label) for sent in doc.sents
             for a, b, label in abbreviation_spans(sent, body, [], default_organisation_rules(), dictionary_words(nlp),
                                                   default_place_rules())]  # fmt: skip
    assert ("AU", "ORG") in found and ("KMTA", "ORG") in found and ("NAIROBI", "GPE") in found
    assert not {"BIG", "PD", "NJ", "USB"} & {text for text, _ in found}


def test_the_models_non_names_go_and_product_names_are_products():
    from flows.annotate.organisations import default_organisation_rules, without_non_names

    body = ("AI chips, a USB port and the Lumina Pad Pro from Korean Air's supplier, GPU maker Vantec; "
            "the navy said the health ministry would use artificial intelligence in new york.")  # fmt: skip
    names = (("AI", "GPE"), ("USB", "ORG"), ("Lumina Pad Pro", "ORG"), ("Korean Air", "ORG"), ("GPU", "ORG"),
             ("Vantec", "ORG"), ("the navy", "ORG"), ("health ministry", "ORG"), ("artificial intelligence", "ORG"),
             ("new york", "GPE"))  # fmt: skip
    spans = [(body.index(n), body.index(n) + len(n), label) for n, label in names]
    out = without_non_names(body, spans, default_organisation_rules())
    assert [(body[a:b], label) for a, b, label in out] == [
        ("Lumina Pad Pro", "PRODUCT"), ("Korean Air", "ORG"), ("Vantec", "ORG"), ("new york", "GPE")]  # fmt: skip
    # a curated entity of the reference stays, in capitals or not
    known = frozenset({"AI", "artificial intelligence"})
    kept = [body[a:b] for a, b, _ in without_non_names(body, spans, default_organisation_rules(), known)]
    assert "AI" in kept and "artificial intelligence" in kept and "USB" not in kept


def test_the_reference_names_come_from_the_models_ruler():
    from flows.annotate.nlp import load_model, reference_names
    from flows.settings import Settings

    names = reference_names(load_model(Settings().spacy_model))
    assert {"AI", "artificial intelligence", "NATO"} <= names

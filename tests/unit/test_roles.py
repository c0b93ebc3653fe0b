"""Role coreference: a post ("the minister", "the studio's director") stands for the one
person the article names in it, for mentions, quotes and event participants."""

from __future__ import annotations

import pytest

from flows.annotate.nlp import AnnotationInput, annotate


@pytest.fixture(scope="module")
def nlp():
    from flows.annotate.nlp import load_model
    from flows.settings import Settings

    return load_model(Settings().spacy_model)


def analyse(nlp, body: str):
    (ann,) = annotate(nlp, [AnnotationInput("d", body, None, None, language="en")])
    for m in ann.mentions:
        assert body[m.char_start : m.char_end] == m.surface
    return ann


def test_a_post_after_the_person_is_named_becomes_a_mention_of_that_person(nlp):
    body = (
        "Fisheries Minister Joan Okafor visited the harbour in Tema on Monday.\n\n"
        "The minister signed an agreement with the fishermen's cooperative on new quotas."
    )
    ann = analyse(nlp, body)
    roles = [m for m in ann.mentions if m.resolution == "role"]
    assert [(m.surface, m.canonical, m.entity_type) for m in roles] == [("minister", "Joan Okafor", "person")]
    signing = next(e for e in ann.events if e.event_type == "agree")
    # the event's actor span covers the post, so dbt finds the person as a participant
    assert signing.actor_start is not None and signing.actor_start <= roles[0].char_start < signing.actor_end


def test_only_the_post_word_is_the_mention_beside_its_organisation(nlp):
    body = (
        "Priya Raman, chief executive of Harbour Line Shipping, met investors in Mumbai.\n\n"
        '"Our fleet will double by next spring," the Harbour Line Shipping chief executive said.'
    )
    ann = analyse(nlp, body)
    roles = [m for m in ann.mentions if m.resolution == "role"]
    assert [(m.surface, m.canonical) for m in roles] == [("executive", "Priya Raman")]
    assert any(m.surface == "Harbour Line Shipping" and m.entity_type == "organization" for m in ann.mentions)
    assert [q.speaker_name for q in ann.quotes] == ["Priya Raman"]


@pytest.mark.parametrize(
    "body",
    [
        # two people could hold the post: no guess
        "Trade Minister Ana Ruiz met Foreign Minister Tomas Berg in Lima.\n\nThe minister then flew home.",
        # the name stands right beside the post: it is the mention already
        "Mayor Kofi Mensah spoke first.\n\nThe mayor, Kofi Mensah, then cut the ribbon.",
        # nobody named in the post
        "Anna Lind opened the exhibition.\n\nThe minister sent a message of support.",
        # a plural post is not one person
        "Governor Ruth Adler met the press.\n\nThe governors agreed to meet again in May.",
    ],
)
def test_no_role_mention_without_exactly_one_fitting_person(nlp, body):
    assert [m for m in analyse(nlp, body).mentions if m.resolution == "role"] == []


def test_a_post_mentioned_near_another_person_is_not_theirs(nlp):
    body = (
        "Lena Varga was sworn in as minister of transport on Monday, after Prime Minister Otto Brandt "
        "chose her to replace Karl Fischer.\n\n"
        "Will the new minister keep the rail reform? Varga did not say."
    )
    roles = [m for m in analyse(nlp, body).mentions if m.resolution == "role"]
    # Otto Brandt is named as prime minister, not as the minister of transport: no guess is better
    assert all(m.canonical != "Otto Brandt" for m in roles)


def test_a_qualified_post_resolves_to_its_holder(nlp):
    body = (
        "Prime Minister Otto Brandt opened the new rail line in Kassel on Monday.\n\n"
        '"This line will carry two million passengers a year," the prime minister said.'
    )
    ann = analyse(nlp, body)
    assert [(m.surface, m.canonical) for m in ann.mentions if m.resolution == "role"] == [("minister", "Otto Brandt")]
    assert [q.speaker_name for q in ann.quotes] == ["Otto Brandt"]

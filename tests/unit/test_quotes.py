"""Quote attribution on seed paragraphs (the real spaCy model, loaded once)."""

import pytest

from flows.annotate.nlp import AnnotationInput, annotate


@pytest.fixture(scope="module")
def nlp():
    from flows.annotate.nlp import load_model
    from flows.settings import Settings

    return load_model(Settings().spacy_model)


def quotes(nlp, body: str):
    (ann,) = annotate(nlp, [AnnotationInput("d", body, None, None)])
    for q in ann.quotes:
        assert body[q.quote_start : q.quote_end] == q.quote_text
    return [(q.method, q.speaker_name, q.quote_text[:30]) for q in ann.quotes]


def test_speaker_before_the_quote(nlp):
    body = 'Lyubimova remarked, "Our goal is to approve specific ideas for joint films that will attract a large audience."'
    assert quotes(nlp, body) == [("direct", "Lyubimova", "Our goal is to approve specifi")]


def test_speaker_after_the_quote_with_initials_and_a_pronoun_for_the_same_speaker(nlp):
    body = (
        'According to Svetlana Balanova, CEO of National Media Group, "the film has become a true phenomenon."\n\n'
        '"The film met our expectations at both Russian and Chinese box offices," noted S. Balanova. '
        'According to her, the "Red Silk" project was also important. '
        '"Joint film projects are a driver of development," she noted.'
    )
    found = quotes(nlp, body)
    assert [speaker for _, speaker, _ in found] == ["Svetlana Balanova"] * 3
    assert found[2][2].startswith("Joint film projects")  # the short quoted title did not shift the pairing


def test_interview_labels_resolve_through_acronyms_and_surnames(nlp):
    body = (
        "Global Times (GT) reporter Wang Wenwen talked to Timofei Bordachev, program director of the Valdai Club.\n\n"
        "GT: How do you analyze the timing and backdrop of his visit this time?\n\n"
        "Bordachev: I would like to emphasize that it is precisely the joint celebration of the Victory."
    )
    assert [(m, s) for m, s, _ in quotes(nlp, body)] == [
        ("interview", "Global Times"),
        ("interview", "Timofei Bordachev"),
    ]


def test_reported_speech_with_that(nlp):
    body = "Oleg Dobrodeev, CEO of the VGTRK, said at the event that media cooperation between Russia and China has made progress."
    assert quotes(nlp, body) == [("reported", "Oleg Dobrodeev", "media cooperation between Russ")]


def test_a_post_stands_for_the_person_named_in_it_not_its_organisation(nlp):
    body = (
        "Sarah Collins, the chief executive of Baltic Reel Studios, opened the screening in Riga.\n\n"
        '"We have waited three years for this evening," the studio chief executive said.\n\n'
        "The Latvian culture minister said that the film would tour six cities before the summer."
    )
    found = quotes(nlp, body)
    assert ("direct", "Sarah Collins", "We have waited three years for") in found
    # no minister is named in the article: the quote keeps no speaker rather than a wrong one
    assert all(speaker != "Baltic Reel Studios" for _, speaker, _ in found)


def test_a_post_two_people_could_hold_is_not_guessed(nlp):
    body = (
        "Trade Minister Ana Ruiz met Foreign Minister Tomas Berg in Lima on Monday.\n\n"
        '"The talks went further than we expected in every area," the minister said.'
    )
    assert quotes(nlp, body) == []

"""Event candidates on seed sentences (the real spaCy model, loaded once)."""

from datetime import date

import pytest

from flows.annotate.events import event_candidates


@pytest.fixture(scope="module")
def nlp():
    from flows.annotate.nlp import load_model
    from flows.settings import Settings

    return load_model(Settings().spacy_model)


def candidates(nlp, text: str, published: date | None = None, dateline_place: str | None = None):
    doc = nlp(text)
    return [c for i, sent in enumerate(doc.sents) for c in event_candidates(sent, i, published, dateline_place)]


def test_one_sentence_reporting_a_past_and_a_planned_release_gives_two_events(nlp):
    text = "The movie, which premiered in Russia on February 20, is set to hit Chinese theaters this September."
    found = {(c.trigger, c.status, c.event_date, c.date_precision) for c in candidates(nlp, text, date(2025, 5, 10))}
    assert ("premiered", "occurred", date(2025, 2, 20), "day") in found
    assert ("hit", "planned", date(2025, 9, 1), "month") in found
    assert all(c.event_type == "release" for c in candidates(nlp, text, date(2025, 5, 10)))


def test_slated_for_debut_is_planned_and_keeps_its_unanchored_month(nlp):
    text = (
        'The event featured the co-produced movie "Red Silk," which premiered in Russia earlier this year '
        "and is slated for debut in Chinese theaters this September."
    )
    found = {c.trigger: c for c in candidates(nlp, text)}
    assert found["debut"].status == "planned" and found["debut"].date_text == "this September"
    assert found["debut"].event_date is None  # no publication date: never guessed
    assert found["premiered"].status == "occurred"


def test_light_verb_takes_the_type_of_its_event_noun_and_weekday_resolves_before_publication(nlp):
    text = "China Media Group and VGTRK held a cultural exchange event on Wednesday to commemorate the anniversary."
    (main,) = [c for c in candidates(nlp, text, date(2025, 5, 10)) if c.date_text]
    assert (main.event_type, main.event_date, main.status) == ("cultural_event", date(2025, 5, 7), "occurred")


def test_the_film_points_back_to_the_last_named_work(nlp):
    from flows.annotate.nlp import AnnotationInput, annotate

    body = (
        "A notable example is the historical period drama 'Red Silk', which premiered in Russia in February. "
        "The ministry indicated that the film is scheduled for release in China in the near future."
    )
    (ann,) = annotate(nlp, [AnnotationInput("d", body, None, None)])
    release = next(c for c in ann.events if c.trigger == "release")
    assert release.status == "planned"
    assert body[release.antecedent_start :].startswith("Red Silk")


def test_dateline_date_is_not_an_event_date(nlp):
    text = "Moscow, January 27 /Xinhua/ \u2014 The two ministries signed an action plan on joint films."
    sentence = next(nlp(text).sents)
    unguarded = event_candidates(sentence, 0, None, "Moscow")
    assert [c.date_text for c in unguarded] == ["January 27"]  # what happens without the guard
    guarded = event_candidates(sentence, 0, None, "Moscow", dateline_end=text.index("The two"))
    assert [(c.trigger, c.date_text) for c in guarded] == [("signed", None)]

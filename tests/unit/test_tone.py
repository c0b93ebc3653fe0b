"""flows/annotate/tone.py: VADER with news corrections, names masked, English only."""

from __future__ import annotations

import pytest

from flows.annotate.tone import METHOD, ToneScorer, load_vocabulary, masked, not_scored


@pytest.fixture(scope="module")
def toner() -> ToneScorer:
    return ToneScorer(load_vocabulary())


@pytest.mark.parametrize(
    "text",
    [
        "Rescuers pulled all twelve miners out alive, and the families celebrated at the pit head.",
        "The orchestra's tour was a triumph, with sold-out halls in every city.",
        "Harbour officials welcomed the agreement, calling it a breakthrough for the region.",
    ],
)
def test_good_news_reads_positive(toner, text):
    assert toner.score(text) > 0.05


@pytest.mark.parametrize(
    "text",
    [
        "An earthquake flattened the old town, and at least forty deaths were confirmed by nightfall.",
        "The firm announced layoffs of 900 staff after the bankruptcy filing.",
        "Militants attacked a convoy, leaving several soldiers wounded.",
    ],
)
def test_bad_news_reads_negative(toner, text):
    assert toner.score(text) < -0.05


def test_news_words_vader_lacks_are_added_and_misread_ones_neutralised(toner):
    bare = ToneScorer()
    assert bare.score("An earthquake was recorded off the coast.") == 0  # VADER alone does not know the word
    assert toner.score("An earthquake was recorded off the coast.") < -0.05
    # "party" and "interest" are praise in VADER's social-media lexicon, procedure in news
    assert bare.score("The party will review interest rates on Tuesday.") > 0.05
    assert toner.score("The party will review interest rates on Tuesday.") == 0


def test_names_are_masked_before_scoring(toner):
    text = "Liberty Peace Bank opened a branch in Dunmore."
    assert toner.score(text) > 0.05  # VADER reads the bank's name as good news
    assert toner.score(text, [(0, 18)]) == 0
    assert masked(text, [(0, 18), (38, 45)]) == "someone opened a branch in someone."


def test_overlapping_or_empty_spans_are_ignored_when_masking():
    assert masked("abc def ghi", [(4, 7), (5, 6), (9, 9)]) == "abc someone ghi"


def test_text_without_words_has_no_tone(toner):
    assert toner.score("— 12:30 —") is None


def test_the_vocabulary_rejects_valences_off_vaders_scale(tmp_path):
    path = tmp_path / "tone.yml"
    path.write_text("lexicon:\n  ruin: -7\n", encoding="utf-8")
    with pytest.raises(ValueError, match="from -4 to 4"):
        load_vocabulary(path)


def test_as_a_pipeline_component_it_scores_each_sentence():
    import spacy

    from flows.annotate import tone  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("news_tone")
    doc = nlp("The bridge collapsed and two people died. The town held a lovely festival.")
    first, second = doc._.sentence_tones
    assert first < -0.05 < 0.05 < second


def test_annotation_scores_english_sentences_and_quotes_and_says_why_not_otherwise():
    from flows.annotate.annotation import AnnotationInput
    from flows.annotate.languages import annotate_other
    from flows.annotate.nlp import annotate, load_model
    from flows.settings import Settings

    body = (
        "The floods destroyed hundreds of homes in the valley on Monday. "
        '"We are grateful for the wonderful help of our neighbours," the mayor, Tom Reddy, said.'
    )
    (ann,) = annotate(load_model(Settings().spacy_model), [AnnotationInput("d", body, None, None, language="en")])
    assert ann.tone_method == METHOD
    assert ann.sentences[0].tone < -0.05
    assert ann.quotes and ann.quotes[0].tone > 0.05
    ru = annotate_other(AnnotationInput("r", "Наводнение разрушило дома.", None, None, language="ru"), "ru",
                        __import__("flows.annotate.languages", fromlist=["default_reference"]).default_reference())  # fmt: skip
    assert ru.tone_method == not_scored("ru") and all(s.tone is None for s in ru.sentences)


@pytest.fixture(scope="module")
def english():
    import spacy

    from flows.settings import Settings

    return spacy.load(Settings().spacy_model)


@pytest.mark.parametrize(
    ("sentence", "sign"),
    [
        ("The jobless rate dropped to 3.9 percent in June.", 1),
        ("Hospital waiting lists have shortened for the first time in a decade.", 1),
        ("The brewery slashed its energy costs by a third.", 1),
        ("Quarterly losses narrowed at the shipping line.", 1),
        ("Orders for machine tools rose in the spring.", 1),
        ("The number of road deaths rose last year.", -1),
        ("Exports slumped in the second quarter.", -1),
        ("The mill cut 300 jobs on Friday.", -1),
        ("Inflation climbed to 6 percent.", -1),
        ("Unemployment did not fall in the autumn.", -1),
    ],
)
def test_a_quantity_that_moves_carries_its_direction(toner, english, sentence, sign):
    doc = english(sentence)
    assert toner.score_span(doc[:]) * sign > 0.05


def test_a_verb_that_moves_no_listed_quantity_adds_nothing(toner, english):
    doc = english("Prices rose at the market on Tuesday.")  # good for sellers, bad for buyers: no tone
    assert toner.score_span(doc[:]) == 0
    assert toner.score("Prices rose at the market on Tuesday.") == 0

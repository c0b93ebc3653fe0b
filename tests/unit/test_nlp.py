"""flows/annotate/nlp.py: long texts in pieces with exact offsets, and one bad document never fails a batch."""

from __future__ import annotations

import itertools

import pytest

from flows.settings import Settings


@pytest.fixture(scope="module")
def nlp():
    from flows.annotate.nlp import load_model

    return load_model(Settings().spacy_model)


def test_chunks_cover_the_text_exactly_and_cut_after_paragraphs():
    from flows.annotate.nlp import chunk_bounds

    text = "\n\n".join(f"Paragraph {i} says something about film archives and their reels." for i in range(400))
    bounds = chunk_bounds(text, 1000)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))  # contiguous, no gap or overlap
    assert all(b - a <= 1000 for a, b in bounds)
    assert all(text[a - 2 : a] == "\n\n" for a, _ in bounds[1:])  # every cut right after a paragraph break


def test_one_giant_paragraph_is_cut_after_sentences_then_anywhere():
    from flows.annotate.nlp import chunk_bounds

    sentences = "The archive lent six reels. " * 200
    bounds = chunk_bounds(sentences, 500)
    assert all(sentences[a - 2 : a] == ". " for a, _ in bounds[1:])
    blob = "x" * 2500  # no whitespace at all
    assert chunk_bounds(blob, 1000) == [(0, 1000), (1000, 2000), (2000, 2500)]


def test_a_long_text_is_annotated_in_pieces_with_the_same_offsets(nlp):
    from flows.annotate.nlp import AnnotationInput, annotate

    body = "\n\n".join(
        f"Anna Petrova met officials of the Harbin Film Bureau in Vladivostok on day {i}." for i in range(60)
    )
    whole = next(annotate(nlp, [AnnotationInput("d", body, None, None)], max_chars=len(body)))
    pieces = next(annotate(nlp, [AnnotationInput("d", body, None, None)], max_chars=600))
    assert pieces.error is None
    assert [(m.char_start, m.char_end, m.surface) for m in pieces.mentions] == [
        (m.char_start, m.char_end, m.surface) for m in whole.mentions
    ]
    assert [(s.char_start, s.char_end) for s in pieces.sentences] == [
        (s.char_start, s.char_end) for s in whole.sentences
    ]
    assert all(body[m.char_start : m.char_end] == m.surface for m in pieces.mentions)


def test_one_failing_document_does_not_take_the_batch_with_it(nlp, monkeypatch):
    import flows.annotate.nlp as nlp_module

    real = nlp_module._analyse

    def fail_on_b(doc, item, *rules):
        if item.doc_id == "b":
            raise RuntimeError("boom")
        return real(doc, item, *rules)

    monkeypatch.setattr(nlp_module, "_analyse", fail_on_b)
    items = [nlp_module.AnnotationInput(k, f"Anna Petrova visited Kazan on day {k}.", None, None) for k in "abc"]
    out = list(nlp_module.annotate(nlp, items))
    assert [a.doc_id for a in out] == ["a", "b", "c"]
    assert out[1].error == "annotate: RuntimeError: boom" and out[0].error is None and out[2].error is None
    assert out[2].sentences


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Vladimir Putin Declares New Era In Ties With Beijing", "Vladimir Putin"),
        ("Kremlin Says Talks Went Well", "Kremlin"),
        ("Prime Minister Anna Lind Visits Harbour Works", "Anna Lind"),
    ],
)
def test_a_headline_verb_is_no_part_of_the_name_before_it(nlp, body, expected):
    from flows.annotate.nlp import AnnotationInput, annotate

    (ann,) = annotate(nlp, [AnnotationInput("d", body, None, None)])
    assert expected in [m.surface for m in ann.mentions]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Trade between Brazil and the United States grew last year.", "United States"),
        ("The delegation landed in Buenos Aires on Tuesday.", "Buenos Aires"),
        ("The fund is managed by Harrow Investment Partners in Leeds.", "Harrow Investment Partners"),
    ],
)
def test_a_name_that_ends_in_a_word_spelled_like_a_verb_keeps_it(nlp, body, expected):
    from flows.annotate.nlp import AnnotationInput, annotate

    (ann,) = annotate(nlp, [AnnotationInput("d", body, None, None)])
    assert expected in [m.surface for m in ann.mentions]


def test_the_reference_fills_what_the_model_missed(nlp):
    from flows.annotate.nlp import AnnotationInput, annotate

    body = "Svetlana Balanova of National Media Group met Xi Jinping in Moscow on Monday."
    (ann,) = annotate(nlp, [AnnotationInput("d", body, None, None)])
    assert "news_reference" in nlp.pipe_names
    assert ("Xi Jinping", "PERSON") in [(m.surface, m.label) for m in ann.mentions]


def test_a_tuned_recogniser_replaces_the_package_one_only_for_the_package_it_was_tuned_from(tmp_path):
    import spacy

    from flows.annotate.nlp import load_model

    name = Settings().spacy_model
    blank = spacy.load(name).get_pipe("ner")
    for node in blank.model.walk():  # a recogniser with no weights: easy to tell from the package's
        for param in node.param_names:
            node.set_param(param, node.get_param(param) * 0)
    blank.to_disk(tmp_path, exclude=["vocab"])
    text = "Maria Okafor flew from Lagos to Berlin to meet Siemens executives."

    def ents(**kwargs) -> list[tuple[str, str]]:
        return [(e.text, e.label_) for e in load_model(name, tuned_path=tmp_path, **kwargs)(text).ents]

    package = ents(tuned=False)  # the benchmark's baseline
    assert ("Maria Okafor", "PERSON") in package
    (tmp_path / "base.txt").write_text("some_other_model\n", encoding="utf-8")
    assert ents() == package  # tuned from another package: not used
    (tmp_path / "base.txt").write_text(name + "\n", encoding="utf-8")
    assert ents() != package

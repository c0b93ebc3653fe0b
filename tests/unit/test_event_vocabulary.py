"""The event vocabulary file: loaded, checked, extensible, and in step with the dbt seed."""

import csv
from pathlib import Path

import pytest

from flows.annotate.event_vocabulary import DEFAULT_VOCABULARY, VocabularyError, load_vocabulary

ROOT = Path(__file__).resolve().parents[2]


def test_the_packaged_vocabulary_loads_with_plover_types_and_domain_kinds():
    vocab = load_vocabulary()
    for general in ("consult", "agree", "cooperate", "aid", "statement", "request", "protest", "threaten",
                    "sanction", "coerce", "assault"):  # fmt: skip
        assert general in vocab.types
    for domain in ("release", "production", "cultural_event", "appointment"):
        assert domain in vocab.types
    assert vocab.plover["assault"] == "ASSAULT" and vocab.plover["release"] is None
    hit = vocab.verbs["hit"]
    assert [s.event_type for s in hit][:2] == ["release", "assault"]
    assert "theater" in hit[0].args  # class names are expanded to their words


def test_the_dbt_seed_lists_the_same_types():
    with (ROOT / "dbt" / "seeds" / "event_types.csv").open(encoding="utf-8") as f:
        seeded = {row["event_type"]: row["plover_category"] or None for row in csv.DictReader(f)}
    vocab = load_vocabulary()
    assert seeded == vocab.plover


def test_a_sense_with_an_unknown_type_is_refused_naming_the_entry(tmp_path):
    text = DEFAULT_VOCABULARY.read_text(encoding="utf-8").replace("  meet: [{type: consult,", "  meet: [{type: consul,")
    path = tmp_path / "events.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"verbs\.meet: unknown event type 'consul'"):
        load_vocabulary(path)


def test_a_broken_file_is_refused_with_its_path(tmp_path):
    path = tmp_path / "events.yml"
    path.write_text("types: [unclosed\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match="cannot read event vocabulary"):
        load_vocabulary(path)


def test_a_user_extends_the_vocabulary_without_touching_code(tmp_path):
    """A new trigger word in a copy of the file is an event trigger in the pipeline."""
    from flows.annotate.nlp import load_model
    from flows.settings import Settings

    text = DEFAULT_VOCABULARY.read_text(encoding="utf-8").replace(
        "  donate: aid\n", "  donate: aid\n  airlift: [{type: aid, args: [aid_goods]}]\n"
    )
    path = tmp_path / "events.yml"
    path.write_text(text, encoding="utf-8")
    sentence = "The air force airlifted food and medicine to the flooded district on Sunday."
    default = load_model(Settings().spacy_model)
    assert default(sentence)._.event_triggers == []
    extended = load_model(Settings().spacy_model, event_vocabulary=str(path))
    assert [t.event_type for t in extended(sentence)._.event_triggers] == ["aid"]

"""The Chinese CRF's features and tag conversions (flows/annotate/chinese_tagger.py)."""

from flows.annotate.chinese import _pos_tokenizer, _words, tagger_context
from flows.annotate.chinese_tagger import TaggerContext, bio_labels, char_features, jieba_surnames, spans_of
from flows.annotate.reference import Reference, ReferenceName


def small_context() -> TaggerContext:
    reference = Reference(
        (ReferenceName("喀山", "Kazan", "place", "zh"), ReferenceName("红丝绸", "Red Silk", "work", "zh"))
    )
    return tagger_context(reference, plain=_pos_tokenizer())


def test_each_character_sees_its_jieba_word_the_gazetteer_and_head_words():
    context = small_context()
    text = "喀山大学举办红丝绸展"
    features = char_features(text, _words(text, context.tokenizer), context)
    assert len(features) == len(text)
    first, second = set(features[0]), set(features[1])
    assert "c0=喀" in first and "c1=山" in first and "c-1=<s>" in first
    assert "g0=BLOC" in first and "g0=ILOC" in second and "g1=ILOC" in first
    assert "g0=BOTHER" in set(features[text.index("红")])  # a work of the reference: a name, not a place
    # jieba cuts 喀山 / 大学; 大学 is an organisation head of vocab/chinese.yml, seen two characters ahead
    assert "h0=ORG" in set(features[2]) and "h2=ORG" in first and "h0=-" in first


def test_surnames_come_from_jiebas_person_words():
    surnames = jieba_surnames()
    assert {"王", "李", "张", "刘", "陈"} <= surnames
    assert "的" not in surnames and len(surnames) == 400


def test_bio_tags_and_spans_round_trip():
    spans = [(0, 2, "LOC"), (2, 5, "ORG"), (7, 8, "PER")]
    tags = bio_labels(9, spans)
    assert tags[:6] == ["B-LOC", "I-LOC", "B-ORG", "I-ORG", "I-ORG", "O"]
    assert spans_of(tags) == spans
    # a stray I- starts its own span; a label change ends one
    assert spans_of(["I-PER", "I-PER", "I-LOC", "O"]) == [(0, 2, "PER"), (2, 3, "LOC")]


def test_tokenizers_share_jiebas_dictionary_without_changing_it():
    """The plain and the reference-aware tokenizer read one copy of jieba's tables (about
    150 MB less per process); words added to one are not seen by the other, and the plain
    one cuts as a fresh jieba tokenizer of its own does."""
    import jieba
    import jieba.posseg

    text = "伏尔加光子公司在喀山大学举办发布会，萨布林娜·奥尔洛娃出席。"
    plain = _pos_tokenizer()
    extended = _pos_tokenizer({"伏尔加光子公司": "nt"})
    fresh = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    assert [tuple(p) for p in plain.cut(text)] == [tuple(p) for p in fresh.cut(text)]
    assert ("伏尔加光子公司", "nt") in [tuple(p) for p in extended.cut(text)]
    assert "伏尔加光子公司" not in plain.tokenizer.FREQ and "伏尔加光子公司" not in _pos_tokenizer().word_tag_tab
    assert plain.tokenizer.FREQ.base is extended.tokenizer.FREQ.base
    assert plain.word_tag_tab.base is extended.word_tag_tab.base

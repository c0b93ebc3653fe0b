"""Which annotator reads a document, and the annotation of the non-English ones.

English goes through spaCy (flows/annotate/nlp.py). Russian goes through natasha
(flows/annotate/russian.py), Chinese through jieba and the entity reference
(flows/annotate/chinese.py): entities only, since the event vocabulary and quote rules
are English. Any other language is stored, searchable and counted, but not annotated,
and the document says why (``raw.documents.annotator``).

The script decides before the detector: a body mostly in Han characters is Chinese (but
Japanese with kana among them, Korean with hangul: flows/annotate/scripts.py) and one
mostly Cyrillic is Russian, however short. A Latin-script body is English unless
the detector is sure of another language: a short English text misdetected as Dutch
loses less by being read as English than by not being read at all.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from flows.annotate.annotation import AnnotationInput, DocAnnotation, Sentence
from flows.annotate.reference import Reference, load_reference
from flows.annotate.scripts import cjk_script
from flows.annotate.tone import not_scored
from flows.annotate.translit import with_sound_keys

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LETTER = re.compile(r"[^\W\d_]")
SURE = 0.9  # detector probability above which a Latin-script body is taken to be in another language


def route(language: str | None, score: float | None, body: str) -> str:
    """'en', 'ru', 'zh', or another language's code (not annotated)."""
    sample = body[:5000]
    letters = len(_LETTER.findall(sample)) or 1
    if cjk := cjk_script(sample):  # Han characters with kana are Japanese, with hangul Korean
        return cjk[0]
    if len(_CYRILLIC.findall(sample)) / letters > 0.5:
        return "ru"
    code = (language or "en").lower().split("-")[0]
    if code in ("ru", "zh"):  # detected so, but not written so: read it as the Latin text it is
        return "en"
    if code != "en" and score is not None and score >= SURE:
        return code
    return "en"


@lru_cache(maxsize=1)
def default_reference() -> Reference:
    return load_reference()


def annotate_other(item: AnnotationInput, language: str, reference: Reference) -> DocAnnotation:
    """Annotate one Russian or Chinese document; record any other language as not annotated."""
    try:
        if language == "ru":
            return replace(_russian(item, reference), tone_method=not_scored(language))
        if language == "zh":
            return replace(_chinese(item, reference), tone_method=not_scored(language))
    except Exception as exc:  # one document's failure is recorded on its file, never the batch's
        return DocAnnotation(doc_id=item.doc_id, error=f"annotate ({language}): {type(exc).__name__}: {str(exc)[:300]}")
    return DocAnnotation(doc_id=item.doc_id, annotator=f"none: language '{language}' is not annotated",
                         tone_method=not_scored(language))  # fmt: skip


def _russian(item: AnnotationInput, reference: Reference) -> DocAnnotation:
    from flows.annotate.russian import load_russian, parse, russian_mentions

    models = load_russian()
    doc = parse(item.body, models)
    sentences = [Sentence(i, s.start, s.stop, item.body[s.start : s.stop]) for i, s in enumerate(doc.sents)]
    mentions = with_sound_keys(russian_mentions(item.body, doc, reference, models))
    return DocAnnotation(doc_id=item.doc_id, sentences=sentences, mentions=mentions, annotator="natasha")


def _chinese(item: AnnotationInput, reference: Reference) -> DocAnnotation:
    from flows.annotate.chinese import chinese_mentions, load_chinese, sentence_bounds
    from flows.annotate.traditional import is_traditional, simplified, traditional_share, traditional_table

    table = traditional_table()
    traditional = is_traditional(item.body, table, traditional_share())
    text = simplified(item.body, table) if traditional else item.body  # same length: offsets hold in both
    sentences = [Sentence(i, a, b, item.body[a:b]) for i, (a, b) in enumerate(sentence_bounds(text))]
    mentions = chinese_mentions(text, load_chinese(reference))
    if traditional:  # the text as written; the canonical name stays Simplified, as other articles spell it
        mentions = [replace(m, surface=item.body[m.char_start : m.char_end],
                            raw_surface=item.body[m.raw_start : m.raw_end]) for m in mentions]  # fmt: skip
    return DocAnnotation(doc_id=item.doc_id, sentences=sentences, mentions=with_sound_keys(mentions),
                         annotator="jieba (Traditional read as Simplified)" if traditional else "jieba")  # fmt: skip

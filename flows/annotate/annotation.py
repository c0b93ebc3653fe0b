"""What annotation takes and gives, whatever the language: one typed record each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flows.annotate.happenings import EventCandidate
from flows.annotate.mentions import Mention
from flows.annotate.quotes import Quote


@dataclass(frozen=True)
class Sentence:
    sentence_index: int
    char_start: int
    char_end: int
    text: str
    tone: float | None = None  # VADER compound, -1..+1 (flows/annotate/tone.py); None where not scored


@dataclass
class DocAnnotation:
    doc_id: str
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[EventCandidate] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    error: str | None = None  # set when this document could not be annotated (the file is recorded failed)
    annotator: str = "spacy"  # spacy, natasha, jieba, or "none: <why>" for a language we do not annotate
    tone_method: str = "none: not scored"  # "vader+news", or "none: <why>" (flows/annotate/tone.py)


@dataclass(frozen=True)
class AnnotationInput:
    """What annotation needs of a document (small, so it pickles cheaply to worker processes)."""

    doc_id: str
    body: str
    published_at: date | None
    dateline_place: str | None
    dateline_end: int = 0  # length of the dateline that opens the body, whose date is not an event's
    language: str | None = None  # detected language (ISO 639-1) and its probability: they pick the annotator
    language_score: float | None = None


__all__ = ["AnnotationInput", "DocAnnotation", "EventCandidate", "Mention", "Quote", "Sentence"]

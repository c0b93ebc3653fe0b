"""Tone: how good or bad the news in a sentence reads, GDELT's AvgTone for this warehouse.

Every English sentence and quote gets VADER's compound score, on one scale: -1 (most
negative) to +1 (most positive), 0 neutral; VADER's own cut-offs call a score above +0.05
positive and below -0.05 negative. dbt averages sentences into an article's tone and
reporting sentences into an event's.

VADER's lexicon was built from social-media text, so ``vocab/tone.yml`` corrects it for
news (words it lacks, such as "earthquake", and words it misreads in names and terms, such
as "party" or "interest"). Names are not tone either: the mentions in a sentence are
masked before it is scored, so "Peace Corps" or "Liberty Bank" add nothing.

Only English has a lexicon here: other languages get no number and a reason
(``tone_method``), never a made-up score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml
from spacy.language import Language
from spacy.tokens import Doc

SCALE = "VADER compound: -1 (most negative) to +1 (most positive); 0 is neutral"
METHOD = "vader+news"  # tone_method of a scored document
DEFAULT_VOCABULARY = Path(__file__).parent / "vocab" / "tone.yml"
_MASK = "someone"  # stands where a name was: a word VADER gives no valence

if not Doc.has_extension("sentence_tones"):
    Doc.set_extension("sentence_tones", default=None)


def not_scored(language: str | None) -> str:
    """The recorded reason a document has no tone."""
    return f"none: no sentiment lexicon for language '{language or 'unknown'}'"


def load_lexicon(path: str | Path | None = None) -> dict[str, float]:
    """The news corrections to VADER's lexicon: word -> valence on VADER's -4..+4 scale."""
    data = yaml.safe_load(Path(path or DEFAULT_VOCABULARY).read_text(encoding="utf-8")) or {}
    lexicon = data.get("lexicon") or {}
    bad = {w: v for w, v in lexicon.items() if not isinstance(v, int | float) or not -4 <= v <= 4}
    if bad:
        raise ValueError(f"tone vocabulary: valences must be numbers from -4 to 4: {bad}")
    return {str(w).lower(): float(v) for w, v in lexicon.items()}


def masked(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with each (start, end) span, relative to ``text``, replaced by a neutral word."""
    out, at = [], 0
    for start, end in sorted(spans):
        if start < at or start >= end:
            continue
        out += [text[at:start], _MASK]
        at = end
    out.append(text[at:])
    return "".join(out)


class ToneScorer:
    """VADER with the news lexicon; one per process (building it reads VADER's lexicon file)."""

    def __init__(self, corrections: Mapping[str, float] | None = None) -> None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self._vader = SentimentIntensityAnalyzer()
        self._vader.lexicon.update({w: v for w, v in (corrections or {}).items() if v != 0})
        for word in [w for w, v in (corrections or {}).items() if v == 0]:
            self._vader.lexicon.pop(word, None)

    def score(self, text: str, names: Iterable[tuple[int, int]] = ()) -> float | None:
        """Compound tone of ``text`` with the ``names`` spans masked; None when there are no words."""
        text = masked(text, names)
        if not any(c.isalpha() for c in text):
            return None
        return round(float(self._vader.polarity_scores(text)["compound"]), 4)

    def __call__(self, doc: Doc) -> Doc:
        """As a pipeline component: ``doc._.sentence_tones``, one score per sentence, names masked."""
        tones = []
        for sent in doc.sents:
            names = [(e.start_char - sent.start_char, e.end_char - sent.start_char) for e in sent.ents]
            tones.append(self.score(sent.text, names))
        doc._.sentence_tones = tones
        return doc


@Language.factory("news_tone", default_config={"vocabulary_path": None})
def make_tone_scorer(nlp: Language, name: str, vocabulary_path: str | None) -> ToneScorer:
    return ToneScorer(load_lexicon(vocabulary_path))
